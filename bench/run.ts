// `npm run bench`: Understudy against a bare Fastify baseline, in one run on one machine.
// Results go to bench/results/ (JSON per run, latest.md); nothing here is asserted in tests.
// BENCH_DURATION (s, default 8), BENCH_CONNECTIONS (default 10), BENCH_DATABASE_URL (PostgreSQL).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { json, load, ROOT, rssMb, spawnServer, type Load, type LoadResult } from './harness.ts';
import { touchofficeLoads } from './scenarios/touchoffice.ts';
import { comebackLoads } from './scenarios/comeback.ts';
import { revelLoads } from './scenarios/revel.ts';
import { intouchLoads } from './scenarios/intouch.ts';
import { reversioLoads } from './scenarios/reversio.ts';

const DURATION = Number(process.env.BENCH_DURATION ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const DATABASE_URL = process.env.BENCH_DATABASE_URL;
const engine = DATABASE_URL ? 'postgres' : 'sqlite';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const tmp = mkdtempSync(join(tmpdir(), 'understudy-bench-'));
const serverEnv = (db: string) => (DATABASE_URL ? { DATABASE_URL, UNDERSTUDY_DB: '' } : { UNDERSTUDY_DB: db, DATABASE_URL: '' });
const understudy = (db: string) => spawnServer(process.execPath, ['bin/understudy.js', 'serve', '--port', '0'], { ...serverEnv(db), LOG_LEVEL: 'warn' });

async function coldStarts(): Promise<Record<string, number>> {
  const first: number[] = [];
  const again: number[] = [];
  const memory: number[] = [];
  for (let i = 0; i < 5; i++) {
    const file = join(tmp, `cold-${i}.db`);
    for (const [list, db] of [[first, file], [again, file], [memory, ':memory:']] as const) {
      const s = await understudy(db);
      list.push(s.readyMs);
      s.proc.kill('SIGTERM');
      await new Promise((r) => s.proc.once('exit', r));
    }
  }
  return DATABASE_URL
    ? { coldStartMs: round(median(again)) }
    : { coldStartFreshFileMs: round(median(first)), coldStartExistingFileMs: round(median(again)), coldStartMemoryMs: round(median(memory)) };
}

async function sandboxCreation(url: string): Promise<{ p50Ms: number; p99Ms: number }> {
  const times: number[] = [];
  for (let i = 0; i < 60; i++) {
    const t0 = performance.now();
    await json(`${url}/_understudy/sandboxes`, { method: 'POST', body: JSON.stringify({ fixtures: 'demo' }) });
    times.push(performance.now() - t0);
  }
  const sorted = times.slice(10).sort((a, b) => a - b);
  return { p50Ms: round(sorted[Math.floor(sorted.length / 2)], 2), p99Ms: round(sorted[Math.floor(sorted.length * 0.99)], 2) };
}

/**
 * The same-bytes baseline of a load: one request of it is sent to Understudy and its answer
 * (status, content type, body) recorded in the baseline server, which then takes the same load
 * (method, headers, request bodies) on `/replay/{key}` and answers those bytes.
 */
async function sameBytesBaseline(key: string, l: Load): Promise<LoadResult & { bytes: number }> {
  const body = l.body?.();
  const res = await fetch(`${server.url}${l.path}`, { method: l.method ?? 'GET', headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(l.headers ?? {}) }, body });
  const bytes = Buffer.from(await res.arrayBuffer());
  await json(`${baseline.url}/_replay/${key}`, { method: 'PUT', body: JSON.stringify({ status: res.status, contentType: res.headers.get('content-type') ?? 'application/octet-stream', body: bytes.toString('base64') }) });
  const r = await measure(baseline.url, { ...l, name: `same bytes: ${l.name}`, path: `/replay/${key}`, verify: undefined });
  return { ...r, bytes: bytes.length };
}

async function measure(url: string, l: Load): Promise<LoadResult & { verified?: string }> {
  await load(url, l, 1, CONNECTIONS); // warm-up
  const r = await load(url, l, DURATION, CONNECTIONS);
  return l.verify ? { ...r, verified: await l.verify() } : r;
}

mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
console.log(`bench: ${engine}, ${DURATION}s per load, ${CONNECTIONS} connections`);
// BENCH_ONLY=<regex>: only the loads whose name matches, printed and not recorded (for quick looks while working).
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;
const starts = ONLY ? {} : await coldStarts();
console.log('cold start', starts);

const baseline = await spawnServer(process.execPath, ['--import', 'tsx', 'bench/baseline-server.ts']);
const server = await understudy(join(tmp, 'bench.db'));
await new Promise((r) => setTimeout(r, 2000));
const idleRssMb = round(rssMb(server.proc.pid!));
console.log(`idle RSS ${idleRssMb} MB`);
const creation = ONLY ? { p50Ms: 0, p99Ms: 0 } : await sandboxCreation(server.url);
console.log('sandbox creation (demo fixtures, over HTTP)', creation);

const base = await measure(baseline.url, { name: 'baseline: bare Fastify GET /json', path: '/json' });
console.log(base);
const loads: Load[] = [...(await touchofficeLoads(server.url)), ...(await revelLoads(server.url)), ...(await comebackLoads(server.url)), ...(await intouchLoads(server.url)), ...(await reversioLoads(server.url))];
const results: Array<LoadResult & { verified?: string; ratio: number; sameBytes: LoadResult & { bytes: number }; sameBytesRatio: number }> = [];
for (const [i, l] of loads.entries()) {
  if (ONLY && !ONLY.test(l.name)) continue;
  const same = await sameBytesBaseline(String(i), l);
  const r = await measure(server.url, l);
  results.push({ ...r, ratio: round(r.requestsPerSec / base.requestsPerSec, 2), sameBytes: same, sameBytesRatio: round(r.requestsPerSec / same.requestsPerSec, 2) });
  console.log(results[results.length - 1]);
}
baseline.proc.kill('SIGTERM');
server.proc.kill('SIGTERM');

if (ONLY) process.exit(0);
const at = new Date().toISOString();
const report = { at, engine, node: process.version, durationS: DURATION, connections: CONNECTIONS, ...starts, idleRssMb, sandboxCreation: creation, baseline: base, results };
const stamp = at.replace(/[:.]/g, '-');
writeFileSync(join(ROOT, `bench/results/${stamp}-${engine}.json`), `${JSON.stringify(report, null, 2)}\n`);
const md = [
  `# Benchmark results (${engine})`,
  '',
  `${at}, Node ${process.version}, ${DURATION} s per load after a 1 s warm-up, ${CONNECTIONS} connections, autocannon in the bench process, each server in its own process, on this 2-core machine.`,
  '',
  'Each load is also run against a bare Fastify route answering the exact bytes Understudy answered one request of it (same status, content type and body; the request bodies sent the same way): the same-bytes baseline. Its ratio says how close Understudy is to the cost of HTTP for those bytes; the `/json` ratio is the tiny answer every earlier run reports.',
  '',
  '| load | answer bytes | req/s | p50 ms | p99 ms | same-bytes baseline req/s (p50 / p99 ms) | ratio to same bytes | ratio to /json | non-2xx |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  `| ${base.name} | | ${base.requestsPerSec} | ${base.p50Ms} | ${base.p99Ms} | | | 1.00 | ${base.non2xx} |`,
  ...results.map((r) => `| ${r.name} | ${r.sameBytes.bytes} | ${r.requestsPerSec} | ${r.p50Ms} | ${r.p99Ms} | ${r.sameBytes.requestsPerSec} (${r.sameBytes.p50Ms} / ${r.sameBytes.p99Ms}) | ${r.sameBytesRatio.toFixed(2)} | ${r.ratio.toFixed(2)} | ${r.non2xx} |`),
  '',
  ...results.filter((r) => r.verified).map((r) => `- ${r.name}: ${r.verified}`),
  '',
  ...Object.entries(starts).map(([k, v]) => `- ${k}: ${v} ms (median of 5, process spawn to ready line)`),
  `- idle RSS: ${idleRssMb} MB (2 s after the ready line)`,
  `- sandbox creation with demo fixtures: p50 ${creation.p50Ms} ms, p99 ${creation.p99Ms} ms (POST /_understudy/sandboxes over HTTP, 50 in a row)`,
  '',
].join('\n');
writeFileSync(join(ROOT, `bench/results/latest-${engine}.md`), md);
console.log(md);
process.exit(0);

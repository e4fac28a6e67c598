// `npm run bench`: Understudy against a bare Fastify baseline, in one run on one machine.
// Results go to bench/results/ (JSON per run, latest-<engine>.md); nothing here is asserted in tests.
// BENCH_DURATION (s, default 8), BENCH_CONNECTIONS (default 10), BENCH_ONLY (a regex: only those loads, not recorded),
// BENCH_DATABASE_URL (PostgreSQL: that database instead of a throwaway cluster), BENCH_PG_OPTIONS (more -c options for the cluster).
// `npm run bench -- --pg`: the same on a throwaway PostgreSQL cluster the bench starts and removes
// (bench/postgres.ts), or on BENCH_DATABASE_URL when it is given; then each write load against two
// Understudy nodes on that one database at once.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isWrite, json, load, newSent, ROOT, rssMb, spawnServer, type Load, type LoadResult, type Sent, type Verified } from './harness.ts';
import { startPostgres, type Cluster } from './postgres.ts';
import { touchofficeLoads } from './scenarios/touchoffice.ts';
import { comebackLoads } from './scenarios/comeback.ts';
import { revelLoads } from './scenarios/revel.ts';
import { intouchLoads } from './scenarios/intouch.ts';
import { reversioLoads } from './scenarios/reversio.ts';

const DURATION = Number(process.env.BENCH_DURATION ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PG = process.argv.includes('--pg');
const GIVEN_URL = process.env.BENCH_DATABASE_URL || undefined;
const PG_OPTIONS = process.env.BENCH_PG_OPTIONS ?? '';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const tmp = mkdtempSync(join(tmpdir(), 'understudy-bench-'));

// Everything the bench starts goes when it ends, however it ends.
const children: ChildProcess[] = [];
let cluster: Cluster | undefined;
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  cluster?.stop();
  rmSync(tmp, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

if (PG && !GIVEN_URL) {
  cluster = await startPostgres('understudy_bench', PG_OPTIONS);
  console.log(`bench: PostgreSQL ${cluster.version}, a throwaway cluster at ${cluster.url}`);
}
const DATABASE_URL = GIVEN_URL ?? cluster?.url;
const engine = DATABASE_URL ? 'postgres' : 'sqlite';
/** Where the PostgreSQL database is, for the report (never a password). */
const databaseNote = (() => {
  if (!DATABASE_URL) return '';
  if (cluster) return `PostgreSQL ${cluster.version}, a throwaway cluster the bench started on this machine (initdb; max_connections 300, shared_buffers 128MB, ${PG_OPTIONS ? `and ${PG_OPTIONS} (BENCH_PG_OPTIONS)` : "otherwise PostgreSQL's defaults: fsync and synchronous_commit on, every acknowledged write flushed"}) and removed after`;
  const u = new URL(DATABASE_URL);
  return `PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname} (BENCH_DATABASE_URL)`;
})();

// Understudy reads UNDERSTUDY_DATABASE_URL, then UNDERSTUDY_DB, then DATABASE_URL (empty counts as unset).
const serverEnv = (db: string) => (DATABASE_URL ? { UNDERSTUDY_DATABASE_URL: DATABASE_URL, DATABASE_URL, UNDERSTUDY_DB: '' } : { UNDERSTUDY_DB: db, UNDERSTUDY_DATABASE_URL: '', DATABASE_URL: '' });
async function understudy(db: string) {
  const s = await spawnServer(process.execPath, ['bin/understudy.js', 'serve', '--port', '0'], { ...serverEnv(db), LOG_LEVEL: 'warn' });
  children.push(s.proc);
  return s;
}
async function stopServer(s: { proc: ChildProcess }) {
  if (s.proc.exitCode !== null || s.proc.signalCode !== null) return;
  const exited = new Promise((r) => s.proc.once('exit', r));
  s.proc.kill('SIGTERM');
  await exited;
}

async function coldStarts(): Promise<Record<string, number>> {
  const first: number[] = [];
  const again: number[] = [];
  const memory: number[] = [];
  for (let i = 0; i < 5; i++) {
    const file = join(tmp, `cold-${i}.db`);
    // On PostgreSQL every start opens the same database: one start per round.
    const rounds = DATABASE_URL ? ([[again, '']] as const) : ([[first, file], [again, file], [memory, ':memory:']] as const);
    for (const [list, db] of rounds) {
      const s = await understudy(db);
      list.push(s.readyMs);
      await stopServer(s);
    }
  }
  // `npm start` as a user runs it (the bundle current: its prestart build finds nothing to do).
  const npmStart: number[] = [];
  for (let i = 0; i < 5; i++) {
    const s = await spawnServer('npm', ['start', '--silent', '--', '--port', '0'], { ...serverEnv(join(tmp, `npm-start-${i}.db`)), LOG_LEVEL: 'warn' });
    children.push(s.proc);
    npmStart.push(s.readyMs);
    // npm does not pass a SIGTERM on to its script: the server (npm's descendants) is stopped itself.
    const descendants = (pid: number): number[] => {
      let kids: number[] = [];
      try {
        kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
      } catch {}
      return kids.flatMap((k) => [k, ...descendants(k)]);
    };
    for (const pid of descendants(s.proc.pid!)) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {}
    }
    await stopServer(s);
  }
  return DATABASE_URL
    ? { coldStartMs: round(median(again)), npmStartMs: round(median(npmStart)) }
    : { coldStartFreshFileMs: round(median(first)), coldStartExistingFileMs: round(median(again)), coldStartMemoryMs: round(median(memory)), npmStartMs: round(median(npmStart)) };
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
  if (res.status >= 300) throw new Error(`${l.name}: the request captured for its same-bytes baseline answered ${res.status}: ${bytes.toString('utf8', 0, 500)}`);
  await json(`${baseline.url}/_replay/${key}`, { method: 'PUT', body: JSON.stringify({ status: res.status, contentType: res.headers.get('content-type') ?? 'application/octet-stream', body: bytes.toString('base64') }) });
  const r = await measure(baseline.url, { ...l, name: `same bytes: ${l.name}`, path: `/replay/${key}`, verify: undefined });
  return { ...r, bytes: bytes.length };
}

/** CPU time (user + system) a process has used so far, in µs (/proc/<pid>/stat, clock ticks of 10 ms). */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/**
 * A 1 s warm-up, then the measured run; with `sent`, both runs' requests are tracked in it. With
 * `pid`, the server's CPU time per request in the measured run (less disturbed by what else runs
 * on the machine than req/s: autocannon shares the 2 cores).
 */
async function measure(url: string, l: Load, sent?: Sent, pid?: number): Promise<LoadResult & { cpuUsPerRequest?: number }> {
  await load(url, l, 1, CONNECTIONS, sent);
  const c0 = pid ? cpuMicros(pid) : 0;
  const r = await load(url, l, DURATION, CONNECTIONS, sent);
  return pid ? { ...r, cpuUsPerRequest: Math.round((cpuMicros(pid) - c0) / Math.max(1, r.requestsPerSec * DURATION)) } : r;
}

const sentCounts = (s: Sent) => ({ acknowledged: s.acked.length, refused: s.refused.length, unanswered: s.unanswered.length });
type Result = LoadResult & {
  about: string;
  target?: Load['target'];
  cpuUsPerRequest?: number;
  ratio: number;
  sameBytes: LoadResult & { bytes: number };
  sameBytesRatio: number;
  verified?: Verified;
  sent?: ReturnType<typeof sentCounts>;
};
const failures: string[] = [];
function check(name: string, r: { non2xx: number; errors: number }, verified?: Verified) {
  if (r.non2xx) failures.push(`${name}: ${r.non2xx} non-2xx answers`);
  if (r.errors) failures.push(`${name}: ${r.errors} errors (connection errors or timeouts)`);
  if (verified && !verified.ok) failures.push(`${name}: ${verified.line}`);
}

mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
console.log(`bench: ${engine}, ${DURATION}s per load, ${CONNECTIONS} connections`);
// BENCH_ONLY=<regex>: only the loads whose name matches, printed and not recorded (for quick looks while working).
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;
const starts = ONLY ? {} : await coldStarts();
console.log('cold start', starts);

const baseline = await spawnServer(process.execPath, ['--import', 'tsx', 'bench/baseline-server.ts']);
children.push(baseline.proc);
const server = await understudy(join(tmp, 'bench.db'));
await new Promise((r) => setTimeout(r, 2000));
const idleRssMb = round(rssMb(server.proc.pid!));
console.log(`idle RSS ${idleRssMb} MB`);
const creation = ONLY ? { p50Ms: 0, p99Ms: 0 } : await sandboxCreation(server.url);
console.log('sandbox creation (demo fixtures, over HTTP)', creation);

const base = await measure(baseline.url, { name: 'baseline: bare Fastify GET /json', about: 'a tiny JSON answer from a bare Fastify route', path: '/json' });
console.log(base);
const seedStart = performance.now();
const loads: Load[] = [...(await touchofficeLoads(server.url)), ...(await revelLoads(server.url)), ...(await comebackLoads(server.url)), ...(await intouchLoads(server.url)), ...(await reversioLoads(server.url))];
console.log(`seeded in ${round((performance.now() - seedStart) / 1000)} s`);
const results: Result[] = [];
for (const [i, l] of loads.entries()) {
  if (ONLY && !ONLY.test(l.name)) continue;
  const same = await sameBytesBaseline(String(i), l);
  await l.before?.();
  const sent = isWrite(l) ? newSent(CONNECTIONS) : undefined;
  const r = await measure(server.url, l, sent, server.proc.pid);
  const verified = sent ? await l.verify!(sent) : undefined;
  check(l.name, r, verified);
  results.push({ ...r, about: l.about, target: l.target, ratio: round(r.requestsPerSec / base.requestsPerSec, 2), sameBytes: same, sameBytesRatio: round(r.requestsPerSec / same.requestsPerSec, 2), verified, ...(sent ? { sent: sentCounts(sent) } : {}) });
  console.log(results[results.length - 1]);
}
await stopServer(baseline);

/**
 * Two Understudy nodes on the one PostgreSQL database: each write load against both at once, two
 * autocannon instances in parallel, the connections split between them (the same total as one
 * node had), all requests of both tracked in one Sent, so the load's verify checks the invariant
 * across both nodes (counts, balances, distinct ids).
 */
interface TwoNodeResult {
  name: string;
  about: string;
  nodes: LoadResult[];
  combinedRequestsPerSec: number;
  oneNodeRequestsPerSec?: number;
  non2xx: number;
  errors: number;
  verified: Verified;
  sent: ReturnType<typeof sentCounts>;
}
const split = [Math.ceil(CONNECTIONS / 2), Math.floor(CONNECTIONS / 2)];
const twoNodes: TwoNodeResult[] = [];
if (engine === 'postgres') {
  const second = await understudy('');
  const nodes = [server, second];
  console.log(`two nodes: ${nodes.map((n) => n.url).join(' and ')}, ${split.join(' + ')} connections`);
  for (const l of loads) {
    if (!isWrite(l) || (ONLY && !ONLY.test(l.name))) continue;
    await l.before?.();
    const sent = newSent(CONNECTIONS);
    await Promise.all(nodes.map((n, i) => load(n.url, l, 1, split[i], sent)));
    const runs = await Promise.all(nodes.map((n, i) => load(n.url, l, DURATION, split[i], sent)));
    const verified = await l.verify!(sent);
    const r: TwoNodeResult = {
      name: l.name,
      about: l.about,
      nodes: runs,
      combinedRequestsPerSec: runs.reduce((sum, n) => sum + n.requestsPerSec, 0),
      oneNodeRequestsPerSec: results.find((x) => x.name === l.name)?.requestsPerSec,
      non2xx: runs.reduce((sum, n) => sum + n.non2xx, 0),
      errors: runs.reduce((sum, n) => sum + n.errors, 0),
      verified,
      sent: sentCounts(sent),
    };
    check(`two nodes: ${l.name}`, r, verified);
    twoNodes.push(r);
    console.log(r);
  }
  await stopServer(second);
}
await stopServer(server);

const status = () => {
  if (!failures.length) return 0;
  console.error(`bench: ${failures.length} failed:\n${failures.map((f) => `- ${f}`).join('\n')}`);
  return 1;
};
if (ONLY) process.exit(status());

const at = new Date().toISOString();
const report = {
  at,
  engine,
  ...(DATABASE_URL ? { database: databaseNote } : {}),
  node: process.version,
  durationS: DURATION,
  connections: CONNECTIONS,
  ...starts,
  idleRssMb,
  sandboxCreation: creation,
  baseline: base,
  results,
  ...(engine === 'postgres' ? { twoNodes: { connectionsPerNode: split, results: twoNodes } } : {}),
  failures,
};
const stamp = at.replace(/[:.]/g, '-');
// BENCH_LABEL names a run made another way (e.g. `journal-off` with UNDERSTUDY_JOURNAL_LIMIT=0): its own files.
const label = process.env.BENCH_LABEL ? `-${process.env.BENCH_LABEL.replace(/[^\w.-]/g, '')}` : '';
writeFileSync(join(ROOT, `bench/results/${stamp}-${engine}${label}.json`), `${JSON.stringify(report, null, 2)}\n`);
/** Issue 13's targets (ratios to the same-bytes baseline, on SQLite), each load against its own. */
function targetsSection(rs: Result[]): string[] {
  const want = { read: 0.6, list: 0.5, write: 0.3 } as const;
  const fullPageOf = (r: Result) => rs.find((x) => x.target === 'list' && x.name.split(' ')[0] === r.name.split(' ')[0]);
  const rows = rs
    .filter((r) => r.target)
    .map((r) => {
      if (r.target === 'small') {
        const full = fullPageOf(r);
        return `| ${r.name} | not slower than ${full ? `the full page (${full.requestsPerSec} req/s)` : 'the full page'} | ${r.requestsPerSec} req/s | ${full && r.requestsPerSec >= full.requestsPerSec ? 'met' : 'not met'} |`;
      }
      const t = want[r.target!];
      return `| ${r.name} | ≥ ${t} | ${r.sameBytesRatio.toFixed(2)} | ${r.sameBytesRatio >= t ? 'met' : 'not met'} |`;
    });
  return [
    `## Targets (issue 13: ratios to the same-bytes baseline${engine === 'sqlite' ? '' : '; set for SQLite, shown here for comparison'})`,
    '',
    '| load | target | measured | |',
    '| --- | --- | ---: | --- |',
    ...rows,
    '',
  ];
}

const mark = (v?: Verified) => (v ? (v.ok ? 'ok' : 'FAILED') : '');
const md = [
  `# Benchmark results (${engine})`,
  '',
  `${at}${label ? ` (${label.slice(1)}${process.env.UNDERSTUDY_JOURNAL_LIMIT ? `: UNDERSTUDY_JOURNAL_LIMIT=${process.env.UNDERSTUDY_JOURNAL_LIMIT}` : ''})` : ''}, Node ${process.version}, ${DURATION} s per load after a 1 s warm-up, ${CONNECTIONS} connections, autocannon in the bench process, each server in its own process, on this 2-core machine.${DATABASE_URL ? ` Database: ${databaseNote}.` : ' Database: a SQLite file in a temporary directory (WAL, synchronous NORMAL).'}`,
  '',
  'Each load is also run against a bare Fastify route answering the exact bytes Understudy answered one request of it (same status, content type and body; the request bodies sent the same way): the same-bytes baseline. Its ratio says how close Understudy is to the cost of HTTP for those bytes; the `/json` ratio is the tiny answer every earlier run reports.',
  '',
  '| load | answer bytes | req/s | p50 ms | p99 ms | server CPU µs/request | same-bytes baseline req/s (p50 / p99 ms) | ratio to same bytes | ratio to /json | non-2xx |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  `| ${base.name} | | ${base.requestsPerSec} | ${base.p50Ms} | ${base.p99Ms} | | | | 1.00 | ${base.non2xx} |`,
  ...results.map((r) => `| ${r.name} | ${r.sameBytes.bytes} | ${r.requestsPerSec} | ${r.p50Ms} | ${r.p99Ms} | ${r.cpuUsPerRequest ?? ''} | ${r.sameBytes.requestsPerSec} (${r.sameBytes.p50Ms} / ${r.sameBytes.p99Ms}) | ${r.sameBytesRatio.toFixed(2)} | ${r.ratio.toFixed(2)} | ${r.non2xx} |`),
  '',
  ...targetsSection(results),
  '## What each load is',
  '',
  'Each dialect has a sandbox of its own, seeded before the first load; the writes are each a new request (unique ids, sale numbers, references), and after its run (warm-up included) each write load checks what was stored against what Understudy acknowledged (a request still unanswered when autocannon stopped may or may not have landed; the ranges allow for those).',
  '',
  ...results.map((r) => `- **${r.name}**: ${r.about}.`),
  '',
  '## Writes checked after the run',
  '',
  ...results.filter((r) => r.verified).map((r) => `- ${r.name}: ${mark(r.verified)}: ${r.verified!.line}`),
  '',
  ...(engine === 'postgres'
    ? [
        '## Two nodes on one PostgreSQL database',
        '',
        `Two Understudy processes on the same database; each write load runs against both at once, two autocannon instances in parallel with the ${CONNECTIONS} connections split ${split.join(' + ')} (the same total as the one-node run above), ${DURATION} s after a 1 s warm-up on both. The invariant is checked after the run over every request either node acknowledged.`,
        '',
        '| load | node 1 req/s (p50 / p99 ms) | node 2 req/s (p50 / p99 ms) | combined req/s | one node, all connections (above) | non-2xx | errors |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
        ...twoNodes.map((r) => `| ${r.name} | ${r.nodes.map((n) => `${n.requestsPerSec} (${n.p50Ms} / ${n.p99Ms})`).join(' | ')} | ${r.combinedRequestsPerSec} | ${r.oneNodeRequestsPerSec ?? ''} | ${r.non2xx} | ${r.errors} |`),
        '',
        ...twoNodes.map((r) => `- ${r.name}: ${mark(r.verified)}: ${r.verified.line}`),
        '',
      ]
    : []),
  '## Start and footprint',
  '',
  ...Object.entries(starts).map(([k, v]) => `- ${k}: ${v} ms (median of 5, process spawn to ready line${k === 'npmStartMs' ? ': `npm start`, its prestart build finding the bundle current' : ''})`),
  `- idle RSS: ${idleRssMb} MB (2 s after the ready line)`,
  `- sandbox creation with demo fixtures: p50 ${creation.p50Ms} ms, p99 ${creation.p99Ms} ms (POST /_understudy/sandboxes over HTTP, 50 in a row)`,
  '',
  ...(failures.length ? ['## Failed', '', ...failures.map((f) => `- ${f}`), ''] : []),
].join('\n');
writeFileSync(join(ROOT, `bench/results/latest-${engine}${label}.md`), md);
console.log(md);
process.exit(status());

// `npm run bench:journal`: the request journal under sustained mixed load (issue 11). One
// Understudy process, autocannon cycling through reads and writes of four dialects, and every
// 5 s a sample of the server's RSS, a journal read's latency, and the journal lag: how long a
// marked request takes to show in `GET /_understudy/sandboxes/{id}/requests`.
// JOURNAL_BENCH_SECONDS (default 300), BENCH_CONNECTIONS (default 10), BENCH_DATABASE_URL (PostgreSQL;
// `bash scripts/with-postgres.sh npm run bench:journal` sets it from the throwaway cluster).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { json, ROOT, rssMb, spawnServer } from './harness.ts';

const SECONDS = Number(process.env.JOURNAL_BENCH_SECONDS ?? 300);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? process.env.UNDERSTUDY_TEST_DATABASE_URL;
const engine = DATABASE_URL ? 'postgres' : 'sqlite';
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] : NaN);

const tmp = mkdtempSync(join(tmpdir(), 'understudy-journal-bench-'));
const env: Record<string, string> = DATABASE_URL ? { UNDERSTUDY_DATABASE_URL: DATABASE_URL, UNDERSTUDY_DB: '' } : { UNDERSTUDY_DB: join(tmp, 'bench.db'), DATABASE_URL: '', UNDERSTUDY_DATABASE_URL: '' };
const server = await spawnServer(process.execPath, ['bin/understudy.js', 'serve', '--port', '0'], { ...env, LOG_LEVEL: 'warn' });
const url = server.url;

const sb = await json(`${url}/_understudy/sandboxes`, { method: 'POST', body: JSON.stringify({ name: 'journal-bench', fixtures: 'demo' }) });
const c = sb.credentials;
const token = await json(`${url}/reversio/api/v1/token`, { headers: { 'Ocp-Apim-Subscription-Key': c.reversio.subscriptionKey, 'Ocp-Apim-Secret-Value': c.reversio.secretValue } });
const rv = { 'Ocp-Apim-Subscription-Key': c.reversio.subscriptionKey, Authorization: `Bearer ${token.value}` };
let n = 0;
const requests = [
  { method: 'GET' as const, path: `/touchoffice/vouchers?TAK=${c.touchoffice.tak}&site=1&type=1` },
  { method: 'GET' as const, path: '/comeback/v1/customers/33f9dc36-5e99-4044-8e2e-9b22c403c5f7', headers: { authorization: c.comeback.token } },
  { method: 'GET' as const, path: '/reversio/api/v1/catalog/models/bySku/123456', headers: rv },
  { method: 'GET' as const, path: '/revel/resources/Product/919/', headers: { 'api-authentication': `${c.revel.apiKey}:${c.revel.apiSecret}` } },
  {
    method: 'PUT' as const,
    path: '/reversio/api/v1/orders',
    headers: { ...rv, 'content-type': 'application/json' },
    setupRequest: (req: autocannon.Request) => ({
      ...req,
      body: JSON.stringify({
        orderReference: `J-${++n}`,
        customerLastName: 'Dumbledore',
        customerMail: 'albus@hogwarts.example',
        address: { streetAddress: '79 quai de la Gare', zipCode: '75013', city: 'Paris', countryCode: 'FR' },
        purchaseDateUtc: '2021-06-01T14:46:28Z',
        products: [{ modelId: '10000000-5555-0000-0000-000000000001', price: { amount: 495, currency: 'EUR' } }],
      }),
    }),
  },
];

interface Sample {
  t: number;
  rssMb: number;
  readMs: number;
  lagMs: number;
  journal: unknown;
}
const samples: Sample[] = [];
const reads: number[] = [];

/** One marked request, then the journal polled until it shows it. */
async function lag(mark: number): Promise<number> {
  const sent = performance.now();
  await fetch(`${url}/touchoffice/vouchers?TAK=${c.touchoffice.tak}&site=1&probe=${mark}`).then((r) => r.text());
  for (;;) {
    const t0 = performance.now();
    const page = await json(`${url}/_understudy/sandboxes/${sb.id}/requests?dialect=touchoffice&limit=50`);
    reads.push(performance.now() - t0);
    if (page.requests.some((r: { query: { probe?: string } }) => r.query?.probe === String(mark))) return performance.now() - sent;
    if (performance.now() - sent > 60_000) return Infinity;
    await new Promise((r) => setTimeout(r, 20));
  }
}

const started = performance.now();
const run = autocannon({ url, connections: CONNECTIONS, duration: SECONDS, requests });
let mark = 0;
const sampler = (async () => {
  while (performance.now() - started < SECONDS * 1000) {
    await new Promise((r) => setTimeout(r, 5000));
    const t0 = performance.now();
    await json(`${url}/_understudy/sandboxes/${sb.id}/requests?limit=100`);
    const readMs = performance.now() - t0;
    reads.push(readMs);
    const lagMs = await lag(++mark);
    const health = await json(`${url}/_understudy/health`);
    samples.push({ t: round((performance.now() - started) / 1000, 0), rssMb: round(rssMb(server.proc.pid!)), readMs: round(readMs), lagMs: round(lagMs), journal: health.journal ?? null });
    console.log(samples[samples.length - 1]);
  }
})();
const result = await run;
await sampler;
server.proc.kill('SIGTERM');

const at = new Date().toISOString();
const report = {
  at,
  engine,
  node: process.version,
  seconds: SECONDS,
  connections: CONNECTIONS,
  requestsPerSec: result.requests.average,
  non2xx: result.non2xx,
  errors: result.errors,
  rssFirstMb: samples[0]?.rssMb,
  rssLastMb: samples[samples.length - 1]?.rssMb,
  rssMaxMb: Math.max(...samples.map((s) => s.rssMb)),
  journalReadP50Ms: round(pct(reads, 0.5)),
  journalReadP99Ms: round(pct(reads, 0.99)),
  lagP50Ms: round(pct(samples.map((s) => s.lagMs), 0.5)),
  lagMaxMs: round(Math.max(...samples.map((s) => s.lagMs))),
  samples,
};
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(join(ROOT, `bench/results/journal-${at.replace(/[:.]/g, '-')}-${engine}.json`), `${JSON.stringify(report, null, 2)}\n`);
const md = [
  `# Journal under sustained load (${engine})`,
  '',
  `${at}, Node ${process.version}, ${SECONDS} s of mixed load (TouchOffice, Comeback, Revel reads; Revers.io reads and order imports), ${CONNECTIONS} connections, one server process, on this 2-core machine.`,
  '',
  `- load: ${Math.round(result.requests.average)} req/s, ${result.non2xx} non-2xx, ${result.errors} errors`,
  `- server RSS: ${report.rssFirstMb} MB at the first sample, ${report.rssLastMb} MB at the last, ${report.rssMaxMb} MB at most`,
  `- journal read (GET …/requests): p50 ${report.journalReadP50Ms} ms, p99 ${report.journalReadP99Ms} ms (${reads.length} reads)`,
  `- journal lag (a marked request until a read shows it): p50 ${report.lagP50Ms} ms, at most ${report.lagMaxMs} ms`,
  '',
  '| t (s) | RSS MB | read ms | lag ms |',
  '| ---: | ---: | ---: | ---: |',
  ...samples.map((s) => `| ${s.t} | ${s.rssMb} | ${s.readMs} | ${s.lagMs} |`),
  '',
].join('\n');
writeFileSync(join(ROOT, `bench/results/journal-latest-${engine}.md`), md);
console.log(md);
process.exit(0);

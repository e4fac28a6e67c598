// `npm run bench:scale` (issue 13, "Costs that stay flat"): how Understudy's costs grow with the
// data. Five curves, each on servers of its own (spawned as `understudy serve`, SQLite file in a
// temporary directory), autocannon in this process:
//
//   records      per-request cost of a voucher read, a 50-voucher page (first and middle) and a
//                transaction against 1k … 1M vouchers in one sandbox, seeded through the vendor API
//   sandboxes    the same loads with 1, 100 and 10,000 sandboxes in the database
//   sandbox-ops  sandbox create (demo fixtures), snapshot, restore, reset and delete against a
//                sandbox of 1k … 100k vouchers, alone and with other sandboxes' rows present
//   journal      per-request cost with the journal off and at its default, for a read, a page
//                and a ~1 MB answer, and what the journal stored of each
//   memory       server RSS idle, after 1M vouchers, and every 10 s of a mixed load across dialects
//
// Results: bench/results/scale-<stamp>-sqlite.json, scale-latest-sqlite.md, scale-<curve>.svg.
// Every size and duration is an environment variable (see CONFIG below and the report's header).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { json, load, ROOT, rssMb, spawnServer, type Load, type LoadResult } from './harness.ts';
import { compact, lineChart, type Series } from './scale/svg.ts';

// ---------------------------------------------------------------------------------------------
// Configuration

const CURVES = ['records', 'sandboxes', 'sandbox-ops', 'journal', 'memory'] as const;
type Curve = (typeof CURVES)[number];

function numbers(name: string, fallback: string): number[] {
  const raw = process.env[name] || fallback;
  const xs = raw.split(',').map((s) => Number(s.trim().replace(/_/g, '')));
  if (!xs.length || xs.some((x) => !Number.isInteger(x) || x < 1)) throw new Error(`${name} must be a comma-separated list of positive integers, got '${raw}'`);
  return [...new Set(xs)].sort((a, b) => a - b);
}
function number(name: string, fallback: number, min = 0): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isFinite(n) || n < min) throw new Error(`${name} must be a number ≥ ${min}, got '${raw}'`);
  return n;
}

const SIZES = numbers('SCALE_SIZES', '1000,10000,100000,1000000');
const CONFIG = {
  /** Vouchers in the sandbox for the records curve. */
  SCALE_SIZES: SIZES,
  /** Sandboxes in the database for the sandboxes curve (the measured one included). */
  SCALE_SANDBOXES: numbers('SCALE_SANDBOXES', '1,100,10000'),
  /** Vouchers in the sandbox for the sandbox-ops curve (default: SCALE_SIZES up to 100k). */
  SCALE_OPS_SIZES: process.env.SCALE_OPS_SIZES ? numbers('SCALE_OPS_SIZES', '') : SIZES.filter((n) => n <= 100_000).length ? SIZES.filter((n) => n <= 100_000) : [SIZES[0]],
  /** Seconds of each measured load (after SCALE_WARMUP seconds of the same load). */
  SCALE_DURATION: number('SCALE_DURATION', 5, 1),
  SCALE_WARMUP: number('SCALE_WARMUP', 1, 0),
  SCALE_CONNECTIONS: number('SCALE_CONNECTIONS', 10, 1),
  /** Seconds of the memory curve's mixed load, and how often RSS is sampled during it. */
  SCALE_SOAK_SECONDS: number('SCALE_SOAK_SECONDS', 600, 1),
  SCALE_SAMPLE_SECONDS: number('SCALE_SAMPLE_SECONDS', 10, 1),
  /** Vouchers loaded before the memory curve's soak (default: the largest of SCALE_SIZES). */
  SCALE_MEMORY_RECORDS: number('SCALE_MEMORY_RECORDS', SIZES[SIZES.length - 1], 1),
  /** Seeding: vouchers per POST /vouchers, and POSTs in flight. */
  SCALE_SEED_BATCH: number('SCALE_SEED_BATCH', 1000, 1),
  SCALE_SEED_CONCURRENCY: number('SCALE_SEED_CONCURRENCY', 4, 1),
  /** Sandbox creations in flight when filling the database (sandboxes curve, others' rows). */
  SCALE_CREATE_CONCURRENCY: number('SCALE_CREATE_CONCURRENCY', 4, 1),
  /** Fixtures of the extra sandboxes of the sandboxes curve: demo, or empty (then 10 vouchers each). */
  SCALE_EXTRA_FIXTURES: (process.env.SCALE_EXTRA_FIXTURES || 'demo') as 'demo' | 'empty',
  /** Vouchers of the measured sandbox in the sandboxes curve. */
  SCALE_SANDBOX_RECORDS: number('SCALE_SANDBOX_RECORDS', 10_000, 1),
  /** Timed repetitions of each sandbox operation (median reported). */
  SCALE_OPS_REPEAT: number('SCALE_OPS_REPEAT', 5, 1),
  /** Other sandboxes' vouchers present in the second pass of sandbox-ops (default: the largest of SCALE_SIZES), and how many sandboxes hold them. */
  SCALE_OTHER_RECORDS: number('SCALE_OTHER_RECORDS', SIZES[SIZES.length - 1], 0),
  SCALE_OTHER_SANDBOXES: number('SCALE_OTHER_SANDBOXES', 10, 1),
  /** Size of the journal curve's large answer. */
  SCALE_JOURNAL_BYTES: number('SCALE_JOURNAL_BYTES', 1_000_000, 1000),
  /** Curves to run (comma-separated), default all. */
  SCALE_ONLY: (process.env.SCALE_ONLY ? process.env.SCALE_ONLY.split(',').map((s) => s.trim()).filter(Boolean) : [...CURVES]) as Curve[],
};
if (!['demo', 'empty'].includes(CONFIG.SCALE_EXTRA_FIXTURES)) throw new Error(`SCALE_EXTRA_FIXTURES must be demo or empty, got '${CONFIG.SCALE_EXTRA_FIXTURES}'`);
for (const c of CONFIG.SCALE_ONLY) if (!(CURVES as readonly string[]).includes(c)) throw new Error(`SCALE_ONLY: unknown curve '${c}' (curves: ${CURVES.join(', ')})`);

const engine = 'sqlite';
const C = CONFIG.SCALE_CONNECTIONS;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const fmt = (n: number | undefined | null, d = 1) => (n === undefined || n === null || !Number.isFinite(n) ? '–' : round(n, d).toLocaleString('en-US'));
const log = (...args: unknown[]) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...args);

// ---------------------------------------------------------------------------------------------
// Servers

const tmp = mkdtempSync(join(tmpdir(), 'understudy-scale-'));
/** Servers still running: stopped if the bench exits early (an error, Ctrl-C). */
const live = new Set<{ kill(signal?: NodeJS.Signals): boolean }>();
process.on('exit', () => {
  for (const p of live) p.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(130));

interface Server {
  url: string;
  pid: number;
  db: string;
  readyMs: number;
  stop(): Promise<void>;
  /** The server's last stderr lines, for an error report. */
  stderr(): string;
}

async function startServer(label: string, env: Record<string, string> = {}): Promise<Server> {
  const db = join(tmp, `${label}.db`);
  const s = await spawnServer(process.execPath, ['bin/understudy.js', 'serve', '--port', '0'], {
    UNDERSTUDY_DB: db,
    UNDERSTUDY_DATABASE_URL: '',
    DATABASE_URL: '',
    LOG_LEVEL: 'warn',
    UNDERSTUDY_JOURNAL_LIMIT: '', // the default, whatever the bench's own environment says
    ...env,
  });
  live.add(s.proc);
  s.proc.once('exit', () => live.delete(s.proc));
  let err = '';
  s.proc.stderr!.on('data', (d) => (err = (err + d).slice(-4000)));
  const exited = new Promise((r) => s.proc.once('exit', r));
  return {
    url: s.url,
    pid: s.proc.pid!,
    db,
    readyMs: s.readyMs,
    stderr: () => err,
    async stop() {
      if (s.proc.exitCode === null) {
        s.proc.kill('SIGTERM');
        const timeout = setTimeout(() => s.proc.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(timeout);
      }
      for (const f of [db, `${db}-wal`, `${db}-shm`, `${db}.owner`]) rmSync(f, { force: true });
    },
  };
}

/** The SQLite file with its WAL, in MB. */
function dbMb(db: string): number {
  let bytes = 0;
  for (const f of [db, `${db}-wal`]) if (existsSync(f)) bytes += statSync(f).size;
  return round(bytes / 1024 / 1024);
}

// ---------------------------------------------------------------------------------------------
// TouchOffice: a sandbox, seeding through the vendor API, the loads

interface VoucherSandbox {
  id: string;
  tak: string;
  /** Vouchers seeded so far: numbers SC0000000 … */
  count: number;
}

const voucherNumber = (i: number) => `SC${String(i).padStart(7, '0')}`;

async function voucherSandbox(url: string, name: string): Promise<VoucherSandbox> {
  const sb = await json(`${url}/_understudy/sandboxes`, { method: 'POST', body: JSON.stringify({ name, fixtures: 'empty' }) });
  // Site 1, for the transactions (sites come only from the fixture bundle).
  await json(`${url}/_understudy/sandboxes/${sb.id}/fixtures/touchoffice`, { method: 'POST', body: JSON.stringify({ sites: [{ id: 1, name: 'Till' }] }) });
  return { id: sb.id, tak: sb.credentials.touchoffice.tak, count: 0 };
}

interface Seeding {
  from: number;
  to: number;
  ms: number;
  vouchersPerSec: number;
  /** Median latency of one POST of a batch. */
  postP50Ms: number;
}

/** Vouchers sb.count … upTo−1 through `POST /touchoffice/vouchers`, batches of SCALE_SEED_BATCH, several in flight. */
async function seed(url: string, sb: VoucherSandbox, upTo: number): Promise<Seeding> {
  const from = sb.count;
  const batch = CONFIG.SCALE_SEED_BATCH;
  const posts: number[] = [];
  let next = from;
  const t0 = performance.now();
  const worker = async () => {
    while (next < upTo) {
      const start = next;
      const end = Math.min(upTo, start + batch);
      next = end;
      const vouchers = [];
      for (let i = start; i < end; i++) vouchers.push({ number: voucherNumber(i), type: (i % 2) + 1, name: `Voucher ${i}`, value: 1000, active: true });
      const t = performance.now();
      const res = await json(`${url}/touchoffice/vouchers?TAK=${sb.tak}`, { method: 'POST', body: JSON.stringify(vouchers) });
      posts.push(performance.now() - t);
      if (res.status !== 1) throw new Error(`seeding vouchers ${start}…${end - 1} failed: ${JSON.stringify(res).slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: CONFIG.SCALE_SEED_CONCURRENCY }, worker));
  const ms = performance.now() - t0;
  sb.count = Math.max(sb.count, upTo);
  return { from, to: upTo, ms: round(ms), vouchersPerSec: Math.round(((upTo - from) / ms) * 1000), postP50Ms: round(posts.length ? median(posts) : 0) };
}

interface Measured extends LoadResult {
  usPerRequest: number;
  bytes?: number;
  verified?: string;
}

type LoadKey = 'read' | 'list' | 'listMiddle' | 'write';
const LOAD_LABELS: Record<LoadKey, string> = {
  read: 'read: GET /vouchers/{number}',
  list: 'list: GET /vouchers?site=0&limit=50',
  listMiddle: 'list, middle page: …&limit=50&offset=n/2',
  write: 'write: POST /voucher_transactions',
};

let saleId = 9_000_000_000;

/** The four TouchOffice loads against a sandbox of sb.count vouchers. */
/** A load of this bench: checked once before it is timed, its write verified after (a line for the report). */
type CheckedLoad = Omit<Load, 'about' | 'verify'> & { expect?: (body: any) => string | null; before?: () => Promise<void>; verify?: () => Promise<string> };
const asLoad = (l: CheckedLoad): Load => ({ ...l, about: l.name, verify: undefined });

function voucherLoads(url: string, sb: VoucherSandbox): Record<LoadKey, CheckedLoad> {
  const n = sb.count;
  const q = `TAK=${sb.tak}`;
  const page = Math.min(50, n);
  // The transactions go to up to 100 discount vouchers (odd numbers, unlimited uses) spread over the whole set.
  const targets = [...new Set(Array.from({ length: 100 }, (_, k) => Math.min(n - 1, 2 * Math.floor((k * n) / 200) + 1)).filter((i) => i % 2 === 1))].map(voucherNumber);
  let sent = 0;
  const uses = async () => {
    let total = 0;
    for (const v of targets) total += (await json(`${url}/touchoffice/vouchers/${v}?${q}`)).vouchers[0].uses;
    return total;
  };
  let usesBefore = 0;
  const listOk = (want: number) => (b: any) => (b.status === 1 && b.vouchers?.length === want ? null : `expected ${want} vouchers, got ${JSON.stringify(b).slice(0, 200)}`);
  return {
    read: { name: LOAD_LABELS.read, path: `/touchoffice/vouchers/${voucherNumber(Math.floor(n / 2))}?${q}`, expect: listOk(1) },
    list: { name: LOAD_LABELS.list, path: `/touchoffice/vouchers?${q}&site=0&limit=50`, expect: listOk(page) },
    listMiddle: { name: LOAD_LABELS.listMiddle, path: `/touchoffice/vouchers?${q}&site=0&limit=50&offset=${Math.floor(n / 2)}`, expect: listOk(Math.min(50, n - Math.floor(n / 2))) },
    write: {
      name: LOAD_LABELS.write,
      method: 'POST',
      path: `/touchoffice/voucher_transactions?${q}`,
      before: async () => {
        usesBefore = await uses();
      },
      body: () => {
        return `{"site":1,"saleID":${++saleId},"voucherNumber":"${targets[sent++ % targets.length]}","datetime":"2026-01-01 12:00:00","amount":100}`;
      },
      expect: (b: any) => (b.status === 1 ? null : `transaction refused: ${JSON.stringify(b)}`),
      verify: async () => {
        const after = await uses();
        const gap = sent - (after - usesBefore);
        // A request built as the load stopped may never have been sent: up to one per connection.
        return `${after - usesBefore} uses recorded for ${sent} transactions sent${gap > C || gap < 0 ? ` — MISMATCH of ${gap}` : ''}`;
      },
    },
  };
}

const warmed = new Set<string>();

/** One request of the load, checked (TouchOffice answers HTTP 200 to refusals too), then warm-up and the measured run. */
async function measure(url: string, l: CheckedLoad): Promise<Measured> {
  await l.before?.();
  const body = l.body?.();
  const res = await fetch(`${url}${l.path}`, { method: l.method ?? 'GET', headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(l.headers ?? {}) }, body });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${l.name}: HTTP ${res.status} ${text.slice(0, 300)}`);
  const problem = l.expect?.(JSON.parse(text));
  if (problem) throw new Error(`${l.name}: ${problem}`);
  // The first time a load runs on a server its warm-up is longer (JIT, SQLite's page cache).
  const warmup = warmed.has(`${url} ${l.name}`) ? CONFIG.SCALE_WARMUP : Math.max(2, 2 * CONFIG.SCALE_WARMUP);
  warmed.add(`${url} ${l.name}`);
  if (warmup > 0) await load(url, asLoad(l), warmup, C);
  const r = await load(url, asLoad(l), CONFIG.SCALE_DURATION, C);
  const out: Measured = { ...r, usPerRequest: round(1e6 / r.requestsPerSec), bytes: Buffer.byteLength(text) };
  if (l.verify) out.verified = await l.verify();
  return out;
}

async function measureAll(url: string, loads: Record<LoadKey, CheckedLoad>): Promise<Record<LoadKey, Measured>> {
  const out = {} as Record<LoadKey, Measured>;
  for (const key of Object.keys(loads) as LoadKey[]) {
    out[key] = await measure(url, loads[key]);
    log(`  ${key}: ${out[key].requestsPerSec} req/s = ${out[key].usPerRequest} µs/request, p50 ${out[key].p50Ms} ms, p99 ${out[key].p99Ms} ms${out[key].non2xx ? `, ${out[key].non2xx} non-2xx` : ''}${out[key].verified ? `; ${out[key].verified}` : ''}`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Curve 1: records in the sandbox

interface RecordsRow {
  records: number;
  seeding: Seeding;
  rssMb: number;
  dbMb: number;
  loads: Record<LoadKey, Measured>;
}

async function curveRecords() {
  const srv = await startServer('records');
  try {
    await sleep(2000);
    const idleRssMb = round(rssMb(srv.pid));
    const sb = await voucherSandbox(srv.url, 'scale-records');
    const rows: RecordsRow[] = [];
    for (const n of CONFIG.SCALE_SIZES) {
      const seeding = await seed(srv.url, sb, n);
      log(`records ${compact(n)}: seeded ${seeding.to - seeding.from} vouchers in ${round(seeding.ms / 1000, 2)} s (${seeding.vouchersPerSec}/s)`);
      const loads = await measureAll(srv.url, voucherLoads(srv.url, sb));
      rows.push({ records: n, seeding, rssMb: round(rssMb(srv.pid)), dbMb: dbMb(srv.db), loads });
    }
    return { readyMs: round(srv.readyMs), idleRssMb, rows };
  } catch (e) {
    throw withStderr(e, srv);
  } finally {
    await srv.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// Curve 2: sandboxes in the database

interface SandboxesRow {
  sandboxes: number;
  created: number;
  createMs: number;
  createP50Ms: number;
  createP99Ms: number;
  dbMb: number;
  rssMb: number;
  loads: Record<LoadKey, Measured>;
}

/** `count` sandboxes, CREATE_CONCURRENCY in flight; each latency. */
async function createSandboxes(url: string, count: number, fixtures: 'demo' | 'empty', prefix: string): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const t = performance.now();
      const sb = await json(`${url}/_understudy/sandboxes`, { method: 'POST', body: JSON.stringify({ name: `${prefix}-${i}`, fixtures }) });
      times.push(performance.now() - t);
      if (fixtures === 'empty') {
        // Some data all the same: ten vouchers.
        const vouchers = Array.from({ length: 10 }, (_, k) => ({ number: `X${k}`, type: 1, name: `Extra ${k}`, value: 500, active: true }));
        await json(`${url}/touchoffice/vouchers?TAK=${sb.credentials.touchoffice.tak}`, { method: 'POST', body: JSON.stringify(vouchers) });
      }
    }
  };
  await Promise.all(Array.from({ length: CONFIG.SCALE_CREATE_CONCURRENCY }, worker));
  return times;
}

async function curveSandboxes() {
  const srv = await startServer('sandboxes');
  try {
    // The demo sandbox made at first start is removed: "1 sandbox" is the measured one alone.
    const del = await fetch(`${srv.url}/_understudy/sandboxes/demo`, { method: 'DELETE' });
    const demoRemoved = del.status === 204;
    const sb = await voucherSandbox(srv.url, 'scale-sandboxes');
    const seeding = await seed(srv.url, sb, CONFIG.SCALE_SANDBOX_RECORDS);
    log(`sandboxes: measured sandbox seeded with ${sb.count} vouchers in ${round(seeding.ms / 1000, 2)} s`);
    let total = demoRemoved ? 1 : 2;
    const rows: SandboxesRow[] = [];
    for (const level of CONFIG.SCALE_SANDBOXES) {
      const add = Math.max(0, level - total);
      const t0 = performance.now();
      const times = add ? await createSandboxes(srv.url, add, CONFIG.SCALE_EXTRA_FIXTURES, `extra-${level}`) : [];
      const createMs = performance.now() - t0;
      total += add;
      log(`sandboxes ${total}: created ${add} (${CONFIG.SCALE_EXTRA_FIXTURES} fixtures) in ${round(createMs / 1000, 2)} s${add ? `, p50 ${round(median(times))} ms each` : ''}`);
      const loads = await measureAll(srv.url, voucherLoads(srv.url, sb));
      rows.push({ sandboxes: total, created: add, createMs: round(createMs), createP50Ms: add ? round(median(times), 2) : NaN, createP99Ms: add ? round(pct(times, 0.99), 2) : NaN, dbMb: dbMb(srv.db), rssMb: round(rssMb(srv.pid)), loads });
    }
    return { readyMs: round(srv.readyMs), demoRemoved, sandboxRecords: sb.count, seeding, rows };
  } catch (e) {
    throw withStderr(e, srv);
  } finally {
    await srv.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// Curve 3: sandbox operations against the sandbox's own rows

type Op = 'create' | 'snapshot' | 'restore' | 'reset' | 'delete';
const OPS: Op[] = ['create', 'snapshot', 'restore', 'reset', 'delete'];
const OP_LABELS: Record<Op, string> = {
  create: 'create (demo fixtures, 5 dialects)',
  snapshot: 'snapshot',
  restore: 'restore',
  reset: 'reset',
  delete: 'delete (the sandbox itself, once)',
};

interface OpsRow {
  pass: 'alone' | 'others';
  records: number;
  /** Rows the snapshot reported (the vouchers, the site, and the rows of the empty fixtures). */
  snapshotRows: number;
  otherRecords: number;
  ms: Record<Op, { median: number; min: number; max: number; n: number }>;
}

async function timeIt(f: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}

async function curveSandboxOps() {
  const srv = await startServer('sandbox-ops');
  const R = CONFIG.SCALE_OPS_REPEAT;
  const u = srv.url;
  const post = (path: string, body?: unknown) => json(`${u}/_understudy${path}`, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
  const del = async (id: string) => {
    const r = await fetch(`${u}/_understudy/sandboxes/${id}`, { method: 'DELETE' });
    if (r.status !== 204) throw new Error(`DELETE sandbox ${id}: ${r.status} ${await r.text()}`);
  };
  try {
    // Warm-up, untimed: each operation twice on a small sandbox (the first calls of a process are slower).
    const warm = await voucherSandbox(u, 'ops-warm-up');
    await seed(u, warm, Math.min(1000, CONFIG.SCALE_OPS_SIZES[0]));
    for (let i = 0; i < 2; i++) {
      await del((await post('/sandboxes', { fixtures: 'demo' })).id);
      await post(`/sandboxes/${warm.id}/snapshots`, { name: 'warm' });
      await post(`/sandboxes/${warm.id}/snapshots/warm/restore`);
      await post(`/sandboxes/${warm.id}/reset`);
    }
    await del(warm.id);
    const rows: OpsRow[] = [];
    let ballast: { sandboxes: number; records: number; ms: number; vouchersPerSec: number } | null = null;
    for (const pass of ['alone', 'others'] as const) {
      if (pass === 'others') {
        const per = Math.ceil(CONFIG.SCALE_OTHER_RECORDS / CONFIG.SCALE_OTHER_SANDBOXES);
        const t0 = performance.now();
        let records = 0;
        for (let i = 0; i < CONFIG.SCALE_OTHER_SANDBOXES && records < CONFIG.SCALE_OTHER_RECORDS; i++) {
          const other = await voucherSandbox(u, `others-${i}`);
          await seed(u, other, Math.min(per, CONFIG.SCALE_OTHER_RECORDS - records));
          records += other.count;
        }
        const ms = performance.now() - t0;
        ballast = { sandboxes: CONFIG.SCALE_OTHER_SANDBOXES, records, ms: round(ms), vouchersPerSec: Math.round((records / ms) * 1000) };
        log(`sandbox-ops: ${records} vouchers of ${CONFIG.SCALE_OTHER_SANDBOXES} other sandboxes seeded in ${round(ms / 1000, 1)} s`);
      }
      for (const n of CONFIG.SCALE_OPS_SIZES) {
        const sb = await voucherSandbox(u, `ops-${pass}-${n}`);
        await seed(u, sb, n);
        const t: Record<Op, number[]> = { create: [], snapshot: [], restore: [], reset: [], delete: [] };
        const made: string[] = [];
        for (let i = 0; i < R; i++) t.create.push(await timeIt(async () => made.push((await post('/sandboxes', { fixtures: 'demo' })).id)));
        for (const id of made) await del(id);
        let snapshotRows = 0;
        for (let i = 0; i < R; i++) t.snapshot.push(await timeIt(async () => (snapshotRows = (await post(`/sandboxes/${sb.id}/snapshots`, { name: 'bench' })).rows)));
        for (let i = 0; i < R; i++) t.restore.push(await timeIt(() => post(`/sandboxes/${sb.id}/snapshots/bench/restore`)));
        const check = await json(`${u}/touchoffice/vouchers/${voucherNumber(n - 1)}?TAK=${sb.tak}`);
        if (check.status !== 1) throw new Error(`after restore, voucher ${voucherNumber(n - 1)} is missing: ${JSON.stringify(check)}`);
        for (let i = 0; i < R; i++) {
          if (i > 0) await post(`/sandboxes/${sb.id}/snapshots/bench/restore`); // the N rows back, untimed
          t.reset.push(await timeIt(() => post(`/sandboxes/${sb.id}/reset`)));
        }
        const gone = await json(`${u}/touchoffice/vouchers/${voucherNumber(0)}?TAK=${sb.tak}`);
        if (gone.status !== 0) throw new Error(`after reset, voucher ${voucherNumber(0)} is still there`);
        await post(`/sandboxes/${sb.id}/snapshots/bench/restore`);
        t.delete.push(await timeIt(() => del(sb.id)));
        const ms = Object.fromEntries(OPS.map((op) => [op, { median: round(median(t[op]), 2), min: round(Math.min(...t[op]), 2), max: round(Math.max(...t[op]), 2), n: t[op].length }])) as OpsRow['ms'];
        rows.push({ pass, records: n, snapshotRows, otherRecords: ballast?.records ?? 0, ms });
        log(`sandbox-ops ${pass} ${compact(n)}: ${OPS.map((op) => `${op} ${ms[op].median} ms`).join(', ')}`);
      }
    }
    return { readyMs: round(srv.readyMs), repeat: R, others: ballast, rows };
  } catch (e) {
    throw withStderr(e, srv);
  } finally {
    await srv.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// Curve 4: the journal

interface JournalMode {
  mode: 'off' | 'default';
  env: string;
  loads: Record<'read' | 'list' | 'large', Measured & { path: string }>;
  /** What the journal kept of one request of each load (journal on only). */
  stored?: Record<'read' | 'list' | 'large', { responseBytes: number; storedResponseChars: number; storedEntryBytes: number; truncated: boolean }>;
  journalAfter?: unknown;
  shedAfter?: number;
}

async function curveJournal() {
  const modes: JournalMode[] = [];
  let largeLimit = 0;
  let bytesPerVoucher = 0;
  for (const mode of ['off', 'default'] as const) {
    const envValue = mode === 'off' ? '0' : '';
    const srv = await startServer(`journal-${mode}`, { UNDERSTUDY_JOURNAL_LIMIT: envValue });
    try {
      const u = srv.url;
      const sb = await voucherSandbox(u, `journal-${mode}`);
      await seed(u, sb, 1000);
      if (!largeLimit) {
        const page = await fetch(`${u}/touchoffice/vouchers?TAK=${sb.tak}&site=0&limit=1000`).then((r) => r.arrayBuffer());
        bytesPerVoucher = page.byteLength / 1000;
        largeLimit = Math.ceil(CONFIG.SCALE_JOURNAL_BYTES / bytesPerVoucher);
      }
      await seed(u, sb, Math.max(1000, Math.ceil(largeLimit / 1000) * 1000));
      const q = `TAK=${sb.tak}`;
      const paths = {
        read: `/touchoffice/vouchers/${voucherNumber(42)}?${q}`,
        list: `/touchoffice/vouchers?${q}&site=0&limit=50`,
        large: `/touchoffice/vouchers?${q}&site=0&limit=${largeLimit}`,
      };
      const want = { read: 1, list: 50, large: largeLimit };
      const entry: JournalMode = { mode, env: mode === 'off' ? 'UNDERSTUDY_JOURNAL_LIMIT=0' : 'UNDERSTUDY_JOURNAL_LIMIT unset (1000)', loads: {} as JournalMode['loads'] };
      // What the journal stores of one request of each (on a quiet server, before the loads).
      const stored = {} as NonNullable<JournalMode['stored']>;
      for (const key of ['read', 'list', 'large'] as const) {
        const text = await fetch(`${u}${paths[key]}`).then((r) => r.text());
        const page = await json(`${u}/_understudy/sandboxes/${sb.id}/requests?limit=1`);
        const e = page.requests[0];
        if (mode === 'off') {
          if (e) throw new Error(`journal off, yet it holds ${JSON.stringify(e).slice(0, 200)}`);
          continue;
        }
        if (!e || e.query?.limit !== (key === 'read' ? undefined : want[key])) throw new Error(`journal: the newest entry is not the ${key} request: ${JSON.stringify(e).slice(0, 300)}`);
        const body = typeof e.responseBody === 'string' ? e.responseBody : JSON.stringify(e.responseBody);
        stored[key] = { responseBytes: Buffer.byteLength(text), storedResponseChars: body?.length ?? 0, storedEntryBytes: Buffer.byteLength(JSON.stringify(e)), truncated: typeof body === 'string' && body.endsWith('[truncated]') };
      }
      if (mode === 'default') entry.stored = stored;
      for (const key of ['read', 'list', 'large'] as const) {
        const listOk = (b: any) => (b.status === 1 && b.vouchers?.length === want[key] ? null : `expected ${want[key]} vouchers, got ${JSON.stringify(b).slice(0, 200)}`);
        entry.loads[key] = { ...(await measure(u, { name: key, path: paths[key], expect: listOk })), path: paths[key].replace(sb.tak, '…') };
        log(`journal ${mode} ${key} (${entry.loads[key].bytes} B): ${entry.loads[key].usPerRequest} µs/request, p50 ${entry.loads[key].p50Ms} ms, p99 ${entry.loads[key].p99Ms} ms`);
      }
      const health = await json(`${u}/_understudy/health`);
      entry.journalAfter = health.journal ?? null;
      entry.shedAfter = (await json(`${u}/_understudy/sandboxes/${sb.id}/requests?limit=1`)).shed;
      modes.push(entry);
    } catch (e) {
      throw withStderr(e, srv);
    } finally {
      await srv.stop();
    }
  }
  return { bytesPerVoucher: round(bytesPerVoucher), largeLimit, modes };
}

// ---------------------------------------------------------------------------------------------
// Curve 5: memory under a long mixed load

const BRUCE = '33f9dc36-5e99-4044-8e2e-9b22c403c5f7';
const JOVELLANOS = '0e75756b-bf8b-41e0-9162-a87e3f19e771';

async function curveMemory() {
  const srv = await startServer('memory');
  try {
    const u = srv.url;
    const idle: number[] = [];
    for (let i = 0; i < 4; i++) {
      await sleep(500);
      idle.push(rssMb(srv.pid));
    }
    const idleRssMb = round(idle[idle.length - 1]);
    const sb = await voucherSandbox(u, 'scale-memory');
    const seeding = await seed(u, sb, CONFIG.SCALE_MEMORY_RECORDS);
    const afterSeedRssMb = round(rssMb(srv.pid));
    await sleep(5000);
    const settledRssMb = round(rssMb(srv.pid));
    log(`memory: idle ${idleRssMb} MB; ${sb.count} vouchers seeded in ${round(seeding.ms / 1000, 1)} s; RSS ${afterSeedRssMb} MB, ${settledRssMb} MB 5 s later`);

    // The other dialects: one demo sandbox.
    const demo = await json(`${u}/_understudy/sandboxes`, { method: 'POST', body: JSON.stringify({ name: 'scale-memory-demo', fixtures: 'demo' }) });
    const c = demo.credentials;
    const token = await json(`${u}/reversio/api/v1/token`, { headers: { 'Ocp-Apim-Subscription-Key': c.reversio.subscriptionKey, 'Ocp-Apim-Secret-Value': c.reversio.secretValue } });
    const rv = { 'Ocp-Apim-Subscription-Key': c.reversio.subscriptionKey, Authorization: `Bearer ${token.value}` };
    const login = await json(`${u}/intouch/api/v1/customer/login`, { method: 'POST', headers: { account: c.intouch.account }, body: JSON.stringify({ email: 'jordi.p@revo.works', password: 'demo-password' }) });
    const it = { account: c.intouch.account, authorization: `Bearer ${login.data.api_token}` };
    const revel = { 'api-authentication': `${c.revel.apiKey}:${c.revel.apiSecret}` };
    const jsonType = { 'content-type': 'application/json' };
    const to = voucherLoads(u, sb);
    await to.write.before!();
    let n = 0;
    const requests: autocannon.Request[] = [
      { method: 'GET', path: to.read.path },
      { method: 'GET', path: to.list.path },
      { method: 'POST', path: to.write.path, headers: jsonType, setupRequest: (req: autocannon.Request) => ({ ...req, body: to.write.body!() }) },
      // (Not the middle page: at 1M vouchers its OFFSET scan would be most of the load; the records curve has it.)
      { method: 'GET', path: '/revel/resources/Product/919/', headers: revel },
      { method: 'GET', path: '/revel/resources/Product/?limit=20', headers: revel },
      { method: 'GET', path: `/comeback/v1/customers/${BRUCE}`, headers: { authorization: c.comeback.token } },
      { method: 'POST', path: '/comeback/v1/orders', headers: { authorization: c.comeback.token, ...jsonType }, setupRequest: (req: autocannon.Request) => ({ ...req, body: JSON.stringify({ externalId: `soak-${++n}`, amount: 1500, locationId: JOVELLANOS, customerId: BRUCE }) }) },
      { method: 'GET', path: '/intouch/api/v1/customer/products', headers: { account: c.intouch.account } },
      {
        method: 'POST',
        path: '/intouch/api/v1/customer/orders',
        headers: { ...it, ...jsonType },
        body: JSON.stringify({ store: 1, order: { subtotal: 1673, total: 1840, taxAmount: 167 }, contents: [{ product_id: 3, quantity: 1, price: 1840, tax: 1000, pointsSpent: null, total: 1840, subtotal: 1673, taxAmount: 167 }] }),
      },
      { method: 'GET', path: '/reversio/api/v1/catalog/models/bySku/123456', headers: rv },
      {
        method: 'PUT',
        path: '/reversio/api/v1/orders',
        headers: { ...rv, ...jsonType },
        setupRequest: (req: autocannon.Request) => ({
          ...req,
          body: JSON.stringify({
            orderReference: `SOAK-${++n}`,
            customerLastName: 'Dumbledore',
            customerMail: 'albus@hogwarts.example',
            address: { streetAddress: '79 quai de la Gare', zipCode: '75013', city: 'Paris', countryCode: 'FR' },
            purchaseDateUtc: '2021-06-01T14:46:28Z',
            products: [{ modelId: '10000000-5555-0000-0000-000000000001', price: { amount: 495, currency: 'EUR' } }],
          }),
        }),
      },
    ];
    // Each request once, checked, before the soak.
    for (const r of requests) {
      const body = typeof r.setupRequest === 'function' ? r.setupRequest({ ...r }, {}).body : r.body;
      const res = await fetch(`${u}${r.path}`, { method: r.method, headers: r.headers as Record<string, string>, body: body as string | undefined });
      const text = await res.text();
      if (res.status >= 400 || text.includes('"status":0')) throw new Error(`mixed load: ${r.method} ${r.path}: ${res.status} ${text.slice(0, 300)}`);
    }
    const soakRequests = requests.map((r) => `${r.method} ${r.path!.replace(/TAK=[^&]*&?/, '').replace(/\?$/, '')}`);

    const samples: Array<{ t: number; rssMb: number; reqPerSec: number; non2xx: number }> = [{ t: 0, rssMb: round(rssMb(srv.pid)), reqPerSec: 0, non2xx: 0 }];
    let responses = 0;
    let bad = 0;
    const started = performance.now();
    const run = autocannon({ url: u, connections: C, duration: CONFIG.SCALE_SOAK_SECONDS, requests }) as unknown as autocannon.Instance & Promise<autocannon.Result>;
    run.on('response', (_client, status) => {
      responses++;
      if (status >= 300) bad++;
    });
    let done = false;
    const finished = run.then((r) => ((done = true), r));
    const sampler = (async () => {
      let last = { t: 0, responses: 0, bad: 0 };
      while (!done) {
        const due = started + samples.length * CONFIG.SCALE_SAMPLE_SECONDS * 1000;
        while (!done && performance.now() < due) await sleep(Math.min(250, Math.max(1, due - performance.now())));
        if (done) break;
        const t = (performance.now() - started) / 1000;
        const s = { t: round(t, 0), rssMb: round(rssMb(srv.pid)), reqPerSec: Math.round((responses - last.responses) / (t - last.t)), non2xx: bad - last.bad };
        samples.push(s);
        last = { t, responses, bad };
        log(`memory t=${s.t}s: RSS ${s.rssMb} MB, ${s.reqPerSec} req/s`);
      }
    })();
    const result = await finished;
    await sampler;
    const endRssMb = round(rssMb(srv.pid));
    await sleep(CONFIG.SCALE_SAMPLE_SECONDS * 1000);
    const afterRssMb = round(rssMb(srv.pid));
    const writes = await to.write.verify!();

    // Flat after warm-up: the first sixth of the soak (at most 60 s) is warm-up.
    const warmupS = Math.min(60, CONFIG.SCALE_SOAK_SECONDS / 6);
    const steady = samples.filter((s) => s.t > warmupS);
    const slope = steady.length >= 2 ? linearSlope(steady.map((s) => s.t), steady.map((s) => s.rssMb)) * 60 : NaN;
    return {
      readyMs: round(srv.readyMs),
      idleRssMb,
      records: sb.count,
      seeding,
      afterSeedRssMb,
      settledRssMb,
      soakSeconds: CONFIG.SCALE_SOAK_SECONDS,
      soakRequests,
      requestsPerSec: Math.round(result.requests.average),
      requests: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors,
      warmupS: round(warmupS, 0),
      steadyFirstMb: steady[0]?.rssMb,
      steadyLastMb: steady[steady.length - 1]?.rssMb,
      maxRssMb: samples.length ? Math.max(...samples.map((s) => s.rssMb)) : NaN,
      slopeMbPerMin: round(slope, 2),
      endRssMb,
      afterRssMb,
      writes,
      samples,
    };
  } catch (e) {
    throw withStderr(e, srv);
  } finally {
    await srv.stop();
  }
}

function linearSlope(xs: number[], ys: number[]): number {
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den ? num / den : NaN;
}

function withStderr(e: unknown, srv: Server): Error {
  const err = e instanceof Error ? e : new Error(String(e));
  const tail = srv.stderr().trim();
  if (tail) err.message += `\nserver stderr (last lines): ${tail.slice(-1500)}`;
  return err;
}

// ---------------------------------------------------------------------------------------------
// Report

type Results = {
  records?: Awaited<ReturnType<typeof curveRecords>>;
  sandboxes?: Awaited<ReturnType<typeof curveSandboxes>>;
  'sandbox-ops'?: Awaited<ReturnType<typeof curveSandboxOps>>;
  journal?: Awaited<ReturnType<typeof curveJournal>>;
  memory?: Awaited<ReturnType<typeof curveMemory>>;
};

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

async function sqliteVersion(): Promise<string> {
  try {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(':memory:');
    const v = (db.prepare('select sqlite_version() as v').get() as { v: string }).v;
    db.close();
    return v;
  } catch {
    return 'unknown';
  }
}

const machine = {
  node: process.version,
  cores: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  memoryGb: round(totalmem() / 1024 ** 3),
  os: `${process.platform} ${release()}`,
  sqlite: await sqliteVersion(),
  commit: git(['rev-parse', '--short', 'HEAD']) + (git(['status', '--porcelain', '--', 'src']) ? ' (src/ modified)' : ''),
};

const startedAt = new Date();
const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
const results: Results = {};
const errors: Partial<Record<Curve, string>> = {};
const seconds: Partial<Record<Curve, number>> = {};
/** The machine's 1-minute load average before the run and after each curve: other work on the same cores shows here. */
const load1: Record<string, number> = { start: round(loadavg()[0], 2) };
const notes: string[] = [];
const out = join(ROOT, 'bench/results');
mkdirSync(out, { recursive: true });

function loadTable(rows: Array<{ x: string; extra: string[]; loads: Record<LoadKey, Measured> }>, xName: string, extraNames: string[]): string[] {
  const keys = Object.keys(LOAD_LABELS) as LoadKey[];
  return [
    `| ${xName} | ${keys.map((k) => `${LOAD_LABELS[k]} µs/req (p50 / p99 ms)`).join(' | ')} | ${extraNames.join(' | ')} |`,
    `| ---: | ${keys.map(() => '---:').join(' | ')} | ${extraNames.map(() => '---:').join(' | ')} |`,
    ...rows.map((r) => `| ${r.x} | ${keys.map((k) => `${fmt(r.loads[k].usPerRequest)} (${r.loads[k].p50Ms} / ${r.loads[k].p99Ms})${r.loads[k].non2xx || r.loads[k].errors ? ` ⚠ ${r.loads[k].non2xx} non-2xx, ${r.loads[k].errors} errors` : ''}`).join(' | ')} | ${r.extra.join(' | ')} |`),
  ];
}

function loadSeries(rows: Array<{ x: number; loads: Record<LoadKey, Measured> }>): Series[] {
  return (Object.keys(LOAD_LABELS) as LoadKey[]).map((k) => ({ name: LOAD_LABELS[k].split(':')[0], points: rows.map((r) => ({ x: r.x, y: r.loads[k].usPerRequest })) }));
}

/** Ratio of the largest size's cost to the smallest's, per load: what "flat" is judged by. */
function growth(rows: Array<{ loads: Record<LoadKey, Measured> }>): string {
  if (rows.length < 2) return '';
  const first = rows[0].loads;
  const last = rows[rows.length - 1].loads;
  return (Object.keys(LOAD_LABELS) as LoadKey[]).map((k) => `${LOAD_LABELS[k].split(':')[0]} ×${(last[k].usPerRequest / first[k].usPerRequest).toFixed(2)}`).join(', ');
}

function section(curve: Curve, title: string, body: () => string[]): string[] {
  const head = [`## ${title}`, ''];
  if (!CONFIG.SCALE_ONLY.includes(curve)) return [...head, `Not run in this run (SCALE_ONLY=${CONFIG.SCALE_ONLY.join(',')}).`, ''];
  if (errors[curve]) return [...head, `**Could not be measured in this run**: the curve failed with`, '', '```', errors[curve]!, '```', ''];
  if (!results[curve]) return [...head, 'Still running when this report was written.', ''];
  return [...head, ...body(), '', `(${fmt(seconds[curve], 0)} s for this curve, servers' start and seeding included; the machine's 1-minute load average after it: ${load1[curve]} on ${machine.cores} cores.)`, ''];
}

function report(): string {
  const r = results;
  const cfg = Object.entries(CONFIG).map(([k, v]) => `\`${k}=${Array.isArray(v) ? v.join(',') : v}\``).join(', ');
  const md: string[] = [
    `# Scaling benchmark (${engine})`,
    '',
    `${startedAt.toISOString()}, Node ${machine.node}, ${machine.cores} cores (${machine.cpu}), ${machine.memoryGb} GB, ${machine.os}, SQLite ${machine.sqlite}, commit ${machine.commit}. Each server is its own process (\`understudy serve --port 0\`, a SQLite file in a temporary directory, journal at its default unless said); autocannon runs in the bench process, on the same cores. Every load: one request checked (TouchOffice answers refusals with HTTP 200 too), ${CONFIG.SCALE_WARMUP} s of warm-up (${Math.max(2, 2 * CONFIG.SCALE_WARMUP)} s the first time the load runs on a server), then ${CONFIG.SCALE_DURATION} s measured with ${C} connections. Per-request cost is 1e6 / (req/s): the time the whole machine spends per request, bench included; p50 and p99 are autocannon's latencies (whole milliseconds).`,
    '',
    `Configuration: ${cfg}.`,
    '',
    `The machine's 1-minute load average was ${load1.start} when the run started (${machine.cores} cores): anything above about 1 is other work sharing the cores with this run, and makes its figures noisier.`,
    '',
    ...section('records', 'Per-request cost against the records of one sandbox', () => {
      const d = r.records!;
      return [
        `One sandbox (empty fixtures, plus site 1) filled with vouchers through the vendor API: \`POST /touchoffice/vouchers\` with ${CONFIG.SCALE_SEED_BATCH} vouchers each, ${CONFIG.SCALE_SEED_CONCURRENCY} in flight, grown from one size to the next. The read is the voucher in the middle of the set; the middle page starts at offset n/2; each transaction is a new \`saleID\` on one of up to 100 unlimited discount vouchers spread over the set. Idle RSS ${d.idleRssMb} MB, ready in ${d.readyMs} ms.`,
        '',
        ...loadTable(d.rows.map((row) => ({ x: compact(row.records), loads: row.loads, extra: [`${fmt(row.seeding.to - row.seeding.from, 0)} in ${fmt(row.seeding.ms / 1000, 2)} s (${fmt(row.seeding.vouchersPerSec, 0)}/s, ${row.seeding.postP50Ms} ms per POST)`, fmt(row.rssMb), fmt(row.dbMb)] })), 'records', ['seeded before this row', 'RSS MB', 'DB MB']),
        '',
        `Growth from ${compact(d.rows[0].records)} to ${compact(d.rows[d.rows.length - 1].records)} records (cost at the largest / cost at the smallest): ${growth(d.rows) || 'one size only'}.`,
        '',
        ...d.rows.filter((row) => row.loads.write.verified).map((row) => `- ${compact(row.records)}: ${row.loads.write.verified}`),
        '',
        '![records](scale-records.svg)',
      ];
    }),
    ...section('sandboxes', 'Per-request cost with many sandboxes in the database', () => {
      const d = r.sandboxes!;
      return [
        `The same four loads against one sandbox of ${fmt(d.sandboxRecords, 0)} vouchers (seeded in ${fmt(d.seeding.ms / 1000, 2)} s), while the database holds more and more sandboxes: each extra one made with \`POST /_understudy/sandboxes {"fixtures":"${CONFIG.SCALE_EXTRA_FIXTURES}"}\`${CONFIG.SCALE_EXTRA_FIXTURES === 'demo' ? ' (the demo records of all five dialects)' : ' and 10 vouchers'}, ${CONFIG.SCALE_CREATE_CONCURRENCY} in flight. ${d.demoRemoved ? 'The demo sandbox of the first start was deleted first, so 1 is the measured sandbox alone.' : 'The demo sandbox of the first start could not be deleted and is counted.'}`,
        '',
        ...loadTable(d.rows.map((row) => ({ x: fmt(row.sandboxes, 0), loads: row.loads, extra: [row.created ? `${fmt(row.created, 0)} in ${fmt(row.createMs / 1000, 1)} s (p50 ${row.createP50Ms} ms, p99 ${row.createP99Ms} ms)` : '–', fmt(row.rssMb), fmt(row.dbMb)] })), 'sandboxes', ['created before this row', 'RSS MB', 'DB MB']),
        '',
        `Growth from ${fmt(d.rows[0].sandboxes, 0)} to ${fmt(d.rows[d.rows.length - 1].sandboxes, 0)} sandboxes: ${growth(d.rows) || 'one level only'}.`,
        '',
        ...d.rows.filter((row) => row.loads.write.verified).map((row) => `- ${fmt(row.sandboxes, 0)} sandbox${row.sandboxes === 1 ? '' : 'es'}: ${row.loads.write.verified}`),
        '',
        '![sandboxes](scale-sandboxes.svg)',
      ];
    }),
    ...section('sandbox-ops', 'Sandbox operations against the sandbox\'s own rows', () => {
      const d = r['sandbox-ops']!;
      const passes = [...new Set(d.rows.map((row) => row.pass))];
      return [
        `Control API calls over HTTP, one at a time, against a sandbox of n vouchers (plus its site and what the empty fixtures hold), after an untimed warm-up (each operation twice on a small sandbox): \`POST /_understudy/sandboxes {"fixtures":"demo"}\` (another sandbox, created while this one exists), \`POST …/{id}/snapshots {"name":"bench"}\` (the same name again replaces the copy), \`POST …/{id}/snapshots/bench/restore\`, \`POST …/{id}/reset\` (each after an untimed restore, so that it always clears n rows) and \`DELETE …/{id}\` (once). Median of ${d.repeat} (min–max in brackets), in ms. First pass: the sandbox alone in the database (with the demo sandbox); second pass: with ${fmt(d.others?.records ?? 0, 0)} vouchers of ${d.others?.sandboxes ?? 0} other sandboxes present${d.others ? ` (seeded in ${fmt(d.others.ms / 1000, 1)} s, ${fmt(d.others.vouchersPerSec, 0)}/s)` : ''}.`,
        '',
        `| records | rows in snapshot | ${passes.flatMap((p) => OPS.map((op) => `${op} ms${p === 'others' ? ' (others present)' : ''}`)).join(' | ')} |`,
        `| ---: | ---: | ${passes.flatMap(() => OPS.map(() => '---:')).join(' | ')} |`,
        ...CONFIG.SCALE_OPS_SIZES.map((n) => {
          const cells = passes.flatMap((p) => {
            const row = d.rows.find((x) => x.pass === p && x.records === n);
            return OPS.map((op) => (row ? `${fmt(row.ms[op].median, 1)} (${fmt(row.ms[op].min, 1)}–${fmt(row.ms[op].max, 1)})` : '–'));
          });
          return `| ${compact(n)} | ${fmt(d.rows.find((x) => x.records === n)?.snapshotRows, 0)} | ${cells.join(' | ')} |`;
        }),
        '',
        ...OPS.filter((op) => op !== 'delete').map((op) => {
          const alone = d.rows.filter((x) => x.pass === 'alone');
          if (alone.length < 2) return '';
          const a = alone[0];
          const b = alone[alone.length - 1];
          const perRow = (b.ms[op].median - a.ms[op].median) / (b.records - a.records);
          const withOthers = d.rows.find((x) => x.pass === 'others' && x.records === b.records);
          return `- ${OP_LABELS[op]}: ${fmt(a.ms[op].median, 1)} ms at ${compact(a.records)} → ${fmt(b.ms[op].median, 1)} ms at ${compact(b.records)} (${fmt(perRow * 1000, 2)} µs per extra row of the sandbox)${withOthers ? `; with others' rows present ${fmt(withOthers.ms[op].median, 1)} ms at ${compact(b.records)} (×${(withOthers.ms[op].median / b.ms[op].median).toFixed(2)})` : ''}`;
        }),
        '',
        '![sandbox operations](scale-sandbox-ops.svg)',
      ];
    }),
    ...section('journal', 'The request journal', () => {
      const d = r.journal!;
      const off = d.modes.find((m) => m.mode === 'off');
      const on = d.modes.find((m) => m.mode === 'default');
      const keys = ['read', 'list', 'large'] as const;
      const names = { read: 'read: GET /vouchers/{number}', list: 'list: GET /vouchers?site=0&limit=50', large: `large page: GET /vouchers?site=0&limit=${d.largeLimit}` };
      const lines = [
        `Two servers, one with the journal off (\`UNDERSTUDY_JOURNAL_LIMIT=0\`), one at its default (1000 entries per sandbox), each with one sandbox of vouchers. The large answer is a TouchOffice page of ${fmt(d.largeLimit, 0)} vouchers (${d.bytesPerVoucher} bytes each on the wire), about ${compact(CONFIG.SCALE_JOURNAL_BYTES)}B. "Stored" is what \`GET /_understudy/sandboxes/{id}/requests?limit=1\` returns for one such request (the length of its \`responseBody\` as text, and of the whole entry as JSON).`,
        '',
        '| load | answer bytes | journal off µs/req (p50 / p99 ms) | journal on µs/req (p50 / p99 ms) | journal share of the request | stored responseBody chars | stored entry bytes |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
        ...keys.map((k) => {
          const a = off?.loads[k];
          const b = on?.loads[k];
          const share = a && b ? (b.usPerRequest - a.usPerRequest) / b.usPerRequest : NaN;
          const s = on?.stored?.[k];
          return `| ${names[k]} | ${fmt(b?.bytes ?? a?.bytes, 0)} | ${a ? `${fmt(a.usPerRequest)} (${a.p50Ms} / ${a.p99Ms})` : '–'} | ${b ? `${fmt(b.usPerRequest)} (${b.p50Ms} / ${b.p99Ms})` : '–'} | ${Number.isFinite(share) ? `${(share * 100).toFixed(0)}%` : '–'} | ${s ? `${fmt(s.storedResponseChars, 0)}${s.truncated ? ' (cut)' : ''}` : '–'} | ${s ? fmt(s.storedEntryBytes, 0) : '–'} |`;
        }),
        '',
        `- Journal after the loads (\`GET /_understudy/health\` → journal): ${JSON.stringify(on?.journalAfter)}; \`shed\` in the sandbox's journal answer: ${on?.shedAfter ?? '–'}.`,
        `- "Journal share" is (on − off) / on of the per-request cost; negative or small values are within the noise of a ${CONFIG.SCALE_DURATION} s run.`,
      ];
      if ((on?.loads.large.bytes ?? 0) < CONFIG.SCALE_JOURNAL_BYTES * 0.9) lines.push(`- The large answer is ${on?.loads.large.bytes} bytes, short of ${CONFIG.SCALE_JOURNAL_BYTES}.`);
      return [...lines, '', '![journal](scale-journal.svg)'];
    }),
    ...section('memory', 'Memory', () => {
      const d = r.memory!;
      return [
        `One server: RSS idle (2 s after the ready line), after ${fmt(d.records, 0)} vouchers were loaded through the vendor API (${fmt(d.seeding.ms / 1000, 1)} s, ${fmt(d.seeding.vouchersPerSec, 0)}/s), then every ${CONFIG.SCALE_SAMPLE_SECONDS} s of ${d.soakSeconds} s of mixed load (${C} connections, each cycling through ${d.soakRequests.length} requests: ${d.soakRequests.join(', ')}; TouchOffice on the loaded sandbox, the other dialects on a demo sandbox).`,
        '',
        '| when | RSS MB |',
        '| --- | ---: |',
        `| idle | ${fmt(d.idleRssMb)} |`,
        `| right after ${compact(d.records)} vouchers loaded | ${fmt(d.afterSeedRssMb)} |`,
        `| 5 s later | ${fmt(d.settledRssMb)} |`,
        `| at the end of the load | ${fmt(d.endRssMb)} |`,
        `| ${CONFIG.SCALE_SAMPLE_SECONDS} s after the load | ${fmt(d.afterRssMb)} |`,
        '',
        `Load: ${fmt(d.requestsPerSec, 0)} req/s on average, ${fmt(d.requests, 0)} requests, ${d.non2xx} non-2xx, ${d.errors} errors. TouchOffice transactions: ${d.writes}. After the first ${d.warmupS} s (warm-up): ${fmt(d.steadyFirstMb)} MB → ${fmt(d.steadyLastMb)} MB, at most ${fmt(d.maxRssMb)} MB, trend ${fmt(d.slopeMbPerMin, 2)} MB per minute (least squares over the samples after warm-up).`,
        '',
        '| t (s) | RSS MB | req/s in the interval | non-2xx |',
        '| ---: | ---: | ---: | ---: |',
        ...d.samples.map((s) => `| ${s.t} | ${fmt(s.rssMb)} | ${fmt(s.reqPerSec, 0)} | ${s.non2xx} |`),
        '',
        '![memory](scale-memory.svg)',
      ];
    }),
    ...(notes.length ? ['## Notes', '', ...notes.map((n) => `- ${n}`), ''] : []),
  ];
  return md.join('\n');
}

function charts(): Record<string, string> {
  const r = results;
  const svgs: Record<string, string> = {};
  if (r.records) svgs.records = lineChart({ title: 'Per-request cost against the records of one sandbox', xLabel: 'vouchers in the sandbox', yLabel: 'µs per request (1e6 / req/s)', xLog: true, series: loadSeries(r.records.rows.map((row) => ({ x: row.records, loads: row.loads }))) });
  if (r.sandboxes) svgs.sandboxes = lineChart({ title: `Per-request cost with many sandboxes (measured sandbox: ${compact(r.sandboxes.sandboxRecords)} vouchers)`, xLabel: 'sandboxes in the database', yLabel: 'µs per request (1e6 / req/s)', xLog: true, series: loadSeries(r.sandboxes.rows.map((row) => ({ x: row.sandboxes, loads: row.loads }))) });
  if (r['sandbox-ops']) {
    const d = r['sandbox-ops'];
    const series: Series[] = [];
    for (const pass of ['alone', 'others'] as const) {
      for (const op of ['create', 'snapshot', 'restore', 'reset'] as const) {
        const rows = d.rows.filter((x) => x.pass === pass);
        if (rows.length) series.push({ name: `${op}${pass === 'others' ? ` (+${compact(d.others?.records ?? 0)} others' rows)` : ''}`, dashed: pass === 'others', points: rows.map((x) => ({ x: x.records, y: x.ms[op].median })) });
      }
    }
    svgs['sandbox-ops'] = lineChart({ title: 'Sandbox operations (median ms)', xLabel: "vouchers in the sandbox", yLabel: 'ms per operation', xLog: true, yLog: true, series });
  }
  if (r.journal) {
    const series: Series[] = r.journal.modes.map((m) => ({
      name: m.mode === 'off' ? 'journal off' : 'journal on (default)',
      points: (['read', 'list', 'large'] as const).map((k) => ({ x: m.loads[k].bytes ?? 0, y: m.loads[k].usPerRequest, label: `${k} ${fmt(m.loads[k].usPerRequest, 0)} µs` })),
    }));
    svgs.journal = lineChart({ title: 'Journal: per-request cost by answer size', xLabel: 'answer bytes', yLabel: 'µs per request', xLog: true, yLog: true, xTickLabel: (x) => `${compact(x)}B`, series });
  }
  if (r.memory) {
    const d = r.memory;
    svgs.memory = lineChart({
      title: `Server RSS during ${d.soakSeconds} s of mixed load (${compact(d.records)} vouchers loaded)`,
      xLabel: 'seconds into the load',
      yLabel: 'RSS MB',
      series: [{ name: 'RSS', points: d.samples.map((s) => ({ x: s.t, y: s.rssMb })) }],
      pointLabels: d.samples.length > 20 ? 'last' : 'all',
      hlines: [
        { y: d.idleRssMb, label: `idle ${d.idleRssMb} MB` },
        { y: d.settledRssMb, label: `after ${compact(d.records)} vouchers ${d.settledRssMb} MB` },
      ],
    });
  }
  return svgs;
}

function write(final: boolean) {
  const at = new Date().toISOString();
  const json = { at, startedAt: startedAt.toISOString(), final, engine, machine, config: CONFIG, seconds, loadAverage1m: load1, errors, notes, results };
  writeFileSync(join(out, `scale-${stamp}-${engine}.json`), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(join(out, `scale-latest-${engine}.md`), `${report()}\n`);
  for (const [name, svg] of Object.entries(charts())) writeFileSync(join(out, `scale-${name}.svg`), svg);
}

// ---------------------------------------------------------------------------------------------
// Run

const runners: Record<Curve, () => Promise<unknown>> = {
  records: curveRecords,
  sandboxes: curveSandboxes,
  'sandbox-ops': curveSandboxOps,
  journal: curveJournal,
  memory: curveMemory,
};
log(`bench:scale: ${CONFIG.SCALE_ONLY.join(', ')}; Node ${machine.node}, ${machine.cores} cores; results in bench/results/scale-${stamp}-${engine}.json`);
for (const curve of CURVES) {
  if (!CONFIG.SCALE_ONLY.includes(curve)) continue;
  log(`— ${curve}`);
  const t0 = performance.now();
  try {
    (results as Record<string, unknown>)[curve] = await runners[curve]();
  } catch (e) {
    errors[curve] = e instanceof Error ? (e.stack ?? e.message) : String(e);
    log(`${curve} failed:`, errors[curve]);
  }
  seconds[curve] = round((performance.now() - t0) / 1000, 1);
  load1[curve] = round(loadavg()[0], 2);
  write(false);
}
write(true);
rmSync(tmp, { recursive: true, force: true });
log(`done in ${fmt(Object.values(seconds).reduce((a, b) => a + b, 0), 0)} s: bench/results/scale-${stamp}-${engine}.json, scale-latest-${engine}.md, ${Object.keys(charts()).map((c) => `scale-${c}.svg`).join(', ')}`);
process.exit(Object.keys(errors).length ? 1 : 0);

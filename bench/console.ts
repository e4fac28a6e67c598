// `npm run bench:console`: the web console in headless Chromium (issue 14).
// - The page load event of the Requests view with 1,000 journal entries (the bound:
//   under 200 ms), and when the first page of 100 rows is drawn; cold (a fresh browser context
//   each time) and warm (a reload).
// - The same with the journal limit raised to 10,000 and a full journal; then paging (Older,
//   Newest) and a filter, each from the click to the rows drawn.
// - The baseline, in the same run: a bare Fastify server answering the same page, script and
//   stylesheet bytes (bench/console/baseline.ts); the ratios are Understudy's load over it.
// Results: bench/results/console-latest.md and a dated JSON file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT, spawnServer } from './harness.ts';

const RUNS = Number(process.env.BENCH_CONSOLE_RUNS ?? 15);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const tmp = mkdtempSync(join(tmpdir(), 'understudy-console-bench-'));
const server = await spawnServer(process.execPath, ['bin/understudy.js', 'serve', '--port', '0'], {
  UNDERSTUDY_DB: join(tmp, 'bench.db'),
  UNDERSTUDY_DATABASE_URL: '',
  DATABASE_URL: '',
  UNDERSTUDY_JOURNAL_LIMIT: '10000',
  LOG_LEVEL: 'warn',
});
const baseline = await spawnServer(process.execPath, ['--import', 'tsx', 'bench/console/baseline.ts', server.url]);
let browser: Browser | undefined;

async function control(method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}/_understudy${path}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  return res.status === 204 ? null : res.json();
}

/** `n` vendor requests into a new sandbox's journal, 16 at a time over HTTP. */
async function filled(n: number): Promise<string> {
  const sb = await control('POST', '/sandboxes', { name: `journal of ${n}` });
  const tak = sb.credentials.touchoffice.tak;
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < n) {
        const i = next++;
        const res = await fetch(`${server.url}/touchoffice/vouchers${i % 2 ? '' : '/ABCDEF123'}?TAK=${tak}&limit=1`);
        await res.arrayBuffer();
      }
    }),
  );
  const got = await control('GET', `/sandboxes/${sb.id}/requests?limit=1`);
  if (!got.requests.length) throw new Error('the journal is empty');
  return sb.id;
}

interface Load {
  loadEventMs: number;
  domContentLoadedMs: number;
  rowsMs: number | null;
}

async function measure(page: Page, rows: boolean): Promise<Load> {
  if (rows) await page.waitForFunction("document.querySelectorAll('#requests tbody tr[data-id]').length === 100", undefined, { polling: 'raf', timeout: 30_000 });
  await page.waitForFunction("performance.getEntriesByType('navigation')[0]?.loadEventEnd > 0");
  const rowsMs = rows ? ((await page.evaluate('performance.now()')) as number) : null;
  const nav = (await page.evaluate("(() => { const n = performance.getEntriesByType('navigation')[0]; return { l: n.loadEventStart, d: n.domContentLoadedEventEnd }; })()")) as { l: number; d: number };
  return { loadEventMs: nav.l, domContentLoadedMs: nav.d, rowsMs };
}

/** Cold and warm loads of each page, taken in turn (page 1, page 2, …, then again), so that no page gets a quieter moment of the machine or a warmer browser than another. */
async function loads(targets: Record<string, { url: string; rows: boolean }>): Promise<Record<string, { cold: Load[]; warm: Load[] }>> {
  const out: Record<string, { cold: Load[]; warm: Load[] }> = {};
  for (const name of Object.keys(targets)) out[name] = { cold: [], warm: [] };
  for (let i = 0; i < RUNS + 2; i++) {
    for (const [name, { url, rows }] of Object.entries(targets)) {
      const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(url);
      const c = await measure(page, rows);
      await page.reload();
      const w = await measure(page, rows);
      // The first two rounds are warm-up (the browser's own first loads).
      if (i >= 2) out[name].cold.push(c), out[name].warm.push(w);
      await context.close();
    }
  }
  return out;
}

// In-page timers, as source text: tsx names the functions it compiles (`__name`), which the page does
// not have. Evaluated text needs the contexts to bypass the page's CSP (it forbids eval); the page
// loads as it always does.
const CLICK = `(name) => new Promise((resolve, reject) => {
  const tbody = document.querySelector('#requests tbody');
  const first = () => tbody.querySelector('tr[data-id]')?.getAttribute('data-id');
  const was = first();
  const t0 = performance.now();
  const watch = new MutationObserver(() => { if (first() !== was) { watch.disconnect(); resolve(performance.now() - t0); } });
  watch.observe(tbody, { childList: true });
  setTimeout(() => reject(new Error('no new rows 10 s after clicking ' + name)), 10000);
  Array.from(document.querySelectorAll('button')).find((b) => b.textContent === name).click();
})`;
const FILTER = `() => new Promise((resolve, reject) => {
  const tbody = document.querySelector('#requests tbody');
  const t0 = performance.now();
  const watch = new MutationObserver(() => {
    const rows = tbody.querySelectorAll('tr[data-id]');
    if (rows.length && Array.from(rows).every((r) => r.textContent.includes('ABCDEF123'))) { watch.disconnect(); resolve(performance.now() - t0); }
  });
  watch.observe(tbody, { childList: true });
  setTimeout(() => reject(new Error('no filtered rows 10 s after the change')), 10000);
  const select = document.querySelector('select[name="method"]');
  document.querySelector('input[name="path"]').value = 'ABCDEF';
  select.value = 'GET';
  select.dispatchEvent(new Event('change'));
})`;

/** From a click (in the page) to the first row's id changing, in ms. */
const click = (page: Page, button: string): Promise<number> => page.evaluate(`(${CLICK})(${JSON.stringify(button)})`) as Promise<number>;
/** From a filter change to its rows drawn, in ms. */
const filter = (page: Page): Promise<number> => page.evaluate(`(${FILTER})()`) as Promise<number>;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : NaN;
};
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.9) - 1)];
const f = (n: number | null | undefined) => (n === null || n === undefined || Number.isNaN(n) ? '—' : n.toFixed(1));

try {
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const t0 = performance.now();
  const thousand = await filled(1000);
  const tenThousand = await filled(10_000);
  const seedS = (performance.now() - t0) / 1000;
  const view = (id: string) => `${server.url}/_understudy/console#/s/${id}/requests`;

  console.log(`bench: seeded in ${seedS.toFixed(1)} s; loading the pages`);
  const results = await loads({
    baseline: { url: `${baseline.url}/_understudy/console`, rows: false },
    j1000: { url: view(thousand), rows: true },
    j10000: { url: view(tenThousand), rows: true },
  });

  // Paging and filtering the 10,000-entry journal.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(view(tenThousand));
  await measure(page, true);
  const older: number[] = [];
  const newest: number[] = [];
  const filters: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    older.push(await click(page, 'Older'));
    older.push(await click(page, 'Older'));
    newest.push(await click(page, 'Newest'));
  }
  for (let i = 0; i < RUNS; i++) {
    await page.reload();
    await measure(page, true);
    filters.push(await filter(page));
  }
  const dom = (await page.evaluate("document.querySelectorAll('tr').length")) as number;
  await context.close();

  const row = (what: string, loads: Load[], base?: Load[]) => {
    const load = median(loads.map((l) => l.loadEventMs));
    const b = base ? median(base.map((l) => l.loadEventMs)) : NaN;
    return `| ${what} | ${f(load)} | ${f(p90(loads.map((l) => l.loadEventMs)))} | ${f(median(loads.map((l) => l.domContentLoadedMs)))} | ${loads[0].rowsMs === null ? '—' : f(median(loads.map((l) => l.rowsMs!)))} | ${base ? (load / b).toFixed(2) : '1.00'} | ${load < 200 ? 'yes' : 'no'} |`;
  };
  const when = new Date().toISOString();
  const md = [
    `# Console page load (bench/console.ts)`,
    '',
    `${when}; Node ${process.version}; Chromium ${browser.version()} headless; SQLite file; ${RUNS} rounds after 2 warm-up rounds, each round loading every page in turn, cold (a new browser context) then warm (a reload); the journal limit 10,000. Seeding 11,000 vendor requests over HTTP took ${seedS.toFixed(1)} s.`,
    '',
    'Milliseconds from navigation start, medians (p90 of the load event alongside). "Rows": when the first page of 100 journal rows is drawn (the journal is read by the page after it loads). Ratio: Understudy\'s load event over the baseline\'s, a bare Fastify 5 server answering the same page, script and stylesheet bytes.',
    '',
    '| page | load event | load p90 | DOMContentLoaded | rows drawn | ratio to baseline | load under 200 ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    row('baseline (same bytes, bare Fastify), cold', results.baseline.cold),
    row('baseline, warm (reload)', results.baseline.warm),
    row('Requests, 1,000 entries, cold', results.j1000.cold, results.baseline.cold),
    row('Requests, 1,000 entries, warm', results.j1000.warm, results.baseline.warm),
    row('Requests, 10,000 entries, cold', results.j10000.cold, results.baseline.cold),
    row('Requests, 10,000 entries, warm', results.j10000.warm, results.baseline.warm),
    '',
    `Paging the 10,000-entry journal, from the click to the new first row (median / p90 over ${older.length}, ${newest.length} and ${filters.length} clicks): Older ${f(median(older))} / ${f(p90(older))} ms, Newest ${f(median(newest))} / ${f(p90(newest))} ms, a filter (method GET, path "ABCDEF", run on the server) ${f(median(filters))} / ${f(p90(filters))} ms. The page held ${dom} table rows at the end (a page of 100 and the headers).`,
    '',
  ].join('\n');
  writeFileSync(join(ROOT, 'bench/results/console-latest.md'), md);
  writeFileSync(join(ROOT, `bench/results/console-${when.replace(/[:.]/g, '-')}.json`), JSON.stringify({ when, runs: RUNS, results, older, newest, filters }, null, 2));
  console.log(md);
} finally {
  await browser?.close();
  server.proc.kill('SIGTERM');
  baseline.proc.kill('SIGTERM');
  rmSync(tmp, { recursive: true, force: true });
}

import { describe, expect, it } from 'vitest';
import { testApp, useSandbox, useTestApp, type TestApp } from '../helpers/app.ts';
import { journalEntry } from '../helpers/journal-entry.ts';

/**
 * `GET /_understudy/sandboxes/{id}/requests`: filters (`method`, `status`, `path`, with
 * `dialect`), `before` to page back through the journal newest first, and `more`: whether older
 * entries that match exist past the page. The same on SQLite and PostgreSQL.
 */
type Entry = { id: number; method: string; path: string; status: number; dialect: string };

const entryOf = (sandboxId: string, path: string, over: Record<string, unknown> = {}) => journalEntry(sandboxId, path, { responseBody: null, ...over });

/** Entries written straight through the journal (its queue holds 5,000: flushed every 2,000). */
async function fill(t: TestApp, sandboxId: string, entries: Array<[string, Record<string, unknown>?]>): Promise<void> {
  for (let i = 0; i < entries.length; i++) {
    t.core.journal.record(entryOf(sandboxId, entries[i][0], entries[i][1]));
    if (i % 2000 === 1999) await t.core.journal.flush();
  }
  await t.core.journal.flush();
}

describe('journal filters, paging and more', () => {
  const app = useTestApp();
  const own = useSandbox(app, 'empty');

  const page = async (query: string, sandbox = own.id) => {
    const res = await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${sandbox}/requests${query}` });
    expect(res.status, res.text).toBe(200);
    return res.body as { requests: Entry[]; shed: number; more: boolean };
  };
  const paths = async (query: string) => (await page(query)).requests.map((e) => e.path);

  it('method, in any case', async () => {
    await fill(app.t, own.id, [['/a', { method: 'POST' }], ['/b'], ['/c', { method: 'PATCH' }], ['/d', { method: 'POST' }]]);
    expect(await paths('?method=post')).toEqual(['/d', '/a']);
    expect(await paths('?method=POST')).toEqual(['/d', '/a']);
    expect(await paths('?method=Patch')).toEqual(['/c']);
    expect(await paths('?method=delete')).toEqual([]);
  });

  it('status: a class (1xx … 5xx) or an exact code', async () => {
    await fill(app.t, own.id, [['/ok', { status: 200 }], ['/created', { status: 201 }], ['/moved', { status: 302 }], ['/missing', { status: 404 }], ['/teapot', { status: 418 }], ['/down', { status: 503 }]]);
    expect(await paths('?status=2xx')).toEqual(['/created', '/ok']);
    expect(await paths('?status=4xx')).toEqual(['/teapot', '/missing']);
    expect(await paths('?status=5xx')).toEqual(['/down']);
    expect(await paths('?status=1xx')).toEqual([]);
    expect(await paths('?status=404')).toEqual(['/missing']);
    expect(await paths('?status=302')).toEqual(['/moved']);
    expect(await paths('?status=500')).toEqual([]);
  });

  it('path: a substring, ASCII letters in any case, with % _ and \\ taken literally', async () => {
    await fill(app.t, own.id, [['/Vouchers/ABC123'], ['/vouchers/abc124'], ['/voucher_transactions'], ['/voucherXtransactions'], ['/discount/50%'], ['/discount/500'], ['/back\\slash'], ['/backXslash'], ['/café/Ünïcode']]);
    expect(await paths('?path=VOUCHERS/abc')).toEqual(['/vouchers/abc124', '/Vouchers/ABC123']);
    expect(await paths('?path=abc123')).toEqual(['/Vouchers/ABC123']);
    // `_` and `%` are not LIKE wildcards here.
    expect(await paths('?path=r_t')).toEqual(['/voucher_transactions']);
    expect(await paths(`?path=${encodeURIComponent('50%')}`)).toEqual(['/discount/50%']);
    expect(await paths(`?path=${encodeURIComponent('%')}`)).toEqual(['/discount/50%']);
    expect(await paths(`?path=${encodeURIComponent('\\s')}`)).toEqual(['/back\\slash']);
    // Non-ASCII letters match as written (both engines fold A-Z only).
    expect(await paths(`?path=${encodeURIComponent('café/Ü')}`)).toEqual(['/café/Ünïcode']);
    expect(await paths(`?path=${encodeURIComponent('CAFÉ')}`)).toEqual([]);
    expect(await paths(`?path=${encodeURIComponent('CAFé/Ü')}`)).toEqual(['/café/Ünïcode']);
    // An empty path filters nothing.
    expect(await paths('?path=')).toHaveLength(9);
  });

  it('every filter together, with dialect, since and before', async () => {
    await fill(app.t, own.id, [
      ['/vouchers/1', { method: 'POST', status: 201 }],
      ['/vouchers/2', { method: 'POST', status: 400 }],
      ['/vouchers/3', { method: 'POST', status: 201, dialect: 'revel' }],
      ['/vouchers/4', { method: 'GET', status: 201 }],
      ['/other/5', { method: 'POST', status: 201 }],
      ['/vouchers/6', { method: 'POST', status: 201 }],
      ['/vouchers/7', { method: 'POST', status: 201 }],
    ]);
    const all = (await page('')).requests;
    const idOf = (p: string) => all.find((e) => e.path === p)!.id;
    expect(await paths('?dialect=touchoffice&method=post&status=2xx&path=VOUCHERS')).toEqual(['/vouchers/7', '/vouchers/6', '/vouchers/1']);
    expect(await paths(`?dialect=touchoffice&method=post&status=2xx&path=VOUCHERS&before=${idOf('/vouchers/7')}`)).toEqual(['/vouchers/6', '/vouchers/1']);
    expect(await paths(`?dialect=touchoffice&method=post&status=201&path=vouchers&since=${idOf('/vouchers/1')}&before=${idOf('/vouchers/7')}`)).toEqual(['/vouchers/6']);
  });

  it('more: whether older matching entries exist past the page; before pages back to the end', async () => {
    await fill(app.t, own.id, [['/p1'], ['/p2', { status: 500 }], ['/p3'], ['/p4'], ['/p5', { status: 500 }]]);
    const first = await page('?limit=2');
    expect(first.requests.map((e) => e.path)).toEqual(['/p5', '/p4']);
    expect(first).toMatchObject({ more: true, shed: 0 });
    const second = await page(`?limit=2&before=${first.requests[1].id}`);
    expect(second.requests.map((e) => e.path)).toEqual(['/p3', '/p2']);
    expect(second.more).toBe(true);
    const last = await page(`?limit=2&before=${second.requests[1].id}`);
    expect(last.requests.map((e) => e.path)).toEqual(['/p1']);
    expect(last.more).toBe(false);
    // Exactly the page's size left: no more.
    expect((await page(`?limit=3&before=${first.requests[1].id}`)).more).toBe(false);
    // With a filter: more counts only entries that match.
    const failed = await page('?status=5xx&limit=1');
    expect(failed.requests.map((e) => e.path)).toEqual(['/p5']);
    expect(failed.more).toBe(true);
    expect(await page(`?status=5xx&limit=1&before=${failed.requests[0].id}`)).toMatchObject({ more: false, requests: [{ path: '/p2' }] });
    expect((await page('?limit=5')).more).toBe(false);
    expect((await page('')).more).toBe(false);
  });

  it('bad filters are 400 {"error"}', async () => {
    for (const q of ['?status=6xx', '?status=0xx', '?status=40', '?status=4XX', '?status=2000', '?status=abc', '?method=G3T', '?method=', '?before=0', '?before=-3', '?before=x', `?path=${'p'.repeat(501)}`]) {
      const res = await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${own.id}/requests${q}` });
      expect({ q, status: res.status, body: res.body }).toEqual({ q, status: 400, body: { error: expect.any(String) } });
    }
  });
});

describe('paging through a full journal of 10,000', () => {
  it('pages of 100 with before: every entry once, newest first, and more until the last page', async () => {
    const t = await testApp({ journalLimit: 10_000 });
    try {
      const sb = await t.sandbox('empty');
      const n = 10_000;
      await fill(
        t,
        sb.id,
        Array.from({ length: n }, (_, i) => [`/entry/${i}`, i % 4 === 0 ? { method: 'POST', status: 503 } : {}]),
      );
      // A neighbour's journal interleaved with this one's ids.
      const other = await t.sandbox('empty');
      await fill(t, other.id, [['/other/1'], ['/other/2']]);

      const walk = async (filter: string) => {
        const seen: Entry[] = [];
        let before: number | undefined;
        let pages = 0;
        for (;;) {
          const res = await t.call({ method: 'GET', url: `/_understudy/sandboxes/${sb.id}/requests?limit=100${filter}${before === undefined ? '' : `&before=${before}`}` });
          expect(res.status).toBe(200);
          const { requests, more } = res.body as { requests: Entry[]; more: boolean };
          pages++;
          seen.push(...requests);
          if (!more) break;
          expect(requests).toHaveLength(100);
          before = requests[requests.length - 1].id;
        }
        return { seen, pages };
      };

      const started = performance.now();
      const { seen, pages } = await walk('');
      const ms = performance.now() - started;
      expect(pages).toBe(100);
      expect(seen).toHaveLength(n);
      expect(new Set(seen.map((e) => e.id)).size).toBe(n);
      expect(seen.every((e, i) => i === 0 || e.id < seen[i - 1].id)).toBe(true);
      expect(seen.map((e) => e.path)).toEqual(Array.from({ length: n }, (_, i) => `/entry/${n - 1 - i}`));
      // Each page is an index range (sandbox, id), not a scan of the journal.
      expect(ms / pages).toBeLessThan(200);

      const failed = await walk('&method=post&status=5xx');
      expect(failed.pages).toBe(25);
      expect(failed.seen.map((e) => e.path)).toEqual(Array.from({ length: n / 4 }, (_, i) => `/entry/${n - 4 - 4 * i}`));
    } finally {
      await t.close();
    }
  }, 120_000);
});

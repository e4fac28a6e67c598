import { describe, expect, it } from 'vitest';
import { testApp, useSandbox, useTestApp } from '../helpers/app.ts';

/**
 * Every sandbox answer carries `requestCount` (its vendor requests journaled since it was
 * created, not lowered by the journal's trim) and `lastRequestAt` (ISO-8601, or null before the
 * first): kept in `sandbox_activity`, one row per sandbox, written with each journal batch.
 */
describe('sandbox activity: requestCount and lastRequestAt', () => {
  const app = useTestApp();
  const own = useSandbox(app);

  const get = async (id = own.id) => (await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${id}` })).body;
  const listed = async (id = own.id) => (await app.t.call({ method: 'GET', url: '/_understudy/sandboxes' })).body.sandboxes.find((s: { id: string }) => s.id === id);
  const voucher = (n: string, tak = own.tak) => app.t.call({ method: 'GET', url: `/touchoffice/vouchers/${n}?TAK=${tak}` });
  const settle = () => app.t.core.journal.flush();

  it('a new sandbox: 0 and null, in POST, GET one and the list', async () => {
    const created = await app.t.call({ method: 'POST', url: '/_understudy/sandboxes', payload: { fixtures: 'empty' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ requestCount: 0, lastRequestAt: null });
    expect(await get(created.body.id)).toMatchObject({ requestCount: 0, lastRequestAt: null });
    expect(await listed(created.body.id)).toMatchObject({ requestCount: 0, lastRequestAt: null });
  });

  it('counts each vendor request journaled; lastRequestAt is the newest entry’s time', async () => {
    for (const n of ['A1', 'A2', 'A3']) expect((await voucher(n)).status).toBe(200);
    // Control calls are not vendor requests.
    await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${own.id}/clock` });
    await settle();
    const newest = (await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${own.id}/requests?limit=1` })).body.requests[0];
    const one = await get();
    expect(one).toMatchObject({ requestCount: 3, lastRequestAt: newest.at });
    expect(one.lastRequestAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(await listed()).toMatchObject({ requestCount: 3, lastRequestAt: newest.at });
    // Requests of another sandbox count there only.
    const other = await app.t.sandbox('demo');
    expect((await voucher('B1', other.credentials.touchoffice.tak)).status).toBe(200);
    await settle();
    expect((await get()).requestCount).toBe(3);
    expect((await get(other.id)).requestCount).toBe(1);
  });

  it('counts every entry of a batch, across sandboxes, and failed ones too', async () => {
    const other = await app.t.sandbox('empty');
    const entry = (sandboxId: string, at: number) => ({ sandboxId, at, dialect: 'touchoffice', method: 'GET', path: '/x', query: {}, status: 503, durationMs: 1, requestBody: null, responseBody: null, secrets: [] });
    const t0 = Date.parse('2030-01-01T00:00:00.000Z');
    // One batch: out of time order, two sandboxes.
    app.t.core.journal.record(entry(own.id, t0 + 5000));
    app.t.core.journal.record(entry(other.id, t0));
    app.t.core.journal.record(entry(own.id, t0 + 1000));
    app.t.core.journal.record(entry(own.id, t0 + 3000));
    await settle();
    expect(await get()).toMatchObject({ requestCount: 3, lastRequestAt: '2030-01-01T00:00:05.000Z' });
    expect(await get(other.id)).toMatchObject({ requestCount: 1, lastRequestAt: '2030-01-01T00:00:00.000Z' });
    // A later batch with an older time does not move lastRequestAt back.
    app.t.core.journal.record(entry(own.id, t0 - 1000));
    await settle();
    expect(await get()).toMatchObject({ requestCount: 4, lastRequestAt: '2030-01-01T00:00:05.000Z' });
  });

  it('a batch that fails is written entry by entry: each counts once', async () => {
    const entry = (path: string) => ({ sandboxId: own.id, at: Date.now(), dialect: 'touchoffice', method: 'POST', path, query: {}, status: 200, durationMs: 1, requestBody: null, responseBody: null, secrets: [] });
    // The batch's transaction fails once; the writer then writes each entry in one of its own.
    const db = app.t.core.db as unknown as { transaction: () => unknown };
    const original = db.transaction;
    let failures = 1;
    db.transaction = function (this: unknown) {
      if (failures-- > 0) return { execute: async () => Promise.reject(new Error('a batch that fails')) };
      return original.call(this);
    };
    try {
      for (const p of ['/one', '/two', '/three']) app.t.core.journal.record(entry(p));
      await settle();
    } finally {
      db.transaction = original;
    }
    expect(failures).toBeLessThan(0);
    const journal = (await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${own.id}/requests` })).body.requests;
    expect(journal.map((e: { path: string }) => e.path)).toEqual(['/three', '/two', '/one']);
    expect((await get()).requestCount).toBe(3);
  });

  it('reset, snapshot and restore leave it as it is', async () => {
    for (const n of ['R1', 'R2']) await voucher(n);
    await settle();
    const before = await get();
    expect(before.requestCount).toBe(2);
    expect((await app.t.call({ method: 'POST', url: `/_understudy/sandboxes/${own.id}/snapshots`, payload: { name: 'two' } })).status).toBe(201);
    await voucher('R3');
    await settle();
    expect((await app.t.call({ method: 'POST', url: `/_understudy/sandboxes/${own.id}/snapshots/two/restore` })).status).toBe(200);
    expect((await get()).requestCount).toBe(3);
    expect((await app.t.call({ method: 'POST', url: `/_understudy/sandboxes/${own.id}/reset` })).status).toBe(200);
    const after = await get();
    expect(after.requestCount).toBe(3);
    expect(after.lastRequestAt).not.toBeNull();
  });

  it('goes with the sandbox: no row is left, and none comes back from entries written after the deletion', async () => {
    const sb = await app.t.sandbox('demo');
    await voucher('D1', sb.credentials.touchoffice.tak);
    await settle();
    const rows = () => app.t.core.db.selectFrom('sandbox_activity').selectAll().where('sandbox_id', '=', sb.id).execute();
    expect(await rows()).toHaveLength(1);
    expect((await app.t.call({ method: 'DELETE', url: `/_understudy/sandboxes/${sb.id}` })).status).toBe(204);
    expect(await rows()).toEqual([]);
    app.t.core.journal.record({ sandboxId: sb.id, at: Date.now(), dialect: 'touchoffice', method: 'GET', path: '/late', query: {}, status: 200, durationMs: 1, requestBody: null, responseBody: null, secrets: [] });
    await settle();
    expect(await rows()).toEqual([]);
  });
});

describe('sandbox activity past the journal limit', () => {
  it("is not lowered when the journal trims its oldest entries", async () => {
    const t = await testApp({ journalLimit: 3 });
    try {
      const sb = await t.sandbox('demo');
      for (let i = 0; i < 7; i++) await t.call({ method: 'GET', url: `/touchoffice/vouchers/T${i}?TAK=${sb.credentials.touchoffice.tak}` });
      await t.core.journal.flush();
      // Past the trim (about a second after the writes).
      await new Promise((r) => setTimeout(r, 1300));
      expect((await t.call({ method: 'GET', url: `/_understudy/sandboxes/${sb.id}/requests?limit=100` })).body.requests).toHaveLength(3);
      expect((await t.call({ method: 'GET', url: `/_understudy/sandboxes/${sb.id}` })).body.requestCount).toBe(7);
    } finally {
      await t.close();
    }
  });

  it('with the journal off (limit 0) nothing is journaled, so nothing is counted', async () => {
    const t = await testApp({ journalLimit: 0 });
    try {
      const sb = await t.sandbox('demo');
      await t.call({ method: 'GET', url: `/touchoffice/vouchers/OFF?TAK=${sb.credentials.touchoffice.tak}` });
      await t.core.journal.flush();
      expect((await t.call({ method: 'GET', url: `/_understudy/sandboxes/${sb.id}` })).body).toMatchObject({ requestCount: 0, lastRequestAt: null });
    } finally {
      await t.close();
    }
  });
});

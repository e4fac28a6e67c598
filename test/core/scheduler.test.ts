import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINE, testApp, useProbeApp, useSandbox } from '../helpers/app.ts';
import { probe } from '../helpers/probe-dialect.ts';

/**
 * Issue 8: one core table of timers and one worker on the sandbox clock. Jobs run inside a
 * sandbox transaction that deletes their timer; timers move with the clock, survive restarts,
 * are copied by snapshots and cleared by reset; the control API lists them and runs due ones.
 */
describe('the scheduler (probe dialect: an item with ttlSeconds expires by the sandbox clock)', () => {
  const app = useProbeApp({ timerPollMs: 50 });
  const own = useSandbox(app);
  const keys = () => ({ 'x-probe-key': own.credentials.probe.key, 'x-probe-secret': own.credentials.probe.secret });
  const control = () => `/_understudy/sandboxes/${own.id}`;
  const addItem = async (name: string, ttlSeconds?: number) => (await app.t.call({ method: 'POST', url: '/probe/items', headers: keys(), payload: { name, ...(ttlSeconds ? { ttlSeconds } : {}) } })).body;
  const names = async () => (await app.t.call({ method: 'GET', url: '/probe/items', headers: keys() })).body.items.map((i: { name: string }) => i.name);
  const timers = async () => (await app.t.call({ method: 'GET', url: `${control()}/timers` })).body.timers;
  const clock = (payload: object) => app.t.call({ method: 'PUT', url: `${control()}/clock`, payload });
  const eventually = async (check: () => Promise<boolean>, ms = 1000) => {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 20));
    }
    return true;
  };

  it('lists a pending timer by the sandbox clock; advancing the clock past it runs its job within a second', async () => {
    await clock({ now: '2031-05-01T10:00:00Z', frozen: true });
    const item = await addItem('short-lived', 3600);
    expect(await timers()).toEqual([{ dialect: 'probe', job: 'expire', key: item.id, dueAt: '2031-05-01T11:00:00.000Z', due: false, failures: 0 }]);
    await clock({ advanceSeconds: 3599 });
    await new Promise((r) => setTimeout(r, 200));
    expect(await names()).toContain('short-lived');
    const moved = Date.now();
    await clock({ advanceSeconds: 1 });
    expect(await eventually(async () => !(await names()).includes('short-lived'))).toBe(true);
    expect(Date.now() - moved).toBeLessThan(1000);
    expect(await timers()).toEqual([]);
  });

  it('POST timers/run runs every due timer now, and only due ones', async () => {
    await app.t.core.scheduler.stop();
    try {
      await clock({ now: '2031-05-01T10:00:00Z', frozen: true });
      await addItem('soon', 60);
      await addItem('later', 7200);
      await clock({ advanceSeconds: 120 });
      expect((await timers()).map((t: { due: boolean }) => t.due)).toEqual([true, false]);
      expect((await app.t.call({ method: 'POST', url: `${control()}/timers/run` })).body).toEqual({ ran: 1 });
      expect(await names()).toEqual(['seeded', 'later']);
      expect((await app.t.call({ method: 'POST', url: `${control()}/timers/run` })).body).toEqual({ ran: 0 });
    } finally {
      app.t.core.scheduler.start();
    }
  });

  it('a job sends its events through the outbox, written with the change', async () => {
    await app.t.call({ method: 'PUT', url: `${control()}/webhooks/probe`, payload: { url: 'http://127.0.0.1:9/hook' } });
    await clock({ now: '2031-05-01T10:00:00Z', frozen: true });
    const item = await addItem('watched', 10);
    await clock({ advanceSeconds: 10 });
    expect(
      await eventually(async () => {
        const { deliveries } = (await app.t.call({ method: 'GET', url: `${control()}/deliveries` })).body;
        return deliveries.some((d: { event: string; payload: { id: string } }) => d.event === 'item.expired' && d.payload.id === item.id);
      }),
    ).toBe(true);
  });

  it('snapshots copy timers, restore brings them back, reset clears them', async () => {
    await clock({ now: '2031-05-01T10:00:00Z', frozen: true });
    const item = await addItem('kept', 3600);
    expect((await app.t.call({ method: 'POST', url: `${control()}/snapshots`, payload: { name: 's' } })).status).toBe(201);
    expect((await app.t.call({ method: 'POST', url: `${control()}/reset` })).status).toBe(200);
    expect(await timers()).toEqual([]);
    expect((await app.t.call({ method: 'POST', url: `${control()}/snapshots/s/restore` })).status).toBe(200);
    expect((await timers()).map((t: { key: string }) => t.key)).toEqual([item.id]);
    await clock({ advanceSeconds: 3600 });
    expect(await eventually(async () => !(await names()).includes('kept'))).toBe(true);
  });

  it('a timer of a deleted sandbox goes with it', async () => {
    await addItem('orphan', 5);
    expect((await app.t.call({ method: 'DELETE', url: control() })).status).toBe(204);
    const left = await app.t.core.db.selectFrom('timers').select('key').where('sandbox_id', '=', own.id).execute();
    expect(left).toEqual([]);
  });
});

describe('the scheduler across a restart, and at a stop', () => {
  it('a timer set before a stop fires in the next server on the same database', async () => {
    const file = ENGINE === 'sqlite' ? join(mkdtempSync(join(tmpdir(), 'understudy-timers-')), 'db.sqlite') : ':memory:';
    const overrides = { sqlitePath: file, databaseSchema: 'understudy_probe', timerPollMs: 50 };
    const first = await testApp(overrides, [probe]);
    const sb = await first.sandbox('empty');
    const headers = { 'x-probe-key': sb.credentials.probe.key, 'x-probe-secret': sb.credentials.probe.secret };
    await first.call({ method: 'PUT', url: `/_understudy/sandboxes/${sb.id}/clock`, payload: { now: '2031-01-01T00:00:00Z', frozen: true } });
    await first.call({ method: 'POST', url: '/probe/items', headers, payload: { name: 'across', ttlSeconds: 60 } });
    await first.close();

    const second = await testApp(overrides, [probe]);
    try {
      await second.call({ method: 'PUT', url: `/_understudy/sandboxes/${sb.id}/clock`, payload: { advanceSeconds: 60 } });
      const deadline = Date.now() + 1000;
      let items: unknown[] = [{}];
      while (items.length && Date.now() < deadline) {
        items = (await second.call({ method: 'GET', url: '/probe/items', headers })).body.items;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(items).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it('stopping the server stops the scheduler before the database closes: a job under way finishes, none starts after', async () => {
    const t = await testApp({ databaseSchema: 'understudy_probe', timerPollMs: 10 }, [probe]);
    const errors: unknown[] = [];
    const log = t.core.log as unknown as { error: (...a: unknown[]) => void };
    const original = log.error.bind(log);
    log.error = (...a: unknown[]) => {
      errors.push(a);
      original(...a);
    };
    const sb = await t.sandbox('empty');
    const headers = { 'x-probe-key': sb.credentials.probe.key, 'x-probe-secret': sb.credentials.probe.secret };
    await t.call({ method: 'PUT', url: `/_understudy/sandboxes/${sb.id}/clock`, payload: { now: '2031-01-01T00:00:00Z', frozen: true } });
    for (let i = 0; i < 20; i++) await t.call({ method: 'POST', url: '/probe/items', headers, payload: { name: `n${i}`, ttlSeconds: 1 } });
    await t.call({ method: 'PUT', url: `/_understudy/sandboxes/${sb.id}/clock`, payload: { advanceSeconds: 1 } });
    await t.close();
    // A tick after the close would have found the database closed and logged it.
    await new Promise((r) => setTimeout(r, 100));
    expect(errors).toEqual([]);
  });
});

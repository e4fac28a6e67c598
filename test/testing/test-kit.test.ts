import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ControlApiError, createSandbox, startUnderstudy, useSandbox, useUnderstudy, type SandboxHandle } from 'understudy/testing';
import { ENGINE, TEST_DATABASE_URL } from '../helpers/app.ts';
import { buildBundle } from '../helpers/process.ts';
import { Receiver, until } from '../helpers/receiver.ts';

/**
 * understudy/testing: useUnderstudy starts `understudy serve` as a child process (on PostgreSQL
 * when the suite runs there), useSandbox gives each test a sandbox of its own; every helper of
 * the handle is checked against what the server then does.
 */
const hooks = { beforeAll, afterAll, beforeEach, afterEach };
beforeAll(() => buildBundle(), 60_000);

const fast = { LOG_LEVEL: 'silent', UNDERSTUDY_DELIVERY_BACKOFF_MS: '50', UNDERSTUDY_DELIVERY_POLL_MS: '25' };
const server = useUnderstudy({ hooks, databaseUrl: TEST_DATABASE_URL, env: fast });

describe('understudy/testing: useUnderstudy + useSandbox', () => {
  const sandbox = useSandbox(server, { hooks, fixtures: 'demo', name: 'kit test' });
  const seen: string[] = [];
  const tak = () => sandbox.credentials.touchoffice.tak;
  const vouchers = async (query = '') => (await fetch(`${sandbox.urls.touchoffice}/vouchers?TAK=${tak()}${query}`)).json();
  const addVoucher = (number: string) =>
    fetch(`${sandbox.urls.touchoffice}/vouchers?TAK=${tak()}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ number, site: 0, type: 1, value: 10, active: true }]),
    });
  afterEach(() => {
    seen.push(sandbox.id);
  });

  it('serves a child process on the engine under test, with each dialect at its urls entry', async () => {
    expect(server.mode).toBe('process');
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await server.client.health()).engine).toBe(ENGINE);
    const base = server.url;
    expect(sandbox.urls).toEqual({
      touchoffice: `${base}/touchoffice`,
      revel: `${base}/revel`,
      comeback: `${base}/comeback/v1`,
      intouch: `${base}/intouch/api/v1`,
      reversio: `${base}/reversio/api/v1`,
    });
    const revel = await fetch(`${sandbox.urls.revel}/resources/Product/919/`, { headers: { 'API-AUTHENTICATION': `${sandbox.credentials.revel.apiKey}:${sandbox.credentials.revel.apiSecret}` } });
    expect(revel.status).toBe(200);
    const comeback = await fetch(`${sandbox.urls.comeback}/customers/33f9dc36-5e99-4044-8e2e-9b22c403c5f7`, { headers: { authorization: sandbox.credentials.comeback.token } });
    expect(comeback.status).toBe(200);
    expect((await vouchers('&site=1')).vouchers.length).toBeGreaterThan(0);
  });

  it('gives each test a new sandbox (name, fixtures as asked) and deletes the previous one', async () => {
    expect(seen).toHaveLength(1);
    expect(sandbox.id).not.toBe(seen[0]);
    expect(sandbox.sandbox).toMatchObject({ id: sandbox.id, name: 'kit test', fixtures: 'demo' });
    const err = await server.client.sandboxes.get(seen[0]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ControlApiError);
    expect((err as ControlApiError).status).toBe(404);
    expect(sandbox.client).toBe(server.client);
  });

  it('clock.set freezes at the time given (or runs on from it), clock.advance moves it, clock.real restores real time', async () => {
    expect(await sandbox.clock.set('2030-06-01T12:00:00Z')).toEqual({ now: '2030-06-01T12:00:00.000Z', frozen: true });
    expect(await sandbox.clock.advance(90)).toEqual({ now: '2030-06-01T12:01:30.000Z', frozen: true });
    expect(await sandbox.clock.get()).toEqual({ now: '2030-06-01T12:01:30.000Z', frozen: true });
    const running = await sandbox.clock.set(new Date('2029-01-01T00:00:00Z'), { frozen: false });
    expect(running.frozen).toBe(false);
    expect(Date.parse(running.now) - Date.parse('2029-01-01T00:00:00Z')).toBeLessThan(5000);
    const real = await sandbox.clock.real();
    expect(real.frozen).toBe(false);
    expect(Math.abs(Date.parse(real.now) - Date.now())).toBeLessThan(60_000);
  });

  it('requests() is the journal of the sandbox, newest first, with its query', async () => {
    await vouchers('&number=A1');
    await vouchers('&number=A2');
    const entries = await sandbox.requests();
    expect(entries.map((e) => e.query.number)).toEqual(['A2', 'A1']);
    expect(entries[0]).toMatchObject({ dialect: 'touchoffice', method: 'GET', path: '/vouchers', status: 200 });
    expect(await sandbox.requests({ dialect: 'revel' })).toEqual([]);
    expect((await sandbox.requests({ limit: 1 })).map((e) => e.query.number)).toEqual(['A2']);
  });

  it('faults.set makes the next calls fail as told, faults.clear stops it', async () => {
    await sandbox.faults.set([{ dialect: 'touchoffice', path: '/vouchers', status: 503 }]);
    expect(await sandbox.faults.get()).toHaveLength(1);
    expect((await fetch(`${sandbox.urls.touchoffice}/vouchers?TAK=${tak()}`)).status).toBe(503);
    expect((await fetch(`${sandbox.urls.touchoffice}/vouchers?TAK=${tak()}`)).status).toBe(503);
    await sandbox.faults.clear();
    expect(await sandbox.faults.get()).toEqual([]);
    expect((await fetch(`${sandbox.urls.touchoffice}/vouchers?TAK=${tak()}`)).status).toBe(200);
  });

  it('snapshot and restore bring the data back; reset goes back to the fixtures', async () => {
    expect((await sandbox.snapshot('one')).name).toBe('one');
    await addVoucher('SNAP-1');
    expect((await vouchers('&number=SNAP-1')).status).toBe(1);
    expect(await sandbox.restore('one')).toEqual({ id: sandbox.id, restored: 'one' });
    expect((await vouchers('&number=SNAP-1')).status).toBe(0);
    await addVoucher('RESET-1');
    expect(await sandbox.reset()).toEqual({ id: sandbox.id, reset: true });
    expect((await vouchers('&number=RESET-1')).status).toBe(0);
  });

  it('webhooks.set and deliveries() show the outgoing webhooks, attempts included', async () => {
    const receiver = new Receiver();
    try {
      await sandbox.webhooks.set('comeback', await receiver.listen());
      receiver.failures = 1;
      const res = await fetch(`${sandbox.urls.comeback}/customers`, {
        method: 'POST',
        headers: { authorization: sandbox.credentials.comeback.token, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Selina', surname: 'Kyle', phoneNumber: '+34677777777', email: 'selina@example.com' }),
      });
      expect(res.status).toBe(201);
      const delivered = await until('a delivery', async () => (await sandbox.deliveries()).find((d) => d.status === 'delivered'));
      expect(delivered).toMatchObject({ event: 'customer:created', attempts: 2 });
      await sandbox.webhooks.delete('comeback');
      expect(await sandbox.client.webhooks.list(sandbox.id)).toEqual({});
    } finally {
      await receiver.close();
    }
  });

  it('fixtures() adds a bundle; timers.list() and timers.run() follow the sandbox clock', async () => {
    await sandbox.fixtures('touchoffice', { sites: [{ id: 9, name: 'Rooftop' }] });
    const [timer] = await sandbox.timers.list();
    expect(timer).toMatchObject({ dialect: 'comeback', due: false });
    await sandbox.clock.set(new Date(Date.parse(timer.dueAt) + 1000));
    await sandbox.timers.run();
    await until('the timer to run', async () => !(await sandbox.timers.list()).some((t) => t.key === timer.key && t.dueAt === timer.dueAt));
  });

  it('delete() inside a test is fine: afterEach finds it gone', async () => {
    await sandbox.delete();
    expect((await server.client.sandboxes.list()).map((s) => s.id)).not.toContain(sandbox.id);
  });
});

describe('understudy/testing: createSandbox, a seed, the hooks on globalThis', () => {
  let made: SandboxHandle[] = [];
  afterEach(async () => {
    for (const s of made) await s.delete();
    made = [];
  });

  it('createSandbox with a seed repeats the generated ids', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 2; i++) {
      const sb = await createSandbox(server, { fixtures: 'empty', seed: 'kit-seed' });
      made.push(sb);
      expect(sb.sandbox.seed).toBe('kit-seed');
      const res = await fetch(`${sb.urls.touchoffice}/vouchers?TAK=${sb.credentials.touchoffice.tak}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([{ number: `SEEDED-${i}`, site: 0, type: 1, value: 10, active: true }]),
      });
      ids.push((await res.json()).vouchers[0].id);
    }
    expect(ids[0]).toBe(ids[1]);
  });

  it('useSandbox takes the hooks from globalThis (jest, vitest globals) and says what to do when there are none', () => {
    const g = globalThis as Record<string, unknown>;
    const registered: string[] = [];
    g.beforeEach = () => registered.push('beforeEach');
    g.afterEach = () => registered.push('afterEach');
    try {
      useSandbox(server);
      expect(registered).toEqual(['beforeEach', 'afterEach']);
    } finally {
      delete g.beforeEach;
      delete g.afterEach;
    }
    expect(() => useSandbox(server)).toThrow(/no beforeEach hook\. Pass your framework's hooks/);
    expect(() => useUnderstudy()).toThrow(/no beforeAll hook/);
  });

  it('a handle read outside a test says so', () => {
    const lazy = useSandbox(server, { hooks: { beforeEach: () => undefined, afterEach: () => undefined } });
    expect(() => lazy.id).toThrow(/only inside tests/);
  });
});

describe('understudy/testing: startUnderstudy options', () => {
  it('in-process, with an admin token: the client carries it, a bare request is refused', async () => {
    const s = await startUnderstudy({ mode: 'in-process', adminToken: 'sekret', databaseUrl: TEST_DATABASE_URL, env: { LOG_LEVEL: 'silent' } });
    try {
      expect(s.mode).toBe('in-process');
      expect((await s.client.health()).engine).toBe(ENGINE);
      expect((await fetch(`${s.url}/_understudy/health`)).status).toBe(401);
    } finally {
      await s.stop();
    }
    await expect(fetch(`${s.url}/_understudy/health`)).rejects.toThrow();
  });

  it('a child process on a SQLite file, its environment from env; stop() ends it and is idempotent', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const db = `${mkdtempSync(`${tmpdir()}/understudy-kit-`)}/kit.db`;
    const s = await startUnderstudy({ db, env: { UNDERSTUDY_JOURNAL_LIMIT: '1', LOG_LEVEL: 'silent' } });
    try {
      expect((await s.client.health()).engine).toBe('sqlite');
      const sb = await s.client.sandboxes.create({ fixtures: 'empty' });
      for (const n of [1, 2, 3]) await fetch(`${s.url}/touchoffice/vouchers?TAK=${sb.credentials.touchoffice.tak}&number=${n}`);
      expect((await s.client.requests(sb.id)).requests).toHaveLength(1);
    } finally {
      await Promise.all([s.stop(), s.stop()]);
    }
    await expect(fetch(`${s.url}/_understudy/health`)).rejects.toThrow();
  });

  it("ignores the test's own PORT, HOST, DATABASE_URL and admin token", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { PORT: '1', HOST: '0.0.0.0', DATABASE_URL: 'mysql://app/db', UNDERSTUDY_DB: '/nonexistent/x.db', UNDERSTUDY_ADMIN_TOKEN: 'theirs' });
    try {
      const s = await startUnderstudy({ env: { LOG_LEVEL: 'silent' } });
      try {
        expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect((await fetch(`${s.url}/_understudy/health`)).status).toBe(200);
      } finally {
        await s.stop();
      }
    } finally {
      for (const key of ['PORT', 'HOST', 'DATABASE_URL', 'UNDERSTUDY_DB', 'UNDERSTUDY_ADMIN_TOKEN']) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    }
  });

  it('a server that cannot start rejects with its own message', async () => {
    await expect(startUnderstudy({ databaseUrl: 'mysql://nope/db' })).rejects.toThrow(/exited before it was ready \(code 2\):\nunderstudy: UNDERSTUDY_DATABASE_URL must be a postgres:\/\/ URL/);
    await expect(startUnderstudy({ mode: 'in-process', databaseUrl: 'mysql://nope/db' })).rejects.toThrow(/UNDERSTUDY_DATABASE_URL must be a postgres:\/\/ URL/);
  });
});

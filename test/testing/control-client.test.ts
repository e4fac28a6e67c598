import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlApiError, createControlClient, startUnderstudy, type ControlClient, type Understudy } from 'understudy/testing';
import { ENGINE, TEST_DATABASE_URL } from '../helpers/app.ts';
import { Receiver, until } from '../helpers/receiver.ts';

/**
 * createControlClient: every method against a real server (in this process, on the engine under
 * test), with an admin token, so every call also proves the client sends it.
 */
const TOKEN = 'kit-admin-token';

async function failure(promise: Promise<unknown>): Promise<ControlApiError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof ControlApiError)) throw new Error(`expected a ControlApiError, got ${String(err)}`);
  return err;
}

describe('understudy/client: createControlClient', () => {
  let server: Understudy;
  let client: ControlClient;
  const created: string[] = [];
  const sandbox = async (fixtures: 'demo' | 'empty' = 'demo') => {
    const sb = await client.sandboxes.create({ fixtures });
    created.push(sb.id);
    return sb;
  };
  const touchoffice = (tak: string, path: string, init?: RequestInit) => fetch(`${server.url}/touchoffice${path}${path.includes('?') ? '&' : '?'}TAK=${tak}`, init);

  beforeAll(async () => {
    server = await startUnderstudy({
      mode: 'in-process',
      databaseUrl: TEST_DATABASE_URL,
      adminToken: TOKEN,
      env: { LOG_LEVEL: 'silent', UNDERSTUDY_DELIVERY_ATTEMPTS: '1', UNDERSTUDY_DELIVERY_BACKOFF_MS: '50', UNDERSTUDY_DELIVERY_POLL_MS: '25' },
    });
    client = createControlClient(server.url, { token: TOKEN });
  });
  afterAll(async () => {
    for (const id of created) await client.sandboxes.delete(id).catch(() => undefined);
    await server?.stop();
  });

  it('health: the engine and the served dialects; a client without the token gets a 401 ControlApiError', async () => {
    const health = await client.health();
    expect(health).toMatchObject({ status: 'ok', engine: ENGINE });
    expect([...health.dialects].sort()).toEqual(['comeback', 'intouch', 'revel', 'reversio', 'touchoffice']);
    expect(health.journal).toEqual({ queued: expect.any(Number), written: expect.any(Number), shed: expect.any(Number), reduced: expect.any(Number) });
    const err = await failure(createControlClient(server.url).health());
    expect(err.status).toBe(401);
    expect(err.body.error).toMatch(/Bearer/);
    expect(err.message).toBe(`GET /_understudy/health: 401 ${err.body.error}`);
  });

  it('takes the server URL with or without /_understudy and a trailing slash', async () => {
    for (const url of [`${server.url}/`, `${server.url}/_understudy`, `${server.url}/_understudy/`, new URL(server.url)]) {
      const other = createControlClient(url, { token: TOKEN });
      expect(other.baseUrl).toBe(`${server.url}/_understudy`);
      expect((await other.health()).status).toBe('ok');
    }
  });

  it('openapi: the control document, a dialect document, and a 404 for an unknown name', async () => {
    const control = await client.openapi('control');
    expect(control.openapi).toBe('3.1.0');
    expect(Object.keys(control.paths)).toContain('/sandboxes/{id}/clock');
    const touch = await client.openapi('touchoffice');
    expect(touch.servers).toEqual([{ url: '/touchoffice' }]);
    const err = await failure(client.openapi('nope'));
    expect(err.status).toBe(404);
    expect(err.body.error).toMatch(/no OpenAPI document 'nope'/);
  });

  it('sandboxes: create (name, fixtures, seed), list, get, reset, delete; a deleted one is a 404', async () => {
    const sb = await client.sandboxes.create({ name: 'kit client', fixtures: 'empty', seed: 'kit-seed' });
    created.push(sb.id);
    expect(sb).toMatchObject({ name: 'kit client', fixtures: 'empty', seed: 'kit-seed' });
    expect(Object.keys(sb.credentials).sort()).toEqual(['comeback', 'intouch', 'revel', 'reversio', 'touchoffice']);
    expect((await client.sandboxes.list()).map((s) => s.id)).toContain(sb.id);
    expect(await client.sandboxes.get(sb.id)).toEqual(sb);
    const tak = sb.credentials.touchoffice.tak;
    await touchoffice(tak, '/vouchers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ number: 'KIT-1', site: 0, type: 1, value: 10, active: true }]) });
    expect((await (await touchoffice(tak, '/vouchers?number=KIT-1')).json()).status).toBe(1);
    expect(await client.sandboxes.reset(sb.id)).toEqual({ id: sb.id, reset: true });
    expect((await (await touchoffice(tak, '/vouchers?number=KIT-1')).json()).status).toBe(0);
    expect(await client.sandboxes.delete(sb.id)).toBeUndefined();
    const err = await failure(client.sandboxes.get(sb.id));
    expect(err).toMatchObject({ status: 404, body: { error: `sandbox '${sb.id}' not found` }, method: 'GET', path: `/sandboxes/${sb.id}` });
    expect((await failure(client.sandboxes.create({ fixtures: 'bogus' as never }))).status).toBe(400);
  });

  it('snapshots: create, list, restore (a name with spaces travels encoded); an unknown one is a 404', async () => {
    const sb = await sandbox('empty');
    const tak = sb.credentials.touchoffice.tak;
    const snap = await client.snapshots.create(sb.id, 'before it all');
    expect(snap).toEqual({ name: 'before it all', createdAt: expect.any(String), rows: expect.any(Number) });
    expect(await client.snapshots.list(sb.id)).toEqual([{ name: 'before it all', createdAt: snap.createdAt }]);
    await touchoffice(tak, '/vouchers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ number: 'KIT-2', site: 0, type: 1, value: 10, active: true }]) });
    expect(await client.snapshots.restore(sb.id, 'before it all')).toEqual({ id: sb.id, restored: 'before it all' });
    expect((await (await touchoffice(tak, '/vouchers?number=KIT-2')).json()).status).toBe(0);
    expect((await failure(client.snapshots.restore(sb.id, 'never taken'))).status).toBe(404);
  });

  it('clock: get, set (now, advanceSeconds, frozen), real', async () => {
    const sb = await sandbox('empty');
    expect((await client.clock.get(sb.id)).frozen).toBe(false);
    expect(await client.clock.set(sb.id, { now: '2031-02-03T04:05:06Z', frozen: true })).toEqual({ now: '2031-02-03T04:05:06.000Z', frozen: true });
    expect(await client.clock.set(sb.id, { advanceSeconds: 60 })).toEqual({ now: '2031-02-03T04:06:06.000Z', frozen: true });
    expect(await client.clock.get(sb.id)).toEqual({ now: '2031-02-03T04:06:06.000Z', frozen: true });
    const real = await client.clock.real(sb.id);
    expect(real.frozen).toBe(false);
    expect(Math.abs(Date.parse(real.now) - Date.now())).toBeLessThan(60_000);
    expect((await failure(client.clock.set(sb.id, { now: 'not a date' }))).status).toBe(400);
  });

  it('requests: the journal, newest first, by dialect, limit and since', async () => {
    const sb = await sandbox('demo');
    for (const n of [1, 2, 3]) await touchoffice(sb.credentials.touchoffice.tak, `/vouchers?number=N${n}`);
    await fetch(`${server.url}/comeback/v1/customers`, { headers: { authorization: sb.credentials.comeback.token } });
    const all = await client.requests(sb.id);
    expect(all.shed).toBe(0);
    expect(all.requests.map((r) => r.dialect)).toEqual(['comeback', 'touchoffice', 'touchoffice', 'touchoffice']);
    const touch = await client.requests(sb.id, { dialect: 'touchoffice', limit: 2 });
    expect(touch.requests.map((r) => r.query.number)).toEqual(['N3', 'N2']);
    const since = await client.requests(sb.id, { since: touch.requests[1].id });
    expect(since.requests.map((r) => r.id)).toEqual([all.requests[0].id, all.requests[1].id]);
    expect((await failure(client.requests(sb.id, { limit: 0 }))).status).toBe(400);
  });

  it('webhooks: set, list, delete; a URL that is not http(s) is a 400', async () => {
    const sb = await sandbox('empty');
    expect(await client.webhooks.list(sb.id)).toEqual({});
    expect(await client.webhooks.set(sb.id, 'comeback', 'http://127.0.0.1:9/hooks')).toEqual({ dialect: 'comeback', url: 'http://127.0.0.1:9/hooks' });
    expect(await client.webhooks.list(sb.id)).toEqual({ comeback: 'http://127.0.0.1:9/hooks' });
    expect(await client.webhooks.delete(sb.id, 'comeback')).toBeUndefined();
    expect(await client.webhooks.list(sb.id)).toEqual({});
    expect((await failure(client.webhooks.set(sb.id, 'comeback', 'ftp://example.com'))).status).toBe(400);
  });

  it('deliveries: list, and retry of a failed one (202), which then arrives', async () => {
    const receiver = new Receiver();
    try {
      const url = await receiver.listen();
      const sb = await sandbox('demo');
      await client.webhooks.set(sb.id, 'comeback', url);
      receiver.failures = 1; // one attempt per delivery on this server: it fails
      const res = await fetch(`${server.url}/comeback/v1/customers`, {
        method: 'POST',
        headers: { authorization: sb.credentials.comeback.token, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Selina', surname: 'Kyle', phoneNumber: '+34677777777', email: 'selina@example.com' }),
      });
      expect(res.status).toBe(201);
      const failed = await until('a failed delivery', async () => (await client.deliveries.list(sb.id)).find((d) => d.status === 'failed'));
      expect(failed).toMatchObject({ dialect: 'comeback', event: 'customer:created', url, attempts: 1, lastStatusCode: 500 });
      expect(await client.deliveries.retry(sb.id, failed.id)).toEqual({ id: failed.id, status: 'pending' });
      const delivered = await until('the retried delivery', async () => (await client.deliveries.list(sb.id)).find((d) => d.id === failed.id && d.status === 'delivered'));
      expect(delivered.history.map((h) => h.statusCode)).toEqual([500, 200]);
      expect(receiver.received.map((r) => r.body.type)).toEqual(['customer:created']);
      expect((await failure(client.deliveries.retry(sb.id, 999_999_999))).status).toBe(404);
    } finally {
      await receiver.close();
    }
  });

  it('faults: set, get, clear; a rule that fires; a bad rule is a 400', async () => {
    const sb = await sandbox('demo');
    const rules = [{ dialect: 'touchoffice' as const, method: 'GET', path: '/vouchers', status: 502, times: 1 }];
    expect(await client.faults.set(sb.id, rules)).toEqual([{ ...rules[0], fired: 0 }]);
    expect(await client.faults.get(sb.id)).toEqual([{ ...rules[0], fired: 0 }]);
    expect((await touchoffice(sb.credentials.touchoffice.tak, '/vouchers')).status).toBe(502);
    expect((await touchoffice(sb.credentials.touchoffice.tak, '/vouchers')).status).toBe(200);
    // Used up, and counted; the rule as listed can be sent back, and keeps its count.
    const used = await client.faults.get(sb.id);
    expect(used).toEqual([{ ...rules[0], times: 0, fired: 1 }]);
    expect(await client.faults.set(sb.id, used.map((r) => ({ ...r, times: 2 })))).toEqual([{ ...rules[0], times: 2, fired: 1 }]);
    await client.faults.set(sb.id, rules);
    expect(await client.faults.clear(sb.id)).toEqual([]);
    expect(await client.faults.get(sb.id)).toEqual([]);
    expect((await touchoffice(sb.credentials.touchoffice.tak, '/vouchers')).status).toBe(200);
    const err = await failure(client.faults.set(sb.id, [{ status: 42 }]));
    expect(err.status).toBe(400);
  });

  it('fixtures: add a bundle (201); a bad one is a 400 naming the field', async () => {
    const sb = await sandbox('empty');
    await client.fixtures.add(sb.id, 'touchoffice', { sites: [{ id: 7, name: 'Terrace' }] });
    const created = await touchoffice(sb.credentials.touchoffice.tak, '/vouchers', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ number: 'SITE7', site: 7, type: 1, value: 10, active: true }]),
    });
    expect((await created.json()).status).toBe(1);
    const err = await failure(client.fixtures.add(sb.id, 'touchoffice', { sites: [{ id: 'seven' }] }));
    expect(err.status).toBe(400);
    expect(err.body.error).toMatch(/^touchoffice fixture bundle: 'sites\.0/);
  });

  it('timers: list by the sandbox clock, run the due ones', async () => {
    const sb = await sandbox('demo');
    const [timer] = (await client.timers.list(sb.id)).filter((t) => t.dialect === 'comeback');
    expect(timer).toMatchObject({ job: 'expire-points', due: false, failures: 0 });
    expect(await client.timers.run(sb.id)).toEqual({ ran: 0 });
    await client.clock.set(sb.id, { now: new Date(Date.parse(timer.dueAt) + 1000).toISOString(), frozen: true });
    const due = (await client.timers.list(sb.id)).find((t) => t.key === timer.key);
    // The server's own scheduler may run it first; either way it runs once.
    if (due) {
      expect(due.due).toBe(true);
      await client.timers.run(sb.id);
    }
    expect((await client.timers.list(sb.id)).find((t) => t.key === timer.key && t.dueAt === timer.dueAt)).toBeUndefined();
  });

  it("call: a dialect's own control route, and an unknown route as a ControlApiError", async () => {
    const sb = await sandbox('demo');
    const keys = await client.call<{ keys: unknown[] }>('GET', `/sandboxes/${sb.id}/reversio/keys`);
    expect(Array.isArray(keys.keys)).toBe(true);
    const err = await failure(client.call('GET', '/nowhere'));
    expect(err).toMatchObject({ status: 404, body: { error: 'no control route GET /_understudy/nowhere' } });
  });
});

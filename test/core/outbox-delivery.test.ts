import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Config, DeliveryConfig } from '../../src/core/config.ts';
import { TEST_DATABASE_URL, testApp, testConfig, type TestApp } from '../helpers/app.ts';
import { until } from '../helpers/receiver.ts';

/**
 * Issue 2, "Outbox": a change and the webhook it causes are written in one transaction; a worker
 * posts them with retries and backoff, survives restarts, never delivers a rolled-back change and
 * records every attempt. TouchOffice sends no webhooks, so deliveries are queued through the core
 * directly, against a local receiver. CONTRACT.md: `GET …/deliveries`, `POST …/deliveries/{id}/retry` → 202.
 */

type Answer = number | 'hang';
interface Receiver {
  url: string;
  received: Array<{ method: string; headers: IncomingHttpHeaders; body: string; answer: Answer }>;
  /** How the n-th request (0-based) is answered; can be replaced mid-test. */
  plan: (n: number) => Answer;
  /** Responses held by 'hang', for a test to answer when it chooses. */
  held: ServerResponse[];
  close(): Promise<void>;
}

async function startReceiver(plan: (n: number) => Answer): Promise<Receiver> {
  const receiver: Receiver = {
    url: '',
    received: [],
    plan,
    held: [],
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const answer = receiver.plan(receiver.received.length);
      receiver.received.push({ method: req.method ?? '', headers: req.headers, body, answer });
      // 'hang': no answer (unless the test gives one); the worker's timeout has to give up on it.
      if (answer === 'hang') receiver.held.push(res);
      else res.writeHead(answer, { 'content-type': 'text/plain' }).end('thanks');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return receiver;
}

/** Polls until `probe` gives a truthy value; fails after a bounded wait (never a fixed sleep). */
const waitFor = <T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 15_000) => until(what, probe, timeoutMs);

interface Delivery {
  id: number;
  dialect: string;
  event: string;
  url: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  nextAttemptAt: string | null;
  payload: unknown;
  history: Array<{ statusCode: number | null; error: string | null }>;
}

async function deliveries(app: TestApp, sandboxId: string): Promise<Delivery[]> {
  const res = await app.call({ method: 'GET', url: `/_understudy/sandboxes/${sandboxId}/deliveries` });
  expect(res.status).toBe(200);
  return res.body.deliveries;
}

async function delivery(app: TestApp, sandboxId: string, id: number): Promise<Delivery> {
  const found = (await deliveries(app, sandboxId)).find((d) => d.id === id);
  if (!found) throw new Error(`delivery ${id} is not listed`);
  return found;
}

/** Queues one delivery in its own transaction, then wakes the worker (ARCHITECTURE.md's outbox use). */
async function enqueue(app: TestApp, sandboxId: string, url: string, payload: unknown, event = 'test.event'): Promise<number> {
  const id = await app.core.db.transaction().execute((tx) => app.core.outbox.enqueue(tx, { sandboxId, dialect: 'touchoffice', event, url, payload }));
  app.core.outbox.wake();
  if (id === null) throw new Error('enqueue with a url returned no id');
  return id;
}

const settled = (app: TestApp, sandboxId: string, id: number, status: Delivery['status'] = 'delivered') =>
  waitFor(`delivery ${id} ${status}`, async () => {
    const d = await delivery(app, sandboxId, id);
    return d.status === status ? d : null;
  });

function withDelivery(change: Partial<DeliveryConfig>): Partial<Config> {
  return { delivery: { ...testConfig().delivery, ...change } };
}

/**
 * A database only this file's apps use. Any node's worker delivers any due delivery of its
 * database (leases, ARCHITECTURE.md), so on the shared PostgreSQL database a worker of another
 * test file, with other timeouts and backoff, could take these deliveries: each describe gets a
 * fresh PostgreSQL database. On SQLite: in-memory per app, or one file when apps must share it.
 */
async function ownDatabase(sqlite: 'memory' | 'file'): Promise<{ overrides: Partial<Config>; drop(): Promise<void> }> {
  if (TEST_DATABASE_URL) {
    const name = `understudy_outbox_${randomBytes(6).toString('hex')}`;
    const admin = async (statement: string) => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(statement);
      } finally {
        await client.end();
      }
    };
    await admin(`create database ${name}`);
    const url = new URL(TEST_DATABASE_URL);
    url.pathname = `/${name}`;
    return { overrides: { databaseUrl: url.toString() }, drop: () => admin(`drop database if exists ${name} with (force)`) };
  }
  if (sqlite === 'memory') return { overrides: {}, drop: async () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'understudy-outbox-'));
  return { overrides: { databaseUrl: undefined, sqlitePath: join(dir, 'understudy.db') }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

describe('the outbox and its delivery worker', () => {
  let t: TestApp;
  let receiver: Receiver | null = null;
  const extraApps: TestApp[] = [];
  let database: Awaited<ReturnType<typeof ownDatabase>>;
  /** An app of its own config on this describe's database. */
  const appWith = async (change: Partial<DeliveryConfig>) => {
    const app = await testApp({ ...database.overrides, ...withDelivery(change) });
    extraApps.push(app);
    return app;
  };
  beforeAll(async () => {
    database = await ownDatabase('memory');
    t = await testApp(database.overrides);
  });
  afterEach(async () => {
    await receiver?.close();
    receiver = null;
    for (const app of extraApps.splice(0)) await app.close();
  });
  afterAll(async () => {
    await t.close();
    await database.drop();
  });

  it('a 2xx answer: delivered after 1 attempt, the payload posted as JSON, listed with the contract fields', async () => {
    receiver = await startReceiver(() => 202);
    const sb = await t.sandbox('empty');
    const payload = { voucher: { number: 'ABC', value: 1500 }, note: '£10 – ünïcode', list: [1, 2, 3] };
    const id = await enqueue(t, sb.id, receiver.url, payload, 'voucher.created');

    const d = await settled(t, sb.id, id);
    expect(d).toMatchObject({
      id,
      dialect: 'touchoffice',
      event: 'voucher.created',
      url: receiver.url,
      status: 'delivered',
      attempts: 1,
      lastStatusCode: 202,
      nextAttemptAt: null,
      payload,
    });
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0].method).toBe('POST');
    expect(receiver.received[0].headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(receiver.received[0].body)).toStrictEqual(payload);
  });

  it('a 5xx then a success: delivered with attempts 2 and lastStatusCode 200, both attempts in the history', async () => {
    receiver = await startReceiver((n) => (n === 0 ? 503 : 200));
    const sb = await t.sandbox('empty');
    const id = await enqueue(t, sb.id, receiver.url, { n: 1 });

    const d = await settled(t, sb.id, id);
    expect(d).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 200 });
    expect(d.history.map((h) => h.statusCode)).toEqual([503, 200]);
    expect(d.history[0].error).toEqual(expect.any(String));
    expect(receiver.received.map((r) => JSON.parse(r.body))).toEqual([{ n: 1 }, { n: 1 }]);
  });

  it('a receiver that never answers: the attempt times out and is retried', async () => {
    const app = await appWith({ timeoutMs: 300 });
    receiver = await startReceiver((n) => (n === 0 ? 'hang' : 200));
    const sb = await app.sandbox('empty');
    const id = await enqueue(app, sb.id, receiver.url, { slow: true });

    const d = await settled(app, sb.id, id);
    expect(d).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 200 });
    expect(d.history[0]).toMatchObject({ statusCode: null, error: expect.any(String) });
    expect(d.history[1]).toMatchObject({ statusCode: 200, error: null });
  });

  it('max attempts exhausted: failed, with exactly that many attempts made', async () => {
    const app = await appWith({ maxAttempts: 3 });
    receiver = await startReceiver(() => 500);
    const sb = await app.sandbox('empty');
    const id = await enqueue(app, sb.id, receiver.url, { doomed: true });

    const d = await settled(app, sb.id, id, 'failed');
    expect(d).toMatchObject({ status: 'failed', attempts: 3, lastStatusCode: 500, nextAttemptAt: null });
    expect(d.history.map((h) => h.statusCode)).toEqual([500, 500, 500]);
    expect(receiver.received).toHaveLength(3);
  });

  it('a change that rolls back after queueing its delivery is never delivered', async () => {
    receiver = await startReceiver(() => 200);
    const sb = await t.sandbox('empty');
    const url = receiver.url;
    await expect(
      t.core.db.transaction().execute(async (tx) => {
        await t.core.outbox.enqueue(tx, { sandboxId: sb.id, dialect: 'touchoffice', event: 'rolled.back', url, payload: { rolledBack: true } });
        throw new Error('the business rule refused the change');
      }),
    ).rejects.toThrow('the business rule refused the change');
    t.core.outbox.wake();

    // A later committed delivery to the same receiver goes through; the rolled-back one never does.
    const sentinel = await enqueue(t, sb.id, url, { committed: true }, 'committed');
    await settled(t, sb.id, sentinel);
    expect((await deliveries(t, sb.id)).map((d) => d.event)).toEqual(['committed']);
    expect(receiver.received.map((r) => JSON.parse(r.body))).toEqual([{ committed: true }]);
  });

  it('POST …/deliveries/{id}/retry answers 202 and delivers again, also after the attempts ran out', async () => {
    const app = await appWith({ maxAttempts: 2 });
    receiver = await startReceiver(() => 200);
    const sb = await app.sandbox('empty');

    const ok = await enqueue(app, sb.id, receiver.url, { again: 1 });
    await settled(app, sb.id, ok);
    const retry = await app.call({ method: 'POST', url: `/_understudy/sandboxes/${sb.id}/deliveries/${ok}/retry` });
    expect(retry.status).toBe(202);
    const twice = await waitFor('a second attempt', async () => {
      const d = await delivery(app, sb.id, ok);
      return d.attempts === 2 && d.status === 'delivered' ? d : null;
    });
    expect(twice.history.map((h) => h.statusCode)).toEqual([200, 200]);
    expect(receiver.received.map((r) => JSON.parse(r.body))).toEqual([{ again: 1 }, { again: 1 }]);

    receiver.plan = () => 500;
    const failing = await enqueue(app, sb.id, receiver.url, { again: 2 });
    await settled(app, sb.id, failing, 'failed');
    receiver.plan = () => 200;
    expect((await app.call({ method: 'POST', url: `/_understudy/sandboxes/${sb.id}/deliveries/${failing}/retry` })).status).toBe(202);
    const recovered = await settled(app, sb.id, failing);
    expect(recovered).toMatchObject({ attempts: 3, lastStatusCode: 200 });
    expect(recovered.history.map((h) => h.statusCode)).toEqual([500, 500, 200]);
  });

  it('PUT …/webhooks/{dialect} is where a delivery queued without a url goes', async () => {
    receiver = await startReceiver(() => 200);
    const sb = await t.sandbox('empty');
    const queue = () => t.core.db.transaction().execute((tx) => t.core.outbox.enqueue(tx, { sandboxId: sb.id, dialect: 'touchoffice', event: 'hooked', payload: { hooked: true } }));
    // No webhook set for the dialect: nothing to deliver, nothing queued.
    expect(await queue()).toBeNull();
    const set = await t.call({ method: 'PUT', url: `/_understudy/sandboxes/${sb.id}/webhooks/touchoffice`, payload: { url: receiver.url } });
    expect(set.status).toBe(200);
    const id = await queue();
    t.core.outbox.wake();
    expect(id).toEqual(expect.any(Number));
    expect(await settled(t, sb.id, id!)).toMatchObject({ url: receiver.url, event: 'hooked', attempts: 1 });
    expect(receiver.received.map((r) => JSON.parse(r.body))).toEqual([{ hooked: true }]);
  });

  it('concurrent PUTs of one webhook all answer 200 and one of the urls is kept; bad bodies are 400', async () => {
    const sb = await t.sandbox('empty');
    const urls = Array.from({ length: 10 }, (_, i) => `http://127.0.0.1:9/hook-${i}`);
    const results = await Promise.all(urls.map((url) => t.call({ method: 'PUT', url: `/_understudy/sandboxes/${sb.id}/webhooks/touchoffice`, payload: { url } })));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    const kept = (await t.call({ method: 'GET', url: `/_understudy/sandboxes/${sb.id}/webhooks` })).body.webhooks;
    expect(Object.keys(kept)).toEqual(['touchoffice']);
    expect(urls).toContain(kept.touchoffice);

    for (const payload of [{}, { url: 'ftp://127.0.0.1/hook' }, { url: 5 }, { url: 'http://127.0.0.1:9/x', extra: 1 }]) {
      const res = await t.call({ method: 'PUT', url: `/_understudy/sandboxes/${sb.id}/webhooks/touchoffice`, payload });
      expect({ payload, status: res.status, body: res.body }).toEqual({ payload, status: 400, body: { error: expect.any(String) } });
    }
    const unknownDialect = await t.call({ method: 'PUT', url: `/_understudy/sandboxes/${sb.id}/webhooks/nope`, payload: { url: 'http://127.0.0.1:9/x' } });
    expect(unknownDialect.status).toBeGreaterThanOrEqual(400);
    expect(unknownDialect.status).toBeLessThan(500);
    expect((await t.call({ method: 'GET', url: `/_understudy/sandboxes/${sb.id}/webhooks` })).body.webhooks).toEqual(kept);
  });

  it('a delivery in flight when its sandbox is deleted leaves nothing of it behind', async () => {
    const app = await appWith({ timeoutMs: 10_000 });
    receiver = await startReceiver(() => 'hang');
    const sb = await app.sandbox('empty');
    await enqueue(app, sb.id, receiver.url, { orphan: true });
    await waitFor('the delivery to reach the receiver', async () => receiver!.held.length > 0);

    expect((await app.call({ method: 'DELETE', url: `/_understudy/sandboxes/${sb.id}` })).status).toBe(204);
    receiver.held[0].writeHead(200).end();
    // Stopping waits for the attempt under way to be recorded (or not).
    await app.core.outbox.worker.stop();
    for (const table of ['deliveries', 'delivery_attempts']) {
      expect({ table, rows: await app.core.db.selectFrom(table).select('id').where('sandbox_id', '=', sb.id).execute() }).toEqual({ table, rows: [] });
    }
  });

  it("retrying an unknown delivery, or another sandbox's, is 404 and lists nothing across sandboxes", async () => {
    receiver = await startReceiver(() => 200);
    const mine = await t.sandbox('empty');
    const other = await t.sandbox('empty');
    const id = await enqueue(t, mine.id, receiver.url, { mine: true });
    await settled(t, mine.id, id);

    const foreign = await t.call({ method: 'POST', url: `/_understudy/sandboxes/${other.id}/deliveries/${id}/retry` });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual({ error: expect.any(String) });
    const unknown = await t.call({ method: 'POST', url: `/_understudy/sandboxes/${mine.id}/deliveries/${id + 1_000_000}/retry` });
    expect(unknown.status).toBe(404);
    expect(await deliveries(t, other.id)).toEqual([]);
    expect((await delivery(t, mine.id, id)).attempts).toBe(1);
  });
});

/**
 * Issue 2: the outbox "survives restarts (pending deliveries resume)". Two apps, one after the
 * other, on one database of their own (a SQLite file, or a fresh PostgreSQL database, so no other
 * test's worker can deliver in between).
 */
describe('the outbox across a restart', () => {
  let database: Awaited<ReturnType<typeof ownDatabase>>;
  let dbOverrides: Partial<Config>;
  beforeAll(async () => {
    database = await ownDatabase('file');
    dbOverrides = database.overrides;
  });
  afterAll(() => database.drop());

  it('deliveries pending when the server stops are delivered by the next server on the same database', async () => {
    const receiver = await startReceiver(() => 503);
    try {
      const first = await testApp(dbOverrides);
      const sb = await first.sandbox('empty');
      // One delivery tried (the receiver is down) and waiting for its retry…
      const tried = await enqueue(first, sb.id, receiver.url, { which: 'tried' });
      await waitFor('a first failed attempt', async () => (await delivery(first, sb.id, tried)).attempts >= 1);
      await first.core.outbox.worker.stop();
      // …and one queued while no worker runs.
      const queued = await enqueue(first, sb.id, receiver.url, { which: 'queued' });
      const before = await delivery(first, sb.id, tried);
      expect(before).toMatchObject({ status: 'pending', lastStatusCode: 503, nextAttemptAt: expect.any(String) });
      expect(await delivery(first, sb.id, queued)).toMatchObject({ status: 'pending', attempts: 0 });
      await first.close();

      receiver.plan = () => 200;
      const second = await testApp(dbOverrides);
      try {
        const d1 = await settled(second, sb.id, tried);
        const d2 = await settled(second, sb.id, queued);
        expect(d1).toMatchObject({ attempts: before.attempts + 1, lastStatusCode: 200 });
        expect(d1.history.map((h) => h.statusCode)).toEqual([...before.history.map((h) => h.statusCode), 200]);
        expect(d2).toMatchObject({ attempts: 1, lastStatusCode: 200 });
        const delivered = receiver.received.filter((r) => r.answer === 200).map((r) => JSON.parse(r.body));
        expect(delivered).toEqual(expect.arrayContaining([{ which: 'tried' }, { which: 'queued' }]));
        expect(delivered).toHaveLength(2);
      } finally {
        await second.close();
      }
    } finally {
      await receiver.close();
    }
  });
});

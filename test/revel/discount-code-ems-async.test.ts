import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE, testApp, useTestApp } from '../helpers/app.ts';
import { revelClient, SAMPLES, type RevelClient } from './revel-client.ts';

const D200 = '/resources/Discount/200/';
const ACCEPTED = SAMPLES['DiscountCode POST 202'];
const codesOf = async (c: RevelClient, discount: number) => (await c.get(`/resources/DiscountCode/?discount_id=${discount}`)).body.objects;

/** Waits for something the server does on its own (the EMS worker, the outbox), without timing it. */
async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * revel-2.79-changelog.txt, "POST - /resources/DiscountCode/" on a discount managed from EMS:
 * the first code of the base establishment's discount is processed asynchronously (202); it
 * appears once processed (by the sandbox clock); `callback_url` hears the outcome; POSTs for
 * that discount meanwhile are sent back to the same endpoint (302).
 */
describe('revel: DiscountCode POST on an EMS-managed discount', () => {
  let server: Server;
  let callbackUrl: string;
  const received: Array<{ path: string; body: any }> = [];

  const app = useTestApp();
  beforeAll(async () => {
    server = createServer((req, res) => {
      let data = '';
      req.on('data', (chunk) => (data += chunk));
      req.on('end', () => {
        received.push({ path: req.url ?? '', body: JSON.parse(data || 'null') });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address() as { port: number };
    callbackUrl = `http://127.0.0.1:${address.port}/revel-callback`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  it('answers 202 and the code is not there yet; once the sandbox clock passes the processing time it is', async () => {
    const c = await revelClient(app.t);
    const res = await c.post('/resources/DiscountCode/', { code: 'EMS-FIRST', type: 1, used: false, discount: D200, establishment: '/enterprise/Establishment/1/' });
    expect(res.status).toBe(202);
    expect(res.body).toStrictEqual(ACCEPTED);
    expect(await codesOf(c, 200)).toEqual([]);
    await c.advance(30);
    const codes = await codesOf(c, 200);
    expect(codes).toEqual([expect.objectContaining({ code: 'EMS-FIRST', type: 1, used: false, discount: D200, establishment: '/enterprise/Establishment/1/' })]);
  });

  it('sends other POSTs for that discount back to the same endpoint (302) while it is processing', async () => {
    const c = await revelClient(app.t);
    expect((await c.post('/resources/DiscountCode/', { code: 'FIRST', discount: D200 })).status).toBe(202);
    const again = await c.post('/resources/DiscountCode/', { code: 'SECOND', discount: D200 });
    expect(again.status).toBe(302);
    expect(again.headers.location).toBe('/revel/resources/DiscountCode/');
    await c.advance(30);
    // Processed: the discount has a code, so the next POST is created at once.
    const later = await c.post('/resources/DiscountCode/', { code: 'SECOND', discount: D200 });
    expect(later.status).toBe(201);
    expect((await codesOf(c, 200)).map((x: { code: string }) => x.code)).toEqual(['FIRST', 'SECOND']);
  });

  it('of concurrent first POSTs exactly one is accepted (202) and the others are sent back (302)', async () => {
    const c = await revelClient(app.t);
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => c.post('/resources/DiscountCode/', { code: `RACE-${i}`, discount: D200 })));
    expect(results.filter((r) => r.status === 202)).toHaveLength(1);
    expect(results.filter((r) => r.status === 302)).toHaveLength(5);
    await c.advance(30);
    expect(await codesOf(c, 200)).toHaveLength(1);
  });

  it('delivers the outcome to callback_url through the outbox, without anybody reading the codes', async () => {
    const c = await revelClient(app.t);
    const res = await c.post('/resources/DiscountCode/', { code: 'CALL-ME', type: 0, discount: D200, callback_url: callbackUrl });
    expect(res.status).toBe(202);
    await c.advance(30);
    const delivered = await eventually(async () => received.find((r) => r.body?.code === 'CALL-ME'), 'the callback');
    expect(delivered.path).toBe('/revel-callback');
    expect(delivered.body).toMatchObject({ status: 'success', code: 'CALL-ME', type: 0, used: false, discount: D200, establishment: '/enterprise/Establishment/1/' });
    expect(delivered.body.resource_uri).toBe(`/resources/DiscountCode/${delivered.body.id}/`);
    // The outbox records the attempt once the callback has answered.
    const deliveries = await eventually(async () => {
      const list = (await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${c.sandboxId}/deliveries` })).body.deliveries;
      return list.every((d: { status: string }) => d.status === 'delivered') ? list : undefined;
    }, 'the delivery record');
    expect(deliveries).toEqual([expect.objectContaining({ dialect: 'revel', url: callbackUrl, status: 'delivered', event: 'discount_code.created' })]);
    expect((await codesOf(c, 200)).map((x: { code: string }) => x.code)).toEqual(['CALL-ME']);
  });

  it('ignores callback_url when the discount is not managed from EMS, or already has codes', async () => {
    const c = await revelClient(app.t);
    expect((await c.post('/resources/DiscountCode/', { code: 'PLAIN', discount: '/resources/Discount/141/', callback_url: callbackUrl })).status).toBe(201);
    expect((await c.post('/resources/DiscountCode/', { code: 'E1', discount: D200 })).status).toBe(202);
    await c.advance(30);
    expect((await c.post('/resources/DiscountCode/', { code: 'E2', discount: D200, callback_url: callbackUrl })).status).toBe(201);
    const deliveries = (await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${c.sandboxId}/deliveries` })).body.deliveries;
    expect(deliveries).toEqual([]);
  });

  it('the copy on the child establishment stays 403 while the base processes', async () => {
    const c = await revelClient(app.t);
    expect((await c.post('/resources/DiscountCode/', { code: 'BASE', discount: D200 })).status).toBe(202);
    const copy = await c.post('/resources/DiscountCode/', { code: 'BASE', discount: '/resources/Discount/201/' });
    expect(copy.status).toBe(403);
  });

  it('a pending request survives a restart: it is processed by the next server on the same database', async () => {
    const dir = ENGINE === 'sqlite' ? mkdtempSync(join(tmpdir(), 'understudy-revel-')) : null;
    const overrides = dir ? { sqlitePath: join(dir, 'restart.db') } : {};
    try {
      const first = await testApp(overrides);
      const c1 = await revelClient(first);
      expect((await c1.post('/resources/DiscountCode/', { code: 'AFTER-RESTART', discount: D200 })).status).toBe(202);
      await first.close();

      const second = await testApp(overrides);
      try {
        const c2 = { ...c1, get: (path: string) => second.call({ method: 'GET', url: `/revel${path}`, headers: c1.headers }) };
        expect(await codesOf(c2 as RevelClient, 200)).toEqual([]);
        await second.call({ method: 'PUT', url: `/_understudy/sandboxes/${c1.sandboxId}/clock`, payload: { advanceSeconds: 30 } });
        expect((await codesOf(c2 as RevelClient, 200)).map((x: { code: string }) => x.code)).toEqual(['AFTER-RESTART']);
      } finally {
        await second.close();
      }
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });
});

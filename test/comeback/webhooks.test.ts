import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { Receiver, until } from '../helpers/receiver.ts';
import { BRUCE, DAY, demoSandbox, EL_TENEDOR, JOVELLANOS, POINTS, setClock, T8, type Client } from './helpers.ts';

/**
 * comeback.txt "Webhooks" through the core outbox: POSTed JSON `{"type", "created",
 * "eventTime", "data"}` with `Authorization: <token>`, retried with backoff until a 2xx.
 * The receiver is a real local server that fails, then recovers.
 */
describe('comeback: webhooks', () => {
  const app = useTestApp();
  let receiver: Receiver;
  let url: string;
  let sandboxId: string;
  let token1: string;
  let token2: string;
  let org1: Client;
  let org2: Client;

  beforeAll(async () => {
    receiver = new Receiver();
    url = await receiver.listen();
  });
  afterAll(() => receiver.close());
  beforeEach(async () => {
    ({ id: sandboxId, token1, token2, org1, org2 } = await demoSandbox(app.t));
    receiver.received = [];
    receiver.failures = 0;
    const set = await app.t.call({ method: 'PUT', url: `/_understudy/sandboxes/${sandboxId}/webhooks/comeback`, payload: { url } });
    expect(set.status).toBe(200);
  });

  const deliveries = async () => (await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${sandboxId}/deliveries` })).body.deliveries as any[];
  const ofType = (type: string) => receiver.received.filter((r) => r.body.type === type);

  it('customer:created carries the customer object, the organization token and both time fields; a failing receiver gets it on a retry', async () => {
    receiver.failures = 2;
    const created = await org1.post('/customers', { name: 'Selina', surname: 'Kyle', phoneNumber: '+34677777777', email: 'selina@example.com' });
    expect(created.status).toBe(201);
    const delivered = await until('delivered customer:created', async () => {
      const d = (await deliveries()).find((x) => x.event === 'customer:created');
      return d?.status === 'delivered' ? d : undefined;
    });
    expect(delivered.attempts).toBe(3);
    expect(delivered.history.map((h: { statusCode: number }) => h.statusCode)).toEqual([500, 500, 200]);
    expect(delivered.url).toBe(url);
    const [hook] = ofType('customer:created');
    expect(hook.authorization).toBe(token1);
    expect(hook.contentType).toMatch(/^application\/json/);
    expect(Object.keys(hook.body)).toEqual(['type', 'created', 'eventTime', 'data']);
    expect(hook.body.eventTime).toBe(hook.body.created);
    expect(new Date(hook.body.created).toISOString()).toBe(hook.body.created);
    expect(hook.body.data).toStrictEqual(created.body);
  });

  it('an order sends promotion:applied and customer-points:updated (spent, then earned per point type)', async () => {
    const res = await org1.post('/orders', { externalId: 'w-1', amount: 2950, locationId: JOVELLANOS, customerId: BRUCE, promotionsApplied: [{ id: EL_TENEDOR }] });
    expect(res.status).toBe(201);
    await until('4 events', async () => receiver.received.length >= 4);
    expect(ofType('promotion:applied').map((r) => r.body.data)).toStrictEqual([{ customerId: BRUCE, promotionId: EL_TENEDOR }]);
    const points = ofType('customer-points:updated').map((r) => r.body.data);
    const burgers = res.body.earnedPoints.find((e: { pointTypeName: string }) => e.pointTypeName === 'Burgers').pointTypeId;
    expect(points).toEqual(
      expect.arrayContaining([
        { customerId: BRUCE, locationId: JOVELLANOS, addedPoints: -3, newPointsValue: 47, pointTypeId: burgers },
        { customerId: BRUCE, locationId: JOVELLANOS, addedPoints: 29, newPointsValue: 29, pointTypeId: POINTS },
        { customerId: BRUCE, locationId: JOVELLANOS, addedPoints: 2, newPointsValue: 49, pointTypeId: burgers },
      ]),
    );
    expect(points).toHaveLength(3);
    for (const r of receiver.received) {
      expect(r.authorization).toBe(token1);
      expect(Object.keys(r.body)).toEqual(['type', 'created', 'eventTime', 'data']);
    }
    for (const d of points) expect(Object.keys(d)).toEqual(['customerId', 'locationId', 'addedPoints', 'newPointsValue', 'pointTypeId']);
    // The same order again: nothing new happens, nothing is sent.
    expect((await org1.post('/orders', { externalId: 'w-1', amount: 2950, locationId: JOVELLANOS, customerId: BRUCE, promotionsApplied: [{ id: EL_TENEDOR }] })).status).toBe(200);
    expect((await deliveries()).length).toBe(4);
  });

  it('a refused order (a promotion it cannot pay for) queues nothing', async () => {
    await org1.post(`/customers/${BRUCE}/addPoints`, { addedPoints: -48, pointTypeId: (await org1.get('/pointTypes')).body.pointTypes[1].id });
    await until('the removal event', async () => receiver.received.length >= 1);
    const before = (await deliveries()).length;
    const res = await org1.post('/orders', { externalId: 'w-2', amount: 5000, locationId: JOVELLANOS, customerId: BRUCE, promotionsApplied: [{ id: EL_TENEDOR }] });
    expect(res.status).toBe(400);
    expect((await deliveries()).length).toBe(before);
  });

  it('addPoints sends customer-points:updated with no location; a level change sends customer:updated', async () => {
    const res = await org1.post(`/customers/${BRUCE}/addPoints`, { addedPoints: 200, pointTypeId: POINTS });
    expect(res.status).toBe(200);
    expect(res.body.level).toBe('Platinum');
    await until('2 events', async () => receiver.received.length >= 2);
    expect(ofType('customer-points:updated').map((r) => r.body.data)).toStrictEqual([
      { customerId: BRUCE, locationId: null, addedPoints: 200, newPointsValue: 200, pointTypeId: POINTS },
    ]);
    const updated = ofType('customer:updated');
    expect(updated).toHaveLength(1);
    expect(updated[0].body.data).toStrictEqual(res.body);
  });

  it('expiry sends customer-points:updated without anyone reading the customer (the sweep)', async () => {
    await org1.post(`/customers/${BRUCE}/addPoints`, { addedPoints: 10, pointTypeId: POINTS });
    await until('the earning event', async () => receiver.received.length >= 1);
    await setClock(app.t, sandboxId, { advanceSeconds: 366 * DAY });
    const expired = await until('the expiry event', async () => ofType('customer-points:updated').find((r) => r.body.data.addedPoints === -10));
    expect(expired.body.data).toStrictEqual({ customerId: BRUCE, locationId: null, addedPoints: -10, newPointsValue: 0, pointTypeId: POINTS });
    // Bruce's 50 Burgers expire after 180 days: the same sweep removed them.
    const burgers = ofType('customer-points:updated').find((r) => r.body.data.addedPoints === -50);
    expect(burgers?.body.data).toMatchObject({ customerId: BRUCE, newPointsValue: 0 });
    // Read afterwards: nothing is sent twice.
    await org1.get(`/customers/${BRUCE}`);
    expect(ofType('customer-points:updated').filter((r) => r.body.data.addedPoints < 0)).toHaveLength(2);
    expect(new Date(expired.body.eventTime).getTime()).toBeGreaterThan(Date.now() + 365 * DAY * 1000);
  });

  it('the second organization\'s events carry its own token', async () => {
    const created = await org2.post('/customers', { name: 'Alfred', phoneNumber: '+34600000001' });
    expect(created.status).toBe(201);
    const points = await org2.post(`/customers/${created.body.id}/addPoints`, { addedPoints: 5, pointTypeId: (await org2.get('/pointTypes')).body.pointTypes[0].id });
    expect(points.status).toBe(200);
    await until('2 events', async () => receiver.received.length >= 2);
    expect(receiver.received.map((r) => r.authorization)).toEqual([token2, token2]);
    expect((await org2.get('/locations')).body[0].id).toBe(T8);
  });

  it('fetching a pass page sends customer:updated the first time only', async () => {
    const { downloadUrl } = (await org1.get(`/customers/${BRUCE}/androidDownloadUrl`)).body;
    const path = new URL(downloadUrl).pathname;
    expect((await app.t.call({ method: 'GET', url: path })).status).toBe(200);
    expect((await app.t.call({ method: 'GET', url: path })).status).toBe(200);
    await until('customer:updated', async () => ofType('customer:updated').length >= 1);
    const updated = ofType('customer:updated');
    expect(updated).toHaveLength(1);
    expect(updated[0].body.data).toMatchObject({ id: BRUCE, androidDownloaded: true, appleDownloaded: true });
    expect(updated[0].authorization).toBe(token1);
  });

  it('without a webhook URL nothing is queued', async () => {
    const sb = await demoSandbox(app.t);
    await sb.org1.post('/customers', { name: 'Nobody', email: 'nobody@example.com' });
    await sb.org1.post(`/customers/${BRUCE}/addPoints`, { addedPoints: 1, pointTypeId: POINTS });
    const list = (await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${sb.id}/deliveries` })).body.deliveries;
    expect(list).toEqual([]);
  });
});

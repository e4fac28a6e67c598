import { beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { BRUCE, demoSandbox, EL_TENEDOR, JOVELLANOS, POINTS, pointsOf, T8, type Client } from './helpers.ts';

/**
 * Issue 4, "POST orders": location and customer of the organization; `amount` (after
 * `discountAmount`) earns by the organization's rule (demo: 1 Point per full euro, 1 Burger
 * per full 10 €); each applied promotion consumes its `pointsExpense` and is recorded for the
 * order and location; all or nothing (400); the same externalId is the same order.
 */
const CAFE = '9hsab0efasf8312';
const DESCUENTO = '0hgfd0928ge32ge';
const TWO_FOR_ONE = '39bfaca0-9920-4224-9762-0cbc8d61dbcf';

describe('comeback: orders', () => {
  const app = useTestApp();
  let org1: Client;
  let org2: Client;
  let sandboxId: string;
  beforeEach(async () => {
    ({ org1, org2, id: sandboxId } = await demoSandbox(app.t));
  });

  const order = (over: Record<string, unknown> = {}) => ({ externalId: 'o-1', amount: 2950, locationId: JOVELLANOS, customerId: BRUCE, ...over });
  const bruce = async () => (await org1.get(`/customers/${BRUCE}`)).body;
  const applied = async () => (await org1.get(`/customers/${BRUCE}/appliedPromotions`)).body.appliedPromotions;
  const orderCount = async () => (await app.t.core.db.selectFrom('cb_orders').select('id').where('sandbox_id', '=', sandboxId).execute()).length;

  it('earns by the earning rule on amount: 29.50 € is 29 Points and 2 Burgers', async () => {
    const res = await org1.post('/orders', order());
    expect(res.status).toBe(201);
    expect(res.body.earnedPoints).toEqual([
      { amount: 29, pointTypeId: POINTS, pointTypeName: 'Points' },
      expect.objectContaining({ amount: 2, pointTypeName: 'Burgers' }),
    ]);
    const b = await bruce();
    expect(pointsOf(b, 'Points')).toBe(29);
    expect(pointsOf(b, 'Burgers')).toBe(52);
    // Under a euro earns nothing.
    expect((await org1.post('/orders', order({ externalId: 'o-2', amount: 99 }))).body.earnedPoints).toEqual([]);
  });

  it('each applied promotion consumes its pointsExpense and is recorded for the order and location', async () => {
    const res = await org1.post('/orders', order({ amount: 0, promotionsApplied: [{ id: CAFE }, { id: EL_TENEDOR }, { id: DESCUENTO }] }));
    expect(res.status).toBe(201);
    expect(res.body.promotionsApplied).toEqual([{ id: CAFE }, { id: EL_TENEDOR }, { id: DESCUENTO }]);
    expect(pointsOf(await bruce(), 'Burgers')).toBe(50 - 10 - 3 - 0);
    const list = (await applied()).slice(2);
    expect(list.map((a: { promotionId: string }) => a.promotionId)).toEqual([CAFE, EL_TENEDOR, DESCUENTO]);
    for (const a of list) {
      expect(a).toMatchObject({ customerId: BRUCE, locationId: JOVELLANOS, orderId: res.body.id });
      expect(a.creationTime).toBe(res.body.creationTime);
    }
  });

  it('all or nothing: if one promotion cannot be paid for, nothing changes (400) and the externalId stays free', async () => {
    // Café (10) + 2x1 (60) need 70 Burgers; Bruce has 50.
    const res = await org1.post('/orders', order({ promotionsApplied: [{ id: CAFE }, { id: TWO_FOR_ONE }] }));
    expect(res.status).toBe(400);
    expect(Object.keys(res.body)).toEqual(['error']);
    const b = await bruce();
    expect(pointsOf(b, 'Burgers')).toBe(50);
    expect(pointsOf(b, 'Points')).toBe(0);
    expect(await applied()).toHaveLength(2);
    expect(await orderCount()).toBe(1);
    // The same promotion twice is paid twice: 17 × 3 = 51 > 50.
    const many = await org1.post('/orders', order({ amount: 0, promotionsApplied: Array.from({ length: 17 }, () => ({ id: EL_TENEDOR })) }));
    expect(many.status).toBe(400);
    expect(pointsOf(await bruce(), 'Burgers')).toBe(50);
    const ok = await org1.post('/orders', order({ promotionsApplied: [{ id: CAFE }] }));
    expect(ok.status).toBe(201);
  });

  it('the same externalId again is the same order: 200 with the first answer, no second earning or spending', async () => {
    const first = await org1.post('/orders', order({ promotionsApplied: [{ id: EL_TENEDOR }] }));
    expect(first.status).toBe(201);
    const again = await org1.post('/orders', order({ promotionsApplied: [{ id: EL_TENEDOR }] }));
    expect(again.status).toBe(200);
    expect(again.body).toStrictEqual(first.body);
    const changed = await org1.post('/orders', order({ amount: 100000 }));
    expect(changed.status).toBe(200);
    expect(changed.body).toStrictEqual(first.body);
    const b = await bruce();
    expect(pointsOf(b, 'Points')).toBe(29);
    expect(pointsOf(b, 'Burgers')).toBe(49);
    expect(await applied()).toHaveLength(3);
    // Another organization may use the same externalId for its own order.
    const alfred = (await org2.post('/customers', { name: 'Alfred', phoneNumber: '+34600000003' })).body;
    expect((await org2.post('/orders', order({ locationId: T8, customerId: alfred.id }))).status).toBe(201);
  });

  it('unknown location, customer or promotion, and a deleted location: 400, nothing recorded', async () => {
    await app.t.call({ method: 'POST', url: `/_understudy/sandboxes/${sandboxId}/fixtures/comeback`, payload: { locations: [{ id: 'closed', name: 'CLOSED', deleted: 1 }] } });
    expect((await org1.get('/locations')).body.find((l: { id: string }) => l.id === 'closed').deleted).toBe(1);
    const bad = [
      order({ locationId: 'nowhere' }),
      order({ locationId: 'closed' }),
      order({ customerId: '00000000-0000-0000-0000-000000000000' }),
      order({ promotionsApplied: [{ id: 'no-such-promotion' }] }),
    ];
    for (const body of bad) {
      const res = await org1.post('/orders', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(res.body)).toEqual(['error']);
    }
    expect(await orderCount()).toBe(1);
    expect(pointsOf(await bruce(), 'Points')).toBe(0);
  });

  it('wrong types and missing fields are 400', async () => {
    const bad: Array<Record<string, unknown>> = [
      order({ amount: '2950' }),
      order({ amount: 29.5 }),
      order({ amount: -1 }),
      order({ discountAmount: -5 }),
      order({ externalId: '' }),
      order({ externalId: 123 }),
      order({ products: [{ name: 'Burger', quantity: 'one', price: 3000 }] }),
      order({ products: [{ quantity: 1, price: 3000 }] }),
      order({ promotionsApplied: [{}] }),
      order({ promotionsApplied: 'El tenedor' }),
      { amount: 1, locationId: JOVELLANOS, customerId: BRUCE },
      { externalId: 'x', locationId: JOVELLANOS, customerId: BRUCE },
      { externalId: 'x', amount: 1, customerId: BRUCE },
      { externalId: 'x', amount: 1, locationId: JOVELLANOS },
    ];
    for (const body of bad) expect((await org1.post('/orders', body)).status, JSON.stringify(body)).toBe(400);
    // The document's own sample, sent verbatim, is not JSON (a trailing comma, a missing one).
    const verbatim = await app.t.call({
      method: 'POST',
      url: '/comeback/v1/orders',
      headers: { authorization: (await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${sandboxId}` })).body.credentials.comeback.token, 'content-type': 'application/json' },
      payload: '{"externalId": "h230he02", "amount": 2950, "promotionsApplied": [{"id": "28afe959-6204-4169-b5ba-fc90f15aad43",}] "discountAmount": 50}',
    });
    expect(verbatim.status).toBe(400);
    expect(await orderCount()).toBe(1);
  });

  it('a promotion with pointsExpense 0 is applied without touching points', async () => {
    const res = await org1.post('/orders', order({ amount: 0, promotionsApplied: [{ id: DESCUENTO }] }));
    expect(res.status).toBe(201);
    expect(pointsOf(await bruce(), 'Burgers')).toBe(50);
    expect((await applied()).at(-1)).toMatchObject({ promotionId: DESCUENTO, orderId: res.body.id });
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { BRUCE, demoSandbox, EL_TENEDOR, JOVELLANOS, POINTS, type Client } from './helpers.ts';

/**
 * Issue 4, "Promotions": `discountType` one of products, 2x1, percentage, currency; a
 * percentage is at most 100; `code` may stand instead of `discountType`/`discountAmount`.
 * A customer's `availablePromotions`: enough points of the promotion's point type, valid at
 * the location when asked through one, `availableOnline` as configured.
 */
describe('comeback: promotions', () => {
  const app = useTestApp();
  let org1: Client;
  let sandboxId: string;
  beforeEach(async () => {
    ({ org1, id: sandboxId } = await demoSandbox(app.t));
  });

  const base = { name: 'Promo', description: 'd', pointTypeId: POINTS, pointsExpense: 5 };
  const count = async () => (await org1.get('/promotions')).body.promotions.length;

  it('accepts each discount type; a percentage of 100 is fine, 101 is 400', async () => {
    for (const discountType of ['products', '2x1', 'percentage', 'currency']) {
      const res = await org1.post('/promotions', { ...base, discountType, discountAmount: 100 });
      expect(res.status, discountType).toBe(201);
      expect(res.body).toMatchObject({ discountType, discountAmount: 100, pointsExpense: 5, pointTypeId: POINTS });
    }
    const over = await org1.post('/promotions', { ...base, discountType: 'percentage', discountAmount: 101 });
    expect(over.status).toBe(400);
    expect(Object.keys(over.body)).toEqual(['error']);
    expect(await count()).toBe(4 + 4);
  });

  it('an unknown discount type, a missing type or amount without a code, bad types: 400, nothing created', async () => {
    const bad = [
      { ...base, discountType: 'free', discountAmount: 1 },
      { ...base, discountAmount: 10 },
      { ...base, discountType: 'currency' },
      { ...base, discountType: 'currency', discountAmount: -1 },
      { ...base, discountType: 'currency', discountAmount: 1.5 },
      { ...base, pointsExpense: -1, discountType: 'currency', discountAmount: 1 },
      { ...base, pointsExpense: '5', discountType: 'currency', discountAmount: 1 },
      { ...base, pointTypeId: 'no-such-type', discountType: 'currency', discountAmount: 1 },
      { description: 'no name', pointTypeId: POINTS, pointsExpense: 1, discountType: 'currency', discountAmount: 1 },
    ];
    for (const body of bad) expect((await org1.post('/promotions', body)).status, JSON.stringify(body)).toBe(400);
    expect(await count()).toBe(4);
  });

  it('a code stands instead of discountType and discountAmount', async () => {
    const res = await org1.post('/promotions', { ...base, code: 'POS-FREE-FRIES' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ code: 'POS-FREE-FRIES', discountType: null, discountAmount: null });
    const both = await org1.post('/promotions', { ...base, code: 'POS-10', discountType: 'percentage', discountAmount: 10 });
    expect(both.body).toMatchObject({ code: 'POS-10', discountType: 'percentage', discountAmount: 10 });
    // The customer's promotion objects carry the code when there is one.
    await org1.post(`/customers/${BRUCE}/addPoints`, { addedPoints: 5, pointTypeId: POINTS });
    const available = (await org1.get(`/customers/${BRUCE}`)).body.availablePromotions;
    expect(available.find((p: { id: string }) => p.id === res.body.id)).toMatchObject({ code: 'POS-FREE-FRIES', pointsExpense: 5 });
    expect(available.find((p: { id: string }) => p.id === EL_TENEDOR)).not.toHaveProperty('code');
  });

  it('availablePromotions: only those the customer has enough points of the right point type for', async () => {
    const promo = (await org1.post('/promotions', { ...base, pointsExpense: 20, discountType: 'currency', discountAmount: 500 })).body;
    const ids = async () => (await org1.get(`/customers/${BRUCE}`)).body.availablePromotions.map((p: { id: string }) => p.id);
    // Bruce has 50 Burgers but no Points: a Points promotion is not available to him.
    expect(await ids()).not.toContain(promo.id);
    await org1.post(`/customers/${BRUCE}/addPoints`, { addedPoints: 19, pointTypeId: POINTS });
    expect(await ids()).not.toContain(promo.id);
    await org1.post(`/customers/${BRUCE}/addPoints`, { addedPoints: 1, pointTypeId: POINTS });
    expect(await ids()).toContain(promo.id);
    // availableOnline is reported as configured (POST default: true).
    const entry = (await org1.get(`/customers/${BRUCE}`)).body.availablePromotions.find((p: { id: string }) => p.id === promo.id);
    expect(entry.availableOnline).toBe(true);
    const offline = (await org1.post('/promotions', { ...base, pointsExpense: 0, discountType: 'currency', discountAmount: 1, availableOnline: false })).body;
    expect((await org1.get(`/customers/${BRUCE}`)).body.availablePromotions.find((p: { id: string }) => p.id === offline.id).availableOnline).toBe(false);
  });

  it('through a location, only the promotions valid there; GET customers/:id shows them all', async () => {
    const added = await app.t.call({
      method: 'POST',
      url: `/_understudy/sandboxes/${sandboxId}/fixtures/comeback`,
      payload: {
        locations: [{ id: 'loc-sol', name: 'SOL', address: 'Puerta del Sol, 1, Madrid', countryCode: 'ES', latitude: 40.4168, longitude: -3.7038 }],
        promotions: [{ id: 'only-sol', name: 'Solo en Sol', pointTypeId: (await org1.get('/pointTypes')).body.pointTypes[1].id, pointsExpense: 1, discountType: 'currency', discountAmount: 100, locationIds: ['loc-sol'] }],
      },
    });
    expect(added.status).toBe(201);
    const at = async (loc: string) => (await org1.get(`/location/${loc}/customer/+34666666666`)).body.availablePromotions.map((p: { id: string }) => p.id);
    expect(await at('loc-sol')).toContain('only-sol');
    expect(await at(JOVELLANOS)).not.toContain('only-sol');
    expect((await org1.get(`/customers/${BRUCE}`)).body.availablePromotions.map((p: { id: string }) => p.id)).toContain('only-sol');
    // And an order at JOVELLANOS cannot apply it.
    const res = await org1.post('/orders', { externalId: 'sol-1', amount: 0, locationId: JOVELLANOS, customerId: BRUCE, promotionsApplied: [{ id: 'only-sol' }] });
    expect(res.status).toBe(400);
    const ok = await org1.post('/orders', { externalId: 'sol-2', amount: 0, locationId: 'loc-sol', customerId: BRUCE, promotionsApplied: [{ id: 'only-sol' }] });
    expect(ok.status).toBe(201);
  });
});

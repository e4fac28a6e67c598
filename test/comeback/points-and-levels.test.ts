import { beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { BRUCE, DAY, demoSandbox, JOVELLANOS, POINTS, pointsOf, setClock, type Client } from './helpers.ts';

/**
 * Issue 4: addPoints (`addedPoints` negative removes, never below zero: 400) with
 * `pointTypeId`; points expire `expirationDays` after they were earned, by the sandbox clock,
 * oldest first; levels are thresholds on lifetime points (Bronze 0, Silver 25, Gold 100,
 * Platinum 250 in the fixtures).
 */
describe('comeback: points, expiry and levels', () => {
  const app = useTestApp();
  let org1: Client;
  let sandboxId: string;
  let burgers: string;
  let customerId: string;
  beforeEach(async () => {
    ({ org1, id: sandboxId } = await demoSandbox(app.t));
    await setClock(app.t, sandboxId, { frozen: true });
    burgers = (await org1.get('/pointTypes')).body.pointTypes.find((p: { name: string }) => p.name === 'Burgers').id;
    customerId = (await org1.post('/customers', { name: 'Barbara', surname: 'Gordon', phoneNumber: '+34688888888' })).body.id;
  });

  const get = async () => (await org1.get(`/customers/${customerId}`)).body;
  const add = (addedPoints: number, pointTypeId = POINTS) => org1.post(`/customers/${customerId}/addPoints`, { addedPoints, pointTypeId });

  it('adds and removes points per point type and answers with the customer', async () => {
    const a = await add(30);
    expect(a.status).toBe(200);
    expect(a.body.points).toEqual([{ amount: 30, pointTypeId: POINTS, pointTypeName: 'Points' }]);
    const b = await add(4, burgers);
    expect(b.body.points).toEqual([
      { amount: 30, pointTypeId: POINTS, pointTypeName: 'Points' },
      { amount: 4, pointTypeId: burgers, pointTypeName: 'Burgers' },
    ]);
    const c = await org1.put(`/customers/${customerId}/addPoints`, { addedPoints: -12, pointTypeId: POINTS });
    expect(c.status).toBe(200);
    expect(pointsOf(c.body, POINTS)).toBe(18);
    expect(pointsOf(await get(), burgers)).toBe(4);
  });

  it('removing more than the customer has is 400 and changes nothing; removing all of it is fine', async () => {
    await add(10);
    const res = await add(-11);
    expect(res.status).toBe(400);
    expect(Object.keys(res.body)).toEqual(['error']);
    expect(pointsOf(await get(), POINTS)).toBe(10);
    expect((await add(-1, burgers)).status).toBe(400);
    expect((await add(-10)).status).toBe(200);
    expect(pointsOf(await get(), POINTS)).toBe(0);
  });

  it('unknown point type, wrong types, unknown customer: 4xx with nothing changed', async () => {
    await add(10);
    expect((await add(5, 'no-such-type')).status).toBe(400);
    expect((await org1.post(`/customers/${customerId}/addPoints`, { addedPoints: '5', pointTypeId: POINTS })).status).toBe(400);
    expect((await org1.post(`/customers/${customerId}/addPoints`, { addedPoints: 1.5, pointTypeId: POINTS })).status).toBe(400);
    expect((await org1.post(`/customers/${customerId}/addPoints`, { pointTypeId: POINTS })).status).toBe(400);
    expect((await org1.post(`/customers/${customerId}/addPoints`, { addedPoints: 5 })).status).toBe(400);
    expect((await org1.post('/customers/00000000-0000-0000-0000-000000000000/addPoints', { addedPoints: 5, pointTypeId: POINTS })).status).toBe(404);
    expect(pointsOf(await get(), POINTS)).toBe(10);
  });

  it('points expire expirationDays (365 for Points) after they were earned, by the sandbox clock', async () => {
    await add(10);
    await setClock(app.t, sandboxId, { advanceSeconds: 364 * DAY });
    expect(pointsOf(await get(), POINTS)).toBe(10);
    await add(5);
    await setClock(app.t, sandboxId, { advanceSeconds: DAY - 1 });
    expect(pointsOf(await get(), POINTS)).toBe(15);
    await setClock(app.t, sandboxId, { advanceSeconds: 1 });
    // Exactly 365 days after the first 10 were earned: they are gone, the 5 are not.
    expect(pointsOf(await get(), POINTS)).toBe(5);
    await setClock(app.t, sandboxId, { advanceSeconds: 364 * DAY });
    expect(pointsOf(await get(), POINTS)).toBe(0);
  });

  it('points are spent oldest first: what expires is what was left of the oldest', async () => {
    await add(10); // day 0, expires day 365
    await setClock(app.t, sandboxId, { advanceSeconds: 100 * DAY });
    await add(10); // day 100, expires day 465
    expect((await add(-15)).status).toBe(200); // takes all 10 of day 0 and 5 of day 100
    await setClock(app.t, sandboxId, { advanceSeconds: 266 * DAY }); // day 366
    expect(pointsOf(await get(), POINTS)).toBe(5);
    await setClock(app.t, sandboxId, { advanceSeconds: 100 * DAY }); // day 466
    expect(pointsOf(await get(), POINTS)).toBe(0);
  });

  it('spending across many small earnings takes the oldest ones, whatever their number', async () => {
    for (let day = 0; day < 150; day++) {
      expect((await add(1)).status).toBe(200);
      await setClock(app.t, sandboxId, { advanceSeconds: DAY });
    }
    // Day 150: 150 points earned on days 0…149. Spend 120: those of days 0…119 go.
    expect(pointsOf((await add(-120)).body, POINTS)).toBe(30);
    // Day 485: the points of days 0…120 would have expired; only day 120's was still there.
    await setClock(app.t, sandboxId, { advanceSeconds: 335 * DAY });
    expect(pointsOf(await get(), POINTS)).toBe(29);
    await setClock(app.t, sandboxId, { advanceSeconds: 29 * DAY });
    expect(pointsOf(await get(), POINTS)).toBe(0);
  });

  it('expired points cannot be spent: an order needing them is refused', async () => {
    // Bruce's 50 Burgers were earned when the sandbox was seeded and last 180 days.
    const bruce = (await org1.get(`/customers/${BRUCE}`)).body;
    expect(pointsOf(bruce, 'Burgers')).toBe(50);
    await setClock(app.t, sandboxId, { advanceSeconds: 365 * DAY });
    const res = await org1.post('/orders', { externalId: 'late', amount: 0, locationId: JOVELLANOS, customerId: BRUCE, promotionsApplied: [{ id: '9hsab0efasf8312' }] });
    expect(res.status).toBe(400);
    const after = (await org1.get(`/customers/${BRUCE}`)).body;
    expect(pointsOf(after, 'Burgers')).toBe(0);
    // Only the promotions that cost nothing remain available.
    expect(after.availablePromotions.map((p: { id: string }) => p.id)).toEqual(['0hgfd0928ge32ge']);
  });

  it('levels follow lifetime points: earning moves the customer up; spending, removing and expiry do not move it down', async () => {
    expect((await get()).level).toBe('Bronze');
    expect((await add(24)).body.level).toBe('Bronze');
    expect((await add(1)).body.level).toBe('Silver');
    expect((await add(-25)).body.level).toBe('Silver');
    // An order of 75 € earns 75 Points and 7 Burgers: lifetime 25 + 82 = 107.
    const order = await org1.post('/orders', { externalId: 'lvl', amount: 7500, locationId: JOVELLANOS, customerId });
    expect(order.status).toBe(201);
    expect((await get()).level).toBe('Gold');
    await setClock(app.t, sandboxId, { advanceSeconds: 400 * DAY });
    const later = await get();
    expect(later.points.every((p: { amount: number }) => p.amount === 0)).toBe(true);
    expect(later.level).toBe('Gold');
  });

  it('Bruce is Gold, and 137 more points make him Platinum', async () => {
    expect((await org1.get(`/customers/${BRUCE}`)).body.level).toBe('Gold');
    expect((await org1.post(`/customers/${BRUCE}/addPoints`, { addedPoints: 136, pointTypeId: POINTS })).body.level).toBe('Gold');
    expect((await org1.post(`/customers/${BRUCE}/addPoints`, { addedPoints: 1, pointTypeId: POINTS })).body.level).toBe('Platinum');
  });
});

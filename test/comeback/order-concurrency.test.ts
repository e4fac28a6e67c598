import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/app.ts';
import { BRUCE, demoSandbox, EL_TENEDOR, JOVELLANOS, POINTS } from './helpers.ts';

/**
 * Issue 4, "Done when": 100 concurrent orders spending one customer's points never drive the
 * balance negative and every accepted order is paid for. Real concurrent HTTP requests to a
 * listening server, on SQLite and on PostgreSQL.
 */
const CONCURRENT = 100;

describe('comeback: concurrent orders over real HTTP', () => {
  let t: TestApp;
  let base: string;
  let token: string;
  let sandboxId: string;

  beforeAll(async () => {
    t = await testApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/comeback/v1`;
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    const sb = await demoSandbox(t);
    token = sb.token1;
    sandboxId = sb.id;
  });

  const order = (externalId: string, amount: number) =>
    JSON.stringify({ externalId, amount, products: [], locationId: JOVELLANOS, customerId: BRUCE, promotionsApplied: [{ id: EL_TENEDOR }], discountAmount: 0 });

  async function fireAll(bodies: string[]): Promise<Array<{ status: number; body: any }>> {
    return Promise.all(
      bodies.map(async (body) => {
        const res = await fetch(`${base}/orders`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: token }, body });
        return { status: res.status, body: await res.json() };
      }),
    );
  }

  async function bruce(): Promise<{ burgers: number; points: number; applied: number }> {
    const headers = { authorization: token };
    const c = await (await fetch(`${base}/customers/${BRUCE}`, { headers })).json();
    const a = await (await fetch(`${base}/customers/${BRUCE}/appliedPromotions`, { headers })).json();
    const of = (name: string) => c.points.find((p: { pointTypeName: string }) => p.pointTypeName === name)?.amount ?? 0;
    return { burgers: of('Burgers'), points: of('Points'), applied: a.appliedPromotions.length };
  }

  async function lotsRemaining(pointTypeName: string): Promise<number> {
    const rows = await t.core.db
      .selectFrom('cb_point_lots as l')
      .innerJoin('cb_point_types as p', (j) => j.onRef('p.sandbox_id', '=', 'l.sandbox_id').onRef('p.id', '=', 'l.point_type_id'))
      .select('l.remaining')
      .where('l.sandbox_id', '=', sandboxId)
      .where('l.customer_id', '=', BRUCE)
      .where('p.name', '=', pointTypeName)
      .execute();
    return rows.reduce((s, r) => s + Number(r.remaining), 0);
  }

  it('100 orders each spending El tenedor (3 of Bruce\'s 50 Burgers): exactly 16 are accepted and paid, 2 Burgers are left', async () => {
    const answers = await fireAll(Array.from({ length: CONCURRENT }, (_, i) => order(`rush-${i}`, 0)));
    const accepted = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status === 400);
    expect(accepted.length + refused.length).toBe(CONCURRENT);
    expect(accepted).toHaveLength(16);
    for (const r of refused) expect(Object.keys(r.body)).toEqual(['error']);
    const after = await bruce();
    expect(after.burgers).toBe(2);
    // The two applied promotions of the fixtures plus one per accepted order.
    expect(after.applied).toBe(2 + 16);
    expect(await lotsRemaining('Burgers')).toBe(2);
    const orders = await t.core.db.selectFrom('cb_orders').select('id').where('sandbox_id', '=', sandboxId).execute();
    expect(orders).toHaveLength(1 + 16);
  });

  it('100 orders that also earn (1 Burger and 10 Points each) while spending 3 Burgers: 24 accepted, the balance never below 0', async () => {
    const answers = await fireAll(Array.from({ length: CONCURRENT }, (_, i) => order(`earn-${i}`, 1000)));
    const accepted = answers.filter((a) => a.status === 201).length;
    expect(answers.filter((a) => a.status !== 201 && a.status !== 400)).toEqual([]);
    // Each accepted order nets −2 Burgers; one needs 3 on hand: 50 − 2k ≥ 3 holds for k = 0…23.
    expect(accepted).toBe(24);
    const after = await bruce();
    expect(after.burgers).toBe(50 + accepted - 3 * accepted);
    expect(after.points).toBe(10 * accepted);
    expect(after.applied).toBe(2 + accepted);
    expect(await lotsRemaining('Burgers')).toBe(after.burgers);
    expect(await lotsRemaining('Points')).toBe(after.points);
  });

  it('the same externalId sent 30 times at once is one order, paid and earned once', async () => {
    const answers = await fireAll(Array.from({ length: 30 }, () => order('same-order', 2000)));
    const created = answers.filter((a) => a.status === 201);
    expect(created).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(29);
    const ids = new Set(answers.map((a) => a.body.id));
    expect(ids.size).toBe(1);
    const after = await bruce();
    expect(after.burgers).toBe(50 - 3 + 2);
    expect(after.points).toBe(20);
    expect(after.applied).toBe(3);
  });

  it('concurrent addPoints removals never take the balance below zero', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, async () => {
        const res = await fetch(`${base}/customers/${BRUCE}/addPoints`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: token },
          body: JSON.stringify({ addedPoints: -7, pointTypeId: (await burgersId()) }),
        });
        return res.status;
      }),
    );
    expect(answers.filter((s) => s === 200)).toHaveLength(7);
    expect(answers.filter((s) => s === 400)).toHaveLength(33);
    expect((await bruce()).burgers).toBe(1);
    expect((await bruce()).points).toBe(0);
  });

  let cachedBurgers: string | undefined;
  async function burgersId(): Promise<string> {
    if (cachedBurgers) return cachedBurgers;
    const res = await (await fetch(`${base}/pointTypes`, { headers: { authorization: token } })).json();
    cachedBurgers = res.pointTypes.find((p: { name: string; id: string }) => p.name === 'Burgers' && p.id !== POINTS).id as string;
    return cachedBurgers;
  }
});

import { beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { BRUCE, demoSandbox, EL_TENEDOR, JOVELLANOS, PREFIX } from './helpers.ts';

/**
 * Issue 4, "Done when": 100 concurrent orders spending one customer's points never drive the
 * balance negative and every accepted order is paid for. Real concurrent HTTP requests to a
 * listening server, on SQLite and on PostgreSQL.
 */
const CONCURRENT = 100;
/** The demo's second point type of JOVELLANOS (README "Demo data"): El tenedor costs 3 of them. */
const BURGERS = '5b1d3c2e-8f4a-4c6b-9e7d-2a1f0c9b8e71';

describe('comeback: concurrent orders over real HTTP', () => {
  const app = useTestApp({}, { listen: true });
  let token: string;
  let sandboxId: string;

  beforeEach(async () => {
    const sb = await demoSandbox(app.t);
    token = sb.token1;
    sandboxId = sb.id;
  });

  const order = (externalId: string, amount: number) =>
    JSON.stringify({ externalId, amount, products: [], locationId: JOVELLANOS, customerId: BRUCE, promotionsApplied: [{ id: EL_TENEDOR }], discountAmount: 0 });

  async function send(path: string, body: string): Promise<{ status: number; body: any }> {
    const res = await fetch(`${app.url}${PREFIX}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: token }, body });
    return { status: res.status, body: await res.json() };
  }

  const fireAll = (bodies: string[]) => Promise.all(bodies.map((body) => send('/orders', body)));

  async function bruce(): Promise<{ burgers: number; points: number; applied: Array<{ orderId: string; promotionId: string }> }> {
    const headers = { authorization: token };
    const c = await (await fetch(`${app.url}${PREFIX}/customers/${BRUCE}`, { headers })).json();
    const a = await (await fetch(`${app.url}${PREFIX}/customers/${BRUCE}/appliedPromotions`, { headers })).json();
    const of = (name: string) => c.points.find((p: { pointTypeName: string }) => p.pointTypeName === name)?.amount ?? 0;
    return { burgers: of('Burgers'), points: of('Points'), applied: a.appliedPromotions };
  }

  async function lotsRemaining(pointTypeName: string): Promise<number> {
    const rows = await app.t.core.db
      .selectFrom('cb_point_lots as l')
      .innerJoin('cb_point_types as p', (j) => j.onRef('p.sandbox_id', '=', 'l.sandbox_id').onRef('p.id', '=', 'l.point_type_id'))
      .select('l.remaining')
      .where('l.sandbox_id', '=', sandboxId)
      .where('l.customer_id', '=', BRUCE)
      .where('p.name', '=', pointTypeName)
      .execute();
    return rows.reduce((s, r) => s + Number(r.remaining), 0);
  }

  const orderIds = async () => (await app.t.core.db.selectFrom('cb_orders').select('id').where('sandbox_id', '=', sandboxId).execute()).map((r) => r.id).sort();

  /** Every accepted order is recorded, and paid: one El tenedor applied for it, no more, no less. */
  async function expectEachAcceptedOrderPaid(accepted: Array<{ body: { id: string; promotionsApplied: unknown } }>) {
    const after = await bruce();
    // The fixtures' sample order holds the first two applied promotions.
    const paid = after.applied.slice(2);
    expect(paid.map((a) => a.orderId).sort()).toEqual(accepted.map((a) => a.body.id).sort());
    for (const a of paid) expect(a.promotionId).toBe(EL_TENEDOR);
    for (const a of accepted) expect(a.body.promotionsApplied).toEqual([{ id: EL_TENEDOR }]);
    expect(await orderIds()).toEqual(['b2c8bc3-4601-47d1-8a11-26935d57222f', ...accepted.map((a) => a.body.id)].sort());
    return after;
  }

  it('100 orders each spending El tenedor (3 of Bruce\'s 50 Burgers): exactly 16 are accepted and paid, 2 Burgers are left', async () => {
    const answers = await fireAll(Array.from({ length: CONCURRENT }, (_, i) => order(`rush-${i}`, 0)));
    const accepted = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status === 400);
    expect(accepted.length + refused.length).toBe(CONCURRENT);
    expect(accepted).toHaveLength(16);
    for (const r of refused) expect(Object.keys(r.body)).toEqual(['error']);
    const after = await expectEachAcceptedOrderPaid(accepted);
    expect(after.burgers).toBe(50 - 3 * 16);
    expect(await lotsRemaining('Burgers')).toBe(2);
  });

  it('100 orders that also earn (1 Burger and 10 Points each) while spending 3 Burgers: 24 accepted, the balance never below 0', async () => {
    const answers = await fireAll(Array.from({ length: CONCURRENT }, (_, i) => order(`earn-${i}`, 1000)));
    const accepted = answers.filter((a) => a.status === 201);
    expect(answers.filter((a) => a.status !== 201 && a.status !== 400)).toEqual([]);
    // Each accepted order nets −2 Burgers; one needs 3 on hand: 50 − 2k ≥ 3 holds for k = 0…23.
    expect(accepted).toHaveLength(24);
    const after = await expectEachAcceptedOrderPaid(accepted);
    expect(after.burgers).toBe(50 - 2 * 24);
    expect(after.points).toBe(10 * 24);
    expect(await lotsRemaining('Burgers')).toBe(after.burgers);
    expect(await lotsRemaining('Points')).toBe(after.points);
  });

  it('the same externalId sent 30 times at once is one order, paid and earned once', async () => {
    const answers = await fireAll(Array.from({ length: 30 }, () => order('same-order', 2000)));
    const created = answers.filter((a) => a.status === 201);
    expect(created).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(29);
    for (const a of answers) expect(a.body).toStrictEqual(created[0].body);
    const after = await expectEachAcceptedOrderPaid(created);
    expect(after.burgers).toBe(50 - 3 + 2);
    expect(after.points).toBe(20);
  });

  it('concurrent addPoints removals never take the balance below zero', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, () => send(`/customers/${BRUCE}/addPoints`, JSON.stringify({ addedPoints: -7, pointTypeId: BURGERS }))));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(7);
    expect(answers.filter((a) => a.status === 400)).toHaveLength(33);
    // Each accepted removal answers with the balance it left: 43, 36, …, 1, each once.
    expect(answers.filter((a) => a.status === 200).map((a) => a.body.points.find((p: { pointTypeId: string }) => p.pointTypeId === BURGERS).amount).sort((x, y) => y - x)).toEqual([43, 36, 29, 22, 15, 8, 1]);
    const after = await bruce();
    expect(after.burgers).toBe(1);
    expect(await lotsRemaining('Burgers')).toBe(1);
  });
});

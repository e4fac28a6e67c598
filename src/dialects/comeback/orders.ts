import { badRequest, ComebackError } from './errors.ts';
import { eventsOf, levelChanged, lockedCustomerView, type OrgScope } from './model.ts';
import { earnedPoints, Ledger } from './points.ts';
import type { NewOrderInput } from './schemas.ts';
import { lockCustomer } from './customer-store.ts';
import { insertAppliedPromotions, insertOrderOnce, selectOrderByExternalId } from './order-store.ts';
import { selectLocation, selectPointTypes, selectPromotions, type OrderRow, type PromotionRow } from './store.ts';
import { iso } from './views.ts';

export function orderView(r: OrderRow) {
  return {
    id: r.id,
    externalId: r.external_id,
    amount: Number(r.amount),
    products: (JSON.parse(r.products) as Array<Record<string, unknown>>).map((p) => ({
      name: p.name as string,
      quantity: p.quantity as number,
      organizationProductExternalId: (p.organizationProductExternalId ?? null) as string | null,
      orderProductExternalId: (p.orderProductExternalId ?? null) as string | null,
      price: p.price as number,
    })),
    locationId: r.location_id,
    customerId: r.customer_id,
    promotionsApplied: JSON.parse(r.promotions_applied) as Array<{ id: string }>,
    discountAmount: Number(r.discount_amount),
    creationTime: iso(r.creation_time),
    earnedPoints: JSON.parse(r.earned_points) as Array<{ amount: number; pointTypeId: string; pointTypeName: string }>,
  };
}

export type OrderView = ReturnType<typeof orderView>;

/**
 * POST orders (comeback.txt "POST Create Order"). All or nothing: each promotion in
 * `promotionsApplied` is paid with its `pointsExpense` of its point type, and if any cannot
 * be, nothing changes (400). The customer then earns by the organization's earning rule on
 * `amount` (the total after `discountAmount`). The same `externalId` again is the same order:
 * it is answered with the order as first recorded, and nothing is earned or spent again.
 */
export async function createOrder(s: OrgScope, input: NewOrderInput): Promise<{ order: OrderView; created: boolean }> {
  let planned: Awaited<ReturnType<typeof planOrder>>;
  try {
    planned = await planOrder(s, input);
  } catch (err) {
    // A recorded externalId is that order, whatever the body sent again says.
    const existing = err instanceof ComebackError ? await selectOrderByExternalId(s.db, s.sandboxId, s.organizationId, input.externalId) : undefined;
    if (existing) return { order: orderView(existing), created: false };
    throw err;
  }
  const { row, applied, earned } = planned;
  const lifetimeAdded = earned.reduce((sum, e) => sum + e.points, 0);

  const events = eventsOf(s);
  const created = await s.scope.tx(async (tx) => {
    // The order's id is drawn inside the transaction (a seeded sandbox's ids come from its seed).
    row.id = s.scope.random.uuid();
    // The unique (organization, externalId) decides between two sends of the same order.
    if (!(await insertOrderOnce(tx, row))) return false;
    const customer = await lockCustomer(tx, s.sandboxId, s.organizationId, input.customerId, lifetimeAdded);
    if (!customer) throw badRequest(`Customer ${input.customerId} not found`);
    const ledger = new Ledger(tx, s.scope, customer.id, events);
    for (const p of applied) {
      const expense = Number(p.points_expense);
      if (expense > 0 && (await ledger.spend(p.point_type_id!, expense, row.location_id)) === undefined) {
        throw badRequest(`Not enough points to apply promotion ${p.id} (${p.name}): it needs ${expense}`);
      }
      await events.emit(tx, 'promotion:applied', { customerId: customer.id, promotionId: p.id });
    }
    await insertAppliedPromotions(
      tx,
      applied.map((p) => ({
        sandbox_id: s.sandboxId,
        organization_id: s.organizationId,
        customer_id: customer.id,
        promotion_id: p.id,
        location_id: row.location_id,
        order_id: row.id,
        creation_time: s.nowMs,
      })),
    );
    await ledger.earn(earned, row.location_id);
    if (levelChanged(customer, lifetimeAdded) && (await events.active(tx))) {
      await events.emit(tx, 'customer:updated', await lockedCustomerView(s, tx, customer));
    }
    return true;
  });
  if (created) return { order: orderView(row), created: true };
  const first = await selectOrderByExternalId(s.db, s.sandboxId, s.organizationId, input.externalId);
  if (!first) throw new Error(`order ${input.externalId} vanished after a conflicting insert`);
  return { order: orderView(first), created: false };
}

/**
 * The order as it will be recorded, its promotions and its earnings, from the organization's
 * configuration (read outside the transaction: only fixtures change it). 400 for a location or
 * promotion the organization does not have.
 */
async function planOrder(s: OrgScope, input: NewOrderInput) {
  const [location, promotions, pointTypes] = await Promise.all([
    selectLocation(s.db, s.sandboxId, s.organizationId, input.locationId),
    (input.promotionsApplied?.length ?? 0) > 0 ? selectPromotions(s.db, s.sandboxId, s.organizationId) : Promise.resolve([] as PromotionRow[]),
    selectPointTypes(s.db, s.sandboxId, s.organizationId),
  ]);
  if (!location) throw badRequest(`Location ${input.locationId} not found`);
  if (Number(location.deleted) === 1) throw badRequest(`Location ${input.locationId} is deleted`);
  const byId = new Map(promotions.map((p) => [p.id, p]));
  const applied: PromotionRow[] = [];
  for (const { id } of input.promotionsApplied ?? []) {
    const p = byId.get(id);
    if (!p) throw badRequest(`Promotion ${id} not found`);
    if (p.location_ids !== null && !(JSON.parse(p.location_ids) as string[]).includes(location.id)) {
      throw badRequest(`Promotion ${id} is not available at location ${location.id}`);
    }
    if (Number(p.points_expense) > 0 && p.point_type_id === null) throw badRequest(`Promotion ${id} cannot be paid for: it has no point type`);
    applied.push(p);
  }
  const earned = earnedPoints(pointTypes, input.amount);
  const row: OrderRow = {
    sandbox_id: s.sandboxId,
    id: '',
    organization_id: s.organizationId,
    external_id: input.externalId,
    customer_id: input.customerId,
    location_id: location.id,
    amount: input.amount,
    discount_amount: input.discountAmount ?? 0,
    products: JSON.stringify(
      (input.products ?? []).map((p) => ({
        name: p.name,
        quantity: p.quantity,
        organizationProductExternalId: p.organizationProductExternalId ?? null,
        orderProductExternalId: p.orderProductExternalId ?? null,
        price: p.price,
      })),
    ),
    promotions_applied: JSON.stringify(applied.map((p) => ({ id: p.id }))),
    earned_points: JSON.stringify(earned.map((e) => ({ amount: e.points, pointTypeId: e.pointType.id, pointTypeName: e.pointType.name }))),
    creation_time: s.nowMs,
  };
  return { row, applied, earned };
}

import type { Db, Tx } from '../../core/db/engine.ts';
import { prepared } from '../../core/db/prepared.ts';
import { typed, type AppliedPromotionRow, type OrderRow } from './store.ts';

// Queries on orders and applied promotions.

const orderByExternalId = prepared((db, sandboxId: string, organizationId: string, externalId: string) =>
  typed(db).selectFrom('cb_orders').selectAll().where('sandbox_id', '=', sandboxId).where('organization_id', '=', organizationId).where('external_id', '=', externalId),
);

export async function selectOrderByExternalId(db: Db | Tx, sandboxId: string, organizationId: string, externalId: string): Promise<OrderRow | undefined> {
  return (await orderByExternalId(db, sandboxId, organizationId, externalId))[0];
}

/** Records the order once; false when the organization already has this externalId. */
export async function insertOrderOnce(tx: Tx, row: OrderRow): Promise<boolean> {
  const inserted = await typed(tx)
    .insertInto('cb_orders')
    .values(row)
    .onConflict((oc) => oc.columns(['sandbox_id', 'organization_id', 'external_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function insertAppliedPromotions(tx: Tx, rows: Array<Omit<AppliedPromotionRow, 'id'>>): Promise<void> {
  if (rows.length) await typed(tx).insertInto('cb_applied_promotions').values(rows).execute();
}

export async function selectAppliedPromotions(db: Db | Tx, sandboxId: string, organizationId: string, customerId: string) {
  return typed(db)
    .selectFrom('cb_applied_promotions')
    .select(['promotion_id', 'customer_id', 'creation_time', 'location_id', 'order_id'])
    .where('sandbox_id', '=', sandboxId)
    .where('organization_id', '=', organizationId)
    .where('customer_id', '=', customerId)
    .orderBy('creation_time')
    .orderBy('id')
    .execute();
}

export async function insertOrderRow(tx: Tx, row: OrderRow): Promise<void> {
  await typed(tx).insertInto('cb_orders').values(row).execute();
}

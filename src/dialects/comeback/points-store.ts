import { sql } from 'kysely';
import type { Db, Tx } from '../../core/db/engine.ts';
import { prepared, preparedWrite } from '../../core/db/prepared.ts';
import { typed, type CustomerPointsRow, type PointLotRow } from './store.ts';

// Queries on balances and point lots: the storage of the points ledger (points.ts).

export type BalanceRow = CustomerPointsRow & { point_type_name: string; point_type_position: number };

function balancesQuery(db: Db | Tx, sandboxId: string) {
  return typed(db)
    .selectFrom('cb_customer_points as p')
    .innerJoin('cb_point_types as t', (j) => j.onRef('t.sandbox_id', '=', 'p.sandbox_id').onRef('t.id', '=', 'p.point_type_id'))
    .selectAll('p')
    .select(['t.name as point_type_name', 't.position as point_type_position'])
    .where('p.sandbox_id', '=', sandboxId)
    .orderBy('t.position');
}

/** One customer's balances: read by every points change (expiry is settled first). */
const balancesOfOne = prepared((db, sandboxId: string, customerId: string) => balancesQuery(db, sandboxId).where('p.customer_id', '=', customerId));

/** The balances of some customers, with their point type names, in point type order. */
export async function selectBalances(db: Db | Tx, sandboxId: string, customerIds: string[]): Promise<BalanceRow[]> {
  if (customerIds.length === 0) return [];
  if (customerIds.length === 1) return balancesOfOne(db, sandboxId, customerIds[0]);
  return balancesQuery(db, sandboxId).where('p.customer_id', 'in', customerIds).execute();
}

const debit = prepared((db, sandboxId: string, customerId: string, pointTypeId: string, points: number) =>
  typed(db)
    .updateTable('cb_customer_points')
    .set((eb) => ({ amount: eb('amount', '-', points) }))
    .where('sandbox_id', '=', sandboxId)
    .where('customer_id', '=', customerId)
    .where('point_type_id', '=', pointTypeId)
    .where('amount', '>=', points)
    .returning('amount'),
);

/**
 * Spends `points` in one statement: the balance only moves when it covers them, so
 * concurrent spenders can never drive it below zero. The new amount; undefined when it does
 * not cover them.
 */
export async function debitBalance(tx: Tx, sandboxId: string, customerId: string, pointTypeId: string, points: number): Promise<number | undefined> {
  const [row] = await debit(tx, sandboxId, customerId, pointTypeId, points);
  return row === undefined ? undefined : Number(row.amount);
}

/**
 * Adds points to balances (creating them), keeping `next_expiry_at` the earliest expiry.
 * Returns each point type's new amount.
 */
export async function creditBalances(
  tx: Tx,
  sandboxId: string,
  customerId: string,
  credits: Array<{ pointTypeId: string; points: number; expiresAt: number | null }>,
): Promise<Map<string, number>> {
  const values = sql.join(credits.map((c) => sql`(${sandboxId}, ${customerId}, ${c.pointTypeId}, ${c.points}, ${c.expiresAt})`));
  const rows = await sql<{ point_type_id: string; amount: number }>`
    insert into cb_customer_points (sandbox_id, customer_id, point_type_id, amount, next_expiry_at)
    values ${values}
    on conflict (sandbox_id, customer_id, point_type_id) do update set
      amount = cb_customer_points.amount + excluded.amount,
      next_expiry_at = case
        when cb_customer_points.next_expiry_at is null then excluded.next_expiry_at
        when excluded.next_expiry_at is null then cb_customer_points.next_expiry_at
        when excluded.next_expiry_at < cb_customer_points.next_expiry_at then excluded.next_expiry_at
        else cb_customer_points.next_expiry_at end
    returning point_type_id, amount`.execute(tx);
  return new Map(rows.rows.map((r) => [r.point_type_id, Number(r.amount)]));
}

export async function insertLots(tx: Tx, lots: Array<Omit<PointLotRow, 'id'>>): Promise<void> {
  if (lots.length) await typed(tx).insertInto('cb_point_lots').values(lots).execute();
}

/**
 * The lots of one customer's point type that still hold points (the partial indexes' range).
 * `remaining > 0` is written as a literal: the planner uses a partial index only when it can see
 * that the query implies the index's WHERE, and it cannot see a bound value.
 */
function lotsWithPoints(db: Db | Tx, sandboxId: string, customerId: string, pointTypeId: string) {
  return typed(db)
    .selectFrom('cb_point_lots')
    .select(['id', 'remaining'])
    .where('sandbox_id', '=', sandboxId)
    .where('customer_id', '=', customerId)
    .where('point_type_id', '=', pointTypeId)
    .where('remaining', '>', sql.lit(0));
}

const liveLots = prepared((db, sandboxId: string, customerId: string, pointTypeId: string, nowMs: number, limit: number) =>
  lotsWithPoints(db, sandboxId, customerId, pointTypeId)
    .where((w) => w.or([w('expires_at', 'is', null), w('expires_at', '>', nowMs)]))
    .orderBy('earned_at')
    .orderBy('id')
    .limit(limit),
);

const expiredLots = prepared((db, sandboxId: string, customerId: string, pointTypeId: string, nowMs: number) =>
  lotsWithPoints(db, sandboxId, customerId, pointTypeId).where('expires_at', '<=', nowMs),
);

const asLots = (rows: Array<{ id: number; remaining: number }>) => rows.map((r) => ({ id: Number(r.id), remaining: Number(r.remaining) }));

/** Up to `limit` lots with points left that have not expired at `nowMs`, oldest first (spending, every order). */
export async function selectLiveLots(tx: Tx, sandboxId: string, customerId: string, pointTypeId: string, nowMs: number, limit: number) {
  return asLots(await liveLots(tx, sandboxId, customerId, pointTypeId, nowMs, limit));
}

/** Lots with points left whose expiry has come at `nowMs`. */
export async function selectExpiredLots(tx: Tx, sandboxId: string, customerId: string, pointTypeId: string, nowMs: number) {
  return asLots(await expiredLots(tx, sandboxId, customerId, pointTypeId, nowMs));
}

export async function emptyLots(tx: Tx, ids: number[]): Promise<void> {
  if (ids.length) await typed(tx).updateTable('cb_point_lots').set({ remaining: 0 }).where('id', 'in', ids).execute();
}

const takeLot = preparedWrite((db, id: number, points: number) =>
  typed(db)
    .updateTable('cb_point_lots')
    .set((eb) => ({ remaining: eb('remaining', '-', points) }))
    .where('id', '=', id)
    .where('remaining', '>=', points),
);

/** Takes `points` off one lot; false if it no longer holds them. */
export async function takeFromLot(tx: Tx, id: number, points: number): Promise<boolean> {
  return (await takeLot(tx, id, points)) === 1;
}

/** Takes expired points off the balance and recomputes its next expiry from the lots. */
export async function settleBalance(tx: Tx, sandboxId: string, customerId: string, pointTypeId: string, expired: number): Promise<number> {
  const row = await sql<{ amount: number }>`
    update cb_customer_points set
      amount = amount - ${expired},
      next_expiry_at = (select l.expires_at from cb_point_lots l
        where l.sandbox_id = ${sandboxId} and l.customer_id = ${customerId} and l.point_type_id = ${pointTypeId}
          and l.remaining > 0 and l.expires_at is not null
        order by l.expires_at limit 1)
    where sandbox_id = ${sandboxId} and customer_id = ${customerId} and point_type_id = ${pointTypeId} and amount >= ${expired}
    returning amount`.execute(tx);
  if (row.rows.length !== 1) throw new Error(`balance of ${customerId}/${pointTypeId} does not cover its expired points`);
  return Number(row.rows[0].amount);
}

export async function selectCustomerRef(db: Db | Tx, sandboxId: string, id: string): Promise<{ organization_id: string } | undefined> {
  return typed(db).selectFrom('cb_customers').select('organization_id').where('sandbox_id', '=', sandboxId).where('id', '=', id).executeTakeFirst();
}


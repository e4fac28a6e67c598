import { sql } from 'kysely';
import type { Db, Tx } from '../../core/db/engine.ts';
import { prepared } from '../../core/db/prepared.ts';
import { typed, type CustomerRow } from './store.ts';
import type { BalanceRow } from './points-store.ts';

// Queries on customers, each scoped to its sandbox and organization.

export type CustomerWithLevels = CustomerRow & { levels: string };

/** Customers with their organization's levels; `customerQuery` narrows it to one organization. */
function customersWithLevels(db: Db | Tx) {
  return typed(db)
    .selectFrom('cb_customers as c')
    .innerJoin('cb_organizations as o', (j) => j.onRef('o.sandbox_id', '=', 'c.sandbox_id').onRef('o.id', '=', 'c.organization_id'))
    .selectAll('c')
    .select('o.levels');
}

function customerQuery(db: Db | Tx, sandboxId: string, organizationId: string) {
  return customersWithLevels(db).where('c.sandbox_id', '=', sandboxId).where('c.organization_id', '=', organizationId);
}

export async function selectCustomer(db: Db | Tx, sandboxId: string, organizationId: string, id: string): Promise<CustomerWithLevels | undefined> {
  return customerQuery(db, sandboxId, organizationId).where('c.id', '=', id).executeTakeFirst();
}

const customerWithBalances = prepared((db, sandboxId: string, organizationId: string, id: string) =>
  customerQuery(db, sandboxId, organizationId)
    .leftJoin('cb_customer_points as p', (j) => j.onRef('p.sandbox_id', '=', 'c.sandbox_id').onRef('p.customer_id', '=', 'c.id'))
    .leftJoin('cb_point_types as t', (j) => j.onRef('t.sandbox_id', '=', 'p.sandbox_id').onRef('t.id', '=', 'p.point_type_id'))
    .select(['p.point_type_id', 'p.amount', 'p.next_expiry_at', 't.name as point_type_name', 't.position as point_type_position'])
    .where('c.id', '=', id)
    .orderBy('t.position'),
);

/**
 * One customer with its balances in one statement (GET customers/:customerId is the hottest
 * read): a row per balance, or one row with null balance columns when it has none.
 */
export async function selectCustomerWithBalances(
  db: Db | Tx,
  sandboxId: string,
  organizationId: string,
  id: string,
): Promise<{ customer: CustomerWithLevels; balances: BalanceRow[] } | undefined> {
  const rows = await customerWithBalances(db, sandboxId, organizationId, id);
  if (rows.length === 0) return undefined;
  const { point_type_id: _p, amount: _a, next_expiry_at: _n, point_type_name: _t, point_type_position: _q, ...customer } = rows[0];
  const balances: BalanceRow[] = [];
  for (const r of rows) {
    if (r.point_type_id === null || r.point_type_name === null) continue;
    balances.push({
      sandbox_id: sandboxId,
      customer_id: id,
      point_type_id: r.point_type_id,
      amount: Number(r.amount),
      next_expiry_at: r.next_expiry_at === null ? null : Number(r.next_expiry_at),
      point_type_name: r.point_type_name,
      point_type_position: Number(r.point_type_position),
    });
  }
  return { customer: customer as CustomerWithLevels, balances };
}

/** DELETE customers/:identifier and the scanned-customer look-up: id, phone number or email. */
export async function selectCustomerByIdentifier(
  db: Db | Tx,
  sandboxId: string,
  organizationId: string,
  ident: { id: string; phone: string | null; emailKey: string | null },
): Promise<CustomerWithLevels | undefined> {
  return customerQuery(db, sandboxId, organizationId)
    .where((w) => {
      const or = [w('c.id', '=', ident.id)];
      if (ident.phone !== null) or.push(w('c.phone_number', '=', ident.phone));
      if (ident.emailKey !== null) or.push(w('c.email_key', '=', ident.emailKey));
      return w.or(or);
    })
    .orderBy('c.seq')
    .executeTakeFirst();
}

export async function selectCustomerPage(db: Db | Tx, sandboxId: string, organizationId: string, offset: number, limit: number): Promise<CustomerWithLevels[]> {
  return customerQuery(db, sandboxId, organizationId).orderBy('c.seq').limit(limit).offset(offset).execute();
}

export async function countCustomers(db: Db | Tx, sandboxId: string, organizationId: string): Promise<number> {
  const row = await typed(db)
    .selectFrom('cb_customers')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('sandbox_id', '=', sandboxId)
    .where('organization_id', '=', organizationId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function selectCustomerByPassCode(db: Db | Tx, passCode: string): Promise<CustomerWithLevels | undefined> {
  return customersWithLevels(db).where('c.pass_code', '=', passCode).executeTakeFirst();
}

export async function insertCustomer(tx: Tx, row: CustomerRow): Promise<void> {
  await typed(tx).insertInto('cb_customers').values(row).execute();
}

/** Removes a customer with its balances and point lots; its past orders stay on record. */
export async function deleteCustomerRows(tx: Tx, sandboxId: string, organizationId: string, id: string): Promise<boolean> {
  const res = await typed(tx)
    .deleteFrom('cb_customers')
    .where('sandbox_id', '=', sandboxId)
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) return false;
  await typed(tx).deleteFrom('cb_customer_points').where('sandbox_id', '=', sandboxId).where('customer_id', '=', id).execute();
  await typed(tx).deleteFrom('cb_point_lots').where('sandbox_id', '=', sandboxId).where('customer_id', '=', id).execute();
  return true;
}

const lock = prepared((db, sandboxId: string, organizationId: string, id: string, addLifetime: number) =>
  typed(db)
    .updateTable('cb_customers')
    .set((eb) => ({ lifetime_points: eb('lifetime_points', '+', addLifetime) }))
    .where('sandbox_id', '=', sandboxId)
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .returningAll()
    // The organization's levels come along (configuration, not ledger state): the customer
    // object after the change needs them, and a level change is a customer:updated.
    .returning(sql<string>`(select o.levels from cb_organizations o where o.sandbox_id = cb_customers.sandbox_id and o.id = cb_customers.organization_id)`.as('levels')),
);

/**
 * Takes the customer's row lock for the rest of the transaction (and adds lifetime points):
 * every change to one customer's points starts here, so they run one after another on
 * PostgreSQL as they do on SQLite. Returns the customer as it is now, or undefined.
 */
export async function lockCustomer(tx: Tx, sandboxId: string, organizationId: string, id: string, addLifetime = 0): Promise<CustomerWithLevels | undefined> {
  const [row] = await lock(tx, sandboxId, organizationId, id, addLifetime);
  return row;
}

/** Marks a pass as downloaded; true only for the request that changed it. */
export async function markDownloaded(tx: Tx, sandboxId: string, id: string, platform: 'android' | 'apple'): Promise<boolean> {
  const column = platform === 'android' ? 'android_downloaded' : 'apple_downloaded';
  const res = await typed(tx)
    .updateTable('cb_customers')
    .set({ [column]: 1 })
    .where('sandbox_id', '=', sandboxId)
    .where('id', '=', id)
    .where(column, '=', 0)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}


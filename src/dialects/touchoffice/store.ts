import type { Kysely } from 'kysely';
import type { Db, Tx } from '../../core/db/engine.ts';
import type { SchemaStep } from '../../core/db/migrate.ts';
import type { TableSpec } from '../../core/dialect.ts';
import { prepared, preparedWrite } from '../../core/db/prepared.ts';

/** A voucher row. `group` and `desc` are SQL words, so their columns are named otherwise. */
export interface VoucherRow {
  sandbox_id: string;
  id: number;
  site: number;
  number: string;
  type: number;
  name: string | null;
  description: string | null;
  startdate: string | null;
  enddate: string | null;
  value: number | null;
  flag: number;
  maxuses: number;
  uses: number;
  used_amount: number;
  minsalevalue: number | null;
  groups: string | null;
  ifgroups: string | null;
  depts: string | null;
  ifdepts: string | null;
  plus: string | null;
  ifplus: string | null;
  active: number;
}

export interface SiteRow {
  sandbox_id: string;
  id: number;
  name: string;
}

export interface VoucherTransactionRow {
  sandbox_id: string;
  id: number;
  voucher_id: number;
  voucher_number: string;
  site: number;
  sale_id: string;
  datetime: string | null;
  amount: number;
  recorded_at: number;
}

export interface TouchofficeTables {
  to_vouchers: VoucherRow;
  to_sites: SiteRow;
  to_voucher_transactions: VoucherTransactionRow;
}

export type ToDb = Kysely<TouchofficeTables>;
export const typed = (db: Db | Tx) => db as unknown as ToDb;

/** A voucher as POST makes it from `type` alone: every optional field of the document empty, active. */
export const VOUCHER_DEFAULTS = {
  site: 0,
  name: null,
  description: null,
  startdate: null,
  enddate: null,
  value: null,
  flag: 0,
  maxuses: 0,
  uses: 0,
  used_amount: 0,
  minsalevalue: null,
  groups: null,
  ifgroups: null,
  depts: null,
  ifdepts: null,
  plus: null,
  ifplus: null,
  active: 1,
} satisfies Omit<VoucherRow, 'sandbox_id' | 'id' | 'number' | 'type'>;

export const VOUCHER_SEQUENCE = 'touchoffice.voucher';
export const TRANSACTION_SEQUENCE = 'touchoffice.voucher_transaction';

const migrations: Record<string, SchemaStep> = {
  'touchoffice-0001-vouchers': async (db) => {
    await db.schema
      .createTable('to_sites')
      .addColumn('sandbox_id', 'text', (c) => c.notNull())
      .addColumn('id', 'bigint', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('to_sites_pk', ['sandbox_id', 'id'])
      .execute();
    await db.schema
      .createTable('to_vouchers')
      .addColumn('sandbox_id', 'text', (c) => c.notNull())
      .addColumn('id', 'bigint', (c) => c.notNull())
      .addColumn('site', 'bigint', (c) => c.notNull())
      .addColumn('number', 'text', (c) => c.notNull())
      .addColumn('type', 'integer', (c) => c.notNull())
      .addColumn('name', 'text')
      .addColumn('description', 'text')
      .addColumn('startdate', 'text')
      .addColumn('enddate', 'text')
      .addColumn('value', 'double precision')
      .addColumn('flag', 'integer', (c) => c.notNull())
      .addColumn('maxuses', 'integer', (c) => c.notNull())
      .addColumn('uses', 'integer', (c) => c.notNull())
      .addColumn('used_amount', 'double precision', (c) => c.notNull())
      .addColumn('minsalevalue', 'double precision')
      .addColumn('groups', 'text')
      .addColumn('ifgroups', 'text')
      .addColumn('depts', 'text')
      .addColumn('ifdepts', 'text')
      .addColumn('plus', 'text')
      .addColumn('ifplus', 'text')
      .addColumn('active', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('to_vouchers_pk', ['sandbox_id', 'id'])
      .addUniqueConstraint('to_vouchers_number', ['sandbox_id', 'number'])
      .execute();
    await db.schema
      .createTable('to_voucher_transactions')
      .addColumn('sandbox_id', 'text', (c) => c.notNull())
      .addColumn('id', 'bigint', (c) => c.notNull())
      .addColumn('voucher_id', 'bigint', (c) => c.notNull())
      .addColumn('voucher_number', 'text', (c) => c.notNull())
      .addColumn('site', 'bigint', (c) => c.notNull())
      // BigInt(30) does not fit a 64-bit integer: kept as its digits.
      .addColumn('sale_id', 'text', (c) => c.notNull())
      .addColumn('datetime', 'text')
      .addColumn('amount', 'bigint', (c) => c.notNull())
      .addColumn('recorded_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('to_voucher_transactions_pk', ['sandbox_id', 'id'])
      // The same sale on the same voucher is one use: a retry is not a second sale.
      .addUniqueConstraint('to_voucher_transactions_sale', ['sandbox_id', 'voucher_id', 'sale_id'])
      .execute();
  },
};

/** Every table of the dialect holds sandbox data (reset, snapshots). */
export const tables: TableSpec = {
  tables: { to_vouchers: 'data', to_sites: 'data', to_voucher_transactions: 'data' },
  migrations,
};

export interface VoucherFilter {
  site?: number;
  number?: string;
  type?: number;
  active?: boolean;
  limit?: number;
  offset?: number;
}

export async function selectVouchers(db: Db, sandboxId: string, f: VoucherFilter): Promise<VoucherRow[]> {
  let q = typed(db).selectFrom('to_vouchers').selectAll().where('sandbox_id', '=', sandboxId);
  if (f.site !== undefined) q = q.where((w) => w.or([w('site', '=', 0), w('site', '=', f.site!)]));
  if (f.number !== undefined) q = q.where('number', '=', f.number);
  if (f.type !== undefined) q = q.where('type', '=', f.type);
  if (f.active !== undefined) q = q.where('active', '=', f.active ? 1 : 0);
  q = q.orderBy('id');
  if (f.limit !== undefined) q = q.limit(f.limit);
  if (f.offset !== undefined) q = (f.limit === undefined ? q.limit(-1 >>> 1) : q).offset(f.offset);
  return q.execute();
}

const voucherByNumber = prepared((db, sandboxId: string, number: string) =>
  typed(db).selectFrom('to_vouchers').selectAll().where('sandbox_id', '=', sandboxId).where('number', '=', number),
);

export async function selectVoucher(db: Db | Tx, sandboxId: string, number: string): Promise<VoucherRow | undefined> {
  return (await voucherByNumber(db, sandboxId, number))[0];
}

const siteById = prepared((db, sandboxId: string, site: number) =>
  typed(db).selectFrom('to_sites').select('id').where('sandbox_id', '=', sandboxId).where('id', '=', site),
);

export async function siteExists(db: Db | Tx, sandboxId: string, site: number): Promise<boolean> {
  return (await siteById(db, sandboxId, site)).length > 0;
}

export async function insertVoucher(tx: Tx, row: VoucherRow): Promise<void> {
  await typed(tx).insertInto('to_vouchers').values(row).execute();
}

export async function updateVoucherRow(tx: Tx, sandboxId: string, id: number, changes: Partial<VoucherRow>): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  await typed(tx).updateTable('to_vouchers').set(changes).where('sandbox_id', '=', sandboxId).where('id', '=', id).execute();
}

export async function deleteVoucherRow(db: Db | Tx, sandboxId: string, number: string): Promise<boolean> {
  const res = await typed(db).deleteFrom('to_vouchers').where('sandbox_id', '=', sandboxId).where('number', '=', number).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

/** Records the sale once; false when this sale was already recorded on this voucher. */
export async function insertTransactionOnce(tx: Tx, row: VoucherTransactionRow): Promise<boolean> {
  const inserted = await insertSale(tx, row.sandbox_id, row.id, row.voucher_id, row.voucher_number, row.site, row.sale_id, row.datetime, row.amount, row.recorded_at);
  return inserted.length > 0;
}

const insertSale = prepared(
  (db, sandboxId: string, id: number, voucherId: number, voucherNumber: string, site: number, saleId: string, datetime: string | null, amount: number, recordedAt: number) =>
    typed(db)
      .insertInto('to_voucher_transactions')
      .values({ sandbox_id: sandboxId, id, voucher_id: voucherId, voucher_number: voucherNumber, site, sale_id: saleId, datetime, amount, recorded_at: recordedAt })
      .onConflict((oc) => oc.columns(['sandbox_id', 'voucher_id', 'sale_id']).doNothing())
      .returning('id'),
);

/**
 * One use of a voucher, in one statement: every rule of a transaction is in the WHERE,
 * so concurrent uses can never pass `maxuses` or overdraw a partial-redeem gift card.
 */
export async function applyUse(tx: Tx, sandboxId: string, id: number, use: { site: number; amount: number; now: string }): Promise<boolean> {
  return (await useVoucher(tx, sandboxId, id, use.site, use.amount, use.now)) === 1;
}

const useVoucher = preparedWrite((db, sandboxId: string, id: number, site: number, amount: number, now: string) =>
  typed(db)
    .updateTable('to_vouchers')
    .set((eb) => ({ uses: eb('uses', '+', 1), used_amount: eb('used_amount', '+', amount) }))
    .where('sandbox_id', '=', sandboxId)
    .where('id', '=', id)
    .where('active', '=', 1)
    .where((w) => w.or([w('site', '=', 0), w('site', '=', site)]))
    .where((w) => w.or([w('startdate', 'is', null), w('startdate', '<=', now)]))
    .where((w) => w.or([w('enddate', 'is', null), w('enddate', '>=', now)]))
    .where((w) => w.or([w('maxuses', '=', 0), w('uses', '<', w.ref('maxuses'))]))
    .where((w) =>
      w.not(
        w.and([
          w('type', '=', 1),
          w(w('flag', '&', 1), '=', 1),
          w(w('used_amount', '+', amount), '>', w.fn.coalesce('value', w.lit(0))),
        ]),
      ),
    ),
);

export async function insertSites(tx: Tx, rows: SiteRow[]): Promise<void> {
  if (rows.length) await typed(tx).insertInto('to_sites').values(rows).execute();
}

export async function upsertSite(tx: Tx, row: SiteRow): Promise<void> {
  await typed(tx)
    .insertInto('to_sites')
    .values(row)
    .onConflict((oc) => oc.columns(['sandbox_id', 'id']).doUpdateSet({ name: row.name }))
    .execute();
}

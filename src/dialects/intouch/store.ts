import { sql } from 'kysely';
import type { Db, Tx } from '../../core/db/engine.ts';
import type { TableSpec } from '../../core/dialect.ts';
import { prepared } from '../../core/db/prepared.ts';

/**
 * InTouch's own tables (the catalog and the stores' public records are core sync records, see
 * catalog.ts). Money is integer cents, times are the sandbox clock's epoch ms.
 */
export interface CustomerRow {
  sandbox_id: string;
  id: number;
  name: string;
  email: string;
  email_key: string;
  password_hash: string;
  postal_code: string | null;
  city: string | null;
  address: string | null;
  birth_date: string | null;
  points: number;
  phone: string | null;
  stripe_id: string | null;
  payment_token: string | null;
  vip: number;
  photo: string | null;
  language: string;
  auth_code: string | null;
  extra_id: string | null;
  subscribe: number;
  customer_group_id: number | null;
  discount_percentage: number;
  created_at: number;
  updated_at: number;
}

export interface GroupRow {
  sandbox_id: string;
  id: number;
  name: string;
  discount: number;
  created_at: number;
}

export interface CardRow {
  sandbox_id: string;
  id: number;
  uuid: string;
  customer_id: number;
  name: string;
  amount: number;
  active: number;
  photo: string;
}

export interface OrderRow {
  sandbox_id: string;
  id: number;
  store_id: number;
  customer_id: number;
  delivery_id: number | null;
  subtotal: number;
  tax_amount: number;
  total: number;
  points_earned: number;
  points_spent: number;
  discount_amount: number;
  status: number;
  pos_id: number;
  contact: string | null;
  paid: number;
  card_uuid: string | null;
  table_id: number | null;
  created_at: number;
  closed_at: number | null;
}

export interface ContentRow {
  sandbox_id: string;
  id: number;
  order_id: number;
  customer_id: number;
  product_id: number;
  modifiers: string | null;
  menu_contents: string;
  points_spent: number | null;
  price: number;
  subtotal: number;
  tax_amount: number;
  tax: number;
  quantity: number;
  total: number;
  notes: string | null;
  created_at: number;
}

export interface DeliveryRow {
  sandbox_id: string;
  id: number;
  address: string | null;
  city: string | null;
  phone: string | null;
  time: string | null;
  geolocation: string | null;
  table_id: number | null;
  job_id: number | null;
  notes: string | null;
  delivery_zone_id: number | null;
  created_at: number;
}

export interface InvoiceRow {
  sandbox_id: string;
  id: number;
  store_id: number;
  total: number;
  points: number;
  claimed_by: number | null;
}

export interface TableRow {
  sandbox_id: string;
  id: number;
  store_id: number;
  name: string;
}

export interface PhotoRow {
  sandbox_id: string;
  name: string;
  mime: string;
  data: string;
}

/** Per-account settings: the store statuses, the earning rule, the theme and the SOLO URLs. */
export interface SettingRow {
  sandbox_id: string;
  key: string;
  value: string;
}

export const SEQUENCE = {
  customer: 'intouch.customer',
  card: 'intouch.card',
  order: 'intouch.order',
  content: 'intouch.content',
  delivery: 'intouch.delivery',
  pos: 'intouch.pos',
  productStore: 'intouch.productStore',
} as const;

export const tables: TableSpec = {
  tables: {
    it_customers: 'data',
    it_customer_groups: 'data',
    it_cards: 'data',
    it_orders: 'data',
    it_order_contents: 'data',
    it_deliveries: 'data',
    it_invoices: 'data',
    it_tables: 'data',
    it_photos: 'data',
    it_settings: 'data',
  },
  migrations: {
    // Sandboxes made before the account had a credential row of its own get one.
    'intouch-0001-account-credentials': async (db) => {
      await sql`insert into credentials (dialect, kind, key, secret, scope, is_primary, sandbox_id)
        select dialect, 'account', secret, null, null, 1, sandbox_id from credentials
        where dialect = 'intouch' and kind = 'primary' and secret is not null`.execute(db);
    },
    'intouch-0002-loyalty': async (db) => {
      await db.schema
        .createTable('it_customers')
        .addColumn('sandbox_id', 'text', (c) => c.notNull())
        .addColumn('id', 'bigint', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('email_key', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('postal_code', 'text')
        .addColumn('city', 'text')
        .addColumn('address', 'text')
        .addColumn('birth_date', 'text')
        // Points never go below zero, whatever spends them at once.
        .addColumn('points', 'bigint', (c) => c.notNull().check(sql`points >= 0`))
        .addColumn('phone', 'text')
        .addColumn('stripe_id', 'text')
        .addColumn('payment_token', 'text')
        .addColumn('vip', 'integer', (c) => c.notNull())
        .addColumn('photo', 'text')
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('auth_code', 'text')
        .addColumn('extra_id', 'text')
        .addColumn('subscribe', 'integer', (c) => c.notNull())
        .addColumn('customer_group_id', 'bigint')
        .addColumn('discount_percentage', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('it_customers_pk', ['sandbox_id', 'id'])
        .addUniqueConstraint('it_customers_email', ['sandbox_id', 'email_key'])
        .execute();
      await db.schema
        .createTable('it_customer_groups')
        .addColumn('sandbox_id', 'text', (c) => c.notNull())
        .addColumn('id', 'bigint', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('discount', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('it_customer_groups_pk', ['sandbox_id', 'id'])
        .execute();
      await db.schema
        .createTable('it_cards')
        .addColumn('sandbox_id', 'text', (c) => c.notNull())
        .addColumn('id', 'bigint', (c) => c.notNull())
        .addColumn('uuid', 'text', (c) => c.notNull())
        .addColumn('customer_id', 'bigint', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        // A gift card is never overdrawn, whatever charges it at once.
        .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount >= 0`))
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('photo', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('it_cards_pk', ['sandbox_id', 'id'])
        .addUniqueConstraint('it_cards_uuid', ['sandbox_id', 'uuid'])
        .execute();
      await db.schema
        .createTable('it_orders')
        .addColumn('sandbox_id', 'text', (c) => c.notNull())
        .addColumn('id', 'bigint', (c) => c.notNull())
        .addColumn('store_id', 'bigint', (c) => c.notNull())
        .addColumn('customer_id', 'bigint', (c) => c.notNull())
        .addColumn('delivery_id', 'bigint')
        .addColumn('subtotal', 'bigint', (c) => c.notNull())
        .addColumn('tax_amount', 'bigint', (c) => c.notNull())
        .addColumn('total', 'bigint', (c) => c.notNull())
        .addColumn('points_earned', 'bigint', (c) => c.notNull())
        .addColumn('points_spent', 'bigint', (c) => c.notNull())
        .addColumn('discount_amount', 'bigint', (c) => c.notNull())
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('pos_id', 'bigint', (c) => c.notNull())
        .addColumn('contact', 'text')
        .addColumn('paid', 'integer', (c) => c.notNull())
        .addColumn('card_uuid', 'text')
        .addColumn('table_id', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('closed_at', 'bigint')
        .addPrimaryKeyConstraint('it_orders_pk', ['sandbox_id', 'id'])
        .execute();
      await db.schema.createIndex('it_orders_customer').on('it_orders').columns(['sandbox_id', 'customer_id', 'created_at']).execute();
      await db.schema
        .createTable('it_order_contents')
        .addColumn('sandbox_id', 'text', (c) => c.notNull())
        .addColumn('id', 'bigint', (c) => c.notNull())
        .addColumn('order_id', 'bigint', (c) => c.notNull())
        .addColumn('customer_id', 'bigint', (c) => c.notNull())
        .addColumn('product_id', 'bigint', (c) => c.notNull())
        .addColumn('modifiers', 'text')
        .addColumn('menu_contents', 'text', (c) => c.notNull())
        .addColumn('points_spent', 'bigint')
        .addColumn('price', 'bigint', (c) => c.notNull())
        .addColumn('subtotal', 'bigint', (c) => c.notNull())
        .addColumn('tax_amount', 'bigint', (c) => c.notNull())
        .addColumn('tax', 'integer', (c) => c.notNull())
        .addColumn('quantity', 'integer', (c) => c.notNull())
        .addColumn('total', 'bigint', (c) => c.notNull())
        .addColumn('notes', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('it_order_contents_pk', ['sandbox_id', 'id'])
        .execute();
      await db.schema.createIndex('it_order_contents_order').on('it_order_contents').columns(['sandbox_id', 'order_id']).execute();
      await db.schema.createIndex('it_order_contents_customer').on('it_order_contents').columns(['sandbox_id', 'customer_id', 'id']).execute();
      await db.schema
        .createTable('it_deliveries')
        .addColumn('sandbox_id', 'text', (c) => c.notNull())
        .addColumn('id', 'bigint', (c) => c.notNull())
        .addColumn('address', 'text')
        .addColumn('city', 'text')
        .addColumn('phone', 'text')
        .addColumn('time', 'text')
        .addColumn('geolocation', 'text')
        .addColumn('table_id', 'bigint')
        .addColumn('job_id', 'bigint')
        .addColumn('notes', 'text')
        .addColumn('delivery_zone_id', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('it_deliveries_pk', ['sandbox_id', 'id'])
        .execute();
      await db.schema
        .createTable('it_invoices')
        .addColumn('sandbox_id', 'text', (c) => c.notNull())
        .addColumn('id', 'bigint', (c) => c.notNull())
        .addColumn('store_id', 'bigint', (c) => c.notNull())
        .addColumn('total', 'bigint', (c) => c.notNull())
        .addColumn('points', 'bigint', (c) => c.notNull())
        .addColumn('claimed_by', 'bigint')
        .addPrimaryKeyConstraint('it_invoices_pk', ['sandbox_id', 'id'])
        .execute();
      await db.schema
        .createTable('it_tables')
        .addColumn('sandbox_id', 'text', (c) => c.notNull())
        .addColumn('id', 'bigint', (c) => c.notNull())
        .addColumn('store_id', 'bigint', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('it_tables_pk', ['sandbox_id', 'id'])
        .execute();
      await db.schema
        .createTable('it_photos')
        .addColumn('sandbox_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('mime', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('it_photos_pk', ['sandbox_id', 'name'])
        .execute();
      await db.schema
        .createTable('it_settings')
        .addColumn('sandbox_id', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('it_settings_pk', ['sandbox_id', 'key'])
        .execute();
    },
  },
};

// ---------------------------------------------------------------- settings

const settingByKey = prepared((db, sandboxId: string, key: string) => db.selectFrom('it_settings').select('value').where('sandbox_id', '=', sandboxId).where('key', '=', key));

export async function getSetting<T>(db: Db | Tx, sandboxId: string, key: string): Promise<T | undefined> {
  const [row] = await settingByKey(db, sandboxId, key);
  return row ? (JSON.parse(row.value) as T) : undefined;
}

export async function setSetting(tx: Tx, sandboxId: string, key: string, value: unknown): Promise<void> {
  await tx
    .insertInto('it_settings')
    .values({ sandbox_id: sandboxId, key, value: JSON.stringify(value) })
    .onConflict((oc) => oc.columns(['sandbox_id', 'key']).doUpdateSet({ value: JSON.stringify(value) }))
    .execute();
}

// ---------------------------------------------------------------- customers

const customerById = prepared((db, sandboxId: string, id: number) => db.selectFrom('it_customers').selectAll().where('sandbox_id', '=', sandboxId).where('id', '=', id));

export async function selectCustomer(db: Db | Tx, sandboxId: string, id: number): Promise<CustomerRow | undefined> {
  return (await customerById(db, sandboxId, id))[0] as CustomerRow | undefined;
}

export async function selectCustomerByEmail(db: Db | Tx, sandboxId: string, emailKey: string): Promise<CustomerRow | undefined> {
  return (await db.selectFrom('it_customers').selectAll().where('sandbox_id', '=', sandboxId).where('email_key', '=', emailKey).executeTakeFirst()) as CustomerRow | undefined;
}

export async function insertCustomer(tx: Tx, row: CustomerRow): Promise<void> {
  await tx.insertInto('it_customers').values(row).execute();
}

export async function updateCustomer(tx: Tx, sandboxId: string, id: number, changes: Partial<CustomerRow>): Promise<void> {
  await tx.updateTable('it_customers').set(changes).where('sandbox_id', '=', sandboxId).where('id', '=', id).execute();
}

/** Spends points in one statement: only while the balance covers them. The new balance, or undefined. */
export async function spendPoints(tx: Tx, sandboxId: string, id: number, points: number): Promise<number | undefined> {
  const row = await tx
    .updateTable('it_customers')
    .set((eb) => ({ points: eb('points', '-', points) }))
    .where('sandbox_id', '=', sandboxId)
    .where('id', '=', id)
    .where('points', '>=', points)
    .returning('points')
    .executeTakeFirst();
  return row === undefined ? undefined : Number(row.points);
}

export async function addPoints(tx: Tx, sandboxId: string, id: number, points: number): Promise<number> {
  const row = await tx
    .updateTable('it_customers')
    .set((eb) => ({ points: eb('points', '+', points) }))
    .where('sandbox_id', '=', sandboxId)
    .where('id', '=', id)
    .returning('points')
    .executeTakeFirstOrThrow();
  return Number(row.points);
}

export async function selectGroup(db: Db | Tx, sandboxId: string, id: number): Promise<GroupRow | undefined> {
  return (await db.selectFrom('it_customer_groups').selectAll().where('sandbox_id', '=', sandboxId).where('id', '=', id).executeTakeFirst()) as GroupRow | undefined;
}

export async function upsertGroup(tx: Tx, row: GroupRow): Promise<void> {
  await tx
    .insertInto('it_customer_groups')
    .values(row)
    .onConflict((oc) => oc.columns(['sandbox_id', 'id']).doUpdateSet({ name: row.name, discount: row.discount, created_at: row.created_at }))
    .execute();
}

// ---------------------------------------------------------------- cards

export async function selectCards(db: Db | Tx, sandboxId: string, customerId: number): Promise<CardRow[]> {
  return (await db.selectFrom('it_cards').selectAll().where('sandbox_id', '=', sandboxId).where('customer_id', '=', customerId).orderBy('id', 'desc').execute()) as CardRow[];
}

export async function selectCard(db: Db | Tx, sandboxId: string, uuid: string): Promise<CardRow | undefined> {
  return (await db.selectFrom('it_cards').selectAll().where('sandbox_id', '=', sandboxId).where('uuid', '=', uuid).executeTakeFirst()) as CardRow | undefined;
}

export async function insertCard(tx: Tx, row: CardRow): Promise<void> {
  await tx.insertInto('it_cards').values(row).execute();
}

export async function reloadCard(tx: Tx, sandboxId: string, id: number, amount: number): Promise<number> {
  const row = await tx
    .updateTable('it_cards')
    .set((eb) => ({ amount: eb('amount', '+', amount) }))
    .where('sandbox_id', '=', sandboxId)
    .where('id', '=', id)
    .returning('amount')
    .executeTakeFirstOrThrow();
  return Number(row.amount);
}

/** Charges a card in one statement: only while its amount covers the charge. The new amount, or undefined. */
export async function chargeCard(tx: Tx, sandboxId: string, id: number, amount: number): Promise<number | undefined> {
  const row = await tx
    .updateTable('it_cards')
    .set((eb) => ({ amount: eb('amount', '-', amount) }))
    .where('sandbox_id', '=', sandboxId)
    .where('id', '=', id)
    .where('active', '=', 1)
    .where('amount', '>=', amount)
    .returning('amount')
    .executeTakeFirst();
  return row === undefined ? undefined : Number(row.amount);
}

// ---------------------------------------------------------------- orders

export async function insertOrder(tx: Tx, order: OrderRow, contents: ContentRow[], delivery: DeliveryRow | null): Promise<void> {
  if (delivery) await tx.insertInto('it_deliveries').values(delivery).execute();
  await tx.insertInto('it_orders').values(order).execute();
  if (contents.length) await tx.insertInto('it_order_contents').values(contents).execute();
}

export async function selectOrders(db: Db | Tx, sandboxId: string, customerId: number, limit?: number): Promise<OrderRow[]> {
  let q = db.selectFrom('it_orders').selectAll().where('sandbox_id', '=', sandboxId).where('customer_id', '=', customerId).orderBy('created_at', 'desc').orderBy('id', 'desc');
  if (limit !== undefined) q = q.limit(limit);
  return (await q.execute()) as OrderRow[];
}

export async function selectOrder(db: Db | Tx, sandboxId: string, id: number): Promise<OrderRow | undefined> {
  return (await db.selectFrom('it_orders').selectAll().where('sandbox_id', '=', sandboxId).where('id', '=', id).executeTakeFirst()) as OrderRow | undefined;
}

export async function selectContents(db: Db | Tx, sandboxId: string, orderIds: number[]): Promise<ContentRow[]> {
  if (orderIds.length === 0) return [];
  return (await db.selectFrom('it_order_contents').selectAll().where('sandbox_id', '=', sandboxId).where('order_id', 'in', orderIds).orderBy('id').execute()) as ContentRow[];
}

export async function selectRecentContents(db: Db | Tx, sandboxId: string, customerId: number, limit: number): Promise<ContentRow[]> {
  return (await db.selectFrom('it_order_contents').selectAll().where('sandbox_id', '=', sandboxId).where('customer_id', '=', customerId).orderBy('id', 'desc').limit(limit).execute()) as ContentRow[];
}

export async function selectDeliveries(db: Db | Tx, sandboxId: string, ids: number[]): Promise<DeliveryRow[]> {
  if (ids.length === 0) return [];
  return (await db.selectFrom('it_deliveries').selectAll().where('sandbox_id', '=', sandboxId).where('id', 'in', ids).execute()) as DeliveryRow[];
}

/** Closes an open order in one statement (status 5): true for the one call that closed it. */
export async function closeOrder(tx: Tx, sandboxId: string, id: number, closedAt: number, pointsEarned: number): Promise<boolean> {
  const res = await tx
    .updateTable('it_orders')
    .set({ status: 5, closed_at: closedAt, points_earned: pointsEarned })
    .where('sandbox_id', '=', sandboxId)
    .where('id', '=', id)
    .where('status', '<>', 5)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function tableHeld(db: Db | Tx, sandboxId: string, tableId: number): Promise<boolean> {
  const row = await db.selectFrom('it_orders').select('id').where('sandbox_id', '=', sandboxId).where('table_id', '=', tableId).where('status', '<>', 5).limit(1).executeTakeFirst();
  return row !== undefined;
}

// ---------------------------------------------------------------- invoices, tables, photos

export async function upsertInvoice(tx: Tx, row: InvoiceRow): Promise<void> {
  await tx
    .insertInto('it_invoices')
    .values(row)
    .onConflict((oc) => oc.columns(['sandbox_id', 'id']).doUpdateSet({ store_id: row.store_id, total: row.total, points: row.points }))
    .execute();
}

/** Claims an invoice's points for a customer in one statement: once, for the first claim. */
export async function claimInvoice(tx: Tx, sandboxId: string, id: number, customerId: number): Promise<InvoiceRow | undefined> {
  return (await tx
    .updateTable('it_invoices')
    .set({ claimed_by: customerId })
    .where('sandbox_id', '=', sandboxId)
    .where('id', '=', id)
    .where('claimed_by', 'is', null)
    .returningAll()
    .executeTakeFirst()) as InvoiceRow | undefined;
}

export async function selectInvoice(db: Db | Tx, sandboxId: string, id: number): Promise<InvoiceRow | undefined> {
  return (await db.selectFrom('it_invoices').selectAll().where('sandbox_id', '=', sandboxId).where('id', '=', id).executeTakeFirst()) as InvoiceRow | undefined;
}

export async function selectTables(db: Db | Tx, sandboxId: string): Promise<TableRow[]> {
  return (await db.selectFrom('it_tables').selectAll().where('sandbox_id', '=', sandboxId).orderBy('store_id').orderBy('id').execute()) as TableRow[];
}

export async function selectTable(db: Db | Tx, sandboxId: string, id: number): Promise<TableRow | undefined> {
  return (await db.selectFrom('it_tables').selectAll().where('sandbox_id', '=', sandboxId).where('id', '=', id).executeTakeFirst()) as TableRow | undefined;
}

export async function upsertTable(tx: Tx, row: TableRow): Promise<void> {
  await tx
    .insertInto('it_tables')
    .values(row)
    .onConflict((oc) => oc.columns(['sandbox_id', 'id']).doUpdateSet({ store_id: row.store_id, name: row.name }))
    .execute();
}

export async function insertPhoto(tx: Tx, row: PhotoRow): Promise<void> {
  await tx.insertInto('it_photos').values(row).execute();
}

export async function selectPhoto(db: Db | Tx, sandboxId: string, name: string): Promise<PhotoRow | undefined> {
  return (await db.selectFrom('it_photos').selectAll().where('sandbox_id', '=', sandboxId).where('name', '=', name).executeTakeFirst()) as PhotoRow | undefined;
}

export async function deleteRows(tx: Tx, table: 'it_customer_groups' | 'it_invoices' | 'it_tables', sandboxId: string, id: number): Promise<boolean> {
  const res = await tx.deleteFrom(table).where('sandbox_id', '=', sandboxId).where('id', '=', id).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

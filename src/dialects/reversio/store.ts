import { sql } from 'kysely';
import type { Db, Tx } from '../../core/db/engine.ts';
import type { TableSpec } from '../../core/dialect.ts';
import { prepared } from '../../core/db/prepared.ts';

/**
 * Revers.io's tables. Ids are GUIDs (text), times the sandbox clock's epoch ms, decimals
 * `double precision`; `seq` numbers rows in creation order for lists.
 */
export interface ModelTypeRow {
  sandbox_id: string;
  id: string;
  key: string;
  key_lc: string;
  parent_id: string | null;
  /** `{"en": …, "fr": …}` */
  labels: string;
  position: number;
}

export interface BrandRow {
  sandbox_id: string;
  id: string;
  name: string;
  name_key: string;
  created_at: number;
  updated_at: number;
  seq: number;
}

export interface ModelRow {
  sandbox_id: string;
  id: string;
  sku: string;
  label: string;
  brand_id: string | null;
  model_type_id: string;
  state: string;
  weight: number | null;
  length_cm: number | null;
  width_cm: number | null;
  height_cm: number | null;
  /** JSON array of strings */
  eans: string;
  photo_url: string | null;
  /** JSON object of the additionalInformation flags */
  additional: string;
  created_at: number;
  updated_at: number;
  seq: number;
}

export interface OrderRow {
  sandbox_id: string;
  id: string;
  reference: string;
  /** The order as imported (views.ts `OrderView` without its id), JSON. */
  doc: string;
  created_at: number;
}

export interface FileRow {
  sandbox_id: string;
  id: string;
  order_id: string;
  line_id: string;
  type: string;
  reason: string;
  comment: string | null;
  status: string;
  /** 1 while `Created` or `Accepted`: one open file per order line (a partial unique index). */
  open: number;
  created_at: number;
  updated_at: number;
  seq: number;
}

export interface LinkRow {
  token: string;
  sandbox_id: string;
  order_id: string;
  created_at: number;
  expires_at: number;
}

export const SEQUENCE = 'reversio.seq';

export const tables: TableSpec = {
  tables: { rv_model_types: 'data', rv_brands: 'data', rv_models: 'data', rv_orders: 'data', rv_files: 'data', rv_links: 'data' },
  migrations: {
    'reversio-0001-catalog-orders-files': async (db) => {
      await db.schema
        .createTable('rv_model_types')
        .addColumn('sandbox_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('key_lc', 'text', (c) => c.notNull())
        .addColumn('parent_id', 'text')
        .addColumn('labels', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('rv_model_types_pk', ['sandbox_id', 'id'])
        .addUniqueConstraint('rv_model_types_key', ['sandbox_id', 'key_lc'])
        .execute();
      await db.schema
        .createTable('rv_brands')
        .addColumn('sandbox_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('rv_brands_pk', ['sandbox_id', 'id'])
        .addUniqueConstraint('rv_brands_name', ['sandbox_id', 'name_key'])
        .execute();
      await db.schema
        .createTable('rv_models')
        .addColumn('sandbox_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('sku', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('brand_id', 'text')
        .addColumn('model_type_id', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('weight', 'double precision')
        .addColumn('length_cm', 'double precision')
        .addColumn('width_cm', 'double precision')
        .addColumn('height_cm', 'double precision')
        .addColumn('eans', 'text', (c) => c.notNull())
        .addColumn('photo_url', 'text')
        .addColumn('additional', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('rv_models_pk', ['sandbox_id', 'id'])
        .addUniqueConstraint('rv_models_sku', ['sandbox_id', 'sku'])
        .execute();
      await db.schema.createIndex('rv_models_seq').on('rv_models').columns(['sandbox_id', 'seq']).execute();
      await db.schema
        .createTable('rv_orders')
        .addColumn('sandbox_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('doc', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('rv_orders_pk', ['sandbox_id', 'id'])
        .addUniqueConstraint('rv_orders_reference', ['sandbox_id', 'reference'])
        .execute();
      await db.schema
        .createTable('rv_files')
        .addColumn('sandbox_id', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('line_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('comment', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('open', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('rv_files_pk', ['sandbox_id', 'id'])
        .execute();
      await db.schema.createIndex('rv_files_order').on('rv_files').columns(['sandbox_id', 'order_id', 'seq']).execute();
      // One open file per order line, also between two submissions at once.
      await sql`create unique index rv_files_open_line on rv_files (sandbox_id, line_id) where open = 1`.execute(db);
      await db.schema
        .createTable('rv_links')
        .addColumn('token', 'text', (c) => c.notNull().primaryKey())
        .addColumn('sandbox_id', 'text', (c) => c.notNull())
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('rv_links_sandbox').on('rv_links').columns(['sandbox_id', 'order_id']).execute();
    },
    // Orders are found by reference and never listed: no creation number to draw for each import.
    'reversio-0002-orders-without-seq': async (db) => {
      await db.schema.alterTable('rv_orders').dropColumn('seq').execute();
    },
  },
};

// ---------------------------------------------------------------- model types

export async function selectModelTypes(db: Db | Tx, sandboxId: string): Promise<ModelTypeRow[]> {
  return (await db.selectFrom('rv_model_types').selectAll().where('sandbox_id', '=', sandboxId).orderBy('position').orderBy('id').execute()) as ModelTypeRow[];
}

export async function selectModelType(db: Db | Tx, sandboxId: string, by: { id?: string; key?: string }): Promise<ModelTypeRow | undefined> {
  let q = db.selectFrom('rv_model_types').selectAll().where('sandbox_id', '=', sandboxId);
  q = by.id !== undefined ? q.where('id', '=', by.id) : q.where('key_lc', '=', (by.key ?? '').toLowerCase());
  return (await q.executeTakeFirst()) as ModelTypeRow | undefined;
}

export async function upsertModelType(tx: Tx, row: ModelTypeRow): Promise<void> {
  await tx
    .insertInto('rv_model_types')
    .values(row)
    .onConflict((oc) => oc.columns(['sandbox_id', 'id']).doUpdateSet({ key: row.key, key_lc: row.key_lc, parent_id: row.parent_id, labels: row.labels, position: row.position }))
    .execute();
}

// ---------------------------------------------------------------- brands

export async function selectBrands(db: Db | Tx, sandboxId: string): Promise<BrandRow[]> {
  return (await db.selectFrom('rv_brands').selectAll().where('sandbox_id', '=', sandboxId).orderBy('seq').execute()) as BrandRow[];
}

export async function selectBrand(db: Db | Tx, sandboxId: string, by: { id?: string; name?: string }): Promise<BrandRow | undefined> {
  let q = db.selectFrom('rv_brands').selectAll().where('sandbox_id', '=', sandboxId);
  q = by.id !== undefined ? q.where('id', '=', by.id) : q.where('name_key', '=', brandKey(by.name ?? ''));
  return (await q.executeTakeFirst()) as BrandRow | undefined;
}

/** Brand names are unique in a sandbox whatever their case and surrounding spaces. */
export const brandKey = (name: string) => name.trim().toLowerCase();

/** Inserts a brand unless its name is taken (also by a transaction committing meanwhile): whether it was. */
export async function insertBrand(tx: Tx, row: BrandRow): Promise<boolean> {
  const r = await tx.insertInto('rv_brands').values(row).onConflict((oc) => oc.columns(['sandbox_id', 'name_key']).doNothing()).returning('id').executeTakeFirst();
  return r !== undefined;
}

export async function renameBrand(tx: Tx, sandboxId: string, id: string, name: string, now: number): Promise<void> {
  await tx.updateTable('rv_brands').set({ name, name_key: brandKey(name), updated_at: now }).where('sandbox_id', '=', sandboxId).where('id', '=', id).execute();
}

// ---------------------------------------------------------------- models

/** A model with its brand's name and its type's key, as every view of it shows them. */
export type ModelJoined = ModelRow & { brand_name: string | null; model_type_key: string | null };

const modelColumns = (db: Db | Tx) =>
  db
    .selectFrom('rv_models as m')
    .leftJoin('rv_brands as b', (j) => j.onRef('b.sandbox_id', '=', 'm.sandbox_id').onRef('b.id', '=', 'm.brand_id'))
    .leftJoin('rv_model_types as t', (j) => j.onRef('t.sandbox_id', '=', 'm.sandbox_id').onRef('t.id', '=', 'm.model_type_id'))
    .selectAll('m')
    .select(['b.name as brand_name', 't.key as model_type_key']);

const modelBySku = prepared((db, sandboxId: string, sku: string) => modelColumns(db).where('m.sandbox_id', '=', sandboxId).where('m.sku', '=', sku));
const modelById = prepared((db, sandboxId: string, id: string) => modelColumns(db).where('m.sandbox_id', '=', sandboxId).where('m.id', '=', id));

export async function selectModel(db: Db | Tx, sandboxId: string, by: { id: string } | { sku: string }): Promise<ModelJoined | undefined> {
  const rows = 'id' in by ? await modelById(db, sandboxId, by.id) : await modelBySku(db, sandboxId, by.sku);
  return rows[0] as ModelJoined | undefined;
}

export async function selectModelPage(db: Db | Tx, sandboxId: string, offset: number, limit: number): Promise<{ rows: ModelJoined[]; total: number }> {
  const rows = (await modelColumns(db).where('m.sandbox_id', '=', sandboxId).orderBy('m.seq').limit(limit).offset(offset).execute()) as ModelJoined[];
  const count = await db.selectFrom('rv_models').select((eb) => eb.fn.countAll().as('n')).where('sandbox_id', '=', sandboxId).executeTakeFirstOrThrow();
  return { rows, total: Number(count.n) };
}

const modelExists = prepared((db, sandboxId: string, id: string) => db.selectFrom('rv_models').select('id').where('sandbox_id', '=', sandboxId).where('id', '=', id));

/** Which of these ids are models of the sandbox. */
export async function existingModelIds(db: Db | Tx, sandboxId: string, ids: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const id of new Set(ids)) if ((await modelExists(db, sandboxId, id)).length) out.add(id);
  return out;
}

export async function selectModelsByIds(db: Db | Tx, sandboxId: string, ids: string[]): Promise<Map<string, ModelJoined>> {
  if (ids.length === 0) return new Map();
  const rows = (await modelColumns(db).where('m.sandbox_id', '=', sandboxId).where('m.id', 'in', [...new Set(ids)]).execute()) as ModelJoined[];
  return new Map(rows.map((r) => [r.id, r]));
}

export async function insertModel(tx: Tx, row: ModelRow): Promise<void> {
  await tx.insertInto('rv_models').values(row).execute();
}

export async function updateModel(tx: Tx, sandboxId: string, id: string, changes: Partial<ModelRow>): Promise<void> {
  await tx.updateTable('rv_models').set(changes).where('sandbox_id', '=', sandboxId).where('id', '=', id).execute();
}

// ---------------------------------------------------------------- orders

export async function selectOrder(db: Db | Tx, sandboxId: string, by: { id: string } | { reference: string }): Promise<OrderRow | undefined> {
  let q = db.selectFrom('rv_orders').selectAll().where('sandbox_id', '=', sandboxId);
  q = 'id' in by ? q.where('id', '=', by.id) : q.where('reference', '=', by.reference);
  return (await q.executeTakeFirst()) as OrderRow | undefined;
}

const orderInsert = prepared((db, sandboxId: string, id: string, reference: string, doc: string, createdAt: number) =>
  db.insertInto('rv_orders').values({ sandbox_id: sandboxId, id, reference, doc, created_at: createdAt }),
);

export async function insertOrder(tx: Tx, row: OrderRow): Promise<void> {
  await orderInsert(tx, row.sandbox_id, row.id, row.reference, row.doc, row.created_at);
}

// ---------------------------------------------------------------- after-sales files

export async function selectFiles(db: Db | Tx, sandboxId: string, opts: { orderId?: string } = {}): Promise<FileRow[]> {
  let q = db.selectFrom('rv_files').selectAll().where('sandbox_id', '=', sandboxId);
  if (opts.orderId !== undefined) q = q.where('order_id', '=', opts.orderId);
  return (await q.orderBy('seq').execute()) as FileRow[];
}

export async function selectFile(db: Db | Tx, sandboxId: string, id: string): Promise<FileRow | undefined> {
  return (await db.selectFrom('rv_files').selectAll().where('sandbox_id', '=', sandboxId).where('id', '=', id).executeTakeFirst()) as FileRow | undefined;
}

export async function insertFile(tx: Tx, row: FileRow): Promise<void> {
  await tx.insertInto('rv_files').values(row).execute();
}

/** Moves a file from `from` to `to` in one conditional statement: false when it was no longer `from`. */
export async function moveFile(tx: Tx, sandboxId: string, id: string, from: string, to: string, open: number, now: number): Promise<boolean> {
  const row = await tx
    .updateTable('rv_files')
    .set({ status: to, open, updated_at: now })
    .where('sandbox_id', '=', sandboxId)
    .where('id', '=', id)
    .where('status', '=', from)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

// ---------------------------------------------------------------- links

export async function insertLink(tx: Tx, row: LinkRow): Promise<void> {
  await tx.insertInto('rv_links').values(row).execute();
}

/** A link by its token alone: the token finds its sandbox. */
export async function selectLink(db: Db, token: string): Promise<LinkRow | undefined> {
  return (await db.selectFrom('rv_links').selectAll().where('token', '=', token).executeTakeFirst()) as LinkRow | undefined;
}

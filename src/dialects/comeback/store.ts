import { sql, type Generated, type Kysely } from 'kysely';
import type { Db, Tx } from '../../core/db/engine.ts';
import type { SchemaStep } from '../../core/db/migrate.ts';
import type { TableSpec } from '../../core/dialect.ts';
import { autoIdType } from '../../core/db/migrate.ts';
import { prepared } from '../../core/db/prepared.ts';

/**
 * Comeback's tables, and the queries on an organization's configuration (locations, point
 * types, promotions); customers, the points ledger and orders have their own *-store.ts.
 * Every row carries its sandbox and (where it is an organization's record) its organization:
 * a token sees one organization (comeback.txt "Overview").
 */
export interface OrganizationRow {
  sandbox_id: string;
  id: string;
  name: string;
  /** JSON `[{"name": "Gold", "minPoints": 100}, …]`: thresholds on lifetime points. */
  levels: string;
  position: number;
}

export interface LocationRow {
  sandbox_id: string;
  id: string;
  organization_id: string;
  name: string;
  address: string;
  deleted: number;
  country_code: string;
  latitude: number | null;
  longitude: number | null;
  position: number;
}

export interface PointTypeRow {
  sandbox_id: string;
  id: string;
  organization_id: string;
  name: string;
  /** Null: the points never expire. */
  expiration_days: number | null;
  /** JSON array of pass ids. */
  allowed_pass_ids: string;
  /** The earning rule: one point per this many cents of an order's amount; null earns nothing. */
  cents_per_point: number | null;
  position: number;
}

export interface PromotionRow {
  sandbox_id: string;
  id: string;
  organization_id: string;
  name: string;
  description: string | null;
  point_type_id: string | null;
  points_expense: number;
  discount_type: string | null;
  discount_amount: number | null;
  code: string | null;
  available_online: number;
  /** JSON array of location ids where it can be used; null: every location. */
  location_ids: string | null;
  position: number;
}

export interface CustomerRow {
  sandbox_id: string;
  id: string;
  organization_id: string;
  seq: number;
  name: string;
  surname: string | null;
  phone_number: string | null;
  email: string | null;
  /** Lower-cased email: uniqueness and look-ups ignore case. */
  email_key: string | null;
  creation_time: number;
  source: string | null;
  marketing_communication: number;
  birth_date: string | null;
  external_id: string | null;
  apple_downloaded: number;
  android_downloaded: number;
  /** Every point ever earned (orders, positive addPoints); the level is read off it. */
  lifetime_points: number;
  /** The unguessable part of the public pass page URL. */
  pass_code: string;
}

/** A customer's balance of one point type: always the sum of its live lots. */
export interface CustomerPointsRow {
  sandbox_id: string;
  customer_id: string;
  point_type_id: string;
  amount: number;
  /** The earliest expiry among lots with points left (null: nothing will expire). */
  next_expiry_at: number | null;
}

/** Points earned at one moment: they expire together and are spent oldest first. */
export interface PointLotRow {
  id: Generated<number>;
  sandbox_id: string;
  customer_id: string;
  point_type_id: string;
  earned_at: number;
  expires_at: number | null;
  amount: number;
  remaining: number;
}

export interface OrderRow {
  sandbox_id: string;
  id: string;
  organization_id: string;
  external_id: string;
  customer_id: string;
  location_id: string;
  amount: number;
  discount_amount: number;
  /** JSON of the products as sent. */
  products: string;
  /** JSON `[{"id": …}]` as sent. */
  promotions_applied: string;
  /** JSON `[{"pointTypeId", "pointTypeName", "amount"}]`. */
  earned_points: string;
  creation_time: number;
}

export interface AppliedPromotionRow {
  id: Generated<number>;
  sandbox_id: string;
  organization_id: string;
  customer_id: string;
  promotion_id: string;
  location_id: string;
  order_id: string;
  creation_time: number;
}

export interface ComebackTables {
  cb_organizations: OrganizationRow;
  cb_locations: LocationRow;
  cb_point_types: PointTypeRow;
  cb_promotions: PromotionRow;
  cb_customers: CustomerRow;
  cb_customer_points: CustomerPointsRow;
  cb_point_lots: PointLotRow;
  cb_orders: OrderRow;
  cb_applied_promotions: AppliedPromotionRow;
  credentials: { dialect: string; kind: string; key: string; scope: string | null; sandbox_id: string; is_primary: number };
  sandboxes: { id: string; clock_offset_ms: number; clock_frozen_ms: number | null };
}

export type CbDb = Kysely<ComebackTables>;
export const typed = (db: Db | Tx) => db as unknown as CbDb;

export const CUSTOMER_SEQUENCE = 'comeback.customer';
export const POSITION_SEQUENCE = 'comeback.position';

const migrations: Record<string, SchemaStep> = {
  'comeback-0001-loyalty': async (db, engine) => {
    await db.schema
      .createTable('cb_organizations')
      .addColumn('sandbox_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('levels', 'text', (c) => c.notNull())
      .addColumn('position', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('cb_organizations_pk', ['sandbox_id', 'id'])
      .execute();
    await db.schema
      .createTable('cb_locations')
      .addColumn('sandbox_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('organization_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('deleted', 'integer', (c) => c.notNull())
      .addColumn('country_code', 'text', (c) => c.notNull())
      .addColumn('latitude', 'double precision')
      .addColumn('longitude', 'double precision')
      .addColumn('position', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('cb_locations_pk', ['sandbox_id', 'id'])
      .execute();
    await db.schema
      .createTable('cb_point_types')
      .addColumn('sandbox_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('organization_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('expiration_days', 'integer')
      .addColumn('allowed_pass_ids', 'text', (c) => c.notNull())
      .addColumn('cents_per_point', 'bigint')
      .addColumn('position', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('cb_point_types_pk', ['sandbox_id', 'id'])
      .execute();
    await db.schema
      .createTable('cb_promotions')
      .addColumn('sandbox_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('organization_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('point_type_id', 'text')
      .addColumn('points_expense', 'bigint', (c) => c.notNull())
      .addColumn('discount_type', 'text')
      .addColumn('discount_amount', 'bigint')
      .addColumn('code', 'text')
      .addColumn('available_online', 'integer', (c) => c.notNull())
      .addColumn('location_ids', 'text')
      .addColumn('position', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('cb_promotions_pk', ['sandbox_id', 'id'])
      .execute();
    await db.schema.createIndex('cb_promotions_org').on('cb_promotions').columns(['sandbox_id', 'organization_id', 'position']).execute();

    await db.schema
      .createTable('cb_customers')
      .addColumn('sandbox_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('organization_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('surname', 'text')
      .addColumn('phone_number', 'text')
      .addColumn('email', 'text')
      .addColumn('email_key', 'text')
      .addColumn('creation_time', 'bigint', (c) => c.notNull())
      .addColumn('source', 'text')
      .addColumn('marketing_communication', 'integer', (c) => c.notNull())
      .addColumn('birth_date', 'text')
      .addColumn('external_id', 'text')
      .addColumn('apple_downloaded', 'integer', (c) => c.notNull())
      .addColumn('android_downloaded', 'integer', (c) => c.notNull())
      .addColumn('lifetime_points', 'bigint', (c) => c.notNull())
      .addColumn('pass_code', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('cb_customers_pk', ['sandbox_id', 'id'])
      // POST customers: a phone or email already used in the organization is a 409; the
      // database decides between two concurrent sign-ups.
      .addUniqueConstraint('cb_customers_phone', ['sandbox_id', 'organization_id', 'phone_number'])
      .addUniqueConstraint('cb_customers_email', ['sandbox_id', 'organization_id', 'email_key'])
      .addUniqueConstraint('cb_customers_pass_code', ['pass_code'])
      .execute();
    await db.schema.createIndex('cb_customers_org_seq').on('cb_customers').columns(['sandbox_id', 'organization_id', 'seq']).execute();

    await db.schema
      .createTable('cb_customer_points')
      .addColumn('sandbox_id', 'text', (c) => c.notNull())
      .addColumn('customer_id', 'text', (c) => c.notNull())
      .addColumn('point_type_id', 'text', (c) => c.notNull())
      // The balance can never go below zero, whatever runs concurrently.
      .addColumn('amount', 'bigint', (c) => c.notNull().check(sql`amount >= 0`))
      .addColumn('next_expiry_at', 'bigint')
      .addPrimaryKeyConstraint('cb_customer_points_pk', ['sandbox_id', 'customer_id', 'point_type_id'])
      .execute();
    // The expiry sweep: per sandbox, the balances whose next expiry has come by its clock.
    await db.schema.createIndex('cb_customer_points_expiry').on('cb_customer_points').columns(['sandbox_id', 'next_expiry_at']).execute();

    await sql`create table cb_point_lots (
      id ${sql.raw(autoIdType(engine))},
      sandbox_id text not null,
      customer_id text not null,
      point_type_id text not null,
      earned_at bigint not null,
      expires_at bigint,
      amount bigint not null,
      remaining bigint not null check (remaining >= 0)
    )`.execute(db);
    await db.schema.createIndex('cb_point_lots_customer').on('cb_point_lots').columns(['sandbox_id', 'customer_id']).execute();
    // Only lots with points left matter to spending (oldest first) and expiry (soonest
    // first); a long-standing customer's spent lots stay out of both index ranges.
    await sql`create index cb_point_lots_live on cb_point_lots (sandbox_id, customer_id, point_type_id, earned_at, id) where remaining > 0`.execute(db);
    await sql`create index cb_point_lots_expiry on cb_point_lots (sandbox_id, customer_id, point_type_id, expires_at) where remaining > 0`.execute(db);

    await db.schema
      .createTable('cb_orders')
      .addColumn('sandbox_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('organization_id', 'text', (c) => c.notNull())
      .addColumn('external_id', 'text', (c) => c.notNull())
      .addColumn('customer_id', 'text', (c) => c.notNull())
      .addColumn('location_id', 'text', (c) => c.notNull())
      .addColumn('amount', 'bigint', (c) => c.notNull())
      .addColumn('discount_amount', 'bigint', (c) => c.notNull())
      .addColumn('products', 'text', (c) => c.notNull())
      .addColumn('promotions_applied', 'text', (c) => c.notNull())
      .addColumn('earned_points', 'text', (c) => c.notNull())
      .addColumn('creation_time', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('cb_orders_pk', ['sandbox_id', 'id'])
      // The same externalId again is the same order: one row, one earning.
      .addUniqueConstraint('cb_orders_external_id', ['sandbox_id', 'organization_id', 'external_id'])
      .execute();

    await sql`create table cb_applied_promotions (
      id ${sql.raw(autoIdType(engine))},
      sandbox_id text not null,
      organization_id text not null,
      customer_id text not null,
      promotion_id text not null,
      location_id text not null,
      order_id text not null,
      creation_time bigint not null
    )`.execute(db);
    await db.schema.createIndex('cb_applied_promotions_customer').on('cb_applied_promotions').columns(['sandbox_id', 'customer_id']).execute();
  },
  // Point expiry became a job of core's scheduler: every customer with expiring points gets its timer.
  'comeback-0002-expiry-timers': async (db) => {
    await sql`insert into timers (sandbox_id, dialect, job, key, due_at, created_at, failures, retry_at)
      select sandbox_id, 'comeback', 'expire-points', customer_id, min(next_expiry_at), 0, 0, null
      from cb_customer_points where next_expiry_at is not null group by sandbox_id, customer_id`.execute(db);
  },
};

/** Every table of the dialect holds sandbox data (reset, snapshots). */
export const tables: TableSpec = {
  tables: {
    cb_organizations: 'data',
    cb_locations: 'data',
    cb_point_types: 'data',
    cb_promotions: 'data',
    cb_customers: 'data',
    cb_customer_points: 'data',
    cb_point_lots: 'data',
    cb_orders: 'data',
    cb_applied_promotions: 'data',
  },
  migrations,
};

// ---------------------------------------------------------------- organizations

/**
 * Fixture bundles: the same id again updates the record (its organization is checked by the
 * caller) and keeps its list position.
 */
async function upsertRecord<T extends 'cb_locations' | 'cb_point_types' | 'cb_promotions'>(tx: Tx, table: T, row: ComebackTables[T]): Promise<void> {
  const { sandbox_id: _s, id: _i, position: _p, ...changes } = row;
  await typed(tx)
    .insertInto(table)
    .values(row as never)
    .onConflict((oc) => oc.columns(['sandbox_id', 'id']).doUpdateSet(changes as never))
    .execute();
}

export async function selectOrganization(db: Db | Tx, sandboxId: string, id: string): Promise<OrganizationRow | undefined> {
  return typed(db).selectFrom('cb_organizations').selectAll().where('sandbox_id', '=', sandboxId).where('id', '=', id).executeTakeFirst();
}

export async function selectOrganizations(db: Db | Tx, sandboxId: string): Promise<OrganizationRow[]> {
  return typed(db).selectFrom('cb_organizations').selectAll().where('sandbox_id', '=', sandboxId).orderBy('position').execute();
}

export async function upsertOrganization(tx: Tx, row: OrganizationRow): Promise<void> {
  await typed(tx)
    .insertInto('cb_organizations')
    .values(row)
    .onConflict((oc) => oc.columns(['sandbox_id', 'id']).doUpdateSet({ name: row.name, levels: row.levels }))
    .execute();
}

/** The tokens of an organization (core credentials scoped to it), the primary one first. */
export async function selectOrganizationTokens(db: Db | Tx, sandboxId: string, organizationId: string): Promise<string[]> {
  const rows = await typed(db)
    .selectFrom('credentials')
    .select('key')
    .where('dialect', '=', 'comeback')
    .where('kind', '=', 'primary')
    .where('sandbox_id', '=', sandboxId)
    .where('scope', '=', organizationId)
    .orderBy('is_primary', 'desc')
    .orderBy('key')
    .execute();
  return rows.map((r) => r.key);
}

/** Every Comeback token of a sandbox with the organization it is scoped to. */
export async function selectSandboxTokens(db: Db | Tx, sandboxId: string): Promise<Array<{ key: string; scope: string | null; is_primary: number }>> {
  return typed(db)
    .selectFrom('credentials')
    .select(['key', 'scope', 'is_primary'])
    .where('dialect', '=', 'comeback')
    .where('kind', '=', 'primary')
    .where('sandbox_id', '=', sandboxId)
    .orderBy('is_primary', 'desc')
    .orderBy('key')
    .execute();
}

export async function selectCredentialScope(db: Db | Tx, key: string): Promise<string | null | undefined> {
  const row = await typed(db).selectFrom('credentials').select('scope').where('dialect', '=', 'comeback').where('kind', '=', 'primary').where('key', '=', key).executeTakeFirst();
  return row?.scope;
}

// ---------------------------------------------------------------- locations, point types

export async function selectLocations(db: Db | Tx, sandboxId: string, organizationId: string): Promise<LocationRow[]> {
  return typed(db)
    .selectFrom('cb_locations')
    .selectAll()
    .where('sandbox_id', '=', sandboxId)
    .where('organization_id', '=', organizationId)
    .orderBy('position')
    .execute();
}

const locationOf = prepared((db, sandboxId: string, organizationId: string, id: string) =>
  typed(db).selectFrom('cb_locations').selectAll().where('sandbox_id', '=', sandboxId).where('organization_id', '=', organizationId).where('id', '=', id),
);

/** Read by every order: prepared. */
export async function selectLocation(db: Db | Tx, sandboxId: string, organizationId: string, id: string): Promise<LocationRow | undefined> {
  return (await locationOf(db, sandboxId, organizationId, id))[0];
}

export async function selectAnyLocation(db: Db | Tx, sandboxId: string, id: string): Promise<LocationRow | undefined> {
  return typed(db).selectFrom('cb_locations').selectAll().where('sandbox_id', '=', sandboxId).where('id', '=', id).executeTakeFirst();
}

export async function upsertLocation(tx: Tx, row: LocationRow): Promise<void> {
  await upsertRecord(tx, 'cb_locations', row);
}

const pointTypesOf = prepared((db, sandboxId: string, organizationId: string) =>
  typed(db).selectFrom('cb_point_types').selectAll().where('sandbox_id', '=', sandboxId).where('organization_id', '=', organizationId).orderBy('position'),
);

/** Read by every order (the earning rule): prepared. */
export async function selectPointTypes(db: Db | Tx, sandboxId: string, organizationId: string): Promise<PointTypeRow[]> {
  return pointTypesOf(db, sandboxId, organizationId);
}

export async function selectAnyPointType(db: Db | Tx, sandboxId: string, id: string): Promise<PointTypeRow | undefined> {
  return typed(db).selectFrom('cb_point_types').selectAll().where('sandbox_id', '=', sandboxId).where('id', '=', id).executeTakeFirst();
}

export async function upsertPointType(tx: Tx, row: PointTypeRow): Promise<void> {
  await upsertRecord(tx, 'cb_point_types', row);
}

// ---------------------------------------------------------------- promotions

const promotionsOf = prepared((db, sandboxId: string, organizationId: string) =>
  typed(db).selectFrom('cb_promotions').selectAll().where('sandbox_id', '=', sandboxId).where('organization_id', '=', organizationId).orderBy('position'),
);

/** Read with every customer view (availablePromotions): prepared. */
export async function selectPromotions(db: Db | Tx, sandboxId: string, organizationId: string): Promise<PromotionRow[]> {
  return promotionsOf(db, sandboxId, organizationId);
}

export async function selectAnyPromotion(db: Db | Tx, sandboxId: string, id: string): Promise<PromotionRow | undefined> {
  return typed(db).selectFrom('cb_promotions').selectAll().where('sandbox_id', '=', sandboxId).where('id', '=', id).executeTakeFirst();
}

export async function insertPromotion(tx: Db | Tx, row: PromotionRow): Promise<void> {
  await typed(tx).insertInto('cb_promotions').values(row).execute();
}

export async function upsertPromotion(tx: Tx, row: PromotionRow): Promise<void> {
  await upsertRecord(tx, 'cb_promotions', row);
}

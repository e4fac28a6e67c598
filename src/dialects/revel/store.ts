import { sql } from 'kysely';
import type { SchemaStep } from '../../core/db/migrate.ts';
import type { TableSpec } from '../../core/dialect.ts';

/**
 * Revel's tables. Every Tastypie resource lives in `rv_objects` (one row per object, its
 * fields as JSON text), so that adding a resource is writing its definition. Discount codes
 * have tables of their own: their rules (one change per flag, one pending EMS request per
 * discount) are enforced by single statements and constraints. `rv_object_counts` holds how
 * many objects each resource has, kept by the statements that insert and delete them, so that
 * a list's `total_count` is one row read instead of a COUNT(*) over the resource.
 */
const migrations: Record<string, SchemaStep> = {
  'revel-0001-objects': async (db) => {
    await db.schema
      .createTable('rv_objects')
      .addColumn('sandbox_id', 'text', (c) => c.notNull())
      .addColumn('resource', 'text', (c) => c.notNull())
      .addColumn('id', 'bigint', (c) => c.notNull())
      // `Resource:id` of the object this one belongs to (Inventory → Product), for reverse relations.
      .addColumn('parent', 'text')
      // Optimistic concurrency: a PATCH rewrites the JSON only if nobody else did meanwhile.
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('data', 'text', (c) => c.notNull())
      // The primary key is also the index of every list page (`ORDER BY id LIMIT n`).
      .addPrimaryKeyConstraint('rv_objects_pk', ['sandbox_id', 'resource', 'id'])
      .execute();
    await db.schema.createIndex('rv_objects_parent').on('rv_objects').columns(['sandbox_id', 'resource', 'parent']).execute();

    await db.schema
      .createTable('rv_discount_codes')
      .addColumn('sandbox_id', 'text', (c) => c.notNull())
      .addColumn('id', 'bigint', (c) => c.notNull())
      .addColumn('discount_id', 'bigint', (c) => c.notNull())
      .addColumn('establishment_id', 'bigint', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('type', 'integer', (c) => c.notNull())
      .addColumn('used', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('rv_discount_codes_pk', ['sandbox_id', 'id'])
      // A code is what a guest types: one discount cannot hold it twice (README, choices).
      .addUniqueConstraint('rv_discount_codes_code', ['sandbox_id', 'discount_id', 'code'])
      .execute();
    await db.schema.createIndex('rv_discount_codes_page').on('rv_discount_codes').columns(['sandbox_id', 'discount_id', 'id']).execute();

    // The asynchronous first code of an EMS-managed discount: at most one per discount
    // (the primary key), processed once the sandbox clock reaches `due_at`.
    await db.schema
      .createTable('rv_discount_code_requests')
      .addColumn('sandbox_id', 'text', (c) => c.notNull())
      .addColumn('discount_id', 'bigint', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('type', 'integer', (c) => c.notNull())
      .addColumn('used', 'integer', (c) => c.notNull())
      .addColumn('callback_url', 'text')
      .addColumn('due_at', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('rv_discount_code_requests_pk', ['sandbox_id', 'discount_id'])
      .execute();
    await db.schema.createIndex('rv_discount_code_requests_due').on('rv_discount_code_requests').column('due_at').execute();
  },
  'revel-0002-object-counts': async (db) => {
    await db.schema
      .createTable('rv_object_counts')
      .addColumn('sandbox_id', 'text', (c) => c.notNull())
      .addColumn('resource', 'text', (c) => c.notNull())
      .addColumn('n', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('rv_object_counts_pk', ['sandbox_id', 'resource'])
      .execute();
    // The objects stored before this step are counted once.
    await sql`insert into rv_object_counts (sandbox_id, resource, n)
      select sandbox_id, resource, count(*) from rv_objects group by sandbox_id, resource`.execute(db);
  },
  // The EMS codes' worker became a job of core's scheduler: requests queued before have their timer.
  'revel-0003-ems-code-timers': async (db) => {
    await sql`insert into timers (sandbox_id, dialect, job, key, due_at, created_at, failures, retry_at)
      select sandbox_id, 'revel', 'ems-code', cast(discount_id as text), due_at, created_at, 0, null from rv_discount_code_requests`.execute(db);
  },
};

export const tables: TableSpec = {
  tables: { rv_objects: 'data', rv_object_counts: 'data', rv_discount_codes: 'data', rv_discount_code_requests: 'data' },
  migrations,
};

import { sql } from 'kysely';
import type { SchemaStep } from './migrate.ts';
import { autoIdType } from './migrate.ts';

/** The core's own tables. Booleans are integers 0/1 and times are epoch milliseconds on both engines. */
export const coreSchema: Record<string, SchemaStep> = {
  'core-0001-sandboxes': async (db, engine) => {
    await db.schema
      .createTable('sandboxes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('fixtures', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('clock_offset_ms', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('clock_frozen_ms', 'bigint')
      .addColumn('fault_rule_count', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();

    // One row per credential, looked up by (dialect, key); `secret` is the second half a
    // dialect checks (Revel apiSecret, Revers.io secretValue, InTouch account).
    await db.schema
      .createTable('credentials')
      .addColumn('dialect', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('secret', 'text')
      .addColumn('scope', 'text')
      .addColumn('is_primary', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('sandbox_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('credentials_pk', ['dialect', 'key'])
      .execute();
    await db.schema.createIndex('credentials_sandbox').on('credentials').column('sandbox_id').execute();

    await db.schema
      .createTable('sequences')
      .addColumn('sandbox_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('value', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('sequences_pk', ['sandbox_id', 'name'])
      .execute();

    await db.schema
      .createTable('snapshots')
      .addColumn('sandbox_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('snapshots_pk', ['sandbox_id', 'name'])
      .execute();

    await sql`create table requests (
      id ${sql.raw(autoIdType(engine))},
      sandbox_id text not null,
      at bigint not null,
      dialect text not null,
      method text not null,
      path text not null,
      query text not null,
      status integer not null,
      duration_ms double precision not null,
      request_body text,
      response_body text
    )`.execute(db);
    await db.schema.createIndex('requests_sandbox').on('requests').columns(['sandbox_id', 'id']).execute();

    await db.schema
      .createTable('webhooks')
      .addColumn('sandbox_id', 'text', (c) => c.notNull())
      .addColumn('dialect', 'text', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('webhooks_pk', ['sandbox_id', 'dialect'])
      .execute();

    await sql`create table deliveries (
      id ${sql.raw(autoIdType(engine))},
      sandbox_id text not null,
      dialect text not null,
      event text not null,
      url text not null,
      headers text not null,
      payload text not null,
      status text not null,
      attempts integer not null default 0,
      max_attempts integer not null,
      last_status_code integer,
      last_error text,
      next_attempt_at bigint,
      leased_until bigint,
      created_at bigint not null
    )`.execute(db);
    await db.schema.createIndex('deliveries_sandbox').on('deliveries').columns(['sandbox_id', 'id']).execute();
    await db.schema.createIndex('deliveries_due').on('deliveries').columns(['status', 'next_attempt_at']).execute();

    await sql`create table delivery_attempts (
      id ${sql.raw(autoIdType(engine))},
      delivery_id bigint not null,
      sandbox_id text not null,
      at bigint not null,
      status_code integer,
      error text,
      duration_ms double precision not null
    )`.execute(db);
    await db.schema.createIndex('delivery_attempts_delivery').on('delivery_attempts').column('delivery_id').execute();

    await db.schema
      .createTable('fault_rules')
      .addColumn('sandbox_id', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('dialect', 'text')
      .addColumn('method', 'text')
      .addColumn('path', 'text')
      .addColumn('status', 'integer')
      .addColumn('body', 'text')
      .addColumn('delay_ms', 'integer')
      .addColumn('probability', 'double precision')
      .addColumn('remaining', 'integer')
      .addPrimaryKeyConstraint('fault_rules_pk', ['sandbox_id', 'position'])
      .execute();
  },
};

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

  /**
   * The dialect contract (issue 8): credentials get a kind (a dialect may have several, and
   * issued tokens live beside them), sandboxes a seed and a JWT signing key, and core takes over
   * timers (the scheduler on the sandbox clock) and issued opaque tokens.
   */
  'core-0002-dialect-contract': async (db, engine) => {
    await sql`create table credentials_v2 (
      dialect text not null,
      kind text not null,
      key text not null,
      secret text,
      scope text,
      is_primary integer not null default 1,
      sandbox_id text not null,
      primary key (dialect, kind, key)
    )`.execute(db);
    await sql`insert into credentials_v2 (dialect, kind, key, secret, scope, is_primary, sandbox_id)
      select dialect, 'primary', key, secret, scope, is_primary, sandbox_id from credentials`.execute(db);
    await sql`drop table credentials`.execute(db);
    await sql`alter table credentials_v2 rename to credentials`.execute(db);
    await db.schema.createIndex('credentials_sandbox').on('credentials').column('sandbox_id').execute();

    await db.schema.alterTable('sandboxes').addColumn('seed', 'text').execute();
    await db.schema.alterTable('sandboxes').addColumn('signing_key', 'text').execute();
    const randomKey = engine === 'sqlite' ? sql`lower(hex(randomblob(32)))` : sql`md5(random()::text || clock_timestamp()::text) || md5(random()::text || id)`;
    await sql`update sandboxes set signing_key = ${randomKey}`.execute(db);

    // A timer per (sandbox, dialect, job, key), due at `due_at` by the sandbox clock.
    await db.schema
      .createTable('timers')
      .addColumn('sandbox_id', 'text', (c) => c.notNull())
      .addColumn('dialect', 'text', (c) => c.notNull())
      .addColumn('job', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('due_at', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
      // After a failed run, not before this real time (a failing job is not retried in a hot loop).
      .addColumn('retry_at', 'bigint')
      .addPrimaryKeyConstraint('timers_pk', ['sandbox_id', 'dialect', 'job', 'key'])
      .execute();
    await db.schema.createIndex('timers_due').on('timers').columns(['sandbox_id', 'due_at']).execute();
    // The scheduler's two ranges (core/scheduler/store.ts): due timers of sandboxes on real time,
    // by due time; and the few sandboxes whose clock was moved or frozen, each by its own now.
    await db.schema.createIndex('timers_due_at').on('timers').column('due_at').execute();
    await sql`create index sandboxes_moved_clock on sandboxes (id) where clock_offset_ms <> 0 or clock_frozen_ms is not null`.execute(db);

    // Opaque tokens a sandbox issued (InTouch customer tokens), by value: a token is found by
    // its value, and redacted from the journal.
    await db.schema
      .createTable('issued_tokens')
      .addColumn('sandbox_id', 'text', (c) => c.notNull())
      .addColumn('dialect', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('token', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint')
      .addPrimaryKeyConstraint('issued_tokens_pk', ['sandbox_id', 'dialect', 'kind', 'token'])
      .execute();
    await db.schema.createIndex('issued_tokens_value').on('issued_tokens').columns(['dialect', 'kind', 'token']).execute();
  },
  /** Syncable records of the dialects with sync endpoints (core/sync.ts). */
  'core-0003-sync-records': async (db) => {
    await db.schema
      .createTable('sync_records')
      .addColumn('sandbox_id', 'text', (c) => c.notNull())
      .addColumn('dialect', 'text', (c) => c.notNull())
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('ord', 'bigint', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('deleted_at', 'bigint')
      .addPrimaryKeyConstraint('sync_records_pk', ['sandbox_id', 'dialect', 'model', 'id'])
      .execute();
    await db.schema.createIndex('sync_records_order').on('sync_records').columns(['sandbox_id', 'dialect', 'model', 'ord', 'id']).execute();
    await db.schema.createIndex('sync_records_changed').on('sync_records').columns(['sandbox_id', 'dialect', 'model', 'updated_at']).execute();
  },
  /** How many times each fault rule has fired since it was set (core/faults.ts). */
  'core-0004-fault-rule-fired': async (db) => {
    await db.schema
      .alterTable('fault_rules')
      .addColumn('fired', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
  /**
   * A sandbox's vendor requests journaled since it was created, and when the last one was: one
   * row per sandbox, upserted once per journal batch (core/journal.ts), not cut by the journal's
   * trim. Sandboxes from before this step start at 0.
   */
  'core-0005-sandbox-activity': async (db) => {
    await db.schema
      .createTable('sandbox_activity')
      .addColumn('sandbox_id', 'text', (c) => c.primaryKey())
      .addColumn('request_count', 'bigint', (c) => c.notNull())
      .addColumn('last_request_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};

/** Core's tables with a `sandbox_id` column, and what they are to the sandbox (core/dialect.ts, TableScope). */
export const CORE_TABLES = {
  sequences: 'data',
  timers: 'data',
  issued_tokens: 'data',
  sync_records: 'data',
  credentials: 'owned',
  snapshots: 'owned',
  requests: 'owned',
  webhooks: 'owned',
  deliveries: 'owned',
  delivery_attempts: 'owned',
  fault_rules: 'owned',
  sandbox_activity: 'owned',
} as const;

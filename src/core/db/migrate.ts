import { sql } from 'kysely';
import type { Db, Engine, Tx } from './engine.ts';

/** A schema step; `engine` is there for the few column types the engines spell differently. */
export type SchemaStep = (db: Tx, engine: Engine) => Promise<void>;

/**
 * Core's steps first, then the dialects': a dialect's step may use core's tables (its timers, its
 * credentials), never the other way round. Within each, by name.
 */
export function stepOrder(a: string, b: string): number {
  const core = (n: string) => (n.startsWith('core-') ? 0 : 1);
  return core(a) - core(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Any number: PostgreSQL's advisory lock that makes nodes starting at once migrate one at a time. */
const MIGRATION_LOCK = 40_102_026;

/**
 * Applies every pending step in `stepOrder`, all in one transaction (both engines have
 * transactional DDL), recording each in `kysely_migration` (the table Kysely's migrator kept, so
 * databases it migrated carry on). Names are `<owner>-<NNNN>-<what>`: each owner (core, a
 * dialect) orders its own steps. On PostgreSQL an advisory lock makes several nodes starting at
 * once take turns; on SQLite one process owns the file.
 */
export async function migrate(db: Db, engine: Engine, steps: Record<string, SchemaStep>): Promise<void> {
  await db.transaction().execute(async (tx) => {
    if (engine === 'postgres') await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(tx);
    await sql`create table if not exists kysely_migration (name varchar(255) not null primary key, timestamp varchar(255) not null)`.execute(tx);
    const done = new Set((await tx.selectFrom('kysely_migration').select('name').execute()).map((r) => r.name as string));
    for (const name of Object.keys(steps).sort(stepOrder)) {
      if (done.has(name)) continue;
      try {
        await steps[name](tx, engine);
      } catch (err) {
        throw new Error(`migration ${name} failed: ${(err as Error).message ?? err}`);
      }
      await tx.insertInto('kysely_migration').values({ name, timestamp: new Date().toISOString() }).execute();
    }
  });
}

/** An auto-numbered primary key column, as each engine spells it. */
export function autoIdType(engine: Engine): string {
  return engine === 'sqlite' ? 'integer primary key autoincrement' : 'bigserial primary key';
}

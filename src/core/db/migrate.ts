import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import type { Db, Engine } from './engine.ts';

/** A schema step; `engine` is there for the few column types the engines spell differently. */
export type SchemaStep = (db: Db, engine: Engine) => Promise<void>;

/**
 * Applies every pending step, in name order. Names are `<owner>-<NNNN>-<what>`: each owner
 * (core, a dialect) orders its own steps; steps of different owners are independent.
 * Kysely's migrator takes a lock, so several nodes starting at once on PostgreSQL is safe.
 */
export async function migrate(db: Db, engine: Engine, steps: Record<string, SchemaStep>): Promise<void> {
  const migrations: Record<string, Migration> = {};
  for (const [name, step] of Object.entries(steps)) {
    migrations[name] = { up: (tx) => step(tx, engine) };
  }
  const provider: MigrationProvider = { getMigrations: async () => migrations };
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message ?? error}`);
  }
}

/** An auto-numbered primary key column, as each engine spells it. */
export function autoIdType(engine: Engine): string {
  return engine === 'sqlite' ? 'integer primary key autoincrement' : 'bigserial primary key';
}

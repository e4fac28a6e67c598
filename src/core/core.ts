import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { openPostgres, openSqlite, type Database, type Db, type Engine } from './db/engine.ts';
import { migrate } from './db/migrate.ts';
import { coreSchema } from './db/core-schema.ts';
import type { Dialect } from './dialect.ts';
import { Faults } from './faults.ts';
import { Journal } from './journal.ts';
import { Outbox } from './outbox/index.ts';
import { DEMO_CREDENTIALS } from './sandboxes/credentials.ts';
import { SandboxService } from './sandboxes/service.ts';
import { SandboxContextCache } from './sandboxes/context-cache.ts';

/** The services every dialect and the control plane share. */
export interface Core {
  config: Config;
  database: Database;
  db: Db;
  engine: Engine;
  log: Logger;
  dialects: Dialect[];
  sandboxes: SandboxService;
  journal: Journal;
  outbox: Outbox;
  faults: Faults;
  sandboxContexts: SandboxContextCache;
  close(): Promise<void>;
}

export async function createCore(config: Config, dialects: Dialect[], log: Logger): Promise<Core> {
  const database = config.databaseUrl ? openPostgres(config.databaseUrl) : openSqlite(config.sqlitePath);
  const { db, engine } = database;
  try {
    const steps = { ...coreSchema };
    for (const d of dialects) Object.assign(steps, d.schema);
    await migrate(db, engine, steps);
  } catch (err) {
    await database.close();
    throw err;
  }
  const sandboxes = new SandboxService(database, dialects);
  const journal = new Journal(db, config.journalLimit, (err) => log.error({ err }, 'journal write failed'), engine);
  const outbox = new Outbox(db, config.delivery, log);
  const faults = new Faults(db);
  if (config.createDemo) await ensureDemoSandbox(sandboxes, db);
  return {
    config,
    database,
    db,
    engine,
    log,
    dialects,
    sandboxes,
    journal,
    outbox,
    faults,
    sandboxContexts: new SandboxContextCache(engine === 'sqlite'),
    async close() {
      await outbox.worker.stop();
      await journal.flush();
      await database.close();
    },
  };
}

/** CONTRACT.md: on first start with an empty database, the `demo` sandbox with fixed credentials. */
async function ensureDemoSandbox(sandboxes: SandboxService, db: Db): Promise<void> {
  const any = await db.selectFrom('sandboxes').select('id').limit(1).executeTakeFirst();
  if (any) return;
  try {
    await sandboxes.create({ id: 'demo', name: 'demo', fixtures: 'demo', credentials: DEMO_CREDENTIALS });
  } catch (err) {
    // Another node starting on the same PostgreSQL database created it first.
    if (!(await sandboxes.exists('demo'))) throw err;
  }
}

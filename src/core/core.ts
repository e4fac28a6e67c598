import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { openPostgres, openSqlite, prepareSchema, tablesWithSandboxId, type Database, type Db, type Engine } from './db/engine.ts';
import { migrate } from './db/migrate.ts';
import { CORE_TABLES, coreSchema } from './db/core-schema.ts';
import type { DialectDefinition, TableScope } from './dialect.ts';
import { Faults } from './faults.ts';
import { Journal } from './journal.ts';
import { Outbox } from './outbox/index.ts';
import { Scheduler } from './scheduler/index.ts';
import { ScopeFactory } from './scope.ts';
import { CredentialSet } from './sandboxes/credentials.ts';
import { SandboxService } from './sandboxes/service.ts';
import { SandboxContextCache } from './sandboxes/context-cache.ts';
import { TokenService } from './tokens.ts';

/** The services every dialect and the control plane share. */
export interface Core {
  config: Config;
  database: Database;
  db: Db;
  engine: Engine;
  log: Logger;
  dialects: DialectDefinition<any>[];
  credentials: CredentialSet;
  /** Every table with a `sandbox_id` column, core's and the dialects', with its scope. */
  tables: Record<string, TableScope>;
  sandboxes: SandboxService;
  journal: Journal;
  outbox: Outbox;
  faults: Faults;
  scheduler: Scheduler;
  tokens: TokenService;
  scopes: ScopeFactory;
  sandboxContexts: SandboxContextCache;
  close(): Promise<void>;
}

/** Every declared table, and a refusal to start if any dialect declares one twice. */
function declaredTables(dialects: DialectDefinition<any>[]): Record<string, TableScope> {
  const tables: Record<string, TableScope> = { ...CORE_TABLES };
  for (const d of dialects) {
    for (const [name, scope] of Object.entries(d.tables.tables)) {
      if (name in tables) throw new Error(`table '${name}' of dialect '${d.name}' is declared twice`);
      tables[name] = scope;
    }
  }
  return tables;
}

/** What went wrong opening the database, naming where it is (and the variable that said so). */
function databaseFailure(config: Config, database: Database, err: unknown): string {
  const message = (err as Error)?.message ?? String(err);
  if (database.engine === 'sqlite') return message.includes(database.location) ? message : `the SQLite database ${database.location}: ${message}`;
  const url = new URL(config.databaseUrl!);
  const host = `${url.hostname || 'localhost'}:${url.port || '5432'}`;
  const code = (err as { code?: string })?.code;
  const from = config.databaseUrlFrom ? ` (from ${config.databaseUrlFrom})` : '';
  const reach = code && /^(E[A-Z]+|28P01|28000|3D000|57P03|08\w+)$/.test(code);
  return reach
    ? `cannot connect to PostgreSQL at ${host}${url.pathname}${from}: ${message || code}`
    : `PostgreSQL at ${host}${url.pathname}${from}: ${message}`;
}

export async function createCore(config: Config, dialects: DialectDefinition<any>[], log: Logger): Promise<Core> {
  const names = new Set<string>();
  for (const d of dialects) {
    if (names.has(d.name)) throw new Error(`dialect '${d.name}' is registered twice`);
    names.add(d.name);
  }
  const tables = declaredTables(dialects);
  const database = config.databaseUrl ? openPostgres(config.databaseUrl, config.databaseSchema) : openSqlite(config.sqlitePath);
  const { db, engine } = database;
  try {
    await prepareSchema(database);
    const steps = { ...coreSchema };
    for (const d of dialects) Object.assign(steps, d.tables.migrations);
    await migrate(db, engine, steps);
    // A table that holds sandbox rows but is not declared would survive reset, snapshot and delete.
    const undeclared = (await tablesWithSandboxId(database)).filter((t) => !(t in tables));
    if (undeclared.length) {
      throw new Error(`the database has tables with a sandbox_id column that no dialect declares: ${undeclared.join(', ')} (declare them in the dialect's tables, with their scope)`);
    }
  } catch (err) {
    await database.close().catch(() => {});
    throw new Error(databaseFailure(config, database, err), { cause: err });
  }
  const sandboxContexts = new SandboxContextCache(engine === 'sqlite');
  const credentials = new CredentialSet(dialects);
  const tokens = new TokenService(sandboxContexts);
  const outbox = new Outbox(db, config.delivery, log);
  let scopes: ScopeFactory;
  const scheduler = new Scheduler(db, () => scopes, log, config.timerPollMs);
  scopes = new ScopeFactory({ db, log, outbox, tokens, wakeScheduler: () => scheduler.wake() });
  for (const d of dialects) for (const [name, job] of Object.entries(d.jobs ?? {})) scheduler.register(d.name, name, job);
  const journal = new Journal(db, config.journalLimit, credentials.sensitiveNames(), (err) => log.error({ err }, 'journal write failed'), engine);
  // A token issued here is known to the journal at once; one issued on another node, within 2 s.
  tokens.onIssue = (sandboxId, token) => journal.learnToken(sandboxId, token);
  const faults = new Faults(db);
  const sandboxes = new SandboxService(database, dialects, credentials, tables, scopes);
  if (config.createDemo) await sandboxes.ensureDemo();
  return {
    config,
    database,
    db,
    engine,
    log,
    dialects,
    credentials,
    tables,
    sandboxes,
    journal,
    outbox,
    faults,
    scheduler,
    tokens,
    scopes,
    sandboxContexts,
    async close() {
      await scheduler.stop();
      await outbox.worker.stop();
      await journal.close();
      await database.close();
    },
  };
}

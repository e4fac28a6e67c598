import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, sql, type SqliteDatabase, type SqliteStatement, type Transaction } from 'kysely';
import pg from 'pg';
import { claimSqliteFile } from './sqlite-owner.ts';
import { GroupCommitSqliteDialect } from './group-commit.ts';

export type Engine = 'sqlite' | 'postgres';
/** Every store narrows this to its own tables; one handle serves every dialect. */
export type Db = Kysely<any>;
export type Tx = Transaction<any>;

export interface Database {
  db: Db;
  engine: Engine;
  /** Where the data lives, for the ready line and health (no credentials). */
  location: string;
  /** PostgreSQL: the schema holding Understudy's tables. */
  schema?: string;
  close(): Promise<void>;
}

// int8 (COUNT(*), bigint columns) comes back as a string by default; every value we keep
// in bigint is a millisecond timestamp or a counter, well inside Number.MAX_SAFE_INTEGER.
pg.types.setTypeParser(20, (value) => Number(value));

export function openSqlite(path: string): Database {
  // The folder first: the owner's lock file goes next to the database (a fresh clone has no ./data).
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const release = path === ':memory:' ? () => {} : claimSqliteFile(path);
  let sqlite: SQLite.Database;
  try {
    sqlite = new SQLite(path);
    sqlite.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a committed transaction survives a crash of this process
    // (kill -9); only an OS crash or power loss can drop the newest commits.
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('busy_timeout = 5000');
  } catch (err) {
    release();
    throw new Error(`cannot open the SQLite database ${path}: ${(err as Error).message}`, { cause: err });
  }
  const db = new Kysely<any>({ dialect: new GroupCommitSqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    db,
    engine: 'sqlite',
    location: path,
    close: async () => {
      try {
        await db.destroy();
      } finally {
        release();
      }
    },
  };
}

/**
 * Kysely's SQLite driver prepares every statement anew, which was a quarter of the CPU of a
 * simple read. The same SQL text reuses one prepared statement (better-sqlite3 statements are
 * reusable and this driver runs one query at a time).
 */
function withStatementCache(sqlite: SQLite.Database, max = 1000): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = rowsAsObjects(sqlite.prepare(opaqueParameters(sql)));
        // Queries with IN lists vary in text; keep the cache bounded.
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
        cache.set(sql, stmt);
      }
      return stmt;
    },
    close: () => sqlite.close(),
  };
}

/**
 * Every `?` of a statement becomes `+?`: the same value (a unary plus changes neither value nor
 * affinity, and the index is still used), but one the query planner cannot look at. SQLite 3.54
 * (better-sqlite3 13) built with STAT4 marks a statement whose plan considered a bound value
 * (every `WHERE … = ? ORDER BY …`) to be prepared again whenever a value is bound, that is at
 * every run: measured 21 µs against 6 µs for a five-row indexed page, and a third of a Comeback
 * customer read. Quoted strings, identifiers and comments are left alone.
 */
export function opaqueParameters(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (c === "'" || c === '"' || c === '`') {
      const end = closing(sql, i, c);
      out += sql.slice(i, end);
      i = end;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      out += sql.slice(i, end === -1 ? sql.length : end);
      i = end === -1 ? sql.length : end;
    } else {
      out += c === '?' && /[^\w]/.test(sql[i + 1] ?? ' ') ? '+?' : c;
      i++;
    }
  }
  return out;
}

/** The index after a quoted token starting at `start` (a doubled quote stays inside it). */
function closing(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

/**
 * better-sqlite3 builds each row object natively, property by property (measured: half the
 * time of reading 50 vouchers). Rows are read as arrays and turned into objects by a
 * constructor made once per statement, which V8 compiles to a fixed shape. Same objects,
 * same key order; a repeated column name keeps its last value, as before.
 */
function rowsAsObjects(stmt: SQLite.Statement): SqliteStatement {
  if (!stmt.reader) return stmt;
  const names = stmt.columns().map((c) => c.name);
  const make = new Function('r', `return {${names.map((n, i) => `${JSON.stringify(n)}: r[${i}]`).join(', ')}};`) as (row: unknown[]) => unknown;
  stmt.raw(true);
  return {
    reader: true,
    all(parameters) {
      const rows = stmt.all(parameters as unknown[]) as unknown[][];
      const out = new Array(rows.length);
      for (let i = 0; i < rows.length; i++) out[i] = make(rows[i]);
      return out;
    },
    run: (parameters) => stmt.run(parameters as unknown[]),
    *iterate(parameters) {
      for (const row of stmt.iterate(parameters as unknown[])) yield make(row as unknown[]);
    },
  };
}

/**
 * Understudy's tables live in a schema of their own (`understudy` by default), never in
 * `public`: a DATABASE_URL exported for the developer's own application must not fill its
 * database with tables named `sandboxes` and `credentials`. The schema is created by
 * `prepareSchema` before the migrations run.
 */
export function openPostgres(url: string, schema = 'understudy', poolSize = 10): Database {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`the PostgreSQL schema name '${schema}' must be lower-case letters, digits and _`);
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: `-c search_path=${schema}`, Client: NulSafeClient });
  // An idle client's error (server restart) must not crash the process.
  pool.on('error', () => {});
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  const parsed = new URL(url);
  return {
    db,
    engine: 'postgres',
    location: `postgres://${parsed.host}${parsed.pathname} (schema ${schema})`,
    schema,
    close: () => db.destroy(),
  };
}

/**
 * PostgreSQL text cannot hold U+0000: a parameter carrying one (a path `/customers/%00`) fails
 * the whole statement, which would be a 500. Every string parameter has it replaced by U+FFFD,
 * which no stored value matches: a lookup finds nothing (the dialect's own not-found), a write
 * stores the replacement. SQLite needs none of this. Dialects refuse NUL where their vendor does.
 */
class NulSafeClient extends pg.Client {
  // pg's query() has a dozen overloads; only (text, values) calls, Kysely's, carry parameters.
  override query(...args: any[]): any {
    if (Array.isArray(args[1])) args[1] = args[1].map(nulSafe);
    return (super.query as (...a: any[]) => any)(...args);
  }
}

const nulSafe = (v: unknown) => (typeof v === 'string' && v.includes('\u0000') ? v.replace(/\u0000/g, '\uFFFD') : v);

/** Creates the PostgreSQL schema the tables live in, if it is not there yet. */
export async function prepareSchema(database: Database): Promise<void> {
  if (database.engine !== 'postgres' || !database.schema) return;
  try {
    await sql`create schema if not exists ${sql.id(database.schema)}`.execute(database.db);
  } catch (err) {
    // Two nodes starting at once: one of them created it.
    if ((err as { code?: string }).code !== '23505') throw err;
  }
}

/** Every table of the database (its schema, on PostgreSQL) that has a `sandbox_id` column. */
export async function tablesWithSandboxId(database: Database): Promise<string[]> {
  const rows =
    database.engine === 'sqlite'
      ? await sql<{ name: string }>`select m.name as name from sqlite_master m, pragma_table_info(m.name) p where m.type = 'table' and p.name = 'sandbox_id'`.execute(database.db)
      : await sql<{ name: string }>`select table_name as name from information_schema.columns where table_schema = current_schema() and column_name = 'sandbox_id'`.execute(database.db);
  return rows.rows.map((r) => r.name).sort();
}

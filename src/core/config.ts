import { dirname, join } from 'node:path';
import type { LogFormat } from './log.ts';

/** Runtime configuration: CLI flags win over environment, environment over defaults (CONTRACT.md). */
export interface Config {
  host: string;
  port: number;
  /** SQLite file path or ':memory:'; ignored when databaseUrl is set. */
  sqlitePath: string;
  /** postgres://… selects PostgreSQL. */
  databaseUrl?: string;
  /** The variable databaseUrl came from (error messages name it). */
  databaseUrlFrom?: string;
  /** PostgreSQL: the schema Understudy's tables live in. */
  databaseSchema: string;
  adminToken?: string;
  /** Newest N journal entries kept per sandbox. */
  journalLimit: number;
  /** Answers kept between writes on SQLite (core/http/kept-answers.ts); UNDERSTUDY_KEEP_ANSWERS=0 turns it off (to measure without it). */
  keepAnswers: boolean;
  delivery: DeliveryConfig;
  /** How often the scheduler looks for timers that came due by their sandbox's clock. */
  timerPollMs: number;
  /** Create the demo sandbox when the database has none. */
  createDemo: boolean;
  logLevel: string;
  /** `auto`: pretty on a terminal, JSON lines otherwise (LOG_FORMAT). */
  logFormat: LogFormat;
  /**
   * `serve --https`: TLS with the user's certificate and key files, or with a server
   * certificate from the local CA kept in `dir` (core/tls/local-ca.ts). Absent: plain HTTP.
   */
  tls?: { cert: string; key: string } | { dir: string };
}

export interface DeliveryConfig {
  maxAttempts: number;
  /** First retry delay; each later one doubles. */
  backoffMs: number;
  timeoutMs: number;
  pollMs: number;
  /** A claimed delivery is retried by another worker after this long without an outcome. */
  leaseMs: number;
}

export interface ConfigOverrides {
  host?: string;
  port?: number | string;
  db?: string;
  https?: boolean;
  cert?: string;
  key?: string;
}

/**
 * TLS (`--https`, `--cert`/`--key`; UNDERSTUDY_HTTPS, UNDERSTUDY_TLS_CERT/KEY/DIR): a certificate
 * and key of the user's own, both or neither, else the local CA, kept next to the SQLite file
 * (in `tls/` beside it) or, for `:memory:` and PostgreSQL, in `./data/tls`.
 */
function tlsFrom(overrides: ConfigOverrides, env: NodeJS.ProcessEnv, sqlitePath: string | undefined): Config['tls'] {
  const cert = overrides.cert ?? env.UNDERSTUDY_TLS_CERT;
  const key = overrides.key ?? env.UNDERSTUDY_TLS_KEY;
  if ((cert === undefined) !== (key === undefined)) {
    throw new Error(cert === undefined ? '--key (UNDERSTUDY_TLS_KEY) needs --cert (UNDERSTUDY_TLS_CERT)' : '--cert (UNDERSTUDY_TLS_CERT) needs --key (UNDERSTUDY_TLS_KEY)');
  }
  if (cert !== undefined && key !== undefined) return { cert, key };
  const https = overrides.https ?? (env.UNDERSTUDY_HTTPS === undefined ? false : /^(1|true|yes|on)$/i.test(env.UNDERSTUDY_HTTPS));
  if (env.UNDERSTUDY_HTTPS !== undefined && overrides.https === undefined && !/^(1|true|yes|on|0|false|no|off)$/i.test(env.UNDERSTUDY_HTTPS)) {
    throw new Error(`UNDERSTUDY_HTTPS must be 1 or 0, got '${env.UNDERSTUDY_HTTPS}'`);
  }
  if (!https) return undefined;
  const dir = env.UNDERSTUDY_TLS_DIR ?? (sqlitePath && sqlitePath !== ':memory:' ? join(dirname(sqlitePath), 'tls') : join('data', 'tls'));
  return { dir };
}

function intFrom(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got '${value}'`);
  return n;
}

/**
 * A database URL variable's value: it selects PostgreSQL, so anything but a `postgres://` URL is
 * refused (naming the variable, not quoting a value that may hold a password).
 */
function postgresUrl(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name]!;
  let ok = /^postgres(ql)?:\/\//i.test(value);
  if (ok) {
    try {
      new URL(value);
    } catch {
      ok = false;
    }
  }
  if (!ok) {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1];
    throw new Error(
      `${name} must be a postgres:// URL (it selects PostgreSQL), got ${scheme ? `a ${scheme}: URL` : 'a value that is not a URL'}. ` +
        `Unset it to run on SQLite (--db or UNDERSTUDY_DB)${name === 'DATABASE_URL' ? ', or set UNDERSTUDY_DATABASE_URL or UNDERSTUDY_DB, which are read first' : ''}.`,
    );
  }
  return value;
}

function logFormatFrom(value: string | undefined): LogFormat {
  if (value === undefined) return 'auto';
  if (value === 'auto' || value === 'pretty' || value === 'json') return value;
  throw new Error(`LOG_FORMAT must be auto, pretty or json, got '${value}'`);
}

export function loadConfig(overrides: ConfigOverrides = {}, environment: NodeJS.ProcessEnv = process.env): Config {
  // A variable set to the empty string counts as unset.
  const env = Object.fromEntries(Object.entries(environment).filter(([, v]) => v !== '')) as NodeJS.ProcessEnv;
  const port = intFrom(overrides.port?.toString() ?? env.PORT, 4010, 'port');
  if (port > 65535) throw new Error(`port must be at most 65535, got ${port}`);
  // The engine: --db (SQLite) wins; then UNDERSTUDY_DATABASE_URL, UNDERSTUDY_DB, DATABASE_URL.
  let db = overrides.db;
  let databaseUrl: string | undefined;
  let databaseUrlFrom: string | undefined;
  if (db === undefined) {
    if (env.UNDERSTUDY_DATABASE_URL !== undefined) [databaseUrl, databaseUrlFrom] = [postgresUrl(env, 'UNDERSTUDY_DATABASE_URL'), 'UNDERSTUDY_DATABASE_URL'];
    else if (env.UNDERSTUDY_DB !== undefined) db = env.UNDERSTUDY_DB;
    else if (env.DATABASE_URL !== undefined) [databaseUrl, databaseUrlFrom] = [postgresUrl(env, 'DATABASE_URL'), 'DATABASE_URL'];
  }
  return {
    host: overrides.host ?? env.HOST ?? '127.0.0.1',
    port,
    sqlitePath: db ?? './data/understudy.db',
    databaseUrl,
    databaseUrlFrom,
    databaseSchema: env.UNDERSTUDY_DATABASE_SCHEMA ?? 'understudy',
    adminToken: env.UNDERSTUDY_ADMIN_TOKEN || undefined,
    journalLimit: intFrom(env.UNDERSTUDY_JOURNAL_LIMIT, 1000, 'UNDERSTUDY_JOURNAL_LIMIT'),
    keepAnswers: env.UNDERSTUDY_KEEP_ANSWERS !== '0',
    delivery: {
      maxAttempts: Math.max(1, intFrom(env.UNDERSTUDY_DELIVERY_ATTEMPTS, 8, 'UNDERSTUDY_DELIVERY_ATTEMPTS')),
      backoffMs: intFrom(env.UNDERSTUDY_DELIVERY_BACKOFF_MS, 30_000, 'UNDERSTUDY_DELIVERY_BACKOFF_MS'),
      timeoutMs: intFrom(env.UNDERSTUDY_DELIVERY_TIMEOUT_MS, 10_000, 'UNDERSTUDY_DELIVERY_TIMEOUT_MS'),
      pollMs: intFrom(env.UNDERSTUDY_DELIVERY_POLL_MS, 500, 'UNDERSTUDY_DELIVERY_POLL_MS'),
      leaseMs: intFrom(env.UNDERSTUDY_DELIVERY_LEASE_MS, 60_000, 'UNDERSTUDY_DELIVERY_LEASE_MS'),
    },
    timerPollMs: intFrom(env.UNDERSTUDY_TIMER_POLL_MS, 250, 'UNDERSTUDY_TIMER_POLL_MS'),
    createDemo: true,
    logLevel: env.LOG_LEVEL ?? 'warn',
    logFormat: logFormatFrom(env.LOG_FORMAT),
    tls: tlsFrom(overrides, env, databaseUrl ? undefined : (db ?? './data/understudy.db')),
  };
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/i;

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

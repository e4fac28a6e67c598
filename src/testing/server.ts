// startUnderstudy: an Understudy server for a test run, as a child process (`understudy serve`,
// the default) or inside the test's own process.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createControlClient, type ControlClient } from '../client/index.ts';

export interface StartOptions {
  /** `process` (default): `understudy serve` as a child process; `in-process`: in this process. */
  mode?: 'process' | 'in-process';
  /** SQLite file, or `:memory:` (the default). Ignored when `databaseUrl` is set. */
  db?: string;
  /** `postgres://…`: serve from PostgreSQL instead of SQLite. */
  databaseUrl?: string;
  /** Require `Authorization: Bearer <token>` on the control API (the server's UNDERSTUDY_ADMIN_TOKEN). */
  adminToken?: string;
  /** More environment for the server (UNDERSTUDY_JOURNAL_LIMIT, LOG_LEVEL, …); read last. */
  env?: Record<string, string>;
  /** How long to wait for the server to be ready (default 20 s). */
  startTimeoutMs?: number;
}

export interface Understudy {
  /** The server's base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** A control client for this server (with its admin token). */
  readonly client: ControlClient;
  readonly mode: 'process' | 'in-process';
  /** Stops the server gracefully (in-flight requests finish); resolves once it is gone. */
  stop(): Promise<void>;
}

/** The package's bin/understudy.js: found upward from this module (src/testing/ or dist/). */
function binPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'bin', 'understudy.js');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('understudy/testing: bin/understudy.js not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/**
 * The server's environment: what it would read from the caller's environment to pick its port,
 * host, database or token is cleared (an application's own DATABASE_URL must not select it), then
 * the options are applied.
 */
function serverEnv(options: StartOptions): Record<string, string> {
  const env: Record<string, string> = {
    PORT: '',
    HOST: '',
    UNDERSTUDY_DB: '',
    UNDERSTUDY_DATABASE_URL: options.databaseUrl ?? '',
    DATABASE_URL: '',
    UNDERSTUDY_ADMIN_TOKEN: options.adminToken ?? '',
  };
  return { ...env, ...options.env };
}

/** Starts an Understudy server on a free port of 127.0.0.1 and waits until every route answers. */
export async function startUnderstudy(options: StartOptions = {}): Promise<Understudy> {
  return options.mode === 'in-process' ? startInProcess(options) : startChild(options);
}

function finish(url: string, mode: Understudy['mode'], options: StartOptions, stop: () => Promise<void>): Understudy {
  let stopping: Promise<void> | null = null;
  return { url, mode, client: createControlClient(url, { token: options.adminToken }), stop: () => (stopping ??= stop()) };
}

async function startInProcess(options: StartOptions): Promise<Understudy> {
  const [{ loadConfig }, { startServer }] = await Promise.all([import('../core/config.ts'), import('../server.ts')]);
  const env = { ...process.env, ...serverEnv(options) };
  const config = loadConfig({ port: 0, host: '127.0.0.1', db: options.databaseUrl ? undefined : (options.db ?? ':memory:') }, env);
  const server = await startServer(config);
  return finish(server.url, 'in-process', options, () => server.stop());
}

function startChild(options: StartOptions): Promise<Understudy> {
  const args = [binPath(), 'serve', '--port', '0', '--host', '127.0.0.1'];
  if (!options.databaseUrl) args.push('--db', options.db ?? ':memory:');
  const child = spawn(process.execPath, args, { env: { ...process.env, ...serverEnv(options) }, stdio: ['ignore', 'pipe', 'pipe'] });
  // A test run that ends without stop() must not leave the server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => process.off('exit', killOnExit));
  const timeoutMs = options.startTimeoutMs ?? 20_000;

  let out = '';
  let err = '';
  let ready = false;
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-8192)));
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`understudy serve ${why}${err.trim() ? `:\n${err.trim()}` : ''}`));
    };
    const timer = setTimeout(() => fail(`printed no ready line within ${timeoutMs} ms`), timeoutMs);
    const onError = (e: Error) => fail(`could not be started (${e.message})`);
    const onEarlyExit = (code: number | null, signal: string | null) => fail(`exited before it was ready (${signal ?? `code ${code}`})`);
    child.once('error', onError);
    child.once('exit', onEarlyExit);
    // Read to the end (the server logs to stdout; a full pipe would block it).
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      if (ready) return;
      out += d;
      const line = /listening on (http:\/\/\S+)/.exec(out);
      if (!line) return;
      ready = true;
      clearTimeout(timer);
      child.off('exit', onEarlyExit);
      child.off('error', onError);
      resolve(finish(line[1], 'process', options, () => stopChild(child, exited)));
    });
  });
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killer);
}

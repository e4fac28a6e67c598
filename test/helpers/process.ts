import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeAll } from 'vitest';
import { TEST_DATABASE_URL } from './app.ts';

const ROOT = new URL('../..', import.meta.url).pathname;

/** Builds dist/ as `npm ci` does, so process tests run the artifact users run. */
export function buildBundle(): void {
  const res = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`build failed: ${res.stderr}`);
}

/** A database nobody else uses: a new PostgreSQL database under test, else a new SQLite file. */
export async function freshDatabase(): Promise<{ env: Record<string, string>; args: string[] }> {
  if (TEST_DATABASE_URL) {
    const name = `understudy_cli_${randomBytes(5).toString('hex')}`;
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    await client.query(`create database ${name}`);
    await client.end();
    const url = new URL(TEST_DATABASE_URL);
    url.pathname = `/${name}`;
    return { env: { DATABASE_URL: url.toString() }, args: [] };
  }
  const dir = mkdtempSync(join(tmpdir(), 'understudy-cli-'));
  return { env: {}, args: ['--db', join(dir, 'understudy.db')] };
}

export interface ServerProcess {
  proc: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `understudy serve` and waits for the ready line (or the process's end). */
export function startProcess(args: string[], env: Record<string, string> = {}, timeoutMs = 20_000): Promise<ServerProcess> {
  const proc = spawn(process.execPath, ['bin/understudy.js', 'serve', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', UNDERSTUDY_DATABASE_URL: '', UNDERSTUDY_DB: '', PORT: '', HOST: '', UNDERSTUDY_ADMIN_TOKEN: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line within ${timeoutMs} ms: ${out} ${err}`)), timeoutMs);
    const check = () => {
      const m = out.match(/listening on (https?:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: m[1], stdout: () => out, stderr: () => err, exited });
      }
    };
    proc.stdout!.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      resolve({ proc, url: '', stdout: () => out, stderr: () => err, exited });
    });
  });
}

/**
 * For a describe block that starts `understudy serve` processes: the bundle is built once, every
 * process started is killed after its test, and `start` waits for the ready line (or the end).
 */
export function useServeProcesses(): (args: string[], env?: Record<string, string>) => Promise<ServerProcess> {
  const running: ServerProcess[] = [];
  beforeAll(() => buildBundle(), 60_000);
  afterEach(() => {
    for (const p of running.splice(0)) if (p.proc.exitCode === null) p.proc.kill('SIGKILL');
  });
  return async (args, env = {}) => {
    const p = await startProcess(args, env);
    running.push(p);
    return p;
  };
}

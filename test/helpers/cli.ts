import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll } from 'vitest';
import { buildBundle, freshDatabase, startProcess, type ServerProcess } from './process.ts';

const ROOT = new URL('../..', import.meta.url).pathname;

/** The environment a CLI process starts with: none of the caller's Understudy settings. */
const CLEAN = { UNDERSTUDY_URL: '', UNDERSTUDY_ADMIN_TOKEN: '', DATABASE_URL: '', UNDERSTUDY_DATABASE_URL: '', UNDERSTUDY_DB: '', PORT: '', HOST: '' };

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A running `node bin/understudy.js …`, its output so far, and its end. */
export interface CliProcess {
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<CliRun>;
}

export function spawnCli(args: string[], opts: { env?: Record<string, string>; input?: string } = {}): CliProcess {
  const proc = spawn(process.execPath, ['bin/understudy.js', ...args], { cwd: ROOT, env: { ...process.env, ...CLEAN, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (err += d));
  proc.stdin!.end(opts.input ?? '');
  const exited = new Promise<CliRun>((resolve) => proc.on('close', (code) => resolve({ code, stdout: out, stderr: err })));
  return { proc, stdout: () => out, stderr: () => err, exited };
}

/** Runs the CLI to its end. */
export function cli(args: string[], opts: { env?: Record<string, string>; input?: string } = {}): Promise<CliRun> {
  return spawnCli(args, opts).exited;
}

/** Waits until `check` holds (polling), or fails naming `what`. */
export async function eventually<T>(what: string, check: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * One `understudy serve` for a whole test file (on a fresh database of the engine under test),
 * and `run`: the CLI against it (`--url` given), parsing stdout as JSON when asked.
 */
let built = false;

export function useCliServer(env: Record<string, string> = {}, args: string[] = []) {
  const state = { server: undefined as ServerProcess | undefined };
  beforeAll(async () => {
    if (!built) buildBundle();
    built = true;
    const db = await freshDatabase();
    state.server = await startProcess(['--port', '0', ...db.args, ...args], { ...db.env, ...env });
    if (!state.server.url) throw new Error(`the server did not start: ${state.server.stderr()}`);
  }, 60_000);
  afterAll(async () => {
    if (state.server && state.server.proc.exitCode === null) {
      state.server.proc.kill('SIGTERM');
      await state.server.exited;
    }
  });
  const url = () => state.server!.url;
  return {
    url,
    server: () => state.server!,
    run: (cmd: string[], opts: { env?: Record<string, string>; input?: string } = {}) => cli(['--url', url(), ...cmd], opts),
    /** `--json` output parsed; fails with stderr when the command did not exit 0. */
    json: async (cmd: string[], opts: { env?: Record<string, string>; input?: string } = {}) => {
      const r = await cli(['--url', url(), '--json', ...cmd], opts);
      if (r.code !== 0) throw new Error(`understudy ${cmd.join(' ')} exited ${r.code}: ${r.stderr}`);
      return JSON.parse(r.stdout);
    },
    /** A control call straight to the server (to set up or check what a command did). */
    control: async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${url()}/_understudy${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
  };
}

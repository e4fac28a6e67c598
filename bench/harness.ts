import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export const ROOT = new URL('..', import.meta.url).pathname;

export interface Started {
  proc: ChildProcess;
  url: string;
  readyMs: number;
}

/** Spawns a server process and resolves with its URL once it prints its ready line. */
export function spawnServer(command: string, args: string[], env: Record<string, string> = {}): Promise<Started> {
  const t0 = performance.now();
  const proc = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    proc.stderr!.on('data', (d) => (err += d));
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (m) resolve({ proc, url: m[1], readyMs: performance.now() - t0 });
    });
    proc.on('exit', (code) => reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${err}`)));
  });
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+)/)![1]) / 1024;
}

export interface Load {
  name: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH';
  path: string;
  headers?: Record<string, string>;
  body?: () => string;
  /** After the run: a line saying what the load did to the data (e.g. uses recorded). */
  verify?: () => Promise<string>;
}

export interface LoadResult {
  name: string;
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

export async function load(baseUrl: string, l: Load, durationS: number, connections: number): Promise<LoadResult> {
  const result = await autocannon({
    url: baseUrl,
    connections,
    duration: durationS,
    requests: [
      {
        method: l.method ?? 'GET',
        path: l.path,
        headers: { ...(l.body ? { 'content-type': 'application/json' } : {}), ...(l.headers ?? {}) },
        ...(l.body ? { setupRequest: (req: autocannon.Request) => ({ ...req, body: l.body!() }) } : {}),
      },
    ],
  });
  return {
    name: l.name,
    requestsPerSec: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

export async function json(url: string, init?: RequestInit): Promise<any> {
  const res = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...(init?.headers ?? {}) } });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${init?.method ?? 'GET'} ${url}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

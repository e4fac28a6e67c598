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
  /** What the load is and what it runs over (the seed), for the report. */
  about: string;
  /**
   * Which of issue 13's targets applies (ratio to the same-bytes baseline on SQLite): a single
   * object read 0.6, a list page 0.5, a write 0.3; a small page (`fields=id`, `?from=`): not
   * slower than the full page of its dialect.
   */
  target?: 'read' | 'list' | 'write' | 'small';
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH';
  path: string;
  headers?: Record<string, string>;
  /** Each call: the body of a new request (a write's unique ids, sale numbers, references). */
  body?: () => string;
  /** Before each run against Understudy (warm-up and measured run): reads the state `verify` compares with. */
  before?: () => Promise<void>;
  /** After that run: whether the data holds what the requests Understudy acknowledged say it must. */
  verify?: (sent: Sent) => Promise<Verified>;
}

/** A write load is one that sends bodies and checks them after its run. */
export const isWrite = (l: Load) => Boolean(l.body && l.verify);

export interface Answer {
  /** The request body sent. */
  sent: string;
  status: number;
  /** The answer's body (the ids the server gave, what it says it stored). */
  body: string;
}

/** The requests of one run of a write load against Understudy (warm-up included), by outcome. */
export interface Sent {
  /** Answered 2xx, in the order the answers came. */
  acked: Answer[];
  /** Answered, but not 2xx. */
  refused: Answer[];
  /** Sent with no answer when autocannon stopped (in flight, or timed out): each may or may not have been stored. */
  unanswered: string[];
  /** Connections in all (over every node): at most this many requests are in flight at once. */
  connections: number;
}

export interface Verified {
  ok: boolean;
  line: string;
}

export const newSent = (connections: number): Sent => ({ acked: [], refused: [], unanswered: [], connections });

/** What a Sent holds, for a verify line. */
export const sentSummary = (s: Sent) =>
  `${s.acked.length} acknowledged (2xx)${s.refused.length ? `, ${s.refused.length} refused` : ''}, ${s.unanswered.length} unanswered when the run stopped`;

/**
 * A count of new records after a write run: at least one per acknowledged request, at most one
 * more per unanswered one (those may or may not have landed), and nothing refused.
 */
export function countCheck(what: string, recorded: number, s: Sent, extra: Array<[boolean, string]> = []): Verified {
  const lo = s.acked.length;
  const hi = lo + s.unanswered.length;
  const held = extra.filter(([ok]) => ok).map(([, d]) => d);
  const failed = extra.filter(([ok]) => !ok).map(([, d]) => `not so: ${d}`);
  if (s.refused.length) failed.push(`${s.refused.length} refused (first: ${s.refused[0].status} ${s.refused[0].body.slice(0, 200)})`);
  if (recorded < lo || recorded > hi) failed.push(`${recorded} is not in ${lo}–${hi}`);
  const expected = hi > lo ? `${lo}–${hi}` : `${lo}`;
  return { ok: failed.length === 0, line: `${recorded} ${what}, expected ${expected} (${sentSummary(s)})${held.length ? `; ${held.join('; ')}` : ''}${failed.length ? ` — FAILED: ${failed.join('; ')}` : ''}` };
}

export interface LoadResult {
  name: string;
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

/**
 * Runs one load for `durationS`. With `sent`, every request's body is tracked until its answer:
 * 2xx answers go to `sent.acked`, others to `sent.refused`, and what had no answer when the run
 * stopped to `sent.unanswered` (one Sent may gather several runs, e.g. the two nodes').
 */
export async function load(baseUrl: string, l: Load, durationS: number, connections: number, sent?: Sent): Promise<LoadResult> {
  type Context = { body?: string };
  const pending = new Set<Context>();
  const result = await autocannon({
    url: baseUrl,
    connections,
    duration: durationS,
    requests: [
      {
        method: l.method ?? 'GET',
        path: l.path,
        headers: { ...(l.body ? { 'content-type': 'application/json' } : {}), ...(l.headers ?? {}) },
        ...(l.body
          ? {
              setupRequest: (req: autocannon.Request, context: object) => {
                const body = l.body!();
                if (sent) {
                  (context as Context).body = body;
                  pending.add(context as Context);
                }
                return { ...req, body };
              },
            }
          : {}),
        ...(sent
          ? {
              onResponse: (status: number, body: string, context: object) => {
                const c = context as Context;
                if (c.body === undefined || !pending.delete(c)) return;
                const answer = { sent: c.body, status, body };
                (status >= 200 && status < 300 ? sent.acked : sent.refused).push(answer);
              },
            }
          : {}),
      },
    ],
  });
  if (sent) for (const c of pending) sent.unanswered.push(c.body!);
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

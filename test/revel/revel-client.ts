import type { InjectOptions } from 'fastify';
import type { TestApp } from '../helpers/app.ts';
import samplesJson from './document-samples.json' with { type: 'json' };

/** The sample requests and responses of revel-2.79-changelog.txt, copied verbatim (trailing commas removed). */
export const SAMPLES = samplesJson as Record<string, any>;

export interface RevelClient {
  sandboxId: string;
  apiKey: string;
  apiSecret: string;
  /** `API-AUTHENTICATION: key:secret` (FIDELITY.md). */
  headers: Record<string, string>;
  get(path: string): ReturnType<TestApp['call']>;
  post(path: string, body?: unknown): ReturnType<TestApp['call']>;
  put(path: string, body?: unknown): ReturnType<TestApp['call']>;
  patch(path: string, body?: unknown): ReturnType<TestApp['call']>;
  del(path: string): ReturnType<TestApp['call']>;
  send(opts: InjectOptions): ReturnType<TestApp['call']>;
  /** Moves the sandbox clock (PUT /_understudy/sandboxes/{id}/clock). */
  advance(seconds: number): Promise<void>;
}

/** A new sandbox (demo fixtures unless told otherwise) and a client for its Revel API under /revel. */
export async function revelClient(t: TestApp, fixtures: 'demo' | 'empty' = 'demo'): Promise<RevelClient> {
  const sb = await t.sandbox(fixtures);
  const { apiKey, apiSecret } = sb.credentials.revel;
  const headers = { 'api-authentication': `${apiKey}:${apiSecret}` };
  const send = (opts: InjectOptions) => t.call({ ...opts, headers: { ...headers, ...(opts.headers ?? {}) } });
  const withBody = (method: 'POST' | 'PUT' | 'PATCH') => (path: string, body?: unknown) =>
    send({ method, url: `/revel${path}`, ...(body === undefined ? {} : { payload: body as InjectOptions['payload'] }) });
  return {
    sandboxId: sb.id,
    apiKey,
    apiSecret,
    headers,
    get: (path) => send({ method: 'GET', url: `/revel${path}` }),
    post: withBody('POST'),
    put: withBody('PUT'),
    patch: withBody('PATCH'),
    del: (path) => send({ method: 'DELETE', url: `/revel${path}` }),
    send,
    async advance(seconds) {
      const res = await t.call({ method: 'PUT', url: `/_understudy/sandboxes/${sb.id}/clock`, payload: { advanceSeconds: seconds } });
      if (res.status !== 200) throw new Error(`clock: ${res.status} ${res.text}`);
    },
  };
}

/** The fields of a value and their JSON types, recursively: what "same fields and types" compares. */
export function shapeOf(value: unknown): unknown {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.map(shapeOf);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, shapeOf(v)]));
  return typeof value;
}

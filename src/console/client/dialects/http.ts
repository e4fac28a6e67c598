/**
 * What the data views share (browser code: no Node imports): the vendor URL of a read, shown with
 * placeholders where a credential travels in it, one JSON GET through `ctx.fetch`, and cells.
 */
import type { DataContext, DialectName } from '../dialects.ts';

/** The dialect's base URL below the origin (CONTRACT.md). */
export const BASE_PATHS: Record<DialectName, string> = {
  revel: '/revel/',
  intouch: '/intouch/api/v1/',
  touchoffice: '/touchoffice/',
  comeback: '/comeback/v1/',
  reversio: '/reversio/api/v1/',
};

/** A URL to read: the real one, and the one shown (credentials as `<placeholders>`). */
export interface Endpoint {
  url: string;
  shown: string;
}

export type QueryValue = string | number | undefined;

/** The origin without a trailing slash. */
export const originOf = (origin: string) => origin.replace(/\/+$/, '');

/**
 * `origin + base path + path`, with `secret` query parameters first (e.g. `TAK`, as the vendor
 * documents print them) shown as their placeholders, then `query`.
 */
export function endpoint(
  origin: string,
  dialect: DialectName,
  path: string,
  query: Record<string, QueryValue> = {},
  secret: Record<string, [value: string, placeholder: string]> = {},
): Endpoint {
  const base = `${originOf(origin)}${BASE_PATHS[dialect]}${path.replace(/^\/+/, '')}`;
  const real: string[] = [];
  const shown: string[] = [];
  for (const [name, [value, placeholder]] of Object.entries(secret)) {
    real.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
    shown.push(`${encodeURIComponent(name)}=${placeholder}`);
  }
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const pair = `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`;
    real.push(pair);
    shown.push(pair);
  }
  const q = (parts: string[]) => (parts.length ? `?${parts.join('&')}` : '');
  return { url: base + q(real), shown: base + q(shown) };
}

/** A control API URL (no credentials of a dialect in it). */
export function controlEndpoint(origin: string, path: string): Endpoint {
  const url = `${originOf(origin)}/_understudy/${path.replace(/^\/+/, '')}`;
  return { url, shown: url };
}

/** A read the vendor refused or answered with something else than JSON. */
export class VendorError extends Error {
  constructor(
    /** The URL as shown (placeholders, never a credential). */
    readonly url: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`GET ${url}: ${status}${body ? ` ${body.slice(0, 300)}` : ''}`);
    this.name = 'VendorError';
  }
}

/**
 * One GET (a view only reads) with `headers`, recorded in `requests` (as shown); the JSON body,
 * or a VendorError. `accept` lists the statuses other than 2xx that are answers, not failures.
 */
export async function getJson(
  ctx: Pick<DataContext, 'fetch'>,
  at: Endpoint,
  headers: Record<string, string>,
  requests: string[],
  accept: number[] = [],
): Promise<{ status: number; body: unknown }> {
  if (!requests.includes(at.shown)) requests.push(at.shown);
  // Called unbound: a browser's `window.fetch` refuses another `this` ("Illegal invocation").
  const doFetch = ctx.fetch;
  const res = await doFetch(at.url, { method: 'GET', headers: { accept: 'application/json', ...headers } });
  const text = await res.text();
  if (!res.ok && !accept.includes(res.status)) throw new VendorError(at.shown, res.status, text);
  try {
    return { status: res.status, body: JSON.parse(text) as unknown };
  } catch {
    throw new VendorError(at.shown, res.status, `not JSON: ${text.slice(0, 100)}`);
  }
}

/** A value as the text of one cell: null is empty, objects are their JSON. */
export function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/** The cells of one record, by field name. */
export const cells = (record: Record<string, unknown>, fields: string[]) => fields.map((f) => cell(record[f]));

/** An object, or an empty one: vendor answers are read defensively. */
export const objectOf = (value: unknown): Record<string, unknown> => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
export const arrayOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const recordsOf = (value: unknown): Array<Record<string, unknown>> => arrayOf(value).map(objectOf);

/** The page and page size of a context, checked: page 0-based, size at least 1. */
export function paging(ctx: Pick<DataContext, 'page' | 'pageSize'>): { page: number; pageSize: number; offset: number } {
  const { page, pageSize } = ctx;
  if (!Number.isInteger(page) || page < 0) throw new RangeError(`page must be a whole number from 0 (got ${page})`);
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be a whole number from 1 (got ${pageSize})`);
  return { page, pageSize, offset: page * pageSize };
}

/** One page of a list the vendor gives whole (no paging of its own). */
export function slicePage<T>(all: T[], ctx: Pick<DataContext, 'page' | 'pageSize'>): { items: T[]; hasMore: boolean; total: number } {
  const { offset, pageSize } = paging(ctx);
  return { items: all.slice(offset, offset + pageSize), hasMore: offset + pageSize < all.length, total: all.length };
}

/** The values of a free-text input: separated by spaces, commas or new lines, each once, in order. */
export function listInput(text: string | undefined): string[] {
  const seen = new Set<string>();
  for (const part of (text ?? '').split(/[\s,]+/)) if (part) seen.add(part);
  return [...seen];
}

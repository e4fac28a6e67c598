import type { Namespace } from './types.ts';

/** A resource URI as Revel writes it in bodies: `/resources/Product/919/` (never prefixed, CONTRACT.md). */
export function resourceUri(namespace: Namespace, name: string, id: number | string): string {
  return `/${namespace}/${name}/${id}/`;
}

export function listUri(namespace: Namespace, name: string): string {
  return `/${namespace}/${name}/`;
}

export interface ParsedUri {
  namespace: string;
  name: string;
  id: number;
}

const URI = /^\/+([A-Za-z_]+)\/+([A-Za-z_]+)\/+(\d{1,15})\/*$/;

/**
 * Reads a resource URI the way Tastypie resolves one: a path (`/resources/Product/919/`) or a
 * full URL, trailing slash optional. Null when it is not the URI of an object.
 */
export function parseUri(value: string): ParsedUri | null {
  let path = value.trim();
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(path);
  if (scheme) path = path.slice(scheme[0].length);
  const q = path.search(/[?#]/);
  if (q !== -1) path = path.slice(0, q);
  const m = URI.exec(path);
  if (!m) return null;
  const id = Number(m[3]);
  return Number.isSafeInteger(id) ? { namespace: m[1], name: m[2], id } : null;
}

/**
 * Python's `urllib.parse.urlencode` (quote_plus) of one value, as Tastypie's paginator
 * writes the other query parameters into `meta.next`/`meta.previous`.
 */
export function quotePlus(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

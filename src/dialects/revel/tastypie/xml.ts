import { xmlChars } from '../../../core/xml.ts';
import { BUNDLES } from './dehydrate.ts';
import { PyFloat } from './values.ts';

/**
 * Tastypie's XML serializer (`format=xml`, FIDELITY.md): `<response>` around a list,
 * `<object>` for a resource object, `type` attributes for everything but strings, Python's
 * spelling of booleans, and the children of every element sorted by tag, as Tastypie sorts them.
 */
export function toTastypieXml(body: unknown): string {
  return `<?xml version='1.0' encoding='utf-8'?>\n${element(body, null, 0)}`;
}

function escape(text: string): string {
  return xmlChars(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** XML names cannot hold every JSON key; such characters become `_`. */
function tagName(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9_.-]/gu, '_');
  return /^[A-Za-z_]/.test(safe) ? safe : `_${safe}`;
}

function open(tag: string, type: string | null, children: string[] | null, text?: string): string {
  const attr = type ? ` type="${type}"` : '';
  if (children) return children.length ? `<${tag}${attr}>${children.join('')}</${tag}>` : `<${tag}${attr}/>`;
  return text === undefined || text === '' ? `<${tag}${attr}/>` : `<${tag}${attr}>${escape(text)}</${tag}>`;
}

function sortedChildren(entries: Array<[string, unknown]>, depth: number): string[] {
  return entries
    .map(([k, v]) => ({ tag: tagName(k), xml: element(v, k, depth + 1) }))
    .sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0))
    .map((c) => c.xml);
}

function element(data: unknown, name: string | null, depth: number): string {
  if (Array.isArray(data)) {
    const tag = name ? tagName(name) : 'objects';
    return open(tag, name ? 'list' : null, data.map((item) => element(item, null, depth + 1)));
  }
  if (data instanceof PyFloat) return open(name ? tagName(name) : 'value', 'float', null, data.text());
  if (data !== null && typeof data === 'object') {
    const entries = Object.entries(data as Record<string, unknown>);
    if (BUNDLES.has(data)) return open(name ? tagName(name) : 'object', null, sortedChildren(entries, depth));
    if (depth === 0) return open(name ? tagName(name) : 'response', null, sortedChildren(entries, depth));
    return open(name ? tagName(name) : 'object', 'hash', sortedChildren(entries, depth));
  }
  const tag = name ? tagName(name) : 'value';
  if (data === null || data === undefined) return open(tag, 'null', null);
  if (typeof data === 'boolean') return open(tag, 'boolean', null, data ? 'True' : 'False');
  if (typeof data === 'number') return open(tag, Number.isInteger(data) ? 'integer' : 'float', null, String(data));
  return open(tag, null, null, String(data));
}

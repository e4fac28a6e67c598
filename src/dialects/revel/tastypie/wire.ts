import { BUNDLES, isFull, renderPlain, shownFields } from './dehydrate.ts';
import type { Registry } from './registry.ts';
import type { QueryParams, ResourceDef, Stored } from './types.ts';
import { stringifyRevel } from './values.ts';

/**
 * The JSON wire form of objects whose representation is their stored row alone (no relation
 * shown in full, no reverse field): rendered once per distinct row and kept with the row's text
 * it was rendered from (by resource, fields shown and id), so a page of them is the rows joined.
 * A form is used only while the row's text is the same (compared whole): nothing needs to be
 * invalidated, on either engine or any node. Bounded in bytes; the oldest forms go first.
 */
const MAX_BYTES = 24 * 1024 * 1024;
interface Kept {
  data: string;
  /** UTF-8, as sent: a page is its forms copied, not encoded again at every answer. */
  form: Buffer;
}
const forms = new Map<string, Kept>();
let bytes = 0;

/** A stored row as the object store reads it: its id and its JSON text. */
export interface RawRow {
  id: number | string;
  data: string;
}

/**
 * The fields a representation shows, when every one of them is rendered from the row alone for
 * this query; null when one needs other rows (a relation in full, the children of a reverse field).
 */
export function plainFields(def: ResourceDef, query: QueryParams, only: ReadonlySet<string> | null): ReturnType<typeof shownFields> | null {
  const fields = shownFields(def, undefined, only);
  for (const [, f] of fields) {
    if (f.type === 'reverse') return null;
    if ((f.type === 'to_one' || f.type === 'to_many') && isFull(f.full, query)) return null;
  }
  return fields;
}

const sizeOf = (key: string, kept: Kept) => key.length + kept.data.length + kept.form.byteLength;

function keep(key: string, kept: Kept): void {
  const old = forms.get(key);
  if (old) {
    bytes -= sizeOf(key, old);
    forms.delete(key);
  }
  forms.set(key, kept);
  bytes += sizeOf(key, kept);
  if (bytes <= MAX_BYTES) return;
  for (const [k, v] of forms) {
    forms.delete(k);
    bytes -= sizeOf(k, v);
    if (bytes <= MAX_BYTES / 2) break;
  }
}

/** One object's JSON (UTF-8), as `stringifyRevel` writes its representation. */
export function objectJson(sandboxId: string, registry: Registry, def: ResourceDef, fields: NonNullable<ReturnType<typeof plainFields>>, fieldsKey: string, row: RawRow): Buffer {
  const key = `${sandboxId}\u0001${def.namespace}/${def.name}\u0001${fieldsKey}\u0001${row.id}`;
  const known = forms.get(key);
  if (known !== undefined && known.data === row.data) return known.form;
  const obj = JSON.parse(row.data) as Stored;
  obj.id = Number(row.id);
  const rep = renderPlain(registry, def, fields, obj);
  BUNDLES.add(rep);
  const form = Buffer.from(stringifyRevel(rep));
  keep(key, { data: row.data, form });
  return form;
}

/** The key of a set of shown fields (`only`), as part of a wire form's key. */
export const fieldsKeyOf = (only: ReadonlySet<string> | null) => (only ? [...only].sort().join(',') : '*');

const COMMA = Buffer.from(',');

/** A list answer: the envelope's head, the objects' forms separated by commas, its tail. */
export function joinForms(head: string, forms: Buffer[], tail: string): Buffer {
  const parts: Buffer[] = [Buffer.from(head)];
  forms.forEach((f, i) => parts.push(...(i ? [COMMA, f] : [f])));
  parts.push(Buffer.from(tail));
  return Buffer.concat(parts);
}

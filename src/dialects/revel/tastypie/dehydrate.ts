import type { Db, Tx } from '../../../core/db/engine.ts';
import { getChildren, getObjects, parentKey } from './object-store.ts';
import { staticDefault, type Registry } from './registry.ts';
import type { Embed, FieldDef, Full, QueryParams, ResourceDef, Stored } from './types.ts';
import { resourceUri } from './uri.ts';
import { PyFloat } from './values.ts';

/** What a representation is built for: the sandbox, and the query string of the request. */
export interface ReadContext {
  db: Db | Tx;
  sandboxId: string;
  registry: Registry;
  query: QueryParams;
}

/**
 * The representations that are Tastypie bundles (objects of a resource), as opposed to plain
 * JSON values: the XML serializer renders the first as `<object>` and the second as hashes.
 */
export const BUNDLES = new WeakSet<object>();

export function isFull(full: Full | undefined, query: QueryParams): boolean {
  if (typeof full === 'function') return full(query);
  return full === true;
}

/** A field's value when the stored object has none (an object older than the field). */
export function readDefault(f: FieldDef): unknown {
  return structuredClone(staticDefault(f));
}

export function shownFields(def: ResourceDef, embed: Embed | undefined, only: ReadonlySet<string> | null): Array<[string, FieldDef]> {
  // An embed that names its fields shows them in its own order (the CustomMenu's product group).
  const entries: Array<[string, FieldDef]> = embed?.only ? embed.only.filter((n) => def.fields[n]).map((n) => [n, def.fields[n]]) : Object.entries(def.fields);
  return entries.filter(([name, f]) => {
    if (f.hidden) return false;
    if (embed?.only && !embed.only.includes(name)) return false;
    if (embed?.omit?.includes(name)) return false;
    if (only && !only.has(name)) return false;
    return true;
  });
}

/**
 * Tastypie's dehydrate of a page of objects: relations rendered as URIs, or as objects
 * when full, loaded one query per relation (never one per object).
 */
export async function represent(
  ctx: ReadContext,
  def: ResourceDef,
  objs: Stored[],
  embed?: Embed,
  only: ReadonlySet<string> | null = null,
): Promise<Array<Record<string, unknown>>> {
  const fields = shownFields(def, embed, only);
  const related = new Map<string, Map<number, Record<string, unknown>>>();
  const children = new Map<string, Map<number, Array<Record<string, unknown>>>>();
  const stored = ctx.registry.storedName(def);

  for (const [name, f] of fields) {
    if (objs.length === 0) break;
    if ((f.type === 'to_one' || f.type === 'to_many') && isFull(f.full, ctx.query) && !embed?.flat?.includes(name)) {
      const target = ctx.registry.get(f.to);
      const ids: number[] = [];
      for (const o of objs) {
        const v = o[name];
        if (typeof v === 'number') ids.push(v);
        else if (Array.isArray(v)) for (const x of v) if (typeof x === 'number') ids.push(x);
      }
      const loaded = ids.length ? await getObjects(ctx.db, ctx.sandboxId, ctx.registry.storedName(target), ids) : new Map<number, Stored>();
      const list = [...loaded.values()];
      const reps = await represent(ctx, target, list, f.embed);
      related.set(name, new Map(list.map((o, i) => [o.id, reps[i]])));
    } else if (f.type === 'reverse') {
      const target = ctx.registry.get(f.to);
      const rows = await getChildren(ctx.db, ctx.sandboxId, ctx.registry.storedName(target), objs.map((o) => parentKey(stored, o.id)));
      const reps = await represent(ctx, target, rows.map((r) => r.obj), f.embed);
      const byParent = new Map<number, Array<Record<string, unknown>>>();
      rows.forEach((r, i) => {
        const id = Number(r.parent.slice(r.parent.lastIndexOf(':') + 1));
        const list = byParent.get(id) ?? [];
        list.push(reps[i]);
        byParent.set(id, list);
      });
      children.set(name, byParent);
    }
  }

  return objs.map((o) => {
    const out: Record<string, unknown> = {};
    for (const [name, f] of fields) out[name] = renderField(ctx.registry, def, name, f, o, related.get(name), children.get(name));
    BUNDLES.add(out);
    return out;
  });
}

/** One object rendered from its row alone (no relation in full, no reverse field: see wire.ts). */
export function renderPlain(registry: Registry, def: ResourceDef, fields: Array<[string, FieldDef]>, o: Stored): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, f] of fields) out[name] = renderField(registry, def, name, f, o, undefined, undefined);
  return out;
}

function renderField(
  registry: Registry,
  def: ResourceDef,
  name: string,
  f: FieldDef,
  o: Stored,
  related: Map<number, Record<string, unknown>> | undefined,
  children: Map<number, Array<Record<string, unknown>>> | undefined,
): unknown {
  switch (f.type) {
    case 'id':
      return o.id;
    case 'resource_uri':
      return resourceUri(def.namespace, def.name, o.id);
    case 'computed':
      return f.compute(o);
    case 'reverse': {
      const list = children?.get(o.id) ?? [];
      return f.many ? list : (list[0] ?? null);
    }
    default:
      break;
  }
  const v = name in o ? o[name] : readDefault(f);
  switch (f.type) {
    case 'float':
      return typeof v === 'number' ? new PyFloat(v) : null;
    case 'to_one': {
      if (typeof v !== 'number') return null;
      if (related) return related.get(v) ?? null;
      return resourceUri(registry.get(f.to).namespace, f.to, v);
    }
    case 'to_many': {
      const ids = Array.isArray(v) ? (v as unknown[]).filter((x): x is number => typeof x === 'number') : [];
      if (related) return ids.map((id) => related.get(id)).filter((x) => x !== undefined);
      const ns = registry.get(f.to).namespace;
      return ids.map((id) => resourceUri(ns, f.to, id));
    }
    default:
      return v === undefined ? null : v;
  }
}

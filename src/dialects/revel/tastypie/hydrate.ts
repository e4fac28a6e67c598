import type { Tx } from '../../../core/db/engine.ts';
import type { Random } from '../../../core/random.ts';
import { nextId } from '../../../core/db/sequences.ts';
import { badRequest, fieldErrors } from './errors.ts';
import { deleteChildren, deleteObject, existingIds, getChildren, getVersioned, insertObject, parentKey, updateObject } from './object-store.ts';
import { isStoredField, type Registry } from './registry.ts';
import type { FieldDef, HookContext, ResourceDef, Stored } from './types.ts';
import { parseUri, resourceUri } from './uri.ts';
import { naiveNow, toBoolean, toDate, toDateTime, toDecimal, toFloat, toInteger, toText, toTime, type Converted } from './values.ts';

/** A write in progress: its transaction, the sandbox and its clock. */
export interface WriteContext {
  tx: Tx;
  sandboxId: string;
  registry: Registry;
  nowMs: number;
  /** The sandbox's random source (uuids). */
  random: Random;
}

/** Another write changed the object between our read and our write: the transaction is run again. */
export class WriteConflict extends Error {}

export const sequenceOf = (resource: string) => `revel.${resource}`;

type Errors = Record<string, string[]>;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * How a related object given as a dictionary names an existing one: its `resource_uri`, else its
 * `id` (an integer or a digit string; as a number, so the caller builds the URI of its resource).
 */
function refOf(value: Record<string, unknown>): string | number | undefined {
  if (typeof value.resource_uri === 'string' && value.resource_uri !== '') return value.resource_uri;
  const id = value.id;
  if (id === undefined || id === null) return undefined;
  const c = toInteger(id);
  return c.ok ? (c.value as number) : String(id);
}

/** Whether an object was sent back as it is stored: every stored field equal, the server's own timestamps aside. */
function unchanged(def: ResourceDef, before: Stored, next: Stored): boolean {
  for (const [name, f] of Object.entries(def.fields)) {
    if (!isStoredField(f) || ('auto' in f && f.auto)) continue;
    if (JSON.stringify(before[name] ?? null) !== JSON.stringify(next[name] ?? null)) return false;
  }
  return true;
}

/** A resource whose objects only fixtures create (no POST on its list): never created through another. */
const creatable = (registry: Registry, def: ResourceDef) => def.routed === false || registry.listMethods(def).includes('POST');

/** A field's value when a POST does not send it. */
export function creationDefault(f: FieldDef): unknown {
  if ('default' in f && f.default !== undefined) return typeof f.default === 'function' ? (f.default as () => unknown)() : structuredClone(f.default);
  if (f.type === 'to_many') return [];
  return null;
}

function convertScalar(f: FieldDef, value: unknown): Converted {
  switch (f.type) {
    case 'integer':
      return toInteger(value);
    case 'float':
      return toFloat(value);
    case 'decimal':
      return toDecimal(value, f.places);
    case 'boolean':
      return toBoolean(value);
    case 'string':
      return toText(value, f.maxLength);
    case 'datetime':
      return toDateTime(value);
    case 'date':
      return toDate(value);
    case 'time':
      return toTime(value);
    case 'uri':
      return typeof value === 'string' && !value.includes('\u0000') ? { ok: true, value } : { ok: false, error: `'${String(value)}' is not a resource URI.` };
    case 'json':
      // No NUL anywhere (PostgreSQL text cannot hold it, Django refuses it).
      return JSON.stringify(value).includes('\\u0000') ? { ok: false, error: 'Null characters are not allowed.' } : { ok: true, value };
    default:
      return { ok: false, error: 'This field cannot be written.' };
  }
}

/** A pending check that a URI names an existing object of the right resource. */
interface Reference {
  field: string;
  uri: string;
  resource: string;
  id: number;
}

/**
 * Turns a body into stored values, field by field, as Tastypie's full_hydrate does: every
 * error of every field is collected and answered at once in Revel's per-field shape.
 */
class Hydration {
  readonly errors: Errors = {};
  readonly references: Reference[] = [];
  /** Full to-one values given as objects: created or updated once the scalars are known. */
  readonly nested: Array<{ field: string; value: Record<string, unknown> }> = [];
  /** Reverse (child) values: written once the object has its id. */
  readonly children: Array<{ field: string; value: unknown }> = [];

  constructor(
    private readonly ctx: WriteContext,
    private readonly def: ResourceDef,
  ) {}

  fail(field: string, message: string): void {
    (this.errors[field] ??= []).push(message);
  }

  /** Reads one field of the body into `obj` (or records why it cannot). */
  take(obj: Stored, name: string, f: FieldDef, value: unknown): void {
    if (f.type === 'reverse') {
      this.children.push({ field: name, value });
      return;
    }
    if (value === null) {
      if (f.null || f.type === 'json') obj[name] = null;
      else this.fail(name, 'This field cannot be null.');
      return;
    }
    if (f.type === 'to_one') {
      if (isPlainObject(value)) {
        this.nested.push({ field: name, value });
        return;
      }
      const id = this.reference(name, f.to, value);
      if (id !== undefined) obj[name] = id;
      return;
    }
    if (f.type === 'to_many') {
      if (!Array.isArray(value)) {
        this.fail(name, `The '${name}' field must be a list of resource URIs.`);
        return;
      }
      const ids: number[] = [];
      for (const item of value) {
        // Tastypie's build_related_resource: a URI, an object with `resource_uri`, or one with the
        // related `id` (an object as a full representation shows it: its other fields are not
        // saved, as Tastypie saves only related objects it creates).
        const ref = isPlainObject(item) ? refOf(item) : item;
        if (isPlainObject(item) && ref === undefined) {
          this.fail(name, `An object in '${name}' needs the 'resource_uri' or the 'id' of an existing ${f.to}: related objects are not created through a ${this.def.name}.`);
          continue;
        }
        const id = this.reference(name, f.to, ref);
        if (id !== undefined) ids.push(id);
      }
      obj[name] = ids;
      return;
    }
    const c = convertScalar(f, value);
    if (c.ok) obj[name] = c.value;
    else this.fail(name, c.error);
  }

  private reference(field: string, resource: string, value: unknown): number | undefined {
    const target = this.ctx.registry.get(resource);
    if (typeof value === 'number') value = resourceUri(target.namespace, resource, value);
    const parsed = typeof value === 'string' ? parseUri(value) : null;
    if (!parsed || parsed.name !== resource || parsed.namespace !== target.namespace) {
      this.fail(field, `An incorrect URL was provided '${typeof value === 'string' ? value : JSON.stringify(value)}' for the '${resource}' resource.`);
      return undefined;
    }
    this.references.push({ field, uri: value as string, resource: this.ctx.registry.storedName(target), id: parsed.id });
    return parsed.id;
  }

  /** One query per related resource: every URI must name an object of this sandbox. */
  async checkReferences(): Promise<void> {
    const byResource = new Map<string, Reference[]>();
    for (const r of this.references) byResource.set(r.resource, [...(byResource.get(r.resource) ?? []), r]);
    for (const [resource, refs] of byResource) {
      const found = await existingIds(this.ctx.tx, this.ctx.sandboxId, resource, refs.map((r) => r.id));
      for (const r of refs) if (!found.has(r.id)) this.fail(r.field, `Could not find the provided object via resource URI '${r.uri}'`);
    }
  }

  throwIfFailed(): void {
    if (Object.keys(this.errors).length) throw fieldErrors(this.def.name, this.errors);
  }
}

function hookContext(ctx: WriteContext): HookContext {
  return {
    tx: ctx.tx,
    sandboxId: ctx.sandboxId,
    nowMs: ctx.nowMs,
    create: (resource, body, extra) => createObject(ctx, ctx.registry.get(resource), body, { nested: true, extra }),
    deleteChildren: async (resource, parentResource, parentId) => {
      await deleteCascade(ctx, ctx.registry.get(resource), await deleteChildren(ctx.tx, ctx.sandboxId, resource, parentKey(parentResource, parentId)));
    },
  };
}

function parentOf(ctx: WriteContext, def: ResourceDef, obj: Stored): string | null {
  const pf = ctx.registry.parentField(def);
  if (!pf) return null;
  const id = obj[pf[0]];
  return typeof id === 'number' ? parentKey(ctx.registry.storedName(ctx.registry.get(pf[1].to)), id) : null;
}

/**
 * POST: a new object from a representation. Top-level POSTs may not choose `id` or
 * `resource_uri` (FIDELITY.md); nested objects created through a relation are built the same way.
 */
export async function createObject(
  ctx: WriteContext,
  def: ResourceDef,
  body: Record<string, unknown>,
  opts: { nested?: boolean; extra?: Partial<Stored> } = {},
): Promise<Stored> {
  if (!opts.nested) {
    for (const key of ['id', 'resource_uri']) {
      if (key in body) throw badRequest(`The '${key}' field may not be sent when creating a ${def.name}: the server assigns it.`);
    }
  }
  const h = new Hydration(ctx, def);
  const obj: Stored = { id: 0 };
  const now = naiveNow(ctx.nowMs);
  for (const [name, f] of Object.entries(def.fields)) {
    if (!isStoredField(f) && f.type !== 'reverse') continue;
    if (f.type !== 'reverse' && 'auto' in f && f.auto) {
      if (f.auto === 'uuid') obj[name] = typeof body[name] === 'string' && body[name] ? body[name] : ctx.random.uuid();
      else obj[name] = now;
      continue;
    }
    if (opts.extra && name in opts.extra && name !== 'id') {
      obj[name] = opts.extra[name];
      continue;
    }
    if (!f.readonly && name in body) {
      h.take(obj, name, f, body[name]);
      continue;
    }
    if (f.type === 'reverse') continue;
    if ('defaultNow' in f && f.defaultNow) obj[name] = now;
    else if (f.required) h.fail(name, 'This field is required.');
    else obj[name] = creationDefault(f);
  }
  await h.checkReferences();
  h.throwIfFailed();
  for (const n of h.nested) obj[n.field] = (await writeNested(ctx, def, obj, n.field, n.value, undefined)).id;

  // A hook may give the id (an Inventory takes its Product's); otherwise the sandbox sequence does.
  obj.id = typeof opts.extra?.id === 'number' ? opts.extra.id : await nextId(ctx.tx, ctx.sandboxId, sequenceOf(ctx.registry.storedName(def)));
  await insertObject(ctx.tx, ctx.sandboxId, def.name, obj, parentOf(ctx, def, obj));
  await writeChildren(ctx, def, obj, h.children);
  await def.hooks?.afterCreate?.(hookContext(ctx), obj);
  return obj;
}

/**
 * PUT and PATCH: the fields the body carries replace the stored ones (Tastypie keeps a
 * field the body leaves out); `id` and `resource_uri` in the body are ignored (FIDELITY.md).
 */
export async function updateObjectFrom(ctx: WriteContext, def: ResourceDef, id: number, body: Record<string, unknown>): Promise<Stored | undefined> {
  const current = await getVersioned(ctx.tx, ctx.sandboxId, def.name, id, true);
  if (!current) return undefined;
  const before = current.obj;
  const next: Stored = current.copy();
  const h = new Hydration(ctx, def);
  for (const [name, f] of Object.entries(def.fields)) {
    if (!isStoredField(f) && f.type !== 'reverse') continue;
    if (f.type !== 'reverse' && 'auto' in f && f.auto) continue;
    if (f.readonly || !(name in body)) continue;
    h.take(next, name, f, body[name]);
  }
  await h.checkReferences();
  h.throwIfFailed();
  for (const n of h.nested) {
    const linked = typeof before[n.field] === 'number' ? (before[n.field] as number) : undefined;
    next[n.field] = (await writeNested(ctx, def, next, n.field, n.value, linked)).id;
  }
  // An object sent back as it was read is not written (its `updated_date` stays); its nested
  // rows may still change.
  if (!unchanged(def, before, next)) {
    for (const [name, f] of Object.entries(def.fields)) if ('auto' in f && f.auto === 'updated') next[name] = naiveNow(ctx.nowMs);
    await def.hooks?.beforeUpdate?.(hookContext(ctx), before, next);
    if (!(await updateObject(ctx.tx, ctx.sandboxId, def.name, next, parentOf(ctx, def, next), current.version))) throw new WriteConflict();
  }
  await writeChildren(ctx, def, next, h.children);
  return next;
}

/**
 * A related object given as a dictionary: with a `resource_uri`, that object is updated and
 * linked; without, the object linked now is updated in place, or a new one is created.
 */
async function writeNested(ctx: WriteContext, owner: ResourceDef, ownerObj: Stored, field: string, value: Record<string, unknown>, linked: number | undefined): Promise<Stored> {
  const f = owner.fields[field];
  if (f.type !== 'to_one' && f.type !== 'reverse') throw new Error(`nested write on ${owner.name}.${field}`);
  const target = ctx.registry.get(f.to);
  const ref = refOf(value);
  const uri = typeof ref === 'number' ? resourceUri(target.namespace, target.name, ref) : ref;
  let targetId = linked;
  if (uri !== undefined) {
    const parsed = parseUri(uri);
    if (!parsed || parsed.name !== target.name) throw fieldErrors(owner.name, { [field]: [`An incorrect URL was provided '${uri}' for the '${target.name}' resource.`] });
    targetId = parsed.id;
  }
  if (targetId !== undefined) {
    const updated = await updateObjectFrom(ctx, target, targetId, value);
    if (updated) return updated;
    if (uri !== undefined) throw fieldErrors(owner.name, { [field]: [`Could not find the provided object via resource URI '${uri}'`] });
  }
  if (!creatable(ctx.registry, target)) {
    throw fieldErrors(owner.name, { [field]: [`${target.name} objects are not created through a ${owner.name}: give the resource URI of an existing one.`] });
  }
  const defaults = owner.hooks?.nestedDefaults?.(field, ownerObj) ?? {};
  const { resource_uri: _ignored, id: _id, ...rest } = value;
  return createObject(ctx, target, { ...defaults, ...rest }, { nested: true });
}

/**
 * Reverse relations sent in a body (a Timetable's `timetable_data`, a ProductGroup's `actions`),
 * as Tastypie's related saves do: a URI, or a row with its `resource_uri` or `id`, is that row
 * (updated, and made a child of this object); a row without is created; the list replaces the
 * set, so the rows of this object that were not sent are deleted.
 */
async function writeChildren(ctx: WriteContext, def: ResourceDef, obj: Stored, children: Array<{ field: string; value: unknown }>): Promise<void> {
  for (const { field, value } of children) {
    const f = def.fields[field];
    if (f.type !== 'reverse') continue;
    const target = ctx.registry.get(f.to);
    const [parentName] = ctx.registry.parentField(target)!;
    const items = f.many ? value : value === null ? [] : [value];
    if (!Array.isArray(items)) throw fieldErrors(def.name, { [field]: [`The '${field}' field must be a list.`] });
    const link = { [parentName]: resourceUri(def.namespace, def.name, obj.id) };
    const kept = new Set<number>();
    for (const item of items) {
      if (typeof item !== 'string' && !isPlainObject(item)) throw fieldErrors(def.name, { [field]: [`The '${field}' field was given data that was not a URI or a dictionary.`] });
      const ref = typeof item === 'string' ? item : refOf(item);
      if (ref === undefined) {
        const { resource_uri: _ignored, id: _id, ...rest } = item as Record<string, unknown>;
        kept.add((await createObject(ctx, target, { ...rest, ...link }, { nested: true })).id);
        continue;
      }
      const parsed = typeof ref === 'number' ? { name: target.name, id: ref } : parseUri(ref);
      const shown = typeof ref === 'number' ? `id ${ref}` : `resource URI '${ref}'`;
      const updated = parsed && parsed.name === target.name ? await updateObjectFrom(ctx, target, parsed.id, typeof item === 'string' ? link : { ...item, ...link }) : undefined;
      if (!updated) throw fieldErrors(def.name, { [field]: [`Could not find the provided object via ${shown}`] });
      kept.add(updated.id);
    }
    const current = await getChildren(ctx.tx, ctx.sandboxId, ctx.registry.storedName(target), [parentKey(ctx.registry.storedName(def), obj.id)]);
    const gone: Stored[] = [];
    for (const { obj: child } of current) {
      if (kept.has(child.id)) continue;
      const deleted = await deleteObject(ctx.tx, ctx.sandboxId, ctx.registry.storedName(target), child.id);
      if (deleted) gone.push(deleted);
    }
    await deleteCascade(ctx, target, gone);
  }
}

/** DELETE: the object, then everything that belongs to it (Django's cascade). */
export async function deleteObjectById(ctx: WriteContext, def: ResourceDef, deleted: Stored): Promise<void> {
  await deleteCascade(ctx, def, [deleted]);
  await def.hooks?.afterDelete?.(hookContext(ctx), deleted);
}

async function deleteCascade(ctx: WriteContext, def: ResourceDef, parents: Stored[]): Promise<void> {
  if (parents.length === 0) return;
  for (const child of ctx.registry.all()) {
    if (child.source) continue;
    const pf = ctx.registry.parentField(child);
    if (!pf || pf[1].to !== def.name) continue;
    for (const p of parents) {
      const gone = await deleteChildren(ctx.tx, ctx.sandboxId, child.name, parentKey(def.name, p.id));
      await deleteCascade(ctx, child, gone);
    }
  }
}

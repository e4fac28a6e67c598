import { Type, type Static } from 'typebox';
import type { Tx } from '../../core/db/engine.ts';
import { raiseSequence } from '../../core/db/sequences.ts';
import { FixtureError, type Seeding } from '../../core/dialect.ts';
import type { SandboxScope } from '../../core/scope.ts';
import { CODE_SEQUENCE, insertCodes } from './discount-codes/store.ts';
import { DEMO_OBJECTS, DEMO_CODES } from './demo-data.ts';
import { registry } from './resources/index.ts';
import { RevelError } from './tastypie/errors.ts';
import { createObject, creationDefault, sequenceOf, updateObjectFrom, type WriteContext } from './tastypie/hydrate.ts';
import { isStoredField } from './tastypie/registry.ts';
import { getObject, getVersioned, insertObjects, parentKey, updateObject } from './tastypie/object-store.ts';
import type { ResourceDef, Stored } from './tastypie/types.ts';
import { parseUri } from './tastypie/uri.ts';

/**
 * A stored object from a representation as the document prints it: relation URIs become
 * ids; nested, computed and URI fields are not stored.
 */
export function storedFrom(def: ResourceDef, rep: Record<string, unknown>): Stored {
  const out: Stored = { id: rep.id as number };
  for (const [name, f] of Object.entries(def.fields)) {
    if (!(name in rep)) {
      // Every stored field is present, as on an object made through the API (SQL filters read them).
      if (isStoredField(f)) out[name] = 'auto' in f && f.auto ? null : creationDefault(f);
      continue;
    }
    const v = rep[name];
    switch (f.type) {
      case 'id':
      case 'resource_uri':
      case 'computed':
      case 'reverse':
        break;
      case 'to_one':
        out[name] = typeof v === 'string' ? parseUri(v)!.id : typeof v === 'number' ? v : null;
        break;
      case 'to_many':
        out[name] = (v as string[]).map((u) => parseUri(u)!.id);
        break;
      default:
        out[name] = v;
    }
  }
  return out;
}

function parentOf(def: ResourceDef, obj: Stored): string | null {
  const pf = registry.parentField(def);
  if (!pf) return null;
  const id = obj[pf[0]];
  return typeof id === 'number' ? parentKey(pf[1].to, id) : null;
}

/** The `demo` fixtures: every object of the document's samples, plus the EMS layout of issue 3 (README). */
export async function seed(s: SandboxScope, tx: Tx, seeding: Seeding<unknown>): Promise<void> {
  if (seeding.kind !== 'demo') return;
  const ctx = { sandboxId: s.sandboxId };
  for (const [resource, reps] of Object.entries(DEMO_OBJECTS)) {
    const def = registry.get(resource);
    const rows = reps.map((rep) => {
      const obj = storedFrom(def, rep);
      return { obj, parent: parentOf(def, obj) };
    });
    await insertObjects(tx, ctx.sandboxId, resource, rows);
    await raiseSequence(tx, ctx.sandboxId, sequenceOf(resource), Math.max(...rows.map((r) => r.obj.id)));
  }
  await insertCodes(tx, DEMO_CODES.map((c) => ({ sandbox_id: ctx.sandboxId, ...c })));
  await raiseSequence(tx, ctx.sandboxId, CODE_SEQUENCE, Math.max(...DEMO_CODES.map((c) => c.id)));
}


/** A field error of the engine, as the control plane's `{"error": message}`. */
function asFixtureError(err: unknown, what: string): never {
  if (err instanceof RevelError) throw new FixtureError(`${what}: ${JSON.stringify(err.body)}`);
  throw err;
}

/** Creates or replaces objects the vendor API cannot create, with the ids given. */
async function upsertObjects(ctx: WriteContext, resource: 'Establishment' | 'User', items: Array<{ id: number } & Record<string, unknown>> | undefined): Promise<number[]> {
  if (items === undefined) return [];
  const def = registry.get(resource);
  const ids: number[] = [];
  for (const item of items) {
    const { id, resource_uri: _uri, ...body } = item;
    try {
      const existing = await getObject(ctx.tx, ctx.sandboxId, resource, id);
      if (existing) await updateObjectFrom(ctx, def, id, body);
      else await createObject(ctx, def, body, { nested: true, extra: { id } });
    } catch (err) {
      asFixtureError(err, `${resource} ${id}`);
    }
    await raiseSequence(ctx.tx, ctx.sandboxId, sequenceOf(resource), id);
    ids.push(id);
  }
  return ids;
}

/**
 * An EMS push (README, "EMS layout"): the discount becomes managed from EMS, owned by its
 * establishment (the base of the level), and a copy of it is pushed to each establishment.
 */
async function pushDiscount(ctx: WriteContext, push: Static<typeof EmsPush>): Promise<{ discount: number; copies: number[] }> {
  const targets = push.establishments ?? [];
  const ids = push.ids ?? [];
  if (ids.length && ids.length !== targets.length) throw new FixtureError('"ids" of an emsPush, when given, must hold one positive integer per establishment');
  const def = registry.get('Discount');
  const base = await getVersioned(ctx.tx, ctx.sandboxId, 'Discount', push.discount);
  if (!base) throw new FixtureError(`discount ${push.discount} does not exist`);
  // A discount not yet managed from EMS starts a top level owned by its establishment; a copy
  // pushed on to a lower level becomes the base of that push, the top level keeps the ownership.
  const managed = typeof base.obj.ems_owner === 'number';
  const owner = managed ? (base.obj.ems_owner as number) : (base.obj.establishment as number);
  const marked = managed ? { ...base.obj, ems_push_base: base.obj.establishment !== owner } : { ...base.obj, ems_owner: owner, ems_origin: null, ems_push_base: false };
  await updateObject(ctx.tx, ctx.sandboxId, 'Discount', marked, null, base.version);
  const copies: number[] = [];
  for (const [i, establishment] of (targets as number[]).entries()) {
    if (!(await getObject(ctx.tx, ctx.sandboxId, 'Establishment', establishment))) throw new FixtureError(`establishment ${establishment} does not exist`);
    const { id: _id, uuid: _uuid, establishment: _e, ems_owner: _o, ems_origin: _g, ems_push_base: _b, ...fields } = base.obj;
    const copy = await createObject(ctx, def, {}, { nested: true, extra: { ...fields, id: (ids as number[])[i], establishment, ems_owner: owner, ems_origin: base.obj.id, ems_push_base: false } });
    if ((ids as number[])[i]) await raiseSequence(ctx.tx, ctx.sandboxId, sequenceOf('Discount'), copy.id);
    copies.push(copy.id);
  }
  return { discount: base.obj.id, copies };
}

const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
/** An Establishment or User as the API shows it, with the id it must have. */
const Record_ = Type.Object({ id: Id }, { additionalProperties: true });
const EmsPush = Type.Object(
  {
    discount: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'the discount on the base establishment of the EMS level' }),
    establishments: Type.Optional(Type.Array(Id, { description: 'where copies of it are pushed' })),
    ids: Type.Optional(Type.Array(Id, { description: 'the ids of the copies, one per establishment' })),
  },
  { additionalProperties: false },
);

/** `POST /_understudy/sandboxes/{id}/fixtures/revel` (README, "Fixture bundle"). */
export const Bundle = Type.Object(
  {
    establishments: Type.Optional(Type.Array(Record_)),
    users: Type.Optional(Type.Array(Record_)),
    emsPushes: Type.Optional(Type.Array(EmsPush)),
  },
  { additionalProperties: false },
);

/** Creates or replaces establishments and users (with the ids given), then runs the EMS pushes; by the sandbox clock. */
export async function addBundle(s: SandboxScope, tx: Tx, bundle: Static<typeof Bundle>): Promise<unknown> {
  const ctx: WriteContext = { tx, sandboxId: s.sandboxId, registry, nowMs: s.now, random: s.random };
  const establishments = await upsertObjects(ctx, 'Establishment', bundle.establishments);
  const users = await upsertObjects(ctx, 'User', bundle.users);
  const emsPushes = [];
  for (const push of bundle.emsPushes ?? []) emsPushes.push(await pushDiscount(ctx, push));
  return { establishments, users, emsPushes };
}

import { PostgresAdapter, sql, type RawBuilder } from 'kysely';
import type { Db, Tx } from '../../../core/db/engine.ts';
import { prepared } from '../../../core/db/prepared.ts';
import type { Stored } from './types.ts';

/** The generic object table of every Tastypie resource (see ../store.ts). */
export interface ObjectRow {
  id: number | string;
  data: string;
  version?: number | string;
  parent?: string;
}

type Handle = Db | Tx;

export const parse = (row: ObjectRow): Stored => {
  const data = JSON.parse(row.data) as Stored;
  data.id = Number(row.id);
  return data;
};

const serialize = (sandboxId: string, resource: string, obj: Stored, parent: string | null) => {
  const { id, ...data } = obj;
  return { sandbox_id: sandboxId, resource, id, parent, version: 1, data: JSON.stringify(data) };
};

/** The key a child stores of its parent (`Product:919`). */
export const parentKey = (resource: string, id: number) => `${resource}:${id}`;

/** The objects of one resource in one sandbox: what every query here starts from. */
const objectsOf = (db: Handle, sandboxId: string, resource: string) => db.selectFrom('rv_objects').where('sandbox_id', '=', sandboxId).where('resource', '=', resource);

const CHUNK = 500;

/** Runs `query` over the distinct values in chunks (IN lists stay short on both engines). */
async function chunked<T>(values: Array<number | string>, query: (chunk: Array<number | string>) => Promise<T[]>): Promise<T[]> {
  const unique = [...new Set(values)];
  const out: T[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) out.push(...(await query(unique.slice(i, i + CHUNK))));
  return out;
}

// The hot reads (a detail, a list page, its count) are compiled once per engine.
const byId = prepared((db, sandboxId: string, resource: string, id: number) => objectsOf(db, sandboxId, resource).select(['id', 'data', 'version']).where('id', '=', id));
// A write reads the object it changes locked on PostgreSQL: concurrent PATCHes of one object
// wait for each other instead of failing their version check again and again.
const byIdLocked = prepared((db, sandboxId: string, resource: string, id: number) => {
  const q = objectsOf(db, sandboxId, resource).select(['id', 'data', 'version']).where('id', '=', id);
  return db.getExecutor().adapter instanceof PostgresAdapter ? q.forUpdate() : q;
});
const pageOf = (descending: boolean) =>
  prepared((db, sandboxId: string, resource: string, limit: number, offset: number) =>
    objectsOf(db, sandboxId, resource)
      .select(['id', 'data'])
      .orderBy('id', descending ? 'desc' : 'asc')
      .limit(limit)
      .offset(offset),
  );
const PAGE = { asc: pageOf(false), desc: pageOf(true) };
const counter = prepared((db, sandboxId: string, resource: string) =>
  db.selectFrom('rv_object_counts').select('n').where('sandbox_id', '=', sandboxId).where('resource', '=', resource),
);

export async function getVersioned(db: Handle, sandboxId: string, resource: string, id: number, lock = false): Promise<{ obj: Stored; version: number; copy: () => Stored } | undefined> {
  const [row] = (await (lock ? byIdLocked : byId)(db, sandboxId, resource, id)) as ObjectRow[];
  // `copy`: a second, independent object from the same text (cheaper than structuredClone).
  return row ? { obj: parse(row), version: Number(row.version), copy: () => parse(row) } : undefined;
}

export async function getObject(db: Handle, sandboxId: string, resource: string, id: number): Promise<Stored | undefined> {
  return (await getVersioned(db, sandboxId, resource, id))?.obj;
}

export async function getObjects(db: Handle, sandboxId: string, resource: string, ids: number[]): Promise<Map<number, Stored>> {
  const rows = await chunked(ids, (chunk) => objectsOf(db, sandboxId, resource).select(['id', 'data']).where('id', 'in', chunk).execute() as Promise<ObjectRow[]>);
  return new Map(rows.map((r) => [Number(r.id), parse(r)]));
}

/** Which of these ids exist (to check foreign keys in one query per resource). */
export async function existingIds(db: Handle, sandboxId: string, resource: string, ids: number[]): Promise<Set<number>> {
  const rows = await chunked(ids, (chunk) => objectsOf(db, sandboxId, resource).select('id').where('id', 'in', chunk).execute());
  return new Set(rows.map((r) => Number(r.id)));
}

/** The objects of `resource` belonging to any of these parents, in id order within each chunk of parents. */
export async function getChildren(db: Handle, sandboxId: string, resource: string, parents: string[]): Promise<Array<{ parent: string; obj: Stored }>> {
  const rows = await chunked(parents, (chunk) => objectsOf(db, sandboxId, resource).select(['id', 'data', 'parent']).where('parent', 'in', chunk).orderBy('id').execute() as Promise<ObjectRow[]>);
  return rows.map((r) => ({ parent: r.parent!, obj: parse(r) }));
}

/** One page in id order, straight from the primary key: no row beyond the page is read (rows as stored). */
export async function getPageRows(db: Handle, sandboxId: string, resource: string, page: { limit: number; offset: number; descending: boolean }): Promise<ObjectRow[]> {
  return (await PAGE[page.descending ? 'desc' : 'asc'](db, sandboxId, resource, page.limit, page.offset)) as ObjectRow[];
}

/** The stored row of one object (its text unparsed), or undefined. */
export async function getRow(db: Handle, sandboxId: string, resource: string, id: number): Promise<ObjectRow | undefined> {
  return ((await byId(db, sandboxId, resource, id)) as ObjectRow[])[0];
}

/**
 * How many objects a resource has: the counter row that the inserts and deletes below keep
 * in their own transaction. A sandbox restored from a snapshot older than the counters has
 * none; its objects are counted (and the next insert writes the row).
 */
export async function countObjects(db: Handle, sandboxId: string, resource: string): Promise<number> {
  const [row] = await counter(db, sandboxId, resource);
  return row ? Number(row.n) : countWhere(db, sandboxId, resource, sql`1 = 1`);
}

/** Every object of a resource, for filters and orderings the page query cannot do. */
export async function getAll(db: Handle, sandboxId: string, resource: string): Promise<Stored[]> {
  const rows = (await objectsOf(db, sandboxId, resource).select(['id', 'data']).orderBy('id').execute()) as ObjectRow[];
  return rows.map(parse);
}

/**
 * Adds `delta` objects to a resource's counter. Without a row yet, the row is created with
 * the resource's count, which already includes this transaction's rows; a concurrent
 * transaction creating it first makes this an increment (ON CONFLICT), so it stays exact.
 */
async function addToCount(tx: Tx, sandboxId: string, resource: string, delta: number): Promise<void> {
  if (delta === 0) return;
  const res = await tx
    .updateTable('rv_object_counts')
    .set({ n: sql`n + ${delta}` })
    .where('sandbox_id', '=', sandboxId)
    .where('resource', '=', resource)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 1) return;
  await sql`insert into rv_object_counts (sandbox_id, resource, n)
    select cast(${sandboxId} as text), cast(${resource} as text), count(*) from rv_objects where sandbox_id = cast(${sandboxId} as text) and resource = cast(${resource} as text)
    on conflict (sandbox_id, resource) do update set n = rv_object_counts.n + ${delta}`.execute(tx);
}

export async function insertObject(tx: Tx, sandboxId: string, resource: string, obj: Stored, parent: string | null): Promise<void> {
  await insertObjects(tx, sandboxId, resource, [{ obj, parent }]);
}

export async function insertObjects(tx: Tx, sandboxId: string, resource: string, rows: Array<{ obj: Stored; parent: string | null }>): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await tx
      .insertInto('rv_objects')
      .values(rows.slice(i, i + 200).map(({ obj, parent }) => serialize(sandboxId, resource, obj, parent)))
      .execute();
  }
  await addToCount(tx, sandboxId, resource, rows.length);
}

/** Writes the object if it is still at `version`; false when another write came first. */
export async function updateObject(tx: Tx, sandboxId: string, resource: string, obj: Stored, parent: string | null, version: number): Promise<boolean> {
  const { id, ...data } = obj;
  const res = await tx
    .updateTable('rv_objects')
    .set({ data: JSON.stringify(data), parent, version: version + 1 })
    .where('sandbox_id', '=', sandboxId)
    .where('resource', '=', resource)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Deletes the objects of a resource matching `which` (one id, or the children of a parent), and counts them out. */
async function deleteWhere(tx: Tx, sandboxId: string, resource: string, which: { id: number } | { parent: string }): Promise<Stored[]> {
  const [column, value] = 'id' in which ? ['id', which.id] : ['parent', which.parent];
  const rows = (await tx
    .deleteFrom('rv_objects')
    .where('sandbox_id', '=', sandboxId)
    .where('resource', '=', resource)
    .where(column, '=', value)
    .returning(['id', 'data'])
    .execute()) as ObjectRow[];
  await addToCount(tx, sandboxId, resource, -rows.length);
  return rows.map(parse);
}

export async function deleteObject(tx: Tx, sandboxId: string, resource: string, id: number): Promise<Stored | undefined> {
  return (await deleteWhere(tx, sandboxId, resource, { id }))[0];
}

export async function deleteChildren(tx: Tx, sandboxId: string, resource: string, parent: string): Promise<Stored[]> {
  return deleteWhere(tx, sandboxId, resource, { parent });
}

/** The number of objects matching a condition (see sql-query.ts). */
export async function countWhere(db: Handle, sandboxId: string, resource: string, where: RawBuilder<unknown>): Promise<number> {
  const row = await objectsOf(db, sandboxId, resource)
    .select((eb) => eb.fn.countAll().as('n'))
    .where(where as RawBuilder<boolean>)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One page of the objects matching a condition, in the given order (rows as stored). */
export async function getPageWhere(
  db: Handle,
  sandboxId: string,
  resource: string,
  where: RawBuilder<unknown>,
  orderBy: RawBuilder<unknown>,
  page: { limit: number; offset: number },
): Promise<ObjectRow[]> {
  const rows = await objectsOf(db, sandboxId, resource)
    .select(['id', 'data'])
    .where(where as RawBuilder<boolean>)
    .orderBy(orderBy as RawBuilder<never>)
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows as ObjectRow[];
}

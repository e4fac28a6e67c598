import type { RawBuilder } from 'kysely';
import type { Db, Tx } from '../../../core/db/engine.ts';
import type { Stored } from './types.ts';

/** The generic object table of every Tastypie resource (see ../store.ts). */
interface ObjectRow {
  id: number | string;
  data: string;
  version?: number;
}

type Handle = Db | Tx;

const parse = (row: ObjectRow): Stored => {
  const data = JSON.parse(row.data) as Stored;
  data.id = Number(row.id);
  return data;
};

/** The key a child stores of its parent (`Product:919`). */
export const parentKey = (resource: string, id: number) => `${resource}:${id}`;

export async function getObject(db: Handle, sandboxId: string, resource: string, id: number): Promise<Stored | undefined> {
  const row = await db
    .selectFrom('rv_objects')
    .select(['id', 'data'])
    .where('sandbox_id', '=', sandboxId)
    .where('resource', '=', resource)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? parse(row as ObjectRow) : undefined;
}

export async function getVersioned(db: Handle, sandboxId: string, resource: string, id: number): Promise<{ obj: Stored; version: number } | undefined> {
  const row = (await db
    .selectFrom('rv_objects')
    .select(['id', 'data', 'version'])
    .where('sandbox_id', '=', sandboxId)
    .where('resource', '=', resource)
    .where('id', '=', id)
    .executeTakeFirst()) as ObjectRow | undefined;
  return row ? { obj: parse(row), version: Number(row.version) } : undefined;
}

const CHUNK = 500;

export async function getObjects(db: Handle, sandboxId: string, resource: string, ids: number[]): Promise<Map<number, Stored>> {
  const out = new Map<number, Stored>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await db
      .selectFrom('rv_objects')
      .select(['id', 'data'])
      .where('sandbox_id', '=', sandboxId)
      .where('resource', '=', resource)
      .where('id', 'in', unique.slice(i, i + CHUNK))
      .execute();
    for (const r of rows as ObjectRow[]) out.set(Number(r.id), parse(r));
  }
  return out;
}

/** Which of these ids exist (to check foreign keys in one query per resource). */
export async function existingIds(db: Handle, sandboxId: string, resource: string, ids: number[]): Promise<Set<number>> {
  const out = new Set<number>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await db
      .selectFrom('rv_objects')
      .select('id')
      .where('sandbox_id', '=', sandboxId)
      .where('resource', '=', resource)
      .where('id', 'in', unique.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) out.add(Number(r.id));
  }
  return out;
}

/** The objects of `resource` belonging to any of these parents, in id order. */
export async function getChildren(db: Handle, sandboxId: string, resource: string, parents: string[]): Promise<Array<{ parent: string; obj: Stored }>> {
  const out: Array<{ parent: string; obj: Stored }> = [];
  const unique = [...new Set(parents)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await db
      .selectFrom('rv_objects')
      .select(['id', 'data', 'parent'])
      .where('sandbox_id', '=', sandboxId)
      .where('resource', '=', resource)
      .where('parent', 'in', unique.slice(i, i + CHUNK))
      .orderBy('id')
      .execute();
    for (const r of rows as Array<ObjectRow & { parent: string }>) out.push({ parent: r.parent, obj: parse(r) });
  }
  return out;
}

/** One page in id order, straight from the primary key: no row beyond the page is read. */
export async function getPage(db: Handle, sandboxId: string, resource: string, page: { limit: number; offset: number; descending: boolean }): Promise<Stored[]> {
  const rows = await db
    .selectFrom('rv_objects')
    .select(['id', 'data'])
    .where('sandbox_id', '=', sandboxId)
    .where('resource', '=', resource)
    .orderBy('id', page.descending ? 'desc' : 'asc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return (rows as ObjectRow[]).map(parse);
}

export async function countObjects(db: Handle, sandboxId: string, resource: string): Promise<number> {
  const row = await db
    .selectFrom('rv_objects')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('sandbox_id', '=', sandboxId)
    .where('resource', '=', resource)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every object of a resource, for filters and orderings the page query cannot do. */
export async function getAll(db: Handle, sandboxId: string, resource: string, idRange?: { min?: number; max?: number; ids?: number[] }): Promise<Stored[]> {
  let q = db.selectFrom('rv_objects').select(['id', 'data']).where('sandbox_id', '=', sandboxId).where('resource', '=', resource);
  if (idRange?.min !== undefined) q = q.where('id', '>=', idRange.min);
  if (idRange?.max !== undefined) q = q.where('id', '<=', idRange.max);
  if (idRange?.ids !== undefined) {
    if (idRange.ids.length === 0) return [];
    if (idRange.ids.length <= CHUNK) q = q.where('id', 'in', idRange.ids);
  }
  const rows = (await q.orderBy('id').execute()) as ObjectRow[];
  return rows.map(parse);
}

export async function insertObject(tx: Tx, sandboxId: string, resource: string, obj: Stored, parent: string | null): Promise<void> {
  const { id, ...data } = obj;
  await tx.insertInto('rv_objects').values({ sandbox_id: sandboxId, resource, id, parent, version: 1, data: JSON.stringify(data) }).execute();
}

export async function insertObjects(tx: Tx, sandboxId: string, resource: string, rows: Array<{ obj: Stored; parent: string | null }>): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await tx
      .insertInto('rv_objects')
      .values(
        rows.slice(i, i + 200).map(({ obj, parent }) => {
          const { id, ...data } = obj;
          return { sandbox_id: sandboxId, resource, id, parent, version: 1, data: JSON.stringify(data) };
        }),
      )
      .execute();
  }
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

export async function deleteObject(tx: Tx, sandboxId: string, resource: string, id: number): Promise<Stored | undefined> {
  const row = (await tx
    .deleteFrom('rv_objects')
    .where('sandbox_id', '=', sandboxId)
    .where('resource', '=', resource)
    .where('id', '=', id)
    .returning(['id', 'data'])
    .executeTakeFirst()) as ObjectRow | undefined;
  return row ? parse(row) : undefined;
}

export async function deleteChildren(tx: Tx, sandboxId: string, resource: string, parent: string): Promise<Stored[]> {
  const rows = (await tx
    .deleteFrom('rv_objects')
    .where('sandbox_id', '=', sandboxId)
    .where('resource', '=', resource)
    .where('parent', '=', parent)
    .returning(['id', 'data'])
    .execute()) as ObjectRow[];
  return rows.map(parse);
}

/** The number of objects matching a condition (see sql-query.ts). */
export async function countWhere(db: Handle, sandboxId: string, resource: string, where: RawBuilder<unknown>): Promise<number> {
  const row = await db
    .selectFrom('rv_objects')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('sandbox_id', '=', sandboxId)
    .where('resource', '=', resource)
    .where(where as RawBuilder<boolean>)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One page of the objects matching a condition, in the given order. */
export async function getPageWhere(
  db: Handle,
  sandboxId: string,
  resource: string,
  where: RawBuilder<unknown>,
  orderBy: RawBuilder<unknown>,
  page: { limit: number; offset: number },
): Promise<Stored[]> {
  const rows = await db
    .selectFrom('rv_objects')
    .select(['id', 'data'])
    .where('sandbox_id', '=', sandboxId)
    .where('resource', '=', resource)
    .where(where as RawBuilder<boolean>)
    .orderBy(orderBy as RawBuilder<never>)
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return (rows as ObjectRow[]).map(parse);
}


import { SqliteAdapter } from 'kysely';
import type { Db, Tx } from './db/engine.ts';
import { prepared } from './db/prepared.ts';
import { onForgetSandbox } from './answer-cache.ts';
import { parseIsoDateTime } from './clock.ts';

/**
 * Syncable records (a vendor's "sync" endpoints: everything, or what changed since `from`).
 * Each record keeps its wire form as JSON text, the sandbox-clock times it was created, last
 * changed and deleted (a deletion is a tombstone, so a client syncing `from` a time before it
 * learns the id), and an order key. Lists are served from the stored text without parsing it.
 */
export interface SyncRecord {
  id: string;
  data: string;
}

/** What changed since `from`: `new` (created after it), `updated` (changed after it), `deleted` (ids removed after it). */
export interface SyncChanges {
  new: string[];
  updated: string[];
  deleted: string[];
}

interface Where {
  sandboxId: string;
  dialect: string;
  model: string;
}

/**
 * The full answer of a model (no `from`), rendered once and kept until a write of that model
 * (SQLite only, where one process owns the database: on PostgreSQL another node may write).
 * A generation per model guards against a read that started before a write storing its answer
 * after it.
 */
const rendered = new WeakMap<object, Map<string, { generation: number; text?: string[]; parsed?: unknown[] }>>();

function cacheOf(db: Db | Tx, w: Where) {
  const adapter = db.getExecutor().adapter;
  if (!(adapter instanceof SqliteAdapter)) return undefined;
  let byModel = rendered.get(adapter);
  if (!byModel) rendered.set(adapter, (byModel = new Map()));
  const key = `${w.sandboxId}\u0000${w.dialect}\u0000${w.model}`;
  let entry = byModel.get(key);
  if (!entry) byModel.set(key, (entry = { generation: 0 }));
  return entry;
}

function invalidate(db: Db | Tx, w: Where): void {
  const entry = cacheOf(db, w);
  if (entry) {
    entry.generation++;
    entry.text = undefined;
    entry.parsed = undefined;
  }
}

// A sandbox's rows replaced (reset, restore, delete): every rendered answer of it goes.
onForgetSandbox((adapter, sandboxId) => {
  const byModel = rendered.get(adapter);
  if (!byModel) return;
  for (const [key, entry] of byModel) {
    if (key.startsWith(`${sandboxId}\u0000`)) {
      entry.generation++;
      entry.text = undefined;
      entry.parsed = undefined;
    }
  }
});

const base = (db: Db | Tx, w: Where) => db.selectFrom('sync_records').where('sandbox_id', '=', w.sandboxId).where('dialect', '=', w.dialect).where('model', '=', w.model);

/**
 * Creates the record, or changes it (a deleted one comes back as new). `ord` orders a model's
 * records (the vendor's numeric id, usually). Returns whether it was created.
 */
export async function upsertRecord(tx: Tx, w: Where & { now: number }, id: string | number, ord: number, data: unknown): Promise<'created' | 'updated'> {
  const key = String(id);
  const text = JSON.stringify(data);
  invalidate(tx, w);
  const existing = await base(tx, w).select(['deleted_at']).where('id', '=', key).executeTakeFirst();
  if (!existing) {
    await tx
      .insertInto('sync_records')
      .values({ sandbox_id: w.sandboxId, dialect: w.dialect, model: w.model, id: key, ord, data: text, created_at: w.now, updated_at: w.now, deleted_at: null })
      .execute();
    return 'created';
  }
  const revived = existing.deleted_at !== null;
  await tx
    .updateTable('sync_records')
    .set({ data: text, ord, updated_at: w.now, deleted_at: null, ...(revived ? { created_at: w.now } : {}) })
    .where('sandbox_id', '=', w.sandboxId)
    .where('dialect', '=', w.dialect)
    .where('model', '=', w.model)
    .where('id', '=', key)
    .execute();
  return revived ? 'created' : 'updated';
}

/** Records of a model the sandbox does not hold yet (seeding), in one statement per chunk. */
export async function insertRecords(tx: Tx, w: Where & { now: number }, records: Array<{ id: string | number; ord: number; data: unknown }>): Promise<void> {
  if (records.length === 0) return;
  invalidate(tx, w);
  const rows = records.map((r) => ({ sandbox_id: w.sandboxId, dialect: w.dialect, model: w.model, id: String(r.id), ord: r.ord, data: JSON.stringify(r.data), created_at: w.now, updated_at: w.now, deleted_at: null }));
  for (let i = 0; i < rows.length; i += 500) await tx.insertInto('sync_records').values(rows.slice(i, i + 500)).execute();
}

/** Deletes a record (a tombstone at `now`); false when there is none. */
export async function deleteRecord(tx: Tx, w: Where & { now: number }, id: string | number): Promise<boolean> {
  invalidate(tx, w);
  const res = await tx
    .updateTable('sync_records')
    // updated_at too: one index range (`updated_at > from`) finds changes and deletions alike.
    .set({ deleted_at: w.now, updated_at: w.now })
    .where('sandbox_id', '=', w.sandboxId)
    .where('dialect', '=', w.dialect)
    .where('model', '=', w.model)
    .where('id', '=', String(id))
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

const recordById = prepared((db, sandboxId: string, dialect: string, model: string, id: string) =>
  db.selectFrom('sync_records').select('data').where('sandbox_id', '=', sandboxId).where('dialect', '=', dialect).where('model', '=', model).where('id', '=', id).where('deleted_at', 'is', null),
);

/** One current record's wire form, parsed. */
export async function getRecord<T>(db: Db | Tx, w: Where, id: string | number): Promise<T | undefined> {
  const [row] = await recordById(db, w.sandboxId, w.dialect, w.model, String(id));
  return row ? (JSON.parse(row.data) as T) : undefined;
}

/** Every current record of a model, in order, parsed (read-only: kept for the next caller on SQLite). */
export async function allRecords<T>(db: Db | Tx, w: Where): Promise<readonly T[]> {
  const entry = cacheOf(db, w);
  if (entry?.parsed) return entry.parsed as T[];
  const generation = entry?.generation;
  const rows = await base(db, w).select('data').where('deleted_at', 'is', null).orderBy('ord').orderBy('id').execute();
  const parsed = rows.map((r) => JSON.parse(r.data) as T);
  if (entry && entry.generation === generation) entry.parsed = parsed;
  return parsed;
}

/** The ids a model has now, current ones only. */
export async function recordIds(db: Db | Tx, w: Where, ids: Array<string | number>): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await base(db, w).select('id').where('deleted_at', 'is', null).where('id', 'in', ids.map(String)).execute();
  return new Set(rows.map((r) => r.id as string));
}

/**
 * The sync answer's parts, as JSON texts of the records (no parsing): without `from`, every
 * current record is new; with it, what was created, changed and deleted after it.
 */
export async function changesSince(db: Db | Tx, w: Where, from?: number): Promise<SyncChanges> {
  if (from === undefined) {
    const entry = cacheOf(db, w);
    if (entry?.text) return { new: entry.text, updated: [], deleted: [] };
    const generation = entry?.generation;
    const rows = await base(db, w).select('data').where('deleted_at', 'is', null).orderBy('ord').orderBy('id').execute();
    const text = rows.map((r) => r.data as string);
    if (entry && entry.generation === generation) entry.text = text;
    return { new: text, updated: [], deleted: [] };
  }
  const rows = await base(db, w)
    .select(['id', 'data', 'created_at', 'updated_at', 'deleted_at'])
    .where('updated_at', '>', from)
    .orderBy('ord')
    .orderBy('id')
    .execute();
  const out: SyncChanges = { new: [], updated: [], deleted: [] };
  for (const r of rows) {
    const created = Number(r.created_at) > from;
    if (r.deleted_at !== null) {
      if (!created) out.deleted.push(r.id as string);
    } else if (created) out.new.push(r.data as string);
    else out.updated.push(r.data as string);
  }
  return out;
}

/**
 * A sync `from`: `YYYY-MM-DD HH:MM:SS`, ISO-8601, or Unix seconds; read as UTC. NaN when it is
 * none of these.
 */
export function parseSyncFrom(text: string): number {
  const t = text.trim();
  if (/^\d{1,12}(\.\d+)?$/.test(t)) return Math.floor(Number(t) * 1000);
  return parseIsoDateTime(t.replace(' ', 'T'));
}

import type { Db, Tx } from '../../core/db/engine.ts';
import type { SandboxScope } from '../../core/scope.ts';
import { allRecords, changesSince, getRecord, parseSyncFrom, upsertRecord } from '../../core/sync.ts';
import { invalid, notFound, required } from './errors.ts';
import { getSetting } from './store.ts';
import { parseJson } from '../../core/http/json.ts';

/**
 * The catalog sync models (revo-intouch.txt, "Public Customer type request"), each a core sync
 * record keeping its wire form: `GET customer/{model}` answers `{"data": {"new", "updated",
 * "deleted"}}`, everything current without `from`, the changes after it with.
 */
export const SYNC_MODELS = [
  'stores',
  'categories',
  'shifts',
  'deliveryShifts',
  'products',
  'menuCategories',
  'menuProducts',
  'modifiers',
  'modifierCategories',
  'productModifierCategories',
  'productStore',
  'sellingFormatStore',
  'kiosk',
] as const;
export type SyncModel = (typeof SYNC_MODELS)[number];

/** What the document prints for `updated` and `deleted` without `from`: `null`, or `[]` for the kiosk. */
const EMPTY_WITHOUT_FROM: Partial<Record<SyncModel, string>> = { kiosk: '[]' };

export const where = (s: Pick<SandboxScope, 'sandboxId'>, model: SyncModel) => ({ sandboxId: s.sandboxId, dialect: 'intouch', model });

export interface Product {
  id: number;
  name: string;
  price: number;
  tax: number;
  points: number | null;
  product_category_id: number | null;
  deleted_at: string | null;
  [k: string]: unknown;
}

export interface ProductStore {
  id: number;
  product_id: number;
  store_id: number;
  active: number;
  price: number | null;
  [k: string]: unknown;
}

export interface MenuProduct {
  id: number;
  product_id: number;
  menu_category_id: number;
  active?: number;
  [k: string]: unknown;
}

export interface StoreRecord {
  id: number;
  name: string;
  username?: string;
  [k: string]: unknown;
}

/** `from` on a sync endpoint (FIDELITY.md formats, and Unix seconds), or undefined when absent. */
export function syncFrom(raw: unknown): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const ms = typeof raw === 'string' ? parseSyncFrom(raw) : NaN;
  if (Number.isNaN(ms)) throw invalid('from', 'The from is not a valid date (YYYY-MM-DD HH:MM:SS, ISO-8601 or Unix seconds).');
  return ms;
}

/** The sync answer's JSON text, built from the stored wire forms without parsing them. */
export async function syncAnswer(s: Pick<SandboxScope, 'db' | 'sandboxId'>, model: SyncModel, from: number | undefined): Promise<string> {
  const changes = await changesSince(s.db, where(s, model), from);
  const none = EMPTY_WITHOUT_FROM[model] ?? 'null';
  const updated = from === undefined ? none : `[${changes.updated.join(',')}]`;
  const deleted = from === undefined ? none : JSON.stringify(changes.deleted.map((id) => (/^\d+$/.test(id) ? Number(id) : id)));
  return `{"data":{"new":[${changes.new.join(',')}],"updated":${updated},"deleted":${deleted}}}`;
}

export const getProduct = (db: Db | Tx, s: Pick<SandboxScope, 'sandboxId'>, id: number) => getRecord<Product>(db, where(s, 'products'), id);
export const getStore = (db: Db | Tx, s: Pick<SandboxScope, 'sandboxId'>, id: number) => getRecord<StoreRecord>(db, where(s, 'stores'), id);

/**
 * Whether a product can be ordered at a store: it exists, is not deleted, and has no
 * `productStore` row there that deactivates it (no row: active).
 */
export async function activeAt(db: Db | Tx, s: Pick<SandboxScope, 'sandboxId'>, productIds: number[], storeId: number): Promise<Map<number, 'active' | 'inactive' | 'unknown'>> {
  const [productStore, products] = await Promise.all([allRecords<ProductStore>(db, where(s, 'productStore')), Promise.all(productIds.map((id) => getProduct(db, s, id)))]);
  const out = new Map<number, 'active' | 'inactive' | 'unknown'>();
  productIds.forEach((id, i) => {
    const p = products[i];
    if (!p || p.deleted_at) return out.set(id, 'unknown');
    const row = productStore.find((r) => r.product_id === id && r.store_id === storeId);
    out.set(id, row && Number(row.active) !== 1 ? 'inactive' : 'active');
  });
  return out;
}

/** A list of ids as the app sends it: a JSON-encoded string (`"[1,2]"`), an array, or one id. */
export function idList(raw: unknown, field: string): number[] {
  let value = raw;
  if (typeof value === 'string') {
    try {
      value = parseJson(value);
    } catch {
      throw invalid(field, `The ${field} must be a JSON array of ids, like [1,2].`);
    }
  }
  if (typeof value === 'number') value = [value];
  if (!Array.isArray(value) || value.length === 0 || value.length > 1000) throw invalid(field, `The ${field} must be a non-empty JSON array of ids, like [1,2].`);
  const ids = value.map((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v));
  if (!ids.every((v) => Number.isSafeInteger(v) && (v as number) > 0)) throw invalid(field, `The ${field} must hold positive integer ids.`);
  return [...new Set(ids as number[])];
}

const flag = (raw: unknown, field: string, fallback: 0 | 1): 0 | 1 => {
  if (raw === undefined || raw === '') return fallback;
  if (raw === '1' || raw === 'true' || raw === 1 || raw === true) return 1;
  if (raw === '0' || raw === 'false' || raw === 0 || raw === false) return 0;
  throw invalid(field, `The ${field} field must be 1 or 0.`);
};

/** `until`: `YYYY/MM/DD HH:mm` or `YYYY/MM/DD`, by the sandbox clock (UTC). */
export function parseUntil(raw: string): number {
  const m = /^(\d{4})\/(\d{2})\/(\d{2})(?: (\d{2}):(\d{2}))?$/.exec(raw.trim());
  if (m) {
    const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4] ?? '00', m[5] ?? '00'].map(Number);
    const ms = Date.UTC(y, mo - 1, d, h, mi);
    const t = new Date(ms);
    if (t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && h < 24 && mi < 60) return ms;
  }
  throw invalid('until', "The until does not match the format 'YYYY/MM/DD HH:mm' (or 'YYYY/MM/DD').");
}

/** The scheduler's job that reactivates a product at a store when `until` comes (key: `store:product:nested`). */
export const REACTIVATE_JOB = 'reactivate';

export interface StatusChange {
  products: number[];
  store: number;
  active: 0 | 1;
  until: number | null;
  alsoNested: 0 | 1;
  reactivateInNested: 0 | 1;
}

/** `POST catalog/updateStatus`, every parameter in the query string (FIDELITY.md). */
export function statusChangeOf(q: Record<string, unknown>): StatusChange {
  if (q.products === undefined) throw required('products');
  if (q.store === undefined) throw required('store');
  if (q.active === undefined) throw required('active');
  const store = Number(q.store);
  if (!Number.isSafeInteger(store) || store <= 0) throw invalid('store', 'The store must be an integer.');
  const products = idList(q.products, 'products');
  const active = flag(q.active, 'active', 1);
  const until = q.until === undefined || q.until === '' ? null : parseUntil(String(q.until));
  const alsoNested = flag(q.alsoNested, 'alsoNested', 0);
  const reactivateInNested = flag(q.reactivateInNested, 'reactivateInNested', 0);
  if (reactivateInNested === 1 && alsoNested !== 1) throw invalid('reactivateInNested', 'The reactivate in nested field needs alsoNested to be 1.');
  return { products, store, active, until, alsoNested, reactivateInNested };
}

const naive = (ms: number) => new Date(ms).toISOString().replace(/Z$/, '000Z');

/**
 * Sets the products' `productStore.active` at the store (a row is made where there is none)
 * and, with `alsoNested`, their `active` where they sit inside menus; with `until`, a timer
 * reactivates them then.
 */
export async function updateStatus(s: SandboxScope, change: StatusChange): Promise<void> {
  if (!(await getStore(s.db, s, change.store))) throw invalid('store', `The selected store is invalid.`);
  for (const id of change.products) {
    const p = await getProduct(s.db, s, id);
    if (!p || p.deleted_at) throw invalid('products', `The selected product ${id} is invalid.`);
  }
  await s.tx(async (tx) => {
    // Timers first, then the records: the reactivation job takes its timer, then changes the
    // records, so two nodes taking the same rows in the same order cannot deadlock.
    for (const id of change.products) {
      const key = `${change.store}:${id}:${change.alsoNested && change.reactivateInNested ? 1 : 0}`;
      for (const nested of [0, 1]) await s.unschedule(tx, REACTIVATE_JOB, `${change.store}:${id}:${nested}`);
      if (change.active === 0 && change.until !== null) await s.schedule(tx, REACTIVATE_JOB, key, change.until);
    }
    await setActive(s, tx, change.products, change.store, change.active, change.alsoNested === 1 && (change.active === 0 || change.reactivateInNested === 1));
  });
}

/** The products' status at a store, and inside menus when `nested`. */
export async function setActive(s: SandboxScope, tx: Tx, products: number[], store: number, active: 0 | 1, nested: boolean): Promise<void> {
  const rows = [...(await allRecords<ProductStore>(tx, where(s, 'productStore')))];
  const stamp = naive(s.now);
  for (const id of products) {
    const row = rows.find((r) => r.product_id === id && r.store_id === store);
    if (row) {
      if (Number(row.active) !== active) await upsertRecord(tx, { ...where(s, 'productStore'), now: s.now }, row.id, row.id, { ...row, active, updated_at: stamp });
      continue;
    }
    const product = await getProduct(tx, s, id);
    const next = Math.max(0, ...rows.map((r) => r.id)) + 1;
    const created: ProductStore = { id: next, product_id: id, store_id: store, active, price: product?.price ?? null, deleted_at: null, created_at: stamp, updated_at: stamp, config: null };
    rows.push(created);
    await upsertRecord(tx, { ...where(s, 'productStore'), now: s.now }, next, next, created);
  }
  if (!nested) return;
  for (const mp of await allRecords<MenuProduct>(tx, where(s, 'menuProducts'))) {
    if (products.includes(mp.product_id) && Number(mp.active ?? 1) !== active) {
      await upsertRecord(tx, { ...where(s, 'menuProducts'), now: s.now }, mp.id, mp.id, { ...mp, active });
    }
  }
}

/** The `reactivate` job: `until` came, by the sandbox clock. */
export async function reactivate(s: SandboxScope, tx: Tx, key: string): Promise<void> {
  const [store, product, nested] = key.split(':').map(Number);
  if (!(await getProduct(tx, s, product))) return;
  await setActive(s, tx, [product], store, 1, nested === 1);
}

/** Products deactivated inside menus (`alsoNested`): not orderable as menu contents. */
export async function deactivatedInMenus(db: Db | Tx, s: Pick<SandboxScope, 'sandboxId'>): Promise<Set<number>> {
  const rows = await allRecords<MenuProduct>(db, where(s, 'menuProducts'));
  return new Set(rows.filter((r) => Number(r.active ?? 1) === 0).map((r) => r.product_id));
}

/** The stores of one POS integration username (`GET stores?username=`). */
export async function storesOfUsername(s: Pick<SandboxScope, 'db' | 'sandboxId'>, username: string): Promise<Array<{ id: number; name: string }>> {
  const stores = await allRecords<StoreRecord>(s.db, where(s, 'stores'));
  return stores.filter((r) => r.username === username).map((r) => ({ id: r.id, name: r.name }));
}

export const STORE_STATUSES = ['online', 'paused', 'offline'] as const;
export type StoreStatus = (typeof STORE_STATUSES)[number];

export async function storeStatus(s: Pick<SandboxScope, 'db' | 'sandboxId'>, id: number, db: Db | Tx = s.db): Promise<StoreStatus> {
  if (!(await getStore(db, s, id))) throw notFound('Store', id);
  return (await getSetting<StoreStatus>(db, s.sandboxId, `store-status:${id}`)) ?? 'online';
}

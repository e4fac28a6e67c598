import type { SandboxScope } from '../../core/scope.ts';
import { allRecords } from '../../core/sync.ts';
import { getStore, idList, storeStatus, STORE_STATUSES, where, type StoreRecord, type StoreStatus } from './catalog.ts';
import { invalid, notFound } from './errors.ts';
import { getSetting, selectTable, selectTables, setSetting, tableHeld } from './store.ts';

/** `POST stores/{store}/status {"status"}`: `online`, `paused` or `offline`; the previous and the current status. */
export async function setStoreStatus(s: SandboxScope, id: number, body: unknown) {
  const status = (body as { status?: unknown } | undefined)?.status;
  if (status === undefined || status === null || status === '') throw invalid('status', 'The status field is required.');
  if (typeof status !== 'string' || !STORE_STATUSES.includes(status as StoreStatus)) throw invalid('status', `The selected status is invalid (one of ${STORE_STATUSES.join(', ')}).`);
  // Read and written in one transaction: two changes at once each see the status the other left.
  return s.tx(async (tx) => {
    const previous = await storeStatus(s, id, tx);
    await setSetting(tx, s.sandboxId, `store-status:${id}`, status);
    return { previousStatus: previous, currentStatus: status };
  });
}

/** `GET customer/table/{id}/available`: false while an open order holds the table. */
export async function tableAvailable(s: SandboxScope, id: number) {
  if (!(await selectTable(s.db, s.sandboxId, id))) throw notFound('Table', id);
  return { available: !(await tableHeld(s.db, s.sandboxId, id)) };
}

/** The SOLO links of the account (fixtures): its two URLs and each store's three. */
export interface SoloSettings {
  delivery_url: string;
  pickup_url: string;
  stores: Record<string, { pickup_asap: string; delivery_or_pickup: string; digital_menu: string }>;
}

/** `GET solo/urls[?stores=[1,2]]`: every store's links and its tables (names as stored, trailing spaces kept). */
export async function soloUrls(s: SandboxScope, storesFilter: unknown) {
  const solo = (await getSetting<SoloSettings>(s.db, s.sandboxId, 'solo')) ?? { delivery_url: '', pickup_url: '', stores: {} };
  const only = storesFilter === undefined || storesFilter === '' ? null : new Set(idList(storesFilter, 'stores'));
  const [stores, tables] = await Promise.all([allRecords<StoreRecord>(s.db, where(s, 'stores')), selectTables(s.db, s.sandboxId)]);
  return {
    delivery_url: solo.delivery_url,
    pickup_url: solo.pickup_url,
    stores: stores
      .filter((st) => (only ? only.has(st.id) : true) && solo.stores[String(st.id)])
      .map((st) => ({
        id: st.id,
        name: st.name,
        ...solo.stores[String(st.id)],
        tables: tables.filter((t) => Number(t.store_id) === st.id).map((t) => ({ id: Number(t.id), name: t.name, url: `${solo.stores[String(st.id)].pickup_asap.replace(/\/+$/, '')}/table/${t.id}` })),
      })),
  };
}

/** `GET customer/theme`: the app's theme (fixtures). */
export async function theme(s: SandboxScope) {
  return { theme: (await getSetting<Record<string, unknown>>(s.db, s.sandboxId, 'theme')) ?? {} };
}

export async function requireStore(s: SandboxScope, id: number) {
  if (!(await getStore(s.db, s, id))) throw notFound('Store', id);
}

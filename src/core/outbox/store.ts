import { AnswerCache } from '../answer-cache.ts';
import type { Db, Tx } from '../db/engine.ts';
import { prepared } from '../db/prepared.ts';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface NewDelivery {
  sandboxId: string;
  dialect: string;
  event: string;
  /** Where to post it; when absent, the sandbox's webhook URL for the dialect (none set: nothing is queued). */
  url?: string;
  payload: unknown;
  headers?: Record<string, string>;
}

export interface DeliveryRow {
  id: number;
  sandbox_id: string;
  dialect: string;
  event: string;
  url: string;
  headers: string;
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  max_attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: number | null;
  leased_until: number | null;
  created_at: number;
}

export interface DeliveryView {
  id: number;
  dialect: string;
  event: string;
  url: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  payload: unknown;
  history: Array<{ at: string; statusCode: number | null; error: string | null; durationMs: number }>;
}

/** Each sandbox's webhook URLs by dialect, kept in the process on SQLite (every write emits or asks whether to). */
const urls = new AnswerCache<string | null>();
const urlLookup = prepared((db, sandboxId: string, dialect: string) => db.selectFrom('webhooks').select('url').where('sandbox_id', '=', sandboxId).where('dialect', '=', dialect));

export async function webhookUrl(db: Db | Tx, sandboxId: string, dialect: string): Promise<string | undefined> {
  const kept = urls.get(db, sandboxId, dialect);
  if (kept !== undefined) return kept ?? undefined;
  const generation = urls.generation(db, sandboxId);
  const [row] = await urlLookup(db, sandboxId, dialect);
  urls.set(db, sandboxId, dialect, row?.url ?? null, generation);
  return row?.url;
}

/** `DELETE /_understudy/sandboxes/{id}/webhooks/{dialect}`: no more events to that dialect's URL; whether one was set. */
export async function deleteWebhookUrl(db: Db | Tx, sandboxId: string, dialect: string): Promise<boolean> {
  urls.invalidate(db, sandboxId);
  const gone = await db.deleteFrom('webhooks').where('sandbox_id', '=', sandboxId).where('dialect', '=', dialect).executeTakeFirst();
  urls.invalidate(db, sandboxId);
  return Number(gone.numDeletedRows) > 0;
}

export async function setWebhookUrl(db: Db | Tx, sandboxId: string, dialect: string, url: string): Promise<void> {
  urls.invalidate(db, sandboxId);
  // One upsert: concurrent PUTs for the same dialect cannot collide on the key.
  await db
    .insertInto('webhooks')
    .values({ sandbox_id: sandboxId, dialect, url })
    .onConflict((oc) => oc.columns(['sandbox_id', 'dialect']).doUpdateSet({ url }))
    .execute();
  urls.invalidate(db, sandboxId);
}

export async function listWebhooks(db: Db, sandboxId: string): Promise<Record<string, string>> {
  const rows = await db.selectFrom('webhooks').select(['dialect', 'url']).where('sandbox_id', '=', sandboxId).execute();
  return Object.fromEntries(rows.map((r) => [r.dialect, r.url]));
}

/**
 * Queues a delivery inside the caller's transaction: it exists exactly when the change that
 * caused it commits. Returns its id, or null when the dialect has no webhook URL set.
 */
export async function enqueueDelivery(tx: Tx | Db, d: NewDelivery, maxAttempts: number, nowMs: number): Promise<number | null> {
  const url = d.url ?? (await webhookUrl(tx, d.sandboxId, d.dialect));
  if (!url) return null;
  const row = await tx
    .insertInto('deliveries')
    .values({
      sandbox_id: d.sandboxId,
      dialect: d.dialect,
      event: d.event,
      url,
      headers: JSON.stringify(d.headers ?? {}),
      payload: JSON.stringify(d.payload),
      status: 'pending',
      attempts: 0,
      max_attempts: maxAttempts,
      next_attempt_at: nowMs,
      created_at: nowMs,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Takes a lease on up to `limit` due deliveries; another node skips leased ones. */
export async function claimDue(db: Db, nowMs: number, leaseMs: number, limit: number): Promise<DeliveryRow[]> {
  const rows = await db
    .updateTable('deliveries')
    .set({ leased_until: nowMs + leaseMs })
    .where(
      'id',
      'in',
      db
        .selectFrom('deliveries')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', nowMs)
        .where((w) => w.or([w('leased_until', 'is', null), w('leased_until', '<', nowMs)]))
        .orderBy('next_attempt_at')
        .limit(limit),
    )
    // Re-checked on the locked row: two nodes claiming at once cannot both win.
    .where('status', '=', 'pending')
    .where((w) => w.or([w('leased_until', 'is', null), w('leased_until', '<', nowMs)]))
    .returningAll()
    .execute();
  return rows as DeliveryRow[];
}

export async function recordAttempt(
  db: Db,
  d: DeliveryRow,
  outcome: { ok: boolean; statusCode: number | null; error: string | null; durationMs: number; atMs: number; nextAttemptAt: number | null },
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const attempts = d.attempts + 1;
    const status: DeliveryStatus = outcome.ok ? 'delivered' : outcome.nextAttemptAt === null ? 'failed' : 'pending';
    const updated = await tx
      .updateTable('deliveries')
      .set({
        attempts,
        status,
        last_status_code: outcome.statusCode,
        last_error: outcome.error,
        next_attempt_at: outcome.ok ? null : outcome.nextAttemptAt,
        leased_until: null,
      })
      .where('id', '=', d.id)
      .executeTakeFirst();
    // The sandbox was deleted while the attempt was under way: nothing of it is kept.
    if (Number(updated.numUpdatedRows) === 0) return;
    await tx
      .insertInto('delivery_attempts')
      .values({
        delivery_id: d.id,
        sandbox_id: d.sandbox_id,
        at: outcome.atMs,
        status_code: outcome.statusCode,
        error: outcome.error,
        duration_ms: outcome.durationMs,
      })
      .execute();
  });
}

export async function listDeliveries(db: Db, sandboxId: string, limit = 500): Promise<DeliveryView[]> {
  const rows = (await db
    .selectFrom('deliveries')
    .selectAll()
    .where('sandbox_id', '=', sandboxId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()) as DeliveryRow[];
  const attempts = rows.length
    ? await db
        .selectFrom('delivery_attempts')
        .selectAll()
        .where('delivery_id', 'in', rows.map((r) => r.id))
        .orderBy('id')
        .execute()
    : [];
  return rows.map((r) => ({
    id: Number(r.id),
    dialect: r.dialect,
    event: r.event,
    url: r.url,
    status: r.status,
    attempts: r.attempts,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    nextAttemptAt: r.next_attempt_at === null ? null : new Date(Number(r.next_attempt_at)).toISOString(),
    createdAt: new Date(Number(r.created_at)).toISOString(),
    payload: JSON.parse(r.payload),
    history: attempts
      .filter((a) => Number(a.delivery_id) === Number(r.id))
      .map((a) => ({ at: new Date(Number(a.at)).toISOString(), statusCode: a.status_code, error: a.error, durationMs: Number(a.duration_ms) })),
  }));
}

/** A manual retry: one more attempt, due now, whatever the delivery's state. */
export async function scheduleRetry(db: Db, sandboxId: string, id: number, nowMs: number): Promise<boolean> {
  const res = await db
    .updateTable('deliveries')
    .set((eb: any) => ({ status: 'pending', next_attempt_at: nowMs, leased_until: null, max_attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('sandbox_id', '=', sandboxId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

import type { Db, Tx } from '../db/engine.ts';
import { prepared } from '../db/prepared.ts';
import type { ClockState } from '../clock.ts';
import type { StoredCredential } from '../dialect.ts';

export interface SandboxRow {
  id: string;
  name: string;
  fixtures: string;
  created_at: number;
  clock_offset_ms: number;
  clock_frozen_ms: number | null;
  fault_rule_count: number;
  seed: string | null;
  signing_key: string | null;
}

/** What core knows of a sandbox while it serves a request or a job for it. */
export interface SandboxContext {
  id: string;
  clock: ClockState;
  faultRuleCount: number;
  /** Everything the sandbox generates comes from this seed when it has one. */
  seed: string | null;
  /** The key its JWTs are signed with. */
  signingKey: string;
}

/** A stored credential of a dialect, with the sandbox it belongs to. */
export interface CredentialMatch {
  sandbox: SandboxContext;
  credential: StoredCredential;
}

/** A credential as stored, with its dialect (one sandbox holds the credentials of every dialect). */
export interface CredentialRow extends StoredCredential {
  dialect: string;
  isPrimary?: boolean;
}

export function clockOf(row: Pick<SandboxRow, 'clock_offset_ms' | 'clock_frozen_ms'>): ClockState {
  return {
    offsetMs: Number(row.clock_offset_ms),
    frozenMs: row.clock_frozen_ms === null ? null : Number(row.clock_frozen_ms),
  };
}

export function contextOf(row: Pick<SandboxRow, 'id' | 'clock_offset_ms' | 'clock_frozen_ms' | 'fault_rule_count' | 'seed' | 'signing_key'>): SandboxContext {
  return {
    id: row.id,
    clock: clockOf(row),
    faultRuleCount: Number(row.fault_rule_count),
    seed: row.seed ?? null,
    signingKey: row.signing_key ?? '',
  };
}

const credentialLookup = prepared((db, dialect: string, kind: string, key: string) =>
  db
    .selectFrom('credentials as c')
    .innerJoin('sandboxes as s', 's.id', 'c.sandbox_id')
    .select(['s.id', 's.clock_offset_ms', 's.clock_frozen_ms', 's.fault_rule_count', 's.seed', 's.signing_key', 'c.kind', 'c.key', 'c.secret', 'c.scope'])
    .where('c.dialect', '=', dialect)
    .where('c.kind', '=', kind)
    .where('c.key', '=', key),
);

export async function findByCredential(db: Db, dialect: string, kind: string, key: string): Promise<CredentialMatch | undefined> {
  const [row] = await credentialLookup(db, dialect, kind, key);
  if (!row) return undefined;
  return { sandbox: contextOf(row), credential: { kind: row.kind, key: row.key, secret: row.secret, scope: row.scope } };
}

export async function getSandbox(db: Db | Tx, id: string): Promise<SandboxRow | undefined> {
  return (await db.selectFrom('sandboxes').selectAll().where('id', '=', id).executeTakeFirst()) as SandboxRow | undefined;
}

export async function listSandboxRows(db: Db): Promise<SandboxRow[]> {
  return (await db.selectFrom('sandboxes').selectAll().orderBy('created_at').orderBy('id').execute()) as SandboxRow[];
}

/** A sandbox's vendor requests journaled since it was created, and when the newest was (epoch ms). */
export interface SandboxActivity {
  requestCount: number;
  lastRequestAt: number | null;
}

export const NO_ACTIVITY: SandboxActivity = { requestCount: 0, lastRequestAt: null };

/** The activity of one sandbox, or of every sandbox (one query either way), by sandbox. */
export async function activityOf(db: Db | Tx, sandboxId?: string): Promise<Map<string, SandboxActivity>> {
  let q = db.selectFrom('sandbox_activity').select(['sandbox_id', 'request_count', 'last_request_at']);
  if (sandboxId !== undefined) q = q.where('sandbox_id', '=', sandboxId);
  const out = new Map<string, SandboxActivity>();
  for (const r of await q.execute()) out.set(r.sandbox_id, { requestCount: Number(r.request_count), lastRequestAt: Number(r.last_request_at) });
  return out;
}

/** Every credential of some sandboxes (primary ones only, unless told otherwise), by sandbox. */
export async function credentialsOf(db: Db | Tx, sandboxIds: string[], opts: { primaryOnly?: boolean } = {}): Promise<Map<string, CredentialRow[]>> {
  const out = new Map<string, CredentialRow[]>();
  if (sandboxIds.length === 0) return out;
  let q = db.selectFrom('credentials').select(['sandbox_id', 'dialect', 'kind', 'key', 'secret', 'scope', 'is_primary']).where('sandbox_id', 'in', sandboxIds);
  if (opts.primaryOnly !== false) q = q.where('is_primary', '=', 1);
  for (const r of await q.orderBy('dialect').orderBy('kind').orderBy('key').execute()) {
    const list = out.get(r.sandbox_id) ?? [];
    list.push({ dialect: r.dialect, kind: r.kind, key: r.key, secret: r.secret, scope: r.scope, isPrimary: Number(r.is_primary) === 1 });
    out.set(r.sandbox_id, list);
  }
  return out;
}

export async function insertCredentials(tx: Tx, sandboxId: string, rows: CredentialRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insertInto('credentials')
    .values(
      rows.map((r) => ({
        dialect: r.dialect,
        kind: r.kind,
        key: r.key,
        secret: r.secret ?? null,
        scope: r.scope ?? null,
        is_primary: r.isPrimary === false ? 0 : 1,
        sandbox_id: sandboxId,
      })),
    )
    .execute();
}

/** Inserts rows in chunks small enough for either engine's bound-parameter limit. */
export async function insertRows(tx: Tx, table: string, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]).length || 1;
  const chunk = Math.max(1, Math.floor(30000 / columns));
  for (let i = 0; i < rows.length; i += chunk) {
    await tx.insertInto(table).values(rows.slice(i, i + chunk)).execute();
  }
}

/**
 * Adds a credential a dialect's fixtures need beyond the primary ones (a second Comeback
 * organization's token); kept as it is when the sandbox is reset and seeded again.
 */
export async function ensureCredential(tx: Tx, sandboxId: string, dialect: string, c: StoredCredential): Promise<void> {
  await tx
    .insertInto('credentials')
    .values({ dialect, kind: c.kind, key: c.key, secret: c.secret ?? null, scope: c.scope ?? null, is_primary: 0, sandbox_id: sandboxId })
    .onConflict((oc) => oc.columns(['dialect', 'kind', 'key']).doNothing())
    .execute();
}

/** Ties a credential to a scope inside its sandbox (e.g. a Comeback token to its organization). */
export async function setCredentialScope(tx: Tx, dialect: string, kind: string, key: string, scope: string): Promise<void> {
  await tx.updateTable('credentials').set({ scope }).where('dialect', '=', dialect).where('kind', '=', kind).where('key', '=', key).execute();
}

/** The credentials of one dialect and kind in a sandbox (e.g. every Comeback token). */
export async function sandboxCredentials(db: Db | Tx, sandboxId: string, dialect: string, kind: string): Promise<StoredCredential[]> {
  const rows = await db
    .selectFrom('credentials')
    .select(['kind', 'key', 'secret', 'scope'])
    .where('sandbox_id', '=', sandboxId)
    .where('dialect', '=', dialect)
    .where('kind', '=', kind)
    .orderBy('is_primary', 'desc')
    .orderBy('key')
    .execute();
  return rows as StoredCredential[];
}

import type { Db, Tx } from '../db/engine.ts';
import { prepared } from '../db/prepared.ts';
import type { ClockState } from '../clock.ts';
import type { DialectName } from '../dialect.ts';
import type { CredentialRow } from './credentials.ts';

export interface SandboxRow {
  id: string;
  name: string;
  fixtures: string;
  created_at: number;
  clock_offset_ms: number;
  clock_frozen_ms: number | null;
  fault_rule_count: number;
}

/** What a dialect request knows about its sandbox once its credential is checked. */
export interface SandboxContext {
  id: string;
  clock: ClockState;
  faultRuleCount: number;
  /** The matched credential: `secret` for dialects that check a second half, `scope` for e.g. a Comeback organization. */
  credential: { key: string; secret: string | null; scope: string | null };
}

export function clockOf(row: Pick<SandboxRow, 'clock_offset_ms' | 'clock_frozen_ms'>): ClockState {
  return {
    offsetMs: Number(row.clock_offset_ms),
    frozenMs: row.clock_frozen_ms === null ? null : Number(row.clock_frozen_ms),
  };
}

const credentialLookup = prepared((db, dialect: string, key: string) =>
  db
    .selectFrom('credentials as c')
    .innerJoin('sandboxes as s', 's.id', 'c.sandbox_id')
    .select(['s.id', 's.clock_offset_ms', 's.clock_frozen_ms', 's.fault_rule_count', 'c.key', 'c.secret', 'c.scope'])
    .where('c.dialect', '=', dialect)
    .where('c.key', '=', key),
);

export async function findByCredential(db: Db, dialect: DialectName, key: string): Promise<SandboxContext | undefined> {
  const [row] = await credentialLookup(db, dialect, key);
  if (!row) return undefined;
  return {
    id: row.id,
    clock: clockOf(row),
    faultRuleCount: Number(row.fault_rule_count),
    credential: { key: row.key, secret: row.secret, scope: row.scope },
  };
}

export async function getSandbox(db: Db | Tx, id: string): Promise<SandboxRow | undefined> {
  return (await db.selectFrom('sandboxes').selectAll().where('id', '=', id).executeTakeFirst()) as SandboxRow | undefined;
}

export async function listSandboxRows(db: Db): Promise<SandboxRow[]> {
  return (await db.selectFrom('sandboxes').selectAll().orderBy('created_at').orderBy('id').execute()) as SandboxRow[];
}

export async function primaryCredentials(db: Db | Tx, sandboxIds: string[]): Promise<Map<string, CredentialRow[]>> {
  const out = new Map<string, CredentialRow[]>();
  if (sandboxIds.length === 0) return out;
  const rows = await db
    .selectFrom('credentials')
    .select(['sandbox_id', 'dialect', 'key', 'secret'])
    .where('sandbox_id', 'in', sandboxIds)
    .where('is_primary', '=', 1)
    .execute();
  for (const r of rows) {
    const list = out.get(r.sandbox_id) ?? [];
    list.push({ dialect: r.dialect, key: r.key, secret: r.secret });
    out.set(r.sandbox_id, list);
  }
  return out;
}

export async function insertCredentials(
  tx: Tx,
  sandboxId: string,
  rows: Array<CredentialRow & { scope?: string | null; isPrimary?: boolean }>,
): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insertInto('credentials')
    .values(
      rows.map((r) => ({
        dialect: r.dialect,
        key: r.key,
        secret: r.secret,
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
export async function ensureCredential(
  tx: Tx,
  sandboxId: string,
  c: { dialect: DialectName; key: string; secret?: string | null; scope?: string | null },
): Promise<void> {
  await tx
    .insertInto('credentials')
    .values({ dialect: c.dialect, key: c.key, secret: c.secret ?? null, scope: c.scope ?? null, is_primary: 0, sandbox_id: sandboxId })
    .onConflict((oc) => oc.columns(['dialect', 'key']).doNothing())
    .execute();
}

/** Ties a credential to a scope inside its sandbox (e.g. a Comeback token to its organization). */
export async function setCredentialScope(tx: Tx, dialect: DialectName, key: string, scope: string): Promise<void> {
  await tx.updateTable('credentials').set({ scope }).where('dialect', '=', dialect).where('key', '=', key).execute();
}

import { sql } from 'kysely';
import type { Db, Tx } from '../db/engine.ts';
import type { SandboxRow } from '../sandboxes/store.ts';

export interface TimerRow {
  sandbox_id: string;
  dialect: string;
  job: string;
  key: string;
  due_at: number;
  created_at: number;
  failures: number;
  retry_at: number | null;
}

/** A timer that came due, with what its sandbox is now. */
export type DueTimer = TimerRow & Pick<SandboxRow, 'clock_offset_ms' | 'clock_frozen_ms' | 'fault_rule_count' | 'seed' | 'signing_key'>;

/**
 * The sandbox clock of the row `s` of `sandboxes`, in SQL: the one place it is written for the
 * database (core/clock.ts has the same rule for a loaded sandbox).
 */
export const sandboxNowSql = (realNowMs: number) => sql<number>`coalesce(s.clock_frozen_ms, ${realNowMs} + s.clock_offset_ms)`;

/**
 * Sets a timer. `earliest` keeps an earlier time already set (a point expiry that is sooner),
 * `replace` sets this time whatever was there.
 */
export async function upsertTimer(
  tx: Tx,
  t: { sandboxId: string; dialect: string; job: string; key: string; dueAt: number; createdAt: number; keep: 'earliest' | 'replace' },
): Promise<void> {
  const due = t.keep === 'earliest' ? sql`case when timers.due_at < excluded.due_at then timers.due_at else excluded.due_at end` : sql`excluded.due_at`;
  await sql`insert into timers (sandbox_id, dialect, job, key, due_at, created_at, failures, retry_at)
    values (${t.sandboxId}, ${t.dialect}, ${t.job}, ${t.key}, ${t.dueAt}, ${t.createdAt}, 0, null)
    on conflict (sandbox_id, dialect, job, key) do update set due_at = ${due}, failures = 0, retry_at = null`.execute(tx);
}

export async function deleteTimer(tx: Tx, t: { sandboxId: string; dialect: string; job: string; key: string }): Promise<void> {
  await tx.deleteFrom('timers').where('sandbox_id', '=', t.sandboxId).where('dialect', '=', t.dialect).where('job', '=', t.job).where('key', '=', t.key).execute();
}

type TimerKey = Pick<TimerRow, 'sandbox_id' | 'dialect' | 'job' | 'key' | 'due_at'>;

/** The one timer `t` names, while it is still due at the time it was read with. */
function sameTimer<Q extends { where(...args: any[]): Q }>(q: Q, t: TimerKey): Q {
  return q.where('sandbox_id', '=', t.sandbox_id).where('dialect', '=', t.dialect).where('job', '=', t.job).where('key', '=', t.key).where('due_at', '=', t.due_at);
}

/** Takes a timer that is still due at `dueAt`: true for exactly one taker (the others find it gone or moved). */
export async function takeTimer(tx: Tx, t: TimerKey): Promise<boolean> {
  const res = await sameTimer(tx.deleteFrom('timers'), t).executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}

/** After a failed run: retried, but not before `retryAt` (real time). */
export async function markFailed(db: Db, t: TimerKey, retryAt: number): Promise<void> {
  await sameTimer(db.updateTable('timers').set((eb) => ({ failures: eb('failures', '+', 1), retry_at: retryAt })), t).execute();
}

/**
 * Timers due by their sandbox's clock, soonest first; one sandbox only when `sandboxId` is given.
 * Two index ranges, so that a poll costs what is due, not how many sandboxes there are: timers of
 * sandboxes on real time up to real now (the `due_at` index), and, for each sandbox whose clock
 * was moved or frozen (a partial index holds just those), its timers up to its own now.
 */
export async function selectDue(db: Db, realNowMs: number, limit: number, sandboxId?: string): Promise<DueTimer[]> {
  const only = sandboxId === undefined ? sql`` : sql`and s.id = ${sandboxId}`;
  const columns = sql`t.sandbox_id, t.dialect, t.job, t.key, t.due_at, t.created_at, t.failures, t.retry_at, s.clock_offset_ms, s.clock_frozen_ms, s.fault_rule_count, s.seed, s.signing_key`;
  const retry = sql`(t.retry_at is null or t.retry_at <= ${realNowMs})`;
  const rows = await sql<DueTimer>`
    select * from (
      select ${columns} from timers t join sandboxes s on s.id = t.sandbox_id
      where t.due_at <= ${realNowMs} and s.clock_offset_ms = 0 and s.clock_frozen_ms is null and ${retry} ${only}
      union all
      select ${columns} from sandboxes s cross join timers t
      where (s.clock_offset_ms <> 0 or s.clock_frozen_ms is not null) and t.sandbox_id = s.id
        and t.due_at <= ${sandboxNowSql(realNowMs)} and ${retry} ${only}
    ) due
    order by due_at
    limit ${limit}`.execute(db);
  return rows.rows.map((r) => ({ ...r, due_at: Number(r.due_at), created_at: Number(r.created_at), failures: Number(r.failures), retry_at: r.retry_at === null ? null : Number(r.retry_at) }));
}

export async function selectTimers(db: Db, sandboxId: string): Promise<TimerRow[]> {
  const rows = (await db.selectFrom('timers').selectAll().where('sandbox_id', '=', sandboxId).orderBy('due_at').orderBy('dialect').orderBy('job').orderBy('key').execute()) as TimerRow[];
  return rows.map((r) => ({ ...r, due_at: Number(r.due_at), created_at: Number(r.created_at), failures: Number(r.failures), retry_at: r.retry_at === null ? null : Number(r.retry_at) }));
}

import { PostgresAdapter } from 'kysely';
import type { Db, Tx } from '../db/engine.ts';
import { prepared } from '../db/prepared.ts';
import { SandboxGoneError } from '../errors.ts';

export { SandboxGoneError };

// On PostgreSQL the row is key-share locked: a DELETE of the sandbox (or a reset, which locks the
// row for update) waits until this transaction commits, and then sees and removes its rows.
const liveSandbox = prepared((db, id: string) => {
  const q = db.selectFrom('sandboxes').select('id').where('id', '=', id);
  return db.getExecutor().adapter instanceof PostgresAdapter ? q.forKeyShare() : q;
});

/**
 * A transaction that writes a sandbox's rows outside a dialect scope (control writes such as
 * webhook URLs). It first makes sure the sandbox still exists, under a lock its DELETE must wait
 * for: without it, a write whose sandbox was deleted meanwhile could insert rows that outlive
 * the sandbox. On SQLite one transaction runs at a time, so the check alone is enough. Dialect
 * writes get the same guard from `SandboxScope.tx` (core/scope.ts).
 */
export async function sandboxTransaction<T>(db: Db, sandboxId: string, run: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    if ((await liveSandbox(tx, sandboxId)).length === 0) throw new SandboxGoneError(sandboxId);
    return run(tx);
  });
}

/** Whether the sandbox still exists, locked as `sandboxTransaction` locks it. */
export async function isLive(tx: Tx, sandboxId: string): Promise<boolean> {
  return (await liveSandbox(tx, sandboxId)).length > 0;
}

import { PostgresAdapter } from 'kysely';
import type { Db, Tx } from '../db/engine.ts';
import { prepared } from '../db/prepared.ts';
import { NotFoundError } from './service.ts';

/** The sandbox a write was for is gone: deleted after the request's credential was checked. */
export class SandboxGoneError extends NotFoundError {
  constructor(readonly sandboxId: string) {
    super(`sandbox '${sandboxId}' not found`);
  }
}

// On PostgreSQL the row is key-share locked: a DELETE of the sandbox (or a reset, which locks the
// row for update) waits until this transaction commits, and then sees and removes its rows.
const liveSandbox = prepared((db, id: string) => {
  const q = db.selectFrom('sandboxes').select('id').where('id', '=', id);
  return db.getExecutor().adapter instanceof PostgresAdapter ? q.forKeyShare() : q;
});

/**
 * A transaction that writes a sandbox's data (vendor writes, fixture bundles). It first makes sure
 * the sandbox still exists, under a lock its DELETE must wait for. Without it, a request whose
 * credential resolved just before the sandbox was deleted could insert rows after the DELETE's
 * transaction had removed what it could see, and they would outlive the sandbox. On SQLite one
 * transaction runs at a time, so the check alone is enough. Reads need none of this.
 */
export async function sandboxTransaction<T>(db: Db, sandboxId: string, run: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    if ((await liveSandbox(tx, sandboxId)).length === 0) throw new SandboxGoneError(sandboxId);
    return run(tx);
  });
}

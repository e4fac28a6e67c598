import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { REAL_TIME } from '../../src/core/clock.ts';
import { nextId } from '../../src/core/db/sequences.ts';
import { NotFoundError } from '../../src/core/sandboxes/service.ts';
import { SandboxGoneError, sandboxTransaction } from '../../src/core/sandboxes/transaction.ts';
import { createVouchers, recordTransaction } from '../../src/dialects/touchoffice/model.ts';
import { ENGINE, useTestApp } from '../helpers/app.ts';

/**
 * CONTRACT.md: `DELETE /_understudy/sandboxes/{id}` → 204, "its data and credentials are gone",
 * also when a write of that sandbox is under way: a vendor request whose credential was checked
 * just before the DELETE must not leave rows behind.
 */
describe('deleting a sandbox while one of its writes is under way', () => {
  const app = useTestApp();

  /** Rows of the sandbox left in any table that holds sandbox data. */
  async function leftovers(sandboxId: string): Promise<Record<string, number>> {
    const { core } = app.t;
    const tables = Object.keys(core.tables);
    const left: Record<string, number> = {};
    for (const table of tables) {
      const rows = await core.db.selectFrom(table).select('sandbox_id').where('sandbox_id', '=', sandboxId).execute();
      if (rows.length) left[table] = rows.length;
    }
    return left;
  }

  const deleteSandbox = (id: string) => app.t.call({ method: 'DELETE', url: `/_understudy/sandboxes/${id}` });

  it('a write that reaches the database after the DELETE (its credential resolved before) is refused and stores nothing', async () => {
    const { core } = app.t;
    const sb = await app.t.sandbox('demo');
    expect((await deleteSandbox(sb.id)).status).toBe(204);

    // What the vendor routes would call with the scope their credential resolved to.
    const scope = core.scopes.create({ dialect: 'touchoffice', sandbox: { id: sb.id, clock: REAL_TIME, faultRuleCount: 0, seed: null, signingKey: '' }, stream: null });
    await expect(createVouchers(scope, [{ type: 1, number: 'ORPHAN' }])).rejects.toBeInstanceOf(SandboxGoneError);
    await expect(recordTransaction(scope, { site: 1, saleID: 1, voucherNumber: 'ABCDEF123', amount: 1 })).rejects.toThrow();
    // And the control writes that come after their own existence check.
    await expect(core.faults.replace(sb.id, [{ status: 500 }])).rejects.toBeInstanceOf(NotFoundError);
    expect(await leftovers(sb.id)).toEqual({});
  });

  it('a write transaction open when the DELETE arrives: the DELETE waits for it, then removes its rows', async () => {
    const { core } = app.t;
    const sb = await app.t.sandbox('empty');
    let entered!: () => void;
    let release!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    const write = sandboxTransaction(core.db, sb.id, async (tx) => {
      await nextId(tx, sb.id, 'race.probe');
      await tx.insertInto('to_sites').values({ sandbox_id: sb.id, id: 9, name: 'inserted in flight' }).execute();
      entered();
      await gate;
    });
    await inside;
    const deleted = deleteSandbox(sb.id);
    if (ENGINE === 'postgres') {
      // The DELETE is blocked on the sandbox row the write holds (on SQLite, transactions take turns).
      const deadline = Date.now() + 10_000;
      for (;;) {
        const { rows } = await sql<{ n: number }>`
          select count(*)::int as n from pg_stat_activity
          where wait_event_type = 'Lock' and query ilike 'delete from "sandboxes"%'`.execute(core.db);
        if (rows[0].n > 0) break;
        if (Date.now() > deadline) throw new Error('the DELETE never waited for the write under way');
        await new Promise((r) => setTimeout(r, 10));
      }
    }
    release();
    await write;
    expect((await deleted).status).toBe(204);
    expect(await leftovers(sb.id)).toEqual({});
  });
});

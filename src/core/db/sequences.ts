import { sql } from 'kysely';
import type { Db, Tx } from './engine.ts';

/**
 * The next id of a per-sandbox sequence (vendor ids such as voucher 146 are per sandbox).
 * One upsert statement: safe under concurrency on both engines.
 */
export async function nextId(db: Db | Tx, sandboxId: string, name: string): Promise<number> {
  const row = await sql<{ value: number }>`
    insert into sequences (sandbox_id, name, value) values (${sandboxId}, ${name}, 1)
    on conflict (sandbox_id, name) do update set value = sequences.value + 1
    returning value`.execute(db);
  return Number(row.rows[0].value);
}

/** `count` ids of a sequence at once, in one statement: the first of them (the others follow it). */
export async function nextIds(db: Db | Tx, sandboxId: string, name: string, count: number): Promise<number> {
  const row = await sql<{ value: number }>`
    insert into sequences (sandbox_id, name, value) values (${sandboxId}, ${name}, ${count})
    on conflict (sandbox_id, name) do update set value = sequences.value + ${count}
    returning value`.execute(db);
  return Number(row.rows[0].value) - count + 1;
}

/** Makes sure the sequence hands out ids above `atLeast` (after fixtures with fixed ids). */
export async function raiseSequence(db: Db | Tx, sandboxId: string, name: string, atLeast: number): Promise<void> {
  await sql`
    insert into sequences (sandbox_id, name, value) values (${sandboxId}, ${name}, ${atLeast})
    on conflict (sandbox_id, name) do update set value = case
      when sequences.value < ${atLeast} then ${atLeast} else sequences.value end`.execute(db);
}

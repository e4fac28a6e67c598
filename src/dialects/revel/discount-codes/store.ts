import { sql } from 'kysely';
import type { Db, Tx } from '../../../core/db/engine.ts';

/** A discount code row (`rv_discount_codes`, see ../store.ts). */
export interface DiscountCodeRow {
  sandbox_id: string;
  id: number;
  discount_id: number;
  establishment_id: number;
  code: string;
  type: number;
  used: number;
}

/** The pending asynchronous first code of an EMS-managed discount (`rv_discount_code_requests`). */
export interface CodeRequestRow {
  sandbox_id: string;
  discount_id: number;
  code: string;
  type: number;
  used: number;
  callback_url: string | null;
  due_at: number;
  created_at: number;
}

type Handle = Db | Tx;

const toRow = (r: Record<string, unknown>): DiscountCodeRow => ({
  sandbox_id: r.sandbox_id as string,
  id: Number(r.id),
  discount_id: Number(r.discount_id),
  establishment_id: Number(r.establishment_id),
  code: r.code as string,
  type: Number(r.type),
  used: Number(r.used),
});

const toRequest = (r: Record<string, unknown>): CodeRequestRow => ({
  sandbox_id: r.sandbox_id as string,
  discount_id: Number(r.discount_id),
  code: r.code as string,
  type: Number(r.type),
  used: Number(r.used),
  callback_url: (r.callback_url as string | null) ?? null,
  due_at: Number(r.due_at),
  created_at: Number(r.created_at),
});

export const CODE_SEQUENCE = 'revel.DiscountCode';

/** One page of a discount's codes in id order, read through the (sandbox, discount, id) index. */
export async function selectCodePage(db: Handle, sandboxId: string, discountId: number, offset: number, limit: number): Promise<DiscountCodeRow[]> {
  const rows = await db
    .selectFrom('rv_discount_codes')
    .selectAll()
    .where('sandbox_id', '=', sandboxId)
    .where('discount_id', '=', discountId)
    .orderBy('id')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map(toRow);
}

export async function selectCode(db: Handle, sandboxId: string, id: number): Promise<DiscountCodeRow | undefined> {
  const row = await db.selectFrom('rv_discount_codes').selectAll().where('sandbox_id', '=', sandboxId).where('id', '=', id).executeTakeFirst();
  return row ? toRow(row) : undefined;
}

export async function hasCodes(db: Handle, sandboxId: string, discountId: number): Promise<boolean> {
  const row = await db.selectFrom('rv_discount_codes').select('id').where('sandbox_id', '=', sandboxId).where('discount_id', '=', discountId).limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function insertCode(tx: Tx, row: DiscountCodeRow): Promise<void> {
  await tx.insertInto('rv_discount_codes').values(row).execute();
}

export async function insertCodes(tx: Tx, rows: DiscountCodeRow[]): Promise<void> {
  if (rows.length) await tx.insertInto('rv_discount_codes').values(rows).execute();
}

/**
 * PUT/PATCH of a code in one statement: it changes only if every flag sent differs from the
 * stored one (revel-2.79-changelog.txt, PUT rule 1), so two clients setting `used` at once
 * cannot both succeed. False when nothing changed.
 */
export async function flipCode(
  tx: Tx,
  sandboxId: string,
  id: number,
  discountId: number,
  change: { type?: number; used?: number },
): Promise<boolean> {
  let q = tx.updateTable('rv_discount_codes').set(change).where('sandbox_id', '=', sandboxId).where('id', '=', id).where('discount_id', '=', discountId);
  if (change.type !== undefined) q = q.where('type', '<>', change.type);
  if (change.used !== undefined) q = q.where('used', '<>', change.used);
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/**
 * Queues the first code of an EMS base discount, in one statement: only while the discount
 * has no code, and only one request per discount (the primary key). False when either
 * already exists.
 */
export async function insertRequestIfFirst(tx: Tx, row: CodeRequestRow): Promise<boolean> {
  const res = await sql<{ discount_id: number }>`
    insert into rv_discount_code_requests (sandbox_id, discount_id, code, type, used, callback_url, due_at, created_at)
    select cast(${row.sandbox_id} as text), cast(${row.discount_id} as bigint), cast(${row.code} as text), cast(${row.type} as integer),
      cast(${row.used} as integer), cast(${row.callback_url} as text), cast(${row.due_at} as bigint), cast(${row.created_at} as bigint)
    where not exists (select 1 from rv_discount_codes c where c.sandbox_id = cast(${row.sandbox_id} as text) and c.discount_id = cast(${row.discount_id} as bigint))
    on conflict (sandbox_id, discount_id) do nothing
    returning discount_id`.execute(tx);
  return res.rows.length === 1;
}

export async function selectRequest(db: Handle, sandboxId: string, discountId: number): Promise<CodeRequestRow | undefined> {
  const row = await db
    .selectFrom('rv_discount_code_requests')
    .selectAll()
    .where('sandbox_id', '=', sandboxId)
    .where('discount_id', '=', discountId)
    .executeTakeFirst();
  return row ? toRequest(row) : undefined;
}

/** Takes a due request off the queue; only one caller gets it (the others see it gone). */
export async function takeDueRequest(tx: Tx, sandboxId: string, discountId: number, nowMs: number): Promise<CodeRequestRow | undefined> {
  const row = await tx
    .deleteFrom('rv_discount_code_requests')
    .where('sandbox_id', '=', sandboxId)
    .where('discount_id', '=', discountId)
    .where('due_at', '<=', nowMs)
    .returningAll()
    .executeTakeFirst();
  return row ? toRequest(row) : undefined;
}

/** The codes and the pending request of a deleted discount. */
export async function deleteCodesOf(tx: Tx, sandboxId: string, discountId: number): Promise<void> {
  await tx.deleteFrom('rv_discount_codes').where('sandbox_id', '=', sandboxId).where('discount_id', '=', discountId).execute();
  await tx.deleteFrom('rv_discount_code_requests').where('sandbox_id', '=', sandboxId).where('discount_id', '=', discountId).execute();
}

import type { Db, Tx } from '../../core/db/engine.ts';
import { isUniqueViolation } from '../../core/db/errors.ts';
import { nextId } from '../../core/db/sequences.ts';
import type { Random } from '../../core/random.ts';
import type { SandboxScope } from '../../core/scope.ts';
import { invalid, NO_DATA, noData, refused, unknownVoucher } from './errors.ts';
import type { NewVoucherInput, VoucherPatchInput, VoucherTransactionInput, VoucherView } from './schemas.ts';
import {
  applyUse,
  deleteVoucherRow,
  insertTransactionOnce,
  insertVoucher,
  selectVoucher,
  selectVouchers,
  siteExists,
  TRANSACTION_SEQUENCE,
  updateVoucherRow,
  VOUCHER_DEFAULTS,
  VOUCHER_SEQUENCE,
  type VoucherFilter,
  type VoucherRow,
} from './store.ts';

export { NO_DATA };

/** What a read needs of a scope: the sandbox and the database. */
export type Reader = Pick<SandboxScope, 'db' | 'sandboxId'>;
const PARTIAL_REDEEM = 0x1;
const GIFT_CARD = 1;

export function toView(r: VoucherRow): VoucherView {
  return {
    id: Number(r.id),
    site: Number(r.site),
    number: r.number,
    type: r.type,
    name: r.name,
    desc: r.description,
    startdate: r.startdate,
    enddate: r.enddate,
    value: r.value === null ? null : Number(r.value),
    flag: r.flag,
    maxuses: r.maxuses,
    uses: r.uses,
    used_amount: Number(r.used_amount),
    minsalevalue: r.minsalevalue === null ? null : Number(r.minsalevalue),
    group: r.groups,
    ifgroup: r.ifgroups,
    dept: r.depts,
    ifdept: r.ifdepts,
    plu: r.plus,
    ifplu: r.ifplus,
    active: r.active === 1,
  };
}

/** The document's dates, `YYYY-MM-DD HH:MM:SS`, read as UTC (the document names no zone). */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

function checkDate(field: string, value: string | null | undefined): void {
  if (value === null || value === undefined) return;
  const ms = Date.parse(`${value.replace(' ', 'T')}Z`);
  if (Number.isNaN(ms) || formatDateTime(ms) !== value) throw invalid(`Invalid ${field}: '${value}' is not a date in the format YYYY-MM-DD HH:MM:SS`);
}

function checkMoney(field: string, value: number | null | undefined): void {
  if (value === null || value === undefined) return;
  if (Math.abs(Math.round(value * 100) - value * 100) > 1e-6) throw invalid(`Invalid ${field}: '${value}' has more than 2 decimal places (Decimal(18,2))`);
}

function list(value: string | number | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  return String(value).replace(/\s+/g, '');
}

/** The row columns a POST or PATCH body sets (read-only `id`, `uses`, `used_amount` are ignored). */
function columnsFrom(input: VoucherPatchInput): Partial<VoucherRow> {
  const c: Partial<VoucherRow> = {};
  const set = <K extends keyof VoucherRow>(k: K, v: VoucherRow[K] | undefined) => {
    if (v !== undefined) c[k] = v;
  };
  set('site', input.site);
  set('number', input.number);
  set('type', input.type);
  set('name', input.name);
  set('description', input.desc);
  set('startdate', input.startdate);
  set('enddate', input.enddate);
  set('value', input.value);
  set('flag', input.flag);
  set('maxuses', input.maxuses);
  set('minsalevalue', input.minsalevalue);
  set('groups', list(input.group));
  set('ifgroups', list(input.ifgroup));
  set('depts', list(input.dept));
  set('ifdepts', list(input.ifdept));
  set('plus', list(input.plu));
  set('ifplus', list(input.ifplu));
  if (input.active !== undefined) c.active = input.active ? 1 : 0;
  return c;
}

async function checkVoucher(db: Db | Tx, sandboxId: string, v: Pick<VoucherRow, 'site' | 'startdate' | 'enddate' | 'value' | 'minsalevalue'>): Promise<void> {
  checkDate('startdate', v.startdate);
  checkDate('enddate', v.enddate);
  if (v.startdate && v.enddate && v.enddate < v.startdate) throw invalid(`Invalid enddate: '${v.enddate}' is before startdate '${v.startdate}'`);
  checkMoney('value', v.value);
  checkMoney('minsalevalue', v.minsalevalue);
  if (v.site !== 0 && !(await siteExists(db, sandboxId, v.site))) throw invalid(`Invalid site: site ${v.site} does not exist (use 0 for all sites)`);
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** "auto generated if not provided": ten upper-case letters, as the document's samples show. */
function generatedNumber(random: Random): string {
  return random.pick(LETTERS, 10);
}

function duplicate(number: string) {
  return invalid(`Invalid number: a voucher with number '${number}' already exists`);
}

export async function listVouchers(s: Reader, filter: VoucherFilter): Promise<VoucherView[]> {
  return (await selectVouchers(s.db, s.sandboxId, filter)).map(toView);
}

export async function getVoucher(s: Reader, number: string): Promise<VoucherView | undefined> {
  const row = await selectVoucher(s.db, s.sandboxId, number);
  return row && toView(row);
}

/** POST vouchers: every voucher of the array, or none of them. */
export async function createVouchers(s: SandboxScope, inputs: NewVoucherInput[]): Promise<VoucherView[]> {
  const sandboxId = s.sandboxId;
  try {
    return await s.tx(async (tx) => {
      const created: VoucherView[] = [];
      for (const input of inputs) {
        const row: VoucherRow = { ...VOUCHER_DEFAULTS, sandbox_id: sandboxId, id: 0, number: '', type: input.type, ...columnsFrom(input) };
        await checkVoucher(tx, sandboxId, row);
        if (input.number === undefined) {
          do row.number = generatedNumber(s.random);
          while (await selectVoucher(tx, sandboxId, row.number));
        } else if (await selectVoucher(tx, sandboxId, row.number)) {
          throw duplicate(row.number);
        }
        row.id = await nextId(tx, sandboxId, VOUCHER_SEQUENCE);
        await insertVoucher(tx, row);
        created.push(toView(row));
      }
      return created;
    });
  } catch (err) {
    // Two requests creating the same number at once: the database decides, the loser is told.
    if (isUniqueViolation(err)) throw invalid('Invalid number: a voucher with that number already exists');
    throw err;
  }
}

/** PATCH vouchers/{number}: the fields sent, checked as on create. */
export async function updateVoucher(s: SandboxScope, number: string, patch: VoucherPatchInput): Promise<VoucherView> {
  const sandboxId = s.sandboxId;
  try {
    return await s.tx(async (tx) => {
      const current = await selectVoucher(tx, sandboxId, number);
      if (!current) throw noData();
      const changes = columnsFrom(patch);
      const next = { ...current, ...changes };
      await checkVoucher(tx, sandboxId, next);
      if (changes.number !== undefined && changes.number !== number && (await selectVoucher(tx, sandboxId, changes.number))) throw duplicate(changes.number);
      await updateVoucherRow(tx, sandboxId, Number(current.id), changes);
      return toView(next);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicate(patch.number ?? number);
    throw err;
  }
}

export async function deleteVoucher(s: SandboxScope, number: string): Promise<void> {
  if (!(await s.tx((tx) => deleteVoucherRow(tx, s.sandboxId, number)))) throw noData();
}

/** Why a use was refused, read off the voucher as it stands. */
function refusal(v: VoucherRow, use: { site: number; amount: number; now: string }): string {
  const n = v.number;
  if (v.active !== 1) return `Voucher ${n} is not active`;
  if (v.startdate !== null && v.startdate > use.now) return `Voucher ${n} is not valid until ${v.startdate}`;
  if (v.enddate !== null && v.enddate < use.now) return `Voucher ${n} expired on ${v.enddate}`;
  if (v.maxuses > 0 && v.uses >= v.maxuses) return `Voucher ${n} has reached its maximum number of uses (${v.maxuses})`;
  if (Number(v.site) !== 0 && Number(v.site) !== use.site) return `Voucher ${n} is not valid at site ${use.site} (only at site ${v.site})`;
  const remaining = Number(v.value ?? 0) - Number(v.used_amount);
  if (v.type === GIFT_CARD && (v.flag & PARTIAL_REDEEM) !== 0 && use.amount > remaining) {
    return `Amount ${use.amount} exceeds the remaining value of voucher ${n} (${remaining})`;
  }
  return `Voucher ${n} cannot be used`;
}

/**
 * POST voucher_transactions: one use of a voucher. Refused with nothing recorded when a rule
 * fails; the same saleID on the same voucher again is the same use, recorded once.
 */
export async function recordTransaction(s: SandboxScope, input: VoucherTransactionInput): Promise<void> {
  const { db, sandboxId, now: nowMs } = s;
  const saleId = String(input.saleID);
  const now = formatDateTime(nowMs);
  const use = { site: input.site, amount: input.amount, now };
  // `datetime DateTime`: a date that does not exist (2017-02-30) is refused like on vouchers.
  checkDate('datetime', input.datetime);
  if (!(await siteExists(db, sandboxId, input.site))) throw invalid(`Invalid site: site ${input.site} does not exist`);
  await s.tx(async (tx) => {
    const voucher = await selectVoucher(tx, sandboxId, input.voucherNumber);
    if (!voucher) throw unknownVoucher(input.voucherNumber);
    const first = await insertTransactionOnce(tx, {
      sandbox_id: sandboxId,
      id: await nextId(tx, sandboxId, TRANSACTION_SEQUENCE),
      voucher_id: Number(voucher.id),
      voucher_number: voucher.number,
      site: input.site,
      sale_id: saleId,
      datetime: input.datetime ?? null,
      amount: input.amount,
      recorded_at: nowMs,
    });
    if (!first) return;
    if (!(await applyUse(tx, sandboxId, Number(voucher.id), use))) {
      const current = (await selectVoucher(tx, sandboxId, input.voucherNumber)) ?? voucher;
      throw refused(refusal(current, use));
    }
  });
}

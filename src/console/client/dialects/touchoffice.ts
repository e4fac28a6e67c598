/**
 * TouchOffice Web vouchers (touchoffice-vouchers.txt): the TAK is a query parameter of every
 * call; `GET vouchers` pages with `limit` and `offset` and says no total. An empty result is
 * HTTP 200 `{"status": 0, "msg": "No Data Available …"}`; any other `status: 0` is a refusal.
 */
import type { Credentials, DataView } from '../dialects.ts';
import { endpoint, getJson, objectOf, paging, recordsOf, cells, VendorError } from './http.ts';
import { shellWords } from './shell.ts';

const NO_DATA = 'No Data Available for the parameters you supplied';
const COLUMNS = ['id', 'number', 'name', 'type', 'value', 'used_amount', 'uses', 'maxuses', 'active', 'site', 'startdate', 'enddate'];

/** `YYYY-MM-DD HH:MM:SS` of an instant, as the vendor writes its dates (UTC, as the dialect compares them). */
const vendorTime = (iso: string) => new Date(iso).toISOString().replace('T', ' ').slice(0, 19);

/**
 * What a voucher transaction would make of the voucher at the sandbox's time, by the document's
 * rules in the order the dialect applies them (inactive, not yet valid, expired, used up).
 */
export function voucherState(v: Record<string, unknown>, now: string): string {
  const at = vendorTime(now);
  if (v.active !== true && v.active !== 1) return 'inactive';
  if (typeof v.startdate === 'string' && v.startdate > at) return 'not yet valid';
  if (typeof v.enddate === 'string' && v.enddate < at) return 'expired';
  if (Number(v.maxuses) > 0 && Number(v.uses) >= Number(v.maxuses)) return 'used up';
  return 'valid';
}

export const touchofficeViews: DataView[] = [
  {
    dialect: 'touchoffice',
    id: 'touchoffice-vouchers',
    label: 'Vouchers',
    async load(ctx) {
      const { page, pageSize, offset } = paging(ctx);
      const requests: string[] = [];
      // One more than the page: whether there is a next page, without a count the API has not.
      const at = endpoint(ctx.origin, 'touchoffice', 'vouchers', { limit: pageSize + 1, offset }, { TAK: [ctx.credentials.touchoffice.tak, '<tak>'] });
      const body = objectOf((await getJson(ctx, at, {}, requests)).body);
      if (body.status !== 1 && body.msg !== NO_DATA) throw new VendorError(at.shown, 200, JSON.stringify(body));
      const vouchers = body.status === 1 ? recordsOf(body.vouchers) : [];
      const shown = vouchers.slice(0, pageSize);
      const now = ctx.now;
      // With the sandbox clock known, a state column says what a use of the voucher would meet now.
      const columns = now ? [...COLUMNS, 'state'] : COLUMNS;
      const rows = shown.map((v) => (now ? [...cells(v, COLUMNS), voucherState(v, now)] : cells(v, COLUMNS)));
      return { columns, rows, page, hasMore: vouchers.length > pageSize, requests };
    },
  },
];

export const touchofficeCurl = (origin: string, c: Credentials['touchoffice']) =>
  shellWords(['curl', '-sS', endpoint(origin, 'touchoffice', 'vouchers', { limit: 20 }, { TAK: [c.tak, ''] }).url]);

/** The TAK travels in the query, never in a header. */
export const touchofficeAuth = (): Array<[string, string]> => [];

export const touchofficeRedacted: Record<string, string> = { tak: '<tak>' };

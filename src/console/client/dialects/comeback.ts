/**
 * Comeback (comeback.txt): `Authorization: <token>` (the raw token, no `Bearer`). `GET customers`
 * pages by `page` (from 0) in fixed pages of 100 and says `lastPage`; each customer object holds
 * its `points` balances, so the list alone gives them (no call per customer).
 */
import type { Credentials, DataView } from '../dialects.ts';
import { cell, endpoint, getJson, objectOf, paging, recordsOf } from './http.ts';
import { headerArgs, shellWords } from './shell.ts';

/** comeback.txt: "This request is paginated in groups of 100". */
export const COMEBACK_PAGE_SIZE = 100;

const COLUMNS = ['id', 'name', 'surname', 'email', 'phoneNumber', 'level', 'points', 'creationTime', 'externalId'];

/** `50 Burgers, 3 Points`: each balance with its point type's name. */
function pointsText(points: unknown): string {
  return recordsOf(points)
    .map((p) => `${cell(p.amount)} ${cell(p.pointTypeName ?? p.pointTypeId)}`)
    .join(', ');
}

export const comebackViews: DataView[] = [
  {
    dialect: 'comeback',
    id: 'comeback-customers',
    label: 'Customers and points',
    async load(ctx) {
      const { page, pageSize, offset } = paging(ctx);
      const requests: string[] = [];
      const headers = { Authorization: ctx.credentials.comeback.token };
      // The console's page is records [offset, offset + pageSize): the vendor pages that hold them.
      const first = Math.floor(offset / COMEBACK_PAGE_SIZE);
      const last = Math.floor((offset + pageSize - 1) / COMEBACK_PAGE_SIZE);
      const customers: Array<Record<string, unknown>> = [];
      let lastPage = first;
      let read = first - 1;
      for (let p = first; p <= last; p++) {
        const body = objectOf((await getJson(ctx, endpoint(ctx.origin, 'comeback', 'customers', { page: p }), headers, requests)).body);
        const got = recordsOf(body.customers);
        customers.push(...got);
        read = p;
        lastPage = typeof body.lastPage === 'number' ? body.lastPage : p;
        if (p >= lastPage) {
          // The last vendor page was read: the total is known.
          const total = lastPage * COMEBACK_PAGE_SIZE + (p === lastPage ? got.length : 0);
          return table(customers, offset - first * COMEBACK_PAGE_SIZE, { hasMore: offset + pageSize < total, total: p === lastPage ? total : undefined });
        }
      }
      // Vendor pages after the last one read exist.
      return table(customers, offset - first * COMEBACK_PAGE_SIZE, { hasMore: read < lastPage });

      function table(all: Array<Record<string, unknown>>, skip: number, more: { hasMore: boolean; total?: number }) {
        const rows = all.slice(skip, skip + pageSize).map((c) => COLUMNS.map((f) => (f === 'points' ? pointsText(c.points) : cell(c[f]))));
        return { columns: COLUMNS, rows, page, hasMore: more.hasMore, ...(more.total === undefined ? {} : { total: more.total }), requests };
      }
    },
  },
];

export const comebackCurl = (origin: string, c: Credentials['comeback']) =>
  shellWords(['curl', '-sS', ...headerArgs([['Authorization', c.token]]), endpoint(origin, 'comeback', 'customers').url]);

/** Every API call carries the token; the pass pages a download URL opens are public. */
export const comebackAuth = (path?: string): Array<[string, string]> => (path?.startsWith('/passes/') ? [] : [['Authorization', '<token>']]);

export const comebackRedacted: Record<string, string> = { authorization: '<token>' };


/**
 * Revel (Tastypie): `API-AUTHENTICATION: key:secret` on every call (also `api_key`/`api_secret`
 * query or form parameters, which the views do not use); lists page with `limit` and `offset`
 * and answer `meta.total_count` and `meta.next` (null on the last page).
 */
import type { Credentials, DataContext, DataTable, DataView } from '../dialects.ts';
import { endpoint, getJson, objectOf, paging, recordsOf, cells } from './http.ts';
import { headerArgs, shellWords } from './shell.ts';

const auth = (c: Credentials['revel']): Record<string, string> => ({ 'API-AUTHENTICATION': `${c.apiKey}:${c.apiSecret}` });

/** One page of `/{namespace}/{Resource}/`, the columns being fields of its objects. */
function tastypieView(id: string, label: string, resource: string, columns: string[]): DataView {
  return {
    dialect: 'revel',
    id,
    label,
    async load(ctx: DataContext): Promise<DataTable> {
      const { page, pageSize, offset } = paging(ctx);
      const requests: string[] = [];
      const at = endpoint(ctx.origin, 'revel', resource, { limit: pageSize, offset });
      const body = objectOf((await getJson(ctx, at, auth(ctx.credentials.revel), requests)).body);
      const meta = objectOf(body.meta);
      return {
        columns,
        rows: recordsOf(body.objects).map((o) => cells(o, columns)),
        page,
        hasMore: typeof meta.next === 'string',
        ...(typeof meta.total_count === 'number' ? { total: meta.total_count } : {}),
        requests,
      };
    },
  };
}

export const revelViews: DataView[] = [
  tastypieView('revel-products', 'Products', 'resources/Product/', ['id', 'name', 'sku', 'barcode', 'price', 'cost', 'active', 'category', 'establishment', 'updated_date']),
  // type 0: an amount, 1: a percentage (README, Revel discounts).
  tastypieView('revel-discounts', 'Discounts', 'resources/Discount/', ['id', 'name', 'type', 'value', 'barcode', 'active', 'establishment', 'updated_date']),
];

export const revelCurl = (origin: string, c: Credentials['revel']) =>
  shellWords(['curl', '-sS', ...headerArgs(Object.entries(auth(c))), endpoint(origin, 'revel', 'resources/Product/', { limit: 20 }).url]);

export const revelAuth = (): Array<[string, string]> => [['API-AUTHENTICATION', '<apiKey>:<apiSecret>']];

export const revelRedacted: Record<string, string> = { api_key: '<apiKey>', api_secret: '<apiSecret>', 'api-authentication': '<apiKey>:<apiSecret>' };

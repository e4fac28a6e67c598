/**
 * Revo InTouch (revo-intouch.txt). Three kinds of request: the API token (`account` +
 * `Authorization: Bearer <apiToken>`: stores, store status, solo/urls …), the customer token
 * (`account` + `Authorization: Bearer <customer token>`: everything below `customer/` that is a
 * customer's own: profile, cards, orders, points) and the account alone (login, register, the
 * catalog sync). No call lists customers: a customer's record, cards and orders are read with
 * that customer's token, which only `POST customer/login` (or register) gives, and a login is a
 * write (it issues a new token each time). So the customer views read with the customer tokens
 * the user gives (input `customerTokens`; `intouchLogin` gets one, as an explicit action), and
 * two more views show what the sandbox's own credentials can list: stores and products.
 * The API pages nothing: every list is read whole and the page cut from it.
 */
import type { Credentials, DataContext, DataInput, DataTable, DataView } from '../dialects.ts';
import { cells, endpoint, getJson, listInput, objectOf, recordsOf, slicePage } from './http.ts';
import { headerArgs, shellWords } from './shell.ts';

/** The demo sandbox's customer (README, InTouch demo data): a login for `intouchLogin`. */
export const INTOUCH_DEMO_CUSTOMER = { email: 'jordi.p@revo.works', password: 'demo-password' } as const;

const TOKENS: DataInput = {
  name: 'customerTokens',
  label: 'Customer tokens',
  help: 'Revo InTouch lists no customers: a customer\'s record, cards and orders are read with that customer\'s token, the api_token of POST customer/login (or register). Give one or more.',
  multiple: true,
  secret: true,
};

const NO_TOKENS_NOTE = 'Revo InTouch\'s API has no customer list: give customer tokens (from POST customer/login) to read those customers\' records.';

const account = (c: Credentials['intouch']) => ({ account: c.account });
const apiToken = (c: Credentials['intouch']) => ({ account: c.account, Authorization: `Bearer ${c.apiToken}` });
const customerToken = (c: Credentials['intouch'], token: string) => ({ account: c.account, Authorization: `Bearer ${token}` });

const table = (columns: string[], all: Array<Record<string, unknown>>, ctx: DataContext, requests: string[], note?: string): DataTable => {
  const { items, hasMore, total } = slicePage(all, ctx);
  return { columns, rows: items.map((r) => cells(r, columns)), page: ctx.page, hasMore, total, requests, ...(note ? { note } : {}) };
};

/** Records of one id once, in the order first read. */
function unique(records: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  const seen = new Set<string>();
  return records.filter((r) => {
    const key = JSON.stringify(r.id);
    if (r.id !== undefined && seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * `customer/{what}` for each given token, its `data` (one object or a list); tokens the API
 * refuses (401: unknown, or another account's) are counted, not fatal.
 */
async function perCustomer(ctx: DataContext, what: string, requests: string[]): Promise<{ records: Array<Record<string, unknown>>; note?: string }> {
  const tokens = listInput(ctx.inputs?.[TOKENS.name]);
  if (tokens.length === 0) return { records: [], note: NO_TOKENS_NOTE };
  const at = endpoint(ctx.origin, 'intouch', what);
  const records: Array<Record<string, unknown>> = [];
  let refused = 0;
  for (const token of tokens) {
    const { status, body } = await getJson(ctx, at, customerToken(ctx.credentials.intouch, token), requests, [401]);
    if (status === 401) {
      refused++;
      continue;
    }
    const data = objectOf(body).data;
    records.push(...(Array.isArray(data) ? recordsOf(data) : [objectOf(data)]));
  }
  return { records: unique(records), ...(refused ? { note: `${refused} of ${tokens.length} customer tokens refused (401): unknown, or not of this account.` } : {}) };
}

function customerView(id: string, label: string, what: string, columns: string[], shape: (r: Record<string, unknown>) => Record<string, unknown> = (r) => r): DataView {
  return {
    dialect: 'intouch',
    id,
    label,
    inputs: [TOKENS],
    async load(ctx) {
      const requests: string[] = [];
      const { records, note } = await perCustomer(ctx, what, requests);
      return table(columns, records.map(shape), ctx, requests, note);
    },
  };
}

/** A catalog sync model, everything current (`new` without `from`), with the account header alone. */
async function synced(ctx: DataContext, model: string, requests: string[]): Promise<Array<Record<string, unknown>>> {
  const { body } = await getJson(ctx, endpoint(ctx.origin, 'intouch', `customer/${model}`), account(ctx.credentials.intouch), requests);
  return recordsOf(objectOf(objectOf(body).data).new);
}

const STORE_COLUMNS = ['id', 'name', 'status', 'username', 'city', 'address', 'phone'];
const PRODUCT_COLUMNS = ['id', 'name', 'price', 'tax', 'points', 'product_category_id', 'deleted_at'];

export const intouchViews: DataView[] = [
  customerView('intouch-customers', 'Customers', 'customer', ['id', 'name', 'email', 'phone', 'points', 'group', 'postalCode', 'created_at', 'updated_at'], (c) => ({
    ...c,
    group: objectOf(c.group).name ?? c.customer_group_id,
  })),
  customerView('intouch-cards', 'Gift cards', 'customer/cards', ['id', 'uuid', 'name', 'amount', 'active', 'customer_id']),
  customerView('intouch-orders', 'Orders', 'customer/orders', ['id', 'store_id', 'customer_id', 'status', 'total', 'taxAmount', 'pointsEarned', 'paid', 'created_at', 'closed_at']),
  {
    dialect: 'intouch',
    id: 'intouch-stores',
    label: 'Stores',
    async load(ctx) {
      const requests: string[] = [];
      const { items, hasMore, total } = slicePage(await synced(ctx, 'stores', requests), ctx);
      const rows: string[][] = [];
      // Each store's status (API token), for the stores of the page only.
      for (const store of items) {
        const at = endpoint(ctx.origin, 'intouch', `stores/${encodeURIComponent(String(store.id))}/status`);
        const { body } = await getJson(ctx, at, apiToken(ctx.credentials.intouch), requests);
        rows.push(cells({ ...store, status: objectOf(objectOf(body).data).status }, STORE_COLUMNS));
      }
      return { columns: STORE_COLUMNS, rows, page: ctx.page, hasMore, total, requests };
    },
  },
  {
    dialect: 'intouch',
    id: 'intouch-products',
    label: 'Products',
    async load(ctx) {
      const requests: string[] = [];
      return table(PRODUCT_COLUMNS, await synced(ctx, 'products', requests), ctx, requests);
    },
  },
];

/**
 * `POST customer/login`: a customer token for the customer views. Not a view: a login is a write
 * (each one issues and stores a new token), for the console to call when the user asks.
 */
export async function intouchLogin(ctx: Pick<DataContext, 'origin' | 'credentials' | 'fetch'>, email: string, password: string): Promise<string> {
  const at = endpoint(ctx.origin, 'intouch', 'customer/login');
  const doFetch = ctx.fetch;
  const res = await doFetch(at.url, { method: 'POST', headers: { ...account(ctx.credentials.intouch), 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ email, password }) });
  const text = await res.text();
  let token: unknown;
  try {
    token = objectOf(objectOf(JSON.parse(text)).data).api_token;
  } catch {
    token = undefined;
  }
  if (!res.ok || typeof token !== 'string') throw new Error(`POST ${at.shown}: ${res.status} ${text.slice(0, 300)}`);
  return token;
}

export const intouchCurl = (origin: string, c: Credentials['intouch']) =>
  shellWords(['curl', '-sS', ...headerArgs(Object.entries(apiToken(c))), endpoint(origin, 'intouch', 'solo/urls').url]);

/** The calls that take the `account` header alone (README, InTouch auth). */
const ACCOUNT_ONLY = /^\/customer\/(login|register|stores|categories|shifts|deliveryShifts|products|menuCategories|menuProducts|modifiers|modifierCategories|productModifierCategories|productStore|sellingFormatStore|kiosk|table\/[^/]+\/available)\/?$/;

/** By path: account alone, account + customer token (`customer/…`), or account + API token. */
export function intouchAuth(path?: string): Array<[string, string]> {
  if (path !== undefined && ACCOUNT_ONLY.test(path)) return [['account', '<account>']];
  if (path !== undefined && /^\/customer(\/|$)/.test(path)) return [['account', '<account>'], ['Authorization', 'Bearer <customerToken>']];
  return [['account', '<account>'], ['Authorization', 'Bearer <apiToken>']];
}

export const intouchRedacted: Record<string, string> = { api_token: '<customerToken>', password: '<password>', authorization: 'Bearer <apiToken>' };

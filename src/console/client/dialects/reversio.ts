/**
 * Revers.io (reversio.txt): `GET token` with `Ocp-Apim-Subscription-Key` + `Ocp-Apim-Secret-Value`
 * answers a JWT in `value`; every other call takes the key and `Authorization: Bearer <jwt>`.
 * Each view load gets its JWT first (valid an hour: once per load is plenty).
 *
 * What the API lists: `catalog/models?page=&pageSize=` (page from 1, `pagination.total` and
 * `hasNextPage`). Orders are read by reference only (`orders/{ref}`, `orders/{ref}/status`, which
 * holds the order's after-sales files); there is no order list. So the order and file views read
 * the orders whose references are known, as an integrator knows its shop's: those the user gives
 * (input `orderReferences`) and, with `ctx.sandboxId`, those of the files in the vendor's back
 * office (the control API's `reversio/files`). A page is a page of those references.
 */
import type { Credentials, DataContext, DataInput, DataView } from '../dialects.ts';
import { cell, cells, controlEndpoint, endpoint, getJson, listInput, objectOf, paging, recordsOf, slicePage } from './http.ts';
import { headerArgs, shellQuote, shellWords } from './shell.ts';

const REFERENCES: DataInput = {
  name: 'orderReferences',
  label: 'Order references',
  help: 'Revers.io reads orders by reference only (GET orders/{orderReference}); it has no order list. Give the references of your orders (the orders with after-sales files are found by themselves).',
  multiple: true,
  example: 'ORDER-00001',
};

const secretHeaders = (c: Credentials['reversio']) => ({ 'Ocp-Apim-Subscription-Key': c.subscriptionKey, 'Ocp-Apim-Secret-Value': c.secretValue });

/** `GET token`, then the headers of every other call. */
async function session(ctx: DataContext, requests: string[]): Promise<Record<string, string>> {
  const c = ctx.credentials.reversio;
  const { body } = await getJson(ctx, endpoint(ctx.origin, 'reversio', 'token'), secretHeaders(c), requests);
  const jwt = objectOf(body).value;
  if (typeof jwt !== 'string') throw new Error('Revers.io: GET token answered no JWT in `value`');
  return { 'Ocp-Apim-Subscription-Key': c.subscriptionKey, Authorization: `Bearer ${jwt}` };
}

/** The references to read: the user's, then those of the back office's files (oldest first). */
async function references(ctx: DataContext, requests: string[]): Promise<string[]> {
  const refs = listInput(ctx.inputs?.[REFERENCES.name]);
  if (ctx.sandboxId) {
    const at = controlEndpoint(ctx.origin, `sandboxes/${encodeURIComponent(ctx.sandboxId)}/reversio/files`);
    const { body } = await getJson(ctx, at, {}, requests);
    for (const f of recordsOf(objectOf(body).files)) if (typeof f.orderReference === 'string' && !refs.includes(f.orderReference)) refs.push(f.orderReference);
  }
  return refs;
}

const orderPath = (ref: string) => `orders/${encodeURIComponent(ref)}`;

/** The orders of the page's references: `orders/{ref}` or `orders/{ref}/status` (404: not found). */
async function ordersOfPage(ctx: DataContext, suffix: '' | '/status', requests: string[]) {
  paging(ctx);
  const refs = await references(ctx, requests);
  const page = slicePage(refs, ctx);
  const found: Array<{ ref: string; value: Record<string, unknown> }> = [];
  const missing: string[] = [];
  let headers: Record<string, string> = {};
  if (page.items.length) {
    headers = await session(ctx, requests);
    for (const ref of page.items) {
      const { status, body } = await getJson(ctx, endpoint(ctx.origin, 'reversio', orderPath(ref) + suffix), headers, requests, [404]);
      if (status === 404) missing.push(ref);
      else found.push({ ref, value: objectOf(objectOf(body).value) });
    }
  }
  const notes = [
    refs.length === 0 ? 'Revers.io\'s API has no order list: give order references to read those orders.' : '',
    missing.length ? `Not found (404): ${missing.join(', ')}.` : '',
  ].filter(Boolean);
  return { found, headers, hasMore: page.hasMore, ...(notes.length ? { note: notes.join(' ') } : {}) };
}

const MODEL_COLUMNS = ['id', 'sku', 'label', 'brandName', 'modelTypeUniqueName', 'state', 'weight', 'createdAt', 'updatedAt'];
const ORDER_COLUMNS = ['orderReference', 'id', 'customer', 'customerMail', 'purchaseDateUtc', 'salesChannel', 'products', 'amount', 'afterSales', 'createdAt'];
const FILE_COLUMNS = ['id', 'orderReference', 'orderLineReference', 'modelId', 'type', 'reason', 'status', 'createdAt', 'updatedAt'];

/** `495 EUR`: the order lines' prices added up, per currency. */
function amountText(products: Array<Record<string, unknown>>): string {
  const sums = new Map<string, number>();
  for (const p of products) {
    const price = objectOf(p.price);
    const amount = typeof price.amount === 'number' ? price.amount : Number(price.amount);
    if (Number.isFinite(amount)) sums.set(cell(price.currency), (sums.get(cell(price.currency)) ?? 0) + amount);
  }
  return [...sums].map(([currency, sum]) => `${Math.round(sum * 100) / 100} ${currency}`.trim()).join(', ');
}

export const reversioViews: DataView[] = [
  {
    dialect: 'reversio',
    id: 'reversio-models',
    label: 'Models',
    async load(ctx) {
      const { page, pageSize } = paging(ctx);
      const requests: string[] = [];
      const headers = await session(ctx, requests);
      const { body } = await getJson(ctx, endpoint(ctx.origin, 'reversio', 'catalog/models', { page: page + 1, pageSize }), headers, requests);
      const answer = objectOf(body);
      const pagination = objectOf(answer.pagination);
      return {
        columns: MODEL_COLUMNS,
        rows: recordsOf(answer.value).map((m) => cells(m, MODEL_COLUMNS)),
        page,
        hasMore: pagination.hasNextPage === true,
        ...(typeof pagination.total === 'number' ? { total: pagination.total } : {}),
        requests,
      };
    },
  },
  {
    dialect: 'reversio',
    id: 'reversio-orders',
    label: 'Orders',
    inputs: [REFERENCES],
    async load(ctx) {
      const requests: string[] = [];
      const orders = await ordersOfPage(ctx, '', requests);
      const statuses = new Map<string, string>();
      for (const { ref } of orders.found) {
        const { body } = await getJson(ctx, endpoint(ctx.origin, 'reversio', `${orderPath(ref)}/status`), orders.headers, requests);
        statuses.set(ref, cell(objectOf(objectOf(body).value).status));
      }
      const rows = orders.found.map(({ ref, value: o }) => {
        const products = recordsOf(o.products);
        const shown: Record<string, unknown> = {
          ...o,
          customer: [o.customerFirstName, o.customerLastName].filter((n) => typeof n === 'string' && n).join(' '),
          products: products.length,
          amount: amountText(products),
          afterSales: statuses.get(ref),
        };
        return cells(shown, ORDER_COLUMNS);
      });
      // No `total`: the API says none, and the references paged through may hold unknown ones.
      return { columns: ORDER_COLUMNS, rows, page: ctx.page, hasMore: orders.hasMore, requests, ...(orders.note ? { note: orders.note } : {}) };
    },
  },
  {
    dialect: 'reversio',
    id: 'reversio-files',
    label: 'After-sales files',
    inputs: [REFERENCES],
    async load(ctx) {
      const requests: string[] = [];
      const orders = await ordersOfPage(ctx, '/status', requests);
      const rows = orders.found.flatMap(({ value }) => recordsOf(value.files).map((f) => cells(f, FILE_COLUMNS)));
      // A page holds the files of a page of orders (no `total`: the API says none).
      return { columns: FILE_COLUMNS, rows, page: ctx.page, hasMore: orders.hasMore, requests, ...(orders.note ? { note: orders.note } : {}) };
    },
  },
];

/**
 * The models list, the JWT fetched inside the command: `$(curl … token | sed …)` picks `value`
 * out of the token's JSON answer (a JWT holds no `"`), so it works as pasted in any POSIX sh.
 */
export function reversioCurl(origin: string, c: Credentials['reversio']): string {
  const token = shellWords(['curl', '-sS', ...headerArgs(Object.entries(secretHeaders(c))), endpoint(origin, 'reversio', 'token').url]);
  const jwt = `"Authorization: Bearer $(${token} | sed -n ${shellQuote('s/.*"value":"\\([^"]*\\)".*/\\1/p')})"`;
  return `${shellWords(['curl', '-sS', '-H', `Ocp-Apim-Subscription-Key: ${c.subscriptionKey}`])} -H ${jwt} ${shellQuote(endpoint(origin, 'reversio', 'catalog/models').url)}`;
}

/** `GET token`: key + secret value; every other call: key + JWT. */
export function reversioAuth(path?: string): Array<[string, string]> {
  if (path !== undefined && /^\/token\/?$/.test(path)) return [['Ocp-Apim-Subscription-Key', '<subscriptionKey>'], ['Ocp-Apim-Secret-Value', '<secretValue>']];
  return [['Ocp-Apim-Subscription-Key', '<subscriptionKey>'], ['Authorization', 'Bearer <jwt>']];
}

export const reversioRedacted: Record<string, string> = {
  'subscription-key': '<subscriptionKey>',
  secret: '<secretValue>',
  'ocp-apim-subscription-key': '<subscriptionKey>',
  'ocp-apim-secret-value': '<secretValue>',
  authorization: 'Bearer <jwt>',
  value: '<jwt>',
};

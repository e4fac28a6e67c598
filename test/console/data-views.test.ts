import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  authPlaceholders,
  DATA_VIEWS,
  INTOUCH_DEMO_CUSTOMER,
  intouchLogin,
  redactedPlaceholder,
  sampleCurl,
  shellQuote,
  type Credentials,
  type DataContext,
  type DataTable,
  type DialectName,
} from '../../src/console/client/dialects.ts';
import { useTestApp } from '../helpers/app.ts';
import { openPortal, submit } from '../reversio/portal.ts';

/**
 * The console's data views (src/console/client/dialects.ts) against a listening server, with
 * Node's fetch as the browser's: each reads its dialect's own API with the sandbox's
 * credentials, pages as the vendor API pages, shows what the API itself answers, and only reads.
 * The sample curls run in sh; the placeholders of "copy as curl" are the dialects' real schemes.
 */
const sh = promisify(execFile);
const DIALECTS: DialectName[] = ['touchoffice', 'revel', 'comeback', 'intouch', 'reversio'];
const VIEW_IDS = [
  'touchoffice-vouchers',
  'revel-products',
  'revel-discounts',
  'comeback-customers',
  'intouch-customers',
  'intouch-cards',
  'intouch-orders',
  'intouch-stores',
  'intouch-products',
  'reversio-models',
  'reversio-orders',
  'reversio-files',
];

interface Sandbox {
  id: string;
  credentials: Credentials;
}

describe('console: data views, sample curls and auth placeholders', () => {
  const app = useTestApp({}, { listen: true });
  let demo: Sandbox;
  /** Every request the views sent, method and URL. */
  const sent: Array<{ method: string; url: string }> = [];

  /** The browser's fetch, as the console passes it: recording what the views send. */
  const recordingFetch: typeof fetch = (input, init) => {
    sent.push({ method: init?.method ?? 'GET', url: String(input) });
    return fetch(input, init);
  };

  const view = (id: string) => {
    const v = DATA_VIEWS.find((x) => x.id === id);
    if (!v) throw new Error(`no view ${id}`);
    return v;
  };
  const load = (id: string, sb: Sandbox, opts: Partial<DataContext> = {}): Promise<DataTable> =>
    view(id).load({ origin: app.url, credentials: sb.credentials, page: 0, pageSize: 20, fetch: recordingFetch, sandboxId: sb.id, ...opts });
  /** Every page of a view, in order, until `hasMore` is false. */
  async function allPages(id: string, sb: Sandbox, pageSize: number, opts: Partial<DataContext> = {}): Promise<DataTable[]> {
    const pages: DataTable[] = [];
    for (let page = 0; ; page++) {
      const t = await load(id, sb, { ...opts, page, pageSize });
      expect(t.page).toBe(page);
      pages.push(t);
      if (!t.hasMore) return pages;
      if (page > 100) throw new Error('hasMore never false');
    }
  }
  const col = (t: DataTable, name: string) => t.rows.map((r) => r[t.columns.indexOf(name)]);

  /** A call of the vendor API (or the control API) itself, over HTTP. */
  async function http(method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(`${app.url}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }
  async function newSandbox(fixtures: 'demo' | 'empty'): Promise<Sandbox> {
    const res = await http('POST', '/_understudy/sandboxes', {}, { fixtures });
    expect(res.status).toBe(201);
    return res.body;
  }
  const revel = (sb: Sandbox) => ({ 'API-AUTHENTICATION': `${sb.credentials.revel.apiKey}:${sb.credentials.revel.apiSecret}` });
  const comeback = (sb: Sandbox) => ({ Authorization: sb.credentials.comeback.token });
  const intouchAccount = (sb: Sandbox) => ({ account: sb.credentials.intouch.account });
  const intouchApi = (sb: Sandbox) => ({ account: sb.credentials.intouch.account, Authorization: `Bearer ${sb.credentials.intouch.apiToken}` });
  const intouchCustomer = (sb: Sandbox, token: string) => ({ account: sb.credentials.intouch.account, Authorization: `Bearer ${token}` });
  const login = (sb: Sandbox) => intouchLogin({ origin: app.url, credentials: sb.credentials, fetch }, INTOUCH_DEMO_CUSTOMER.email, INTOUCH_DEMO_CUSTOMER.password);
  async function reversio(sb: Sandbox) {
    const key = sb.credentials.reversio.subscriptionKey;
    const token = await http('GET', '/reversio/api/v1/token', { 'Ocp-Apim-Subscription-Key': key, 'Ocp-Apim-Secret-Value': sb.credentials.reversio.secretValue });
    expect(token.status).toBe(200);
    return { 'Ocp-Apim-Subscription-Key': key, Authorization: `Bearer ${token.body.value}` };
  }
  /** Every credential value of a sandbox but InTouch's account, a name (`demo`) rather than a secret. */
  const secretsOf = (sb: Sandbox) => Object.values({ ...sb.credentials, intouch: { apiToken: sb.credentials.intouch.apiToken } }).flatMap((c) => Object.values(c as Record<string, string>));

  beforeAll(async () => {
    const res = await http('GET', '/_understudy/sandboxes/demo');
    expect(res.status).toBe(200);
    demo = res.body;
  });

  it('has each view once, under its stable id, for each dialect', () => {
    expect(DATA_VIEWS.map((v) => v.id)).toEqual(VIEW_IDS);
    for (const v of DATA_VIEWS) {
      expect(v.id.startsWith(`${v.dialect}-`)).toBe(true);
      expect(v.label).not.toBe('');
    }
    expect(new Set(DATA_VIEWS.map((v) => v.dialect))).toEqual(new Set(DIALECTS));
  });

  describe('the demo sandbox, as the vendor APIs answer it', () => {
    let jordi: string;
    beforeAll(async () => {
      jordi = await login(demo);
    });

    it('touchoffice-vouchers: GET vouchers with limit/offset; the rows are the API\'s vouchers', async () => {
      const api = (await http('GET', `/touchoffice/vouchers?TAK=${demo.credentials.touchoffice.tak}`)).body.vouchers;
      const t = await load('touchoffice-vouchers', demo);
      expect(t.columns).toEqual(['id', 'number', 'name', 'type', 'value', 'used_amount', 'uses', 'maxuses', 'active', 'site', 'startdate', 'enddate']);
      expect(t.rows).toEqual(api.map((v: any) => [v.id, v.number, v.name, v.type, v.value, v.used_amount, v.uses, v.maxuses, v.active, v.site, v.startdate, v.enddate].map(String)));
      expect(t.rows[0]).toEqual(['2', 'XMSNWVPZRG', '£10 Gift Voucher', '1', '1000', '1000', '3', '0', 'true', '0', '2016-12-02 01:00:00', '2017-12-02 12:36:00']);
      expect(t.hasMore).toBe(false);
      expect(t.total).toBeUndefined();
      expect(t.requests).toEqual([`${app.url}/touchoffice/vouchers?TAK=<tak>&limit=21&offset=0`]);
      const pages = await allPages('touchoffice-vouchers', demo, 2);
      expect(pages.map((p) => col(p, 'number'))).toEqual([['XMSNWVPZRG', 'OGWNFHUSFK'], ['ABCDEF123']]);
      expect(pages.map((p) => p.hasMore)).toEqual([true, false]);
      expect(pages[1].requests).toEqual([`${app.url}/touchoffice/vouchers?TAK=<tak>&limit=3&offset=2`]);
    });

    it('revel-products: /resources/Product/ with limit/offset, total from meta.total_count', async () => {
      const api = (await http('GET', '/revel/resources/Product/919/', revel(demo))).body;
      const t = await load('revel-products', demo);
      expect(t.columns).toEqual(['id', 'name', 'sku', 'barcode', 'price', 'cost', 'active', 'category', 'establishment', 'updated_date']);
      expect(t.rows).toEqual([[String(api.id), api.name, api.sku, api.barcode, String(api.price), api.cost, String(api.active), api.category, api.establishment, api.updated_date]]);
      expect(t.rows[0].slice(0, 3)).toEqual(['919', 'Test Product', '6666']);
      expect(t).toMatchObject({ page: 0, hasMore: false, total: 1, requests: [`${app.url}/revel/resources/Product/?limit=20&offset=0`] });
    });

    it('revel-discounts: pages of the API\'s discounts; hasMore follows meta.next', async () => {
      const api = (await http('GET', '/revel/resources/Discount/?limit=100', revel(demo))).body;
      const t = await load('revel-discounts', demo);
      expect(t.columns).toEqual(['id', 'name', 'type', 'value', 'barcode', 'active', 'establishment', 'updated_date']);
      expect(t.rows).toEqual(api.objects.map((d: any) => [d.id, d.name, d.type, d.value, d.barcode, d.active, d.establishment, d.updated_date].map(String)));
      expect(col(t, 'id')).toEqual(['14', '115', '141', '200', '201']);
      expect(t.rows[0].slice(0, 4)).toEqual(['14', '10% Off', '1', '10.0000']);
      expect(t.total).toBe(5);
      const pages = await allPages('revel-discounts', demo, 2);
      expect(pages.map((p) => col(p, 'id'))).toEqual([['14', '115'], ['141', '200'], ['201']]);
      expect(pages.map((p) => [p.hasMore, p.total])).toEqual([[true, 5], [true, 5], [false, 5]]);
      expect(pages[2].requests).toEqual([`${app.url}/revel/resources/Discount/?limit=2&offset=4`]);
    });

    it('comeback-customers: GET customers?page=, each customer with the points balances of its object', async () => {
      const api = (await http('GET', '/comeback/v1/customers/33f9dc36-5e99-4044-8e2e-9b22c403c5f7', comeback(demo))).body;
      const t = await load('comeback-customers', demo);
      expect(t.columns).toEqual(['id', 'name', 'surname', 'email', 'phoneNumber', 'level', 'points', 'creationTime', 'externalId']);
      expect(t.rows).toEqual([[api.id, api.name, api.surname, api.email, api.phoneNumber, api.level, '50 Burgers', api.creationTime, api.externalId]]);
      expect(t.rows[0].slice(0, 3)).toEqual(['33f9dc36-5e99-4044-8e2e-9b22c403c5f7', 'Bruce', 'Wayne']);
      expect(api.points).toEqual([expect.objectContaining({ amount: 50, pointTypeName: 'Burgers' })]);
      expect(t).toMatchObject({ hasMore: false, total: 1, requests: [`${app.url}/comeback/v1/customers?page=0`] });
    });

    it('intouch customer views: without a customer token, empty with a note; with one, that customer\'s record, cards and orders', async () => {
      for (const id of ['intouch-customers', 'intouch-cards', 'intouch-orders']) {
        expect(view(id).inputs?.map((i) => i.name)).toEqual(['customerTokens']);
        const none = await load(id, demo);
        expect(none.rows).toEqual([]);
        expect(none.hasMore).toBe(false);
        expect(none.note).toMatch(/no customer list/);
        expect(none.requests).toEqual([]);
      }
      const inputs = { customerTokens: jordi };
      const me = (await http('GET', '/intouch/api/v1/customer', intouchCustomer(demo, jordi))).body.data;
      const customers = await load('intouch-customers', demo, { inputs });
      expect(customers.columns).toEqual(['id', 'name', 'email', 'phone', 'points', 'group', 'postalCode', 'created_at', 'updated_at']);
      expect(customers.rows).toEqual([[String(me.id), me.name, me.email, me.phone, String(me.points), me.group.name, me.postalCode, me.created_at, me.updated_at]]);
      expect(customers.rows[0].slice(0, 3)).toEqual(['1', 'Jordi Puigdellívol', 'jordi.p@revo.works']);
      expect(customers.requests).toEqual([`${app.url}/intouch/api/v1/customer`]);
      const cards = await load('intouch-cards', demo, { inputs });
      const apiCards = (await http('GET', '/intouch/api/v1/customer/cards', intouchCustomer(demo, jordi))).body.data;
      expect(cards.columns).toEqual(['id', 'uuid', 'name', 'amount', 'active', 'customer_id']);
      expect(cards.rows).toEqual(apiCards.map((c: any) => [c.id, c.uuid, c.name, c.amount, c.active, c.customer_id].map(String)));
      expect(col(cards, 'uuid')).toEqual(['58b194cc08bfa', '5876009347306']);
      const orders = await load('intouch-orders', demo, { inputs });
      expect(orders.columns).toEqual(['id', 'store_id', 'customer_id', 'status', 'total', 'taxAmount', 'pointsEarned', 'paid', 'created_at', 'closed_at']);
      expect(orders.rows).toEqual([
        ['102', '1', '1', '5', '1240', '112', '124', '0', '2017-01-05 11:47:15', '2017-01-09 11:33:27'],
        ['98', '1', '1', '5', '1240', '112', '124', '0', '2017-01-03 12:10:00', '2017-01-03 13:02:41'],
      ]);
      // The same token twice shows the customer once; a token the API refuses is said, not fatal.
      const twice = await load('intouch-customers', demo, { inputs: { customerTokens: `${jordi}, ${jordi}\nnot-a-token` } });
      expect(twice.rows).toEqual(customers.rows);
      expect(twice.note).toMatch(/1 of 2 customer tokens refused \(401\)/);
    });

    it('intouch-stores and intouch-products: the catalog sync (account), each store\'s status (API token) for the page', async () => {
      const stores = await load('intouch-stores', demo, { pageSize: 2 });
      expect(stores.columns).toEqual(['id', 'name', 'status', 'username', 'city', 'address', 'phone']);
      expect(stores.rows[0]).toEqual(['1', 'An store', 'online', 'user1', 'Manresa', 'Arquitecte Oms 2', '669 68 65 61']);
      expect(stores.rows[1].slice(0, 3)).toEqual(['2', 'Test Store', 'paused']);
      expect((await http('GET', '/intouch/api/v1/stores/2/status', intouchApi(demo))).body.data.status).toBe('paused');
      expect(stores).toMatchObject({ hasMore: true, total: 5 });
      expect(stores.requests).toEqual([`${app.url}/intouch/api/v1/customer/stores`, `${app.url}/intouch/api/v1/stores/1/status`, `${app.url}/intouch/api/v1/stores/2/status`]);
      const storePages = await allPages('intouch-stores', demo, 2);
      expect(storePages.map((p) => col(p, 'id'))).toEqual([['1', '2'], ['5', '7'], ['11']]);
      expect(storePages[2].requests).toEqual([`${app.url}/intouch/api/v1/customer/stores`, `${app.url}/intouch/api/v1/stores/11/status`]);

      const api = (await http('GET', '/intouch/api/v1/customer/products', intouchAccount(demo))).body.data.new;
      const products = await load('intouch-products', demo);
      expect(products.columns).toEqual(['id', 'name', 'price', 'tax', 'points', 'product_category_id', 'deleted_at']);
      expect(products.rows).toEqual(api.map((p: any) => [p.id, p.name, p.price, p.tax, p.points, p.product_category_id, p.deleted_at ?? ''].map(String)));
      expect(products.rows[0]).toEqual(['1', 'Product 1', '1240', '1000', '150', '1', '']);
      const productPages = await allPages('intouch-products', demo, 3);
      expect(productPages.map((p) => col(p, 'id'))).toEqual([['1', '2', '3'], ['4', '15', '913'], ['914', '2152']]);
      expect(productPages.map((p) => [p.hasMore, p.total])).toEqual([[true, 8], [true, 8], [false, 8]]);
    });

    it('reversio-models: a JWT from GET token, then catalog/models?page=&pageSize= (page from 1)', async () => {
      const api = (await http('GET', '/reversio/api/v1/catalog/models/10000000-5555-0000-0000-000000000001', await reversio(demo))).body.value;
      const t = await load('reversio-models', demo);
      expect(t.columns).toEqual(['id', 'sku', 'label', 'brandName', 'modelTypeUniqueName', 'state', 'weight', 'createdAt', 'updatedAt']);
      expect(t.rows).toEqual([[api.id, api.sku, api.label, api.brandName, api.modelTypeUniqueName, api.state, String(api.weight), api.createdAt, api.updatedAt]]);
      expect(t.rows[0].slice(0, 5)).toEqual(['10000000-5555-0000-0000-000000000001', '123456', 'Fairphone 3+ 64GB', 'Fairphone', 'Smartphone']);
      expect(t).toMatchObject({ hasMore: false, total: 1 });
      expect(t.requests).toEqual([`${app.url}/reversio/api/v1/token`, `${app.url}/reversio/api/v1/catalog/models?page=1&pageSize=20`]);
    });

    it('reversio-orders and reversio-files: the orders of the references given, read by reference; unknown ones are said', async () => {
      for (const id of ['reversio-orders', 'reversio-files']) {
        expect(view(id).inputs?.map((i) => [i.name, i.example])).toEqual([['orderReferences', 'ORDER-00001']]);
        const none = await load(id, demo);
        expect(none.rows).toEqual([]);
        expect(none.note).toMatch(/no order list/);
        // The back office (control API) was asked for files; no vendor call without a reference.
        expect(none.requests).toEqual([`${app.url}/_understudy/sandboxes/demo/reversio/files`]);
      }
      const headers = await reversio(demo);
      const api = (await http('GET', '/reversio/api/v1/orders/ORDER-00001', headers)).body.value;
      const status = (await http('GET', '/reversio/api/v1/orders/ORDER-00001/status', headers)).body.value;
      const t = await load('reversio-orders', demo, { inputs: { orderReferences: 'ORDER-00001 NOPE-1' } });
      expect(t.columns).toEqual(['orderReference', 'id', 'customer', 'customerMail', 'purchaseDateUtc', 'salesChannel', 'products', 'amount', 'afterSales', 'createdAt']);
      expect(t.rows).toEqual([[api.orderReference, api.id, 'Albus Dumbledore', api.customerMail, api.purchaseDateUtc, api.salesChannel, '1', '495 EUR', status.status, api.createdAt]]);
      expect(t.rows[0][1]).toBe('10000000-9999-0000-0000-000000000001');
      expect(t.note).toBe('Not found (404): NOPE-1.');
      expect(t.hasMore).toBe(false);
      expect(t.requests).toEqual([
        `${app.url}/_understudy/sandboxes/demo/reversio/files`,
        `${app.url}/reversio/api/v1/token`,
        `${app.url}/reversio/api/v1/orders/ORDER-00001`,
        `${app.url}/reversio/api/v1/orders/NOPE-1`,
        `${app.url}/reversio/api/v1/orders/ORDER-00001/status`,
      ]);
      const files = await load('reversio-files', demo, { inputs: { orderReferences: 'ORDER-00001' } });
      expect(files.columns).toEqual(['id', 'orderReference', 'orderLineReference', 'modelId', 'type', 'reason', 'status', 'createdAt', 'updatedAt']);
      expect(files.rows).toEqual(status.files);
      expect(files.rows).toEqual([]);
    });

    it('no request shows a credential: the URLs carry placeholders', async () => {
      const secrets = [...secretsOf(demo), jordi];
      for (const v of DATA_VIEWS) {
        const t = await load(v.id, demo, { inputs: { customerTokens: jordi, orderReferences: 'ORDER-00001' } });
        expect(t.requests.length, v.id).toBeGreaterThan(0);
        for (const url of t.requests) for (const s of secrets) expect(url, v.id).not.toContain(s);
      }
    });
  });

  describe('paging beyond one page, in sandboxes of their own', () => {
    it('comeback-customers: console pages cut from the vendor\'s pages of 100, a page across two of them read whole', async () => {
      const sb = await newSandbox('empty');
      for (let i = 0; i < 130; i++) {
        const res = await http('POST', '/comeback/v1/customers', comeback(sb), { name: `C${String(i).padStart(3, '0')}`, email: `c${i}@example.com` });
        expect(res.status).toBe(201);
      }
      const api0 = (await http('GET', '/comeback/v1/customers?page=0', comeback(sb))).body;
      const api1 = (await http('GET', '/comeback/v1/customers?page=1', comeback(sb))).body;
      expect([api0.customers.length, api1.customers.length, api0.lastPage]).toEqual([100, 30, 1]);
      const apiIds = [...api0.customers, ...api1.customers].map((c: { id: string }) => c.id);

      const pages = await allPages('comeback-customers', sb, 30);
      expect(pages.map((p) => p.rows.length)).toEqual([30, 30, 30, 30, 10]);
      expect(pages.flatMap((p) => col(p, 'id'))).toEqual(apiIds);
      expect(col(pages[0], 'name')).not.toEqual(col(pages[1], 'name'));
      // Page 3 (records 90-119) reads vendor pages 0 and 1; the last page knows the total.
      expect(pages[3].requests).toEqual([`${app.url}/comeback/v1/customers?page=0`, `${app.url}/comeback/v1/customers?page=1`]);
      expect(pages.map((p) => p.total)).toEqual([undefined, undefined, undefined, 130, 130]);
      expect(pages[4].hasMore).toBe(false);
      // A page size that fits the vendor's: page 4 of 25 is vendor page 1 alone, and the last.
      const p4 = await load('comeback-customers', sb, { page: 4, pageSize: 25 });
      expect(p4).toMatchObject({ hasMore: true, total: 130, requests: [`${app.url}/comeback/v1/customers?page=1`] });
      expect(col(p4, 'id')).toEqual(apiIds.slice(100, 125));
      const beyond = await load('comeback-customers', sb, { page: 10, pageSize: 20 });
      expect(beyond).toMatchObject({ rows: [], hasMore: false });
    });

    it('revel-products: limit/offset pages, next null on the last', async () => {
      const sb = await newSandbox('demo');
      for (const name of ['Soup', 'Salad', 'Bread']) {
        const res = await http('POST', '/revel/resources/Product/', revel(sb), { name, establishment: '/enterprise/Establishment/1/', price: 4.5 });
        expect(res.status).toBe(201);
      }
      const api = (await http('GET', '/revel/resources/Product/?limit=100', revel(sb))).body.objects.map((p: { id: number }) => String(p.id));
      const pages = await allPages('revel-products', sb, 2);
      expect(pages.map((p) => col(p, 'name'))).toEqual([['Test Product', 'Soup'], ['Salad', 'Bread']]);
      expect(pages.flatMap((p) => col(p, 'id'))).toEqual(api);
      expect(pages.map((p) => [p.hasMore, p.total])).toEqual([[true, 4], [false, 4]]);
      expect(pages[1].rows[0][4]).toBe('4.5');
    });

    it('reversio-models: pages of the API\'s own, with its total and hasNextPage', async () => {
      const sb = await newSandbox('empty');
      const headers = await reversio(sb);
      for (let i = 1; i <= 5; i++) {
        const res = await http('PUT', '/reversio/api/v1/catalog/models', headers, { label: `Model ${i}`, sKU: `SKU-${i}`, modelTypeUniqueName: 'Accessory' });
        expect(res.status).toBe(200);
      }
      const pages = await allPages('reversio-models', sb, 2);
      expect(pages.map((p) => col(p, 'sku'))).toEqual([['SKU-1', 'SKU-2'], ['SKU-3', 'SKU-4'], ['SKU-5']]);
      expect(pages.map((p) => [p.hasMore, p.total])).toEqual([[true, 5], [true, 5], [false, 5]]);
      expect(pages[2].requests[1]).toBe(`${app.url}/reversio/api/v1/catalog/models?page=3&pageSize=2`);
    });

    it('intouch-cards: the customer\'s whole list, cut into pages', async () => {
      const sb = await newSandbox('demo');
      const token = await login(sb);
      for (const name of ['Card A', 'Card B', 'Card C']) {
        expect((await http('POST', '/intouch/api/v1/customer/cards', intouchCustomer(sb, token), { name })).status).toBe(200);
      }
      const api = (await http('GET', '/intouch/api/v1/customer/cards', intouchCustomer(sb, token))).body.data.map((c: { id: number }) => String(c.id));
      const pages = await allPages('intouch-cards', sb, 2, { inputs: { customerTokens: token } });
      expect(pages.map((p) => p.rows.length)).toEqual([2, 2, 1]);
      expect(pages.flatMap((p) => col(p, 'id'))).toEqual(api);
      expect(pages.map((p) => p.total)).toEqual([5, 5, 5]);
    });

    it('reversio files and orders: the back office\'s files name their orders, read through the API without any reference given', async () => {
      const sb = await newSandbox('demo');
      const headers = await reversio(sb);
      const second = await http('PUT', '/reversio/api/v1/orders', headers, {
        orderReference: 'ORDER-00002',
        customerLastName: 'Granger',
        customerFirstName: 'Hermione',
        customerMail: 'hermione@hogwarts.example',
        address: { streetAddress: '1 rue X', zipCode: '75001', city: 'Paris', countryCode: 'FR' },
        purchaseDateUtc: '2022-01-01T10:00:00Z',
        products: [
          { modelId: '10000000-5555-0000-0000-000000000001', price: { amount: 100, currency: 'EUR' }, orderLineReference: 'a' },
          { modelId: '10000000-5555-0000-0000-000000000001', price: { amount: 50.5, currency: 'EUR' }, orderLineReference: 'b' },
        ],
      });
      expect(second.status).toBe(200);
      for (const orderId of ['10000000-9999-0000-0000-000000000001', second.body.value.id]) {
        const link = (await http('POST', '/reversio/api/v1/links', headers, { orderId })).body.value as string;
        const page = await openPortal(app.t, link);
        for (const line of page.formLines) {
          const again = await openPortal(app.t, link);
          expect((await submit(app.t, again, { orderLineId: line, type: 'Repair', reason: 'Damaged' })).statusCode).toBe(303);
        }
      }
      const backOffice = (await http('GET', `/_understudy/sandboxes/${sb.id}/reversio/files`)).body.files;
      expect(backOffice).toHaveLength(3);

      const files = await allPages('reversio-files', sb, 1);
      expect(files.map((p) => col(p, 'orderReference'))).toEqual([['ORDER-00001'], ['ORDER-00002', 'ORDER-00002']]);
      const status2 = (await http('GET', '/reversio/api/v1/orders/ORDER-00002/status', headers)).body.value;
      expect(files[1].rows).toEqual(status2.files.map((f: any) => [f.id, f.orderReference, f.orderLineReference, f.modelId, f.type, f.reason, f.status, f.createdAt, f.updatedAt]));
      expect(files.map((p) => p.hasMore)).toEqual([true, false]);

      const orders = await load('reversio-orders', sb);
      expect(col(orders, 'orderReference')).toEqual(['ORDER-00001', 'ORDER-00002']);
      expect(orders.rows[1].slice(2)).toEqual(['Hermione Granger', 'hermione@hogwarts.example', '2022-01-01T10:00:00.000Z', '', '2', '150.5 EUR', 'AfterSalesOpen', second.body.value.createdAt]);
      expect(orders.note).toBeUndefined();
    });
  });

  it('a sandbox with empty fixtures gives every view an empty table, without errors', async () => {
    const sb = await newSandbox('empty');
    for (const v of DATA_VIEWS) {
      const t = await load(v.id, sb, { inputs: { customerTokens: '', orderReferences: '' } });
      expect(t.rows, v.id).toEqual([]);
      expect(t.hasMore, v.id).toBe(false);
      expect(t.page, v.id).toBe(0);
      expect(t.columns.length, v.id).toBeGreaterThan(0);
      if (t.total !== undefined) expect(t.total, v.id).toBe(0);
    }
  });

  it('loading every view writes nothing: only GETs are sent, and the vendor data is as before', async () => {
    const sb = await newSandbox('demo');
    const token = await login(sb);
    // The last journal entry before the views (the login above is a POST, of the test).
    const journal = async () => (await http('GET', `/_understudy/sandboxes/${sb.id}/requests?limit=1000`)).body.requests as Array<{ id: number; method: string; path: string }>;
    const reads = async () => {
      const r = await reversio(sb);
      return Promise.all([
        http('GET', `/touchoffice/vouchers?TAK=${sb.credentials.touchoffice.tak}`),
        http('GET', '/revel/resources/Product/?limit=100', revel(sb)),
        http('GET', '/revel/resources/Discount/?limit=100', revel(sb)),
        http('GET', '/comeback/v1/customers', comeback(sb)),
        http('GET', '/intouch/api/v1/customer', intouchCustomer(sb, token)),
        http('GET', '/intouch/api/v1/customer/cards', intouchCustomer(sb, token)),
        http('GET', '/intouch/api/v1/customer/orders', intouchCustomer(sb, token)),
        http('GET', '/intouch/api/v1/customer/stores', intouchAccount(sb)),
        http('GET', '/intouch/api/v1/stores/2/status', intouchApi(sb)),
        http('GET', '/reversio/api/v1/catalog/models', r),
        http('GET', '/reversio/api/v1/orders/ORDER-00001/status', r),
        http('GET', `/_understudy/sandboxes/${sb.id}/reversio/files`),
      ]);
    };
    const before = await reads();
    await new Promise((r) => setTimeout(r, 300));
    const mark = Math.max(0, ...(await journal()).map((e) => e.id));
    sent.length = 0;
    for (const v of DATA_VIEWS) {
      for (const [page, pageSize] of [[0, 20], [0, 1], [1, 1], [2, 2]]) await load(v.id, sb, { page, pageSize, inputs: { customerTokens: token, orderReferences: 'ORDER-00001' } });
    }
    expect(sent.length).toBeGreaterThan(DATA_VIEWS.length);
    expect(sent.filter((s) => s.method !== 'GET')).toEqual([]);
    expect(await reads()).toEqual(before);
    // The sandbox's journal agrees: every vendor request since the mark is a GET.
    const vendorCalls = sent.filter((s) => !s.url.includes('/_understudy/')).length;
    let since: Array<{ id: number; method: string; path: string }> = [];
    for (let i = 0; i < 50; i++) {
      since = (await journal()).filter((e) => e.id > mark);
      if (since.length >= vendorCalls) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(since.length).toBeGreaterThanOrEqual(vendorCalls);
    expect(since.filter((e) => e.method !== 'GET')).toEqual([]);
  });

  describe('sample curls', () => {
    const runCurl = async (cmd: string) => sh('sh', ['-c', `${cmd} -f -o /dev/null -w "%{http_code}"`]);

    it('each works as pasted in sh, against the demo sandbox and a sandbox of random credentials: exit 0, a 2xx, the records', async () => {
      const random = await newSandbox('demo');
      expect(random.credentials.touchoffice.tak).not.toBe('DEMOTAK');
      for (const sb of [demo, random]) {
        for (const d of DIALECTS) {
          const cmd = sampleCurl(d, app.url, sb.credentials);
          expect(cmd.startsWith('curl ')).toBe(true);
          expect(cmd, d).not.toMatch(/-X|--data|-d /);
          const { stdout } = await runCurl(cmd);
          expect(stdout, `${d}: ${cmd}`).toMatch(/^2\d\d$/);
          // And what it prints is the list, with the sandbox's records.
          const body = JSON.parse((await sh('sh', ['-c', cmd])).stdout);
          const found = {
            touchoffice: () => body.status === 1 && body.vouchers.some((v: { number: string }) => v.number === 'ABCDEF123'),
            revel: () => body.objects[0].id === 919,
            comeback: () => body.customers[0].name === 'Bruce',
            intouch: () => body.data.stores[0].name === 'An store',
            reversio: () => body.value[0].sku === '123456',
          }[d]();
          expect(found, `${d}: ${JSON.stringify(body).slice(0, 200)}`).toBe(true);
        }
      }
    });

    it('fails (curl -f) with credentials the vendor refuses', async () => {
      const wrong: Credentials = {
        revel: { apiKey: 'x', apiSecret: 'y' },
        intouch: { account: demo.credentials.intouch.account, apiToken: 'nope' },
        touchoffice: { tak: 'nope' },
        comeback: { token: 'nope' },
        reversio: { subscriptionKey: demo.credentials.reversio.subscriptionKey, secretValue: 'nope' },
      };
      for (const d of ['revel', 'intouch', 'comeback', 'reversio'] as const) {
        await expect(runCurl(sampleCurl(d, app.url, wrong)), d).rejects.toMatchObject({ code: 22 });
      }
    });

    const HOSTILE = [
      "it's",
      "'",
      "''",
      "a'b'c'",
      '',
      'two words',
      '  spaced  ',
      `$(touch ${join(tmpdir(), 'understudy-pwned-1')})`,
      `\`touch ${join(tmpdir(), 'understudy-pwned-2')}\``,
      '$HOME',
      '${HOME}',
      '"double"',
      'back\\slash\\',
      'new\nline',
      'tab\there',
      '*',
      '~',
      '-H',
      'a;b|c&d',
      '!event',
      '#hash',
      'ünïcødé £',
      'x=y',
    ];

    it('shellQuote keeps any string one word, as it is, running nothing', async () => {
      for (const s of HOSTILE) {
        const q = shellQuote(s);
        const { stdout } = await sh('sh', ['-c', `set -- ${q}; printf '%s|%s' "$#" "$1"`]);
        expect(stdout, q).toBe(`1|${s}`);
      }
      expect(existsSync(join(tmpdir(), 'understudy-pwned-1'))).toBe(false);
      expect(existsSync(join(tmpdir(), 'understudy-pwned-2'))).toBe(false);
      expect(shellQuote("it's")).toBe(`'it'\\''s'`);
      expect(shellQuote('plain-word_1.2:3/x')).toBe('plain-word_1.2:3/x');
    });

    it('a curl made of hostile credentials passes each of them to curl as it is, in one argument', async () => {
      const h = (i: number) => HOSTILE[i % HOSTILE.length];
      for (let i = 0; i < HOSTILE.length; i++) {
        const c: Credentials = {
          revel: { apiKey: h(i), apiSecret: h(i + 1) },
          intouch: { account: h(i + 2), apiToken: h(i + 3) },
          touchoffice: { tak: h(i + 4) },
          comeback: { token: h(i + 5) },
          reversio: { subscriptionKey: h(i + 6), secretValue: h(i + 7) },
        };
        for (const d of DIALECTS) {
          const cmd = sampleCurl(d, app.url, c);
          // A curl that prints its arguments (NUL after each, a line per call) instead of calling.
          const { stderr } = await sh('sh', ['-c', `curl() { for a in "$@"; do printf '%s\\0' "$a" >&2; done; printf 'END\\0' >&2; }; ${cmd}`]);
          const calls = stderr.split('END\0').filter(Boolean).map((call) => call.split('\0').slice(0, -1));
          const expected: Record<DialectName, string[][]> = {
            touchoffice: [['-sS', `${app.url}/touchoffice/vouchers?TAK=${encodeURIComponent(c.touchoffice.tak)}&limit=20`]],
            revel: [['-sS', '-H', `API-AUTHENTICATION: ${c.revel.apiKey}:${c.revel.apiSecret}`, `${app.url}/revel/resources/Product/?limit=20`]],
            comeback: [['-sS', '-H', `Authorization: ${c.comeback.token}`, `${app.url}/comeback/v1/customers`]],
            intouch: [['-sS', '-H', `account: ${c.intouch.account}`, '-H', `Authorization: Bearer ${c.intouch.apiToken}`, `${app.url}/intouch/api/v1/solo/urls`]],
            reversio: [
              ['-sS', '-H', `Ocp-Apim-Subscription-Key: ${c.reversio.subscriptionKey}`, '-H', `Ocp-Apim-Secret-Value: ${c.reversio.secretValue}`, `${app.url}/reversio/api/v1/token`],
              // The fake token call prints no JSON: the JWT is empty.
              ['-sS', '-H', `Ocp-Apim-Subscription-Key: ${c.reversio.subscriptionKey}`, '-H', 'Authorization: Bearer ', `${app.url}/reversio/api/v1/catalog/models`],
            ],
          };
          expect(calls, `${d}: ${cmd}`).toEqual(expected[d]);
        }
      }
      expect(existsSync(join(tmpdir(), 'understudy-pwned-1'))).toBe(false);
      expect(existsSync(join(tmpdir(), 'understudy-pwned-2'))).toBe(false);
    });
  });

  describe('auth placeholders', () => {
    it('gives the header scheme of each dialect that authenticates by header, by path where there are several', () => {
      expect(authPlaceholders('touchoffice')).toEqual([]);
      expect(authPlaceholders('touchoffice', '/vouchers')).toEqual([]);
      expect(authPlaceholders('revel')).toEqual([['API-AUTHENTICATION', '<apiKey>:<apiSecret>']]);
      expect(authPlaceholders('revel', '/resources/Product/919/')).toEqual([['API-AUTHENTICATION', '<apiKey>:<apiSecret>']]);
      expect(authPlaceholders('comeback')).toEqual([['Authorization', '<token>']]);
      expect(authPlaceholders('comeback', '/customers')).toEqual([['Authorization', '<token>']]);
      expect(authPlaceholders('intouch')).toEqual([['account', '<account>'], ['Authorization', 'Bearer <apiToken>']]);
      expect(authPlaceholders('intouch', '/stores')).toEqual([['account', '<account>'], ['Authorization', 'Bearer <apiToken>']]);
      expect(authPlaceholders('intouch', '/customer/cards')).toEqual([['account', '<account>'], ['Authorization', 'Bearer <customerToken>']]);
      expect(authPlaceholders('intouch', '/intouch/api/v1/customer')).toEqual([['account', '<account>'], ['Authorization', 'Bearer <customerToken>']]);
      expect(authPlaceholders('intouch', '/customer/login')).toEqual([['account', '<account>']]);
      expect(authPlaceholders('intouch', '/customer/products?from=2020-01-01')).toEqual([['account', '<account>']]);
      expect(authPlaceholders('reversio')).toEqual([['Ocp-Apim-Subscription-Key', '<subscriptionKey>'], ['Authorization', 'Bearer <jwt>']]);
      expect(authPlaceholders('reversio', '/token')).toEqual([['Ocp-Apim-Subscription-Key', '<subscriptionKey>'], ['Ocp-Apim-Secret-Value', '<secretValue>']]);
      expect(authPlaceholders('reversio', '/reversio/api/v1/catalog/models')).toEqual([['Ocp-Apim-Subscription-Key', '<subscriptionKey>'], ['Authorization', 'Bearer <jwt>']]);
      expect(redactedPlaceholder('touchoffice', 'TAK')).toBe('<tak>');
      expect(redactedPlaceholder('revel', 'api_key')).toBe('<apiKey>');
      expect(redactedPlaceholder('reversio', 'secret')).toBe('<secretValue>');
      expect(redactedPlaceholder('intouch', 'password')).toBe('<password>');
      expect(redactedPlaceholder('comeback', 'whatever')).toBe('<whatever>');
    });

    it('are the schemes the vendors take: the placeholders filled with the sandbox\'s values authenticate', async () => {
      const token = await login(demo);
      const jwt = (await reversio(demo)).Authorization.replace('Bearer ', '');
      const values: Record<string, string> = {
        '<apiKey>': demo.credentials.revel.apiKey,
        '<apiSecret>': demo.credentials.revel.apiSecret,
        '<token>': demo.credentials.comeback.token,
        '<account>': demo.credentials.intouch.account,
        '<apiToken>': demo.credentials.intouch.apiToken,
        '<customerToken>': token,
        '<subscriptionKey>': demo.credentials.reversio.subscriptionKey,
        '<secretValue>': demo.credentials.reversio.secretValue,
        '<jwt>': jwt,
      };
      const fill = (headers: Array<[string, string]>) => Object.fromEntries(headers.map(([k, v]) => [k, v.replace(/<[A-Za-z]+>/g, (p) => values[p] ?? p)]));
      const calls: Array<[DialectName, string]> = [
        ['revel', '/revel/resources/Product/'],
        ['comeback', '/comeback/v1/customers'],
        ['intouch', '/intouch/api/v1/solo/urls'],
        ['intouch', '/intouch/api/v1/customer/cards'],
        ['intouch', '/intouch/api/v1/customer/products'],
        ['reversio', '/reversio/api/v1/token'],
        ['reversio', '/reversio/api/v1/catalog/models'],
      ];
      for (const [d, path] of calls) {
        const headers = fill(authPlaceholders(d, path));
        expect((await http('GET', path, headers)).status, `${d} ${path}`).toBe(200);
        // And without them, the same call is refused.
        if (!path.endsWith('/customer/products')) expect((await http('GET', path)).status, `${d} ${path}`).toBe(401);
      }
      // TouchOffice: the TAK, in the query as the journal shows it redacted.
      await http('GET', `/touchoffice/vouchers?TAK=${demo.credentials.touchoffice.tak}&limit=1`);
      let entry: { query: Record<string, unknown> } | undefined;
      for (let i = 0; i < 50 && !entry; i++) {
        entry = (await http('GET', '/_understudy/sandboxes/demo/requests?dialect=touchoffice&limit=5')).body.requests.find((e: any) => e.query.limit === 1);
        if (!entry) await new Promise((r) => setTimeout(r, 100));
      }
      expect(entry?.query.TAK).toBe('[REDACTED]');
      const query = Object.entries(entry!.query).map(([k, v]) => `${k}=${v === '[REDACTED]' ? redactedPlaceholder('touchoffice', k) : v}`);
      expect(query).toContain('TAK=<tak>');
    });
  });
});

import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { intouchClient } from './client.ts';

/**
 * Issue 9: catalog sync (`from`, stamps by the sandbox clock, tombstones, `{new, updated,
 * deleted}`), product availability (`catalog/updateStatus`, `until`, `alsoNested`), store status.
 */
const invalid = (field: string) => ({ status: 422, body: { error: 'The given data was invalid.', code: 0, data: { [field]: [expect.any(String)] } } });

describe('intouch: catalog sync and availability', () => {
  const app = useTestApp({ timerPollMs: 50 });

  it('with from, new holds what was created after it, updated what changed, deleted the ids removed; by the sandbox clock', async () => {
    const c = await intouchClient(app.t);
    await c.control('PUT', '/clock', { now: '2030-01-01T00:00:00Z', frozen: true });
    const sync = async (model: string, from?: string) => (await c.call('GET', `/customer/${model}${from === undefined ? '' : `?from=${encodeURIComponent(from)}`}`, c.public)).body.data;
    expect(await sync('products', '2030-01-01 00:00:00')).toEqual({ new: [], updated: [], deleted: [] });

    await c.control('PUT', '/clock', { now: '2030-01-02T00:00:00Z', frozen: true });
    const res = await c.control('POST', '/fixtures/intouch', {
      records: [
        { model: 'products', id: 500, fields: { points: 10, product_category_id: 1, price: 990, tax: 1000, pointsRequired: null, deleted_at: null, photo: null, name: 'New one' } },
        { model: 'products', id: 2, fields: { price: 700 } },
        { model: 'products', id: 3, delete: true },
        { model: 'categories', id: 3, fields: { deleted_at: null, name: 'Category 3' } },
      ],
    });
    expect(res.status, res.text).toBe(201);
    for (const from of ['2030-01-01 12:00:00', '2030-01-01T12:00:00Z', String(Date.parse('2030-01-01T12:00:00Z') / 1000)]) {
      const changes = await sync('products', from);
      expect(changes.new.map((p: { id: number }) => p.id), from).toEqual([500]);
      expect(changes.updated).toEqual([expect.objectContaining({ id: 2, price: 700, name: 'Product 2' })]);
      expect(changes.deleted).toEqual([3]);
    }
    expect((await sync('products', '2030-01-02 00:00:01'))).toEqual({ new: [], updated: [], deleted: [] });
    expect((await sync('categories', '2030-01-01 12:00:00')).new).toEqual([{ deleted_at: null, name: 'Category 3', id: 3 }]);
    // Without from: everything current, and null as the samples print.
    const all = await sync('products');
    expect(all.updated).toBeNull();
    expect(all.deleted).toBeNull();
    expect(all.new.map((p: { id: number }) => p.id)).toEqual([1, 2, 4, 15, 500, 913, 914, 2152]);
    expect(await c.call('GET', '/customer/products?from=yesterday', c.public)).toMatchObject(invalid('from'));
    // A deleted product cannot be ordered.
    const token = await c.login();
    expect(await c.call('POST', '/customer/orders', c.customer(token), { store: 1, order: {}, contents: [{ product_id: 3, quantity: 1, price: 1840, tax: 1000 }] })).toMatchObject(invalid('contents.0.product_id'));
  });

  it('catalog/updateStatus deactivates products at a store (a productStore row made or changed), and sync shows it', async () => {
    const c = await intouchClient(app.t);
    const token = await c.login();
    await c.control('PUT', '/clock', { now: '2030-01-01T00:00:00Z', frozen: true });
    expect((await c.call('POST', '/catalog/updateStatus?products=[1,2]&store=1&active=0', c.api)).status).toBe(200);
    const changes = (await c.call('GET', '/customer/productStore?from=2029-12-31 23:00:00', c.public)).body.data;
    expect(changes.new.map((r: { product_id: number; store_id: number; active: number }) => [r.product_id, r.store_id, r.active])).toEqual([[1, 1, 0], [2, 1, 0]]);
    const order = (product_id: number, price: number) => c.call('POST', '/customer/orders', c.customer(token), { store: 1, order: {}, contents: [{ product_id, quantity: 1, price, tax: 1000 }] });
    expect(await order(1, 1240)).toMatchObject(invalid('contents.0.product_id'));
    expect((await order(3, 1840)).status).toBe(200);
    // Product 914's row at store 5 is inactive; activating it changes that row.
    await c.control('PUT', '/clock', { now: '2030-01-02T00:00:00Z', frozen: true });
    await c.call('POST', '/catalog/updateStatus?products=[914]&store=5&active=1', c.api);
    expect((await c.call('GET', '/customer/productStore?from=2030-01-01 12:00:00', c.public)).body.data.updated).toEqual([expect.objectContaining({ id: 5, product_id: 914, store_id: 5, active: 1 })]);
  });

  it('with until, the products come back active at that time by the sandbox clock', async () => {
    const c = await intouchClient(app.t);
    await c.control('PUT', '/clock', { now: '2030-03-01T10:00:00Z', frozen: true });
    await c.call('POST', `/catalog/updateStatus?products=[1]&store=1&active=0&until=${encodeURIComponent('2030/03/01 12:30')}`, c.api);
    // Only InTouch's timers: the demo's Comeback points come due too when the clock moves years ahead.
    const timers = async () => (await c.control('GET', '/timers')).body.timers.filter((t: { dialect: string }) => t.dialect === 'intouch');
    const active = async () => (await c.call('GET', '/customer/productStore', c.public)).body.data.new.find((r: { product_id: number; store_id: number }) => r.product_id === 1 && r.store_id === 1).active;
    expect(await active()).toBe(0);
    expect(await timers()).toEqual([expect.objectContaining({ dialect: 'intouch', job: 'reactivate', dueAt: '2030-03-01T12:30:00.000Z', due: false })]);
    await c.control('PUT', '/clock', { now: '2030-03-01T12:30:00Z' });
    const deadline = Date.now() + 2000;
    while ((await active()) !== 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await active()).toBe(1);
    // A date alone is its midnight; activating clears a pending reactivation.
    await c.call('POST', '/catalog/updateStatus?products=[2]&store=1&active=0&until=2030/04/01', c.api);
    expect(await timers()).toEqual([expect.objectContaining({ dueAt: '2030-04-01T00:00:00.000Z' })]);
    await c.call('POST', '/catalog/updateStatus?products=[2]&store=1&active=1', c.api);
    expect(await timers()).toEqual([]);
  });

  it('alsoNested also deactivates them inside menus; reactivateInNested brings them back there', async () => {
    const c = await intouchClient(app.t);
    const nested = async () => (await c.call('GET', '/customer/menuProducts', c.public)).body.data.new.find((r: { product_id: number }) => r.product_id === 15);
    await c.call('POST', '/catalog/updateStatus?products=[15]&store=1&active=0', c.api);
    expect((await nested()).active ?? 1).toBe(1);
    await c.call('POST', '/catalog/updateStatus?products=[15]&store=1&active=0&alsoNested=1', c.api);
    expect((await nested()).active).toBe(0);
    const token = await c.login();
    const menu = { store: 1, order: {}, contents: [{ product_id: 1, quantity: 1, price: 1240, tax: 1000, menuContents: [{ product_id: 15, price: 0 }] }] };
    await c.call('POST', '/catalog/updateStatus?products=[15]&store=1&active=1', c.api);
    expect(await c.call('POST', '/customer/orders', c.customer(token), menu)).toMatchObject(invalid('contents.0.menuContents.0.product_id'));
    await c.call('POST', '/catalog/updateStatus?products=[15]&store=1&active=1&alsoNested=1', c.api);
    expect((await nested()).active).toBe(0);
    await c.call('POST', '/catalog/updateStatus?products=[15]&store=1&active=1&alsoNested=1&reactivateInNested=1', c.api);
    expect((await nested()).active).toBe(1);
    expect((await c.call('POST', '/customer/orders', c.customer(token), menu)).status).toBe(200);
  });

  it('updateStatus refuses an unknown store or product, a bad active or until, and a missing parameter (422)', async () => {
    const c = await intouchClient(app.t);
    const cases: Array<[string, string]> = [
      ['products=[1]&store=99&active=0', 'store'],
      ['products=[9999]&store=1&active=0', 'products'],
      ['products=[1]&store=1&active=2', 'active'],
      ['products=[1]&store=1&active=0&until=tomorrow', 'until'],
      ['products=[1]&store=1&active=0&until=2030/02/30', 'until'],
      ['store=1&active=0', 'products'],
      ['products=[1]&active=0', 'store'],
      ['products=[1]&store=1', 'active'],
      ['products=[1]&store=1&active=1&reactivateInNested=1', 'reactivateInNested'],
      ['products=oops&store=1&active=1', 'products'],
    ];
    for (const [q, field] of cases) expect(await c.call('POST', `/catalog/updateStatus?${q}`, c.api), q).toMatchObject(invalid(field));
    expect((await c.call('GET', '/customer/productStore', c.public)).body.data.new).toHaveLength(2);
  });

  it('store status takes online, paused and offline only; stores?username also reads the body', async () => {
    const c = await intouchClient(app.t);
    for (const status of ['closed', '', 5]) expect(await c.call('POST', '/stores/1/status', c.api, { status }), String(status)).toMatchObject(invalid('status'));
    expect((await c.call('GET', '/stores/1/status', c.api)).body.data.status).toBe('online');
    expect((await c.call('GET', '/stores/99/status', c.api)).status).toBe(404);
    expect((await c.call('GET', '/stores?username=user2', c.api)).body.data.map((s: { id: number }) => s.id)).toEqual([5, 7, 11]);
    expect((await c.call('GET', '/stores?username=nobody', c.api)).body.data).toEqual([]);
  });

  it('solo/urls filters by stores; the bundle changes stores, tables and invoices', async () => {
    const c = await intouchClient(app.t);
    expect((await c.call('GET', '/solo/urls?stores=[2]', c.api)).body.data.stores).toEqual([]);
    expect((await c.call('GET', '/solo/urls?stores=[1]', c.api)).body.data.stores.map((s: { id: number }) => s.id)).toEqual([1]);
    const res = await c.control('POST', '/fixtures/intouch', { tables: [{ id: 9, store: 1, name: 'Terrace ' }], invoices: [{ id: 5, store: 1, total: 900, points: 90 }], storeStatuses: [{ store: 2, status: 'online' }] });
    expect(res.status, res.text).toBe(201);
    expect((await c.call('GET', '/solo/urls', c.api)).body.data.stores[0].tables.map((t: { name: string }) => t.name)).toEqual(['12 ', '13 ', 'Terrace ']);
    expect((await c.call('GET', '/stores/2/status', c.api)).body.data.status).toBe('online');
    const token = await c.login();
    expect((await c.call('POST', '/customer/invoices/5/points/obtain', c.customer(token))).body.data.points).toBe(90);
    expect(await c.control('POST', '/fixtures/intouch', { records: [{ model: 'planets', id: 1 }] })).toMatchObject({ status: 400, body: { error: expect.stringContaining('records.0.model') } });
  });
});

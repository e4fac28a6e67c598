import { beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { intouchClient, type IntouchClient } from './client.ts';

/**
 * Every sample request of revo-intouch.txt against the demo sandbox gets its sample response: the
 * same fields with the same types, and the values wherever the demo holds them. The samples are
 * transcribed from the document (its trailing commas removed, `menuCategories` and `menuProducts`
 * given the envelope every other sync endpoint has).
 */
const type = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** `actual` has every field of `sample`, of the same type, recursively (arrays: each item against the sample's first). */
function expectShape(actual: unknown, sample: unknown, path = 'data'): void {
  if (sample === null) return; // null in a sample says nothing about the type
  expect(type(actual), path).toBe(type(sample));
  if (Array.isArray(sample)) {
    if (sample.length && (actual as unknown[]).length) for (const [i, item] of (actual as unknown[]).entries()) expectShape(item, sample[0], `${path}[${i}]`);
    return;
  }
  if (typeof sample === 'object') {
    for (const [k, v] of Object.entries(sample as Record<string, unknown>)) {
      expect(actual as object, `${path} has ${k}`).toHaveProperty([k]);
      expectShape((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
    }
  }
}

const SYNC_SAMPLE = (record: Record<string, unknown>) => ({ data: { new: [record], updated: null, deleted: null } });

describe('intouch: the document samples against the demo fixtures', () => {
  const app = useTestApp();
  let c: IntouchClient;
  let token: string;
  beforeEach(async () => {
    c = await intouchClient(app.t);
    token = await c.login();
  });

  it('GET stores?username=USERNAME', async () => {
    const res = await c.call('GET', '/stores?username=user1', c.api);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [{ id: 1, name: 'An store' }, { id: 2, name: 'Test Store' }] });
  });

  it('GET and POST stores/{store}/status', async () => {
    expect((await c.call('GET', '/stores/2/status', c.api)).body).toEqual({ data: { status: 'paused' } });
    expect((await c.call('POST', '/stores/1/status', c.api, { status: 'paused' })).body).toEqual({ data: { previousStatus: 'online', currentStatus: 'paused' } });
  });

  it('POST catalog/updateStatus?active=0&store=1&products=[…]&until=2024/02/22: 200', async () => {
    const res = await c.call('POST', '/catalog/updateStatus?active=0&store=1&products=[1,2]&until=2024/02/22', c.api);
    expect(res.status).toBe(200);
    // The curl example sends a customer token: taken too.
    expect((await c.call('POST', '/catalog/updateStatus?active=1&store=1&products=[1]', c.customer(token))).status).toBe(200);
  });

  it('GET and POST customers/{customer-token}/points with {"products": "[1,2]"}', async () => {
    const get = await c.call('GET', `/customers/${token}/points`, { ...c.api, 'content-type': 'application/json' }, { products: '[1,2]' });
    expect(get.status).toBe(200);
    expectShape(get.body, { data: { leftPoints: 8000, productPoints: [] } });
    expect(get.body.data).toEqual({ leftPoints: 378, productPoints: [{ id: 1, points: 150 }, { id: 2, points: 250 }] });
    const post = await c.call('POST', `/customers/${token}/points`, c.api, { products: '[1]' });
    expectShape(post.body, { data: { spentPoints: 0, leftPoints: 8000 } });
    expect(post.body.data).toEqual({ spentPoints: 150, leftPoints: 228 });
  });

  it('GET solo/urls: delivery and pickup URLs, each store with its links and tables (names keep their trailing spaces)', async () => {
    const res = await c.call('GET', '/solo/urls', { ...c.customer(token), accept: 'application/json' });
    expect(res.status).toBe(200);
    expectShape(res.body, {
      data: {
        delivery_url: 'https://delivery_url',
        pickup_url: 'https://pickup_url',
        stores: [{ id: 1, name: 'Store 1', pickup_asap: 'x', delivery_or_pickup: 'x', digital_menu: 'x', tables: [{ id: 3, name: '12 ', url: 'x' }] }],
      },
    });
    expect(res.body.data.stores[0].tables.map((t: { id: number; name: string }) => [t.id, t.name])).toEqual([[3, '12 '], [4, '13 ']]);
  });

  it('POST login: the customer token and the sample info', async () => {
    const res = await c.call('POST', '/customer/login', c.public, { email: 'jordi.p@revo.works', password: 'demo-password' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { api_token: expect.stringMatching(/^\S{40,}$/), info: { points: 378, id: 1, postalCode: '08240', email: 'jordi.p@revo.works', name: 'Jordi Puigdellívol' } } });
  });

  it('POST register: the sample fields; the same response as login', async () => {
    const res = await c.call('POST', '/customer/register', c.public, { name: 'Bruce', email: 'bruce@wayne.com', password: 'batman', postalCode: '08240', birthDate: '1950-12-23', subscribe: 1 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { api_token: expect.any(String), info: { points: 0, id: expect.any(Number), postalCode: '08240', email: 'bruce@wayne.com', name: 'Bruce' } } });
  });

  it('GET customer/ and PUT customer/', async () => {
    const get = await c.call('GET', '/customer', c.customer(token));
    expectShape(get.body, {
      data: {
        id: 1, name: 'n', postalCode: null, city: null, address: null, birthDate: '2000-01-01', points: 0, email: 'e', phone: '123456789', stripe_id: null, payment_token: null,
        vip: 0, photo: 'photo.png', language: 'es', authCode: null, extra_id: null, created_at: 'x', updated_at: 'x', customer_group_id: 1, discount_percentage: 0,
        group: { id: 1, name: 'Group Name', discount: 0, created_at: '2000-01-01 00:00:00' },
      },
    });
    expect(get.body.data).toMatchObject({ id: 1, name: 'Jordi Puigdellívol', postalCode: '08240', points: 378, email: 'jordi.p@revo.works', group: { id: 1, name: 'Group Name', discount: 0, created_at: '2000-01-01 00:00:00' } });
    const put = await c.call('PUT', '/customer', c.customer(token), { name: 'Customer Name', postalCode: 'Customer postalCode', address: 'Customer address', city: 'Customer city', phone: 'Customer phone' });
    expect(put.status).toBe(200);
    expect(put.body.data).toMatchObject({ name: 'Customer Name', postalCode: 'Customer postalCode', address: 'Customer address', city: 'Customer city', phone: 'Customer phone' });
  });

  it('POST uploadProfilePhoto: {"result": "OK", "photoName"}', async () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]).toString('base64');
    const res = await c.call('POST', '/customer/uploadProfilePhoto', c.customer(token), { Photo: jpeg });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { result: 'OK', photoName: expect.stringMatching(/^[A-Za-z0-9]{10}\.jpg$/) } });
  });

  it('GET cards, GET cards/{uuid}, PUT cards/{uuid}, POST cards', async () => {
    const card = { active: 1, amount: 0, id: 8, uuid: '58b194cc08bfa', photo: 'hi5bOD', customer_id: 1, name: 'My gift card' };
    expect((await c.call('GET', '/customer/cards', c.customer(token))).body).toEqual({ data: [card, { ...card, id: 7, uuid: '5876009347306', photo: 'O6Magz' }] });
    expect((await c.call('GET', '/customer/cards/58b194cc08bfa', c.customer(token))).body).toEqual({ data: card });
    expect((await c.call('PUT', '/customer/cards/58b194cc08bfa', c.customer(token), { amount: 1000 })).body).toEqual({ data: { newAmount: 1000 } });
    const created = await c.call('POST', '/customer/cards', c.customer(token), { name: 'My gift card' });
    expect(created.body).toEqual({ data: { amount: 0, id: 9, uuid: expect.stringMatching(/^[0-9a-f]{13}$/), photo: expect.stringMatching(/^[A-Za-z0-9]{6}$/), name: 'My gift card', customer_id: 1 } });
    expect(Object.keys(created.body.data)).toEqual(['amount', 'id', 'uuid', 'photo', 'name', 'customer_id']);
  });

  it('POST associateCustomerGroup {"id": 2}: the group "Revo"', async () => {
    expect((await c.call('POST', '/customer/associateCustomerGroup', c.customer(token), { id: '2' })).body).toEqual({ data: { id: 2, name: 'Revo', discount: 10000, created_at: '2021-06-14 15:54:53' } });
  });

  it('POST orders (form fields holding JSON, as the document sends them), GET orders, PUT orders/{id}', async () => {
    const order = { subtotal: 1673, id: null, total: 1840, taxAmount: 167 };
    const delivery = { address: 'Central perk, 12', city: 'New York', phone: '555-555-555', time: '12:30', geolocation: '41.5500976,2.0964411' };
    const contents = [
      { product_id: 1, quantity: 1, id: null, subtotal: 0, price: 1240, tax: 1000, pointsSpent: 150, total: 0, taxAmount: 0 },
      { product_id: 3, quantity: 1, id: null, subtotal: 1673, price: 1840, tax: 1000, pointsSpent: null, total: 1840, taxAmount: 167, modifiers: [{ name: 'topping 1', price: 500 }, { name: 'topping 2', price: 0 }] },
      { product_id: 1, quantity: 1, id: null, subtotal: 0, price: 1240, tax: 1000, pointsSpent: 150, total: 0, taxAmount: 0, menuContents: [{ product_id: 4, price: 120, modifiers: [] }] },
    ];
    const form = new URLSearchParams({ order: JSON.stringify(order), contents: JSON.stringify(contents), delivery: JSON.stringify(delivery), store: '1' }).toString();
    const created = await c.call('POST', '/customer/orders', { ...c.customer(token), 'content-type': 'application/x-www-form-urlencoded' }, form);
    expect(created.status, created.text).toBe(200);
    expect(created.body.data).toMatchObject({ total: 1840, subtotal: 1673, taxAmount: 167, store_id: 1, customer_id: 1 });

    const closed = await c.call('PUT', `/customer/orders/${created.body.data.id}`, c.customer(token));
    expectShape(closed.body, { data: { id: 1, store_id: 1, customer_id: 1, delivery_id: null, subtotal: 8, taxAmount: 2, discountAmount: 0, total: 10, pointsEarned: 0, pos_id: 1, status: 5 } });

    const list = await c.call('GET', '/customer/orders', c.customer(token));
    // The newest first: the order just placed (the demo's earlier orders have no delivery).
    expectShape({ data: list.body.data.slice(0, 1) }, {
      data: [
        {
          id: 7041, store_id: 18, customer_id: 1, delivery_id: 744, subtotal: 210, taxAmount: 20, total: 230, pointsEarned: 2, closed_at: '2022-02-24 10:00:02', created_at: '2022-02-23 08:54:56',
          status: 5, pos_id: 819, discountAmount: 0, contact: null, paid: 0,
          contents: [{ id: 2318, order_id: 7041, product_id: 913, modifiers: null, pointsSpent: null, price: 230, subtotal: 210, taxAmount: 20, tax: 1000, quantity: 1, total: 230, created_at: 'x', notes: null, menu_contents: [] }],
        },
      ],
    });
    const placed = list.body.data[0];
    expect(placed.id).toBe(created.body.data.id);
    expect(placed.delivery).toMatchObject({ address: 'Central perk, 12', city: 'New York', phone: '555-555-555', geolocation: '41.5500976,2.0964411', tableId: null, job_id: null, notes: null, delivery_zone_id: null });
    expect(placed.contents[1].modifiers).toEqual(contents[1].modifiers);
    expect(closed.body.data).toMatchObject({ status: 5, pointsEarned: 184 });
  });

  it('GET lastOrder: lastContents and lastOrder as the sample', async () => {
    const res = await c.call('GET', '/customer/lastOrder', c.customer(token));
    const line = { quantity: 1, tax: 1000, total: 1240, subtotal: 1128, price: 1240, product_id: 1, pointsSpent: null, taxAmount: 112 };
    expect(res.body).toEqual({
      data: {
        lastContents: [
          { id: 16, ...line, order_id: 102, customer_id: 1 },
          { id: 11, ...line, order_id: 98, customer_id: 1 },
        ],
        lastOrder: {
          closed_at: '2017-01-09 11:33:27',
          id: 102,
          subtotal: 1128,
          created_at: '2017-01-05 11:47:15',
          contents: [{ id: 16, ...line, created_at: '2017-01-05 11:47:15', order_id: 102 }],
          pointsEarned: 124,
          total: 1240,
          customer_id: 1,
          taxAmount: 112,
        },
      },
    });
  });

  it('GET points', async () => {
    expect((await c.call('GET', '/customer/points', c.customer(token))).body).toEqual({ data: { points: 378 } });
  });

  it('GET theme: the sample, the Stripe key a placeholder', async () => {
    const res = await c.call('GET', '/customer/theme', c.customer(token));
    expect(res.body.data.theme).toMatchObject({ appName: 'Awesome App', accent: '#d7771d', payment_method_config: { stripe: { key: 'sk_test_understudy', publishable_key: null } }, minimum_delivery_price: 100, tables: { '10': [], '9': { '1': 'Table 1', '2': 'Table 2' } } });
  });

  it('POST invoices/{id}/points/obtain', async () => {
    expect((await c.call('POST', '/customer/invoices/1/points/obtain', c.customer(token))).body).toEqual({ data: { points: 50, leftPoints: 428 } });
  });

  it('the public sync endpoints: {"new", "updated", "deleted"} with the sample records', async () => {
    const get = async (model: string) => (await c.call('GET', `/customer/${model}`, c.public)).body;
    expect((await get('stores')).data.new[0]).toEqual({ id: 1, phone: '669 68 65 61', geo: '41.7268582,1.8211535', address: 'Arquitecte Oms 2', token: 'ctzHxM48wBbRzZFM', city: 'Manresa', username: 'user1', country: 'Spain', name: 'An store' });
    expect(await get('categories')).toEqual({ data: { new: [{ deleted_at: null, id: 1, name: 'Category 1' }, { deleted_at: null, id: 2, name: 'Category 2' }], updated: null, deleted: null } });
    expect(await get('shifts')).toEqual(SYNC_SAMPLE({ end: '23:59:00', start: '00:00:00', id: 1, daysOfWeek: [1, 2, 3, 4, 5, 6, 0] }));
    expect(await get('deliveryShifts')).toEqual(SYNC_SAMPLE({ end: '23:59:00', start: '00:00:00', id: 1, daysOfWeek: [1, 2, 3, 4, 5, 6, 0] }));
    const products = await get('products');
    expect(products.data.new.slice(0, 3)).toEqual([
      { points: 150, product_category_id: 1, id: 1, price: 1240, tax: 1000, pointsRequired: null, deleted_at: null, photo: 'cGs3lw7I6H.png', name: 'Product 1' },
      { points: 250, product_category_id: 1, id: 2, price: 652, tax: 1000, pointsRequired: null, deleted_at: null, photo: 'JmXM9ft8aV.png', name: 'Product 2' },
      { points: 350, product_category_id: 2, id: 3, price: 1840, tax: 1000, pointsRequired: null, deleted_at: null, photo: 'aaHwaf1Bql.png', name: 'Product 3' },
    ]);
    expect(products.data.new.map((p: { id: number }) => p.id)).toEqual([1, 2, 3, 4, 15, 913, 914, 2152]);
    expect((await get('menuCategories')).data.new).toEqual([{ id: 1, name: 'Drinks', product_id: 1, order: 2 }, { id: 2, name: 'Take away', product_id: 2, order: 1 }]);
    expect((await get('menuProducts')).data.new).toEqual([{ id: 1, product_id: 1, menu_category_id: 1, order: 2, price: 0 }, { id: 2, product_id: 15, menu_category_id: 1, order: 1, price: 1500 }]);
    expect((await get('modifiers')).data.new).toEqual([{ id: 1, price: 0, modifier_category_id: 1, name: 'Small' }, { id: 2, price: 1050, modifier_category_id: 1, name: 'XL' }]);
    expect((await get('modifierCategories')).data.new).toEqual([{ id: 1, deleted_at: null, type: 1, name: 'Size', isMandatory: 1 }, { id: 2, type: 2, name: 'Toppings', isMandatory: 0 }]);
    expect((await get('productModifierCategories')).data.new).toEqual([{ product_id: 1, id: 1, deleted_at: null, modifier_category_id: 1 }, { product_id: 1, id: 2, deleted_at: null, modifier_category_id: 1 }]);
    expect((await get('productStore')).data.new[1]).toEqual({ id: 5, product_id: 914, store_id: 5, active: 0, price: 110, deleted_at: null, created_at: '2021-02-10T10:43:57.000000Z', updated_at: '2021-10-29T09:26:10.000000Z', config: null });
    expect((await get('sellingFormatStore')).data.new[0]).toEqual({ id: 2, selling_format_id: 182, store_id: 5, active: 1, price: 200, deleted_at: null, created_at: '2021-04-09T08:30:47.000000Z', updated_at: '2021-04-09T08:30:49.000000Z' });
    const kiosk = await get('kiosk');
    expect(kiosk.data.updated).toEqual([]);
    expect(kiosk.data.deleted).toEqual([]);
    expect(kiosk.data.new[1]).toMatchObject({ id: 2, name: 'KIOSK OSKAR', store_id: 11, printer_driver: 2, payment_modes: ['1', '5'], payment_gateway_config: { adyen: { poiid: 'S1F2-000158213300423' } }, config: '{"stop_service_on_print_error":"0"}' });
  });

  it('GET table/{id}/available', async () => {
    expect((await c.call('GET', '/customer/table/3/available', c.public)).body).toEqual({ data: { available: true } });
  });
});

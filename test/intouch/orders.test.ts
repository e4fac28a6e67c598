import { beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { intouchClient, type IntouchClient } from './client.ts';

/**
 * revo-intouch.txt, "Orders", and issue 9's rules: products must exist and be active at the
 * store; the app's prices are taken, the arithmetic must hold (`total = price × quantity`, or 0
 * when paid in points; `taxAmount = floor(total × tax / (10000 + tax))`; `subtotal = total −
 * taxAmount`); points and the gift card pay in the order's transaction; closing credits points.
 */
const line = (product_id: number, price: number, quantity = 1, tax = 1000) => {
  const total = price * quantity;
  const taxAmount = Math.floor((total * tax) / (10000 + tax));
  return { product_id, quantity, price, tax, pointsSpent: null as number | null, total, taxAmount, subtotal: total - taxAmount };
};
const orderOf = (contents: Array<{ total: number; taxAmount: number }>) => {
  const total = contents.reduce((s, c) => s + c.total, 0);
  const taxAmount = contents.reduce((s, c) => s + c.taxAmount, 0);
  return { id: null, total, taxAmount, subtotal: total - taxAmount };
};
const invalid = (field: string) => ({ status: 422, body: { error: 'The given data was invalid.', code: 0, data: { [field]: [expect.any(String)] } } });

describe('intouch: orders', () => {
  const app = useTestApp();
  let c: IntouchClient;
  let token: string;
  const place = (body: unknown) => c.call('POST', '/customer/orders', c.customer(token), body);
  const points = async () => (await c.call('GET', '/customer/points', c.customer(token))).body.data.points;
  const orderCount = async () => (await app.t.core.db.selectFrom('it_orders').select('id').where('sandbox_id', '=', c.sandboxId).execute()).length;
  beforeEach(async () => {
    c = await intouchClient(app.t);
    token = await c.login();
  });

  it('the sample arithmetic holds: 1240 → 1128 + 112, 1840 → 1673 + 167, 230 → 210 + 20', async () => {
    for (const [price, subtotal, tax] of [[1240, 1128, 112], [1840, 1673, 167], [230, 210, 20]]) {
      const contents = [line(1, price)];
      const res = await place({ store: 1, order: orderOf(contents), contents });
      expect(res.status, res.text).toBe(200);
      expect(res.body.data).toMatchObject({ total: price, subtotal, taxAmount: tax, status: 1, closed_at: null, pointsEarned: 0 });
      expect(res.body.data.contents[0]).toMatchObject({ total: price, subtotal, taxAmount: tax, order_id: res.body.data.id, created_at: expect.any(String) });
    }
  });

  it('a plain JSON body with objects is taken as the form fields are; totals left out are computed', async () => {
    const res = await place({ store: 1, order: {}, contents: [{ product_id: 2, quantity: 3, price: 652, tax: 1000 }] });
    expect(res.status, res.text).toBe(200);
    expect(res.body.data).toMatchObject({ total: 1956, taxAmount: 177, subtotal: 1779 });
  });

  it('totals that break the arithmetic are 422 naming the field, and nothing is stored', async () => {
    const good = [line(1, 1240, 2)];
    const before = await orderCount();
    expect(await place({ store: 1, order: orderOf(good), contents: [{ ...good[0], total: 1240 }] })).toMatchObject(invalid('contents.0.total'));
    expect(await place({ store: 1, order: orderOf(good), contents: [{ ...good[0], taxAmount: 1 }] })).toMatchObject(invalid('contents.0.taxAmount'));
    expect(await place({ store: 1, order: orderOf(good), contents: [{ ...good[0], subtotal: 1 }] })).toMatchObject(invalid('contents.0.subtotal'));
    expect(await place({ store: 1, order: { ...orderOf(good), total: 1 }, contents: good })).toMatchObject(invalid('order.total'));
    expect(await place({ store: 1, order: { ...orderOf(good), subtotal: 1 }, contents: good })).toMatchObject(invalid('order.subtotal'));
    expect(await place({ store: 1, order: orderOf(good), contents: [{ ...good[0], pointsSpent: 150 }] })).toMatchObject(invalid('contents.0.total'));
    expect(await orderCount()).toBe(before);
  });

  it('bad input anywhere is 422 in the vendor shape: missing or malformed fields, unknown or inactive products', async () => {
    const good = [line(1, 1240)];
    expect(await place({ store: 1, contents: good })).toMatchObject(invalid('order'));
    expect(await place({ store: 1, order: orderOf(good) })).toMatchObject(invalid('contents'));
    expect(await place({ store: 1, order: orderOf(good), contents: [] })).toMatchObject(invalid('contents'));
    expect(await c.call('POST', '/customer/orders', { ...c.customer(token), 'content-type': 'application/x-www-form-urlencoded' }, 'order={not json&contents=[]')).toMatchObject(invalid('order'));
    expect(await c.call('POST', '/customer/orders', { ...c.customer(token), 'content-type': 'application/json' }, '{"order": ')).toMatchObject({ status: 422, body: { error: 'The given data was invalid.', code: 0 } });
    expect(await place({ store: 1, order: orderOf(good), contents: [{ ...good[0], quantity: 0 }] })).toMatchObject(invalid('contents.0.quantity'));
    expect(await place({ store: 1, order: orderOf(good), contents: [{ ...good[0], product_id: 'one' }] })).toMatchObject(invalid('contents.0.product_id'));
    expect(await place({ store: 1, order: orderOf([line(999, 10)]), contents: [line(999, 10)] })).toMatchObject(invalid('contents.0.product_id'));
    // Product 914 is inactive at store 5 (productStore 5 of the document).
    await c.call('POST', '/stores/5/status', c.api, { status: 'online' });
    expect(await place({ store: 5, order: orderOf([line(914, 110)]), contents: [line(914, 110)] })).toMatchObject(invalid('contents.0.product_id'));
    expect((await place({ store: 1, order: orderOf([line(914, 110)]), contents: [line(914, 110)] })).status).toBe(200);
    const menu = [{ ...line(1, 1240), menuContents: [{ product_id: 914, price: 0 }] }];
    expect(await place({ store: 5, order: orderOf([line(1, 1240)]), contents: menu })).toMatchObject(invalid('contents.0.menuContents.0.product_id'));
  });

  it('a store whose status is not online refuses orders; store may be left out only with one store', async () => {
    const good = [line(1, 1240)];
    expect(await place({ store: 2, order: orderOf(good), contents: good })).toMatchObject(invalid('store'));
    expect(await place({ store: 99, order: orderOf(good), contents: good })).toMatchObject(invalid('store'));
    expect(await place({ order: orderOf(good), contents: good })).toMatchObject(invalid('store'));
    await c.call('POST', '/stores/1/status', c.api, { status: 'offline' });
    expect(await place({ store: 1, order: orderOf(good), contents: good })).toMatchObject(invalid('store'));
  });

  it('contents paid in points are spent in the order; short is 422 and nothing is spent or stored', async () => {
    const paid = [{ ...line(1, 1240), pointsSpent: 150, total: 0, taxAmount: 0, subtotal: 0 }, line(3, 1840)];
    const res = await place({ store: 1, order: orderOf(paid), contents: paid });
    expect(res.status, res.text).toBe(200);
    expect(await points()).toBe(228);
    const expensive = [{ ...line(1, 1240), pointsSpent: 300, total: 0, taxAmount: 0, subtotal: 0 }];
    const before = await orderCount();
    expect(await place({ store: 1, order: orderOf(expensive), contents: expensive })).toMatchObject(invalid('contents'));
    expect(await points()).toBe(228);
    expect(await orderCount()).toBe(before);
  });

  it('with card, the total is charged to the gift card; a short card is 422 with nothing changed', async () => {
    await c.call('PUT', '/customer/cards/58b194cc08bfa', c.customer(token), { amount: 3000 });
    const contents = [line(1, 1240, 2)];
    const res = await place({ store: 1, card: '58b194cc08bfa', order: orderOf(contents), contents });
    expect(res.status, res.text).toBe(200);
    expect(res.body.data.paid).toBe(1);
    expect((await c.call('GET', '/customer/cards/58b194cc08bfa', c.customer(token))).body.data.amount).toBe(520);
    const before = await orderCount();
    expect(await place({ store: 1, card: '58b194cc08bfa', order: orderOf(contents), contents })).toMatchObject(invalid('card'));
    expect((await c.call('GET', '/customer/cards/58b194cc08bfa', c.customer(token))).body.data.amount).toBe(520);
    expect(await orderCount()).toBe(before);
    // Points paid in an order refused for its card are not spent either.
    const both = [{ ...line(1, 1240), pointsSpent: 100, total: 0, taxAmount: 0, subtotal: 0 }, line(3, 1840)];
    expect(await place({ store: 1, card: '58b194cc08bfa', order: orderOf(both), contents: both })).toMatchObject(invalid('card'));
    expect(await points()).toBe(378);
    expect(await place({ store: 1, card: 'no-such-card', order: orderOf(contents), contents })).toMatchObject(invalid('card'));
  });

  it('PUT orders/{id} closes the order (status 5, closed_at by the sandbox clock) and only then credits pointsEarned, once', async () => {
    const contents = [line(1, 1240)];
    const id = (await place({ store: 1, order: orderOf(contents), contents })).body.data.id;
    expect(await points()).toBe(378);
    await c.control('PUT', '/clock', { now: '2031-02-03T04:05:06Z', frozen: true });
    const closed = await c.call('PUT', `/customer/orders/${id}`, c.customer(token));
    expect(closed.body.data).toMatchObject({ id, status: 5, closed_at: '2031-02-03 04:05:06', pointsEarned: 124 });
    expect(await points()).toBe(502);
    expect((await c.call('PUT', `/customer/orders/${id}`, c.customer(token))).body.data).toMatchObject({ status: 5, pointsEarned: 124 });
    expect(await points()).toBe(502);
    expect((await c.call('PUT', '/customer/orders/99999', c.customer(token))).status).toBe(404);
    expect((await c.call('GET', '/customer/lastOrder', c.customer(token))).body.data.lastOrder).toMatchObject({ id, pointsEarned: 124, closed_at: '2031-02-03 04:05:06' });
  });

  it("another customer's order is 404 to close; GET orders lists only the customer's own", async () => {
    await c.call('POST', '/customer/register', c.public, { name: 'Bruce', email: 'bruce@wayne.com', password: 'batman', postalCode: '1', birthDate: '1950-12-23', subscribe: 0 });
    const bruce = await c.login('bruce@wayne.com', 'batman');
    expect((await c.call('GET', '/customer/orders', c.customer(bruce))).body).toEqual({ data: [] });
    expect((await c.call('PUT', '/customer/orders/102', c.customer(bruce))).status).toBe(404);
    expect((await c.call('GET', '/customer/lastOrder', c.customer(bruce))).body).toEqual({ data: { lastContents: [], lastOrder: null } });
  });

  it('table/{id}/available is false while an open order holds the table', async () => {
    const contents = [line(1, 1240)];
    const id = (await place({ store: 1, order: { ...orderOf(contents), table_id: 3 }, contents })).body.data.id;
    expect((await c.call('GET', '/customer/table/3/available', c.public)).body.data.available).toBe(false);
    expect((await c.call('GET', '/customer/table/4/available', c.public)).body.data.available).toBe(true);
    await c.call('PUT', `/customer/orders/${id}`, c.customer(token));
    expect((await c.call('GET', '/customer/table/3/available', c.public)).body.data.available).toBe(true);
    expect((await c.call('GET', '/customer/table/999/available', c.public)).status).toBe(404);
  });
});

import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { intouchClient } from './client.ts';

/** Issue 9: 100 simultaneous orders charging one card, and 100 spending one customer's points, never overdraw; over real HTTP. */
describe('intouch: concurrent orders over real HTTP', () => {
  const app = useTestApp({}, { listen: true });

  async function setup() {
    const c = await intouchClient(app.t);
    const token = await c.login();
    const post = (path: string, body: unknown) =>
      fetch(`${app.url}/intouch/api/v1${path}`, { method: 'POST', headers: { ...c.customer(token), 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { c, token, post };
  }

  it('100 orders charging one gift card of 5000: exactly 4 of 1240 are accepted, the card never goes below 0', async () => {
    const { c, token, post } = await setup();
    await c.call('PUT', '/customer/cards/5876009347306', c.customer(token), { amount: 5000 });
    const order = { store: 1, card: '5876009347306', order: {}, contents: [{ product_id: 1, quantity: 1, price: 1240, tax: 1000 }] };
    const results = await Promise.all(Array.from({ length: 100 }, () => post('/customer/orders', order)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(4);
    expect(statuses.filter((s) => s === 422)).toHaveLength(96);
    expect((await c.call('GET', '/customer/cards/5876009347306', c.customer(token))).body.data.amount).toBe(5000 - 4 * 1240);
    const orders = await app.t.core.db.selectFrom('it_orders').select('id').where('sandbox_id', '=', c.sandboxId).where('card_uuid', '=', '5876009347306').execute();
    expect(orders).toHaveLength(4);
  });

  it("100 orders paying 150 points each from a customer's 378: exactly 2 are accepted, points never go below 0", async () => {
    const { c, token, post } = await setup();
    const order = { store: 1, order: {}, contents: [{ product_id: 1, quantity: 1, price: 1240, tax: 1000, pointsSpent: 150, total: 0 }] };
    const results = await Promise.all(Array.from({ length: 100 }, () => post('/customer/orders', order)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(2);
    expect((await c.call('GET', '/customer/points', c.customer(token))).body.data.points).toBe(78);
  });

  it('100 API spends of one product (150 points) at once: 2 succeed', async () => {
    const { c, token } = await setup();
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        fetch(`${app.url}/intouch/api/v1/customers/${token}/points`, { method: 'POST', headers: { ...c.api, 'content-type': 'application/json' }, body: JSON.stringify({ products: '[1]' }) }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(2);
    expect((await c.call('GET', '/customer/points', c.customer(token))).body.data.points).toBe(78);
  });
});

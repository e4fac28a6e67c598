import { json, type Load } from '../harness.ts';

/** Issue 9: the public product sync over 5,000 products, and orders (each a new order, closed never). */
export async function intouchLoads(url: string): Promise<Load[]> {
  const sandbox = await json(`${url}/_understudy/sandboxes`, { method: 'POST', body: JSON.stringify({ name: 'bench-intouch', fixtures: 'demo' }) });
  const { account } = sandbox.credentials.intouch;
  // The demo's 8 products, and 4,992 more (ids 10000 and up).
  for (let batch = 0; batch < 5; batch++) {
    const records = Array.from({ length: batch === 4 ? 992 : 1000 }, (_, i) => {
      const id = 10_000 + batch * 1000 + i;
      return { model: 'products', id, fields: { points: 100, product_category_id: 1, price: 1000 + (id % 500), tax: 1000, pointsRequired: null, deleted_at: null, photo: `p${id}.png`, name: `Product ${id}` } };
    });
    await json(`${url}/_understudy/sandboxes/${sandbox.id}/fixtures/intouch`, { method: 'POST', body: JSON.stringify({ records }) });
  }
  const login = await json(`${url}/intouch/api/v1/customer/login`, { method: 'POST', headers: { account }, body: JSON.stringify({ email: 'jordi.p@revo.works', password: 'demo-password' }) });
  const customer = { account, authorization: `Bearer ${login.data.api_token}` };
  let sent = 0;
  const order = JSON.stringify({ store: 1, order: { subtotal: 1673, total: 1840, taxAmount: 167 }, contents: [{ product_id: 3, quantity: 1, price: 1840, tax: 1000, pointsSpent: null, total: 1840, subtotal: 1673, taxAmount: 167 }] });
  return [
    { name: 'intouch GET /customer/products (5,000 products)', path: '/intouch/api/v1/customer/products', headers: { account } },
    {
      name: 'intouch POST /customer/orders',
      method: 'POST',
      path: '/intouch/api/v1/customer/orders',
      headers: customer,
      body: () => (sent++, order),
      verify: async () => {
        const orders = await json(`${url}/intouch/api/v1/customer/orders`, { headers: customer });
        return `${sent} orders sent (warm-up included); ${orders.data.length - 2} orders stored`;
      },
    },
  ];
}

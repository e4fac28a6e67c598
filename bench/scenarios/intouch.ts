import { countCheck, json, type Load } from '../harness.ts';

const PRODUCTS = 5_000;
const CHANGED = 20;

/**
 * Issue 9: the public product sync over 5,000 products (everything, and what changed since
 * `from`: the API's only smaller answer, it has no pages), and orders (each a new order, closed never).
 */
export async function intouchLoads(url: string): Promise<Load[]> {
  const sandbox = await json(`${url}/_understudy/sandboxes`, { method: 'POST', body: JSON.stringify({ name: 'bench-intouch', fixtures: 'demo' }) });
  const { account } = sandbox.credentials.intouch;
  const fixtures = (records: unknown[]) => json(`${url}/_understudy/sandboxes/${sandbox.id}/fixtures/intouch`, { method: 'POST', body: JSON.stringify({ records }) });
  const product = (id: number, price: number) => ({ points: 100, product_category_id: 1, price, tax: 1000, pointsRequired: null, deleted_at: null, photo: `p${id}.png`, name: `Product ${id}` });
  // The demo's 8 products, and 4,992 more (ids 10000 and up).
  for (let batch = 0; batch < 5; batch++) {
    const records = Array.from({ length: batch === 4 ? 992 : 1000 }, (_, i) => {
      const id = 10_000 + batch * 1000 + i;
      return { model: 'products', id, fields: product(id, 1000 + (id % 500)) };
    });
    await fixtures(records);
  }
  // A sync point: the next whole second (Unix seconds, as the app sends `from`), then 20 price changes after it.
  const from = Math.floor(Date.now() / 1000) + 1;
  await new Promise((r) => setTimeout(r, from * 1000 - Date.now() + 20));
  await fixtures(Array.from({ length: CHANGED }, (_, i) => ({ model: 'products', id: 10_000 + i * 200, fields: { price: 2000 + i } })));
  const delta = await json(`${url}/intouch/api/v1/customer/products?from=${from}`, { headers: { account } });
  if (delta.data.new.length !== 0 || delta.data.updated.length !== CHANGED) throw new Error(`intouch: the sync from ${from} has ${delta.data.new.length} new and ${delta.data.updated.length} updated products, not 0 and ${CHANGED}`);
  const seed = `the demo data and ${(PRODUCTS - 8).toLocaleString('en')} more products through the fixtures endpoint (${PRODUCTS.toLocaleString('en')} in all), ${CHANGED} of them changed later`;

  const login = await json(`${url}/intouch/api/v1/customer/login`, { method: 'POST', headers: { account }, body: JSON.stringify({ email: 'jordi.p@revo.works', password: 'demo-password' }) });
  const customer = { account, authorization: `Bearer ${login.data.api_token}` };
  // Each order's line carries a note of its own: every request is a new order, and the stored orders say which.
  let sent = 0;
  const order = (n: number) =>
    JSON.stringify({
      store: 1,
      order: { subtotal: 1673, total: 1840, taxAmount: 167 },
      contents: [{ product_id: 3, quantity: 1, price: 1840, tax: 1000, pointsSpent: null, total: 1840, subtotal: 1673, taxAmount: 167, notes: `bench-${n}` }],
    });
  type Stored = { id: number; contents: Array<{ notes: string | null }> };
  const orders = async () => (await json(`${url}/intouch/api/v1/customer/orders`, { headers: customer })).data as Stored[];
  let before = new Set<number>();
  return [
    { name: 'intouch GET /customer/products (5,000 products)', target: 'list', about: `the product sync, everything (no from): ${seed}`, path: '/intouch/api/v1/customer/products', headers: { account } },
    {
      name: `intouch GET /customer/products?from= (${CHANGED} of 5,000 changed)`,
      target: 'small',
      about: `the product sync since a time after which ${CHANGED} products changed (the API has no pages; this is its small answer), over ${seed}`,
      path: `/intouch/api/v1/customer/products?from=${from}`,
      headers: { account },
    },
    {
      name: 'intouch POST /customer/orders', target: 'write',
      about: `an order of one product 3 at store 1 by the demo customer, each with a note of its own, with ${seed}; checked: the customer's orders (one new per request, distinct ids)`,
      method: 'POST',
      path: '/intouch/api/v1/customer/orders',
      headers: customer,
      body: () => order(++sent),
      before: async () => {
        before = new Set((await orders()).map((o) => o.id));
      },
      verify: async (run) => {
        const added = (await orders()).filter((o) => !before.has(o.id));
        const notes = new Set(added.map((o) => o.contents[0]?.notes));
        const ackedNotes = new Set(run.acked.map((a) => (JSON.parse(a.sent) as { contents: Array<{ notes: string }> }).contents[0].notes));
        const answerIds = new Set(run.acked.map((a) => JSON.parse(a.body).data.id));
        const unanswered = new Set(run.unanswered.map((b) => (JSON.parse(b) as { contents: Array<{ notes: string }> }).contents[0].notes));
        return countCheck("new orders in the customer's list", added.length, run, [
          [[...ackedNotes].every((n) => notes.has(n)), 'every acknowledged order stored'],
          [added.every((o) => ackedNotes.has(o.contents[0]?.notes ?? '') || unanswered.has(o.contents[0]?.notes ?? '')), 'no other order stored'],
          [answerIds.size === run.acked.length && new Set(added.map((o) => o.id)).size === added.length, `${answerIds.size} distinct order ids`],
        ]);
      },
    },
  ];
}

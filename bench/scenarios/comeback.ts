import { countCheck, json, type Load } from '../harness.ts';

const BRUCE = '33f9dc36-5e99-4044-8e2e-9b22c403c5f7';
const JOVELLANOS = '0e75756b-bf8b-41e0-9162-a87e3f19e771';
const BURGERS = '5b1d3c2e-8f4a-4c6b-9e7d-2a1f0c9b8e71';
const EL_TENEDOR = '28afe959-6204-4169-b5ba-fc90f15aad43';
/** Customers made through the vendor API, besides the demo's Bruce Wayne. */
const CUSTOMERS = 2_000;

/** Issue 4: one customer, the customers list, and orders that earn points and spend El tenedor's 3 Burgers. */
export async function comebackLoads(url: string): Promise<Load[]> {
  const sandbox = await json(`${url}/_understudy/sandboxes`, { method: 'POST', body: JSON.stringify({ name: 'bench-comeback', fixtures: 'demo' }) });
  const token = sandbox.credentials.comeback.token;
  const headers = { authorization: token };
  // 2,000 customers of Bruce's organization through POST /customers, 25 requests in flight.
  let next = 0;
  const worker = async () => {
    while (next < CUSTOMERS) {
      const i = next++;
      await json(`${url}/comeback/v1/customers`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: `Bench`, surname: `Customer ${i}`, email: `bench.${i}@example.com`, phoneNumber: `+3460${String(i).padStart(7, '0')}`, externalId: `bench-customer-${i}` }),
      });
    }
  };
  await Promise.all(Array.from({ length: 25 }, worker));
  const page = await json(`${url}/comeback/v1/customers?page=0`, { headers });
  const total = (page.lastPage + 1) * 100;
  if (page.customers.length !== 100 || total < CUSTOMERS) throw new Error(`comeback: the customers list has ${page.customers.length} on page 0 and ${page.lastPage + 1} pages`);
  const seed = `the demo data and ${CUSTOMERS.toLocaleString('en')} customers made through POST /customers in Bruce's organization`;
  // Enough Burgers that every order of the run can pay for its promotion.
  await json(`${url}/comeback/v1/customers/${BRUCE}/addPoints`, { method: 'POST', headers, body: JSON.stringify({ addedPoints: 10_000_000, pointTypeId: BURGERS }) });
  const burgers = async () => (await json(`${url}/comeback/v1/customers/${BRUCE}`, { headers })).points.find((p: { pointTypeId: string }) => p.pointTypeId === BURGERS)?.amount as number;
  let sent = 0;
  let start = 0;
  return [
    { name: 'comeback GET /customers/:id', target: 'read', about: `Bruce Wayne with his points, level and available promotions, with ${seed}`, path: `/comeback/v1/customers/${BRUCE}`, headers },
    {
      name: `comeback GET /customers?page=0 (${(CUSTOMERS + 1).toLocaleString('en')} customers)`,
      target: 'list',
      about: `the first page of the customers list (pages of 100, each customer with points, level and promotions), over ${seed}`,
      path: '/comeback/v1/customers?page=0',
      headers,
    },
    {
      name: 'comeback POST /orders (earns, spends El tenedor)', target: 'write',
      about: `an order of 29.50 by Bruce at JOVELLANOS applying El tenedor (3 Burgers), each with a new externalId, with ${seed}; checked: Bruce's Burgers (start − 3·orders + 2·orders) and distinct order ids`,
      method: 'POST',
      path: '/comeback/v1/orders',
      headers,
      body: () =>
        JSON.stringify({ externalId: `bench-${++sent}`, amount: 2950, locationId: JOVELLANOS, customerId: BRUCE, promotionsApplied: [{ id: EL_TENEDOR }] }),
      before: async () => {
        start = await burgers();
      },
      verify: async (run) => {
        const now = await burgers();
        // Each order spends 3 Burgers on El tenedor and earns 2 (29.50 at the organization's rate).
        const orders = start - now;
        const ids = new Set(run.acked.map((a) => JSON.parse(a.body).id));
        return countCheck(`orders taken off Bruce's Burgers (${start} → ${now}: start − 3·orders + 2·orders)`, orders, run, [
          [run.acked.every((a) => a.status === 201), 'every answer 201 (a new order)'],
          [ids.size === run.acked.length, `${ids.size} distinct order ids`],
        ]);
      },
    },
  ];
}

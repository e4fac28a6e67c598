import { json, type Load } from '../harness.ts';

const BRUCE = '33f9dc36-5e99-4044-8e2e-9b22c403c5f7';
const JOVELLANOS = '0e75756b-bf8b-41e0-9162-a87e3f19e771';
const BURGERS = '5b1d3c2e-8f4a-4c6b-9e7d-2a1f0c9b8e71';
const EL_TENEDOR = '28afe959-6204-4169-b5ba-fc90f15aad43';

/** Issue 4: one customer, and orders that earn points and spend El tenedor's 3 Burgers. */
export async function comebackLoads(url: string): Promise<Load[]> {
  const sandbox = await json(`${url}/_understudy/sandboxes`, { method: 'POST', body: JSON.stringify({ name: 'bench-comeback', fixtures: 'demo' }) });
  const token = sandbox.credentials.comeback.token;
  const headers = { authorization: token };
  // Enough Burgers that every order of the run can pay for its promotion.
  await json(`${url}/comeback/v1/customers/${BRUCE}/addPoints`, { method: 'POST', headers, body: JSON.stringify({ addedPoints: 10_000_000, pointTypeId: BURGERS }) });
  let sent = 0;
  return [
    { name: 'comeback GET /customers/:id', path: `/comeback/v1/customers/${BRUCE}`, headers },
    {
      name: 'comeback POST /orders (earns, spends El tenedor)',
      method: 'POST',
      path: '/comeback/v1/orders',
      headers,
      body: () =>
        JSON.stringify({ externalId: `bench-${++sent}`, amount: 2950, locationId: JOVELLANOS, customerId: BRUCE, promotionsApplied: [{ id: EL_TENEDOR }] }),
      verify: async () => {
        const c = await json(`${url}/comeback/v1/customers/${BRUCE}`, { headers });
        const burgers = c.points.find((p: { pointTypeId: string }) => p.pointTypeId === BURGERS)?.amount;
        return `${sent} orders sent (warm-up included); Bruce's Burgers: ${burgers} (each order spends 3 and earns 2)`;
      },
    },
  ];
}

import { countCheck, json, type Load } from '../harness.ts';

/** Models made through the vendor API, besides the demo's Fairphone 3+. */
const MODELS = 5_000;

/** Runs `f` over `items`, `width` at a time. */
async function eachLimited<T>(items: T[], width: number, f: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await f(items[next++]);
  }));
}

/** Issue 10: the model read by SKU (subscription key and JWT checked on every call), the models list, and order imports (each a new reference). */
export async function reversioLoads(url: string): Promise<Load[]> {
  const sandbox = await json(`${url}/_understudy/sandboxes`, { method: 'POST', body: JSON.stringify({ name: 'bench-reversio', fixtures: 'demo' }) });
  const { subscriptionKey, secretValue } = sandbox.credentials.reversio;
  const token = await json(`${url}/reversio/api/v1/token`, { headers: { 'Ocp-Apim-Subscription-Key': subscriptionKey, 'Ocp-Apim-Secret-Value': secretValue } });
  const headers = { 'Ocp-Apim-Subscription-Key': subscriptionKey, Authorization: `Bearer ${token.value}` };
  // 5,000 models through PUT /catalog/models (the fixtures endpoint takes model types only), 25 requests in flight.
  await eachLimited(
    Array.from({ length: MODELS }, (_, i) => i),
    25,
    async (i) => {
      await json(`${url}/reversio/api/v1/catalog/models`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({
          label: `Bench model ${i}`,
          sku: `BENCH-MODEL-${i}`,
          brandName: `Bench brand ${i % 20}`,
          modelTypeUniqueName: 'Smartphone',
          state: 'New',
          weight: 0.188,
          dimension: { lengthInCm: 16, widthInCm: 7, heightInCm: 1 },
          eaNs: [`${3_000_000_000_000 + i}`],
        }),
      });
    },
  );
  const listed = await json(`${url}/reversio/api/v1/catalog/models?page=1&pageSize=100`, { headers });
  if (listed.value.length !== 100 || listed.pagination.total !== MODELS + 1) throw new Error(`reversio: the models list shows ${listed.value.length} of ${listed.pagination.total}`);
  const seed = `the demo data and ${MODELS.toLocaleString('en')} models made through PUT /catalog/models (${(MODELS + 1).toLocaleString('en')} in all, 21 brands)`;

  let sent = 0;
  const order = (reference: string) =>
    JSON.stringify({
      orderReference: reference,
      customerLastName: 'Dumbledore',
      customerFirstName: 'Albus',
      address: { streetAddress: '79 quai de la Gare', zipCode: '75013', city: 'Paris', countryCode: 'FR', phone: '+33600000000' },
      phoneNumber: '+33600000000',
      customerMail: 'albus.dumbledore@hogwarts.example',
      purchaseDateUtc: '2021-06-01T14:46:28Z',
      products: [{ modelId: '10000000-5555-0000-0000-000000000001', price: { amount: 495, currency: 'EUR' }, orderLineReference: '0' }],
      shippingPrice: { amount: 4.3, currency: 'EUR' },
      salesChannel: 'Online Store',
    });
  const stored = async (reference: string): Promise<string | null> => {
    const res = await fetch(`${url}/reversio/api/v1/orders/${encodeURIComponent(reference)}`, { headers });
    const body = await res.json();
    if (res.status === 404) return null;
    if (res.status !== 200) throw new Error(`reversio: GET /orders/${reference}: ${res.status} ${JSON.stringify(body)}`);
    return body.value.id as string;
  };
  return [
    { name: 'reversio GET /catalog/models/bySku/123456', target: 'read', about: `the demo model by its SKU (the key and the JWT checked on each call), with ${seed}`, path: '/reversio/api/v1/catalog/models/bySku/123456', headers },
    {
      name: `reversio GET /catalog/models?pageSize=100 (${(MODELS + 1).toLocaleString('en')} models)`,
      target: 'list',
      about: `the first page of the models list at its largest size (100; page=1), over ${seed}`,
      path: '/reversio/api/v1/catalog/models?page=1&pageSize=100',
      headers,
    },
    {
      name: 'reversio PUT /orders', target: 'write',
      about: `an order import of one line (the demo model), each with a new orderReference, with ${seed}; checked: every acknowledged reference is stored, with distinct ids`,
      method: 'PUT',
      path: '/reversio/api/v1/orders',
      headers,
      body: () => order(`BENCH-${++sent}`),
      verify: async (run) => {
        const reference = (b: string) => (JSON.parse(b) as { orderReference: string }).orderReference;
        const ids = new Set<string>();
        let missing = 0;
        await eachLimited(run.acked, 20, async (a) => {
          const id = await stored(reference(a.sent));
          if (id === null) missing++;
          else ids.add(id);
        });
        let landed = 0;
        for (const b of run.unanswered) if ((await stored(reference(b))) !== null) landed++;
        const answered = new Set(run.acked.map((a) => JSON.parse(a.body).value.id as string));
        return countCheck('imported orders found by reference', run.acked.length - missing + landed, run, [
          [missing === 0, `every acknowledged reference stored (${landed} of the unanswered too)`],
          [ids.size === run.acked.length - missing && answered.size === run.acked.length, `${ids.size} distinct order ids`],
        ]);
      },
    },
  ];
}

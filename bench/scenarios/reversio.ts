import { json, type Load } from '../harness.ts';

/** Issue 10: the model read by SKU (subscription key and JWT checked on every call), and order imports (each a new reference). */
export async function reversioLoads(url: string): Promise<Load[]> {
  const sandbox = await json(`${url}/_understudy/sandboxes`, { method: 'POST', body: JSON.stringify({ name: 'bench-reversio', fixtures: 'demo' }) });
  const { subscriptionKey, secretValue } = sandbox.credentials.reversio;
  const token = await json(`${url}/reversio/api/v1/token`, { headers: { 'Ocp-Apim-Subscription-Key': subscriptionKey, 'Ocp-Apim-Secret-Value': secretValue } });
  const headers = { 'Ocp-Apim-Subscription-Key': subscriptionKey, Authorization: `Bearer ${token.value}` };
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
  return [
    { name: 'reversio GET /catalog/models/bySku/123456', path: '/reversio/api/v1/catalog/models/bySku/123456', headers },
    {
      name: 'reversio PUT /orders',
      method: 'PUT',
      path: '/reversio/api/v1/orders',
      headers,
      body: () => order(`BENCH-${++sent}`),
      verify: async () => {
        const last = await json(`${url}/reversio/api/v1/orders/BENCH-${sent}`, { headers });
        const first = await json(`${url}/reversio/api/v1/orders/BENCH-1`, { headers });
        return `${sent} orders sent (warm-up included); BENCH-1 and BENCH-${sent} stored (${first.value.id !== last.value.id ? 'distinct' : 'same'} ids)`;
      },
    },
  ];
}

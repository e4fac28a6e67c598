import { json, type Load } from '../harness.ts';

/** Issue 3: a 20-product page over 10,000 products, and Modifier 103192 in both expand modes. */
export async function revelLoads(url: string): Promise<Load[]> {
  const sandbox = await json(`${url}/_understudy/sandboxes`, { method: 'POST', body: JSON.stringify({ name: 'bench-revel', fixtures: 'demo' }) });
  const { apiKey, apiSecret } = sandbox.credentials.revel;
  const headers = { 'api-authentication': `${apiKey}:${apiSecret}` };
  // 10,000 products through the vendor API itself, 25 requests in flight.
  let next = 0;
  const worker = async () => {
    while (next < 10_000) {
      const i = next++;
      await json(`${url}/revel/resources/Product/`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: `Bench product ${i}`, price: `${(i % 50) + 1}.50`, establishment: '/enterprise/Establishment/1/' }),
      });
    }
  };
  await Promise.all(Array.from({ length: 25 }, worker));
  return [
    { name: 'revel GET /resources/Product/?limit=20 (10,000 products)', path: '/revel/resources/Product/?limit=20', headers },
    { name: 'revel GET /resources/Modifier/103192/ (printers expanded)', path: '/revel/resources/Modifier/103192/', headers },
    { name: 'revel GET /resources/Modifier/103192/?expand_printers=false', path: '/revel/resources/Modifier/103192/?expand_printers=false', headers },
  ];
}

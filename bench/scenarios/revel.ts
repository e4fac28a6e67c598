import { json, sentSummary, type Load } from '../harness.ts';

const PRODUCTS = 10_000;

/** Issue 3: a 20-product page over 10,000 products (whole, and `fields=id`), Modifier 103192 in both expand modes, and product PATCHes. */
export async function revelLoads(url: string): Promise<Load[]> {
  const sandbox = await json(`${url}/_understudy/sandboxes`, { method: 'POST', body: JSON.stringify({ name: 'bench-revel', fixtures: 'demo' }) });
  const { apiKey, apiSecret } = sandbox.credentials.revel;
  const headers = { 'api-authentication': `${apiKey}:${apiSecret}` };
  // 10,000 products through the vendor API itself, 25 requests in flight.
  let next = 0;
  const ids: number[] = [];
  const worker = async () => {
    while (next < PRODUCTS) {
      const i = next++;
      const created = await json(`${url}/revel/resources/Product/`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: `Bench product ${i}`, price: `${(i % 50) + 1}.50`, establishment: '/enterprise/Establishment/1/' }),
      });
      ids[i] = created.id;
    }
  };
  await Promise.all(Array.from({ length: 25 }, worker));
  const seed = `${PRODUCTS.toLocaleString('en')} products made through POST /resources/Product/ on top of the demo data`;

  // The PATCH load: one product, each request a new name and price (the pair says which request it was).
  const target = ids[4242];
  const productPath = `/revel/resources/Product/${target}/`;
  const count = async () => (await json(`${url}/revel/resources/Product/?limit=1&fields=id`, { headers })).meta.total_count as number;
  let patches = 0;
  let before = 0;
  const patch = (n: number) => ({ name: `Bench product 4242, patch ${n}`, price: `${(n % 9000) + 1}.25` });
  return [
    { name: 'revel GET /resources/Product/?limit=20 (10,000 products)', target: 'list', about: `the first 20-product page, every field, over ${seed}`, path: '/revel/resources/Product/?limit=20', headers },
    {
      name: 'revel GET /resources/Product/?limit=20&fields=id (10,000 products)', target: 'small',
      about: `the same page with Revel's field selection (fields=id: each object only its id), over ${seed}; the comparison for the full page`,
      path: '/revel/resources/Product/?limit=20&fields=id',
      headers,
    },
    { name: 'revel GET /resources/Modifier/103192/ (printers expanded)', target: 'read', about: `one demo modifier, its printers expanded (the default), with ${seed}`, path: '/revel/resources/Modifier/103192/', headers },
    { name: 'revel GET /resources/Modifier/103192/?expand_printers=false', target: 'read', about: `the same modifier, printers as URIs, with ${seed}`, path: '/revel/resources/Modifier/103192/?expand_printers=false', headers },
    {
      name: 'revel PATCH /resources/Product/{id}/ (10,000 products)', target: 'write',
      about: `a PATCH of product ${target} (one of the ${seed}), each request a new name and price; checked: the stored name and price are those of one of the last requests, and the product count is unchanged`,
      method: 'PATCH',
      path: productPath,
      headers,
      body: () => JSON.stringify(patch(++patches)),
      before: async () => {
        before = await count();
      },
      verify: async (sent) => {
        const stored = await json(`${url}${productPath}`, { headers });
        const after = await count();
        // Requests run one at a time per connection, so the write applied last is among the
        // last `connections` acknowledged, or one left unanswered when the run stopped.
        const last = [...sent.acked.slice(-sent.connections).map((a) => a.sent), ...sent.unanswered].map((b) => JSON.parse(b) as ReturnType<typeof patch>);
        // Revel renders a decimal field as a number (4014.25 for the "4014.25" sent).
        const isLast = last.some((p) => p.name === stored.name && Number(p.price) === Number(stored.price));
        const answersMatch = sent.acked.every((a) => {
          const rep = JSON.parse(a.body);
          const req = JSON.parse(a.sent);
          return a.status === 202 && rep.id === target && rep.name === req.name && Number(rep.price) === Number(req.price);
        });
        const failed = [
          ...(sent.refused.length ? [`${sent.refused.length} refused (first: ${sent.refused[0].status} ${sent.refused[0].body.slice(0, 200)})`] : []),
          ...(isLast ? [] : [`the stored "${stored.name}" / ${stored.price} is none of the last ${last.length} requests`]),
          ...(answersMatch ? [] : ['an answer is not 202 with the values its request sent']),
          ...(after === before ? [] : [`the product count went from ${before} to ${after}`]),
        ];
        return {
          ok: failed.length === 0,
          line:
            `product ${target} holds "${stored.name}" at ${stored.price}, ${isLast ? 'one' : 'none'} of the last ${last.length} requests; products: ${before.toLocaleString('en')} before, ${after.toLocaleString('en')} after; ` +
            `${answersMatch ? 'every' : 'not every'} acknowledged answer 202 with its request's values (${sentSummary(sent)})${failed.length ? ` — FAILED: ${failed.join('; ')}` : ''}`,
        };
      },
    },
  ];
}

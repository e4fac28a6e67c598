import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { DEMO_ORDER_ID, ORDER_SAMPLE, reversioClient } from './client.ts';

/**
 * Issue 10's uniqueness rules under real concurrent HTTP requests: one `orderReference`, one
 * `sku` and one brand name per sandbox, and one open after-sales file per order line.
 */
describe('reversio: concurrent requests over real HTTP', () => {
  const app = useTestApp({}, { listen: true });

  async function setup() {
    const c = await reversioClient(app.t);
    const headers = { ...(await c.auth()), 'content-type': 'application/json' };
    const send = (method: string, path: string, body: unknown) => fetch(`${app.url}/reversio/api/v1${path}`, { method, headers, body: JSON.stringify(body) });
    return { c, send };
  }

  it('50 imports of one new orderReference at once: exactly one is 200, the others 400 AlreadyExists', async () => {
    const { c, send } = await setup();
    const results = await Promise.all(Array.from({ length: 50 }, () => send('PUT', '/orders', { ...ORDER_SAMPLE, orderReference: 'RACE-1' })));
    const bodies = await Promise.all(results.map((r) => r.json()));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(bodies.filter((b) => b.errors?.[0]?.code === 'AlreadyExists')).toHaveLength(49);
    const rows = await app.t.core.db.selectFrom('rv_orders').select('id').where('sandbox_id', '=', c.sandboxId).where('reference', '=', 'RACE-1').execute();
    expect(rows).toHaveLength(1);
  });

  it('50 creates of one SKU naming one new brand at once: one model, one brand', async () => {
    const { c, send } = await setup();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => send('PUT', '/catalog/models', { label: `Race ${i}`, sKU: 'RACE-SKU', brandName: 'Race Brand', modelTypeUniqueName: 'Smartphone' })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 400)).toHaveLength(49);
    const brands = (await c.api('GET', '/catalog/brands')).body.value.filter((b: { name: string }) => b.name === 'Race Brand');
    expect(brands).toHaveLength(1);
    // Different SKUs naming one new brand at once: every model made, still one brand.
    const many = await Promise.all(Array.from({ length: 30 }, (_, i) => send('PUT', '/catalog/models', { label: `Many ${i}`, sKU: `MANY-${i}`, brandName: 'Shared New Brand', modelTypeUniqueName: 'Tablet' })));
    expect(many.map((r) => r.status)).toEqual(Array(30).fill(200));
    const shared = (await c.api('GET', '/catalog/brands')).body.value.filter((b: { name: string }) => b.name === 'Shared New Brand');
    expect(shared).toHaveLength(1);
    const models = await app.t.core.db.selectFrom('rv_models').select('brand_id').where('sandbox_id', '=', c.sandboxId).where('sku', 'like', 'MANY-%').execute();
    expect(new Set(models.map((m) => m.brand_id))).toEqual(new Set([shared[0].id]));
  });

  it('40 submissions of the portal form for one product at once: exactly one file is opened', async () => {
    const { c } = await setup();
    const link = (await c.api('POST', '/links', { orderId: DEMO_ORDER_ID })).body.value as string;
    const url = `${app.url}${new URL(link).pathname}`;
    const page = await fetch(url);
    const html = await page.text();
    const cookie = page.headers.getSetCookie()[0].split(';')[0];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1];
    const line = /name="orderLineId" value="([^"]+)"/.exec(html)![1];
    const form = new URLSearchParams({ _csrf: csrf, orderLineId: line, type: 'Return', reason: 'Defective', comment: '' }).toString();
    const results = await Promise.all(
      Array.from({ length: 40 }, () => fetch(`${url}/files`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: form })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 303)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(39);
    expect((await c.control('GET', '/reversio/files')).body.files).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { revelClient } from './revel-client.ts';

/** FIDELITY.md, Revel auth: the header, or api_key + api_secret as query or form parameters; failures are 401 with an empty body. */
describe('revel: authentication', () => {
  const app = useTestApp();

  it('accepts API-AUTHENTICATION: key:secret', async () => {
    const c = await revelClient(app.t);
    const res = await app.t.call({ method: 'GET', url: '/revel/resources/Product/919/', headers: { 'API-AUTHENTICATION': `${c.apiKey}:${c.apiSecret}` } });
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(919);
  });

  it('accepts api_key and api_secret as query parameters (and they are not filters)', async () => {
    const c = await revelClient(app.t);
    const res = await app.t.call({ method: 'GET', url: `/revel/resources/Product/?api_key=${c.apiKey}&api_secret=${c.apiSecret}` });
    expect(res.status).toBe(200);
    expect(res.body.meta.total_count).toBe(1);
  });

  it('accepts api_key and api_secret as form parameters; the other form fields are the object', async () => {
    const c = await revelClient(app.t);
    const res = await app.t.call({
      method: 'POST',
      url: '/revel/products/ProductCategory/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `api_key=${c.apiKey}&api_secret=${c.apiSecret}&name=Form+Category&establishment=%2Fenterprise%2FEstablishment%2F1%2F&sorting=3`,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Form Category', sorting: 3, establishment: '/enterprise/Establishment/1/' });
    expect(res.body).not.toHaveProperty('api_key');
  });

  it('answers 401 with an empty body without credentials', async () => {
    const res = await app.t.call({ method: 'GET', url: '/revel/resources/Product/' });
    expect(res.status).toBe(401);
    expect(res.text).toBe('');
  });

  it('answers 401 with an empty body to a wrong secret, in the header, the query or the form', async () => {
    const c = await revelClient(app.t);
    const header = await app.t.call({ method: 'GET', url: '/revel/resources/Product/', headers: { 'api-authentication': `${c.apiKey}:wrong` } });
    const query = await app.t.call({ method: 'GET', url: `/revel/resources/Product/?api_key=${c.apiKey}&api_secret=wrong` });
    const noSecret = await app.t.call({ method: 'GET', url: `/revel/resources/Product/?api_key=${c.apiKey}` });
    const form = await app.t.call({
      method: 'POST',
      url: '/revel/products/ProductCategory/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `api_key=${c.apiKey}&api_secret=wrong&name=X&establishment=%2Fenterprise%2FEstablishment%2F1%2F`,
    });
    for (const res of [header, query, noSecret, form]) {
      expect(res.status).toBe(401);
      expect(res.text).toBe('');
    }
  });

  it('answers 401 to an unknown key', async () => {
    const res = await app.t.call({ method: 'GET', url: '/revel/resources/Product/', headers: { 'api-authentication': 'nobody:nothing' } });
    expect(res.status).toBe(401);
    expect(res.text).toBe('');
  });

  it("never shows another sandbox's objects: an id of one sandbox is a 404 and an unknown URI in the other", async () => {
    const a = await revelClient(app.t);
    const b = await revelClient(app.t);
    const created = await a.post('/resources/Discount/', { name: 'Only in A', establishment: '/enterprise/Establishment/1/' });
    expect(created.status).toBe(201);
    expect((await b.get(`/resources/Discount/${created.body.id}/`)).status).toBe(404);
    const code = await b.post('/resources/DiscountCode/', { code: 'X1', discount: created.body.resource_uri });
    expect(code.status).toBe(400);
    expect(code.body).toStrictEqual({ DiscountCode: { discount: [`Could not find the provided object via resource URI '${created.body.resource_uri}'`] } });
    const list = await b.get('/resources/Discount/?name=Only%20in%20A');
    expect(list.body.meta.total_count).toBe(0);
  });
});

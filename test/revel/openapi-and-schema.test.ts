import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { revelClient } from './revel-client.ts';

/** The resource descriptions: Tastypie's `/schema/` endpoint and the OpenAPI document of the dialect. */
describe('revel: schema and OpenAPI', () => {
  const app = useTestApp();

  it('GET /resources/Product/schema/ describes the fields, filtering and methods as Tastypie does', async () => {
    const c = await revelClient(app.t);
    const res = await c.get('/resources/Product/schema/');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ allowed_list_http_methods: ['get', 'post'], allowed_detail_http_methods: ['get', 'put', 'patch', 'delete'], default_limit: 20 });
    expect(res.body.fields.is_alcohol).toMatchObject({ type: 'boolean', default: false, nullable: false });
    expect(res.body.fields.category).toMatchObject({ type: 'related', related_type: 'to_one' });
    expect(res.body.filtering.is_alcohol).toBe(1);
    expect(res.body.filtering.kds_tags).toBeUndefined();
  });

  it('documents every routed resource and DiscountCode in /_understudy/openapi/revel.json', async () => {
    const res = await app.t.call({ method: 'GET', url: '/_understudy/openapi/revel.json' });
    expect(res.status).toBe(200);
    const paths = Object.keys(res.body.paths);
    for (const p of ['/resources/Product/', '/resources/Product/{id}/', '/resources/DiscountCode/', '/resources/DiscountCode/{id}/', '/enterprise/Establishment/', '/products/ProductCategory/']) {
      expect(paths, p).toContain(p);
    }
    expect(res.body.paths['/resources/Product/'].post.requestBody).toBeDefined();
    // Only the methods Tastypie allows: a list takes no PUT, PATCH or DELETE here.
    expect(Object.keys(res.body.paths['/resources/Product/']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(res.body.paths['/resources/Product/{id}/']).sort()).toEqual(['delete', 'get', 'patch', 'put']);
    expect(Object.keys(res.body.paths['/resources/Product/{id}/'].delete.responses)).toContain('204');
  });
});

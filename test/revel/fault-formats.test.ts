import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { revelClient } from './revel-client.ts';

/**
 * Issue 8: everything that answers on the dialect's behalf goes through its protocol. An injected
 * fault on a `?format=xml` request answered JSON before; it answers Tastypie's XML.
 */
describe('revel: injected faults in the format the request asked for', () => {
  const app = useTestApp();

  it('a bodiless fault on ?format=xml is XML; on JSON it is {"error"}; a fault with a body is that body in the asked format', async () => {
    const c = await revelClient(app.t);
    const rules = [{ dialect: 'revel', path: '/resources/Product/919/', status: 503 }, { dialect: 'revel', path: '/resources/Modifier/*', status: 418, body: { error: 'teapot', retry: 1 } }];
    expect((await app.t.call({ method: 'PUT', url: `/_understudy/sandboxes/${c.sandboxId}/faults`, payload: { rules } })).status).toBe(200);

    const xml = await c.get('/resources/Product/919/?format=xml');
    expect(xml.status).toBe(503);
    expect(xml.headers['content-type']).toMatch(/^application\/xml/);
    expect(xml.text).toMatch(/^<\?xml version='1\.0' encoding='utf-8'\?>\s*<response><error>Injected fault \(HTTP 503\)<\/error><\/response>/);

    const json = await c.get('/resources/Product/919/');
    expect(json.status).toBe(503);
    expect(json.body).toEqual({ error: 'Injected fault (HTTP 503)' });

    const teapot = await c.get('/resources/Modifier/103192/?format=xml');
    expect(teapot.status).toBe(418);
    expect(teapot.text).toContain('<error>teapot</error>');
  });
});

import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { intouchClient } from './client.ts';

/**
 * InTouch's document gives the request bodies revo-intouch.txt lists (its routes declare none:
 * they validate by hand), and a body against them is still refused in Laravel's words, not by
 * the document's schema.
 */
describe('intouch: request bodies in the OpenAPI document', () => {
  const app = useTestApp();

  it('documents the fields of the vendor document, by operation', async () => {
    const doc = (await app.t.call({ method: 'GET', url: '/_understudy/openapi/intouch.json' })).body;
    const fields = (path: string, method: string) => {
      const schema = doc.paths[path][method].requestBody?.content['application/json'].schema;
      return schema && { properties: Object.keys(schema.properties), required: schema.required };
    };
    expect(fields('/stores/{store}/status', 'post')).toEqual({ properties: ['status'], required: ['status'] });
    expect(fields('/customer/login', 'post')).toEqual({ properties: ['email', 'password'], required: ['email', 'password'] });
    expect(fields('/customer/register', 'post')?.properties).toEqual(['name', 'email', 'password', 'postalCode', 'birthDate', 'subscribe']);
    expect(fields('/customer', 'put')?.required).toEqual(['name', 'postalCode', 'address', 'city', 'phone']);
    expect(fields('/customer/uploadProfilePhoto', 'post')?.properties).toEqual(['Photo']);
    expect(fields('/customer/cards/{uuid}', 'put')?.properties).toEqual(['amount']);
    expect(fields('/customer/orders', 'post')).toEqual({ properties: ['order', 'contents', 'card', 'store', 'delivery'], required: ['order', 'contents'] });
    expect(fields('/customers/{token}/points', 'post')?.properties).toEqual(['products']);
    // The parameters of updateStatus travel in the query string; closing an order takes no body.
    expect(fields('/catalog/updateStatus', 'post')).toBeUndefined();
    expect(fields('/customer/orders/{id}', 'put')).toBeUndefined();
  });

  it('still answers a wrong body with the Laravel 422 of its own validation', async () => {
    const c = await intouchClient(app.t);
    const token = await c.login();
    const res = await c.call('POST', '/customer/cards', c.customer(token), { name: 5 });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ error: 'The given data was invalid.', code: 0, data: { name: ['The name must be a string.'] } });
  });
});

import { describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { useTestApp } from '../helpers/app.ts';
import { DEMO_MODEL_ID, DEMO_ORDER_ID, MODEL_SAMPLE, ORDER_SAMPLE, reversioClient } from './client.ts';

/**
 * reversio.txt's samples, sent to the demo sandbox. The order and links samples are printed as
 * text that is not JSON (a trailing comma, a line break inside a string, `TT` in the date, the
 * e-mail address replaced by "[email protected]" by the page that published it): as printed
 * they are 400 naming the problem; corrected, they are accepted. The demo holds the
 * document's model and order, so the create samples meet them (400); with another SKU or
 * reference they create.
 */
const ORDER_AS_PRINTED = `{
"orderReference": "ORDER-00001",
"customerLastName": "Dumbledore",
"customerFirstName": "Albus",
"address": {
"streetAddress": "79 quai de la Gare",
"zipCode": "75013",
"city": "Paris",
"countryCode": "FR",
"phone": "+33600000000"
},
"phoneNumber": "+33600000000",
"customerMail": "[email protected]",
"purchaseDateUtc": "2021-06-01TT14:46:28Z",
"products": [
{
"modelId": "10000000-5555-0000-0000-000000000001",
"price": {
"amount": 495,
"currency": "EUR"
},
"orderLineReference": "0",
}
],
"shippingPrice": {
"amount": 4.3,
"currency": "EUR"
},
"salesChannel": "Online Store"
}`;

const LINK_AS_PRINTED = `{
"orderId": "10000000-9999-0000-0000-000000000001
"
}`;

const envelopeOk = { errors: [], isHandledError: false, failure: false, hasWarnings: false, isNotFound: false };

describe('reversio: the document samples against the demo fixtures', () => {
  const app = useTestApp();
  const demo = () => reversioClient(app.t, 'demo');

  it('GET token with Ocp-Apim-Subscription-Key and Ocp-Apim-Secret-Value: the JWT in value, valid one hour (exp)', async () => {
    const c = await demo();
    const res = await c.call('GET', '/token', { 'Ocp-Apim-Subscription-Key': c.subscriptionKey, 'Ocp-Apim-Secret-Value': c.secretValue });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject(envelopeOk);
    const claims = decodeJwt(res.body.value);
    expect(claims.exp! - claims.iat!).toBe(3600);
    expect(Math.abs(claims.iat! * 1000 - Date.now())).toBeLessThan(60_000);
  });

  it('GET orders/{orderReference}/status with the subscription key and the bearer JWT (the curl sample)', async () => {
    const c = await demo();
    const res = await c.api('GET', '/orders/ORDER-00001/status');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...envelopeOk, value: { orderId: DEMO_ORDER_ID, orderReference: 'ORDER-00001', status: 'NoAfterSales', files: [] } });
  });

  it('POST catalog/models, the sample: its SKU is the demo model (400); with another SKU it creates, value.id', async () => {
    const c = await demo();
    const dup = await c.api('POST', '/catalog/models', MODEL_SAMPLE);
    expect(dup.status).toBe(400);
    expect(dup.body).toMatchObject({ value: null, failure: true, isHandledError: true, isNotFound: false, errors: [{ subject: 'sku', code: 'AlreadyExists' }] });
    const res = await c.api('POST', '/catalog/models', { ...MODEL_SAMPLE, sKU: '654321' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject(envelopeOk);
    expect(res.body.value.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(res.body.value).toMatchObject({ sku: '654321', label: 'Fairphone 3+ 64GB', brandName: 'Fairphone', modelTypeUniqueName: 'Smartphone', state: 'New', weight: 0.188, dimension: { lengthInCm: 16, widthInCm: 7, heightInCm: 1 } });
    // The brand the sample names existed: it is the same brand, not a second Fairphone.
    expect((await c.api('GET', '/catalog/brands')).body.value.filter((b: { name: string }) => b.name === 'Fairphone')).toHaveLength(1);
  });

  it('the demo holds the model of the sample with its id', async () => {
    const c = await demo();
    const res = await c.api('GET', `/catalog/models/${DEMO_MODEL_ID}`);
    expect(res.status).toBe(200);
    expect(res.body.value).toMatchObject({ id: DEMO_MODEL_ID, sku: '123456', label: 'Fairphone 3+ 64GB', brandName: 'Fairphone', modelTypeUniqueName: 'Smartphone', weight: 0.188, dimension: { lengthInCm: 16, widthInCm: 7, heightInCm: 1 } });
    expect((await c.api('GET', '/catalog/models/bySku/123456')).body.value.id).toBe(DEMO_MODEL_ID);
  });

  it('PUT orders as printed is 400 naming the trailing comma; each printed fault, alone, is 400 naming its field', async () => {
    const c = await demo();
    const printed = await c.call('PUT', '/orders', { ...(await c.auth()), 'content-type': 'application/json' }, ORDER_AS_PRINTED);
    expect(printed.status).toBe(400);
    expect(printed.body).toMatchObject({ value: null, failure: true, isHandledError: true, errors: [{ subject: 'body', code: 'InvalidJson' }] });
    expect(printed.body.errors[0].message).toMatch(/not valid JSON/);
    const tt = await c.api('PUT', '/orders', { ...ORDER_SAMPLE, orderReference: 'ORDER-TT', purchaseDateUtc: '2021-06-01TT14:46:28Z' });
    expect(tt.status).toBe(400);
    expect(tt.body.errors[0]).toMatchObject({ subject: 'purchaseDateUtc', code: 'InvalidFormat' });
    const mail = await c.api('PUT', '/orders', { ...ORDER_SAMPLE, orderReference: 'ORDER-MAIL', customerMail: '[email protected]' });
    expect(mail.status).toBe(400);
    expect(mail.body.errors[0]).toMatchObject({ subject: 'customerMail', code: 'InvalidFormat' });
  });

  it('PUT orders corrected: ORDER-00001 is the demo order (400); with another reference it imports, value.id', async () => {
    const c = await demo();
    const dup = await c.api('PUT', '/orders', ORDER_SAMPLE);
    expect(dup.status).toBe(400);
    expect(dup.body.errors[0]).toMatchObject({ subject: 'orderReference', code: 'AlreadyExists' });
    const res = await c.api('PUT', '/orders', { ...ORDER_SAMPLE, orderReference: 'ORDER-00002' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject(envelopeOk);
    expect(res.body.value.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.value).toMatchObject({
      orderReference: 'ORDER-00002',
      customerLastName: 'Dumbledore',
      customerFirstName: 'Albus',
      address: { streetAddress: '79 quai de la Gare', zipCode: '75013', city: 'Paris', countryCode: 'FR', phone: '+33600000000' },
      purchaseDateUtc: '2021-06-01T14:46:28.000Z',
      products: [{ modelId: DEMO_MODEL_ID, price: { amount: 495, currency: 'EUR' }, orderLineReference: '0' }],
      shippingPrice: { amount: 4.3, currency: 'EUR' },
      salesChannel: 'Online Store',
    });
  });

  it('the demo holds the order of the sample with its id', async () => {
    const c = await demo();
    const res = await c.api('GET', '/orders/ORDER-00001');
    expect(res.status).toBe(200);
    expect(res.body.value).toMatchObject({ id: DEMO_ORDER_ID, orderReference: 'ORDER-00001', customerFirstName: 'Albus', customerLastName: 'Dumbledore', salesChannel: 'Online Store', shippingPrice: { amount: 4.3, currency: 'EUR' } });
  });

  it('POST links as printed is 400 (a line break inside the string); corrected, value is a URL to the self-care portal', async () => {
    const c = await demo();
    const printed = await c.call('POST', '/links', { ...(await c.auth()), 'content-type': 'application/json' }, LINK_AS_PRINTED);
    expect(printed.status).toBe(400);
    expect(printed.body.errors[0]).toMatchObject({ subject: 'body', code: 'InvalidJson' });
    const res = await c.api('POST', '/links', { orderId: DEMO_ORDER_ID });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject(envelopeOk);
    expect(res.body.value).toMatch(/^http:\/\/localhost:80\/reversio\/portal\/t\/[A-Za-z0-9]{40}$/);
    const page = await app.t.app.inject({ method: 'GET', url: new URL(res.body.value).pathname });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('ORDER-00001');
    expect(page.body).toContain('Fairphone 3+ 64GB');
  });
});

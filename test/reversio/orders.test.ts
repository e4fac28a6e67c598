import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { DEMO_MODEL_ID, DEMO_ORDER_ID, ORDER_SAMPLE, reversioClient, type ReversioClient } from './client.ts';

/**
 * reversio.txt "Create Order" and "Redirect Customer": `PUT orders` (orderReference unique,
 * every modelId a model of the sandbox, ISO country and currency codes, an e-mail address, a
 * purchase date in ISO 8601 or PHP's `Y-m-d H:i:s`), the order by reference, its status, and
 * `POST links`.
 */
const failure = (subject: string, code: string) => ({ value: null, failure: true, isHandledError: true, isNotFound: false, errors: [expect.objectContaining({ subject, code, message: expect.any(String) })] });
let n = 0;
const order = (overrides: Record<string, unknown> = {}) => ({ ...ORDER_SAMPLE, orderReference: `ORD-${++n}-${Math.random().toString(36).slice(2, 8)}`, ...overrides });

async function orderExists(c: ReversioClient, reference: string): Promise<boolean> {
  return (await c.api('GET', `/orders/${encodeURIComponent(reference)}`)).status === 200;
}

describe('reversio: orders and links', () => {
  const app = useTestApp();

  it('imports an order as the Magento module sends it: one line per unit, PHP dates, decimal strings, empty strings and nulls', async () => {
    const c = await reversioClient(app.t);
    const magento = {
      orderReference: '000000042',
      phoneNumber: '0600000000',
      address: { companyName: '', streetAddress: '1 rue de Rivoli', additionalAddress: null, doorCode: '', floor: '', zipCode: '75001', city: 'Paris', countryCode: 'FR' },
      purchaseDateUtc: '2024-03-05 09:08:07',
      products: [
        { modelId: DEMO_MODEL_ID, price: { amount: 449.5, currency: 'EUR' }, orderLineReference: '17' },
        { modelId: DEMO_MODEL_ID, price: { amount: 449.5, currency: 'EUR' }, orderLineReference: '17' },
      ],
      shippingPrice: { amount: '5.0000', currency: 'EUR' },
      civility: null,
      customerLastName: 'Granger',
      customerFirstName: 'Hermione',
      customerMail: 'hermione@example.com',
    };
    const res = await c.api('PUT', '/orders', magento);
    expect(res.status, res.text).toBe(200);
    const v = res.body.value;
    expect(v).toMatchObject({ orderReference: '000000042', purchaseDateUtc: '2024-03-05T09:08:07.000Z', shippingPrice: { amount: 5, currency: 'EUR' }, civility: null, address: { companyName: null, doorCode: null, countryCode: 'FR' } });
    expect(v.products).toHaveLength(2);
    expect(new Set(v.products.map((p: { id: string }) => p.id)).size).toBe(2);
    expect(v.products.map((p: { orderLineReference: string }) => p.orderLineReference)).toEqual(['17', '17']);
    // Magento then reads it back by reference (orders/{ref}/status) for its orderId.
    const status = await c.api('GET', '/orders/000000042/status');
    expect(status.body.value).toMatchObject({ orderId: v.id, orderReference: '000000042', status: 'NoAfterSales', files: [] });
    // A numeric orderLineReference is read as text; lower-case codes are read as codes.
    const numeric = await c.api('PUT', '/orders', order({ products: [{ modelId: DEMO_MODEL_ID, price: { amount: 1, currency: 'eur' }, orderLineReference: 3 }], address: { ...ORDER_SAMPLE.address, countryCode: 'be' } }));
    expect(numeric.status, numeric.text).toBe(200);
    expect(numeric.body.value.products[0]).toMatchObject({ orderLineReference: '3', price: { currency: 'EUR' } });
    expect(numeric.body.value.address.countryCode).toBe('BE');
  });

  it('purchaseDateUtc: ISO 8601 with Z, an offset or none, fractions, or Y-m-d H:i:s; anything else, or a day that does not exist, is 400', async () => {
    const c = await reversioClient(app.t);
    const ok: Array<[string, string]> = [
      ['2021-06-01T14:46:28Z', '2021-06-01T14:46:28.000Z'],
      ['2021-06-01T14:46:28.123Z', '2021-06-01T14:46:28.123Z'],
      ['2021-06-01T16:46:28+02:00', '2021-06-01T14:46:28.000Z'],
      ['2021-06-01T14:46:28', '2021-06-01T14:46:28.000Z'],
      ['2021-06-01 14:46:28', '2021-06-01T14:46:28.000Z'],
      ['2021-06-01', '2021-06-01T00:00:00.000Z'],
    ];
    for (const [sent, stored] of ok) {
      const res = await c.api('PUT', '/orders', order({ purchaseDateUtc: sent }));
      expect(res.status, sent).toBe(200);
      expect(res.body.value.purchaseDateUtc, sent).toBe(stored);
    }
    for (const bad of ['2021-06-01TT14:46:28Z', '2021-02-30T10:00:00Z', '01/06/2021', 'yesterday', '2021-06-01T25:00:00Z', '']) {
      const res = await c.api('PUT', '/orders', order({ purchaseDateUtc: bad }));
      expect(res.status, bad).toBe(400);
      expect(res.body.errors[0].subject, bad).toBe('purchaseDateUtc');
    }
  });

  it('every bad field is 400 naming it, and nothing is stored', async () => {
    const c = await reversioClient(app.t);
    const line = ORDER_SAMPLE.products[0];
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ orderReference: undefined }, 'orderReference', 'Required'],
      [{ orderReference: 'ORDER-00001' }, 'orderReference', 'AlreadyExists'],
      [{ customerLastName: undefined }, 'customerLastName', 'Required'],
      [{ customerMail: 'not-an-address' }, 'customerMail', 'InvalidFormat'],
      [{ customerMail: 'a@b' }, 'customerMail', 'InvalidFormat'],
      [{ address: undefined }, 'address', 'Required'],
      [{ address: { ...ORDER_SAMPLE.address, zipCode: undefined } }, 'address.zipCode', 'Required'],
      [{ address: { ...ORDER_SAMPLE.address, countryCode: 'XX' } }, 'address.countryCode', 'InvalidValue'],
      [{ address: { ...ORDER_SAMPLE.address, countryCode: 'FRA' } }, 'address.countryCode', 'InvalidValue'],
      [{ products: [] }, 'products', 'Required'],
      [{ products: undefined }, 'products', 'Required'],
      [{ products: [{ ...line, modelId: '00000000-0000-0000-0000-000000000000' }] }, 'products[0].modelId', 'UnknownReference'],
      [{ products: [line, { ...line, modelId: undefined }] }, 'products[1].modelId', 'Required'],
      [{ products: [{ ...line, price: { amount: 1, currency: 'EURO' } }] }, 'products[0].price.currency', 'InvalidValue'],
      [{ products: [{ ...line, price: { amount: -1, currency: 'EUR' } }] }, 'products[0].price.amount', 'InvalidValue'],
      [{ products: [{ ...line, price: { amount: 'ten', currency: 'EUR' } }] }, 'products[0].price.amount', 'InvalidType'],
      [{ shippingPrice: { amount: 4.3, currency: 'ZZZ' } }, 'shippingPrice.currency', 'InvalidValue'],
      [{ salesChannel: 7 }, 'salesChannel', 'InvalidType'],
    ];
    for (const [overrides, subject, code] of cases) {
      const body = order(overrides);
      const res = await c.api('PUT', '/orders', body);
      expect(res.status, `${subject}: ${res.text}`).toBe(400);
      expect(res.body, subject).toMatchObject(failure(subject, code));
      if (subject !== 'orderReference') expect(await orderExists(c, body.orderReference as string), subject).toBe(false);
    }
  });

  it("GET orders/{reference}: the order; an unknown reference, or another sandbox's, is 404 isNotFound", async () => {
    const c = await reversioClient(app.t);
    const other = await reversioClient(app.t);
    const made = (await c.api('PUT', '/orders', order({ orderReference: 'MINE-1' }))).body.value;
    expect((await c.api('GET', '/orders/MINE-1')).body.value).toEqual(made);
    for (const path of ['/orders/NOPE', '/orders/NOPE/status']) {
      const res = await c.api('GET', path);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ value: null, isNotFound: true, failure: true, errors: [{ subject: 'orderReference', code: 'NotFound' }] });
    }
    expect((await other.api('GET', '/orders/MINE-1')).status).toBe(404);
    expect((await other.api('PUT', '/orders', order({ orderReference: 'MINE-1' }))).status).toBe(200);
  });

  it('POST links: a URL to the portal for an order of the sandbox; the whole value of PUT orders is taken as orderId too', async () => {
    const c = await reversioClient(app.t);
    const link = await c.api('POST', '/links', { orderId: DEMO_ORDER_ID });
    expect(link.body.value).toMatch(/\/reversio\/portal\/t\/[A-Za-z0-9]{40}$/);
    expect((await c.api('POST', '/links', { orderId: DEMO_ORDER_ID })).body.value).not.toBe(link.body.value);
    const imported = (await c.api('PUT', '/orders', order())).body.value;
    const fromObject = await c.api('POST', '/links', { orderId: imported });
    expect(fromObject.status, fromObject.text).toBe(200);
    for (const bad of [{ orderId: '00000000-0000-0000-0000-000000000000' }, { orderId: 'ORDER-00001' }]) {
      expect(await c.api('POST', '/links', bad)).toMatchObject({ status: 400, body: failure('orderId', 'UnknownReference') });
    }
    expect(await c.api('POST', '/links', {})).toMatchObject({ status: 400, body: failure('orderId', 'Required') });
    const other = await reversioClient(app.t);
    expect((await other.api('POST', '/links', { orderId: imported.id })).status).toBe(400);
  });

  it('a link is good for 7 days by the sandbox clock: then 410 with a clear page; an unknown one is 404', async () => {
    const c = await reversioClient(app.t);
    await c.control('PUT', '/clock', { now: '2031-05-01T12:00:00Z', frozen: true });
    const url = new URL((await c.api('POST', '/links', { orderId: DEMO_ORDER_ID })).body.value);
    const open = () => app.t.app.inject({ method: 'GET', url: url.pathname });
    expect((await open()).statusCode).toBe(200);
    await c.control('PUT', '/clock', { now: '2031-05-08T11:59:59Z', frozen: true });
    expect((await open()).statusCode).toBe(200);
    await c.control('PUT', '/clock', { now: '2031-05-08T12:00:00Z', frozen: true });
    const expired = await open();
    expect(expired.statusCode).toBe(410);
    expect(expired.headers['content-type']).toMatch(/^text\/html/);
    expect(expired.body).toContain('This link has expired');
    expect(expired.body).toContain('2031-05-08 12:00');
    const unknown = await app.t.app.inject({ method: 'GET', url: '/reversio/portal/t/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('This link is not valid');
    expect((await app.t.app.inject({ method: 'GET', url: '/reversio/portal/t/%3Cscript%3E' })).statusCode).toBe(404);
    expect((await app.t.app.inject({ method: 'GET', url: '/reversio/portal/elsewhere' })).statusCode).toBe(404);
    // The sandbox deleted: its links are gone.
    await c.control('DELETE', '');
    expect((await open()).statusCode).toBe(404);
  });
});

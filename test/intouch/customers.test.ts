import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { intouchClient } from './client.ts';

/** revo-intouch.txt, "Customer Authorization type request": register, profile, photo, groups, cards, points, invoices. */
const invalid = (field: string) => ({ status: 422, body: { error: 'The given data was invalid.', code: 0, data: { [field]: [expect.any(String)] } } });
const REGISTER = { name: 'Bruce', email: 'bruce@wayne.com', password: 'batman', postalCode: '08240', birthDate: '1950-12-23', subscribe: 1 };

describe('intouch: customers', () => {
  const app = useTestApp();

  it('register refuses a missing field, a bad email, an email already used in the account and a bad date, naming the field', async () => {
    const c = await intouchClient(app.t);
    for (const field of Object.keys(REGISTER)) {
      const { [field]: _gone, ...body } = REGISTER as Record<string, unknown>;
      expect(await c.call('POST', '/customer/register', c.public, body), field).toMatchObject(invalid(field));
    }
    expect(await c.call('POST', '/customer/register', c.public, { ...REGISTER, email: 'bruce@' })).toMatchObject(invalid('email'));
    expect(await c.call('POST', '/customer/register', c.public, { ...REGISTER, email: 'JORDI.P@revo.works' })).toMatchObject({ status: 422, body: { data: { email: ['The email has already been taken.'] } } });
    for (const birthDate of ['1950-02-30', '23/12/1950', '1950-12-23T00:00:00Z']) {
      expect(await c.call('POST', '/customer/register', c.public, { ...REGISTER, birthDate }), birthDate).toMatchObject(invalid('birthDate'));
    }
    expect(await c.call('POST', '/customer/register', c.public, { ...REGISTER, subscribe: 'maybe' })).toMatchObject(invalid('subscribe'));
    expect((await app.t.core.db.selectFrom('it_customers').select('id').where('sandbox_id', '=', c.sandboxId).execute()).length).toBe(1);
    // Another account (sandbox) may use the same email.
    const other = await intouchClient(app.t, 'empty');
    expect((await other.call('POST', '/customer/register', other.public, { ...REGISTER, email: 'jordi.p@revo.works' })).status).toBe(200);
  });

  it('a registered customer logs in with its password, and its token opens its profile', async () => {
    const c = await intouchClient(app.t);
    const reg = await c.call('POST', '/customer/register', c.public, REGISTER);
    const token = await c.login('bruce@wayne.com', 'batman');
    expect(token).not.toBe(reg.body.data.api_token);
    const me = await c.call('GET', '/customer', c.customer(token));
    expect(me.body.data).toMatchObject({ id: reg.body.data.info.id, name: 'Bruce', email: 'bruce@wayne.com', postalCode: '08240', birthDate: '1950-12-23', points: 0, group: null });
    expect(me.body.data).not.toHaveProperty('password');
  });

  it('PUT customer/ requires name, postalCode, address, city and phone; updated_at follows the sandbox clock', async () => {
    const c = await intouchClient(app.t);
    const token = await c.login();
    const full = { name: 'Jordi P.', postalCode: '08241', address: 'Carrer Nou 1', city: 'Manresa', phone: '600000000' };
    for (const field of Object.keys(full)) {
      const { [field]: _gone, ...body } = full as Record<string, unknown>;
      expect(await c.call('PUT', '/customer', c.customer(token), body), field).toMatchObject(invalid(field));
    }
    await c.control('PUT', '/clock', { now: '2031-07-01T10:20:30Z', frozen: true });
    const res = await c.call('PUT', '/customer', c.customer(token), full);
    expect(res.body.data).toMatchObject({ ...full, updated_at: '2031-07-01 10:20:30' });
    expect((await c.call('GET', '/customer', c.customer(token))).body.data).toMatchObject({ ...full, updated_at: '2031-07-01 10:20:30' });
  });

  it('uploadProfilePhoto takes base64 JPEG or PNG up to 2 MB, sets photo, and the control plane serves it', async () => {
    const c = await intouchClient(app.t);
    const token = await c.login();
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 7)]);
    const res = await c.call('POST', '/customer/uploadProfilePhoto', c.customer(token), { Photo: png.toString('base64') });
    expect(res.body.data.photoName).toMatch(/^[A-Za-z0-9]{10}\.png$/);
    expect((await c.call('GET', '/customer', c.customer(token))).body.data.photo).toBe(res.body.data.photoName);
    const served = await app.t.app.inject({ method: 'GET', url: `/_understudy/sandboxes/${c.sandboxId}/intouch/photos/${res.body.data.photoName}` });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.rawPayload.equals(png)).toBe(true);

    const tooBig = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(2 * 1024 * 1024)]).toString('base64');
    for (const Photo of ['not base64 at all!', Buffer.from('GIF89a.....').toString('base64'), tooBig, '', 42]) {
      expect(await c.call('POST', '/customer/uploadProfilePhoto', c.customer(token), { Photo }), String(Photo).slice(0, 20)).toMatchObject(invalid('Photo'));
    }
    expect((await c.call('GET', '/customer', c.customer(token))).body.data.photo).toBe(res.body.data.photoName);
  });

  it('associateCustomerGroup sets customer_group_id, discount_percentage and group; an unknown group is 422', async () => {
    const c = await intouchClient(app.t);
    const token = await c.login();
    await c.call('POST', '/customer/associateCustomerGroup', c.customer(token), { id: 2 });
    expect((await c.call('GET', '/customer', c.customer(token))).body.data).toMatchObject({ customer_group_id: 2, discount_percentage: 10000, group: { id: 2, name: 'Revo', discount: 10000 } });
    expect(await c.call('POST', '/customer/associateCustomerGroup', c.customer(token), { id: 99 })).toMatchObject(invalid('id'));
    expect(await c.call('POST', '/customer/associateCustomerGroup', c.customer(token), {})).toMatchObject(invalid('id'));
  });

  it("gift cards: another customer's card is 404; a reload must be a positive number of cents", async () => {
    const c = await intouchClient(app.t);
    const jordi = await c.login();
    await c.call('POST', '/customer/register', c.public, REGISTER);
    const bruce = await c.login('bruce@wayne.com', 'batman');
    expect((await c.call('GET', '/customer/cards', c.customer(bruce))).body).toEqual({ data: [] });
    expect(await c.call('GET', '/customer/cards/58b194cc08bfa', c.customer(bruce))).toMatchObject({ status: 404, body: { message: expect.any(String) } });
    expect((await c.call('PUT', '/customer/cards/58b194cc08bfa', c.customer(bruce), { amount: 100 })).status).toBe(404);
    for (const amount of [0, -5, 'ten', 1.5, null]) {
      expect(await c.call('PUT', '/customer/cards/58b194cc08bfa', c.customer(jordi), { amount }), String(amount)).toMatchObject(invalid('amount'));
    }
    expect((await c.call('PUT', '/customer/cards/58b194cc08bfa', c.customer(jordi), { amount: 250 })).body).toEqual({ data: { newAmount: 250 } });
    expect((await c.call('PUT', '/customer/cards/58b194cc08bfa', c.customer(jordi), { amount: '250' })).body).toEqual({ data: { newAmount: 500 } });
    const made = (await c.call('POST', '/customer/cards', c.customer(bruce), { name: 'Mine' })).body.data;
    expect((await c.call('GET', `/customer/cards/${made.uuid}`, c.customer(bruce))).body.data).toMatchObject({ active: 1, amount: 0, name: 'Mine', customer_id: made.customer_id });
    expect(await c.call('POST', '/customer/cards', c.customer(bruce), {})).toMatchObject(invalid('name'));
  });

  it('customers/{token}/points: products as a JSON string or an array, in the query or the body; short is 422 with nothing spent', async () => {
    const c = await intouchClient(app.t);
    const token = await c.login();
    const expected = { leftPoints: 378, productPoints: [{ id: 1, points: 150 }, { id: 3, points: 350 }] };
    expect((await c.call('GET', `/customers/${token}/points?products=${encodeURIComponent('[1,3]')}`, c.api)).body.data).toEqual(expected);
    expect((await c.call('GET', `/customers/${token}/points?products[]=1&products[]=3`, c.api)).body.data).toEqual(expected);
    expect((await c.call('GET', `/customers/${token}/points`, { ...c.api, 'content-type': 'application/json' }, { products: [1, 3] })).body.data).toEqual(expected);
    expect(await c.call('POST', `/customers/${token}/points`, c.api, { products: '[1,3]' })).toMatchObject(invalid('products'));
    expect((await c.call('GET', '/customer/points', c.customer(token))).body.data.points).toBe(378);
    expect((await c.call('POST', `/customers/${token}/points`, c.api, { products: [3] })).body.data).toEqual({ spentPoints: 350, leftPoints: 28 });
    expect(await c.call('GET', `/customers/${token}/points?products=[999]`, c.api)).toMatchObject(invalid('products'));
    expect(await c.call('GET', `/customers/${token}/points?products=nope`, c.api)).toMatchObject(invalid('products'));
    expect((await c.call('GET', '/customers/not-a-token/points?products=[1]', c.api)).status).toBe(404);
  });

  it('an invoice credits its points once; a second claim or an unknown invoice is 422', async () => {
    const c = await intouchClient(app.t);
    const token = await c.login();
    expect((await c.call('POST', '/customer/invoices/1/points/obtain', c.customer(token))).body.data).toEqual({ points: 50, leftPoints: 428 });
    expect(await c.call('POST', '/customer/invoices/1/points/obtain', c.customer(token))).toMatchObject(invalid('id'));
    expect(await c.call('POST', '/customer/invoices/77/points/obtain', c.customer(token))).toMatchObject(invalid('id'));
    expect((await c.call('GET', '/customer/points', c.customer(token))).body.data.points).toBe(428);
  });
});

import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { intouchClient } from './client.ts';

/**
 * revo-intouch.txt: three kinds of request. The API token (with `account`), the customer token
 * (issued by login or register, good with its account only), and public ones (the `account`
 * header alone; FIDELITY.md: or the host). A refusal is `401 {"message": "Unauthenticated."}`.
 */
const UNAUTHENTICATED = { status: 401, body: { message: 'Unauthenticated.' } };

describe('intouch: the three kinds of auth', () => {
  const app = useTestApp();

  it('API token requests need the account and the API token of one sandbox', async () => {
    const c = await intouchClient(app.t);
    const other = await intouchClient(app.t);
    expect((await c.call('GET', '/stores/1/status', c.api)).status).toBe(200);
    for (const headers of <Array<Record<string, string>>>[
      {},
      { account: c.account },
      { authorization: `Bearer ${c.apiToken}` },
      { account: c.account, authorization: `Bearer ${other.apiToken}` },
      { account: other.account, authorization: `Bearer ${c.apiToken}` },
      { account: 'no-such-account', authorization: `Bearer ${c.apiToken}` },
      { account: c.account, authorization: c.apiToken },
    ]) {
      expect(await c.call('GET', '/stores/1/status', headers)).toMatchObject(UNAUTHENTICATED);
    }
  });

  it('a customer token is good with the account it was issued for, and never as an API token elsewhere', async () => {
    const c = await intouchClient(app.t);
    const other = await intouchClient(app.t);
    const token = await c.login();
    expect((await c.call('GET', '/customer', c.customer(token))).status).toBe(200);
    expect(await c.call('GET', '/customer', { account: other.account, authorization: `Bearer ${token}` })).toMatchObject(UNAUTHENTICATED);
    expect(await c.call('GET', '/customer', { account: c.account })).toMatchObject(UNAUTHENTICATED);
    expect(await c.call('GET', '/customer', c.api)).toMatchObject(UNAUTHENTICATED);
    expect(await c.call('GET', '/customer', { account: c.account, authorization: 'Bearer not-a-token' })).toMatchObject(UNAUTHENTICATED);
    // The API-token routes take no customer token, but catalog/updateStatus and solo/urls do.
    expect(await c.call('GET', '/stores/1/status', c.customer(token))).toMatchObject(UNAUTHENTICATED);
    expect((await c.call('GET', '/solo/urls', c.customer(token))).status).toBe(200);
    expect((await c.call('POST', '/catalog/updateStatus?products=[1]&store=1&active=1', c.customer(token))).status).toBe(200);
    expect(await c.call('GET', '/solo/urls', other.customer(token))).toMatchObject(UNAUTHENTICATED);
  });

  it('public requests need only the account, of a sandbox; login and register too', async () => {
    const c = await intouchClient(app.t);
    expect((await c.call('GET', '/customer/products', c.public)).status).toBe(200);
    expect(await c.call('GET', '/customer/products')).toMatchObject(UNAUTHENTICATED);
    expect(await c.call('GET', '/customer/products', { account: 'no-such-account' })).toMatchObject(UNAUTHENTICATED);
    expect(await c.call('POST', '/customer/login', {}, { email: 'jordi.p@revo.works', password: 'demo-password' })).toMatchObject(UNAUTHENTICATED);
  });

  it('the older variant: without an account header, the account comes from the host', async () => {
    const c = await intouchClient(app.t);
    // On the vendor's own host the path is the vendor's (host routing, test/core/host-routing.test.ts).
    const onVendorHost: typeof c.call = (method, path, headers = {}, payload) =>
      app.t.call({ method, url: `/api/v1${path}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    for (const [host, call] of [[`${c.account}.revointouch.works`, onVendorHost], [`${c.account}.intouch.localhost`, onVendorHost], [`${c.account}.localhost:4010`, c.call]] as const) {
      expect((await call('GET', '/customer/products', { host })).status, host).toBe(200);
      const token = (await call('POST', '/customer/login', { host }, { email: 'jordi.p@revo.works', password: 'demo-password' })).body.data.api_token;
      expect((await call('GET', '/customer', { host, authorization: `Bearer ${token}` })).body.data.id).toBe(1);
    }
    expect(await onVendorHost('GET', '/customer/products', { host: 'elsewhere.revointouch.works' })).toMatchObject(UNAUTHENTICATED);
  });

  it('a wrong password or an unknown email is 401 {"error", "code": 0, "data": []}', async () => {
    const c = await intouchClient(app.t);
    for (const body of [{ email: 'jordi.p@revo.works', password: 'nope' }, { email: 'nobody@revo.works', password: 'demo-password' }]) {
      expect(await c.call('POST', '/customer/login', c.public, body)).toMatchObject({ status: 401, body: { error: expect.any(String), code: 0, data: [] } });
    }
    expect(await c.call('POST', '/customer/login', c.public, { email: 'jordi.p@revo.works' })).toMatchObject({ status: 422, body: { error: 'The given data was invalid.', code: 0, data: { password: ['The password field is required.'] } } });
  });

  it('keeps passwords, customer tokens and the API token out of the journal', async () => {
    const c = await intouchClient(app.t);
    const token = await c.login();
    await c.call('POST', '/customer/register', c.public, { name: 'Ada', email: 'ada@example.com', password: 'secret-pass-42', postalCode: '1', birthDate: '1990-01-01', subscribe: true });
    await c.call('GET', `/customers/${token}/points?products=[1]`, c.api);
    const journal = (await c.control('GET', '/requests')).text;
    for (const secret of ['demo-password', 'secret-pass-42', token, c.apiToken]) expect(journal).not.toContain(secret);
    const stored = await app.t.core.db.selectFrom('it_customers').select('password_hash').where('sandbox_id', '=', c.sandboxId).execute();
    for (const row of stored) expect(row.password_hash).toMatch(/^scrypt\$/);
  });
});

import { decodeJwt, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { reversioClient } from './client.ts';

/**
 * FIDELITY.md, Revers.io: Azure API Management in front. `GET token` takes the subscription key
 * with its secret (header, or the older `?secret=`); every other call takes the key and the
 * bearer JWT of one sandbox. Everything missing or wrong is 401 with APIM's bodies, never 403.
 */
const MISSING_KEY = { statusCode: 401, message: 'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.' };
const INVALID_KEY = { statusCode: 401, message: 'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.' };
const BAD_TOKEN = { statusCode: 401, message: 'Unauthorized. Access token is missing or invalid.' };

describe('reversio: auth, as API Management does it', () => {
  const app = useTestApp();

  it('GET token: both headers, or the key header and ?secret=; a wrong or missing secret is 401', async () => {
    const c = await reversioClient(app.t);
    const key = { 'Ocp-Apim-Subscription-Key': c.subscriptionKey };
    expect((await c.call('GET', '/token', { ...key, 'Ocp-Apim-Secret-Value': c.secretValue })).status).toBe(200);
    const older = await c.call('GET', `/token?secret=${encodeURIComponent(c.secretValue)}`, key);
    expect(older.status).toBe(200);
    expect(decodeJwt(older.body.value).sub).toBe(c.sandboxId);
    for (const bad of [{ ...key, 'Ocp-Apim-Secret-Value': 'wrong' }, key]) {
      const res = await c.call('GET', '/token', bad);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ statusCode: 401, message: expect.stringMatching(/secret/) });
    }
    expect((await c.call('GET', '/token', { 'Ocp-Apim-Secret-Value': c.secretValue })).body).toEqual(MISSING_KEY);
    expect((await c.call('GET', '/token', { 'Ocp-Apim-Subscription-Key': 'nope', 'Ocp-Apim-Secret-Value': c.secretValue })).body).toEqual(INVALID_KEY);
    // APIM also takes the key as the subscription-key query parameter.
    expect((await c.call('GET', `/token?subscription-key=${c.subscriptionKey}&secret=${c.secretValue}`)).status).toBe(200);
  });

  it('other calls: missing key, unknown key, missing, malformed or foreign JWT are 401 with the APIM bodies', async () => {
    const a = await reversioClient(app.t);
    const b = await reversioClient(app.t);
    const keyA = { 'Ocp-Apim-Subscription-Key': a.subscriptionKey };
    const jwtB = await b.token();
    const cases: Array<[Record<string, string>, object]> = [
      [{}, MISSING_KEY],
      [{ Authorization: `Bearer ${await a.token()}` }, MISSING_KEY],
      [{ 'Ocp-Apim-Subscription-Key': 'unknown', Authorization: `Bearer ${await a.token()}` }, INVALID_KEY],
      [keyA, BAD_TOKEN],
      [{ ...keyA, Authorization: 'Bearer not.a.jwt' }, BAD_TOKEN],
      [{ ...keyA, Authorization: 'Basic Zm9vOmJhcg==' }, BAD_TOKEN],
      // Sandbox B's JWT with sandbox A's key: signed with another sandbox's key.
      [{ ...keyA, Authorization: `Bearer ${jwtB}` }, BAD_TOKEN],
      // A's secret used to sign a JWT by hand is no JWT of A's.
      [{ ...keyA, Authorization: `Bearer ${await new SignJWT({ sub: a.sandboxId }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(new TextEncoder().encode(a.secretValue))}` }, BAD_TOKEN],
    ];
    for (const [headers, body] of cases) {
      for (const [method, path, payload] of [['GET', '/catalog/brands', undefined], ['PUT', '/catalog/brands', { name: 'X' }]] as const) {
        const res = await a.call(method, path, headers, payload);
        expect(res.status, `${method} ${path} ${JSON.stringify(headers)}`).toBe(401);
        expect(res.body).toEqual(body);
      }
    }
    expect((await a.api('GET', '/catalog/brands')).body.value.map((x: { name: string }) => x.name)).toEqual(['Fairphone']);
  });

  it('the JWT carries exp one hour after the sandbox clock, and expires when the clock passes it', async () => {
    const c = await reversioClient(app.t);
    await c.control('PUT', '/clock', { now: '2030-01-01T10:00:00Z', frozen: true });
    const jwt = await c.token();
    const claims = decodeJwt(jwt);
    expect(claims.iat).toBe(Date.parse('2030-01-01T10:00:00Z') / 1000);
    expect(claims.exp).toBe(Date.parse('2030-01-01T11:00:00Z') / 1000);
    const headers = { 'Ocp-Apim-Subscription-Key': c.subscriptionKey, Authorization: `Bearer ${jwt}` };
    expect((await c.call('GET', '/catalog/modelTypes', headers)).status).toBe(200);
    await c.control('PUT', '/clock', { now: '2030-01-01T10:59:59Z', frozen: true });
    expect((await c.call('GET', '/catalog/modelTypes', headers)).status).toBe(200);
    await c.control('PUT', '/clock', { now: '2030-01-01T11:00:00Z', frozen: true });
    const expired = await c.call('GET', '/catalog/modelTypes', headers);
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual(BAD_TOKEN);
    // As the clients do on a 401: a new token, and the call again.
    const fresh = { ...headers, Authorization: `Bearer ${await c.token()}` };
    expect((await c.call('GET', '/catalog/modelTypes', fresh)).status).toBe(200);
    // Back before exp, the first token is good again: the clock rules, not the wall.
    await c.control('PUT', '/clock', { now: '2030-01-01T10:30:00Z', frozen: true });
    expect((await c.call('GET', '/catalog/modelTypes', headers)).status).toBe(200);
  });

  it('two key pairs per sandbox: the second is listed in the control plane and either works, with either JWT', async () => {
    const c = await reversioClient(app.t);
    const keys = (await c.control('GET', '/reversio/keys')).body.keys;
    expect(keys).toHaveLength(2);
    expect(keys[0]).toEqual({ name: 'primary', subscriptionKey: c.subscriptionKey, secretValue: c.secretValue });
    const second = keys[1];
    expect(second.name).toBe('secondary');
    expect(second.subscriptionKey).not.toBe(c.subscriptionKey);
    const jwt2 = await c.token(second.subscriptionKey, second.secretValue);
    expect((await c.call('GET', '/catalog/brands', { 'Ocp-Apim-Subscription-Key': second.subscriptionKey, Authorization: `Bearer ${jwt2}` })).status).toBe(200);
    expect((await c.call('GET', '/catalog/brands', { 'Ocp-Apim-Subscription-Key': c.subscriptionKey, Authorization: `Bearer ${jwt2}` })).status).toBe(200);
    // One pair's secret is not the other's.
    expect((await c.call('GET', '/token', { 'Ocp-Apim-Subscription-Key': second.subscriptionKey, 'Ocp-Apim-Secret-Value': c.secretValue })).status).toBe(401);
    // A reset keeps both pairs.
    await c.control('POST', '/reset');
    expect((await c.control('GET', '/reversio/keys')).body.keys).toEqual(keys);
    // The demo sandbox's second pair is fixed.
    const demoKeys = await app.t.call({ method: 'GET', url: '/_understudy/sandboxes/demo/reversio/keys' });
    expect(demoKeys.status).toBe(200);
    expect(demoKeys.body.keys[1]).toEqual({ name: 'secondary', subscriptionKey: 'demo-reversio-key-2', secretValue: 'demo-reversio-secret-2' });
  });

  it('keeps subscription keys, secrets and JWTs out of the journal, in requests and in answers', async () => {
    const c = await reversioClient(app.t);
    const keys = (await c.control('GET', '/reversio/keys')).body.keys;
    const jwt = await c.token();
    await c.call('GET', `/token?secret=${c.secretValue}`, { 'Ocp-Apim-Subscription-Key': keys[1].subscriptionKey });
    await c.call('GET', `/token?secret=${keys[1].secretValue}`, { 'Ocp-Apim-Subscription-Key': keys[1].subscriptionKey });
    await c.call('GET', '/catalog/brands', { 'Ocp-Apim-Subscription-Key': c.subscriptionKey, Authorization: `Bearer ${jwt}` });
    const link = (await c.api('POST', '/links', { orderId: '10000000-9999-0000-0000-000000000001' })).body.value as string;
    await app.t.core.journal.flush();
    const journal = (await c.control('GET', '/requests')).text;
    expect(JSON.parse(journal).requests.length).toBeGreaterThanOrEqual(5);
    for (const secret of [c.subscriptionKey, c.secretValue, keys[1].subscriptionKey, keys[1].secretValue, jwt, link.split('/t/')[1]]) {
      expect(journal.includes(secret), secret).toBe(false);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { useProbeApp, useSandbox } from '../helpers/app.ts';

/**
 * Issue 8: a route picks an auth scheme of its dialect (or several, tried in order); core extracts,
 * looks up and verifies the credential, and the protocol answers a refusal; opaque tokens and JWTs
 * are issued and verified by core's token service, JWTs against the sandbox clock.
 */
describe('auth schemes and the token service (probe dialect)', () => {
  const app = useProbeApp();
  const own = useSandbox(app);
  const keys = () => ({ 'x-probe-key': own.credentials.probe.key, 'x-probe-secret': own.credentials.probe.secret });
  const call = (method: 'GET' | 'POST', url: string, headers: Record<string, string> = {}, payload?: object) =>
    app.t.call({ method, url: `/probe${url}`, headers, ...(payload ? { payload } : {}) });
  const login = async (user = 'ada') => (await call('POST', '/login', keys(), { user })).body.token as string;
  const jwt = async (user = 'ada') => (await call('POST', '/jwt', keys(), { user })).body.jwt as string;
  const clock = (payload: object) => app.t.call({ method: 'PUT', url: `/_understudy/sandboxes/${own.id}/clock`, payload });

  it('the default scheme: key and secret both, or the protocol refuses, saying what was wrong', async () => {
    expect((await call('GET', '/items', keys())).status).toBe(200);
    expect((await call('GET', '/items')).body).toEqual({ problem: 'auth', detail: 'missing' });
    expect((await call('GET', '/items', { ...keys(), 'x-probe-key': 'nope' })).body).toEqual({ problem: 'auth', detail: 'unknown key' });
    expect((await call('GET', '/items', { ...keys(), 'x-probe-secret': 'nope' })).body).toEqual({ problem: 'auth', detail: 'unknown secret' });
  });

  it('an issued opaque token is good with its sandbox only, names its subject, and stops working once revoked', async () => {
    const token = await login('ada');
    expect((await call('GET', '/me', { 'x-probe-key': own.credentials.probe.key, authorization: `Bearer ${token}` })).body).toEqual({ user: 'ada' });
    expect((await call('GET', '/me', { 'x-probe-key': own.credentials.probe.key })).body).toEqual({ problem: 'auth', detail: 'missing token' });
    const other = await app.t.sandbox('demo');
    const foreign = await call('GET', '/me', { 'x-probe-key': other.credentials.probe.key, authorization: `Bearer ${token}` });
    expect(foreign).toMatchObject({ status: 401, body: { problem: 'auth', detail: 'unknown token' } });

    const headers = { 'x-probe-key': own.credentials.probe.key, authorization: `Bearer ${token}` };
    expect((await call('POST', '/logout', headers)).body).toEqual({ revoked: 1 });
    // Revoking also empties the in-process credential cache (SQLite): the next use is refused.
    expect((await call('GET', '/me', headers)).body).toEqual({ problem: 'auth', detail: 'unknown token' });
  });

  it("a JWT carries iat and exp from the sandbox clock, and expires by it", async () => {
    await clock({ now: '2030-01-01T00:00:00Z', frozen: true });
    const token = await jwt('grace');
    const [, payload] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    expect(claims).toMatchObject({ sub: 'grace', iat: Date.parse('2030-01-01T00:00:00Z') / 1000, exp: Date.parse('2030-01-01T00:01:00Z') / 1000 });
    const headers = { 'x-probe-key': own.credentials.probe.key, authorization: `Bearer ${token}` };
    expect((await call('GET', '/jwt-me', headers)).body).toEqual({ user: 'grace' });
    await clock({ advanceSeconds: 59 });
    expect((await call('GET', '/jwt-me', headers)).status).toBe(200);
    await clock({ advanceSeconds: 2 });
    expect((await call('GET', '/jwt-me', headers)).body).toEqual({ problem: 'auth', detail: 'expired token' });
    // Moving the clock back makes it good again: only the sandbox clock counts.
    await clock({ now: '2030-01-01T00:00:30Z' });
    expect((await call('GET', '/jwt-me', headers)).status).toBe(200);
  });

  it("a JWT signed by another sandbox, or tampered with, is refused", async () => {
    const other = await app.t.sandbox('demo');
    const theirs = (await call('POST', '/jwt', { 'x-probe-key': other.credentials.probe.key, 'x-probe-secret': other.credentials.probe.secret }, { user: 'eve' })).body.jwt as string;
    const headers = (t: string) => ({ 'x-probe-key': own.credentials.probe.key, authorization: `Bearer ${t}` });
    expect((await call('GET', '/jwt-me', headers(theirs))).body).toEqual({ problem: 'auth', detail: 'unknown token' });
    const mine = await jwt('ada');
    const [h, , sig] = mine.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ sub: 'root', exp: 9_999_999_999 })).toString('base64url')}.${sig}`;
    expect((await call('GET', '/jwt-me', headers(forged))).body).toEqual({ problem: 'auth', detail: 'unknown token' });
    expect((await call('GET', '/jwt-me', headers('not-a-jwt'))).body).toEqual({ problem: 'auth', detail: 'unknown token' });
  });

  it('a route with several schemes takes the first that verifies', async () => {
    const key = own.credentials.probe.key;
    expect((await call('GET', '/either', { 'x-probe-key': key, authorization: `Bearer ${await login('opaque')}` })).body).toEqual({ user: 'opaque' });
    expect((await call('GET', '/either', { 'x-probe-key': key, authorization: `Bearer ${await jwt('signed')}` })).body).toEqual({ user: 'signed' });
    expect((await call('GET', '/either', { 'x-probe-key': key, authorization: 'Bearer neither' })).body).toEqual({ problem: 'auth', detail: 'unknown token' });
  });

  it('a public route needs no credential and is not journaled', async () => {
    expect((await call('GET', '/public')).body).toEqual({ public: true });
    const journal = await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${own.id}/requests` });
    expect(journal.body.requests.filter((r: { path: string }) => r.path === '/public')).toEqual([]);
  });

  it('issued tokens are redacted from the journal, in the answer that returned them too', async () => {
    const token = await login('ada');
    const signed = await jwt('ada');
    await call('GET', '/me', { 'x-probe-key': own.credentials.probe.key, authorization: `Bearer ${token}` });
    const journal = (await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${own.id}/requests` })).text;
    for (const secret of [token, signed, own.credentials.probe.key, own.credentials.probe.secret]) expect(journal).not.toContain(secret);
    expect(journal).toContain('[REDACTED]');
  });
});

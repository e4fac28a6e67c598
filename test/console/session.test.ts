import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';

/**
 * The console's session (issue 14): with UNDERSTUDY_ADMIN_TOKEN set, the token typed once opens
 * an HttpOnly, SameSite=Strict cookie; a change on the strength of that cookie needs the CSRF
 * header; a page of another origin changes nothing, with or without a token.
 */
const TOKEN = 'console-secret';

describe('console session with an admin token', () => {
  const app = useTestApp({ adminToken: TOKEN });
  const login = async (token: string) => app.t.call({ method: 'POST', url: '/_understudy/console/session', payload: { token } });
  const cookieOf = (res: { headers: Record<string, unknown> }) => String(res.headers['set-cookie']).split(';')[0];

  it('serves the console page and its assets without the token (they hold no data), with a strict CSP', async () => {
    const page = await app.t.call({ method: 'GET', url: '/_understudy/console' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.text).toContain('<script type="module" src="/_understudy/console/app.js">');
    const js = await app.t.call({ method: 'GET', url: '/_understudy/console/app.js' });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    const again = await app.t.call({ method: 'GET', url: '/_understudy/console/app.js', headers: { 'if-none-match': String(js.headers.etag) } });
    expect(again.status).toBe(304);
    expect((await app.t.call({ method: 'GET', url: '/_understudy/console/app.css' })).status).toBe(200);
    // The data is not: the control API still needs the token or a session.
    expect((await app.t.call({ method: 'GET', url: '/_understudy/sandboxes' })).status).toBe(401);
    expect((await app.t.call({ method: 'GET', url: '/_understudy/console/session' })).body).toMatchObject({ auth: 'required' });
  });

  it('a wrong token opens nothing; the right one sets an HttpOnly, SameSite=Strict cookie that is not the token', async () => {
    const wrong = await login('nope');
    expect(wrong.status).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const ok = await login(TOKEN);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ auth: 'session', csrf: expect.any(String) });
    const setCookie = String(ok.headers['set-cookie']);
    expect(setCookie).toMatch(/^understudy_console=[A-Za-z0-9_-]{20,}; Path=\/_understudy; HttpOnly; SameSite=Strict$/);
    expect(setCookie).not.toContain(TOKEN);
    const cookie = cookieOf(ok);
    // The cookie is no bearer token.
    expect((await app.t.call({ method: 'GET', url: '/_understudy/sandboxes', headers: { authorization: `Bearer ${cookie.split('=')[1]}` } })).status).toBe(401);
    const state = await app.t.call({ method: 'GET', url: '/_understudy/console/session', headers: { cookie } });
    expect(state.body).toEqual({ auth: 'session', csrf: ok.body.csrf });
  });

  it('with the cookie: reads pass; a change needs the CSRF header, and with it passes', async () => {
    const ok = await login(TOKEN);
    const cookie = cookieOf(ok);
    expect((await app.t.call({ method: 'GET', url: '/_understudy/sandboxes', headers: { cookie } })).status).toBe(200);
    const before = (await app.t.call({ method: 'GET', url: '/_understudy/sandboxes', headers: { cookie } })).body.sandboxes.length;
    const refused = await app.t.call({ method: 'POST', url: '/_understudy/sandboxes', headers: { cookie }, payload: { fixtures: 'empty' } });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toContain('x-understudy-csrf');
    const wrongCsrf = await app.t.call({ method: 'POST', url: '/_understudy/sandboxes', headers: { cookie, 'x-understudy-csrf': 'forged' }, payload: { fixtures: 'empty' } });
    expect(wrongCsrf.status).toBe(403);
    expect((await app.t.call({ method: 'GET', url: '/_understudy/sandboxes', headers: { cookie } })).body.sandboxes.length).toBe(before);
    const made = await app.t.call({ method: 'POST', url: '/_understudy/sandboxes', headers: { cookie, 'x-understudy-csrf': ok.body.csrf }, payload: { fixtures: 'empty' } });
    expect(made.status).toBe(201);
  });

  it('signing out clears the cookie', async () => {
    const out = await app.t.call({ method: 'DELETE', url: '/_understudy/console/session' });
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^understudy_console=; .*Max-Age=0/);
  });

  it('a page of another origin cannot log in or change anything, even with the session cookie and header', async () => {
    const ok = await login(TOKEN);
    const cookie = cookieOf(ok);
    const foreign = { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' };
    expect((await app.t.call({ method: 'POST', url: '/_understudy/console/session', headers: foreign, payload: { token: TOKEN } })).status).toBe(403);
    const res = await app.t.call({ method: 'POST', url: '/_understudy/sandboxes', headers: { ...foreign, cookie, 'x-understudy-csrf': ok.body.csrf }, payload: {} });
    expect(res.status).toBe(403);
    expect(res.body.error).toContain('another origin');
    // Bearer clients outside a browser send no Origin: unaffected.
    expect((await app.t.call({ method: 'POST', url: '/_understudy/sandboxes', headers: { authorization: `Bearer ${TOKEN}` }, payload: { fixtures: 'empty' } })).status).toBe(201);
  });
});

describe('console without an admin token', () => {
  const app = useTestApp();

  it('the session is open; a change from another origin is still refused, one from the same origin passes', async () => {
    expect((await app.t.call({ method: 'GET', url: '/_understudy/console/session' })).body).toEqual({ auth: 'open' });
    const host = 'localhost:80';
    const foreign = await app.t.call({ method: 'POST', url: '/_understudy/sandboxes', headers: { host, origin: 'http://evil.example' }, payload: {} });
    expect(foreign.status).toBe(403);
    const sameSite = await app.t.call({ method: 'POST', url: '/_understudy/sandboxes', headers: { host, 'sec-fetch-site': 'same-site' }, payload: {} });
    expect(sameSite.status).toBe(403);
    const same = await app.t.call({ method: 'POST', url: '/_understudy/sandboxes', headers: { host, origin: `http://${host}`, 'sec-fetch-site': 'same-origin' }, payload: { fixtures: 'empty' } });
    expect(same.status).toBe(201);
    // Reads are not refused: the browser keeps their answers from another origin's page (no CORS).
    expect((await app.t.call({ method: 'GET', url: '/_understudy/sandboxes', headers: { origin: 'http://evil.example' } })).status).toBe(200);
  });
});

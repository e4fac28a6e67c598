import { beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { useSandbox, useTestApp } from '../helpers/app.ts';
import { presentationOf, servedDialects, type DialectUnderTest } from '../helpers/dialect-clients.ts';

/**
 * CONTRACT.md, "Pointing a client that cannot change its base URL", over plain HTTP: a request
 * whose Host is the vendor's own host, or `{dialect}.localhost`, gets what the same request on
 * Understudy's prefixed path gets. The vendors' hosts and base paths are the vendor documents'
 * (written out here, not read from the dialect definitions).
 */
const VENDOR: Record<string, { hosts: string[]; basePath: string }> = {
  // revel-2.79-changelog.txt: https://api-sandbox-revel.revelup.com/resources/Product/; CONTRACT.md: https://{establishment}.revelup.com/
  revel: { hosts: ['api-sandbox-revel.revelup.com', 'harbour-cafe.revelup.com', 'revel.localhost'], basePath: '' },
  // revo-intouch.txt: https://revointouch.works/api/v1/
  intouch: { hosts: ['revointouch.works', 'intouch.localhost'], basePath: '/api/v1' },
  // touchoffice-vouchers.txt: https://api.touchoffice.net/vouchers?TAK=…
  touchoffice: { hosts: ['api.touchoffice.net', 'touchoffice.localhost'], basePath: '' },
  // comeback.txt: https://api.comeback.es/v1/customers
  comeback: { hosts: ['api.comeback.es', 'comeback.localhost'], basePath: '/v1' },
  // reversio.txt: https://customer-api.revers.io/api/v1/token
  reversio: { hosts: ['customer-api.revers.io', 'reversio.localhost'], basePath: '/api/v1' },
};

describe('host routing', () => {
  const app = useTestApp();
  const sandbox = useSandbox(app);
  let dialects: DialectUnderTest[] = [];
  beforeAll(async () => {
    dialects = await servedDialects();
  });

  const withQuery = (path: string, query: Record<string, string>) => {
    const q = new URLSearchParams(query).toString();
    return q ? `${path}${path.includes('?') ? '&' : '?'}${q}` : path;
  };
  const send = async (opts: InjectOptions) => {
    const res = await app.t.app.inject(opts);
    return { status: res.statusCode, text: res.body, headers: res.headers };
  };

  it('every served dialect has its vendor hosts here', () => {
    expect(dialects.map((d) => d.def.name).sort()).toEqual(Object.keys(VENDOR).sort());
  });

  it("each vendor host and {dialect}.localhost answer the vendor's own path as the prefixed path does, and the journal records the path below the dialect", async () => {
    for (const d of dialects) {
      const { hosts, basePath } = VENDOR[d.def.name];
      const shown = await presentationOf(app.t, d, (sandbox.credentials as unknown as Record<string, Record<string, string>>)[d.def.name]);
      const read = d.conformance.read;
      const prefixed = await send({ method: read.method, url: withQuery(`${d.def.prefix}${read.path}`, shown.query), headers: shown.headers });
      expect(prefixed.status, d.def.name).toBeLessThan(300);
      for (const host of hosts) {
        for (const hostHeader of [host, `${host}:4010`, host.toUpperCase()]) {
          const res = await send({ method: read.method, url: withQuery(`${basePath}${read.path}`, shown.query), headers: { ...shown.headers, host: hostHeader } });
          expect({ host: hostHeader, status: res.status, text: res.text }).toEqual({ host: hostHeader, status: prefixed.status, text: prefixed.text });
        }
      }
      const journal = await send({ method: 'GET', url: `/_understudy/sandboxes/${sandbox.id}/requests?dialect=${d.def.name}&limit=1` });
      expect(JSON.parse(journal.text).requests[0]).toMatchObject({ method: read.method, path: read.path.split('?')[0], status: prefixed.status });
    }
  });

  it("a write through a vendor host is the dialect's write (Revel: 201 with Location on that host, without Understudy's prefix)", async () => {
    const key = `${sandbox.credentials.revel.apiKey}:${sandbox.credentials.revel.apiSecret}`;
    const body = { name: 'Host routed', establishment: '/enterprise/Establishment/1/', price: 2 };
    const res = await app.t.app.inject({ method: 'POST', url: '/resources/Product/', headers: { host: 'harbour-cafe.revelup.com', 'api-authentication': key }, payload: body });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(res.headers.location).toBe(`http://harbour-cafe.revelup.com${created.resource_uri}`);
    const prefixed = await app.t.app.inject({ method: 'POST', url: '/revel/resources/Product/', headers: { host: '127.0.0.1:4010', 'api-authentication': key }, payload: body });
    expect(prefixed.headers.location).toBe(`http://127.0.0.1:4010/revel${prefixed.json().resource_uri}`);
    const fetched = await app.t.app.inject({ method: 'GET', url: created.resource_uri, headers: { host: 'harbour-cafe.revelup.com', 'api-authentication': key } });
    expect(fetched.json()).toEqual(created);
  });

  it('Revel: the 302 of a discount being processed sends the client back to the path it used', async () => {
    const key = `${sandbox.credentials.revel.apiKey}:${sandbox.credentials.revel.apiSecret}`;
    const headers = { host: 'revel.localhost', 'api-authentication': key };
    const post = (code: string) => app.t.app.inject({ method: 'POST', url: '/resources/DiscountCode/', headers, payload: { code, discount: '/resources/Discount/200/' } });
    expect((await post('HOST-FIRST')).statusCode).toBe(202);
    const again = await post('HOST-SECOND');
    expect(again.statusCode).toBe(302);
    expect(again.headers.location).toBe('/resources/DiscountCode/');
  });

  it('Comeback: a download URL asked on api.comeback.es points at that host under /v1, and the page answers there', async () => {
    const token = sandbox.credentials.comeback.token;
    const bruce = '33f9dc36-5e99-4044-8e2e-9b22c403c5f7';
    const res = await app.t.app.inject({ method: 'GET', url: `/v1/customers/${bruce}/androidDownloadUrl`, headers: { host: 'api.comeback.es', authorization: token } });
    expect(res.statusCode).toBe(200);
    const url = new URL(res.json().downloadUrl);
    expect(url.origin).toBe('http://api.comeback.es');
    expect(url.pathname).toMatch(/^\/v1\/passes\/[0-9a-f]{32}\/[^/]+\/android$/);
    const page = await app.t.app.inject({ method: 'GET', url: url.pathname, headers: { host: 'api.comeback.es' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Bruce Wayne');
  });

  it("InTouch: {account}.revointouch.works carries the account, as the account header does", async () => {
    const { account, apiToken } = sandbox.credentials.intouch;
    const withHeader = await send({ method: 'GET', url: '/intouch/api/v1/stores', headers: { account, authorization: `Bearer ${apiToken}` } });
    expect(withHeader.status).toBe(200);
    for (const host of [`${account}.revointouch.works`, `${account}.intouch.localhost`]) {
      const res = await send({ method: 'GET', url: '/api/v1/stores', headers: { host, authorization: `Bearer ${apiToken}` } });
      expect({ host, status: res.status, text: res.text }).toEqual({ host, status: 200, text: withHeader.text });
    }
    // Without the account anywhere, the token alone is not enough (the vendor's 401).
    const bare = await send({ method: 'GET', url: '/api/v1/stores', headers: { host: 'revointouch.works', authorization: `Bearer ${apiToken}` } });
    expect(bare.status).toBe(401);
  });

  it("Revers.io: a portal link asked on customer-api.revers.io opens on that host", async () => {
    const d = dialects.find((x) => x.def.name === 'reversio')!;
    const shown = await presentationOf(app.t, d, (sandbox.credentials as unknown as Record<string, Record<string, string>>)[d.def.name]);
    const res = await app.t.app.inject({
      method: 'POST',
      url: '/api/v1/links',
      headers: { ...shown.headers, host: 'customer-api.revers.io', 'content-type': 'application/json' },
      payload: { orderId: '10000000-9999-0000-0000-000000000001' },
    });
    expect(res.statusCode).toBe(200);
    const link = new URL(res.json().value);
    const page = await app.t.app.inject({ method: 'GET', url: link.pathname, headers: { host: 'customer-api.revers.io' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
  });

  it("on a vendor host, a path outside the vendor's API is that dialect's not-found: never the control API nor another dialect", async () => {
    // Comeback's API is below /v1: /customers alone is not it.
    const comeback = await send({ method: 'GET', url: '/customers', headers: { host: 'api.comeback.es', authorization: sandbox.credentials.comeback.token } });
    expect(comeback.status).toBe(404);
    expect(Object.keys(JSON.parse(comeback.text))).toEqual(['error']);
    for (const url of ['/_understudy/health', '/touchoffice/vouchers?TAK=DEMOTAK']) {
      const res = await send({ method: 'GET', url, headers: { host: 'api.comeback.es' } });
      expect({ url, status: res.status, keys: Object.keys(JSON.parse(res.text)) }).toEqual({ url, status: 404, keys: ['error'] });
    }
    // Revel's API starts at /: its own not-found (Understudy's prefix is not part of Revel's paths).
    const revel = await send({ method: 'GET', url: '/revel/resources/Product/919/', headers: { host: 'api-sandbox-revel.revelup.com' } });
    expect(revel.status).toBeGreaterThanOrEqual(400);
    expect(revel.text).not.toContain('"id":919');
  });

  it('other hosts are routed by path as before: the control API on localhost and 127.0.0.1, the prefixes on any host', async () => {
    for (const host of ['localhost:4010', '127.0.0.1:4010', '[::1]:4010', 'unknown.example', 'demo.localhost', 'www.revelup.com.evil.example']) {
      const health = await send({ method: 'GET', url: '/_understudy/health', headers: { host } });
      expect({ host, status: health.status }).toEqual({ host, status: 200 });
      const voucher = await send({ method: 'GET', url: `/touchoffice/vouchers/ABCDEF123?TAK=${sandbox.tak}`, headers: { host } });
      expect({ host, id: JSON.parse(voucher.text).vouchers?.[0]?.id }).toEqual({ host, id: 146 });
    }
    // An unknown path on such a host is still Fastify's own 404.
    const unknown = await send({ method: 'GET', url: '/nowhere', headers: { host: 'localhost' } });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text)).toEqual({ message: 'Route GET:/nowhere not found', error: 'Not Found', statusCode: 404 });
  });
});

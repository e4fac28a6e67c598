import { describe, expect, it } from 'vitest';
import { ENGINE, useTestApp } from '../helpers/app.ts';

/**
 * CONTRACT.md: "With a token set, every `/_understudy/` call needs `Authorization: Bearer <token>`";
 * health is `200 {"status":"ok","engine":"sqlite"|"postgres",…}`. Issue 2: each dialect serves its
 * OpenAPI 3.1 document at `/_understudy/openapi/{dialect}.json`, and the control API its own.
 */
const TOKEN = 'secret-token';
const AUTH = { authorization: `Bearer ${TOKEN}` };

type Call = { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: string; payload?: object };

/** Every control route, with a body it would accept, for a sandbox `id` holding a snapshot `s`. */
function controlCalls(id: string, newName: string): Call[] {
  const sb = `/_understudy/sandboxes/${id}`;
  return [
    { method: 'GET', url: '/_understudy/health' },
    { method: 'GET', url: '/_understudy/openapi/control.json' },
    { method: 'GET', url: '/_understudy/openapi/touchoffice.json' },
    { method: 'GET', url: '/_understudy/sandboxes' },
    { method: 'POST', url: '/_understudy/sandboxes', payload: { name: newName, fixtures: 'empty' } },
    { method: 'GET', url: sb },
    { method: 'POST', url: `${sb}/reset` },
    { method: 'POST', url: `${sb}/snapshots`, payload: { name: 's' } },
    { method: 'GET', url: `${sb}/snapshots` },
    { method: 'POST', url: `${sb}/snapshots/s/restore` },
    { method: 'GET', url: `${sb}/clock` },
    { method: 'PUT', url: `${sb}/clock`, payload: { advanceSeconds: 60 } },
    { method: 'DELETE', url: `${sb}/clock` },
    { method: 'GET', url: `${sb}/requests` },
    { method: 'GET', url: `${sb}/webhooks` },
    { method: 'PUT', url: `${sb}/webhooks/touchoffice`, payload: { url: 'http://127.0.0.1:9/hook' } },
    { method: 'GET', url: `${sb}/deliveries` },
    { method: 'GET', url: `${sb}/faults` },
    { method: 'PUT', url: `${sb}/faults`, payload: { rules: [] } },
    { method: 'DELETE', url: `${sb}/faults` },
    { method: 'POST', url: `${sb}/fixtures/touchoffice`, payload: { sites: [{ id: 7, name: 'Bar' }] } },
    { method: 'GET', url: `${sb}/touchoffice/vouchers/ABCDEF123/barcode.svg` },
    { method: 'GET', url: `${sb}/touchoffice/vouchers/ABCDEF123/barcode.png` },
    { method: 'GET', url: `${sb}/touchoffice/vouchers/ABCDEF123/magstripe` },
    { method: 'DELETE', url: sb },
  ];
}

describe('control API authentication with an admin token', () => {
  const app = useTestApp({ adminToken: TOKEN });

  const newSandbox = async () => {
    const res = await app.t.call({ method: 'POST', url: '/_understudy/sandboxes', headers: AUTH, payload: { fixtures: 'demo' } });
    expect(res.status).toBe(201);
    return res.body as { id: string; credentials: { touchoffice: { tak: string } } };
  };

  it('refuses every /_understudy/ call without the right bearer token with 401, and does nothing', async () => {
    const sb = await newSandbox();
    await app.t.call({ method: 'POST', url: `/_understudy/sandboxes/${sb.id}/snapshots`, headers: AUTH, payload: { name: 's' } });
    const wrong: Array<Record<string, string>> = [
      {},
      { authorization: 'Bearer wrong-token' },
      { authorization: TOKEN },
      { authorization: `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}` },
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: 'Bearer ' },
    ];
    const newName = `made-without-the-token-${sb.id}`;
    const calls = [...controlCalls(sb.id, newName), { method: 'GET' as const, url: '/_understudy/no-such-route' }];
    for (const headers of wrong) {
      for (const c of calls) {
        const res = await app.t.call({ ...c, headers });
        expect({ call: `${c.method} ${c.url}`, headers, status: res.status }).toEqual({ call: `${c.method} ${c.url}`, headers, status: 401 });
        expect(res.text).not.toContain(sb.credentials.touchoffice.tak);
      }
    }
    // Nothing happened: the sandbox is still there, unchanged, and nothing was created.
    const still = await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${sb.id}`, headers: AUTH });
    expect(still.status).toBe(200);
    const list = await app.t.call({ method: 'GET', url: '/_understudy/sandboxes', headers: AUTH });
    expect(list.body.sandboxes.filter((s: { name: string }) => s.name === newName)).toEqual([]);
  });

  it('answers every /_understudy/ call with the bearer token', async () => {
    const sb = await newSandbox();
    await app.t.call({ method: 'POST', url: `/_understudy/sandboxes/${sb.id}/snapshots`, headers: AUTH, payload: { name: 's' } });
    for (const c of controlCalls(sb.id, `made-with-the-token-${sb.id}`)) {
      const res = await app.t.call({ ...c, headers: AUTH });
      expect({ call: `${c.method} ${c.url}`, ok: res.status >= 200 && res.status < 300 }).toEqual({ call: `${c.method} ${c.url}`, ok: true });
    }
    expect((await app.t.call({ method: 'GET', url: '/_understudy/no-such-route', headers: AUTH })).status).toBe(404);
  });

  it('vendor routes need no admin token: their own credentials admit them', async () => {
    const sb = await newSandbox();
    const res = await app.t.call({ method: 'GET', url: `/touchoffice/vouchers/ABCDEF123?TAK=${sb.credentials.touchoffice.tak}` });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe(1);
  });
});

describe('health and OpenAPI documents', () => {
  const app = useTestApp();

  it(`health reports ok and the engine under test (${ENGINE})`, async () => {
    const res = await app.t.call({ method: 'GET', url: '/_understudy/health' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', engine: ENGINE });
  });

  it('without a token set, the control API needs no Authorization', async () => {
    expect((await app.t.call({ method: 'GET', url: '/_understudy/sandboxes' })).status).toBe(200);
  });

  it('GET /_understudy/openapi/touchoffice.json is an OpenAPI 3.1 document of the vendor paths', async () => {
    const res = await app.t.call({ method: 'GET', url: '/_understudy/openapi/touchoffice.json' });
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\.1\.\d+$/);
    expect(res.body.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    const paths = Object.keys(res.body.paths);
    expect(paths).toEqual(expect.arrayContaining(['/vouchers', '/vouchers/{number}', '/voucher_transactions']));
    expect(paths.filter((p) => p.startsWith('/_understudy') || p.startsWith('/sandboxes'))).toEqual([]);
    expect(Object.keys(res.body.paths['/vouchers'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(res.body.paths['/vouchers/{number}'])).toEqual(expect.arrayContaining(['get', 'patch', 'delete']));
    expect(Object.keys(res.body.paths['/voucher_transactions'])).toEqual(['post']);
    // Generated from the route schemas: the document's parameters and fields are all there.
    const list = res.body.paths['/vouchers'].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['TAK', 'site', 'number', 'type', 'limit', 'offset', 'active']));
    // HTTP 200 is also every failure (`status` 0): the success is the first of the answers.
    const voucher = list.responses['200'].content['application/json'].schema.anyOf[0].properties.vouchers.items;
    expect(Object.keys(voucher.properties)).toEqual(['id', 'site', 'number', 'type', 'name', 'desc', 'startdate', 'enddate', 'value', 'flag', 'maxuses', 'uses', 'used_amount', 'minsalevalue', 'group', 'ifgroup', 'dept', 'ifdept', 'plu', 'ifplu', 'active']);
    const use = res.body.paths['/voucher_transactions'].post.requestBody.content['application/json'].schema;
    expect(use.required).toEqual(expect.arrayContaining(['site', 'saleID', 'voucherNumber', 'amount']));
    expect(Object.keys(use.properties)).toEqual(['site', 'saleID', 'voucherNumber', 'datetime', 'amount']);
  });

  it('GET /_understudy/openapi/control.json documents the control API', async () => {
    const res = await app.t.call({ method: 'GET', url: '/_understudy/openapi/control.json' });
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\.1\.\d+$/);
    const paths = Object.keys(res.body.paths);
    // Every call of CONTRACT.md's control API table, and the barcode routes of issue 2.
    expect(paths).toEqual(
      expect.arrayContaining([
        '/sandboxes',
        '/sandboxes/{id}',
        '/sandboxes/{id}/reset',
        '/sandboxes/{id}/snapshots',
        '/sandboxes/{id}/snapshots/{name}/restore',
        '/sandboxes/{id}/clock',
        '/sandboxes/{id}/requests',
        '/sandboxes/{id}/webhooks/{dialect}',
        '/sandboxes/{id}/deliveries',
        '/sandboxes/{id}/deliveries/{deliveryId}/retry',
        '/sandboxes/{id}/faults',
        '/sandboxes/{id}/fixtures/{dialect}',
        '/sandboxes/{sandboxId}/touchoffice/vouchers/{number}/barcode.svg',
        '/sandboxes/{sandboxId}/touchoffice/vouchers/{number}/barcode.png',
        '/sandboxes/{sandboxId}/touchoffice/vouchers/{number}/magstripe',
      ]),
    );
    expect(Object.keys(res.body.paths['/sandboxes/{id}/clock']).sort()).toEqual(['delete', 'get', 'put']);
    expect(paths).not.toContain('/vouchers');
  });

  it('an unknown document is 404 {"error"}', async () => {
    const res = await app.t.call({ method: 'GET', url: '/_understudy/openapi/nope.json' });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: expect.any(String) });
  });
});

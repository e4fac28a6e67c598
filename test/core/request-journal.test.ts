import { beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp, useSandbox, useTestApp } from '../helpers/app.ts';

/**
 * CONTRACT.md: `GET /_understudy/sandboxes/{id}/requests?dialect=&limit=`, newest first,
 * `{"requests":[{"id","at","dialect","method","path","query","status","durationMs","requestBody","responseBody"}]}`.
 * Issue 2: bounded to the newest N per sandbox; credentials are never stored, wherever they travel.
 */
const FIELDS = ['at', 'dialect', 'durationMs', 'id', 'method', 'path', 'query', 'requestBody', 'responseBody', 'status'];

type Entry = { id: number; at: string; dialect: string; method: string; path: string; query: Record<string, unknown>; status: number; durationMs: number; requestBody: unknown; responseBody: unknown };

describe('the request journal', () => {
  const app = useTestApp();
  const own = useSandbox(app);

  const journal = async (query = '', on: TestApp = app.t, sandbox = own.id) => {
    const res = await on.call({ method: 'GET', url: `/_understudy/sandboxes/${sandbox}/requests${query}` });
    expect(res.status).toBe(200);
    return res.body.requests as Entry[];
  };

  it('lists each vendor request newest first with the contract fields', async () => {
    const list = await app.t.call({ method: 'GET', url: `/touchoffice/vouchers?TAK=${own.tak}&site=1` });
    const body = [{ type: 2, number: 'JOURNALED', name: 'ten percent', value: 10 }];
    const created = await app.t.call({ method: 'POST', url: `/touchoffice/vouchers?TAK=${own.tak}`, payload: body });
    const patched = await app.t.call({ method: 'PATCH', url: `/touchoffice/vouchers/JOURNALED?TAK=${own.tak}`, payload: { name: 'renamed' } });

    const entries = await journal();
    expect(entries.map((e) => `${e.method} ${e.path}`)).toEqual(['PATCH /vouchers/JOURNALED', 'POST /vouchers', 'GET /vouchers']);
    for (const e of entries) {
      expect(Object.keys(e).sort()).toEqual(FIELDS);
      expect(e).toMatchObject({ id: expect.any(Number), dialect: 'touchoffice', status: 200, durationMs: expect.any(Number) });
      expect(e.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
      expect(e.durationMs).toBeGreaterThanOrEqual(0);
    }
    expect(entries[0].id).toBeGreaterThan(entries[1].id);
    expect(entries[1].id).toBeGreaterThan(entries[2].id);

    const [patch, post, get] = entries;
    expect(String(get.query.site)).toBe('1');
    expect(get.requestBody).toBeNull();
    expect(get.responseBody).toStrictEqual(list.body);
    expect(post.requestBody).toStrictEqual(body);
    expect(post.responseBody).toStrictEqual(created.body);
    expect(patch.requestBody).toStrictEqual({ name: 'renamed' });
    expect(patch.responseBody).toStrictEqual(patched.body);
  });

  it('records refusals and injected faults with the status that was answered', async () => {
    await app.t.call({ method: 'PUT', url: `/_understudy/sandboxes/${own.id}/faults`, payload: { rules: [{ path: '/vouchers/FAULTY', status: 503 }] } });
    await app.t.call({ method: 'GET', url: `/touchoffice/vouchers/FAULTY?TAK=${own.tak}` });
    await app.t.call({ method: 'GET', url: `/touchoffice/vouchers/NOSUCH?TAK=${own.tak}` });
    const [missing, faulty] = await journal();
    expect(faulty).toMatchObject({ path: '/vouchers/FAULTY', status: 503 });
    expect(missing).toMatchObject({ path: '/vouchers/NOSUCH', status: 200, responseBody: { status: 0, msg: 'No Data Available for the parameters you supplied' } });
  });

  it('limit= gives the newest N; dialect= filters by dialect', async () => {
    for (const n of ['ONE', 'TWO', 'THREE']) await app.t.call({ method: 'GET', url: `/touchoffice/vouchers/${n}?TAK=${own.tak}` });
    expect((await journal('?limit=2')).map((e) => e.path)).toEqual(['/vouchers/THREE', '/vouchers/TWO']);
    expect((await journal('?dialect=touchoffice')).map((e) => e.path)).toEqual(['/vouchers/THREE', '/vouchers/TWO', '/vouchers/ONE']);
    expect(await journal('?dialect=comeback')).toEqual([]);
    expect((await journal('?dialect=touchoffice&limit=1')).map((e) => e.path)).toEqual(['/vouchers/THREE']);
  });

  it('a bad limit is 400 {"error"}', async () => {
    for (const q of ['?limit=0', '?limit=-1', '?limit=ten']) {
      const res = await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${own.id}/requests${q}` });
      expect({ q, status: res.status, body: res.body }).toEqual({ q, status: 400, body: { error: expect.any(String) } });
    }
  });

  it('keeps only the newest N entries per sandbox (journalLimit)', async () => {
    const small = await testApp({ journalLimit: 5 });
    try {
      const sb = await small.sandbox('demo');
      const other = await small.sandbox('demo');
      const get = (key: string, n: number) => small.call({ method: 'GET', url: `/touchoffice/vouchers/N${n}?TAK=${key}` });
      for (let n = 1; n <= 8; n++) await get(sb.credentials.touchoffice.tak, n);
      await get(other.credentials.touchoffice.tak, 100);
      expect((await journal('', small, sb.id)).map((e) => e.path)).toEqual(['/vouchers/N8', '/vouchers/N7', '/vouchers/N6', '/vouchers/N5', '/vouchers/N4']);

      // Later requests keep pushing the oldest out, also across separate writes.
      for (let n = 9; n <= 11; n++) {
        await get(sb.credentials.touchoffice.tak, n);
        await journal('', small, sb.id);
      }
      expect((await journal('?limit=100', small, sb.id)).map((e) => e.path)).toEqual(['/vouchers/N11', '/vouchers/N10', '/vouchers/N9', '/vouchers/N8', '/vouchers/N7']);
      // Another sandbox's requests neither count against nor trim this one.
      expect((await journal('', small, other.id)).map((e) => e.path)).toEqual(['/vouchers/N100']);
    } finally {
      await small.close();
    }
  });

  it('never stores a credential: TAK, Authorization / API-AUTHENTICATION / Ocp-Apim-* headers, api_key / api_secret / secret in query or form body', async () => {
    const secrets = {
      authorization: 'SECRET-AUTHZ-7f3a9c',
      apiAuthentication: 'SECRET-APIAUTH-41d2e8',
      ocpKey: 'SECRET-OCPKEY-93be10',
      ocpValue: 'SECRET-OCPVALUE-0c77aa',
      queryKey: 'SECRET-QKEY-5e6f01',
      querySecret: 'SECRET-QAPISECRET-a1b2c3',
      queryPlain: 'SECRET-QSECRET-d4e5f6',
      formKey: 'SECRET-FKEY-778899',
      formSecret: 'SECRET-FAPISECRET-aabbcc',
      formPlain: 'SECRET-FSECRET-ddeeff',
      jsonKey: 'SECRET-JKEY-102938',
    };
    const sent = [
      await app.t.call({
        method: 'GET',
        url: `/touchoffice/vouchers?TAK=${own.tak}&site=1`,
        headers: {
          authorization: `Bearer ${secrets.authorization}`,
          'api-authentication': `${secrets.apiAuthentication}:${secrets.apiAuthentication}`,
          'ocp-apim-subscription-key': secrets.ocpKey,
          'ocp-apim-secret-value': secrets.ocpValue,
        },
      }),
      await app.t.call({ method: 'GET', url: `/touchoffice/vouchers?TAK=${own.tak}&api_key=${secrets.queryKey}&api_secret=${secrets.querySecret}&secret=${secrets.queryPlain}` }),
      // TouchOffice reads every body as JSON; a form body is refused, and its fields are not kept either.
      await app.t.call({
        method: 'POST',
        url: `/touchoffice/vouchers?TAK=${own.tak}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `api_key=${secrets.formKey}&api_secret=${secrets.formSecret}&secret=${secrets.formPlain}&TAK=${own.tak}&name=formed`,
      }),
      await app.t.call({ method: 'POST', url: `/touchoffice/voucher_transactions?TAK=${own.tak}`, payload: { site: 1, saleID: 1, voucherNumber: 'X', amount: 1, api_key: secrets.jsonKey, TAK: own.tak } }),
      // The TAK where the vendor echoes it back: in the path, and in the refusal message.
      await app.t.call({ method: 'GET', url: `/touchoffice/vouchers/${own.tak}?TAK=${own.tak}` }),
      await app.t.call({ method: 'POST', url: `/touchoffice/voucher_transactions?TAK=${own.tak}`, payload: { site: 1, saleID: 2, voucherNumber: own.tak, amount: 1 } }),
    ];
    expect(sent.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);

    const res = await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${own.id}/requests` });
    expect(res.status).toBe(200);
    // All six requests are there (so the redaction below is about stored entries, not missing ones)…
    expect(res.body.requests).toHaveLength(6);
    expect(res.body.requests.map((e: Entry) => e.method)).toEqual(['POST', 'GET', 'POST', 'POST', 'GET', 'GET']);
    // …and what is not a credential is kept.
    expect(String(res.body.requests[5].query.site)).toBe('1');
    expect(res.body.requests[2].requestBody).toMatchObject({ site: 1, voucherNumber: 'X' });

    for (const value of [own.tak, ...Object.values(secrets)]) expect(res.text).not.toContain(value);
  });

  it('a form body, parsed into fields or kept as text by a dialect, keeps its credential fields out of the journal', async () => {
    // TouchOffice takes no form bodies, so the entries a form-reading dialect would record are
    // handed to the journal directly: the fields as @fastify/formbody parses them, and the raw text.
    const entry = (requestBody: unknown) => ({
      sandboxId: own.id,
      at: Date.now(),
      dialect: 'touchoffice',
      method: 'POST',
      path: '/form',
      query: { api_key: 'SECRET-QUERY-KEY-1', page: '2' },
      status: 200,
      durationMs: 1,
      requestBody,
      responseBody: '{"ok":true}',
      secrets: [],
    });
    app.t.core.journal.record(entry({ api_key: 'SECRET-PARSED-KEY', api_secret: 'SECRET-PARSED-SECRET', secret: 'SECRET-PARSED-PLAIN', TAK: 'SECRET-PARSED-TAK', name: 'parsed' }));
    app.t.core.journal.record(entry('api_key=SECRET-TEXT-KEY&name=text&api_secret=SECRET-TEXT-SECRET&Secret=SECRET-TEXT-PLAIN&tak=SECRET-TEXT-TAK'));
    const res = await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${own.id}/requests` });
    const [text, parsed] = res.body.requests;
    expect(parsed.requestBody).toMatchObject({ name: 'parsed' });
    expect(text.requestBody).toContain('name=text');
    expect(parsed.query).toMatchObject({ page: '2' });
    expect(res.text).not.toMatch(/SECRET-/);
  });
});

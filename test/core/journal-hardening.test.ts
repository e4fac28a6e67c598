import { describe, expect, it } from 'vitest';
import { MAX_QUEUED } from '../../src/core/journal.ts';
import { testApp, useSandbox, useTestApp } from '../helpers/app.ts';

/**
 * Issue 11, the request journal: one bad entry loses nothing else; the queue is bounded and
 * counts what it sheds; no credential of the sandbox is stored, in whatever form it travels.
 */
type Entry = { id: number; method: string; path: string; status: number; query: Record<string, unknown>; requestBody: unknown; responseBody: unknown };

const entryOf = (sandboxId: string, path: string, requestBody: unknown = null) => ({
  sandboxId,
  at: Date.now(),
  dialect: 'touchoffice',
  method: 'POST',
  path,
  query: {},
  status: 200,
  durationMs: 1,
  requestBody,
  responseBody: { status: 1 },
  secrets: [],
});

describe('the request journal under bad entries and load', () => {
  const app = useTestApp();
  const own = useSandbox(app);

  const journal = async (sandbox: string, query = '') => {
    const res = await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${sandbox}/requests${query}` });
    expect(res.status).toBe(200);
    return res.body as { requests: Entry[]; shed: number };
  };

  it('an entry that cannot be written whole is written reduced, and the rest of its batch (any sandbox) is written', async () => {
    const other = await app.t.sandbox('empty');
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    app.t.core.journal.record(entryOf(own.id, '/before'));
    app.t.core.journal.record(entryOf(other.id, '/other-before'));
    app.t.core.journal.record(entryOf(own.id, '/circular', circular));
    app.t.core.journal.record(entryOf(own.id, '/bigint', { n: 10n }));
    app.t.core.journal.record(entryOf(other.id, '/other-after'));
    app.t.core.journal.record(entryOf(own.id, '/after'));

    const mine = (await journal(own.id)).requests;
    expect(mine.map((e) => e.path)).toEqual(['/after', '/bigint', '/circular', '/before']);
    const [, bigint, loop] = mine;
    expect(bigint).toMatchObject({ method: 'POST', status: 200, requestBody: expect.stringMatching(/^\[journal: the body could not be kept/) });
    // A cycle is kept as far as a JSON body could go (64 levels), then cut.
    expect(loop).toMatchObject({ method: 'POST', status: 200, requestBody: { name: 'loop', self: { name: 'loop' } } });
    expect(JSON.stringify(loop.requestBody)).toContain('[journal: deeper than 64 levels]');
    expect((await journal(other.id)).requests.map((e) => e.path)).toEqual(['/other-after', '/other-before']);
  });

  it('sheds the oldest entries past its bound and says how many, in the journal answer and in health', async () => {
    const small = await testApp({ journalLimit: 50 });
    try {
      const sb = await small.sandbox('empty');
      const before = (await small.call({ method: 'GET', url: '/_understudy/health' })).body.journal;
      expect(before).toMatchObject({ queued: expect.any(Number), written: expect.any(Number), shed: 0, reduced: 0 });
      // Recorded in one go, faster than any writer: the queue must not grow past its bound.
      const n = MAX_QUEUED + 1500;
      let most = 0;
      for (let i = 0; i < n; i++) {
        small.core.journal.record(entryOf(sb.id, `/flood/${i}`));
        most = Math.max(most, small.core.journal.stat().queued);
      }
      expect(most).toBeLessThanOrEqual(MAX_QUEUED);
      const res = await small.call({ method: 'GET', url: `/_understudy/sandboxes/${sb.id}/requests?limit=50` });
      await small.core.journal.flush();
      const after = await small.call({ method: 'GET', url: `/_understudy/sandboxes/${sb.id}/requests?limit=50` });
      expect(after.body.shed).toBeGreaterThan(0);
      expect(after.body.shed).toBeLessThan(n);
      // The newest entries are the ones kept.
      expect(after.body.requests[0].path).toBe(`/flood/${n - 1}`);
      expect(res.status).toBe(200);
      const health = (await small.call({ method: 'GET', url: '/_understudy/health' })).body.journal;
      expect(health.shed).toBe(after.body.shed);
      expect(health.written + health.shed).toBe(n);
      // Another sandbox's journal says nothing was shed of it.
      const quiet = await small.sandbox('empty');
      expect((await small.call({ method: 'GET', url: `/_understudy/sandboxes/${quiet.id}/requests` })).body.shed).toBe(0);
    } finally {
      await small.close();
    }
  });

  it('since= lists only the entries after that id (a live tail)', async () => {
    for (const n of ['A', 'B', 'C']) await app.t.call({ method: 'GET', url: `/touchoffice/vouchers/${n}?TAK=${own.tak}` });
    const all = (await journal(own.id)).requests;
    expect(all.map((e) => e.path)).toEqual(['/vouchers/C', '/vouchers/B', '/vouchers/A']);
    expect((await journal(own.id, `?since=${all[2].id}`)).requests.map((e) => e.path)).toEqual(['/vouchers/C', '/vouchers/B']);
    expect((await journal(own.id, `?since=${all[0].id}`)).requests).toEqual([]);
    const bad = await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${own.id}/requests?since=soon` });
    expect(bad).toMatchObject({ status: 400, body: { error: expect.any(String) } });
  });
});

describe('the request journal keeps no credential material', () => {
  const app = useTestApp();
  const own = useSandbox(app);

  const stored = async () => {
    const res = await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${own.id}/requests?limit=1000` });
    expect(res.status).toBe(200);
    return { entries: res.body.requests as Entry[], text: res.text };
  };

  it('a credential percent-encoded in the path is redacted on its decoded form', async () => {
    const encoded = [...own.tak].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).join('');
    const res = await app.t.call({ method: 'GET', url: `/touchoffice/vouchers/${encoded}?TAK=${own.tak}` });
    expect(res.status).toBe(200);
    const { entries, text } = await stored();
    expect(entries).toHaveLength(1);
    expect(entries[0].path).toBe('/vouchers/[REDACTED]');
    expect(text).not.toContain(own.tak);
    expect(text).not.toContain(encoded);
    expect(text.toUpperCase()).not.toContain(encoded.slice(0, 12));
  });

  it('a credential across the 64 KiB cut is redacted before the cut: none of it survives', async () => {
    // The TAK is placed so that the cut at 65,536 characters falls inside it.
    const prefix = '{"site":1,"saleID":1,"amount":1,"voucherNumber":"';
    const pad = 'x'.repeat(64 * 1024 - prefix.length - 6);
    const raw = `${prefix}${pad}${own.tak}"}`;
    const res = await app.t.call({ method: 'POST', url: `/touchoffice/voucher_transactions?TAK=${own.tak}`, headers: { 'content-type': 'application/json' }, payload: raw });
    expect(res.status).toBe(200);
    const { entries, text } = await stored();
    expect(entries).toHaveLength(1);
    expect(String(JSON.stringify(entries[0].requestBody))).toContain('truncated');
    expect(text).not.toContain(own.tak.slice(0, 6));
  });

  it('a field named like a credential is redacted at any depth a body may have', async () => {
    let body: Record<string, unknown> = { api_secret: 'DEEP-SECRET-VALUE-1', keep: 'visible' };
    for (let i = 0; i < 40; i++) body = { level: body };
    const res = await app.t.call({ method: 'POST', url: `/touchoffice/vouchers?TAK=${own.tak}`, payload: body });
    expect(res.status).toBe(200);
    const { text } = await stored();
    expect(text).toContain('visible');
    expect(text).not.toContain('DEEP-SECRET-VALUE-1');
  });

  it("every credential of the sandbox and every token it issued is redacted, not only the one the request presented", async () => {
    const c = own.credentials;
    const token = await app.t.call({
      method: 'GET',
      url: '/reversio/api/v1/token',
      headers: { 'Ocp-Apim-Subscription-Key': c.reversio.subscriptionKey, 'Ocp-Apim-Secret-Value': c.reversio.secretValue },
    });
    expect(token.status).toBe(200);
    const jwt = token.body.value as string;
    const mentions = { revel: `${c.revel.apiKey}:${c.revel.apiSecret}`, comeback: c.comeback.token, intouch: JSON.stringify(c.intouch), reversio: c.reversio.secretValue, jwt };
    // A TouchOffice request (authenticated by the TAK) whose body quotes the other dialects' secrets.
    const res = await app.t.call({ method: 'POST', url: `/touchoffice/vouchers?TAK=${own.tak}`, payload: [{ type: 2, number: 'MENTIONS', name: 'x', notes: mentions }] });
    expect(res.status).toBe(200);
    const { entries, text } = await stored();
    expect(entries.map((e) => e.path)).toEqual(['/vouchers', '/token']);
    const values = [c.revel.apiKey, c.revel.apiSecret, c.comeback.token, c.reversio.subscriptionKey, c.reversio.secretValue, jwt, ...Object.values(c.intouch as Record<string, string>)];
    for (const v of values) expect(text, v).not.toContain(String(v));
  });

  it('with many issued tokens (each looked up among the token-like runs of the text), every one is still redacted', async () => {
    const c = own.credentials;
    const login = () =>
      app.t.call({ method: 'POST', url: '/intouch/api/v1/customer/login', headers: { account: c.intouch.account }, payload: { email: 'jordi.p@revo.works', password: 'demo-password' } });
    const tokens: string[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await login();
      expect(res.status).toBe(200);
      tokens.push(res.body.data.api_token);
    }
    const res = await app.t.call({ method: 'POST', url: `/touchoffice/vouchers?TAK=${own.tak}`, payload: [{ type: 2, number: 'TOKENS', name: 'x', notes: `first ${tokens[0]}, last ${tokens[39]}.` }] });
    expect(res.status).toBe(200);
    // The sandbox's token list is read again after a while (a token may be issued on another node).
    await new Promise((r) => setTimeout(r, 2100));
    await app.t.call({ method: 'POST', url: `/touchoffice/vouchers?TAK=${own.tak}`, payload: [{ type: 2, number: 'TOKENS2', name: 'x', notes: `middle ${tokens[20]}` }] });
    const { text } = await stored();
    expect(text).toContain('TOKENS2');
    for (const [i, t] of tokens.entries()) expect(text.includes(t), `token ${i}`).toBe(false);
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { useSandbox, useTestApp } from '../helpers/app.ts';

/**
 * CONTRACT.md: `PUT /_understudy/sandboxes/{id}/faults {"rules":[{dialect?, method?, path? (glob),
 * status?, body?, delayMs?, probability?, times?}]}`, applied before the vendor logic; the
 * vendor's own error shape when `body` is absent. Issue 2: `path` is below the dialect's base URL.
 */
const NO_DATA = { status: 0, msg: 'No Data Available for the parameters you supplied' };

describe('fault rules', () => {
  const app = useTestApp();
  const own = useSandbox(app);

  const setRules = async (rules: object[], sandbox = own.id) => {
    const res = await app.t.call({ method: 'PUT', url: `/_understudy/sandboxes/${sandbox}/faults`, payload: { rules } });
    expect(res.status).toBe(200);
    return res.body;
  };
  const to = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, payload?: unknown, key = own.tak) =>
    app.t.call({ method, url: `/touchoffice${path}${path.includes('?') ? '&' : '?'}TAK=${key}`, ...(payload === undefined ? {} : { payload: payload as object }) });
  const voucher = async (number: string) => (await to('GET', `/vouchers/${number}`)).body;

  it('answers the status and body given, on every path the glob matches', async () => {
    await setRules([{ dialect: 'touchoffice', method: 'GET', path: '/vouchers*', status: 503, body: { error: 'maintenance', retryAfter: 30 } }]);
    for (const path of ['/vouchers', '/vouchers/ABCDEF123', '/vouchers?site=1']) {
      const res = await to('GET', path);
      expect({ path, status: res.status, body: res.body }).toEqual({ path, status: 503, body: { error: 'maintenance', retryAfter: 30 } });
    }
  });

  it("a status without a body answers in the dialect's own error shape with that HTTP status", async () => {
    await setRules([{ path: '/vouchers/*', status: 429 }]);
    const res = await to('GET', '/vouchers/ABCDEF123');
    expect(res.status).toBe(429);
    // FIDELITY.md, TouchOffice: `{"status": 0, "msg": …}`.
    expect(Object.keys(res.body)).toEqual(['status', 'msg']);
    expect(res.body).toEqual({ status: 0, msg: expect.stringMatching(/\S/) });
  });

  it('times: 2 fires exactly twice, then the vendor answers again', async () => {
    await setRules([{ path: '/vouchers/ABCDEF123', status: 500, times: 2 }]);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await to('GET', '/vouchers/ABCDEF123')).status);
    expect(statuses).toEqual([500, 500, 200, 200]);
    expect((await voucher('ABCDEF123')).status).toBe(1);
  });

  it('times is exact under concurrent requests', async () => {
    await setRules([{ path: '/vouchers/ABCDEF123', status: 500, times: 5 }]);
    const results = await Promise.all(Array.from({ length: 30 }, () => to('GET', '/vouchers/ABCDEF123')));
    expect(results.filter((r) => r.status === 500)).toHaveLength(5);
    expect(results.filter((r) => r.status === 200 && r.body.status === 1)).toHaveLength(25);
  });

  it('probability 0 never fires; probability 1 always does', async () => {
    await setRules([{ path: '/vouchers/ABCDEF123', status: 500, probability: 0 }]);
    for (let i = 0; i < 25; i++) expect((await to('GET', '/vouchers/ABCDEF123')).status).toBe(200);
    await setRules([{ path: '/vouchers/ABCDEF123', status: 500, probability: 1 }]);
    for (let i = 0; i < 5; i++) expect((await to('GET', '/vouchers/ABCDEF123')).status).toBe(500);
  });

  it('a rule whose dialect, method or path does not match does not fire', async () => {
    await setRules([
      { dialect: 'revel', status: 500 },
      { method: 'POST', path: '/vouchers', status: 501 },
      { method: 'GET', path: '/voucher_transactions', status: 502 },
      { path: '/vouchers/OTHER*', status: 503 },
    ]);
    const res = await to('GET', '/vouchers/ABCDEF123');
    expect(res.status).toBe(200);
    expect(res.body.vouchers[0].number).toBe('ABCDEF123');
    // The same rules do fire where they match.
    expect((await to('POST', '/vouchers', [{ type: 2, value: 5 }])).status).toBe(501);
    expect((await to('GET', '/vouchers/OTHERONE')).status).toBe(503);
  });

  it('a fault on a write means nothing changed', async () => {
    await app.t.call({ method: 'PUT', url: `/_understudy/sandboxes/${own.id}/clock`, payload: { now: '2017-06-01T12:00:00Z', frozen: true } });
    const before = await voucher('ABCDEF123');
    await setRules([
      { method: 'POST', path: '/vouchers', status: 500 },
      { method: 'PATCH', path: '/vouchers/*', status: 500 },
      { method: 'DELETE', path: '/vouchers/*', status: 500 },
      { method: 'POST', path: '/voucher_transactions', status: 500 },
    ]);
    expect((await to('POST', '/vouchers', [{ type: 1, number: 'FAULTED', value: 100 }])).status).toBe(500);
    expect((await to('PATCH', '/vouchers/ABCDEF123', { name: 'faulted' })).status).toBe(500);
    expect((await to('DELETE', '/vouchers/ABCDEF123')).status).toBe(500);
    expect((await to('POST', '/voucher_transactions', { site: 1, saleID: 1, voucherNumber: 'ABCDEF123', amount: 100 })).status).toBe(500);

    await setRules([]);
    expect(await voucher('FAULTED')).toStrictEqual(NO_DATA);
    expect(await voucher('ABCDEF123')).toStrictEqual(before);
  });

  it('a delay without a status lets the request through to the vendor logic', async () => {
    await setRules([{ path: '/vouchers/*', delayMs: 30 }]);
    const res = await to('GET', '/vouchers/ABCDEF123');
    expect(res.status).toBe(200);
    expect(res.body.vouchers[0].number).toBe('ABCDEF123');
  });

  it('rules belong to one sandbox', async () => {
    const other = await app.t.sandbox('demo');
    await setRules([{ status: 500 }]);
    expect((await to('GET', '/vouchers/ABCDEF123')).status).toBe(500);
    const res = await to('GET', '/vouchers/ABCDEF123', undefined, other.credentials.touchoffice.tak);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe(1);
  });

  it('concurrent PUTs all answer 200 and leave exactly one of the rule sets sent in force', async () => {
    const sets = Array.from({ length: 10 }, (_, i) => [
      { path: `/vouchers/SET${i}`, status: 500 },
      { path: `/vouchers/SET${i}-B`, status: 501 },
    ]);
    const results = await Promise.all(sets.map((rules) => app.t.call({ method: 'PUT', url: `/_understudy/sandboxes/${own.id}/faults`, payload: { rules } })));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    const inForce = (await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${own.id}/faults` })).body.rules;
    expect(sets.map((set) => set.map((r) => ({ ...r, fired: 0 })))).toContainEqual(inForce);
  });

  it('GET lists the rules set, DELETE clears them', async () => {
    const rules = [{ dialect: 'touchoffice', method: 'GET', path: '/vouchers*', status: 503, body: { e: 1 }, delayMs: 5, probability: 0.5, times: 3 }];
    const stored = rules.map((r) => ({ ...r, fired: 0 }));
    expect(await setRules(rules)).toEqual({ rules: stored });
    expect((await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${own.id}/faults` })).body).toEqual({ rules: stored });
    expect((await app.t.call({ method: 'DELETE', url: `/_understudy/sandboxes/${own.id}/faults` })).status).toBe(200);
    expect((await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${own.id}/faults` })).body).toEqual({ rules: [] });
  });

  it('bad rules are 400 {"error"} and leave the rules in force unchanged', async () => {
    const kept = [{ path: '/vouchers/KEPT', status: 418 }];
    await setRules(kept);
    const bad: unknown[] = [
      { rules: [{ status: 99 }] },
      { rules: [{ status: 600 }] },
      { rules: [{ status: '500' }] },
      { rules: [{ probability: 1.5 }] },
      { rules: [{ probability: -0.1 }] },
      { rules: [{ times: -1 }] },
      { rules: [{ times: 1.5 }] },
      { rules: [{ fired: -1 }] },
      { rules: [{ fired: 'many' }] },
      { rules: [{ delayMs: -1 }] },
      { rules: [{ dialect: 'nope' }] },
      { rules: [{ method: 'GE T' }] },
      { rules: [{ path: '' }] },
      { rules: [{ colour: 'red' }] },
      { rules: ['status 500'] },
      { rules: { status: 500 } },
      {},
      [],
    ];
    for (const payload of bad) {
      const res = await app.t.call({ method: 'PUT', url: `/_understudy/sandboxes/${own.id}/faults`, payload: payload as object });
      expect({ payload, status: res.status, body: res.body }).toEqual({ payload, status: 400, body: { error: expect.any(String) } });
    }
    const malformed = await app.t.call({ method: 'PUT', url: `/_understudy/sandboxes/${own.id}/faults`, headers: { 'content-type': 'application/json' }, payload: '{"rules": [' });
    expect(malformed.status).toBe(400);
    expect((await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${own.id}/faults` })).body).toEqual({ rules: kept.map((r) => ({ ...r, fired: 0 })) });
    expect((await to('GET', '/vouchers/KEPT')).status).toBe(418);
  });

  describe('fired: how many times each rule has fired since it was set', () => {
    const listed = async () => (await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${own.id}/faults` })).body.rules as Array<Record<string, unknown>>;
    const fired = async () => (await listed()).map((r) => r.fired);

    it('counts fires, with and without times; a rule that does not match or does not pass its probability stays at 0', async () => {
      await setRules([
        { path: '/vouchers/NEVER', status: 500 },
        { path: '/vouchers/TWICE', status: 500, times: 2 },
        { path: '/vouchers/ALWAYS', status: 503 },
        { path: '/vouchers/ALWAYS', status: 500, probability: 0 },
      ]);
      expect(await fired()).toEqual([0, 0, 0, 0]);
      for (let i = 0; i < 3; i++) await voucher('ALWAYS');
      for (let i = 0; i < 4; i++) await voucher('TWICE');
      await voucher('OTHER');
      expect(await fired()).toEqual([0, 2, 3, 0]);
      // The used-up rule: times 0 left, fired 2; the list sent back as it is keeps it so (it fires no more).
      expect((await listed())[1]).toMatchObject({ times: 0, fired: 2 });
      expect((await setRules(await listed())).rules.map((r: { times?: number; fired: number }) => [r.times, r.fired])).toEqual([
        [undefined, 0],
        [0, 2],
        [undefined, 3],
        [undefined, 0],
      ]);
      expect((await to('GET', '/vouchers/TWICE')).status).toBe(200);
      expect(await fired()).toEqual([0, 2, 3, 0]);
      // DELETE answers no rules; a rule set afresh starts at 0.
      expect((await app.t.call({ method: 'DELETE', url: `/_understudy/sandboxes/${own.id}/faults` })).body).toEqual({ rules: [] });
      await setRules([{ path: '/vouchers/ALWAYS', status: 503 }]);
      expect(await fired()).toEqual([0]);
    });

    it('is exact under concurrent requests, with times and without', async () => {
      await setRules([{ path: '/vouchers/FIVE', status: 500, times: 5 }, { path: '/vouchers/EVERY', status: 502 }]);
      await Promise.all([...Array.from({ length: 20 }, () => to('GET', '/vouchers/FIVE')), ...Array.from({ length: 12 }, () => to('GET', '/vouchers/EVERY'))]);
      expect(await fired()).toEqual([5, 12]);
    });

    it('a rule sent again (the same but for times and fired) keeps its count; any other starts at 0', async () => {
      const a = { path: '/vouchers/A', status: 500 };
      const b = { dialect: 'touchoffice', method: 'get', path: '/vouchers/B', status: 503, body: { e: { x: 1, y: [1, 2] } }, delayMs: 1, probability: 1, times: 10 };
      await setRules([a, b]);
      for (let i = 0; i < 2; i++) await voucher('A');
      await voucher('B');
      expect(await fired()).toEqual([2, 1]);

      // GET's answer sent back as it is: the counts stay (fired sent is ignored).
      const answer = await listed();
      expect(answer[1]).toMatchObject({ method: 'GET', times: 9, fired: 1 });
      expect((await setRules(answer)).rules.map((r: { fired: number }) => r.fired)).toEqual([2, 1]);

      // Reordered, times changed, a fired sent, the body's keys in another order, the method in another case: still the same rules.
      const same = await setRules([{ ...b, method: 'GET', times: 3, fired: 999, body: { e: { y: [1, 2], x: 1 } } }, { ...a, fired: 0 }]);
      expect(same.rules.map((r: { path: string; fired: number; times?: number }) => [r.path, r.fired, r.times])).toEqual([
        ['/vouchers/B', 1, 3],
        ['/vouchers/A', 2, undefined],
      ]);

      // Any other field changed: a new rule, at 0.
      for (const changed of [{ status: 502 }, { path: '/vouchers/A*' }, { dialect: 'revel' }, { method: 'POST' }, { body: { e: 1 } }, { delayMs: 2 }, { probability: 0.5 }]) {
        await setRules([a, b]);
        await voucher('A');
        const before = (await listed())[0].fired as number;
        expect(before).toBeGreaterThan(0);
        const next = await setRules([{ ...a, ...changed }]);
        expect({ changed, fired: next.rules[0].fired }).toEqual({ changed, fired: 0 });
        await setRules([]);
      }
    });

    it('each rule of the previous set is taken at most once, in order', async () => {
      const a = { path: '/vouchers/DUP', status: 500, times: 1 };
      await setRules([a, { ...a, times: 5 }]);
      // The first fires once (used up), then the second three times.
      for (let i = 0; i < 4; i++) await voucher('DUP');
      expect(await fired()).toEqual([1, 3]);
      // Three copies sent: the first two take the old counts in order, the third is new.
      const again = await setRules([{ ...a, times: 2 }, { ...a, times: 2 }, { ...a, times: 2 }]);
      expect(again.rules.map((r: { fired: number }) => r.fired)).toEqual([1, 3, 0]);
      // One copy sent: it takes the first old one.
      expect((await setRules([a])).rules.map((r: { fired: number }) => r.fired)).toEqual([1]);
    });

    it('a request that no rule matches writes nothing to the rules', async () => {
      await setRules([{ path: '/vouchers/ONLY', status: 500 }]);
      for (let i = 0; i < 5; i++) expect((await voucher('ABCDEF123')).status).toBe(1);
      expect(await fired()).toEqual([0]);
    });
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { useSandbox, useTestApp } from '../helpers/app.ts';

/**
 * `TAK String(30) the terminal access key` is a parameter of every call
 * (touchoffice-vouchers.txt). FIDELITY.md: an auth failure is `{"status": 0, "msg": …,
 * "auth": "false"}` with `auth` the STRING "false", and HTTP 200. Nothing changes.
 */
type Endpoint = { name: string; method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; path: string; extra?: string; payload?: unknown };

const ENDPOINTS: Endpoint[] = [
  { name: 'GET vouchers', method: 'GET', path: '/touchoffice/vouchers' },
  { name: 'GET vouchers with filters', method: 'GET', path: '/touchoffice/vouchers', extra: 'site=1&type=1&limit=5&offset=0&active=1' },
  { name: 'GET vouchers/{number}', method: 'GET', path: '/touchoffice/vouchers/ABCDEF123' },
  { name: 'POST vouchers', method: 'POST', path: '/touchoffice/vouchers', payload: [{ number: 'BADTAKVOUCHER', type: 1, value: 500, active: true }] },
  { name: 'PATCH vouchers/{number}', method: 'PATCH', path: '/touchoffice/vouchers/ABCDEF123', payload: { name: 'Hijacked' } },
  { name: 'DELETE vouchers/{number}', method: 'DELETE', path: '/touchoffice/vouchers/ABCDEF123' },
  {
    name: 'POST voucher_transactions',
    method: 'POST',
    path: '/touchoffice/voucher_transactions',
    payload: { site: 1, saleID: 42, voucherNumber: 'ABCDEF123', datetime: '2017-06-01 12:00:00', amount: 1000 },
  },
];

const ABCDEF123_AS_SEEDED = { number: 'ABCDEF123', name: 'Test', uses: 40, used_amount: 106623 };

describe('touchoffice: TAK authentication', () => {
  const app = useTestApp();
  const own = useSandbox(app);
  beforeEach(async () => {
    // Inside the demo vouchers' validity window, so that the transaction would succeed with a good TAK.
    await app.t.call({ method: 'PUT', url: `/_understudy/sandboxes/${own.id}/clock`, payload: { now: '2017-06-01T12:00:00Z' } });
  });

  /** `takParam` is the TAK part of the query (`TAK=…`), or '' for none. */
  const send = (e: Endpoint, takParam: string) => {
    const query = [takParam, e.extra ?? ''].filter(Boolean).join('&');
    return app.t.call({ method: e.method, url: `${e.path}${query ? `?${query}` : ''}`, ...(e.payload === undefined ? {} : { payload: e.payload as object }) });
  };

  async function expectNothingChanged(): Promise<void> {
    const one = await app.t.call({ method: 'GET', url: `/touchoffice/vouchers/ABCDEF123?TAK=${own.tak}` });
    expect(one.body.status).toBe(1);
    expect(one.body.vouchers[0]).toMatchObject(ABCDEF123_AS_SEEDED);
    const created = await app.t.call({ method: 'GET', url: `/touchoffice/vouchers/BADTAKVOUCHER?TAK=${own.tak}` });
    expect(created.body).toStrictEqual({ status: 0, msg: 'No Data Available for the parameters you supplied' });
    const all = await app.t.call({ method: 'GET', url: `/touchoffice/vouchers?TAK=${own.tak}` });
    expect(all.body.vouchers.map((v: { number: string }) => v.number)).toEqual(['XMSNWVPZRG', 'OGWNFHUSFK', 'ABCDEF123']);
    const sales = await app.t.core.db.selectFrom('to_voucher_transactions').select('id').where('sandbox_id', '=', own.id).execute();
    expect(sales).toEqual([]);
  }

  /** FIDELITY.md: `{"status": 0, "msg": …, "auth": "false"}` (a string), HTTP 200, and nothing else. */
  function expectAuthRefusal(res: { status: number; body: any }) {
    expect(res.status).toBe(200);
    expect(res.body.status).toBe(0);
    expect(res.body.auth).toBe('false');
    expect(typeof res.body.msg).toBe('string');
    expect(res.body.msg.length).toBeGreaterThan(0);
    expect(Object.keys(res.body).sort()).toEqual(['auth', 'msg', 'status']);
  }

  describe.each(ENDPOINTS)('$name', (e) => {
    it('without a TAK: status 0, a msg and auth "false" (a string), HTTP 200, nothing changed', async () => {
      expectAuthRefusal(await send(e, ''));
      await expectNothingChanged();
    });

    it('with an empty TAK: the same answer as without one', async () => {
      const res = await send(e, 'TAK=');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 0, auth: 'false' });
      expect(typeof res.body.msg).toBe('string');
      await expectNothingChanged();
    });

    it('with an unknown TAK: status 0, a msg and auth "false", HTTP 200, nothing changed', async () => {
      expectAuthRefusal(await send(e, 'TAK=NOSUCHTAK0000000000'));
      await expectNothingChanged();
    });

    it('with a TAK that differs only in case: refused (a key is matched exactly)', async () => {
      const res = await send(e, `TAK=${own.tak.toLowerCase() === own.tak ? own.tak.toUpperCase() : own.tak.toLowerCase()}`);
      expect(res.body).toMatchObject({ status: 0, auth: 'false' });
      await expectNothingChanged();
    });
  });

  it('the auth answer does not carry vouchers or any other data', async () => {
    const res = await app.t.call({ method: 'GET', url: '/touchoffice/vouchers/ABCDEF123?TAK=wrong' });
    expect(res.body.vouchers).toBeUndefined();
    expect(res.text).not.toContain('ABCDEF123');
  });

  it('a TAK of another sandbox sees that sandbox only, never this one', async () => {
    const other = await app.t.sandbox('empty');
    const otherTak = other.credentials.touchoffice.tak;
    const res = await app.t.call({ method: 'GET', url: `/touchoffice/vouchers/ABCDEF123?TAK=${otherTak}` });
    expect(res.body).toStrictEqual({ status: 0, msg: 'No Data Available for the parameters you supplied' });
    const del = await app.t.call({ method: 'DELETE', url: `/touchoffice/vouchers/ABCDEF123?TAK=${otherTak}` });
    expect(del.body.status).toBe(0);
    const patch = await app.t.call({ method: 'PATCH', url: `/touchoffice/vouchers/ABCDEF123?TAK=${otherTak}`, payload: { name: 'Hijacked' } });
    expect(patch.body.status).toBe(0);
    await expectNothingChanged();
  });

  it('with a bad TAK and a malformed body, the answer is still the auth failure', async () => {
    const res = await app.t.call({
      method: 'POST',
      url: '/touchoffice/vouchers?TAK=wrong',
      headers: { 'content-type': 'application/json' },
      payload: '[{"type": 1,',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 0, auth: 'false' });
    await expectNothingChanged();
  });

  it('the good TAK works on the same calls (the failures above are about the TAK)', async () => {
    const res = await send(ENDPOINTS[6], `TAK=${own.tak}`);
    expect(res.body).toStrictEqual({ status: 1 });
    const one = await app.t.call({ method: 'GET', url: `/touchoffice/vouchers/ABCDEF123?TAK=${own.tak}` });
    expect(one.body.vouchers[0]).toMatchObject({ uses: 41, used_amount: 107623 });
  });
});

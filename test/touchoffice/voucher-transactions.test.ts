import { beforeEach, describe, expect, it } from 'vitest';
import { useSandbox, useTestApp } from '../helpers/app.ts';

/**
 * POST voucher_transactions (touchoffice-vouchers.txt, "Logs the use of a voucher with a
 * transaction"; issue 2): a use is `uses` + 1 and `used_amount` + `amount`. Refused with
 * `status: 0`, a clear `msg` and nothing recorded when the voucher is unknown in the sandbox,
 * inactive, outside `startdate`–`enddate` by the sandbox clock, at `maxuses` (when > 0), at
 * a site it is not valid for (site 0 is valid everywhere), or a Partial Redeem (flag 0x1) gift
 * card (type 1) asked for more than remains. `saleID` is BigInt(30), stored exactly; the same
 * saleID on the same voucher twice is one use.
 */
const NOW = '2020-06-15T12:00:00Z';

describe('touchoffice: voucher transactions', () => {
  const app = useTestApp();
  let saleSeq = 1000;
  const own = useSandbox(app, 'empty');
  beforeEach(async () => {
    const sites = await app.t.call({ method: 'POST', url: `/_understudy/sandboxes/${own.id}/fixtures/touchoffice`, payload: { sites: [{ id: 1, name: 'Restaurant' }, { id: 2, name: 'Bar' }] } });
    expect(sites.status).toBe(201);
    await setClock(NOW);
  });

  async function setClock(now: string): Promise<void> {
    const res = await app.t.call({ method: 'PUT', url: `/_understudy/sandboxes/${own.id}/clock`, payload: { now } });
    expect(res.status).toBe(200);
  }

  /** Creates one voucher through the vendor API; a valid, active, site-0 gift card unless told otherwise. */
  async function voucher(fields: Record<string, unknown>, as = own.tak): Promise<string> {
    const res = await app.t.call({ method: 'POST', url: `/touchoffice/vouchers?TAK=${as}`, payload: [{ type: 1, value: 1000, active: true, ...fields }] });
    expect(res.body.status).toBe(1);
    return res.body.vouchers[0].number;
  }

  async function read(number: string, as = own.tak): Promise<{ uses: number; used_amount: number }> {
    const res = await app.t.call({ method: 'GET', url: `/touchoffice/vouchers/${number}?TAK=${as}` });
    expect(res.body.status).toBe(1);
    return res.body.vouchers[0];
  }

  /** Sends a transaction as raw JSON text, so big saleIDs travel as written. */
  function sendRaw(json: string, as = own.tak) {
    return app.t.call({ method: 'POST', url: `/touchoffice/voucher_transactions?TAK=${as}`, headers: { 'content-type': 'application/json' }, payload: json });
  }

  function use(voucherNumber: string, fields: Record<string, unknown> = {}, as = own.tak) {
    return sendRaw(JSON.stringify({ site: 1, saleID: saleSeq++, voucherNumber, datetime: '2020-06-15 11:59:00', amount: 100, ...fields }), as);
  }

  async function salesOf(sandbox = own.id): Promise<Array<{ voucher_number: string; sale_id: string; amount: number }>> {
    return app.t.core.db.selectFrom('to_voucher_transactions').select(['voucher_number', 'sale_id', 'amount']).where('sandbox_id', '=', sandbox).orderBy('id').execute();
  }

  /** Refused: HTTP 200, status 0, a msg matching `msg`, nothing recorded. */
  async function expectRefused(res: { status: number; body: any }, msg: RegExp, number: string | null, before: { uses: number; used_amount: number } | null): Promise<void> {
    expect(res.status).toBe(200);
    expect(res.body.status).toBe(0);
    expect(typeof res.body.msg).toBe('string');
    expect(res.body.msg).toMatch(msg);
    expect(await salesOf()).toEqual([]);
    if (number && before) {
      const after = await read(number);
      expect(after.uses).toBe(before.uses);
      expect(after.used_amount).toBe(before.used_amount);
    }
  }

  it('records a use: uses + 1 and used_amount + amount, answered {"status": 1}', async () => {
    const n = await voucher({ number: 'GIFT1', value: 5000 });
    const res = await use(n, { amount: 1250 });
    expect(res.status).toBe(200);
    expect(res.body).toStrictEqual({ status: 1 });
    expect(await read(n)).toMatchObject({ uses: 1, used_amount: 1250 });
    expect((await use(n, { amount: 300 })).body).toStrictEqual({ status: 1 });
    expect(await read(n)).toMatchObject({ uses: 2, used_amount: 1550 });
    expect((await salesOf()).map((s) => s.amount)).toEqual([1250, 300]);
  });

  it('an amount of 0 is a use with nothing spent', async () => {
    const n = await voucher({ type: 2, value: 10 });
    expect((await use(n, { amount: 0 })).body).toStrictEqual({ status: 1 });
    expect(await read(n)).toMatchObject({ uses: 1, used_amount: 0 });
  });

  describe('refused, with nothing recorded', () => {
    it('an unknown voucher number', async () => {
      await voucher({ number: 'REALONE' });
      const res = await use('NOSUCHVOUCHER');
      await expectRefused(res, /NOSUCHVOUCHER/, 'REALONE', { uses: 0, used_amount: 0 });
    });

    it('a voucher number that exists only in another sandbox', async () => {
      const other = await app.t.sandbox('empty');
      const otherTak = other.credentials.touchoffice.tak;
      await voucher({ number: 'ELSEWHERE1' }, otherTak);
      const res = await use('ELSEWHERE1');
      await expectRefused(res, /ELSEWHERE1/, null, null);
      expect(await read('ELSEWHERE1', otherTak)).toMatchObject({ uses: 0, used_amount: 0 });
      expect(await salesOf(other.id)).toEqual([]);
    });

    it('an inactive voucher (and once made active, the same sale goes through)', async () => {
      const n = await voucher({ active: false });
      const res = await use(n, { saleID: 777 });
      await expectRefused(res, /active/i, n, { uses: 0, used_amount: 0 });
      await app.t.call({ method: 'PATCH', url: `/touchoffice/vouchers/${n}?TAK=${own.tak}`, payload: { active: true } });
      expect((await use(n, { saleID: 777 })).body).toStrictEqual({ status: 1 });
      expect(await read(n)).toMatchObject({ uses: 1, used_amount: 100 });
    });

    it('before its startdate by the sandbox clock (the transaction datetime does not count)', async () => {
      const n = await voucher({ startdate: '2020-06-15 12:00:01', enddate: '2020-12-31 23:59:59' });
      // The till claims a datetime inside the window; the sandbox clock says otherwise.
      const res = await use(n, { saleID: 1, datetime: '2020-07-01 10:00:00' });
      await expectRefused(res, /valid|start/i, n, { uses: 0, used_amount: 0 });
      await setClock('2020-06-15T12:00:01Z');
      expect((await use(n, { saleID: 1, datetime: '2020-07-01 10:00:00' })).body).toStrictEqual({ status: 1 });
      expect(await read(n)).toMatchObject({ uses: 1 });
    });

    it('after its enddate by the sandbox clock', async () => {
      const n = await voucher({ startdate: '2020-01-01 00:00:00', enddate: '2020-06-15 11:59:59' });
      const res = await use(n, { saleID: 2, datetime: '2020-06-01 10:00:00' });
      await expectRefused(res, /expired|valid|end/i, n, { uses: 0, used_amount: 0 });
      await setClock('2020-06-15T11:59:58Z');
      expect((await use(n, { saleID: 2 })).body).toStrictEqual({ status: 1 });
    });

    it('the demo vouchers (valid until 2017-12-08) are expired by real time', async () => {
      const demo = await app.t.sandbox('demo');
      const res = await sendRaw('{ "site": 1, "saleID": 123456789023413153, "voucherNumber": "ABCDEF123", "datetime": "2018-04-23 12:31:00", "amount": 1000 }', demo.credentials.touchoffice.tak);
      expect(res.body.status).toBe(0);
      expect(res.body.msg).toMatch(/expired|valid/i);
      const after = await app.t.call({ method: 'GET', url: `/touchoffice/vouchers/ABCDEF123?TAK=${demo.credentials.touchoffice.tak}` });
      expect(after.body.vouchers[0]).toMatchObject({ uses: 40, used_amount: 106623 });
    });

    it('at maxuses (maxuses > 0)', async () => {
      const n = await voucher({ maxuses: 2 });
      expect((await use(n, { amount: 10 })).body).toStrictEqual({ status: 1 });
      expect((await use(n, { amount: 20 })).body).toStrictEqual({ status: 1 });
      const res = await use(n, { amount: 40 });
      expect(res.body.status).toBe(0);
      expect(res.body.msg).toMatch(/max|uses/i);
      expect(await read(n)).toMatchObject({ uses: 2, used_amount: 30 });
      expect(await salesOf()).toHaveLength(2);
    });

    it('at a site the voucher is not valid for', async () => {
      const n = await voucher({ site: 2 });
      const res = await use(n, { site: 1 });
      await expectRefused(res, /site/i, n, { uses: 0, used_amount: 0 });
      expect((await use(n, { site: 2 })).body).toStrictEqual({ status: 1 });
    });

    it('a Partial Redeem (flag 0x1) gift card asked for more than remains (value − used_amount)', async () => {
      const n = await voucher({ type: 1, flag: 0x1, value: 1000 });
      await expectRefused(await use(n, { amount: 1001 }), /exceed|remain/i, n, { uses: 0, used_amount: 0 });
      expect((await use(n, { amount: 600 })).body).toStrictEqual({ status: 1 });
      const res = await use(n, { amount: 401 });
      expect(res.body.status).toBe(0);
      expect(res.body.msg).toMatch(/exceed|remain/i);
      expect(await read(n)).toMatchObject({ uses: 1, used_amount: 600 });
      // Exactly what remains is fine; then nothing remains.
      expect((await use(n, { amount: 400 })).body).toStrictEqual({ status: 1 });
      expect(await read(n)).toMatchObject({ uses: 2, used_amount: 1000 });
      expect((await use(n, { amount: 1 })).body.status).toBe(0);
      expect((await use(n, { amount: 0 })).body).toStrictEqual({ status: 1 });
      expect(await read(n)).toMatchObject({ uses: 3, used_amount: 1000 });
    });

    it('Partial Redeem is the 0x1 bit: flag 3 has it too', async () => {
      const n = await voucher({ type: 1, flag: 0x3, value: 1000 });
      await expectRefused(await use(n, { amount: 1500 }), /exceed|remain/i, n, { uses: 0, used_amount: 0 });
    });
  });

  describe('the same amount is accepted when no remaining-value rule applies', () => {
    it.each([
      ['a gift card without Partial Redeem (flag 0)', { type: 1, flag: 0 }],
      ['a gift card with only other flags (flag 0x2)', { type: 1, flag: 0x2 }],
      ['a percentage discount (type 2) even with flag 0x1', { type: 2, flag: 0x1 }],
    ])('%s', async (_label, fields) => {
      const n = await voucher({ ...fields, value: 1000 });
      expect((await use(n, { amount: 1500 })).body).toStrictEqual({ status: 1 });
      expect((await use(n, { amount: 1500 })).body).toStrictEqual({ status: 1 });
      expect(await read(n)).toMatchObject({ uses: 2, used_amount: 3000 });
    });
  });

  it('maxuses 0 is unlimited', async () => {
    const n = await voucher({ maxuses: 0 });
    for (let i = 0; i < 12; i++) expect((await use(n, { amount: 1 })).body).toStrictEqual({ status: 1 });
    expect(await read(n)).toMatchObject({ uses: 12, used_amount: 12 });
  });

  it('a site-0 voucher is valid at every site', async () => {
    const n = await voucher({ site: 0 });
    expect((await use(n, { site: 1 })).body).toStrictEqual({ status: 1 });
    expect((await use(n, { site: 2 })).body).toStrictEqual({ status: 1 });
    expect(await read(n)).toMatchObject({ uses: 2 });
  });

  it('a voucher without dates is valid at any time', async () => {
    const n = await voucher({ startdate: null, enddate: null });
    await setClock('1999-01-01T00:00:00Z');
    expect((await use(n)).body).toStrictEqual({ status: 1 });
    await setClock('2099-01-01T00:00:00Z');
    expect((await use(n)).body).toStrictEqual({ status: 1 });
  });

  describe('saleID, BigInt(30)', () => {
    it('30 digits are stored exactly, not as a float', async () => {
      const n = await voucher({ number: 'BIGSALE' });
      const res = await sendRaw('{"site": 1, "saleID": 123456789012345678901234567890, "voucherNumber": "BIGSALE", "datetime": "2020-06-15 11:00:00", "amount": 250}');
      expect(res.body).toStrictEqual({ status: 1 });
      const rows = await app.t.core.db.selectFrom('to_voucher_transactions').select(['sale_id', 'voucher_number', 'amount', 'site']).where('sandbox_id', '=', own.id).execute();
      expect(rows).toHaveLength(1);
      expect(String(rows[0].sale_id)).toBe('123456789012345678901234567890');
      expect(rows[0]).toMatchObject({ voucher_number: 'BIGSALE', site: 1, amount: 250 });
      expect(await read(n)).toMatchObject({ uses: 1, used_amount: 250 });
    });

    it("the document's sample saleID (18 digits, beyond 2^53) is stored exactly", async () => {
      await voucher({ number: 'ABCDEF123' });
      const res = await sendRaw('{ "site": 1, "saleID": 123456789023413153, "voucherNumber": "ABCDEF123", "datetime": "2018-04-23 12:31:00", "amount": 1000 }');
      expect(res.body).toStrictEqual({ status: 1 });
      expect((await salesOf()).map((s) => String(s.sale_id))).toEqual(['123456789023413153']);
    });

    it('two 30-digit saleIDs that round to the same double are two sales', async () => {
      const n = await voucher({ number: 'NEIGHBOURS' });
      expect((await sendRaw(`{"site": 1, "saleID": 123456789012345678901234567890, "voucherNumber": "${n}", "amount": 1}`)).body).toStrictEqual({ status: 1 });
      expect((await sendRaw(`{"site": 1, "saleID": 123456789012345678901234567891, "voucherNumber": "${n}", "amount": 1}`)).body).toStrictEqual({ status: 1 });
      expect(await read(n)).toMatchObject({ uses: 2 });
      expect((await salesOf()).map((s) => String(s.sale_id))).toEqual(['123456789012345678901234567890', '123456789012345678901234567891']);
    });

    it.each([
      ['31 digits', '1234567890123456789012345678901'],
      ['an exponent (1e30)', '1e30'],
      ['a fraction', '12.5'],
      ['a negative number', '-5'],
      ['a big number with a fraction', '123456789012345678901234567890.5'],
    ])('%s is refused with a msg naming saleID, nothing recorded', async (_label, saleID) => {
      const n = await voucher({});
      const res = await sendRaw(`{"site": 1, "saleID": ${saleID}, "voucherNumber": "${n}", "amount": 1}`);
      await expectRefused(res, /saleID/, n, { uses: 0, used_amount: 0 });
    });

    it('the same saleID and voucherNumber twice is one use (a retry is not a second sale)', async () => {
      const n = await voucher({ number: 'RETRIED' });
      const body = '{"site": 1, "saleID": 987654321098765432109876543210, "voucherNumber": "RETRIED", "datetime": "2020-06-15 11:00:00", "amount": 300}';
      expect((await sendRaw(body)).body).toStrictEqual({ status: 1 });
      expect((await sendRaw(body)).body).toStrictEqual({ status: 1 });
      expect(await read(n)).toMatchObject({ uses: 1, used_amount: 300 });
      expect(await salesOf()).toHaveLength(1);
    });

    it('the same saleID on two different vouchers is two uses', async () => {
      const a = await voucher({ number: 'FIRSTOFTWO' });
      const b = await voucher({ number: 'SECONDOFTWO' });
      expect((await use(a, { saleID: 4242, amount: 100 })).body).toStrictEqual({ status: 1 });
      expect((await use(b, { saleID: 4242, amount: 200 })).body).toStrictEqual({ status: 1 });
      expect(await read(a)).toMatchObject({ uses: 1, used_amount: 100 });
      expect(await read(b)).toMatchObject({ uses: 1, used_amount: 200 });
      expect((await salesOf()).map((s) => [s.voucher_number, String(s.sale_id)])).toEqual([['FIRSTOFTWO', '4242'], ['SECONDOFTWO', '4242']]);
    });

    it('the same saleID in two sandboxes is a sale in each', async () => {
      const other = await app.t.sandbox('empty');
      const otherTak = other.credentials.touchoffice.tak;
      await app.t.call({ method: 'POST', url: `/_understudy/sandboxes/${other.id}/fixtures/touchoffice`, payload: { sites: [{ id: 1 }] } });
      await voucher({ number: 'SAMENUMBER' });
      await voucher({ number: 'SAMENUMBER', startdate: null, enddate: null }, otherTak);
      expect((await use('SAMENUMBER', { saleID: 5 })).body).toStrictEqual({ status: 1 });
      expect((await use('SAMENUMBER', { saleID: 5 }, otherTak)).body).toStrictEqual({ status: 1 });
      expect(await read('SAMENUMBER')).toMatchObject({ uses: 1 });
      expect(await read('SAMENUMBER', otherTak)).toMatchObject({ uses: 1 });
    });
  });

  describe('bad input is status 0 naming the field, nothing recorded', () => {
    it.each([
      ['voucherNumber missing', { voucherNumber: undefined }, 'voucherNumber'],
      ['saleID missing', { saleID: undefined }, 'saleID'],
      ['amount missing', { amount: undefined }, 'amount'],
      ['site missing', { site: undefined }, 'site'],
      ['amount "abc"', { amount: 'abc' }, 'amount'],
      ['a negative amount', { amount: -100 }, 'amount'],
      ['a fractional amount', { amount: 10.5 }, 'amount'],
      ['site "one"', { site: 'one' }, 'site'],
      ['a datetime without the time', { datetime: '2020-06-15' }, 'datetime'],
      ['an impossible datetime', { datetime: '2017-02-30 00:00:00' }, 'datetime'],
      ['an unknown field', { till: 3 }, 'till'],
      // Past what Int(11) and the columns hold: refused as input, never a database error.
      ['a site past Int(11)', { site: 1e20 }, 'site'],
      ['an amount past Int(11)', { amount: 2_147_483_648 }, 'amount'],
    ])('%s', async (_label, fields, field) => {
      const n = await voucher({});
      const res = await use(n, fields);
      await expectRefused(res, new RegExp(field), n, { uses: 0, used_amount: 0 });
    });

    it('a site the sandbox does not have', async () => {
      const n = await voucher({ site: 0 });
      await expectRefused(await use(n, { site: 99 }), /site/, n, { uses: 0, used_amount: 0 });
    });

    it('malformed JSON', async () => {
      const n = await voucher({});
      await expectRefused(await sendRaw(`{"site": 1, "saleID": 1, "voucherNumber": "${n}", "amount": `), /json/i, n, { uses: 0, used_amount: 0 });
    });

    it('a body that is an array', async () => {
      const n = await voucher({});
      await expectRefused(await sendRaw(JSON.stringify([{ site: 1, saleID: 1, voucherNumber: n, amount: 1 }])), /.+/, n, { uses: 0, used_amount: 0 });
    });
  });
});

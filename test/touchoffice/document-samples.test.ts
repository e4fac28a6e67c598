import { beforeEach, describe, expect, it } from 'vitest';
import { useSandbox, useTestApp } from '../helpers/app.ts';

/**
 * Each sample request of touchoffice-vouchers.txt, sent to a sandbox with the demo
 * fixtures, gets the sample response (same fields, same values, same types).
 */
const XMSNWVPZRG = { id: 2, site: 0, number: 'XMSNWVPZRG', type: 1, name: '£10 Gift Voucher', desc: '10 lots of £10 vouchers', startdate: '2016-12-02 01:00:00', enddate: '2017-12-02 12:36:00', value: 1000, flag: 0, maxuses: 0, uses: 3, used_amount: 1000, minsalevalue: null, group: null, ifgroup: null, dept: null, ifdept: null, plu: null, ifplu: '0', active: true };
const OGWNFHUSFK = { id: 3, site: 0, number: 'OGWNFHUSFK', type: 1, name: '£10 Gift Voucher', desc: '10 lots of £10 vouchers', startdate: '2016-12-02 00:00:00', enddate: '2017-12-02 00:00:00', value: 1000, flag: 0, maxuses: 0, uses: 3, used_amount: 3000, minsalevalue: null, group: null, ifgroup: null, dept: null, ifdept: null, plu: null, ifplu: '0', active: true };
const ABCDEF123 = { id: 146, site: 0, number: 'ABCDEF123', type: 1, name: 'Test', desc: 'Test Desc', startdate: '2016-12-08 00:00:00', enddate: '2017-12-08 00:00:00', value: 1000000, flag: 0, maxuses: 0, uses: 40, used_amount: 106623, minsalevalue: null, group: null, ifgroup: null, dept: null, ifdept: null, plu: null, ifplu: null, active: true };
const POST_BODY = [{ site: 0, number: 'ABCDEF123', type: 1, name: '£15 off voucher', desc: 'Test Desc', startdate: '2016-12-08 00:00:00', enddate: '2017-12-08 00:00:00', value: 1500, flag: 0, maxuses: 0, minsalevalue: null, group: null, ifgroup: null, dept: null, ifdept: null, plu: null, ifplu: null, active: true }];
const POSTED = { id: 146, site: 0, number: 'ABCDEF123', type: 1, name: '£15 off voucher', desc: 'Test Desc', startdate: '2016-12-08 00:00:00', enddate: '2017-12-08 00:00:00', value: 1500, flag: 0, maxuses: 0, uses: 0, used_amount: 0, minsalevalue: null, group: null, ifgroup: null, dept: null, ifdept: null, plu: null, ifplu: null, active: true };

describe('touchoffice: the document samples against demo fixtures', () => {
  const app = useTestApp();
  const own = useSandbox(app);

  it('GET vouchers?site=1&type=1 lists the site-0 gift vouchers, in the sample shape', async () => {
    const res = await app.t.call({ method: 'GET', url: `/touchoffice/vouchers?TAK=${own.tak}&site=1&type=1` });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['vouchers', 'status']);
    expect(res.body.status).toBe(1);
    // The sample shows the two vouchers that existed then; ABCDEF123 (site 0, type 1) is valid there too.
    expect(res.body.vouchers.slice(0, 2)).toStrictEqual([XMSNWVPZRG, OGWNFHUSFK]);
    expect(res.body.vouchers.map((v: { number: string }) => v.number)).toEqual(['XMSNWVPZRG', 'OGWNFHUSFK', 'ABCDEF123']);
  });

  it('GET vouchers/ABCDEF123 returns the sample voucher 146', async () => {
    const res = await app.t.call({ method: 'GET', url: `/touchoffice/vouchers/ABCDEF123?TAK=${own.tak}` });
    expect(res.body).toStrictEqual({ vouchers: [ABCDEF123], status: 1 });
    expect(Object.keys(res.body.vouchers[0])).toEqual(Object.keys(ABCDEF123));
  });

  it('POST vouchers creates the sample voucher with zero uses (after the demo one is deleted)', async () => {
    await app.t.call({ method: 'DELETE', url: `/touchoffice/vouchers/ABCDEF123?TAK=${own.tak}` });
    const res = await app.t.call({ method: 'POST', url: `/touchoffice/vouchers?TAK=${own.tak}`, payload: POST_BODY });
    expect(res.body.status).toBe(1);
    // Ids are never reused in a sandbox: the demo's 146 was taken, so this one is 147.
    expect(res.body.vouchers).toStrictEqual([{ ...POSTED, id: 147 }]);
  });

  it('PATCH vouchers/ABCDEF123 with a name returns {"voucher": …, "status": 1}', async () => {
    const res = await app.t.call({ method: 'PATCH', url: `/touchoffice/vouchers/ABCDEF123?TAK=${own.tak}`, payload: { name: '£15 off voucher' } });
    expect(Object.keys(res.body)).toEqual(['voucher', 'status']);
    expect(res.body).toStrictEqual({ voucher: { ...ABCDEF123, name: '£15 off voucher' }, status: 1 });
    const again = await app.t.call({ method: 'GET', url: `/touchoffice/vouchers/ABCDEF123?TAK=${own.tak}` });
    expect(again.body.vouchers[0].name).toBe('£15 off voucher');
  });

  it('DELETE vouchers/ABCDEF123 returns the voucher number, then the voucher is gone', async () => {
    const res = await app.t.call({ method: 'DELETE', url: `/touchoffice/vouchers/ABCDEF123?TAK=${own.tak}` });
    expect(res.body).toStrictEqual({ voucher_number: 'ABCDEF123', status: 1 });
    const gone = await app.t.call({ method: 'GET', url: `/touchoffice/vouchers/ABCDEF123?TAK=${own.tak}` });
    expect(gone.body).toStrictEqual({ status: 0, msg: 'No Data Available for the parameters you supplied' });
  });

  it('POST voucher_transactions, inside the voucher validity window, returns {"status": 1} and records the use', async () => {
    // The sample vouchers ran until 2017-12-08: move the sandbox clock into their window.
    await app.t.call({ method: 'PUT', url: `/_understudy/sandboxes/${own.id}/clock`, payload: { now: '2017-06-01T12:00:00Z' } });
    const res = await app.t.call({
      method: 'POST',
      url: `/touchoffice/voucher_transactions?TAK=${own.tak}`,
      headers: { 'content-type': 'application/json' },
      payload: '{ "site": 1, "saleID": 123456789023413153, "voucherNumber": "ABCDEF123", "datetime": "2018-04-23 12:31:00", "amount": 1000 }',
    });
    expect(res.body).toStrictEqual({ status: 1 });
    const after = await app.t.call({ method: 'GET', url: `/touchoffice/vouchers/ABCDEF123?TAK=${own.tak}` });
    expect(after.body.vouchers[0]).toMatchObject({ uses: 41, used_amount: 107623 });
  });
});

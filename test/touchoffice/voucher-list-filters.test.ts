import { beforeEach, describe, expect, it } from 'vitest';
import { useSandbox, useTestApp } from '../helpers/app.ts';

/**
 * GET /vouchers and its filters (touchoffice-vouchers.txt, "Vouchers API", Method: GET):
 * site, number, type, limit, offset, active. `site=N` lists the vouchers valid at site N,
 * site-0 vouchers included, as the sample shows (`site=1` returns `"site": 0` vouchers).
 * FIDELITY.md: no rows is `{"status": 0, "msg": "No Data Available …"}`; HTTP 200 always.
 */
const NO_DATA = { status: 0, msg: 'No Data Available for the parameters you supplied' };
const numbers = (body: { vouchers: Array<{ number: string }> }) => body.vouchers.map((v) => v.number);

describe('touchoffice: GET vouchers filters', () => {
  const app = useTestApp();

  const list = (query: string) => app.t.call({ method: 'GET', url: `/touchoffice/vouchers?TAK=${own.tak}${query ? `&${query}` : ''}` });

  // Empty fixtures: the test decides every voucher the sandbox holds.
  const own = useSandbox(app, 'empty');
  beforeEach(async () => {
    const sites = await app.t.call({
      method: 'POST',
      url: `/_understudy/sandboxes/${own.id}/fixtures/touchoffice`,
      payload: { sites: [{ id: 1, name: 'Restaurant' }, { id: 2, name: 'Bar' }] },
    });
    expect(sites.status).toBe(201);
    const created = await app.t.call({
      method: 'POST',
      url: `/touchoffice/vouchers?TAK=${own.tak}`,
      payload: [
        { number: 'EVERYWHERE1', site: 0, type: 1, value: 1000, active: true },
        { number: 'SITEONE1', site: 1, type: 1, value: 500, active: true },
        { number: 'SITETWO1', site: 2, type: 2, value: 10, active: true },
        { number: 'EVERYWHERE2', site: 0, type: 2, value: 15, active: false },
        { number: 'SITETWO2', site: 2, type: 1, value: 2000, active: false },
      ],
    });
    expect(created.body.status).toBe(1);
  });

  it('lists every voucher of the sandbox without filters, in creation order', async () => {
    const res = await list('');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe(1);
    expect(numbers(res.body)).toEqual(['EVERYWHERE1', 'SITEONE1', 'SITETWO1', 'EVERYWHERE2', 'SITETWO2']);
  });

  it('site=2 lists the vouchers valid at site 2: its own and the site-0 ones, not site 1\'s', async () => {
    const res = await list('site=2');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe(1);
    expect(numbers(res.body)).toEqual(['EVERYWHERE1', 'SITETWO1', 'EVERYWHERE2', 'SITETWO2']);
    for (const v of res.body.vouchers) expect([0, 2]).toContain(v.site);
  });

  it('site=1 lists site 1\'s vouchers and the site-0 ones', async () => {
    const res = await list('site=1');
    expect(numbers(res.body)).toEqual(['EVERYWHERE1', 'SITEONE1', 'EVERYWHERE2']);
  });

  it('site=0 lists only the vouchers valid at every site', async () => {
    const res = await list('site=0');
    expect(numbers(res.body)).toEqual(['EVERYWHERE1', 'EVERYWHERE2']);
  });

  it('a site with no vouchers of its own still sees the site-0 ones', async () => {
    const res = await list('site=7');
    expect(numbers(res.body)).toEqual(['EVERYWHERE1', 'EVERYWHERE2']);
  });

  it('number=… returns that voucher only', async () => {
    const res = await list('number=SITETWO1');
    expect(res.body.status).toBe(1);
    expect(res.body.vouchers).toHaveLength(1);
    expect(res.body.vouchers[0]).toMatchObject({ number: 'SITETWO1', site: 2, type: 2, value: 10, active: true });
  });

  it('number=… of a voucher not valid at the site asked for gives No Data', async () => {
    const res = await list('number=SITEONE1&site=2');
    expect(res.status).toBe(200);
    expect(res.body).toStrictEqual(NO_DATA);
  });

  it('type=1 lists the gift cards, type=2 the discount vouchers', async () => {
    expect(numbers((await list('type=1')).body)).toEqual(['EVERYWHERE1', 'SITEONE1', 'SITETWO2']);
    expect(numbers((await list('type=2')).body)).toEqual(['SITETWO1', 'EVERYWHERE2']);
  });

  it('active=1 lists the active vouchers, active=0 the inactive ones', async () => {
    const active = await list('active=1');
    expect(numbers(active.body)).toEqual(['EVERYWHERE1', 'SITEONE1', 'SITETWO1']);
    for (const v of active.body.vouchers) expect(v.active).toBe(true);
    const inactive = await list('active=0');
    expect(numbers(inactive.body)).toEqual(['EVERYWHERE2', 'SITETWO2']);
    for (const v of inactive.body.vouchers) expect(v.active).toBe(false);
  });

  it('filters combine (site, type and active together)', async () => {
    expect(numbers((await list('site=2&type=1&active=1')).body)).toEqual(['EVERYWHERE1']);
    expect(numbers((await list('site=2&type=1&active=0')).body)).toEqual(['SITETWO2']);
  });

  it('limit caps the number of rows; offset starts further down (pagination)', async () => {
    expect(numbers((await list('limit=2')).body)).toEqual(['EVERYWHERE1', 'SITEONE1']);
    expect(numbers((await list('limit=2&offset=2')).body)).toEqual(['SITETWO1', 'EVERYWHERE2']);
    expect(numbers((await list('limit=2&offset=4')).body)).toEqual(['SITETWO2']);
    expect(numbers((await list('offset=3')).body)).toEqual(['EVERYWHERE2', 'SITETWO2']);
    expect(numbers((await list('site=2&limit=1&offset=1')).body)).toEqual(['SITETWO1']);
  });

  it('an offset past the last row is No Data', async () => {
    const res = await list('limit=2&offset=5');
    expect(res.status).toBe(200);
    expect(res.body).toStrictEqual(NO_DATA);
  });

  it('no matching rows: {"status": 0, "msg": "No Data Available for the parameters you supplied"}, HTTP 200', async () => {
    for (const query of ['number=NOSUCHVOUCHER', 'site=1&type=1&active=0', 'type=3']) {
      const res = await list(query);
      expect(res.status, query).toBe(200);
      expect(res.body, query).toStrictEqual(NO_DATA);
    }
  });

  it('an empty sandbox lists No Data', async () => {
    const empty = await app.t.sandbox('empty');
    const res = await app.t.call({ method: 'GET', url: `/touchoffice/vouchers?TAK=${empty.credentials.touchoffice.tak}` });
    expect(res.status).toBe(200);
    expect(res.body).toStrictEqual(NO_DATA);
  });

  it('lists only the vouchers of the TAK\'s own sandbox', async () => {
    const other = await app.t.sandbox('empty');
    await app.t.call({ method: 'POST', url: `/touchoffice/vouchers?TAK=${other.credentials.touchoffice.tak}`, payload: [{ number: 'OTHERSANDBOX', type: 1 }] });
    expect(numbers((await list('')).body)).not.toContain('OTHERSANDBOX');
    expect((await list('number=OTHERSANDBOX')).body).toStrictEqual(NO_DATA);
  });

  it.each([
    ['limit=abc', 'limit'],
    ['limit=-1', 'limit'],
    ['limit=1.5', 'limit'],
    ['offset=abc', 'offset'],
    ['offset=-1', 'offset'],
    ['site=abc', 'site'],
    ['type=abc', 'type'],
    ['active=yes', 'active'],
    ['active=2', 'active'],
    // Past what the columns and SQL LIMIT hold: refused as input, never a database error.
    ['limit=99999999999999999999', 'limit'],
    ['offset=99999999999999999999', 'offset'],
    ['limit=2147483648', 'limit'],
    ['site=99999999999999999999', 'site'],
    ['type=99999999999', 'type'],
  ])('a bad parameter (%s) is status 0 with a msg naming %s, HTTP 200', async (query, field) => {
    const res = await list(query);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe(0);
    expect(res.body.vouchers).toBeUndefined();
    expect(typeof res.body.msg).toBe('string');
    expect(res.body.msg).toContain(field);
  });

  it('the largest limit and offset the document allows (Int(11)) are accepted', async () => {
    expect(numbers((await list('limit=2147483647')).body)).toHaveLength(5);
    expect((await list('limit=2147483647&offset=2147483647')).body).toStrictEqual(NO_DATA);
  });

  it('a site fixture with an id past Int(11) is refused by the control plane (400), never a 5xx', async () => {
    for (const id of [1e20, 100_000_000_000, 0, -1, 'two']) {
      const res = await app.t.call({ method: 'POST', url: `/_understudy/sandboxes/${own.id}/fixtures/touchoffice`, payload: { sites: [{ id, name: 'Too far' }] } });
      expect(res.status, String(id)).toBe(400);
      expect(res.body.error).toMatch(/site id/);
    }
  });
});

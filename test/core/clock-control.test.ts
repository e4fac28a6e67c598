import { beforeEach, describe, expect, it } from 'vitest';
import { useSandbox, useTestApp } from '../helpers/app.ts';

/**
 * CONTRACT.md: `GET/PUT/DELETE /_understudy/sandboxes/{id}/clock`, `{"now": ISO-8601, "frozen": bool}`;
 * PUT takes `now`, `advanceSeconds`, `frozen`; every time rule of the sandbox follows it.
 * The time rule shown here: a TouchOffice transaction is refused outside `startdate`–`enddate`.
 */
describe('the sandbox clock', () => {
  const app = useTestApp();
  const own = useSandbox(app);

  const clockUrl = (sandbox = own.id) => `/_understudy/sandboxes/${sandbox}/clock`;
  const getClock = async (sandbox = own.id) => (await app.t.call({ method: 'GET', url: clockUrl(sandbox) })).body;
  const putClock = (payload: object) => app.t.call({ method: 'PUT', url: clockUrl(), payload });

  it('follows real time until told otherwise', async () => {
    const before = Date.now();
    const res = await app.t.call({ method: 'GET', url: clockUrl() });
    const after = Date.now();
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['frozen', 'now']);
    expect(res.body.frozen).toBe(false);
    expect(res.body.now).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    expect(Date.parse(res.body.now)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(res.body.now)).toBeLessThanOrEqual(after);
  });

  it('PUT now + frozen sets a time that stands still; advanceSeconds moves it; the answer is the new clock', async () => {
    const set = await putClock({ now: '2017-06-01T12:00:00Z', frozen: true });
    expect(set.status).toBe(200);
    expect(set.body).toStrictEqual({ now: '2017-06-01T12:00:00.000Z', frozen: true });
    expect(await getClock()).toStrictEqual({ now: '2017-06-01T12:00:00.000Z', frozen: true });

    const moved = await putClock({ advanceSeconds: 90 });
    expect(moved.body).toStrictEqual({ now: '2017-06-01T12:01:30.000Z', frozen: true });
    expect((await putClock({ advanceSeconds: -3600 })).body).toStrictEqual({ now: '2017-06-01T11:01:30.000Z', frozen: true });
    expect(await getClock()).toStrictEqual({ now: '2017-06-01T11:01:30.000Z', frozen: true });
  });

  it('concurrent advances all count', async () => {
    await putClock({ now: '2017-06-01T12:00:00Z', frozen: true });
    const results = await Promise.all(Array.from({ length: 10 }, () => putClock({ advanceSeconds: 60 })));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(await getClock()).toStrictEqual({ now: '2017-06-01T12:10:00.000Z', frozen: true });
  });

  it('a zone offset in `now` is honoured', async () => {
    expect((await putClock({ now: '2017-06-01T14:00:00+02:00', frozen: true })).body).toStrictEqual({ now: '2017-06-01T12:00:00.000Z', frozen: true });
  });

  it('unfreezing keeps the time and lets it run from there', async () => {
    await putClock({ now: '2017-06-01T12:00:00Z', frozen: true });
    const running = await putClock({ frozen: false });
    expect(running.body.frozen).toBe(false);
    expect(Date.parse(running.body.now)).toBeGreaterThanOrEqual(Date.parse('2017-06-01T12:00:00Z'));
    const later = await getClock();
    expect(later.frozen).toBe(false);
    expect(Date.parse(later.now)).toBeGreaterThanOrEqual(Date.parse(running.body.now));
    expect(later.now.slice(0, 4)).toBe('2017');
  });

  it('DELETE goes back to real time', async () => {
    await putClock({ now: '2017-06-01T12:00:00Z', frozen: true });
    const before = Date.now();
    const res = await app.t.call({ method: 'DELETE', url: clockUrl() });
    const after = Date.now();
    expect(res.status).toBe(200);
    expect(res.body.frozen).toBe(false);
    expect(Date.parse(res.body.now)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(res.body.now)).toBeLessThanOrEqual(after);
  });

  it("one sandbox's clock is not another's", async () => {
    const other = await app.t.sandbox('demo');
    await putClock({ now: '2017-06-01T12:00:00Z', frozen: true });
    expect((await getClock(other.id)).frozen).toBe(false);
    expect((await getClock(other.id)).now.slice(0, 4)).not.toBe('2017');
  });

  it('the TouchOffice validity window follows the clock: refused before startdate and after enddate, accepted inside', async () => {
    const made = await app.t.call({
      method: 'POST',
      url: `/touchoffice/vouchers?TAK=${own.tak}`,
      payload: [{ type: 1, number: 'WINDOW2090', value: 10000, startdate: '2090-01-01 00:00:00', enddate: '2090-01-31 23:59:59' }],
    });
    expect(made.body.status).toBe(1);
    let saleID = 1;
    const use = async () => (await app.t.call({ method: 'POST', url: `/touchoffice/voucher_transactions?TAK=${own.tak}`, payload: { site: 1, saleID: saleID++, voucherNumber: 'WINDOW2090', amount: 100 } })).body;
    const uses = async () => (await app.t.call({ method: 'GET', url: `/touchoffice/vouchers/WINDOW2090?TAK=${own.tak}` })).body.vouchers[0].uses;

    // Real time is long before 2090.
    expect(await use()).toMatchObject({ status: 0, msg: expect.any(String) });

    await putClock({ now: '2089-12-31T12:00:00Z', frozen: true });
    expect(await use()).toMatchObject({ status: 0, msg: expect.any(String) });
    expect(await uses()).toBe(0);

    await putClock({ advanceSeconds: 86_400 });
    expect(await use()).toStrictEqual({ status: 1 });
    expect(await uses()).toBe(1);

    await putClock({ now: '2090-01-31T12:00:00Z' });
    expect(await use()).toStrictEqual({ status: 1 });
    expect(await uses()).toBe(2);

    await putClock({ now: '2090-02-01T12:00:00Z' });
    expect(await use()).toMatchObject({ status: 0, msg: expect.any(String) });
    expect(await uses()).toBe(2);

    await app.t.call({ method: 'DELETE', url: clockUrl() });
    expect(await use()).toMatchObject({ status: 0, msg: expect.any(String) });
    expect(await uses()).toBe(2);
  });

  it('refuses a bad body with 400 {"error"} and keeps the clock as it was', async () => {
    await putClock({ now: '2017-06-01T12:00:00Z', frozen: true });
    const bad: object[] = [
      { now: 'yesterday' },
      { now: '1' },
      { now: 'Tue, 01 Jan 2019 00:00:00 GMT' },
      { now: '2021-02-30T00:00:00Z' },
      { now: '2021-01-01T25:00:00Z' },
      { now: '' },
      { now: 1_500_000_000_000 },
      { now: null },
      { advanceSeconds: 'ten' },
      { advanceSeconds: 1e20 },
      { frozen: 'yes' },
      { speed: 2 },
    ];
    for (const payload of bad) {
      const res = await putClock(payload);
      expect({ payload, status: res.status, body: res.body }).toEqual({ payload, status: 400, body: { error: expect.any(String) } });
    }
    const malformed = await app.t.call({ method: 'PUT', url: clockUrl(), headers: { 'content-type': 'application/json' }, payload: '{"now":' });
    expect(malformed.status).toBe(400);
    expect(await getClock()).toStrictEqual({ now: '2017-06-01T12:00:00.000Z', frozen: true });
    // The sandbox still works: its time rules still have a clock to read.
    const use = await app.t.call({ method: 'POST', url: `/touchoffice/voucher_transactions?TAK=${own.tak}`, payload: { site: 1, saleID: 9, voucherNumber: 'ABCDEF123', amount: 1 } });
    expect(use.body).toStrictEqual({ status: 1 });
  });
});

import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { revelClient } from '../revel/revel-client.ts';
import { reversioClient } from '../reversio/client.ts';
import { DAY, demoSandbox, POINTS, pointsOf, setClock } from '../comeback/helpers.ts';

/**
 * Answers kept between writes (README, Development: "Speed"; core/http/kept-answers.ts): a GET
 * answered again must be the answer the sandbox's rows give now, after any kind of write, for
 * the credential, format and sandbox it was asked for; and each is journaled like any other.
 */
describe('kept answers', () => {
  const app = useTestApp({}, { listen: true });
  const control = (id: string, method: string, path: string, payload?: unknown) => app.t.call({ method: method as 'GET', url: `/_understudy/sandboxes/${id}${path}`, ...(payload === undefined ? {} : { payload: payload as object }) });

  async function touchoffice() {
    const sb = await app.t.sandbox('demo');
    const tak = sb.credentials.touchoffice.tak;
    const get = async (path: string) => (await fetch(`${app.url}/touchoffice${path}${path.includes('?') ? '&' : '?'}TAK=${tak}`)).text();
    const post = async (path: string, body: unknown) => (await fetch(`${app.url}/touchoffice${path}?TAK=${tak}`, { method: 'POST', body: JSON.stringify(body) })).json();
    return { sb, tak, get, post };
  }

  it('a TouchOffice voucher read and list follow transactions, reset and restore', async () => {
    const t = await touchoffice();
    expect((await t.post('/vouchers', [{ number: 'KEPT1', type: 2, name: 'Kept', value: 1000 }])).status).toBe(1);
    const uses = async () => JSON.parse(await t.get('/vouchers/KEPT1')).vouchers[0].uses as number;
    const listed = async () => (JSON.parse(await t.get('/vouchers?limit=500')).vouchers as Array<{ number: string; uses: number }>).find((v) => v.number === 'KEPT1')?.uses;
    expect([await uses(), await uses(), await listed(), await listed()]).toEqual([0, 0, 0, 0]);
    await control(t.sb.id, 'POST', '/snapshots', { name: 'zero' });
    for (let i = 1; i <= 3; i++) {
      expect((await t.post('/voucher_transactions', { site: 1, saleID: 7000 + i, voucherNumber: 'KEPT1', datetime: '2026-01-01 12:00:00', amount: 1 })).status).toBe(1);
      expect([await uses(), await listed()]).toEqual([i, i]);
    }
    expect((await control(t.sb.id, 'POST', '/snapshots/zero/restore')).status).toBeLessThan(300);
    expect([await uses(), await listed()]).toEqual([0, 0]);
    expect((await control(t.sb.id, 'POST', '/reset')).status).toBeLessThan(300);
    expect(JSON.parse(await t.get('/vouchers/KEPT1')).status).toBe(0);
  });

  it('a Revers.io model type tree follows a fixture bundle, per Accept-Language', async () => {
    const c = await reversioClient(app.t);
    const types = async (lang: string) => (await c.api('GET', '/catalog/modelTypes', undefined, { 'Accept-Language': lang })).body.value as Array<{ key: string; label: string }>;
    expect((await types('fr')).find((t) => t.key === 'Smartwatch')).toBeUndefined();
    expect((await types('en')).find((t) => t.key === 'Smartwatch')).toBeUndefined();
    const added = await c.control('POST', '/fixtures/reversio', { modelTypes: [{ key: 'Smartwatch', labels: { en: 'Smartwatch', fr: 'Montre connectée' }, parentKey: 'HighTech' }] });
    expect(added.status, added.text).toBe(201);
    expect((await types('fr')).find((t) => t.key === 'Smartwatch')?.label).toBe('Montre connectée');
    expect((await types('en')).find((t) => t.key === 'Smartwatch')?.label).toBe('Smartwatch');
  });

  it('JSON and XML, and two sandboxes, each get their own answer', async () => {
    const a = await touchoffice();
    const b = await touchoffice();
    await a.post('/vouchers', [{ number: 'ONLYA', type: 2, name: 'A', value: 1000 }]);
    expect(JSON.parse(await a.get('/vouchers/ONLYA')).status).toBe(1);
    expect(JSON.parse(await b.get('/vouchers/ONLYA')).status).toBe(0);
    expect(await a.get('/vouchers/ONLYA?format=xml')).toMatch(/^<\?xml/);
    expect(JSON.parse(await a.get('/vouchers/ONLYA')).status).toBe(1);
    expect(await a.get('/vouchers/ONLYA?format=xml')).toMatch(/<number>ONLYA<\/number>/);
  });

  it('a Revel object follows a PATCH, and Accept negotiates its own answer', async () => {
    const c = await revelClient(app.t);
    const name = async (accept?: string) => (await c.send({ method: 'GET', url: '/revel/resources/Product/919/', headers: accept ? { accept } : {} })).text;
    const first = await name();
    expect(await name()).toBe(first);
    expect(await name('application/xml')).toMatch(/^<\?xml/);
    expect((await c.patch('/resources/Product/919/', { name: 'Patched' })).status).toBe(202);
    expect(JSON.parse(await name()).name).toBe('Patched');
    expect(await name('application/xml')).toContain('<name>Patched</name>');
  });

  it('reads racing writes end on the last write (real concurrent requests)', async () => {
    const t = await touchoffice();
    await t.post('/vouchers', [{ number: 'RACE1', type: 2, name: 'Race', value: 100000 }]);
    const writes = Array.from({ length: 40 }, (_, i) => t.post('/voucher_transactions', { site: 1, saleID: 9100 + i, voucherNumber: 'RACE1', datetime: '2026-01-01 12:00:00', amount: 1 }));
    const reads = Array.from({ length: 40 }, () => t.get('/vouchers/RACE1'));
    const done = await Promise.all([...writes, ...reads]);
    expect(done.slice(0, 40).every((r) => (r as { status: number }).status === 1)).toBe(true);
    expect(JSON.parse(await t.get('/vouchers/RACE1')).vouchers[0].uses).toBe(40);
  });

  it('every answer, kept or not, is in the journal', async () => {
    const t = await touchoffice();
    for (let i = 0; i < 3; i++) await t.get('/vouchers?limit=2');
    const journal = (await control(t.sb.id, 'GET', '/requests?limit=10')).body.requests as Array<{ path: string; responseBody: unknown }>;
    const lists = journal.filter((e) => e.path === '/vouchers');
    expect(lists).toHaveLength(3);
    expect(lists[0].responseBody).toEqual(lists[2].responseBody);
    expect((lists[0].responseBody as { status: number }).status).toBe(1);
  });
});

describe('kept answers that hold until a time to come', () => {
  // No timer runs here (the scheduler is never woken): only the answer's own bound can see the expiry.
  const app = useTestApp({ timerPollMs: 3_600_000 });

  it('a Comeback customer read is not given again once a balance has expired by the sandbox clock', async () => {
    app.t.core.scheduler.wake = () => {};
    const { org1, id } = await demoSandbox(app.t);
    await setClock(app.t, id, { frozen: true });
    const customerId = (await org1.post('/customers', { name: 'Selina', surname: 'Kyle', phoneNumber: '+34677777777' })).body.id;
    expect((await org1.post(`/customers/${customerId}/addPoints`, { addedPoints: 10, pointTypeId: POINTS })).status).toBe(200);
    const points = async () => pointsOf((await org1.get(`/customers/${customerId}`)).body, POINTS);
    expect([await points(), await points()]).toEqual([10, 10]);
    await setClock(app.t, id, { advanceSeconds: 364 * DAY });
    expect(await points()).toBe(10);
    await setClock(app.t, id, { advanceSeconds: DAY });
    expect(await points()).toBe(0);
  });
});

describe('kept answers switched off (UNDERSTUDY_KEEP_ANSWERS=0)', () => {
  const app = useTestApp({ keepAnswers: false });

  it('the same answers, each built anew', async () => {
    const c = await revelClient(app.t);
    const before = (await c.get('/resources/Product/919/')).text;
    expect((await c.get('/resources/Product/919/')).text).toBe(before);
    expect((await c.patch('/resources/Product/919/', { name: 'Not kept' })).status).toBe(202);
    expect(JSON.parse((await c.get('/resources/Product/919/')).text).name).toBe('Not kept');
  });
});

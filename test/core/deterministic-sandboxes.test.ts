import { describe, expect, it } from 'vitest';
import { useProbeApp, useTestApp, type TestApp } from '../helpers/app.ts';

/**
 * Issue 8: `POST /_understudy/sandboxes {"seed"}`: every id, number, uuid and token the sandbox
 * generates comes from the seed, so the same seed and the same requests give the same answers.
 * Credentials stay random (they identify the sandbox).
 */
async function seeded(t: TestApp, seed?: string) {
  const res = await t.call({ method: 'POST', url: '/_understudy/sandboxes', payload: { fixtures: 'demo', ...(seed ? { seed } : {}) } });
  expect(res.status).toBe(201);
  await t.call({ method: 'PUT', url: `/_understudy/sandboxes/${res.body.id}/clock`, payload: { now: '2031-03-03T03:03:03Z', frozen: true } });
  return res.body;
}

describe('deterministic sandboxes (probe dialect)', () => {
  const app = useProbeApp();

  async function story(seed?: string) {
    const sb = await seeded(app.t, seed);
    const headers = { 'x-probe-key': sb.credentials.probe.key, 'x-probe-secret': sb.credentials.probe.secret };
    const call = async (method: 'GET' | 'POST', url: string, payload?: object) => (await app.t.call({ method, url: `/probe${url}`, headers, ...(payload ? { payload } : {}) })).body;
    // Seeded at creation, by the real clock (the clock is frozen after): its id is what repeats.
    const seededItems = (await call('GET', '/items')).items.map((i: { id: string; name: string }) => ({ id: i.id, name: i.name }));
    const a = await call('POST', '/items', { name: 'a' });
    const b = await call('POST', '/items', { name: 'b' });
    const token = (await call('POST', '/login', { user: 'ada' })).token;
    const jwt = (await call('POST', '/jwt', { user: 'ada' })).jwt;
    const bundle = (await app.t.call({ method: 'POST', url: `/_understudy/sandboxes/${sb.id}/fixtures/probe`, payload: { items: [{ name: 'c' }] } })).body;
    return { sandbox: sb, answers: { seededItems, a, b, token, jwt, bundle } };
  }

  it('the same seed and the same requests give the same ids, tokens and JWTs; its credentials differ', async () => {
    const one = await story('snapshot-test-1');
    const two = await story('snapshot-test-1');
    expect(two.answers).toEqual(one.answers);
    expect(two.sandbox.credentials).not.toEqual(one.sandbox.credentials);
    expect(one.sandbox.seed).toBe('snapshot-test-1');
  });

  it('another seed, or none, gives other values', async () => {
    const one = await story('snapshot-test-1');
    const other = await story('snapshot-test-2');
    const none = await story();
    expect(other.answers.a.id).not.toBe(one.answers.a.id);
    expect(none.answers.a.id).not.toBe(one.answers.a.id);
    expect(other.answers.token).not.toBe(one.answers.token);
  });

  it('a seeded sandbox reset gives the same fixture ids again; restoring a snapshot replays the same values', async () => {
    const { sandbox, answers } = await story('replay');
    const headers = { 'x-probe-key': sandbox.credentials.probe.key, 'x-probe-secret': sandbox.credentials.probe.secret };
    const control = `/_understudy/sandboxes/${sandbox.id}`;
    await app.t.call({ method: 'POST', url: `${control}/reset` });
    const items = (await app.t.call({ method: 'GET', url: '/probe/items', headers })).body.items.map((i: { id: string; name: string }) => ({ id: i.id, name: i.name }));
    expect(items).toEqual(answers.seededItems);
    await app.t.call({ method: 'POST', url: `${control}/snapshots`, payload: { name: 'before' } });
    const first = (await app.t.call({ method: 'POST', url: '/probe/items', headers, payload: { name: 'x' } })).body;
    await app.t.call({ method: 'POST', url: `${control}/snapshots/before/restore` });
    const again = (await app.t.call({ method: 'POST', url: '/probe/items', headers, payload: { name: 'x' } })).body;
    expect(again).toEqual(first);
  });
});

describe('deterministic sandboxes (the vendor dialects)', () => {
  const app = useTestApp();

  async function story(seed: string) {
    const sb = await seeded(app.t, seed);
    const { tak } = sb.credentials.touchoffice;
    const voucher = (await app.t.call({ method: 'POST', url: `/touchoffice/vouchers?TAK=${tak}`, payload: [{ type: 1, value: 100 }] })).body.vouchers[0];
    const customer = (await app.t.call({ method: 'POST', url: '/comeback/v1/customers', headers: { authorization: sb.credentials.comeback.token }, payload: { name: 'Ada', phoneNumber: '+34600000042' } })).body;
    const product = (await app.t.call({
      method: 'POST',
      url: '/revel/resources/Product/',
      headers: { 'api-authentication': `${sb.credentials.revel.apiKey}:${sb.credentials.revel.apiSecret}` },
      payload: { name: 'Seeded', establishment: '/enterprise/Establishment/1/' },
    })).body;
    return { number: voucher.number, customerId: customer.id, uuid: product.uuid };
  }

  it('TouchOffice voucher numbers, Comeback customer ids and Revel uuids repeat with the seed', async () => {
    const one = await story('vendors');
    const two = await story('vendors');
    expect(two).toEqual(one);
    expect(one.number).toMatch(/^[A-Z]{10}$/);
    expect(one.customerId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const three = await story('other vendors');
    expect(three.number).not.toBe(one.number);
  });
});

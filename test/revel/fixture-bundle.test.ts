import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { revelClient, SAMPLES } from './revel-client.ts';

/**
 * CONTRACT.md, `POST /_understudy/sandboxes/{id}/fixtures/revel`: the records the Revel API
 * cannot create (establishments, users, EMS pushes); and reset/snapshot of Revel data.
 */
describe('revel: fixture bundle, reset and snapshots', () => {
  const app = useTestApp();

  const bundle = (sandboxId: string, body: unknown) => app.t.call({ method: 'POST', url: `/_understudy/sandboxes/${sandboxId}/fixtures/revel`, payload: body as object });

  it('adds establishments and users with their ids; objects can then be created on them', async () => {
    const c = await revelClient(app.t, 'empty');
    expect((await c.post('/resources/Discount/', { name: 'Nowhere', establishment: '/enterprise/Establishment/3/' })).status).toBe(400);
    const res = await bundle(c.sandboxId, {
      establishments: [{ id: 3, name: 'Harbour Cafe', time_zone: 'Europe/Lisbon' }],
      users: [{ id: 9, username: 'cashier9', establishment: '/enterprise/Establishment/3/' }],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ establishments: [3], users: [9] });
    expect((await c.get('/enterprise/Establishment/3/')).body).toMatchObject({ id: 3, name: 'Harbour Cafe', time_zone: 'Europe/Lisbon', resource_uri: '/enterprise/Establishment/3/' });
    expect((await c.get('/enterprise/User/9/')).body).toMatchObject({ username: 'cashier9', establishment: '/enterprise/Establishment/3/' });
    const created = await c.post('/resources/Discount/', { name: 'Harbour', establishment: '/enterprise/Establishment/3/', created_by: '/enterprise/User/9/' });
    expect(created.status).toBe(201);
  });

  it('pushes a discount from EMS: the base processes its first code asynchronously, the copies are 403', async () => {
    const c = await revelClient(app.t);
    const base = await c.post('/resources/Discount/', { name: 'Chain Deal', barcode: 'CHAIN', establishment: '/enterprise/Establishment/1/' });
    const res = await bundle(c.sandboxId, { emsPushes: [{ discount: base.body.id, establishments: [2, 27], ids: [9001, 9002] }] });
    expect(res.status).toBe(201);
    expect(res.body.emsPushes).toEqual([{ discount: base.body.id, copies: [9001, 9002] }]);
    expect((await c.get('/resources/Discount/9001/')).body).toMatchObject({ name: 'Chain Deal', barcode: 'CHAIN', establishment: '/enterprise/Establishment/2/' });
    expect((await c.patch('/resources/Discount/9002/', { barcode: 'LOCAL' })).status).toBe(403);
    expect((await c.post('/resources/DiscountCode/', { code: 'C', discount: '/resources/Discount/9001/' })).status).toBe(403);
    expect((await c.post('/resources/DiscountCode/', { code: 'C', discount: base.body.resource_uri })).status).toBe(202);
  });

  it('a copy pushed on to a lower EMS level is the base of that push: its codes are accepted, its own copies are 403', async () => {
    const c = await revelClient(app.t);
    // Discount 201 is the demo's copy of 200 on establishment 2; establishment 2 pushes it on to 27.
    const res = await bundle(c.sandboxId, { emsPushes: [{ discount: 201, establishments: [27], ids: [9201] }] });
    expect(res.status).toBe(201);
    expect((await c.post('/resources/DiscountCode/', { code: 'LEVEL2', discount: '/resources/Discount/201/' })).status).toBe(202);
    expect((await c.post('/resources/DiscountCode/', { code: 'LEVEL3', discount: '/resources/Discount/9201/' })).status).toBe(403);
    // The barcode still belongs to the top level's base (establishment 1).
    expect((await c.patch('/resources/Discount/201/', { barcode: 'MINE' })).status).toBe(403);
    expect((await c.patch('/resources/Discount/200/', { barcode: 'TOP' })).status).toBe(202);
  });

  it('refuses a malformed bundle with 400 and adds nothing', async () => {
    const c = await revelClient(app.t, 'empty');
    for (const body of [{ establishments: [{ name: 'no id' }] }, { emsPushes: [{ discount: 999 }] }, { planets: [] }, [1]]) {
      const res = await bundle(c.sandboxId, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(typeof res.body.error).toBe('string');
    }
    expect((await c.get('/enterprise/Establishment/')).body.meta.total_count).toBe(0);
  });

  it('an empty sandbox has no Revel data', async () => {
    const c = await revelClient(app.t, 'empty');
    for (const path of ['/resources/Product/', '/enterprise/Establishment/', '/resources/Discount/']) {
      expect((await c.get(path)).body.meta.total_count, path).toBe(0);
    }
    expect((await c.get('/resources/DiscountCode/?discount_id=141')).body.objects).toEqual([]);
  });

  it('reset brings the demo data back; a snapshot restores codes, pending requests and objects', async () => {
    const c = await revelClient(app.t);
    await c.patch('/resources/Product/919/', { name: 'Changed' });
    await app.t.call({ method: 'POST', url: `/_understudy/sandboxes/${c.sandboxId}/snapshots`, payload: { name: 'changed' } });
    await c.post('/resources/DiscountCode/', { code: 'AFTER', discount: '/resources/Discount/141/' });
    await c.post('/resources/DiscountCode/', { code: 'PENDING', discount: '/resources/Discount/200/' });
    await app.t.call({ method: 'POST', url: `/_understudy/sandboxes/${c.sandboxId}/snapshots/changed/restore` });
    expect((await c.get('/resources/Product/919/')).body.name).toBe('Changed');
    expect((await c.get('/resources/DiscountCode/?discount_id=141')).body.objects).toHaveLength(2);
    expect((await c.post('/resources/DiscountCode/', { code: 'NEW', discount: '/resources/Discount/200/' })).status).toBe(202);
    await app.t.call({ method: 'POST', url: `/_understudy/sandboxes/${c.sandboxId}/reset` });
    expect((await c.get('/resources/Product/')).body.objects[0]).toStrictEqual(SAMPLES['Product list (GET /resources/Product/)'].objects[0]);
    expect((await c.post('/resources/DiscountCode/', { code: 'NEW', discount: '/resources/Discount/200/' })).status).toBe(202);
  });

  it('ids handed out after the fixtures never collide with them', async () => {
    const c = await revelClient(app.t);
    const product = await c.post('/resources/Product/', { name: 'Next', establishment: '/enterprise/Establishment/1/' });
    expect(product.body.id).toBeGreaterThan(919);
    await c.post('/resources/DiscountCode/', { code: 'NEXT', discount: '/resources/Discount/14/' });
    const [code] = (await c.get('/resources/DiscountCode/?discount_id=14')).body.objects;
    expect(code.id).toBeGreaterThan(402088);
  });
});

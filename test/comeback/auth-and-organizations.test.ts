import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { BRUCE, client, demoSandbox, EL_TENEDOR, JOVELLANOS, ORG_1, ORG_2, POINTS, PREFIX, T8 } from './helpers.ts';

/**
 * Issue 4, "Organizations and auth": `Authorization: <token>`; a token belongs to one
 * organization and sees nothing of another; missing or unknown token: 401.
 */
describe('comeback: tokens and organizations', () => {
  const app = useTestApp();

  it('no token, an unknown token, or a `Bearer` token: 401 {"error"} on every endpoint', async () => {
    const sb = await demoSandbox(app.t);
    const paths = ['/locations', '/promotions', '/pointTypes', '/customers', `/customers/${BRUCE}`, `/customers/${BRUCE}/appliedPromotions`];
    for (const path of paths) {
      const none = await app.t.call({ method: 'GET', url: `${PREFIX}${path}` });
      expect(none.status).toBe(401);
      expect(Object.keys(none.body)).toEqual(['error']);
      expect((await app.t.call({ method: 'GET', url: `${PREFIX}${path}`, headers: { authorization: 'not-a-token' } })).status).toBe(401);
      expect((await app.t.call({ method: 'GET', url: `${PREFIX}${path}`, headers: { authorization: `Bearer ${sb.token1}` } })).status).toBe(401);
    }
    const post = await app.t.call({ method: 'POST', url: `${PREFIX}/orders`, payload: { externalId: 'x', amount: 1, locationId: JOVELLANOS, customerId: BRUCE } });
    expect(post.status).toBe(401);
    // Another dialect's credential is not a Comeback token.
    expect((await app.t.call({ method: 'GET', url: `${PREFIX}/locations`, headers: { authorization: (await app.t.sandbox()).credentials.touchoffice.tak } })).status).toBe(401);
  });

  it('the second organization sees none of the first one\'s records, and cannot act on them', async () => {
    const { org1, org2 } = await demoSandbox(app.t);
    expect((await org2.get(`/customers/${BRUCE}`)).status).toBe(404);
    expect((await org2.get(`/customers/${BRUCE}/appliedPromotions`)).status).toBe(404);
    expect((await org2.get(`/customers/${BRUCE}/androidDownloadUrl`)).status).toBe(404);
    expect((await org2.get(`/location/${T8}/customer/+34666666666`)).status).toBe(404);
    expect((await org2.get(`/location/${JOVELLANOS}/customer/+34666666666`)).status).toBe(404);
    expect((await org2.get('/customers')).body).toStrictEqual({ customers: [], page: 0, lastPage: 0 });
    expect((await org2.get('/pointTypes')).body.pointTypes.map((p: { id: string }) => p.id)).not.toContain(POINTS);
    expect((await org2.post(`/customers/${BRUCE}/addPoints`, { addedPoints: 5, pointTypeId: (await org2.get('/pointTypes')).body.pointTypes[0].id })).status).toBe(404);
    expect((await org2.post('/customers/' + BRUCE + '/addPoints', { addedPoints: 5, pointTypeId: POINTS })).status).toBe(400);
    expect((await org2.del(`/customers/${BRUCE}`)).status).toBe(404);
    // Orders: the location and customer must belong to the token's organization.
    const atT8 = await org2.post('/orders', { externalId: 'o-1', amount: 1000, locationId: T8, customerId: BRUCE });
    expect(atT8.status).toBe(400);
    const atJovellanos = await org2.post('/orders', { externalId: 'o-2', amount: 1000, locationId: JOVELLANOS, customerId: BRUCE });
    expect(atJovellanos.status).toBe(400);
    const promo = await org2.post('/promotions', { name: 'x', pointTypeId: POINTS, pointsExpense: 1, discountType: 'currency', discountAmount: 1 });
    expect(promo.status).toBe(400);
    // Nothing of that touched the first organization.
    const bruce = (await org1.get(`/customers/${BRUCE}`)).body;
    expect(bruce.points).toEqual([expect.objectContaining({ amount: 50, pointTypeName: 'Burgers' })]);
    expect((await org1.get(`/customers/${BRUCE}/appliedPromotions`)).body.appliedPromotions).toHaveLength(2);
  });

  it('a promotion of another organization cannot be applied to an order', async () => {
    const { org2 } = await demoSandbox(app.t);
    const alfred = (await org2.post('/customers', { name: 'Alfred', phoneNumber: '+34600000002' })).body;
    const res = await org2.post('/orders', { externalId: 'o-3', amount: 0, locationId: T8, customerId: alfred.id, promotionsApplied: [{ id: EL_TENEDOR }] });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/Promotion/);
  });

  it('the same phone number may sign up in each organization: each sees its own customer', async () => {
    const { org1, org2 } = await demoSandbox(app.t);
    const a = await org2.post('/customers', { name: 'Bruce', phoneNumber: '+34666666666' });
    expect(a.status).toBe(201);
    expect(a.body.id).not.toBe(BRUCE);
    expect((await org2.get(`/location/${T8}/customer/+34666666666`)).body.id).toBe(a.body.id);
    expect((await org1.get(`/location/${JOVELLANOS}/customer/+34666666666`)).body.id).toBe(BRUCE);
  });

  it('a token of another sandbox sees nothing of this one', async () => {
    const a = await demoSandbox(app.t);
    const b = await demoSandbox(app.t);
    const created = await a.org1.post('/customers', { name: 'Only', surname: 'InA', email: 'only@example.com' });
    expect(created.status).toBe(201);
    expect((await b.org1.get(`/customers/${created.body.id}`)).status).toBe(404);
    expect((await b.org1.get('/customers')).body.customers.map((c: { id: string }) => c.id)).toEqual([BRUCE]);
  });

  it('the demo sandbox: demo-comeback-token is JOVELLANOS, demo-comeback-token-2 is T8 Tea Bar', async () => {
    const one = await client(app.t, 'demo-comeback-token').get('/locations');
    expect(one.status).toBe(200);
    expect(one.body.map((l: { id: string; organizationId: string }) => [l.id, l.organizationId])).toEqual([[JOVELLANOS, ORG_1]]);
    const two = await client(app.t, 'demo-comeback-token-2').get('/locations');
    expect(two.status).toBe(200);
    expect(two.body.map((l: { id: string; organizationId: string }) => [l.id, l.organizationId])).toEqual([[T8, ORG_2]]);
  });

  it('an empty sandbox: the primary token is one organization with no records; reset keeps its id', async () => {
    const sb = await app.t.sandbox('empty');
    const c = client(app.t, sb.credentials.comeback.token);
    expect((await c.get('/locations')).body).toEqual([]);
    expect((await c.get('/pointTypes')).body).toEqual({ pointTypes: [] });
    expect((await c.get('/promotions')).body).toEqual({ promotions: [] });
    expect((await c.get('/customers')).body).toEqual({ customers: [], page: 0, lastPage: 0 });
    const made = await c.post('/customers', { name: 'First', email: 'first@example.com' });
    expect(made.status).toBe(201);
    expect(made.body.level).toBe('Bronze');
    const orgs = async () => (await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${sb.id}/comeback/organizations` })).body.organizations;
    const before = await orgs();
    expect(before).toHaveLength(1);
    expect(before[0].token).toBe(sb.credentials.comeback.token);
    expect((await app.t.call({ method: 'POST', url: `/_understudy/sandboxes/${sb.id}/reset` })).status).toBe(200);
    expect(await orgs()).toStrictEqual(before);
    expect((await c.get('/customers')).body.customers).toEqual([]);
  });

  it('reset of a demo-fixture sandbox keeps the second token working; deleting the sandbox revokes both', async () => {
    const sb = await demoSandbox(app.t);
    await sb.org1.del(`/customers/${BRUCE}`);
    expect((await app.t.call({ method: 'POST', url: `/_understudy/sandboxes/${sb.id}/reset` })).status).toBe(200);
    expect((await sb.org1.get(`/customers/${BRUCE}`)).status).toBe(200);
    expect((await sb.org2.get('/locations')).body[0].id).toBe(T8);
    const orgs = (await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${sb.id}/comeback/organizations` })).body.organizations;
    expect(orgs.map((o: { token: string }) => o.token)).toEqual([sb.token1, sb.token2]);
    expect((await app.t.call({ method: 'DELETE', url: `/_understudy/sandboxes/${sb.id}` })).status).toBe(204);
    expect((await sb.org1.get('/locations')).status).toBe(401);
    expect((await sb.org2.get('/locations')).status).toBe(401);
  });

  it('an injected fault without a body answers in the vendor error shape', async () => {
    const sb = await demoSandbox(app.t);
    const set = await app.t.call({ method: 'PUT', url: `/_understudy/sandboxes/${sb.id}/faults`, payload: { rules: [{ dialect: 'comeback', path: '/customers/*', status: 503, times: 1 }] } });
    expect(set.status).toBe(200);
    const res = await sb.org1.get(`/customers/${BRUCE}`);
    expect(res.status).toBe(503);
    expect(Object.keys(res.body)).toEqual(['error']);
    expect((await sb.org1.get(`/customers/${BRUCE}`)).status).toBe(200);
  });

  it('requests are journaled under the vendor path', async () => {
    const sb = await demoSandbox(app.t);
    await sb.org1.get(`/customers/${BRUCE}`);
    await app.t.core.journal.flush();
    const list = (await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${sb.id}/requests?dialect=comeback` })).body.requests;
    expect(list[0]).toMatchObject({ dialect: 'comeback', method: 'GET', path: `/customers/${BRUCE}`, status: 200 });
  });

  it('unknown endpoints answer 404 in the vendor error shape', async () => {
    const { org1 } = await demoSandbox(app.t);
    const res = await org1.get('/nothing/here');
    expect(res.status).toBe(404);
    expect(Object.keys(res.body)).toEqual(['error']);
  });
});

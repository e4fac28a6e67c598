import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { BRUCE, client, demoSandbox, ORG_1 } from './helpers.ts';

/**
 * CONTRACT.md: `POST /_understudy/sandboxes/{id}/fixtures/comeback` adds what the vendor API
 * cannot create (organizations with their tokens, locations, point types, promotion settings);
 * `GET …/comeback/organizations` lists the organizations with their tokens.
 */
describe('comeback: fixture bundles and the organizations control route', () => {
  const app = useTestApp();

  const fixtures = (id: string, payload: unknown) => app.t.call({ method: 'POST', url: `/_understudy/sandboxes/${id}/fixtures/comeback`, payload: payload as never });

  it('adds an organization with its own token, levels, location, point type (with its earning rule) and promotion', async () => {
    const sb = await app.t.sandbox('empty');
    const res = await fixtures(sb.id, {
      organizations: [{ id: 'org-bat', name: 'Batcave Burgers', token: `bat-token-${sb.id}`, levels: [{ name: 'Robin', minPoints: 0 }, { name: 'Batman', minPoints: 10 }] }],
    });
    expect(res.status).toBe(201);
    expect(res.body.organizations).toEqual([{ id: 'org-bat', name: 'Batcave Burgers', token: `bat-token-${sb.id}`, levels: [{ name: 'Robin', minPoints: 0 }, { name: 'Batman', minPoints: 10 }] }]);
    const more = await fixtures(sb.id, {
      locations: [{ id: 'cave', organizationId: 'org-bat', name: 'CAVE', address: 'Wayne Manor', countryCode: 'US', latitude: 41.1, longitude: -73.9 }],
      pointTypes: [{ id: 'bats', organizationId: 'org-bat', name: 'Bats', expirationDays: 30, centsPerPoint: 500 }],
      promotions: [{ id: 'free-cape', organizationId: 'org-bat', name: 'Free cape', pointTypeId: 'bats', pointsExpense: 2, discountType: 'products', discountAmount: 1 }],
    });
    expect(more.status).toBe(201);
    const bat = client(app.t, `bat-token-${sb.id}`);
    expect((await bat.get('/locations')).body).toEqual([
      { id: 'cave', name: 'CAVE', address: 'Wayne Manor', organizationId: 'org-bat', deleted: 0, countryCode: 'US', latitude: 41.1, longitude: -73.9 },
    ]);
    expect((await bat.get('/pointTypes')).body).toEqual({ pointTypes: [{ id: 'bats', name: 'Bats', expirationDays: 30, allowedPassIds: ['bats'] }] });
    const customer = (await bat.post('/customers', { name: 'Bruce', phoneNumber: '+15555550100' })).body;
    expect(customer.level).toBe('Robin');
    // 52.00 $ at one Bat per 5.00: 10 Bats, lifetime 10: Batman; then the cape.
    const order = await bat.post('/orders', { externalId: 'o', amount: 5200, locationId: 'cave', customerId: customer.id });
    expect(order.body.earnedPoints).toEqual([{ amount: 10, pointTypeId: 'bats', pointTypeName: 'Bats' }]);
    const after = (await bat.get(`/customers/${customer.id}`)).body;
    expect(after.level).toBe('Batman');
    expect(after.availablePromotions.map((p: { id: string }) => p.id)).toEqual(['free-cape']);
    // The primary token's organization sees none of it.
    const primary = client(app.t, sb.credentials.comeback.token);
    expect((await primary.get('/locations')).body).toEqual([]);
    const orgs = (await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${sb.id}/comeback/organizations` })).body.organizations;
    expect(orgs.map((o: { id: string; token: string; locationIds: string[] }) => [o.token, o.locationIds])).toEqual([
      [sb.credentials.comeback.token, []],
      [`bat-token-${sb.id}`, ['cave']],
    ]);
  });

  it('records default to the primary token\'s organization; the same id again updates', async () => {
    const sb = await demoSandbox(app.t);
    expect((await fixtures(sb.id, { locations: [{ id: 'sol', name: 'SOL' }] })).status).toBe(201);
    expect((await fixtures(sb.id, { locations: [{ id: 'sol', name: 'SOL 2', deleted: 1 }] })).status).toBe(201);
    const locations = (await sb.org1.get('/locations')).body;
    expect(locations.map((l: { id: string; name: string; organizationId: string; deleted: number }) => [l.id, l.name, l.organizationId, l.deleted])).toEqual([
      ['0e75756b-bf8b-41e0-9162-a87e3f19e771', 'JOVELLANOS', ORG_1, 0],
      ['sol', 'SOL 2', ORG_1, 1],
    ]);
  });

  it('bad bundles are 400 with nothing added', async () => {
    const sb = await demoSandbox(app.t);
    const bad: unknown[] = [
      [],
      { stores: [] },
      { locations: [{ id: 'x' }] },
      { locations: [{ name: 'X', organizationId: 'no-such-org' }] },
      { pointTypes: [{ name: 'X', expirationDays: -1 }] },
      { promotions: [{ name: 'X', pointTypeId: 'no-such-type' }] },
      { promotions: [{ name: 'X', pointTypeId: '0e53f16f-88f5-4379-ab6d-b21213968d5c', discountType: 'percentage', discountAmount: 150 }] },
      { organizations: [{ token: sb.token1 }] },
      { locations: [{ name: 'ok' }], promotions: [{ name: 'X', pointTypeId: 'no-such-type' }] },
    ];
    for (const body of bad) {
      const res = await fixtures(sb.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(res.body)).toEqual(['error']);
    }
    expect((await sb.org1.get('/locations')).body).toHaveLength(1);
    expect((await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${sb.id}/comeback/organizations` })).body.organizations).toHaveLength(2);
    expect((await app.t.call({ method: 'GET', url: '/_understudy/sandboxes/nope/comeback/organizations' })).status).toBe(404);
  });

  it('snapshots and restore bring points, orders and customers back exactly', async () => {
    const sb = await demoSandbox(app.t);
    expect((await app.t.call({ method: 'POST', url: `/_understudy/sandboxes/${sb.id}/snapshots`, payload: { name: 'before' } })).status).toBe(201);
    await sb.org1.post('/orders', { externalId: 'snap', amount: 5000, locationId: '0e75756b-bf8b-41e0-9162-a87e3f19e771', customerId: BRUCE, promotionsApplied: [{ id: '9hsab0efasf8312' }] });
    await sb.org1.post('/customers', { name: 'Later', email: 'later@example.com' });
    const before = (await sb.org1.get('/customers')).body;
    expect(before.customers).toHaveLength(2);
    expect((await app.t.call({ method: 'POST', url: `/_understudy/sandboxes/${sb.id}/snapshots/before/restore` })).status).toBe(200);
    const restored = (await sb.org1.get('/customers')).body;
    expect(restored.customers).toHaveLength(1);
    expect(restored.customers[0].points).toEqual([expect.objectContaining({ amount: 50, pointTypeName: 'Burgers' })]);
    // The order is gone with the snapshot, so its externalId is new again.
    expect((await sb.org1.post('/orders', { externalId: 'snap', amount: 0, locationId: '0e75756b-bf8b-41e0-9162-a87e3f19e771', customerId: BRUCE })).status).toBe(201);
  });
});

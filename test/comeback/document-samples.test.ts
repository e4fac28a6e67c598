import { beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { BRUCE, demoSandbox, EL_TENEDOR, JOVELLANOS, POINTS, pointsOf, T8, type Client } from './helpers.ts';

/**
 * Each sample of comeback.txt, sent to a fresh sandbox with the demo fixtures, gets the
 * sample response. Where the samples contradict each other or the issue, the test says how.
 */

// "GET Location List": both locations; each token sees its organization's one (issue 4).
const T8_TEA_BAR = {
  id: '0e53f16f-88f5-4379-ab6d-b21213968d5c',
  name: 'T8 Tea Bar',
  address: 'Pl. de España, 18, 28008 Madrid, España',
  organizationId: '4de9cd38-17ee-457c-9fff-bf4884a1a767',
  deleted: 0,
  countryCode: 'ES',
  latitude: 40.42326736,
  longitude: -3.71103597,
};
const JOVELLANOS_LOCATION = {
  id: '0e75756b-bf8b-41e0-9162-a87e3f19e771',
  name: 'JOVELLANOS',
  address: 'C. de Jovellanos, 6, 28014 Madrid',
  organizationId: '1321a1e9-e310-488a-9c6c-ed8203053bb7',
  deleted: 0,
  countryCode: 'ES',
  latitude: 40.42326736,
  longitude: -3.71103597,
};

// "GET Customer" / "GET Scanned customer in location". The page hides the email
// ("[email protected]"); the demo uses bruce.wayne@example.com (README).
const SAMPLE_PROMOTIONS = [
  {
    id: '0hgfd0928ge32ge',
    name: 'Descuento 10%',
    description: 'Obtén un descuento por valor del 10%',
    discountType: 'percentage',
    discountAmount: 10,
    pointsExpense: 0,
    availableOnline: true,
  },
  {
    id: '9hsab0efasf8312',
    name: 'Café gratis',
    description: 'Obtén un café gratis en tu próxima visita',
    discountType: 'currency',
    discountAmount: 250,
    pointsExpense: 10,
    availableOnline: false,
  },
];
const SAMPLE_CUSTOMER_HEAD = {
  id: '33f9dc36-5e99-4044-8e2e-9b22c403c5f7',
  name: 'Bruce',
  surname: 'Wayne',
  phoneNumber: '+34666666666',
  email: 'bruce.wayne@example.com',
  creationTime: '2020-10-06T18:32:04.000Z',
  source: 'SignUp',
  marketingCommunication: true,
  birthDate: '1990-01-01',
  externalId: 'h230he02',
  appleDownloaded: true,
  androidDownloaded: false,
};
/** Bruce's 50 points: the demo's "Burgers" point type (README "Demo data"). */
const BURGERS = '5b1d3c2e-8f4a-4c6b-9e7d-2a1f0c9b8e71';
const CUSTOMER_KEYS = [...Object.keys(SAMPLE_CUSTOMER_HEAD), 'points', 'level', 'availablePromotions'];

/** The sample customer, allowing for the two places the document contradicts itself. */
function expectSampleCustomer(body: any) {
  expect(Object.keys(body)).toEqual(CUSTOMER_KEYS);
  expect(body).toMatchObject(SAMPLE_CUSTOMER_HEAD);
  // The sample's point type id is the "Points" type of "GET Point types list", its name
  // "Burgers": the issue gives Bruce 50 Burgers, which are a point type of their own.
  expect(body.points).toStrictEqual([{ amount: 50, pointTypeId: BURGERS, pointTypeName: 'Burgers' }]);
  expect(Object.keys(body.points[0])).toEqual(['amount', 'pointTypeId', 'pointTypeName']);
  expect(body.level).toBe('Gold');
  // The sample's two promotions, exactly, then "El tenedor" (3 Burgers), which the order
  // sample applies for Bruce and so must be available to him too.
  expect(body.availablePromotions).toStrictEqual([
    ...SAMPLE_PROMOTIONS,
    { id: EL_TENEDOR, name: 'El tenedor', description: 'el tenedor', discountType: 'percentage', discountAmount: 10, pointsExpense: 3, availableOnline: true },
  ]);
  for (const p of body.availablePromotions) expect(Object.keys(p)).toEqual(Object.keys(SAMPLE_PROMOTIONS[0]));
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('comeback: the document samples against demo fixtures', () => {
  const app = useTestApp();
  let org1: Client;
  let org2: Client;
  let sandboxId: string;
  beforeEach(async () => {
    ({ org1, org2, id: sandboxId } = await demoSandbox(app.t));
  });

  it('GET locations: a bare array, each token its organization\'s location of the sample', async () => {
    const one = await org1.get('/locations');
    expect(one.status).toBe(200);
    expect(one.body).toStrictEqual([JOVELLANOS_LOCATION]);
    expect(Object.keys(one.body[0])).toEqual(Object.keys(JOVELLANOS_LOCATION));
    const two = await org2.get('/locations');
    expect(two.body).toStrictEqual([T8_TEA_BAR]);
  });

  it('POST orders: the sample order (its JSON typos fixed) is accepted; El tenedor is paid and recorded', async () => {
    const res = await org1.post('/orders', {
      externalId: 'h230he02',
      amount: 2950,
      products: [{ name: 'Burger', quantity: 1, organizationProductExternalId: 'eygh2hgnd', orderProductExternalId: '023hhe203h', price: 3000 }],
      locationId: '0e75756b-bf8b-41e0-9162-a87e3f19e771',
      customerId: '33f9dc36-5e99-4044-8e2e-9b22c403c5f7',
      promotionsApplied: [{ id: '28afe959-6204-4169-b5ba-fc90f15aad43' }],
      discountAmount: 50,
    });
    expect(res.status).toBe(201);
    // The document shows no answer: the order as sent (the table's fields, in its order), with
    // its id, time and what it earned (README "Orders").
    expect(res.body).toStrictEqual({
      id: expect.stringMatching(UUID),
      externalId: 'h230he02',
      amount: 2950,
      products: [{ name: 'Burger', quantity: 1, organizationProductExternalId: 'eygh2hgnd', orderProductExternalId: '023hhe203h', price: 3000 }],
      locationId: JOVELLANOS,
      customerId: BRUCE,
      promotionsApplied: [{ id: EL_TENEDOR }],
      discountAmount: 50,
      creationTime: expect.stringMatching(ISO_UTC),
      earnedPoints: [
        { amount: 29, pointTypeId: POINTS, pointTypeName: 'Points' },
        { amount: 2, pointTypeId: BURGERS, pointTypeName: 'Burgers' },
      ],
    });
    expect(Object.keys(res.body).slice(1, 8)).toEqual(['externalId', 'amount', 'products', 'locationId', 'customerId', 'promotionsApplied', 'discountAmount']);
    const bruce = (await org1.get(`/customers/${BRUCE}`)).body;
    // 50 − 3 (El tenedor) + 2 (one Burger per full 10 €) and 29 Points (one per full euro of 29.50 €).
    expect(pointsOf(bruce, 'Burgers')).toBe(49);
    expect(pointsOf(bruce, POINTS)).toBe(29);
    const applied = (await org1.get(`/customers/${BRUCE}/appliedPromotions`)).body.appliedPromotions;
    expect(applied).toHaveLength(3);
    expect(applied[2]).toMatchObject({ promotionId: EL_TENEDOR, customerId: BRUCE, locationId: JOVELLANOS, orderId: res.body.id });
  });

  it('GET promotions: {"promotions": [...]} holding the sample promotion El tenedor', async () => {
    const res = await org1.get('/promotions');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['promotions']);
    const tenedor = res.body.promotions.find((p: { id: string }) => p.id === EL_TENEDOR);
    // The sample's keys first, in its order; then the table's pointsRequired (same number),
    // the point type it is paid in and availableOnline (README "Promotions").
    expect(tenedor).toStrictEqual({
      id: EL_TENEDOR,
      name: 'El tenedor',
      description: 'el tenedor',
      pointsExpense: 3,
      discountType: 'percentage',
      discountAmount: 10,
      pointsRequired: 3,
      pointTypeId: BURGERS,
      availableOnline: true,
    });
    expect(Object.keys(tenedor)).toEqual(['id', 'name', 'description', 'pointsExpense', 'discountType', 'discountAmount', 'pointsRequired', 'pointTypeId', 'availableOnline']);
    expect((await org2.get('/promotions')).body.promotions.map((p: { id: string }) => p.id)).not.toContain(EL_TENEDOR);
  });

  it('POST promotions: the sample request creates the promotion, listed afterwards', async () => {
    const res = await org1.post('/promotions', {
      name: '50% off all products',
      description: 'Get 50% off on all products on your 10th visit',
      pointTypeId: '0e53f16f-88f5-4379-ab6d-b21213968d5c',
      pointsExpense: 9,
      discountType: 'percentage',
      discountAmount: 50,
    });
    expect(res.status).toBe(201);
    expect(res.body).toStrictEqual({
      id: expect.stringMatching(UUID),
      name: '50% off all products',
      description: 'Get 50% off on all products on your 10th visit',
      pointsExpense: 9,
      discountType: 'percentage',
      discountAmount: 50,
      pointsRequired: 9,
      pointTypeId: POINTS,
      availableOnline: true,
    });
    const list = (await org1.get('/promotions')).body.promotions;
    expect(list.find((p: { id: string }) => p.id === res.body.id)).toStrictEqual(res.body);
  });

  it('GET customers/:customerId: Bruce Wayne as in the sample', async () => {
    const res = await org1.get('/customers/33f9dc36-5e99-4044-8e2e-9b22c403c5f7');
    expect(res.status).toBe(200);
    expectSampleCustomer(res.body);
  });

  it('GET location/:locationId/customer/:identifier: Bruce by phone number and by email', async () => {
    const byPhone = await org1.get('/location/0e75756b-bf8b-41e0-9162-a87e3f19e771/customer/+34666666666');
    expect(byPhone.status).toBe(200);
    expectSampleCustomer(byPhone.body);
    const byEmail = await org1.get(`/location/${JOVELLANOS}/customer/${encodeURIComponent('bruce.wayne@example.com')}`);
    expect(byEmail.status).toBe(200);
    expect(byEmail.body).toStrictEqual(byPhone.body);
  });

  it('GET customers/:customerId/androidDownloadUrl and appleDownloadUrl: {"downloadUrl": absolute URL}', async () => {
    for (const kind of ['androidDownloadUrl', 'appleDownloadUrl']) {
      const res = await org1.get(`/customers/${BRUCE}/${kind}`);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body)).toEqual(['downloadUrl']);
      expect(res.body.downloadUrl).toMatch(/^http:\/\/[^/]+\/comeback\/v1\/passes\//);
      const withPass = await org1.get(`/customers/${BRUCE}/${kind}?passId=0e53f16f-88f5-4379-ab6d-b21213968d5c`);
      expect(withPass.body).toStrictEqual(res.body);
    }
  });

  it('GET customers/:customerId/appliedPromotions: the sample list', async () => {
    const res = await org1.get('/customers/33f9dc36-5e99-4044-8e2e-9b22c403c5f7/appliedPromotions');
    expect(res.status).toBe(200);
    expect(res.body).toStrictEqual({
      appliedPromotions: [
        {
          promotionId: '28afe959-6204-4169-b5ba-fc90f15aad43',
          customerId: '33f9dc36-5e99-4044-8e2e-9b22c403c5f7',
          creationTime: '2020-03-12T18:32:04.000Z',
          locationId: '0e75756b-bf8b-41e0-9162-a87e3f19e771',
          orderId: 'b2c8bc3-4601-47d1-8a11-26935d57222f',
        },
        {
          promotionId: '39bfaca0-9920-4224-9762-0cbc8d61dbcf',
          customerId: '33f9dc36-5e99-4044-8e2e-9b22c403c5f7',
          creationTime: '2020-10-06T18:32:04.000Z',
          locationId: '0e75756b-bf8b-41e0-9162-a87e3f19e771',
          orderId: 'b2c8bc3-4601-47d1-8a11-26935d57222f',
        },
      ],
    });
  });

  it('GET customers: {"customers": [customer objects], "page": 0, "lastPage": 0}', async () => {
    const res = await org1.get('/customers');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['customers', 'page', 'lastPage']);
    expect(res.body.page).toBe(0);
    expect(res.body.lastPage).toBe(0);
    expect(res.body.customers).toHaveLength(1);
    expectSampleCustomer(res.body.customers[0]);
  });

  it('POST customers: the sample request creates the customer (in T8 Tea Bar; JOVELLANOS already has that phone: 409)', async () => {
    const sample = {
      name: 'Bruce',
      surname: 'Wayne',
      phoneNumber: '+34666666666',
      email: 'bruce.wayne@example.com',
      source: 'MyWebsite',
      marketingCommunication: true,
      birthDate: '1990-01-01',
    };
    const res = await org2.post('/customers', sample);
    expect(res.status).toBe(201);
    expect(Object.keys(res.body)).toEqual(CUSTOMER_KEYS);
    expect(res.body).toMatchObject({ ...sample, appleDownloaded: false, androidDownloaded: false, points: [], level: 'Bronze', externalId: null });
    expect(res.body.id).toMatch(UUID);
    expect(res.body.creationTime).toMatch(ISO_UTC);
    // Only the promotions that cost nothing: the new customer has no points.
    expect(res.body.availablePromotions).toStrictEqual([]);
    expect((await org2.get(`/customers/${res.body.id}`)).body).toStrictEqual(res.body);
    const taken = await org1.post('/customers', sample);
    expect(taken.status).toBe(409);
    expect(Object.keys(taken.body)).toEqual(['error']);
  });

  it('DELETE customers/:identifier: 200, then 404', async () => {
    const res = await org1.del('/customers/+34666666666');
    expect(res.status).toBe(200);
    expect((await org1.get(`/customers/${BRUCE}`)).status).toBe(404);
    expect((await org1.del(`/customers/${BRUCE}`)).status).toBe(404);
  });

  it('GET pointTypes: the sample point type "Points", 365 days', async () => {
    const res = await org1.get('/pointTypes');
    expect(res.status).toBe(200);
    expect(res.body).toStrictEqual({
      pointTypes: [
        {
          id: '0e53f16f-88f5-4379-ab6d-b21213968d5c',
          name: 'Points',
          expirationDays: 365,
          allowedPassIds: ['0e53f16f-88f5-4379-ab6d-b21213968d5c'],
        },
        // "...": the Burgers, 180 days (README "Demo data").
        { id: BURGERS, name: 'Burgers', expirationDays: 180, allowedPassIds: ['0e53f16f-88f5-4379-ab6d-b21213968d5c'] },
      ],
    });
    expect(Object.keys(res.body.pointTypes[0])).toEqual(['id', 'name', 'expirationDays', 'allowedPassIds']);
  });

  it('PUT (and POST) customers/:customerId/addPoints: the sample adds 10 Points', async () => {
    const put = await org1.put(`/customers/${BRUCE}/addPoints`, { addedPoints: 10, pointTypeId: '0e53f16f-88f5-4379-ab6d-b21213968d5c' });
    expect(put.status).toBe(200);
    expect(pointsOf(put.body, POINTS)).toBe(10);
    const post = await org1.post(`/customers/${BRUCE}/addPoints`, { addedPoints: 10, pointTypeId: '0e53f16f-88f5-4379-ab6d-b21213968d5c' });
    expect(post.status).toBe(200);
    expect(pointsOf(post.body, POINTS)).toBe(20);
    expect(pointsOf((await org1.get(`/customers/${BRUCE}`)).body, POINTS)).toBe(20);
  });

  it('the T8 Tea Bar location id is not a location of JOVELLANOS\'s token', async () => {
    expect((await org1.get(`/location/${T8}/customer/+34666666666`)).status).toBe(404);
  });

  it('Webhooks: the samples\' bodies {"type", "created", "eventTime", "data"} with the data of each event type', async () => {
    // Nothing listens there: the deliveries list shows each body as queued, in order.
    const hook = await app.t.call({ method: 'PUT', url: `/_understudy/sandboxes/${sandboxId}/webhooks/comeback`, payload: { url: 'http://127.0.0.1:9/hooks' } });
    expect(hook.status).toBe(200);
    const customer = (await org1.post('/customers', { name: 'Selina', surname: 'Kyle', phoneNumber: '+34677777777' })).body;
    const order = await org1.post('/orders', { externalId: 'hooked', amount: 2950, locationId: JOVELLANOS, customerId: BRUCE, promotionsApplied: [{ id: EL_TENEDOR }] });
    expect(order.status).toBe(201);
    const list = (await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${sandboxId}/deliveries` })).body.deliveries;
    const bodies = list.map((d: { payload: any }) => d.payload).reverse();
    for (const b of bodies) {
      // The samples name the time `created`, the table `eventTime`: both, the same instant.
      expect(Object.keys(b)).toEqual(['type', 'created', 'eventTime', 'data']);
      expect(b.created).toMatch(ISO_UTC);
      expect(b.eventTime).toBe(b.created);
    }
    expect(bodies.map((b: { type: string }) => b.type)).toEqual([
      'customer:created',
      'customer-points:updated',
      'promotion:applied',
      'customer-points:updated',
      'customer-points:updated',
    ]);
    // "Customer": the customer object.
    expect(bodies[0].data).toStrictEqual(customer);
    // "Points": what the order spent at the location, then what it earned, per point type.
    const points = [bodies[1], bodies[3], bodies[4]].map((b) => b.data);
    expect(points).toStrictEqual([
      { customerId: BRUCE, locationId: JOVELLANOS, addedPoints: -3, newPointsValue: 47, pointTypeId: BURGERS },
      { customerId: BRUCE, locationId: JOVELLANOS, addedPoints: 29, newPointsValue: 29, pointTypeId: POINTS },
      { customerId: BRUCE, locationId: JOVELLANOS, addedPoints: 2, newPointsValue: 49, pointTypeId: BURGERS },
    ]);
    for (const d of points) expect(Object.keys(d)).toEqual(['customerId', 'locationId', 'addedPoints', 'newPointsValue', 'pointTypeId']);
    // "Promotions": promotion:applied.
    expect(bodies[2].data).toStrictEqual({ customerId: BRUCE, promotionId: EL_TENEDOR });
    expect(Object.keys(bodies[2].data)).toEqual(['customerId', 'promotionId']);
  });
});

import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { revelClient, SAMPLES, shapeOf } from './revel-client.ts';

/**
 * Each sample request of revel-2.79-changelog.txt, sent to a fresh sandbox with the demo
 * fixtures, gets its sample response: the same fields with the same types and, where the
 * sample shows demo objects, the same values.
 */
/**
 * The JSON types of a sample wherever both values are not null (a created object leaves
 * empty what the sample's object has set, and the other way round), into nested objects;
 * arrays compare their first items. Which fields there are is checked separately.
 */
function expectSampleTypes(actual: any, sample: any, path = ''): void {
  for (const [k, v] of Object.entries(sample)) {
    if (v === null || actual[k] === null) continue;
    const at = `${path}${k}`;
    expect(Array.isArray(actual[k]) ? 'array' : typeof actual[k], at).toBe(Array.isArray(v) ? 'array' : typeof v);
    if (Array.isArray(v) && v.length && actual[k].length) expectSampleTypes(actual[k][0], v[0], `${at}[0].`);
    else if (typeof v === 'object' && !Array.isArray(v)) expectSampleTypes(actual[k], v, `${at}.`);
  }
}

describe('revel: the document samples against the demo fixtures', () => {
  const app = useTestApp();

  it('GET /resources/Product/ returns Product 919 exactly as the sample (is_alcohol false)', async () => {
    const c = await revelClient(app.t);
    const res = await c.get('/resources/Product/');
    expect(res.status).toBe(200);
    expect(res.body.objects[0]).toStrictEqual(SAMPLES['Product list (GET /resources/Product/)'].objects[0]);
    expect(Object.keys(res.body.objects[0])).toEqual(Object.keys(SAMPLES['Product list (GET /resources/Product/)'].objects[0]));
    // Floats keep their Python spelling on the wire ("price": 100.0).
    expect(res.text).toContain('"price":100.0');
    expect(res.text).toContain('"purchase_reward_multiplier":1.0');
  });

  it('POST /resources/Product/ with the XL mojito body creates an alcoholic product with every Product field', async () => {
    const c = await revelClient(app.t);
    const res = await c.post('/resources/Product/', SAMPLES['Product POST body']);
    expect(res.status).toBe(201);
    const sample = SAMPLES['Product list (GET /resources/Product/)'].objects[0];
    expect(Object.keys(res.body).sort()).toEqual(Object.keys(sample).sort());
    expect(res.body).toMatchObject({
      is_alcohol: true,
      name: 'XL mojito',
      price: 22,
      attribute_type: 0,
      tax_class: 0,
      created_by: '/enterprise/User/1/',
      category: '/products/ProductCategory/1326/',
      establishment: '/enterprise/Establishment/1/',
      sorting: 1,
      updated_by: '/enterprise/User/1/',
      variable_pricing_by: 1,
    });
    expect(res.body.resource_uri).toBe(`/resources/Product/${res.body.id}/`);
    expect(res.text).toContain('"price":22.0');
    expectSampleTypes(res.body, sample);
  });

  it('GET /resources/ProductPurchase/ returns the sample', async () => {
    const c = await revelClient(app.t);
    const res = await c.get('/resources/ProductPurchase/');
    expect(res.status).toBe(200);
    expect(res.body.objects).toStrictEqual(SAMPLES['ProductPurchase list'].objects);
  });

  it('GET /resources/ViewPurchaseOrderProduct/ returns the sample with its nested inventory', async () => {
    const c = await revelClient(app.t);
    const res = await c.get('/resources/ViewPurchaseOrderProduct/');
    expect(res.status).toBe(200);
    expect(res.body.objects).toStrictEqual(SAMPLES['ViewPurchaseOrderProduct list'].objects);
  });

  it('GET /resources/Modifier/103192/?expand_printers=False returns the sample, printers as Device URIs', async () => {
    const c = await revelClient(app.t);
    const res = await c.get('/resources/Modifier/103192/?expand_printers=False');
    expect(res.status).toBe(200);
    const sample = SAMPLES['Modifier expand_printers=false'];
    // The sample's third URI (Device 2215) is Device 125 in its own expanded twin; the demo
    // Modifier has the three expanded devices (README, "Demo data").
    expect(res.body).toStrictEqual({ ...sample, printers: ['/resources/Device/615/', '/resources/Device/616/', '/resources/Device/125/'] });
    expect(shapeOf(res.body)).toEqual(shapeOf(sample));
  });

  it('GET /resources/Modifier/103192/ (expand_printers not passed) returns the sample with full Device objects', async () => {
    const c = await revelClient(app.t);
    const res = await c.get('/resources/Modifier/103192/');
    expect(res.status).toBe(200);
    expect(res.body).toStrictEqual(SAMPLES['Modifier expand_printers=true']);
  });

  it('GET /resources/Modifier/ (the list endpoint) returns the same samples in both expand modes', async () => {
    const c = await revelClient(app.t);
    const full = await c.get('/resources/Modifier/');
    expect(full.status).toBe(200);
    expect(full.body.objects).toStrictEqual([SAMPLES['Modifier expand_printers=true']]);
    const flat = await c.get('/resources/Modifier/?expand_printers=false');
    expect(flat.body.objects).toHaveLength(1);
    expect(shapeOf(flat.body.objects[0])).toEqual(shapeOf(SAMPLES['Modifier expand_printers=false']));
  });

  it('GET /resources/CustomMenu/ returns the sample: nested timetable with its seven rows, nested product group', async () => {
    const c = await revelClient(app.t);
    const res = await c.get('/resources/CustomMenu/');
    expect(res.status).toBe(200);
    expect(res.body.objects).toStrictEqual(SAMPLES['CustomMenu list'].objects);
  });

  it('GET /resources/ProductGroup/ returns the sample ProductGroup 9 "Kiosk" with its actions', async () => {
    const c = await revelClient(app.t);
    const res = await c.get('/resources/ProductGroup/');
    expect(res.status).toBe(200);
    expect(res.body.objects[0]).toStrictEqual(SAMPLES['ProductGroup list'].objects[0]);
  });

  it('POST /resources/ProductGroup/ with the sample body returns 201, its action and menu created', async () => {
    const c = await revelClient(app.t);
    const res = await c.post('/resources/ProductGroup/', SAMPLES['ProductGroup POST body']);
    expect(res.status).toBe(201);
    const sample = SAMPLES['ProductGroup list'].objects[0];
    expect(Object.keys(res.body).sort()).toEqual(Object.keys(sample).sort());
    expect(res.body).toMatchObject({ name: 'Test Product Group 1', sorting: 1, establishment: '/enterprise/Establishment/1/', created_by: '/enterprise/User/1/' });
    expect(res.body.actions).toHaveLength(1);
    const action = res.body.actions[0];
    expect(Object.keys(action).sort()).toEqual(Object.keys(sample.actions[0]).sort());
    expect(action.action_type).toBe('CustomMenu');
    expect(action.action_data.doordash_marketplace_menu).toBe(true);
    expect(action.action_data.product_group).toBe(res.body.resource_uri);
    expect(Object.keys(action.action_data).sort()).toEqual(Object.keys(sample.actions[0].action_data).sort());
    expectSampleTypes(res.body, sample);
  });

  it('GET /resources/ProductGroupAction/ returns the sample', async () => {
    const c = await revelClient(app.t);
    const res = await c.get('/resources/ProductGroupAction/');
    expect(res.status).toBe(200);
    expect(res.body.objects).toStrictEqual(SAMPLES['ProductGroupAction list'].objects);
  });

  it('POST /resources/ProductGroupAction/ with the sample body returns 201 with the menu, its price tier and timetable', async () => {
    const c = await revelClient(app.t);
    const res = await c.post('/resources/ProductGroupAction/', SAMPLES['ProductGroupAction POST body']);
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(Object.keys(SAMPLES['ProductGroupAction list'].objects[0]).sort());
    expect(res.body.action_data).toMatchObject({
      active: false,
      doordash_marketplace_menu: true,
      price_tier: { active: true, is_admin: false },
      timetable: { active: false, type: 0, timetable_data: [] },
    });
    expect(res.body.action_type).toBe('CustomMenu');
    const sample = SAMPLES['ProductGroupAction list'].objects[0];
    expect(Object.keys(res.body.action_data).sort()).toEqual(Object.keys(sample.action_data).sort());
    expect(Object.keys(res.body.action_data.timetable).sort()).toEqual(Object.keys(sample.action_data.timetable).sort());
    expectSampleTypes(res.body, sample);
  });

  it('GET /resources/DiscountCode/ without discount_id returns the health-check answer', async () => {
    const c = await revelClient(app.t);
    const res = await c.get('/resources/DiscountCode/');
    expect(res.status).toBe(200);
    expect(res.body).toStrictEqual(SAMPLES['DiscountCode list without discount_id']);
  });

  it("GET /resources/DiscountCode/?discount_id=141&limit=2 returns the sample's two codes and cursor", async () => {
    const c = await revelClient(app.t);
    const res = await c.get('/resources/DiscountCode/?discount_id=141&limit=2');
    expect(res.status).toBe(200);
    expect(res.body).toStrictEqual(SAMPLES['DiscountCode list 200']);
    expect(Object.keys(res.body)).toEqual(['objects', 'meta']);
  });

  it('GET the sample request (?discount_id=123&limit=500&next=0:1) answers 200 in the same shape (no discount 123 in the demo)', async () => {
    const c = await revelClient(app.t);
    const res = await c.get('/resources/DiscountCode/?discount_id=123&limit=500&next=0:1');
    expect(res.status).toBe(200);
    expect(res.body).toStrictEqual({ objects: [], meta: { page_count: 0, limit: 500, next: null } });
  });

  for (const method of ['PUT', 'PATCH'] as const) {
    it(`${method} /resources/DiscountCode/102021/ with the sample body returns 200 and the code`, async () => {
      const c = await revelClient(app.t);
      const res = await c.send({ method, url: '/revel/resources/DiscountCode/102021/', payload: SAMPLES['DiscountCode PUT/PATCH body'] });
      expect(res.status).toBe(200);
      expect(shapeOf(res.body)).toEqual(shapeOf(SAMPLES['DiscountCode PUT/PATCH 200']));
      expect(res.body).toStrictEqual({ ...SAMPLES['DiscountCode PUT/PATCH 200'], used: true, type: 0 });
    });
  }

  it('PUT /resources/DiscountCode/102021/ with an empty body returns the sample 400 ({})', async () => {
    const c = await revelClient(app.t);
    const res = await c.put('/resources/DiscountCode/102021/', {});
    expect(res.status).toBe(400);
    expect(res.body).toStrictEqual(SAMPLES['DiscountCode PUT/PATCH 400']);
  });

  it('POST /resources/DiscountCode/ with the sample body returns the sample 201', async () => {
    const c = await revelClient(app.t);
    const res = await c.post('/resources/DiscountCode/', SAMPLES['DiscountCode POST body']);
    expect(res.status).toBe(201);
    expect(res.body).toStrictEqual(SAMPLES['DiscountCode POST 201']);
  });

  it('POST /resources/DiscountCode/ with the sample body where Discount 14 does not exist returns the sample 400', async () => {
    const c = await revelClient(app.t, 'empty');
    const res = await c.post('/resources/DiscountCode/', SAMPLES['DiscountCode POST body']);
    expect(res.status).toBe(400);
    expect(res.body).toStrictEqual(SAMPLES['DiscountCode POST 400']);
  });

  it('POST /resources/DiscountCode/ to an EMS-managed base discount without codes returns the sample 202', async () => {
    const c = await revelClient(app.t);
    const res = await c.post('/resources/DiscountCode/', { ...SAMPLES['DiscountCode POST body'], discount: '/resources/Discount/200/', establishment: '/enterprise/Establishment/1/' });
    expect(res.status).toBe(202);
    expect(res.body).toStrictEqual(SAMPLES['DiscountCode POST 202']);
  });

  it('POST /resources/DiscountCode/ to the copy of an EMS discount returns the sample 403', async () => {
    const c = await revelClient(app.t);
    const res = await c.post('/resources/DiscountCode/', { ...SAMPLES['DiscountCode POST body'], discount: '/resources/Discount/201/' });
    expect(res.status).toBe(403);
    expect(res.body).toStrictEqual(SAMPLES['DiscountCode POST 403']);
  });

  it('PATCH /resources/Discount/201/ changing the barcode of the EMS copy returns the sample 403', async () => {
    const c = await revelClient(app.t);
    const res = await c.patch('/resources/Discount/201/', { barcode: '999' });
    expect(res.status).toBe(403);
    expect(res.body).toStrictEqual(SAMPLES['Discount PUT/PATCH 403']);
  });
});

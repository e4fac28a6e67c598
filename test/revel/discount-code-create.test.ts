import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { revelClient, SAMPLES, type RevelClient } from './revel-client.ts';

const D14 = '/resources/Discount/14/';
const codesOf = async (c: RevelClient, discount: number) => (await c.get(`/resources/DiscountCode/?discount_id=${discount}&limit=1000`)).body.objects;

/**
 * revel-2.79-changelog.txt, "POST - /resources/DiscountCode/": `code` (up to 200 characters)
 * and `discount` required, `type` 0 when absent, `used` optional (false), 201 with the
 * message; an unknown discount is the documented 400; an EMS copy is 403.
 */
describe('revel: DiscountCode POST', () => {
  const app = useTestApp();

  it('creates the code: 201 {"message": "code created successfully"}, then listed with the discount\'s establishment', async () => {
    const c = await revelClient(app.t);
    const res = await c.post('/resources/DiscountCode/', { code: '42375', type: 1, discount: D14 });
    expect(res.status).toBe(201);
    expect(res.body).toStrictEqual(SAMPLES['DiscountCode POST 201']);
    const [code] = await codesOf(c, 14);
    expect(code).toMatchObject({ code: '42375', type: 1, used: false, discount: D14, establishment: '/enterprise/Establishment/2/' });
    expect(code.resource_uri).toBe(`/resources/DiscountCode/${code.id}/`);
  });

  it('code is required', async () => {
    const c = await revelClient(app.t);
    for (const body of [{ discount: D14 }, { discount: D14, code: '' }, { discount: D14, code: null }]) {
      const res = await c.post('/resources/DiscountCode/', body);
      expect(res.status).toBe(400);
      expect(res.body).toStrictEqual({ DiscountCode: { code: ['This field is required.'] } });
    }
    expect(await codesOf(c, 14)).toEqual([]);
  });

  it('code is up to 200 characters long', async () => {
    const c = await revelClient(app.t);
    expect((await c.post('/resources/DiscountCode/', { code: 'x'.repeat(200), discount: D14 })).status).toBe(201);
    const res = await c.post('/resources/DiscountCode/', { code: 'y'.repeat(201), discount: D14 });
    expect(res.status).toBe(400);
    expect(res.body).toStrictEqual({ DiscountCode: { code: ['Ensure this value has at most 200 characters (it has 201).'] } });
    expect(await codesOf(c, 14)).toHaveLength(1);
  });

  it('discount is required', async () => {
    const c = await revelClient(app.t);
    const res = await c.post('/resources/DiscountCode/', { code: 'NODISCOUNT' });
    expect(res.status).toBe(400);
    expect(res.body).toStrictEqual({ DiscountCode: { discount: ['This field is required.'] } });
  });

  it('type defaults to 0 (multiple time use) when absent; 0 and 1 are the only types', async () => {
    const c = await revelClient(app.t);
    expect((await c.post('/resources/DiscountCode/', { code: 'NOTYPE', discount: D14 })).status).toBe(201);
    expect((await codesOf(c, 14))[0].type).toBe(0);
    const bad = await c.post('/resources/DiscountCode/', { code: 'BADTYPE', discount: D14, type: 3 });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.DiscountCode)).toEqual(['type']);
  });

  it('used is optional: false by default, true creates an already used code', async () => {
    const c = await revelClient(app.t);
    await c.post('/resources/DiscountCode/', { code: 'FRESH', discount: D14, type: 1 });
    await c.post('/resources/DiscountCode/', { code: 'SPENT', discount: D14, type: 1, used: true });
    const codes = await codesOf(c, 14);
    expect(codes.map((x: { code: string; used: boolean }) => [x.code, x.used])).toEqual([
      ['FRESH', false],
      ['SPENT', true],
    ]);
  });

  it('an unknown discount URI is the documented 400, naming the URI', async () => {
    const c = await revelClient(app.t);
    const res = await c.post('/resources/DiscountCode/', { code: 'X', discount: '/resources/Discount/777/' });
    expect(res.status).toBe(400);
    expect(res.body).toStrictEqual({ DiscountCode: { discount: ["Could not find the provided object via resource URI '/resources/Discount/777/'"] } });
  });

  it('a copy of an EMS-pushed discount on a non-base establishment is 403', async () => {
    const c = await revelClient(app.t);
    const res = await c.post('/resources/DiscountCode/', { code: 'COPY', discount: '/resources/Discount/201/', establishment: '/enterprise/Establishment/2/' });
    expect(res.status).toBe(403);
    expect(res.body).toStrictEqual(SAMPLES['DiscountCode POST 403']);
    expect(await codesOf(c, 201)).toEqual([]);
  });

  it('id and resource_uri may not be sent', async () => {
    const c = await revelClient(app.t);
    for (const extra of [{ id: 5 }, { resource_uri: '/resources/DiscountCode/5/' }]) {
      const res = await c.post('/resources/DiscountCode/', { code: 'ID', discount: D14, ...extra });
      expect(res.status).toBe(400);
    }
    expect(await codesOf(c, 14)).toEqual([]);
  });

  it('one discount cannot hold the same code twice (README, choices)', async () => {
    const c = await revelClient(app.t);
    expect((await c.post('/resources/DiscountCode/', { code: 'TWICE', discount: D14 })).status).toBe(201);
    const again = await c.post('/resources/DiscountCode/', { code: 'TWICE', discount: D14 });
    expect(again.status).toBe(400);
    expect(Object.keys(again.body.DiscountCode)).toEqual(['code']);
    expect((await c.post('/resources/DiscountCode/', { code: 'TWICE', discount: '/resources/Discount/141/' })).status).toBe(201);
  });

  it('a body that is not an object is 400', async () => {
    const c = await revelClient(app.t);
    const res = await c.send({ method: 'POST', url: '/revel/resources/DiscountCode/', headers: { 'content-type': 'application/json' }, payload: '["code"]' });
    expect(res.status).toBe(400);
    expect(typeof res.body.error).toBe('string');
  });
});

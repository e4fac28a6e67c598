import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { revelClient, type RevelClient } from './revel-client.ts';

const VIEWS = ['ProductPurchase', 'ViewPurchaseOrderProduct'];

/**
 * revel-2.79-changelog.txt, "Product, ViewPurchaseOrderProduct and ProductPurchase endpoint
 * changes": `is_alcohol` (boolean) on all three; false unless set; set by POST and PATCH of
 * Product; the two views reflect the product.
 */
describe('revel: is_alcohol', () => {
  const app = useTestApp();

  const views = async (c: RevelClient, id: number) =>
    Promise.all(VIEWS.map(async (v) => (await c.get(`/resources/${v}/${id}/?fields=is_alcohol`)).body.is_alcohol));

  it('defaults to false on a product created without it, and on its views', async () => {
    const c = await revelClient(app.t);
    const res = await c.post('/resources/Product/', { name: 'Lemonade', establishment: '/enterprise/Establishment/1/' });
    expect(res.body.is_alcohol).toBe(false);
    expect(await views(c, res.body.id)).toEqual([false, false]);
  });

  it('is set by POST /resources/Product/ and shown by both views', async () => {
    const c = await revelClient(app.t);
    const res = await c.post('/resources/Product/', { name: 'XL mojito', is_alcohol: true, establishment: '/enterprise/Establishment/1/' });
    expect(res.status).toBe(201);
    expect(res.body.is_alcohol).toBe(true);
    expect(await views(c, res.body.id)).toEqual([true, true]);
  });

  it('is set by PATCH /resources/Product/{id}/ and the views follow', async () => {
    const c = await revelClient(app.t);
    expect(await views(c, 919)).toEqual([false, false]);
    const res = await c.patch('/resources/Product/919/', { is_alcohol: true });
    expect(res.status).toBe(202);
    expect(res.body.is_alcohol).toBe(true);
    expect(await views(c, 919)).toEqual([true, true]);
    const back = await c.patch('/resources/Product/919/', { is_alcohol: false });
    expect(back.body.is_alcohol).toBe(false);
    expect(await views(c, 919)).toEqual([false, false]);
  });

  it('is a boolean: a non-boolean is a 400', async () => {
    const c = await revelClient(app.t);
    const res = await c.patch('/resources/Product/919/', { is_alcohol: 'sometimes' });
    expect(res.status).toBe(400);
    expect(res.body).toStrictEqual({ Product: { is_alcohol: ["'sometimes' value must be either True or False."] } });
  });

  it('filters Product and both views', async () => {
    const c = await revelClient(app.t);
    const created = await c.post('/resources/Product/', { name: 'Rum', is_alcohol: true, establishment: '/enterprise/Establishment/1/' });
    for (const resource of ['Product', ...VIEWS]) {
      const res = await c.get(`/resources/${resource}/?is_alcohol=true&fields=id`);
      expect(res.body.objects, resource).toEqual([{ id: created.body.id }]);
    }
  });
});

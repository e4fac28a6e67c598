import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { revelClient, type RevelClient } from './revel-client.ts';

/** The permission pair of code 102021 (Discount 115 on establishment 1). */
const OWNER = { discount: '/resources/Discount/115/', establishment: '/enterprise/Establishment/1/' };
const URL = '/resources/DiscountCode/102021/';

/**
 * revel-2.79-changelog.txt, "PUT/PATCH - /resources/DiscountCode/{DiscountCodeId}/", rules 1 to
 * 4, each on PUT and on PATCH: 400 `{}` for an empty body, bad attributes, or a flag set to
 * its current value; `type` or `used` required; `establishment` and `discount` required (400)
 * and checked (403); `code` ignored; 200 with the code.
 */
describe('revel: DiscountCode PUT and PATCH', () => {
  const app = useTestApp();

  const unchanged = async (c: RevelClient) => expect((await c.get(URL)).body).toMatchObject({ code: 'cat100002', used: false, type: 1 });

  for (const method of ['PUT', 'PATCH'] as const) {
    const send = (c: RevelClient, body: unknown) => c.send({ method, url: `/revel${URL}`, payload: body as object });

    it(`${method} rule 1: an empty body is 400 {}`, async () => {
      const c = await revelClient(app.t);
      for (const body of [{}, undefined]) {
        const res = body === undefined ? await c.send({ method, url: `/revel${URL}` }) : await send(c, body);
        expect(res.status).toBe(400);
        expect(res.body).toStrictEqual({});
      }
      await unchanged(c);
    });

    it(`${method} rule 1: bad attributes are 400 {}`, async () => {
      const c = await revelClient(app.t);
      for (const body of [
        { ...OWNER, used: true, colour: 'red' },
        { ...OWNER, type: 2 },
        { ...OWNER, type: '0' },
        { ...OWNER, used: 'yes' },
        { ...OWNER, used: true, discount: 'Discount 115' },
      ]) {
        const res = await send(c, body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body).toStrictEqual({});
      }
      await unchanged(c);
    });

    it(`${method} rule 1: setting type or used to its current value is 400 {}`, async () => {
      const c = await revelClient(app.t);
      for (const body of [{ ...OWNER, type: 1 }, { ...OWNER, used: false }, { ...OWNER, type: 1, used: true }]) {
        const res = await send(c, body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body).toStrictEqual({});
      }
      await unchanged(c);
    });

    it(`${method} rule 2: neither type nor used is 400 {}`, async () => {
      const c = await revelClient(app.t);
      const res = await send(c, { ...OWNER, code: 'cat100002' });
      expect(res.status).toBe(400);
      expect(res.body).toStrictEqual({});
    });

    it(`${method} rule 3: without establishment or discount it is 400 {}`, async () => {
      const c = await revelClient(app.t);
      for (const body of [{ used: true, discount: OWNER.discount }, { used: true, establishment: OWNER.establishment }, { used: true }]) {
        const res = await send(c, body);
        expect(res.status).toBe(400);
        expect(res.body).toStrictEqual({});
      }
      await unchanged(c);
    });

    it(`${method} rule 3: an establishment or discount without the permission is 403`, async () => {
      const c = await revelClient(app.t);
      for (const body of [
        { used: true, discount: OWNER.discount, establishment: '/enterprise/Establishment/2/' },
        { used: true, discount: '/resources/Discount/141/', establishment: OWNER.establishment },
      ]) {
        const res = await send(c, body);
        expect(res.status).toBe(403);
        expect(typeof res.body.error).toBe('string');
      }
      await unchanged(c);
    });

    it(`${method} rule 4: the code itself is not updated; 200 with the code`, async () => {
      const c = await revelClient(app.t);
      const res = await send(c, { ...OWNER, code: 'SOMETHING-ELSE', used: true, type: 0, resource_uri: URL, id: 102021 });
      expect(res.status).toBe(200);
      expect(res.body).toStrictEqual({ code: 'cat100002', ...OWNER, used: true, type: 0, id: 102021, resource_uri: URL });
      expect((await c.get('/resources/DiscountCode/?discount_id=115')).body.objects[0]).toStrictEqual(res.body);
    });
  }

  it('an unknown code is 404', async () => {
    const c = await revelClient(app.t);
    const res = await c.patch('/resources/DiscountCode/1/', { ...OWNER, used: true });
    expect(res.status).toBe(404);
  });

  it('of concurrent requests setting used, exactly one succeeds (the others set it to its current value)', async () => {
    const c = await revelClient(app.t);
    const results = await Promise.all(Array.from({ length: 6 }, () => c.patch(URL, { ...OWNER, used: true })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 400)).toHaveLength(5);
    expect((await c.get(URL)).body.used).toBe(true);
  });

  it('a code is deleted with its discount', async () => {
    const c = await revelClient(app.t);
    expect((await c.del('/resources/Discount/115/')).status).toBe(204);
    expect((await c.get(URL)).status).toBe(404);
    expect((await c.get('/resources/DiscountCode/?discount_id=115')).body.objects).toEqual([]);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../src/dialects/revel/resources/index.ts';
import { isFilterable, isOrderable } from '../../src/dialects/revel/tastypie/registry.ts';
import { useTestApp } from '../helpers/app.ts';
import { revelClient, type RevelClient } from './revel-client.ts';

const ROUTED = registry.all().filter((d) => d.routed !== false);
const uriOf = (name: string) => `/${registry.get(name).namespace}/${name}/`;
const JUNK: unknown[] = ['abc', '', -1, 1e300, 1.5, true, null, [], {}, ['x'], { resource_uri: 5 }, '/resources/Nope/1/', '\u0000', 'x'.repeat(5000)];

/** Brief: bad input gets the vendor's 4xx, never a 5xx, and changes nothing. Every routed resource, every field. */
describe('revel: bad input is never a 5xx', () => {
  let c: RevelClient;
  const app = useTestApp();
  beforeAll(async () => {
    c = await revelClient(app.t);
  });

  it('filters and orderings with values of every wrong kind', async () => {
    for (const def of ROUTED) {
      for (const [name, f] of Object.entries(def.fields)) {
        if (isFilterable(f)) {
          for (const q of [`${name}=abc`, `${name}__gt=abc`, `${name}__range=1`, `${name}__in=a,%00`, `${name}__icontains=%00`, `${name}__isnull=maybe`, `${name}__year=2020`, `${name}=1e999`]) {
            const res = await c.get(`${uriOf(def.name)}?${q}`);
            expect(res.status, `${def.name} ${q}`).toBeLessThan(500);
          }
        }
        if (isOrderable(f)) {
          const res = await c.get(`${uriOf(def.name)}?order_by=-${name}&limit=1000000&offset=99999999999999999999`);
          expect(res.status, `${def.name} order_by ${name}`).toBeLessThan(500);
        }
      }
    }
  });

  it('POST and PATCH with a wrong value in every field', async () => {
    for (const def of ROUTED) {
      const list = await c.get(`${uriOf(def.name)}?limit=1`);
      const first = list.body.objects?.[0];
      for (const name of Object.keys(def.fields)) {
        for (const value of JUNK) {
          const post = await c.post(uriOf(def.name), { [name]: value });
          expect(post.status, `POST ${def.name}.${name}=${JSON.stringify(value)?.slice(0, 20)}`).toBeLessThan(500);
          if (first?.resource_uri) {
            const patch = await c.patch(first.resource_uri, { [name]: value });
            expect(patch.status, `PATCH ${def.name}.${name}=${JSON.stringify(value)?.slice(0, 20)}`).toBeLessThan(500);
          }
        }
      }
    }
    // Several thousand requests: on PostgreSQL, on a loaded 2-core machine, near the default 30 s.
  }, 120_000);

  it('DiscountCode writes with a wrong value in every attribute', async () => {
    for (const name of ['code', 'type', 'used', 'discount', 'establishment', 'callback_url', 'id', 'resource_uri', 'other']) {
      for (const value of JUNK) {
        const post = await c.post('/resources/DiscountCode/', { code: 'OK', discount: '/resources/Discount/14/', [name]: value });
        expect(post.status, `POST ${name}=${JSON.stringify(value)?.slice(0, 20)}`).toBeLessThan(500);
        const patch = await c.patch('/resources/DiscountCode/102021/', { discount: '/resources/Discount/115/', establishment: '/enterprise/Establishment/1/', used: true, [name]: value });
        expect(patch.status, `PATCH ${name}=${JSON.stringify(value)?.slice(0, 20)}`).toBeLessThan(500);
        if (patch.status === 200) await c.patch('/resources/DiscountCode/102021/', { discount: '/resources/Discount/115/', establishment: '/enterprise/Establishment/1/', used: false });
      }
    }
    for (const q of ['discount_id=1e999', 'discount_id=%00', 'discount_id=141&limit=99999999999999999999', 'discount_id=141&next=99999999999999:1', 'discount_id=-1']) {
      const res = await c.get(`/resources/DiscountCode/?${q}`);
      expect(res.status, q).toBe(200);
    }
  });
});

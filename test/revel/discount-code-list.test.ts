import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { revelClient, SAMPLES, type RevelClient } from './revel-client.ts';

const EMPTY = (limit = 20) => ({ objects: [], meta: { page_count: 0, limit, next: null } });

async function addCodes(c: RevelClient, discount: number, count: number, prefix: string): Promise<void> {
  for (let i = 0; i < count; i += 50) {
    const batch = [];
    for (let j = i; j < Math.min(count, i + 50); j++) batch.push(c.post('/resources/DiscountCode/', { code: `${prefix}${j}`, discount: `/resources/Discount/${discount}/` }));
    for (const res of await Promise.all(batch)) expect(res.status).toBe(201);
  }
}

/** revel-2.79-changelog.txt, "GET - /resources/DiscountCode/", rules 1 to 4, and the `next` cursor. */
describe('revel: DiscountCode list', () => {
  const app = useTestApp();

  it('rule 1: at most 1000 codes a page; a larger limit is overridden, silently', async () => {
    const c = await revelClient(app.t);
    await addCodes(c, 14, 1001, 'cap');
    const res = await c.get('/resources/DiscountCode/?discount_id=14&limit=5000');
    expect(res.status).toBe(200);
    expect(res.body.objects).toHaveLength(1000);
    expect(res.body.meta).toStrictEqual({ page_count: 1000, limit: 1000, next: '/resources/DiscountCode/?discount_id=14&limit=1000&next=1000:1' });
    const rest = await c.get(res.body.meta.next);
    expect(rest.body.objects).toHaveLength(1);
    expect(rest.body.meta.next).toBeNull();
  });

  it('the limit defaults to 20', async () => {
    const c = await revelClient(app.t);
    await addCodes(c, 14, 25, 'default');
    const res = await c.get('/resources/DiscountCode/?discount_id=14');
    expect(res.body.objects).toHaveLength(20);
    expect(res.body.meta).toStrictEqual({ page_count: 20, limit: 20, next: '/resources/DiscountCode/?discount_id=14&limit=20&next=20:1' });
  });

  it('rule 2: filtering is removed: order_by, used and type change nothing', async () => {
    const c = await revelClient(app.t);
    await c.patch('/resources/DiscountCode/402088/', { used: true, discount: '/resources/Discount/141/', establishment: '/enterprise/Establishment/1/' });
    const plain = await c.get('/resources/DiscountCode/?discount_id=141');
    const filtered = await c.get('/resources/DiscountCode/?discount_id=141&order_by=-id&used=false&type=0&code=tet5');
    expect(filtered.status).toBe(200);
    expect(filtered.body).toStrictEqual(plain.body);
    expect(plain.body.objects.map((o: { id: number }) => o.id)).toEqual([402080, 402088]);
  });

  it('rule 3: without discount_id the answer is the health check', async () => {
    const c = await revelClient(app.t);
    const res = await c.get('/resources/DiscountCode/');
    expect(res.status).toBe(200);
    expect(res.body).toStrictEqual(SAMPLES['DiscountCode list without discount_id']);
    expect((await c.get('/resources/DiscountCode/?used=true')).body).toStrictEqual(EMPTY());
  });

  it('rule 4: no error response: no codes, an unknown discount, bad values all answer the rule-3 shape', async () => {
    const c = await revelClient(app.t);
    for (const q of ['discount_id=14', 'discount_id=999999', 'discount_id=abc', 'discount_id=141&next=garbage', 'discount_id=141&next=2:1', 'discount_id=141&limit=abc']) {
      const res = await c.get(`/resources/DiscountCode/?${q}`);
      expect(res.status, q).toBe(200);
      expect(Object.keys(res.body), q).toEqual(['objects', 'meta']);
      expect(Object.keys(res.body.meta), q).toEqual(['page_count', 'limit', 'next']);
    }
    expect((await c.get('/resources/DiscountCode/?discount_id=14')).body).toStrictEqual(EMPTY());
    expect((await c.get('/resources/DiscountCode/?discount_id=abc')).body).toStrictEqual(EMPTY());
    expect((await c.get('/resources/DiscountCode/?discount_id=141&next=garbage')).body).toStrictEqual(EMPTY());
  });

  it('following meta.next walks every code exactly once', async () => {
    const c = await revelClient(app.t);
    await addCodes(c, 115, 44, 'walk');
    const seen: number[] = [];
    let next: string | null = '/resources/DiscountCode/?discount_id=115&limit=10';
    let pages = 0;
    while (next) {
      const res = await c.get(next);
      expect(res.status).toBe(200);
      seen.push(...res.body.objects.map((o: { id: number }) => o.id));
      next = res.body.meta.next;
      pages++;
    }
    // 102021 and the 44 new codes; a full last page hands out a cursor to an empty one.
    expect(seen).toHaveLength(45);
    expect(new Set(seen).size).toBe(45);
    expect(pages).toBe(5);
  });

  it('lists only the codes of that discount, in the sample shape', async () => {
    const c = await revelClient(app.t);
    const res = await c.get('/resources/DiscountCode/?discount_id=115');
    expect(res.body.objects).toStrictEqual([
      { code: 'cat100002', establishment: '/enterprise/Establishment/1/', discount: '/resources/Discount/115/', used: false, type: 1, id: 102021, resource_uri: '/resources/DiscountCode/102021/' },
    ]);
    expect(res.body.meta).toStrictEqual({ page_count: 1, limit: 20, next: null });
  });
});

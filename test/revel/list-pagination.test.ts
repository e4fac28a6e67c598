import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { revelClient, type RevelClient } from './revel-client.ts';

/** FIDELITY.md, Revel lists: the `meta` block, default 20, maximum 1000, 400 for bad values, `next`/`previous`. */
describe('revel: list pagination', () => {
  let c: RevelClient;
  const app = useTestApp();
  beforeAll(async () => {
    c = await revelClient(app.t);
    // The demo has categories 70 and 1326; 23 more make 25.
    for (let i = 1; i <= 23; i++) {
      const res = await c.post('/products/ProductCategory/', { name: `Category ${String(i).padStart(2, '0')}`, establishment: '/enterprise/Establishment/1/' });
      expect(res.status).toBe(201);
    }
  });

  it('answers {"meta": {limit, next, offset, previous, total_count}, "objects"} with 20 objects by default', async () => {
    const res = await c.get('/products/ProductCategory/');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['meta', 'objects']);
    expect(res.body.meta).toStrictEqual({ limit: 20, next: '/products/ProductCategory/?limit=20&offset=20', offset: 0, previous: null, total_count: 25 });
    expect(res.body.objects).toHaveLength(20);
  });

  it('gives the last page with next null and previous set', async () => {
    const res = await c.get('/products/ProductCategory/?offset=20');
    expect(res.body.objects).toHaveLength(5);
    expect(res.body.meta).toStrictEqual({ limit: 20, next: null, offset: 20, previous: '/products/ProductCategory/?limit=20&offset=0', total_count: 25 });
  });

  it('keeps every other query parameter in next and previous, then limit and offset', async () => {
    const res = await c.get('/products/ProductCategory/?name__startswith=Category&limit=5&offset=7&fields=id,name');
    expect(res.body.meta.total_count).toBe(23);
    expect(res.body.meta.next).toBe('/products/ProductCategory/?name__startswith=Category&fields=id%2Cname&limit=5&offset=12');
    expect(res.body.meta.previous).toBe('/products/ProductCategory/?name__startswith=Category&fields=id%2Cname&limit=5&offset=2');
  });

  it('has previous null when offset - limit < 0', async () => {
    const res = await c.get('/products/ProductCategory/?limit=5&offset=3');
    expect(res.body.meta.previous).toBeNull();
    expect(res.body.meta.next).toBe('/products/ProductCategory/?limit=5&offset=8');
  });

  it('walking next visits every object exactly once', async () => {
    const seen: number[] = [];
    let url: string | null = '/products/ProductCategory/?limit=7';
    while (url) {
      const res = await c.get(url);
      expect(res.status).toBe(200);
      seen.push(...res.body.objects.map((o: { id: number }) => o.id));
      url = res.body.meta.next;
    }
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
  });

  it('gives the maximum (1000) for limit=0 and for a limit above it', async () => {
    const zero = await c.get('/products/ProductCategory/?limit=0');
    expect(zero.body.meta.limit).toBe(1000);
    expect(zero.body.objects).toHaveLength(25);
    expect(zero.body.meta.next).toBeNull();
    const above = await c.get('/products/ProductCategory/?limit=5000');
    expect(above.body.meta.limit).toBe(1000);
  });

  it('answers 400 to a non-integer or negative limit', async () => {
    const abc = await c.get('/products/ProductCategory/?limit=abc');
    expect(abc.status).toBe(400);
    expect(abc.body).toStrictEqual({ error: "Invalid limit 'abc' provided. Please provide a positive integer." });
    const negative = await c.get('/products/ProductCategory/?limit=-1');
    expect(negative.status).toBe(400);
    expect(negative.body.error).toMatch(/^Invalid limit '-1' provided/);
  });

  it('answers 400 to a non-integer or negative offset', async () => {
    const abc = await c.get('/products/ProductCategory/?offset=x');
    expect(abc.status).toBe(400);
    expect(abc.body).toStrictEqual({ error: "Invalid offset 'x' provided. Please provide an integer." });
    const negative = await c.get('/products/ProductCategory/?offset=-3');
    expect(negative.status).toBe(400);
    expect(negative.body.error).toMatch(/^Invalid offset '-3' provided/);
  });

  it('answers an offset past the end with no objects', async () => {
    const res = await c.get('/products/ProductCategory/?offset=100');
    expect(res.body.objects).toEqual([]);
    expect(res.body.meta).toMatchObject({ total_count: 25, next: null, offset: 100, previous: '/products/ProductCategory/?limit=20&offset=80' });
  });

  it('tolerates a missing trailing slash and doubled slashes', async () => {
    const url = `/revel/resources/Product`;
    for (const path of [url, '/revel//resources/Product/', '/revel/resources//Product/919', '/revel/resources/Product/919']) {
      const res = await c.send({ method: 'GET', url: path });
      expect(res.status, path).toBe(200);
    }
  });
});

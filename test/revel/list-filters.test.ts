import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { revelClient, type RevelClient } from './revel-client.ts';

/**
 * FIDELITY.md, Revel filters: `field=value` and every lookup, on every field type; decimals
 * (strings on the wire) compare as numbers, datetimes as times.
 */
describe('revel: list filters', () => {
  let c: RevelClient;
  const ids: Record<'A' | 'B' | 'C', number> = { A: 0, B: 0, C: 0 };
  // Establishment 2 holds only these three products (the demo's Product 919 is on establishment 1).
  const E2 = 'establishment=2&fields=id&limit=0';
  const names = async (query: string) => {
    const res = await c.get(`/resources/Product/?${E2}&${query}`);
    expect(res.status, `${query}: ${res.text}`).toBe(200);
    const byId = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
    return res.body.objects.map((o: { id: number }) => byId[o.id]).sort();
  };

  const app = useTestApp();
  beforeAll(async () => {
    c = await revelClient(app.t);
    const base = { establishment: '/enterprise/Establishment/2/' };
    const products = {
      A: { ...base, name: 'Alpha Burger', sku: 'A-1', price: 5.5, cost: '9.5', start_date: '2024-01-01T10:00:00', active: true, category: '/products/ProductCategory/70/', categories: ['/products/ProductCategory/70/'] },
      B: { ...base, name: 'beta fries', sku: 'B-2', price: 12, cost: 10, start_date: '2024-02-01T00:00:00', active: false, category: '/products/ProductCategory/1326/', categories: ['/products/ProductCategory/70/', '/products/ProductCategory/1326/'] },
      C: { ...base, name: 'Gamma Shake', sku: 'C-3', price: 100.25, cost: '100.1234', start_date: null, active: true, category: null, categories: [] },
    };
    for (const [k, body] of Object.entries(products)) {
      const res = await c.post('/resources/Product/', body);
      expect(res.status, res.text).toBe(201);
      ids[k as 'A' | 'B' | 'C'] = res.body.id;
    }
  });

  it('exact and iexact on text', async () => {
    expect(await names('name=Alpha%20Burger')).toEqual(['A']);
    expect(await names('name__exact=alpha%20burger')).toEqual([]);
    expect(await names('name__iexact=alpha%20burger')).toEqual(['A']);
  });

  it('contains and icontains', async () => {
    expect(await names('name__contains=Burger')).toEqual(['A']);
    expect(await names('name__contains=burger')).toEqual([]);
    expect(await names('name__icontains=BURGER')).toEqual(['A']);
  });

  it('startswith, istartswith, endswith, iendswith', async () => {
    expect(await names('name__startswith=beta')).toEqual(['B']);
    expect(await names('name__startswith=Beta')).toEqual([]);
    expect(await names('name__istartswith=BETA')).toEqual(['B']);
    expect(await names('name__endswith=Shake')).toEqual(['C']);
    expect(await names('name__endswith=shake')).toEqual([]);
    expect(await names('name__iendswith=SHAKE')).toEqual(['C']);
  });

  it('in takes comma-separated values', async () => {
    expect(await names('sku__in=A-1,C-3')).toEqual(['A', 'C']);
    expect(await names(`id__in=${ids.B},${ids.C}`)).toEqual(['B', 'C']);
  });

  it('gt, gte, lt, lte on a float', async () => {
    expect(await names('price__gt=12')).toEqual(['C']);
    expect(await names('price__gte=12')).toEqual(['B', 'C']);
    expect(await names('price__lt=12')).toEqual(['A']);
    expect(await names('price__lte=12')).toEqual(['A', 'B']);
  });

  it('compares decimals as numbers, not as their strings ("10.0000" > "9.6")', async () => {
    expect(await names('cost__gt=9.6')).toEqual(['B', 'C']);
    expect(await names('cost__lt=10')).toEqual(['A']);
    expect(await names('cost=10')).toEqual(['B']);
    expect(await names('cost__range=9,11')).toEqual(['A', 'B']);
  });

  it('compares datetimes as times; a date alone is its midnight', async () => {
    expect(await names('start_date__gte=2024-01-15')).toEqual(['B']);
    expect(await names('start_date__lt=2024-01-15T00:00:00')).toEqual(['A']);
    expect(await names('start_date=2024-01-01T10:00:00')).toEqual(['A']);
    expect(await names('start_date__range=2024-01-01T00:00:00,2024-01-31T23:59:59')).toEqual(['A']);
  });

  it('isnull=true|false', async () => {
    expect(await names('start_date__isnull=true')).toEqual(['C']);
    expect(await names('start_date__isnull=false')).toEqual(['A', 'B']);
    expect(await names('category__isnull=true')).toEqual(['C']);
  });

  it('booleans as true/false', async () => {
    expect(await names('active=false')).toEqual(['B']);
    expect(await names('active=true')).toEqual(['A', 'C']);
  });

  it('foreign keys by id or by URI; None is null', async () => {
    expect(await names('category=70')).toEqual(['A']);
    expect(await names('category=/products/ProductCategory/1326/')).toEqual(['B']);
    expect(await names('category=None')).toEqual(['C']);
  });

  it('many-to-many fields match any related object', async () => {
    expect(await names('categories=1326')).toEqual(['B']);
    expect(await names('categories__in=70,1326')).toEqual(['A', 'B']);
  });

  it('combines filters (AND) and ignores parameters that are not fields', async () => {
    expect(await names('active=true&price__lt=50&nonsense=1')).toEqual(['A']);
  });

  it('answers 400 to a field that does not allow filtering', async () => {
    const res = await c.get('/resources/Product/?kds_tags=x');
    expect(res.status).toBe(400);
    expect(res.body).toStrictEqual({ error: "The 'kds_tags' field does not allow filtering." });
  });

  it('answers 400 to a lookup that is not offered, or that goes deeper', async () => {
    const regex = await c.get('/resources/Product/?name__regex=A.*');
    expect(regex.status).toBe(400);
    expect(regex.body).toStrictEqual({ error: "'regex' is not an allowed filter on the 'name' field." });
    const deep = await c.get('/resources/Product/?category__name=Test');
    expect(deep.status).toBe(400);
    expect(deep.body.error).toBe("Lookups are not allowed more than one level deep on the 'category' field.");
  });

  it('answers 400 to a value of the wrong type', async () => {
    for (const q of ['price__gt=abc', 'start_date__gte=yesterday', 'active=maybe', 'id__range=1']) {
      const res = await c.get(`/resources/Product/?${q}`);
      expect(res.status, q).toBe(400);
      expect(typeof res.body.error, q).toBe('string');
    }
  });

  it('filters the Product views too', async () => {
    const res = await c.get(`/resources/ProductPurchase/?establishment=2&name__istartswith=gamma&fields=id`);
    expect(res.body.objects).toEqual([{ id: ids.C }]);
  });
});

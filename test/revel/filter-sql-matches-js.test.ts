import { beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../src/dialects/revel/resources/index.ts';
import { countWhere, getAll, getPageWhere } from '../../src/dialects/revel/tastypie/object-store.ts';
import { filtersOf, matches, orderingOf, sortObjects } from '../../src/dialects/revel/tastypie/query.ts';
import { canFilterInSql, canOrderInSql, SqlQuery } from '../../src/dialects/revel/tastypie/sql-query.ts';
import { useTestApp } from '../helpers/app.ts';
import { revelClient, type RevelClient } from './revel-client.ts';

/**
 * The database answers filters and orderings (sql-query.ts) exactly as the JS evaluation
 * (query.ts) does, on every field type, on this engine: the list is the same either way.
 */
describe('revel: SQL filtering agrees with the JS filtering', () => {
  let c: RevelClient;
  const app = useTestApp();
  beforeAll(async () => {
    c = await revelClient(app.t);
    const rows: Array<Record<string, unknown>> = [
      { name: 'Alpha', sku: 'a-1', price: 5.5, cost: '9.5', active: true, start_date: '2024-01-01T10:00:00', category: '/products/ProductCategory/70/', categories: ['/products/ProductCategory/70/'], barcode: 'Zed' },
      { name: 'alpha two', sku: 'A-2', price: 12, cost: 10, active: false, start_date: '2024-01-01T10:00:00.5', category: null, categories: [], barcode: 'zed' },
      { name: 'Béta', sku: 'b', price: 100.25, cost: '100.1234', active: true, start_date: null, category: '/products/ProductCategory/1326/', categories: ['/products/ProductCategory/70/', '/products/ProductCategory/1326/'], barcode: '' },
      { name: 'gamma', sku: 'c', price: 0, cost: '0', active: false, start_date: '2023-12-31', is_alcohol: true, barcode: 'Apple' },
      { name: 'Gamma', sku: 'C', price: -3, cost: '-0.5', active: true, start_date: '2024-02-29T23:59:59', sorting: 5, barcode: 'apple' },
    ];
    for (const r of rows) expect((await c.post('/resources/Product/', { establishment: '/enterprise/Establishment/1/', ...r })).status).toBe(201);
  });

  const QUERIES = [
    'name=Gamma', 'name__iexact=GAMMA', 'name__contains=amm', 'name__icontains=ALPHA', 'name__startswith=al', 'name__istartswith=AL',
    'name__endswith=ta', 'name__iendswith=TWO', 'name__in=Alpha,gamma', 'name__gt=B', 'name__lte=alpha', 'name__range=A,b',
    'sku__gt=a', 'barcode__lt=a', 'barcode=', 'barcode__gt=Z',
    'price=12', 'price__gt=5.5', 'price__gte=5.5', 'price__lt=0', 'price__lte=0', 'price__in=0,12,7', 'price__range=-5,6',
    'cost=10', 'cost__gt=9.6', 'cost__lt=0', 'cost__range=-1,10', 'cost__in=9.5,100.1234',
    'active=true', 'active=false', 'active=1', 'is_alcohol=true', 'is_alcohol=false',
    'start_date=2024-01-01T10:00:00', 'start_date__gt=2024-01-01T10:00:00', 'start_date__gte=2024-01-01', 'start_date__lt=2024-01-01', 'start_date__isnull=true',
    'start_date__range=2024-01-01,2024-01-02', 'start_date__startswith=2024-01',
    'category=70', 'category=None', 'category__isnull=false', 'category__in=70,1326', 'category__gt=100',
    'categories=70', 'categories=1326', 'categories__in=1326,5', 'categories__isnull=true', 'categories__isnull=false',
    'id__gt=919', 'id__in=919,920', 'sorting=5', 'sorting__lt=1', 'establishment=1', 'establishment=2',
  ];
  const ORDERS = ['', 'order_by=name', 'order_by=-name', 'order_by=price', 'order_by=-cost', 'order_by=start_date', 'order_by=-start_date', 'order_by=category&order_by=-price', 'order_by=active&order_by=barcode', 'order_by=-sorting'];

  it('gives the same objects in the same order for every lookup, field type and ordering', async () => {
    const def = registry.get('Product');
    const sandboxId = c.sandboxId;
    const all = await getAll(app.t.core.db, sandboxId, 'Product');
    const q = new SqlQuery(app.t.core.engine);
    let compared = 0;
    for (const filter of QUERIES) {
      for (const order of ORDERS) {
        const query = Object.fromEntries(new URLSearchParams([filter, order].filter(Boolean).join('&')).entries()) as Record<string, string>;
        const orderBy = new URLSearchParams(order).getAll('order_by');
        const params = { ...query, ...(orderBy.length ? { order_by: orderBy } : {}) };
        const filters = filtersOf(def, params);
        const orderings = orderingOf(def, params);
        expect(filters.every(canFilterInSql) && orderings.every(canOrderInSql), `${filter} ${order}`).toBe(true);
        const js = sortObjects(all.filter((o) => matches(o, filters)), orderings).map((o) => o.id);
        const where = q.where(filters);
        const sqlIds = (await getPageWhere(app.t.core.db, sandboxId, 'Product', where, q.orderBy(orderings), { limit: 1000, offset: 0 })).map((o) => o.id);
        expect(sqlIds, `${filter} ${order}`).toEqual(js);
        expect(await countWhere(app.t.core.db, sandboxId, 'Product', where)).toBe(js.length);
        compared++;
      }
    }
    expect(compared).toBe(QUERIES.length * ORDERS.length);
  });
});

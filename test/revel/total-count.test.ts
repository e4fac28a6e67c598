import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { revelClient, type RevelClient } from './revel-client.ts';

/**
 * `meta.total_count` (FIDELITY.md) is exact whatever changed the objects: POSTs and DELETEs
 * (concurrent ones included), cascades, reset, snapshots. The unfiltered list reads a counter
 * (README, "Choices"); a filter that every object passes (`id__gt=0`) counts the rows
 * themselves, so the two must agree.
 */
describe('revel: total_count', () => {
  const app = useTestApp();

  const counted = async (c: RevelClient, resource: string) => {
    const fast = (await c.get(`/resources/${resource}/?limit=1`)).body.meta.total_count;
    const rows = (await c.get(`/resources/${resource}/?limit=1&id__gt=0`)).body.meta.total_count;
    expect(fast, resource).toBe(rows);
    return fast as number;
  };
  const newProduct = (c: RevelClient, name: string) => c.post('/resources/Product/', { name, establishment: '/enterprise/Establishment/1/' });

  it('follows concurrent POSTs and DELETEs, and the inventories they create and remove', async () => {
    const c = await revelClient(app.t);
    expect(await counted(c, 'Product')).toBe(1);
    const created = await Promise.all(Array.from({ length: 12 }, (_, i) => newProduct(c, `P${i}`)));
    expect(created.every((r) => r.status === 201)).toBe(true);
    expect(await counted(c, 'Product')).toBe(13);
    expect(await counted(c, 'Inventory')).toBe(13);
    const gone = await Promise.all(created.slice(0, 5).flatMap((r) => [c.del(r.body.resource_uri), c.del(r.body.resource_uri)]));
    // Each product was deleted twice at once: one 204, one 404.
    expect(gone.filter((r) => r.status === 204)).toHaveLength(5);
    expect(await counted(c, 'Product')).toBe(8);
    expect(await counted(c, 'Inventory')).toBe(8);
  });

  it('is back to the fixtures after a reset and to the snapshot after a restore', async () => {
    const c = await revelClient(app.t);
    await newProduct(c, 'Kept');
    await app.t.call({ method: 'POST', url: `/_understudy/sandboxes/${c.sandboxId}/snapshots`, payload: { name: 'two' } });
    await newProduct(c, 'Dropped');
    expect(await counted(c, 'Product')).toBe(3);
    expect((await app.t.call({ method: 'POST', url: `/_understudy/sandboxes/${c.sandboxId}/snapshots/two/restore` })).status).toBeLessThan(300);
    expect(await counted(c, 'Product')).toBe(2);
    expect((await app.t.call({ method: 'POST', url: `/_understudy/sandboxes/${c.sandboxId}/reset` })).status).toBeLessThan(300);
    expect(await counted(c, 'Product')).toBe(1);
  });

  it('is exact for data without counters (a snapshot taken before they existed), and the next write counts again', async () => {
    const c = await revelClient(app.t);
    await newProduct(c, 'Before');
    await app.t.core.db.deleteFrom('rv_object_counts').where('sandbox_id', '=', c.sandboxId).execute();
    expect(await counted(c, 'Product')).toBe(2);
    await newProduct(c, 'After');
    expect(await counted(c, 'Product')).toBe(3);
    expect((await c.del('/resources/Product/919/')).status).toBe(204);
    expect(await counted(c, 'Product')).toBe(2);
  });
});

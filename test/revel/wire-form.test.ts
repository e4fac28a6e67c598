import { describe, expect, it } from 'vitest';
import { ENGINE, useTestApp } from '../helpers/app.ts';
import { revelClient } from './revel-client.ts';
import { registry } from '../../src/dialects/revel/resources/index.ts';
import { TastypieEngine } from '../../src/dialects/revel/tastypie/engine.ts';
import { stringifyRevel } from '../../src/dialects/revel/tastypie/values.ts';
import type { QueryParams } from '../../src/dialects/revel/tastypie/types.ts';

/**
 * JSON answers are written from kept wire forms (README, Development: "Speed"): they must be
 * the bytes the representation itself gives, for every resource and query, and follow writes.
 */
describe('revel: JSON answers from kept wire forms', () => {
  const app = useTestApp();
  const queries: QueryParams[] = [{}, { limit: '3' }, { limit: '2', offset: '1' }, { order_by: '-id' }, { fields: 'id' }, { fields: 'id,name,resource_uri' }, { id__gt: '0', limit: '4' }];
  const pairs = (q: QueryParams) => Object.entries(q).map(([k, v]) => [k, String(v)] as [string, string]);

  it('a list page and a detail are, byte for byte, the representation as stringifyRevel writes it', async () => {
    const c = await revelClient(app.t);
    const engine = new TastypieEngine(app.t.core.db, registry, ENGINE);
    let compared = 0;
    for (const def of registry.all()) {
      if (def.routed === false) continue;
      for (const query of queries) {
        const req = { query, pairs: pairs(query) };
        const refused = await engine.list(c.sandboxId, def, req).then(() => null, (err: Error) => err.message);
        if (refused) {
          // A query the resource refuses (no such ordering or filter) is refused the same way.
          await expect(engine.listJson(c.sandboxId, def, req)).rejects.toThrow(refused);
          continue;
        }
        const expected = stringifyRevel(await engine.list(c.sandboxId, def, req));
        // Twice: rendered, then from the kept forms.
        expect(String(await engine.listJson(c.sandboxId, def, req)), `${def.name} ${JSON.stringify(query)}`).toBe(expected);
        expect(String(await engine.listJson(c.sandboxId, def, req)), `${def.name} ${JSON.stringify(query)} (kept)`).toBe(expected);
        const first = (await engine.list(c.sandboxId, def, { query: { limit: '1' }, pairs: [] })).objects[0];
        if (first && typeof first.id === 'number') {
          expect(String(await engine.detailJson(c.sandboxId, def, first.id, query)), `${def.name} detail`).toBe(stringifyRevel(await engine.detail(c.sandboxId, def, first.id, query)));
        }
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('a write is seen at once in the list and the detail (the kept form is of the old row)', async () => {
    const c = await revelClient(app.t);
    const created = await c.post('/resources/Product/', { name: 'Before', price: '1.50', establishment: '/enterprise/Establishment/1/' });
    expect(created.status).toBe(201);
    const uri = created.body.resource_uri as string;
    const names = async () => ((await c.get('/resources/Product/?limit=50')).body.objects as Array<{ resource_uri: string; name: string }>).find((o) => o.resource_uri === uri)?.name;
    expect(await names()).toBe('Before');
    expect((await c.get(uri.replace(/^\/resources/, '/resources'))).body.name).toBe('Before');
    expect((await c.patch(uri, { name: 'After' })).status).toBe(202);
    expect(await names()).toBe('After');
    expect((await c.get(uri)).body.name).toBe('After');
    // Back to the first text: the first form is right again.
    expect((await c.patch(uri, { name: 'Before' })).status).toBe(202);
    expect(await names()).toBe('Before');
  });

  it('two sandboxes with the same row each see their own objects', async () => {
    const a = await revelClient(app.t);
    const b = await revelClient(app.t);
    expect((await a.patch('/resources/Product/919/', { name: 'Only in A' })).status).toBe(202);
    expect((await a.get('/resources/Product/919/')).body.name).toBe('Only in A');
    expect((await b.get('/resources/Product/919/')).body.name).not.toBe('Only in A');
  });
});

describe('revel: the journal keeps an answer sent as bytes', () => {
  const app = useTestApp();
  const newest = async (sandboxId: string) => (await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${sandboxId}/requests?limit=1` })).body.requests[0];

  it('a small page whole (parsed JSON), a large one as its first 8 KiB and a note of its length', async () => {
    const c = await revelClient(app.t);
    const small = await c.get('/resources/Product/?limit=1');
    expect(small.status).toBe(200);
    expect((await newest(c.sandboxId)).responseBody).toEqual(small.body);
    await Promise.all(Array.from({ length: 30 }, (_, i) => c.post('/resources/Product/', { name: `Big ${i}`, establishment: '/enterprise/Establishment/1/' })));
    const big = await c.get('/resources/Product/?limit=40');
    expect(big.text.length).toBeGreaterThan(8 * 1024);
    const kept = (await newest(c.sandboxId)).responseBody as string;
    expect(typeof kept).toBe('string');
    expect(kept.startsWith(big.text.slice(0, 8 * 1024))).toBe(true);
    expect(kept).toContain(`[truncated: the first ${8 * 1024} of ${Buffer.byteLength(big.text)} are kept]`);
  });
});

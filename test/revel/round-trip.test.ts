import { describe, expect, it } from 'vitest';
import { RESOURCES, registry } from '../../src/dialects/revel/resources/index.ts';
import type { ResourceDef } from '../../src/dialects/revel/tastypie/types.ts';
import { useTestApp } from '../helpers/app.ts';
import { revelClient, type RevelClient } from './revel-client.ts';

/**
 * Issue 11, Tastypie's write semantics: integrations read an object, change a field and send the
 * object back. For every resource that takes PUT and PATCH: sent back as read, nothing in the
 * sandbox changes; with one field changed, only that field changes.
 */
const routed = RESOURCES.filter((d) => d.routed !== false);
const writable = routed.filter((d) => registry.detailMethods(d).includes('PATCH') && registry.detailMethods(d).includes('PUT'));
const path = (d: ResourceDef) => `/${d.namespace}/${d.name}/`;

/** Every object of every resource, as the API shows them: what "nothing changed" compares. */
async function everything(c: RevelClient): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const d of routed) {
    const res = await c.get(`${path(d)}?limit=1000`);
    expect(res.status, d.name).toBe(200);
    out[d.name] = res.body.objects;
  }
  return out;
}

interface Difference {
  path: string;
  key: string;
  owner: Record<string, unknown>;
  from: unknown;
  to: unknown;
}

/** Where two JSON values differ, leaf by leaf, each with the object that holds it. */
function differences(a: unknown, b: unknown, path = '', owner: Record<string, unknown> = {}, key = ''): Difference[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  if (isObj(a) && isObj(b) && Array.isArray(a) === Array.isArray(b) && (!Array.isArray(a) || a.length === (b as unknown as unknown[]).length)) {
    const holder = Array.isArray(a) ? owner : (a as Record<string, unknown>);
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((k) => differences(a[k], b[k], `${path}.${k}`, Array.isArray(a) ? owner : holder, Array.isArray(a) ? key : k));
  }
  return [{ path, key, owner, from: a, to: b }];
}

/** A string field a client may write, and a new value for it. */
function editableString(d: ResourceDef, obj: Record<string, unknown>): [string, string] | undefined {
  for (const [name, f] of Object.entries(d.fields)) {
    if (f.type !== 'string' || f.readonly || f.hidden || f.auto || name === 'uuid' || name === 'barcode') continue;
    const current = typeof obj[name] === 'string' ? (obj[name] as string) : '';
    return [name, `${current.slice(0, 20)}-edited`];
  }
  return undefined;
}

describe('Revel: an object sent back as it was read', () => {
  const app = useTestApp();

  it('every writable resource has a demo object to try it on', () => {
    expect(writable.map((d) => d.name).sort()).toEqual(
      expect.arrayContaining(['CustomMenu', 'Device', 'Discount', 'Establishment', 'Inventory', 'Modifier', 'Product', 'ProductGroup', 'Timetable']),
    );
  });

  for (const def of writable) {
    for (const method of ['PATCH', 'PUT'] as const) {
      it(`${def.name}: ${method} of the object as read changes nothing; changing one field changes only it`, async () => {
        const c = await revelClient(app.t);
        const list = await c.get(`${path(def)}?limit=1`);
        expect(list.status).toBe(200);
        expect(list.body.objects.length, `${def.name} has demo objects`).toBeGreaterThan(0);
        const uri = list.body.objects[0].resource_uri as string;
        const read = (await c.get(uri)).body as Record<string, unknown>;
        await c.advance(3600);
        const before = await everything(c);

        const same = method === 'PATCH' ? await c.patch(uri, read) : await c.put(uri, read);
        expect(same.status, same.text).toBeLessThan(300);
        expect(await everything(c)).toEqual(before);

        const edit = editableString(def, read);
        if (!edit) return;
        const [field, value] = edit;
        const changed = method === 'PATCH' ? await c.patch(uri, { ...read, [field]: value }) : await c.put(uri, { ...read, [field]: value });
        expect(changed.status, changed.text).toBeLessThan(300);
        const after = await everything(c);
        const bumped = Object.entries(def.fields).filter(([, f]) => 'auto' in f && f.auto === 'updated').map(([n]) => n);
        // Every difference is the field changed (or the write's own timestamp) of this object,
        // where it is listed and wherever it is nested in another resource's objects.
        const diffs = differences(before, after);
        // Views over this resource (ProductPurchase over Product) show the same object.
        const views = routed.filter((d) => d.source === def.name).map((d) => `.${d.name}.`);
        const isMine = (o: Record<string, unknown>, path: string) => o.resource_uri === uri || (o.id === read.id && (o.resource_uri === undefined || views.some((v) => path.startsWith(v))));
        const stray = diffs.filter((d) => !(isMine(d.owner, d.path) && (d.key === field || bumped.includes(d.key))));
        expect(stray.map((d) => `${d.path}: ${JSON.stringify(d.from)} → ${JSON.stringify(d.to)}`)).toEqual([]);
        const changedHere = diffs.filter((d) => d.path.startsWith(`.${def.name}.`) && d.owner.resource_uri === uri && d.key === field);
        expect(changedHere.map((d) => d.to)).toEqual([value]);
      });
    }
  }
});

describe('Revel: related objects in a body, as Tastypie takes them', () => {
  const app = useTestApp();

  it('PATCH Modifier 103192 with its printers as read (full Device objects) is accepted and keeps them', async () => {
    const c = await revelClient(app.t);
    const read = (await c.get('/resources/Modifier/103192/')).body;
    expect(read.printers.length).toBeGreaterThan(0);
    expect(typeof read.printers[0]).toBe('object');
    const res = await c.patch('/resources/Modifier/103192/', { printers: read.printers });
    expect(res.status, res.text).toBe(202);
    expect((await c.get('/resources/Modifier/103192/')).body.printers).toEqual(read.printers);
  });

  it('a to-many item may be a URI, an object with resource_uri, or an object with the related id', async () => {
    const c = await revelClient(app.t);
    const devices = (await c.get('/resources/Device/?limit=3')).body.objects as Array<{ id: number; resource_uri: string }>;
    expect(devices.length).toBe(3);
    const [a, b, d] = devices;
    const res = await c.patch('/resources/Modifier/103192/?expand_printers=false', { printers: [a.resource_uri, { resource_uri: b.resource_uri, name: 'ignored' }, { id: d.id }] });
    expect(res.status, res.text).toBe(202);
    const got = (await c.get('/resources/Modifier/103192/?expand_printers=false')).body.printers;
    expect(got).toEqual([a.resource_uri, b.resource_uri, d.resource_uri]);
    // The related objects' other fields are not written through the relation.
    expect((await c.get(b.resource_uri)).body.name).not.toBe('ignored');
  });

  it('a to-many object naming nothing, or a missing object, is 400 with the field named', async () => {
    const c = await revelClient(app.t);
    const before = (await c.get('/resources/Modifier/103192/')).body;
    for (const printers of [[{ name: 'new printer' }], [{ id: 999999 }], [{ resource_uri: '/resources/Device/999999/' }], [{ id: 'x' }]]) {
      const res = await c.patch('/resources/Modifier/103192/', { printers });
      expect(res.status, JSON.stringify(printers)).toBe(400);
      expect(res.body.Modifier.printers, JSON.stringify(printers)).toEqual([expect.any(String)]);
    }
    expect((await c.get('/resources/Modifier/103192/')).body).toEqual(before);
  });

  it('PATCHing Timetable 13 as read keeps its 7 rows; a row with its id is updated; the list sent replaces the set', async () => {
    const c = await revelClient(app.t);
    const read = (await c.get('/resources/Timetable/13/')).body;
    expect(read.timetable_data).toHaveLength(7);
    const ids = read.timetable_data.map((r: { id: number }) => r.id);

    expect((await c.patch('/resources/Timetable/13/', read)).status).toBe(202);
    const again = (await c.get('/resources/Timetable/13/')).body;
    expect(again.timetable_data).toHaveLength(7);
    expect(again.timetable_data.map((r: { id: number }) => r.id)).toEqual(ids);

    // The first row changed by id, the second kept as sent, the rest left out, one new row.
    const [first, second] = read.timetable_data;
    const res = await c.patch('/resources/Timetable/13/', { timetable_data: [{ id: first.id, close_time: '23:45:00' }, second, { day_of_week: 6, open_time: '10:00:00', close_time: '14:00:00' }] });
    expect(res.status, res.text).toBe(202);
    const rows = (await c.get('/resources/Timetable/13/')).body.timetable_data;
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ id: first.id, close_time: '23:45:00', open_time: first.open_time, day_of_week: first.day_of_week });
    expect(rows[1]).toEqual(second);
    expect(rows[2]).toMatchObject({ day_of_week: 6, open_time: '10:00:00', close_time: '14:00:00' });
    expect(ids).not.toContain(rows[2].id);
  });

  it('a nested row with an id of no such row is 400, and nothing changes', async () => {
    const c = await revelClient(app.t);
    const read = (await c.get('/resources/Timetable/13/')).body;
    const res = await c.patch('/resources/Timetable/13/', { timetable_data: [{ id: 987654, close_time: '20:00:00' }] });
    expect(res.status).toBe(400);
    expect(res.body.Timetable.timetable_data).toEqual([expect.stringContaining('987654')]);
    expect((await c.get('/resources/Timetable/13/')).body).toEqual(read);
  });

  it('a nested object for a resource only fixtures create (Product establishment {name}) is 400, and no Establishment is created', async () => {
    const c = await revelClient(app.t);
    const before = (await c.get('/enterprise/Establishment/')).body.meta.total_count;
    const product = (await c.get('/resources/Product/919/')).body;
    const { id: _id, resource_uri: _uri, uuid: _uuid, barcode: _barcode, ...body } = product;
    const res = await c.post('/resources/Product/', { ...body, name: 'Nested establishment', establishment: { name: 'A new one' } });
    expect(res.status, res.text).toBe(400);
    expect(res.body.Product.establishment).toEqual([expect.stringContaining('Establishment')]);
    expect((await c.get('/enterprise/Establishment/')).body.meta.total_count).toBe(before);
    // Naming an existing one by resource_uri or id is fine.
    const est = (await c.get('/enterprise/Establishment/?limit=1')).body.objects[0];
    const ok = await c.post('/resources/Product/', { ...body, name: 'Existing establishment', establishment: { id: est.id } });
    expect(ok.status, ok.text).toBe(201);
    expect((await c.get('/enterprise/Establishment/')).body.meta.total_count).toBe(before);
  });
});

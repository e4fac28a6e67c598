import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { revelClient } from './revel-client.ts';

const E1 = '/enterprise/Establishment/1/';

/**
 * FIDELITY.md, Revel writes: POST 201, PUT 200, PATCH 202 (each with the object), DELETE 204;
 * POST refuses `id`/`resource_uri`, PUT/PATCH accept and ignore them; shapes (URIs,
 * decimal strings, naive datetimes); bad input is a 4xx in the vendor's shape, never a 5xx.
 */
describe('revel: writes', () => {
  const app = useTestApp();

  it('POST is 201 with the object and its Location; GET returns the same object', async () => {
    const c = await revelClient(app.t);
    const res = await c.post('/resources/Discount/', { name: 'Happy Hour', value: 2.5, establishment: E1, created_by: '/enterprise/User/1/' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'Happy Hour', value: '2.5000', establishment: E1, created_by: '/enterprise/User/1/', active: true });
    expect(res.body.resource_uri).toBe(`/resources/Discount/${res.body.id}/`);
    expect(String(res.headers.location)).toMatch(new RegExp(`/revel/resources/Discount/${res.body.id}/$`));
    expect((await c.get(res.body.resource_uri)).body).toStrictEqual(res.body);
  });

  it('PUT is 200 and PATCH is 202, each with the object; resource_uri and id in the body are ignored', async () => {
    const c = await revelClient(app.t);
    const put = await c.put('/resources/Device/615/', { name: 'Bar printer', resource_uri: '/resources/Device/615/', id: 615 });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ id: 615, name: 'Bar printer', printer_encoding: 'pc858', establishment: '/enterprise/Establishment/102/' });
    const patch = await c.patch('/resources/Device/615/', { active: false, resource_uri: '/resources/Device/999/', id: 999 });
    expect(patch.status).toBe(202);
    expect(patch.body).toMatchObject({ id: 615, name: 'Bar printer', active: false, resource_uri: '/resources/Device/615/' });
    expect((await c.get('/resources/Device/999/')).status).toBe(404);
  });

  it('DELETE is 204 with no body; the object is then a 404 with no body', async () => {
    const c = await revelClient(app.t);
    const res = await c.del('/resources/Device/616/');
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    const gone = await c.get('/resources/Device/616/');
    expect(gone.status).toBe(404);
    expect(gone.text).toBe('');
    expect((await c.del('/resources/Device/616/')).status).toBe(404);
  });

  it('POST with id or resource_uri is 400 and creates nothing', async () => {
    const c = await revelClient(app.t);
    for (const extra of [{ id: 5000 }, { resource_uri: '/resources/Discount/5000/' }]) {
      const res = await c.post('/resources/Discount/', { name: 'X', establishment: E1, ...extra });
      expect(res.status).toBe(400);
      expect(typeof res.body.error).toBe('string');
    }
    expect((await c.get('/resources/Discount/?name=X')).body.meta.total_count).toBe(0);
  });

  it('keeps the fields a PUT leaves out (Tastypie keeps them)', async () => {
    const c = await revelClient(app.t);
    const res = await c.put('/resources/Modifier/103192/', { name: 'Hot Buffalo' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Hot Buffalo', barcode: '100000003275', modifierClass: '/resources/ModifierClass/27294/' });
  });

  it('answers unknown or mistyped relation URIs with the per-field 400', async () => {
    const c = await revelClient(app.t);
    const res = await c.post('/resources/Product/', { name: 'X', establishment: '/enterprise/Establishment/99/', category: '/resources/Product/919/' });
    expect(res.status).toBe(400);
    expect(res.body).toStrictEqual({
      Product: {
        category: ["An incorrect URL was provided '/resources/Product/919/' for the 'ProductCategory' resource."],
        establishment: ["Could not find the provided object via resource URI '/enterprise/Establishment/99/'"],
      },
    });
  });

  it('answers wrong types, missing and null required fields with the per-field 400, and stores nothing', async () => {
    const c = await revelClient(app.t);
    const res = await c.post('/resources/Product/', { price: 'abc', active: 'maybe', cost: '1.23456', start_date: 'yesterday', establishment: null, sorting: 1.5 });
    expect(res.status).toBe(400);
    expect(res.body).toStrictEqual({
      Product: {
        name: ['This field is required.'],
        price: ["'abc' value must be a float."],
        active: ["'maybe' value must be either True or False."],
        cost: ['Ensure that there are no more than 4 decimal places.'],
        start_date: ["'yesterday' value has an invalid format. It must be in YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ] format."],
        establishment: ['This field cannot be null.'],
        sorting: ["'1.5' value must be an integer."],
      },
    });
    expect((await c.get('/resources/Product/')).body.meta.total_count).toBe(1);
  });

  it('writes decimals as strings with their places and datetimes as naive ISO times', async () => {
    const c = await revelClient(app.t);
    const res = await c.post('/resources/Product/', {
      name: 'Shapes',
      establishment: E1,
      cost: 1.5,
      limit_value: '2',
      commission: '0.1',
      start_date: '2024-03-01T10:00:00+02:00',
      end_date: '2024-03-02 09:30',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ cost: '1.5000', limit_value: '2.0', commission: '0.1000', start_date: '2024-03-01T08:00:00', end_date: '2024-03-02T09:30:00' });
  });

  it('stamps created_date and updated_date from the sandbox clock', async () => {
    const c = await revelClient(app.t);
    await app.t.call({ method: 'PUT', url: `/_understudy/sandboxes/${c.sandboxId}/clock`, payload: { now: '2030-01-02T03:04:05.678Z', frozen: true } });
    const created = await c.post('/resources/Discount/', { name: 'Clocked', establishment: E1 });
    expect(created.body.created_date).toBe('2030-01-02T03:04:05.678000');
    expect(created.body.updated_date).toBe('2030-01-02T03:04:05.678000');
    await c.advance(60);
    const patched = await c.patch(created.body.resource_uri, { name: 'Clocked again', created_date: '2000-01-01T00:00:00' });
    expect(patched.body.created_date).toBe('2030-01-02T03:04:05.678000');
    expect(patched.body.updated_date).toBe('2030-01-02T03:05:05.678000');
  });

  it('answers malformed JSON, a non-object body and a huge body with 400 {"error"}, never a 5xx', async () => {
    const c = await revelClient(app.t);
    const bodies = [
      { headers: { 'content-type': 'application/json' }, payload: '{"name": ' },
      { headers: { 'content-type': 'application/json' }, payload: '[1, 2]' },
      { headers: { 'content-type': 'application/json' }, payload: '"text"' },
      { headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'x'.repeat(2_000_000), establishment: E1 }) },
    ];
    for (const b of bodies) {
      const res = await c.send({ method: 'POST', url: '/revel/resources/Discount/', ...b });
      expect(res.status).toBe(400);
      expect(typeof res.body.error).toBe('string');
    }
  });

  it('reads a JSON body whatever its content type says', async () => {
    const c = await revelClient(app.t);
    const res = await c.send({ method: 'POST', url: '/revel/resources/Discount/', headers: { 'content-type': 'text/plain' }, payload: JSON.stringify({ name: 'Plain', establishment: E1 }) });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('Plain');
  });

  it('answers 404 with no body to unknown or non-numeric ids, on every method', async () => {
    const c = await revelClient(app.t);
    for (const method of ['GET', 'PUT', 'PATCH', 'DELETE'] as const) {
      for (const path of ['/revel/resources/Discount/987654/', '/revel/resources/Discount/abc/']) {
        const res = await c.send({ method, url: path, ...(method === 'PUT' || method === 'PATCH' ? { payload: { name: 'x' } } : {}) });
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(res.text).toBe('');
      }
    }
  });

  it('answers 405 with the allowed methods to a method a resource does not take', async () => {
    const c = await revelClient(app.t);
    const list = await c.send({ method: 'DELETE', url: '/revel/resources/Product/' });
    expect(list.status).toBe(405);
    expect(list.headers.allow).toBe('GET,POST');
    const view = await c.post('/resources/ProductPurchase/', { name: 'x' });
    expect(view.status).toBe(405);
    const establishment = await c.post('/enterprise/Establishment/', { name: 'x' });
    expect(establishment.status).toBe(405);
  });

  it('answers an unknown path with 404 {"error"}', async () => {
    const c = await revelClient(app.t);
    const res = await c.get('/resources/NoSuchThing/');
    expect(res.status).toBe(404);
    expect(typeof res.body.error).toBe('string');
  });

  it('keeps both of two concurrent PATCHes of different fields of one object', async () => {
    const c = await revelClient(app.t);
    const [a, b] = await Promise.all([c.patch('/resources/Device/125/', { name: 'Renamed' }), c.patch('/resources/Device/125/', { ip_address: '10.0.0.9' })]);
    expect(a.status).toBe(202);
    expect(b.status).toBe(202);
    expect((await c.get('/resources/Device/125/')).body).toMatchObject({ name: 'Renamed', ip_address: '10.0.0.9' });
  });

  it('creates a nested timetable with its rows through a CustomMenu POST', async () => {
    const c = await revelClient(app.t);
    const res = await c.post('/resources/CustomMenu/', {
      timetable: { type: 1, from_date: '2024-01-01', timetable_data: [{ day_of_week: 2, open_time: '09:00', close_time: '17:30:00' }] },
      product_group: '/resources/ProductGroup/10/',
    });
    expect(res.status).toBe(201);
    expect(res.body.timetable).toMatchObject({ type: 1, from_date: '2024-01-01', to_date: null });
    expect(res.body.timetable.timetable_data).toEqual([expect.objectContaining({ day_of_week: 2, open_time: '09:00:00', close_time: '17:30:00', timetable: `/resources/Timetable/${res.body.timetable.id}/` })]);
    expect(res.body.product_group).toMatchObject({ id: 10, resource_uri: '/resources/ProductGroup/10/' });
    const timetable = await c.get(`/resources/Timetable/${res.body.timetable.id}/`);
    expect(timetable.body.resource_uri).toBe(`/resources/Timetable/${res.body.timetable.id}/`);
  });
});

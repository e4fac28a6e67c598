import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { revelClient } from './revel-client.ts';

/**
 * revel-2.79-changelog.txt, "CustomMenu, ProductGroup and ProductGroupAction endpoint changes":
 * `doordash_marketplace_menu` (boolean, false unless set) on every CustomMenu, ProductGroup
 * and ProductGroupAction endpoint; settable by POST and PATCH, including through the nested
 * `actions[].action_data` of a ProductGroup POST, which creates the action and its menu.
 */
describe('revel: doordash_marketplace_menu', () => {
  const app = useTestApp();

  it('is returned, false, by CustomMenu list and detail', async () => {
    const c = await revelClient(app.t);
    expect((await c.get('/resources/CustomMenu/')).body.objects[0].doordash_marketplace_menu).toBe(false);
    expect((await c.get('/resources/CustomMenu/1/')).body.doordash_marketplace_menu).toBe(false);
  });

  it('is returned by ProductGroup and ProductGroupAction endpoints (in the action data)', async () => {
    const c = await revelClient(app.t);
    expect((await c.get('/resources/ProductGroup/9/')).body.actions[0].action_data.doordash_marketplace_menu).toBe(false);
    expect((await c.get('/resources/ProductGroup/')).body.objects[0].actions[0].action_data.doordash_marketplace_menu).toBe(false);
    expect((await c.get('/resources/ProductGroupAction/9/')).body.action_data.doordash_marketplace_menu).toBe(false);
  });

  it('defaults to false on a CustomMenu created without it, and is set by a POST with it', async () => {
    const c = await revelClient(app.t);
    expect((await c.post('/resources/CustomMenu/', {})).body.doordash_marketplace_menu).toBe(false);
    const on = await c.post('/resources/CustomMenu/', { doordash_marketplace_menu: true });
    expect(on.status).toBe(201);
    expect(on.body.doordash_marketplace_menu).toBe(true);
  });

  it('is set by PATCH /resources/CustomMenu/{id}/ and shown by the group and action of the menu', async () => {
    const c = await revelClient(app.t);
    const res = await c.patch('/resources/CustomMenu/1/', { doordash_marketplace_menu: true });
    expect(res.status).toBe(202);
    expect(res.body.doordash_marketplace_menu).toBe(true);
    expect((await c.get('/resources/ProductGroup/9/')).body.actions[0].action_data.doordash_marketplace_menu).toBe(true);
    expect((await c.get('/resources/ProductGroupAction/9/')).body.action_data.doordash_marketplace_menu).toBe(true);
  });

  it('is set by PATCH /resources/ProductGroupAction/{id}/ through action_data (the menu of the action)', async () => {
    const c = await revelClient(app.t);
    const res = await c.patch('/resources/ProductGroupAction/9/', { action_data: { doordash_marketplace_menu: true } });
    expect(res.status).toBe(202);
    expect(res.body.action_data).toMatchObject({ id: 1, doordash_marketplace_menu: true });
    expect((await c.get('/resources/CustomMenu/1/')).body.doordash_marketplace_menu).toBe(true);
  });

  it('a ProductGroupAction POST creates the menu with the flag', async () => {
    const c = await revelClient(app.t);
    const res = await c.post('/resources/ProductGroupAction/', { action_data: { doordash_marketplace_menu: true } });
    expect(res.status).toBe(201);
    const menu = await c.get(`/resources/CustomMenu/${res.body.action_data.id}/`);
    expect(menu.body.doordash_marketplace_menu).toBe(true);
  });

  it('a ProductGroup POST with actions[].action_data creates the action and its menu, tied to the new group', async () => {
    const c = await revelClient(app.t);
    const res = await c.post('/resources/ProductGroup/', {
      name: 'DoorDash Lunch',
      establishment: '/enterprise/Establishment/1/',
      actions: [{ action_data: { doordash_marketplace_menu: true } }, { action_data: {} }],
    });
    expect(res.status).toBe(201);
    expect(res.body.actions.map((a: { action_data: { doordash_marketplace_menu: boolean } }) => a.action_data.doordash_marketplace_menu)).toEqual([true, false]);
    const menus = await c.get(`/resources/CustomMenu/?product_group=${res.body.id}&order_by=id`);
    expect(menus.body.objects.map((m: { doordash_marketplace_menu: boolean }) => m.doordash_marketplace_menu)).toEqual([true, false]);
    expect(menus.body.objects[0].product_group.resource_uri).toBe(res.body.resource_uri);
    const actions = await c.get(`/resources/ProductGroupAction/?product_group=${res.body.id}`);
    expect(actions.body.meta.total_count).toBe(2);
    expect(actions.body.objects[0].action_data.product_group).toBe(res.body.resource_uri);
  });

  it('is set by PATCH /resources/ProductGroup/{id}/ through actions[].action_data', async () => {
    const c = await revelClient(app.t);
    const existing = await c.patch('/resources/ProductGroup/9/', { actions: [{ resource_uri: '/resources/ProductGroupAction/9/', action_data: { doordash_marketplace_menu: true } }] });
    expect(existing.status).toBe(202);
    expect(existing.body.actions).toHaveLength(1);
    expect(existing.body.actions[0].action_data).toMatchObject({ id: 1, doordash_marketplace_menu: true });
    expect((await c.get('/resources/CustomMenu/1/')).body.doordash_marketplace_menu).toBe(true);
    const added = await c.patch('/resources/ProductGroup/10/', { actions: [{ action_data: { doordash_marketplace_menu: true } }] });
    expect(added.status).toBe(202);
    expect(added.body.actions).toEqual([expect.objectContaining({ action_type: 'CustomMenu', action_data: expect.objectContaining({ doordash_marketplace_menu: true, product_group: '/resources/ProductGroup/10/' }) })]);
  });

  it('filters custom menus by it', async () => {
    const c = await revelClient(app.t);
    await c.post('/resources/CustomMenu/', { doordash_marketplace_menu: true });
    expect((await c.get('/resources/CustomMenu/?doordash_marketplace_menu=true')).body.meta.total_count).toBe(1);
    expect((await c.get('/resources/CustomMenu/?doordash_marketplace_menu=false')).body.meta.total_count).toBe(1);
  });

  it('is a boolean: a non-boolean is a 400', async () => {
    const c = await revelClient(app.t);
    const res = await c.patch('/resources/CustomMenu/1/', { doordash_marketplace_menu: 'yes please' });
    expect(res.status).toBe(400);
    expect(res.body).toStrictEqual({ CustomMenu: { doordash_marketplace_menu: ["'yes please' value must be either True or False."] } });
  });
});

import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { revelClient, SAMPLES } from './revel-client.ts';

const FORBIDDEN = SAMPLES['Discount PUT/PATCH 403'];

/**
 * revel-2.79-changelog.txt, "Discount Resource changes": a discount pushed from an EMS level is
 * owned by the level's base establishment (1 in the demo); changing the barcode of another
 * establishment's copy (Discount 201 on establishment 2) through PUT/PATCH is 403; other
 * fields follow the normal rules.
 */
describe('revel: Discount barcodes under EMS', () => {
  const app = useTestApp();

  it('PATCH of the barcode of the EMS copy is 403 and changes nothing', async () => {
    const c = await revelClient(app.t);
    const res = await c.patch('/resources/Discount/201/', { barcode: 'NEW-BARCODE', name: 'Renamed too' });
    expect(res.status).toBe(403);
    expect(res.body).toStrictEqual(FORBIDDEN);
    expect((await c.get('/resources/Discount/201/')).body).toMatchObject({ barcode: '200000000200', name: 'EMS Summer Deal' });
  });

  it('PUT of the full copy with a new barcode is 403', async () => {
    const c = await revelClient(app.t);
    const current = (await c.get('/resources/Discount/201/')).body;
    const res = await c.put('/resources/Discount/201/', { ...current, barcode: 'NEW-BARCODE' });
    expect(res.status).toBe(403);
    expect(res.body).toStrictEqual(FORBIDDEN);
  });

  it('other fields of the copy follow the normal rules (PATCH 202, PUT 200 with the same barcode)', async () => {
    const c = await revelClient(app.t);
    const patch = await c.patch('/resources/Discount/201/', { name: 'Local name' });
    expect(patch.status).toBe(202);
    expect(patch.body.name).toBe('Local name');
    const current = (await c.get('/resources/Discount/201/')).body;
    const put = await c.put('/resources/Discount/201/', { ...current, active: false });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ active: false, barcode: '200000000200' });
    const bad = await c.patch('/resources/Discount/201/', { value: 'lots' });
    expect(bad.status).toBe(400);
  });

  it('the owner (the base discount on establishment 1) changes its barcode', async () => {
    const c = await revelClient(app.t);
    const res = await c.patch('/resources/Discount/200/', { barcode: 'BASE-NEW' });
    expect(res.status).toBe(202);
    expect(res.body.barcode).toBe('BASE-NEW');
  });

  it('a discount not managed from EMS changes its barcode, on any establishment', async () => {
    const c = await revelClient(app.t);
    for (const id of [14, 115]) {
      const res = await c.patch(`/resources/Discount/${id}/`, { barcode: `B-${id}` });
      expect(res.status).toBe(202);
      expect(res.body.barcode).toBe(`B-${id}`);
    }
  });
});

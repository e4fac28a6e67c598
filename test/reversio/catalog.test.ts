import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { DEMO_MODEL_ID, MODEL_SAMPLE, reversioClient, type ReversioClient } from './client.ts';

/**
 * The catalog (reversio.txt "Create Model", FIDELITY.md): model types, brands and models, with
 * case-insensitive property binding and camelCase answers, in the envelope; a bad body is 400
 * naming the field, an id in the path that finds nothing is 404 with isNotFound.
 */
const failure = (subject: string, code: string) => ({ value: null, failure: true, isHandledError: true, isNotFound: false, hasWarnings: false, errors: [expect.objectContaining({ subject, code, message: expect.any(String) })] });

async function modelCount(c: ReversioClient): Promise<number> {
  return (await c.api('GET', '/catalog/models?pageSize=1')).body.pagination.total;
}

describe('reversio: catalog', () => {
  const app = useTestApp();

  it('GET catalog/modelTypes: the tree, parents first, labels by Accept-Language', async () => {
    const c = await reversioClient(app.t);
    const en = await c.api('GET', '/catalog/modelTypes');
    expect(en.status).toBe(200);
    expect(en.headers['content-language']).toBe('en');
    const types = en.body.value as Array<{ id: string; key: string; label: string; parentId: string | null }>;
    const byKey = Object.fromEntries(types.map((t) => [t.key, t]));
    for (const key of ['Smartphone', 'Laptop', 'Tablet', 'Headphones', 'Accessory']) expect(byKey[key], key).toBeDefined();
    // Every parent comes before its children, and exists.
    const seen = new Set<string>();
    for (const t of types) {
      if (t.parentId) expect(seen.has(t.parentId), t.key).toBe(true);
      seen.add(t.id);
    }
    expect(byKey.Smartphone.parentId).toBe(byKey.HighTech.id);
    expect(byKey.Tablet.label).toBe('Tablet');
    const fr = await c.api('GET', '/catalog/modelTypes', undefined, { 'Accept-Language': 'de-DE;q=0.9, fr-FR;q=0.8, en;q=0.1' });
    expect(fr.headers['content-language']).toBe('fr');
    expect(fr.body.value.find((t: { key: string }) => t.key === 'Tablet').label).toBe('Tablette');
    expect((await c.api('GET', '/catalog/modelTypes', undefined, { 'Accept-Language': 'ja' })).body.value.find((t: { key: string }) => t.key === 'Tablet').label).toBe('Tablet');
  });

  it('the fixture bundle adds model types to the tree', async () => {
    const c = await reversioClient(app.t);
    const added = await c.control('POST', '/fixtures/reversio', { modelTypes: [{ key: 'Smartwatch', labels: { en: 'Smartwatch', fr: 'Montre connectée' }, parentKey: 'HighTech' }] });
    expect(added.status, added.text).toBe(201);
    const types = (await c.api('GET', '/catalog/modelTypes', undefined, { 'Accept-Language': 'fr' })).body.value;
    const watch = types.find((t: { key: string }) => t.key === 'Smartwatch');
    expect(watch).toMatchObject({ label: 'Montre connectée', parentId: types.find((t: { key: string }) => t.key === 'HighTech').id });
    expect((await c.api('PUT', '/catalog/models', { label: 'Watch', sku: 'W-1', modelTypeUniqueName: 'smartwatch' })).status).toBe(200);
    const bad = await c.control('POST', '/fixtures/reversio', { modelTypes: [{ key: 'Orphan', labels: { en: 'Orphan' }, parentKey: 'Nope' }] });
    expect(bad.status).toBe(400);
  });

  it('brands: PUT creates (200, value.id), a taken name is 400, POST …/{id} renames, an unknown id is 404', async () => {
    const c = await reversioClient(app.t);
    const made = await c.api('PUT', '/catalog/brands', { name: 'Nokia' });
    expect(made.status).toBe(200);
    expect(made.body.value).toEqual({ id: expect.any(String), name: 'Nokia' });
    expect(await c.api('PUT', '/catalog/brands', { Name: ' nokia ' })).toMatchObject({ status: 400, body: failure('name', 'AlreadyExists') });
    expect(await c.api('PUT', '/catalog/brands', {})).toMatchObject({ status: 400, body: failure('name', 'Required') });
    expect(await c.api('PUT', '/catalog/brands', { name: 5 })).toMatchObject({ status: 400, body: failure('name', 'InvalidType') });
    const renamed = await c.api('POST', `/catalog/brands/${made.body.value.id}`, { name: 'HMD Nokia' });
    expect(renamed.body.value).toEqual({ id: made.body.value.id, name: 'HMD Nokia' });
    expect(await c.api('POST', `/catalog/brands/${made.body.value.id}`, { name: 'Fairphone' })).toMatchObject({ status: 400, body: failure('name', 'AlreadyExists') });
    const missing = await c.api('POST', '/catalog/brands/00000000-0000-0000-0000-000000000000', { name: 'X' });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ isNotFound: true, failure: true, errors: [{ subject: 'id', code: 'NotFound' }] });
    const list = await c.api('GET', '/catalog/brands');
    expect(list.body.value.map((b: { name: string }) => b.name)).toEqual(['Fairphone', 'HMD Nokia']);
    expect(list.body.pagination).toEqual({ total: 2, page: 1, pageSize: 2, pageCount: 1, hasPreviousPage: false, hasNextPage: false });
  });

  it('models: property names bind whatever their case, answers are camelCase (sku, eaNs)', async () => {
    const c = await reversioClient(app.t);
    const res = await c.api('PUT', '/catalog/models', { LABEL: 'Phone', sKU: 'CASE-1', eANs: ['3700000000001'], BrandName: 'Acme', modeltypeuniquename: 'SMARTPHONE', Dimension: { LENGTHINCM: 10, widthincm: 5, heightInCm: 1 }, AdditionalInformation: { ISCUMBERSOME: true } });
    expect(res.status, res.text).toBe(200);
    const v = res.body.value;
    expect(Object.keys(v)).toEqual(expect.arrayContaining(['id', 'sku', 'label', 'eaNs', 'brandId', 'brandName', 'modelTypeId', 'modelTypeUniqueName', 'state', 'weight', 'dimension', 'photoUrl', 'additionalInformation']));
    expect(v).toMatchObject({ sku: 'CASE-1', label: 'Phone', eaNs: ['3700000000001'], brandName: 'Acme', modelTypeUniqueName: 'Smartphone', state: 'New', dimension: { lengthInCm: 10, widthInCm: 5, heightInCm: 1 } });
    expect(v.additionalInformation.isCumbersome).toBe(true);
    expect(res.text).not.toMatch(/"sKU"|"eANs"|"SKU"/);
    // brandName made the brand.
    expect((await c.api('GET', '/catalog/brands')).body.value.map((b: { name: string }) => b.name)).toContain('Acme');
  });

  it("models as the Magento and PrestaShop modules send them: brandId, modelTypeId, numeric strings, nulls, unknown fields, 'new'", async () => {
    const c = await reversioClient(app.t);
    const types = (await c.api('GET', '/catalog/modelTypes')).body.value;
    const laptop = types.find((t: { key: string }) => t.key === 'Laptop').id;
    const brand = (await c.api('PUT', '/catalog/brands', { name: 'Dell' })).body.value.id;
    const magento = {
      brandId: brand,
      modelTypeId: laptop,
      label: 'XPS 13',
      sKU: 'XPS-13',
      eANs: [],
      dimension: { lengthInCm: null, widthInCm: '30.5', heightInCm: 1.5 },
      photoUrl: null,
      additionalInformation: { isReturnable: true, isRepairable: true, isTransportable: true, isSerializable: true, isOnSiteInterventionPossible: true, isCumbersome: true },
      state: 'New',
      weight: '1.2000',
    };
    const m = await c.api('PUT', '/catalog/models', magento, { 'content-type': 'application/json-patch+json' });
    expect(m.status, m.text).toBe(200);
    expect(m.body.value).toMatchObject({ brandId: brand, brandName: 'Dell', modelTypeId: laptop, weight: 1.2, dimension: { lengthInCm: null, widthInCm: 30.5, heightInCm: 1.5 }, eaNs: [] });
    const prestashop = { brandId: brand, modelTypeId: laptop, sKU: 'PS-1', label: 'Latitude (PS-1)', eANs: [''], dimension: { lengthInCm: 5, widthInCm: 5, heightInCm: 5 }, photoUrl: '', additionalInformation: magento.additionalInformation, state: 'new', weight: 0.1, isLowValue: false };
    const p = await c.api('PUT', '/catalog/models', prestashop);
    expect(p.status, p.text).toBe(200);
    expect(p.body.value).toMatchObject({ state: 'New', eaNs: [], photoUrl: null });
    // Magento finds it again by SKU, then updates it by id.
    const found = await c.api('GET', `/catalog/models/bySku/${encodeURIComponent('XPS-13')}`);
    const upd = await c.api('POST', `/catalog/models/${found.body.value.id}`, { ...magento, label: 'XPS 13 (2024)' });
    expect(upd.status).toBe(200);
    expect(upd.body.value).toMatchObject({ id: found.body.value.id, label: 'XPS 13 (2024)', sku: 'XPS-13' });
  });

  it('a model needs label, sku and an existing model type; a brandId must exist; sku is unique; state is one of the list', async () => {
    const c = await reversioClient(app.t);
    const before = await modelCount(c);
    const base = { label: 'L', sKU: 'RULES-1', modelTypeUniqueName: 'Tablet' };
    const cases: Array<[object, string, string]> = [
      [{ ...base, label: undefined }, 'label', 'Required'],
      [{ ...base, label: '' }, 'label', 'Required'],
      [{ ...base, sKU: undefined }, 'sku', 'Required'],
      [{ ...base, sKU: 'x'.repeat(101) }, 'sku', 'TooLong'],
      [{ ...base, modelTypeUniqueName: undefined }, 'modelTypeUniqueName', 'Required'],
      [{ ...base, modelTypeUniqueName: 'Spaceship' }, 'modelTypeUniqueName', 'UnknownReference'],
      [{ ...base, modelTypeUniqueName: undefined, modelTypeId: 'nope' }, 'modelTypeId', 'UnknownReference'],
      [{ ...base, brandId: 'nope' }, 'brandId', 'UnknownReference'],
      [{ ...base, sKU: '123456' }, 'sku', 'AlreadyExists'],
      [{ ...base, state: 'Broken' }, 'state', 'InvalidValue'],
      [{ ...base, weight: 'heavy' }, 'weight', 'InvalidType'],
      [{ ...base, weight: -1 }, 'weight', 'InvalidValue'],
      [{ ...base, dimension: { lengthInCm: true } }, 'dimension.lengthInCm', 'InvalidType'],
      [{ ...base, eANs: 'abc' }, 'eaNs', 'InvalidType'],
      [{ ...base, additionalInformation: { isReturnable: 'yes' } }, 'additionalInformation.isReturnable', 'InvalidType'],
    ];
    for (const [body, subject, code] of cases) {
      const res = await c.api('PUT', '/catalog/models', body);
      expect(res.status, `${subject}: ${res.text}`).toBe(400);
      expect(res.body, subject).toMatchObject(failure(subject, code));
    }
    expect(await c.api('PUT', '/catalog/models')).toMatchObject({ status: 400, body: failure('body', 'Required') });
    expect(await c.call('PUT', '/catalog/models', { ...(await c.auth()), 'content-type': 'application/json' }, '[1,2')).toMatchObject({ status: 400, body: failure('body', 'InvalidJson') });
    const huge = await c.call('PUT', '/catalog/models', { ...(await c.auth()), 'content-type': 'application/json' }, JSON.stringify({ ...base, label: 'x'.repeat(2 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ failure: true, errors: [{ code: 'PayloadTooLarge' }] });
    // Nothing was made, not even the brand a refused body named.
    expect(await modelCount(c)).toBe(before);
    expect(await c.api('PUT', '/catalog/models', { ...base, brandName: 'Ghost', modelTypeUniqueName: 'Spaceship' })).toMatchObject({ status: 400 });
    expect((await c.api('GET', '/catalog/brands')).body.value.map((b: { name: string }) => b.name)).not.toContain('Ghost');
  });

  it('POST catalog/models/{id} changes what it sends and keeps the rest; a taken sku is 400, an unknown id 404', async () => {
    const c = await reversioClient(app.t);
    const made = (await c.api('POST', '/catalog/models', { ...MODEL_SAMPLE, sKU: 'UPD-1', eANs: ['111'] })).body.value;
    const upd = await c.api('POST', `/catalog/models/${made.id}`, { weight: 0.2, state: 'refurbished' });
    expect(upd.body.value).toMatchObject({ id: made.id, sku: 'UPD-1', label: made.label, weight: 0.2, state: 'Refurbished', eaNs: ['111'], brandName: 'Fairphone' });
    expect(upd.body.value.updatedAt >= made.updatedAt).toBe(true);
    expect(await c.api('POST', `/catalog/models/${made.id}`, { sKU: '123456' })).toMatchObject({ status: 400, body: failure('sku', 'AlreadyExists') });
    expect((await c.api('GET', `/catalog/models/${made.id}`)).body.value.sku).toBe('UPD-1');
    const missing = await c.api('POST', '/catalog/models/nope', { weight: 1 });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ isNotFound: true, errors: [{ subject: 'id', code: 'NotFound' }] });
  });

  it('GET catalog/models is paged (page from 1, pageSize up to 100) with the envelope pagination', async () => {
    const c = await reversioClient(app.t, 'empty');
    for (let i = 1; i <= 5; i++) expect((await c.api('PUT', '/catalog/models', { label: `M${i}`, sku: `P-${i}`, modelTypeUniqueName: 'Accessory' })).status).toBe(200);
    const p2 = await c.api('GET', '/catalog/models?page=2&pageSize=2');
    expect(p2.body.value.map((m: { sku: string }) => m.sku)).toEqual(['P-3', 'P-4']);
    expect(p2.body.pagination).toEqual({ total: 5, page: 2, pageSize: 2, pageCount: 3, hasPreviousPage: true, hasNextPage: true });
    const p3 = await c.api('GET', '/catalog/models?page=3&pageSize=2');
    expect(p3.body.pagination).toMatchObject({ page: 3, hasNextPage: false });
    expect((await c.api('GET', '/catalog/models')).body.pagination).toMatchObject({ total: 5, page: 1, pageSize: 20, pageCount: 1 });
    for (const q of ['page=0', 'pageSize=101', 'page=abc']) expect((await c.api('GET', `/catalog/models?${q}`)).status, q).toBe(400);
  });

  it('GET catalog/models/bySku/{sku} takes a URL-encoded SKU; an unknown one is 404 isNotFound; ids are per sandbox', async () => {
    const c = await reversioClient(app.t);
    const odd = 'A/B 1+é%';
    expect((await c.api('PUT', '/catalog/models', { label: 'Odd', sku: odd, modelTypeUniqueName: 'Accessory' })).status).toBe(200);
    const found = await c.api('GET', `/catalog/models/bySku/${encodeURIComponent(odd)}`);
    expect(found.status).toBe(200);
    expect(found.body.value.sku).toBe(odd);
    const missing = await c.api('GET', '/catalog/models/bySku/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ value: null, isNotFound: true, failure: true, errors: [{ subject: 'sku', code: 'NotFound' }] });
    // Another sandbox's model is not found here.
    const other = await reversioClient(app.t);
    expect((await other.api('GET', `/catalog/models/bySku/${encodeURIComponent(odd)}`)).status).toBe(404);
    expect((await other.api('GET', `/catalog/models/${found.body.value.id}`)).status).toBe(404);
    expect((await other.api('GET', `/catalog/models/${DEMO_MODEL_ID}`)).status).toBe(200);
  });

  it('a model read follows every write of the catalog: an update, a brand renamed, a reset, a restore', async () => {
    const c = await reversioClient(app.t);
    const read = async () => (await c.api('GET', '/catalog/models/bySku/123456')).body.value;
    const byId = async () => (await c.api('GET', `/catalog/models/${DEMO_MODEL_ID}`)).body.value;
    expect((await read()).label).toBe('Fairphone 3+ 64GB');
    await byId();
    await c.control('POST', '/snapshots', { name: 'before' });
    await c.api('POST', `/catalog/models/${DEMO_MODEL_ID}`, { label: 'Fairphone 3+ 128GB' });
    expect((await read()).label).toBe('Fairphone 3+ 128GB');
    expect((await byId()).label).toBe('Fairphone 3+ 128GB');
    await c.api('POST', `/catalog/brands/${(await read()).brandId}`, { name: 'Fairphone B.V.' });
    expect((await read()).brandName).toBe('Fairphone B.V.');
    await c.control('POST', '/snapshots/before/restore');
    expect(await read()).toMatchObject({ label: 'Fairphone 3+ 64GB', brandName: 'Fairphone' });
    await c.api('POST', `/catalog/models/${DEMO_MODEL_ID}`, { sKU: 'MOVED' });
    expect((await c.api('GET', '/catalog/models/bySku/123456')).status).toBe(404);
    await c.control('POST', '/reset');
    expect((await read()).sku).toBe('123456');
    expect((await c.api('GET', '/catalog/models/bySku/MOVED')).status).toBe(404);
  });
});

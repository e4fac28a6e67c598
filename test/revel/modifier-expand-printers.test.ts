import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { revelClient, SAMPLES, type RevelClient } from './revel-client.ts';

const URIS = ['/resources/Device/615/', '/resources/Device/616/', '/resources/Device/125/'];

/**
 * revel-2.79-changelog.txt, "Modifier endpoint changes": `expand_printers`, a boolean as a
 * case-insensitive string, default true. Only `false` gives Device URIs; true, no value, an
 * unrecognised value or no parameter give the full Device objects. On list and detail.
 */
describe('revel: Modifier expand_printers', () => {
  let c: RevelClient;
  const app = useTestApp();
  beforeAll(async () => {
    c = await revelClient(app.t);
  });

  const FULL = SAMPLES['Modifier expand_printers=true'].printers;

  for (const value of ['false', 'False', 'FALSE', 'fAlSe']) {
    it(`expand_printers=${value} gives Device URIs, on detail and list`, async () => {
      expect((await c.get(`/resources/Modifier/103192/?expand_printers=${value}`)).body.printers).toEqual(URIS);
      expect((await c.get(`/resources/Modifier/?expand_printers=${value}`)).body.objects[0].printers).toEqual(URIS);
    });
  }

  for (const value of ['true', 'True', 'TRUE', '', '0', 'no', 'nope']) {
    it(`expand_printers=${JSON.stringify(value)} gives full Device objects, on detail and list`, async () => {
      expect((await c.get(`/resources/Modifier/103192/?expand_printers=${value}`)).body.printers).toStrictEqual(FULL);
      expect((await c.get(`/resources/Modifier/?expand_printers=${value}`)).body.objects[0].printers).toStrictEqual(FULL);
    });
  }

  it('without the parameter gives full Device objects, on detail and list', async () => {
    expect((await c.get('/resources/Modifier/103192/')).body.printers).toStrictEqual(FULL);
    expect((await c.get('/resources/Modifier/')).body.objects[0].printers).toStrictEqual(FULL);
  });

  it('is not taken for a filter', async () => {
    const res = await c.get('/resources/Modifier/?expand_printers=false');
    expect(res.body.meta.total_count).toBe(1);
  });

  it('shows a printer change either way', async () => {
    const own = await revelClient(app.t);
    const res = await own.patch('/resources/Modifier/103192/', { printers: ['/resources/Device/125/'] });
    expect(res.status).toBe(202);
    expect((await own.get('/resources/Modifier/103192/?expand_printers=false')).body.printers).toEqual(['/resources/Device/125/']);
    expect((await own.get('/resources/Modifier/103192/')).body.printers).toStrictEqual([FULL[2]]);
  });
});

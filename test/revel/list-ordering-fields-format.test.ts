import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { revelClient, type RevelClient } from './revel-client.ts';

/** FIDELITY.md, Revel: `order_by=field` / `-field`, `fields=a,b`, `format=json|xml`. */
describe('revel: order_by, fields and format', () => {
  let c: RevelClient;
  const app = useTestApp();
  beforeAll(async () => {
    c = await revelClient(app.t);
    for (const [name, cost, sorting] of [
      ['Coffee', '10', 2],
      ['Bagel', '9.5', 1],
      ['Apple', '100', 2],
    ] as const) {
      const res = await c.post('/resources/Product/', { name, cost, sorting, establishment: '/enterprise/Establishment/27/' });
      expect(res.status).toBe(201);
    }
  });

  const order = async (q: string) => {
    const res = await c.get(`/resources/Product/?establishment=27&fields=name&${q}`);
    expect(res.status, res.text).toBe(200);
    return res.body.objects.map((o: { name: string }) => o.name);
  };

  it('orders by a field, ascending or descending', async () => {
    expect(await order('order_by=name')).toEqual(['Apple', 'Bagel', 'Coffee']);
    expect(await order('order_by=-name')).toEqual(['Coffee', 'Bagel', 'Apple']);
  });

  it('orders decimals as numbers', async () => {
    expect(await order('order_by=cost')).toEqual(['Bagel', 'Coffee', 'Apple']);
    expect(await order('order_by=-cost')).toEqual(['Apple', 'Coffee', 'Bagel']);
  });

  it('takes several order_by, in turn', async () => {
    expect(await order('order_by=-sorting&order_by=name')).toEqual(['Apple', 'Coffee', 'Bagel']);
  });

  it('orders by id through the page query, both ways', async () => {
    const asc = await c.get('/resources/Device/?order_by=id&fields=id');
    const desc = await c.get('/resources/Device/?order_by=-id&fields=id');
    expect(asc.body.objects.map((o: { id: number }) => o.id)).toEqual([125, 615, 616]);
    expect(desc.body.objects.map((o: { id: number }) => o.id)).toEqual([616, 615, 125]);
  });

  it('answers 400 to an unknown field and to a field that does not allow ordering', async () => {
    const unknown = await c.get('/resources/Product/?order_by=nope');
    expect(unknown.status).toBe(400);
    expect(unknown.body).toStrictEqual({ error: "No matching 'nope' field for ordering on." });
    const json = await c.get('/resources/Product/?order_by=kds_tags');
    expect(json.status).toBe(400);
    expect(json.body).toStrictEqual({ error: "The 'kds_tags' field does not allow ordering." });
  });

  it('fields=a,b returns only those fields, on lists and on details', async () => {
    const list = await c.get('/resources/Product/?fields=id,name,is_alcohol&limit=1');
    expect(Object.keys(list.body.objects[0]).sort()).toEqual(['id', 'is_alcohol', 'name']);
    const detail = await c.get('/resources/Modifier/103192/?fields=name,printers&expand_printers=false');
    expect(detail.body).toStrictEqual({ printers: ['/resources/Device/615/', '/resources/Device/616/', '/resources/Device/125/'], name: 'Buffalo' });
  });

  it('format=json is JSON', async () => {
    const res = await c.get('/resources/Product/919/?format=json');
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
    expect(res.body.id).toBe(919);
  });

  it('format=xml returns the list as Tastypie XML', async () => {
    const res = await c.get('/resources/Device/?format=xml&order_by=id&fields=id,name,active,printer_template,deviceextraparameters');
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/^application\/xml/);
    expect(res.text.startsWith("<?xml version='1.0' encoding='utf-8'?>")).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, parseTagValue: false }).parse(res.text);
    expect(doc.response.meta.total_count['#text']).toBe('3');
    expect(doc.response.meta.total_count['@_type']).toBe('integer');
    const objects = doc.response.objects.object;
    expect(objects).toHaveLength(3);
    expect(objects[0].id['#text']).toBe('125');
    expect(objects[0].name).toBe('U220-1');
    expect(objects[0].active).toEqual({ '#text': 'True', '@_type': 'boolean' });
    expect(objects[0].printer_template).toBe('/resources/PosTemplate/274/');
    expect(objects[1].printer_template).toEqual({ '@_type': 'null' });
    expect(objects[0].deviceextraparameters).toEqual({ '@_type': 'list' });
  });

  it('format=xml on a detail is an <object>, errors too are XML', async () => {
    const res = await c.get('/resources/Product/919/?format=xml&fields=id,price,categories');
    const doc = new XMLParser({ ignoreAttributes: false, parseTagValue: false }).parse(res.text);
    expect(doc.object.id['#text']).toBe('919');
    expect(doc.object.price).toEqual({ '#text': '100.0', '@_type': 'float' });
    expect(doc.object.categories.value).toBe('/products/ProductCategory/70/');
    const err = await c.get('/resources/Product/?format=xml&limit=abc');
    expect(err.status).toBe(400);
    expect(new XMLParser().parse(err.text).response.error).toBe("Invalid limit 'abc' provided. Please provide a positive integer.");
  });

  it('answers XML to Accept: application/xml', async () => {
    const res = await c.send({ method: 'GET', url: '/revel/resources/Product/919/', headers: { accept: 'application/xml' } });
    expect(String(res.headers['content-type'])).toMatch(/^application\/xml/);
  });
});

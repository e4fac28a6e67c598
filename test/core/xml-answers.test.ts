import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../../src/dialects/revel/resources/index.ts';
import { useTestApp } from '../helpers/app.ts';
import { revelClient } from '../revel/revel-client.ts';

/**
 * Issue 11: `?format=xml` answers (Revel, TouchOffice) hold only the characters XML 1.0 allows.
 * Records named with C0 controls, a lone surrogate and U+FFFE are read back as XML from every
 * list, detail and error answer, and each document is parsed by a strict XML 1.0 parser (saxes).
 */
const NASTY = 'Bad\u0001\u0008name\uD800 \uFFFE&<end>\u001F 😀';
const CLEAN = 'Badname &<end> 😀';
/** What fits a TouchOffice voucher name (20 characters). */
const SHORT = 'V\u0001o\uFFFE&<x\uD800';
const SHORT_CLEAN = 'Vo&<x';

/** Parses a document strictly (well-formedness and XML 1.0 characters); the text of every element. */
function parseStrict(xml: string): string[] {
  const parser = new SaxesParser({ xmlns: false, fragment: false });
  const texts: string[] = [];
  let error: Error | null = null;
  parser.on('error', (e) => {
    error ??= e;
  });
  parser.on('text', (t) => texts.push(t));
  parser.write(xml).close();
  if (error) throw error;
  return texts;
}

describe('XML answers hold only XML 1.0 characters', () => {
  const app = useTestApp();

  it('saxes refuses what the answers used to hold (the check can fail)', () => {
    expect(() => parseStrict('<a>x\u0001y</a>')).toThrow();
    expect(parseStrict('<a>x&amp;y</a>')).toEqual(['x&y']);
  });

  it('Revel: every resource list, the detail of a product named with control characters, and errors', async () => {
    const c = await revelClient(app.t);
    const made = await c.post('/resources/Product/', { name: NASTY, establishment: '/enterprise/Establishment/1/', price: 1, description: NASTY });
    expect(made.status, made.text).toBe(201);
    const id = made.body.id;
    const urls = [
      ...RESOURCES.map((r) => `/resources/${r.name}/?format=xml&limit=50`),
      `/resources/Product/${id}/?format=xml`,
      `/resources/Product/?format=xml&name=${encodeURIComponent(NASTY.replace('\uD800', ''))}`,
      '/resources/Product/999999/?format=xml',
      '/resources/Product/?format=xml&order_by=nope',
      `/resources/Product/?format=xml&name__bogus=${encodeURIComponent('\u0001x')}`,
    ];
    let checked = 0;
    for (const url of urls) {
      const res = await c.get(url);
      // Tastypie's 404 for a detail has no body; every answer with one is XML.
      if (res.text === '') {
        expect(res.status, url).toBe(404);
        continue;
      }
      expect(String(res.headers['content-type']), url).toMatch(/xml/);
      expect(() => parseStrict(res.text), url).not.toThrow();
      checked++;
    }
    expect(checked).toBe(urls.length - 1);
    const detail = parseStrict((await c.get(`/resources/Product/${id}/?format=xml`)).text);
    expect(detail.join('')).toContain(CLEAN);
  });

  it('TouchOffice: the vouchers, one voucher and errors', async () => {
    const sb = await app.t.sandbox('demo');
    const tak = sb.credentials.touchoffice.tak;
    const made = await app.t.call({ method: 'POST', url: `/touchoffice/vouchers?TAK=${tak}`, payload: [{ type: 1, name: SHORT, value: 500 }] });
    expect(made.body.status, made.text).toBe(1);
    const number = made.body.data?.[0]?.number ?? made.body.vouchers?.[0]?.number;
    const urls = [`/touchoffice/vouchers?TAK=${tak}&format=xml&limit=100`, `/touchoffice/vouchers?TAK=NOPE&format=xml`, `/touchoffice/vouchers/999999999?TAK=${tak}&format=xml`];
    if (number !== undefined) urls.push(`/touchoffice/vouchers/${number}?TAK=${tak}&format=xml`);
    for (const url of urls) {
      const res = await app.t.call({ method: 'GET', url });
      expect(() => parseStrict(res.text), url).not.toThrow();
    }
    const list = parseStrict((await app.t.call({ method: 'GET', url: `/touchoffice/vouchers?TAK=${tak}&format=xml&limit=100` })).text);
    expect(list.join('')).toContain(SHORT_CLEAN);
  });
});

import { XMLParser } from 'fast-xml-parser';
import { beforeEach, describe, expect, it } from 'vitest';
import { useSandbox, useTestApp } from '../helpers/app.ts';

/**
 * POST, PATCH and DELETE vouchers (touchoffice-vouchers.txt, "Method: POST / PATCH / DELETE"):
 * the body of POST is an array and each voucher is created (all or none); `number` is
 * auto-generated when absent (issue 2: 10 uppercase letters, unique in the sandbox); the
 * field limits of the document hold (`name` Varchar(20), `desc` Varchar(50), `number`
 * Varchar(50), `type` 1 or 2, dates `YYYY-MM-DD HH:MM:SS`, `value` Decimal(18,2), `active`
 * Boolean); FIDELITY.md: errors are `{"status": 0, "msg": …}` with HTTP 200; `?format=xml`
 * returns the same document as XML.
 */
const NO_DATA = { status: 0, msg: 'No Data Available for the parameters you supplied' };

/** A voucher with every field of the POST parameters list set. */
const FULL = {
  site: 0,
  number: 'FULLVOUCHER1',
  type: 1,
  name: 'Christmas Promo',
  desc: '10% off all food',
  startdate: '2016-12-08 00:00:00',
  enddate: '2017-12-08 00:00:00',
  value: 1500,
  flag: 1,
  maxuses: 5,
  minsalevalue: 10.5,
  group: '1,2',
  ifgroup: '3',
  dept: '4,5,6',
  ifdept: '7',
  plu: '100,200',
  ifplu: '300',
  active: true,
};

describe('touchoffice: creating, updating and deleting vouchers', () => {
  const app = useTestApp();
  const own = useSandbox(app);

  const post = (payload: unknown, query = '') =>
    app.t.call({ method: 'POST', url: `/touchoffice/vouchers?TAK=${own.tak}${query}`, headers: { 'content-type': 'application/json' }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });
  const patch = (number: string, payload: unknown, query = '') =>
    app.t.call({ method: 'PATCH', url: `/touchoffice/vouchers/${encodeURIComponent(number)}?TAK=${own.tak}${query}`, headers: { 'content-type': 'application/json' }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });
  const get = (number: string, query = '') => app.t.call({ method: 'GET', url: `/touchoffice/vouchers/${encodeURIComponent(number)}?TAK=${own.tak}${query}` });
  const del = (number: string, query = '') => app.t.call({ method: 'DELETE', url: `/touchoffice/vouchers/${encodeURIComponent(number)}?TAK=${own.tak}${query}` });
  /** Every voucher number in the sandbox, read straight from the database. */
  const storedNumbers = async (): Promise<string[]> =>
    (await app.t.core.db.selectFrom('to_vouchers').select('number').where('sandbox_id', '=', own.id).orderBy('id').execute()).map((r: { number: string }) => r.number);
  const DEMO_NUMBERS = ['XMSNWVPZRG', 'OGWNFHUSFK', 'ABCDEF123'];

  /** A refused write: HTTP 200, status 0, a msg naming the field, no vouchers in the answer. */
  function expectRefused(res: { status: number; body: any }, field: string): void {
    expect(res.status).toBe(200);
    expect(res.body.status).toBe(0);
    expect(res.body.vouchers).toBeUndefined();
    expect(res.body.voucher).toBeUndefined();
    expect(typeof res.body.msg).toBe('string');
    expect(res.body.msg).toContain(field);
  }

  describe('POST vouchers', () => {
    it('creates each voucher of the array and returns them all, in order, with every field', async () => {
      const res = await post([FULL, { type: 2, number: 'DISCOUNT10', name: '10% off', value: 10, active: false }]);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body)).toEqual(['vouchers', 'status']);
      expect(res.body.status).toBe(1);
      expect(res.body.vouchers).toHaveLength(2);
      expect(res.body.vouchers[0]).toStrictEqual({ id: 147, ...FULL, uses: 0, used_amount: 0 });
      expect(res.body.vouchers[1]).toStrictEqual({
        id: 148, site: 0, number: 'DISCOUNT10', type: 2, name: '10% off', desc: null, startdate: null, enddate: null, value: 10, flag: 0, maxuses: 0,
        uses: 0, used_amount: 0, minsalevalue: null, group: null, ifgroup: null, dept: null, ifdept: null, plu: null, ifplu: null, active: false,
      });
      // The document's field order, as in the samples.
      expect(Object.keys(res.body.vouchers[0])).toEqual(['id', 'site', 'number', 'type', 'name', 'desc', 'startdate', 'enddate', 'value', 'flag', 'maxuses', 'uses', 'used_amount', 'minsalevalue', 'group', 'ifgroup', 'dept', 'ifdept', 'plu', 'ifplu', 'active']);
      // And they are stored: GET returns the same.
      expect((await get('FULLVOUCHER1')).body).toStrictEqual({ vouchers: [res.body.vouchers[0]], status: 1 });
      expect((await get('DISCOUNT10')).body).toStrictEqual({ vouchers: [res.body.vouchers[1]], status: 1 });
    });

    it('keeps a value with two decimals (Decimal(18,2))', async () => {
      const res = await post([{ type: 1, number: 'PENNIES', value: 12.34, minsalevalue: 0.5 }]);
      expect(res.body.vouchers[0]).toMatchObject({ value: 12.34, minsalevalue: 0.5 });
      expect((await get('PENNIES')).body.vouchers[0]).toMatchObject({ value: 12.34, minsalevalue: 0.5 });
    });

    it('auto-generates the number as exactly 10 uppercase letters when absent', async () => {
      const res = await post([{ type: 1, value: 1000 }, { type: 2, value: 5 }]);
      expect(res.body.status).toBe(1);
      for (const v of res.body.vouchers) {
        expect(v.number).toMatch(/^[A-Z]{10}$/);
        expect((await get(v.number)).body.vouchers[0]).toStrictEqual(v);
      }
    });

    it('auto-generated numbers are unique in the sandbox (300 at once, none equal to another or to an existing one)', async () => {
      const res = await post(Array.from({ length: 300 }, () => ({ type: 1 })));
      expect(res.body.status).toBe(1);
      const generated: string[] = res.body.vouchers.map((v: { number: string }) => v.number);
      expect(generated).toHaveLength(300);
      for (const n of generated) expect(n).toMatch(/^[A-Z]{10}$/);
      expect(new Set(generated).size).toBe(300);
      const stored = await storedNumbers();
      expect(stored).toHaveLength(303);
      expect(new Set(stored).size).toBe(303);
    });

    it('a number that already exists is refused with status 0 naming number, and nothing changes', async () => {
      const res = await post([{ type: 1, number: 'ABCDEF123', name: 'Duplicate' }]);
      expectRefused(res, 'number');
      expect((await get('ABCDEF123')).body.vouchers[0].name).toBe('Test');
      expect(await storedNumbers()).toEqual(DEMO_NUMBERS);
    });

    it('the same number twice in one array is refused, and neither is created', async () => {
      const res = await post([{ type: 1, number: 'TWINS' }, { type: 2, number: 'TWINS' }]);
      expectRefused(res, 'number');
      expect(await storedNumbers()).toEqual(DEMO_NUMBERS);
    });

    it('is all or nothing: one bad voucher (the last) and none of the array is created', async () => {
      const res = await post([
        { type: 1, number: 'GOODONE' },
        { type: 1, number: 'GOODTWO' },
        { type: 1, number: 'BADNAME', name: 'x'.repeat(21) },
      ]);
      expectRefused(res, 'name');
      expect(await storedNumbers()).toEqual(DEMO_NUMBERS);
    });

    it('is all or nothing also when the bad voucher fails a rule past the schema (an impossible date)', async () => {
      const res = await post([{ type: 1, number: 'GOODONE' }, { type: 1, number: 'BADDATE', startdate: '2017-02-30 00:00:00' }]);
      expectRefused(res, 'startdate');
      expect(await storedNumbers()).toEqual(DEMO_NUMBERS);
    });

    it('is all or nothing also when the bad voucher is a duplicate of an existing number', async () => {
      const res = await post([{ type: 1, number: 'GOODONE' }, { type: 1, number: 'XMSNWVPZRG' }]);
      expectRefused(res, 'number');
      expect(await storedNumbers()).toEqual(DEMO_NUMBERS);
    });

    it.each([
      ['name', 20],
      ['desc', 50],
      ['number', 50],
    ])('%s: %i characters are accepted', async (field, limit) => {
      // '£' counts as one character, as Varchar counts them.
      const text = '£'.repeat(limit);
      const res = await post([{ type: 1, ...(field === 'number' ? {} : { number: `LIMIT${field}` }), [field]: text }]);
      expect(res.body.status).toBe(1);
      expect(res.body.vouchers[0][field]).toBe(text);
    });

    it.each([
      ['name', 21],
      ['desc', 51],
      ['number', 51],
    ])('%s: %i characters are refused with status 0 naming it', async (field, length) => {
      const res = await post([{ type: 1, ...(field === 'number' ? {} : { number: `LIMIT${field}` }), [field]: 'a'.repeat(length) }]);
      expectRefused(res, field);
      expect(await storedNumbers()).toEqual(DEMO_NUMBERS);
    });

    it.each([
      ['type 0', { type: 0 }, 'type'],
      ['type 3', { type: 3 }, 'type'],
      ['type as a string', { type: '1' }, 'type'],
      ['type missing', { name: 'No type' }, 'type'],
      ['a date without the time', { type: 1, startdate: '2017-12-08' }, 'startdate'],
      ['an ISO-8601 date', { type: 1, enddate: '2017-12-08T00:00:00' }, 'enddate'],
      ['an ISO-8601 date with a zone', { type: 1, enddate: '2017-12-08T00:00:00Z' }, 'enddate'],
      ['a day/month/year date', { type: 1, startdate: '08/12/2017 00:00:00' }, 'startdate'],
      ['February 30th', { type: 1, startdate: '2017-02-30 00:00:00' }, 'startdate'],
      ['month 13', { type: 1, enddate: '2017-13-01 00:00:00' }, 'enddate'],
      ['hour 24', { type: 1, enddate: '2017-12-08 24:00:00' }, 'enddate'],
      ['minute 60', { type: 1, startdate: '2017-12-08 10:60:00' }, 'startdate'],
      ['February 29th of a common year', { type: 1, startdate: '2017-02-29 00:00:00' }, 'startdate'],
      ['a date as a number', { type: 1, startdate: 20171208 }, 'startdate'],
      ['value "abc"', { type: 1, value: 'abc' }, 'value'],
      ['value with three decimals', { type: 1, value: 12.345 }, 'value'],
      ['a negative value', { type: 1, value: -5 }, 'value'],
      ['active "yes"', { type: 1, active: 'yes' }, 'active'],
      ['site "abc"', { type: 1, site: 'abc' }, 'site'],
      ['a negative site', { type: 1, site: -1 }, 'site'],
      ['maxuses "ten"', { type: 1, maxuses: 'ten' }, 'maxuses'],
      ['a negative maxuses', { type: 1, maxuses: -1 }, 'maxuses'],
      ['flag 1.5', { type: 1, flag: 1.5 }, 'flag'],
      ['name as a number', { type: 1, name: 12 }, 'name'],
      ['dept not a list of numbers', { type: 1, dept: 'food' }, 'dept'],
      ['an unknown field', { type: 1, colour: 'red' }, 'colour'],
    ])('%s is refused with status 0 naming the field, nothing created', async (_label, voucher, field) => {
      const res = await post([{ number: 'REFUSEDVOUCHER', ...voucher }]);
      expectRefused(res, field);
      expect(await storedNumbers()).toEqual(DEMO_NUMBERS);
    });

    it('a wrong type says what the document allows (1 = Gift Card, 2 = Percentage Discount) and which voucher', async () => {
      const res = await post([{ type: 1, number: 'FINE' }, { type: 5, number: 'WRONGTYPE' }]);
      expectRefused(res, 'type');
      expect(res.body.msg).toMatch(/\b1\b.*\b2\b/);
      expect(res.body.msg).toMatch(/voucher 2/);
    });

    it('accepts February 29th of a leap year', async () => {
      const res = await post([{ type: 1, number: 'LEAPDAY', startdate: '2016-02-29 00:00:00', enddate: '2016-02-29 23:59:59' }]);
      expect(res.body.status).toBe(1);
      expect(res.body.vouchers[0]).toMatchObject({ startdate: '2016-02-29 00:00:00', enddate: '2016-02-29 23:59:59' });
    });

    it.each([
      ['a single object', { type: 1, number: 'NOTINARRAY' }],
      ['an empty array', []],
      ['a string', 'vouchers'],
      ['null', null],
      ['an array of numbers', [1, 2]],
    ])('a body that is not an array of vouchers (%s) is status 0, nothing created', async (_label, body) => {
      const res = await post(body === 'vouchers' ? '"vouchers"' : body);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe(0);
      expect(typeof res.body.msg).toBe('string');
      expect(await storedNumbers()).toEqual(DEMO_NUMBERS);
    });

    it.each([
      ['cut short', '[{"type": 1, "number": "MALFORMED"'],
      ['a trailing comma', '[{"type": 1, "number": "MALFORMED",}]'],
      ['single quotes', "[{'type': 1, 'number': 'MALFORMED'}]"],
      ['empty', ''],
    ])('malformed JSON (%s) is status 0 with a msg, HTTP 200, nothing created', async (_label, text) => {
      const res = await post(text);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe(0);
      expect(res.body.msg).toMatch(/json/i);
      expect(await storedNumbers()).toEqual(DEMO_NUMBERS);
    });

    it('a body over 1 MiB is status 0 (never a 5xx) and nothing is created', async () => {
      // Valid JSON of one good voucher, padded with whitespace past 1 MiB: only the size is wrong.
      const huge = `[{"type": 1, "number": "HUGEBODY"}${' '.repeat(1024 * 1024 + 10)}]`;
      const res = await post(huge);
      expect(res.status).toBeLessThan(500);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe(0);
      expect(typeof res.body.msg).toBe('string');
      expect(await storedNumbers()).toEqual(DEMO_NUMBERS);
    });

    it('a huge array of vouchers (over 1 MiB) is status 0 and nothing is created', async () => {
      const many = Array.from({ length: 12_000 }, (_, i) => ({ type: 1, number: `BULK${i}`, desc: 'x'.repeat(50) }));
      const res = await post(many);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe(0);
      expect(await storedNumbers()).toEqual(DEMO_NUMBERS);
    });

    it('accepts and ignores the read-only id, uses and used_amount (a voucher read back and re-posted)', async () => {
      const res = await post([{ ...FULL, number: 'REPOSTED', id: 2, uses: 99, used_amount: 500 }]);
      expect(res.body.status).toBe(1);
      expect(res.body.vouchers[0]).toMatchObject({ id: 147, number: 'REPOSTED', uses: 0, used_amount: 0 });
    });
  });

  describe('PATCH vouchers/{number}', () => {
    beforeEach(async () => {
      expect((await post([FULL])).body.status).toBe(1);
    });

    it('changes only the fields sent and returns {"voucher": {...}, "status": 1}', async () => {
      const before = (await get('FULLVOUCHER1')).body.vouchers[0];
      const res = await patch('FULLVOUCHER1', { desc: 'Now 20% off all food' });
      expect(res.status).toBe(200);
      expect(Object.keys(res.body)).toEqual(['voucher', 'status']);
      expect(res.body).toStrictEqual({ voucher: { ...before, desc: 'Now 20% off all food' }, status: 1 });
      expect((await get('FULLVOUCHER1')).body.vouchers[0]).toStrictEqual({ ...before, desc: 'Now 20% off all food' });
    });

    it('changes several fields at once, and null clears an optional one', async () => {
      const before = (await get('FULLVOUCHER1')).body.vouchers[0];
      const res = await patch('FULLVOUCHER1', { active: false, maxuses: 0, enddate: null, value: 2500.5, dept: null });
      expect(res.body.status).toBe(1);
      const expected = { ...before, active: false, maxuses: 0, enddate: null, value: 2500.5, dept: null };
      expect(res.body.voucher).toStrictEqual(expected);
      expect((await get('FULLVOUCHER1')).body.vouchers[0]).toStrictEqual(expected);
    });

    it('renames a voucher: the new number finds it, the old one no longer does', async () => {
      const res = await patch('FULLVOUCHER1', { number: 'RENAMED1' });
      expect(res.body.voucher).toMatchObject({ id: 147, number: 'RENAMED1' });
      expect((await get('RENAMED1')).body.vouchers[0].id).toBe(147);
      expect((await get('FULLVOUCHER1')).body).toStrictEqual(NO_DATA);
    });

    it('renaming to a number that already exists is refused, nothing changes', async () => {
      const res = await patch('FULLVOUCHER1', { number: 'ABCDEF123', name: 'Clash' });
      expectRefused(res, 'number');
      expect((await get('FULLVOUCHER1')).body.vouchers[0].name).toBe('Christmas Promo');
      expect((await get('ABCDEF123')).body.vouchers[0].name).toBe('Test');
    });

    it('accepts a voucher read back with GET, keeping uses and used_amount', async () => {
      const read = (await get('ABCDEF123')).body.vouchers[0];
      const res = await patch('ABCDEF123', { ...read, name: 'Round trip', uses: 0, used_amount: 0, id: 999 });
      expect(res.body.status).toBe(1);
      expect(res.body.voucher).toStrictEqual({ ...read, name: 'Round trip' });
    });

    it('an unknown number is No Data, and nothing is created', async () => {
      const res = await patch('NOSUCHVOUCHER', { name: 'Ghost' });
      expect(res.status).toBe(200);
      expect(res.body).toStrictEqual(NO_DATA);
      expect((await get('NOSUCHVOUCHER')).body).toStrictEqual(NO_DATA);
    });

    it.each([
      ['name of 21 characters', { name: 'n'.repeat(21) }, 'name'],
      ['desc of 51 characters', { desc: 'd'.repeat(51) }, 'desc'],
      ['number of 51 characters', { number: 'N'.repeat(51) }, 'number'],
      ['type 3', { type: 3 }, 'type'],
      ['type "2"', { type: '2' }, 'type'],
      ['a date without the time', { startdate: '2017-01-01' }, 'startdate'],
      ['February 30th', { enddate: '2017-02-30 00:00:00' }, 'enddate'],
      ['value "abc"', { value: 'abc' }, 'value'],
      ['active "yes"', { active: 'yes' }, 'active'],
      ['active "true"', { active: 'true' }, 'active'],
      ['an unknown field', { colour: 'red' }, 'colour'],
      ['a valid change next to a bad one', { name: 'Fine', desc: 'd'.repeat(51) }, 'desc'],
    ])('%s is refused with status 0 naming the field, voucher unchanged', async (_label, body, field) => {
      const before = (await get('FULLVOUCHER1')).body.vouchers[0];
      const res = await patch('FULLVOUCHER1', body);
      expectRefused(res, field);
      expect((await get('FULLVOUCHER1')).body.vouchers[0]).toStrictEqual(before);
    });

    it.each([
      ['an array', [{ name: 'x' }]],
      ['a string', '"name"'],
      ['malformed JSON', '{"name": "x"'],
    ])('a body that is %s is status 0, voucher unchanged', async (_label, body) => {
      const before = (await get('FULLVOUCHER1')).body.vouchers[0];
      const res = await patch('FULLVOUCHER1', body);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe(0);
      expect(typeof res.body.msg).toBe('string');
      expect((await get('FULLVOUCHER1')).body.vouchers[0]).toStrictEqual(before);
    });
  });

  describe('DELETE vouchers/{number}', () => {
    it('an unknown number is status 0, and nothing is deleted', async () => {
      const res = await del('NOSUCHVOUCHER');
      expect(res.status).toBe(200);
      expect(res.body.status).toBe(0);
      expect(typeof res.body.msg).toBe('string');
      expect(res.body.voucher_number).toBeUndefined();
      expect(await storedNumbers()).toEqual(DEMO_NUMBERS);
    });

    it('deleting twice: the second is status 0', async () => {
      expect((await del('OGWNFHUSFK')).body).toStrictEqual({ voucher_number: 'OGWNFHUSFK', status: 1 });
      expect((await del('OGWNFHUSFK')).body.status).toBe(0);
      expect(await storedNumbers()).toEqual(['XMSNWVPZRG', 'ABCDEF123']);
    });

    it('a deleted number can be created again, with a new id', async () => {
      await del('OGWNFHUSFK');
      const res = await post([{ type: 1, number: 'OGWNFHUSFK' }]);
      expect(res.body.vouchers[0]).toMatchObject({ id: 147, number: 'OGWNFHUSFK', uses: 0 });
    });
  });

  describe('?format=xml', () => {
    const parser = new XMLParser({
      // Every value as the text it is written as; compared with the JSON values as text.
      parseTagValue: false,
      isArray: (_name, jpath) => jpath === 'response.vouchers.voucher',
    });
    /** How a JSON value is written in the XML document: null is empty. */
    const asText = (v: unknown) => (v === null ? '' : String(v));
    function expectSameVoucher(xml: Record<string, unknown>, json: Record<string, unknown>): void {
      expect(Object.keys(xml)).toEqual(Object.keys(json));
      for (const [k, v] of Object.entries(json)) expect(asText(xml[k]), k).toBe(asText(v));
    }

    it('a list is the same document as the JSON one', async () => {
      const json = (await app.t.call({ method: 'GET', url: `/touchoffice/vouchers?TAK=${own.tak}&site=1` })).body;
      const res = await app.t.call({ method: 'GET', url: `/touchoffice/vouchers?TAK=${own.tak}&site=1&format=xml` });
      expect(res.status).toBe(200);
      expect(String(res.headers['content-type'])).toMatch(/xml/);
      expect(res.text.trimStart().startsWith('<')).toBe(true);
      const doc = parser.parse(res.text).response;
      expect(doc.status).toBe('1');
      expect(doc.vouchers.voucher).toHaveLength(json.vouchers.length);
      json.vouchers.forEach((v: Record<string, unknown>, i: number) => expectSameVoucher(doc.vouchers.voucher[i], v));
      expect(doc.vouchers.voucher.map((v: { number: string }) => v.number)).toEqual(DEMO_NUMBERS);
    });

    it('a single voucher (GET vouchers/{number}) is the same document as the JSON one', async () => {
      const json = (await get('XMSNWVPZRG')).body;
      const res = await get('XMSNWVPZRG', '&format=xml');
      expect(String(res.headers['content-type'])).toMatch(/xml/);
      const doc = parser.parse(res.text).response;
      expect(doc.status).toBe('1');
      expect(doc.vouchers.voucher).toHaveLength(1);
      expectSameVoucher(doc.vouchers.voucher[0], json.vouchers[0]);
      expect(doc.vouchers.voucher[0]).toMatchObject({ name: '£10 Gift Voucher', ifplu: '0', active: 'true', value: '1000' });
    });

    it('characters XML reserves are escaped and come back intact', async () => {
      const res = await patch('ABCDEF123', { name: 'Fish & <Chips> "A"' }, '&format=xml');
      expect(String(res.headers['content-type'])).toMatch(/xml/);
      const doc = parser.parse(res.text).response;
      expect(doc.status).toBe('1');
      expect(doc.voucher.name).toBe('Fish & <Chips> "A"');
      expect((await get('ABCDEF123')).body.vouchers[0].name).toBe('Fish & <Chips> "A"');
    });

    it('POST, PATCH and DELETE answers are XML too', async () => {
      const created = parser.parse((await post([{ type: 2, number: 'XMLMADE', value: 15 }], '&format=xml')).text).response;
      expect(created.status).toBe('1');
      expect(created.vouchers.voucher[0]).toMatchObject({ id: '147', number: 'XMLMADE', type: '2', value: '15', active: 'true' });
      const patched = parser.parse((await patch('XMLMADE', { value: 20 }, '&format=xml')).text).response;
      expect(patched).toMatchObject({ status: '1', voucher: { number: 'XMLMADE', value: '20' } });
      const deleted = parser.parse((await del('XMLMADE', '&format=xml')).text).response;
      expect(deleted).toStrictEqual({ voucher_number: 'XMLMADE', status: '1' });
    });

    it('an error is the same document as XML: status 0 and the msg', async () => {
      const res = await get('NOSUCHVOUCHER', '&format=xml');
      expect(res.status).toBe(200);
      expect(String(res.headers['content-type'])).toMatch(/xml/);
      expect(parser.parse(res.text).response).toStrictEqual({ status: '0', msg: NO_DATA.msg });
      const refused = await post([{ type: 1, name: 'n'.repeat(21) }], '&format=xml');
      const doc = parser.parse(refused.text).response;
      expect(doc.status).toBe('0');
      expect(doc.msg).toContain('name');
      expect(doc.msg).toBe((await post([{ type: 1, name: 'n'.repeat(21) }])).body.msg);
    });

    it('an auth failure is XML too, with auth "false"', async () => {
      const res = await app.t.call({ method: 'GET', url: '/touchoffice/vouchers?TAK=wrong&format=xml' });
      expect(res.status).toBe(200);
      const doc = parser.parse(res.text).response;
      expect(doc).toMatchObject({ status: '0', auth: 'false' });
      expect(typeof doc.msg).toBe('string');
    });

    it('format=json (or no format) is JSON', async () => {
      const res = await get('ABCDEF123', '&format=json');
      expect(String(res.headers['content-type'])).toMatch(/json/);
      expect(res.body.status).toBe(1);
    });
  });
});


describe('touchoffice: bodies are JSON whatever the Content-Type', () => {
  const app = useTestApp();

  it.each(['application/x-www-form-urlencoded', 'text/plain'])('POST vouchers sent as %s is read as JSON', async (type) => {
    const sb = await app.t.sandbox('empty');
    const tak = sb.credentials.touchoffice.tak;
    const res = await app.t.call({ method: 'POST', url: `/touchoffice/vouchers?TAK=${tak}`, headers: { 'content-type': type }, payload: '[{"number":"FORMSENT01","type":2,"value":10}]' });
    expect(res.body.status).toBe(1);
    expect(res.body.vouchers[0]).toMatchObject({ number: 'FORMSENT01', type: 2, value: 10 });
    const bad = await app.t.call({ method: 'POST', url: `/touchoffice/vouchers?TAK=${tak}`, headers: { 'content-type': type }, payload: 'number=X&type=1' });
    expect(bad.status).toBe(200);
    expect(bad.body.status).toBe(0);
    expect(bad.body.msg).toMatch(/JSON/);
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { BRUCE, client, demoSandbox, JOVELLANOS, PREFIX, type Client } from './helpers.ts';

/**
 * Issue 4, "Customers": POST customers validates the phone number (with country code) and the
 * email, a phone or email already used in the organization is 409; GET by id; pages of 100;
 * DELETE by id, phone or email; the scanned-customer look-up by phone or email.
 */
describe('comeback: customers', () => {
  const app = useTestApp({}, { listen: true });
  let org1: Client;
  let sandboxId: string;
  beforeEach(async () => {
    ({ org1, id: sandboxId } = await demoSandbox(app.t));
  });

  const count = async () => (await org1.get('/customers')).body.customers.length;

  it('a phone number without its country code, or a malformed one, is 400 and creates nothing', async () => {
    for (const phoneNumber of ['666666666', '0034666666666', '+34 abc', '+0123456789', '+3466', '+1234567890123456']) {
      const res = await org1.post('/customers', { name: 'X', phoneNumber, email: 'x@example.com' });
      expect(res.status, phoneNumber).toBe(400);
      expect(Object.keys(res.body)).toEqual(['error']);
      expect(res.body.error).toMatch(/phoneNumber/);
    }
    expect(await count()).toBe(1);
  });

  it('a phone number written with spaces is stored in full international form', async () => {
    const res = await org1.post('/customers', { name: 'Dick', surname: 'Grayson', phoneNumber: '+34 611 22 33 44' });
    expect(res.status).toBe(201);
    expect(res.body.phoneNumber).toBe('+34611223344');
    expect((await org1.get(`/location/${JOVELLANOS}/customer/+34611223344`)).body.id).toBe(res.body.id);
  });

  it('an invalid email is 400 and creates nothing', async () => {
    for (const email of ['bruce', 'bruce@', '@example.com', 'bruce@example', 'bru ce@example.com', '[email protected]']) {
      const res = await org1.post('/customers', { name: 'X', phoneNumber: '+34600000009', email });
      expect(res.status, email).toBe(400);
      expect(res.body.error).toMatch(/email/);
    }
    expect(await count()).toBe(1);
  });

  it('a customer needs a name, and a phone number or an email', async () => {
    expect((await org1.post('/customers', { phoneNumber: '+34600000010' })).status).toBe(400);
    expect((await org1.post('/customers', { name: 'Nameless' })).status).toBe(400);
    expect((await org1.post('/customers', { name: 'Only email', email: 'only@example.com' })).status).toBe(201);
    expect((await org1.post('/customers', { name: 'Only phone', phoneNumber: '+34600000011' })).status).toBe(201);
  });

  it('wrong types, a bad birthDate and malformed JSON are 400 with nothing created', async () => {
    const bad = [
      { name: 42, phoneNumber: '+34600000012' },
      { name: 'X', phoneNumber: 34600000012 },
      { name: 'X', phoneNumber: '+34600000012', marketingCommunication: 'yes' },
      { name: 'X', phoneNumber: '+34600000012', birthDate: '1990-02-30' },
      { name: 'X', phoneNumber: '+34600000012', birthDate: '01/01/1990' },
    ];
    for (const body of bad) {
      const res = await org1.post('/customers', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(res.body)).toEqual(['error']);
    }
    const malformed = await app.t.call({
      method: 'POST',
      url: `${PREFIX}/customers`,
      headers: { authorization: (await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${sandboxId}` })).body.credentials.comeback.token, 'content-type': 'application/json' },
      payload: '{"name": "X", "phoneNumber": "+34600000012",',
    });
    expect(malformed.status).toBe(400);
    expect(Object.keys(malformed.body)).toEqual(['error']);
    expect(await count()).toBe(1);
  });

  it('a phone number or email already used in the organization is 409 (emails ignore case)', async () => {
    const first = await org1.post('/customers', { name: 'Jason', phoneNumber: '+34622222222', email: 'Jason.Todd@example.com' });
    expect(first.status).toBe(201);
    const samePhone = await org1.post('/customers', { name: 'J2', phoneNumber: '+34 622 222 222', email: 'other@example.com' });
    expect(samePhone.status).toBe(409);
    expect(samePhone.body.error).toMatch(/phone/);
    const sameEmail = await org1.post('/customers', { name: 'J3', phoneNumber: '+34633333333', email: 'jason.todd@EXAMPLE.com' });
    expect(sameEmail.status).toBe(409);
    expect(sameEmail.body.error).toMatch(/email/);
    expect(await count()).toBe(2);
  });

  it('20 simultaneous sign-ups with one phone number: one 201, the rest 409', async () => {
    const token = (await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${sandboxId}` })).body.credentials.comeback.token;
    const statuses = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const res = await fetch(`${app.url}${PREFIX}/customers`, {
          method: 'POST',
          headers: { authorization: token, 'content-type': 'application/json' },
          body: JSON.stringify({ name: `Racer ${i}`, phoneNumber: '+34644444444', email: `racer${i}@example.com` }),
        });
        return res.status;
      }),
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
  });

  it('GET customers: pages of 100 from page 0, lastPage, in sign-up order', async () => {
    const sb = await app.t.sandbox('empty');
    const c = client(app.t, sb.credentials.comeback.token);
    const signUp = async (from: number, to: number) => {
      for (let i = from; i < to; i++) expect((await c.post('/customers', { name: `C${i}`, phoneNumber: `+34700${String(i).padStart(6, '0')}` })).status).toBe(201);
    };
    expect((await c.get('/customers')).body).toStrictEqual({ customers: [], page: 0, lastPage: 0 });
    await signUp(0, 100);
    expect((await c.get('/customers')).body.lastPage).toBe(0);
    // Exactly two full pages: the last one is page 1, and page 2 is empty.
    await signUp(100, 200);
    expect((await c.get('/customers?page=1')).body.lastPage).toBe(1);
    expect((await c.get('/customers?page=2')).body).toStrictEqual({ customers: [], page: 2, lastPage: 1 });
    await signUp(200, 205);
    const p0 = (await c.get('/customers')).body;
    expect(p0.customers).toHaveLength(100);
    expect(p0.page).toBe(0);
    expect(p0.lastPage).toBe(2);
    expect(p0.customers[0].name).toBe('C0');
    expect((await c.get('/customers?page=0')).body).toStrictEqual(p0);
    const p1 = (await c.get('/customers?page=1')).body;
    expect(p1.customers.map((x: { name: string }) => x.name)).toEqual(Array.from({ length: 100 }, (_, i) => `C${100 + i}`));
    const p2 = (await c.get('/customers?page=2')).body;
    expect(p2.customers.map((x: { name: string }) => x.name)).toEqual(['C200', 'C201', 'C202', 'C203', 'C204']);
    expect(p2.lastPage).toBe(2);
    expect((await c.get('/customers?page=3')).body).toStrictEqual({ customers: [], page: 3, lastPage: 2 });
    for (const page of ['-1', 'abc', '1.5']) expect((await c.get(`/customers?page=${page}`)).status, page).toBe(400);
  });

  it('DELETE customers/:identifier by id, by phone number and by email: 200, then 404', async () => {
    const a = (await org1.post('/customers', { name: 'A', phoneNumber: '+34655555551', email: 'a@example.com' })).body;
    const b = (await org1.post('/customers', { name: 'B', phoneNumber: '+34655555552', email: 'b@example.com' })).body;
    expect((await org1.del(`/customers/${a.id}`)).status).toBe(200);
    expect((await org1.get(`/customers/${a.id}`)).status).toBe(404);
    expect((await org1.del(`/customers/${a.id}`)).status).toBe(404);
    expect((await org1.del('/customers/+34655555552')).status).toBe(200);
    expect((await org1.get(`/customers/${b.id}`)).status).toBe(404);
    expect((await org1.del(`/customers/${encodeURIComponent('bruce.wayne@example.com')}`)).status).toBe(200);
    expect((await org1.get(`/customers/${BRUCE}`)).status).toBe(404);
    expect((await org1.get(`/location/${JOVELLANOS}/customer/+34666666666`)).status).toBe(404);
    expect((await org1.get(`/customers/${BRUCE}/appliedPromotions`)).status).toBe(404);
    expect((await org1.del(`/customers/${encodeURIComponent('bruce.wayne@example.com')}`)).status).toBe(404);
    expect((await org1.del('/customers/nobody@example.com')).status).toBe(404);
    // A deleted customer's phone and email are free again.
    expect((await org1.post('/customers', { name: 'Again', phoneNumber: '+34666666666', email: 'bruce.wayne@example.com' })).status).toBe(201);
  });

  it('GET location/:locationId/customer/:identifier: by phone or email; unknown customer or location is 404', async () => {
    expect((await org1.get(`/location/${JOVELLANOS}/customer/${encodeURIComponent('+34666666666')}`)).body.id).toBe(BRUCE);
    expect((await org1.get(`/location/${JOVELLANOS}/customer/BRUCE.WAYNE@example.com`)).body.id).toBe(BRUCE);
    expect((await org1.get(`/location/${JOVELLANOS}/customer/+34699999999`)).status).toBe(404);
    expect((await org1.get(`/location/${JOVELLANOS}/customer/ghost@example.com`)).status).toBe(404);
    expect((await org1.get('/location/no-such-location/customer/+34666666666')).status).toBe(404);
  });

  it('GET customers/:customerId of an unknown id is 404 {"error"}', async () => {
    const res = await org1.get('/customers/00000000-0000-0000-0000-000000000000');
    expect(res.status).toBe(404);
    expect(Object.keys(res.body)).toEqual(['error']);
  });

  it('a new customer: no points, the lowest level, the promotions that cost nothing', async () => {
    const res = await org1.post('/customers', { name: 'Tim', surname: 'Drake', email: 'tim@example.com', source: 'MyWebsite', marketingCommunication: false, birthDate: '2000-02-29' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ points: [], level: 'Bronze', source: 'MyWebsite', marketingCommunication: false, birthDate: '2000-02-29', phoneNumber: null });
    expect(res.body.availablePromotions.map((p: { pointsExpense: number }) => p.pointsExpense)).toEqual([0]);
  });
});

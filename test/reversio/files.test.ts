import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { Receiver, until } from '../helpers/receiver.ts';
import { DEMO_MODEL_ID, DEMO_ORDER_ID, ORDER_SAMPLE, reversioClient, type ReversioClient } from './client.ts';
import { openPortal, submit } from './portal.ts';

/**
 * The self-care portal and its after-sales files (issue 10): the page of an order, a CSRF-safe
 * form per product creating a file (status Created, createdAt by the sandbox clock), one open
 * file per order line, the files in `orders/{ref}/status` and the control plane, the back
 * office's moves (Created → Accepted → Closed, or Refused), and the webhooks of each change.
 */
describe('reversio: self-care portal and after-sales files', () => {
  const app = useTestApp();
  let receiver: Receiver;
  let hook: string;
  beforeAll(async () => {
    receiver = new Receiver();
    hook = await receiver.listen();
  });
  afterAll(() => receiver.close());

  async function linked(c: ReversioClient, orderId = DEMO_ORDER_ID) {
    return (await c.api('POST', '/links', { orderId })).body.value as string;
  }

  it('shows the order: reference, date, customer, each product with label, brand, photo and price', async () => {
    const c = await reversioClient(app.t);
    await c.api('POST', `/catalog/models/${DEMO_MODEL_ID}`, { photoUrl: 'https://img.example/fp3.png' });
    const page = await openPortal(app.t, await linked(c));
    expect(page.status).toBe(200);
    for (const text of ['ORDER-00001', 'Albus Dumbledore', '1 Jun 2021', 'Fairphone 3+ 64GB', 'Fairphone', '€495.00', 'src="https://img.example/fp3.png"', '<meta name="viewport"']) expect(page.body, text).toContain(text);
    expect(page.formLines).toEqual(['10000000-9999-0000-0001-000000000001']);
    expect(page.cookie).toMatch(/^_csrf=/);
    expect(page.body).not.toMatch(/<script/i);
  });

  it('escapes everything it prints', async () => {
    const c = await reversioClient(app.t);
    const evil = '<img src=x onerror=alert(1)>"\'&';
    const model = (await c.api('PUT', '/catalog/models', { label: evil, sku: 'EVIL-1', brandName: `<b>${evil}</b>`, modelTypeUniqueName: 'Accessory', photoUrl: 'javascript:alert(1)' })).body.value;
    const ord = (await c.api('PUT', '/orders', { ...ORDER_SAMPLE, orderReference: '<script>x</script>', customerFirstName: evil, products: [{ modelId: model.id, price: { amount: 1, currency: 'EUR' } }] })).body.value;
    const page = await openPortal(app.t, await linked(c, ord.id));
    expect(page.status).toBe(200);
    expect(page.body).not.toContain('<img src=x');
    expect(page.body).not.toContain('<script>x');
    expect(page.body).not.toContain('<b>');
    expect(page.body).not.toContain('javascript:');
    expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;');
    // A comment is printed escaped too.
    const sent = await submit(app.t, page, { orderLineId: page.formLines[0], comment: '</textarea><script>alert(1)</script>' });
    expect(sent.statusCode).toBe(303);
    const after = await openPortal(app.t, sent.headers.location as string, page.cookie);
    expect(after.body).toContain('&lt;/textarea&gt;&lt;script&gt;');
    expect(after.body).not.toContain('<script>alert');
  });

  it('a submitted form opens a file (Created, by the sandbox clock) shown on the page, in status and in the control plane', async () => {
    const c = await reversioClient(app.t);
    await c.control('PUT', '/clock', { now: '2030-02-03T04:05:06Z', frozen: true });
    const page = await openPortal(app.t, await linked(c));
    const sent = await submit(app.t, page, { orderLineId: page.formLines[0], type: 'Repair', reason: 'Damaged', comment: 'Screen cracked' });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toMatch(/\?created=[0-9a-f-]{36}#file-/);
    const after = await openPortal(app.t, sent.headers.location as string, page.cookie);
    expect(after.body).toMatch(/data-status="Created"/);
    expect(after.body).toContain('Your request');
    expect(after.formLines).toEqual([]);
    const status = (await c.api('GET', '/orders/ORDER-00001/status')).body.value;
    expect(status.status).toBe('AfterSalesOpen');
    expect(status.files).toEqual([
      expect.objectContaining({ orderId: DEMO_ORDER_ID, orderReference: 'ORDER-00001', orderLineId: page.formLines[0], orderLineReference: '0', modelId: DEMO_MODEL_ID, type: 'Repair', reason: 'Damaged', comment: 'Screen cracked', status: 'Created', createdAt: '2030-02-03T04:05:06.000Z' }),
    ]);
    expect((await c.control('GET', '/reversio/files')).body.files).toEqual(status.files);
    expect((await c.control('GET', '/reversio/files?orderReference=NOPE')).body.files).toEqual([]);
  });

  it('the form needs its CSRF token and cookie, from this site; nothing is created otherwise', async () => {
    const c = await reversioClient(app.t);
    const page = await openPortal(app.t, await linked(c));
    const line = page.formLines[0];
    const attempts = [
      await submit(app.t, { ...page, csrf: '' }, { orderLineId: line }),
      await submit(app.t, { ...page, csrf: 'forged-token' }, { orderLineId: line }),
      await submit(app.t, { ...page, cookie: '' }, { orderLineId: line }),
      await submit(app.t, { ...page, cookie: '_csrf=someoneelses' }, { orderLineId: line }),
      await submit(app.t, page, { orderLineId: line }, { origin: 'https://evil.example' }),
    ];
    for (const res of attempts) {
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
    }
    expect((await c.control('GET', '/reversio/files')).body.files).toEqual([]);
    expect((await submit(app.t, page, { orderLineId: line }, { origin: 'http://localhost:80' })).statusCode).toBe(303);
  });

  it('refuses a bad form with the page and its message (400), and a second open file on a line (409)', async () => {
    const c = await reversioClient(app.t);
    const page = await openPortal(app.t, await linked(c));
    const line = page.formLines[0];
    for (const [fields, text] of [
      [{ orderLineId: line, type: 'Exchange' }, 'Choose a request type'],
      [{ orderLineId: line, reason: '' }, 'Choose a reason'],
      [{ orderLineId: line, comment: 'x'.repeat(1001) }, 'at most 1000'],
      [{ orderLineId: '00000000-0000-0000-0000-000000000000' }, 'not part of the order'],
    ] as const) {
      const res = await submit(app.t, page, fields);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain(text);
    }
    expect((await c.control('GET', '/reversio/files')).body.files).toEqual([]);
    expect((await submit(app.t, page, { orderLineId: line })).statusCode).toBe(303);
    const again = await submit(app.t, page, { orderLineId: line, type: 'Warranty' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('already has an open after-sales request');
    expect((await c.control('GET', '/reversio/files')).body.files).toHaveLength(1);
  });

  it('the back office moves files Created → Accepted → Closed (or Refused); a closed line takes a new file; other moves are 409', async () => {
    const c = await reversioClient(app.t);
    const page = await openPortal(app.t, await linked(c));
    await submit(app.t, page, { orderLineId: page.formLines[0] });
    const [file] = (await c.control('GET', '/reversio/files')).body.files;
    const move = (id: string, status: string) => c.control('PUT', `/reversio/files/${id}`, { status });
    expect((await move(file.id, 'Closed')).status).toBe(409);
    expect((await move(file.id, 'Accepted')).body).toMatchObject({ id: file.id, status: 'Accepted' });
    expect((await c.api('GET', '/orders/ORDER-00001/status')).body.value.status).toBe('AfterSalesOpen');
    expect((await move(file.id, 'Closed')).body.status).toBe('Closed');
    expect((await move(file.id, 'Accepted')).status).toBe(409);
    expect((await move(file.id, 'Lost')).status).toBe(400);
    expect((await move('nope', 'Accepted')).status).toBe(404);
    expect((await c.api('GET', '/orders/ORDER-00001/status')).body.value.status).toBe('AfterSalesClosed');
    // Closed: the product can have a new request; that one is refused.
    const reopened = await openPortal(app.t, page.action.replace(/\/files$/, ''), page.cookie);
    expect(reopened.formLines).toHaveLength(1);
    expect((await submit(app.t, reopened, { orderLineId: reopened.formLines[0], type: 'Warranty' })).statusCode).toBe(303);
    const second = (await c.control('GET', '/reversio/files')).body.files[1];
    expect((await move(second.id, 'Refused')).body.status).toBe('Refused');
    expect((await c.api('GET', '/orders/ORDER-00001/status')).body.value.files.map((f: { status: string }) => f.status)).toEqual(['Closed', 'Refused']);
  });

  it('sends Order Create, File Create and File Update webhooks through the outbox, each with the record', async () => {
    const c = await reversioClient(app.t);
    expect((await c.control('PUT', '/webhooks/reversio', { url: hook })).status).toBe(200);
    const imported = (await c.api('PUT', '/orders', { ...ORDER_SAMPLE, orderReference: 'HOOK-1' })).body.value;
    const page = await openPortal(app.t, await linked(c, imported.id));
    await submit(app.t, page, { orderLineId: page.formLines[0] });
    const [file] = (await c.control('GET', '/reversio/files')).body.files;
    await c.control('PUT', `/reversio/files/${file.id}`, { status: 'Accepted' });
    const mine = () => receiver.received.filter((r) => r.body.data?.orderReference === 'HOOK-1');
    const got = await until('three webhooks', async () => mine().length >= 3 && mine());
    const kinds = got.map((r) => `${r.body.entity}.${r.body.trigger}`);
    expect(kinds.sort()).toEqual(['File.Create', 'File.Update', 'Order.Create']);
    const byKind = (k: string) => got.find((r) => `${r.body.entity}.${r.body.trigger}` === k)!.body;
    expect(byKind('Order.Create')).toMatchObject({ entity: 'Order', trigger: 'Create', entityId: imported.id, id: expect.any(String), occurredAt: expect.any(String), data: imported });
    expect(byKind('File.Create')).toMatchObject({ entityId: file.id, data: { ...file, status: 'Created' } });
    expect(byKind('File.Update')).toMatchObject({ entityId: file.id, data: { id: file.id, status: 'Accepted' } });
    const deliveries = (await c.control('GET', '/deliveries')).body.deliveries;
    expect(deliveries.map((d: { event: string }) => d.event).sort()).toEqual(['File.Create', 'File.Update', 'Order.Create']);
    // A refused change sends nothing.
    await c.api('PUT', '/orders', { ...ORDER_SAMPLE, orderReference: 'HOOK-1' });
    await c.control('PUT', `/reversio/files/${file.id}`, { status: 'Created' });
    expect((await c.control('GET', '/deliveries')).body.deliveries).toHaveLength(3);
  });

  it('DELETE webhooks/reversio stops the events; a new URL takes them from the next change on', async () => {
    const c = await reversioClient(app.t);
    const events = async () => (await c.control('GET', '/deliveries')).body.deliveries.map((d: { url: string; payload: { data: { orderReference: string } } }) => `${d.payload.data.orderReference}@${d.url}`).sort();
    expect((await c.control('PUT', '/webhooks/reversio', { url: hook })).status).toBe(200);
    await c.api('PUT', '/orders', { ...ORDER_SAMPLE, orderReference: 'W-1' });
    expect((await c.control('DELETE', '/webhooks/reversio')).status).toBe(204);
    expect((await c.control('GET', '/webhooks')).body.webhooks).toEqual({});
    await c.api('PUT', '/orders', { ...ORDER_SAMPLE, orderReference: 'W-2' });
    const other = `${hook}?other=1`;
    expect((await c.control('PUT', '/webhooks/reversio', { url: other })).status).toBe(200);
    await c.api('PUT', '/orders', { ...ORDER_SAMPLE, orderReference: 'W-3' });
    expect(await events()).toEqual([`W-1@${hook}`, `W-3@${other}`]);
    expect((await c.control('DELETE', '/webhooks/reversio')).status).toBe(204);
    expect((await c.control('DELETE', '/webhooks/reversio')).status).toBe(204);
  });
});

import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig, useTestApp } from '../helpers/app.ts';
import { Receiver, until } from '../helpers/receiver.ts';
import { BROWSER_AVAILABLE, launchChromium, pageErrors, screenshot } from './browser.ts';

/**
 * The web console (issue 14) in headless Chromium: each flow of the issue, driven through the
 * page as a user would, checked against what the control API and the vendor APIs say.
 */
describe.skipIf(!BROWSER_AVAILABLE)('console: the flows in a browser', () => {
  const app = useTestApp({ delivery: { ...testConfig().delivery, maxAttempts: 1 } }, { listen: true });
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  const open = async (hash = '') => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    errors = pageErrors(page);
    await page.goto(`${app.url}/_understudy/console${hash}`);
    return page;
  };
  const done = async () => {
    // The stream reconnecting after the server closed it is not an error of the page.
    expect(errors.filter((e) => !e.includes('requests/stream'))).toEqual([]);
    await context.close();
  };
  const sandboxOf = async (id: string) => (await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${id}` })).body;

  it('GET / and GET /_understudy/ lead to the console; it creates a sandbox and shows its credentials and a curl per dialect', async () => {
    for (const path of ['/', '/_understudy/', '/_understudy']) {
      const res = await fetch(`${app.url}${path}`, { redirect: 'manual' });
      expect({ path, status: res.status, location: res.headers.get('location') }).toEqual({ path, status: 302, location: '/_understudy/console' });
    }
    await open();
    await page.goto(`${app.url}/`);
    expect(new URL(page.url()).pathname).toBe('/_understudy/console');
    await page.getByLabel('Name').fill('Made in the browser');
    await page.getByLabel('Fixtures').selectOption('empty');
    await page.getByLabel('Seed').fill('console-seed');
    await page.getByRole('button', { name: 'Create sandbox' }).click();
    await page.waitForURL(/#\/s\/[^/]+\/overview$/);
    const id = decodeURIComponent(page.url().split('#/s/')[1].split('/')[0]);
    const made = await sandboxOf(id);
    expect(made).toMatchObject({ name: 'Made in the browser', fixtures: 'empty', seed: 'console-seed' });
    await expect.poll(() => page.locator('#sandbox-title').textContent()).toContain('Made in the browser');
    for (const dialect of ['revel', 'intouch', 'touchoffice', 'comeback', 'reversio']) {
      const block = page.locator(`.cred[data-dialect="${dialect}"]`);
      const text = await block.textContent();
      for (const value of Object.values(made.credentials[dialect] as Record<string, string>)) expect(text).toContain(value);
      expect(await block.locator('pre.curl').textContent()).toMatch(/^curl /);
    }
    await screenshot(page, 'console-sandbox');
    // Listed on the front page.
    await page.goto(`${app.url}/_understudy/console#/`);
    await expect.poll(() => page.locator(`tr[data-sandbox="${id}"]`).count()).toBe(1);
    await done();
  }, 60_000);

  it('Requests: a vendor request appears live, opens with its bodies pretty-printed, and copies as curl with placeholders', async () => {
    const sb = await app.t.sandbox();
    const c = sb.credentials;
    // What an integration sent before the page opened: a few dialects, one refused.
    await fetch(`${app.url}/revel/resources/Product/919/`, { headers: { 'API-AUTHENTICATION': `${c.revel.apiKey}:${c.revel.apiSecret}` } });
    await fetch(`${app.url}/comeback/v1/customers`, { method: 'POST', headers: { authorization: c.comeback.token, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Selina', surname: 'Kyle', phoneNumber: '+34677777777', email: 'selina@example.com' }) });
    await fetch(`${app.url}/revel/resources/Product/424242/`, { headers: { 'API-AUTHENTICATION': `${c.revel.apiKey}:${c.revel.apiSecret}` } });
    await open(`#/s/${sb.id}/requests`);
    await expect.poll(() => page.locator('#requests tbody tr[data-id]').count()).toBe(3);
    await expect.poll(() => page.locator('.live').textContent()).toBe('live');
    // A vendor request sent from outside the page, as an integration would.
    const tak = sb.credentials.touchoffice.tak;
    const res = await fetch(`${app.url}/touchoffice/vouchers?TAK=${tak}&limit=2`);
    expect(res.status).toBe(200);
    const row = page.locator('#requests tbody tr[data-id]').first();
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('/vouchers');
    expect(await row.textContent()).toContain('200');
    await row.getByRole('button').click();
    const detail = page.locator('section.detail');
    const response = await detail.locator('pre.body.json').last().textContent();
    expect(JSON.parse(response!)).toEqual(await res.json());
    expect(response).toContain('\n  "vouchers": [');
    const curl = await detail.locator('pre.curl').textContent();
    expect(curl).toContain(`${app.url}/touchoffice/vouchers?`);
    expect(curl).toContain('TAK=<tak>');
    expect(curl).not.toContain(tak);
    await screenshot(page, 'console-requests');
    // An XML answer (Revel's ?format=xml) is re-indented through the browser's parser.
    const xml = await fetch(`${app.url}/revel/resources/Product/919/?format=xml`, { headers: { 'API-AUTHENTICATION': `${c.revel.apiKey}:${c.revel.apiSecret}` } });
    const sent = await xml.text();
    expect(xml.headers.get('content-type')).toMatch(/xml/);
    await expect.poll(() => page.locator('#requests tbody tr[data-id]').count(), { timeout: 10_000 }).toBe(5);
    await page.locator('#requests tbody tr[data-id]').first().getByRole('button').click();
    const shown = await detail.locator('pre.body.xml').textContent();
    expect(shown).toMatch(/\n  <\w/);
    const squash = (t: string) => t.replace(/>\s+</g, '><').replace(/^<\?xml[^>]*\?>/, '').trim();
    expect(squash(shown!)).toBe(squash(sent));
    await done();
  }, 60_000);

  it('Deliveries: a failed webhook stands out; retried against the receiver now up, it turns delivered', async () => {
    const sb = await app.t.sandbox();
    const receiver = new Receiver();
    try {
      const hook = await receiver.listen();
      receiver.failures = 1;
      expect((await app.t.call({ method: 'PUT', url: `/_understudy/sandboxes/${sb.id}/webhooks/comeback`, payload: { url: hook } })).status).toBe(200);
      const created = await fetch(`${app.url}/comeback/v1/customers`, {
        method: 'POST',
        headers: { authorization: sb.credentials.comeback.token, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Selina', surname: 'Kyle', phoneNumber: '+34677777777', email: 'selina@example.com' }),
      });
      expect(created.status).toBe(201);
      await until('the failed delivery', async () => (await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${sb.id}/deliveries` })).body.deliveries.find((d: any) => d.status === 'failed'));
      await open(`#/s/${sb.id}/deliveries`);
      const row = page.locator('#deliveries tr[data-delivery]').first();
      await expect.poll(() => row.getAttribute('data-status')).toBe('failed');
      expect(await row.getAttribute('class')).toContain('failed');
      expect(await row.textContent()).toContain('customer:created');
      expect(await row.textContent()).toContain('500');
      expect(await page.locator('.notice.error').textContent()).toContain('1 delivery has failed');
      await row.getByRole('button', { name: /Retry delivery/ }).click();
      await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('delivered');
      expect(receiver.received.map((r) => r.body.type)).toEqual(['customer:created']);
      await screenshot(page, 'console-deliveries');
    } finally {
      await receiver.close();
    }
    await done();
  }, 60_000);

  it('Clock: +30 days and the TouchOffice voucher that ended meanwhile shows expired (and the vendor API refuses it)', async () => {
    const sb = await app.t.sandbox();
    const tak = sb.credentials.touchoffice.tak;
    const clock = (await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${sb.id}/clock` })).body;
    const inDays = (n: number) => new Date(new Date(clock.now).getTime() + n * 86_400_000).toISOString().replace('T', ' ').slice(0, 19);
    const made = await fetch(`${app.url}/touchoffice/vouchers?TAK=${tak}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ site: 0, number: 'CONSOLE10', type: 1, name: 'Console voucher', desc: 'ends in 10 days', startdate: inDays(-1), enddate: inDays(10), value: 500, flag: 0, maxuses: 0, active: true }]),
    });
    expect(made.status).toBe(200);
    await open(`#/s/${sb.id}/data/touchoffice-vouchers/0`);
    const voucherRow = () => page.locator('#data-table tbody tr', { hasText: 'CONSOLE10' });
    await expect.poll(() => voucherRow().count()).toBe(1);
    expect(await voucherRow().textContent()).toContain('valid');
    expect(await voucherRow().textContent()).not.toContain('expired');

    await page.getByRole('link', { name: 'Clock' }).click();
    const before = new Date((await page.locator('#clock-now').getAttribute('data-now'))!).getTime();
    await page.getByRole('button', { name: '+30 days' }).click();
    await expect.poll(async () => new Date((await page.locator('#clock-now').getAttribute('data-now'))!).getTime() - before).toBeGreaterThanOrEqual(30 * 86_400_000);
    await screenshot(page, 'console-clock');
    const now = (await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${sb.id}/clock` })).body;
    expect(new Date(now.now).getTime() - new Date(clock.now).getTime()).toBeGreaterThanOrEqual(30 * 86_400_000);

    await page.getByRole('link', { name: 'Data' }).click();
    await expect.poll(() => voucherRow().textContent()).toContain('expired');
    const use = await fetch(`${app.url}/touchoffice/voucher_transactions?TAK=${tak}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ site: 1, saleID: 4242, voucherNumber: 'CONSOLE10', amount: 100 }),
    });
    expect(JSON.stringify(await use.json())).toContain('expired');
    await done();
  }, 60_000);

  it('Faults: a rule added in the table answers the next request, and its fired count shows', async () => {
    const sb = await app.t.sandbox();
    const tak = sb.credentials.touchoffice.tak;
    await open(`#/s/${sb.id}/faults`);
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByLabel('Rule 1 dialect').selectOption('touchoffice');
    await page.getByLabel('Rule 1 method').selectOption('GET');
    await page.getByLabel('Rule 1 path glob').fill('/vouchers*');
    await page.getByLabel('Rule 1 status').fill('503');
    await page.getByLabel('Rule 1 body (JSON, or text)').fill('{"error":"down for maintenance"}');
    await page.getByLabel('Rule 1 times').fill('2');
    await page.getByRole('button', { name: 'Save rules' }).click();
    await expect.poll(() => page.locator('.notice.ok').textContent()).toContain('1 rule in place');
    expect((await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${sb.id}/faults` })).body.rules).toEqual([
      { dialect: 'touchoffice', method: 'GET', path: '/vouchers*', status: 503, body: { error: 'down for maintenance' }, times: 2, fired: 0 },
    ]);
    const res = await fetch(`${app.url}/touchoffice/vouchers?TAK=${tak}`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: 'down for maintenance' });
    await page.getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => page.locator('#faults td.fired').first().textContent()).toBe('1');
    expect(await page.getByLabel('Rule 1 times').inputValue()).toBe('1');
    await screenshot(page, 'console-faults');
    // Removing it from the table and saving lets requests through again.
    await page.getByRole('button', { name: 'Rule 1 remove' }).click();
    await page.getByRole('button', { name: 'Save rules' }).click();
    await expect.poll(() => page.locator('.notice.ok').textContent()).toContain('0 rules in place');
    expect((await fetch(`${app.url}/touchoffice/vouchers?TAK=${tak}`)).status).toBe(200);
    await done();
  }, 60_000);

  it('Data: every view of every dialect shows its records (or says why none) through the vendor API, with no error', async () => {
    const sb = await app.t.sandbox();
    await open(`#/s/${sb.id}/data`);
    await page.locator('#data-view').waitFor();
    const ids = await page.locator('#data-view option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(ids).toEqual(expect.arrayContaining(['touchoffice-vouchers', 'revel-products', 'revel-discounts', 'comeback-customers', 'intouch-customers', 'intouch-cards', 'intouch-orders', 'reversio-models', 'reversio-orders', 'reversio-files']));
    for (const id of ids) {
      await page.locator('#data-view').selectOption(id);
      await page.waitForURL(new RegExp(`/data/${id}/0$`));
      await expect.poll(async () => (await page.locator(`#data-table[data-view="${id}"]`).count()) + (await page.locator('.notice.info').count()), { timeout: 10_000 }).toBeGreaterThan(0);
      expect({ id, errors: await page.locator('.notice.error').allTextContents() }).toEqual({ id, errors: [] });
    }
    // InTouch: logging the demo customer in (on request) shows that customer's cards.
    await page.locator('#data-view').selectOption('intouch-cards');
    await page.getByRole('button', { name: 'Log in and add the token' }).click();
    await expect.poll(() => page.locator('#data-table[data-view="intouch-cards"] tbody tr').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    // Revel products page through the vendor's own paging.
    await page.locator('#data-view').selectOption('revel-products');
    await expect.poll(() => page.locator('#data-table[data-view="revel-products"] tbody tr').count()).toBeGreaterThan(0);
    await screenshot(page, 'console-data');
    await done();
  }, 90_000);

  it('prints what it shows as text: a sandbox name and a request body holding markup stay text', async () => {
    const evil = '<img src=x onerror="window.__pwned=1">';
    const made = await app.t.call({ method: 'POST', url: '/_understudy/sandboxes', payload: { name: evil } });
    const sb = made.body;
    await fetch(`${app.url}/comeback/v1/customers`, {
      method: 'POST',
      headers: { authorization: sb.credentials.comeback.token, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `<script>window.__pwned=2</script>${evil}`, surname: 'X', phoneNumber: '+34600000001', email: 'x@example.com' }),
    });
    await open(`#/s/${sb.id}/requests`);
    await expect.poll(() => page.locator('#sandbox-title').textContent()).toContain(evil);
    const row = page.locator('#requests tbody tr[data-id]').first();
    await expect.poll(() => row.count()).toBe(1);
    await row.getByRole('button').click();
    expect(await page.locator('section.detail').textContent()).toContain('<script>window.__pwned=2</script>');
    await page.goto(`${app.url}/_understudy/console#/`);
    await expect.poll(() => page.locator(`tr[data-sandbox="${sb.id}"]`).textContent()).toContain(evil);
    expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    await done();
  }, 60_000);
});

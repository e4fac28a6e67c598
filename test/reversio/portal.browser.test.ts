import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR, useTestApp } from '../helpers/app.ts';
import { Receiver, until } from '../helpers/receiver.ts';
import { DEMO_ORDER_ID, reversioClient } from './client.ts';

/**
 * The self-care portal in a real browser (issue 10): Debian's Chromium driven by playwright-core
 * (never a browser download). `.ci/run` installs the package and sets
 * UNDERSTUDY_REQUIRE_BROWSER=1, so there a missing browser fails the test; elsewhere it is
 * skipped with a message.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.UNDERSTUDY_REQUIRE_BROWSER === '1') throw new Error(`the browser test needs Chromium at ${CHROMIUM} (apt-get install chromium)`);
if (!available) console.warn(`skipping the portal browser test: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

describe.skipIf(!available)('reversio: the self-care portal in headless Chromium', () => {
  const app = useTestApp({}, { listen: true });
  let browser: Browser;
  let receiver: Receiver;
  let hook: string;

  beforeAll(async () => {
    receiver = new Receiver();
    hook = await receiver.listen();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      // As root in a closed network (the machine notes): no sandbox, no background connections; Playwright makes a fresh profile.
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
  });

  it('opens the link from POST links, opens a return for one product, sees it on the page; the API and the webhook see it too', async () => {
    const c = await reversioClient(app.t);
    expect((await c.control('PUT', '/webhooks/reversio', { url: hook })).status).toBe(200);
    // The link, as a client gets it over HTTP: it points at the address the server listens on.
    const auth = await c.auth();
    const linkRes = await fetch(`${app.url}/reversio/api/v1/links`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ orderId: DEMO_ORDER_ID }) });
    const link = (await linkRes.json()).value as string;
    expect(link.startsWith(`${app.url}/reversio/portal/t/`)).toBe(true);

    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    const page = await context.newPage();
    const opened = await page.goto(link);
    expect(opened?.status()).toBe(200);
    await expect(page.title()).resolves.toContain('ORDER-00001');
    expect(await page.textContent('h1')).toContain('ORDER-00001');
    expect(await page.textContent('body')).toContain('Albus Dumbledore');
    const line = page.locator('section.product-line').first();
    expect(await line.textContent()).toContain('Fairphone 3+ 64GB');

    await line.locator('select[name="type"]').selectOption('Return');
    await line.locator('select[name="reason"]').selectOption('NoLongerNeeded');
    await line.locator('textarea[name="comment"]').fill('Changed my mind');
    await Promise.all([page.waitForURL(/\?created=/), line.locator('button[type="submit"]').click()]);

    const shown = page.locator('.file[data-status="Created"]');
    expect(await shown.count()).toBe(1);
    expect(await shown.textContent()).toContain('Return');
    expect(await page.locator('.notice.ok').textContent()).toContain('is open');
    mkdirSync(join(ROOT_DIR, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(ROOT_DIR, 'test-results', 'reversio-portal.png'), fullPage: true });
    await context.close();

    const status = (await c.api('GET', '/orders/ORDER-00001/status')).body.value;
    expect(status.status).toBe('AfterSalesOpen');
    expect(status.files).toEqual([expect.objectContaining({ type: 'Return', reason: 'NoLongerNeeded', comment: 'Changed my mind', status: 'Created' })]);
    const fileId = status.files[0].id;
    const received = await until('the File Create webhook', async () => receiver.received.find((r) => r.body.entity === 'File' && r.body.entityId === fileId));
    expect(received.body).toMatchObject({ trigger: 'Create', data: { id: fileId, status: 'Created', orderReference: 'ORDER-00001' } });
    expect(existsSync(join(ROOT_DIR, 'test-results', 'reversio-portal.png'))).toBe(true);
  }, 60_000);
});

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { BROWSER_AVAILABLE, launchChromium, pageErrors, screenshot } from './browser.ts';

/** With UNDERSTUDY_ADMIN_TOKEN set, the console asks for the token once and keeps a session cookie (issue 14). */
const TOKEN = 'browser-admin-token';

describe.skipIf(!BROWSER_AVAILABLE)('console: the admin token in a browser', () => {
  const app = useTestApp({ adminToken: TOKEN }, { listen: true });
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('asks for the token, refuses a wrong one, keeps an HttpOnly SameSite=Strict cookie for the right one, and changes things with it', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
    const page = await context.newPage();
    const errors = pageErrors(page);
    await page.goto(`${app.url}/`);
    const token = page.getByLabel('Token', { exact: true });
    await token.fill('wrong');
    await token.press('Enter');
    await expect.poll(() => page.locator('.notice.error').textContent()).toContain('not the admin token');
    await screenshot(page, 'console-login-phone-dark');
    await token.fill(TOKEN);
    await page.getByRole('button', { name: 'Open the console' }).click();
    await expect.poll(() => page.locator('tr[data-sandbox="demo"]').count()).toBe(1);

    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'understudy_console', httpOnly: true, sameSite: 'Strict', path: '/_understudy' });
    expect(cookie.value).not.toContain(TOKEN);
    expect(await page.evaluate(() => document.cookie)).toBe('');

    // A change made through the page (the keyboard only: the form's fields, then Enter).
    await page.getByLabel('Name').focus();
    await page.keyboard.type('Phone sandbox');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/s\/[^/]+\/overview$/);
    const id = decodeURIComponent(page.url().split('#/s/')[1].split('/')[0]);
    const listed = await fetch(`${app.url}/_understudy/sandboxes/${id}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect((await listed.json()).name).toBe('Phone sandbox');
    await screenshot(page, 'console-overview-phone-dark');
    // Readable on a phone: nothing wider than the screen, on this tab and on Requests.
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.getByRole('link', { name: 'Requests' }).click();
    await page.locator('#requests').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.locator('.cred').first().waitFor();

    // The page's own fetch without the CSRF header: refused, though the cookie goes with it.
    const forged = await page.evaluate(async (url) => (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status, `${app.url}/_understudy/sandboxes`);
    expect(forged).toBe(403);

    // Reloading keeps the session; signing out ends it.
    await page.reload();
    await expect.poll(() => page.locator('#sandbox-title').textContent()).toContain('Phone sandbox');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByLabel('Token', { exact: true }).count()).toBe(1);
    expect(await context.cookies()).toEqual([]);
    expect(errors.filter((e) => !/status of 40[13]/.test(e))).toEqual([]);
    await context.close();
  }, 60_000);
});

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { BROWSER_AVAILABLE, launchChromium, pageErrors } from './browser.ts';

/**
 * Issue 14: with the journal limit raised to 10,000 and a full journal, the Requests view stays
 * paged (100 rows at a time, whatever the journal holds) and its filters run on the server.
 * (How fast it loads is measured by `npm run bench:console`, not asserted here.)
 */
describe.skipIf(!BROWSER_AVAILABLE)('console: a full 10,000-entry journal', () => {
  const app = useTestApp({ journalLimit: 10_000 }, { listen: true });
  let browser: Browser;
  let sandbox: { id: string; credentials: any };

  beforeAll(async () => {
    browser = await launchChromium();
    sandbox = await app.t.sandbox();
    const tak = sandbox.credentials.touchoffice.tak;
    const revel = { 'api-authentication': `${sandbox.credentials.revel.apiKey}:${sandbox.credentials.revel.apiSecret}` };
    // 10,000 vendor requests: TouchOffice reads of two kinds, and in every 50 a Revel product that is not there (404).
    for (let i = 0; i < 10_000; i++) {
      if (i % 50 === 0) await app.t.app.inject({ method: 'GET', url: `/revel/resources/Product/${100_000 + i}/`, headers: revel });
      else await app.t.app.inject({ method: 'GET', url: i % 2 ? `/touchoffice/vouchers?TAK=${tak}&limit=1` : `/touchoffice/vouchers/ABCDEF123?TAK=${tak}` });
    }
    await app.t.core.journal.flush();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('shows 100 at a time, pages older and back to the newest, and filters on the server', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = pageErrors(page);
    await page.goto(`${app.url}/_understudy/console#/s/${sandbox.id}/requests`);
    const rows = page.locator('#requests tbody tr[data-id]');
    await expect.poll(() => rows.count()).toBe(100);
    const ids = async () => (await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-id')))));
    const first = await ids();
    const all = (await app.t.call({ method: 'GET', url: `/_understudy/sandboxes/${sandbox.id}/requests?limit=10000` })).body.requests.map((r: any) => r.id);
    expect(all.length).toBe(10_000);
    expect(first).toEqual(all.slice(0, 100));

    // Older, five times: each page the next 100, none shown twice; the DOM never holds more than a page.
    let seen = [...first];
    for (let p = 1; p <= 5; p++) {
      const last = seen.at(-1);
      await page.getByRole('button', { name: 'Older' }).click();
      await expect.poll(async () => (await ids())[0]).toBeLessThan(last!);
      const shown = await ids();
      expect(shown).toEqual(all.slice(p * 100, p * 100 + 100));
      seen = seen.concat(shown);
    }
    expect(new Set(seen).size).toBe(600);
    expect(await page.locator('tr[data-id]').count()).toBe(100);
    await page.getByRole('button', { name: 'Newest' }).click();
    await expect.poll(async () => (await ids())[0]).toBe(all[0]);

    // Filters: the 4xx among 10,000 are 200; the first page of them, then the path text.
    await page.getByLabel('Status').selectOption('4xx');
    await expect.poll(async () => (await rows.evaluateAll((trs) => trs.map((tr) => tr.textContent)))).toSatisfy((texts: string[]) => texts.length === 100 && texts.every((t) => t.includes('404')));
    await page.getByLabel('Path contains').fill('product/1099');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('button')!.textContent))).toEqual(['/resources/Product/109950/', '/resources/Product/109900/']);
    expect(await page.getByRole('button', { name: 'Older' }).isDisabled()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});

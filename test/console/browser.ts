import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT_DIR } from '../helpers/app.ts';

/**
 * Debian's Chromium driven by playwright-core (never a browser download), as the portal test
 * does. `.ci/run` sets UNDERSTUDY_REQUIRE_BROWSER=1: there a missing browser fails the tests;
 * elsewhere they are skipped with a message.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const BROWSER_AVAILABLE = existsSync(CHROMIUM);
if (!BROWSER_AVAILABLE && process.env.UNDERSTUDY_REQUIRE_BROWSER === '1') throw new Error(`the console browser tests need Chromium at ${CHROMIUM} (apt-get install chromium)`);
if (!BROWSER_AVAILABLE) console.warn(`skipping the console browser tests: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // As root in a closed network (the machine notes): no sandbox, no background connections.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Saves the page under test-results/ (the README's screenshots are copies of two of them). */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = join(ROOT_DIR, 'test-results');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Every error the page printed or threw: a test expects none. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

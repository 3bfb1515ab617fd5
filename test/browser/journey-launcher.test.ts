/** The shared launcher works: Debian's Chromium loads the home page of a fresh instance served on port 0. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { freshServer, hasChromium, launch, type TestServer } from './chromium.js';

describe.skipIf(!hasChromium)('the browser launcher', () => {
  let browser: Browser;
  let server: TestServer;
  beforeAll(async () => {
    [browser, server] = await Promise.all([launch(), freshServer()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens the home page of a fresh instance in Chromium, with JavaScript off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const res = await page.goto(server.url + '/');
    expect(res?.status()).toBe(200);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await context.close();
  });
});

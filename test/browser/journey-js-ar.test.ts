/**
 * Issue 6 §6, "The Chromium journey passes with JavaScript off and on, in English and in Arabic":
 * the enhancements with JavaScript enabled, in Arabic: setup, covenant, signing in the page
 * with WebCrypto Ed25519, a scorecard, and the feedback's proof of work done in the page (the
 * warning steps are the same forms as with JavaScript off and run in journey-ar)
 * (test/browser/journey.ts says each step). Screenshots of each milestone go to
 * test-artifacts/journey-ar-js-on-NN-step.png. One file per run keeps each under a minute here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { freshServer, hasChromium, launch, type TestServer } from './chromium.js';
import { runJourney } from './journey.js';

const T0 = new Date('2026-03-03T09:00:00.000Z');

describe.skipIf(!hasChromium)('the enhancements in Chromium with JavaScript on, in Arabic', () => {
  let browser: Browser;
  let server: TestServer;
  beforeAll(async () => {
    [browser, server] = await Promise.all([launch(), freshServer(T0)]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('setup → covenant → signatures in the browser (WebCrypto Ed25519) → scorecard → feedback by proof of work, right to left', async () => {
    const journey = await runJourney(browser, server, { lang: 'ar', js: true, through: 'feedback' });
    expect(journey.notes).toEqual(['signatures: webcrypto']);
  }, 180_000);
});

/**
 * Issue 6 §6, "The Chromium journey passes with JavaScript off and on, in English and in Arabic":
 * the whole alliance lifecycle with JavaScript enabled, in Arabic (right to left, checked on every
 * person's first page and on the pages that matter): setup, covenant, signing in the page with
 * WebCrypto Ed25519, a cycle with its scorecard, the feedback's proof of work done in the page,
 * an indicator trip, a warning with its window, the benchmarks and restoration
 * (test/browser/journey.ts says each step). Screenshots of each milestone go to
 * test-artifacts/journey-ar-js-on-NN-step.png. One file per run keeps each under a minute and a
 * half here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { freshServer, hasChromium, launch, type TestServer } from './chromium.js';
import { runJourney } from './journey.js';

const T0 = new Date('2026-03-03T09:00:00.000Z');

describe.skipIf(!hasChromium)('the alliance lifecycle in Chromium with JavaScript on, in Arabic', () => {
  let browser: Browser;
  let server: TestServer;
  beforeAll(async () => {
    [browser, server] = await Promise.all([launch(), freshServer(T0)]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('setup → covenant → signatures in the browser (WebCrypto Ed25519) → scorecard → feedback by proof of work → trip → warning → restored, right to left', async () => {
    const journey = await runJourney(browser, server, { lang: 'ar', js: true });
    expect(journey.notes).toEqual(['signatures: webcrypto']);
  }, 180_000);
});

/**
 * Issue 6 §6, "The Chromium journey passes with JavaScript off and on, in English and in Arabic":
 * the whole alliance lifecycle in Debian's Chromium with JavaScript disabled, in English, by
 * clicking and filling forms only
 * (test/browser/journey.ts says each step). Screenshots of each milestone go to
 * test-artifacts/journey-en-js-off-NN-step.png. One file per run keeps each under a minute here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { freshServer, hasChromium, launch, type TestServer } from './chromium.js';
import { runJourney } from './journey.js';

const T0 = new Date('2026-03-03T09:00:00.000Z');

describe.skipIf(!hasChromium)('the alliance lifecycle in Chromium with JavaScript off, in English', () => {
  let browser: Browser;
  let server: TestServer;
  beforeAll(async () => {
    [browser, server] = await Promise.all([launch(), freshServer(T0)]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('setup → covenant → signatures (signed outside, uploaded) → scorecard → feedback after the wait → trip → warning → restored', async () => {
    const journey = await runJourney(browser, server, { lang: 'en', js: false });
    expect(journey.notes).toEqual(['signatures: upload']);
  }, 180_000);
});

/**
 * Pages are drawn without an AsyncLocalStorage (views/render-context.ts): on Node 20 the first
 * one entered turns on async hooks for every promise and socket of the process. hono/jsx enters
 * one on every render unless it found none on its first; the app makes that first look. The test
 * counts entries into any AsyncLocalStorage while the app draws pages, and checks that a page
 * still carries what each request gave it (its language) when requests are drawn at once.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import type { Ctx } from '../../src/services/context.js';
import { initInstance, openInstance } from '../../src/services/instance.js';

describe('drawing pages', () => {
  let dataDir: string;
  let ctx: Ctx & { close(): Promise<void> };
  let entered = 0;
  const run = AsyncLocalStorage.prototype.run;

  beforeAll(async () => {
    AsyncLocalStorage.prototype.run = function (this: AsyncLocalStorage<unknown>, ...args: Parameters<typeof run>) {
      entered++;
      return run.apply(this, args);
    } as typeof run;
    dataDir = mkdtempSync(join(tmpdir(), 'daylight-render-context-'));
    await initInstance({ dataDir, origin: 'render.test/daylight' });
    ctx = await openInstance({ dataDir });
  });

  afterAll(async () => {
    AsyncLocalStorage.prototype.run = run;
    await ctx.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('enters no AsyncLocalStorage, and each page keeps its own request', async () => {
    const app = createApp(ctx);
    const languages = ['en', 'es', 'fr', 'ar', 'pt'];
    const pages = await Promise.all(
      languages.flatMap((lang) => ['/', '/login', '/archive'].map(async (path) => ({ lang, res: await app.request(path, { headers: { 'Accept-Language': lang } }) }))),
    );
    for (const { lang, res } of pages) {
      expect(res.status).toBe(200);
      expect(await res.text()).toContain(`<html lang="${lang}"`);
    }
    expect(entered).toBe(0);
  });
});

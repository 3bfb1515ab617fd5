/**
 * Shared by the browser tests: Debian's Chromium through playwright-core (never a downloaded
 * browser), and a real Daylight server on 127.0.0.1 port 0 — either a fresh instance or the demo
 * alliance — on an instance whose clock the test moves.
 *
 *   hasChromium      false only where /usr/bin/chromium is absent (CI installs it); files use
 *                    describe.skipIf(!hasChromium) and the reason is logged once
 *   launch()         one headless browser per test file
 *   freshServer()    an empty instance (no account) behind startServer, with setClock
 *   demoServer()     the same with the demo alliance seeded (about 10 s) and the instance admin
 *   artifact(name)   test-artifacts/<name>, the directory created (screenshots are never committed)
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import type { Ctx } from '../../src/services/context.js';
import { initInstance, openInstance } from '../../src/services/instance.js';
import { ensureFirstAdmin } from '../../src/services/accounts.js';
import { startServer } from '../../src/http/server.js';

export const CHROMIUM = process.env.DAYLIGHT_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`browser tests skipped: no Chromium at ${CHROMIUM} (install Debian's "chromium")`);

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true });
}

export interface TestServer {
  url: string;
  ctx: Ctx;
  /** Moves the instance's clock (what ctx.now() returns from now on). */
  setClock(d: Date): void;
  now(): Date;
  close(): Promise<void>;
}

/** A fresh instance, no account yet, served on an ephemeral port. */
export async function freshServer(start: Date = new Date()): Promise<TestServer> {
  let clock = start;
  const dataDir = mkdtempSync(join(tmpdir(), 'daylight-browser-'));
  await initInstance({ dataDir, origin: 'browser.test/daylight', now: () => clock });
  const instance = await openInstance({ dataDir, now: () => clock });
  const ctx: Ctx = instance;
  const server = await startServer(ctx, { port: 0 });
  return {
    url: server.url,
    ctx,
    setClock: (d) => (clock = d),
    now: () => clock,
    async close() {
      await server.close();
      await instance.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The demo alliance ("demo"), seeded as `daylight serve --demo` does, and its instance admin. */
export async function demoServer(
  now: Date = new Date(),
): Promise<TestServer & { admin: { username: string; password: string }; alliance: string }> {
  let clock = now;
  const dataDir = mkdtempSync(join(tmpdir(), 'daylight-browser-demo-'));
  await initInstance({ dataDir, origin: 'browser.test/daylight', now: () => clock });
  const instance = await openInstance({ dataDir, now: () => clock });
  const ctx: Ctx = instance;
  const { seedDemo } = await import('../../src/demo/seed.js');
  const { alliance } = await seedDemo(ctx, (d) => (clock = d), now);
  clock = now;
  const admin = await ensureFirstAdmin(ctx);
  if (admin === null) throw new Error('the demo instance already had an account');
  const server = await startServer(ctx, { port: 0 });
  return {
    url: server.url,
    ctx,
    admin,
    alliance,
    setClock: (d) => (clock = d),
    now: () => clock,
    async close() {
      await server.close();
      await instance.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const ARTIFACTS = resolve('test-artifacts');

/** Path for a screenshot or other artefact under test-artifacts/ (the directory is created). */
export function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

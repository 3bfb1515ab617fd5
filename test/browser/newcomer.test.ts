/**
 * The newcomer's path (issue 6, Must show): a fresh clone of the repository → the README's first
 * command → the demo alliance visible at http://127.0.0.1:4400 → every practice the essay names
 * (covenant, audits with a scorecard, warnings, support, lessons, renewal, archive) reached from
 * the home page in at most two clicks, in Chromium with JavaScript off.
 *
 * The clone gets this checkout's node_modules by a symlink instead of a network install (the
 * `npm install` half of the command); the start script itself runs as written, building with tsc
 * and serving the demo from the clone's own ./daylight-demo. Port 4400 must be free, as the
 * README promises it; the test says so plainly when it is not.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_ALLIANCE } from '../../src/demo/seed.js';
import { hasChromium, launch } from './chromium.js';

const ROOT = resolve(import.meta.dirname, '../..');
const PORT = 4400;
const HOME = `http://127.0.0.1:${PORT}`;

/** The README's first command: the first line of its first sh block, without the comment. */
function firstCommand(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = /```sh\n([^\n]*)\n/.exec(readme);
  if (!block) throw new Error('README.md has no ```sh block');
  return block[1]!.replace(/\s+#.*$/, '').trim();
}

function portTaken(port: number): Promise<boolean> {
  return new Promise((done) => {
    const s = connect({ port, host: '127.0.0.1' });
    s.once('connect', () => (s.destroy(), done(true)));
    s.once('error', () => done(false));
  });
}

async function waitForServer(child: ChildProcess, log: () => string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the start command exited with ${child.exitCode}:\n${log()}`);
    try {
      if ((await fetch(HOME)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100)); // then ask again
  }
  throw new Error(`nothing answered at ${HOME} within ${ms / 1000} s:\n${log()}`);
}

/** Files and machine formats: links a reader downloads rather than reads as a page. */
const NOT_A_PAGE = /^\/(api\/|archive\/.|static\/)|\.(json|zip|ics|pdf|txt|csv|yaml|typ)$/;

/** Every same-origin link to a page, absolute (fragments kept: a section is a place too). */
async function linksOf(page: Page): Promise<string[]> {
  const hrefs: string[] = await page.$$eval('a[href]', (as) => as.map((a) => (a as unknown as { href: string }).href));
  return [...new Set(hrefs.filter((h) => {
    const u = new URL(h);
    return u.origin === HOME && !u.searchParams.has('lang') && !NOT_A_PAGE.test(u.pathname);
  }))];
}

describe.skipIf(!hasChromium)('a newcomer', () => {
  let clone: string | undefined;
  let child: ChildProcess | undefined;
  let browser: Browser | undefined;

  afterAll(async () => {
    await browser?.close();
    // The start command runs in its own process group (npm → sh → node): stop all of it.
    if (child?.pid !== undefined && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      process.kill(-child.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL');
    }
    if (clone) rmSync(clone, { recursive: true, force: true });
  });

  it('goes from a fresh clone and the README’s first command to every practice of the demo in two clicks', async () => {
    const command = firstCommand();
    // The README promises `npm install && npm start`; the install is this checkout's node_modules.
    expect(command).toMatch(/^npm install && npm start$/);
    if (await portTaken(PORT)) throw new Error(`port ${PORT} is taken: the README serves the demo there; stop whatever listens on it and run again`);

    clone = mkdtempSync(join(tmpdir(), 'daylight-newcomer-'));
    execFileSync('git', ['clone', '--quiet', ROOT, clone]);
    symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
    let output = '';
    const env = { ...process.env };
    delete env.DAYLIGHT_DATA; // the demo's own ./daylight-demo in the clone, as for a newcomer
    child = spawn('npm', ['start'], { cwd: clone, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
    child.stdout!.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
    // Chromium starts while the start command builds and seeds (closed by afterAll either way).
    const launched = launch().then((b) => (browser = b));
    launched.catch(() => {}); // awaited below; a failure to serve is the one to report first
    await waitForServer(child, () => output, 240_000);
    expect(output).toContain(`Daylight is serving on ${HOME}`);
    expect(output).toMatch(/demo ready: \/alliances\/demo/);

    const context = await (await launched).newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(HOME);
    // The demo alliance is on the home page.
    const main = await page.innerText('main');
    expect(main).toContain('Alianza del Sur y del Río');

    // Breadth first from the home page, two clicks deep, keeping what each page showed.
    const first = await linksOf(page);
    const seen = new Set<string>(first.map((h) => h.split('#')[0]!));
    const pages: { url: string; fragment: string; html: string }[] = [];
    const open = async (href: string): Promise<string[]> => {
      const res = await page.goto(href);
      // null: a link to a section of the page already shown (same-document navigation)
      if (res !== null) expect(res.status(), href).toBeLessThan(400);
      pages.push({ url: page.url(), fragment: new URL(href).hash.slice(1), html: await page.content() });
      return linksOf(page);
    };
    const second: string[] = [];
    for (const href of first) for (const next of await open(href)) if (!seen.has(next.split('#')[0]!)) (seen.add(next.split('#')[0]!), second.push(next));
    for (const href of second) await open(href);

    const a = `${HOME}/alliances/${DEMO_ALLIANCE}`;
    const at = (re: RegExp) => pages.filter((p) => re.test(p.url.split('#')[0]!));
    const practices: Record<string, RegExp> = {
      covenant: new RegExp(`^${a}/covenant/versions/\\d+$`),
      scorecard: new RegExp(`^${HOME}/scorecards/\\d+$`),
      warnings: new RegExp(`^${a}/warnings$`),
      support: new RegExp(`^${a}/support$`),
      lessons: new RegExp(`^${a}/lessons(/\\d+)?$`),
      archive: new RegExp(`^${HOME}/archive/?$`),
    };
    for (const [name, re] of Object.entries(practices)) expect(at(re).length, `${name} within two clicks`).toBeGreaterThan(0);
    // Renewal: its own page once one is opened, else the alliance page's renewal section.
    const renewal = at(new RegExp(`^${a}/renewals/\\d+$`)).length > 0 || pages.some((p) => p.url.startsWith(a) && p.fragment === 'renewal' && p.html.includes('id="renewal"'));
    expect(renewal, 'renewal within two clicks').toBe(true);
    // And the scorecard is a real one: it names both parties and is published.
    const card = at(practices.scorecard!)[0]!;
    expect(card.html).toMatch(/sindicato|union|harakat|حركة/i);
    await context.close();
  }, 420_000);
});

// README screenshots (issue 6 §2), taken from the real app: `daylight serve --demo` on a fresh
// data directory and a free port on 127.0.0.1, photographed in Debian's Chromium through
// playwright-core (never a downloaded browser), 1000 px wide, PNG, into docs/screenshots/.
//   npm run build && node scripts/screenshots.mjs
// SCREENSHOTS_DEMO=DIR reuses a demo data directory loaded before (skips the minute of loading);
// DAYLIGHT_CHROMIUM names another Chromium binary.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'docs/screenshots');
const CHROMIUM = process.env.DAYLIGHT_CHROMIUM ?? '/usr/bin/chromium';
const MAX_BYTES = 150 * 1024;

/** name, path, language: what a newcomer sees first, the covenant, a scorecard in Arabic, the health page. */
const SHOTS = [
  ['home', '/', 'en'],
  ['covenant', '/alliances/demo/covenant/versions/1', 'en'],
  ['scorecard-ar', null, 'ar'], // the first published scorecard, found on the cycles page
  ['health', '/alliances/demo/health', 'en'],
];

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function serve(dataDir, port) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'dist/cli/main.js'), 'serve', '--demo', '--data', dataDir, '--port', String(port)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => {
      err += d;
      if (/Daylight is serving on/.test(err)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`daylight serve exited with ${code}: ${err.slice(-400)}`)));
  });
}

const work = mkdtempSync(path.join(os.tmpdir(), 'daylight-shots-'));
const port = await freePort();
const server = await serve(process.env.SCREENSHOTS_DEMO ?? path.join(work, 'demo'), port);
const base = `http://127.0.0.1:${port}`;
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true });
try {
  mkdirSync(out, { recursive: true });
  const cycles = await (await fetch(`${base}/alliances/demo/cycles`)).text();
  const card = /href="(\/scorecards\/[0-9]+)"/.exec(cycles)?.[1];
  if (!card) throw new Error('no published scorecard on /alliances/demo/cycles');
  for (const [name, p, lang] of SHOTS) {
    const context = await browser.newContext({ viewport: { width: 1000, height: 760 }, deviceScaleFactor: 1, locale: lang === 'ar' ? 'ar-TN' : 'en-GB' });
    await context.addCookies([{ name: 'daylight_lang', value: lang, domain: '127.0.0.1', path: '/' }]);
    const page = await context.newPage();
    const res = await page.goto(base + (p ?? card));
    if (!res?.ok()) throw new Error(`${p ?? card}: ${res?.status()}`);
    const file = path.join(out, `${name}.png`);
    await page.screenshot({ path: file, fullPage: false });
    const bytes = statSync(file).size;
    console.log(`${path.relative(root, file)}  ${(bytes / 1024).toFixed(0)} KB  ${p ?? card} (${lang})`);
    if (bytes > MAX_BYTES) throw new Error(`${file} is ${bytes} bytes, over ${MAX_BYTES}`);
    await context.close();
  }
} finally {
  await browser.close();
  server.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}

// Page weights (issue 6 §5: every page at most 30 KB transferred, HTML + CSS, compressed).
// The demo alliance is loaded into a fresh instance and served on 127.0.0.1; every page reached
// by links from the home page (signed out, breadth first; archive files, PDFs, calendar feeds,
// JSON, ZIP and the API are not pages) is fetched as a browser asks for it (Accept-Encoding:
// gzip), in English and in Arabic, and the bytes on the wire are counted: the page, and the one
// stylesheet it links (cached after the first page, but counted on every page here). No web
// fonts, scripts only on the pages that sign or send feedback (not counted: they only enhance).
// Standalone: npm run build && node bench/pages.mjs
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { initInstance, openInstance } from '../dist/services/instance.js';
import { seedDemo } from '../dist/demo/seed.js';
import { startServer } from '../dist/http/server.js';

const LIMIT = 30 * 1024;
const NOT_A_PAGE = /^\/(api\/|archive\/.|static\/)|\.(json|zip|ics|pdf|txt|csv|yaml|typ)$/;

/** GET with the browser's Accept-Encoding; the bytes as they came over the wire. */
function get(url, lang) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { 'Accept-Encoding': 'gzip', Cookie: `daylight_lang=${lang}` } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, wire: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

async function text(res) {
  if (res.headers['content-encoding'] !== 'gzip') return res.wire.toString('utf8');
  const { gunzipSync } = await import('node:zlib');
  return gunzipSync(res.wire).toString('utf8');
}

const unescape = (s) => s.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#39;', "'");

async function crawl(origin, lang) {
  const queue = ['/'];
  const seen = new Set(queue);
  const pages = [];
  let css = null;
  while (queue.length > 0) {
    const p = queue.shift();
    const res = await get(origin + p, lang);
    if (res.status !== 200 || !String(res.headers['content-type']).startsWith('text/html')) continue;
    const html = await text(res);
    const sheets = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]);
    let cssBytes = 0;
    for (const s of sheets) {
      css ??= (await get(origin + s, lang)).wire.length;
      cssBytes += css;
    }
    pages.push({ path: p, html: res.wire.length, gzip: res.headers['content-encoding'] === 'gzip', css: cssBytes });
    for (const m of html.matchAll(/<a [^>]*href="([^"]+)"/g)) {
      const u = new URL(unescape(m[1]), origin + p);
      if (u.origin !== origin || u.searchParams.has('lang') || NOT_A_PAGE.test(u.pathname)) continue;
      const next = u.pathname + u.search;
      if (!seen.has(next)) (seen.add(next), queue.push(next));
    }
  }
  return pages;
}

/** Groups the pages by template ("/scorecards/:id") and keeps the heaviest of each. */
function byTemplate(pages) {
  const key = (p) =>
    p
      .replace(/\?.*$/, '')
      .replace(/\/scorecards\/\d+/, '/scorecards/:id')
      .replace(/\/(orgs)\/[^/]+/, '/$1/:slug')
      .replace(/\/(versions|renewals|lessons|proposals)\/\d+/, '/$1/:n');
  const groups = new Map();
  for (const p of pages) {
    const k = key(p.path) + (p.path.includes('?') && !key(p.path).includes(':') ? ' (?n=…)' : '');
    const g = groups.get(k);
    if (!g) groups.set(k, { template: k, count: 1, ...p });
    else {
      g.count += 1;
      if (p.html + p.css > g.html + g.css) Object.assign(g, p);
    }
  }
  return [...groups.values()];
}

export async function benchPages(dir) {
  const dataDir = mkdtempSync(path.join(dir ?? os.tmpdir(), 'daylight-pages-'));
  await initInstance({ dataDir, origin: 'bench.example/daylight' });
  const now = new Date();
  let clock = now;
  const ctx = await openInstance({ dataDir, now: () => clock });
  const server = await startServer(ctx, { port: 0 });
  try {
    await seedDemo(ctx, (d) => (clock = d), now);
    clock = now;
    const origin = server.url;
    const en = byTemplate(await crawl(origin, 'en'));
    const ar = new Map(byTemplate(await crawl(origin, 'ar')).map((p) => [p.template, p]));
    const rows = [];
    const results = [];
    let heaviest = 0;
    for (const p of en) {
      const a = ar.get(p.template);
      const total = Math.max(p.html + p.css, a ? a.html + a.css : 0);
      heaviest = Math.max(heaviest, total);
      results.push({ page: p.template, pages: p.count, htmlGzipEn: p.html, htmlGzipAr: a?.html ?? null, cssGzip: p.css, total, compressed: p.gzip });
      rows.push([
        `page weight ${p.template}${p.count > 1 ? ` (heaviest of ${p.count})` : ''}: HTML en / ar + CSS, gzip`,
        `${kb(p.html)} / ${a ? kb(a.html) : '—'} + ${kb(p.css)} = ${kb(total)}${total <= LIMIT ? ' ✓' : ' ✗'}`,
      ]);
    }
    rows.push([`heaviest page of the demo (${en.reduce((n, p) => n + p.count, 0)} pages), HTML + CSS gzip`, `${kb(heaviest)} (target ≤ 30 KB)`]);
    return { results: { pages: results, heaviest }, rows };
  } finally {
    await server.close();
    await ctx.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { rows } = await benchPages();
  console.log('| measure | result |\n|---|---|');
  for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
}

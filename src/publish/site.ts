/**
 * The human pages of the static export (issue 6 §7), drawn by the live site's own routes and
 * views — one set of templates — and made to read from any static host, file:// included.
 *
 * How: the live application (http/app.ts) is asked for each public page in-process, signed out,
 * in each language (Accept-Language), with `daylightStatic` in the request's environment
 * (routes/render.ts staticSite): the views then leave out sign-in and the API, say which archive
 * size the copy was cut at, and link each record's index to its entry bundle. The HTML is then
 * made static:
 *   - every form is removed (a static host has no server to post to), every script too;
 *   - every link becomes relative: a page to its file, a record or document to its file in the
 *     export (tile/entries/…, doc/sha256/…), the language switcher to the same page in the other
 *     language, a twin to its .json file; a link to anything not in the export (sign in, the
 *     triad workspace, a form's page) is unwrapped to its text.
 * Pages are found by following links from the home page, keeping only paths that are public
 * pages (views/twin.ts TWIN_PAGES, plus a cycle chosen with ?n=) or public files (calendar,
 * covenant documents, signature notes).
 *
 * Layout under the export root:
 *   site/index.html                   the home page in the first language (English by default)
 *   site/<lang>/index.html            the home page; every page P at site/<lang>/P.html and its
 *   site/<lang>/P.json                JSON twin beside it (the same bytes in every language)
 *   site/static/daylight.css          the live stylesheet
 *   site/files/P                      public files pages link to (covenant.json, calendar.ics …)
 * Only text/html pages are written as pages: a page the live site refuses (404, a redirect to
 * sign in) is not exported and links to it are unwrapped.
 */
import { posix } from 'node:path';
import type { Hono } from 'hono';
import type { Ctx } from '../services/context.js';
import { createApp } from '../http/app.js';
import { LOCALES, type Locale } from '../i18n/index.js';
import { pageOfTwin, twinOf, twinPath } from '../http/views/twin.js';
import type { StaticSite } from '../http/views/page.js';
import { entriesPath, parseTilePath, TILE_WIDTH } from '../ledger/tile.js';
import { OPEN_DATA_PATH } from './open-data.js';

export const SITE_PREFIX = 'site';

export interface SiteOptions {
  /** the checkpoint size the export is cut at */
  treeSize: number;
  /** languages to write (default: all five) */
  locales?: readonly Locale[];
  /** where the export will be served, shown in the verify command; default "." */
  archiveUrl?: string;
  /** whether a path (relative to the export root) is a file of the export */
  exported: (path: string) => boolean;
}

/** A public page: a path, and for the cycles page an optional chosen cycle. */
const CYCLE_QUERY = /^\/alliances\/[a-z0-9-]+\/cycles$/;
const FILES = [
  /^\/alliances\/[a-z0-9-]+\/calendar\.ics$/,
  /^\/alliances\/[a-z0-9-]+\/covenant\/versions\/[0-9]{1,9}\/(covenant\.json|covenant\.yaml|note\.txt)$/,
  /^\/alliances\/[a-z0-9-]+\/renewals\/[0-9]{1,9}\/note\.txt$/,
];
const STYLESHEET = '/static/daylight.css';

/** Every file of the static site, by path relative to the export root. */
export async function renderSite(ctx: Ctx, opts: SiteOptions): Promise<Map<string, Uint8Array>> {
  const app = createApp(ctx);
  const site: StaticSite = { treeSize: opts.treeSize, archiveUrl: opts.archiveUrl ?? '.' };
  const locales = opts.locales ?? LOCALES;
  const get = async (url: string, locale: Locale) => app.request(url, { headers: { 'Accept-Language': locale } }, { daylightStatic: site });

  const { pages, files } = await discover(get);
  const out = new Map<string, Uint8Array>();
  for (const [url, body] of files) out.set(`${SITE_PREFIX}/files${url}`, body);
  out.set(`${SITE_PREFIX}/static/daylight.css`, new Uint8Array(await (await app.request(STYLESHEET)).arrayBuffer()));

  const links: Links = { treeSize: opts.treeSize, pages: new Set(pages), files: new Set(files.keys()), exported: opts.exported, openData: opts.exported(OPEN_DATA_PATH) };
  for (const locale of locales) {
    for (const key of pages) {
      const res = await get(key, locale);
      if (res.status !== 200) continue; // gone since it was found: its links are unwrapped by the check below
      out.set(pageFile(locale, key), Buffer.from(staticHtml(await res.text(), locale, key, links), 'utf8'));
    }
  }
  for (const key of pages) {
    const twin = twinPath(pathOf(key));
    if (twin === null || key.includes('?')) continue;
    const res = await twinResponse(app, twin);
    if (res === null) continue;
    for (const locale of locales) out.set(twinFile(locale, key), res);
  }
  // site/index.html: the home page in the first language, its links made relative from there.
  const home = await get('/', locales[0]!);
  if (home.status === 200) out.set(`${SITE_PREFIX}/index.html`, Buffer.from(staticHtml(await home.text(), locales[0]!, '/', links, `${SITE_PREFIX}/index.html`), 'utf8'));
  return out;
}

async function twinResponse(app: Hono, twin: string): Promise<Uint8Array | null> {
  const res = await app.request(twin);
  if (res.status !== 200) return null;
  return Buffer.from(JSON.stringify(await res.json(), null, 1) + '\n', 'utf8');
}

type Get = (url: string, locale: Locale) => Promise<Response>;

/** Follows links from the home page (English) to every public page and file. */
async function discover(get: Get): Promise<{ pages: string[]; files: Map<string, Uint8Array> }> {
  const pages: string[] = [];
  const files = new Map<string, Uint8Array>();
  const seen = new Set<string>(['/']);
  const queue = ['/'];
  while (queue.length > 0) {
    const url = queue.shift()!;
    const res = await get(url, 'en');
    if (res.status !== 200) {
      await res.body?.cancel();
      continue;
    }
    if (FILES.some((re) => re.test(url))) {
      files.set(url, new Uint8Array(await res.arrayBuffer()));
      continue;
    }
    if (!(res.headers.get('Content-Type') ?? '').startsWith('text/html')) {
      await res.body?.cancel();
      continue;
    }
    pages.push(url);
    for (const m of (await res.text()).matchAll(/\shref="([^"]*)"/g)) {
      const next = publicUrl(unescape(m[1]!));
      if (next !== null && !seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return { pages: pages.sort(), files };
}

/** The page or file a live link names, normalized, if it is one the export may hold. */
function publicUrl(href: string): string | null {
  if (!href.startsWith('/')) return null;
  const [pathAndQuery] = href.split('#') as [string];
  const [rawPath, query = ''] = pathAndQuery.split('?') as [string, string?];
  const path = rawPath === '/archive/' ? '/archive' : rawPath;
  if (FILES.some((re) => re.test(path))) return query === '' ? path : null;
  if (twinOf(path) === null) return null;
  if (query === '') return path;
  const n = /^n=([0-9]{1,9})$/.exec(query);
  return n !== null && CYCLE_QUERY.test(path) ? `${path}?n=${n[1]}` : null;
}

const pathOf = (key: string): string => key.split('?')[0]!;

/** The file of page `key` in `locale`: "/" → index.html, "/x/cycles?n=5" → x/cycles/5.html, P → P.html. */
function pageStem(locale: Locale, key: string): string {
  const [path, query] = key.split('?') as [string, string?];
  if (path === '/') return `${SITE_PREFIX}/${locale}/index`;
  if (query !== undefined) return `${SITE_PREFIX}/${locale}${path}/${query.slice('n='.length)}`;
  return `${SITE_PREFIX}/${locale}${path}`;
}
export const pageFile = (locale: Locale, key: string): string => `${pageStem(locale, key)}.html`;
const twinFile = (locale: Locale, key: string): string => `${pageStem(locale, key)}.json`;

interface Links {
  treeSize: number;
  pages: Set<string>;
  files: Set<string>;
  exported: (path: string) => boolean;
  openData: boolean;
}

/** The export path a live link points to from a page, or null when the export does not hold it. */
function target(href: string, locale: Locale, key: string, links: Links): string | null {
  const lang = /^\?lang=([a-z]{2})$/.exec(href);
  if (lang !== null) return (LOCALES as readonly string[]).includes(lang[1]!) ? pageFile(lang[1] as Locale, key) : null;
  if (!href.startsWith('/')) return null;
  const path = href.split(/[?#]/)[0]!;
  if (path === STYLESHEET) return `${SITE_PREFIX}/static/daylight.css`;
  if (path === `/${OPEN_DATA_PATH}`) return links.openData ? OPEN_DATA_PATH : null;
  if (path.startsWith('/archive/') && path !== '/archive/') return archiveFile(path.slice('/archive/'.length), links);
  const twinPage = pageOfTwin(path);
  if (twinPage !== null) return links.pages.has(twinPage) ? twinFile(locale, twinPage) : null;
  const url = publicUrl(href);
  if (url === null) return null;
  if (links.pages.has(url)) return pageFile(locale, url);
  if (links.files.has(url)) return `${SITE_PREFIX}/files${url}`;
  return null;
}

/**
 * An archive file, if the export holds it. A bundle a page named at a later checkpoint (its
 * partial width grew) is the export's own bundle N, when that holds the same entries and more.
 */
function archiveFile(path: string, links: Links): string | null {
  if (links.exported(path)) return path;
  let parsed: ReturnType<typeof parseTilePath>;
  try {
    parsed = parseTilePath(path);
  } catch {
    return null;
  }
  if (!parsed.entries) return null;
  const n = parsed.tile.n;
  const width = Math.min(TILE_WIDTH, links.treeSize - n * TILE_WIDTH);
  if (width < parsed.tile.width) return null; // the export was cut before these entries
  const ours = entriesPath(n, width);
  return links.exported(ours) ? ours : null;
}

/** The page's HTML made static: forms and scripts out, links relative or unwrapped. */
export function staticHtml(html: string, locale: Locale, key: string, links: Links, at = pageFile(locale, key)): string {
  const from = posix.dirname(at);
  const rel = (href: string): string | null => {
    if (href.startsWith('#') || href.startsWith('data:')) return href;
    const to = target(href, locale, key, links);
    if (to === null) return null;
    const hash = href.includes('#') ? href.slice(href.indexOf('#')) : '';
    return posix.relative(from, to) + hash;
  };
  return html
    .replace(/<form\b[\s\S]*?<\/form>/g, '')
    .replace(/<script\b[\s\S]*?<\/script>/g, '')
    .replace(/<a\b([^>]*)>([\s\S]*?)<\/a>/g, (whole, attrs: string, inner: string) => {
      const href = /\shref="([^"]*)"/.exec(attrs);
      if (href === null) return whole;
      const to = rel(unescape(href[1]!));
      if (to === null) return inner;
      return `<a${attrs.replace(href[0], ` href="${escapeAttr(to)}"`)}>${inner}</a>`;
    })
    .replace(/<link\b([^>]*)\/?>/g, (whole, attrs: string) => {
      const href = /\shref="([^"]*)"/.exec(attrs);
      if (href === null) return whole;
      const to = rel(unescape(href[1]!));
      return to === null ? '' : whole.replace(href[0], ` href="${escapeAttr(to)}"`);
    });
}

/** Hono escapes attribute values; links are read back from that form. */
function unescape(s: string): string {
  return s.replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

function escapeAttr(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
}

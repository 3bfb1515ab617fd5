/**
 * Shared by the page-security tests: a breadth-first crawl of a site's HTML pages in-process
 * (through the cookie-keeping Browser of harness.ts), and the checks made on each page's markup.
 * Files, feeds, JSON and the archive's tiles are not pages and are not followed.
 */
import type { Browser } from './harness.js';

export interface Page {
  path: string;
  status: number;
  html: string;
  csp: string | null;
}

/** Paths that are files, feeds or machine formats, not pages. */
export function notAPage(path: string): boolean {
  return (
    path.startsWith('/api') ||
    path.startsWith('/static/') ||
    path.startsWith('/archive/tile/') ||
    path.startsWith('/archive/doc/') ||
    path.startsWith('/open-data/') ||
    path === '/archive/checkpoint' ||
    path === '/archive/log.vkey' ||
    path === '/logout' ||
    /\.(pdf|ics|json|csv|zip|txt|yaml|yml|md|typ)$/i.test(path)
  );
}

/** Every value of an attribute in the markup (double-quoted, as Hono writes them). */
export function attributeValues(html: string, name: string): string[] {
  const re = new RegExp(`\\s${name}="([^"]*)"`, 'gi');
  return [...html.matchAll(re)].map((m) => decode(m[1]!));
}

export function decode(s: string): string {
  return s
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

export async function crawl(browser: Browser, seeds: string[], limit = 600): Promise<Page[]> {
  const queue = [...seeds];
  const seen = new Set(queue);
  const pages: Page[] = [];
  while (queue.length > 0 && pages.length < limit) {
    const path = queue.shift()!;
    const res = await browser.get(path);
    const type = res.headers.get('Content-Type') ?? '';
    if (!type.startsWith('text/html')) {
      await res.arrayBuffer();
      continue;
    }
    const html = await res.text();
    pages.push({ path, status: res.status, html, csp: res.headers.get('Content-Security-Policy') });
    for (const href of attributeValues(html, 'href')) {
      if (!href.startsWith('/') || href.startsWith('//')) continue;
      const u = new URL(href, 'http://site.invalid');
      const next = u.pathname + (u.searchParams.has('n') ? `?n=${u.searchParams.get('n')}` : '');
      if (seen.has(next) || notAPage(u.pathname)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return pages;
}

/**
 * What hostile text must never become: a script element other than the app's own static files,
 * an event-handler attribute, a javascript: URL, a style element or style attribute, a link to
 * another host. Returns one line per problem found.
 */
export function markupProblems(page: Page): string[] {
  const problems: string[] = [];
  const { html, path } = page;
  for (const m of html.matchAll(/<script\b([^>]*)>/gi)) {
    // the app's own file by src, as a module or deferred, and no other attribute
    const rest = m[1]!.replace(/\ssrc="\/static\/[a-z-]+\.js"/, '').replace(/\stype="module"/, '').replace(/\sdefer(="")?/, '');
    if (!/\ssrc="\/static\//.test(m[1]!) || rest.trim() !== '') problems.push(`${path}: script element ${m[0]}`);
  }
  // Inside a double-quoted attribute value (a form field refilled with hostile text) " onerror="
  // is text: Hono escapes every quote in it, so the value ends only at its real closing quote, and
  // text that broke out of it would stand outside the quotes, where it is still found.
  const tags = html.replace(/="[^"]*"/g, '=""');
  for (const m of tags.matchAll(/<[a-z][a-z0-9-]*\b[^>]*?\s(on[a-z]+)\s*=/gi)) problems.push(`${path}: event-handler attribute ${m[1]}`);
  if (/<style\b/i.test(html)) problems.push(`${path}: a style element`);
  if (/<[a-z][^>]*\sstyle=/i.test(tags)) problems.push(`${path}: a style attribute`);
  for (const attr of ['href', 'src', 'action', 'formaction']) {
    for (const v of attributeValues(html, attr)) {
      const url = v.trim().toLowerCase();
      if (url.startsWith('javascript:')) problems.push(`${path}: ${attr}="${v}"`);
      else if (!sameOrigin(v)) problems.push(`${path}: ${attr}="${v}" leaves the site`);
    }
  }
  return problems;
}

/** A relative reference, or a data: URL (the empty favicon): nothing fetched from another host. */
export function sameOrigin(url: string): boolean {
  if (url.startsWith('//')) return false;
  if (/^data:/i.test(url)) return true;
  return !/^[a-z][a-z0-9+.-]*:/i.test(url);
}

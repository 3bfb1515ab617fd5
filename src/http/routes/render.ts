/** From a request's context to a view's props, and from a view to an HTML response. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { translator } from '../../i18n/index.js';
import { renderDocument, type PageInfo, type StaticSite } from '../views/page.js';

/**
 * The static export (publish/site.ts) asks for pages in-process with `daylightStatic` in the
 * request's environment; no request from the network can set it (the server's environment is
 * the Node request and response), so a live page is never drawn in static mode.
 */
export function staticSite(c: Context): StaticSite | undefined {
  const env = c.env as { daylightStatic?: StaticSite } | undefined;
  return env?.daylightStatic;
}

export function pageInfo(c: Context): PageInfo {
  const session = c.get('session') ?? null;
  const locale = c.get('locale') ?? 'en';
  const site = staticSite(c);
  return {
    locale,
    t: c.get('t') ?? translator(locale),
    path: c.req.path,
    user: session && site === undefined ? { username: session.account.username, csrf: session.csrfToken } : null,
    ...(site === undefined ? {} : { static: site }),
    ...(site === undefined && c.get('timeZone') ? { timeZone: c.get('timeZone')! } : {}),
  };
}

/**
 * Pages depend on the reader's session and language, so shared caches must not keep them;
 * pages showing a secret (a new API token) are not stored at all.
 */
export function sendPage(
  c: Context,
  element: unknown,
  { status = 200, store = true }: { status?: ContentfulStatusCode; store?: boolean } = {},
): Response {
  return c.html(renderDocument(element), status, { 'Cache-Control': store ? 'private, no-cache' : 'no-store' });
}

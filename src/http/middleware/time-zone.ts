/**
 * The reader's time zone (issue 6 §3), chosen on /time-zone and remembered in the daylight_tz
 * cookie: `?tz=Area/City` on any page sets it (like ?lang, so it works with JavaScript off),
 * `?tz=` forgets it. Without a choice pages show UTC with the zone named; with JavaScript,
 * static/time.js offers the browser's own zone on /time-zone, preselected.
 */
import type { MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

export const TZ_COOKIE = 'daylight_tz';
const ONE_YEAR = 365 * 24 * 60 * 60;

/** An IANA zone name the platform knows (Intl refuses the rest), canonical spelling; else null. */
export function timeZoneOf(value: string | undefined): string | null {
  if (!value || value.length > 64 || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(value)) return null;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export function timeZone({ secure = false }: { secure?: boolean } = {}): MiddlewareHandler {
  return async function timeZoneMiddleware(c, next) {
    const query = c.req.query('tz');
    let zone = timeZoneOf(getCookie(c, TZ_COOKIE));
    if (query !== undefined) {
      zone = timeZoneOf(query);
      if (zone === null) deleteCookie(c, TZ_COOKIE, { path: '/' });
      else setCookie(c, TZ_COOKIE, zone, { path: '/', sameSite: 'Lax', httpOnly: true, secure, maxAge: ONE_YEAR });
    }
    c.set('timeZone', zone);
    await next();
  };
}

/**
 * Picks the page language (i18n/index.ts negotiate: ?lang, cookie, Accept-Language, en) and
 * remembers an explicit ?lang choice in the daylight_lang cookie. Responses say which language
 * they are in and that they vary by the request headers that chose it.
 */
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { isLocale, negotiate, translator } from '../../i18n/index.js';

export const LANG_COOKIE = 'daylight_lang';
const ONE_YEAR = 365 * 24 * 60 * 60;

export function language({ secure = false }: { secure?: boolean } = {}): MiddlewareHandler {
  return async function languageMiddleware(c, next) {
    const query = c.req.query('lang');
    const locale = negotiate(c.req.header('Accept-Language'), getCookie(c, LANG_COOKIE), query);
    if (isLocale(query) && getCookie(c, LANG_COOKIE) !== query) {
      setCookie(c, LANG_COOKIE, query, { path: '/', sameSite: 'Lax', httpOnly: true, secure, maxAge: ONE_YEAR });
    }
    c.set('locale', locale);
    c.set('t', translator(locale));
    await next();
    // Only pages depend on the language; archive files and JSON must stay cacheable as they are.
    if (c.res.headers.get('Content-Type')?.startsWith('text/html')) {
      c.res.headers.set('Content-Language', locale);
      c.res.headers.append('Vary', 'Accept-Language, Cookie');
    }
  };
}

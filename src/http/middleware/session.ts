/**
 * Browser sessions: the daylight_session cookie carries a random token; the account behind it
 * comes from services/accounts sessionFromToken (which stores only the token's hash).
 * The cookie is HttpOnly (no script can read it), SameSite=Lax (not sent on cross-site POSTs),
 * Path=/, and Secure when the instance is served over HTTPS. A cookie that names no live session
 * is cleared so the browser stops sending it.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { SessionInfo } from '../env.js';

export const SESSION_COOKIE = 'daylight_session';

export type SessionLookup = (token: string) => Promise<Omit<SessionInfo, 'token'> | null>;

/** A token is short printable ASCII; anything else is not worth a database read. */
const TOKEN_SHAPE = /^[\x21-\x7e]{16,256}$/;

export function sessions({ lookup, secure = false }: { lookup: SessionLookup; secure?: boolean }): MiddlewareHandler {
  return async function sessionMiddleware(c, next) {
    const token = getCookie(c, SESSION_COOKIE);
    let session: SessionInfo | null = null;
    if (token !== undefined) {
      const found = TOKEN_SHAPE.test(token) ? await lookup(token) : null;
      if (found) session = { token, ...found };
      else clearSessionCookie(c, secure);
    }
    c.set('session', session);
    await next();
  };
}

/**
 * Max-Age rather than Expires: the lifetime is counted on the server's clock, so a reader's
 * wrong clock neither ends the session early nor keeps it. Browsers cap cookies at 400 days
 * (RFC 6265bis §5.5), and so does Hono.
 */
export function setSessionCookie(c: Context, token: string, lifetimeMs: number, secure: boolean): void {
  const maxAge = Math.max(0, Math.min(MAX_COOKIE_AGE, Math.floor(lifetimeMs / 1000)));
  setCookie(c, SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'Lax', secure, maxAge });
}

const MAX_COOKIE_AGE = 400 * 24 * 60 * 60;

export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Lax', secure });
}

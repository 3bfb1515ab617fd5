/**
 * Cross-site request forgery defence for HTML forms (OWASP CSRF Prevention Cheat Sheet:
 * synchronizer token; double-submit cookie for forms shown before sign-in).
 *   signed in:  the form's hidden `csrf` field must equal the session's csrfToken
 *   signed out: it must equal the daylight_csrf cookie (random, HttpOnly, SameSite=Strict),
 *               set the first time a page renders a form (c.var.csrfToken())
 * Compared in constant time over SHA-256 digests, so neither content nor length leaks.
 * Only for routes that read the session cookie: the JSON API authenticates by Bearer token
 * alone, which a browser never attaches on its own, and is mounted outside this middleware.
 * Runs after the session middleware.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { serialize } from 'hono/utils/cookie';
import { randomBase64url } from '../../services/random.js';

export const CSRF_COOKIE = 'daylight_csrf';
export const CSRF_FIELD = 'csrf';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function tokensMatch(given: string, expected: string): boolean {
  if (given.length === 0 || expected.length === 0) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export interface CsrfOptions {
  secure?: boolean;
  /** The 403 response; the default is one plain line. */
  onReject?: (c: Context) => Response | Promise<Response>;
}

export function csrf({ secure = false, onReject = defaultReject }: CsrfOptions = {}): MiddlewareHandler {
  return async function csrfMiddleware(c, next) {
    const session = c.get('session');
    const anonymous = anonymousToken(c, secure);
    c.set('csrfToken', () => (session ? session.csrfToken : anonymous()));
    if (UNSAFE.has(c.req.method)) {
      const expected = session ? session.csrfToken : getCookie(c, CSRF_COOKIE) ?? '';
      const given = await formField(c, CSRF_FIELD);
      if (!tokensMatch(given, expected)) return onReject(c);
    }
    await next();
  };
}

/**
 * A signed-out reader's token: theirs from the cookie, else a new one, set in the cookie the
 * first time a page asks for it (a page without a form sets no cookie).
 */
export function anonymousToken(c: Context, secure: boolean): () => string {
  let token = anonymousTokenOf(getCookie(c, CSRF_COOKIE));
  return () => {
    if (!token) {
      token = newAnonymousToken();
      c.header('Set-Cookie', csrfCookie(token, secure), { append: true });
    }
    return token;
  };
}

/** The cookie's token if it can be one (a short value is a forgery or a leftover: replaced). */
export function anonymousTokenOf(cookie: string | undefined): string | undefined {
  return cookie !== undefined && cookie.length >= 32 ? cookie : undefined;
}

export function newAnonymousToken(): string {
  return randomBase64url(32);
}

/** The Set-Cookie value for a signed-out reader's token: HttpOnly, SameSite=Strict, whole site. */
export function csrfCookie(token: string, secure: boolean): string {
  return serialize(CSRF_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'Strict', secure });
}

/** The field from a urlencoded or multipart body; '' for any other body. Hono caches the parse. */
async function formField(c: Context, name: string): Promise<string> {
  const type = c.req.header('Content-Type') ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) return '';
  try {
    const value = (await c.req.parseBody())[name];
    return typeof value === 'string' ? value : '';
  } catch {
    return '';
  }
}

function defaultReject(c: Context): Response {
  return c.text('Forbidden: this form is missing its security token. Reload the page and send it again.', 403);
}

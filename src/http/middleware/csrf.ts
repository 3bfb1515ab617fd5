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
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

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
    const cookieToken = getCookie(c, CSRF_COOKIE);
    let anonymousToken = cookieToken && cookieToken.length >= 32 ? cookieToken : undefined;
    c.set('csrfToken', () => {
      if (session) return session.csrfToken;
      if (!anonymousToken) {
        anonymousToken = randomBytes(32).toString('base64url');
        setCookie(c, CSRF_COOKIE, anonymousToken, { path: '/', httpOnly: true, sameSite: 'Strict', secure });
      }
      return anonymousToken;
    });
    if (UNSAFE.has(c.req.method)) {
      const expected = session ? session.csrfToken : cookieToken ?? '';
      const given = await formField(c, CSRF_FIELD);
      if (!tokensMatch(given, expected)) return onReject(c);
    }
    await next();
  };
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

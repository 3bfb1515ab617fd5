/**
 * Response headers that keep pages inert and private (W3C CSP Level 3, Fetch §nosniff,
 * Referrer Policy, HTML §COOP). No inline script or style is allowed anywhere, so an escaping
 * bug cannot become script execution; no referrer leaks which page a reader came from.
 * A handler may set its own value first (the archive sandboxes documents); it is kept.
 */
import type { MiddlewareHandler } from 'hono';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "script-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

export function securityHeaders(headers: Readonly<Record<string, string>> = SECURITY_HEADERS): MiddlewareHandler {
  const entries = Object.entries(headers);
  return async function securityHeadersMiddleware(c, next) {
    await next();
    for (const [name, value] of entries) {
      if (!c.res.headers.has(name)) c.res.headers.set(name, value);
    }
  };
}

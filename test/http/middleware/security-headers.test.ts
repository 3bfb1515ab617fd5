import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { CONTENT_SECURITY_POLICY, securityHeaders } from '../../../src/http/middleware/security-headers.js';

function app() {
  const a = new Hono();
  a.use(securityHeaders());
  a.get('/', (c) => c.text('ok'));
  a.get('/own', (c) => c.text('doc', 200, { 'Content-Security-Policy': "default-src 'none'; sandbox" }));
  return a;
}

describe('securityHeaders', () => {
  it('sets the policy the pages rely on, without any unsafe-* source', async () => {
    const res = await app().request('/');
    const csp = res.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toBe(CONTENT_SECURITY_POLICY);
    for (const d of ["default-src 'none'", "style-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"]) {
      expect(csp).toContain(d);
    }
    expect(csp).not.toMatch(/unsafe-/);
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(res.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
  });

  it('keeps a policy the handler chose and still adds the rest', async () => {
    const res = await app().request('/own');
    expect(res.headers.get('Content-Security-Policy')).toBe("default-src 'none'; sandbox");
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
  });

  it('covers responses for unknown paths too', async () => {
    const res = await app().request('/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers.get('Content-Security-Policy')).toBe(CONTENT_SECURITY_POLICY);
  });
});

import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { CSRF_COOKIE, csrf, tokensMatch } from '../../../src/http/middleware/csrf.js';
import type { SessionInfo } from '../../../src/http/env.js';

const sessionCsrf = 's'.repeat(43);
const signedIn: SessionInfo = { token: 't'.repeat(43), account: { id: 1, username: 'ana', instanceAdmin: false }, csrfToken: sessionCsrf };

function app(session: SessionInfo | null, secure = false) {
  let changes = 0;
  const a = new Hono();
  a.use(async (c, next) => {
    c.set('session', session);
    await next();
  });
  a.use(csrf({ secure }));
  a.get('/form', (c) => c.text(c.get('csrfToken')()));
  a.get('/plain', (c) => c.text('no form here'));
  a.post('/change', (c) => {
    changes++;
    return c.text('changed');
  });
  return { app: a, changes: () => changes };
}

const form = (fields: Record<string, string>, cookie?: string) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) },
  body: new URLSearchParams(fields).toString(),
});

describe('tokensMatch', () => {
  it('is equality, never for empty strings', () => {
    expect(tokensMatch('abc', 'abc')).toBe(true);
    expect(tokensMatch('abc', 'abd')).toBe(false);
    expect(tokensMatch('abc', 'abcd')).toBe(false);
    expect(tokensMatch('', '')).toBe(false);
  });
});

describe('csrf middleware, signed out (double-submit cookie)', () => {
  it('sets the cookie only on pages that render a form, HttpOnly and SameSite=Strict', async () => {
    const { app: a } = app(null);
    expect((await a.request('/plain')).headers.getSetCookie()).toEqual([]);
    const res = await a.request('/form');
    const token = await res.text();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = res.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(new RegExp(`^${CSRF_COOKIE}=${token};`));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
  });

  it('accepts a form whose field matches the cookie', async () => {
    const { app: a, changes } = app(null);
    const res = await a.request('/form');
    const token = await res.text();
    const ok = await a.request('/change', form({ csrf: token }, `${CSRF_COOKIE}=${token}`));
    expect(ok.status).toBe(200);
    expect(changes()).toBe(1);
  });

  it('refuses a missing field, a missing cookie, a mismatch, and a non-form body, with 403 and no change', async () => {
    const { app: a, changes } = app(null);
    const token = await (await a.request('/form')).text();
    const attempts = [
      form({}, `${CSRF_COOKIE}=${token}`),
      form({ csrf: token }),
      form({ csrf: token.replace(/.$/, token.endsWith('A') ? 'B' : 'A') }, `${CSRF_COOKIE}=${token}`),
      { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: `${CSRF_COOKIE}=${token}` }, body: JSON.stringify({ csrf: token }) },
    ];
    for (const init of attempts) expect((await a.request('/change', init)).status).toBe(403);
    expect(changes()).toBe(0);
  });
});

describe('csrf middleware, signed in (synchronizer token)', () => {
  it('hands out the session token and sets no cookie', async () => {
    const res = await app(signedIn).app.request('/form');
    expect(await res.text()).toBe(sessionCsrf);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('requires the session token: a valid anonymous cookie pair is not enough', async () => {
    const { app: a, changes } = app(signedIn);
    const anon = 'x'.repeat(43);
    expect((await a.request('/change', form({ csrf: anon }, `${CSRF_COOKIE}=${anon}`))).status).toBe(403);
    expect(changes()).toBe(0);
    expect((await a.request('/change', form({ csrf: sessionCsrf }))).status).toBe(200);
    expect(changes()).toBe(1);
  });

  it('also accepts multipart forms', async () => {
    const { app: a } = app(signedIn);
    const body = new FormData();
    body.set('csrf', sessionCsrf);
    expect((await a.request('/change', { method: 'POST', body })).status).toBe(200);
  });
});

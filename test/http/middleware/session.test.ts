/**
 * The session cookie's handling. The lookup here is a table in the test; the real one
 * (services/accounts sessionFromToken on SQLite) is exercised in test/http/accounts.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { SESSION_COOKIE, sessions, setSessionCookie } from '../../../src/http/middleware/session.js';

const account = { id: 1, username: 'ana', instanceAdmin: false };
const live = 'a'.repeat(43);
const lookups: string[] = [];

function app(secure = false) {
  const a = new Hono();
  a.use(
    sessions({
      secure,
      lookup: async (token) => {
        lookups.push(token);
        return token === live ? { account, csrfToken: 'c'.repeat(43) } : null;
      },
    }),
  );
  a.get('/', (c) => c.json(c.get('session')));
  a.get('/set', (c) => {
    setSessionCookie(c, live, 30 * 86_400_000, secure);
    return c.text('ok');
  });
  return a;
}

describe('sessions middleware', () => {
  it('no cookie: signed out, no lookup', async () => {
    lookups.length = 0;
    const res = await app().request('/');
    expect(await res.json()).toBeNull();
    expect(lookups).toEqual([]);
  });

  it('a live token: the session with its token', async () => {
    const res = await app().request('/', { headers: { Cookie: `${SESSION_COOKIE}=${live}` } });
    expect(await res.json()).toEqual({ token: live, account, csrfToken: 'c'.repeat(43) });
  });

  it('a dead or malformed token: signed out and the cookie is cleared', async () => {
    lookups.length = 0;
    for (const token of ['b'.repeat(43), 'short', 'x'.repeat(300)]) {
      const res = await app().request('/', { headers: { Cookie: `${SESSION_COOKIE}=${token}` } });
      expect(await res.json()).toBeNull();
      expect(res.headers.getSetCookie()[0]).toMatch(new RegExp(`^${SESSION_COOKIE}=;.*Max-Age=0`));
    }
    expect(lookups).toEqual(['b'.repeat(43)]);
  });

  it('sets the cookie HttpOnly, SameSite=Lax, Path=/, Secure only when asked', async () => {
    const plain = (await app().request('/set')).headers.getSetCookie()[0]!;
    expect(plain).toMatch(new RegExp(`^${SESSION_COOKIE}=${live};`));
    expect(plain).toContain('HttpOnly');
    expect(plain).toContain('SameSite=Lax');
    expect(plain).toContain('Path=/');
    expect(plain).toContain('Max-Age=2592000');
    expect(plain).not.toContain('Secure');
    expect((await app(true).request('/set')).headers.getSetCookie()[0]).toContain('Secure');
  });
});

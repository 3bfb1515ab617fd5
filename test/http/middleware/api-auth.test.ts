/**
 * Bearer parsing and refusals. The lookup is a table here; the real accountFromApiToken on SQLite
 * is exercised in test/http/api.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { apiAuth, requireAccount } from '../../../src/http/middleware/api-auth.js';
import { apiError } from '../../../src/http/api/app.js';

const account = { id: 7, username: 'bot', instanceAdmin: false };

function app() {
  const a = new Hono();
  a.use(apiAuth({ lookup: async (t) => (t === 'dl_good' ? account : null) }));
  a.get('/open', (c) => c.json({ account: c.get('apiAccount') }));
  a.get('/closed', (c) => c.json(requireAccount(c)));
  a.onError(apiError);
  return a;
}

describe('apiAuth', () => {
  it('no header: anonymous on open endpoints, 401 with WWW-Authenticate on closed ones', async () => {
    expect(await (await app().request('/open')).json()).toEqual({ account: null });
    const res = await app().request('/closed');
    expect(res.status).toBe(401);
    expect(res.headers.get('WWW-Authenticate')).toBe('Bearer');
    expect(((await res.json()) as { error: string }).error).toMatch(/needs an API token.*\/account/);
  });

  it('a valid token, case-insensitive scheme', async () => {
    for (const h of ['Bearer dl_good', 'bearer  dl_good']) {
      expect(await (await app().request('/closed', { headers: { Authorization: h } })).json()).toEqual(account);
    }
  });

  it('an unknown or malformed token is refused even where none is needed', async () => {
    for (const h of ['Bearer dl_bad', 'Basic YTpi', 'Bearer', 'Bearer a b']) {
      const res = await app().request('/open', { headers: { Authorization: h } });
      expect(res.status).toBe(401);
      expect(Object.keys((await res.json()) as object)).toEqual(['error']);
    }
  });
});

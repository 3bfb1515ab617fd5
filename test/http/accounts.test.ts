/** Accounts on the web, on a real instance: sign in, sessions, CSRF, API tokens. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionFromToken } from '../../src/services/accounts.js';
import { Browser, PASSWORD, accountWithToken, csrfField, freshSite, type TestSite } from './harness.js';

let site: TestSite;
beforeAll(async () => {
  site = await freshSite();
  await accountWithToken(site.ctx, 'ana');
});
afterAll(() => site.close());

describe('sign in', () => {
  it('gives the same answer for a wrong password and an unknown user', async () => {
    const wrong = await new Browser(site.app).login('ana', 'not the password');
    const unknown = await new Browser(site.app).login('nobody', PASSWORD);
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const message = (html: string) => /<p class="error" role="alert" id="login-error">([^<]*)<\/p>/.exec(html)?.[1];
    const [a, b] = [message(await wrong.text()), message(await unknown.text())];
    expect(a).toBe('Wrong username or password. Check both and try again.');
    expect(b).toBe(a);
    expect(wrong.headers.getSetCookie().some((c) => c.startsWith('daylight_session='))).toBe(false);
  });

  it('sets a new HttpOnly, SameSite session cookie on each sign-in and ends the previous session', async () => {
    const b = new Browser(site.app);
    const tokens: string[] = [];
    for (let i = 0; i < 2; i++) {
      // Signed in, /login redirects away; the second sign-in posts from /account's token.
      const res = i === 0 ? await b.login('ana') : await b.submit('/account', '/login', { username: 'ana', password: PASSWORD });
      expect(res.status).toBe(303);
      expect(res.headers.get('Location')).toBe('/account');
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('daylight_session='))!;
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
      expect(cookie).toMatch(/; Path=\//);
      expect(cookie).not.toMatch(/; Secure/);
      tokens.push(b.cookies.get('daylight_session')!);
    }
    expect(tokens[0]).not.toBe(tokens[1]);
    expect(await sessionFromToken(site.ctx, tokens[0]!)).toBeNull();
    expect((await sessionFromToken(site.ctx, tokens[1]!))?.account.username).toBe('ana');
    const account = await (await b.get('/account')).text();
    expect(account).toContain('Signed in as \u2068ana\u2069.');
  });

  it('marks cookies Secure when the app is told it is served over HTTPS', async () => {
    const secureSite = await freshSite({ secureCookies: true });
    try {
      await accountWithToken(secureSite.ctx, 'bea');
      const res = await new Browser(secureSite.app).login('bea');
      const cookies = res.headers.getSetCookie();
      expect(cookies.find((c) => c.startsWith('daylight_session='))).toMatch(/; Secure/);
    } finally {
      await secureSite.close();
    }
  });

  it('sends a signed-out reader from /account to /login, and a signed-in one from /login to /account', async () => {
    const b = new Browser(site.app);
    const out = await b.get('/account');
    expect([out.status, out.headers.get('Location')]).toEqual([303, '/login']);
    await b.login('ana');
    const inn = await b.get('/login');
    expect([inn.status, inn.headers.get('Location')]).toEqual([303, '/account']);
  });
});

describe('CSRF on forms', () => {
  it('refuses a sign-in without the token: 403, a clear page, no session', async () => {
    const b = new Browser(site.app);
    await b.get('/login'); // has the cookie, but the form below omits the field
    const res = await b.post('/login', { username: 'ana', password: PASSWORD });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('<h1>Form expired</h1>');
    expect(b.cookies.has('daylight_session')).toBe(false);
  });

  it('refuses sign-out and token creation without the session token; nothing changes', async () => {
    const b = new Browser(site.app);
    await b.login('ana');
    const session = b.cookies.get('daylight_session')!;
    const anonymousPair = b.cookies.get('daylight_csrf')!;
    for (const [path, fields] of [
      ['/logout', {}],
      ['/logout', { csrf: anonymousPair }],
      ['/account/tokens', { label: 'forged' }],
    ] as const) {
      const res = await b.post(path, fields);
      expect(res.status, path).toBe(403);
    }
    expect(await sessionFromToken(site.ctx, session)).not.toBeNull();
    const fromSpain = await b.request('/logout', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Accept-Language': 'es' },
      body: 'csrf=wrong',
    });
    expect(await fromSpain.text()).toContain('<h1>El formulario ha caducado</h1>');
  });

  it('signs out with the token: the session is gone and the cookie cleared', async () => {
    const b = new Browser(site.app);
    await b.login('ana');
    const session = b.cookies.get('daylight_session')!;
    const res = await b.submit('/account', '/logout', {});
    expect([res.status, res.headers.get('Location')]).toEqual([303, '/']);
    expect(b.cookies.has('daylight_session')).toBe(false);
    expect(await sessionFromToken(site.ctx, session)).toBeNull();
  });
});

describe('API tokens on /account', () => {
  it('shows a new token once, not cacheable, and the token works on the API', async () => {
    const b = new Browser(site.app);
    await b.login('ana');
    const res = await b.submit('/account', '/account/tokens', { label: 'newsroom script' });
    expect(res.status).toBe(201);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('New token “\u2068newsroom script\u2069”');
    const token = /<pre><code>(dl_[^<]+)<\/code><\/pre>/.exec(html)?.[1];
    expect(token).toBeDefined();
    const api = await site.app.request('/api/v1/statements', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ documents: [{ mediaType: 'text/plain', content: 'hello' }] }),
    });
    expect(api.status).toBe(201);
    const again = await (await b.get('/account')).text();
    expect(again).not.toContain(token!);
    // listed afterwards by label only: the token itself exists only as a hash
    expect(again).toContain('newsroom script');
  });

  it('refuses an empty label with a translated message', async () => {
    const b = new Browser(site.app);
    await b.login('ana');
    const html = await (await b.get('/account?lang=pt')).text();
    const res = await b.post('/account/tokens', { csrf: csrfField(html), label: '   ' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Dê ao token uma etiqueta de 1 a 100 caracteres.');
  });
});

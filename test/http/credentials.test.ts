/**
 * Credentials that can be taken back (issue 6): an API token revoked from its row on /account
 * stops working on /api/v1 at once; another account cannot revoke it (its id is "not found" to
 * them, and nothing changes); a changed password revokes every API token of the account, on the
 * web and in the service on SQLite and PostgreSQL, and /account says so beside the form.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changePassword, createAccount, createApiToken, listApiTokens, revokeApiToken, setPassword, type AccountView } from '../../src/services/accounts.js';
import { UserError } from '../../src/services/context.js';
import { BACKENDS, logSkip, Scratch } from '../store/backends.js';
import { freshInstance, type OpenCtx } from '../services/instances.js';
import { Browser, PASSWORD, csrfField, freshSite, type TestSite } from './harness.js';

/** An authenticated API call that publishes a statement: 201 with a working token, 401 without. */
async function publishWith(site: TestSite, token: string): Promise<number> {
  const res = await site.app.request('/api/v1/statements', {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ documents: [{ mediaType: 'text/plain', content: 'from a script' }] }),
  });
  return res.status;
}

/** The revoke form of the token with this label on /account: its action and the page's csrf. */
function revokeForm(html: string, label: string): { action: string; csrf: string } {
  const m = new RegExp(`<li><bdi>${label}</bdi>.*?<form method="post" action="(/account/tokens/\\d+/revoke)"`, 's').exec(html);
  if (!m?.[1]) throw new Error(`no revoke form for the token "${label}"`);
  return { action: m[1], csrf: csrfField(html) };
}

describe('revoking an API token on /account', () => {
  let site: TestSite;
  let ana: AccountView;
  beforeAll(async () => {
    site = await freshSite();
    ana = await createAccount(site.ctx, { username: 'ana', password: PASSWORD });
    await createAccount(site.ctx, { username: 'bea', password: PASSWORD });
  });
  afterAll(() => site.close());

  it('lists each token with a revoke form; revoked, the token gets 401 from the API and the others still work', async () => {
    const { token: laptop } = await createApiToken(site.ctx, ana.id, 'laptop script');
    const { token: server } = await createApiToken(site.ctx, ana.id, 'newsroom server');
    expect(await publishWith(site, laptop)).toBe(201);

    const b = new Browser(site.app);
    await b.login('ana');
    const html = await (await b.get('/account')).text();
    const form = revokeForm(html, 'laptop script');
    expect(html).toContain('aria-label="Revoke the token “\u2068laptop script\u2069”"');

    const res = await b.post(form.action, { csrf: form.csrf });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/account?done=token-revoked#tokens');
    const after = await (await b.get(res.headers.get('Location')!)).text();
    expect(after).toContain('The token was revoked: it no longer works on the API.');
    expect(after).not.toContain('laptop script');
    expect(after).toContain('newsroom server');

    expect(await publishWith(site, laptop)).toBe(401);
    expect(await publishWith(site, server)).toBe(201);
    // Twice: the token is gone, so the second is "not found", and nothing else changes.
    expect((await b.post(form.action, { csrf: form.csrf })).status).toBe(404);
    expect((await listApiTokens(site.ctx, ana.id)).map((t) => t.label)).toEqual(['newsroom server']);
  });

  it('refuses the form without the CSRF field, revoking nothing', async () => {
    const { token } = await createApiToken(site.ctx, ana.id, 'forged target');
    const b = new Browser(site.app);
    await b.login('ana');
    const { action } = revokeForm(await (await b.get('/account')).text(), 'forged target');
    expect((await b.post(action, {})).status).toBe(403);
    expect(await publishWith(site, token)).toBe(201);
  });

  it('another account cannot revoke your token: "not found", and the token still works', async () => {
    const { token } = await createApiToken(site.ctx, ana.id, 'ana only');
    const id = (await listApiTokens(site.ctx, ana.id)).find((t) => t.label === 'ana only')!.id;
    const bea = new Browser(site.app);
    await bea.login('bea');
    const html = await (await bea.get('/account')).text();
    expect(html).not.toContain('ana only');
    const res = await bea.post(`/account/tokens/${id}/revoke`, { csrf: csrfField(html) });
    expect(res.status).toBe(404);
    expect(await publishWith(site, token)).toBe(201);
    expect((await listApiTokens(site.ctx, ana.id)).some((t) => t.id === id)).toBe(true);
    // Signed out: to the sign-in page, nothing revoked.
    expect((await new Browser(site.app).post(`/account/tokens/${id}/revoke`, { csrf: 'x' })).status).toBe(403);
    expect(await publishWith(site, token)).toBe(201);
  });

  it('changing the password on /account revokes every API token, and the page says so beside the form', async () => {
    const carl = await createAccount(site.ctx, { username: 'carl', password: PASSWORD });
    const tokens = [(await createApiToken(site.ctx, carl.id, 'one')).token, (await createApiToken(site.ctx, carl.id, 'two')).token];
    const { token: anas } = await createApiToken(site.ctx, ana.id, 'unrelated');
    const b = new Browser(site.app);
    await b.login('carl');
    const page = await (await b.get('/account')).text();
    expect(page).toContain('every API token of this account is revoked');
    const res = await b.submit('/account', '/account/password', { current: PASSWORD, password: 'a brand new passphrase', repeat: 'a brand new passphrase' });
    expect(res.status).toBe(303);
    const done = await (await b.get(res.headers.get('Location')!)).text();
    expect(done).toContain('Every other session of this account was signed out and every API token of it revoked.');
    expect(done).toContain('You have no API tokens.');
    for (const t of tokens) expect(await publishWith(site, t)).toBe(401);
    expect(await publishWith(site, anas)).toBe(201);
  });

  it('says so in the reader’s language', async () => {
    const b = new Browser(site.app);
    await b.login('bea');
    expect(await (await b.get('/account?lang=es')).text()).toContain('se revocan todos sus tokens de la API');
  });
});

describe.each(BACKENDS)('tokens and passwords in the service on %s', (backend) => {
  const skip = logSkip(backend);
  const scratch = new Scratch();
  let ctx: OpenCtx;
  afterAll(async () => {
    if (!skip) await ctx.close();
    await scratch.cleanup();
  });
  beforeAll(async () => {
    if (!skip) ctx = (await freshInstance(scratch, backend)).ctx;
  });

  async function refusal(p: Promise<unknown>): Promise<UserError> {
    const e = await p.then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }

  it.skipIf(skip)('revokes by id only among the account’s own tokens, and by label every token with it', async () => {
    const ana = await createAccount(ctx, { username: 'ana', password: PASSWORD });
    const bea = await createAccount(ctx, { username: 'bea', password: PASSWORD });
    await createApiToken(ctx, ana.id, 'ci');
    await createApiToken(ctx, ana.id, 'ci');
    await createApiToken(ctx, ana.id, 'phone');
    const beas = (await createApiToken(ctx, bea.id, 'ci')).token;
    const [phone] = await listApiTokens(ctx, ana.id);
    const e = await refusal(revokeApiToken(ctx, bea.id, { id: phone!.id }));
    expect(e).toMatchObject({ code: 'not_found', message: `this account has no token ${phone!.id}: nothing was revoked` });
    expect(await listApiTokens(ctx, ana.id)).toHaveLength(3);
    expect((await refusal(revokeApiToken(ctx, ana.id, { id: 0 }))).code).toBe('bad_input');
    expect(await revokeApiToken(ctx, ana.id, { label: 'ci' })).toEqual({ revoked: 2 });
    expect((await listApiTokens(ctx, ana.id)).map((t) => t.label)).toEqual(['phone']);
    expect((await refusal(revokeApiToken(ctx, ana.id, { label: 'ci' }))).code).toBe('not_found');
    expect(await revokeApiToken(ctx, ana.id, { id: phone!.id })).toEqual({ revoked: 1 });
    expect(await listApiTokens(ctx, ana.id)).toEqual([]);
    // bea's token of the same label was never touched
    expect((await listApiTokens(ctx, bea.id)).map((t) => t.label)).toEqual(['ci']);
    expect(beas.startsWith('dl_')).toBe(true);
  });

  it.skipIf(skip)('a password change revokes every API token of the account and no other; so does the operator’s reset', async () => {
    const cai = await createAccount(ctx, { username: 'cai', password: PASSWORD });
    const dan = await createAccount(ctx, { username: 'dan', password: PASSWORD });
    await createApiToken(ctx, cai.id, 'a');
    await createApiToken(ctx, cai.id, 'b');
    await createApiToken(ctx, dan.id, 'kept');
    // Refused: nothing changes, tokens stay.
    await refusal(changePassword(ctx, cai.id, 'not the password', 'another passphrase'));
    expect(await listApiTokens(ctx, cai.id)).toHaveLength(2);
    expect(await changePassword(ctx, cai.id, PASSWORD, 'another passphrase')).toEqual({ signedOut: 0, tokensRevoked: 2 });
    expect(await listApiTokens(ctx, cai.id)).toEqual([]);
    expect((await listApiTokens(ctx, dan.id)).map((t) => t.label)).toEqual(['kept']);
    expect(await setPassword(ctx, { kind: 'local' }, { username: 'dan', password: 'operator passphrase' })).toEqual({ signedOut: 0, tokensRevoked: 1 });
    expect(await listApiTokens(ctx, dan.id)).toEqual([]);
  });
});

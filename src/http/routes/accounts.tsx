/**
 * Accounts on the web: sign in, sign out, API tokens. Forms are plain POSTs checked by the CSRF
 * middleware before these handlers run; every state change answers with a 303 redirect or a
 * page that must not be cached.
 */
import type { Context, Hono } from 'hono';
import { actorOf, changePassword, createAccount, createApiToken, listApiTokens, login, logout, revokeApiToken } from '../../services/accounts.js';
import { dueItemsFor } from '../../services/reminders.js';
import type { Ctx } from '../../services/context.js';
import { UserError } from '../../services/context.js';
import { clearSessionCookie, setSessionCookie } from '../middleware/session.js';
import { AccountPage } from '../views/account.js';
import { LoginPage } from '../views/login.js';
import { pageInfo, sendPage } from './render.js';
import { errorPage } from './error-page.js';

const MAX_FIELD = 1024;

export function registerAccountRoutes(app: Hono, ctx: Ctx, { secure }: { secure: boolean }): void {
  app.get('/login', (c) => {
    if (c.get('session')) return c.redirect('/account', 303);
    return sendPage(c, <LoginPage page={pageInfo(c)} csrf={c.get('csrfToken')()} />);
  });

  app.post('/login', async (c) => {
    const form = await c.req.parseBody();
    const username = field(form.username);
    const password = field(form.password);
    let result: Awaited<ReturnType<typeof login>>;
    try {
      result = await login(ctx, { username, password });
    } catch (err) {
      // One answer for an unknown user, a wrong password or an unusable entry: no oracle.
      if (!(err instanceof UserError) || (err.code !== 'unauthenticated' && err.code !== 'bad_input')) throw err;
      return sendPage(c, <LoginPage page={pageInfo(c)} csrf={c.get('csrfToken')()} failed username={username} />, { status: 401 });
    }
    const previous = c.get('session');
    if (previous) await logout(ctx, previous.token);
    setSessionCookie(c, result.sessionToken, result.expiresAt.getTime() - ctx.now().getTime(), secure);
    return c.redirect('/account', 303);
  });

  app.post('/logout', async (c) => {
    const session = c.get('session');
    if (session) await logout(ctx, session.token);
    clearSessionCookie(c, secure);
    return c.redirect('/', 303);
  });

  app.get('/account', async (c) => {
    if (!c.get('session')) return c.redirect('/login', 303);
    const made = c.req.query('created');
    const passwordChanged = c.req.query('done') === 'password-changed';
    const tokenRevoked = c.req.query('done') === 'token-revoked';
    return sendPage(c, await accountPage(ctx, c, { ...(made && c.get('session')!.account.instanceAdmin ? { accountCreated: made.slice(0, 32) } : {}), passwordChanged, tokenRevoked }), { store: false });
  });

  // One's own password: the current one, the new one twice. The other sessions of the account
  // end; this one stays. Always the signed-in account's: the form names no one. Limited per
  // account like sign-in (middleware/rate-limit.ts), so the current password cannot be guessed here.
  app.post('/account/password', async (c) => {
    const session = c.get('session');
    if (!session) return c.redirect('/login', 303);
    const form = await c.req.parseBody();
    const next = field(form.password);
    // Two different new passwords are the form's own refusal (translated); the rest, the service's.
    if (next !== field(form.repeat)) return sendPage(c, await accountPage(ctx, c, { passwordMismatch: true }), { status: 400, store: false });
    try {
      await changePassword(ctx, session.account.id, field(form.current), next, session.token);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      return sendPage(c, await accountPage(ctx, c, { passwordError: err.message }), { status: 400, store: false });
    }
    return c.redirect('/account?done=password-changed#password', 303);
  });

  app.post('/account/tokens', async (c) => {
    const session = c.get('session');
    if (!session) return c.redirect('/login', 303);
    const label = field((await c.req.parseBody()).label).trim();
    let token: string;
    try {
      ({ token } = await createApiToken(ctx, session.account.id, label));
    } catch (err) {
      if (!(err instanceof UserError) || err.code !== 'bad_input') throw err;
      const t = c.get('t');
      const error = t('account.tokens.labelInvalid');
      return sendPage(c, await accountPage(ctx, c, { error }), { status: 400, store: false });
    }
    return sendPage(c, await accountPage(ctx, c, { created: { label, token } }), { status: 201, store: false });
  });

  // Revokes one of the signed-in account's own tokens: the service looks only among them, so the
  // id of another account's token is "not found", the same as one that never existed.
  app.post('/account/tokens/:id/revoke', async (c) => {
    const session = c.get('session');
    if (!session) return c.redirect('/login', 303);
    const id = /^[1-9][0-9]{0,14}$/.test(c.req.param('id')) ? Number(c.req.param('id')) : 0;
    try {
      await revokeApiToken(ctx, session.account.id, { id });
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      return errorPage(c, err.code === 'not_found' ? 404 : 400, err.code, err.message);
    }
    return c.redirect('/account?done=token-revoked#tokens', 303);
  });

  // An instance admin creates the accounts of the people who will act for organizations (then
  // gives them roles on each organization's page); the password is theirs to change-by-handover.
  app.post('/account/accounts', async (c) => {
    const session = c.get('session');
    if (!session) return c.redirect('/login', 303);
    if (!session.account.instanceAdmin) return errorPage(c, 403, 'forbidden');
    const form = await c.req.parseBody();
    const username = field(form.username).trim();
    try {
      await createAccount(ctx, { username, password: field(form.password) });
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      const page = await accountPage(ctx, c, { accountError: err.message, accountValue: username });
      return sendPage(c, page, { status: err.code === 'conflict' ? 409 : 400, store: false });
    }
    return c.redirect(`/account?created=${encodeURIComponent(username)}#accounts`, 303);
  });
}

async function accountPage(
  ctx: Ctx,
  c: Context,
  extra: {
    created?: { label: string; token: string };
    error?: string;
    accountCreated?: string;
    accountError?: string;
    accountValue?: string;
    passwordChanged?: boolean;
    tokenRevoked?: boolean;
    passwordError?: string;
    passwordMismatch?: boolean;
  },
) {
  const session = c.get('session')!;
  const tokens = await listApiTokens(ctx, session.account.id);
  const due = (await dueItemsFor(ctx, actorOf(session.account))).map((d) => ({
    kind: d.kind,
    alliance: d.alliance,
    party: d.party,
    dueAt: d.dueAt,
    overdue: d.notice === 'overdue',
    what: d.what,
  }));
  return (
    <AccountPage
      page={pageInfo(c)}
      username={session.account.username}
      instanceAdmin={session.account.instanceAdmin}
      csrf={session.csrfToken}
      tokens={tokens}
      due={due}
      {...extra}
    />
  );
}

/** A form field as one bounded string; files and repeated fields are not accepted as text. */
function field(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, MAX_FIELD) : '';
}

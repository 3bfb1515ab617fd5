/**
 * Accounts, sessions, API tokens and roles on SQLite and PostgreSQL. The properties that
 * matter: one refusal for unknown user and wrong password, tokens stored only as hashes,
 * a fresh session at every login, logout and expiry end a session, roles granted only by
 * those allowed to.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accountFromApiToken,
  actorOf,
  createAccount,
  createApiToken,
  ensureFirstAdmin,
  grantRole,
  login,
  logout,
  rolesOf,
  sessionFromToken,
} from '../../src/services/accounts.js';
import { UserError, type Ctx } from '../../src/services/context.js';
import { BACKENDS, FIXED_NOW, logSkip, Scratch } from '../store/backends.js';
import { freshInstance, type OpenCtx } from './instances.js';

const scratch = new Scratch();
afterAll(() => scratch.cleanup());

const PASSWORD = 'a long enough passphrase';
const hex = (s: string) => createHash('sha256').update(s).digest('hex');

async function refusal(p: Promise<unknown>): Promise<UserError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(UserError);
  return e as UserError;
}

function at(ctx: Ctx, date: Date): Ctx {
  return { ...ctx, now: () => date };
}

describe.each(BACKENDS)('accounts on %s', (backend) => {
  const skip = logSkip(backend);
  let ctx: OpenCtx;
  beforeAll(async () => {
    if (!skip) ctx = (await freshInstance(scratch, backend)).ctx;
  });
  afterAll(async () => {
    if (!skip) await ctx.close();
  });

  it.skipIf(skip)('the first admin is created once, with a 20-character random password that logs in', async () => {
    const first = await ensureFirstAdmin(ctx);
    expect(first?.username).toBe('admin');
    expect(first?.password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(await ensureFirstAdmin(ctx)).toBeNull();
    const s = await login(ctx, { username: 'admin', password: first!.password });
    expect(s.account.instanceAdmin).toBe(true);
    const row = await ctx.db.selectFrom('account').selectAll().where('username', '=', 'admin').executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(row.password_hash).not.toContain(first!.password);
  });

  it.skipIf(skip)('refuses short passwords, bad usernames and taken usernames', async () => {
    expect((await refusal(createAccount(ctx, { username: 'ana', password: 'short' }))).message).toContain('10');
    await refusal(createAccount(ctx, { username: 'Bad Name', password: PASSWORD }));
    await createAccount(ctx, { username: 'ana', password: PASSWORD });
    expect((await refusal(createAccount(ctx, { username: 'ana', password: PASSWORD }))).code).toBe('conflict');
  });

  it.skipIf(skip)('wrong password and unknown user give the same error', async () => {
    await createAccount(ctx, { username: 'bea', password: PASSWORD });
    const wrong = await refusal(login(ctx, { username: 'bea', password: PASSWORD + '!' }));
    const unknown = await refusal(login(ctx, { username: 'nobody', password: PASSWORD }));
    expect(wrong.code).toBe('unauthenticated');
    expect({ code: unknown.code, message: unknown.message }).toEqual({ code: wrong.code, message: wrong.message });
  });

  it.skipIf(skip)('each login is a fresh session stored only as a hash; logout and expiry end it', async () => {
    await createAccount(ctx, { username: 'cai', password: PASSWORD });
    const one = await login(ctx, { username: 'cai', password: PASSWORD });
    const two = await login(ctx, { username: 'cai', password: PASSWORD });
    expect(one.sessionToken).not.toBe(two.sessionToken);
    expect(one.csrfToken).not.toBe(two.csrfToken);
    expect(Buffer.from(one.sessionToken, 'base64url')).toHaveLength(32);
    expect(one.expiresAt.getTime() - FIXED_NOW.getTime()).toBe(14 * 24 * 3600 * 1000);

    const rows = await ctx.db.selectFrom('session').selectAll().where('account_id', '=', one.account.id).execute();
    expect(rows.map((r) => r.id_hash).sort()).toEqual([hex(one.sessionToken), hex(two.sessionToken)].sort());
    expect(JSON.stringify(rows)).not.toContain(one.sessionToken);

    expect(await sessionFromToken(ctx, one.sessionToken)).toEqual({ account: one.account, csrfToken: one.csrfToken });
    await logout(ctx, one.sessionToken);
    expect(await sessionFromToken(ctx, one.sessionToken)).toBeNull();
    expect((await sessionFromToken(ctx, two.sessionToken))?.account.username).toBe('cai');

    const justBefore = new Date(two.expiresAt.getTime() - 1);
    expect(await sessionFromToken(at(ctx, justBefore), two.sessionToken)).not.toBeNull();
    expect(await sessionFromToken(at(ctx, two.expiresAt), two.sessionToken)).toBeNull();
    expect(await sessionFromToken(ctx, 'not-a-token')).toBeNull();
  });

  it.skipIf(skip)('API tokens round-trip and are stored hashed', async () => {
    const dan = await createAccount(ctx, { username: 'dan', password: PASSWORD });
    const { token } = await createApiToken(ctx, dan.id, 'ci');
    expect(token).toMatch(/^dl_[A-Za-z0-9_-]{43}$/);
    expect(await accountFromApiToken(ctx, token)).toEqual(dan);
    const row = await ctx.db.selectFrom('api_token').selectAll().where('account_id', '=', dan.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(hex(token));
    expect(await accountFromApiToken(ctx, token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'))).toBeNull();
    expect(await accountFromApiToken(ctx, token.slice(3))).toBeNull();
    expect((await refusal(createApiToken(ctx, 999_999, 'x'))).code).toBe('not_found');
  });

  it.skipIf(skip)('roles are granted by the instance admin, the local operator, or an admin of that organization', async () => {
    const now = FIXED_NOW.toISOString();
    const orgs = await ctx.db
      .insertInto('organization')
      .values([
        { slug: 'rivers', name: 'Rivers Collective', created_at: now },
        { slug: 'harbor', name: 'Harbor Union', created_at: now },
      ])
      .returning('id')
      .execute();
    const [rivers, harbor] = orgs.map((o) => Number(o.id)) as [number, number];
    const eve = await createAccount(ctx, { username: 'eve', password: PASSWORD });
    const fay = await createAccount(ctx, { username: 'fay', password: PASSWORD });
    const root = await createAccount(ctx, { username: 'root', password: PASSWORD, instanceAdmin: true });

    const e = await refusal(grantRole(ctx, actorOf(eve), { accountId: eve.id, organizationId: rivers, role: 'admin' }));
    expect(e.code).toBe('forbidden');
    await grantRole(ctx, actorOf(root), { accountId: eve.id, organizationId: rivers, role: 'admin' });
    await grantRole(ctx, actorOf(eve), { accountId: fay.id, organizationId: rivers, role: 'delegate' });
    // an admin of one organization is nobody in another
    expect((await refusal(grantRole(ctx, actorOf(eve), { accountId: fay.id, organizationId: harbor, role: 'member' }))).code).toBe('forbidden');
    await grantRole(ctx, { kind: 'local' }, { accountId: fay.id, organizationId: harbor, role: 'member' });
    await grantRole(ctx, { kind: 'local' }, { accountId: fay.id, organizationId: harbor, role: 'delegate' }); // replaces
    expect(await rolesOf(ctx, fay.id)).toEqual([
      { organizationId: rivers, role: 'delegate' },
      { organizationId: harbor, role: 'delegate' },
    ].sort((a, b) => a.organizationId - b.organizationId));
    expect((await refusal(grantRole(ctx, { kind: 'local' }, { accountId: fay.id, organizationId: 999_999, role: 'member' }))).code).toBe('not_found');
  });
});

/**
 * revokeRole, changePassword and setPassword on SQLite and PostgreSQL: who may remove a role,
 * the organization's last admin kept (also when two admins remove each other at the same
 * moment: exactly one succeeds), a changed password ending every other session but the one in
 * use, the operator's reset ending every session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actorOf,
  changePassword,
  createAccount,
  grantRole,
  login,
  revokeRole,
  rolesIn,
  sessionFromToken,
  setPassword,
  type AccountView,
} from '../../src/services/accounts.js';
import { UserError } from '../../src/services/context.js';
import { createOrganization } from '../../src/services/organizations.js';
import { BACKENDS, logSkip, Scratch } from '../store/backends.js';
import { freshInstance, type OpenCtx } from './instances.js';

const scratch = new Scratch();
afterAll(() => scratch.cleanup());
const LOCAL = { kind: 'local' } as const;
const PASSWORD = 'a long enough passphrase';

async function refusal(p: Promise<unknown>): Promise<UserError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(UserError);
  return e as UserError;
}

describe.each(BACKENDS)('roles and passwords on %s', (backend) => {
  const skip = logSkip(backend);
  let ctx: OpenCtx;
  let org: number;
  const accounts: Record<string, AccountView> = {};
  const roles = async () => Object.fromEntries((await rolesIn(ctx, LOCAL, org)).map((r) => [r.username, r.role]));

  beforeAll(async () => {
    if (skip) return;
    ctx = (await freshInstance(scratch, backend)).ctx;
    org = (await createOrganization(ctx, LOCAL, { slug: 'sur', name: 'Sur', country: 'AR', languages: ['es'], timeZone: 'UTC' })).id;
    for (const u of ['ana', 'bea', 'cai', 'dan']) accounts[u] = await createAccount(ctx, { username: u, password: PASSWORD });
    await grantRole(ctx, LOCAL, { accountId: accounts.ana!.id, organizationId: org, role: 'admin' });
    await grantRole(ctx, LOCAL, { accountId: accounts.bea!.id, organizationId: org, role: 'delegate' });
    await grantRole(ctx, LOCAL, { accountId: accounts.cai!.id, organizationId: org, role: 'member' });
  });
  afterAll(async () => {
    if (!skip) await ctx.close();
  });

  it.skipIf(skip)('an admin of the organization removes a role; a delegate, a member or a stranger may not', async () => {
    for (const u of ['bea', 'cai', 'dan']) {
      const e = await refusal(revokeRole(ctx, actorOf(accounts[u]!), { accountId: accounts.cai!.id, organizationId: org }));
      expect(e.code).toBe('forbidden');
    }
    expect(await roles()).toEqual({ ana: 'admin', bea: 'delegate', cai: 'member' });
    expect(await revokeRole(ctx, actorOf(accounts.ana!), { accountId: accounts.cai!.id, organizationId: org })).toBe('member');
    expect(await roles()).toEqual({ ana: 'admin', bea: 'delegate' });
    expect((await refusal(revokeRole(ctx, LOCAL, { accountId: accounts.cai!.id, organizationId: org }))).code).toBe('not_found');
    expect((await refusal(revokeRole(ctx, LOCAL, { accountId: accounts.ana!.id, organizationId: org + 99 }))).code).toBe('not_found');
    expect((await refusal(rolesIn(ctx, actorOf(accounts.bea!), org))).code).toBe('forbidden');
  });

  it.skipIf(skip)('keeps the last admin, removed or given another role, whoever asks', async () => {
    const e = await refusal(revokeRole(ctx, LOCAL, { accountId: accounts.ana!.id, organizationId: org }));
    expect(e).toMatchObject({ code: 'conflict', message: 'ana is the last admin of sur: give another account the admin role first' });
    expect((await refusal(grantRole(ctx, LOCAL, { accountId: accounts.ana!.id, organizationId: org, role: 'member' }))).code).toBe('conflict');
    expect(await roles()).toEqual({ ana: 'admin', bea: 'delegate' });
  });

  it.skipIf(skip)('two admins removing each other at the same moment: one succeeds, one admin remains', async () => {
    // Several rounds, each with both connections already open (PostgreSQL): the two transactions
    // really overlap, and only the lock on the organization keeps one admin.
    for (let round = 0; round < 5; round++) {
      await grantRole(ctx, LOCAL, { accountId: accounts.ana!.id, organizationId: org, role: 'admin' });
      await grantRole(ctx, LOCAL, { accountId: accounts.bea!.id, organizationId: org, role: 'admin' });
      await Promise.all([rolesIn(ctx, LOCAL, org), rolesIn(ctx, LOCAL, org), rolesIn(ctx, LOCAL, org)]);
      const results = await Promise.allSettled([
        revokeRole(ctx, actorOf(accounts.ana!), { accountId: accounts.bea!.id, organizationId: org }),
        revokeRole(ctx, actorOf(accounts.bea!), { accountId: accounts.ana!.id, organizationId: org }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled'), `round ${round}`).toHaveLength(1);
      const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(failed.reason).toBeInstanceOf(UserError);
      expect(Object.values(await roles()).filter((r) => r === 'admin'), `round ${round}`).toHaveLength(1);
    }
  });

  it.skipIf(skip)('a changed password ends every other session of the account and keeps the one in use', async () => {
    const here = await login(ctx, { username: 'dan', password: PASSWORD });
    const elsewhere = await login(ctx, { username: 'dan', password: PASSWORD });
    const other = await login(ctx, { username: 'cai', password: PASSWORD });
    expect((await refusal(changePassword(ctx, accounts.dan!.id, 'wrong one entirely', 'a new passphrase', here.sessionToken))).message).toBe('the current password is wrong: nothing was changed');
    expect(await sessionFromToken(ctx, elsewhere.sessionToken)).not.toBeNull();
    expect(await changePassword(ctx, accounts.dan!.id, PASSWORD, 'a new passphrase', here.sessionToken)).toEqual({ signedOut: 1, tokensRevoked: 0 });
    expect(await sessionFromToken(ctx, here.sessionToken)).not.toBeNull();
    expect(await sessionFromToken(ctx, elsewhere.sessionToken)).toBeNull();
    expect(await sessionFromToken(ctx, other.sessionToken)).not.toBeNull();
    expect((await refusal(login(ctx, { username: 'dan', password: PASSWORD }))).code).toBe('unauthenticated');
    expect((await login(ctx, { username: 'dan', password: 'a new passphrase' })).account.username).toBe('dan');
  });

  it.skipIf(skip)('the operator sets a forgotten password and every session of the account ends; nobody else may', async () => {
    const s = await login(ctx, { username: 'cai', password: PASSWORD });
    expect((await refusal(setPassword(ctx, actorOf({ ...accounts.ana!, instanceAdmin: true }), { username: 'cai', password: 'reset passphrase' }))).code).toBe('forbidden');
    expect((await refusal(setPassword(ctx, LOCAL, { username: 'cai', password: 'short' }))).message).toContain('10');
    expect((await refusal(setPassword(ctx, LOCAL, { username: 'nobody', password: 'reset passphrase' }))).code).toBe('not_found');
    expect(await sessionFromToken(ctx, s.sessionToken)).not.toBeNull();
    expect((await setPassword(ctx, LOCAL, { username: 'cai', password: 'reset passphrase' })).signedOut).toBe(2);
    expect(await sessionFromToken(ctx, s.sessionToken)).toBeNull();
    expect((await login(ctx, { username: 'cai', password: 'reset passphrase' })).account.username).toBe('cai');
  });
});

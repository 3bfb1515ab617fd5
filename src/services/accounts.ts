/**
 * Accounts, sessions, API tokens, roles. No IP address is stored anywhere.
 *
 *   password   scrypt (RFC 7914) N=2^15, r=8, p=1, 16-byte salt, 32-byte key;
 *              stored as scrypt$N$r$p$<salt b64url>$<hash b64url>; compared in constant time
 *   session    32 random bytes (base64url) in the cookie; the row keeps SHA-256(token) hex, so a
 *              leaked database row is not a session; 14 days; a fresh token at every login
 *   API token  "dl_" + 32 random bytes base64url; stored as SHA-256 hex
 */
import { createHash, randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Ctx } from './context.js';
import { UserError } from './context.js';
import type { Actor } from './actor.js';
import type { Transaction } from 'kysely';
import type { Database } from '../store/schema.js';
import { toIndex } from '../store/log.js';
import { unitOfWork } from './unit-of-work.js';

type Trx = Transaction<Database>;

export type Role = 'admin' | 'delegate' | 'member';
export interface AccountView {
  id: number;
  username: string;
  instanceAdmin: boolean;
}

const ROLES: readonly Role[] = ['admin', 'delegate', 'member'];
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, keyLength: 32, saltLength: 16 };
// scrypt needs 128·N·r bytes = 32 MiB here, exactly Node's default maxmem: raise it.
const SCRYPT_MAXMEM = 64 * 1024 * 1024;
export const MIN_PASSWORD_LENGTH = 10;
const MAX_PASSWORD_LENGTH = 1024;
const SESSION_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;
const USERNAME = /^[a-z0-9][a-z0-9_.-]{0,31}$/;

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(password.normalize('NFC'), salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SCRYPT.saltLength);
  const { N, r, p, keyLength } = SCRYPT;
  const key = await scrypt(password, salt, keyLength, { N, r, p, maxmem: SCRYPT_MAXMEM });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') throw new Error('stored password hash is not in scrypt$N$r$p$salt$hash form');
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  const key = await scrypt(password, salt, expected.length, { N, r, p, maxmem: SCRYPT_MAXMEM });
  return timingSafeEqual(key, expected);
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

function view(row: { id: unknown; username: string; instance_admin: unknown }): AccountView {
  return { id: toIndex(row.id), username: row.username, instanceAdmin: Number(row.instance_admin) === 1 };
}

function checkPassword(password: string): void {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH) {
    throw new UserError(`a password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) throw new UserError(`a password has at most ${MAX_PASSWORD_LENGTH} characters`);
}

export async function createAccount(
  ctx: Ctx,
  input: { username: string; password: string; instanceAdmin?: boolean },
): Promise<AccountView> {
  if (typeof input.username !== 'string' || !USERNAME.test(input.username)) {
    throw new UserError('a username is 1 to 32 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit');
  }
  checkPassword(input.password);
  const passwordHash = await hashPassword(input.password);
  const row = await ctx.db
    .insertInto('account')
    .values({
      username: input.username,
      password_hash: passwordHash,
      instance_admin: input.instanceAdmin ? 1 : 0,
      created_at: ctx.now().toISOString(),
    })
    .onConflict((oc) => oc.column('username').doNothing())
    .returning(['id', 'username', 'instance_admin'])
    .executeTakeFirst();
  if (row === undefined) throw new UserError(`the username "${input.username}" is taken: choose another`, 'conflict');
  return view(row);
}

/** On first run: creates the instance admin with a random password, returned once; else null. */
export async function ensureFirstAdmin(ctx: Ctx): Promise<{ username: string; password: string } | null> {
  const any = await ctx.db.selectFrom('account').select('id').limit(1).executeTakeFirst();
  if (any !== undefined) return null;
  const password = randomBytes(15).toString('base64url'); // 20 characters, 120 bits
  try {
    await createAccount(ctx, { username: 'admin', password, instanceAdmin: true });
  } catch (e) {
    if (e instanceof UserError && e.code === 'conflict') return null; // another process was first
    throw e;
  }
  return { username: 'admin', password };
}

// A fixed, valid hash to spend the same scrypt time on unknown usernames as on real ones.
let dummyHash: Promise<string> | undefined;

/** Same UserError('unauthenticated') for unknown user and wrong password. A fresh session each login. */
export async function login(
  ctx: Ctx,
  input: { username: string; password: string },
): Promise<{ sessionToken: string; csrfToken: string; expiresAt: Date; account: AccountView }> {
  const refused = new UserError('wrong username or password', 'unauthenticated');
  if (typeof input.username !== 'string' || typeof input.password !== 'string') throw refused;
  if (input.password.length > MAX_PASSWORD_LENGTH) throw refused;
  const row = await ctx.db
    .selectFrom('account')
    .select(['id', 'username', 'instance_admin', 'password_hash'])
    .where('username', '=', input.username)
    .executeTakeFirst();
  if (row === undefined) {
    dummyHash ??= hashPassword(randomToken());
    await verifyPassword(input.password, await dummyHash);
    throw refused;
  }
  if (!(await verifyPassword(input.password, row.password_hash))) throw refused;

  const now = ctx.now();
  const sessionToken = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * DAY_MS);
  const account = view(row);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('session').where('account_id', '=', account.id).where('expires_at', '<=', now.toISOString()).execute();
    await trx
      .insertInto('session')
      .values({
        id_hash: sha256Hex(sessionToken),
        account_id: account.id,
        csrf_token: csrfToken,
        created_at: now.toISOString(),
        expires_at: expiresAt.toISOString(),
      })
      .execute();
  });
  return { sessionToken, csrfToken, expiresAt, account };
}

/**
 * The account's own password, changed by one who knows the current one (the same strength rule
 * as createAccount). Every OTHER session of the account ends — whoever else is signed in with the
 * old password is signed out — while the session in use (its cookie token, `keep`) stays. Every
 * API token of the account is revoked too: a token made from a stolen session must not outlive
 * the password change (scripts get a new one). Returns how many sessions and tokens ended.
 */
export async function changePassword(ctx: Ctx, accountId: number, current: string, next: string, keep?: string): Promise<PasswordReplaced> {
  if (typeof current !== 'string' || current === '') throw new UserError('give your current password');
  checkPassword(next);
  if (next === current) throw new UserError('the new password is the same as the current one: choose another');
  const row = await ctx.db.selectFrom('account').select(['password_hash']).where('id', '=', accountId).executeTakeFirst();
  if (row === undefined) throw new UserError(`no account ${accountId}`, 'not_found');
  if (current.length > MAX_PASSWORD_LENGTH || !(await verifyPassword(current, row.password_hash))) {
    throw new UserError('the current password is wrong: nothing was changed');
  }
  return replacePassword(ctx, accountId, row.password_hash, await hashPassword(next), keep);
}

/**
 * The operator on the server sets an account's password without knowing the old one (a person
 * who forgot theirs; `daylight account password`): every session and every API token of the
 * account ends.
 */
export async function setPassword(ctx: Ctx, actor: Actor, input: { username: string; password: string }): Promise<PasswordReplaced> {
  if (actor.kind !== 'local') throw new UserError('forbidden: only the operator on the server sets another account’s password', 'forbidden');
  checkPassword(input.password);
  const id = await accountIdByUsername(ctx, input.username);
  const row = await ctx.db.selectFrom('account').select(['password_hash']).where('id', '=', id).executeTakeFirstOrThrow();
  return replacePassword(ctx, id, row.password_hash, await hashPassword(input.password));
}

export interface PasswordReplaced {
  /** sessions signed out */
  signedOut: number;
  /** API tokens revoked (all of the account's) */
  tokensRevoked: number;
}

/** One transaction: the new hash (only over the hash that was checked), the sessions and API tokens ended. */
async function replacePassword(ctx: Ctx, accountId: number, checked: string, hash: string, keep?: string): Promise<PasswordReplaced> {
  return unitOfWork(ctx, async (trx) => {
    const updated = await trx.updateTable('account').set({ password_hash: hash }).where('id', '=', accountId).where('password_hash', '=', checked).executeTakeFirst();
    // Changed by someone else meanwhile: what was checked no longer holds.
    if (Number(updated.numUpdatedRows) !== 1) throw new UserError('the password was changed meanwhile: nothing was changed; try again', 'conflict');
    let ended = trx.deleteFrom('session').where('account_id', '=', accountId);
    if (keep !== undefined) ended = ended.where('id_hash', '!=', sha256Hex(keep));
    const r = await ended.executeTakeFirst();
    const tokens = await trx.deleteFrom('api_token').where('account_id', '=', accountId).executeTakeFirst();
    return { signedOut: Number(r.numDeletedRows), tokensRevoked: Number(tokens.numDeletedRows) };
  });
}

export async function sessionFromToken(
  ctx: Ctx,
  token: string,
): Promise<{ account: AccountView; csrfToken: string } | null> {
  if (typeof token !== 'string' || token.length === 0 || token.length > 256) return null;
  const row = await ctx.db
    .selectFrom('session')
    .innerJoin('account', 'account.id', 'session.account_id')
    .select(['account.id', 'account.username', 'account.instance_admin', 'session.csrf_token', 'session.expires_at'])
    .where('session.id_hash', '=', sha256Hex(token))
    .executeTakeFirst();
  if (row === undefined || row.expires_at <= ctx.now().toISOString()) return null;
  return { account: view(row), csrfToken: row.csrf_token };
}

export async function logout(ctx: Ctx, token: string): Promise<void> {
  if (typeof token !== 'string') return;
  await ctx.db.deleteFrom('session').where('id_hash', '=', sha256Hex(token)).execute();
}

export async function createApiToken(ctx: Ctx, accountId: number, label: string): Promise<{ token: string }> {
  if (typeof label !== 'string' || label.length === 0 || label.length > 100 || /[\x00-\x1f\x7f]/.test(label)) {
    throw new UserError('a token label is 1 to 100 printable characters');
  }
  const account = await ctx.db.selectFrom('account').select('id').where('id', '=', accountId).executeTakeFirst();
  if (account === undefined) throw new UserError(`no account ${accountId}`, 'not_found');
  const token = 'dl_' + randomToken();
  await ctx.db
    .insertInto('api_token')
    .values({ token_hash: sha256Hex(token), account_id: accountId, label, created_at: ctx.now().toISOString() })
    .execute();
  return { token };
}

/**
 * The account's API tokens, newest first: ids (to revoke one), labels and dates only (the tokens
 * exist only as hashes).
 */
export async function listApiTokens(ctx: Ctx, accountId: number): Promise<{ id: number; label: string; createdAt: string }[]> {
  const rows = await ctx.db
    .selectFrom('api_token')
    .select(['id', 'label', 'created_at'])
    .where('account_id', '=', accountId)
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({ id: toIndex(r.id), label: r.label, createdAt: r.created_at }));
}

/**
 * Revokes API tokens of this account only: one by its id (the row on /account), or every token
 * carrying a label (the operator's CLI: labels need not be unique, and a leaked script's tokens
 * all go). A token of another account is 'not_found', the same as one that never existed, so the
 * answer says nothing about other accounts. Returns how many were revoked (at least one).
 */
export async function revokeApiToken(ctx: Ctx, accountId: number, which: { id: number } | { label: string }): Promise<{ revoked: number }> {
  if ('id' in which && !(Number.isSafeInteger(which.id) && which.id > 0)) throw new UserError('a token id is a positive whole number');
  if ('label' in which && (typeof which.label !== 'string' || which.label === '')) throw new UserError('give the label of the token to revoke');
  return unitOfWork(ctx, async (trx) => {
    let q = trx.deleteFrom('api_token').where('account_id', '=', accountId);
    q = 'id' in which ? q.where('id', '=', which.id) : q.where('label', '=', which.label);
    const r = await q.executeTakeFirst();
    const revoked = Number(r.numDeletedRows);
    if (revoked === 0) {
      const what = 'id' in which ? `token ${which.id}` : `token labelled "${which.label.slice(0, 100)}"`;
      throw new UserError(`this account has no ${what}: nothing was revoked`, 'not_found');
    }
    return { revoked };
  });
}

export async function accountFromApiToken(ctx: Ctx, token: string): Promise<AccountView | null> {
  if (typeof token !== 'string' || !token.startsWith('dl_') || token.length > 256) return null;
  const row = await ctx.db
    .selectFrom('api_token')
    .innerJoin('account', 'account.id', 'api_token.account_id')
    .select(['account.id', 'account.username', 'account.instance_admin'])
    .where('api_token.token_hash', '=', sha256Hex(token))
    .executeTakeFirst();
  return row === undefined ? null : view(row);
}

/** Only the local operator, an instance admin, or an admin of that organization grants roles in it. */
async function mayGrant(db: Trx | Ctx['db'], actor: Actor, organizationId: number): Promise<boolean> {
  if (actor.kind === 'local' || actor.instanceAdmin) return true;
  const m = await db
    .selectFrom('membership')
    .select('role')
    .where('account_id', '=', actor.accountId)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  return m?.role === 'admin';
}

const FORBIDDEN_ROLES = 'forbidden: only an admin of this organization or of the instance can grant or remove roles in it';

/**
 * The organization, locked on PostgreSQL until the transaction ends: changes to its roles are
 * taken one at a time, so two admins removing each other cannot both pass the last-admin check,
 * nor act on a role just taken from them (SQLite's unit of work holds the one write lock already).
 */
async function lockOrganization(trx: Trx, dialect: Ctx['dialect'], organizationId: number): Promise<{ slug: string }> {
  let q = trx.selectFrom('organization').select('slug').where('id', '=', organizationId);
  if (dialect === 'postgres') q = q.forUpdate();
  const org = await q.executeTakeFirst();
  if (org === undefined) throw new UserError(`no organization ${organizationId}`, 'not_found');
  return org;
}

/**
 * Refuses to leave an organization without an admin: its members are its own admins' alone to
 * see and manage (services/covenant-views.ts privateMembers), so the last one stays until another
 * account is given the admin role.
 */
async function keepAnAdmin(trx: Trx, org: { slug: string }, organizationId: number, account: { id: number; username: string }): Promise<void> {
  const admins = await trx
    .selectFrom('membership')
    .select('account_id')
    .where('organization_id', '=', organizationId)
    .where('role', '=', 'admin')
    .execute();
  if (admins.length === 1 && toIndex(admins[0]!.account_id) === account.id) {
    throw new UserError(`${account.username} is the last admin of ${org.slug}: give another account the admin role first`, 'conflict');
  }
}

export async function grantRole(
  ctx: Ctx,
  actor: Actor,
  input: { accountId: number; organizationId: number; role: Role },
): Promise<void> {
  if (!ROLES.includes(input.role)) throw new UserError(`a role is one of ${ROLES.join(', ')}`);
  await unitOfWork(ctx, async (trx) => {
    // Locked first, so the permission read below is not stale (its admin role removed meanwhile).
    const org = await lockOrganization(trx, ctx.dialect, input.organizationId);
    if (!(await mayGrant(trx, actor, input.organizationId))) throw new UserError(FORBIDDEN_ROLES, 'forbidden');
    const account = await trx.selectFrom('account').select(['id', 'username']).where('id', '=', input.accountId).executeTakeFirst();
    if (account === undefined) throw new UserError(`no account ${input.accountId}`, 'not_found');
    // Giving the last admin another role would remove the last admin too.
    if (input.role !== 'admin') await keepAnAdmin(trx, org, input.organizationId, { id: toIndex(account.id), username: account.username });
    await trx
      .insertInto('membership')
      .values({ account_id: input.accountId, organization_id: input.organizationId, role: input.role })
      .onConflict((oc) => oc.columns(['account_id', 'organization_id']).doUpdateSet({ role: input.role }))
      .execute();
  });
}

/**
 * Takes away the role an account holds in an organization (admin, delegate or member); returns
 * the role it held. Who may: as for grantRole. Roles are private, so nothing enters the log.
 */
export async function revokeRole(ctx: Ctx, actor: Actor, input: { accountId: number; organizationId: number }): Promise<Role> {
  return unitOfWork(ctx, async (trx) => {
    const org = await lockOrganization(trx, ctx.dialect, input.organizationId);
    if (!(await mayGrant(trx, actor, input.organizationId))) throw new UserError(FORBIDDEN_ROLES, 'forbidden');
    const held = await trx
      .selectFrom('membership')
      .innerJoin('account', 'account.id', 'membership.account_id')
      .select(['account.id', 'account.username', 'membership.role'])
      .where('membership.account_id', '=', input.accountId)
      .where('membership.organization_id', '=', input.organizationId)
      .executeTakeFirst();
    if (held === undefined) throw new UserError(`that account holds no role in ${org.slug}: nothing to remove`, 'not_found');
    if (held.role === 'admin') await keepAnAdmin(trx, org, input.organizationId, { id: toIndex(held.id), username: held.username });
    await trx.deleteFrom('membership').where('account_id', '=', input.accountId).where('organization_id', '=', input.organizationId).execute();
    return held.role;
  });
}

/**
 * Who holds which role in the organization, by username: for those who may change roles there
 * (the page that lists them offers the forms). Roles are private: they are never published.
 */
export async function rolesIn(ctx: Ctx, actor: Actor, organizationId: number): Promise<{ accountId: number; username: string; role: Role }[]> {
  if (!(await mayGrant(ctx.db, actor, organizationId))) throw new UserError(FORBIDDEN_ROLES, 'forbidden');
  const rows = await ctx.db
    .selectFrom('membership')
    .innerJoin('account', 'account.id', 'membership.account_id')
    .select(['account.id', 'account.username', 'membership.role'])
    .where('membership.organization_id', '=', organizationId)
    .orderBy('account.username')
    .execute();
  return rows.map((r) => ({ accountId: toIndex(r.id), username: r.username, role: r.role }));
}

/**
 * The id of the account with this username, for forms that name a person by the username they sign
 * in with (granting a role, linking a member); 'not_found' says which name is unknown.
 */
export async function accountIdByUsername(ctx: Ctx, username: string): Promise<number> {
  const name = typeof username === 'string' ? username.trim() : '';
  const row = USERNAME.test(name) ? await ctx.db.selectFrom('account').select('id').where('username', '=', name).executeTakeFirst() : undefined;
  if (row === undefined) throw new UserError(`there is no account "${name.slice(0, 32)}": check the username, or ask an instance admin to create it`, 'not_found');
  return toIndex(row.id);
}

export async function rolesOf(ctx: Ctx, accountId: number): Promise<{ organizationId: number; role: Role }[]> {
  const rows = await ctx.db
    .selectFrom('membership')
    .select(['organization_id', 'role'])
    .where('account_id', '=', accountId)
    .orderBy('organization_id')
    .execute();
  return rows.map((r) => ({ organizationId: toIndex(r.organization_id), role: r.role }));
}

export function actorOf(account: AccountView): Actor {
  return { kind: 'account', accountId: account.id, username: account.username, instanceAdmin: account.instanceAdmin };
}

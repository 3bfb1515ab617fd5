/** Accounts, sessions, API tokens, roles. Passwords: scrypt (node:crypto). No IP address stored. */
import type { Ctx } from './context.js';
import type { Actor } from './actor.js';

export type Role = 'admin' | 'delegate' | 'member';
export interface AccountView {
  id: number;
  username: string;
  instanceAdmin: boolean;
}

export declare function createAccount(
  ctx: Ctx,
  input: { username: string; password: string; instanceAdmin?: boolean },
): Promise<AccountView>;
/** On first run: creates the instance admin with a random password, returned once; else null. */
export declare function ensureFirstAdmin(ctx: Ctx): Promise<{ username: string; password: string } | null>;
/** Same UserError('unauthenticated') for unknown user and wrong password. A fresh session each login. */
export declare function login(
  ctx: Ctx,
  input: { username: string; password: string },
): Promise<{ sessionToken: string; csrfToken: string; expiresAt: Date; account: AccountView }>;
export declare function sessionFromToken(
  ctx: Ctx,
  token: string,
): Promise<{ account: AccountView; csrfToken: string } | null>;
export declare function logout(ctx: Ctx, token: string): Promise<void>;
export declare function createApiToken(ctx: Ctx, accountId: number, label: string): Promise<{ token: string }>;
export declare function accountFromApiToken(ctx: Ctx, token: string): Promise<AccountView | null>;
export declare function grantRole(
  ctx: Ctx,
  actor: Actor,
  input: { accountId: number; organizationId: number; role: Role },
): Promise<void>;
export declare function rolesOf(ctx: Ctx, accountId: number): Promise<{ organizationId: number; role: Role }[]>;
export function actorOf(account: AccountView): Actor {
  return { kind: 'account', accountId: account.id, username: account.username, instanceAdmin: account.instanceAdmin };
}

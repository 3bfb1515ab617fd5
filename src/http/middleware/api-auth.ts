/**
 * API authentication: `Authorization: Bearer <token>` names an API token created on /account
 * (services/accounts accountFromApiToken). Sets c.var.apiAccount, null when no token was sent;
 * a token that was sent but is unknown is refused here with 401, so a typo never looks like an
 * anonymous request. Endpoints that need an account call requireAccount.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AccountView } from '../../services/accounts.js';
import { UserError } from '../../services/context.js';

export type ApiTokenLookup = (token: string) => Promise<AccountView | null>;

const BEARER = /^Bearer[ \t]+([\x21-\x7e]{1,512})[ \t]*$/i;

export function apiAuth({ lookup }: { lookup: ApiTokenLookup }): MiddlewareHandler {
  return async function apiAuthMiddleware(c, next) {
    const header = c.req.header('Authorization');
    let account: AccountView | null = null;
    if (header !== undefined) {
      const m = BEARER.exec(header);
      account = m?.[1] ? await lookup(m[1]) : null;
      if (!account) {
        throw new UserError('the API token is not valid: create a new one on /account and send it as Authorization: Bearer <token>', 'unauthenticated');
      }
    }
    c.set('apiAccount', account);
    await next();
  };
}

export function requireAccount(c: Context): AccountView {
  const account = c.get('apiAccount');
  if (!account) {
    throw new UserError('this endpoint needs an API token: create one on /account and send it as Authorization: Bearer <token>', 'unauthenticated');
  }
  return account;
}

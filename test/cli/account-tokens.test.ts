/**
 * The CLI twin of the revoke form on /account: `account token list <username>` shows labels and
 * dates (never tokens), `account token revoke <username> <label>` revokes every token of that
 * account with that label; `account password` revokes all of them. Refusals are one line on
 * stderr with exit 1 and change nothing.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAccount, createApiToken, listApiTokens } from '../../src/services/accounts.js';
import { openInstance } from '../../src/services/instance.js';
import { runCli, tempDir } from './run-cli.js';

describe('account token list|revoke', () => {
  it('lists and revokes an account’s tokens by label, and a password reset revokes the rest', async () => {
    const data = path.join(tempDir(), 'data');
    const dl = (args: string[], opts: Parameters<typeof runCli>[1] = {}) => runCli(['--data', data, ...args], opts);
    expect((await dl(['init'])).code).toBe(0);
    const ctx = await openInstance({ dataDir: data });
    let ana: number;
    let bea: number;
    try {
      ana = (await createAccount(ctx, { username: 'ana', password: 'first passphrase here' })).id;
      bea = (await createAccount(ctx, { username: 'bea', password: 'first passphrase here' })).id;
      await createApiToken(ctx, ana, 'ci runner');
      await createApiToken(ctx, ana, 'ci runner');
      await createApiToken(ctx, ana, 'phone');
      await createApiToken(ctx, bea, 'ci runner');
    } finally {
      await ctx.close();
    }
    const labels = async (id: number) => {
      const c = await openInstance({ dataDir: data });
      try {
        return (await listApiTokens(c, id)).map((t) => t.label);
      } finally {
        await c.close();
      }
    };

    const list = await dl(['account', 'token', 'list', 'ana']);
    expect(list.code).toBe(0);
    expect(list.stdout.trim().split('\n').map((l) => l.split('\t')[2])).toEqual(['phone', 'ci runner', 'ci runner']);
    expect(list.stdout).not.toContain('dl_');

    const revoked = await dl(['account', 'token', 'revoke', 'ana', 'ci runner']);
    expect(revoked).toMatchObject({ code: 0, stdout: 'revoked 2 API tokens of ana labelled "ci runner"\n' });
    expect(await labels(ana)).toEqual(['phone']);
    expect(await labels(bea)).toEqual(['ci runner']);

    const none = await dl(['account', 'token', 'revoke', 'ana', 'ci runner']);
    expect(none.code).toBe(1);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
    expect(none.stderr).toContain('this account has no token labelled "ci runner": nothing was revoked');
    expect((await dl(['account', 'token', 'revoke', 'nobody', 'phone'])).code).toBe(1);
    expect(await labels(ana)).toEqual(['phone']);

    const reset = await dl(['account', 'password', 'ana'], { env: { DAYLIGHT_PASSWORD: 'a fine new passphrase' } });
    expect(reset).toMatchObject({ code: 0, stdout: 'set the password of ana; signed out 0 sessions; revoked 1 API token\n' });
    expect(await labels(ana)).toEqual([]);
    expect(await dl(['account', 'token', 'list', 'ana'])).toMatchObject({ code: 0, stdout: 'ana has no API tokens\n' });
  }, 120_000);
});

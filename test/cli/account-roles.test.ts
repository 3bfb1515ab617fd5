/**
 * The CLI twins of the last setup forms (issue 6 §1): `account password` (the operator sets a
 * forgotten password, read from DAYLIGHT_PASSWORD or standard input, and every session of the
 * account ends), `account role grant|revoke` (the last admin stays), `member link|unlink`.
 * Refusals are one line on stderr with exit 1 (2 for bad usage) and change nothing.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './run-cli.js';

describe('account password, account role, member link', () => {
  it('works from the command line, and refuses in one line', async () => {
    const data = path.join(tempDir(), 'data');
    const dl = (args: string[], opts: Parameters<typeof runCli>[1] = {}) => runCli(['--data', data, ...args], opts);
    expect((await dl(['init'])).code).toBe(0);
    expect((await dl(['org', 'create', 'sur', '--name', 'Sur', '--country', 'AR', '--languages', 'es', '--time-zone', 'America/Argentina/Buenos_Aires'])).code).toBe(0);
    expect((await dl(['member', 'add', '--org', 'sur', '--pseudonym', 'lechuza'])).code).toBe(0);
    expect((await dl(['account', 'create', 'ana'], { env: { DAYLIGHT_PASSWORD: 'first passphrase here' } })).code).toBe(0);
    expect((await dl(['account', 'create', 'bea'], { input: 'bea passphrase here\n' })).code).toBe(0);
    const db = () => new Database(path.join(data, 'daylight.sqlite'), { readonly: true });
    const query = <T>(sql: string, ...args: unknown[]): T => {
      const d = db();
      try {
        return d.prepare(sql).get(...args) as T;
      } finally {
        d.close();
      }
    };
    const roleOf = (u: string) => query<{ role: string } | undefined>('select role from membership join account on account.id = account_id where username = ?', u)?.role ?? null;

    // Roles.
    const granted = await dl(['account', 'role', 'grant', 'ana', 'sur', 'admin']);
    expect(granted).toMatchObject({ code: 0, stdout: 'ana is admin of sur\n' });
    expect(roleOf('ana')).toBe('admin');
    expect((await dl(['account', 'role', 'grant', 'ana', 'sur', 'boss'])).code).toBe(2);
    const last = await dl(['account', 'role', 'revoke', 'ana', 'sur']);
    expect(last.code).toBe(1);
    expect(last.stderr.trim().split('\n')).toHaveLength(1);
    expect(last.stderr).toContain('ana is the last admin of sur: give another account the admin role first');
    expect(roleOf('ana')).toBe('admin');
    expect((await dl(['account', 'role', 'grant', 'bea', 'sur', 'delegate'])).code).toBe(0);
    expect(await dl(['account', 'role', 'revoke', 'bea', 'sur'])).toMatchObject({ code: 0, stdout: 'bea is no longer delegate of sur\n' });
    expect(roleOf('bea')).toBeNull();
    const none = await dl(['account', 'role', 'revoke', 'bea', 'sur']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('that account holds no role in sur: nothing to remove');

    // Member links.
    const linkedTo = () => query<{ account_id: number | null }>('select account_id from member where pseudonym = ?', 'lechuza').account_id;
    expect((await dl(['member', 'link', '--org', 'sur', '--pseudonym', 'lechuza', '--username', 'bea'])).code).toBe(0);
    expect(linkedTo()).not.toBeNull();
    expect((await dl(['member', 'unlink', '--org', 'sur', '--pseudonym', 'lechuza'])).code).toBe(0);
    expect(linkedTo()).toBeNull();
    const again = await dl(['member', 'unlink', '--org', 'sur', '--pseudonym', 'lechuza']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('is linked to no account: nothing to unlink');

    // Passwords: set by the operator, every session of the account signed out.
    const before = query<{ password_hash: string }>('select password_hash from account where username = ?', 'ana').password_hash;
    const short = await dl(['account', 'password', 'ana'], { input: 'short\n' });
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('a password needs at least 10 characters');
    expect((await dl(['account', 'password', 'nobody'], { input: 'a fine new passphrase\n' })).code).toBe(1);
    expect(query<{ password_hash: string }>('select password_hash from account where username = ?', 'ana').password_hash).toBe(before);
    const set = await dl(['account', 'password', 'ana'], { env: { DAYLIGHT_PASSWORD: 'a fine new passphrase' } });
    expect(set).toMatchObject({ code: 0, stdout: 'set the password of ana; signed out 0 sessions; revoked 0 API tokens\n' });
    expect(query<{ password_hash: string }>('select password_hash from account where username = ?', 'ana').password_hash).not.toBe(before);
  }, 120_000);
});

/**
 * account create|password|role grant|role revoke|token list|token revoke: for operators who script
 * their instance. The
 * operator on the server acts as the local actor: no sign-in, every permission (as for `org`).
 * Passwords are read from DAYLIGHT_PASSWORD or standard input, never from the command line,
 * so they do not sit in the process list or shell history.
 */
import type { Command } from 'commander';
import { accountIdByUsername, createAccount, grantRole, listApiTokens, revokeApiToken, revokeRole, setPassword, type Role } from '../../services/accounts.js';
import { getOrganization } from '../../services/organizations.js';
import { withInstance, type GlobalOptions } from '../instance-options.js';
import { readInput, utf8 } from '../io.js';
import { UsageError } from '../errors.js';

const LOCAL = { kind: 'local' } as const;
const ROLES: readonly Role[] = ['admin', 'delegate', 'member'];

async function readPassword(): Promise<string> {
  return process.env.DAYLIGHT_PASSWORD ?? utf8(await readInput(undefined), 'password').replace(/\r?\n$/, '');
}

export function registerAccount(program: Command): void {
  const account = program.command('account').description('accounts on this instance');
  account
    .command('create')
    .argument('<username>')
    .option('--admin', 'make this account an instance admin')
    .description('create an account; the password is read from DAYLIGHT_PASSWORD or standard input')
    .action(async (username: string, opts: { admin?: boolean }, cmd: Command) => {
      const password = await readPassword();
      const a = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) =>
        createAccount(ctx, { username, password, instanceAdmin: opts.admin === true }),
      );
      process.stdout.write(`created account ${a.username} (id ${a.id})${a.instanceAdmin ? ' as instance admin' : ''}\n`);
    });

  // For a person who forgot theirs: on the web each account changes its own, knowing the current one.
  account
    .command('password')
    .argument('<username>')
    .description('set an account’s password (read from DAYLIGHT_PASSWORD or standard input); signs out all its sessions and revokes all its API tokens')
    .action(async (username: string, _opts: unknown, cmd: Command) => {
      const password = await readPassword();
      const { signedOut, tokensRevoked } = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => setPassword(ctx, LOCAL, { username, password }));
      process.stdout.write(
        `set the password of ${username}; signed out ${signedOut} session${signedOut === 1 ? '' : 's'}; revoked ${tokensRevoked} API token${tokensRevoked === 1 ? '' : 's'}\n`,
      );
    });

  // API tokens are made on /account by the person themself (shown once); the operator can see
  // their labels and take them back, e.g. when a script's machine is lost.
  const token = account.command('token').description('API tokens of an account (only labels and dates are kept, never the tokens)');
  token
    .command('list')
    .argument('<username>')
    .description('list an account’s API tokens: id, creation time, label')
    .action(async (username: string, _opts: unknown, cmd: Command) => {
      const tokens = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), async (ctx) => listApiTokens(ctx, await accountIdByUsername(ctx, username)));
      if (tokens.length === 0) process.stdout.write(`${username} has no API tokens\n`);
      for (const t of tokens) process.stdout.write(`${t.id}\t${t.createdAt}\t${t.label}\n`);
    });
  token
    .command('revoke')
    .argument('<username>')
    .argument('<label>', 'the token’s label (every token of the account with that label is revoked)')
    .description('revoke an account’s API tokens by label: they stop working on the API at once')
    .action(async (username: string, label: string, _opts: unknown, cmd: Command) => {
      const { revoked } = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), async (ctx) =>
        revokeApiToken(ctx, await accountIdByUsername(ctx, username), { label }),
      );
      process.stdout.write(`revoked ${revoked} API token${revoked === 1 ? '' : 's'} of ${username} labelled "${label}"\n`);
    });

  const role = account.command('role').description('roles of accounts in organizations (private: never published)');
  role
    .command('grant')
    .argument('<username>')
    .argument('<org>', 'the organization’s slug')
    .argument('<role>', ROLES.join(', '))
    .description('give an account a role in an organization (replaces the role it held there)')
    .action(async (username: string, org: string, r: string, _opts: unknown, cmd: Command) => {
      if (!(ROLES as readonly string[]).includes(r)) throw new UsageError(`a role is one of ${ROLES.join(', ')}, got "${r}"`);
      await withInstance(cmd.optsWithGlobals<GlobalOptions>(), async (ctx) =>
        grantRole(ctx, LOCAL, { accountId: await accountIdByUsername(ctx, username), organizationId: (await getOrganization(ctx, org)).id, role: r as Role }),
      );
      process.stdout.write(`${username} is ${r} of ${org}\n`);
    });
  role
    .command('revoke')
    .argument('<username>')
    .argument('<org>', 'the organization’s slug')
    .description('take away the role an account holds in an organization (the last admin stays)')
    .action(async (username: string, org: string, _opts: unknown, cmd: Command) => {
      const held = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), async (ctx) =>
        revokeRole(ctx, LOCAL, { accountId: await accountIdByUsername(ctx, username), organizationId: (await getOrganization(ctx, org)).id }),
      );
      process.stdout.write(`${username} is no longer ${held} of ${org}\n`);
    });
}

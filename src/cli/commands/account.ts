/** account create: for operators who script their instance. */
import type { Command } from 'commander';
import { createAccount } from '../../services/accounts.js';
import { withInstance, type GlobalOptions } from '../instance-options.js';
import { readInput, utf8 } from '../io.js';

export function registerAccount(program: Command): void {
  const account = program.command('account').description('accounts on this instance');
  account
    .command('create')
    .argument('<username>')
    .option('--admin', 'make this account an instance admin')
    .description('create an account; the password is read from DAYLIGHT_PASSWORD or standard input')
    .action(async (username: string, opts: { admin?: boolean }, cmd: Command) => {
      const password = process.env.DAYLIGHT_PASSWORD ?? utf8(await readInput(undefined), 'password').replace(/\r?\n$/, '');
      const a = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) =>
        createAccount(ctx, { username, password, instanceAdmin: opts.admin === true }),
      );
      process.stdout.write(`created account ${a.username} (id ${a.id})${a.instanceAdmin ? ' as instance admin' : ''}\n`);
    });
}

/**
 * member add|list|update|link|unlink: a member's pseudonym is public; real name and contact are private —
 * stored on this instance only, never printed back, never in a record or export. A member linked
 * to an account rates as that member in their triad's workspace; links are private too.
 */
import type { Command } from 'commander';
import { addMember, listMembers, updateMember } from '../../services/members.js';
import { accountIdByUsername } from '../../services/accounts.js';
import { linkMemberAccount, unlinkMemberAccount } from '../../services/triads.js';
import { withInstance, type GlobalOptions } from '../instance-options.js';
import { printJson, readInput, utf8 } from '../io.js';
import { UsageError } from '../errors.js';

/**
 * Private fields from standard input as JSON ({"realName": …, "contact": …}), so they never sit
 * in the process list or shell history on a shared machine.
 */
async function privateFromStdin(): Promise<{ realName?: string; contact?: string }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8(await readInput(undefined), 'standard input'));
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError('--private-stdin expects JSON like {"realName": "…", "contact": "…"} on standard input');
  }
  const p = parsed as Record<string, unknown>;
  if (typeof p !== 'object' || p === null || Object.keys(p).some((k) => k !== 'realName' && k !== 'contact') ||
      (p.realName !== undefined && typeof p.realName !== 'string') || (p.contact !== undefined && typeof p.contact !== 'string')) {
    throw new UsageError('--private-stdin expects JSON with only "realName" and "contact" strings');
  }
  return { ...(p.realName !== undefined ? { realName: p.realName as string } : {}), ...(p.contact !== undefined ? { contact: p.contact as string } : {}) };
}

export function registerMember(program: Command): void {
  const member = program.command('member').description('members of an organization');
  member
    .command('add')
    .requiredOption('--org <slug>', 'the organization')
    .requiredOption('--pseudonym <name>', 'public display name (may appear in triads)')
    .option('--real-name <name>', 'PRIVATE: kept on this instance only')
    .option('--contact <text>', 'PRIVATE: how to reach the member, kept on this instance only')
    .option('--private-stdin', 'read the private fields as JSON from standard input (keeps them out of the process list)')
    .option('--officeholder', 'holds office in the organization (triad quotas count this)')
    .option('--not-eligible', 'not eligible to serve in audit triads')
    .option('--json', 'print JSON')
    .description('add a member; nothing about the member enters the public archive')
    .action(
      async (
        o: { org: string; pseudonym: string; realName?: string; contact?: string; privateStdin?: boolean; officeholder?: boolean; notEligible?: boolean; json?: boolean },
        cmd: Command,
      ) => {
        await privateFieldsFromStdin(o);
        const m = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) =>
          addMember(ctx, { kind: 'local' }, {
            organization: o.org,
            pseudonym: o.pseudonym,
            ...(o.realName !== undefined ? { realName: o.realName } : {}),
            ...(o.contact !== undefined ? { contact: o.contact } : {}),
            officeholder: o.officeholder === true,
            triadEligible: o.notEligible !== true,
          }),
        );
        if (o.json) return printJson(m);
        process.stdout.write(`added member ${m.pseudonym} to ${m.organization} (id ${m.id})\n`);
      },
    );

  // Public fields only: the private ones are never printed back (see the header).
  member
    .command('list')
    .requiredOption('--org <slug>', 'the organization')
    .option('--json', 'print JSON')
    .description('list the members by pseudonym, with their flags (never their real names or contacts)')
    .action(async (o: { org: string; json?: boolean }, cmd: Command) => {
      const members = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => listMembers(ctx, { kind: 'local' }, o.org));
      if (o.json) return printJson(members);
      if (members.length === 0) process.stdout.write(`${o.org} has no members\n`);
      for (const m of members) {
        const flags = [m.officeholder ? 'officeholder' : '', m.triadEligible ? 'eligible' : 'not eligible'].filter((f) => f !== '').join(', ');
        process.stdout.write(`${m.pseudonym}\t${flags}\n`);
      }
    });

  // Members are never deleted (their pseudonyms may be in published triad records): one who has
  // left gets --no-eligible. Commander turns --eligible/--no-eligible into one option, absent = unchanged.
  member
    .command('update')
    .requiredOption('--org <slug>', 'the organization')
    .requiredOption('--pseudonym <name>', 'the member (the pseudonym itself never changes)')
    .option('--officeholder', 'holds office in the organization')
    .option('--no-officeholder', 'no longer holds office')
    .option('--eligible', 'eligible to serve in audit triads')
    .option('--no-eligible', 'not eligible (e.g. the member has left)')
    .option('--real-name <name>', 'PRIVATE: kept on this instance only; "" removes it')
    .option('--contact <text>', 'PRIVATE: kept on this instance only; "" removes it')
    .option('--private-stdin', 'read the private fields as JSON from standard input (keeps them out of the process list)')
    .option('--json', 'print JSON')
    .description('change a member’s flags or private details; nothing enters the public archive')
    .action(
      async (
        o: { org: string; pseudonym: string; officeholder?: boolean; eligible?: boolean; realName?: string; contact?: string; privateStdin?: boolean; json?: boolean },
        cmd: Command,
      ) => {
        await privateFieldsFromStdin(o);
        const m = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) =>
          updateMember(ctx, { kind: 'local' }, {
            organization: o.org,
            pseudonym: o.pseudonym,
            ...(o.officeholder !== undefined ? { officeholder: o.officeholder } : {}),
            ...(o.eligible !== undefined ? { triadEligible: o.eligible } : {}),
            ...(o.realName !== undefined ? { realName: o.realName } : {}),
            ...(o.contact !== undefined ? { contact: o.contact } : {}),
          }),
        );
        if (o.json) return printJson(m);
        process.stdout.write(`updated ${m.organization}'s member ${m.pseudonym}: ${m.officeholder ? 'officeholder' : 'not officeholder'}, ${m.triadEligible ? 'eligible' : 'not eligible'} for triads\n`);
      },
    );

  member
    .command('link')
    .requiredOption('--org <slug>', 'the organization')
    .requiredOption('--pseudonym <name>', 'the member')
    .requiredOption('--username <name>', 'the account they sign in with')
    .description('link a member to an account, so that account rates as the member in triad workspaces')
    .action(async (o: { org: string; pseudonym: string; username: string }, cmd: Command) => {
      await withInstance(cmd.optsWithGlobals<GlobalOptions>(), async (ctx) =>
        linkMemberAccount(ctx, { kind: 'local' }, { organization: o.org, pseudonym: o.pseudonym, accountId: await accountIdByUsername(ctx, o.username) }),
      );
      process.stdout.write(`linked ${o.org}'s member ${o.pseudonym} to the account ${o.username}\n`);
    });
  member
    .command('unlink')
    .requiredOption('--org <slug>', 'the organization')
    .requiredOption('--pseudonym <name>', 'the member')
    .description('unlink a member from its account: that account no longer acts as the member')
    .action(async (o: { org: string; pseudonym: string }, cmd: Command) => {
      await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => unlinkMemberAccount(ctx, { kind: 'local' }, { organization: o.org, pseudonym: o.pseudonym }));
      process.stdout.write(`unlinked ${o.org}'s member ${o.pseudonym} from its account\n`);
    });
}

/** With --private-stdin, the real name and contact come as JSON on standard input, never as flags too. */
async function privateFieldsFromStdin(o: { privateStdin?: boolean; realName?: string; contact?: string }): Promise<void> {
  if (!o.privateStdin) return;
  if (o.realName !== undefined || o.contact !== undefined) {
    throw new UsageError('give private fields either as flags or with --private-stdin, not both');
  }
  Object.assign(o, await privateFromStdin());
}

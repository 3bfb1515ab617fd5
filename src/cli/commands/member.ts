/**
 * member add: a member's pseudonym is public; real name and contact are private — stored on this
 * instance only, never printed back, never in a record or export.
 */
import type { Command } from 'commander';
import { addMember } from '../../services/members.js';
import { withInstance, type GlobalOptions } from '../instance-options.js';
import { printJson } from '../io.js';

export function registerMember(program: Command): void {
  const member = program.command('member').description('members of an organization');
  member
    .command('add')
    .requiredOption('--org <slug>', 'the organization')
    .requiredOption('--pseudonym <name>', 'public display name (may appear in triads)')
    .option('--real-name <name>', 'PRIVATE: kept on this instance only')
    .option('--contact <text>', 'PRIVATE: how to reach the member, kept on this instance only')
    .option('--officeholder', 'holds office in the organization (triad quotas count this)')
    .option('--not-eligible', 'not eligible to serve in audit triads')
    .option('--json', 'print JSON')
    .description('add a member; nothing about the member enters the public archive')
    .action(
      async (
        o: { org: string; pseudonym: string; realName?: string; contact?: string; officeholder?: boolean; notEligible?: boolean; json?: boolean },
        cmd: Command,
      ) => {
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
}

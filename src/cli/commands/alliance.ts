/** alliance create|show|list. Parties join and leave afterwards only through ratified covenant versions. */
import type { Command } from 'commander';
import { createAlliance, getAlliance, listAlliances, type AllianceView } from '../../services/alliances.js';
import { withInstance, type GlobalOptions } from '../instance-options.js';
import { collect, printJson } from '../io.js';

export function printAlliance(a: AllianceView, json: boolean | undefined): void {
  if (json) return printJson(a);
  const lines = [
    `${a.slug}: ${a.name} (${a.status})`,
    ...a.parties.map((p) => `party ${p.organization} (${p.standing})`),
    a.ratified ? `ratified version ${a.ratified.version} sha256 ${a.ratified.sha256}` : 'no ratified covenant',
    ...(a.proposed ? [`proposed version ${a.proposed.version}: signed by ${a.proposed.signed.join(', ') || 'nobody yet'}; waiting for ${a.proposed.missing.join(', ') || 'nobody'}`] : []),
    ...(a.renewal ? [`renewal ${a.renewal.number}: ${a.renewal.status} (due ${a.renewal.dueAt}, lapses ${a.renewal.lapsesAt})`] : []),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

export function registerAlliance(program: Command): void {
  const alliance = program.command('alliance').description('alliances of organizations bound by a covenant');
  alliance
    .command('create')
    .argument('<slug>', 'lowercase letters, digits and hyphens')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--party <org>', 'a founding party (repeat; at least two)', collect)
    .option('--json', 'print JSON')
    .description('create an alliance with its founding parties')
    .action(async (slug: string, o: { name: string; party: string[]; json?: boolean }, cmd: Command) => {
      const a = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) =>
        createAlliance(ctx, { kind: 'local' }, { slug, name: o.name, parties: o.party }),
      );
      if (o.json) return printAlliance(a, true);
      process.stdout.write(`created alliance ${a.slug} of ${a.parties.map((p) => p.organization).join(', ')}\n`);
    });
  alliance
    .command('show')
    .argument('<slug>')
    .option('--json', 'print JSON')
    .description('parties and standings, covenant status, renewal')
    .action(async (slug: string, o: { json?: boolean }, cmd: Command) => {
      printAlliance(await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => getAlliance(ctx, slug)), o.json);
    });
  alliance
    .command('list')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }, cmd: Command) => {
      const all = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => listAlliances(ctx));
      if (o.json) return printJson(all);
      for (const a of all) process.stdout.write(`${a.slug}\t${a.status}\t${a.name}\n`);
    });
}

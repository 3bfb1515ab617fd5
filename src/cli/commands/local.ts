/**
 * local add|list: local mirroring (issue 5 §5). A party records what it did at home; the list
 * shows the actions and, per audit cycle, each party's ratio of actions at home to commitments
 * abroad, marking a party that supports abroad and did nothing at home.
 */
import type { Command } from 'commander';
import { listLocalActions, recordLocalAction, type LocalActionList } from '../../services/local-actions.js';
import { withInstance, type GlobalOptions } from '../instance-options.js';
import { parseIndex, printJson } from '../io.js';
import { UsageError } from '../errors.js';

const LOCAL = { kind: 'local' } as const;

function printList(l: LocalActionList): void {
  const lines = [`local actions in ${l.alliance}: ${l.actions.length}`];
  for (const a of l.actions) lines.push(`#${a.id}  ${a.occurredOn}  ${a.party}${a.mirrors === null ? '' : `  mirrors commitment ${a.mirrors}`}  ${a.what}`);
  if (l.ratios === null) {
    lines.push('no ratified covenant yet: ratios follow its audit cycles');
  } else {
    lines.push('ratios of actions at home to commitments abroad, per cycle:');
    for (const c of l.ratios.cycles) {
      lines.push(`${c.label} (cycle ${c.n}, ${c.start} – ${c.end})`);
      for (const r of l.ratios.rows.filter((x) => x.cycle === c.n)) {
        lines.push(`  ${r.party}: ${r.local} at home / ${r.abroad} abroad = ${r.ratio ?? '—'}${r.reminder ? '  ! supports abroad and did nothing at home' : ''}`);
      }
    }
  }
  process.stdout.write(lines.join('\n') + '\n');
}

export function registerLocal(program: Command): void {
  const local = program.command('local').description('local mirroring: direct actions at home beside support abroad');

  local
    .command('add')
    .argument('<alliance>', 'the alliance')
    .requiredOption('--party <org>', 'the party that acted')
    .requiredOption('--on <date>', 'the day, YYYY-MM-DD')
    .requiredOption('--what <text>', 'what was done, in one line')
    .option('--mirrors <commitment>', 'the number of the party’s commitment abroad this action mirrors')
    .option('--json', 'print JSON')
    .description('record a direct action at home; archived')
    .action(async (alliance: string, o: { party: string; on: string; what: string; mirrors?: string; json?: boolean }, cmd: Command) => {
      const mirrors = o.mirrors === undefined ? undefined : parseIndex(o.mirrors, '--mirrors');
      if (mirrors === 0) throw new UsageError('--mirrors is a commitment number from `daylight support list`, a whole number from 1');
      const r = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) =>
        recordLocalAction(ctx, LOCAL, { alliance, party: o.party, occurredOn: o.on, what: o.what, ...(mirrors !== undefined ? { mirrors } : {}) }),
      );
      if (o.json) return printJson(r);
      process.stdout.write(`local action ${r.id} of ${r.party} on ${r.occurredOn}${r.mirrors === null ? '' : `, mirroring commitment ${r.mirrors}`} (record ${r.index})\n`);
    });

  local
    .command('list')
    .argument('<alliance>', 'the alliance')
    .option('--json', 'print JSON')
    .description('the actions at home, and per cycle each party’s ratio of actions at home to commitments abroad')
    .action(async (alliance: string, o: { json?: boolean }, cmd: Command) => {
      const l = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => listLocalActions(ctx, alliance));
      if (o.json) return printJson(l);
      printList(l);
    });
}

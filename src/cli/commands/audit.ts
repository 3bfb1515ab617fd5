/**
 * cycle open|show|calendar: audit cycles of an alliance (issue 4 §1–3). Opening draws every
 * party's triad by public lot from the announced sources (the archive's checkpoint root, then any
 * --source values, in order) and archives the draws; `daylight draw` re-runs any of them.
 */
import type { Command } from 'commander';
import { allianceCalendar, getCycle, openCycle, type CycleView } from '../../services/cycles.js';
import { withInstance, type GlobalOptions } from '../instance-options.js';
import { collect, parseIndex, printJson } from '../io.js';

const LOCAL = { kind: 'local' } as const;

function describeCycle(c: CycleView): string {
  const lines = [
    `${c.alliance}: ${c.label} (${c.rhythm}), ${c.start} to ${c.end}; covenant version ${c.version}`,
    `sources: ${c.sources.map((s) => JSON.stringify(s)).join(' ')}  (checkpoint ${c.checkpoint.size})`,
    `assignment: ${c.assignment.kind}${c.assignment.reviewers === undefined ? '' : `, ${c.assignment.reviewers} reviewers per party`}`,
    'triads:',
    ...c.triads.map((t) => `  ${t.party}: ${t.members.join(', ')}${t.newRound ? '  (new round)' : ''}`),
    'scorecards:',
    ...c.assignments.map((a) => `  ${a.reviewer} → ${a.reviewee}: ${a.status}`),
  ];
  return lines.join('\n') + '\n';
}

export function registerAudit(program: Command): void {
  const cycle = program.command('cycle').description('audit cycles of an alliance: open (draw the triads), show, calendar');

  cycle
    .command('open')
    .requiredOption('--alliance <slug>', 'the alliance')
    .option('--now <instant>', 'open the cycle containing this instant (YYYY-MM-DD or ISO; default: now)')
    .option('--source <value>', 'a public random value added after the checkpoint root (repeatable, in order)', collect)
    .option('--json', 'print JSON')
    .description('open the cycle: announce the sources, draw each party’s triad by RFC 3797 lot, assign who reviews whom')
    .action(async (o: { alliance: string; now?: string; source?: string[]; json?: boolean }, cmd: Command) => {
      const c = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) =>
        openCycle(ctx, LOCAL, { alliance: o.alliance, ...(o.now !== undefined ? { at: o.now } : {}), sources: o.source ?? [] }),
      );
      if (o.json) return printJson(c);
      process.stdout.write(`opened ${describeCycle(c)}`);
    });

  cycle
    .command('show')
    .requiredOption('--alliance <slug>', 'the alliance')
    .option('--n <n>', 'the cycle number (default: the latest opened)')
    .option('--json', 'print JSON')
    .description('a cycle: its sources, triads by pseudonym, and scorecards')
    .action(async (o: { alliance: string; n?: string; json?: boolean }, cmd: Command) => {
      const n = o.n === undefined ? undefined : parseIndex(o.n, '--n');
      const c = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => getCycle(ctx, o.alliance, n));
      if (o.json) return printJson(c);
      process.stdout.write(describeCycle(c));
    });

  cycle
    .command('calendar')
    .requiredOption('--alliance <slug>', 'the alliance')
    .description('the alliance’s audit calendar as iCalendar (RFC 5545): cycles, due dates, feedback windows')
    .action(async (o: { alliance: string }, cmd: Command) => {
      const text = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => allianceCalendar(ctx, o.alliance));
      process.stdout.write(text);
    });
}

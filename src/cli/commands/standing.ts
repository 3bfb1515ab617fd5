/**
 * standing ALLIANCE (issue 5 §3): each party's standing and what it means now — breaches, open
 * corrective tasks, support paused, the warning's window with the days left, benchmarks met and
 * unmet — then the latest transitions. --json gives the same as GET /api/v1/alliances/{slug}/standing.
 */
import type { Command } from 'commander';
import { allianceStandings, standingHistory, type PartyStanding } from '../../services/warning-views.js';
import { withInstance, type GlobalOptions } from '../instance-options.js';
import { printJson } from '../io.js';
import { transitionLines } from './observe.js';

/** Transitions printed after the standings; the archive (and --json) holds them all. */
const SHOWN = 10;

function partyLines(p: PartyStanding): string[] {
  const lines = [`${p.party}: ${p.standing}${p.since ? ` since ${p.since}` : ''}`];
  const w = p.warning;
  if (w) lines.push(`  window ends ${w.windowEnds} (${w.daysLeft} ${w.daysLeft === 1 ? 'day' : 'days'} left)`);
  for (const b of p.breaches) lines.push(`  breach: ${b.indicator} ${b.threshold} (${b.severity}): ${b.reason}`);
  if (p.openTasks.length > 0) lines.push(`  open tasks: ${p.openTasks.map((t) => t.action).join(', ')}`);
  if (p.pausedForms.length > 0) lines.push(`  support paused: ${p.pausedForms.join(', ')}${p.paused.length > 0 ? ` (commitments ${p.paused.map((c) => `${c.commitment} from ${c.from}`).join(', ')})` : ''}`);
  if (w) {
    const met = w.benchmarks.filter((b) => b.met);
    const unmet = w.benchmarks.filter((b) => !b.met);
    lines.push(`  benchmarks met: ${met.map((b) => b.id).join(', ') || 'none'}; unmet: ${unmet.map((b) => b.id).join(', ') || 'none'}`);
  }
  if (p.disengaged) lines.push(`  ${p.disengaged.immediate ? 'disengaged at once: a red line the covenant makes immediate' : 'disengaged after a warning'}`);
  return lines;
}

export function registerStanding(program: Command): void {
  program
    .command('standing')
    .argument('<alliance>', 'the alliance')
    .option('--json', 'print JSON')
    .description('each party’s standing: breaches, open corrective tasks, paused support, the window’s end and days left, benchmarks met and unmet')
    .action(async (alliance: string, o: { json?: boolean }, cmd: Command) => {
      const [s, history] = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => Promise.all([allianceStandings(ctx, alliance), standingHistory(ctx, alliance)]));
      if (o.json) return printJson({ ...s, transitions: history });
      const lines = s.parties.flatMap(partyLines);
      if (history.length > 0) {
        lines.push('', 'latest transitions:');
        for (const [i, line] of transitionLines(history.slice(0, SHOWN)).entries()) lines.push(`  ${history[i]!.at}  ${line}`);
      }
      process.stdout.write(lines.join('\n') + '\n');
    });
}

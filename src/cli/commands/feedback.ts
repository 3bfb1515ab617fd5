/**
 * feedback list|hide|summary: grassroots answers to published scorecards (issue 4 §5). Answering
 * is for the public, through the web form or the API (it needs a challenge from the server); the
 * command line reads the answers, hides one with a public reason (as the local operator, a
 * moderator), and prints the summary the next cycle's triads read.
 * Text printed to the terminal cannot carry escape sequences: control characters were refused
 * when the answer was taken (domain/feedback.ts).
 */
import type { Command } from 'commander';
import { feedbackSummary, listFeedback, type FeedbackList, type FeedbackSummary } from '../../services/feedback.js';
import { hideFeedback } from '../../services/moderation.js';
import { withInstance, type GlobalOptions } from '../instance-options.js';
import { parseIndex, printJson } from '../io.js';

const LOCAL = { kind: 'local' } as const;

const indent = (text: string) => text.replace(/\n/g, '\n      ');

function printList(l: FeedbackList): void {
  const lines = [`${l.reviewer}’s scorecard of ${l.reviewee}, ${l.alliance} cycle ${l.cycle}: ${l.answers.length} answers; feedback ${l.open ? `open until ${l.closesAt}` : 'closed'}`];
  for (const a of l.answers) {
    const who = a.hidden !== null ? '' : a.pseudonym === null ? 'anonymous' : a.pseudonym;
    lines.push(`  #${a.id}  ${a.createdAt}  ${a.dimension ?? 'overall'}${who ? `  ${who}` : ''}`);
    lines.push(`      ${indent(a.shown)}`);
    if (a.document !== null) lines.push(`      document ${a.document}`);
  }
  process.stdout.write(lines.join('\n') + '\n');
}

function printSummary(s: FeedbackSummary): void {
  const lines = [`feedback on ${s.alliance}, ${s.label} (cycle ${s.cycle})`];
  for (const p of s.parties) {
    lines.push(`${p.reviewee}: ${p.count} answers, ${p.hidden} hidden`);
    for (const d of p.dimensions) {
      if (d.count === 0) continue;
      lines.push(`  ${d.dimension ?? 'overall'}: ${d.count} (${d.hidden} hidden)`);
      for (const r of d.recent) lines.push(`    #${r.id} on ${r.reviewer}’s card${r.pseudonym ? `, ${r.pseudonym}` : ''}: ${indent(r.text)}`);
    }
  }
  process.stdout.write(lines.join('\n') + '\n');
}

export function registerFeedback(program: Command): void {
  const feedback = program.command('feedback').description('grassroots feedback on published scorecards: read, hide with a public reason, summarize');

  feedback
    .command('list')
    .requiredOption('--alliance <slug>', 'the alliance')
    .requiredOption('--cycle <n>', 'the cycle number')
    .requiredOption('--reviewer <org>', 'the reviewing party')
    .requiredOption('--reviewee <org>', 'the reviewed party')
    .option('--json', 'print JSON')
    .description('the answers to one published scorecard, as the public sees them (a hidden one shows its reason)')
    .action(async (o: { alliance: string; cycle: string; reviewer: string; reviewee: string; json?: boolean }, cmd: Command) => {
      const key = { alliance: o.alliance, cycle: parseIndex(o.cycle, '--cycle'), reviewer: o.reviewer, reviewee: o.reviewee };
      const l = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => listFeedback(ctx, key));
      if (o.json) return printJson(l);
      printList(l);
    });

  feedback
    .command('hide')
    .argument('<id>', 'the answer’s number (#id in `feedback list`)')
    .requiredOption('--reason <text>', 'why, in one line: it is archived for everyone to read')
    .option('--json', 'print JSON')
    .description('hide an answer with a public reason; the hiding is archived and the answer is kept')
    .action(async (id: string, o: { reason: string; json?: boolean }, cmd: Command) => {
      const r = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => hideFeedback(ctx, LOCAL, { id: parseIndex(id, 'id'), reason: o.reason }));
      if (o.json) return printJson(r);
      process.stdout.write(`feedback #${r.id} on ${r.reviewer}’s scorecard of ${r.reviewee} is hidden (record ${r.index}): hidden: ${r.reason}\n`);
    });

  feedback
    .command('summary')
    .requiredOption('--alliance <slug>', 'the alliance')
    .requiredOption('--cycle <n>', 'the cycle whose scorecards were answered')
    .option('--json', 'print JSON')
    .description('per reviewed party and dimension: answers, hidden ones, the latest few — for the next cycle’s triads')
    .action(async (o: { alliance: string; cycle: string; json?: boolean }, cmd: Command) => {
      const s = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => feedbackSummary(ctx, { alliance: o.alliance, cycle: parseIndex(o.cycle, '--cycle') }));
      if (o.json) return printJson(s);
      printSummary(s);
    });
}

/**
 * decide propose|vote|benchmark|list (issue 5 §3): decisions on a party's standing by the
 * covenant's rule over the other parties' recorded votes. On the instance's data directory the
 * command line is the local operator acting for the party it names (--by, --party); the party
 * whose standing is decided never votes on it. A proposal the state machine could never accept
 * is refused when proposed, with the machine's reason. Benchmark evidence is private, so it is
 * read from standard input only, never from the command line.
 */
import type { Command } from 'commander';
import { castVote, listProposals, proposeDecision, recordBenchmark, type ProposalView } from '../../services/decisions.js';
import { withInstance, type GlobalOptions } from '../instance-options.js';
import { UsageError } from '../errors.js';
import { parseIndex, printJson } from '../io.js';
import { privateStdin, transitionLines } from './observe.js';

const LOCAL = { kind: 'local' } as const;

/** "proposal 3: warn norte (majority) — open; 1 for, 0 against, 0 abstain, 1 silent of 2" */
export function proposalLine(p: ProposalView): string {
  const t = p.tally;
  const count = t === null ? '' : `; ${t.for.length} for, ${t.against.length} against, ${t.abstain.length} abstain, ${t.silent.length} silent of ${t.eligible.length}`;
  const by = p.openedBy === null ? '' : `, proposed by ${p.openedBy}`;
  const closes = t?.closesAt && p.status === 'open' ? `; adopted unless someone objects by ${t.closesAt}` : '';
  return `proposal ${p.proposal}: ${p.decision} ${p.party}${by} (${t?.rule ?? 'rule unknown'}) — ${p.status}${count}${closes}${p.reason ? ` (${p.reason})` : ''}`;
}

export function registerDecide(program: Command): void {
  const decide = program.command('decide').description('decisions on a party’s standing: propose, vote, mark benchmarks met, list');

  decide
    .command('propose')
    .argument('<alliance>', 'the alliance')
    .requiredOption('--party <org>', 'the party whose standing is decided')
    .requiredOption('--decision <kind>', 'warn, dismiss, restore or disengage')
    .option('--by <org>', 'the party that proposes (not the one decided on)')
    .option('--json', 'print JSON')
    .description('open a proposal for the other parties to vote on; refused at once if the state machine could never accept it')
    .action(async (alliance: string, o: { party: string; decision: string; by?: string; json?: boolean }, cmd: Command) => {
      const p = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) =>
        proposeDecision(ctx, LOCAL, { alliance, party: o.party, decision: o.decision, ...(o.by !== undefined ? { by: o.by } : {}) }),
      );
      if (o.json) return printJson(p);
      process.stdout.write(`${proposalLine(p)} (record ${p.index})\nvote with: daylight decide vote ${p.alliance} ${p.proposal} --party PARTY --choice for|against|abstain\n`);
    });

  decide
    .command('vote')
    .argument('<alliance>', 'the alliance')
    .argument('<proposal>', 'the proposal’s number')
    .requiredOption('--party <org>', 'the party that votes')
    .requiredOption('--choice <choice>', 'for, against or abstain')
    .option('--json', 'print JSON')
    .description('record a party’s vote in the open; when the tally is final the decision is carried out')
    .action(async (alliance: string, proposal: string, o: { party: string; choice: string; json?: boolean }, cmd: Command) => {
      const id = parseIndex(proposal, 'proposal');
      const r = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => castVote(ctx, LOCAL, { alliance, proposal: id, party: o.party, choice: o.choice }));
      if (o.json) return printJson(r);
      const lines = [`${o.party} votes ${o.choice} (record ${r.index})`, proposalLine(r.proposal)];
      if (r.transition) lines.push(...transitionLines([{ party: r.proposal.party, ...r.transition }]));
      process.stdout.write(lines.join('\n') + '\n');
    });

  decide
    .command('benchmark')
    .argument('<alliance>', 'the alliance')
    .requiredOption('--party <org>', 'the warned party')
    .requiredOption('--benchmark <id>', 'the covenant’s benchmark')
    .option('--evidence-stdin', 'read the evidence from standard input (PRIVATE: kept on this instance only)')
    .option('--json', 'print JSON')
    .description('mark a benchmark of the warning met, with evidence; restoration still needs a decision')
    .action(async (alliance: string, o: { party: string; benchmark: string; evidenceStdin?: boolean; json?: boolean }, cmd: Command) => {
      if (!o.evidenceStdin) throw new UsageError('a benchmark is met with evidence: pipe it in with --evidence-stdin (it stays private)');
      const evidence = await privateStdin('--evidence-stdin');
      const r = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => recordBenchmark(ctx, LOCAL, { alliance, party: o.party, benchmark: o.benchmark, evidence }));
      if (o.json) return printJson(r);
      process.stdout.write(`${r.party}: ${r.reason} (record ${r.index})\n`);
    });

  decide
    .command('list')
    .argument('<alliance>', 'the alliance')
    .option('--open', 'only proposals still open')
    .option('--json', 'print JSON')
    .description('proposals, newest first, with their votes and tally')
    .action(async (alliance: string, o: { open?: boolean; json?: boolean }, cmd: Command) => {
      const list = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => listProposals(ctx, alliance, { open: o.open === true }));
      if (o.json) return printJson(list);
      if (list.length === 0) return void process.stderr.write(o.open ? 'no open proposals\n' : 'no proposals\n');
      const lines: string[] = [];
      for (const p of list) {
        lines.push(proposalLine(p));
        for (const v of p.votes) lines.push(`  ${v.party}: ${v.choice} at ${v.at}`);
      }
      process.stdout.write(lines.join('\n') + '\n');
    });
}

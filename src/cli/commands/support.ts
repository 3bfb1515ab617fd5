/**
 * support commit|transaction|end|list: the support ledger (issue 5 §4). Amounts are read as
 * the decimal text typed (never through a float) and printed in their currency's canonical
 * form; totals are per currency, one line each. A transaction says where its money came from
 * (--source TEXT, public) or that it does not (--undisclosed): one or the other, never silence.
 */
import type { Command } from 'commander';
import { endCommitment, listSupport, makeCommitment, recordTransaction, type CurrencyTotal, type SupportList } from '../../services/support.js';
import { withInstance, type GlobalOptions } from '../instance-options.js';
import { parseIndex, printJson } from '../io.js';
import { UsageError } from '../errors.js';

const LOCAL = { kind: 'local' } as const;

const totals = (list: readonly CurrencyTotal[]) => (list.length === 0 ? 'none' : list.map((t) => `${t.amount} ${t.currency}`).join(' · '));

function commitmentNumber(value: string): number {
  const n = parseIndex(value, 'COMMITMENT');
  if (n === 0) throw new UsageError('COMMITMENT is a commitment number from `daylight support list`, a whole number from 1');
  return n;
}

function printList(s: SupportList): void {
  const lines = [`support in ${s.alliance}: ${s.commitments.length} commitments; transactions total ${totals(s.totals)}`];
  for (const c of s.commitments) {
    const money = c.amount === null ? '' : `, ${c.amount} ${c.currency}`;
    lines.push(`#${c.id}  ${c.from} → ${c.to}  ${c.form} to the ${c.recipient}${money}  ${c.status}  ${c.startsOn}–${c.endsOn ?? ''}`);
    lines.push(`      ${c.description}`);
    for (const t of c.transactions) {
      lines.push(`      ${t.occurredOn}  ${t.amount} ${t.currency}  source ${t.sourceDisclosed ? `disclosed: ${t.source}` : 'not disclosed'}  receipt ${t.receipt ? 'yes' : 'no'}`);
    }
    if (c.transactions.length > 0) lines.push(`      total ${totals(c.totals)}`);
  }
  process.stdout.write(lines.join('\n') + '\n');
}

export function registerSupport(program: Command): void {
  const support = program.command('support').description('the support ledger: commitments from party to party, to the people or the leadership, and the money under them');

  support
    .command('commit')
    .argument('<alliance>', 'the alliance')
    .requiredOption('--from <org>', 'the giving party')
    .requiredOption('--to <org>', 'the receiving party')
    .requiredOption('--form <form>', 'funds, equipment, logistics, propaganda-events, safe-houses, endorsement, humanitarian-aid, cultural-exchange or grassroots-partnership')
    .requiredOption('--recipient <who>', 'people or leadership')
    .requiredOption('--description <text>', 'what is committed, in one line')
    .option('--amount <decimal>', 'the amount committed, such as 1200.50 (with --currency)')
    .option('--currency <code>', 'ISO 4217, such as EUR (with --amount)')
    .requiredOption('--starts <date>', 'first day, YYYY-MM-DD')
    .option('--ends <date>', 'last day, YYYY-MM-DD')
    .option('--json', 'print JSON')
    .description('commit support from one party to another; archived')
    .action(
      async (
        alliance: string,
        o: { from: string; to: string; form: string; recipient: string; description: string; amount?: string; currency?: string; starts: string; ends?: string; json?: boolean },
        cmd: Command,
      ) => {
        if ((o.amount === undefined) !== (o.currency === undefined)) throw new UsageError('give --amount and --currency together, or neither');
        const r = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) =>
          makeCommitment(ctx, LOCAL, {
            alliance,
            from: o.from,
            to: o.to,
            form: o.form,
            recipient: o.recipient,
            description: o.description,
            ...(o.amount !== undefined ? { amount: o.amount, currency: o.currency! } : {}),
            startsOn: o.starts,
            ...(o.ends !== undefined ? { endsOn: o.ends } : {}),
          }),
        );
        if (o.json) return printJson(r);
        const money = r.amount === null ? '' : ` (${r.amount} ${r.currency})`;
        process.stdout.write(`commitment ${r.id}: ${r.from} → ${r.to}, ${r.form} to the ${r.recipient}${money} from ${r.startsOn} (record ${r.index})\n`);
      },
    );

  support
    .command('transaction')
    .argument('<alliance>', 'the alliance')
    .argument('<commitment>', 'the commitment number')
    .requiredOption('--amount <decimal>', 'the amount, such as 1200.50')
    .requiredOption('--currency <code>', 'ISO 4217, such as EUR')
    .requiredOption('--on <date>', 'the day the money moved, YYYY-MM-DD')
    .option('--source <text>', 'where the money came from: public, archived')
    .option('--undisclosed', 'the source is not disclosed (nothing about it is archived)')
    .option('--receipt', 'the receiving party acknowledged receipt')
    .option('--json', 'print JSON')
    .description('record money moved under a commitment; archived')
    .action(async (alliance: string, commitment: string, o: { amount: string; currency: string; on: string; source?: string; undisclosed?: boolean; receipt?: boolean; json?: boolean }, cmd: Command) => {
      if ((o.source === undefined) === (o.undisclosed !== true)) throw new UsageError('say where the money came from: --source TEXT, or --undisclosed');
      const id = commitmentNumber(commitment);
      const r = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) =>
        recordTransaction(ctx, LOCAL, {
          alliance,
          commitment: id,
          occurredOn: o.on,
          amount: o.amount,
          currency: o.currency,
          sourceDisclosed: o.undisclosed !== true,
          ...(o.source !== undefined ? { source: o.source } : {}),
          receipt: o.receipt === true,
        }),
      );
      if (o.json) return printJson(r);
      process.stdout.write(
        `transaction ${r.id} under commitment ${r.commitment}: ${r.amount} ${r.currency} on ${r.occurredOn}, source ${r.sourceDisclosed ? 'disclosed' : 'not disclosed'}, receipt ${r.receipt ? 'yes' : 'no'} (record ${r.index})\n`,
      );
    });

  support
    .command('end')
    .argument('<alliance>', 'the alliance')
    .argument('<commitment>', 'the commitment number')
    .option('--on <date>', 'its last day, YYYY-MM-DD (default today)')
    .option('--json', 'print JSON')
    .description('end a commitment, as its giver; archived')
    .action(async (alliance: string, commitment: string, o: { on?: string; json?: boolean }, cmd: Command) => {
      const id = commitmentNumber(commitment);
      const r = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => endCommitment(ctx, LOCAL, { alliance, commitment: id, ...(o.on !== undefined ? { endsOn: o.on } : {}) }));
      if (o.json) return printJson(r);
      process.stdout.write(`commitment ${r.id} ends on ${r.endsOn} (record ${r.index})\n`);
    });

  support
    .command('list')
    .argument('<alliance>', 'the alliance')
    .option('--json', 'print JSON')
    .description('commitments, their transactions and totals per currency (an undisclosed source is never shown)')
    .action(async (alliance: string, o: { json?: boolean }, cmd: Command) => {
      const s = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => listSupport(ctx, alliance));
      if (o.json) return printJson(s);
      printList(s);
    });
}

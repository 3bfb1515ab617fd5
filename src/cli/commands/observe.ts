/**
 * observe ALLIANCE | observe import | observe list (issue 5 §1): the value of an indicator for a
 * party, recorded by the local operator. The same transaction reads every threshold of the
 * covenant in force; a trip opens the corrective phase by itself, and each transition is printed
 * as "norte: good → review (reason)".
 *
 * Evidence is private unless --publish-evidence says otherwise, so it is read from standard input
 * (--evidence-stdin): typed on the command line it would sit in the process list and the shell's
 * history. An import is all or nothing: a file with any bad row is refused whole, each bad row
 * named by its line (--json prints them as a list), and nothing is stored.
 *
 * `observe` both acts and has sub-commands: commander hands options written after `import` or
 * `list` to `observe` first, so those read theirs through optsWithGlobals.
 */
import type { Command } from 'commander';
import { ImportRefused, importObservations, listObservations, recordObservation, type ObservationResult, type Transition } from '../../services/observations.js';
import { withInstance, type GlobalOptions } from '../instance-options.js';
import { Failed, UsageError } from '../errors.js';
import { printJson, readInput, utf8 } from '../io.js';

const LOCAL = { kind: 'local' } as const;

/** "norte: good → review (reason)", one line per transition. */
export function transitionLines(transitions: readonly Pick<Transition, 'party' | 'from' | 'to' | 'reason'>[]): string[] {
  return transitions.map((t) => `${t.party}: ${t.from} → ${t.to} (${t.reason})`);
}

export function trippedLines(tripped: ObservationResult['tripped']): string[] {
  return tripped.map((t) => `tripped: ${t.indicator} ${t.threshold} (${t.severity}): ${t.reason}`);
}

/** Private text from standard input: the one trailing line break a pipe or heredoc adds is dropped. */
export async function privateStdin(flag: string): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError(`${flag}: pipe the evidence into standard input (e.g. from a file with < evidence.txt)`);
  return utf8(await readInput('-'), 'standard input').replace(/\r?\n$/, '');
}

interface ObserveOptions {
  party?: string;
  indicator?: string;
  at?: string;
  value?: string;
  currency?: string;
  source?: string;
  evidenceStdin?: boolean;
  publishEvidence?: boolean;
  json?: boolean;
}

export function registerObserve(program: Command): void {
  const observe = program
    .command('observe')
    .argument('<alliance>', 'the alliance')
    .option('--party <org>', 'the party observed')
    .option('--indicator <id>', 'the covenant’s indicator (see the covenant in force)')
    .option('--at <date>', 'when the value held: YYYY-MM-DD or a UTC instant such as 2027-03-01T12:00:00Z')
    .option('--value <v>', 'a decimal number; yes/no for a yes-no indicator; the event’s date for days-since')
    .option('--currency <code>', 'ISO 4217 code, for an amount (default: the indicator’s)')
    .option('--source <text>', 'where the figure comes from: PUBLIC')
    .option('--evidence-stdin', 'read the evidence from standard input (PRIVATE unless --publish-evidence)')
    .option('--publish-evidence', 'publish the evidence with the observation: the archive is permanent')
    .option('--json', 'print JSON')
    .description('record an observation of an indicator for a party; thresholds are read at once and a trip opens the corrective phase')
    .action(async (alliance: string, o: ObserveOptions, cmd: Command) => {
      const missing = (['party', 'indicator', 'at', 'value', 'source'] as const).filter((k) => o[k] === undefined);
      if (missing.length > 0) throw new UsageError(`give ${missing.map((k) => `--${k}`).join(', ')} (or use \`daylight observe import\` or \`observe list\`)`);
      if (o.publishEvidence && !o.evidenceStdin) throw new UsageError('--publish-evidence needs the evidence: pipe it in with --evidence-stdin');
      const evidence = o.evidenceStdin ? await privateStdin('--evidence-stdin') : null;
      const r = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) =>
        recordObservation(
          ctx,
          LOCAL,
          {
            alliance,
            party: o.party!,
            indicator: o.indicator!,
            at: o.at!,
            value: o.value!,
            currency: o.currency ?? null,
            source: o.source!,
            evidence,
            publishEvidence: o.publishEvidence === true,
          },
          'cli',
        ),
      );
      if (o.json) return printJson(r);
      const lines = [
        `recorded observation ${r.observation} of ${r.party}: ${r.indicator} = ${r.value}${r.currency ? ` ${r.currency}` : ''} at ${r.at} (record ${r.index})`,
        ...trippedLines(r.tripped),
        ...transitionLines(r.transitions),
      ];
      process.stdout.write(lines.join('\n') + '\n');
    });

  observe
    .command('import')
    .argument('<alliance>', 'the alliance')
    .argument('<file>', 'a CSV file (- for standard input) with a header row: party,indicator,at,value,source[,currency][,evidence]')
    .option('--json', 'print JSON (a refused file: {error, problems: [{line, reason}]}, exit 1)')
    .description('import observations from CSV, all or nothing: a file with a bad row is refused whole, each bad row named by its line')
    .action(async (alliance: string, file: string, _o: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals<GlobalOptions & { json?: boolean }>();
      const csv = utf8(await readInput(file), file);
      try {
        const r = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => importObservations(ctx, LOCAL, { alliance, csv }));
        if (o.json) return printJson(r);
        const range = r.first === null ? '' : ` (observations ${r.first}–${r.last})`;
        process.stdout.write([`imported ${r.imported} observations into ${r.alliance}${range}`, ...trippedLines(r.tripped), ...transitionLines(r.transitions)].join('\n') + '\n');
      } catch (e) {
        if (!(e instanceof ImportRefused) || !o.json) throw e;
        printJson({ error: e.message, problems: e.problems });
        throw new Failed();
      }
    });

  observe
    .command('list')
    .argument('<alliance>', 'the alliance')
    .option('--party <org>', 'only this party')
    .option('--indicator <id>', 'only this indicator')
    .option('--json', 'print JSON')
    .description('the public part of the observations, newest first (evidence only where it was published)')
    .action(async (alliance: string, _o: unknown, cmd: Command) => {
      const o = cmd.optsWithGlobals<GlobalOptions & { party?: string; indicator?: string; json?: boolean }>();
      const list = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) =>
        listObservations(ctx, alliance, { ...(o.party !== undefined ? { party: o.party } : {}), ...(o.indicator !== undefined ? { indicator: o.indicator } : {}) }),
      );
      if (o.json) return printJson(list);
      if (list.length === 0) return void process.stderr.write('no observations\n');
      const lines = list.map(
        (x) => `#${x.id}  ${x.at}  ${x.party}  ${x.indicator} = ${x.value}${x.currency ? ` ${x.currency}` : ''}  source: ${x.source}${x.evidence !== null ? `  evidence: ${x.evidence.replace(/\n/g, ' ')}` : ''}${x.index !== null ? `  (record ${x.index})` : ''}`,
      );
      process.stdout.write(lines.join('\n') + '\n');
    });
}

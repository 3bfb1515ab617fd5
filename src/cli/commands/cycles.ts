/**
 * daylight cycles: the audit calendar, without a database (issue 4 §1). Lunar cycles run from one
 * true new moon to the next, quarterly ones are calendar quarters; all instants are UTC.
 * Output: a table, --json (an array of {"n","start","end"}) or --ics (RFC 5545).
 */
import type { Command } from 'commander';
import { AuditInputError, cycleLabel, cycles, ics, isRhythm, parseInstant, type Cycle, type Rhythm } from '../../domain/audit/index.js';
import { UsageError } from '../errors.js';
import { printJson } from '../io.js';

interface CyclesOptions {
  rhythm: string;
  from: string;
  to: string;
  json?: boolean;
  ics?: boolean;
  name: string;
  uidDomain: string;
  stamp?: string;
}

export function registerCycles(program: Command): void {
  program
    .command('cycles')
    .description('list the audit cycles in a range: lunar (new moon to new moon) or quarterly, in UTC')
    .requiredOption('--rhythm <rhythm>', 'lunar or quarterly')
    .requiredOption('--from <date>', 'first day (YYYY-MM-DD, 00:00 UTC) or ISO instant; cycles starting from here')
    .requiredOption('--to <date>', 'end of the range (exclusive), same forms')
    .option('--json', 'print a JSON array of {"n","start","end"} (ISO-8601 UTC)')
    .option('--ics', 'print an iCalendar (RFC 5545) feed')
    .option('--name <name>', 'calendar name for --ics', 'Daylight audit cycles')
    .option('--uid-domain <host>', 'host name in the event UIDs for --ics', 'daylight.invalid')
    .option('--stamp <instant>', 'DTSTAMP for --ics (default: --from, so the feed is reproducible)')
    .action((opts: CyclesOptions) => {
      if (opts.json && opts.ics) throw new UsageError('choose one of --json and --ics');
      if (!isRhythm(opts.rhythm)) throw new UsageError(`--rhythm must be lunar or quarterly, got "${opts.rhythm}"`);
      const rhythm: Rhythm = opts.rhythm;
      const list = usage(() => cycles({ rhythm, from: parseInstant(opts.from, '--from'), to: parseInstant(opts.to, '--to') }));
      if (opts.json) return printJson(list);
      if (opts.ics) {
        const stamp = usage(() => parseInstant(opts.stamp ?? opts.from, opts.stamp ? '--stamp' : '--from')).toISOString();
        return void process.stdout.write(usage(() => ics(list, { name: opts.name, uidDomain: opts.uidDomain, stamp, rhythm })));
      }
      process.stdout.write(table(rhythm, list));
    });
}

function table(rhythm: Rhythm, list: Cycle[]): string {
  const rows = [['n', 'start (UTC)', 'end (UTC)', 'cycle'], ...list.map((c) => [String(c.n), c.start, c.end, cycleLabel(rhythm, c.n)])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n';
}

/** The domain's refusals of bad input are usage errors here: every input is an argument. */
function usage<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof AuditInputError) throw new UsageError(err.message);
    throw err;
  }
}

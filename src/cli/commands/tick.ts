/** tick: open renewals that are due and lapse those past grace. For cron; --now to run as of another time. */
import type { Command } from 'commander';
import { tick } from '../../services/tick.js';
import { openInstance } from '../../services/instance.js';
import { instanceOptions, type GlobalOptions } from '../instance-options.js';
import { printJson } from '../io.js';
import { UsageError } from '../errors.js';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export function registerTick(program: Command): void {
  program
    .command('tick')
    .option('--now <instant>', 'act as of this ISO 8601 instant with a zone, e.g. 2027-01-15T00:00:00Z (default: the clock)')
    .option('--json', 'print JSON')
    .description('open renewals that have come due, lapse those past their grace, re-read every threshold, run corrective-window deadlines and settle consent-by-silence decisions (run it from cron, e.g. hourly)')
    .action(async (o: { now?: string; json?: boolean }, cmd: Command) => {
      let now: Date | undefined;
      if (o.now !== undefined) {
        now = new Date(o.now);
        if (!ISO_INSTANT.test(o.now) || Number.isNaN(now.getTime())) throw new UsageError(`--now must be an ISO 8601 instant with a zone, e.g. 2027-01-15T00:00:00Z; got "${o.now}"`);
      }
      const opts = instanceOptions(cmd.optsWithGlobals<GlobalOptions>());
      const ctx = await openInstance(now === undefined ? opts : { ...opts, now: () => now! });
      try {
        const r = await tick(ctx);
        if (o.json) return printJson(r);
        for (const x of r.opened) process.stdout.write(`opened renewal ${x.renewal} of ${x.alliance} (due ${x.dueAt}, lapses ${x.lapsesAt})\n`);
        for (const x of r.lapsed) process.stdout.write(`lapsed: ${x.alliance} did not renew (renewal ${x.renewal}, grace ended ${x.lapsesAt})\n`);
        for (const x of r.decisions) process.stdout.write(`proposal ${x.proposal} of ${x.alliance} ${x.status} (consent by silence)\n`);
        for (const x of r.standing) process.stdout.write(`${x.party}: ${x.from} → ${x.to} (${x.reason})\n`);
        if (r.opened.length + r.lapsed.length + r.decisions.length + r.standing.length === 0) process.stderr.write('nothing due\n');
      } finally {
        await ctx.close();
      }
    });
}

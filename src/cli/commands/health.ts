/**
 * health ALLIANCE: the alliance's health in the terminal (issue 5 §7), the twin of the web page
 * and of GET /api/v1/alliances/{slug}/health — `--json` prints the very object the API answers.
 * Per party: standing, the corrective window's days left and benchmarks, open tasks, paused
 * support, and each test as "indicator threshold: value (tripped)" with a tiny ASCII trend of
 * its last cycles (low _ . - = ^ high, x where it had tripped, a space where there was no
 * reading); then support flows and the local ratios. --now reads as of another moment.
 */
import type { Command } from 'commander';
import { allianceHealth, type AllianceHealth, type TestHealth } from '../../services/health-views.js';
import { geometry, TOP, BOTTOM } from '../../render/sparkline.js';
import { withInstance, type GlobalOptions } from '../instance-options.js';
import { printJson } from '../io.js';
import { UsageError } from '../errors.js';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const LEVELS = ['_', '.', '-', '=', '^'];

/** One character per cycle: the value's height among the chart's, x for a trip, space for none. */
export function asciiTrend(t: TestHealth): string {
  const g = geometry({
    points: t.history.map((h) => ({ value: h.value, tripped: h.tripped })),
    kind: t.change ? 'change' : t.kind === 'yes-no' ? 'yes-no' : 'level',
    threshold: t.limit,
    thresholdLabel: '',
    label: '',
  });
  return t.history
    .map((h, i) => {
      const p = g.xy[i];
      if (p === null || p === undefined) return ' ';
      if (h.tripped) return 'x';
      const level = Math.round(((BOTTOM - p.y) / (BOTTOM - TOP)) * (LEVELS.length - 1));
      return LEVELS[Math.min(LEVELS.length - 1, Math.max(0, level))]!;
    })
    .join('');
}

function value(t: TestHealth): string {
  if (t.value === null) return 'no reading';
  if (t.change) return `${t.value}%`;
  if (t.kind === 'amount' && t.currency !== null) return `${t.value} ${t.currency}`;
  if (t.kind === 'days-since') return `${t.value} days`;
  return t.value;
}

export function healthText(h: AllianceHealth): string {
  const out: string[] = [];
  out.push(`${h.alliance} (${h.name}) as of ${h.at}${h.covenant === null ? ': no ratified covenant, no tests' : `, covenant v${h.covenant}, ${h.rhythm} cycles`}`);
  for (const p of h.parties) {
    out.push('');
    out.push(`${p.party}: ${p.standing}${p.since === null ? '' : ` since ${p.since}`}`);
    if (p.warning) {
      out.push(`  corrective window ends ${p.warning.windowEnds}: ${p.warning.daysLeft} ${p.warning.daysLeft === 1 ? 'day' : 'days'} left`);
      out.push(`  benchmarks: ${p.warning.benchmarks.map((b) => `${b.id} ${b.met ? 'met' : 'unmet'}`).join(', ')}`);
    }
    if (p.openTasks.length > 0) out.push(`  open tasks: ${p.openTasks.map((x) => x.action).join(', ')}`);
    if (p.paused.length > 0) out.push(`  support paused: ${p.paused.join(', ')}`);
    const width = Math.max(0, ...p.tests.map((t) => `${t.indicator} ${t.threshold}: ${value(t)}${t.tripped ? ' (tripped)' : ''}`.length));
    for (const t of p.tests) {
      const line = `${t.indicator} ${t.threshold}: ${value(t)}${t.tripped ? ' (tripped)' : ''}`;
      out.push(`  ${line.padEnd(width)}  [${asciiTrend(t)}]`);
    }
  }
  out.push('');
  out.push(h.support.length === 0 ? 'support: none recorded' : 'support:');
  for (const f of h.support) {
    const money = f.totals.map((x) => `${x.amount} ${x.currency}`).join(', ');
    out.push(`  ${f.from} → ${f.to}  ${f.form}, to the ${f.recipient}, ${f.status} (${f.commitments} ${f.commitments === 1 ? 'commitment' : 'commitments'})${money ? `: ${money}` : ''}`);
  }
  if (h.local !== null) {
    const c = h.local.cycles.at(-1);
    out.push(`local action, ${c?.label ?? 'this cycle'}:`);
    for (const r of h.local.rows) out.push(`  ${r.party}: ${r.local} at home for ${r.abroad} abroad, ratio ${r.ratio ?? '—'}${r.reminder ? ' — supports abroad and does nothing at home' : ''}`);
  }
  return out.join('\n') + '\n';
}

export function registerHealth(program: Command): void {
  program
    .command('health')
    .argument('<alliance>', 'the alliance slug')
    .option('--now <instant>', 'read as of this ISO 8601 instant with a zone (default: the clock)')
    .option('--json', 'print JSON (the API’s object)')
    .description('the alliance’s health: standings, open warnings with days left, every test now and over the last audit cycles, support flows, local ratios')
    .action(async (alliance: string, o: { now?: string; json?: boolean }, cmd: Command) => {
      let now: Date | undefined;
      if (o.now !== undefined) {
        now = new Date(o.now);
        if (!ISO_INSTANT.test(o.now) || Number.isNaN(now.getTime())) throw new UsageError(`--now must be an ISO 8601 instant with a zone, e.g. 2027-01-15T00:00:00Z; got "${o.now}"`);
      }
      const h = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => allianceHealth(ctx, alliance, now));
      if (o.json) return printJson(h);
      process.stdout.write(healthText(h));
    });
}

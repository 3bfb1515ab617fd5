/**
 * The alliance's health at a glance (issue 5 §7): each party's standing, every test of the
 * covenant in force read now and at the end of each of the last audit cycles (the history its
 * chart draws), open warnings with the days left in their window, the support flowing between
 * the parties (support.ts) and each party's local ratio for the current cycle (local-actions.ts). One read, nothing written; the web page, the CLI
 * (`daylight health`) and the API (GET /api/v1/alliances/{slug}/health) all show this object.
 *
 * Values stay decimal text as the domain gives them ("2", "-40", "10000.00", "true"): the
 * chart turns them into pixel coordinates, and nothing else ever holds them as floats.
 *
 * History: the last HISTORY_CYCLES cycles of the covenant's rhythm, the current one included.
 * A finished cycle is read at its last millisecond (seriesByCycle); the current cycle is cut at
 * `now`, so it is read as of now (a days-since indicator is not counted into the future) and its
 * last point agrees with the current reading.
 */
import type { Ctx } from './context.js';
import { toIndex } from '../store/log.js';
import type { StandingValue } from '../store/schema.js';
import { cycleLabel, type Cycle, type Rhythm } from '../domain/audit/index.js';
import type { Comparison, Covenant, IndicatorKind, Severity, SupportForm, Text } from '../domain/covenant/index.js';
import { evaluateCovenant, seriesByCycle, type Direction, type Observation, type Reading } from '../domain/warning/index.js';
import { findAlliance } from './alliances.js';
import { covenantInForceOrNull, cyclesAround, observationsOf } from './observations.js';
import { ratifiedVersion } from './renewals.js';
import { standingsOf } from './standing.js';
import { supportFlows, type SupportFlow } from './support.js';
import { localRatios, type LocalRatios } from './local-actions.js';

/** How many audit cycles each chart shows (about a year of moons). */
export const HISTORY_CYCLES = 12;
const DAY_MS = 86_400_000;

export interface HealthPoint {
  cycle: number;
  label: string;
  /** the quantity compared at the end of the cycle (a level, or a percent change); null: no reading */
  value: string | null;
  tripped: boolean;
}

export interface TestHealth {
  principle: string;
  /** the test's index within its principle */
  test: number;
  indicator: string;
  /** the indicator's name as the covenant writes it (in its languages) */
  name: Text | null;
  kind: IndicatorKind;
  /** amounts only: every value of the indicator is in this currency */
  currency: string | null;
  /** "< 3", "change over 2 cycles <= -40%" */
  threshold: string;
  /** what the values are compared with: the level ("3", "true") or, for a change, the percent ("-40") */
  limit: { comparison: Comparison; value: string };
  /** a change over a window: values are percent changes */
  change: boolean;
  /** the window of a change test, in audit cycles; null for a level */
  window: number | null;
  severity: Severity;
  tripped: boolean;
  /** the quantity compared now (as the history's values), null when there is nothing to read */
  value: string | null;
  reading: Reading | null;
  /** how far from tripping (> 0 safe); null for = and != or without a reading */
  margin: string | null;
  direction: Direction | null;
  reason: string;
  history: HealthPoint[];
}

export interface WarningHealth {
  warnedAt: string;
  windowEnds: string;
  /** whole days left in the corrective window, rounded up; 0 once it has ended */
  daysLeft: number;
  benchmarks: { id: string; text: Text | null; met: boolean; metAt: string | null }[];
}

export interface PartyHealth {
  party: string;
  name: string;
  standing: StandingValue;
  since: string | null;
  openTasks: { action: string; openedAt: string }[];
  /** support forms paused while the corrective phase lasts */
  paused: SupportForm[];
  /** the breaches that opened or sustain the corrective phase (or led to disengagement) */
  breaches: { indicator: string; threshold: string; severity: Severity; at: string }[];
  warning: WarningHealth | null;
  tests: TestHealth[];
}

export interface AllianceHealth {
  alliance: string;
  name: string;
  /** the moment everything was read at */
  at: string;
  /** the covenant version in force; null before one is ratified (then there are no tests) */
  covenant: number | null;
  rhythm: Rhythm | null;
  /** the cycles of every history, oldest first */
  cycles: { n: number; label: string; start: string; end: string }[];
  parties: PartyHealth[];
  /** support between the parties: per (from, to, form, recipient, status), money per currency */
  support: SupportFlow[];
  /** each party's local actions against its commitments abroad in the current cycle; null without a ratified covenant */
  local: LocalRatios | null;
}

/** The alliance's health as of `now` (the clock by default). */
export async function allianceHealth(ctx: Ctx, slug: string, now: Date = ctx.now()): Promise<AllianceHealth> {
  const alliance = await findAlliance(ctx.db, slug);
  const covenant = await covenantInForceOrNull(ctx.db, alliance);
  const version = covenant === null ? null : (await ratifiedVersion(ctx.db, alliance)).number;
  const rows = await ctx.db
    .selectFrom('alliance_party')
    .innerJoin('organization', 'organization.id', 'alliance_party.organization_id')
    .select(['organization.id', 'organization.slug', 'organization.name', 'alliance_party.left_at'])
    .where('alliance_party.alliance_id', '=', alliance.id)
    .execute();
  // Parties that left the alliance are history, not health.
  const current = new Map(rows.filter((r) => r.left_at === null).map((r) => [r.slug, { id: toIndex(r.id), name: r.name }]));
  const window = covenant === null ? null : historyCycles(covenant, now);
  const standings = (await standingsOf(ctx.db, alliance.id)).filter((s) => current.has(s.party));
  const parties: PartyHealth[] = [];
  for (const s of standings) {
    const st = s.state;
    const open = st.standing === 'review' || st.standing === 'warned' ? st : null;
    const breaches = st.standing === 'review' || st.standing === 'warned' || st.standing === 'disengaged' ? st.breaches : [];
    parties.push({
      party: s.party,
      name: current.get(s.party)!.name,
      standing: st.standing,
      since: st.since,
      openTasks: s.openTasks,
      paused: open?.paused ?? [],
      breaches: breaches.map((b) => ({ indicator: b.indicator, threshold: b.threshold, severity: b.severity, at: b.at })),
      warning: st.standing === 'warned' ? warningOf(st, covenant, now) : null,
      tests: covenant === null || window === null ? [] : testsOf(covenant, await observationsOf(ctx.db, alliance.id, current.get(s.party)!.id, covenant.indicators.map((i) => i.id)), now, window),
    });
  }
  return {
    alliance: alliance.slug,
    name: alliance.name,
    at: now.toISOString(),
    covenant: version,
    rhythm: covenant?.audit.rhythm ?? null,
    cycles: window?.shown.map((c) => ({ n: c.n, label: cycleLabel(covenant!.audit.rhythm, c.n), start: c.start, end: c.end })) ?? [],
    parties,
    support: await supportFlows(ctx.db, alliance.id),
    local: await localRatios(ctx.db, alliance, now, { recent: 1 }),
  };
}

interface HistoryWindow {
  /** for evaluating now: the cycles a change test needs, as the services evaluate */
  around: Cycle[];
  /** for the history: every cycle up to the current one (cut at now), with the windows' lead */
  read: Cycle[];
  /** the cycles shown, whole (the current one with its real end) */
  shown: Cycle[];
}

function historyCycles(covenant: Covenant, now: Date): HistoryWindow {
  const lead = Math.max(1, ...covenant.principles.flatMap((p) => p.tests.map((t) => t.threshold?.changeOverWindow?.cycles ?? 0)));
  const around = cyclesAround(covenant, now, HISTORY_CYCLES + lead);
  const nowMs = now.getTime();
  const read = around
    .filter((c) => Date.parse(c.start) <= nowMs)
    // The current cycle ends now (plus the millisecond seriesByCycle reads before its end).
    .map((c) => (Date.parse(c.end) > nowMs ? { ...c, end: new Date(nowMs + 1).toISOString() } : c));
  const whole = new Map(around.map((c) => [c.n, c]));
  return { around, read, shown: read.slice(-HISTORY_CYCLES).map((c) => whole.get(c.n)!) };
}

function testsOf(covenant: Covenant, observations: Record<string, Observation[]>, now: Date, w: HistoryWindow): TestHealth[] {
  const shown = new Set(w.shown.map((c) => c.n));
  const rhythm = covenant.audit.rhythm;
  return evaluateCovenant({ covenant, observations, now, cycles: w.around }).map((t) => {
    const indicator = covenant.indicators.find((i) => i.id === t.indicator)!;
    const threshold = covenant.principles.find((p) => p.id === t.principle)!.tests[t.test]!.threshold!;
    const e = t.evaluation;
    const series = seriesByCycle({ indicator, threshold, observations: observations[t.indicator] ?? [], principle: t.principle }, w.read);
    const change = threshold.changeOverWindow !== undefined;
    return {
      principle: t.principle,
      test: t.test,
      indicator: t.indicator,
      name: indicator.name ?? null,
      kind: indicator.kind,
      currency: indicator.currency ?? null,
      threshold: e.threshold,
      limit: { comparison: threshold.comparison, value: change ? threshold.changeOverWindow!.percent : String(threshold.value) },
      change,
      window: threshold.changeOverWindow?.cycles ?? null,
      severity: t.severity,
      tripped: e.tripped,
      value: valueOf(e.reading),
      reading: e.reading,
      margin: e.approaching?.margin ?? null,
      direction: e.approaching?.direction ?? null,
      reason: e.reason,
      history: series.readings.filter((r) => shown.has(r.cycle)).map((r) => ({ cycle: r.cycle, label: cycleLabel(rhythm, r.cycle), value: r.value, tripped: r.tripped })),
    };
  });
}

function valueOf(r: Reading | null): string | null {
  if (r === null) return null;
  return r.kind === 'level' ? r.value : r.percent;
}

function warningOf(st: { warnedAt: string; windowEnds: string; benchmarks: { id: string; metAt: string | null }[] }, covenant: Covenant | null, now: Date): WarningHealth {
  const left = Date.parse(st.windowEnds) - now.getTime();
  return {
    warnedAt: st.warnedAt,
    windowEnds: st.windowEnds,
    daysLeft: Math.max(0, Math.ceil(left / DAY_MS)),
    benchmarks: st.benchmarks.map((b) => ({
      id: b.id,
      text: covenant?.exit.benchmarks.find((x) => x.id === b.id)?.text ?? null,
      met: b.metAt !== null,
      metAt: b.metAt,
    })),
  };
}

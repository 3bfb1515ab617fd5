/**
 * Early-warning thresholds (issue 5 §2; the essay: "Define specific thresholds that trigger
 * heightened review"). A covenant test is evaluated against the observations of one indicator
 * for one party, at an instant `now` given by the caller: observations after `now` do not exist
 * yet, so any past moment can be re-evaluated from the archive (lessons do exactly that).
 *
 * LEVEL  reading = the value in force at now (last observation with at ≤ now; series.ts);
 *        for days-since, the whole days from the last event to now (⌊(now − event) / 86 400 000 ms⌋),
 *        so the test trips as time passes without a new observation.
 *        tripped ⇔ reading <comparison> value, compared exactly (rationals, money in minor units).
 *
 * CHANGE over a window of k cycles, cycles as { n, start, end } from the audit domain:
 *   C      the cycle with start ≤ now < end (it must be in the list given)
 *   W      the window: cycles C.n − k + 1 … C.n; it opens at S = start of cycle C.n − k + 1 (in
 *          the list too). With k = 2 the window is the current cycle and the one before it.
 *   E      the value at the window's start: the last observation with at < S
 *   L      the latest value: the last observation with at ≤ now
 *   change = 100 × (L − E) / E percent, exact;  tripped ⇔ change <comparison> percent
 *   So a fall that happens anywhere in the last k cycles is seen: executive authority 5 → 3 is
 *   −40% and trips "<= -40" whether the 3 came in this cycle or the one before.
 *   No E (nothing observed before the window opened): no reading, not tripped.
 *   E = 0: the change is 0 when L = 0 and undefined otherwise (not tripped; the reason says so:
 *   a level test is the tool for "anything above zero").
 *
 * RESULT { tripped, reading, threshold, observation, reason, approaching }
 *   reading      what was compared: a level with its observation, or the change with both ends
 *                and the window; null when there is nothing to compare yet (the reason says why)
 *   approaching  for lessons and the health page:
 *     margin     how far the reading still is from tripping, in the indicator's unit (percentage
 *                points for a change), positive on the safe side, 0 or below once at or past the
 *                threshold; null for = and != (rules.ts, margin). Exact, or rounded to 2 places
 *                with exact = false when the fraction has no finite decimal (a third).
 *     direction  toward | away | steady: how the margin moved since the previous reading;
 *                null when there is none. The previous reading is the one just before the latest
 *                observation arrived (the value it replaced) — except for days-since, whose
 *                reading grows by itself: there it is the reading on the day of the latest
 *                observation, so "> 365 days" reads toward while no new event comes.
 *     previous   the previous reading's value as text, or null.
 */
import type { Covenant, Severity, Threshold } from '../covenant/index.js';
import type { Cycle } from '../audit/index.js';
import { WarningInputError } from './errors.js';
import { compare, decimalText, div, mul, rational, sub, type Rational } from './rational.js';
import { holds, margin, prepareRule, type Rule } from './rules.js';
import { lastBefore, levelOf, levelText, prepareSeries, type IndicatorRef, type Observation, type Point, type Series } from './series.js';
import { instantMs } from './time.js';

export type Direction = 'toward' | 'away' | 'steady';

export type Reading =
  | { kind: 'level'; value: string; at: string; currency?: string; since?: string }
  | {
      kind: 'change';
      /** percent, exact or rounded to 2 places (then exact = false); null when undefined (from 0) */
      percent: string | null;
      exact: boolean;
      from: { value: string; at: string };
      to: { value: string; at: string };
      window: { cycles: number; firstCycle: number; lastCycle: number; start: string };
    };

export interface Approaching {
  margin: string | null;
  exact: boolean;
  direction: Direction | null;
  previous: string | null;
}

export interface Evaluation {
  indicator: string;
  /** the threshold as text: "< 3", "change over 2 cycles <= -40%" */
  threshold: string;
  tripped: boolean;
  reading: Reading | null;
  /** the latest observation the reading rests on (the one a trip is archived with) */
  observation: Observation | null;
  /** one English line: what was read, what it was compared with, the outcome */
  reason: string;
  approaching: Approaching | null;
}

export interface TestInput {
  indicator: IndicatorRef;
  threshold: Threshold;
  observations: readonly Observation[];
  now: Date | string;
  /** the audit cycles around now; needed for a change over a window */
  cycles?: readonly Cycle[];
}

/** Evaluates one test. Throws WarningInputError for bad observations, thresholds or cycles. */
export function evaluateTest(input: TestInput): Evaluation {
  const series = prepareSeries(input.indicator, input.observations);
  const rule = prepareRule(input.indicator, input.threshold);
  const cycles = input.cycles === undefined ? null : prepareCycles(input.cycles);
  return evaluateSeries(series, rule, instantMs(input.now, 'now'), cycles);
}

// ---------------------------------------------------------------- cycles

export interface CycleSpan {
  readonly n: number;
  readonly start: string;
  readonly startMs: number;
  readonly endMs: number;
}

export interface CycleIndex {
  readonly list: readonly CycleSpan[];
  readonly byN: ReadonlyMap<number, CycleSpan>;
}

export function prepareCycles(cycles: readonly Cycle[]): CycleIndex {
  if (!Array.isArray(cycles)) throw new WarningInputError('cycles: expected a list of { n, start, end }');
  const list = cycles.map((c, i) => {
    if (typeof c !== 'object' || c === null || !Number.isSafeInteger(c.n)) throw new WarningInputError(`cycle ${i + 1}: expected { n, start, end } with a whole number n`);
    const startMs = instantMs(c.start, `cycle ${c.n}: start`);
    const endMs = instantMs(c.end, `cycle ${c.n}: end`);
    if (!(startMs < endMs)) throw new WarningInputError(`cycle ${c.n}: its start must be before its end`);
    return { n: c.n, start: c.start, startMs, endMs };
  });
  list.sort((a, b) => a.n - b.n);
  const byN = new Map<number, CycleSpan>();
  for (const [i, c] of list.entries()) {
    if (byN.has(c.n)) throw new WarningInputError(`cycle ${c.n} is listed twice`);
    const before = list[i - 1];
    if (before !== undefined && before.endMs > c.startMs) throw new WarningInputError(`cycles ${before.n} and ${c.n} overlap`);
    byN.set(c.n, c);
  }
  return { list, byN };
}

export function cycleContaining(cycles: CycleIndex, t: number): CycleSpan | null {
  let lo = 0;
  let hi = cycles.list.length;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const c = cycles.list[mid] as CycleSpan;
    if (t < c.startMs) hi = mid;
    else if (t >= c.endMs) lo = mid + 1;
    else return c;
  }
  return null;
}

// ---------------------------------------------------------------- snapshots

/** The test read at one instant: internal to the warning domain (signals.ts uses it too). */
export interface Snapshot {
  /** the quantity compared (a level, or a percent change), null when there is no reading */
  value: Rational | boolean | null;
  tripped: boolean;
  margin: Rational | null;
  reading: Reading | null;
  point: Point | null;
  /** why there is no reading, when there is none */
  why: string;
}

/**
 * The test as of `clockMs`, using only observations with at ≤ cutoffMs (or < cutoffMs when
 * `inclusive` is false: "just before that observation"). With `lenient`, missing cycles give no
 * reading instead of an error (used for the previous reading and for lessons).
 */
export function snapshot(series: Series, rule: Rule, cycles: CycleIndex | null, clockMs: number, cutoffMs: number, inclusive: boolean, lenient = false): Snapshot {
  const li = lastBefore(series.points, cutoffMs, inclusive);
  const latest = li < 0 ? null : (series.points[li] as Point);
  if (latest === null) return none(`no observation of ${series.indicator.id} yet`);
  if (rule.change !== null) return changeSnapshot(series, rule, cycles, clockMs, latest, lenient);
  const value = levelOf(series, latest, clockMs);
  const target = rule.target as Rational | boolean;
  const m = typeof value === 'boolean' || typeof target === 'boolean' ? null : margin(rule.comparison, value, target);
  return { value, tripped: holds(rule.comparison, value, target), margin: m, reading: levelReading(series, latest, value), point: latest, why: '' };
}

function levelReading(series: Series, p: Point, value: Rational | boolean): Reading {
  const r: Reading = { kind: 'level', value: levelText(series, value), at: p.observation.at };
  if (series.indicator.kind === 'amount' && series.indicator.currency !== undefined) r.currency = series.indicator.currency;
  if (series.indicator.kind === 'days-since') r.since = p.observation.value as string;
  return r;
}

const HUNDRED = rational(100n);

function changeSnapshot(series: Series, rule: Rule, cycles: CycleIndex | null, clockMs: number, latest: Point, lenient: boolean): Snapshot {
  const k = (rule.change as { cycles: number }).cycles;
  const window = windowAt(series.indicator.id, cycles, clockMs, k, lenient);
  if (window === null) return none(`the cycles around that moment were not given`);
  const ei = lastBefore(series.points, window.first.startMs, false);
  if (ei < 0) return none(`no value of ${series.indicator.id} before the window opened (cycle ${window.first.n}, ${window.first.start})`);
  const earlier = series.points[ei] as Point;
  const [e, l] = [earlier.value as Rational, latest.value as Rational];
  const reading = (pct: Rational | null): Reading => ({
    kind: 'change',
    percent: pct === null ? null : decimalText(pct).text,
    exact: pct === null ? true : decimalText(pct).exact,
    from: { value: levelText(series, e), at: earlier.observation.at },
    to: { value: levelText(series, l), at: latest.observation.at },
    window: { cycles: k, firstCycle: window.first.n, lastCycle: window.current.n, start: window.first.start },
  });
  if (e.num === 0n && l.num !== 0n)
    return { ...none(`${series.indicator.id} was 0 when the window opened: a percent change from 0 is undefined`), reading: reading(null), point: latest };
  const pct = e.num === 0n ? rational(0n) : mul(HUNDRED, div(sub(l, e), e));
  const target = (rule.change as { percent: Rational }).percent;
  return { value: pct, tripped: holds(rule.comparison, pct, target), margin: margin(rule.comparison, pct, target), reading: reading(pct), point: latest, why: '' };
}

function windowAt(id: string, cycles: CycleIndex | null, clockMs: number, k: number, lenient: boolean): { current: CycleSpan; first: CycleSpan } | null {
  const fail = (message: string) => {
    if (lenient) return null;
    throw new WarningInputError(message);
  };
  if (cycles === null) return fail(`${id}: a change over a window needs the audit cycles; pass cycles`);
  const current = cycleContaining(cycles, clockMs);
  if (current === null) return fail(`${id}: no cycle given contains ${new Date(clockMs).toISOString()}; pass the audit cycles up to now`);
  const first = cycles.byN.get(current.n - k + 1);
  if (first === undefined) return fail(`${id}: a window of ${k} cycles ending with cycle ${current.n} needs cycle ${current.n - k + 1}; pass cycles from it`);
  return { current, first };
}

function none(why: string): Snapshot {
  return { value: null, tripped: false, margin: null, reading: null, point: null, why };
}

// ---------------------------------------------------------------- evaluation

export function evaluateSeries(series: Series, rule: Rule, nowMs: number, cycles: CycleIndex | null): Evaluation {
  const now = snapshot(series, rule, cycles, nowMs, nowMs, true);
  return {
    indicator: series.indicator.id,
    threshold: rule.text,
    tripped: now.tripped,
    reading: now.reading,
    observation: now.point?.observation ?? null,
    reason: reason(series, rule, now),
    approaching: now.point === null ? null : approaching(series, rule, cycles, now),
  };
}

function approaching(series: Series, rule: Rule, cycles: CycleIndex | null, now: Snapshot): Approaching {
  const at = (now.point as Point).atMs;
  const daysSince = series.indicator.kind === 'days-since';
  const prev = snapshot(series, rule, cycles, at, at, daysSince, true);
  const shown = now.margin === null ? null : decimalText(now.margin);
  let direction: Direction | null = null;
  if (now.margin !== null && prev.margin !== null) {
    const c = compare(now.margin, prev.margin);
    direction = c < 0 ? 'toward' : c > 0 ? 'away' : 'steady';
  }
  return { margin: shown?.text ?? null, exact: shown?.exact ?? true, direction, previous: valueText(series, rule, prev) };
}

function valueText(series: Series, rule: Rule, s: Snapshot): string | null {
  if (s.value === null) return null;
  if (rule.change !== null) return decimalText(s.value as Rational).text;
  return levelText(series, s.value);
}

function reason(series: Series, rule: Rule, s: Snapshot): string {
  const id = series.indicator.id;
  if (s.reading === null) return `${s.why}: not tripped`;
  const outcome = s.value === null ? `${s.why}: not tripped` : s.tripped ? `${rule.text}: tripped` : `not ${rule.text}`;
  const r = s.reading;
  if (r.kind === 'change')
    return `${id} went from ${r.from.value} (${r.from.at}) to ${r.to.value} (${r.to.at}) in the window of cycles ${r.window.firstCycle}–${r.window.lastCycle}${
      r.percent === null ? '' : `, ${r.exact ? '' : 'about '}${r.percent}%`
    }; ${outcome}`;
  const amount = r.currency === undefined ? '' : ` ${r.currency}`;
  const what = series.indicator.kind === 'days-since' ? `${r.value} days since ${r.since}` : `${r.value}${amount}`;
  return `${id} is ${what} (observed ${r.at}); ${outcome}`;
}

// ---------------------------------------------------------------- a whole covenant

export interface TestEvaluation {
  principle: string;
  /** the test's index within its principle */
  test: number;
  indicator: string;
  severity: Severity;
  evaluation: Evaluation;
}

export interface EvaluationInput {
  covenant: Covenant;
  /** one party's observations by indicator id; an indicator left out has none */
  observations: Readonly<Record<string, readonly Observation[]>>;
  now: Date | string;
  cycles?: readonly Cycle[];
}

/**
 * Every complete test of the covenant (indicator and threshold given) for one party. Draft tests
 * are skipped; observations for an indicator the covenant does not define are refused.
 */
export function evaluateCovenant(input: EvaluationInput): TestEvaluation[] {
  const { nowMs, cycles, series } = prepareAll(input);
  const out: TestEvaluation[] = [];
  for (const p of input.covenant.principles)
    p.tests.forEach((t, i) => {
      if (t.indicator === undefined || t.threshold === undefined) return;
      const s = series(t.indicator);
      const evaluation = evaluateSeries(s, prepareRule(s.indicator, t.threshold), nowMs, cycles);
      out.push({ principle: p.id, test: i, indicator: t.indicator, severity: t.severity, evaluation });
    });
  return out;
}

export interface BenchmarkEvaluation {
  benchmark: string;
  /** true or false for a benchmark with an indicator; null when only a recorded decision can say */
  met: boolean | null;
  evaluation: Evaluation | null;
}

/** The exit protocol's benchmarks read from the observations: met ⇔ the benchmark's condition holds. */
export function evaluateBenchmarks(input: EvaluationInput): BenchmarkEvaluation[] {
  const { nowMs, cycles, series } = prepareAll(input);
  return input.covenant.exit.benchmarks.map((b) => {
    if (b.indicator === undefined || b.threshold === undefined) return { benchmark: b.id, met: null, evaluation: null };
    const s = series(b.indicator);
    const evaluation = evaluateSeries(s, prepareRule(s.indicator, b.threshold), nowMs, cycles);
    return { benchmark: b.id, met: evaluation.tripped, evaluation };
  });
}

function prepareAll(input: EvaluationInput) {
  const nowMs = instantMs(input.now, 'now');
  const cycles = input.cycles === undefined ? null : prepareCycles(input.cycles);
  const indicators = new Map(input.covenant.indicators.map((i) => [i.id, i]));
  for (const id of Object.keys(input.observations))
    if (!indicators.has(id)) throw new WarningInputError(`observations for unknown indicator "${id.slice(0, 63)}": the covenant defines ${[...indicators.keys()].join(', ')}`);
  const cache = new Map<string, Series>();
  const series = (id: string): Series => {
    const hit = cache.get(id);
    if (hit !== undefined) return hit;
    const indicator = indicators.get(id);
    // the covenant's own cross checks refuse a test naming an unknown indicator
    if (indicator === undefined) throw new WarningInputError(`the covenant's test names unknown indicator "${id}"`);
    const obs = Object.hasOwn(input.observations, id) ? (input.observations[id] as readonly Observation[]) : [];
    const s = prepareSeries(indicator, obs);
    cache.set(id, s);
    return s;
  };
  return { nowMs, cycles, series };
}

/**
 * Missed signals, for lessons (issue 5 §6; the essay: "Every failed alliance is data… Analyze
 * where early warning signs were missed"). Pure: the indicator series, their thresholds, the
 * audit cycles and the scorecard ratings are all arguments, read from the archive's own timeline.
 *
 * Per cycle (seriesByCycle): each test is read as of the cycle's last millisecond (end − 1 ms,
 * so observations with at < end count and days-since is counted to that moment), giving a value,
 * a margin (thresholds.ts: how far from tripping, positive on the safe side) and whether it had
 * tripped. A series' trip cycle is the first cycle in which the test was tripped at any of: the
 * cycle's start, each observation within it, its last millisecond.
 *
 * Two kinds of missed signal (missedSignals):
 *   approach  the indicator moved toward its threshold for two cycles or more before the trip:
 *             cycle i "moved toward" when its end-of-cycle margin is smaller than cycle i − 1's;
 *             every maximal run of consecutive such cycles of length ≥ 2, all before the trip
 *             cycle, is a signal. A test that never tripped, or one read with = or != (no
 *             margin), gives none.
 *   concern   a scorecard dimension rated "concern" or worse — a median below 3 on the 0–4 scale
 *             (0 breach, 1 serious concern, 2 concern; 2.5 reads "concern", audit/labels.ts) —
 *             in a cycle in which no test of any series had tripped at any of the moments above.
 * Signals are listed by cycle (an approach by its last cycle), approaches before concerns.
 */
import type { Threshold } from '../covenant/index.js';
import type { Cycle } from '../audit/index.js';
import { WarningInputError } from './errors.js';
import { compare, decimalText, type Rational } from './rational.js';
import { prepareRule, type Rule } from './rules.js';
import { levelText, prepareSeries, type IndicatorRef, type Observation, type Series } from './series.js';
import { prepareCycles, snapshot, type CycleIndex, type CycleSpan, type Snapshot } from './thresholds.js';

export interface SignalSeries {
  indicator: IndicatorRef;
  threshold: Threshold;
  observations: readonly Observation[];
  principle?: string;
}

export interface DimensionRating {
  cycle: number;
  dimension: string;
  /** the published median, 0–4 */
  rating: number;
  /** the reviewing party, when several reviewed the same party */
  reviewer?: string;
}

export interface CycleReading {
  cycle: number;
  value: string | null;
  margin: string | null;
  tripped: boolean;
}

export type Signal =
  | {
      kind: 'approach';
      indicator: string;
      principle: string | null;
      threshold: string;
      /** the cycles in which it moved toward the threshold, in order */
      cycles: number[];
      tripCycle: number;
      /** the end-of-cycle values from the cycle before the run to its last */
      values: string[];
      explanation: string;
    }
  | { kind: 'concern'; dimension: string; cycle: number; rating: number; reviewer: string | null; explanation: string };

export interface SignalsInput {
  series: readonly SignalSeries[];
  cycles: readonly Cycle[];
  ratings: readonly DimensionRating[];
}

const LABELS = ['breach', 'serious concern', 'concern'];

/** Every test read at the end of each cycle, with the cycle it first tripped in (or null). */
export function seriesByCycle(s: SignalSeries, cycles: readonly Cycle[]): { readings: CycleReading[]; tripCycle: number | null } {
  const index = prepareCycles(cycles);
  const ready = prepare(s);
  const snaps = index.list.map((c) => endOf(ready, index, c));
  return {
    readings: index.list.map((c, i) => reading(ready, c, snaps[i] as Snapshot)),
    tripCycle: firstTrip(ready, index),
  };
}

export function missedSignals(input: SignalsInput): Signal[] {
  const index = prepareCycles(input.cycles);
  const known = new Set(index.list.map((c) => c.n));
  const tripped = new Set<number>();
  const approaches: Signal[] = [];
  for (const s of input.series) {
    const ready = prepare(s);
    for (const c of index.list) if (trippedWithin(ready, index, c)) tripped.add(c.n);
    approaches.push(...approachSignals(ready, index));
  }
  const concerns = input.ratings.flatMap((r, i) => concernSignal(checkRating(r, i, known), tripped));
  const key = (x: Signal) => (x.kind === 'approach' ? (x.cycles.at(-1) as number) : x.cycle);
  return [...approaches, ...concerns].sort((a, b) => key(a) - key(b) || (a.kind === b.kind ? 0 : a.kind === 'approach' ? -1 : 1));
}

interface Ready {
  series: Series;
  rule: Rule;
  principle: string | null;
}

function prepare(s: SignalSeries): Ready {
  if (typeof s !== 'object' || s === null) throw new WarningInputError('series: expected { indicator, threshold, observations }');
  return { series: prepareSeries(s.indicator, s.observations), rule: prepareRule(s.indicator, s.threshold), principle: s.principle ?? null };
}

function endOf(r: Ready, index: CycleIndex, c: CycleSpan): Snapshot {
  const last = c.endMs - 1;
  return snapshot(r.series, r.rule, index, last, last, true, true);
}

function reading(r: Ready, c: CycleSpan, s: Snapshot): CycleReading {
  const value = s.value === null ? null : r.rule.change !== null ? decimalText(s.value as Rational).text : levelText(r.series, s.value);
  return { cycle: c.n, value, margin: s.margin === null ? null : decimalText(s.margin).text, tripped: s.tripped };
}

function trippedWithin(r: Ready, index: CycleIndex, c: CycleSpan): boolean {
  const at = (t: number) => snapshot(r.series, r.rule, index, t, t, true, true).tripped;
  if (at(c.startMs) || at(c.endMs - 1)) return true;
  return r.series.points.some((p) => p.atMs >= c.startMs && p.atMs < c.endMs && at(p.atMs));
}

function firstTrip(r: Ready, index: CycleIndex): number | null {
  return index.list.find((c) => trippedWithin(r, index, c))?.n ?? null;
}

function approachSignals(r: Ready, index: CycleIndex): Signal[] {
  const tripCycle = firstTrip(r, index);
  if (tripCycle === null) return [];
  const before = index.list.filter((c) => c.n < tripCycle);
  const snaps = before.map((c) => endOf(r, index, c));
  const out: Signal[] = [];
  let run: number[] = []; // indexes into `before` of cycles that moved toward
  const flush = () => {
    if (run.length >= 2) out.push(approach(r, before, snaps, run, tripCycle));
    run = [];
  };
  for (let i = 1; i < before.length; i++) {
    const [m0, m1] = [(snaps[i - 1] as Snapshot).margin, (snaps[i] as Snapshot).margin];
    const consecutive = (before[i] as CycleSpan).n === (before[i - 1] as CycleSpan).n + 1;
    if (m0 !== null && m1 !== null && consecutive && compare(m1, m0) < 0) run.push(i);
    else flush();
  }
  flush();
  return out;
}

function approach(r: Ready, before: CycleSpan[], snaps: Snapshot[], run: number[], tripCycle: number): Signal {
  const cycles = run.map((i) => (before[i] as CycleSpan).n);
  const values = [run[0] as number - 1, ...run].map((i) => reading(r, before[i] as CycleSpan, snaps[i] as Snapshot).value as string);
  const id = r.series.indicator.id;
  const span = `${cycles[0]}–${cycles.at(-1)}`;
  return {
    kind: 'approach',
    indicator: id,
    principle: r.principle,
    threshold: r.rule.text,
    cycles,
    tripCycle,
    values,
    explanation: `${id} moved toward its threshold (${r.rule.text}) for ${cycles.length} cycles (${span}) before it tripped in cycle ${tripCycle}: ${values.join(' → ')}`,
  };
}

function checkRating(r: DimensionRating, i: number, known: Set<number>): DimensionRating {
  const what = `rating ${i + 1}`;
  if (typeof r !== 'object' || r === null || typeof r.dimension !== 'string') throw new WarningInputError(`${what}: expected { cycle, dimension, rating }`);
  if (typeof r.rating !== 'number' || !Number.isFinite(r.rating) || r.rating < 0 || r.rating > 4)
    throw new WarningInputError(`${what} (${r.dimension}): a rating is from 0 to 4, got ${String(r.rating)}`);
  if (!known.has(r.cycle)) throw new WarningInputError(`${what} (${r.dimension}): cycle ${String(r.cycle)} is not among the cycles analysed`);
  return r;
}

function concernSignal(r: DimensionRating, tripped: Set<number>): Signal[] {
  if (r.rating >= 3 || tripped.has(r.cycle)) return [];
  const label = LABELS[Math.floor(r.rating)] as string;
  const by = r.reviewer === undefined ? '' : ` by ${r.reviewer}`;
  return [
    {
      kind: 'concern',
      dimension: r.dimension,
      cycle: r.cycle,
      rating: r.rating,
      reviewer: r.reviewer ?? null,
      explanation: `${r.dimension} was rated ${r.rating} (${label})${by} in cycle ${r.cycle} while no indicator had tripped`,
    },
  ];
}

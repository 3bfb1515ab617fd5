/**
 * Observations of one indicator for one party (issue 5 §1), checked and put in time order.
 *
 * An observation is { at, value, currency? }: `at` is when the value was observed (a date or an
 * ISO instant); its value by the indicator's kind (covenant/schema.ts, Indicator):
 *   count       a whole number from 0, as a decimal string ("3")
 *   yes-no      true or false (a boolean, not a string)
 *   days-since  the date of the last event ("2024-03-01" or an instant), no later than `at`;
 *               the number of days is counted from it to the clock, so the reading grows as
 *               time passes and a days-since test can trip with no new observation
 *   amount      a decimal string in `currency`, which must be the indicator's currency
 *               (money.ts: at most the currency's decimal places, from 0)
 *   share       a decimal string from 0 to 1 ("0.25" is a quarter; never a percent)
 * `currency` is required for an amount and refused for any other kind.
 *
 * Order: by `at`; observations with equal `at` keep the order given (the later one listed wins:
 * services pass them in recording order, so a correction recorded later prevails).
 * The value in force at an instant t is that of the last observation with at ≤ t.
 */
import type { IndicatorKind } from '../covenant/index.js';
import { formatMoney, MoneyError, minorUnits, ofMinor, parseMoney } from '../money.js';
import { WarningInputError } from './errors.js';
import { compare, decimalText, isWhole, parseDecimal, rational, type Rational } from './rational.js';
import { instantMs, wholeDays } from './time.js';

export interface Observation {
  at: string;
  value: string | boolean;
  currency?: string;
}

/** What the evaluation needs to know of an indicator (a covenant Indicator fits). */
export interface IndicatorRef {
  id: string;
  kind: IndicatorKind;
  currency?: string;
}

/** A checked observation. */
export interface Point {
  readonly atMs: number;
  readonly observation: Observation;
  /** the level; for days-since, unused (the level depends on the clock) */
  readonly value: Rational | boolean;
  /** days-since only: the event's instant */
  readonly eventMs: number;
}

export interface Series {
  readonly indicator: IndicatorRef;
  readonly points: readonly Point[];
}

/** At most this many observations per series (ten years of daily values, and then some). */
export const MAX_OBSERVATIONS = 10_000;

const ONE: Rational = rational(1n);
const KINDS: readonly string[] = ['count', 'yes-no', 'days-since', 'amount', 'share'];

/** Checks every observation and sorts them by time; the first bad one is refused with its number. */
export function prepareSeries(indicator: IndicatorRef, observations: readonly Observation[]): Series {
  checkIndicator(indicator);
  if (!Array.isArray(observations)) throw new WarningInputError(`observations of ${indicator.id}: expected a list`);
  if (observations.length > MAX_OBSERVATIONS)
    throw new WarningInputError(`observations of ${indicator.id}: at most ${MAX_OBSERVATIONS} in one series, got ${observations.length}`);
  const points = observations.map((o, i) => point(indicator, o, `observation ${i + 1} of ${indicator.id}`));
  points.sort((a, b) => a.atMs - b.atMs); // stable: equal instants keep the given order
  return { indicator, points };
}

export function checkIndicator(indicator: IndicatorRef): void {
  if (typeof indicator !== 'object' || indicator === null || typeof indicator.id !== 'string')
    throw new WarningInputError('indicator: expected { id, kind, currency? }');
  if (!KINDS.includes(indicator.kind))
    throw new WarningInputError(`indicator ${indicator.id}: unknown kind "${String(indicator.kind)}"; use ${KINDS.join(', ')}`);
  if (indicator.kind === 'amount') {
    if (indicator.currency === undefined)
      throw new WarningInputError(`indicator ${indicator.id} is an amount without a currency: add its ISO 4217 code to the covenant`);
    asWarning(() => minorUnits(indicator.currency as string));
  }
}

function point(indicator: IndicatorRef, o: Observation, what: string): Point {
  if (typeof o !== 'object' || o === null) throw new WarningInputError(`${what}: expected { at, value }`);
  const atMs = instantMs(o.at, `${what}: at`);
  const label = `${what} (${String(o.at)})`;
  if (o.currency !== undefined && indicator.kind !== 'amount')
    throw new WarningInputError(`${label}: a ${indicator.kind} value has no currency; remove it`);
  switch (indicator.kind) {
    case 'yes-no':
      if (typeof o.value !== 'boolean') throw new WarningInputError(`${label}: a yes-no value is true or false, got ${shown(o.value)}`);
      return { atMs, observation: o, value: o.value, eventMs: 0 };
    case 'days-since': {
      if (typeof o.value !== 'string') throw new WarningInputError(`${label}: a days-since value is the date of the last event, got ${shown(o.value)}`);
      const eventMs = instantMs(o.value, `${label}: the date of the last event`);
      if (eventMs > atMs) throw new WarningInputError(`${label}: the last event (${o.value}) is after the observation; an event is observed once it happened`);
      return { atMs, observation: o, value: false, eventMs };
    }
    case 'amount':
      return { atMs, observation: o, value: amount(indicator, o, label), eventMs: 0 };
    default:
      return { atMs, observation: o, value: level(indicator.kind, o.value, label), eventMs: 0 };
  }
}

function level(kind: 'count' | 'share', value: unknown, label: string): Rational {
  const r = typeof value === 'string' ? parseDecimal(value) : null;
  if (typeof value === 'number') throw new WarningInputError(`${label}: values are decimal strings, never numbers: write "${value}"`);
  if (r === null) throw new WarningInputError(`${label}: ${shown(value)} is not a decimal such as "3" or "0.25"`);
  if (kind === 'count' && (!isWhole(r) || r.num < 0n)) throw new WarningInputError(`${label}: a count is a whole number from 0, got ${shown(value)}`);
  if (kind === 'share' && (r.num < 0n || compare(r, ONE) > 0))
    throw new WarningInputError(`${label}: a share is a fraction from 0 to 1 ("0.25" is a quarter), got ${shown(value)}`);
  return r;
}

function amount(indicator: IndicatorRef, o: Observation, label: string): Rational {
  if (o.currency === undefined) throw new WarningInputError(`${label}: an amount needs its currency (${indicator.currency})`);
  if (o.currency !== indicator.currency)
    throw new WarningInputError(
      `${label}: an amount in ${o.currency} cannot be compared with thresholds in ${indicator.currency}: amounts in different currencies are never compared or summed; record it in ${indicator.currency}`,
    );
  const m = asWarning(() => parseMoney(o.value as string, o.currency as string), label);
  if (m.minor < 0n) throw new WarningInputError(`${label}: an amount observed is from 0, got ${shown(o.value)}`);
  return moneyRational(m.minor, m.currency);
}

/** minor × 10^(−e) */
export function moneyRational(minor: bigint, currency: string): Rational {
  return rational(minor, 10n ** BigInt(minorUnits(currency)));
}

/** Index of the last point with atMs ≤ t (inclusive) or < t, or −1. */
export function lastBefore(points: readonly Point[], t: number, inclusive: boolean): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const p = (points[mid] as Point).atMs;
    if (p < t || (inclusive && p === t)) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The level of a point read at `clockMs`: days since the event for days-since, else its value. */
export function levelOf(series: Series, p: Point, clockMs: number): Rational | boolean {
  return series.indicator.kind === 'days-since' ? rational(BigInt(wholeDays(p.eventMs, clockMs))) : p.value;
}

/** A level as text: "3", "0.25", "10000.00" (the currency's places), "true". */
export function levelText(series: Series, v: Rational | boolean): string {
  if (typeof v === 'boolean') return String(v);
  const c = series.indicator.currency;
  if (series.indicator.kind === 'amount' && c !== undefined && isWhole(rational(v.num * 10n ** BigInt(minorUnits(c)), v.den)))
    return formatMoney(ofMinor((v.num * 10n ** BigInt(minorUnits(c))) / v.den, c));
  return decimalText(v).text;
}

function asWarning<T>(f: () => T, label?: string): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof MoneyError) throw new WarningInputError(label === undefined ? e.message : `${label}: ${e.message}`);
    throw e;
  }
}

function shown(v: unknown): string {
  if (typeof v === 'string') return `"${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
  return String(v);
}

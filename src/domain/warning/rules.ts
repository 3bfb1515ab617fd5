/**
 * A covenant threshold made ready to evaluate against one indicator (covenant/schema.ts,
 * Threshold): the comparison, and either a level (`value`) or a change over a window.
 *
 * Levels by kind: yes-no takes true/false with = or != only (an order on yes/no means nothing);
 * count, days-since and share take a decimal string (a share's from 0 to 1); amount takes a
 * decimal string in the indicator's currency with at most its decimal places (money.ts).
 * A change over a window applies to count, amount and share only: days-since readings grow by
 * themselves and yes-no has no percent.
 */
import { COMPARISONS, thresholdText, type Comparison, type Threshold } from '../covenant/index.js';
import { MoneyError, parseMoney } from '../money.js';
import { WarningInputError } from './errors.js';
import { compare, parseDecimal, rational, type Rational } from './rational.js';
import { checkIndicator, moneyRational, type IndicatorRef } from './series.js';

export interface Rule {
  readonly comparison: Comparison;
  /** the level compared with, when the rule is a level */
  readonly target: Rational | boolean | null;
  /** the change compared with, when the rule is a change over `cycles` cycles */
  readonly change: { readonly percent: Rational; readonly cycles: number } | null;
  /** "< 3", "change over 2 cycles <= -40%" */
  readonly text: string;
}

export function prepareRule(indicator: IndicatorRef, threshold: Threshold): Rule {
  checkIndicator(indicator);
  const what = `threshold of ${indicator.id}`;
  if (typeof threshold !== 'object' || threshold === null) throw new WarningInputError(`${what}: expected { comparison, value } or { comparison, changeOverWindow }`);
  const comparison = threshold.comparison;
  if (!(COMPARISONS as readonly string[]).includes(comparison))
    throw new WarningInputError(`${what}: unknown comparison "${String(comparison)}"; use ${COMPARISONS.join(' ')}`);
  const hasValue = threshold.value !== undefined;
  const hasWindow = threshold.changeOverWindow !== undefined;
  if (hasValue === hasWindow) throw new WarningInputError(`${what}: give either value or changeOverWindow`);
  const text = thresholdText(threshold);
  if (hasWindow) return { comparison, target: null, change: change(indicator, threshold, what), text };
  return { comparison, target: target(indicator, comparison, threshold.value as string | boolean, what), change: null, text };
}

function target(indicator: IndicatorRef, comparison: Comparison, value: string | boolean, what: string): Rational | boolean {
  if (indicator.kind === 'yes-no') {
    if (typeof value !== 'boolean') throw new WarningInputError(`${what}: a yes-no indicator is compared with true or false, got ${String(value)}`);
    if (comparison !== '=' && comparison !== '!=') throw new WarningInputError(`${what}: a yes-no indicator takes = or !=, not ${comparison}`);
    return value;
  }
  if (typeof value !== 'string') throw new WarningInputError(`${what}: a ${indicator.kind} indicator is compared with a decimal string, got ${String(value)}`);
  if (indicator.kind === 'amount') {
    try {
      const m = parseMoney(value, indicator.currency as string);
      return moneyRational(m.minor, m.currency);
    } catch (e) {
      if (e instanceof MoneyError) throw new WarningInputError(`${what}: ${e.message}`);
      throw e;
    }
  }
  const r = parseDecimal(value);
  if (r === null) throw new WarningInputError(`${what}: "${value.slice(0, 40)}" is not a decimal such as "3" or "0.25"`);
  if (indicator.kind === 'share' && (r.num < 0n || compare(r, rational(1n)) > 0))
    throw new WarningInputError(`${what}: a share is compared with a fraction from 0 to 1, got "${value}"`);
  return r;
}

function change(indicator: IndicatorRef, threshold: Threshold, what: string): { percent: Rational; cycles: number } {
  const w = threshold.changeOverWindow as { percent: string; cycles: number };
  if (indicator.kind !== 'count' && indicator.kind !== 'amount' && indicator.kind !== 'share')
    throw new WarningInputError(`${what}: a change over a window applies to count, amount and share indicators, not ${indicator.kind}`);
  const percent = typeof w.percent === 'string' ? parseDecimal(w.percent) : null;
  if (percent === null) throw new WarningInputError(`${what}: the percent of a change is a decimal string such as "-40", got ${String(w.percent)}`);
  if (!Number.isSafeInteger(w.cycles) || w.cycles < 1 || w.cycles > 100)
    throw new WarningInputError(`${what}: the window is a whole number of cycles from 1 to 100, got ${String(w.cycles)}`);
  return { percent, cycles: w.cycles };
}

/** Whether `a <comparison> b` holds. */
export function holds(comparison: Comparison, a: Rational | boolean, b: Rational | boolean): boolean {
  if (typeof a === 'boolean' || typeof b === 'boolean') {
    if (comparison === '=') return a === b;
    if (comparison === '!=') return a !== b;
    throw new Error(`ordered comparison ${comparison} on yes-no values`);
  }
  const c = compare(a, b);
  switch (comparison) {
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
    case '=':
      return c === 0;
    case '!=':
      return c !== 0;
  }
}

/**
 * How far a reading still is from tripping, positive on the safe side: for < and <= the reading
 * must fall, so the margin is reading − target; for > and >= it must rise: target − reading.
 * At the threshold of a strict comparison the margin is 0 and the test has not tripped yet.
 * No margin for = and != (there is no direction to it).
 */
export function margin(comparison: Comparison, reading: Rational, targetValue: Rational): Rational | null {
  const d = rational(reading.num * targetValue.den - targetValue.num * reading.den, reading.den * targetValue.den);
  if (comparison === '<' || comparison === '<=') return d;
  if (comparison === '>' || comparison === '>=') return rational(-d.num, d.den);
  return null;
}

/**
 * Exact rationals for readings, margins and percent changes: num / den with bigint parts and
 * den > 0 (not necessarily reduced). No floating point: a percent change 100 × (L − E) / E is kept
 * as a fraction and compared by cross-multiplication, a/b < c/d ⇔ a·d < c·b (b, d > 0).
 */
import { DECIMAL } from '../covenant/threshold.js';

export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

export const ZERO: Rational = { num: 0n, den: 1n };

export function rational(num: bigint, den = 1n): Rational {
  if (den === 0n) throw new Error('rational with a zero denominator');
  return den < 0n ? { num: -num, den: -den } : { num, den };
}

/** A covenant decimal ("-40", "0.25", "10000.00") as a rational, or null when it is not one. */
export function parseDecimal(s: string): Rational | null {
  if (!DECIMAL.test(s)) return null;
  const negative = s.startsWith('-');
  const [whole = '', frac = ''] = (negative ? s.slice(1) : s).split('.');
  const num = BigInt(whole + frac);
  return rational(negative ? -num : num, 10n ** BigInt(frac.length));
}

export function compare(a: Rational, b: Rational): -1 | 0 | 1 {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

export function sub(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den - b.num * a.den, a.den * b.den);
}

export function mul(a: Rational, b: Rational): Rational {
  return rational(a.num * b.num, a.den * b.den);
}

export function div(a: Rational, b: Rational): Rational {
  if (b.num === 0n) throw new Error('division by zero');
  return rational(a.num * b.den, a.den * b.num);
}

export function isWhole(a: Rational): boolean {
  return a.num % a.den === 0n;
}

/**
 * Decimal text. Exact when the value has a finite decimal expansion of at most `maxPlaces`
 * places (trailing zeros dropped: "3", "0.25", "-40"); otherwise rounded half away from zero to
 * `roundTo` places ("-33.33"), with exact = false.
 */
export function decimalText(a: Rational, roundTo = 2, maxPlaces = 18): { text: string; exact: boolean } {
  for (let p = 0; p <= maxPlaces; p++) {
    const scaled = a.num * 10n ** BigInt(p);
    if (scaled % a.den === 0n) return { text: placed(scaled / a.den, p), exact: true };
  }
  const scale = 10n ** BigInt(roundTo);
  const n = a.num < 0n ? -a.num : a.num;
  const q = (2n * n * scale + a.den) / (2n * a.den); // round half up on the magnitude
  return { text: placed(a.num < 0n ? -q : q, roundTo), exact: false };
}

function placed(v: bigint, places: number): string {
  const neg = v < 0n;
  const digits = (neg ? -v : v).toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const frac = digits.slice(digits.length - places).replace(/0+$/, '');
  const s = frac === '' ? whole : `${whole}.${frac}`;
  return neg && s !== '0' ? `-${s}` : s;
}

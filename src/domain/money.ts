/**
 * Money (issue 5 §4): exact decimal amounts in one ISO 4217 currency. "Never floating point; never
 * summing across currencies."
 *
 * An amount is an integer count of the currency's minor unit, held as a bigint:
 *   value = minor × 10^(−e)        e = the currency's exponent ("minor unit" in ISO 4217 list one)
 * e.g. "10000.00" EUR is minor 1000000n (e = 2), "5" JPY is 5n (e = 0), "1.250" KWD is 1250n (e = 3).
 * Every operation is bigint arithmetic on minor units, so it is exact; there is no rounding
 * anywhere in this module. A JavaScript number is refused at every entry point: 0.1 + 0.2 is not
 * 0.3 in binary floating point, and an amount that passed through a float cannot be trusted.
 *
 * Text form (parse and format):
 *   parse    -?(0|[1-9][0-9]{0,17})(\.[0-9]{1,e})?   at most 18 integer digits (the covenant's
 *            bound on decimals) and at most e decimal places; "1.005" EUR is refused rather than
 *            rounded, and so is "1.50" JPY. Fewer places are accepted ("10000" EUR = "10000.00").
 *   format   the canonical form: exactly e decimal places, "-" only for a negative amount.
 *   Invariant: parseMoney(formatMoney(x), x.currency) equals x whenever x fits the 18-digit bound
 *   (test/domain/money.test.ts, property).
 *
 * Mixing currencies is an error, never a conversion: "cannot add EUR to USD: amounts in different
 * currencies are never summed". Comparison across currencies is refused the same way.
 *
 * Exponents: the currencies of ISO 4217 list one whose minor unit is not 2, taken from the
 * published list (as mirrored in moneyphp/iso-currencies resources/current.json); every other
 * well-formed code is taken to have 2. Codes without a minor unit (metals, funds: "N.A." in the
 * list) are not special-cased: they are not used for solidarity funds.
 */

/** An exact amount: a whole number of the currency's minor unit. Frozen. */
export interface Money {
  readonly currency: string;
  readonly minor: bigint;
}

/** Bad input to a money function: one line saying what is wrong and what to do. */
export class MoneyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MoneyError';
  }
}

export const DEFAULT_MINOR_UNITS = 2;

/** ISO 4217 currencies whose minor unit is not 2 decimal places. */
export const MINOR_UNITS: Readonly<Record<string, number>> = Object.freeze({
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0,
  UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
});

const CURRENCY = /^[A-Z]{3}$/;
const MAX_INTEGER_DIGITS = 18;
const AMOUNT = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

/** The number of decimal places of a currency's minor unit (2 unless listed in MINOR_UNITS). */
export function minorUnits(currency: string): number {
  checkCurrency(currency);
  return Object.hasOwn(MINOR_UNITS, currency) ? (MINOR_UNITS[currency] as number) : DEFAULT_MINOR_UNITS;
}

/** Parses a decimal string in a currency. Throws MoneyError with the reason for anything else. */
export function parseMoney(amount: string, currency: string): Money {
  refuseNumber(amount, 'amount');
  if (typeof amount !== 'string') throw new MoneyError(`amount must be a decimal string such as "10000.00", got ${typeof amount}`);
  const e = minorUnits(currency);
  const shown = amount.length > 40 ? `${amount.slice(0, 40)}…` : amount;
  const m = AMOUNT.exec(amount);
  if (m === null)
    throw new MoneyError(`"${shown}" is not a decimal amount: write digits with an optional "-" and "." (such as 10000.00), without spaces, separators, "+" or exponent`);
  const [, sign, whole = '', frac = ''] = m;
  if (whole.length > MAX_INTEGER_DIGITS) throw new MoneyError(`"${shown}" has more than ${MAX_INTEGER_DIGITS} digits before the decimal point`);
  if (frac.length > e)
    throw new MoneyError(
      e === 0
        ? `${currency} has no minor unit: "${shown}" must be a whole number`
        : `${currency} has ${e} decimal places: "${shown}" is more precise than that; give at most ${e}`,
    );
  const minor = BigInt(whole + frac.padEnd(e, '0'));
  return make(sign === '-' ? -minor : minor, currency);
}

/** An amount from a whole number of minor units (a bigint, never a number). */
export function ofMinor(minor: bigint, currency: string): Money {
  refuseNumber(minor, 'minor units', `a bigint such as ${String(minor)}n`);
  if (typeof minor !== 'bigint') throw new MoneyError(`minor units must be a bigint, got ${typeof minor}`);
  checkCurrency(currency);
  return make(minor, currency);
}

/** The canonical decimal string: exactly the currency's number of decimal places. */
export function formatMoney(m: Money): string {
  checkMoney(m, 'amount');
  const e = minorUnits(m.currency);
  const negative = m.minor < 0n;
  const digits = (negative ? -m.minor : m.minor).toString().padStart(e + 1, '0');
  const whole = digits.slice(0, digits.length - e);
  const frac = digits.slice(digits.length - e);
  return `${negative ? '-' : ''}${whole}${e > 0 ? `.${frac}` : ''}`;
}

export function addMoney(a: Money, b: Money): Money {
  sameCurrency(a, b, 'add', 'to');
  return make(a.minor + b.minor, a.currency);
}

/** a − b */
export function subtractMoney(a: Money, b: Money): Money {
  sameCurrency(a, b, 'subtract', 'from');
  return make(a.minor - b.minor, a.currency);
}

/** −1, 0 or 1 as a is less than, equal to or greater than b; the sign of subtractMoney(a, b). */
export function compareMoney(a: Money, b: Money): -1 | 0 | 1 {
  sameCurrency(a, b, 'compare', 'with');
  return a.minor < b.minor ? -1 : a.minor > b.minor ? 1 : 0;
}

export function equalMoney(a: Money, b: Money): boolean {
  return compareMoney(a, b) === 0;
}

/** The sum of amounts in `currency` (zero for none); any amount in another currency is refused. */
export function sumMoney(amounts: readonly Money[], currency: string): Money {
  let total = make(0n, currency);
  for (const m of amounts) total = addMoney(total, m);
  return total;
}

export function isMoney(value: unknown): value is Money {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { currency?: unknown; minor?: unknown };
  return typeof v.currency === 'string' && CURRENCY.test(v.currency) && typeof v.minor === 'bigint';
}

// ---------------------------------------------------------------- guards

function make(minor: bigint, currency: string): Money {
  return Object.freeze({ currency, minor });
}

function sameCurrency(a: Money, b: Money, verb: string, preposition: string): void {
  checkMoney(a, 'first amount');
  checkMoney(b, 'second amount');
  // "cannot add EUR to USD": b is the one being added to a.
  if (a.currency !== b.currency)
    throw new MoneyError(`cannot ${verb} ${b.currency} ${preposition} ${a.currency}: amounts in different currencies are never ${verb === 'compare' ? 'compared' : 'summed'}`);
}

function checkMoney(m: Money, what: string): void {
  if (isMoney(m)) return;
  const minor = (m as { minor?: unknown } | null)?.minor;
  if (typeof minor === 'number') refuseNumber(minor, `${what}'s minor units`, 'an amount made by parseMoney or ofMinor');
  throw new MoneyError(`${what} is not an amount: make one with parseMoney("10000.00", "EUR")`);
}

function checkCurrency(currency: string): void {
  if (typeof currency !== 'string' || !CURRENCY.test(currency))
    throw new MoneyError(`"${String(currency).slice(0, 20)}" is not an ISO 4217 currency code: use three capital letters such as EUR or USD`);
}

function refuseNumber(value: unknown, what: string, hint = `a decimal string such as "${String(value)}"`): void {
  if (typeof value === 'number')
    throw new MoneyError(`${what} must not be a JavaScript number (${value} has passed through binary floating point): give ${hint}`);
}

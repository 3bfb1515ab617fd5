/**
 * src/domain/money.ts: exact amounts in minor units. Exponents checked against ISO 4217 list one
 * as mirrored in moneyphp/iso-currencies resources/current.json ("minorUnit"); arithmetic worked by
 * hand; the properties of the module doc (round trip, associativity, commutativity, comparison
 * as the sign of subtraction); every refusal (numbers, mixed currencies, excess precision).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMoney,
  compareMoney,
  equalMoney,
  formatMoney,
  minorUnits,
  MoneyError,
  ofMinor,
  parseMoney,
  subtractMoney,
  sumMoney,
  type Money,
} from '../../src/domain/money.js';

describe('exponents (ISO 4217 list one, moneyphp/iso-currencies resources/current.json)', () => {
  it('reads the minor unit of each listed currency', () => {
    // "minorUnit" values copied from that file for these codes.
    const expected: Record<string, number> = {
      EUR: 2, USD: 2, GBP: 2, BRL: 2, MXN: 2, ARS: 2, ZAR: 2, INR: 2, IDR: 2, HUF: 2,
      JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, XOF: 0, XAF: 0, UGX: 0, PYG: 0,
      KWD: 3, BHD: 3, JOD: 3, OMR: 3, TND: 3, IQD: 3, LYD: 3,
      CLF: 4, UYW: 4,
    };
    for (const [code, e] of Object.entries(expected)) expect([code, minorUnits(code)]).toEqual([code, e]);
  });

  it('takes 2 for a well-formed code it does not list, and refuses malformed codes', () => {
    expect(minorUnits('ZZZ')).toBe(2);
    for (const bad of ['eur', 'EURO', 'E1R', '', '€']) expect(() => minorUnits(bad)).toThrow(/not an ISO 4217 currency code/);
  });
});

describe('parse and format', () => {
  it('keeps amounts as whole minor units', () => {
    expect(parseMoney('10000.00', 'EUR')).toEqual({ currency: 'EUR', minor: 1_000_000n });
    expect(parseMoney('10000', 'EUR')).toEqual({ currency: 'EUR', minor: 1_000_000n });
    expect(parseMoney('0.1', 'EUR').minor).toBe(10n);
    expect(parseMoney('5', 'JPY')).toEqual({ currency: 'JPY', minor: 5n });
    expect(parseMoney('1.25', 'KWD').minor).toBe(1250n);
    expect(parseMoney('-3.07', 'USD').minor).toBe(-307n);
    // 18 integer digits and 2 decimals: beyond 2^53, exact only because it is a bigint
    expect(parseMoney('999999999999999999.99', 'EUR').minor).toBe(99_999_999_999_999_999_999n);
  });

  it('formats with exactly the currency’s decimal places', () => {
    expect(formatMoney(parseMoney('10000', 'EUR'))).toBe('10000.00');
    expect(formatMoney(parseMoney('0.5', 'USD'))).toBe('0.50');
    expect(formatMoney(parseMoney('-0.05', 'USD'))).toBe('-0.05');
    expect(formatMoney(parseMoney('-0', 'USD'))).toBe('0.00');
    expect(formatMoney(parseMoney('1500', 'JPY'))).toBe('1500');
    expect(formatMoney(parseMoney('0.007', 'BHD'))).toBe('0.007');
    expect(formatMoney(ofMinor(12345n, 'CLF'))).toBe('1.2345');
  });

  it('is exact where floating point is not: 0.1 + 0.2 = 0.3', () => {
    const sum = addMoney(parseMoney('0.1', 'EUR'), parseMoney('0.2', 'EUR'));
    expect(formatMoney(sum)).toBe('0.30');
    expect(equalMoney(sum, parseMoney('0.3', 'EUR'))).toBe(true);
  });

  it('refuses excess precision instead of rounding', () => {
    expect(() => parseMoney('1.005', 'EUR')).toThrow('EUR has 2 decimal places: "1.005" is more precise than that; give at most 2');
    expect(() => parseMoney('1.50', 'JPY')).toThrow('JPY has no minor unit: "1.50" must be a whole number');
    expect(() => parseMoney('1.0001', 'KWD')).toThrow(/KWD has 3 decimal places/);
  });

  it('refuses anything that is not a plain decimal', () => {
    for (const bad of ['', ' 1', '1 ', '+1', '1e3', '1,000.00', '1.000,00', '01', '.5', '5.', '--1', 'NaN', 'Infinity', '0x10', '١٠'])
      expect(() => parseMoney(bad, 'EUR'), bad).toThrow(/is not a decimal amount/);
    expect(() => parseMoney('1234567890123456789', 'EUR')).toThrow(/more than 18 digits/);
  });

  it('refuses JavaScript numbers at every entry point', () => {
    expect(() => parseMoney(12.5 as unknown as string, 'EUR')).toThrow('amount must not be a JavaScript number (12.5 has passed through binary floating point): give a decimal string such as "12.5"');
    expect(() => ofMinor(1250 as unknown as bigint, 'EUR')).toThrow(/minor units must not be a JavaScript number.*1250n/);
    const forged = { currency: 'EUR', minor: 5 } as unknown as Money;
    expect(() => addMoney(forged, parseMoney('1', 'EUR'))).toThrow(/must not be a JavaScript number/);
    expect(() => formatMoney(forged)).toThrow(MoneyError);
    expect(() => compareMoney(parseMoney('1', 'EUR'), { currency: 'EUR' } as unknown as Money)).toThrow(/not an amount/);
  });

  it('returns frozen values', () => {
    const m = parseMoney('1', 'EUR');
    expect(Object.isFrozen(m)).toBe(true);
  });
});

describe('arithmetic within one currency', () => {
  it('adds, subtracts, compares and sums (worked by hand)', () => {
    const eur = (s: string) => parseMoney(s, 'EUR');
    expect(formatMoney(addMoney(eur('9999.99'), eur('0.01')))).toBe('10000.00');
    expect(formatMoney(subtractMoney(eur('10000.00'), eur('10000.01')))).toBe('-0.01');
    expect(compareMoney(eur('10000.01'), eur('10000'))).toBe(1);
    expect(compareMoney(eur('2'), eur('2.00'))).toBe(0);
    expect(compareMoney(eur('-1'), eur('0'))).toBe(-1);
    expect(formatMoney(sumMoney([eur('1200.50'), eur('3000'), eur('0.75')], 'EUR'))).toBe('4201.25');
    expect(formatMoney(sumMoney([], 'JPY'))).toBe('0');
  });

  it('refuses to mix currencies, naming both', () => {
    const usd = parseMoney('10', 'USD');
    const eur = parseMoney('10', 'EUR');
    expect(() => addMoney(usd, eur)).toThrow('cannot add EUR to USD: amounts in different currencies are never summed');
    expect(() => subtractMoney(usd, eur)).toThrow('cannot subtract EUR from USD: amounts in different currencies are never summed');
    expect(() => compareMoney(usd, eur)).toThrow('cannot compare EUR with USD: amounts in different currencies are never compared');
    expect(() => sumMoney([usd, eur], 'USD')).toThrow(/cannot add EUR to USD/);
    expect(() => sumMoney([usd], 'EUR')).toThrow(/cannot add USD to EUR/);
  });
});

describe('properties', () => {
  const currency = fc.constantFrom('EUR', 'USD', 'JPY', 'KWD', 'CLF');
  const BOUND = 10n ** 18n; // 18 integer digits
  const money = (c: string) => {
    const e = BigInt(minorUnits(c));
    return fc.bigInt({ min: -(BOUND * 10n ** e) + 1n, max: BOUND * 10n ** e - 1n }).map((minor) => ofMinor(minor, c));
  };
  const three = currency.chain((c) => fc.tuple(money(c), money(c), money(c)));

  it('parse(format(x)) = x', () => {
    fc.assert(fc.property(currency.chain(money), (x) => {
      expect(parseMoney(formatMoney(x), x.currency)).toEqual(x);
    }));
  });

  it('format(parse(s)) = s for canonical strings', () => {
    const canonical = fc.tuple(fc.boolean(), fc.bigInt({ min: 0n, max: BOUND - 1n }), fc.bigInt({ min: 0n, max: 99n })).map(([neg, whole, cents]) => {
      const s = `${whole}.${cents.toString().padStart(2, '0')}`;
      return neg && (whole > 0n || cents > 0n) ? `-${s}` : s;
    });
    fc.assert(fc.property(canonical, (s) => {
      expect(formatMoney(parseMoney(s, 'EUR'))).toBe(s);
    }));
  });

  it('addition is commutative and associative', () => {
    fc.assert(
      fc.property(three, ([a, b, c]) => {
        expect(addMoney(a, b)).toEqual(addMoney(b, a));
        expect(addMoney(addMoney(a, b), c)).toEqual(addMoney(a, addMoney(b, c)));
        expect(subtractMoney(addMoney(a, b), b)).toEqual(a);
      }),
    );
  });

  it('compare(a, b) is the sign of a − b, and antisymmetric', () => {
    fc.assert(
      fc.property(three, ([a, b]) => {
        const d = subtractMoney(a, b).minor;
        expect(compareMoney(a, b)).toBe(d < 0n ? -1 : d > 0n ? 1 : 0);
        expect(compareMoney(b, a)).toBe(-compareMoney(a, b) || 0);
      }),
    );
  });

  it('different currencies are refused whatever the amounts', () => {
    fc.assert(
      fc.property(money('EUR'), money('USD'), (e, u) => {
        expect(() => addMoney(e, u)).toThrow(MoneyError);
        expect(() => compareMoney(u, e)).toThrow(MoneyError);
      }),
    );
  });
});

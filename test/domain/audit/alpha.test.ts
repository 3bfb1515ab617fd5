/**
 * Krippendorff's alpha against published values.
 * - K. Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011), §C–E: 4 observers
 *   (A–D) × 12 units, values 1–5 with missing entries: nominal .743, ordinal .815, interval .849.
 *   The data matrix as in pln-fing-udelar/fast-krippendorff, tests/test_krippendorff.py
 *   (test_ordinal_metric: 0.815 for the same matrix).
 * - The same package's 3 × 15 example (the Wikipedia example): nominal 0.691358, interval 0.810845.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { alpha, coincidences, type Rating } from '../../../src/domain/audit/alpha.js';
import { AuditInputError } from '../../../src/domain/audit/errors.js';

const _ = null;
const KRIPPENDORFF_2011: Rating[][] = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _], // observer A
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3], // B
  [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _], // C
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _], // D
];
const WIKIPEDIA: Rating[][] = [
  [_, _, _, _, _, 3, 4, 1, 2, 1, 1, 3, 3, _, 3],
  [1, _, 2, 1, 3, 3, 4, 3, _, _, _, _, _, _, _],
  [_, _, 2, 1, 3, 4, 4, _, 2, 1, 1, 3, 3, _, 4],
];
const round = (x: number | null, digits: number) => (x === null ? null : Number(x.toFixed(digits)));

describe("Krippendorff's worked example (2011)", () => {
  it('nominal 0.743, ordinal 0.815, interval 0.849', () => {
    expect(round(alpha(KRIPPENDORFF_2011, 'nominal'), 3)).toBe(0.743);
    expect(round(alpha(KRIPPENDORFF_2011, 'ordinal'), 3)).toBe(0.815);
    expect(round(alpha(KRIPPENDORFF_2011, 'interval'), 3)).toBe(0.849);
  });
  it("the coincidence matrix of the paper: n = 40 pairable values, n_1..n_5 = 9, 13, 10, 5, 3", () => {
    const m = coincidences(KRIPPENDORFF_2011);
    expect(m.values).toEqual([1, 2, 3, 4, 5]);
    expect(m.total).toBeCloseTo(40, 12);
    expect(m.n.map((x) => Number(x.toFixed(9)))).toEqual([9, 13, 10, 5, 3]);
    // the matrix is symmetric, as every coincidence matrix is
    m.o.forEach((row, c) => row.forEach((x, k) => expect(x).toBeCloseTo(m.o[k]![c]!, 12)));
  });
  it('the 3 × 15 example: nominal 0.691358, interval 0.810845', () => {
    expect(round(alpha(WIKIPEDIA, 'nominal'), 6)).toBe(0.691358);
    expect(round(alpha(WIKIPEDIA, 'interval'), 6)).toBe(0.810845);
  });
});

describe('properties', () => {
  const ratings = fc.array(fc.array(fc.option(fc.integer({ min: 0, max: 4 }), { nil: null }), { minLength: 5, maxLength: 5 }), {
    minLength: 2,
    maxLength: 4,
  });
  it('perfect agreement is 1 whenever there is variation; observers and units can be reordered', () => {
    fc.assert(
      fc.property(ratings, (data) => {
        for (const level of ['nominal', 'ordinal', 'interval'] as const) {
          const a = alpha(data, level);
          const reversed = alpha([...data].reverse().map((r) => [...r].reverse()), level);
          if (a === null) expect(reversed).toBeNull();
          else expect(reversed!).toBeCloseTo(a, 9);
        }
        const same = data.map(() => data[0]!);
        const a = alpha(same, 'ordinal');
        if (a !== null) expect(a).toBeCloseTo(1, 12);
      }),
      { numRuns: 200 },
    );
  });
  it('undefined (null) without variation or without two values in any unit', () => {
    expect(alpha([[3, 3, 3], [3, 3, 3], [3, 3, 3]], 'ordinal')).toBeNull();
    expect(alpha([[1, _], [_, 2]], 'nominal')).toBeNull();
  });
  it('refuses ragged or non-numeric data with a reason', () => {
    expect(() => alpha([[1, 2], [1]], 'nominal')).toThrow(AuditInputError);
    expect(() => alpha([], 'nominal')).toThrow(/no ratings/);
    expect(() => alpha([[1, Infinity], [1, 2]], 'interval')).toThrow(/observer 1, unit 2/);
    expect(() => alpha([[1, 2], [1, 2]], 'ratio' as never)).toThrow(/nominal, ordinal or interval/);
  });
});

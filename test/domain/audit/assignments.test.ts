/**
 * Reciprocal assignments (issue 4 §2), as properties: every party reviews and is reviewed each
 * cycle, and with rotation every ordered pair meets within ⌈(N−1)/k⌉ consecutive cycles,
 * starting anywhere, for N up to 200 and k = 1..5.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assignments, rotationOffsets } from '../../../src/domain/audit/assignments.js';
import { AuditInputError } from '../../../src/domain/audit/errors.js';

const parties = (n: number) => Array.from({ length: n }, (_, i) => `p${i}`);

describe('up to 6 parties: all-to-all, self-reviews included', () => {
  it.each([1, 2, 3, 6])('%i parties: N² assignments, every ordered pair once', (n) => {
    const a = assignments({ parties: parties(n), cycle: 1250 });
    expect(a).toHaveLength(n * n);
    expect(new Set(a.map((x) => `${x.reviewer}>${x.reviewee}`)).size).toBe(n * n);
    expect(a.filter((x) => x.reviewer === x.reviewee)).toHaveLength(n);
  });
  it('3 parties reproduce the 3 × 3 of the issue', () => {
    expect(assignments({ parties: ['A', 'B', 'C'], cycle: 0 }).map((x) => x.reviewer + x.reviewee)).toEqual(
      ['AA', 'AB', 'AC', 'BA', 'BB', 'BC', 'CA', 'CB', 'CC'],
    );
  });
});

describe('above 6 parties: rotating, k reviewers each', () => {
  const cases = fc.record({
    n: fc.integer({ min: 7, max: 200 }),
    k: fc.integer({ min: 1, max: 5 }),
    start: fc.integer({ min: -100_000, max: 100_000 }),
  });

  it('each cycle: every party reviewed by exactly k others and reviews exactly k, never itself', () => {
    fc.assert(
      fc.property(cases, ({ n, k, start }) => {
        const a = assignments({ parties: parties(n), cycle: start, reviewers: k });
        expect(a).toHaveLength(n * k);
        const reviews = new Map<string, number>();
        const reviewed = new Map<string, Set<string>>();
        for (const { reviewer, reviewee } of a) {
          expect(reviewer).not.toBe(reviewee);
          reviews.set(reviewer, (reviews.get(reviewer) ?? 0) + 1);
          const by = reviewed.get(reviewee) ?? new Set();
          by.add(reviewer);
          reviewed.set(reviewee, by);
        }
        for (const p of parties(n)) {
          expect(reviews.get(p)).toBe(k);
          expect(reviewed.get(p)?.size).toBe(k); // k distinct reviewers
        }
      }),
      { numRuns: 150 },
    );
  });

  it('every ordered pair meets within ⌈(N−1)/k⌉ consecutive cycles, starting anywhere', () => {
    fc.assert(
      fc.property(cases, ({ n, k, start }) => {
        const window = Math.ceil((n - 1) / k);
        const met = new Set<string>();
        for (let c = start; c < start + window; c++) {
          for (const { reviewer, reviewee } of assignments({ parties: parties(n), cycle: c, reviewers: k })) met.add(`${reviewer}>${reviewee}`);
        }
        expect(met.size).toBe(n * (n - 1));
      }),
      { numRuns: 60 },
    );
  });

  it('the exhaustive corner: N = 200 with k = 1..5, and N = 7 with k = 1..6', () => {
    for (const [n, ks] of [[200, [1, 2, 3, 4, 5]], [7, [1, 2, 3, 4, 5, 6]]] as const) {
      for (const k of ks) {
        const offsets = new Set<number>();
        for (let c = 1250; c < 1250 + Math.ceil((n - 1) / k); c++) for (const o of rotationOffsets(n, c, k)) offsets.add(o);
        expect(offsets.size, `N=${n} k=${k}`).toBe(n - 1);
      }
    }
  });

  it('consecutive cycles continue the rotation: offsets of cycle c+1 follow those of c', () => {
    expect(rotationOffsets(10, 0, 2)).toEqual([1, 2]);
    expect(rotationOffsets(10, 1, 2)).toEqual([3, 4]);
    expect(rotationOffsets(10, 4, 2)).toEqual([9, 1]);
  });

  it('the covenant may ask for rotation below 7 parties or all-to-all above 6', () => {
    expect(assignments({ parties: parties(4), cycle: 3, kind: 'rotating', reviewers: 1 })).toHaveLength(4);
    expect(assignments({ parties: parties(8), cycle: 3, kind: 'all-to-all' })).toHaveLength(64);
  });
});

describe('bad input', () => {
  it('refuses duplicate or empty parties, impossible k, and a non-integer cycle', () => {
    expect(() => assignments({ parties: [], cycle: 1 })).toThrow(AuditInputError);
    expect(() => assignments({ parties: ['a', 'a'], cycle: 1 })).toThrow(/listed twice/);
    expect(() => assignments({ parties: parties(8), cycle: 1, reviewers: 8 })).toThrow(/between 1 and 7/);
    expect(() => assignments({ parties: parties(8), cycle: 1, reviewers: 0 })).toThrow(/between 1 and 7/);
    expect(() => assignments({ parties: parties(8), cycle: 1.5 })).toThrow(/whole number/);
  });
});

/**
 * domain/audit/scorecard.ts and labels.ts: ratings checked (scale 0–4, dimensions, hostile text),
 * the finalizing rule, medians (property-tested against a sort), ranges, the ordinal alpha of a
 * card worked by hand from Krippendorff (2011) §C–E, previous scores and the narrative in five
 * languages, and label tables complete with the same placeholders as English.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuditInputError, alpha } from '../../../src/domain/audit/index.js';
import {
  changes,
  checkFinalizable,
  checkNote,
  checkRatings,
  computeScorecard,
  DEFAULT_DIMENSIONS,
  median,
  narrative,
  readiness,
  type ScorecardInput,
} from '../../../src/domain/audit/scorecard.js';
import { cycleName, fill, SCORECARD_LABELS, scorecardLabels } from '../../../src/domain/audit/labels.js';

const DIMS = [...DEFAULT_DIMENSIONS];
const cycle = { n: 1285, start: '2026-11-20T06:47:00Z', end: '2026-12-20T01:43:00Z' };

function input(rows: number[][], extra: Partial<ScorecardInput> = {}): ScorecardInput {
  const triad = rows.map((_, i) => `r${i}`);
  return {
    alliance: 'tri',
    rhythm: 'lunar',
    cycle,
    reviewer: 'sur',
    reviewee: 'norte',
    lang: 'en',
    dimensions: DIMS.map((id) => ({ id, title: id })),
    triad,
    ratings: rows.flatMap((row, i) => row.map((score, j) => ({ rater: `r${i}`, dimension: DIMS[j]!, score, note: '' }))),
    previous: null,
    indicators: [],
    ...extra,
  };
}

describe('ratings', () => {
  it('accepts 0–4 on a known dimension with a note and evidence', () => {
    expect(checkRatings([{ dimension: 'dissent', score: 0, note: '  heard ', evidence: 'minutes-3' }], DIMS)).toEqual([
      { dimension: 'dissent', score: 0, note: 'heard', evidence: ['minutes-3'] },
    ]);
  });

  it('refuses anything else with a reason naming the scale', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ max: -1 }), fc.integer({ min: 5 }), fc.double({ noInteger: true }), fc.string(), fc.constant(null)), (score) => {
        expect(() => checkRatings([{ dimension: 'dissent', score }], DIMS)).toThrow(/score must be a whole number from 0 to 4 \(0 breach/);
      }),
    );
  });

  it('keeps markup as text but refuses controls, bidi overrides and lone surrogates', () => {
    expect(checkNote('<b>x</b> #panic() $y$ مرحبا\u200F')).toBe('<b>x</b> #panic() $y$ مرحبا\u200F');
    for (const bad of ['\u202Dx', '\u2067x', '\u0085x', 'x\u001b[31m', '\udfff']) expect(() => checkNote(bad)).toThrow(AuditInputError);
  });
});

describe('finalizing', () => {
  it('needs every started rater complete and at least two raters (or the whole smaller triad)', () => {
    const rated = (who: string, dims: string[]) => dims.map((dimension) => ({ rater: who, dimension }));
    expect(readiness(['a', 'b', 'c'], DIMS, [...rated('a', DIMS), ...rated('c', ['dissent'])])).toEqual({
      complete: ['a'],
      partial: [{ rater: 'c', missing: DIMS.filter((d) => d !== 'dissent') }],
      absent: ['b'],
    });
    expect(() => checkFinalizable(['a', 'b', 'c'], DIMS, rated('a', DIMS))).toThrow(/at least 2 must rate/);
    expect(checkFinalizable(['a', 'b', 'c'], DIMS, [...rated('c', DIMS), ...rated('a', DIMS)])).toEqual(['a', 'c']);
    expect(checkFinalizable(['solo'], DIMS, rated('solo', DIMS))).toEqual(['solo']);
  });
});

describe('figures', () => {
  it('median is the middle of the sorted ratings, or the mean of the two middle ones', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 15 }), (xs) => {
        const s = [...xs].sort((a, b) => a - b);
        const m = median(xs);
        expect(s.filter((x) => x < m).length).toBeLessThanOrEqual(xs.length / 2);
        expect(s.filter((x) => x > m).length).toBeLessThanOrEqual(xs.length / 2);
        expect(m).toBe(xs.length % 2 ? s[(xs.length - 1) / 2] : (s[xs.length / 2 - 1]! + s[xs.length / 2]!) / 2);
      }),
    );
  });

  it('ordinal alpha of one dissenting rater, worked by hand: −0.4', () => {
    // Units: 5 dimensions, each rated {4, 2, 2}. Per unit the ordered pairs are (4,2)×2, (2,4)×2,
    // (2,2)×2, each weighted 1/(m_u − 1) = 1/2: o₄₂ = o₂₄ = o₂₂ = 5 over five units; n₂ = 10,
    // n₄ = 5, n = 15. Ordinal δ²₂₄ = (n₂ + n₄ − (n₂ + n₄)/2)² = 7.5² = 56.25.
    // α = 1 − (n − 1)·Σo·δ² / Σn·n·δ² = 1 − 14·(10·56.25) / (2·10·5·56.25) = 1 − 1.4 = −0.4
    const rows = [[4, 4, 4, 4, 4], [2, 2, 2, 2, 2], [2, 2, 2, 2, 2]];
    expect(alpha(rows, 'ordinal')).toBeCloseTo(-0.4, 12);
    const s = computeScorecard(input(rows));
    expect(s.alpha).toBe(-0.4);
    expect(s.dimensions.map((d) => [d.median, d.min, d.max, d.n])).toEqual(DIMS.map(() => [2, 2, 4, 3]));
    expect(computeScorecard(input([[0, 1, 2, 3, 4], [0, 1, 2, 3, 4]])).alpha).toBe(1);
    expect(computeScorecard(input([[3, 3, 3, 3, 3], [3, 3, 3, 3, 3]])).alpha).toBeNull(); // no variation
  });

  it('rounds alpha to three decimals', () => {
    const rows = [[0, 1, 2, 3, 4], [1, 1, 2, 4, 4], [0, 2, 2, 3, 3]];
    expect(computeScorecard(input(rows)).alpha).toBe(Math.round(alpha(rows, 'ordinal')! * 1000) / 1000);
  });

  it('sets the previous medians beside the new ones and says how each moved', () => {
    const previous = { cycle: 1284, reviewer: 'sur', dimensions: [{ id: 'decision-making', median: 1 }, { id: 'finances', median: 3 }, { id: 'dissent', median: 2 }] };
    const s = computeScorecard(input([[2, 2, 2, 0, 0], [2, 2, 2, 0, 0]], { previous }));
    expect(s.changes).toEqual([
      { dimension: 'decision-making', kind: 'up', from: 1, to: 2 },
      { dimension: 'finances', kind: 'down', from: 3, to: 2 },
      { dimension: 'dissent', kind: 'same', from: 2, to: 2 },
      { dimension: 'tactics', kind: 'new', from: null, to: 0 },
      { dimension: 'external-alliances', kind: 'new', from: null, to: 0 },
    ]);
    expect(narrative(s)).toEqual([
      'decision-making: median 2 (concern), up from 1 in lunation 1284.',
      'finances: median 2 (concern), down from 3 in lunation 1284.',
      'dissent: median 2 (concern), unchanged since lunation 1284.',
      'tactics: median 0 (breach), not scored in lunation 1284.',
      'external-alliances: median 0 (breach), not scored in lunation 1284.',
    ]);
    expect(narrative(computeScorecard(input([[1, 1, 1, 1, 1], [2, 2, 2, 2, 2]], { lang: 'ar' })))).toEqual(['لا توجد بطاقة تقييم سابقة لـ norte للمقارنة بها.']);
    expect(changes([{ id: 'x', median: 2.5 }], null)).toEqual([]);
  });

  it('publishes no evidence: the input has no field for it and the output none either', () => {
    const s = computeScorecard(input([[1, 2, 3, 4, 0], [1, 2, 3, 4, 0]]));
    expect(JSON.stringify(s)).not.toMatch(/evidence/);
  });
});

describe('labels', () => {
  const placeholders = (s: string) => [...s.matchAll(/\{([a-zA-Z]+)\}/g)].map((m) => m[1]).sort();

  it('every language has every label, with the same placeholders as English, and five distinct scale words', () => {
    const en = SCORECARD_LABELS.en;
    for (const [lang, labels] of Object.entries(SCORECARD_LABELS)) {
      expect(Object.keys(labels).sort(), lang).toEqual(Object.keys(en).sort());
      for (const [k, v] of Object.entries(labels)) {
        if (typeof v === 'string') {
          expect(v.trim(), `${lang}.${k}`).not.toBe('');
          expect(placeholders(v), `${lang}.${k}`).toEqual(placeholders((en as unknown as Record<string, string>)[k]!));
        }
      }
      expect(new Set(labels.scores).size, lang).toBe(5);
      // no Arabic short vowels (typst/typst#8767)
      if (lang === 'ar') expect(JSON.stringify(labels)).not.toMatch(/[\u064B-\u0652]/);
    }
  });

  it('names cycles in each language and refuses a missing placeholder value', () => {
    expect(cycleName('lunar', 1285, SCORECARD_LABELS.fr)).toBe('lunaison 1285');
    expect(cycleName('quarterly', 8096, SCORECARD_LABELS.pt)).toBe('2024, trimestre 1');
    expect(scorecardLabels('pt-BR').lang).toBe('pt');
    expect(scorecardLabels('de').lang).toBe('en');
    expect(() => fill('{a} {b}', { a: 1 })).toThrow(/\{b\}/);
  });
});

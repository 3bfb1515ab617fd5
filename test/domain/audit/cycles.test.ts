/**
 * Audit cycles against published new moons (USNO, testdata/new-moons.txt with its sources) and
 * the invariants the rest of Daylight relies on: consecutive numbers, no gap, no overlap, the
 * same cycle whatever range it was asked for.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cycleAt, cycleLabel, cycleNumbered, cycles, parseInstant } from '../../../src/domain/audit/cycles.js';
import { AuditInputError } from '../../../src/domain/audit/errors.js';

const TWO_MINUTES = 120_000;
const DAY = 86_400_000;

export function publishedNewMoons(): { at: number; source: string }[] {
  const text = readFileSync(new URL('./testdata/new-moons.txt', import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => {
      const [at, source] = l.split(' ');
      return { at: Date.parse(at!), source: source! };
    });
}

describe('lunar cycles against USNO new moons', () => {
  const table = publishedNewMoons();

  it('2024-01-01 to 2031-01-01: every published new moon starts a cycle, within 2 minutes', () => {
    const got = cycles({ rhythm: 'lunar', from: '2024-01-01', to: '2031-01-01' });
    const inRange = table.filter((r) => r.at >= Date.parse('2024-01-01') && r.at < Date.parse('2031-01-01'));
    expect(inRange.length).toBe(75);
    let worst = 0;
    for (const ref of inRange) {
      const near = got.filter((c) => Math.abs(Date.parse(c.start) - ref.at) < DAY);
      expect(near, new Date(ref.at).toISOString()).toHaveLength(1);
      const diff = Math.abs(Date.parse(near[0]!.start) - ref.at);
      worst = Math.max(worst, diff);
      expect(diff, `${new Date(ref.at).toISOString()} (${ref.source})`).toBeLessThanOrEqual(TWO_MINUTES);
    }
    // USNO rounds to the minute, so up to 30 s of the difference is the table's own rounding.
    expect(worst).toBeGreaterThan(0);
  });

  it('2020 (USNO via Astronomy Engine test data) agrees within 2 minutes too', () => {
    const got = cycles({ rhythm: 'lunar', from: '2020-01-01', to: '2021-01-01' });
    const refs = table.filter((r) => new Date(r.at).getUTCFullYear() === 2020);
    expect(got.map((c) => c.start.slice(0, 10))).toEqual(refs.map((r) => new Date(r.at).toISOString().slice(0, 10)));
    got.forEach((c, i) => expect(Math.abs(Date.parse(c.start) - refs[i]!.at)).toBeLessThanOrEqual(TWO_MINUTES));
  });

  it('cycles tile time: consecutive numbers, each ends where the next starts, 29.2–29.9 days long', () => {
    const got = cycles({ rhythm: 'lunar', from: '2024-01-01', to: '2031-01-01' });
    expect(got).toHaveLength(87);
    got.forEach((c, i) => {
      const length = (Date.parse(c.end) - Date.parse(c.start)) / DAY;
      expect(length).toBeGreaterThan(29.2);
      expect(length).toBeLessThan(29.9);
      expect(c.start).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      if (i > 0) {
        expect(c.n).toBe(got[i - 1]!.n + 1);
        expect(c.start).toBe(got[i - 1]!.end);
      }
    });
  });

  // lunaf.com/lunar-calendar/2027/07/26: "lunation 340 of Meeus index or 1293 from Brown series",
  // the lunation that began with the new moon of 2027-07-04.
  it('n is the Brown lunation number', () => {
    expect(cycleAt('lunar', '2027-07-26T16:55:00Z').n).toBe(1293);
    expect(cycleAt('lunar', '2027-07-26T16:55:00Z').start.slice(0, 10)).toBe('2027-07-04');
    expect(cycleAt('lunar', '2024-01-20').n).toBe(1250);
    expect(cycleNumbered('lunar', 1293)).toEqual(cycleAt('lunar', '2027-07-10'));
    expect(cycleLabel('lunar', 1293)).toBe('lunation 1293');
  });

  it('a cycle is the same whatever range or instant it is found from', () => {
    const all = cycles({ rhythm: 'lunar', from: '2024-01-01', to: '2026-01-01' });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: all.length - 1 }), fc.double({ min: 0, max: 0.999, noNaN: true }), (i, f) => {
        const c = all[i]!;
        const inside = Date.parse(c.start) + f * (Date.parse(c.end) - Date.parse(c.start));
        expect(cycleAt('lunar', new Date(Math.floor(inside / 1000) * 1000))).toEqual(c);
        expect(cycles({ rhythm: 'lunar', from: new Date(Date.parse(c.start) - 1000), to: c.end })).toEqual([c]);
      }),
      { numRuns: 40 },
    );
  });

  it('a new moon belongs to the cycle it starts; a second before, to the previous one', () => {
    const c = cycleAt('lunar', '2026-08-12T18:00:00Z');
    expect(cycleAt('lunar', c.start)).toEqual(c);
    expect(cycleAt('lunar', new Date(Date.parse(c.start) - 1000)).n).toBe(c.n - 1);
    expect(cycles({ rhythm: 'lunar', from: new Date(Date.parse(c.start) + 1000), to: c.end })).toEqual([]);
  });
});

describe('quarterly cycles', () => {
  it('calendar quarters in UTC, numbered 4·year + quarter − 1', () => {
    expect(cycles({ rhythm: 'quarterly', from: '2024-01-01', to: '2025-01-01' })).toEqual([
      { n: 8096, start: '2024-01-01T00:00:00Z', end: '2024-04-01T00:00:00Z' },
      { n: 8097, start: '2024-04-01T00:00:00Z', end: '2024-07-01T00:00:00Z' },
      { n: 8098, start: '2024-07-01T00:00:00Z', end: '2024-10-01T00:00:00Z' },
      { n: 8099, start: '2024-10-01T00:00:00Z', end: '2025-01-01T00:00:00Z' },
    ]);
    expect(cycleLabel('quarterly', 8099)).toBe('2024-Q4');
    expect(cycleAt('quarterly', '2024-12-31T23:59:59Z').n).toBe(8099);
    expect(cycleAt('quarterly', '2025-01-01T00:00:00Z').n).toBe(8100);
    expect(cycleNumbered('quarterly', 8100).start).toBe('2025-01-01T00:00:00Z');
  });
  it('only quarters that start inside the range', () => {
    expect(cycles({ rhythm: 'quarterly', from: '2024-02-15', to: '2024-10-01' }).map((c) => c.n)).toEqual([8097, 8098]);
  });
});

describe('bad input', () => {
  it('refuses malformed dates, empty and backwards ranges, unknown rhythms and huge ranges', () => {
    for (const bad of ['2024-02-30', '2023-02-29', '24-01-01', '2024-1-1', 'tomorrow', '', '2024-01-01T25:00:00Z', '2024-01-01T10:00']) {
      expect(() => parseInstant(bad, 'from'), bad).toThrow(AuditInputError);
    }
    expect(parseInstant('2024-02-29', 'from').toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(parseInstant('2024-01-11T13:57:00+02:00', 'from').toISOString()).toBe('2024-01-11T11:57:00.000Z');
    expect(() => cycles({ rhythm: 'lunar', from: '2024-01-01', to: '2024-01-01' })).toThrow(/before/);
    expect(() => cycles({ rhythm: 'lunar', from: '2025-01-01', to: '2024-01-01' })).toThrow(AuditInputError);
    expect(() => cycles({ rhythm: 'weekly' as never, from: '2024-01-01', to: '2025-01-01' })).toThrow(/lunar or quarterly/);
    expect(() => cycles({ rhythm: 'quarterly', from: '1000-01-01', to: '9000-01-01' })).toThrow(/range too long/);
  });
});

describe('bounds', () => {
  it('cycle numbers and instants are kept to the years 1–9999', () => {
    expect(() => cycleNumbered('lunar', 10_000_000)).toThrow(/between the years 1 and 9999/);
    expect(() => cycleNumbered('quarterly', 4 * 10_000)).toThrow(/outside the years 1 to 9999/);
    expect(() => cycleAt('lunar', new Date(8.64e15))).toThrow(AuditInputError);
    expect(() => cycleAt('lunar', new Date(NaN))).toThrow(/not a valid instant/);
    expect(cycleNumbered('quarterly', 4 * 9999 + 2).start).toBe('9999-07-01T00:00:00Z');
    expect(() => cycles({ rhythm: 'quarterly', from: '9999-10-01', to: '9999-12-31' })).toThrow(AuditInputError);
  });
});

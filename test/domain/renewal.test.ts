/**
 * Renewal cadence and re-signature text (src/domain/renewal.ts): calendar arithmetic checked
 * against dates worked by hand, the strict text format, and the scheduler's choice of what is due.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addMonths,
  parseRenewalSignatureText,
  renewalDueAt,
  renewalLapsesAt,
  renewalSignatureText,
  renewalsDue,
  renewalsLapsed,
  RenewalTextError,
  type RenewalState,
} from '../../src/domain/renewal.js';

const d = (s: string) => new Date(s);

describe('cadence', () => {
  it('months clamp to the end of a shorter month, from the ratification each time', () => {
    const r = d('2027-01-31T12:00:00Z');
    expect(addMonths(r, 1).toISOString()).toBe('2027-02-28T12:00:00.000Z');
    expect(renewalDueAt(r, { every: 1, unit: 'months' }, 1).toISOString()).toBe('2027-02-28T12:00:00.000Z');
    // not Feb 28 + 1 month = Mar 28: computed from Jan 31
    expect(renewalDueAt(r, { every: 1, unit: 'months' }, 2).toISOString()).toBe('2027-03-31T12:00:00.000Z');
    expect(renewalDueAt(d('2028-01-31T00:00:00Z'), { every: 1, unit: 'months' }, 1).toISOString()).toBe('2028-02-29T00:00:00.000Z');
    expect(renewalDueAt(r, { every: 6, unit: 'months' }, 2).toISOString()).toBe('2028-01-31T12:00:00.000Z');
  });

  it('years are twelve months: Feb 29 + 1 year is Feb 28, + 4 years is Feb 29', () => {
    const leap = d('2028-02-29T08:30:00Z');
    expect(renewalDueAt(leap, { every: 1, unit: 'years' }, 1).toISOString()).toBe('2029-02-28T08:30:00.000Z');
    expect(renewalDueAt(leap, { every: 1, unit: 'years' }, 4).toISOString()).toBe('2032-02-29T08:30:00.000Z');
    expect(renewalDueAt(d('2026-11-25T10:00:00Z'), { every: 2, unit: 'years' }, 1).toISOString()).toBe('2028-11-25T10:00:00.000Z');
  });

  it('moons are mean synodic months of 29.530588853 days', () => {
    const r = d('2026-01-01T00:00:00Z');
    // 13 × 29.530588853 d = 383.897655089 d = 383 d 21 h 32 min 37.4 s
    expect(renewalDueAt(r, { every: 13, unit: 'moons' }, 1).toISOString()).toBe('2027-01-19T21:32:37.400Z');
    expect(renewalDueAt(r, { every: 1, unit: 'moons' }, 13).getTime()).toBe(renewalDueAt(r, { every: 13, unit: 'moons' }, 1).getTime());
  });

  it('a renewal lapses 30 days after it is due', () => {
    expect(renewalLapsesAt(d('2027-02-28T12:00:00Z')).toISOString()).toBe('2027-03-30T12:00:00.000Z');
  });

  it('due dates strictly increase with the renewal number, whatever the cadence', () => {
    fc.assert(
      fc.property(
        fc.date({ min: d('2000-01-01'), max: d('2100-01-01'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 100 }),
        fc.constantFrom('moons' as const, 'months' as const, 'years' as const),
        fc.integer({ min: 1, max: 50 }),
        (from, every, unit, n) => renewalDueAt(from, { every, unit }, n + 1).getTime() > renewalDueAt(from, { every, unit }, n).getTime(),
      ),
    );
  });
});

describe('what is due', () => {
  const base: RenewalState = { alliance: 'a', version: 2, ratifiedAt: d('2026-01-15T00:00:00Z'), cadence: { every: 1, unit: 'years' }, latest: null };

  it('opens the first renewal at its due time, not a moment before', () => {
    expect(renewalsDue(d('2027-01-14T23:59:59Z'), [base])).toEqual([]);
    expect(renewalsDue(d('2027-01-15T00:00:00Z'), [base])).toEqual([
      { alliance: 'a', version: 2, number: 1, dueAt: d('2027-01-15T00:00:00Z'), lapsesAt: d('2027-02-14T00:00:00Z') },
    ]);
  });

  it('opens the next only after the last was published; never after a lapse or while one is open', () => {
    const late = d('2030-01-01T00:00:00Z');
    const at = (status: 'open' | 'published' | 'lapsed') => ({ ...base, latest: { number: 1, status, lapsesAt: d('2027-02-14T00:00:00Z') } });
    expect(renewalsDue(late, [at('open')])).toEqual([]);
    expect(renewalsDue(late, [at('lapsed')])).toEqual([]);
    expect(renewalsDue(late, [at('published')]).map((r) => r.number)).toEqual([2]);
  });

  it('lapses only open renewals whose grace has ended', () => {
    const rs = [
      { id: 1, status: 'open', lapsesAt: d('2027-02-14T00:00:00Z') },
      { id: 2, status: 'published', lapsesAt: d('2027-02-14T00:00:00Z') },
      { id: 3, status: 'open', lapsesAt: d('2027-03-01T00:00:00Z') },
    ];
    expect(renewalsLapsed(d('2027-02-14T00:00:00Z'), rs).map((r) => r.id)).toEqual([1]);
  });
});

describe('renewal signature text', () => {
  const subject = { alliance: 'sur-norte', version: 3, renewal: 2, sha256: 'ab'.repeat(32) };

  it('is five lines with its own header and round-trips', () => {
    const text = renewalSignatureText(subject);
    expect(text).toBe(`daylight covenant renewal v1\nalliance sur-norte\nversion 3\nrenewal 2\nsha256 ${'ab'.repeat(32)}\n`);
    expect(parseRenewalSignatureText(text)).toEqual(subject);
  });

  it('refuses every other form', () => {
    const good = renewalSignatureText(subject);
    const bad = [
      good.slice(0, -1), // no final newline
      good.replace('renewal v1', 'renewal v2'),
      good.replace('daylight covenant renewal v1\n', 'daylight covenant v1\n'), // a ratification header
      good.replace('version 3', 'version 03'),
      good.replace('renewal 2', 'renewal 0'),
      good.replace('alliance sur-norte', 'alliance Sur'),
      good.replace('sha256 ab', 'sha256 AB'),
      good.replace('version 3', 'version  3'),
      good + 'extra\n',
      good.replace('\nrenewal 2', ''),
    ];
    for (const t of bad) expect(() => parseRenewalSignatureText(t)).toThrow(RenewalTextError);
  });
});

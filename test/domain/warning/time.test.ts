/**
 * domain/warning/time.ts and rational.ts: the fast UTC reader agrees with the audit domain's full
 * parser (property), refuses days that do not exist; decimal text of exact fractions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInstant } from '../../../src/domain/audit/index.js';
import { instantMs } from '../../../src/domain/warning/time.js';
import { decimalText, parseDecimal, rational } from '../../../src/domain/warning/rational.js';
import { WarningInputError } from '../../../src/domain/warning/index.js';

describe('instants', () => {
  it('reads every UTC instant and date as the full parser does', () => {
    const ms = fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) });
    fc.assert(
      fc.property(ms, fc.constantFrom('instant', 'seconds', 'date'), (t, form) => {
        const full = new Date(t).toISOString();
        const s = form === 'instant' ? full : form === 'seconds' ? full.replace(/\.\d{3}Z$/, 'Z') : full.slice(0, 10);
        expect(instantMs(s, 'x')).toBe(parseInstant(s, 'x').getTime());
      }),
    );
  });

  it('refuses days that do not exist, by either path', () => {
    expect(instantMs('2024-02-29', 'x')).toBe(Date.UTC(2024, 1, 29));
    expect(instantMs('2000-02-29T12:00:00Z', 'x')).toBe(Date.UTC(2000, 1, 29, 12));
    for (const bad of ['2023-02-29', '1900-02-29', '2024-04-31', '2024-13-01', '2024-01-01T24:00:00Z', '2024-01-01T10:00:00+25:00'])
      expect(() => instantMs(bad, 'x'), bad).toThrow(WarningInputError);
    expect(instantMs('2024-01-01T10:00:00+02:00', 'x')).toBe(Date.UTC(2024, 0, 1, 8));
  });
});

describe('decimal text of fractions', () => {
  it('is exact when the expansion ends, rounded half away from zero to 2 places otherwise', () => {
    expect(decimalText(rational(-40n))).toEqual({ text: '-40', exact: true });
    expect(decimalText(rational(1n, 8n))).toEqual({ text: '0.125', exact: true });
    expect(decimalText(rational(-100n, 3n))).toEqual({ text: '-33.33', exact: false });
    expect(decimalText(rational(2n, 3n))).toEqual({ text: '0.67', exact: false });
    expect(decimalText(rational(-1n, 8n), 2, 2)).toEqual({ text: '-0.13', exact: false });
    expect(decimalText(rational(-1n, 1000n), 2, 2)).toEqual({ text: '0', exact: false });
    expect(decimalText(parseDecimal('10000.00') as ReturnType<typeof rational>)).toEqual({ text: '10000', exact: true });
  });
});

import { describe, expect, it } from 'vitest';
import { formatInstant, formatNumber, shellQuote } from '../../src/http/views/format.js';
import { LOCALES } from '../../src/i18n/index.js';

describe('view formatting', () => {
  it('formats an instant in UTC in every locale, and passes through what is not a date', () => {
    for (const l of LOCALES) expect(formatInstant(l, '2025-03-29T10:58:00.000Z')).toMatch(/2025|٢٠٢٥/);
    expect(formatInstant('en', '2025-03-29T23:30:00.000Z')).toContain('29');
    expect(formatInstant('en', 'not a date')).toBe('not a date');
  });

  it('formats numbers by locale', () => {
    expect(formatNumber('en', 1234567)).toBe('1,234,567');
    expect(formatNumber('fr', 1234567).replace(/\s/gu, ' ')).toBe('1 234 567');
  });

  it('quotes shell words only when needed, safely', () => {
    expect(shellQuote('http://host/archive/')).toBe('http://host/archive/');
    expect(shellQuote('example.org/log+1a2b3c4d+AbC/+=')).toBe('example.org/log+1a2b3c4d+AbC/+=');
    expect(shellQuote("it's; rm -rf ~")).toBe(`'it'\\''s; rm -rf ~'`);
  });
});

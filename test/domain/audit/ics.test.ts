/**
 * iCalendar feed (RFC 5545): CRLF lines of at most 75 octets, folding that never splits a UTF-8
 * character and unfolds back to the original (§3.1), TEXT escaping (§3.3.11), stable UIDs, and
 * output that is a pure function of the arguments.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fold, ics, text } from '../../../src/domain/audit/ics.js';
import { cycles } from '../../../src/domain/audit/cycles.js';
import { AuditInputError } from '../../../src/domain/audit/errors.js';

const unfold = (s: string) => s.replace(/\r\n[ \t]/g, '');
const lunar = cycles({ rhythm: 'lunar', from: '2024-01-01', to: '2024-03-01' });
const base = { name: 'Alliance of the Rivers: audits', uidDomain: 'daylight.example.org', stamp: '2024-01-01T00:00:00Z', rhythm: 'lunar' as const };

describe('ics', () => {
  it('a calendar with one VEVENT per cycle, stable UIDs and UTC times', () => {
    const out = ics(lunar, base);
    expect(out.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Daylight//Audit cycles//EN\r\n')).toBe(true);
    expect(out.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(out.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(out).toContain('\r\nUID:lunar-1250@daylight.example.org\r\nDTSTAMP:20240101T000000Z\r\nDTSTART:20240111T115');
    expect(out).toContain('SUMMARY:Lunar audit: lunation 1251\r\n');
    expect(out).toContain('NAME:Alliance of the Rivers: audits\r\n');
    expect(out.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // CRLF only, no bare LF or CR
  });

  it('is a pure function of its arguments', () => {
    expect(ics(lunar, base)).toBe(ics(cycles({ rhythm: 'lunar', from: '2024-01-01', to: '2024-03-01' }), { ...base }));
    expect(ics(lunar, { ...base, stamp: '2024-01-02T00:00:00Z' })).not.toBe(ics(lunar, base));
  });

  it('extra events: escaped text, folded lines, URL kept as is', () => {
    const description = 'Scorecards due; feedback open, see the page\nSecond line with a back\\slash and ünïcödé ' + 'ا'.repeat(60);
    const out = ics(lunar, {
      ...base,
      events: [{ uid: 'due-1250@daylight.example.org', start: '2024-02-01T00:00:00Z', summary: 'Scorecards due, lunation 1250', description, url: 'https://daylight.example.org/a/rivers/cycles/1250' }],
    });
    for (const line of out.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    const flat = unfold(out);
    expect(flat).toContain('SUMMARY:Scorecards due\\, lunation 1250\r\n');
    expect(flat).toContain(`DESCRIPTION:${text(description)}\r\n`);
    expect(text(description)).toContain('Scorecards due\\; feedback open\\, see the page\\nSecond line with a back\\\\slash');
    expect(flat).toContain('URL:https://daylight.example.org/a/rivers/cycles/1250\r\n');
    expect(flat).toContain('DTSTART:20240201T000000Z\r\nDTEND:20240201T000000Z');
  });

  it('folding: at most 75 octets a line, whole UTF-8 characters, unfolds to the original', () => {
    fc.assert(
      // U+FFFD in the output means a character was cut in two, so inputs must not hold one already
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }).filter((s) => !s.includes('\uFFFD')), (s) => {
        const line = 'DESCRIPTION:' + text(s);
        const folded = fold(line);
        for (const part of folded.split('\r\n')) {
          expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
          expect(part).not.toContain('\uFFFD');
        }
        expect(unfold(folded)).toBe(line);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a bad stamp, uid domain, event time or URL', () => {
    expect(() => ics(lunar, { ...base, stamp: 'yesterday' })).toThrow(AuditInputError);
    expect(() => ics(lunar, { ...base, uidDomain: 'has space' })).toThrow(/host name/);
    expect(() => ics(lunar, { ...base, events: [{ uid: 'x', start: 'soon', summary: 's' }] })).toThrow(/event x start/);
    expect(() => ics(lunar, { ...base, events: [{ uid: 'x', start: '2024-01-01T00:00:00Z', summary: 's', url: 'a b' }] })).toThrow(/url/);
  });
});

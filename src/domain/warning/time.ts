/**
 * Instants for the warning domain. Time is always an argument (a Date or an ISO string); this
 * module only parses and does day arithmetic. A day is exactly 86,400,000 ms of UTC: a corrective
 * window of 30 days ends 30 × 86,400,000 ms after the warning, whatever the calendar says.
 */
import { AuditInputError, parseInstant } from '../audit/index.js';
import { WarningInputError } from './errors.js';

export const DAY_MS = 86_400_000;

// The common UTC forms, read without building a Date (evaluating a large alliance parses
// hundreds of thousands of them); anything else goes through the audit domain's full parser.
const UTC_FORM = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{3}))?Z)?$/;

function fastUtc(s: string): number | null {
  const m = UTC_FORM.exec(s);
  if (m === null) return null;
  const [y, mo, d, h = 0, mi = 0, sec = 0, ms = 0] = m.slice(1).map((x) => (x === undefined ? undefined : Number(x))) as number[];
  if (y === undefined || mo === undefined || d === undefined || y < 1000 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec > 59) return null;
  if (d > monthLength(y, mo)) return null;
  return Date.UTC(y, mo - 1, d, h, mi, sec, ms);
}

const LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function monthLength(y: number, mo: number): number {
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return mo === 2 && leap ? 29 : (LENGTHS[mo - 1] as number);
}

/** Milliseconds since the epoch of a Date or of a date / ISO instant string; bad input is refused. */
export function instantMs(value: Date | string, what: string): number {
  let d: Date;
  if (typeof value === 'string') {
    const fast = fastUtc(value);
    if (fast !== null) return fast;
  }
  if (value instanceof Date) d = value;
  else if (typeof value === 'string') {
    try {
      d = parseInstant(value, what);
    } catch (e) {
      if (e instanceof AuditInputError) throw new WarningInputError(e.message);
      throw e;
    }
  } else throw new WarningInputError(`${what}: expected a date (YYYY-MM-DD) or an ISO instant, got ${typeof value}`);
  const t = d.getTime();
  if (!Number.isFinite(t)) throw new WarningInputError(`${what}: not a valid instant`);
  return t;
}

/** ISO-8601 UTC with milliseconds, as Date#toISOString writes it. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Whole days from `from` to `to` (floor), for to ≥ from. */
export function wholeDays(fromMs: number, toMs: number): number {
  if (toMs < fromMs) throw new Error('wholeDays: time ran backwards');
  return Math.floor((toMs - fromMs) / DAY_MS);
}

/**
 * Instants for the warning domain. Time is always an argument (a Date or an ISO string); this
 * module only parses and does day arithmetic. A day is exactly 86,400,000 ms of UTC: a corrective
 * window of 30 days ends 30 × 86,400,000 ms after the warning, whatever the calendar says.
 */
import { AuditInputError, parseInstant } from '../audit/index.js';
import { WarningInputError } from './errors.js';

export const DAY_MS = 86_400_000;

/** Milliseconds since the epoch of a Date or of a date / ISO instant string; bad input is refused. */
export function instantMs(value: Date | string, what: string): number {
  let d: Date;
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

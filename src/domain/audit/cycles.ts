/**
 * Audit cycles (issue 4 §1): lunar cycles from one true astronomical new moon to the next, or
 * calendar quarters, all in UTC.
 *
 * Lunar: a new moon is the instant the Moon's geocentric ecliptic longitude equals the Sun's
 * (phase angle 0°), found with astronomy-engine's SearchMoonPhase(0, …); its own tests hold it to
 * 1.5 min of USNO. Cycle n starts at new moon n and ends at new moon n + 1. n is the Brown
 * lunation number (lunation 1 began at the new moon of 1923-01-17), so a cycle's number never
 * depends on the range it was asked for: lunation 1250 began 2024-01-11T11:57Z.
 *   mean new moon (Meeus, Astronomical Algorithms ch. 49): JDE = 2451550.09766 + 29.530588861·k
 *   Brown number n = k + 953   (k = 0 is the new moon of 2000-01-06)
 * Each true new moon is searched for in a 6-day window around its mean instant (the true one is
 * within ~15 h of it), so new moon n is computed the same way whatever range is asked for.
 * Instants are rounded to whole seconds.
 *
 * Quarterly: cycle n runs from the first instant of a calendar quarter (UTC) to the next, with
 *   n = 4·year + (quarter − 1)    e.g. 2024-Q1 → 8096; year = ⌊n/4⌋, quarter = n mod 4 + 1
 * so consecutive quarters have consecutive numbers, as consecutive lunations do (the reciprocal
 * assignment rotation relies on that).
 *
 * Test: test/domain/audit/cycles.test.ts against USNO tables (testdata/new-moons.txt).
 */
import { SearchMoonPhase } from 'astronomy-engine';
import { AuditInputError } from './errors.js';

export type Rhythm = 'lunar' | 'quarterly';
export const RHYTHMS: readonly Rhythm[] = ['lunar', 'quarterly'];

/** One audit cycle: [start, end) as ISO-8601 UTC instants with whole seconds. */
export interface Cycle {
  n: number;
  start: string;
  end: string;
}

/** A bound on untrusted ranges: about 190 years of moons or 600 years of quarters. */
export const MAX_CYCLES = 2400;

const DAY_MS = 86_400_000;
const SYNODIC_MS = 29.530588861 * DAY_MS;
// JDE 2451550.09766 as Unix milliseconds (JD 2440587.5 is the Unix epoch); TT − UTC (~1 min)
// does not matter here: the mean instant only chooses which new moon to search for.
const MEAN_EPOCH_MS = (2451550.09766 - 2440587.5) * DAY_MS;
const BROWN_OFFSET = 953;
const SEARCH_BEFORE_MS = 3 * DAY_MS;
const SEARCH_DAYS = 6;
const YEAR_1_MS = new Date(0).setUTCFullYear(1, 0, 1); // not Date.UTC, which reads year 1 as 1901
const YEAR_10000_MS = Date.UTC(10000, 0, 1);

export function isRhythm(value: unknown): value is Rhythm {
  return value === 'lunar' || value === 'quarterly';
}

/** Every cycle whose start lies in [from, to), in order. */
export function cycles(input: { rhythm: Rhythm; from: Date | string; to: Date | string }): Cycle[] {
  const from = toMs(input.from, 'from');
  const to = toMs(input.to, 'to');
  if (!(from < to)) throw new AuditInputError('"from" must be before "to"');
  if (input.rhythm === 'lunar') return lunarCycles(from, to);
  if (input.rhythm === 'quarterly') return quarterlyCycles(from, to);
  throw new AuditInputError(`unknown rhythm "${String(input.rhythm)}": use lunar or quarterly`);
}

/** The cycle that contains the instant: start ≤ instant < end. */
export function cycleAt(rhythm: Rhythm, instant: Date | string): Cycle {
  const t = toMs(instant, 'instant');
  if (rhythm === 'lunar') {
    let k = Math.round((t - MEAN_EPOCH_MS) / SYNODIC_MS);
    while (newMoonMs(k) > t) k--;
    while (newMoonMs(k + 1) <= t) k++;
    return lunation(k);
  }
  if (rhythm === 'quarterly') return quarter(quarterIndexOf(t));
  throw new AuditInputError(`unknown rhythm "${String(rhythm)}": use lunar or quarterly`);
}

/** The cycle numbered n (a Brown lunation number, or 4·year + quarter − 1). */
export function cycleNumbered(rhythm: Rhythm, n: number): Cycle {
  if (!Number.isSafeInteger(n)) throw new AuditInputError(`cycle number must be a whole number, got ${n}`);
  if (rhythm === 'lunar') return lunation(checkedLunation(n - BROWN_OFFSET));
  inYears(quarterStartMs(n), `cycle ${n}`);
  inYears(quarterStartMs(n + 1) - 1, `cycle ${n}`);
  return quarter(n);
}

/** A short human name: "lunation 1250" or "2024-Q1". */
export function cycleLabel(rhythm: Rhythm, n: number): string {
  if (rhythm === 'lunar') return `lunation ${n}`;
  return `${Math.floor(n / 4)}-Q${(((n % 4) + 4) % 4) + 1}`;
}

function lunarCycles(from: number, to: number): Cycle[] {
  let k = Math.floor((from - MEAN_EPOCH_MS) / SYNODIC_MS) - 1;
  let start = newMoonMs(k);
  while (start < from) start = newMoonMs(++k);
  const out: Cycle[] = [];
  while (start < to) {
    guardCount(out.length);
    const end = newMoonMs(k + 1);
    out.push({ n: k + BROWN_OFFSET, start: iso(start), end: iso(end) });
    k++;
    start = end;
  }
  return out;
}

/** Lunations of the years 1–9999 only: beyond, the ephemeris is not meant to be used. */
function checkedLunation(k: number): number {
  const t = MEAN_EPOCH_MS + k * SYNODIC_MS;
  if (!(t > YEAR_1_MS && t < YEAR_10000_MS)) throw new AuditInputError(`no lunation ${k + BROWN_OFFSET} between the years 1 and 9999`);
  return k;
}

function lunation(k: number): Cycle {
  return { n: k + BROWN_OFFSET, start: iso(newMoonMs(k)), end: iso(newMoonMs(k + 1)) };
}

/**
 * The true new moon of Meeus lunation k, in Unix milliseconds rounded to the second. The search
 * costs about a millisecond and pages ask for the same few lunations again and again, so each
 * answer is kept (a bounded number: a few centuries of moons).
 */
function newMoonMs(k: number): number {
  const known = newMoons.get(k);
  if (known !== undefined) return known;
  const mean = MEAN_EPOCH_MS + k * SYNODIC_MS;
  const found = SearchMoonPhase(0, new Date(mean - SEARCH_BEFORE_MS), SEARCH_DAYS);
  // The true new moon is always within hours of the mean one: not finding it is a bug.
  if (found === null) throw new Error(`no new moon within ${SEARCH_DAYS} days of lunation ${k}`);
  const ms = Math.round(found.date.getTime() / 1000) * 1000;
  if (newMoons.size >= MAX_NEW_MOONS) newMoons.clear();
  newMoons.set(k, ms);
  return ms;
}

const MAX_NEW_MOONS = 5000;
const newMoons = new Map<number, number>();

function quarterlyCycles(from: number, to: number): Cycle[] {
  let q = quarterIndexOf(from);
  if (quarterStartMs(q) < from) q++;
  const out: Cycle[] = [];
  for (; quarterStartMs(q) < to; q++) {
    guardCount(out.length);
    out.push(quarter(q));
  }
  return out;
}

function quarter(n: number): Cycle {
  return { n, start: iso(quarterStartMs(n)), end: iso(quarterStartMs(n + 1)) };
}

function quarterIndexOf(t: number): number {
  const d = new Date(t);
  return d.getUTCFullYear() * 4 + Math.floor(d.getUTCMonth() / 3);
}

function quarterStartMs(n: number): number {
  const year = Math.floor(n / 4);
  const d = new Date(0);
  d.setUTCFullYear(year, (n - year * 4) * 3, 1); // setUTCFullYear: years 0–99 stay literal
  return d.getTime();
}

function guardCount(count: number): void {
  if (count >= MAX_CYCLES) {
    throw new AuditInputError(`range too long: more than ${MAX_CYCLES} cycles; ask for a shorter range`);
  }
}

function iso(ms: number): string {
  inYears(ms, 'a cycle boundary');
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses a date (YYYY-MM-DD, taken as 00:00 UTC) or an ISO-8601 instant with Z or an offset.
 * Anything else, or a day that does not exist (2023-02-29), is bad input naming `what`.
 */
export function parseInstant(value: string, what: string): Date {
  const bad = () =>
    new AuditInputError(`${what}: "${value}" is not a date; use YYYY-MM-DD or an ISO instant such as 2024-01-11T11:57:00Z`);
  const d = DATE_RE.exec(value);
  const i = d ? null : INSTANT_RE.exec(value);
  const parts = d ?? i;
  if (!parts) throw bad();
  const [y, mo, da] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const check = new Date(0);
  check.setUTCFullYear(y, mo - 1, da);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== da) throw bad();
  if (d) return check;
  const [h, mi, s] = [Number(parts[4]), Number(parts[5]), Number(parts[6] ?? '0')];
  if (h > 23 || mi > 59 || s > 59) throw bad();
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw bad();
  return new Date(ms);
}

function toMs(value: Date | string, what: string): number {
  const d = typeof value === 'string' ? parseInstant(value, what) : value;
  const t = d instanceof Date ? d.getTime() : NaN;
  if (!Number.isFinite(t)) throw new AuditInputError(`${what}: not a valid instant`);
  return inYears(t, what);
}

function inYears(t: number, what: string): number {
  if (!(t >= YEAR_1_MS && t < YEAR_10000_MS)) throw new AuditInputError(`${what}: outside the years 1 to 9999`);
  return t;
}

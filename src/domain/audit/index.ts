/**
 * Lunar audits, the pure part (issue 4): cycles, public lots, triads, reciprocal assignments and
 * rater agreement. No I/O, no clock, no randomness: time and the random sources are arguments,
 * so every decision can be re-run from what the archive holds. Bad input throws AuditInputError
 * with a one-line reason; any other Error is a bug.
 *
 * Cycles (cycles.ts) — lunar: true new moon to true new moon (astronomy-engine), n = Brown
 * lunation number (lunation 1250 began 2024-01-11T11:57Z); quarterly: calendar quarters in UTC,
 * n = 4·year + quarter − 1 (2024-Q1 = 8096). Consecutive cycles have consecutive n.
 *   cycles({ rhythm, from, to }): Cycle[]          every cycle whose start is in [from, to)
 *   cycleAt(rhythm, instant): Cycle                 the cycle with start ≤ instant < end
 *   cycleNumbered(rhythm, n): Cycle
 *   cycleLabel(rhythm, n): string                   "lunation 1250", "2024-Q1"
 *   parseInstant(text, what): Date                  YYYY-MM-DD (00:00 UTC) or an ISO instant
 *   Cycle = { n: number, start: string, end: string }   ISO-8601 UTC, whole seconds ("…Z")
 *
 * Calendar feed (ics.ts) — RFC 5545 text, byte-for-byte reproducible:
 *   ics(cycles, { name, uidDomain, stamp, rhythm, events? }): string
 *   IcsEvent = { uid, start, end?, summary, description?, url? }
 *   cycle UIDs are "<rhythm>-<n>@<uidDomain>"; stamp is every event's DTSTAMP.
 *
 * Public lottery (lottery.ts) — RFC 3797 §4 exactly:
 *   keyString(sources): string       numeric sources sorted, "N." each, "/" after each source;
 *                                    other text (a checkpoint root) kept as is with "%" → "%25",
 *                                    "/" → "%2F", then "/"; printable ASCII only
 *   draw({ sources, pool, select }): { position, name }[]     in the order drawn, position from 1
 *   drawIndexes(key, poolSize, select): number[]; lotteryDigest(key, i): Buffer (the MD5 of pick i)
 *
 * Triads (triads.ts) — by lot, rotating so nobody serves twice in a round, quotas kept:
 *   drawTriad({ members: { pseudonym, officeholder, eligible }[], servedThisRound, size,
 *               quotas: { officeholder? }, sources }): { triad, servedThisRound, newRound, key, order }
 *   Archive the sources, the eligible pool in pool order, servedThisRound, size and quotas, and the
 *   draw can be re-run; `order` is the full RFC 3797 ordering of the eligible pool.
 *
 * Reciprocal assignments (assignments.ts):
 *   assignments({ parties, cycle, reviewers = 2, kind? }): { reviewer, reviewee }[]
 *   up to 6 parties all-to-all (self-reviews included); above, each party is reviewed by k others,
 *   rotating so every ordered pair meets within ⌈(N−1)/k⌉ consecutive cycles.
 *
 * Agreement (alpha.ts) — Krippendorff's alpha (coincidence matrix), observers × units, null missing:
 *   alpha(data, 'nominal' | 'ordinal' | 'interval'): number | null   (null: undefined, no variation)
 *   coincidences(data): { values, o, n, total }
 *   For a scorecard: one row per triad member, one column per dimension, ratings 0–4, 'ordinal'.
 *
 * Re-running a draw needs only what the archive holds; the CLI does it without a database:
 *   daylight cycles --rhythm lunar|quarterly --from DATE --to DATE [--json|--ics]
 *   daylight draw --source "…" [--source "…"]... --pool FILE --select K [--json]
 */
export { AuditInputError } from './errors.js';
export {
  cycles,
  cycleAt,
  cycleNumbered,
  cycleLabel,
  parseInstant,
  isRhythm,
  RHYTHMS,
  MAX_CYCLES,
  type Cycle,
  type Rhythm,
} from './cycles.js';
export { ics, type IcsEvent, type IcsOptions } from './ics.js';
export { keyString, draw, drawIndexes, lotteryDigest, checkPool, MAX_POOL, type Drawn } from './lottery.js';
export { drawTriad, type TriadMember, type TriadQuotas, type TriadDrawInput, type TriadDraw } from './triads.js';
export { assignments, rotationOffsets, ALL_TO_ALL_MAX, type Assignment, type AssignmentKind } from './assignments.js';
export { alpha, coincidences, type Level, type Rating, type Coincidences } from './alpha.js';

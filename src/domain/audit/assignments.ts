/**
 * Reciprocal review assignments for one cycle (issue 4 §2): every party reviews and is reviewed.
 *
 *   all-to-all (default up to 6 parties): every party's triad reviews every party, itself
 *     included (self-reviews are published too): N² assignments.
 *   rotating (default above 6): each party is reviewed by k others (k = reviewers, default 2).
 *     With parties numbered 0..N−1 in the given order and cycle number c, for j in 0..k−1:
 *       offset_j = ((c·k + j) mod (N − 1)) + 1          ∈ 1..N−1
 *       reviewer = (reviewee + offset_j) mod N
 *     Within a cycle the k offsets are distinct (k ≤ N − 1) and each is a bijection of the
 *     parties, so every party reviews exactly k and is reviewed by exactly k, never itself.
 *     Over m consecutive cycles the offsets are m·k consecutive residues mod N − 1, so with
 *     m = ⌈(N − 1)/k⌉ every offset, hence every ordered pair (reviewer ≠ reviewee), occurs.
 *
 * Cycle numbers are consecutive (Brown lunations, or 4·year + quarter − 1; see cycles.ts), so
 * the rotation continues from one cycle to the next. The party order must be stable from cycle
 * to cycle (e.g. the order parties joined the alliance).
 *
 * Test: test/domain/audit/assignments.test.ts (property test up to N = 200, k = 1..5).
 */
import { AuditInputError } from './errors.js';

export type AssignmentKind = 'all-to-all' | 'rotating';

export interface Assignment {
  reviewer: string;
  reviewee: string;
}

export const ALL_TO_ALL_MAX = 6;
export const MAX_PARTIES = 10_000;

export function assignments(input: {
  parties: readonly string[];
  cycle: number;
  reviewers?: number;
  kind?: AssignmentKind;
}): Assignment[] {
  const { parties, cycle } = input;
  checkParties(parties);
  if (!Number.isSafeInteger(cycle)) throw new AuditInputError(`cycle must be a whole number, got ${cycle}`);
  const kind = input.kind ?? (parties.length <= ALL_TO_ALL_MAX ? 'all-to-all' : 'rotating');
  if (kind === 'all-to-all') return parties.flatMap((reviewer) => parties.map((reviewee) => ({ reviewer, reviewee })));
  if (kind !== 'rotating') throw new AuditInputError(`unknown assignment kind "${String(kind)}": use all-to-all or rotating`);
  return rotating(parties, cycle, input.reviewers ?? 2);
}

/** The offsets of cycle c: ((c·k + j) mod (N − 1)) + 1 for j in 0..k−1. */
export function rotationOffsets(parties: number, cycle: number, k: number): number[] {
  const m = parties - 1;
  // c·k can leave the safe integers only for absurd cycle numbers: reduce c first.
  const base = (((cycle % m) + m) % m) * k;
  return Array.from({ length: k }, (_, j) => ((base + j) % m) + 1);
}

function rotating(parties: readonly string[], cycle: number, k: number): Assignment[] {
  const n = parties.length;
  if (n < 2) throw new AuditInputError('rotating review needs at least 2 parties');
  if (!Number.isSafeInteger(k) || k < 1 || k > n - 1) {
    throw new AuditInputError(`reviewers per party must be between 1 and ${n - 1} (parties − 1), got ${k}`);
  }
  const offsets = rotationOffsets(n, cycle, k);
  return parties.flatMap((reviewee, r) => offsets.map((off) => ({ reviewer: parties[(r + off) % n]!, reviewee })));
}

function checkParties(parties: readonly string[]): void {
  if (!Array.isArray(parties) || parties.length === 0) throw new AuditInputError('no parties: an alliance has at least one');
  if (parties.length > MAX_PARTIES) throw new AuditInputError(`at most ${MAX_PARTIES} parties`);
  const seen = new Set<string>();
  for (const p of parties) {
    if (typeof p !== 'string' || p === '') throw new AuditInputError('a party has an empty name');
    if (seen.has(p)) throw new AuditInputError(`party "${p}" is listed twice`);
    seen.add(p);
  }
}

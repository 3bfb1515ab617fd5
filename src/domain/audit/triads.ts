/**
 * Triads by public lot, rotating (issue 4 §3). The procedure, exactly, so anyone can re-run a
 * draw from what is archived (the sources, the eligible pool in pool order, the round's served
 * set, the size and the quotas):
 *
 *   1. eligible = the members with eligible = true, in pool order. servedThisRound is read as
 *      its intersection with eligible (members who left or became ineligible drop out of it).
 *   2. order = the full RFC 3797 ordering of `eligible` (lottery.ts, select = |eligible|).
 *   3. candidates = the members of `order` who have not served this round, in drawn order,
 *      followed by those who have, in drawn order.
 *   4. Walk the candidates, taking each one unless taking them would break a quota (at most
 *      quotas.officeholder officeholders), until the triad has `size` members.
 *   5. If the triad was filled before the walk reached anyone who has served this round, the
 *      round goes on: served' = served ∪ triad. Otherwise a new round began during this draw
 *      (too few remained, or those who remained could not fill it within the quotas): the ones
 *      left over were drawn first, the rest came from the fresh round, and served' = triad.
 *
 * Invariants (property-tested in test/domain/audit/triads.test.ts): nobody serves twice in a
 * round; a round ends only when fewer remain than a triad needs, or when quotas keep those who
 * remain from filling it; every triad keeps the quotas. Unsatisfiable quotas (fewer eligible
 * non-officeholders than size − quota) are bad input, refused before anything is drawn.
 */
import { AuditInputError } from './errors.js';
import { draw, keyString } from './lottery.js';

export interface TriadMember {
  pseudonym: string;
  officeholder: boolean;
  eligible: boolean;
}

export interface TriadQuotas {
  /** At most this many officeholders in one triad. */
  officeholder?: number;
}

export interface TriadDrawInput {
  /** All members, in pool order (the order the archive lists them). */
  members: readonly TriadMember[];
  /** Pseudonyms who have served in the current round. */
  servedThisRound: ReadonlySet<string> | readonly string[];
  size: number;
  quotas?: TriadQuotas;
  sources: readonly (string | readonly string[])[];
}

export interface TriadDraw {
  /** The triad's pseudonyms, in the order taken. */
  triad: string[];
  /** The round state after this draw: who has served in the (possibly new) round, pool order. */
  servedThisRound: string[];
  /** True when a new round began with this draw. */
  newRound: boolean;
  /** The RFC 3797 key string and the full drawn ordering of the eligible pool, for the archive. */
  key: string;
  order: string[];
}

export function drawTriad(input: TriadDrawInput): TriadDraw {
  const eligible = eligibleMembers(input.members);
  const size = checkSize(input.size, eligible.length);
  const maxOfficeholders = checkQuotas(input.quotas, size, eligible);
  const key = keyString(input.sources);
  const served = new Set([...input.servedThisRound].filter((p) => eligible.some((m) => m.pseudonym === p)));
  const byName = new Map(eligible.map((m) => [m.pseudonym, m]));
  const order = draw({ sources: input.sources, pool: eligible.map((m) => m.pseudonym), select: eligible.length }).map((d) => d.name);
  const candidates = [...order.filter((p) => !served.has(p)), ...order.filter((p) => served.has(p))];

  const triad: string[] = [];
  let officeholders = 0;
  let newRound = false;
  for (const p of candidates) {
    if (triad.length === size) break;
    const member = byName.get(p)!;
    if (member.officeholder && officeholders >= maxOfficeholders) continue;
    if (served.has(p)) newRound = true;
    triad.push(p);
    if (member.officeholder) officeholders++;
  }
  // checkQuotas guaranteed enough members who fit: a short triad here is a bug.
  if (triad.length !== size) throw new Error(`triad of ${triad.length}, expected ${size}`);
  const next = newRound ? new Set(triad) : new Set([...served, ...triad]);
  return { triad, servedThisRound: eligible.map((m) => m.pseudonym).filter((p) => next.has(p)), newRound, key, order };
}

function eligibleMembers(members: readonly TriadMember[]): TriadMember[] {
  if (!Array.isArray(members)) throw new AuditInputError('members must be a list');
  const seen = new Set<string>();
  for (const m of members) {
    if (seen.has(m.pseudonym)) throw new AuditInputError(`pseudonym "${m.pseudonym}" appears twice among the members`);
    seen.add(m.pseudonym);
  }
  return members.filter((m) => m.eligible);
}

function checkSize(size: number, eligible: number): number {
  if (!Number.isSafeInteger(size) || size < 1) throw new AuditInputError(`triad size must be a whole number of at least 1, got ${size}`);
  if (eligible < size) throw new AuditInputError(`only ${eligible} eligible members, fewer than the triad size ${size}`);
  return size;
}

function checkQuotas(quotas: TriadQuotas | undefined, size: number, eligible: readonly TriadMember[]): number {
  const max = quotas?.officeholder ?? size;
  if (!Number.isSafeInteger(max) || max < 0) throw new AuditInputError(`the officeholder quota must be a whole number of at least 0, got ${max}`);
  const others = eligible.filter((m) => !m.officeholder).length;
  const officeholders = eligible.length - others;
  if (others + Math.min(max, officeholders) < size) {
    throw new AuditInputError(
      `a triad of ${size} with at most ${max} officeholder(s) needs ${size - Math.min(max, officeholders)} eligible members who hold no office; there are ${others}`,
    );
  }
  return max;
}

/**
 * Decisions by the covenant's rule (issue 5 §3; covenant/schema.ts, DecisionRule): whether a
 * proposal about one party's standing (warn, restore, disengage, dismiss) is adopted, counting
 * the recorded votes of the OTHER parties. A party never votes on its own standing.
 *
 * Voters: eligible = the covenant's parties except the subject. Each vote is { party, choice,
 * at } with choice for | against | abstain. Votes after `now` are not counted (they do not exist
 * yet: a decision can be re-tallied as of any past moment); a vote before the proposal opened,
 * by the subject, or by a non-party is refused. When a party voted more than once, its latest
 * vote counts (two votes of one party at one instant are refused: which one counts is unclear).
 *
 * Rules (F = for, A = against, B = abstain, S = silent, N = |eligible|):
 *   unanimous            adopted ⇔ S = 0, A = 0 and F ≥ 1 (an abstention stands aside, as in
 *                        consensus practice; it does not block); rejected ⇔ A ≥ 1, or everyone
 *                        abstained; pending otherwise
 *   majority             adopted ⇔ 2F > N (more than half of all eligible parties, not of those
 *                        voting); rejected ⇔ 2(F + S) ≤ N (a majority can no longer be reached);
 *                        pending otherwise
 *   consent-by-silence   the objection window is [openedAt, closesAt), closesAt = openedAt +
 *                        days × 86 400 000 ms. An objection is an "against" vote cast within it.
 *                        rejected ⇔ an objection; adopted ⇔ no objection and (now ≥ closesAt, or
 *                        every eligible party voted for: nobody is left to object); pending
 *                        otherwise. Votes cast at or after closesAt change nothing.
 */
import type { Exit } from '../covenant/index.js';
import { WarningInputError } from './errors.js';
import { DAY_MS, instantMs, iso } from './time.js';

export type Choice = 'for' | 'against' | 'abstain';
export const CHOICES: readonly Choice[] = ['for', 'against', 'abstain'];

export interface Vote {
  party: string;
  choice: Choice;
  at: string;
}

export type DecisionRule = Exit['decisionRule'];
export type TallyStatus = 'adopted' | 'rejected' | 'pending';

export interface TallyInput {
  rule: DecisionRule;
  /** the covenant's parties */
  parties: readonly string[];
  /** the party whose standing is decided */
  subject: string;
  openedAt: Date | string;
  votes: readonly Vote[];
  now: Date | string;
}

export interface Tally {
  status: TallyStatus;
  rule: DecisionRule['kind'];
  eligible: string[];
  for: string[];
  against: string[];
  abstain: string[];
  silent: string[];
  /** consent-by-silence: when the objection window closes; null for the other rules */
  closesAt: string | null;
  /** what the count means, for pages in any language; `reason` says it in English */
  why: TallyWhy;
  /** one English line: the count and what it means */
  reason: string;
}

/** Why a tally stands where it does. */
export type TallyWhy =
  | { code: 'objection-blocks' | 'waiting-for-all' | 'nobody-for' | 'unanimous' | 'objection-raised' | 'all-consented' }
  | { code: 'majority-adopted' | 'majority-unreachable' | 'majority-pending'; needed: number }
  | { code: 'silence-closed' | 'silence-open'; days: number };

/** The English line of a tally's `why`, as records and the CLI give it. */
export function whyInEnglish(why: TallyWhy): string {
  switch (why.code) {
    case 'objection-blocks':
      return 'an objection blocks a unanimous decision';
    case 'waiting-for-all':
      return 'waiting for every other party';
    case 'nobody-for':
      return 'nobody voted for';
    case 'unanimous':
      return 'adopted';
    case 'majority-adopted':
      return `adopted (${why.needed} needed)`;
    case 'majority-unreachable':
      return `${why.needed} needed and no longer reachable`;
    case 'majority-pending':
      return `${why.needed} needed`;
    case 'objection-raised':
      return 'an objection was raised within the window';
    case 'silence-closed':
      return `adopted: no objection within ${why.days} days`;
    case 'all-consented':
      return 'adopted: every other party consented';
    case 'silence-open':
      return `open for objections for ${why.days} days`;
  }
}

/** Refuses a vote that can never count: by the subject itself, by a non-party, or malformed. */
export function checkVote(vote: Vote, parties: readonly string[], subject: string): void {
  if (typeof vote !== 'object' || vote === null || typeof vote.party !== 'string') throw new WarningInputError('vote: expected { party, choice, at }');
  if (vote.party === subject) throw new WarningInputError(`${subject} cannot vote on its own standing: only the other parties decide`);
  if (!parties.includes(vote.party))
    throw new WarningInputError(`${vote.party.slice(0, 63)} is not a party to this covenant: only ${parties.filter((p) => p !== subject).join(', ')} vote on ${subject}`);
  if (!CHOICES.includes(vote.choice)) throw new WarningInputError(`vote of ${vote.party}: choose for, against or abstain, not "${String(vote.choice).slice(0, 20)}"`);
  instantMs(vote.at, `vote of ${vote.party}: at`);
}

export function tally(input: TallyInput): Tally {
  const { parties, subject } = input;
  if (!parties.includes(subject)) throw new WarningInputError(`${subject} is not a party to this covenant: there is no standing to decide`);
  const openedMs = instantMs(input.openedAt, 'openedAt');
  const nowMs = instantMs(input.now, 'now');
  if (nowMs < openedMs) throw new WarningInputError('now is before the proposal opened');
  const eligible = parties.filter((p) => p !== subject);
  const latest = latestVotes(input.votes, parties, subject, openedMs, nowMs);
  const rule = input.rule;
  switch (rule.kind) {
    case 'unanimous':
      return count(rule.kind, eligible, latest, null, unanimous);
    case 'majority':
      return count(rule.kind, eligible, latest, null, majority);
    case 'consent-by-silence': {
      if (!Number.isSafeInteger(rule.days) || rule.days < 1) throw new WarningInputError('consent-by-silence needs a whole number of days from 1');
      const closesMs = openedMs + rule.days * DAY_MS;
      const within = new Map([...latest].filter(([, v]) => v.ms < closesMs));
      return count(rule.kind, eligible, within, iso(closesMs), (c) => silence(c, nowMs >= closesMs, rule.days));
    }
    default:
      throw new WarningInputError(`unknown decision rule "${String((rule as { kind: unknown }).kind)}"`);
  }
}

interface Counted {
  ms: number;
  choice: Choice;
}

function latestVotes(votes: readonly Vote[], parties: readonly string[], subject: string, openedMs: number, nowMs: number): Map<string, Counted> {
  if (!Array.isArray(votes)) throw new WarningInputError('votes: expected a list');
  const latest = new Map<string, Counted>();
  for (const v of votes) {
    checkVote(v, parties, subject);
    const ms = instantMs(v.at, `vote of ${v.party}: at`);
    if (ms < openedMs) throw new WarningInputError(`vote of ${v.party} at ${v.at} is before the proposal opened`);
    if (ms > nowMs) continue;
    const before = latest.get(v.party);
    if (before !== undefined && before.ms === ms) throw new WarningInputError(`${v.party} voted twice at ${v.at}: keep one vote per instant`);
    if (before === undefined || before.ms < ms) latest.set(v.party, { ms, choice: v.choice });
  }
  return latest;
}

interface Counts {
  n: number;
  f: number;
  a: number;
  b: number;
  s: number;
}

function count(kind: DecisionRule['kind'], eligible: string[], votes: Map<string, Counted>, closesAt: string | null, decide: (c: Counts) => [TallyStatus, TallyWhy]): Tally {
  const by = (choice: Choice) => eligible.filter((p) => votes.get(p)?.choice === choice);
  const t = { for: by('for'), against: by('against'), abstain: by('abstain'), silent: eligible.filter((p) => !votes.has(p)) };
  const [status, why] = decide({ n: eligible.length, f: t.for.length, a: t.against.length, b: t.abstain.length, s: t.silent.length });
  const tallyText = `${t.for.length} for, ${t.against.length} against, ${t.abstain.length} abstaining, ${t.silent.length} silent of ${eligible.length}`;
  return { status, rule: kind, eligible, ...t, closesAt, why, reason: `${kind}: ${tallyText}; ${whyInEnglish(why)}` };
}

function unanimous(c: Counts): [TallyStatus, TallyWhy] {
  if (c.a > 0) return ['rejected', { code: 'objection-blocks' }];
  if (c.s > 0) return ['pending', { code: 'waiting-for-all' }];
  if (c.f === 0) return ['rejected', { code: 'nobody-for' }];
  return ['adopted', { code: 'unanimous' }];
}

function majority(c: Counts): [TallyStatus, TallyWhy] {
  const needed = Math.floor(c.n / 2) + 1;
  if (2 * c.f > c.n) return ['adopted', { code: 'majority-adopted', needed }];
  if (2 * (c.f + c.s) <= c.n) return ['rejected', { code: 'majority-unreachable', needed }];
  return ['pending', { code: 'majority-pending', needed }];
}

function silence(c: Counts, closed: boolean, days: number): [TallyStatus, TallyWhy] {
  if (c.a > 0) return ['rejected', { code: 'objection-raised' }];
  if (closed) return ['adopted', { code: 'silence-closed', days }];
  if (c.f === c.n) return ['adopted', { code: 'all-consented' }];
  return ['pending', { code: 'silence-open', days }];
}

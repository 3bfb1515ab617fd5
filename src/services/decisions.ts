/**
 * Decisions on a party's standing (issue 5 §3): warn, dismiss, restore, disengage — "by the
 * covenant's rule (unanimous, majority, consent-by-silence) over the other parties' recorded
 * votes". A party proposes; each other party votes in the open (a `vote` record); when the tally
 * (domain/warning/decisions.ts) says adopted, the same transaction runs the decision through
 * the state machine (standing.ts), and the proposal closes with its tally in a `decision` record.
 * Consent-by-silence closes by itself when its window ends: the scheduler calls settleDue.
 *
 * A proposal the state machine could never accept (restore before every benchmark is met,
 * disengage before a warning) is refused when proposed, with the machine's own reason, so no
 * one votes on something that cannot happen. Benchmarks without a threshold are met by a party
 * recording them with evidence (kept private) while the window is open.
 */
import type { Transaction } from 'kysely';
import type { Ctx } from './context.js';
import { UserError } from './context.js';
import type { Actor } from './actor.js';
import type { Database, ProposalStatus } from '../store/schema.js';
import { unitOfWork, type Append } from './unit-of-work.js';
import { toIndex } from '../store/log.js';
import { decisionRecord, voteRecord } from '../domain/public.js';
import { checkVote, tally, transition, WarningInputError, DECISIONS, CHOICES, type Choice, type DecisionKind, type Tally, type Vote } from '../domain/warning/index.js';
import type { Covenant } from '../domain/covenant/index.js';
import { currentParty, findAlliance, lockAlliance, type AllianceRow } from './alliances.js';
import { covenantInForce } from './observations.js';
import { requirePartyActor } from './covenants.js';
import { advance, loadStanding, type Party } from './standing.js';
import { requireOrgRole } from './organizations.js';

type Trx = Transaction<Database>;
type Db = Trx | Ctx['db'];

export const MAX_BENCHMARK_EVIDENCE = 4000;

export interface ProposalView {
  alliance: string;
  proposal: number;
  party: string;
  decision: DecisionKind;
  openedBy: string | null;
  openedAt: string;
  status: ProposalStatus;
  closedAt: string | null;
  reason: string | null;
  votes: Vote[];
  tally: Tally | null;
  index: number | null;
}

/** The party the actor speaks for: `by` if given (and allowed), else the local operator's null. */
async function speaker(trx: Trx, actor: Actor, alliance: AllianceRow, by: string | undefined, subject: Party | null): Promise<Party | null> {
  if (by === undefined) {
    if (actor.kind === 'local') return null;
    // An account speaks for the one party it is an admin or delegate of (other than the subject).
    const rows = await trx
      .selectFrom('membership')
      .innerJoin('alliance_party', 'alliance_party.organization_id', 'membership.organization_id')
      .innerJoin('organization', 'organization.id', 'membership.organization_id')
      .select(['organization.id', 'organization.slug'])
      .where('membership.account_id', '=', actor.accountId)
      .where('membership.role', 'in', ['admin', 'delegate'])
      .where('alliance_party.alliance_id', '=', alliance.id)
      .where('alliance_party.left_at', 'is', null)
      .execute();
    const mine = rows.map((r) => ({ id: toIndex(r.id), slug: r.slug })).filter((p) => p.id !== subject?.id);
    if (mine.length === 1) return mine[0]!;
    if (mine.length === 0) throw new UserError(`forbidden: only an admin or delegate of another party to ${alliance.slug} may do this`, 'forbidden');
    throw new UserError(`you speak for ${mine.map((p) => p.slug).join(' and ')}: say which party acts (by)`);
  }
  const p = await currentParty(trx, alliance, by, 'the party that acts');
  await requireOrgRole(trx, actor, p.id, p.slug, ['admin', 'delegate']);
  return p;
}

function checkDecision(d: unknown): DecisionKind {
  if (typeof d !== 'string' || !(DECISIONS as readonly string[]).includes(d)) throw new UserError(`decision: choose ${DECISIONS.join(', ')}`);
  return d as DecisionKind;
}

// ---------------------------------------------------------------- propose

export async function proposeDecision(ctx: Ctx, actor: Actor, input: { alliance: string; party: string; decision: string; by?: string }): Promise<ProposalView> {
  const at = ctx.now();
  const decision = checkDecision(input.decision);
  return unitOfWork(ctx, async (trx, append) => {
    const alliance = await lockAlliance(trx, ctx.dialect, input.alliance);
    const covenant = await covenantInForce(trx, alliance);
    const subject = await currentParty(trx, alliance, input.party, 'the party whose standing is decided');
    const by = await speaker(trx, actor, alliance, input.by, subject);
    if (by !== null && by.id === subject.id) throw new UserError(`${subject.slug} cannot propose a decision on its own standing: only the other parties decide`);
    // Would the machine accept this decision if every other party voted for it? If not, say why now.
    const state = await loadStanding(trx, alliance.id, subject);
    const iso = at.toISOString();
    const everyone = covenant.parties.filter((p) => p !== subject.slug).map((party) => ({ party, choice: 'for' as const, at: iso }));
    const trial = transition(state, { kind: 'decision', decision, openedAt: iso, votes: everyone }, covenant, at);
    if ('error' in trial) throw new UserError(trial.error, 'conflict');
    const open = await trx
      .selectFrom('proposal')
      .select('id')
      .where('alliance_id', '=', alliance.id)
      .where('organization_id', '=', subject.id)
      .where('decision', '=', decision)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (open !== undefined) throw new UserError(`a proposal to ${decision} ${subject.slug} is already open (proposal ${toIndex(open.id)}): vote on it`, 'conflict');
    const row = await trx
      .insertInto('proposal')
      .values({ alliance_id: alliance.id, organization_id: subject.id, decision, opened_by: by?.id ?? null, opened_at: iso, status: 'open', closed_at: null, reason: null, record_index: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = toIndex(row.id);
    const [rec] = await append([
      decisionRecord(at, { alliance: alliance.slug, party: subject.slug, proposal: id, decision, status: 'open', openedBy: by?.slug ?? null, rule: covenant.exit.decisionRule.kind, tally: null, reason: null }),
    ]);
    await trx.updateTable('proposal').set({ record_index: rec!.index }).where('id', '=', id).execute();
    return loadProposal(trx, alliance, id, covenant, at);
  });
}

// ---------------------------------------------------------------- vote

export interface VoteResult {
  proposal: ProposalView;
  index: number;
  /** the standing transition when the vote decided it */
  transition: { from: string; to: string; reason: string; index: number } | null;
}

export async function castVote(ctx: Ctx, actor: Actor, input: { alliance: string; proposal: number; party?: string; choice: string }): Promise<VoteResult> {
  const at = ctx.now();
  if (typeof input.choice !== 'string' || !(CHOICES as readonly string[]).includes(input.choice)) throw new UserError(`vote: choose ${CHOICES.join(', ')}`);
  const choice = input.choice as Choice;
  return unitOfWork(ctx, async (trx, append) => {
    const alliance = await lockAlliance(trx, ctx.dialect, input.alliance);
    const covenant = await covenantInForce(trx, alliance);
    const p = await proposalRow(trx, alliance, input.proposal);
    const subject = { id: p.organizationId, slug: p.party };
    let voter: Party | null;
    if (input.party !== undefined) {
      if (input.party === subject.slug) throw new UserError(`${subject.slug} cannot vote on its own standing: only the other parties decide`);
      voter = await speaker(trx, actor, alliance, input.party, subject);
    } else voter = await speaker(trx, actor, alliance, undefined, subject);
    if (voter === null) throw new UserError('say which party votes (party)');
    if (p.status !== 'open') throw new UserError(`proposal ${p.id} is ${p.status}: votes are closed`, 'conflict');
    const vote: Vote = { party: voter.slug, choice, at: at.toISOString() };
    try {
      checkVote(vote, covenant.parties, subject.slug);
    } catch (e) {
      if (e instanceof WarningInputError) throw new UserError(e.message);
      throw e;
    }
    const votes = await votesOf(trx, p.id);
    if (votes.some((v) => v.party === voter.slug && v.at === vote.at)) throw new UserError(`${voter.slug} already voted at this instant: vote again later to change it`, 'conflict');
    const row = await trx.insertInto('vote').values({ proposal_id: p.id, organization_id: voter.id, choice, at: vote.at, record_index: null }).returning('id').executeTakeFirstOrThrow();
    const [rec] = await append([voteRecord(at, { alliance: alliance.slug, party: subject.slug, proposal: p.id, voter: voter.slug, choice })]);
    await trx.updateTable('vote').set({ record_index: rec!.index }).where('id', '=', toIndex(row.id)).execute();
    const transition = await settle(trx, append, alliance, covenant, p, [...votes, vote], at);
    return { proposal: await loadProposal(trx, alliance, p.id, covenant, at), index: rec!.index, transition };
  });
}

/** Closes the proposal when the tally is final: adopted (and carried out) or rejected. */
async function settle(trx: Trx, append: Append, alliance: AllianceRow, covenant: Covenant, p: ProposalRow, votes: Vote[], at: Date): Promise<VoteResult['transition']> {
  const t = tally({ rule: covenant.exit.decisionRule, parties: covenant.parties, subject: p.party, openedAt: p.openedAt, votes, now: at });
  if (t.status === 'pending') return null;
  const subject = { id: p.organizationId, slug: p.party };
  const iso = at.toISOString();
  let result: VoteResult['transition'] = null;
  let reason = t.reason;
  if (t.status === 'adopted') {
    const a = await advance(trx, append, { alliance, covenant, party: subject, event: { kind: 'decision', decision: p.decision, openedAt: p.openedAt, votes }, at, proposal: p.id });
    result = { from: a.from, to: a.to, reason: a.reason, index: a.index! };
    reason = a.reason;
  }
  // advance() voids open proposals made moot by a change of standing; this one closes as decided.
  await trx.updateTable('proposal').set({ status: t.status, closed_at: iso, reason }).where('id', '=', p.id).execute();
  const counts = { for: t.for.length, against: t.against.length, abstain: t.abstain.length, silent: t.silent.length, eligible: t.eligible.length };
  await append([
    decisionRecord(at, { alliance: alliance.slug, party: subject.slug, proposal: p.id, decision: p.decision, status: t.status, openedBy: p.openedBy, rule: t.rule, tally: counts, reason }),
  ]);
  return result;
}

/** Consent-by-silence proposals whose window has closed are settled (for the scheduler). */
export async function settleDue(ctx: Ctx): Promise<{ alliance: string; proposal: number; status: ProposalStatus }[]> {
  const at = ctx.now();
  const open = await ctx.db
    .selectFrom('proposal')
    .innerJoin('alliance', 'alliance.id', 'proposal.alliance_id')
    .select(['alliance.slug', 'proposal.id'])
    .where('proposal.status', '=', 'open')
    .orderBy('proposal.id')
    .execute();
  const out: { alliance: string; proposal: number; status: ProposalStatus }[] = [];
  for (const o of open) {
    const status = await unitOfWork(ctx, async (trx, append) => {
      const alliance = await lockAlliance(trx, ctx.dialect, o.slug);
      const covenant = await covenantInForce(trx, alliance);
      const p = await proposalRow(trx, alliance, toIndex(o.id));
      if (p.status !== 'open' || covenant.exit.decisionRule.kind !== 'consent-by-silence') return null;
      await settle(trx, append, alliance, covenant, p, await votesOf(trx, p.id), at);
      return (await proposalRow(trx, alliance, p.id)).status;
    });
    if (status !== null && status !== 'open') out.push({ alliance: o.slug, proposal: toIndex(o.id), status });
  }
  return out;
}

// ---------------------------------------------------------------- benchmarks

/**
 * A benchmark of the warning met, with evidence (PRIVATE: it stays in the transition row). The
 * restoration itself still needs a decision; this only marks the benchmark, within the window.
 */
export async function recordBenchmark(
  ctx: Ctx,
  actor: Actor,
  input: { alliance: string; party: string; benchmark: string; evidence: string },
): Promise<{ party: string; benchmark: string; reason: string; index: number }> {
  const at = ctx.now();
  const evidence = typeof input.evidence === 'string' ? input.evidence.trim() : '';
  if (evidence === '') throw new UserError('evidence: say what shows the benchmark is met (it stays private)');
  if (evidence.length > MAX_BENCHMARK_EVIDENCE) throw new UserError(`evidence: at most ${MAX_BENCHMARK_EVIDENCE} characters`);
  return unitOfWork(ctx, async (trx, append) => {
    const alliance = await lockAlliance(trx, ctx.dialect, input.alliance);
    const covenant = await covenantInForce(trx, alliance);
    const party = await currentParty(trx, alliance, input.party, 'the warned party');
    await requirePartyActor(trx, actor, alliance);
    if (typeof input.benchmark !== 'string' || input.benchmark === '') throw new UserError('name the benchmark that is met');
    const a = await advance(trx, append, { alliance, covenant, party, event: { kind: 'benchmark-met', benchmark: input.benchmark }, at, evidence });
    return { party: party.slug, benchmark: input.benchmark, reason: a.reason, index: a.index! };
  });
}

// ---------------------------------------------------------------- reading

interface ProposalRow {
  id: number;
  organizationId: number;
  party: string;
  decision: DecisionKind;
  openedBy: string | null;
  openedAt: string;
  status: ProposalStatus;
  closedAt: string | null;
  reason: string | null;
  index: number | null;
}

async function proposalRow(db: Db, alliance: AllianceRow, id: number): Promise<ProposalRow> {
  if (!Number.isSafeInteger(id) || id < 1) throw new UserError(`a proposal number is a whole number from 1, got ${String(id).slice(0, 20)}`);
  const r = await db
    .selectFrom('proposal')
    .innerJoin('organization as s', 's.id', 'proposal.organization_id')
    .leftJoin('organization as b', 'b.id', 'proposal.opened_by')
    .select(['proposal.id', 'proposal.organization_id', 's.slug as party', 'proposal.decision', 'b.slug as openedBy', 'proposal.opened_at', 'proposal.status', 'proposal.closed_at', 'proposal.reason', 'proposal.record_index'])
    .where('proposal.alliance_id', '=', alliance.id)
    .where('proposal.id', '=', id)
    .executeTakeFirst();
  if (r === undefined) throw new UserError(`${alliance.slug} has no proposal ${id}`, 'not_found');
  return {
    id: toIndex(r.id),
    organizationId: toIndex(r.organization_id),
    party: r.party,
    decision: r.decision,
    openedBy: r.openedBy ?? null,
    openedAt: r.opened_at,
    status: r.status,
    closedAt: r.closed_at,
    reason: r.reason,
    index: r.record_index === null ? null : toIndex(r.record_index),
  };
}

async function votesOf(db: Db, proposalId: number): Promise<Vote[]> {
  const rows = await db
    .selectFrom('vote')
    .innerJoin('organization', 'organization.id', 'vote.organization_id')
    .select(['organization.slug', 'vote.choice', 'vote.at'])
    .where('vote.proposal_id', '=', proposalId)
    .orderBy('vote.id')
    .execute();
  return rows.map((r) => ({ party: r.slug, choice: r.choice, at: r.at }));
}

async function loadProposal(db: Db, alliance: AllianceRow, id: number, covenant: Covenant, now: Date): Promise<ProposalView> {
  const p = await proposalRow(db, alliance, id);
  const votes = await votesOf(db, id);
  let t: Tally | null = null;
  try {
    t = tally({ rule: covenant.exit.decisionRule, parties: covenant.parties, subject: p.party, openedAt: p.openedAt, votes, now: p.closedAt ?? now });
  } catch (e) {
    if (!(e instanceof WarningInputError)) throw e; // a party that has left since: no tally to show
  }
  return { alliance: alliance.slug, proposal: p.id, party: p.party, decision: p.decision, openedBy: p.openedBy, openedAt: p.openedAt, status: p.status, closedAt: p.closedAt, reason: p.reason, votes, tally: t, index: p.index };
}

export async function getProposal(ctx: Ctx, alliance: string, id: number): Promise<ProposalView> {
  const a = await findAlliance(ctx.db, alliance);
  return loadProposal(ctx.db, a, id, await covenantInForce(ctx.db, a), ctx.now());
}

/** The alliance's proposals, newest first (optionally only open ones). */
export async function listProposals(ctx: Ctx, alliance: string, opts: { open?: boolean } = {}): Promise<ProposalView[]> {
  const a = await findAlliance(ctx.db, alliance);
  const covenant = await covenantInForce(ctx.db, a);
  let q = ctx.db.selectFrom('proposal').select('id').where('alliance_id', '=', a.id);
  if (opts.open) q = q.where('status', '=', 'open');
  const ids = await q.orderBy('id', 'desc').limit(500).execute();
  const out: ProposalView[] = [];
  for (const r of ids) out.push(await loadProposal(ctx.db, a, toIndex(r.id), covenant, ctx.now()));
  return out;
}

/**
 * Audit cycles (issue 4 §1–3): opening a cycle for an alliance, reading it back, and its
 * iCalendar feed.
 *
 * Opening, in one transaction (unitOfWork):
 *   1. the ratified covenant's audit section gives the rhythm (lunar or quarterly), triad size,
 *      officeholder quota, assignment rule, feedback window and dimensions; they are frozen in the
 *      cycle row, so a later covenant changes later cycles only;
 *   2. the cycle is the one containing `at` (default now): cycleAt(rhythm, at). Cycles open in
 *      order: one not after the latest opened is refused (rotation and reciprocity run forward);
 *   3. sources: the instance's latest signed checkpoint root (base64) — the archive as it stood
 *      when the cycle opened — then any public values the parties add (lottery results, a
 *      randomness beacon). They are appended as `draw-announced` BEFORE the draws' records. The
 *      checkpoint root is known to whoever opens the cycle a moment before the draw; a value
 *      published later by someone else (added with --source) closes that gap;
 *   4. assignments (domain assignments()): the covenant's all-to-all holds up to 6 parties; above
 *      6 it becomes rotating with k = 2 (issue 4 §2), and a covenant's rotating k is capped at
 *      N − 1 (every other party) when parties have left. Parties in slug order;
 *   5. each party's triad by lot (services/triads.ts), rotation state saved;
 *   6. one scorecard row per assignment (draft), records `triad` per party, then `cycle`.
 * A party with too few eligible members for a triad refuses the whole opening, naming the party.
 * Batched: the rows and records of a 200-party cycle go in a handful of statements (bench/audit.mjs).
 */
import type { Transaction } from 'kysely';
import type { Database, ScorecardStatus } from '../store/schema.js';
import type { Ctx } from './context.js';
import { UserError } from './context.js';
import type { Actor } from './actor.js';
import { unitOfWork } from './unit-of-work.js';
import { toIndex } from '../store/log.js';
import { cycleRecord, drawAnnouncedRecord, triadRecord } from '../domain/public.js';
import {
  ALL_TO_ALL_MAX,
  assignments as planAssignments,
  cycleAt,
  cycleLabel,
  cycleNumbered,
  cycles as cyclesBetween,
  ics,
  parseInstant,
  type Assignment,
  type Cycle,
  type IcsEvent,
  type Rhythm,
} from '../domain/audit/index.js';
import { DEFAULT_DIMENSIONS } from '../domain/audit/scorecard.js';
import { DIMENSIONS } from '../domain/covenant/template-text.js';
import { Audit, type Text } from '../domain/covenant/schema.js';
import { openNote, parseVerifierKey } from '../ledger/note.js';
import { parseCheckpoint } from '../ledger/checkpoint.js';
import { encodeBase64 } from '../ledger/base64.js';
import { currentParties, findAlliance, lockAlliance, type AllianceRow } from './alliances.js';
import { requirePartyActor } from './covenants.js';
import { asUserError, checkSources, drawTriads, insertMany, loadPools, loadRotations, saveTriads, type PartyDraw } from './triads.js';

type Trx = Transaction<Database>;
type Db = Trx | Ctx['db'];

export const MAX_ADDED_SOURCES = 16;

/** The covenant's audit rules as a cycle uses them (stored as JSON in audit_cycle.audit). */
export interface CycleAudit {
  rhythm: Rhythm;
  triadSize: number;
  officeholderQuota?: number;
  assignment: { kind: 'all-to-all' } | { kind: 'rotating'; reviewers: number };
  feedback: { open: boolean; windowDays: number };
  dimensions: { id: string; title: Text }[];
  /** the assignment rule applied to this cycle's parties (module comment, step 4) */
  applied?: { kind: 'all-to-all' | 'rotating'; reviewers?: number };
}

/** The audit section of a stored covenant body (read alone: the rest does not matter here). */
export function cycleAudit(body: string): CycleAudit {
  const parsed = Audit.safeParse((JSON.parse(body) as { audit?: unknown }).audit);
  // A ratified body was validated when drafted: an audit section that fails now is a bug.
  if (!parsed.success) throw new Error(`a stored covenant's audit section does not validate: ${parsed.error.issues[0]?.message}`);
  const a = parsed.data;
  const quota = a.quotas.filter((q) => q.role === 'officeholder').map((q) => q.max);
  const dimensions =
    a.dimensions && a.dimensions.length > 0
      ? a.dimensions.map((d) => ({ id: d.id, title: d.title }))
      : DEFAULT_DIMENSIONS.map((id) => ({ id, title: { original: 'en', text: { ...DIMENSIONS[id]! } } }));
  return {
    rhythm: a.rhythm,
    triadSize: a.triadSize,
    ...(quota.length > 0 ? { officeholderQuota: Math.min(...quota) } : {}),
    assignment: a.assignment,
    feedback: a.feedback,
    dimensions,
  };
}

/** The assignments of cycle n and the rule actually applied (see the module comment, step 4). */
export function assignmentsFor(parties: readonly string[], n: number, rule: CycleAudit['assignment']): { kind: 'all-to-all' | 'rotating'; reviewers?: number; list: Assignment[] } {
  if (parties.length === 1 || (rule.kind === 'all-to-all' && parties.length <= ALL_TO_ALL_MAX)) {
    return { kind: 'all-to-all', list: planAssignments({ parties, cycle: n, kind: 'all-to-all' }) };
  }
  const reviewers = Math.min(rule.kind === 'rotating' ? rule.reviewers : 2, parties.length - 1);
  return { kind: 'rotating', reviewers, list: planAssignments({ parties, cycle: n, kind: 'rotating', reviewers }) };
}

function assignmentOf(plan: { kind: 'all-to-all' | 'rotating'; reviewers?: number }): { kind: 'all-to-all' | 'rotating'; reviewers?: number } {
  return plan.reviewers === undefined ? { kind: plan.kind } : { kind: plan.kind, reviewers: plan.reviewers };
}

// ---------------------------------------------------------------- opening

export interface OpenCycleInput {
  alliance: string;
  /** an instant inside the cycle to open (default: now) */
  at?: Date | string;
  /** public random values the parties add after the checkpoint root, in order */
  sources?: readonly string[];
}

export interface TriadView {
  party: string;
  members: string[];
  newRound: boolean;
  key: string;
}

export interface CycleView {
  alliance: string;
  rhythm: Rhythm;
  n: number;
  label: string;
  start: string;
  end: string;
  openedAt: string;
  version: number;
  checkpoint: { size: number; root: string };
  sources: string[];
  assignment: { kind: 'all-to-all' | 'rotating'; reviewers?: number };
  dimensions: string[];
  assignments: { reviewer: string; reviewee: string; status: ScorecardStatus }[];
  triads: TriadView[];
}

interface RatifiedRow {
  id: number;
  number: number;
  body: string;
  ratifiedAt: string | null;
}

async function ratifiedCovenant(db: Db, alliance: AllianceRow): Promise<RatifiedRow> {
  const v = await db
    .selectFrom('covenant_version')
    .select(['id', 'number', 'body', 'ratified_at'])
    .where('alliance_id', '=', alliance.id)
    .where('status', '=', 'ratified')
    .executeTakeFirst();
  if (v === undefined) throw new UserError(`${alliance.slug} has no ratified covenant: audits follow the covenant's rules, ratify one first`, 'conflict');
  return { id: toIndex(v.id), number: toIndex(v.number), body: v.body, ratifiedAt: v.ratified_at };
}

function instantOf(at: Date | string | undefined, ctx: Ctx): Date {
  if (at === undefined) return ctx.now();
  if (at instanceof Date) return at;
  return asUserError(() => parseInstant(at, 'the instant'));
}

function checkAddedSources(sources: readonly string[] | undefined): string[] {
  const added = [...(sources ?? [])];
  if (added.length > MAX_ADDED_SOURCES) throw new UserError(`at most ${MAX_ADDED_SOURCES} added sources`);
  // The checkpoint root comes first; validate the added values in their final positions.
  checkSources(['checkpoint-root-placeholder', ...added]);
  return added.map((s) => s.trim());
}

/** The latest signed checkpoint's size and root (base64), checked against the instance key. */
async function checkpointSource(trx: Trx, ctx: Ctx): Promise<{ size: number; root: string }> {
  const row = await trx.selectFrom('checkpoint').select(['size', 'note']).orderBy('size', 'desc').limit(1).executeTakeFirst();
  if (row === undefined) throw new UserError('the archive has no signed checkpoint yet: open the instance once so it signs one', 'conflict');
  const c = parseCheckpoint(openNote(row.note, [parseVerifierKey(ctx.verifierKey)]).text);
  return { size: toIndex(row.size), root: encodeBase64(c.root) };
}

/** Everything an opening decides before it writes: read, checked and drawn inside the transaction. */
interface OpeningPlan {
  alliance: AllianceRow;
  version: RatifiedRow;
  audit: CycleAudit;
  cycle: Cycle;
  parties: { id: number; slug: string }[];
  assignment: { kind: 'all-to-all' | 'rotating'; reviewers?: number };
  assignments: Assignment[];
  checkpoint: { size: number; root: string };
  sources: string[];
  draws: PartyDraw[];
}

export async function openCycle(ctx: Ctx, actor: Actor, input: OpenCycleInput): Promise<CycleView> {
  const instant = instantOf(input.at, ctx);
  const added = checkAddedSources(input.sources);
  const at = ctx.now();
  return unitOfWork(ctx, async (trx, append) => {
    const plan = await planOpening(trx, ctx, actor, input.alliance, instant, added);
    await writeOpening(trx, at, plan);
    await append(openingRecords(at, plan));
    return openedView(at, plan);
  });
}

async function planOpening(trx: Trx, ctx: Ctx, actor: Actor, slug: string, instant: Date, added: string[]): Promise<OpeningPlan> {
  const alliance = await lockAlliance(trx, ctx.dialect, slug);
  await requirePartyActor(trx, actor, alliance);
  const version = await ratifiedCovenant(trx, alliance);
  const audit = cycleAudit(version.body);
  const cycle = asUserError(() => cycleAt(audit.rhythm, instant));
  await requireNext(trx, alliance, cycle.n, audit.rhythm);
  const parties = await currentParties(trx, alliance.id);
  const planned = asUserError(() => assignmentsFor(parties.map((p) => p.slug), cycle.n, audit.assignment));
  // The sources are fixed here, before anything is drawn: the archive as it stands, then the parties' values.
  const checkpoint = await checkpointSource(trx, ctx);
  const sources = [checkpoint.root, ...added];
  const draws = drawTriads({
    parties,
    pools: await loadPools(trx, parties.map((p) => p.id)),
    rotations: await loadRotations(trx, alliance.id),
    sources,
    size: audit.triadSize,
    officeholderQuota: audit.officeholderQuota,
  });
  return { alliance, version, audit, cycle, parties, assignment: assignmentOf(planned), assignments: planned.list, checkpoint, sources, draws };
}

/** The cycle row, the triads and rotation state, one draft scorecard per assignment. */
async function writeOpening(trx: Trx, at: Date, p: OpeningPlan): Promise<void> {
  const row = await trx
    .insertInto('audit_cycle')
    .values({
      alliance_id: p.alliance.id,
      version_id: p.version.id,
      rhythm: p.audit.rhythm,
      n: p.cycle.n,
      start_at: p.cycle.start,
      end_at: p.cycle.end,
      sources: JSON.stringify({ checkpoint: p.checkpoint, sources: p.sources }),
      audit: JSON.stringify({ ...p.audit, applied: p.assignment }),
      opened_at: at.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const cycleId = toIndex(row.id);
  const triadIds = await saveTriads(trx, at, p.alliance.id, cycleId, p.draws);
  const ids = new Map(p.parties.map((x) => [x.slug, x.id]));
  const cards = p.assignments.map((a) => ({
    cycle_id: cycleId,
    reviewer_id: ids.get(a.reviewer)!,
    reviewee_id: ids.get(a.reviewee)!,
    triad_id: triadIds.get(ids.get(a.reviewer)!)!,
    status: 'draft',
    lang: null,
    summary: null,
    documents: null,
    record_index: null,
    finalized_at: null,
  }));
  await insertMany(trx, 'scorecard', cards);
}

/** draw-announced, then one triad record per party, then the cycle with its assignments. */
function openingRecords(at: Date, p: OpeningPlan) {
  const base = { alliance: p.alliance.slug, cycle: p.cycle.n };
  const bounds = { rhythm: p.audit.rhythm, start: p.cycle.start, end: p.cycle.end };
  const quotas = p.audit.officeholderQuota === undefined ? {} : { officeholder: p.audit.officeholderQuota };
  return [
    drawAnnouncedRecord(at, { ...base, ...bounds, checkpoint: p.checkpoint, sources: p.sources }),
    ...p.draws.map((d) =>
      triadRecord(at, {
        ...base,
        party: d.party.slug,
        sources: d.sources,
        key: d.draw.key,
        pool: d.pool.filter((m) => m.eligible).map((m) => m.pseudonym),
        officeholders: d.pool.filter((m) => m.eligible && m.officeholder).map((m) => m.pseudonym),
        servedBefore: d.servedBefore,
        size: p.audit.triadSize,
        quotas,
        triad: d.draw.triad,
        newRound: d.draw.newRound,
      }),
    ),
    cycleRecord(at, { ...base, ...bounds, version: p.version.number, assignment: p.assignment, assignments: p.assignments }),
  ];
}

function openedView(at: Date, p: OpeningPlan): CycleView {
  return {
    alliance: p.alliance.slug,
    rhythm: p.audit.rhythm,
    n: p.cycle.n,
    label: cycleLabel(p.audit.rhythm, p.cycle.n),
    start: p.cycle.start,
    end: p.cycle.end,
    openedAt: at.toISOString(),
    version: p.version.number,
    checkpoint: p.checkpoint,
    sources: p.sources,
    assignment: p.assignment,
    dimensions: p.audit.dimensions.map((d) => d.id),
    assignments: p.assignments.map((a) => ({ ...a, status: 'draft' as const })),
    triads: p.draws.map((d) => ({ party: d.party.slug, members: d.draw.triad, newRound: d.draw.newRound, key: d.draw.key })),
  };
}

async function requireNext(trx: Trx, alliance: AllianceRow, n: number, rhythm: Rhythm): Promise<void> {
  const last = await trx.selectFrom('audit_cycle').select(['n', 'rhythm']).where('alliance_id', '=', alliance.id).orderBy('n', 'desc').limit(1).executeTakeFirst();
  if (last === undefined) return;
  const lastN = toIndex(last.n);
  if (last.rhythm === rhythm && n === lastN) throw new UserError(`${cycleLabel(rhythm, n)} of ${alliance.slug} is already open: see it with \`daylight cycle show\``, 'conflict');
  if (last.rhythm === rhythm && n < lastN) {
    throw new UserError(`${cycleLabel(rhythm, n)} is before the latest opened cycle (${cycleLabel(rhythm, lastN)}): cycles open in order`, 'conflict');
  }
}

// ---------------------------------------------------------------- reading

export interface CycleRow {
  id: number;
  allianceId: number;
  alliance: string;
  versionId: number;
  rhythm: Rhythm;
  n: number;
  start: string;
  end: string;
  openedAt: string;
  checkpoint: { size: number; root: string };
  sources: string[];
  audit: CycleAudit;
}

/** Cycle n of the alliance (default: the latest opened); 'not_found' saying what there is. */
export async function loadCycle(db: Db, alliance: AllianceRow, n?: number): Promise<CycleRow> {
  if (n !== undefined && !Number.isSafeInteger(n)) throw new UserError(`a cycle number is a whole number, got ${n}`);
  let q = db
    .selectFrom('audit_cycle')
    .select(['id', 'version_id', 'rhythm', 'n', 'start_at', 'end_at', 'opened_at', 'sources', 'audit'])
    .where('alliance_id', '=', alliance.id);
  q = n === undefined ? q.orderBy('n', 'desc').limit(1) : q.where('n', '=', n);
  const r = await q.executeTakeFirst();
  if (r === undefined) {
    throw new UserError(n === undefined ? `${alliance.slug} has no audit cycle yet: open one with \`daylight cycle open\`` : `${alliance.slug} has no open cycle ${n}`, 'not_found');
  }
  const s = JSON.parse(r.sources) as { checkpoint: { size: number; root: string }; sources: string[] };
  return {
    id: toIndex(r.id),
    allianceId: alliance.id,
    alliance: alliance.slug,
    versionId: toIndex(r.version_id),
    rhythm: r.rhythm,
    n: toIndex(r.n),
    start: r.start_at,
    end: r.end_at,
    openedAt: r.opened_at,
    checkpoint: s.checkpoint,
    sources: s.sources,
    audit: JSON.parse(r.audit) as CycleAudit,
  };
}

/** A cycle as the public sees it: bounds, sources, who reviews whom, the triads by pseudonym. */
export async function getCycle(ctx: Ctx, alliance: string, n?: number): Promise<CycleView> {
  const a = await findAlliance(ctx.db, alliance);
  const c = await loadCycle(ctx.db, a, n);
  const version = await ctx.db.selectFrom('covenant_version').select('number').where('id', '=', c.versionId).executeTakeFirstOrThrow();
  const triads = await ctx.db
    .selectFrom('triad')
    .innerJoin('organization', 'organization.id', 'triad.organization_id')
    .select(['triad.id', 'organization.slug', 'triad.new_round', 'triad.draw_key'])
    .where('triad.cycle_id', '=', c.id)
    .orderBy('organization.slug')
    .execute();
  const members = await ctx.db
    .selectFrom('triad_member')
    .innerJoin('triad', 'triad.id', 'triad_member.triad_id')
    .select(['triad_member.triad_id', 'triad_member.pseudonym'])
    .where('triad.cycle_id', '=', c.id)
    .orderBy('triad_member.triad_id')
    .orderBy('triad_member.position')
    .execute();
  const cards = await ctx.db
    .selectFrom('scorecard')
    .innerJoin('organization as reviewer', 'reviewer.id', 'scorecard.reviewer_id')
    .innerJoin('organization as reviewee', 'reviewee.id', 'scorecard.reviewee_id')
    .select(['reviewer.slug as reviewer', 'reviewee.slug as reviewee', 'scorecard.status'])
    .where('scorecard.cycle_id', '=', c.id)
    .orderBy('scorecard.id')
    .execute();
  return {
    alliance: a.slug,
    rhythm: c.rhythm,
    n: c.n,
    label: cycleLabel(c.rhythm, c.n),
    start: c.start,
    end: c.end,
    openedAt: c.openedAt,
    version: toIndex(version.number),
    checkpoint: c.checkpoint,
    sources: c.sources,
    assignment: c.audit.applied ?? { kind: c.audit.assignment.kind },
    dimensions: c.audit.dimensions.map((d) => d.id),
    assignments: cards.map((s) => ({ reviewer: s.reviewer, reviewee: s.reviewee, status: s.status })),
    triads: triads.map((t) => ({
      party: t.slug,
      members: members.filter((m) => toIndex(m.triad_id) === toIndex(t.id)).map((m) => m.pseudonym),
      newRound: Number(t.new_round) === 1,
      key: t.draw_key,
    })),
  };
}

// ---------------------------------------------------------------- calendar

const PAST_CYCLES = 3;
const NEXT_CYCLES = 13;
const DAY_MS = 86_400_000;

/**
 * The alliance's audit calendar (RFC 5545): the past 3 cycles, the current one and the next 13;
 * each cycle's scorecard due date (its end); feedback windows — for each published scorecard,
 * windowDays from its publication; for a cycle with nothing published yet, the window it will
 * have if published on the due date. DTSTAMP is the latest of the ratification and publications,
 * so the feed's bytes change only when its content does.
 */
export async function allianceCalendar(ctx: Ctx, alliance: string): Promise<string> {
  const a = await findAlliance(ctx.db, alliance);
  const version = await ratifiedCovenant(ctx.db, a);
  const audit = cycleAudit(version.body);
  const now = cycleAt(audit.rhythm, ctx.now());
  const from = cycleNumbered(audit.rhythm, now.n - PAST_CYCLES).start;
  const to = cycleNumbered(audit.rhythm, now.n + NEXT_CYCLES + 1).start;
  const list = cyclesBetween({ rhythm: audit.rhythm, from, to });
  const published = await ctx.db
    .selectFrom('scorecard')
    .innerJoin('audit_cycle', 'audit_cycle.id', 'scorecard.cycle_id')
    .innerJoin('organization as reviewer', 'reviewer.id', 'scorecard.reviewer_id')
    .innerJoin('organization as reviewee', 'reviewee.id', 'scorecard.reviewee_id')
    .select(['audit_cycle.n', 'reviewer.slug as reviewer', 'reviewee.slug as reviewee', 'scorecard.finalized_at'])
    .where('audit_cycle.alliance_id', '=', a.id)
    .where('scorecard.status', '=', 'published')
    .where('audit_cycle.n', '>=', list[0]!.n)
    .orderBy('scorecard.id')
    .execute();
  const uidDomain = uidDomainOf(ctx.origin);
  const events: IcsEvent[] = [];
  for (const c of list) {
    events.push({ uid: `due-${a.slug}-${audit.rhythm}-${c.n}@${uidDomain}`, start: c.end, summary: `${a.name}: scorecards due, ${cycleLabel(audit.rhythm, c.n)}` });
    if (!audit.feedback.open) continue;
    const mine = published.filter((p) => toIndex(p.n) === c.n && p.finalized_at !== null);
    for (const p of mine) {
      events.push({
        uid: `feedback-${a.slug}-${c.n}-${p.reviewer}-${p.reviewee}@${uidDomain}`,
        start: p.finalized_at!,
        end: plusDays(p.finalized_at!, audit.feedback.windowDays),
        summary: `${a.name}: feedback on ${p.reviewer}’s scorecard of ${p.reviewee}, ${cycleLabel(audit.rhythm, c.n)}`,
      });
    }
    if (mine.length === 0) {
      events.push({
        uid: `feedback-${a.slug}-${audit.rhythm}-${c.n}@${uidDomain}`,
        start: c.end,
        end: plusDays(c.end, audit.feedback.windowDays),
        summary: `${a.name}: feedback window, ${cycleLabel(audit.rhythm, c.n)} (if published on time)`,
      });
    }
  }
  const stamps = [version.ratifiedAt, ...published.map((p) => p.finalized_at)].filter((t): t is string => t !== null).sort();
  const stamp = stamps[stamps.length - 1] ?? list[0]!.start;
  return asUserError(() => ics(list, { name: `${a.name}: audits`, uidDomain, stamp, rhythm: audit.rhythm, events }));
}

function plusDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * DAY_MS).toISOString();
}

/** The host part of the instance origin ("example.org/daylight" → "example.org"), for event UIDs. */
function uidDomainOf(origin: string): string {
  const host = origin.split('/')[0] ?? '';
  return /^[A-Za-z0-9.-]{1,253}$/.test(host) ? host : 'daylight.invalid';
}

export type { Cycle };

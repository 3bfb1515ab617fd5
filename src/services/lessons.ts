/**
 * Lessons (issue 5 §6). "Every failed alliance is data… Analyze where early warning signs were
 * missed." A case study is assembled from what the archive already holds, never from anything
 * private:
 *
 *   draft     per party (or every party of the alliance): each covenant test with observations,
 *             read per audit cycle (domain seriesByCycle) with the cycle it first tripped in;
 *             the published scorecards' dimension medians per cycle; the decisions on the party's
 *             standing with their dates and tallies; the warnings with their windows and each
 *             benchmark's outcome; every standing transition; and the missed signals (domain
 *             missedSignals: an indicator moving toward its threshold for two cycles or more
 *             before the trip; a dimension rated "concern" or worse while nothing had tripped).
 *             Stored as canonical JSON ('daylight-lesson/1') in lesson.draft; not archived yet.
 *             When a party becomes disengaged, standing.ts calls draftOnDisengagement in the same
 *             transaction, so the draft exists the moment the exit protocol ends.
 *   edit      the title and the authors' analysis, while a draft.
 *   publish   the case study with its analysis rendered as canonical JSON and HTML documents, and
 *             one `lesson` record naming them with the count of missed signals. Final.
 *
 * The public line: the inputs are observation values and dates (public in `observation`
 * records), scorecard medians (public in `scorecard` records), decisions and votes counted (in
 * `decision` records) and the `standing` records themselves (standing_transition.detail). Evidence,
 * observation sources, member names and benchmark evidence are never read here.
 */
import type { Transaction } from 'kysely';
import type { Ctx } from './context.js';
import { UserError } from './context.js';
import type { Actor } from './actor.js';
import type { Database } from '../store/schema.js';
import { unitOfWork, type Append } from './unit-of-work.js';
import { toIndex } from '../store/log.js';
import { canonicalBytes } from '../ledger/jcs.js';
import { lessonRecord, type DocumentRef } from '../domain/public.js';
import { cycleAt, cycles as auditCycles, type Cycle, type Rhythm } from '../domain/audit/index.js';
import type { Covenant } from '../domain/covenant/index.js';
import { thresholdText } from '../domain/covenant/index.js';
import type { PublicScorecard } from '../domain/audit/scorecard.js';
import {
  missedSignals,
  seriesByCycle,
  tally,
  WarningInputError,
  type CycleReading,
  type DimensionRating,
  type Signal,
  type SignalSeries,
  type Vote,
} from '../domain/warning/index.js';
import { findAlliance, lockAlliance, type AllianceRow } from './alliances.js';
import { requirePartyActor, storeDocument } from './covenants.js';
import { covenantInForce, observationsOf } from './observations.js';
import { checkLine } from './organizations.js';
import type { Party } from './standing.js';
import { lessonHtmlDocument } from '../render/lesson.js';

type Trx = Transaction<Database>;
type Db = Trx | Ctx['db'];

export const LESSON_FORMAT = 'daylight-lesson/1';
export const LESSON_JSON = 'application/json';
export const LESSON_HTML = 'text/html; charset=utf-8';
export const MAX_TITLE = 200;
export const MAX_ANALYSIS = 20_000;
/** How far back a case study reads: about ten years of moons, or fifty of quarters. */
const MAX_BACK = 200;
const DAY = 86_400_000;

// ---------------------------------------------------------------- the case study

export interface IndicatorSeries {
  party: string;
  principle: string;
  /** the test's index within its principle */
  test: number;
  indicator: string;
  threshold: string;
  severity: string;
  tripCycle: number | null;
  readings: CycleReading[];
}

export interface ScorecardMedians {
  party: string;
  cycle: number;
  reviewer: string;
  dimensions: { id: string; median: number }[];
}

export interface DecisionEntry {
  party: string;
  proposal: number;
  decision: string;
  openedBy: string | null;
  openedAt: string;
  status: string;
  closedAt: string | null;
  reason: string | null;
  tally: { for: number; against: number; abstain: number; silent: number; eligible: number } | null;
}

export interface WarningEntry {
  party: string;
  issuedAt: string;
  windowDays: number;
  windowEnds: string;
  breaches: { principle: string | null; indicator: string; threshold: string }[];
  benchmarks: { id: string; metAt: string | null }[];
  /** how the corrective window ended: restored, disengaged, or still open */
  outcome: 'restored' | 'disengaged' | 'open';
  outcomeAt: string | null;
}

export interface TransitionEntry {
  party: string;
  at: string;
  event: string;
  from: string;
  to: string;
  reason: string;
  index: number | null;
}

export type MissedSignal = Signal & { party: string };

export interface CaseStudy {
  format: typeof LESSON_FORMAT;
  alliance: string;
  /** the party the lesson is about; null: the whole alliance */
  party: string | null;
  assembledAt: string;
  rhythm: Rhythm;
  cycles: Cycle[];
  indicators: IndicatorSeries[];
  scorecards: ScorecardMedians[];
  decisions: DecisionEntry[];
  warnings: WarningEntry[];
  transitions: TransitionEntry[];
  missedSignals: MissedSignal[];
}

/** The published form: the case study with its title and the authors' analysis. */
export interface PublishedLesson extends CaseStudy {
  lesson: number;
  title: string;
  analysis: string;
  publishedAt: string;
}

async function partiesOf(db: Db, alliance: AllianceRow, slug: string | undefined): Promise<Party[]> {
  let q = db
    .selectFrom('alliance_party')
    .innerJoin('organization', 'organization.id', 'alliance_party.organization_id')
    .select(['organization.id', 'organization.slug'])
    .where('alliance_party.alliance_id', '=', alliance.id);
  if (slug !== undefined) q = q.where('organization.slug', '=', slug);
  const rows = await q.orderBy('organization.slug').execute();
  if (slug !== undefined && rows.length === 0) throw new UserError(`"${slug.slice(0, 63)}" is not a party to ${alliance.slug}`, 'not_found');
  return rows.map((r) => ({ id: toIndex(r.id), slug: r.slug }));
}

/** The published scorecards about `party`, their medians per cycle (public in `scorecard` records). */
async function scorecardsOf(db: Db, alliance: AllianceRow, party: Party, rhythm: Rhythm): Promise<ScorecardMedians[]> {
  const rows = await db
    .selectFrom('scorecard')
    .innerJoin('audit_cycle', 'audit_cycle.id', 'scorecard.cycle_id')
    .select(['scorecard.summary'])
    .where('audit_cycle.alliance_id', '=', alliance.id)
    .where('audit_cycle.rhythm', '=', rhythm)
    .where('scorecard.reviewee_id', '=', party.id)
    .where('scorecard.status', '=', 'published')
    .orderBy('audit_cycle.n')
    .orderBy('scorecard.id')
    .execute();
  return rows
    .filter((r) => r.summary !== null)
    .map((r) => {
      const s = JSON.parse(r.summary!) as PublicScorecard;
      return { party: party.slug, cycle: s.cycle, reviewer: s.reviewer, dimensions: s.dimensions.map((d) => ({ id: d.id, median: d.median })) };
    });
}

async function decisionsOf(db: Db, alliance: AllianceRow, covenant: Covenant, party: Party, at: Date): Promise<DecisionEntry[]> {
  const rows = await db
    .selectFrom('proposal')
    .leftJoin('organization as b', 'b.id', 'proposal.opened_by')
    .select(['proposal.id', 'proposal.decision', 'b.slug as openedBy', 'proposal.opened_at', 'proposal.status', 'proposal.closed_at', 'proposal.reason'])
    .where('proposal.alliance_id', '=', alliance.id)
    .where('proposal.organization_id', '=', party.id)
    .orderBy('proposal.id')
    .execute();
  const out: DecisionEntry[] = [];
  for (const r of rows) {
    const id = toIndex(r.id);
    const votes = await db
      .selectFrom('vote')
      .innerJoin('organization', 'organization.id', 'vote.organization_id')
      .select(['organization.slug', 'vote.choice', 'vote.at'])
      .where('vote.proposal_id', '=', id)
      .orderBy('vote.id')
      .execute();
    let counts: DecisionEntry['tally'] = null;
    try {
      const v: Vote[] = votes.map((x) => ({ party: x.slug, choice: x.choice, at: x.at }));
      const t = tally({ rule: covenant.exit.decisionRule, parties: covenant.parties, subject: party.slug, openedAt: r.opened_at, votes: v, now: r.closed_at ?? at.toISOString() });
      counts = { for: t.for.length, against: t.against.length, abstain: t.abstain.length, silent: t.silent.length, eligible: t.eligible.length };
    } catch (e) {
      if (!(e instanceof WarningInputError)) throw e; // a party that has left since: no tally to show
    }
    out.push({ party: party.slug, proposal: id, decision: r.decision, openedBy: r.openedBy ?? null, openedAt: r.opened_at, status: r.status, closedAt: r.closed_at, reason: r.reason, tally: counts });
  }
  return out;
}

interface StoredEffect {
  kind: string;
  [k: string]: unknown;
}

/** The transitions as their `standing` records published them (the private evidence column is not read). */
async function transitionsOf(db: Db, alliance: AllianceRow, party: Party): Promise<{ entries: TransitionEntry[]; effects: StoredEffect[][] }> {
  const rows = await db
    .selectFrom('standing_transition')
    .select(['at', 'event', 'from_standing', 'to_standing', 'reason', 'detail', 'record_index'])
    .where('alliance_id', '=', alliance.id)
    .where('organization_id', '=', party.id)
    .orderBy('id')
    .execute();
  return {
    entries: rows.map((r) => ({ party: party.slug, at: r.at, event: r.event, from: r.from_standing, to: r.to_standing, reason: r.reason, index: r.record_index === null ? null : toIndex(r.record_index) })),
    effects: rows.map((r) => ((JSON.parse(r.detail) as { effects?: StoredEffect[] }).effects ?? []) as StoredEffect[]),
  };
}

/** Each warning with its window, its benchmarks as met (or not) and how the window ended. */
function warningsOf(party: string, transitions: TransitionEntry[], effects: StoredEffect[][]): WarningEntry[] {
  const out: WarningEntry[] = [];
  let current: WarningEntry | null = null;
  transitions.forEach((t, i) => {
    for (const e of effects[i] ?? []) {
      if (e.kind === 'publish-warning') {
        current = {
          party,
          issuedAt: String(e.issuedAt),
          windowDays: Number(e.windowDays),
          windowEnds: String(e.windowEnds),
          breaches: (e.breaches as WarningEntry['breaches']) ?? [],
          benchmarks: ((e.benchmarks as string[]) ?? []).map((id) => ({ id, metAt: null })),
          outcome: 'open',
          outcomeAt: null,
        };
        out.push(current);
      } else if (e.kind === 'record-benchmark' && current !== null) {
        const b = current.benchmarks.find((x) => x.id === e.benchmark);
        if (b !== undefined && b.metAt === null) b.metAt = String(e.at);
      }
    }
    const w = current as WarningEntry | null;
    if (w !== null && t.from === 'warned' && (t.to === 'restored' || t.to === 'disengaged')) {
      w.outcome = t.to;
      w.outcomeAt = t.at;
      current = null;
    }
  });
  return out;
}

/** The audit cycles from the earliest thing the case study reads up to the cycle holding `at`. */
function cyclesFor(rhythm: Rhythm, earliest: number, at: Date): Cycle[] {
  const span = rhythm === 'lunar' ? 30 * DAY : 92 * DAY;
  const from = Math.max(earliest, at.getTime() - MAX_BACK * span);
  return auditCycles({ rhythm, from: cycleAt(rhythm, new Date(from)).start, to: new Date(at.getTime() + 1) });
}

/** Assembles the case study for one party, or for every party of the alliance (nothing written). */
export async function assembleCaseStudy(db: Db, alliance: AllianceRow, covenant: Covenant, partySlug: string | null, at: Date): Promise<CaseStudy> {
  const rhythm = covenant.audit.rhythm;
  const parties = await partiesOf(db, alliance, partySlug ?? undefined);
  const kinds = new Map(covenant.indicators.map((i) => [i.id, i]));
  const perParty = [];
  let earliest = at.getTime();
  for (const p of parties) {
    const observations = await observationsOf(db, alliance.id, p.id);
    const series: SignalSeries[] = [];
    const tests: Omit<IndicatorSeries, 'tripCycle' | 'readings'>[] = [];
    for (const pr of covenant.principles)
      pr.tests.forEach((t, i) => {
        const ind = t.indicator === undefined ? undefined : kinds.get(t.indicator);
        const obs = t.indicator === undefined ? undefined : observations[t.indicator];
        // Only tests something was observed for: an empty series says nothing about the party.
        if (ind === undefined || t.threshold === undefined || obs === undefined || obs.length === 0) return;
        for (const o of obs) earliest = Math.min(earliest, Date.parse(o.at));
        series.push({ indicator: { id: ind.id, kind: ind.kind, ...(ind.currency ? { currency: ind.currency } : {}) }, threshold: t.threshold, observations: obs, principle: pr.id });
        tests.push({ party: p.slug, principle: pr.id, test: i, indicator: ind.id, threshold: thresholdText(t.threshold), severity: t.severity });
      });
    const scorecards = await scorecardsOf(db, alliance, p, rhythm);
    const { entries, effects } = await transitionsOf(db, alliance, p);
    for (const t of entries) earliest = Math.min(earliest, Date.parse(t.at));
    perParty.push({ party: p, series, tests, scorecards, transitions: entries, effects, decisions: await decisionsOf(db, alliance, covenant, p, at) });
  }
  const cycles = cyclesFor(rhythm, earliest, at);
  const known = new Set(cycles.map((c) => c.n));
  const study: CaseStudy = {
    format: LESSON_FORMAT,
    alliance: alliance.slug,
    party: partySlug,
    assembledAt: at.toISOString(),
    rhythm,
    cycles,
    indicators: [],
    scorecards: [],
    decisions: [],
    warnings: [],
    transitions: [],
    missedSignals: [],
  };
  for (const x of perParty) {
    x.series.forEach((s, i) => {
      const r = seriesByCycle(s, cycles);
      study.indicators.push({ ...x.tests[i]!, tripCycle: r.tripCycle, readings: r.readings });
    });
    const cards = x.scorecards.filter((s) => known.has(s.cycle));
    study.scorecards.push(...cards);
    const several = new Set(cards.map((c) => `${c.cycle}`)).size < cards.length;
    const ratings: DimensionRating[] = cards.flatMap((c) => c.dimensions.map((d) => ({ cycle: c.cycle, dimension: d.id, rating: d.median, ...(several ? { reviewer: c.reviewer } : {}) })));
    study.missedSignals.push(...missedSignals({ series: x.series, cycles, ratings }).map((s) => ({ ...s, party: x.party.slug })));
    study.decisions.push(...x.decisions);
    study.warnings.push(...warningsOf(x.party.slug, x.transitions, x.effects));
    study.transitions.push(...x.transitions);
  }
  return study;
}

// ---------------------------------------------------------------- drafting

export interface LessonView {
  alliance: string;
  lesson: number;
  party: string | null;
  status: 'draft' | 'published';
  title: string;
  analysis: string;
  createdAt: string;
  publishedAt: string | null;
  index: number | null;
  documents: DocumentRef[];
  study: CaseStudy;
}

function defaultTitle(alliance: AllianceRow, party: string | null, disengaged: boolean): string {
  if (party === null) return `Lessons from ${alliance.name}`;
  return disengaged ? `${party} disengaged from ${alliance.name}` : `${party} in ${alliance.name}`;
}

async function insertDraft(trx: Trx, alliance: AllianceRow, party: Party | null, title: string, study: CaseStudy, at: Date): Promise<number> {
  const last = await trx.selectFrom('lesson').select((eb) => eb.fn.max('number').as('n')).where('alliance_id', '=', alliance.id).executeTakeFirst();
  const number = (last?.n == null ? 0 : toIndex(last.n)) + 1;
  await trx
    .insertInto('lesson')
    .values({
      alliance_id: alliance.id,
      organization_id: party?.id ?? null,
      number,
      status: 'draft',
      title,
      draft: Buffer.from(canonicalBytes(study)).toString('utf8'),
      analysis: '',
      created_at: at.toISOString(),
      published_at: null,
      record_index: null,
    })
    .execute();
  return number;
}

/** A case-study draft assembled on demand by a party's admin or delegate (or the local operator). */
export async function draftLesson(ctx: Ctx, actor: Actor, input: { alliance: string; party?: string; title?: string }): Promise<LessonView> {
  const at = ctx.now();
  const title = input.title === undefined ? undefined : checkLine(input.title, 'title', MAX_TITLE);
  const number = await unitOfWork(ctx, async (trx) => {
    const alliance = await lockAlliance(trx, ctx.dialect, input.alliance);
    await requirePartyActor(trx, actor, alliance);
    const covenant = await covenantInForce(trx, alliance);
    const party = input.party === undefined || input.party === '' ? null : (await partiesOf(trx, alliance, input.party))[0]!;
    const study = await assembleCaseStudy(trx, alliance, covenant, party?.slug ?? null, at);
    return insertDraft(trx, alliance, party, title ?? defaultTitle(alliance, party?.slug ?? null, false), study, at);
  });
  return getLesson(ctx, input.alliance, number);
}

/**
 * The draft written by itself when a party becomes disengaged: called by standing.ts advance()
 * inside the transaction that disengages it (the caller holds the alliance lock), after the
 * disengagement's own transition row is written so the case study ends with it. Nothing is
 * appended: a draft is not public until published (`append` is accepted for symmetry).
 */
export async function draftOnDisengagement(trx: Trx, _append: Append | undefined, alliance: AllianceRow, party: Party, at: Date): Promise<number> {
  const covenant = await covenantInForce(trx, alliance);
  const study = await assembleCaseStudy(trx, alliance, covenant, party.slug, at);
  return insertDraft(trx, alliance, party, defaultTitle(alliance, party.slug, true), study, at);
}

// ---------------------------------------------------------------- editing and publishing

interface LessonRow {
  id: number;
  number: number;
  party: string | null;
  status: 'draft' | 'published';
  title: string;
  draft: string;
  analysis: string;
  createdAt: string;
  publishedAt: string | null;
  index: number | null;
}

function checkNumber(n: unknown): number {
  const v = typeof n === 'string' && /^\d{1,15}$/.test(n) ? Number(n) : n;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw new UserError(`a lesson number is a whole number from 1, got ${String(n).slice(0, 20)}`);
  return v;
}

async function lessonRow(db: Db, alliance: AllianceRow, n: unknown): Promise<LessonRow> {
  const number = checkNumber(n);
  const r = await db
    .selectFrom('lesson')
    .leftJoin('organization', 'organization.id', 'lesson.organization_id')
    .select(['lesson.id', 'lesson.number', 'organization.slug', 'lesson.status', 'lesson.title', 'lesson.draft', 'lesson.analysis', 'lesson.created_at', 'lesson.published_at', 'lesson.record_index'])
    .where('lesson.alliance_id', '=', alliance.id)
    .where('lesson.number', '=', number)
    .executeTakeFirst();
  if (r === undefined) throw new UserError(`${alliance.slug} has no lesson ${number}: see daylight lesson list ${alliance.slug}`, 'not_found');
  return {
    id: toIndex(r.id),
    number: toIndex(r.number),
    party: r.slug ?? null,
    status: r.status,
    title: r.title,
    draft: r.draft,
    analysis: r.analysis,
    createdAt: r.created_at,
    publishedAt: r.published_at,
    index: r.record_index === null ? null : toIndex(r.record_index),
  };
}

function requireDraft(alliance: AllianceRow, r: LessonRow): void {
  if (r.status !== 'draft') throw new UserError(`lesson ${r.number} of ${alliance.slug} is published and cannot change: draft a new one`, 'conflict');
}

function checkAnalysis(value: unknown): string {
  if (typeof value !== 'string') throw new UserError('analysis: give the authors’ text');
  const text = value.replace(/\r\n?/g, '\n');
  if (text.length > MAX_ANALYSIS) throw new UserError(`analysis is at most ${MAX_ANALYSIS} characters, got ${text.length}: shorten it`);
  if (/[\u0000-\u0008\u000B-\u001F\u007F]/.test(text)) throw new UserError('analysis: control characters other than tab and newline are not allowed');
  return text.trim();
}

/** Changes the title and/or the authors' analysis of a draft. */
export async function editLesson(ctx: Ctx, actor: Actor, input: { alliance: string; lesson: number | string; title?: string; analysis?: string }): Promise<LessonView> {
  const title = input.title === undefined ? undefined : checkLine(input.title, 'title', MAX_TITLE);
  const analysis = input.analysis === undefined ? undefined : checkAnalysis(input.analysis);
  if (title === undefined && analysis === undefined) throw new UserError('nothing to change: give a title or an analysis');
  await unitOfWork(ctx, async (trx) => {
    const alliance = await lockAlliance(trx, ctx.dialect, input.alliance);
    await requirePartyActor(trx, actor, alliance);
    const r = await lessonRow(trx, alliance, input.lesson);
    requireDraft(alliance, r);
    await trx
      .updateTable('lesson')
      .set({ ...(title !== undefined ? { title } : {}), ...(analysis !== undefined ? { analysis } : {}) })
      .where('id', '=', r.id)
      .execute();
  });
  return getLesson(ctx, input.alliance, checkNumber(input.lesson));
}

/** The published form of a lesson: its case study as drafted, with title and analysis. */
function publishedForm(r: LessonRow, at: string): PublishedLesson {
  const study = JSON.parse(r.draft) as CaseStudy;
  return { ...study, lesson: r.number, title: r.title, analysis: r.analysis, publishedAt: at };
}

/** Renders the lesson as canonical JSON and HTML, stores both, appends the `lesson` record. */
export async function publishLesson(ctx: Ctx, actor: Actor, input: { alliance: string; lesson: number | string }): Promise<LessonView> {
  const at = ctx.now();
  await unitOfWork(ctx, async (trx, append) => {
    const alliance = await lockAlliance(trx, ctx.dialect, input.alliance);
    await requirePartyActor(trx, actor, alliance);
    const r = await lessonRow(trx, alliance, input.lesson);
    requireDraft(alliance, r);
    const lesson = publishedForm(r, at.toISOString());
    const name = `${alliance.slug}-lesson-${r.number}`;
    const documents = [
      await storeDocument(trx, at, { body: canonicalBytes(lesson), mediaType: LESSON_JSON, name: `${name}.json` }),
      await storeDocument(trx, at, { body: Buffer.from(lessonHtmlDocument(lesson), 'utf8'), mediaType: LESSON_HTML, name: `${name}.html` }),
    ];
    const [rec] = await append([lessonRecord(at, { alliance: alliance.slug, lesson: r.number, party: r.party, title: r.title, missedSignals: lesson.missedSignals.length, documents })]);
    await trx.updateTable('lesson').set({ status: 'published', published_at: at.toISOString(), record_index: rec!.index }).where('id', '=', r.id).execute();
  });
  return getLesson(ctx, input.alliance, checkNumber(input.lesson));
}

// ---------------------------------------------------------------- reading

async function documentsOf(db: Db, index: number | null): Promise<DocumentRef[]> {
  if (index === null) return [];
  const row = await db.selectFrom('log_entry').select('data').where('idx', '=', index).executeTakeFirst();
  if (row === undefined) return [];
  const rec = JSON.parse(Buffer.from(row.data).toString('utf8')) as { documents?: DocumentRef[] };
  return rec.documents ?? [];
}

function view(alliance: AllianceRow, r: LessonRow, documents: DocumentRef[]): LessonView {
  return {
    alliance: alliance.slug,
    lesson: r.number,
    party: r.party,
    status: r.status,
    title: r.title,
    analysis: r.analysis,
    createdAt: r.createdAt,
    publishedAt: r.publishedAt,
    index: r.index,
    documents,
    study: JSON.parse(r.draft) as CaseStudy,
  };
}

/** One lesson, draft or published (drafts hold only what public records already hold). */
export async function getLesson(ctx: Ctx, alliance: string, n: number | string): Promise<LessonView> {
  const a = await findAlliance(ctx.db, alliance);
  const r = await lessonRow(ctx.db, a, n);
  return view(a, r, await documentsOf(ctx.db, r.index));
}

export interface LessonSummary {
  lesson: number;
  party: string | null;
  status: 'draft' | 'published';
  title: string;
  missedSignals: number;
  createdAt: string;
  publishedAt: string | null;
  index: number | null;
}

/** The alliance's lessons, newest first. */
export async function listLessons(ctx: Ctx, alliance: string): Promise<LessonSummary[]> {
  const a = await findAlliance(ctx.db, alliance);
  const rows = await ctx.db
    .selectFrom('lesson')
    .leftJoin('organization', 'organization.id', 'lesson.organization_id')
    .select(['lesson.number', 'organization.slug', 'lesson.status', 'lesson.title', 'lesson.draft', 'lesson.created_at', 'lesson.published_at', 'lesson.record_index'])
    .where('lesson.alliance_id', '=', a.id)
    .orderBy('lesson.number', 'desc')
    .limit(1000)
    .execute();
  return rows.map((r) => ({
    lesson: toIndex(r.number),
    party: r.slug ?? null,
    status: r.status,
    title: r.title,
    missedSignals: (JSON.parse(r.draft) as CaseStudy).missedSignals.length,
    createdAt: r.created_at,
    publishedAt: r.published_at,
    index: r.record_index === null ? null : toIndex(r.record_index),
  }));
}

/** A published lesson's document (json or html); 'not_found' while a draft or once redacted. */
export async function lessonDocument(ctx: Ctx, alliance: string, n: number | string, format: 'json' | 'html'): Promise<{ mediaType: string; name: string; body: Uint8Array }> {
  const l = await getLesson(ctx, alliance, n);
  const mediaType = format === 'json' ? LESSON_JSON : LESSON_HTML;
  const ref = l.documents.find((d) => d.mediaType === mediaType);
  if (l.status !== 'published' || ref === undefined) throw new UserError(`lesson ${l.lesson} of ${alliance} is not published yet`, 'not_found');
  const row = await ctx.db.selectFrom('document').select('body').where('sha256', '=', ref.sha256).executeTakeFirst();
  if (row?.body == null) throw new UserError(`the ${format} document of this lesson was redacted`, 'not_found');
  return { mediaType, name: ref.name ?? `lesson.${format}`, body: row.body };
}

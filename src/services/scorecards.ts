/**
 * Scorecards (issue 4 §4): one per assignment (reviewing party's triad → reviewed party) and
 * cycle, made as a draft when the cycle opens.
 *
 *   rate      a triad member rates one or more dimensions 0–4 with a note and evidence
 *             references (domain/audit/scorecard.ts checks them); rating again replaces. Nothing
 *             is appended: a draft is private to the triad, readable only by its members.
 *   finalize  any triad member, once the rule of domain checkFinalizable holds (every member who
 *             rated rated every dimension; at least two did). The public scorecard is computed
 *             with the previous cycle's scores beside it, rendered as JSON (RFC 8785 canonical),
 *             HTML and PDF, stored as documents, and one `scorecard` record names them. Notes are
 *             public from then on; evidence references never leave the rating rows.
 *   read      the published scorecard (JSON, HTML or PDF) — anyone; a draft is "not found" to
 *             everyone outside the triad.
 *
 * Finalizing renders the PDF before the transaction (it takes tens of milliseconds); inside, the
 * ratings are read again and the card recomputed, and if anything changed meanwhile the request
 * is refused ('conflict') rather than publishing documents that do not match the ratings.
 */
import type { Transaction } from 'kysely';
import type { Database, ScorecardStatus } from '../store/schema.js';
import type { Ctx } from './context.js';
import { UserError } from './context.js';
import type { Actor } from './actor.js';
import { unitOfWork } from './unit-of-work.js';
import { toIndex } from '../store/log.js';
import { canonicalBytes } from '../ledger/jcs.js';
import { scorecardRecord, type DocumentRef } from '../domain/public.js';
import {
  checkRatings,
  computeScorecard,
  readiness,
  type IndicatorReading,
  type PreviousScores,
  type PublicScorecard,
  type Readiness,
} from '../domain/audit/scorecard.js';
import { SUPPORTED_LANGUAGES, type SupportedLanguage } from '../domain/covenant/schema.js';
import { renderScorecardPdf, scorecardHtmlDocument } from '../render/scorecard.js';
import { findAlliance, lockAlliance, type AllianceRow } from './alliances.js';
import { storeDocument } from './covenants.js';
import { loadCycle, type CycleRow } from './cycles.js';
import { checkSlug } from './organizations.js';
import { covenantInForceOrNull, readParty } from './observations.js';
import { asUserError, requireTriadMember, triadMembers, type RaterInput, type TriadRow } from './triads.js';

type Trx = Transaction<Database>;
type Db = Trx | Ctx['db'];

export const SCORECARD_JSON = 'application/json';
export const SCORECARD_HTML = 'text/html; charset=utf-8';
export const SCORECARD_PDF = 'application/pdf';
export type ScorecardFormat = 'json' | 'html' | 'pdf';

/** Which scorecard: the alliance, the cycle number, who reviews whom. */
export interface ScorecardKey {
  alliance: string;
  cycle: number;
  reviewer: string;
  reviewee: string;
}

interface Party {
  id: number;
  slug: string;
}

interface Card {
  alliance: AllianceRow;
  cycle: CycleRow;
  id: number;
  status: ScorecardStatus;
  reviewer: Party;
  reviewee: Party;
  triad: TriadRow;
  summary: string | null;
  documents: string | null;
  recordIndex: number | null;
  finalizedAt: string | null;
}

async function loadCard(db: Db, alliance: AllianceRow, key: ScorecardKey): Promise<Card> {
  const cycle = await loadCycle(db, alliance, key.cycle);
  const reviewer = checkSlug(key.reviewer, 'the reviewing party');
  const reviewee = checkSlug(key.reviewee, 'the reviewed party');
  const r = await db
    .selectFrom('scorecard')
    .innerJoin('organization as reviewer', 'reviewer.id', 'scorecard.reviewer_id')
    .innerJoin('organization as reviewee', 'reviewee.id', 'scorecard.reviewee_id')
    .select([
      'scorecard.id',
      'scorecard.status',
      'scorecard.triad_id',
      'scorecard.summary',
      'scorecard.documents',
      'scorecard.record_index',
      'scorecard.finalized_at',
      'reviewer.id as reviewer_id',
      'reviewee.id as reviewee_id',
    ])
    .where('scorecard.cycle_id', '=', cycle.id)
    .where('reviewer.slug', '=', reviewer)
    .where('reviewee.slug', '=', reviewee)
    .executeTakeFirst();
  if (r === undefined) throw await noSuchCard(db, cycle, reviewer, reviewee);
  return {
    alliance,
    cycle,
    id: toIndex(r.id),
    status: r.status,
    reviewer: { id: toIndex(r.reviewer_id), slug: reviewer },
    reviewee: { id: toIndex(r.reviewee_id), slug: reviewee },
    triad: await triadMembers(db, toIndex(r.triad_id)),
    summary: r.summary,
    documents: r.documents,
    recordIndex: r.record_index === null ? null : toIndex(r.record_index),
    finalizedAt: r.finalized_at,
  };
}

async function noSuchCard(db: Db, cycle: CycleRow, reviewer: string, reviewee: string): Promise<UserError> {
  const rows = await db
    .selectFrom('scorecard')
    .innerJoin('organization as reviewer', 'reviewer.id', 'scorecard.reviewer_id')
    .innerJoin('organization as reviewee', 'reviewee.id', 'scorecard.reviewee_id')
    .select('reviewee.slug')
    .where('scorecard.cycle_id', '=', cycle.id)
    .where('reviewer.slug', '=', reviewer)
    .orderBy('reviewee.slug')
    .execute();
  const whom = rows.length === 0 ? `${reviewer} reviews nobody in cycle ${cycle.n}` : `${reviewer} reviews ${rows.map((x) => x.slug).join(', ')} in cycle ${cycle.n}`;
  return new UserError(`no scorecard of ${reviewee} by ${reviewer} in cycle ${cycle.n} of ${cycle.alliance}: ${whom}`, 'not_found');
}

// ---------------------------------------------------------------- ratings (private)

interface RatingRow {
  rater: string;
  dimension: string;
  score: number;
  note: string;
  /** PRIVATE */
  evidence: string[];
}

async function ratingsOf(db: Db, card: Card): Promise<RatingRow[]> {
  const rows = await db
    .selectFrom('scorecard_rating')
    .innerJoin('member', 'member.id', 'scorecard_rating.member_id')
    .select(['member.pseudonym', 'scorecard_rating.dimension', 'scorecard_rating.score', 'scorecard_rating.note', 'scorecard_rating.evidence'])
    .where('scorecard_rating.scorecard_id', '=', card.id)
    .execute();
  const order = card.triad.members.map((m) => m.pseudonym);
  const dims = card.cycle.audit.dimensions.map((d) => d.id);
  return rows
    .map((r) => ({ rater: r.pseudonym, dimension: r.dimension, score: Number(r.score), note: r.note, evidence: JSON.parse(r.evidence) as string[] }))
    .sort((a, b) => order.indexOf(a.rater) - order.indexOf(b.rater) || dims.indexOf(a.dimension) - dims.indexOf(b.dimension));
}

/** A draft as its triad sees it: every member's ratings so far, evidence included. */
export interface DraftView {
  alliance: string;
  cycle: number;
  reviewer: string;
  reviewee: string;
  status: ScorecardStatus;
  triad: string[];
  dimensions: string[];
  ratings: RatingRow[];
  readiness: Readiness;
}

function draftView(card: Card, ratings: RatingRow[]): DraftView {
  const triad = card.triad.members.map((m) => m.pseudonym);
  const dimensions = card.cycle.audit.dimensions.map((d) => d.id);
  return {
    alliance: card.alliance.slug,
    cycle: card.cycle.n,
    reviewer: card.reviewer.slug,
    reviewee: card.reviewee.slug,
    status: card.status,
    triad,
    dimensions,
    ratings,
    readiness: readiness(triad, dimensions, ratings),
  };
}

export interface RateInput extends ScorecardKey, RaterInput {
  /** one or more of { dimension, score, note?, evidence? } */
  ratings: unknown;
}

/** Rates (or re-rates) dimensions as a member of the reviewing party's triad. */
export async function rateScorecard(ctx: Ctx, actor: Actor, input: RateInput): Promise<DraftView> {
  const at = ctx.now().toISOString();
  return unitOfWork(ctx, async (trx) => {
    const alliance = await lockAlliance(trx, ctx.dialect, input.alliance);
    const card = await loadCard(trx, alliance, input);
    const ratings = asUserError(() => checkRatings(input.ratings, card.cycle.audit.dimensions.map((d) => d.id)));
    if (card.status !== 'draft') throw new UserError(`${card.reviewer.slug}’s scorecard of ${card.reviewee.slug} is published: ratings are closed`, 'conflict');
    const me = await requireTriadMember(trx, actor, input.as, card.reviewer, card.triad, card.cycle.n);
    for (const r of ratings) {
      const values = { score: r.score, note: r.note, evidence: JSON.stringify(r.evidence), rated_at: at };
      await trx
        .insertInto('scorecard_rating')
        .values({ scorecard_id: card.id, member_id: me.memberId, dimension: r.dimension, ...values })
        .onConflict((oc) => oc.columns(['scorecard_id', 'member_id', 'dimension']).doUpdateSet(values))
        .execute();
    }
    return draftView(card, await ratingsOf(trx, card));
  });
}

/** The draft, for the members of its triad only ('forbidden' for anyone else). */
export async function scorecardDraft(ctx: Ctx, actor: Actor, input: ScorecardKey & RaterInput): Promise<DraftView> {
  const alliance = await findAlliance(ctx.db, input.alliance);
  const card = await loadCard(ctx.db, alliance, input);
  await requireTriadMember(ctx.db, actor, input.as, card.reviewer, card.triad, card.cycle.n);
  return draftView(card, await ratingsOf(ctx.db, card));
}

// ---------------------------------------------------------------- finalizing

export interface FinalizeInput extends ScorecardKey, RaterInput {
  /** the language of the published documents (en es fr ar pt); default the covenant's original */
  lang?: string;
}

export interface PublishedScorecard {
  scorecard: PublicScorecard;
  documents: DocumentRef[];
  index: number;
  publishedAt: string;
}

async function computeFor(db: Db, card: Card, lang: SupportedLanguage, readAt: Date): Promise<PublicScorecard> {
  const ratings = await ratingsOf(db, card);
  const previous = await previousScores(db, card);
  const indicators = await indicatorReadings(db, card, lang, readAt);
  return asUserError(() =>
    computeScorecard({
      alliance: card.alliance.slug,
      rhythm: card.cycle.rhythm,
      cycle: { n: card.cycle.n, start: card.cycle.start, end: card.cycle.end },
      reviewer: card.reviewer.slug,
      reviewee: card.reviewee.slug,
      lang,
      dimensions: card.cycle.audit.dimensions.map((d) => ({ id: d.id, title: d.title.text[lang] ?? d.title.text[d.title.original] ?? d.id })),
      triad: card.triad.members.map((m) => m.pseudonym),
      // evidence stops here: the public computation never sees it
      ratings: ratings.map((r) => ({ rater: r.rater, dimension: r.dimension, score: r.score, note: r.note })),
      previous,
      indicators,
    }),
  );
}

/**
 * The reviewed party's early-warning tests as read at the end of the cycle (or now, for a card
 * finalized before its cycle ends): each test with a reading, its value and threshold, and
 * whether it trips. What a reader of the card needs beside the ratings; the evidence behind an
 * observation stays private, as everywhere (services/observations.ts).
 */
async function indicatorReadings(db: Db, card: Card, lang: SupportedLanguage, readAt: Date): Promise<IndicatorReading[]> {
  const covenant = await covenantInForceOrNull(db, card.alliance);
  if (covenant === null) return [];
  const { tests } = await readParty(db, card.alliance, covenant, card.reviewee, readAt);
  const out: IndicatorReading[] = [];
  for (const { indicator, evaluation } of tests) {
    const r = evaluation.reading;
    if (r === null) continue;
    const def = covenant.indicators.find((i) => i.id === indicator);
    const name = def === undefined ? indicator : (def.name.text[lang] ?? def.name.text[def.name.original] ?? indicator);
    const value = r.kind === 'level' ? (r.currency ? `${r.value} ${r.currency}` : r.value) : r.percent === null ? 'n/a' : `${r.percent}%`;
    out.push({ indicator, name, value, threshold: evaluation.threshold, tripped: evaluation.tripped });
  }
  return out;
}

/** The reviewee's latest earlier published scorecard, by the same reviewer when there is one. */
async function previousScores(db: Db, card: Card): Promise<PreviousScores | null> {
  const rows = await db
    .selectFrom('scorecard')
    .innerJoin('audit_cycle', 'audit_cycle.id', 'scorecard.cycle_id')
    .select(['audit_cycle.n', 'scorecard.reviewer_id', 'scorecard.summary'])
    .where('audit_cycle.alliance_id', '=', card.alliance.id)
    .where('audit_cycle.n', '<', card.cycle.n)
    .where('scorecard.reviewee_id', '=', card.reviewee.id)
    .where('scorecard.status', '=', 'published')
    .orderBy('audit_cycle.n', 'desc')
    .orderBy('scorecard.id')
    .execute();
  if (rows.length === 0) return null;
  const latest = toIndex(rows[0]!.n);
  const same = rows.filter((r) => toIndex(r.n) === latest);
  const pick = same.find((r) => toIndex(r.reviewer_id) === card.reviewer.id) ?? same[0]!;
  const s = JSON.parse(pick.summary!) as PublicScorecard;
  return { cycle: s.cycle, reviewer: s.reviewer, dimensions: s.dimensions.map((d) => ({ id: d.id, median: d.median })) };
}

async function languageOf(db: Db, card: Card, lang: string | undefined): Promise<SupportedLanguage> {
  let wanted = lang;
  if (wanted === undefined) {
    const v = await db.selectFrom('covenant_version').select('body').where('id', '=', card.cycle.versionId).executeTakeFirstOrThrow();
    const original = (JSON.parse(v.body) as { horizon?: { original?: string } }).horizon?.original ?? 'en';
    wanted = original.split('-')[0]!;
    if (!(SUPPORTED_LANGUAGES as readonly string[]).includes(wanted)) wanted = 'en';
  }
  if (!(SUPPORTED_LANGUAGES as readonly string[]).includes(wanted)) {
    throw new UserError(`a scorecard is published in one of ${SUPPORTED_LANGUAGES.join(', ')}, not "${String(wanted).slice(0, 20)}"`);
  }
  return wanted as SupportedLanguage;
}

function requireDraft(card: Card): void {
  if (card.status !== 'draft') throw new UserError(`${card.reviewer.slug}’s scorecard of ${card.reviewee.slug} for cycle ${card.cycle.n} is already published`, 'conflict');
}

/** Computes, renders and publishes the scorecard as a member of its triad. */
export async function finalizeScorecard(ctx: Ctx, actor: Actor, input: FinalizeInput): Promise<PublishedScorecard> {
  const before = await loadCard(ctx.db, await findAlliance(ctx.db, input.alliance), input);
  requireDraft(before);
  await requireTriadMember(ctx.db, actor, input.as, before.reviewer, before.triad, before.cycle.n);
  const lang = await languageOf(ctx.db, before, input.lang);
  // one instant for both computations below, so they can be compared byte for byte
  const readAt = new Date(Math.min(Date.parse(before.cycle.end), ctx.now().getTime()));
  const scorecard = await computeFor(ctx.db, before, lang, readAt);
  const json = canonicalBytes(scorecard);
  const html = Buffer.from(scorecardHtmlDocument(scorecard), 'utf8');
  const pdf = await renderScorecardPdf(scorecard);
  const at = ctx.now();
  return unitOfWork(ctx, async (trx, append) => {
    const alliance = await lockAlliance(trx, ctx.dialect, input.alliance);
    const card = await loadCard(trx, alliance, input);
    requireDraft(card);
    await requireTriadMember(trx, actor, input.as, card.reviewer, card.triad, card.cycle.n);
    const again = canonicalBytes(await computeFor(trx, card, lang, readAt));
    if (!Buffer.from(again).equals(Buffer.from(json))) {
      throw new UserError('the ratings changed while the scorecard was being finalized: finalize again', 'conflict');
    }
    const name = `${alliance.slug}-${card.cycle.n}-${card.reviewer.slug}-${card.reviewee.slug}`;
    const documents = [
      await storeDocument(trx, at, { body: json, mediaType: SCORECARD_JSON, name: `${name}.json` }),
      await storeDocument(trx, at, { body: html, mediaType: SCORECARD_HTML, name: `${name}.html` }),
      await storeDocument(trx, at, { body: pdf, mediaType: SCORECARD_PDF, name: `${name}.pdf` }),
    ];
    const [appended] = await append([
      scorecardRecord(at, {
        alliance: alliance.slug,
        rhythm: scorecard.rhythm,
        cycle: scorecard.cycle,
        reviewer: scorecard.reviewer,
        reviewee: scorecard.reviewee,
        lang,
        raters: scorecard.raters,
        dimensions: scorecard.dimensions,
        alpha: scorecard.alpha,
        documents,
      }),
    ]);
    const iso = at.toISOString();
    await trx
      .updateTable('scorecard')
      .set({ status: 'published', lang, summary: Buffer.from(json).toString('utf8'), documents: JSON.stringify(documents), record_index: appended!.index, finalized_at: iso })
      .where('id', '=', card.id)
      .execute();
    return { scorecard, documents, index: appended!.index, publishedAt: iso };
  });
}

// ---------------------------------------------------------------- reading (public)

async function publishedCard(ctx: Ctx, key: ScorecardKey): Promise<Card> {
  const card = await loadCard(ctx.db, await findAlliance(ctx.db, key.alliance), key);
  if (card.status !== 'published' || card.summary === null) {
    throw new UserError(`${card.reviewer.slug}’s scorecard of ${card.reviewee.slug} for cycle ${card.cycle.n} is not published yet`, 'not_found');
  }
  return card;
}

/** The published scorecard with its documents and record index; 'not_found' while a draft. */
export async function getScorecard(ctx: Ctx, key: ScorecardKey): Promise<PublishedScorecard> {
  const card = await publishedCard(ctx, key);
  return {
    scorecard: JSON.parse(card.summary!) as PublicScorecard,
    documents: JSON.parse(card.documents ?? '[]') as DocumentRef[],
    index: card.recordIndex ?? 0,
    publishedAt: card.finalizedAt ?? '',
  };
}

/** One of the published documents' bytes; 'not_found' while a draft or once redacted. */
export async function scorecardDocument(ctx: Ctx, key: ScorecardKey, format: ScorecardFormat): Promise<{ mediaType: string; name: string; body: Uint8Array }> {
  const mediaType = { json: SCORECARD_JSON, html: SCORECARD_HTML, pdf: SCORECARD_PDF }[format];
  if (mediaType === undefined) throw new UserError('a scorecard document is json, html or pdf');
  const { documents } = await getScorecard(ctx, key);
  const ref = documents.find((d) => d.mediaType === mediaType);
  if (ref === undefined) throw new Error(`a published scorecard has no ${format} document`);
  const row = await ctx.db.selectFrom('document').select(['body']).where('sha256', '=', ref.sha256).executeTakeFirst();
  if (row?.body == null) throw new UserError(`the ${format} document of this scorecard was redacted`, 'not_found');
  return { mediaType, name: ref.name ?? `scorecard.${format}`, body: row.body };
}

/**
 * Grassroots feedback (issue 4 §5): anyone with a published scorecard's public link answers it,
 * overall or on one dimension, under a pseudonym or none, without an account.
 *
 *   challenge  a stateless HMAC-bound challenge for the scorecard (domain/feedback.ts); no row
 *   submit     checks the text, the challenge (issued here, for this scorecard, in time, work
 *              done or wait kept), then in one transaction: the scorecard is published and its
 *              feedback window open, the per-scorecard rate limit holds, the challenge was not
 *              spent before (it is now); the answer is stored and archived — its text in a
 *              document named by a `feedback` record (domain/public.ts feedbackRecord)
 *   list       the answers as the public sees them: a hidden one shows only "hidden: <reason>"
 *   summary    per reviewed party and dimension for the next cycle's triads (summarizeFeedback)
 *
 * Abuse is limited without knowing who anyone is: no IP address, user agent or account is read
 * or stored. The rate limit counts this scorecard's answers in the database (RATE_LIMIT per
 * RATE_WINDOW_MS, whichever process took them), and a scorecard takes at most MAX_ANSWERS.
 * Every refusal is a FeedbackRefused naming its reason, and changes nothing: the checks that
 * need no database run before the transaction, the rest inside it, which rolls back.
 *
 * Window: the covenant's audit section (frozen in the cycle) says whether feedback is open and
 * for how many days after the scorecard's publication.
 */
import type { Transaction } from 'kysely';
import { createHash } from 'node:crypto';
import type { Database } from '../store/schema.js';
import type { Ctx } from './context.js';
import { UserError } from './context.js';
import { unitOfWork } from './unit-of-work.js';
import { randomHex } from './random.js';
import { toIndex } from '../store/log.js';
import { canonicalBytes } from '../ledger/jcs.js';
import { feedbackRecord } from '../domain/public.js';
import {
  FeedbackInputError,
  POW_BITS,
  WAIT_S,
  challengeTimes,
  checkAnswer,
  checkFeedbackDimension,
  checkFeedbackPseudonym,
  checkFeedbackText,
  issueChallenge,
  openChallenge,
  shownText,
  summarizeFeedback,
  type FeedbackReason,
  type FeedbackRow,
  type PartySummary,
} from '../domain/feedback.js';
import { cycleLabel } from '../domain/audit/index.js';
import { findAlliance, type AllianceRow } from './alliances.js';
import { storeDocument } from './covenants.js';
import { loadCycle, type CycleRow } from './cycles.js';
import { checkSlug } from './organizations.js';
import type { ScorecardKey } from './scorecards.js';

type Trx = Transaction<Database>;
type Db = Trx | Ctx['db'];

/** At most 20 answers per scorecard in any 10 minutes. */
export const RATE_LIMIT = 20;
export const RATE_WINDOW_MS = 10 * 60 * 1000;
/** A scorecard takes at most 1,000 answers in all. */
export const MAX_ANSWERS = 1000;
export const FEEDBACK_FORMAT = 'daylight-feedback/1';
export const FEEDBACK_MEDIA_TYPE = 'application/json';
const DAY_MS = 86_400_000;

/** A refused answer: `reason` names the check (domain/feedback.ts FeedbackReason). */
export class FeedbackRefused extends UserError {
  constructor(
    readonly reason: FeedbackReason,
    message: string,
    code: UserError['code'] = 'bad_input',
    /** for 'rate-limited': seconds until an answer would be taken again */
    readonly retryAfter?: number,
  ) {
    super(message, code);
    this.name = 'FeedbackRefused';
  }
}

function refused(e: FeedbackInputError): FeedbackRefused {
  return new FeedbackRefused(e.reason, e.message, e.reason === 'challenge-reused' ? 'conflict' : 'bad_input');
}

/** Runs a domain check, turning its FeedbackInputError into a FeedbackRefused. */
export function asRefusal<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof FeedbackInputError) throw refused(e);
    throw e;
  }
}

// ---------------------------------------------------------------- the scorecard answered

interface AnsweredCard {
  id: number;
  alliance: AllianceRow;
  cycle: CycleRow;
  reviewer: string;
  reviewee: string;
  status: string;
  publishedAt: string | null;
}

async function loadAnsweredCard(db: Db, key: ScorecardKey, lock: boolean): Promise<AnsweredCard> {
  const alliance = await findAlliance(db, key.alliance);
  const cycle = await loadCycle(db, alliance, key.cycle);
  const reviewer = checkSlug(key.reviewer, 'the reviewing party');
  const reviewee = checkSlug(key.reviewee, 'the reviewed party');
  let q = db
    .selectFrom('scorecard')
    .select(['scorecard.id', 'scorecard.status', 'scorecard.finalized_at'])
    .where('scorecard.cycle_id', '=', cycle.id)
    .where('scorecard.reviewer_id', 'in', (eb) => eb.selectFrom('organization').select('id').where('slug', '=', reviewer))
    .where('scorecard.reviewee_id', 'in', (eb) => eb.selectFrom('organization').select('id').where('slug', '=', reviewee));
  if (lock) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  if (r === undefined) throw new UserError(`no scorecard of ${reviewee} by ${reviewer} in cycle ${cycle.n} of ${alliance.slug}`, 'not_found');
  return { id: toIndex(r.id), alliance, cycle, reviewer, reviewee, status: r.status, publishedAt: r.finalized_at };
}

/** When feedback on the card closes; FeedbackRefused 'closed' when it is not open at `now`. */
function requireOpen(card: AnsweredCard, now: Date): Date {
  const name = `${card.reviewer}’s scorecard of ${card.reviewee} (${cycleLabel(card.cycle.rhythm, card.cycle.n)})`;
  if (card.status !== 'published' || card.publishedAt === null) {
    throw new FeedbackRefused('closed', `${name} is not published yet: feedback opens when it is`, 'not_found');
  }
  const window = card.cycle.audit.feedback;
  if (!window.open) throw new FeedbackRefused('closed', `the ${card.alliance.slug} covenant does not open its scorecards to feedback`, 'conflict');
  const closes = new Date(Date.parse(card.publishedAt) + window.windowDays * DAY_MS);
  if (now.getTime() >= closes.getTime()) {
    throw new FeedbackRefused('closed', `feedback on ${name} closed on ${closes.toISOString()} (${window.windowDays} days after publication)`, 'conflict');
  }
  return closes;
}

async function feedbackSecret(db: Db): Promise<Uint8Array> {
  const row = await db.selectFrom('instance_secret').select('value').where('name', '=', 'feedback').executeTakeFirst();
  // Made by migration 0004_reminders: missing means the database is not what the code expects.
  if (row === undefined) throw new Error('the feedback secret is missing from instance_secret');
  return row.value;
}

// ---------------------------------------------------------------- challenge

export interface ChallengeView {
  challenge: string;
  /** D: SHA-256(challenge ‖ nonce) must start with this many zero bits */
  bits: number;
  issuedAt: string;
  /** without a nonce (JavaScript off), send no sooner than this */
  notBefore: string;
  waitSeconds: number;
  expiresAt: string;
  /** when feedback on this scorecard closes */
  closesAt: string;
}

/** A fresh challenge for answering the scorecard (salted at random: no two alike); nothing is stored. */
export async function feedbackChallenge(ctx: Ctx, key: ScorecardKey): Promise<ChallengeView> {
  const now = ctx.now();
  const card = await loadAnsweredCard(ctx.db, key, false);
  const closes = requireOpen(card, now);
  const secret = await feedbackSecret(ctx.db);
  const challenge = issueChallenge(secret, card.id, now, randomHex(8), POW_BITS);
  const c = openChallenge(secret, challenge);
  const t = challengeTimes(c);
  return {
    challenge,
    bits: c.bits,
    issuedAt: new Date(c.issued * 1000).toISOString(),
    notBefore: new Date(t.notBefore * 1000).toISOString(),
    waitSeconds: WAIT_S,
    expiresAt: new Date(t.expires * 1000).toISOString(),
    closesAt: closes.toISOString(),
  };
}

/**
 * Challenges for one published, open card, issued without reading the database again: for a
 * page kept between readers (http/routes/scorecard-cache.ts), which asks for one per reader.
 * Null when the card takes no feedback now; `issue` returns null from the moment it closes.
 */
export interface ChallengeIssuer {
  issue(now: Date): string | null;
}

export async function challengeIssuer(ctx: Ctx, key: ScorecardKey): Promise<ChallengeIssuer | null> {
  const card = await loadAnsweredCard(ctx.db, key, false);
  let closes: Date;
  try {
    closes = requireOpen(card, ctx.now());
  } catch (err) {
    if (err instanceof FeedbackRefused) return null;
    throw err;
  }
  const secret = await feedbackSecret(ctx.db);
  return {
    issue: (now) => (now.getTime() < closes.getTime() ? issueChallenge(secret, card.id, now, randomHex(8), POW_BITS) : null),
  };
}

// ---------------------------------------------------------------- submit

export interface FeedbackInput extends ScorecardKey {
  challenge: string;
  /** the proof of work; omit (JavaScript off) to take the wait path */
  nonce?: string;
  /** a dimension id, or omitted / null / "overall" */
  dimension?: string | null;
  /** omitted or empty: no name at all */
  pseudonym?: string | null;
  text: string;
}

export interface FeedbackAccepted {
  id: number;
  index: number;
  alliance: string;
  cycle: number;
  reviewer: string;
  reviewee: string;
  dimension: string | null;
  createdAt: string;
  document: string;
}

/** Takes one answer; FeedbackRefused (nothing stored) naming the reason otherwise. */
export async function submitFeedback(ctx: Ctx, input: FeedbackInput): Promise<FeedbackAccepted> {
  const text = asRefusal(() => checkFeedbackText(input.text));
  const pseudonym = asRefusal(() => checkFeedbackPseudonym(input.pseudonym));
  const secret = await feedbackSecret(ctx.db);
  const at = ctx.now();
  const iso = at.toISOString();
  return unitOfWork(ctx, async (trx, append) => {
    const card = await loadAnsweredCard(trx, input, ctx.dialect === 'postgres');
    requireOpen(card, at);
    const dimension = asRefusal(() => checkFeedbackDimension(input.dimension, card.cycle.audit.dimensions.map((d) => d.id)));
    const challenge = asRefusal(() => checkAnswer(secret, { challenge: input.challenge, nonce: input.nonce }, card.id, at));
    await requireUnderLimits(trx, card.id, at);
    await spendChallenge(trx, input.challenge, challengeTimes(challenge).expires, at);
    const row = await trx
      .insertInto('feedback')
      .values({ scorecard_id: card.id, dimension, text, pseudonym, created_at: iso, hidden_at: null, hidden_reason: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = toIndex(row.id);
    const where = { alliance: card.alliance.slug, cycle: card.cycle.n, reviewer: card.reviewer, reviewee: card.reviewee };
    const body = answerDocument(where, { id, dimension, pseudonym, text, createdAt: iso });
    const doc = await storeDocument(trx, at, { body, mediaType: FEEDBACK_MEDIA_TYPE, name: `feedback-${id}.json` });
    const [appended] = await append([feedbackRecord(at, { ...where, feedback: id, dimension, documents: [doc] })]);
    return { id, index: appended!.index, ...where, dimension, createdAt: iso, document: doc.sha256 };
  });
}

/** RATE_LIMIT answers per RATE_WINDOW_MS and MAX_ANSWERS in all, per scorecard. */
async function requireUnderLimits(trx: Trx, scorecardId: number, at: Date): Promise<void> {
  const since = new Date(at.getTime() - RATE_WINDOW_MS).toISOString();
  const recent = await trx
    .selectFrom('feedback')
    .select((eb) => [eb.fn.countAll().as('n'), eb.fn.min('created_at').as('oldest')])
    .where('scorecard_id', '=', scorecardId)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  if (Number(recent.n) >= RATE_LIMIT) {
    const retry = Math.max(1, Math.ceil((Date.parse(String(recent.oldest)) + RATE_WINDOW_MS - at.getTime()) / 1000));
    throw new FeedbackRefused(
      'rate-limited',
      `this scorecard has taken ${RATE_LIMIT} answers in the last ${RATE_WINDOW_MS / 60_000} minutes, its limit: send yours again in ${retry} seconds`,
      'conflict',
      retry,
    );
  }
  const all = await trx.selectFrom('feedback').select((eb) => eb.fn.countAll().as('n')).where('scorecard_id', '=', scorecardId).executeTakeFirstOrThrow();
  if (Number(all.n) >= MAX_ANSWERS) {
    throw new FeedbackRefused('rate-limited', `this scorecard has taken ${MAX_ANSWERS} answers, as many as it holds: answer the next cycle’s scorecard`, 'conflict');
  }
}

/** Marks the challenge spent until it expires; 'challenge-reused' if it already was. */
async function spendChallenge(trx: Trx, challenge: string, expires: number, at: Date): Promise<void> {
  // Expired challenges are refused by time alone: their hashes need not be kept.
  await trx.deleteFrom('feedback_challenge').where('expires_at', '<=', at.toISOString()).execute();
  const hash = createHash('sha256').update(challenge, 'utf8').digest('hex');
  const spent = await trx
    .insertInto('feedback_challenge')
    .values({ hash, expires_at: new Date(expires * 1000).toISOString() })
    .onConflict((oc) => oc.column('hash').doNothing())
    .returning('hash')
    .executeTakeFirst();
  if (spent === undefined) {
    throw new FeedbackRefused('challenge-reused', 'this challenge was already used for an answer: fetch a new challenge to send another', 'conflict');
  }
}

// ---------------------------------------------------------------- reading (public)

/**
 * An answer's archived document: canonical JSON (RFC 8785) of what was taken, so the same bytes,
 * and the same SHA-256, whenever it is made again from the row.
 */
function answerDocument(where: ScorecardKey, a: { id: number; dimension: string | null; pseudonym: string | null; text: string; createdAt: string }): Uint8Array {
  return canonicalBytes({ format: FEEDBACK_FORMAT, ...where, feedback: a.id, dimension: a.dimension, pseudonym: a.pseudonym, text: a.text, at: a.createdAt });
}

export interface FeedbackItem {
  id: number;
  /** SHA-256 of the answer's archived document, what `daylight redact` takes; null once redacted */
  document: string | null;
  /** its document was redacted: `hidden` then gives the reason "redacted" */
  redacted: boolean;
  dimension: string | null;
  createdAt: string;
  /** null when hidden */
  pseudonym: string | null;
  /** null when hidden */
  text: string | null;
  hidden: { at: string; reason: string } | null;
  /** what a public view shows: the text, or "hidden: <reason>" */
  shown: string;
}

export interface FeedbackList extends ScorecardKey {
  open: boolean;
  closesAt: string | null;
  answers: FeedbackItem[];
}

/** What a redacted answer shows where its text was (its text is erased: services/redact.ts). */
const REDACTED = 'redacted';

/** Hidden by a moderator with a reason, or redacted (shown as hidden for the reason "redacted"). */
function hiddenOf(r: { hidden_at: string | null; hidden_reason: string | null; redacted_at: string | null }): FeedbackRow['hidden'] {
  if (r.redacted_at !== null) return { at: r.redacted_at, reason: REDACTED };
  return r.hidden_at === null ? null : { at: r.hidden_at, reason: r.hidden_reason ?? '' };
}

/** The answers to a published scorecard, oldest first; hidden ones without text or name. */
export async function listFeedback(ctx: Ctx, key: ScorecardKey): Promise<FeedbackList> {
  const card = await loadAnsweredCard(ctx.db, key, false);
  let open = true;
  let closesAt: string | null = null;
  try {
    closesAt = requireOpen(card, ctx.now()).toISOString();
  } catch (e) {
    if (!(e instanceof FeedbackRefused)) throw e;
    if (card.status !== 'published') throw e;
    open = false;
  }
  const where = { alliance: card.alliance.slug, cycle: card.cycle.n, reviewer: card.reviewer, reviewee: card.reviewee };
  const rows = await ctx.db
    .selectFrom('feedback')
    .select(['id', 'dimension', 'text', 'pseudonym', 'created_at', 'hidden_at', 'hidden_reason', 'redacted_at'])
    .where('scorecard_id', '=', card.id)
    .orderBy('id')
    .execute();
  return {
    ...where,
    open,
    closesAt,
    answers: rows.map((r) => {
      const hidden = hiddenOf(r);
      const id = toIndex(r.id);
      const document = () => answerDocument(where, { id, dimension: r.dimension, pseudonym: r.pseudonym, text: r.text, createdAt: r.created_at });
      return {
        id,
        document: r.redacted_at === null ? createHash('sha256').update(document()).digest('hex') : null,
        redacted: r.redacted_at !== null,
        dimension: r.dimension,
        createdAt: r.created_at,
        pseudonym: hidden === null ? r.pseudonym : null,
        text: hidden === null ? r.text : null,
        hidden,
        shown: shownText({ text: r.text, hidden }),
      };
    }),
  };
}

export interface FeedbackSummary {
  alliance: string;
  cycle: number;
  label: string;
  parties: PartySummary[];
}

/**
 * What the next cycle's triads read about cycle `cycle`: per reviewed party and dimension, how
 * many answered, how many were hidden, and a few recent visible texts (domain summarizeFeedback).
 */
export async function feedbackSummary(ctx: Ctx, input: { alliance: string; cycle: number }): Promise<FeedbackSummary> {
  const alliance = await findAlliance(ctx.db, input.alliance);
  const cycle = await loadCycle(ctx.db, alliance, input.cycle);
  const cards = await ctx.db
    .selectFrom('scorecard')
    .innerJoin('organization as reviewer', 'reviewer.id', 'scorecard.reviewer_id')
    .innerJoin('organization as reviewee', 'reviewee.id', 'scorecard.reviewee_id')
    .select(['scorecard.id', 'reviewer.slug as reviewer', 'reviewee.slug as reviewee'])
    .where('scorecard.cycle_id', '=', cycle.id)
    .execute();
  const rows = await ctx.db
    .selectFrom('feedback')
    .innerJoin('scorecard', 'scorecard.id', 'feedback.scorecard_id')
    .innerJoin('organization as reviewer', 'reviewer.id', 'scorecard.reviewer_id')
    .innerJoin('organization as reviewee', 'reviewee.id', 'scorecard.reviewee_id')
    .select([
      'feedback.id',
      'reviewer.slug as reviewer',
      'reviewee.slug as reviewee',
      'feedback.dimension',
      'feedback.text',
      'feedback.pseudonym',
      'feedback.created_at',
      'feedback.hidden_at',
      'feedback.hidden_reason',
      'feedback.redacted_at',
    ])
    .where('scorecard.cycle_id', '=', cycle.id)
    .execute();
  const parties = summarizeFeedback(
    rows.map((r) => ({
      id: toIndex(r.id),
      reviewer: r.reviewer,
      reviewee: r.reviewee,
      dimension: r.dimension,
      text: r.text,
      pseudonym: r.pseudonym,
      createdAt: r.created_at,
      hidden: hiddenOf(r),
    })),
    { reviewees: cards.map((c) => c.reviewee), dimensions: cycle.audit.dimensions.map((d) => d.id) },
  );
  return { alliance: alliance.slug, cycle: cycle.n, label: cycleLabel(cycle.rhythm, cycle.n), parties };
}

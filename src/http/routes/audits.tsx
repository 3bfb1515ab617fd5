/**
 * Audits on the web (issue 4 §1–5, §7), all working with JavaScript off: the cycle overview and
 * the "open next cycle" form, the alliance's calendar feed (RFC 5545, stable URL), the triad
 * workspace (private to the triad's members: rate, finalize), the public scorecard with its
 * grassroots feedback (no account; proof of work by /static/feedback.js or the wait path) and
 * the moderators' hide form.
 *
 * Each form is a plain POST checked by the CSRF middleware before these handlers run (the
 * feedback form, sent without an account, by its anonymous double-submit token, as /login is),
 * answered by a 303 to the page that shows the result, or by the same page again with the
 * service's reason and what was typed, nothing written. Authorization is the services'
 * (cycles, scorecards, moderation); the pages decide only which forms to offer, and refuse the
 * workspace to anyone not seated in one of the cycle's triads.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Ctx } from '../../services/context.js';
import type { Actor } from '../../services/actor.js';
import { findAlliance, getAlliance } from '../../services/alliances.js';
import { localRatios } from '../../services/local-actions.js';
import { getCovenantVersion } from '../../services/covenants.js';
import { allianceCalendar, getCycle, openCycle } from '../../services/cycles.js';
import { finalizeScorecard, getScorecard, rateScorecard, scorecardDraft, type ScorecardKey } from '../../services/scorecards.js';
import { FeedbackRefused, feedbackChallenge, feedbackSummary, listFeedback, submitFeedback, type ChallengeView } from '../../services/feedback.js';
import { hideFeedback } from '../../services/moderation.js';
import {
  accountTriads,
  allianceCycles,
  archiveEntry,
  canModerate,
  cycleCards,
  cycleDimensions,
  cycleDraws,
  partyZones,
  previousScorecard,
  scorecardById,
  type CardLocation,
  type CycleSummary,
} from '../../services/audit-views.js';
import { cycleAt, cycleNumbered, type Rhythm } from '../../domain/audit/index.js';
import { CyclesPage, type NextCycle } from '../views/cycle.js';
import { cycleTitle, dimensionTitle, isTimeZone, scorecardPath, triadPath } from '../views/cycle-parts.js';
import { TriadPage, type DimensionValues, type WorkspaceCard } from '../views/triad.js';
import { ScorecardPage } from '../views/scorecard.js';
import { EMPTY_FEEDBACK, type FeedbackFormValues, type FeedbackSectionData } from '../views/feedback.js';
import { errorPage } from './error-page.js';
import { partiesActedFor } from './alliances.js';
import { versionParam } from './covenants.js';
import { actorOfContext, attempt, formText, refusalStatus } from './organizations.js';
import { pageInfo, sendPage } from './render.js';
import type { ScorecardPages } from './scorecard-cache.js';

export function registerAuditRoutes(app: Hono, ctx: Ctx, scorecards: ScorecardPages): void {
  registerFeedbackScript(app);
  app.get('/alliances/:slug/calendar.ics', (c) => calendarFeed(ctx, c));
  app.get('/alliances/:slug/cycles', (c) => cyclesPage(ctx, c, { notice: cyclesNotice(c) }, 200));
  app.post('/alliances/:slug/cycles', (c) => openNextCycle(ctx, c));
  app.get('/alliances/:slug/cycles/:n/triad', (c) => withSeat(ctx, c, (actor, n) => workspace(ctx, c, actor, n, {}, 200)));
  app.post('/alliances/:slug/cycles/:n/triad/rate', (c) => withSeat(ctx, c, (actor, n) => rate(ctx, c, actor, n)));
  app.post('/alliances/:slug/cycles/:n/triad/finalize', (c) => withSeat(ctx, c, (actor, n) => finalize(ctx, c, actor, n)));
  app.get('/scorecards/:id', (c) =>
    scorecards.serve(c, c.req.param('id'), (found) =>
      withCard(ctx, c, (card) => {
        found(card);
        return scorecardPage(ctx, c, card, {}, 200);
      }),
    ),
  );
  app.post('/scorecards/:id/feedback', (c) => withCard(ctx, c, (card) => answer(ctx, c, card)));
  app.post('/scorecards/:id/feedback/:fid/hide', (c) => withCard(ctx, c, (card) => hide(ctx, c, card)));
}

// ---------------------------------------------------------------- calendar feed

/** text/calendar at a stable URL; the bytes change only when the content does, so ETag works. */
async function calendarFeed(ctx: Ctx, c: Context): Promise<Response> {
  const slug = c.req.param('slug') ?? '';
  const r = await attempt(() => allianceCalendar(ctx, slug));
  if (!r.ok) return c.text(r.error.message, refusalStatus(r.error));
  const etag = `"${createHash('sha256').update(r.value).digest('base64url').slice(0, 22)}"`;
  const headers = { 'Cache-Control': 'public, max-age=3600', ETag: etag };
  if (c.req.header('If-None-Match') === etag) return c.body(null, 304, headers);
  return c.body(r.value, 200, { ...headers, 'Content-Type': 'text/calendar; charset=utf-8', 'Content-Disposition': `inline; filename="${slug}.ics"` });
}

// ---------------------------------------------------------------- cycle overview

interface CyclesExtra {
  error?: string | null;
  notice?: string | null;
  sources?: string;
}

async function cyclesPage(ctx: Ctx, c: Context, extra: CyclesExtra, status: ContentfulStatusCode): Promise<Response> {
  const slug = c.req.param('slug') ?? '';
  const alliance = await getAlliance(ctx, slug);
  const cycles = await allianceCycles(ctx, slug);
  const asked = c.req.query('n');
  const n = asked === undefined ? cycles[0]?.n : versionParam(asked);
  if (n === null) return errorPage(c, 404, 'not_found');
  const cycle = n === undefined ? null : await getCycle(ctx, slug, n);
  const session = c.get('session');
  const [cards, draws, zones, actedFor, seats] = await Promise.all([
    cycle ? cycleCards(ctx, slug, cycle.n) : [],
    cycle ? cycleDraws(ctx, slug, cycle.n) : [],
    partyZones(
      ctx,
      alliance.parties.map((p) => p.organization),
    ),
    partiesActedFor(
      ctx,
      c,
      alliance.parties.map((p) => p.organization),
    ),
    session && cycle ? accountTriads(ctx, session.account.id, slug, cycle.n) : [],
  ]);
  let next: NextCycle | null = null;
  if (actedFor.length > 0 && alliance.ratified) {
    const rhythm = (await getCovenantVersion(ctx, slug, alliance.ratified.version)).covenant.audit.rhythm;
    next = nextCycle(rhythm, cycles[0], ctx.now());
  }
  const tz = c.req.query('tz');
  const page = (
    <CyclesPage
      page={pageInfo(c)}
      alliance={{ slug: alliance.slug, name: alliance.name }}
      cycles={cycles}
      cycle={cycle}
      cards={cards}
      draws={draws}
      zones={zones}
      tz={isTimeZone(tz) ? tz : null}
      next={next}
      seats={seats}
      csrf={session ? session.csrfToken : null}
      {...extra}
    />
  );
  return sendPage(c, page, { status });
}

/**
 * The cycle the form opens: the one running now, unless it is already open, then the one after
 * the latest opened (cycles open in order; services/cycles.ts refuses any other).
 */
function nextCycle(rhythm: Rhythm, latest: CycleSummary | undefined, now: Date): NextCycle {
  const current = cycleAt(rhythm, now);
  if (latest === undefined || latest.rhythm !== rhythm || latest.n < current.n) {
    return { rhythm, n: current.n, start: current.start, end: current.end, at: now.toISOString() };
  }
  const c = cycleNumbered(rhythm, latest.n + 1);
  return { rhythm, n: c.n, start: c.start, end: c.end, at: c.start };
}

async function openNextCycle(ctx: Ctx, c: Context): Promise<Response> {
  const actor = actorOfContext(c);
  if (!actor) return c.redirect('/login', 303);
  const slug = c.req.param('slug') ?? '';
  const form = await c.req.parseBody();
  const typed = formText(form.sources);
  const sources = typed
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const at = formText(form.at).trim();
  const r = await attempt(() => openCycle(ctx, actor, { alliance: slug, sources, ...(at ? { at } : {}) }));
  if (r.ok) return c.redirect(`/alliances/${slug}/cycles?n=${r.value.n}&done=opened`, 303);
  return cyclesPage(ctx, c, { error: r.error.message, sources: typed }, refusalStatus(r.error));
}

function cyclesNotice(c: Context): string | null {
  return c.req.query('done') === 'opened' ? pageInfo(c).t('cycle.open.done') : null;
}

// ---------------------------------------------------------------- triad workspace

/**
 * Runs `then` for a signed-in reader seated in one of cycle n's triads; a signed-out reader is
 * sent to sign in, anyone else gets 403 before any draft is read.
 */
async function withSeat(ctx: Ctx, c: Context, then: (actor: Actor & { kind: 'account' }, n: number) => Promise<Response>): Promise<Response> {
  const actor = actorOfContext(c);
  if (!actor || actor.kind !== 'account') return c.redirect('/login', 303);
  const n = versionParam(c.req.param('n'));
  if (n === null) return errorPage(c, 404, 'not_found');
  const seats = await accountTriads(ctx, actor.accountId, c.req.param('slug') ?? '', n);
  if (seats.length === 0) return errorPage(c, 403, 'forbidden', pageInfo(c).t('triad.forbidden'));
  return then(actor, n);
}

interface WorkspaceExtra {
  /** a refused form: the card (reviewer/reviewee), the reason, and what was typed */
  refused?: { reviewer: string; reviewee: string; message: string; values?: Record<string, DimensionValues> };
  notice?: string | null;
}

async function workspace(ctx: Ctx, c: Context, actor: Actor, n: number, extra: WorkspaceExtra, status: ContentfulStatusCode): Promise<Response> {
  const slug = c.req.param('slug') ?? '';
  const session = c.get('session')!;
  const seats = await accountTriads(ctx, session.account.id, slug, n);
  const wanted = extra.refused?.reviewer ?? c.req.query('party');
  const seat = seats.find((s) => s.party === wanted) ?? seats[0]!;
  if (extra.refused && seat.party !== extra.refused.reviewer) {
    // Refused for a card this reader's triad does not hold: there is no form to show it beside.
    return errorPage(c, status, status === 403 ? 'forbidden' : status === 404 ? 'not_found' : 'bad_input', extra.refused.message);
  }
  const [alliance, cycle, dimensions, cards, cycles] = await Promise.all([
    getAlliance(ctx, slug),
    getCycle(ctx, slug, n),
    cycleDimensions(ctx, slug, n),
    cycleCards(ctx, slug, n),
    allianceCycles(ctx, slug),
  ]);
  const locale = pageInfo(c).locale;
  const mine = cards.filter((card) => card.reviewer === seat.party);
  const workspaceCards: WorkspaceCard[] = [];
  for (const card of mine) {
    const key: ScorecardKey = { alliance: slug, cycle: n, reviewer: card.reviewer, reviewee: card.reviewee };
    const draft = await scorecardDraft(ctx, actor, key);
    const refused = extra.refused?.reviewer === card.reviewer && extra.refused.reviewee === card.reviewee ? extra.refused : null;
    workspaceCards.push({
      id: card.id,
      draft,
      previous: await previousScorecard(ctx, key),
      values: refused?.values ?? savedValues(draft, seat.pseudonym),
      error: refused?.message ?? null,
    });
  }
  const earlier = cycles.find((x) => x.n < n);
  const feedback = earlier ? { summary: await feedbackSummary(ctx, { alliance: slug, cycle: earlier.n }), label: cycleTitle(locale, earlier.rhythm, earlier.n) } : null;
  const page = (
    <TriadPage
      page={pageInfo(c)}
      alliance={{ slug: alliance.slug, name: alliance.name }}
      cycle={{ n, label: cycleTitle(locale, cycle.rhythm, n), end: cycle.end }}
      seat={seat}
      dimensions={dimensions}
      cards={workspaceCards}
      feedback={feedback}
      csrf={session.csrfToken}
      notice={extra.notice ?? workspaceNotice(c)}
    />
  );
  // Drafts and evidence: never kept by any cache.
  return sendPage(c, page, { status, store: false });
}

/** The reader's own saved ratings, as the form shows them. */
function savedValues(draft: WorkspaceCard['draft'], pseudonym: string): Record<string, DimensionValues> {
  const values: Record<string, DimensionValues> = {};
  for (const r of draft.ratings.filter((x) => x.rater === pseudonym)) {
    values[r.dimension] = { score: String(r.score), note: r.note, evidence: r.evidence.join('\n') };
  }
  return values;
}

function workspaceNotice(c: Context): string | null {
  return c.req.query('done') === 'rated' ? pageInfo(c).t('triad.rate.done') : null;
}

async function rate(ctx: Ctx, c: Context, actor: Actor, n: number): Promise<Response> {
  const slug = c.req.param('slug') ?? '';
  const form = await c.req.parseBody();
  const reviewer = formText(form.reviewer);
  const reviewee = formText(form.reviewee);
  const dimensions = await cycleDimensions(ctx, slug, n);
  const values: Record<string, DimensionValues> = {};
  for (const d of dimensions) {
    values[d.id] = { score: formText(form[`score.${d.id}`]), note: formText(form[`note.${d.id}`]), evidence: formText(form[`evidence.${d.id}`]) };
  }
  const { t, locale } = pageInfo(c);
  const refuse = (message: string, code: ContentfulStatusCode) => workspace(ctx, c, actor, n, { refused: { reviewer, reviewee, message, values } }, code);
  // A note or evidence without a score would be dropped silently: say so instead.
  const unscored = dimensions.find((d) => values[d.id]!.score === '' && (values[d.id]!.note.trim() !== '' || values[d.id]!.evidence.trim() !== ''));
  if (unscored) return refuse(t('triad.rate.unscored', { dimension: dimensionTitle(unscored.id, locale, unscored.title) }), 400);
  const ratings = dimensions
    .filter((d) => values[d.id]!.score !== '')
    .map((d) => {
      const v = values[d.id]!;
      return { dimension: d.id, score: Number(v.score), note: v.note, evidence: lines(v.evidence) };
    });
  if (ratings.length === 0) return refuse(t('triad.rate.empty'), 400);
  const r = await attempt(() => rateScorecard(ctx, actor, { alliance: slug, cycle: n, reviewer, reviewee, ratings }));
  const card = (await cycleCards(ctx, slug, n)).find((x) => x.reviewer === reviewer && x.reviewee === reviewee);
  if (r.ok) return c.redirect(`${triadPath(slug, n)}?party=${encodeURIComponent(reviewer)}&done=rated#card-${card?.id ?? ''}`, 303);
  if (!card) return errorPage(c, refusalStatus(r.error), 'bad_input', r.error.message);
  return refuse(r.error.message, refusalStatus(r.error));
}

/** Evidence references, one per line. */
function lines(text: string): string[] {
  return text
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

async function finalize(ctx: Ctx, c: Context, actor: Actor, n: number): Promise<Response> {
  const slug = c.req.param('slug') ?? '';
  const form = await c.req.parseBody();
  const reviewer = formText(form.reviewer);
  const reviewee = formText(form.reviewee);
  const lang = formText(form.lang).trim();
  const r = await attempt(() => finalizeScorecard(ctx, actor, { alliance: slug, cycle: n, reviewer, reviewee, ...(lang ? { lang } : {}) }));
  const card = (await cycleCards(ctx, slug, n)).find((x) => x.reviewer === reviewer && x.reviewee === reviewee);
  if (r.ok && card) return c.redirect(`${scorecardPath(card.id)}?done=published`, 303);
  if (r.ok || !card) return errorPage(c, 404, 'not_found');
  return workspace(ctx, c, actor, n, { refused: { reviewer, reviewee, message: r.error.message } }, refusalStatus(r.error));
}

// ---------------------------------------------------------------- the public scorecard

/** Runs `then` for a published scorecard; a draft is "not found" here, as to everyone outside its triad. */
async function withCard(ctx: Ctx, c: Context, then: (card: CardLocation) => Promise<Response>): Promise<Response> {
  const id = versionParam(c.req.param('id'));
  if (id === null) return errorPage(c, 404, 'not_found');
  const found = await attempt(() => scorecardById(ctx, id));
  if (!found.ok || found.value.status !== 'published') return errorPage(c, 404, 'not_found');
  return then(found.value);
}

interface ScorecardExtra {
  values?: FeedbackFormValues;
  refusal?: FeedbackSectionData['refusal'];
  /** the challenge to keep (sent too soon: the wait already begun still counts) */
  challenge?: string;
  hide?: FeedbackSectionData['hide'];
}

async function scorecardPage(ctx: Ctx, c: Context, card: CardLocation, extra: ScorecardExtra, status: ContentfulStatusCode): Promise<Response> {
  const [alliance, published, list, dimensions, moderator] = await Promise.all([
    getAlliance(ctx, card.alliance),
    getScorecard(ctx, card),
    listFeedback(ctx, card),
    cycleDimensions(ctx, card.alliance, card.cycle),
    canModerate(ctx, actorOfContext(c), card.alliance),
  ]);
  const record = await archiveEntry(ctx, published.index);
  const challenge = list.open ? await challengeFor(ctx, card, extra.challenge) : null;
  const mirroring = await revieweeMirroring(ctx, card);
  const info = pageInfo(c);
  const feedback: FeedbackSectionData = {
    list,
    challenge,
    csrf: c.get('csrfToken')(),
    action: `${scorecardPath(card.id)}/feedback`,
    dimensions,
    values: extra.values ?? EMPTY_FEEDBACK,
    refusal: extra.refusal ?? null,
    moderator,
    hide: extra.hide ?? null,
  };
  const page = (
    <ScorecardPage
      page={info}
      alliance={{ slug: alliance.slug, name: alliance.name }}
      label={cycleTitle(info.locale, card.rhythm, card.cycle)}
      published={published}
      record={record}
      feedback={feedback}
      notice={scorecardNotice(c)}
      mirroring={mirroring}
    />
  );
  return sendPage(c, page, { status });
}

/** The reviewed party's local mirroring ratio in the card's cycle (issue 5 §5), or null without one. */
async function revieweeMirroring(ctx: Ctx, card: CardLocation) {
  const ratios = await localRatios(ctx.db, await findAlliance(ctx.db, card.alliance), ctx.now(), { cycle: card.cycle });
  const row = ratios?.rows.find((r) => r.party === card.reviewee);
  return row ? { party: row.party, local: row.local, abroad: row.abroad, ratio: row.ratio, reminder: row.reminder } : null;
}

/** A fresh challenge, or the one the reader sent when it is kept (services check it again). */
async function challengeFor(ctx: Ctx, card: CardLocation, keep: string | undefined): Promise<ChallengeView | null> {
  const r = await attempt(() => feedbackChallenge(ctx, card));
  if (!r.ok) return null;
  return keep === undefined ? r.value : { ...r.value, challenge: keep };
}

function scorecardNotice(c: Context): string | null {
  const { t } = pageInfo(c);
  switch (c.req.query('done')) {
    case 'published':
      return t('scorecard.notice.published');
    case 'feedback':
      return t('feedback.notice.sent');
    case 'hidden':
      return t('feedback.notice.hidden');
    default:
      return null;
  }
}

async function answer(ctx: Ctx, c: Context, card: CardLocation): Promise<Response> {
  const form = await c.req.parseBody();
  const values: FeedbackFormValues = { dimension: formText(form.dimension), pseudonym: formText(form.pseudonym), text: formText(form.text) };
  const challenge = formText(form.challenge);
  const nonce = formText(form.nonce).trim();
  const r = await attempt(() =>
    submitFeedback(ctx, {
      alliance: card.alliance,
      cycle: card.cycle,
      reviewer: card.reviewer,
      reviewee: card.reviewee,
      challenge,
      ...(nonce ? { nonce } : {}),
      dimension: values.dimension === '' ? null : values.dimension,
      pseudonym: values.pseudonym,
      text: values.text,
    }),
  );
  if (r.ok) return c.redirect(`${scorecardPath(card.id)}?done=feedback#answer-${r.value.id}`, 303);
  const reason = r.error instanceof FeedbackRefused ? r.error.reason : null;
  const extra: ScorecardExtra = { values, refusal: { reason, message: r.error.message } };
  // Sent too soon by the wait path: the wait already begun counts, so keep that challenge.
  if (reason === 'challenge-early') extra.challenge = challenge;
  return scorecardPage(ctx, c, card, extra, refusalStatus(r.error));
}

async function hide(ctx: Ctx, c: Context, card: CardLocation): Promise<Response> {
  const actor = actorOfContext(c);
  if (!actor) return c.redirect('/login', 303);
  const id = versionParam(c.req.param('fid'));
  const list = await listFeedback(ctx, card);
  // The answer must belong to this scorecard: the URL names both.
  if (id === null || !list.answers.some((a) => a.id === id)) return errorPage(c, 404, 'not_found');
  const reason = formText((await c.req.parseBody()).reason);
  const r = await attempt(() => hideFeedback(ctx, actor, { id, reason }));
  if (r.ok) return c.redirect(`${scorecardPath(card.id)}?done=hidden#answer-${id}`, 303);
  return scorecardPage(ctx, c, card, { hide: { id, reason, message: r.error.message } }, refusalStatus(r.error));
}

// ---------------------------------------------------------------- /static/feedback.js

const SCRIPT_CANDIDATES = ['../static/feedback.js', '../../../src/http/static/feedback.js'];

function loadScript(): string {
  for (const rel of SCRIPT_CANDIDATES) {
    try {
      return readFileSync(new URL(rel, import.meta.url), 'utf8');
    } catch {
      // try the next place
    }
  }
  throw new Error('feedback.js not found next to the http module or in src/http/static/: the package is incomplete');
}

/** The proof-of-work enhancement, served like sign.js: same origin (CSP script-src 'self'), revalidated by ETag. */
function registerFeedbackScript(app: Hono): void {
  const js = loadScript();
  const etag = `"${createHash('sha256').update(js).digest('base64url').slice(0, 22)}"`;
  app.get('/static/feedback.js', (c) => {
    const headers = { 'Cache-Control': 'public, max-age=86400', ETag: etag };
    if (c.req.header('If-None-Match') === etag) return c.body(null, 304, headers);
    return c.body(js, 200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' });
  });
}

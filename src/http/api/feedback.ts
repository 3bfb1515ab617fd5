/**
 * Feedback, moderation and reminder endpoints (issue 4 §5–6).
 *
 * Public, no account (and no IP address read or kept: nothing here looks at the connection):
 *   GET  …/scorecards/{reviewer}/{reviewee}/feedback/challenge   a challenge for this scorecard
 *   POST …/scorecards/{reviewer}/{reviewee}/feedback             an answer: challenge + nonce (or
 *        none after the wait), dimension, pseudonym, text; refusals carry `reason`, and the rate
 *        limit answers 429 with Retry-After
 *   GET  …/scorecards/{reviewer}/{reviewee}/feedback             the answers ("hidden: <reason>")
 *   GET  /alliances/{alliance}/cycles/{n}/feedback-summary         for the next cycle's triads
 * With an API token:
 *   POST /feedback/{id}/hide            a moderator hides an answer with a public reason
 *   GET  /reminders                     the in-app list of what is owed (the account's alliances)
 *   POST /alliances/{alliance}/webhooks register an endpoint (its secret is in this answer only)
 *   GET  /alliances/{alliance}/webhooks the endpoints, without secrets
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { actorOf } from '../../services/accounts.js';
import type { Ctx } from '../../services/context.js';
import { FeedbackRefused, feedbackChallenge, feedbackSummary, listFeedback, submitFeedback } from '../../services/feedback.js';
import { hideFeedback } from '../../services/moderation.js';
import { checkNow, dueItemsFor } from '../../services/reminders.js';
import { addWebhook, listWebhooks } from '../../services/webhooks.js';
import { FEEDBACK_LIMITS, MAX_HIDE_REASON } from '../../domain/feedback.js';
import type { ScorecardKey } from '../../services/scorecards.js';
import { requireAccount } from '../middleware/api-auth.js';
import { authErrorResponses, bearer, errorResponses } from './responses.js';
import { oneLine, statusOf } from '../errors.js';

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
const slug = (name: string, what: string) =>
  z.string().regex(SLUG, `expected ${what}: lowercase letters, digits and hyphens`).openapi({ param: { name, in: 'path' }, example: name === 'alliance' ? 'tri' : 'sur' });

const AllianceParams = z.object({ alliance: slug('alliance', 'an alliance slug') });
const CycleParams = AllianceParams.extend({
  n: z.string().regex(/^[0-9]{1,9}$/, 'expected a cycle number').openapi({ param: { name: 'n', in: 'path' }, example: '1299' }),
});
const CardParams = CycleParams.extend({
  reviewer: slug('reviewer', 'the reviewing party’s slug'),
  reviewee: slug('reviewee', 'the reviewed party’s slug'),
});
const IdParams = z.object({
  id: z.string().regex(/^[1-9][0-9]{0,15}$/, 'expected a feedback id: a whole number from 1').openapi({ param: { name: 'id', in: 'path' }, example: '12' }),
});

const Challenge = z
  .object({
    challenge: z.string(),
    bits: z.number().int().openapi({ description: 'SHA-256(challenge ‖ nonce) must start with this many zero bits' }),
    issuedAt: z.string(),
    notBefore: z.string().openapi({ description: 'without a nonce (JavaScript off), send no sooner than this' }),
    waitSeconds: z.number().int(),
    expiresAt: z.string(),
    closesAt: z.string().openapi({ description: 'when feedback on this scorecard closes' }),
  })
  .openapi('FeedbackChallenge');

const FeedbackInput = z
  .object({
    challenge: z.string().max(FEEDBACK_LIMITS.challenge),
    nonce: z.string().max(FEEDBACK_LIMITS.nonce).optional().openapi({ description: 'the proof of work (decimal digits from the solver); omit to take the wait path' }),
    dimension: z.string().max(63).nullable().optional().openapi({ description: 'a dimension id, or omitted/null/"overall"' }),
    pseudonym: z.string().max(4 * FEEDBACK_LIMITS.pseudonym).nullable().optional().openapi({ description: 'omit for no name at all' }),
    text: z.string().max(8 * FEEDBACK_LIMITS.text).openapi({ description: `at most ${FEEDBACK_LIMITS.text} characters; stored as text, escaped wherever shown` }),
  })
  .openapi('FeedbackInput');

const Accepted = z
  .object({
    id: z.number().int(),
    index: z.number().int().openapi({ description: 'the feedback record’s index in the log' }),
    alliance: z.string(),
    cycle: z.number().int(),
    reviewer: z.string(),
    reviewee: z.string(),
    dimension: z.string().nullable(),
    createdAt: z.string(),
    document: z.string().openapi({ description: 'SHA-256 of the archived answer (doc/sha256/<hex>)' }),
  })
  .openapi('FeedbackAccepted');

const Refusal = z
  .object({
    error: z.string(),
    reason: z.enum(['text', 'pseudonym', 'dimension', 'challenge-invalid', 'challenge-expired', 'challenge-early', 'challenge-reused', 'work', 'closed', 'rate-limited']),
  })
  .openapi('FeedbackRefusal');

const Answer = z.object({
  id: z.number().int(),
  document: z.string().nullable().openapi({ description: 'SHA-256 (hex) of the answer’s archived document, as its feedback record names it; null once redacted' }),
  redacted: z.boolean().openapi({ description: 'its document was redacted and its text erased; `hidden` gives the reason "redacted"' }),
  dimension: z.string().nullable(),
  createdAt: z.string(),
  pseudonym: z.string().nullable(),
  text: z.string().nullable().openapi({ description: 'null when hidden' }),
  hidden: z.object({ at: z.string(), reason: z.string() }).nullable(),
  shown: z.string().openapi({ description: 'what a public view shows: the text, or "hidden: <reason>"' }),
});

const FeedbackList = z
  .object({ alliance: z.string(), cycle: z.number().int(), reviewer: z.string(), reviewee: z.string(), open: z.boolean(), closesAt: z.string().nullable(), answers: z.array(Answer) })
  .openapi('FeedbackList');

const Summary = z
  .object({
    alliance: z.string(),
    cycle: z.number().int(),
    label: z.string(),
    parties: z.array(
      z.object({
        reviewee: z.string(),
        count: z.number().int(),
        hidden: z.number().int(),
        dimensions: z.array(
          z.object({
            dimension: z.string().nullable(),
            count: z.number().int(),
            hidden: z.number().int(),
            recent: z.array(z.object({ id: z.number().int(), reviewer: z.string(), text: z.string(), pseudonym: z.string().nullable(), at: z.string() })),
          }),
        ),
      }),
    ),
  })
  .openapi('FeedbackSummary');

const HideInput = z.object({ reason: z.string().max(4 * MAX_HIDE_REASON).openapi({ description: 'public, archived: why, in one line' }) }).openapi('HideInput');
const Hidden = z
  .object({ id: z.number().int(), index: z.number().int(), alliance: z.string(), cycle: z.number().int(), reviewer: z.string(), reviewee: z.string(), reason: z.string(), by: z.string(), hiddenAt: z.string() })
  .openapi('FeedbackHidden');

const RemindersQuery = z.object({
  alliance: z.string().regex(SLUG).optional().openapi({ param: { name: 'alliance', in: 'query' } }),
  now: z.string().max(40).optional().openapi({ param: { name: 'now', in: 'query' }, description: 'as at this ISO-8601 instant (default: now)' }),
});
const DueItem = z.object({
  key: z.string(),
  kind: z.enum(['rating', 'scorecard', 'signature', 'renewal', 'mirroring']),
  alliance: z.string(),
  party: z.string(),
  member: z.string().optional(),
  cycle: z.number().int().optional(),
  cycleLabel: z.string().optional(),
  reviewer: z.string().optional(),
  reviewee: z.string().optional(),
  version: z.number().int().optional(),
  renewal: z.number().int().optional(),
  dueAt: z.string().nullable(),
  notice: z.enum(['owed', 'due-soon', 'overdue']),
  what: z.string(),
  recipients: z.array(z.string()).openapi({ description: 'pseudonyms of the members reminded' }),
});
const Reminders = z.object({ items: z.array(DueItem) }).openapi('Reminders');

const WebhookInput = z.object({ url: z.string().max(2000), party: z.string().regex(SLUG).optional() }).openapi('WebhookInput');
const Webhook = z.object({ id: z.number().int(), alliance: z.string(), party: z.string().nullable(), url: z.string(), createdAt: z.string() });
const WebhookCreated = Webhook.extend({ secret: z.string().openapi({ description: 'shown once: HMAC key of Daylight-Signature' }) }).openapi('WebhookCreated');
const Webhooks = z.object({ webhooks: z.array(Webhook) }).openapi('Webhooks');

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, ...json(schema) } });
const refusals = {
  400: { description: 'refused: `reason` says which check', ...json(Refusal) },
  404: { description: 'no such scorecard, or not published yet', ...json(Refusal.partial({ reason: true })) },
  409: { description: 'refused: closed, or the challenge was used', ...json(Refusal) },
  429: { description: 'this scorecard’s rate limit: Retry-After says when', ...json(Refusal) },
} as const;

const routes = {
  challenge: createRoute({
    method: 'get',
    path: '/alliances/{alliance}/cycles/{n}/scorecards/{reviewer}/{reviewee}/feedback/challenge',
    summary: 'A proof-of-work challenge for answering this published scorecard (nothing is stored)',
    request: { params: CardParams },
    responses: { 200: { description: 'the challenge', ...json(Challenge) }, ...refusals },
  }),
  answer: createRoute({
    method: 'post',
    path: '/alliances/{alliance}/cycles/{n}/scorecards/{reviewer}/{reviewee}/feedback',
    summary: 'Answer a published scorecard, without an account',
    request: { params: CardParams, ...body(FeedbackInput) },
    responses: { 201: { description: 'taken and archived', ...json(Accepted) }, ...refusals },
  }),
  list: createRoute({
    method: 'get',
    path: '/alliances/{alliance}/cycles/{n}/scorecards/{reviewer}/{reviewee}/feedback',
    summary: 'The answers to a published scorecard; a hidden one shows only its reason',
    request: { params: CardParams },
    responses: { 200: { description: 'answers, oldest first', ...json(FeedbackList) }, ...errorResponses },
  }),
  summary: createRoute({
    method: 'get',
    path: '/alliances/{alliance}/cycles/{n}/feedback-summary',
    summary: 'Per reviewed party and dimension: answers, hidden ones, the latest few — for the next cycle’s triads',
    request: { params: CycleParams },
    responses: { 200: { description: 'the summary', ...json(Summary) }, ...errorResponses },
  }),
  hide: createRoute({
    method: 'post',
    path: '/feedback/{id}/hide',
    summary: 'Hide an answer with a public reason (instance admin, or an admin of a party to the alliance); archived',
    security: bearer,
    request: { params: IdParams, ...body(HideInput) },
    responses: { 201: { description: 'hidden', ...json(Hidden) }, ...authErrorResponses },
  }),
  reminders: createRoute({
    method: 'get',
    path: '/reminders',
    summary: 'What is owed, soonest first, in the alliances the account belongs to (all of them for an instance admin)',
    security: bearer,
    request: { query: RemindersQuery },
    responses: { 200: { description: 'the list', ...json(Reminders) }, ...authErrorResponses },
  }),
  addWebhook: createRoute({
    method: 'post',
    path: '/alliances/{alliance}/webhooks',
    summary: 'Register an endpoint for the alliance’s reminders (a party admin: that party’s only); the secret is shown once',
    security: bearer,
    request: { params: AllianceParams, ...body(WebhookInput) },
    responses: { 201: { description: 'registered', ...json(WebhookCreated) }, ...authErrorResponses },
  }),
  listWebhooks: createRoute({
    method: 'get',
    path: '/alliances/{alliance}/webhooks',
    summary: 'The alliance’s reminder endpoints, without their secrets',
    security: bearer,
    request: { params: AllianceParams },
    responses: { 200: { description: 'endpoints', ...json(Webhooks) }, ...authErrorResponses },
  }),
};

function cardKey(p: { alliance: string; n: string; reviewer: string; reviewee: string }): ScorecardKey {
  return { alliance: p.alliance, cycle: Number(p.n), reviewer: p.reviewer, reviewee: p.reviewee };
}

/**
 * A refused answer keeps its reason in the body, and the rate limit is 429 with Retry-After.
 * The API's error handler has already answered (compose sets c.error); this rewrites that answer
 * for a FeedbackRefused only, so every other error keeps the one mapping in http/errors.ts.
 */
function feedbackRefusals(): MiddlewareHandler {
  return async function feedbackRefusalsMiddleware(c, next) {
    await next();
    const err = c.error;
    if (!(err instanceof FeedbackRefused)) return;
    const status = err.reason === 'rate-limited' ? 429 : statusOf(err.code);
    const headers: Record<string, string> = err.retryAfter !== undefined ? { 'Retry-After': String(err.retryAfter) } : {};
    c.res = c.json({ error: oneLine(err.message), reason: err.reason }, status, headers);
  };
}

export function registerFeedbackRoutes(api: OpenAPIHono, ctx: Ctx): void {
  const refusals = feedbackRefusals();
  api.use('/alliances/:alliance/cycles/:n/scorecards/:reviewer/:reviewee/feedback', refusals);
  api.use('/alliances/:alliance/cycles/:n/scorecards/:reviewer/:reviewee/feedback/*', refusals);
  api.use('/feedback/:id/hide', refusals);
  api.openapi(routes.challenge, async (c) => c.json(await feedbackChallenge(ctx, cardKey(c.req.valid('param'))), 200, { 'Cache-Control': 'no-store' }));

  api.openapi(routes.answer, async (c) => {
    const b = c.req.valid('json');
    const r = await submitFeedback(ctx, {
      ...cardKey(c.req.valid('param')),
      challenge: b.challenge,
      text: b.text,
      ...(b.nonce !== undefined ? { nonce: b.nonce } : {}),
      ...(b.dimension !== undefined ? { dimension: b.dimension } : {}),
      ...(b.pseudonym !== undefined ? { pseudonym: b.pseudonym } : {}),
    });
    return c.json(r, 201);
  });

  api.openapi(routes.list, async (c) => c.json(await listFeedback(ctx, cardKey(c.req.valid('param'))), 200, { 'Cache-Control': 'no-cache' }));

  api.openapi(routes.summary, async (c) => {
    const { alliance, n } = c.req.valid('param');
    return c.json(await feedbackSummary(ctx, { alliance, cycle: Number(n) }), 200, { 'Cache-Control': 'no-cache' });
  });

  api.openapi(routes.hide, async (c) => {
    const actor = actorOf(requireAccount(c));
    return c.json(await hideFeedback(ctx, actor, { id: Number(c.req.valid('param').id), reason: c.req.valid('json').reason }), 201);
  });

  api.openapi(routes.reminders, async (c) => {
    const actor = actorOf(requireAccount(c));
    const q = c.req.valid('query');
    const items = await dueItemsFor(ctx, actor, { ...(q.alliance ? { alliance: q.alliance } : {}), ...(q.now ? { now: checkNow(q.now) } : {}) });
    return c.json({ items }, 200, { 'Cache-Control': 'private, no-store' });
  });

  api.openapi(routes.addWebhook, async (c) => {
    const actor = actorOf(requireAccount(c));
    const b = c.req.valid('json');
    const w = await addWebhook(ctx, actor, { alliance: c.req.valid('param').alliance, url: b.url, ...(b.party ? { party: b.party } : {}) });
    return c.json(w, 201, { 'Cache-Control': 'no-store' });
  });

  api.openapi(routes.listWebhooks, async (c) => {
    const actor = actorOf(requireAccount(c));
    return c.json({ webhooks: await listWebhooks(ctx, actor, c.req.valid('param').alliance) }, 200, { 'Cache-Control': 'private, no-store' });
  });
}

/**
 * Audit endpoints (issue 4): open a cycle, read it (assignments, triads by pseudonym), rate and
 * finalize a scorecard as a triad member, read the draft (triad only) and the published card.
 * Each reads like a checklist: authenticate (Bearer) → validate (zod) → one use case, which
 * authorizes (a party's admin or delegate opens; the account's linked member must be in the
 * triad to rate, read the draft or finalize) → present the fields that go out.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { actorOf } from '../../services/accounts.js';
import type { Ctx } from '../../services/context.js';
import { getCycle, openCycle, MAX_ADDED_SOURCES } from '../../services/cycles.js';
import { finalizeScorecard, getScorecard, rateScorecard, scorecardDraft, type ScorecardKey } from '../../services/scorecards.js';
import { RATING_LIMITS } from '../../domain/audit/scorecard.js';
import { requireAccount } from '../middleware/api-auth.js';
import { authErrorResponses, bearer, errorResponses } from './responses.js';

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
const slug = (name: string, what: string) =>
  z.string().regex(SLUG, `expected ${what}: lowercase letters, digits and hyphens`).openapi({ param: { name, in: 'path' }, example: name === 'alliance' ? 'tri' : 'sur' });

const AllianceParams = z.object({ alliance: slug('alliance', 'an alliance slug') });
const CycleParams = AllianceParams.extend({
  n: z.string().regex(/^[0-9]{1,9}$/, 'expected a cycle number').openapi({ param: { name: 'n', in: 'path' }, example: '1285' }),
});
const CardParams = CycleParams.extend({
  reviewer: slug('reviewer', 'the reviewing party’s slug'),
  reviewee: slug('reviewee', 'the reviewed party’s slug'),
});

const OpenCycleInput = z
  .object({
    at: z.string().max(40).optional().openapi({ description: 'an instant inside the cycle to open (default: now)', example: '2026-11-25T10:00:00Z' }),
    sources: z.array(z.string().max(1024)).max(MAX_ADDED_SOURCES).optional().openapi({ description: 'public random values added after the checkpoint root, in order' }),
  })
  .openapi('OpenCycleInput');

const Cycle = z
  .object({
    alliance: z.string(),
    rhythm: z.enum(['lunar', 'quarterly']),
    n: z.number().int(),
    label: z.string(),
    start: z.string(),
    end: z.string(),
    openedAt: z.string(),
    version: z.number().int(),
    checkpoint: z.object({ size: z.number().int(), root: z.string() }),
    sources: z.array(z.string()).openapi({ description: 'the announced RFC 3797 sources; each party’s draw adds its slug' }),
    assignment: z.object({ kind: z.enum(['all-to-all', 'rotating']), reviewers: z.number().int().optional() }),
    dimensions: z.array(z.string()),
    assignments: z.array(z.object({ reviewer: z.string(), reviewee: z.string(), status: z.enum(['draft', 'published']) })),
    triads: z.array(z.object({ party: z.string(), members: z.array(z.string()).openapi({ description: 'pseudonyms, in drawn order' }), newRound: z.boolean(), key: z.string() })),
  })
  .openapi('Cycle');

const RatingInput = z.object({
  dimension: z.string().max(63),
  score: z.number().int('expected a whole number from 0 to 4').min(0, 'expected a whole number from 0 to 4 (0 breach … 4 exemplary)').max(4, 'expected a whole number from 0 to 4 (0 breach … 4 exemplary)'),
  note: z.string().max(RATING_LIMITS.note).optional().openapi({ description: 'public once the scorecard is published' }),
  evidence: z.array(z.string().max(RATING_LIMITS.evidenceRef)).max(RATING_LIMITS.evidence).optional().openapi({ description: 'references kept private: never published' }),
});
const RateInput = z.object({ ratings: z.array(RatingInput).min(1, 'give at least one rating').max(20) }).openapi('RateInput');

const Draft = z
  .object({
    alliance: z.string(),
    cycle: z.number().int(),
    reviewer: z.string(),
    reviewee: z.string(),
    status: z.enum(['draft', 'published']),
    triad: z.array(z.string()),
    dimensions: z.array(z.string()),
    ratings: z.array(z.object({ rater: z.string(), dimension: z.string(), score: z.number().int(), note: z.string(), evidence: z.array(z.string()) })),
    readiness: z.object({ complete: z.array(z.string()), partial: z.array(z.object({ rater: z.string(), missing: z.array(z.string()) })), absent: z.array(z.string()) }),
  })
  .openapi('ScorecardDraft', { description: 'private to the triad: evidence included' });

const FinalizeInput = z.object({ lang: z.enum(['en', 'es', 'fr', 'ar', 'pt']).optional() }).openapi('FinalizeInput');

const Published = z
  .object({
    scorecard: z.record(z.string(), z.unknown()).openapi({ description: 'the public scorecard (daylight-scorecard/1), as in its JSON document' }),
    documents: z.array(z.object({ sha256: z.string(), mediaType: z.string(), size: z.number().int(), name: z.string().optional() })),
    index: z.number().int().openapi({ description: 'the scorecard record’s index in the log' }),
    publishedAt: z.string(),
  })
  .openapi('PublishedScorecard');

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, ...json(schema) } });

const openRoute = createRoute({
  method: 'post',
  path: '/alliances/{alliance}/cycles',
  summary: 'Open the audit cycle containing `at`: announce the sources, draw the triads, assign the scorecards',
  security: bearer,
  request: { params: AllianceParams, ...body(OpenCycleInput) },
  responses: { 201: { description: 'the opened cycle', ...json(Cycle) }, ...authErrorResponses },
});

const cycleRoute = createRoute({
  method: 'get',
  path: '/alliances/{alliance}/cycles/{n}',
  summary: 'A cycle: sources, assignments, triads by pseudonym',
  request: { params: CycleParams },
  responses: { 200: { description: 'the cycle', ...json(Cycle) }, ...errorResponses },
});

const rateRoute = createRoute({
  method: 'post',
  path: '/alliances/{alliance}/cycles/{n}/scorecards/{reviewer}/{reviewee}/ratings',
  summary: 'Rate dimensions as the account’s member in the reviewing triad (re-rating replaces)',
  security: bearer,
  request: { params: CardParams, ...body(RateInput) },
  responses: { 200: { description: 'the draft as the triad sees it', ...json(Draft) }, ...authErrorResponses },
});

const draftRoute = createRoute({
  method: 'get',
  path: '/alliances/{alliance}/cycles/{n}/scorecards/{reviewer}/{reviewee}/draft',
  summary: 'The draft with every member’s ratings: for the triad only',
  security: bearer,
  request: { params: CardParams },
  responses: { 200: { description: 'the draft', ...json(Draft) }, ...authErrorResponses },
});

const finalizeRoute = createRoute({
  method: 'post',
  path: '/alliances/{alliance}/cycles/{n}/scorecards/{reviewer}/{reviewee}/finalize',
  summary: 'Publish the scorecard as JSON, HTML and PDF and archive it (a triad member)',
  security: bearer,
  request: { params: CardParams, ...body(FinalizeInput) },
  responses: { 201: { description: 'the published scorecard', ...json(Published) }, ...authErrorResponses },
});

const scorecardRoute = createRoute({
  method: 'get',
  path: '/alliances/{alliance}/cycles/{n}/scorecards/{reviewer}/{reviewee}',
  summary: 'A published scorecard (404 while it is a draft)',
  request: { params: CardParams },
  responses: { 200: { description: 'the published scorecard', ...json(Published) }, ...errorResponses },
});

function cardKey(p: { alliance: string; n: string; reviewer: string; reviewee: string }): ScorecardKey {
  return { alliance: p.alliance, cycle: Number(p.n), reviewer: p.reviewer, reviewee: p.reviewee };
}

export function registerAuditRoutes(api: OpenAPIHono, ctx: Ctx): void {
  api.openapi(openRoute, async (c) => {
    const actor = actorOf(requireAccount(c));
    const { alliance } = c.req.valid('param');
    const { at, sources } = c.req.valid('json');
    const cycle = await openCycle(ctx, actor, { alliance, ...(at !== undefined ? { at } : {}), sources: sources ?? [] });
    return c.json(cycle, 201);
  });

  api.openapi(cycleRoute, async (c) => {
    const { alliance, n } = c.req.valid('param');
    return c.json(await getCycle(ctx, alliance, Number(n)), 200);
  });

  api.openapi(rateRoute, async (c) => {
    const actor = actorOf(requireAccount(c));
    const { ratings } = c.req.valid('json');
    return c.json(await rateScorecard(ctx, actor, { ...cardKey(c.req.valid('param')), ratings }), 200);
  });

  api.openapi(draftRoute, async (c) => {
    const actor = actorOf(requireAccount(c));
    return c.json(await scorecardDraft(ctx, actor, cardKey(c.req.valid('param'))), 200, { 'Cache-Control': 'private, no-store' });
  });

  api.openapi(finalizeRoute, async (c) => {
    const actor = actorOf(requireAccount(c));
    const { lang } = c.req.valid('json');
    const p = await finalizeScorecard(ctx, actor, { ...cardKey(c.req.valid('param')), ...(lang !== undefined ? { lang } : {}) });
    return c.json({ scorecard: { ...p.scorecard }, documents: p.documents, index: p.index, publishedAt: p.publishedAt }, 201);
  });

  api.openapi(scorecardRoute, async (c) => {
    const p = await getScorecard(ctx, cardKey(c.req.valid('param')));
    return c.json({ scorecard: { ...p.scorecard }, documents: p.documents, index: p.index, publishedAt: p.publishedAt }, 200, { 'Cache-Control': 'no-cache' });
  });
}

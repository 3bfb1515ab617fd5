/**
 * Lesson endpoints (issue 5 §6): the alliance's lessons and each case study (public: a draft
 * holds only what public records already hold), a draft assembled on demand, the title and the
 * authors' analysis edited while a draft, and publishing — each by an admin or delegate of a
 * party to the alliance.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Ctx } from '../../services/context.js';
import { actorOf } from '../../services/accounts.js';
import { draftLesson, editLesson, getLesson, listLessons, publishLesson, MAX_ANALYSIS, MAX_TITLE } from '../../services/lessons.js';
import { requireAccount } from '../middleware/api-auth.js';
import { authErrorResponses, bearer, errorResponses } from './responses.js';
import { SlugParams } from './covenant-schemas.js';

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const body = <T>(schema: T) => ({ body: { required: true, content: json(schema) } });

const LessonParams = SlugParams.extend({
  n: z
    .string()
    .regex(/^[1-9][0-9]{0,8}$/, 'expected a lesson number: a whole number from 1')
    .transform(Number)
    .openapi({ param: { name: 'n', in: 'path' }, type: 'integer', example: '1' }),
});

const Signal = z
  .object({ kind: z.enum(['approach', 'concern']), party: z.string(), explanation: z.string() })
  .passthrough()
  .openapi('MissedSignal', { description: 'approach: indicator, threshold, cycles, tripCycle, values; concern: dimension, cycle, rating, reviewer' });

const CaseStudy = z
  .object({
    format: z.literal('daylight-lesson/1'),
    alliance: z.string(),
    party: z.string().nullable(),
    assembledAt: z.string(),
    rhythm: z.enum(['lunar', 'quarterly']),
    missedSignals: z.array(Signal),
  })
  .passthrough()
  .openapi('CaseStudy', { description: 'also cycles, indicators (readings per cycle, tripCycle), scorecards (medians), decisions, warnings, transitions' });

const Document = z.object({ sha256: z.string(), mediaType: z.string(), size: z.number(), name: z.string().optional() });

const Lesson = z
  .object({
    alliance: z.string(),
    lesson: z.number().int(),
    party: z.string().nullable(),
    status: z.enum(['draft', 'published']),
    title: z.string(),
    analysis: z.string(),
    createdAt: z.string(),
    publishedAt: z.string().nullable(),
    index: z.number().int().nullable(),
    documents: z.array(Document),
    study: CaseStudy,
  })
  .openapi('Lesson');

const LessonSummary = z
  .object({
    lesson: z.number().int(),
    party: z.string().nullable(),
    status: z.enum(['draft', 'published']),
    title: z.string(),
    missedSignals: z.number().int(),
    createdAt: z.string(),
    publishedAt: z.string().nullable(),
    index: z.number().int().nullable(),
  })
  .openapi('LessonSummary');

const DraftInput = z
  .object({ party: z.string().max(63).optional(), title: z.string().max(MAX_TITLE).optional() })
  .strict()
  .openapi('LessonDraftInput');

const EditInput = z
  .object({ title: z.string().max(MAX_TITLE).optional(), analysis: z.string().max(MAX_ANALYSIS, `at most ${MAX_ANALYSIS} characters`).optional() })
  .strict()
  .openapi('LessonEditInput');

const routes = {
  list: createRoute({
    method: 'get',
    path: '/alliances/{slug}/lessons',
    summary: 'The alliance’s lessons, newest first, with their count of missed signals',
    request: { params: SlugParams },
    responses: { 200: { description: 'lessons', content: json(z.array(LessonSummary)) }, ...errorResponses },
  }),
  draft: createRoute({
    method: 'post',
    path: '/alliances/{slug}/lessons',
    summary: 'Assemble a case-study draft from the archive now, about one party or the whole alliance',
    security: bearer,
    request: { params: SlugParams, ...body(DraftInput) },
    responses: { 201: { description: 'drafted', content: json(Lesson) }, ...authErrorResponses },
  }),
  get: createRoute({
    method: 'get',
    path: '/alliances/{slug}/lessons/{n}',
    summary: 'One lesson: the case study, its missed signals, the authors’ analysis',
    request: { params: LessonParams },
    responses: { 200: { description: 'the lesson', content: json(Lesson) }, ...errorResponses },
  }),
  edit: createRoute({
    method: 'patch',
    path: '/alliances/{slug}/lessons/{n}',
    summary: 'Change the title or the analysis of a draft',
    security: bearer,
    request: { params: LessonParams, ...body(EditInput) },
    responses: { 200: { description: 'changed', content: json(Lesson) }, ...authErrorResponses },
  }),
  publish: createRoute({
    method: 'post',
    path: '/alliances/{slug}/lessons/{n}/publish',
    summary: 'Publish the lesson for good: JSON and HTML documents and a lesson record',
    security: bearer,
    request: { params: LessonParams },
    responses: { 201: { description: 'published', content: json(Lesson) }, ...authErrorResponses },
  }),
};

export function registerLessonRoutes(api: OpenAPIHono, ctx: Ctx): void {
  api.openapi(routes.list, async (c) => c.json(await listLessons(ctx, c.req.valid('param').slug), 200));
  api.openapi(routes.draft, async (c) => {
    const actor = actorOf(requireAccount(c));
    const b = c.req.valid('json');
    return c.json(await draftLesson(ctx, actor, { alliance: c.req.valid('param').slug, ...(b.party ? { party: b.party } : {}), ...(b.title !== undefined ? { title: b.title } : {}) }), 201);
  });
  api.openapi(routes.get, async (c) => {
    const p = c.req.valid('param');
    return c.json(await getLesson(ctx, p.slug, p.n), 200);
  });
  api.openapi(routes.edit, async (c) => {
    const actor = actorOf(requireAccount(c));
    const p = c.req.valid('param');
    const b = c.req.valid('json');
    return c.json(await editLesson(ctx, actor, { alliance: p.slug, lesson: p.n, ...(b.title !== undefined ? { title: b.title } : {}), ...(b.analysis !== undefined ? { analysis: b.analysis } : {}) }), 200);
  });
  api.openapi(routes.publish, async (c) => {
    const actor = actorOf(requireAccount(c));
    const p = c.req.valid('param');
    return c.json(await publishLesson(ctx, actor, { alliance: p.slug, lesson: p.n }), 201);
  });
}

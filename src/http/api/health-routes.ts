/**
 * GET /api/v1/alliances/{slug}/health (issue 5 §7): the alliance's health, public, the same object
 * the page draws and `daylight health --json` prints (services/health-views.ts). Values are
 * decimal strings, never JSON numbers: a client parses them exactly or not at all.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Ctx } from '../../services/context.js';
import { allianceHealth } from '../../services/health-views.js';
import { COMPARISONS, INDICATOR_KINDS, SEVERITIES, SUPPORT_FORMS } from '../../domain/covenant/index.js';
import { SlugParams } from './covenant-schemas.js';
import { errorResponses } from './responses.js';

const STANDINGS = ['good', 'review', 'warned', 'restored', 'disengaged'] as const;
const decimal = (description: string) => z.string().openapi({ description, example: '2' });

const Text = z.object({ original: z.string(), text: z.record(z.string(), z.string()) }).openapi({ description: 'text in the covenant’s languages' });

const Reading = z.union([
  z.object({ kind: z.literal('level'), value: z.string(), at: z.string(), currency: z.string().optional(), since: z.string().optional() }),
  z.object({
    kind: z.literal('change'),
    percent: z.string().nullable(),
    exact: z.boolean(),
    from: z.object({ value: z.string(), at: z.string() }),
    to: z.object({ value: z.string(), at: z.string() }),
    window: z.object({ cycles: z.number().int(), firstCycle: z.number().int(), lastCycle: z.number().int(), start: z.string() }),
  }),
]);

const TestHealth = z.object({
  principle: z.string(),
  test: z.number().int(),
  indicator: z.string(),
  name: Text.nullable(),
  kind: z.enum(INDICATOR_KINDS),
  currency: z.string().nullable(),
  threshold: z.string().openapi({ example: '< 3' }),
  limit: z.object({ comparison: z.enum(COMPARISONS), value: z.string() }),
  change: z.boolean(),
  window: z.number().int().nullable(),
  severity: z.enum(SEVERITIES),
  tripped: z.boolean(),
  value: decimal('the quantity compared now (a level, or a percent change); true/false for yes-no').nullable(),
  reading: Reading.nullable(),
  margin: z.string().nullable(),
  direction: z.enum(['toward', 'away', 'steady']).nullable(),
  reason: z.string(),
  history: z.array(z.object({ cycle: z.number().int(), label: z.string(), value: z.string().nullable(), tripped: z.boolean() })).openapi({ description: 'the last audit cycles, oldest first' }),
});

const PartyHealth = z.object({
  party: z.string(),
  name: z.string(),
  standing: z.enum(STANDINGS),
  since: z.string().nullable(),
  openTasks: z.array(z.object({ action: z.string(), openedAt: z.string() })),
  paused: z.array(z.enum(SUPPORT_FORMS)),
  breaches: z.array(z.object({ indicator: z.string(), threshold: z.string(), severity: z.enum(SEVERITIES), at: z.string() })),
  warning: z
    .object({
      warnedAt: z.string(),
      windowEnds: z.string(),
      daysLeft: z.number().int(),
      benchmarks: z.array(z.object({ id: z.string(), text: Text.nullable(), met: z.boolean(), metAt: z.string().nullable() })),
    })
    .nullable(),
  tests: z.array(TestHealth),
});

const Cycle = z.object({ n: z.number().int(), label: z.string(), start: z.string(), end: z.string() });

export const AllianceHealth = z
  .object({
    alliance: z.string(),
    name: z.string(),
    at: z.string(),
    covenant: z.number().int().nullable(),
    rhythm: z.enum(['lunar', 'quarterly']).nullable(),
    cycles: z.array(Cycle),
    parties: z.array(PartyHealth),
    support: z.array(
      z.object({
        from: z.string(),
        to: z.string(),
        form: z.enum(SUPPORT_FORMS),
        recipient: z.enum(['people', 'leadership']),
        status: z.enum(['active', 'paused', 'stopped', 'ended']),
        commitments: z.number().int(),
        transactions: z.number().int(),
        totals: z.array(z.object({ currency: z.string(), amount: decimal('exact, in the currency’s minor units'), transactions: z.number().int() })).openapi({ description: 'one total per currency, never summed across' }),
      }),
    ),
    local: z
      .object({
        rhythm: z.enum(['lunar', 'quarterly']),
        cycles: z.array(Cycle),
        rows: z.array(z.object({ party: z.string(), cycle: z.number().int(), local: z.number().int(), abroad: z.number().int(), ratio: z.string().nullable(), reminder: z.boolean(), explanation: z.string().nullable() })),
      })
      .nullable()
      .openapi({ description: 'the current cycle’s local actions against commitments abroad; null without a ratified covenant' }),
  })
  .openapi('AllianceHealth');

const healthRoute = createRoute({
  method: 'get',
  path: '/alliances/{slug}/health',
  summary: 'The alliance’s health: standings, open warnings with days left, every test now and over the last audit cycles, support flows, local ratios',
  request: { params: SlugParams },
  responses: {
    200: { description: 'the health, read now', content: { 'application/json': { schema: AllianceHealth } } },
    ...errorResponses,
  },
});

export function registerHealthRoutes(api: OpenAPIHono, ctx: Ctx): void {
  api.openapi(healthRoute, async (c) => c.json(await allianceHealth(ctx, c.req.valid('param').slug), 200, { 'Cache-Control': 'no-cache' }));
}

/**
 * Support ledger and local mirroring endpoints (issue 5 §4–5). Reading is public; writing takes
 * an admin or delegate of the giving (or acting) party. Amounts travel as decimal strings — a
 * JSON number is refused by the schema, since it may already have passed through a float — and
 * totals come one per currency. An undisclosed source may be sent (for the parties' own books)
 * but no response carries it: the output shapes have no field for it.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Ctx } from '../../services/context.js';
import { actorOf } from '../../services/accounts.js';
import { endCommitment, listSupport, makeCommitment, recordTransaction } from '../../services/support.js';
import { listLocalActions, recordLocalAction } from '../../services/local-actions.js';
import { SUPPORT_FORMS } from '../../domain/covenant/schema.js';
import { requireAccount } from '../middleware/api-auth.js';
import { authErrorResponses, bearer, errorResponses } from './responses.js';
import { SlugParams } from './covenant-schemas.js';

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const body = <T>(schema: T) => ({ body: { required: true, content: json(schema) } });

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD').openapi({ example: '2026-03-01' });
const Amount = z.string().max(40).openapi({ description: 'exact decimal text in the currency (never a JSON number)', example: '1200.50' });
const Currency = z.string().openapi({ description: 'ISO 4217', example: 'EUR' });
const Form = z.enum(SUPPORT_FORMS);
const Recipient = z.enum(['people', 'leadership']);
const Status = z.enum(['active', 'paused', 'stopped', 'ended']);

const CommitmentParams = SlugParams.extend({
  id: z
    .string()
    .regex(/^[1-9][0-9]{0,14}$/, 'expected a commitment number: a whole number from 1')
    .transform(Number)
    .openapi({ param: { name: 'id', in: 'path' }, type: 'integer', example: '3' }),
});

const CommitmentInput = z
  .object({
    from: z.string(),
    to: z.string(),
    form: Form,
    recipient: Recipient,
    description: z.string().max(500),
    amount: Amount.optional(),
    currency: Currency.optional(),
    startsOn: Day,
    endsOn: Day.optional(),
  })
  .openapi('CommitmentInput');

const CommitmentMade = z
  .object({
    alliance: z.string(),
    id: z.number().int(),
    from: z.string(),
    to: z.string(),
    form: Form,
    recipient: Recipient,
    amount: z.string().nullable(),
    currency: z.string().nullable(),
    startsOn: z.string(),
    endsOn: z.string().nullable(),
    status: Status,
    index: z.number().int(),
  })
  .openapi('Commitment');

const TransactionInput = z
  .object({
    occurredOn: Day,
    amount: Amount,
    currency: Currency,
    sourceDisclosed: z.boolean(),
    source: z.string().max(500).optional().openapi({ description: 'required when disclosed (then public); when not disclosed, kept private and never published' }),
    receipt: z.boolean(),
  })
  .openapi('TransactionInput');

const TransactionRecorded = z
  .object({
    alliance: z.string(),
    commitment: z.number().int(),
    id: z.number().int(),
    occurredOn: z.string(),
    amount: z.string(),
    currency: z.string(),
    sourceDisclosed: z.boolean(),
    receipt: z.boolean(),
    index: z.number().int(),
  })
  .openapi('Transaction');

const EndInput = z.object({ endsOn: Day.optional() }).openapi('CommitmentEnd');
const Ended = z.object({ alliance: z.string(), id: z.number().int(), endsOn: z.string(), status: z.literal('ended'), index: z.number().int() }).openapi('CommitmentEnded');

const Total = z.object({ currency: z.string(), amount: z.string(), transactions: z.number().int() }).openapi('CurrencyTotal');

const SupportList = z
  .object({
    alliance: z.string(),
    commitments: z.array(
      z.object({
        id: z.number().int(),
        from: z.string(),
        to: z.string(),
        form: Form,
        recipient: Recipient,
        description: z.string(),
        amount: z.string().nullable(),
        currency: z.string().nullable(),
        startsOn: z.string(),
        endsOn: z.string().nullable(),
        status: Status,
        createdAt: z.string(),
        index: z.number().int().nullable(),
        transactions: z.array(
          z.object({
            id: z.number().int(),
            occurredOn: z.string(),
            amount: z.string(),
            currency: z.string(),
            sourceDisclosed: z.boolean(),
            source: z.string().nullable().openapi({ description: 'only when disclosed' }),
            receipt: z.boolean(),
            recordedAt: z.string(),
            index: z.number().int().nullable(),
          }),
        ),
        totals: z.array(Total),
      }),
    ),
    totals: z.array(Total).openapi({ description: 'one per currency: amounts in different currencies are never summed' }),
  })
  .openapi('SupportList');

const LocalActionInput = z
  .object({ party: z.string(), occurredOn: Day, what: z.string().max(500), mirrors: z.number().int().min(1).optional().openapi({ description: 'the number of one of the party’s own commitments abroad' }) })
  .openapi('LocalActionInput');

const LocalActionRecorded = z
  .object({ alliance: z.string(), party: z.string(), id: z.number().int(), occurredOn: z.string(), what: z.string(), mirrors: z.number().int().nullable(), index: z.number().int() })
  .openapi('LocalAction');

const LocalActionList = z
  .object({
    alliance: z.string(),
    actions: z.array(
      z.object({ id: z.number().int(), party: z.string(), occurredOn: z.string(), what: z.string(), mirrors: z.number().int().nullable(), recordedAt: z.string(), index: z.number().int().nullable() }),
    ),
    ratios: z
      .object({
        rhythm: z.enum(['lunar', 'quarterly']),
        cycles: z.array(z.object({ n: z.number().int(), label: z.string(), start: z.string(), end: z.string() })),
        rows: z.array(
          z.object({
            party: z.string(),
            cycle: z.number().int(),
            local: z.number().int(),
            abroad: z.number().int(),
            ratio: z.string().nullable().openapi({ description: 'local ÷ abroad as decimal text, null when nothing abroad' }),
            reminder: z.boolean().openapi({ description: 'supports abroad and recorded no action at home in the cycle' }),
            explanation: z.string().nullable(),
          }),
        ),
      })
      .nullable()
      .openapi({ description: 'per party and audit cycle; null before a covenant is ratified' }),
  })
  .openapi('LocalActionList');

const routes = {
  list: createRoute({
    method: 'get',
    path: '/alliances/{slug}/support',
    summary: 'Support commitments, their transactions and totals per currency',
    request: { params: SlugParams },
    responses: { 200: { description: 'the ledger', content: json(SupportList) }, ...errorResponses },
  }),
  commit: createRoute({
    method: 'post',
    path: '/alliances/{slug}/support',
    summary: 'Commit support from one party to another (an admin or delegate of the giving party)',
    security: bearer,
    request: { params: SlugParams, ...body(CommitmentInput) },
    responses: { 201: { description: 'made and archived', content: json(CommitmentMade) }, ...authErrorResponses },
  }),
  transaction: createRoute({
    method: 'post',
    path: '/alliances/{slug}/support/{id}/transactions',
    summary: 'Record money moved under a commitment; refused while it is paused, stopped or ended',
    security: bearer,
    request: { params: CommitmentParams, ...body(TransactionInput) },
    responses: { 201: { description: 'recorded and archived', content: json(TransactionRecorded) }, ...authErrorResponses },
  }),
  end: createRoute({
    method: 'post',
    path: '/alliances/{slug}/support/{id}/end',
    summary: 'End a commitment, as its giver (endsOn defaults to today)',
    security: bearer,
    request: { params: CommitmentParams, body: { required: false, content: json(EndInput) } },
    responses: { 200: { description: 'ended and archived', content: json(Ended) }, ...authErrorResponses },
  }),
  actions: createRoute({
    method: 'get',
    path: '/alliances/{slug}/local-actions',
    summary: 'Direct actions at home, and per audit cycle each party’s ratio of actions at home to commitments abroad',
    request: { params: SlugParams },
    responses: { 200: { description: 'actions and ratios', content: json(LocalActionList) }, ...errorResponses },
  }),
  act: createRoute({
    method: 'post',
    path: '/alliances/{slug}/local-actions',
    summary: 'Record a direct action at home (an admin or delegate of the party)',
    security: bearer,
    request: { params: SlugParams, ...body(LocalActionInput) },
    responses: { 201: { description: 'recorded and archived', content: json(LocalActionRecorded) }, ...authErrorResponses },
  }),
};

export function registerSupportRoutes(api: OpenAPIHono, ctx: Ctx): void {
  api.openapi(routes.list, async (c) => c.json(await listSupport(ctx, c.req.valid('param').slug), 200));
  api.openapi(routes.commit, async (c) => {
    const actor = actorOf(requireAccount(c));
    const b = c.req.valid('json');
    return c.json(await makeCommitment(ctx, actor, { alliance: c.req.valid('param').slug, ...b }), 201);
  });
  api.openapi(routes.transaction, async (c) => {
    const actor = actorOf(requireAccount(c));
    const { slug, id } = c.req.valid('param');
    const b = c.req.valid('json');
    return c.json(await recordTransaction(ctx, actor, { alliance: slug, commitment: id, ...b }), 201);
  });
  api.openapi(routes.end, async (c) => {
    const actor = actorOf(requireAccount(c));
    const { slug, id } = c.req.valid('param');
    // The body is optional: without one (or without endsOn) the commitment ends today.
    const endsOn = (c.req.valid('json') as { endsOn?: string } | undefined)?.endsOn;
    return c.json(await endCommitment(ctx, actor, { alliance: slug, commitment: id, ...(endsOn !== undefined ? { endsOn } : {}) }), 200);
  });
  api.openapi(routes.actions, async (c) => c.json(await listLocalActions(ctx, c.req.valid('param').slug), 200));
  api.openapi(routes.act, async (c) => {
    const actor = actorOf(requireAccount(c));
    const b = c.req.valid('json');
    return c.json(await recordLocalAction(ctx, actor, { alliance: c.req.valid('param').slug, ...b }), 201);
  });
}

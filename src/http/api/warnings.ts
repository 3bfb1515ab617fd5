/**
 * Early-warning endpoints (issue 5 §1–3): observations (one, or a CSV file all or nothing),
 * each party's standing, proposals on a party's standing with their votes, and benchmarks met.
 * Each reads like a checklist: authenticate (Bearer) → validate (zod) → one use case, which
 * authorizes (an admin or delegate of a party; a vote for the party the account speaks for,
 * never the party decided on) → present the fields that go out. Evidence goes in and never
 * comes out: an observation's only when its observer chose to publish it, a benchmark's never.
 *
 * A refused import answers 422 with {error, problems: [{line, reason}]}: every bad row, so the
 * file can be fixed in one pass.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { actorOf } from '../../services/accounts.js';
import type { Ctx } from '../../services/context.js';
import { UserError } from '../../services/context.js';
import { ImportRefused, importObservations, listObservations, recordObservation, CSV_COLUMNS, MAX_EVIDENCE, MAX_IMPORT_ROWS, MAX_SOURCE } from '../../services/observations.js';
import { castVote, getProposal, listProposals, proposeDecision, recordBenchmark, MAX_BENCHMARK_EVIDENCE } from '../../services/decisions.js';
import { allianceStandings, standingHistory } from '../../services/warning-views.js';
import { ID_PATTERN } from '../../domain/covenant/index.js';
import { requireAccount } from '../middleware/api-auth.js';
import { authErrorResponses, bearer, errorResponses } from './responses.js';
import { SlugParams } from './covenant-schemas.js';

/** 10,000 rows of a few hundred bytes each, with room to spare. */
export const MAX_IMPORT_BYTES = 8 * 1024 * 1024;

const tooLarge = bodyLimit({
  maxSize: MAX_IMPORT_BYTES,
  onError: (c) => c.json({ error: `request body too large: at most ${MAX_IMPORT_BYTES} bytes per import; split the file` }, 413),
});

const slug = (what: string) => z.string().regex(ID_PATTERN, `expected ${what}: lowercase letters, digits and hyphens`);
const STANDINGS = ['good', 'review', 'warned', 'restored', 'disengaged'] as const;

const ProposalParams = SlugParams.extend({
  id: z
    .string()
    .regex(/^[1-9][0-9]{0,15}$/, 'expected a proposal number: a whole number from 1')
    .transform(Number)
    .openapi({ param: { name: 'id', in: 'path' }, type: 'integer', example: '3' }),
});

const ObservationQuery = z.object({
  party: slug('a party slug').optional().openapi({ param: { name: 'party', in: 'query' } }),
  indicator: slug('an indicator id').optional().openapi({ param: { name: 'indicator', in: 'query' } }),
});

const ObservationInput = z
  .object({
    party: slug('a party slug'),
    indicator: slug('an indicator id'),
    at: z.string().max(40).openapi({ description: 'YYYY-MM-DD or a UTC instant (…Z)', example: '2026-11-20' }),
    value: z.union([z.string().max(64), z.boolean()]).openapi({ description: 'decimal text; true/false for yes-no; the event’s date for days-since', example: '2' }),
    currency: z.string().max(3).nullable().optional().openapi({ description: 'ISO 4217, for an amount (default: the indicator’s)' }),
    source: z.string().max(4 * MAX_SOURCE).openapi({ description: 'PUBLIC: where the figure comes from' }),
    evidence: z.string().max(4 * MAX_EVIDENCE).nullable().optional().openapi({ description: 'PRIVATE unless publishEvidence' }),
    publishEvidence: z.boolean().optional().openapi({ description: 'publish the evidence in the archive, which is permanent (default false)' }),
  })
  .openapi('ObservationInput');

const Transition = z.object({ party: z.string(), event: z.string(), from: z.string(), to: z.string(), reason: z.string(), index: z.number().int() });
const Tripped = z.object({ principle: z.string(), indicator: z.string(), threshold: z.string(), severity: z.string(), reason: z.string() });

const ObservationResult = z
  .object({
    alliance: z.string(),
    party: z.string(),
    observation: z.number().int(),
    index: z.number().int().openapi({ description: 'the observation record’s index in the log' }),
    indicator: z.string(),
    at: z.string(),
    value: z.string(),
    currency: z.string().nullable(),
    tripped: z.array(Tripped).openapi({ description: 'the party’s tests that tripped now' }),
    transitions: z.array(Transition).openapi({ description: 'standing transitions the observation caused, each archived' }),
  })
  .openapi('ObservationResult');

const Observation = z
  .object({
    id: z.number().int(),
    party: z.string(),
    indicator: z.string(),
    at: z.string(),
    value: z.string(),
    currency: z.string().nullable(),
    source: z.string(),
    evidence: z.string().nullable().openapi({ description: 'only when its observer published it' }),
    recordedAt: z.string(),
    index: z.number().int().nullable(),
  })
  .openapi('Observation');

const ImportResult = z
  .object({
    alliance: z.string(),
    imported: z.number().int(),
    first: z.number().int().nullable(),
    last: z.number().int().nullable(),
    tripped: z.array(Tripped),
    transitions: z.array(Transition),
  })
  .openapi('ImportResult');

const ImportProblems = z
  .object({ error: z.string(), problems: z.array(z.object({ line: z.number().int(), reason: z.string() })) })
  .openapi('ImportRefused', { description: 'every bad row with its line (the header is line 1); nothing was stored' });

const PartyStanding = z.object({
  party: z.string(),
  standing: z.enum(STANDINGS),
  since: z.string().nullable(),
  breaches: z.array(z.object({ principle: z.string().nullable(), indicator: z.string(), severity: z.string(), threshold: z.string(), reason: z.string(), at: z.string() })),
  openTasks: z.array(z.object({ action: z.string(), openedAt: z.string() })),
  pausedForms: z.array(z.string()),
  paused: z.array(z.object({ commitment: z.number().int(), from: z.string(), form: z.string(), recipient: z.string(), description: z.string() })),
  warning: z
    .object({
      warnedAt: z.string(),
      windowEnds: z.string(),
      daysLeft: z.number().int().openapi({ description: 'whole days left in the corrective window, rounded up' }),
      benchmarks: z.array(z.object({ id: z.string(), met: z.boolean(), metAt: z.string().nullable() })),
    })
    .nullable(),
  disengaged: z.object({ warned: z.boolean(), immediate: z.boolean() }).nullable(),
});

const Standings = z
  .object({
    alliance: z.string(),
    at: z.string(),
    parties: z.array(PartyStanding),
    transitions: z
      .array(z.object({ party: z.string(), at: z.string(), event: z.string(), from: z.enum(STANDINGS), to: z.enum(STANDINGS), reason: z.string(), index: z.number().int().nullable() }))
      .openapi({ description: 'standing transitions, newest first' }),
  })
  .openapi('Standings');

const Tally = z.object({
  status: z.enum(['adopted', 'rejected', 'pending']),
  rule: z.enum(['unanimous', 'majority', 'consent-by-silence']),
  eligible: z.array(z.string()),
  for: z.array(z.string()),
  against: z.array(z.string()),
  abstain: z.array(z.string()),
  silent: z.array(z.string()),
  closesAt: z.string().nullable(),
  why: z
    .object({
      code: z.enum(['objection-blocks', 'waiting-for-all', 'nobody-for', 'unanimous', 'objection-raised', 'all-consented', 'majority-adopted', 'majority-unreachable', 'majority-pending', 'silence-closed', 'silence-open']),
      needed: z.number().int().optional().openapi({ description: 'majority: votes for needed' }),
      days: z.number().int().optional().openapi({ description: 'consent-by-silence: the objection window' }),
    })
    .openapi({ description: 'what the count means, as a code to translate; `reason` says it in English' }),
  reason: z.string(),
});

const Proposal = z
  .object({
    alliance: z.string(),
    proposal: z.number().int(),
    party: z.string().openapi({ description: 'the party whose standing is decided' }),
    decision: z.enum(['warn', 'dismiss', 'restore', 'disengage']),
    openedBy: z.string().nullable(),
    openedAt: z.string(),
    status: z.enum(['open', 'adopted', 'rejected', 'void']),
    closedAt: z.string().nullable(),
    reason: z.string().nullable(),
    votes: z.array(z.object({ party: z.string(), choice: z.enum(['for', 'against', 'abstain']), at: z.string() })),
    tally: Tally.nullable(),
    index: z.number().int().nullable(),
  })
  .openapi('Proposal');

const ProposalQuery = z.object({
  open: z.enum(['true', 'false']).optional().openapi({ param: { name: 'open', in: 'query' }, description: 'true: only open proposals' }),
});

const ProposalInput = z
  .object({
    party: slug('the slug of the party whose standing is decided'),
    decision: z.enum(['warn', 'dismiss', 'restore', 'disengage']),
    by: slug('the proposing party’s slug').optional().openapi({ description: 'the party that proposes (needed when the account speaks for several)' }),
  })
  .openapi('ProposalInput');

const VoteInput = z
  .object({
    party: slug('the voting party’s slug').optional().openapi({ description: 'the party that votes (needed when the account speaks for several)' }),
    choice: z.enum(['for', 'against', 'abstain']),
  })
  .openapi('VoteInput');

const VoteResult = z
  .object({
    proposal: Proposal,
    index: z.number().int().openapi({ description: 'the vote record’s index in the log' }),
    transition: z.object({ from: z.string(), to: z.string(), reason: z.string(), index: z.number().int() }).nullable().openapi({ description: 'when this vote decided the proposal' }),
  })
  .openapi('VoteResult');

const BenchmarkInput = z
  .object({
    party: slug('the warned party’s slug'),
    benchmark: slug('a benchmark id'),
    evidence: z.string().max(4 * MAX_BENCHMARK_EVIDENCE).openapi({ description: 'PRIVATE: what shows it is met; kept on this instance, never published' }),
  })
  .openapi('BenchmarkInput');

const BenchmarkDone = z.object({ party: z.string(), benchmark: z.string(), reason: z.string(), index: z.number().int() }).openapi('BenchmarkDone');

const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, ...json(schema) } });

const routes = {
  observe: createRoute({
    method: 'post',
    path: '/alliances/{slug}/observations',
    summary: 'Record an observation; the party’s thresholds are read at once and a trip opens the corrective phase',
    security: bearer,
    request: { params: SlugParams, ...body(ObservationInput) },
    responses: { 201: { description: 'recorded and archived', ...json(ObservationResult) }, ...authErrorResponses },
  }),
  observations: createRoute({
    method: 'get',
    path: '/alliances/{slug}/observations',
    summary: 'The public part of the observations, newest first',
    request: { params: SlugParams, query: ObservationQuery },
    responses: { 200: { description: 'observations', ...json(z.object({ observations: z.array(Observation) }).openapi('Observations')) }, ...errorResponses },
  }),
  import: createRoute({
    method: 'post',
    path: '/alliances/{slug}/observations/import',
    summary: `Import observations from CSV, all or nothing (header: ${CSV_COLUMNS.join(',')}; currency and evidence optional; at most ${MAX_IMPORT_ROWS} rows)`,
    security: bearer,
    middleware: [tooLarge] as const,
    request: { params: SlugParams, body: { required: true, content: { 'text/csv': { schema: z.string().openapi({ example: 'party,indicator,at,value,source\nnorte,executive-authority-holders,2026-11-20,2,party register\n' }) } } } },
    responses: {
      201: { description: 'every row imported and archived', ...json(ImportResult) },
      ...authErrorResponses,
      422: { description: 'refused whole: every bad row with its line; nothing stored', ...json(ImportProblems) },
    },
  }),
  standing: createRoute({
    method: 'get',
    path: '/alliances/{slug}/standing',
    summary: 'Each party’s standing: breaches, open tasks, paused support, the window’s end and days left, benchmarks; then the transitions',
    request: { params: SlugParams },
    responses: { 200: { description: 'standings', ...json(Standings) }, ...errorResponses },
  }),
  proposals: createRoute({
    method: 'get',
    path: '/alliances/{slug}/proposals',
    summary: 'Proposals on parties’ standing, newest first, with votes and tally',
    request: { params: SlugParams, query: ProposalQuery },
    responses: { 200: { description: 'proposals', ...json(z.object({ proposals: z.array(Proposal) }).openapi('Proposals')) }, ...errorResponses },
  }),
  propose: createRoute({
    method: 'post',
    path: '/alliances/{slug}/proposals',
    summary: 'Propose a decision on a party’s standing (warn, dismiss, restore, disengage); refused at once if it could never apply',
    security: bearer,
    request: { params: SlugParams, ...body(ProposalInput) },
    responses: { 201: { description: 'opened for votes', ...json(Proposal) }, ...authErrorResponses },
  }),
  proposal: createRoute({
    method: 'get',
    path: '/alliances/{slug}/proposals/{id}',
    summary: 'A proposal with its votes and tally',
    request: { params: ProposalParams },
    responses: { 200: { description: 'the proposal', ...json(Proposal) }, ...errorResponses },
  }),
  vote: createRoute({
    method: 'post',
    path: '/alliances/{slug}/proposals/{id}/votes',
    summary: 'Vote for the party the account speaks for; the party decided on never votes',
    security: bearer,
    request: { params: ProposalParams, ...body(VoteInput) },
    responses: { 201: { description: 'recorded; the decision is carried out when the tally is final', ...json(VoteResult) }, ...authErrorResponses },
  }),
  benchmark: createRoute({
    method: 'post',
    path: '/alliances/{slug}/benchmarks',
    summary: 'Mark a benchmark of a warning met, with private evidence; restoration still needs a decision',
    security: bearer,
    request: { params: SlugParams, ...body(BenchmarkInput) },
    responses: { 201: { description: 'recorded and archived (without the evidence)', ...json(BenchmarkDone) }, ...authErrorResponses },
  }),
};

export function registerWarningRoutes(api: OpenAPIHono, ctx: Ctx): void {
  api.openapi(routes.observe, async (c) => {
    const actor = actorOf(requireAccount(c));
    const b = c.req.valid('json');
    const r = await recordObservation(ctx, actor, { alliance: c.req.valid('param').slug, ...b, currency: b.currency ?? null, evidence: b.evidence ?? null, publishEvidence: b.publishEvidence === true }, 'api');
    return c.json(r, 201);
  });

  api.openapi(routes.observations, async (c) => {
    const q = c.req.valid('query');
    const list = await listObservations(ctx, c.req.valid('param').slug, { ...(q.party ? { party: q.party } : {}), ...(q.indicator ? { indicator: q.indicator } : {}) });
    return c.json({ observations: list }, 200);
  });

  api.openapi(routes.import, async (c) => {
    const actor = actorOf(requireAccount(c));
    const type = c.req.header('Content-Type') ?? '';
    if (!/^text\/(csv|plain)\b/i.test(type)) throw new UserError('send the CSV as the body with Content-Type: text/csv');
    let csv: string;
    try {
      csv = new TextDecoder('utf-8', { fatal: true }).decode(await c.req.arrayBuffer());
    } catch {
      throw new UserError('the CSV is not valid UTF-8 text: save it as UTF-8 and send it again');
    }
    try {
      return c.json(await importObservations(ctx, actor, { alliance: c.req.valid('param').slug, csv }), 201);
    } catch (e) {
      if (e instanceof ImportRefused) return c.json({ error: e.message, problems: e.problems }, 422);
      throw e;
    }
  });

  api.openapi(routes.standing, async (c) => {
    const slug = c.req.valid('param').slug;
    const [s, transitions] = await Promise.all([allianceStandings(ctx, slug), standingHistory(ctx, slug)]);
    return c.json({ ...s, transitions }, 200, { 'Cache-Control': 'no-cache' });
  });

  api.openapi(routes.proposals, async (c) => {
    const proposals = await listProposals(ctx, c.req.valid('param').slug, { open: c.req.valid('query').open === 'true' });
    return c.json({ proposals }, 200);
  });

  api.openapi(routes.propose, async (c) => {
    const actor = actorOf(requireAccount(c));
    const b = c.req.valid('json');
    return c.json(await proposeDecision(ctx, actor, { alliance: c.req.valid('param').slug, party: b.party, decision: b.decision, ...(b.by ? { by: b.by } : {}) }), 201);
  });

  api.openapi(routes.proposal, async (c) => {
    const { slug, id } = c.req.valid('param');
    return c.json(await getProposal(ctx, slug, id), 200);
  });

  api.openapi(routes.vote, async (c) => {
    const actor = actorOf(requireAccount(c));
    const { slug, id } = c.req.valid('param');
    const b = c.req.valid('json');
    return c.json(await castVote(ctx, actor, { alliance: slug, proposal: id, choice: b.choice, ...(b.party ? { party: b.party } : {}) }), 201);
  });

  api.openapi(routes.benchmark, async (c) => {
    const actor = actorOf(requireAccount(c));
    const b = c.req.valid('json');
    return c.json(await recordBenchmark(ctx, actor, { alliance: c.req.valid('param').slug, party: b.party, benchmark: b.benchmark, evidence: b.evidence }), 201);
  });
}

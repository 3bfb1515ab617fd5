/**
 * Covenant endpoints (issue 3 §6–7): the starter template, lint, drafts and amendments, versions,
 * diffs, proposals, the text to sign and signatures. Reading is public (the covenant is public);
 * writing needs a Bearer token and the use case decides whether its account may act for the
 * party (services/covenants.ts, signatures.ts). A covenant body is the domain's own zod schema;
 * when it does not validate, the answer lists every problem with its path, as the CLI does.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ZodError } from 'zod';
import type { Ctx } from '../../services/context.js';
import { actorOf } from '../../services/accounts.js';
import {
  CovenantProblems,
  diffCovenantVersions,
  draftCovenant,
  getCovenantVersion,
  LintErrors,
  listCovenantVersions,
  proposeCovenant,
  readCovenant,
} from '../../services/covenants.js';
import { signingSubject, submitSignature } from '../../services/signatures.js';
import { lintCovenant, starterCovenant, validateCovenant, type Finding, type SupportedLanguage } from '../../domain/covenant/index.js';
import { UserError } from '../../services/context.js';
import { requireAccount } from '../middleware/api-auth.js';
import { authErrorResponses, bearer, errorResponses } from './responses.js';
import { zodLine } from './app.js';
import {
  Diff,
  DiffQuery,
  Draft,
  DraftInput,
  FindingsBody,
  LintInput,
  LintResult,
  ProblemsBody,
  Proposed,
  SignatureDone,
  SignatureInput,
  SignatureText,
  SlugParams,
  Template,
  TemplateQuery,
  Version,
  VersionParams,
  VersionSummaries,
} from './covenant-schemas.js';

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const body = <T>(schema: T) => ({ body: { required: true, content: json(schema) } });
const findingOut = (f: Finding) => ({ severity: f.severity, code: f.code, path: f.path, message: f.message });

const routes = {
  template: createRoute({
    method: 'get',
    path: '/covenant/template',
    summary: 'The starter covenant from the essay: five non-negotiables with indicators and thresholds',
    request: { query: TemplateQuery },
    responses: { 200: { description: 'the starter covenant', content: json(Template) }, 400: errorResponses[400] },
  }),
  lint: createRoute({
    method: 'post',
    path: '/covenant/lint',
    summary: '"Principles without procedure are poetry": problems (it does not parse) or lint findings',
    request: body(LintInput),
    responses: { 200: { description: 'ok is true when it parses and lint finds no error', content: json(LintResult) }, 400: errorResponses[400] },
  }),
  versions: createRoute({
    method: 'get',
    path: '/alliances/{slug}/versions',
    summary: 'Every version of the alliance’s covenant',
    request: { params: SlugParams },
    responses: { 200: { description: 'versions, oldest first', content: json(VersionSummaries) }, ...errorResponses },
  }),
  draft: createRoute({
    method: 'post',
    path: '/alliances/{slug}/versions',
    summary: 'Draft (or, with basedOn, amend) a version for a party (its admin or delegate); archived at once',
    security: bearer,
    request: { params: SlugParams, ...body(DraftInput) },
    responses: {
      201: { description: 'the draft and its lint findings', content: json(Draft) },
      ...authErrorResponses,
      400: { description: 'bad input; for a covenant, every problem with its path', content: json(ProblemsBody) },
    },
  }),
  version: createRoute({
    method: 'get',
    path: '/alliances/{slug}/versions/{version}',
    summary: 'One version: status, author, rationale, signatures, the covenant',
    request: { params: VersionParams },
    responses: { 200: { description: 'the version', content: json(Version) }, ...errorResponses },
  }),
  diff: createRoute({
    method: 'get',
    path: '/alliances/{slug}/diff',
    summary: 'What changed between two versions, structured and as a unified diff',
    request: { params: SlugParams, query: DiffQuery },
    responses: { 200: { description: 'the changes', content: json(Diff) }, ...errorResponses },
  }),
  propose: createRoute({
    method: 'post',
    path: '/alliances/{slug}/versions/{version}/propose',
    summary: 'Propose a draft for signature (lint must find no error); archives its JSON, Markdown and PDF',
    security: bearer,
    request: { params: VersionParams },
    responses: {
      201: { description: 'the proposal', content: json(Proposed) },
      ...authErrorResponses,
      409: { description: 'not a draft, or lint errors (listed)', content: json(FindingsBody) },
    },
  }),
  signatureText: createRoute({
    method: 'get',
    path: '/alliances/{slug}/versions/{version}/signature-text',
    summary: 'The exact note text a party signs for a version',
    request: { params: VersionParams },
    responses: { 200: { description: 'the text', content: json(SignatureText) }, ...errorResponses },
  }),
  sign: createRoute({
    method: 'post',
    path: '/alliances/{slug}/signatures',
    summary: 'Submit a party’s signed note (C2SP signed-note); checked against the party’s registered keys',
    security: bearer,
    request: { params: SlugParams, ...body(SignatureInput) },
    responses: { 201: { description: 'accepted; ratified when it was the last', content: json(SignatureDone) }, ...authErrorResponses },
  }),
};

/** A draft body that fails the schema is answered with every covenant problem, not just the first. */
async function draftHook(result: { success: boolean; target: string; error?: ZodError }, c: Context) {
  if (result.success) return undefined;
  if (result.target === 'json') {
    const raw = (await c.req.json().catch(() => null)) as { covenant?: unknown } | null;
    if (raw !== null && typeof raw === 'object' && 'covenant' in raw) {
      const checked = validateCovenant(raw.covenant);
      if (!checked.ok) return c.json({ error: new CovenantProblems(checked.problems).message, problems: checked.problems }, 400);
    }
  }
  return c.json({ error: zodLine(result.error!) }, 400);
}

export function registerCovenantRoutes(api: OpenAPIHono, ctx: Ctx): void {
  api.openapi(routes.template, async (c) => {
    const q = c.req.valid('query');
    let covenant;
    try {
      covenant = starterCovenant({
        parties: q.parties.split(','),
        ...(q.languages ? { languages: q.languages.split(',') as SupportedLanguage[] } : {}),
      });
    } catch (e) {
      throw new UserError((e as Error).message);
    }
    return c.json({ covenant }, 200);
  });

  api.openapi(routes.lint, async (c) => {
    const b = c.req.valid('json');
    const source = b.text !== undefined ? { text: b.text, format: b.format ?? ('yaml' as const) } : { value: b.covenant };
    try {
      const findings = lintCovenant(readCovenant(source));
      return c.json({ ok: !findings.some((f) => f.severity === 'error'), problems: [], findings: findings.map(findingOut) }, 200);
    } catch (e) {
      if (e instanceof CovenantProblems) return c.json({ ok: false, problems: [...e.problems], findings: [] }, 200);
      throw e;
    }
  });

  api.openapi(routes.versions, async (c) => c.json({ versions: await listCovenantVersions(ctx, c.req.valid('param').slug) }, 200));

  api.openapi(
    routes.draft,
    async (c) => {
      const actor = actorOf(requireAccount(c));
      const b = c.req.valid('json');
      try {
        const r = await draftCovenant(ctx, actor, {
          alliance: c.req.valid('param').slug,
          author: b.author,
          rationale: b.rationale,
          source: { value: b.covenant },
          ...(b.basedOn !== undefined ? { basedOn: b.basedOn } : {}),
        });
        return c.json({ ...r, findings: r.findings.map(findingOut) }, 201);
      } catch (e) {
        if (e instanceof CovenantProblems) return c.json({ error: e.message, problems: [...e.problems] }, 400);
        throw e;
      }
    },
    draftHook as never,
  );

  api.openapi(routes.version, async (c) => {
    const { slug, version } = c.req.valid('param');
    return c.json(await getCovenantVersion(ctx, slug, version), 200);
  });

  api.openapi(routes.diff, async (c) => {
    const { from, to } = c.req.valid('query');
    const d = await diffCovenantVersions(ctx, c.req.valid('param').slug, from, to);
    return c.json({ alliance: d.alliance, from: d.from, to: d.to, changes: d.changes, text: d.text }, 200);
  });

  api.openapi(routes.propose, async (c) => {
    const actor = actorOf(requireAccount(c));
    const { slug, version } = c.req.valid('param');
    try {
      return c.json(await proposeCovenant(ctx, actor, { alliance: slug, version }), 201);
    } catch (e) {
      if (e instanceof LintErrors) return c.json({ error: e.message, findings: e.findings.map(findingOut) }, 409);
      throw e;
    }
  });

  api.openapi(routes.signatureText, async (c) => {
    const { slug, version } = c.req.valid('param');
    const s = await signingSubject(ctx, slug, version);
    return c.json({ alliance: s.alliance, version: s.version, sha256: s.sha256, text: s.text }, 200);
  });

  api.openapi(routes.sign, async (c) => {
    const actor = actorOf(requireAccount(c));
    const b = c.req.valid('json');
    const r = await submitSignature(ctx, actor, { alliance: c.req.valid('param').slug, note: b.note, ...(b.party ? { party: b.party } : {}) });
    return c.json(r, 201);
  });
}

/**
 * The audit endpoints of /api/v1 (src/http/api/audits.ts) on a real SQLite instance, through the
 * API app itself (createApi): a party delegate opens the cycle; accounts linked to triad members
 * rate and finalize; the draft is readable by the triad only; the published card is public and
 * equals its archived JSON document; refusals are one JSON line with the right status and change
 * nothing. (Kept beside the service tests: test/http/ belongs to the web layer's owner.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/http/api/app.js';
import { initInstance, openInstance } from '../../src/services/instance.js';
import { createAccount, createApiToken, grantRole } from '../../src/services/accounts.js';
import { linkMemberAccount } from '../../src/services/triads.js';
import { scorecardDocument } from '../../src/services/scorecards.js';
import { loadOrganization } from '../../src/services/organizations.js';
import type { CycleView } from '../../src/services/cycles.js';
import { DEFAULT_DIMENSIONS } from '../../src/domain/audit/scorecard.js';
import { snapshot } from '../support/snapshot.js';
import { auditAlliance, membersOf } from './audit-fixture.js';
import type { OpenCtx } from './instances.js';

const LOCAL = { kind: 'local' } as const;
const dir = mkdtempSync(path.join(tmpdir(), 'daylight-audit-api-'));
let ctx: OpenCtx;
let api: OpenAPIHono;
const tokens: Record<string, string> = {};
let cycle: CycleView;
let triad: string[];
let outsider: string;

async function account(username: string): Promise<{ id: number; token: string }> {
  const a = await createAccount(ctx, { username, password: 'correct horse battery staple' });
  return { id: a.id, token: (await createApiToken(ctx, a.id, 'test')).token };
}

function call(p: string, init: { method?: string; token?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  return api.request(p, { method: init.method ?? 'GET', headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
}

async function refused(request: () => Response | Promise<Response>, status: number): Promise<string> {
  const before = await snapshot(ctx);
  const r = await request();
  expect(r.status).toBe(status);
  const body = (await r.json()) as Record<string, unknown>;
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error as string).not.toMatch(/\n/);
  expect(await snapshot(ctx)).toEqual(before);
  return body.error as string;
}

const card = (reviewee: string) => `/alliances/tri/cycles/${cycle.n}/scorecards/sur/${reviewee}`;
const all = (score: number) => ({ ratings: DEFAULT_DIMENSIONS.map((d) => ({ dimension: d, score, note: `score ${score}`, evidence: ['file-77'] })) });

beforeAll(async () => {
  const dataDir = path.join(dir, 'data');
  await initInstance({ dataDir, origin: 'api.example/daylight' });
  ctx = await openInstance({ dataDir });
  api = createApi(ctx);
  await auditAlliance(ctx);
  const delegate = await account('sur-delegate');
  await grantRole(ctx, LOCAL, { accountId: delegate.id, organizationId: (await loadOrganization(ctx.db, 'sur')).id, role: 'delegate' });
  tokens.delegate = delegate.token;
  tokens.stranger = (await account('stranger')).token;
});
afterAll(async () => {
  await ctx.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('audit API', () => {
  it('lists the audit routes in the OpenAPI document', async () => {
    const doc = (await (await call('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    const ops = Object.entries(doc.paths).flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`));
    expect(ops).toEqual(
      expect.arrayContaining([
        'POST /alliances/{alliance}/cycles',
        'GET /alliances/{alliance}/cycles/{n}',
        'POST /alliances/{alliance}/cycles/{n}/scorecards/{reviewer}/{reviewee}/ratings',
        'GET /alliances/{alliance}/cycles/{n}/scorecards/{reviewer}/{reviewee}/draft',
        'POST /alliances/{alliance}/cycles/{n}/scorecards/{reviewer}/{reviewee}/finalize',
        'GET /alliances/{alliance}/cycles/{n}/scorecards/{reviewer}/{reviewee}',
      ]),
    );
  });

  it('opens a cycle for a party delegate only; anyone reads it', async () => {
    expect(await refused(() => call('/alliances/tri/cycles', { method: 'POST', body: {} }), 401)).toMatch(/API token/);
    expect(await refused(() => call('/alliances/tri/cycles', { method: 'POST', body: {}, token: tokens.stranger }), 403)).toMatch(/^forbidden/);
    expect(await refused(() => call('/alliances/tri/cycles', { method: 'POST', body: { sources: ['ñ'] }, token: tokens.delegate }), 400)).toMatch(/printable ASCII/);
    const res = await call('/alliances/tri/cycles', { method: 'POST', body: { sources: ['42'] }, token: tokens.delegate });
    expect(res.status).toBe(201);
    cycle = (await res.json()) as CycleView;
    expect(cycle.sources).toEqual([cycle.checkpoint.root, '42']);
    const read = await call(`/alliances/tri/cycles/${cycle.n}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(cycle);
    triad = cycle.triads.find((t) => t.party === 'sur')!.members;
    outsider = membersOf('sur').find((m) => m.eligible !== false && !triad.includes(m.pseudonym))!.pseudonym;
    for (const pseudonym of [...triad, outsider]) {
      const a = await account(pseudonym);
      await linkMemberAccount(ctx, LOCAL, { organization: 'sur', pseudonym, accountId: a.id });
      tokens[pseudonym] = a.token;
    }
  });

  it('refuses ratings out of range, by accounts not in the triad, and drafts to outsiders', async () => {
    const rate = (token: string | undefined, body: unknown) => call(`${card('norte')}/ratings`, { method: 'POST', token, body });
    expect(await refused(() => rate(tokens[triad[0]!], { ratings: [{ dimension: 'finances', score: 5 }] }), 400)).toBe('ratings.0.score: expected a whole number from 0 to 4 (0 breach … 4 exemplary)');
    expect(await refused(() => rate(tokens[triad[0]!], { ratings: [{ dimension: 'finances', score: 2, note: 'a\u202Eb' }] }), 400)).toMatch(/bidirectional control/);
    expect(await refused(() => rate(tokens[triad[0]!], { ratings: [{ dimension: 'money', score: 2 }] }), 400)).toMatch(/unknown dimension "money"/);
    expect(await refused(() => rate(tokens[outsider], all(3)), 403)).toMatch(/your account’s member is not in sur’s triad/);
    expect(await refused(() => rate(tokens.stranger, all(3)), 403)).toMatch(/not in sur’s triad/);
    expect(await refused(() => rate(undefined, all(3)), 401)).toMatch(/API token/);
    expect(await refused(() => call(`${card('norte')}/draft`, { token: tokens[outsider] }), 403)).toMatch(/not in sur’s triad/);
    expect(await refused(() => call(`${card('norte')}/draft`), 401)).toMatch(/API token/);
  });

  it('the triad rates; the draft (with evidence) is theirs alone; the public sees nothing until finalized', async () => {
    for (const [i, member] of triad.entries()) {
      const r = await call(`${card('norte')}/ratings`, { method: 'POST', token: tokens[member], body: all(i + 1) });
      expect(r.status).toBe(200);
    }
    const draft = (await (await call(`${card('norte')}/draft`, { token: tokens[triad[2]!] })).json()) as { ratings: { evidence: string[] }[]; readiness: { complete: string[] } };
    expect(draft.readiness.complete).toEqual(triad);
    expect(draft.ratings[0]!.evidence).toEqual(['file-77']);
    expect(await refused(() => call(card('norte')), 404)).toMatch(/not published yet/);
    expect(await refused(() => call(`${card('norte')}/finalize`, { method: 'POST', token: tokens[outsider], body: {} }), 403)).toMatch(/not in sur’s triad/);
  });

  it('a triad member finalizes; the published card is public, equals its JSON document, and carries no evidence', async () => {
    const res = await call(`${card('norte')}/finalize`, { method: 'POST', token: tokens[triad[0]!], body: { lang: 'pt' } });
    expect(res.status).toBe(201);
    const published = (await res.json()) as { scorecard: Record<string, unknown>; index: number };
    expect(published.scorecard).toMatchObject({ reviewer: 'sur', reviewee: 'norte', lang: 'pt', raters: triad });
    const pub = await call(card('norte'));
    expect(pub.status).toBe(200);
    const body = (await pub.json()) as { scorecard: unknown; index: number };
    expect(body).toEqual(published);
    const doc = await scorecardDocument(ctx, { alliance: 'tri', cycle: cycle.n, reviewer: 'sur', reviewee: 'norte' }, 'json');
    expect(JSON.parse(Buffer.from(doc.body).toString('utf8'))).toEqual(body.scorecard);
    expect(JSON.stringify(body)).not.toContain('file-77');
    expect(await refused(() => call(`${card('norte')}/ratings`, { method: 'POST', token: tokens[triad[0]!], body: all(1) }), 409)).toMatch(/ratings are closed/);
  });
});

/**
 * The early-warning endpoints of /api/v1 (src/http/api/warnings.ts) on a real SQLite instance,
 * through the API app itself (createApi), with the starter covenant ratified by sur, norte, este:
 *   observations by a party's delegate (evidence private unless published; a stranger 403, no
 *   token 401); a CSV import refused whole with 422 and every bad line, nothing stored; a good
 *   CSV whose low value opens norte's review by itself; standing with tasks; a proposal the
 *   machine refuses (restore from review) 409 with its reason; norte's own vote refused; a
 *   warning adopted by sur and este; the proposal with its tally; a benchmark met with evidence
 *   that never reaches the archive; days left counted on the instance's clock. Every refusal is
 *   one JSON line and changes nothing (every table's rows and the log compared).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/http/api/app.js';
import { initInstance, openInstance } from '../../src/services/instance.js';
import { createAccount, createApiToken, grantRole } from '../../src/services/accounts.js';
import { loadOrganization } from '../../src/services/organizations.js';
import { recentRecords } from '../../src/services/records.js';
import { snapshot } from '../support/snapshot.js';
import { auditAlliance } from './audit-fixture.js';
import type { OpenCtx } from './instances.js';

const LOCAL = { kind: 'local' } as const;
const T0 = new Date('2026-11-25T10:00:00.000Z');
const DAY = 86_400_000;
const dir = mkdtempSync(path.join(tmpdir(), 'daylight-warnings-api-'));
let clock = T0;
let ctx: OpenCtx;
let api: OpenAPIHono;
const tokens: Record<string, string> = {};

async function account(username: string, org?: string, role: 'admin' | 'delegate' = 'delegate'): Promise<string> {
  const a = await createAccount(ctx, { username, password: 'correct horse battery staple' });
  if (org) await grantRole(ctx, LOCAL, { accountId: a.id, organizationId: (await loadOrganization(ctx.db, org)).id, role });
  return (await createApiToken(ctx, a.id, 'test')).token;
}

function call(p: string, init: { method?: string; token?: string; body?: unknown; csv?: string; type?: string } = {}) {
  const headers: Record<string, string> = {};
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  let body: string | undefined;
  if (init.csv !== undefined) {
    headers['Content-Type'] = init.type ?? 'text/csv';
    body = init.csv;
  } else if (init.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(init.body);
  }
  return api.request(`/alliances/tri${p}`, { method: init.method ?? 'GET', headers, ...(body !== undefined ? { body } : {}) });
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

beforeAll(async () => {
  const dataDir = path.join(dir, 'data');
  await initInstance({ dataDir, origin: 'api.example/daylight', now: () => clock });
  ctx = await openInstance({ dataDir, now: () => clock });
  api = createApi(ctx);
  await auditAlliance(ctx);
  tokens.sur = await account('sur-delegate', 'sur');
  tokens.este = await account('este-admin', 'este', 'admin');
  tokens.norte = await account('norte-admin', 'norte', 'admin');
  tokens.stranger = await account('stranger');
  clock = new Date(T0.getTime() + DAY);
}, 60_000);
afterAll(async () => {
  await ctx.close();
  rmSync(dir, { recursive: true, force: true });
});

const obs = (value: string, extra: Record<string, unknown> = {}) => ({ party: 'norte', indicator: 'executive-authority-holders', at: '2026-11-25', value, source: 'party register', ...extra });

describe('observations through the API', () => {
  it('needs a token and a party’s admin or delegate', async () => {
    expect(await refused(() => call('/observations', { method: 'POST', body: obs('5') }), 401)).toMatch(/token/i);
    expect(await refused(() => call('/observations', { method: 'POST', token: tokens.stranger, body: obs('5') }), 403)).toMatch(/^forbidden: only an admin or delegate of a party to tri/);
    expect(await refused(() => call('/observations', { method: 'POST', token: tokens.sur, body: obs('5', { indicator: 'nope' }) }), 400)).toMatch(/^unknown indicator "nope": the covenant defines /);
    expect(await refused(() => call('/observations', { method: 'POST', token: tokens.sur, body: obs('5', { publishEvidence: 'yes' }) }), 400)).toMatch(/^publishEvidence: /);
  });

  it('records one; the evidence stays private; the list shows the public part', async () => {
    const r = await call('/observations', { method: 'POST', token: tokens.sur, body: obs('5', { evidence: 'vault://witness/9' }) });
    expect(r.status).toBe(201);
    const out = (await r.json()) as { observation: number; index: number; tripped: unknown[]; transitions: unknown[] };
    expect(out).toMatchObject({ tripped: [], transitions: [] });
    const list = (await (await call('/observations?party=norte')).json()) as { observations: { id: number; value: string; evidence: string | null; index: number }[] };
    expect(list.observations).toEqual([expect.objectContaining({ id: out.observation, value: '5', evidence: null, index: out.index })]);
    expect(JSON.stringify(await recentRecords(ctx, 10))).not.toContain('vault://witness');
    expect(((await (await call('/observations?indicator=accounts-published')).json()) as { observations: unknown[] }).observations).toEqual([]);
  });

  it('a CSV with bad rows is refused whole: 422, every bad line with its reason, nothing stored', async () => {
    const csv = 'party,indicator,at,value,source\nnorte,executive-authority-holders,2026-11-25,2,register\nnorte,nope,2026-11-25,1,x\nnadie,executive-authority-holders,2026-11-25,1,x\n';
    const before = await snapshot(ctx);
    const r = await call('/observations/import', { method: 'POST', token: tokens.sur, csv });
    expect(r.status).toBe(422);
    const body = (await r.json()) as { error: string; problems: { line: number; reason: string }[] };
    expect(body.error).toMatch(/^2 bad rows, nothing imported — line 3: unknown indicator "nope"/);
    expect(body.problems).toEqual([
      { line: 3, reason: expect.stringMatching(/^unknown indicator "nope"/) },
      { line: 4, reason: '"nadie" is not a party to tri' },
    ]);
    expect(await snapshot(ctx)).toEqual(before);
    expect(await refused(() => call('/observations/import', { method: 'POST', token: tokens.sur, body: { csv } }), 400)).toMatch(/Content-Type: text\/csv/);
    expect(await refused(() => call('/observations/import', { method: 'POST', token: tokens.stranger, csv }), 403)).toMatch(/^forbidden/);
  });

  it('a good CSV imports every row; the low value opens norte’s review by itself', async () => {
    const csv = 'party,indicator,at,value,source\nsur,executive-authority-holders,2026-11-25,6,register\nnorte,executive-authority-holders,2026-11-26,2,register\n';
    const r = await call('/observations/import', { method: 'POST', token: tokens.sur, csv });
    expect(r.status).toBe(201);
    const out = (await r.json()) as { imported: number; transitions: { party: string; from: string; to: string }[] };
    expect(out.imported).toBe(2);
    expect(out.transitions).toEqual([expect.objectContaining({ party: 'norte', from: 'good', to: 'review' })]);
    const s = (await (await call('/standing')).json()) as { parties: { party: string; standing: string; openTasks: { action: string }[]; breaches: { indicator: string }[] }[] };
    const norte = s.parties.find((p) => p.party === 'norte')!;
    expect(norte).toMatchObject({ standing: 'review', breaches: [{ indicator: 'executive-authority-holders' }] });
    expect(norte.openTasks.map((t) => t.action)).toEqual(['independent-investigation', 'facilitated-dialogue']);
  });
});

describe('decisions through the API', () => {
  let id = 0;

  it('a proposal the machine refuses is 409 with its reason; norte cannot propose on itself', async () => {
    expect(await refused(() => call('/proposals', { method: 'POST', token: tokens.sur, body: { party: 'norte', decision: 'restore' } }), 409)).toBe(
      'norte is under review, not warned: restoration follows a warning whose benchmarks are met; dismiss the review instead',
    );
    expect(await refused(() => call('/proposals', { method: 'POST', token: tokens.norte, body: { party: 'norte', decision: 'warn' } }), 403)).toMatch(/another party/);
    expect(await refused(() => call('/proposals', { method: 'POST', token: tokens.sur, body: { party: 'norte', decision: 'expel' } }), 400)).toMatch(/^decision: /);
  });

  it('sur proposes a warning; norte’s vote is refused; sur and este adopt it', async () => {
    clock = new Date(T0.getTime() + 2 * DAY);
    const r = await call('/proposals', { method: 'POST', token: tokens.sur, body: { party: 'norte', decision: 'warn' } });
    expect(r.status).toBe(201);
    const p = (await r.json()) as { proposal: number; openedBy: string; status: string };
    expect(p).toMatchObject({ openedBy: 'sur', status: 'open' });
    id = p.proposal;
    expect(await refused(() => call(`/proposals/${id}/votes`, { method: 'POST', token: tokens.norte, body: { party: 'norte', choice: 'against' } }), 400)).toBe('norte cannot vote on its own standing: only the other parties decide');
    expect(await refused(() => call(`/proposals/${id}/votes`, { method: 'POST', token: tokens.sur, body: { party: 'este', choice: 'for' } }), 403)).toMatch(/^forbidden/);
    expect(await refused(() => call('/proposals/999/votes', { method: 'POST', token: tokens.sur, body: { choice: 'for' } }), 404)).toBe('tri has no proposal 999');
    const v1 = (await (await call(`/proposals/${id}/votes`, { method: 'POST', token: tokens.sur, body: { choice: 'for' } })).json()) as { transition: unknown; proposal: { status: string } };
    expect(v1).toMatchObject({ transition: null, proposal: { status: 'open' } });
    const res = await call(`/proposals/${id}/votes`, { method: 'POST', token: tokens.este, body: { choice: 'for' } });
    expect(res.status).toBe(201);
    const v2 = (await res.json()) as { transition: { from: string; to: string }; proposal: { status: string } };
    expect(v2).toMatchObject({ transition: { from: 'review', to: 'warned' }, proposal: { status: 'adopted' } });
  });

  it('the proposal is public with its votes and tally; no open ones remain', async () => {
    const p = (await (await call(`/proposals/${id}`)).json()) as { status: string; votes: { party: string; choice: string }[]; tally: { for: string[]; status: string } };
    expect(p.status).toBe('adopted');
    expect(p.votes.map((v) => `${v.party} ${v.choice}`)).toEqual(['sur for', 'este for']);
    expect(p.tally).toMatchObject({ status: 'adopted', for: ['sur', 'este'], why: { code: 'majority-adopted', needed: 2 } });
    expect(((await (await call('/proposals?open=true')).json()) as { proposals: unknown[] }).proposals).toEqual([]);
    expect(((await (await call('/proposals')).json()) as { proposals: unknown[] }).proposals).toHaveLength(1);
    expect((await call('/proposals/0')).status).toBe(400);
  });

  it('a benchmark is met with private evidence; standing counts days left on the instance’s clock', async () => {
    clock = new Date(T0.getTime() + 12 * DAY + 3_600_000);
    expect(await refused(() => call('/benchmarks', { method: 'POST', token: tokens.sur, body: { party: 'norte', benchmark: 'investigation-published', evidence: ' ' } }), 400)).toMatch(/^evidence: /);
    const r = await call('/benchmarks', { method: 'POST', token: tokens.sur, body: { party: 'norte', benchmark: 'investigation-published', evidence: 'vault://hearing/2' } });
    expect(r.status).toBe(201);
    expect(await r.json()).toMatchObject({ party: 'norte', benchmark: 'investigation-published', reason: 'benchmark investigation-published met; 3 to go' });
    expect(JSON.stringify(await recentRecords(ctx, 20))).not.toContain('vault://hearing');
    const s = (await (await call('/standing')).json()) as {
      parties: { party: string; warning: { daysLeft: number; windowEnds: string; benchmarks: { id: string; met: boolean }[] } | null }[];
      transitions: { party: string; from: string; to: string }[];
    };
    const w = s.parties.find((p) => p.party === 'norte')!.warning!;
    // warned at T0 + 2 days for 60 days; now T0 + 12 days + 1 hour: 49 days and 23 hours left → 50
    expect(w.windowEnds).toBe(new Date(T0.getTime() + 62 * DAY).toISOString());
    expect(w.daysLeft).toBe(50);
    expect(w.benchmarks.filter((b) => b.met).map((b) => b.id)).toEqual(['investigation-published']);
    expect(s.transitions.map((t) => `${t.from}→${t.to}`)).toEqual(['warned→warned', 'review→warned', 'good→review']);
  });

  it('the OpenAPI document describes every endpoint', async () => {
    const doc = (await (await api.request('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    for (const [p, methods] of Object.entries({
      '/alliances/{slug}/observations': ['get', 'post'],
      '/alliances/{slug}/observations/import': ['post'],
      '/alliances/{slug}/standing': ['get'],
      '/alliances/{slug}/proposals': ['get', 'post'],
      '/alliances/{slug}/proposals/{id}': ['get'],
      '/alliances/{slug}/proposals/{id}/votes': ['post'],
      '/alliances/{slug}/benchmarks': ['post'],
    }))
      expect(Object.keys(doc.paths[p] ?? {}).sort(), p).toEqual(methods);
    expect(JSON.stringify(doc.paths['/alliances/{slug}/observations/import'])).toContain('text/csv');
  });
});

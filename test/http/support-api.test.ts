/**
 * The support ledger and local mirroring endpoints of /api/v1 (src/http/api/support-routes.ts)
 * on a real SQLite instance, through the API app itself: a delegate of the giving party commits
 * and records money as decimal strings (a JSON number is refused), totals come per currency, an
 * undisclosed source is taken and never returned; a paused commitment refuses with 409; other
 * parties' accounts get 403, no token 401; every refusal is one JSON line and changes nothing.
 * The OpenAPI document describes the routes.
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
import { snapshot } from '../support/snapshot.js';
import { auditAlliance } from '../services/audit-fixture.js';
import type { OpenCtx } from '../services/instances.js';

const LOCAL = { kind: 'local' } as const;
const dir = mkdtempSync(path.join(tmpdir(), 'daylight-support-api-'));
let ctx: OpenCtx;
let api: OpenAPIHono;
const tokens: Record<string, string> = {};
const today = new Date().toISOString().slice(0, 10);

async function account(username: string, org?: string): Promise<string> {
  const a = await createAccount(ctx, { username, password: 'correct horse battery staple' });
  if (org) await grantRole(ctx, LOCAL, { accountId: a.id, organizationId: (await loadOrganization(ctx.db, org)).id, role: 'delegate' });
  return (await createApiToken(ctx, a.id, 'test')).token;
}

function call(p: string, init: { method?: string; token?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  return api.request(p, { method: init.method ?? 'GET', headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
}

async function refused(request: () => Response | Promise<Response>, status: number, message?: RegExp): Promise<string> {
  const before = await snapshot(ctx);
  const r = await request();
  expect(r.status).toBe(status);
  const body = (await r.json()) as Record<string, unknown>;
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error as string).not.toMatch(/\n/);
  if (message) expect(body.error as string).toMatch(message);
  expect(await snapshot(ctx)).toEqual(before);
  return body.error as string;
}

beforeAll(async () => {
  const dataDir = path.join(dir, 'data');
  await initInstance({ dataDir, origin: 'api.example/daylight' });
  ctx = await openInstance({ dataDir });
  api = createApi(ctx);
  await auditAlliance(ctx);
  tokens.sur = await account('sur-delegate', 'sur');
  tokens.norte = await account('norte-delegate', 'norte');
}, 120_000);
afterAll(async () => {
  await ctx.close();
  rmSync(dir, { recursive: true, force: true });
});

const COMMIT = { from: 'sur', to: 'norte', form: 'funds', recipient: 'people', description: 'Strike fund', amount: '1000', currency: 'EUR', startsOn: '2026-01-01' };
const TX = { occurredOn: '2026-01-02', amount: '0.10', currency: 'EUR', sourceDisclosed: true, source: 'dues', receipt: true };

describe('/api/v1 support', () => {
  it('commits and records money exactly, totals per currency; an undisclosed source is never returned', async () => {
    const r = await call('/alliances/tri/support', { method: 'POST', token: tokens.sur, body: COMMIT });
    expect(r.status).toBe(201);
    const c = (await r.json()) as { id: number; amount: string };
    expect(c).toMatchObject({ from: 'sur', to: 'norte', amount: '1000.00', currency: 'EUR', status: 'active' });
    expect((await call(`/alliances/tri/support/${c.id}/transactions`, { method: 'POST', token: tokens.sur, body: TX })).status).toBe(201);
    const hidden = await call(`/alliances/tri/support/${c.id}/transactions`, { method: 'POST', token: tokens.sur, body: { ...TX, amount: '0.20', sourceDisclosed: false, source: 'Benefactor Zeta-Secreto' } });
    expect(hidden.status).toBe(201);
    expect(JSON.stringify(await hidden.json())).not.toContain('Zeta');
    const list = await call('/alliances/tri/support');
    expect(list.status).toBe(200);
    const text = await list.text();
    expect(text).not.toContain('Zeta');
    const body = JSON.parse(text) as { totals: unknown; commitments: { transactions: unknown[] }[] };
    expect(body.totals).toEqual([{ currency: 'EUR', amount: '0.30', transactions: 2 }]);
    expect(body.commitments[0]!.transactions[1]).toMatchObject({ amount: '0.20', sourceDisclosed: false, source: null });
  });

  it('refuses a JSON number, another currency, another party’s account, no token — one line, nothing changed', async () => {
    await refused(() => call('/alliances/tri/support', { method: 'POST', token: tokens.sur, body: { ...COMMIT, amount: 1000.5 } }), 400, /^amount: /);
    await refused(() => call('/alliances/tri/support/1/transactions', { method: 'POST', token: tokens.sur, body: { ...TX, currency: 'USD' } }), 400, /commitment 1 is in EUR/);
    await refused(() => call('/alliances/tri/support/1/transactions', { method: 'POST', token: tokens.sur, body: { ...TX, amount: '0.001' } }), 400, /EUR has 2 decimal places/);
    await refused(() => call('/alliances/tri/support', { method: 'POST', token: tokens.norte, body: COMMIT }), 403, /only admin or delegate accounts of sur/);
    await refused(() => call('/alliances/tri/support', { method: 'POST', body: COMMIT }), 401);
    await refused(() => call('/alliances/tri/support/77/transactions', { method: 'POST', token: tokens.sur, body: TX }), 404, /no support commitment 77/);
  });

  it('a paused commitment refuses transactions with 409; its giver ends it', async () => {
    // What the standing machine (services/standing.ts) does in norte's corrective phase.
    await ctx.db.updateTable('support_commitment').set({ status: 'paused' }).where('id', '=', 1).execute();
    await refused(() => call('/alliances/tri/support/1/transactions', { method: 'POST', token: tokens.sur, body: TX }), 409, /paused by the corrective phase of norte/);
    const e = await call('/alliances/tri/support/1/end', { method: 'POST', token: tokens.sur, body: { endsOn: '2026-02-01' } });
    expect(e.status).toBe(200);
    expect(await e.json()).toMatchObject({ id: 1, endsOn: '2026-02-01', status: 'ended' });
    await refused(() => call('/alliances/tri/support/1/end', { method: 'POST', token: tokens.sur }), 409, /has ended/);
  });
});

describe('/api/v1 local-actions', () => {
  it('records an action at home and lists ratios per cycle', async () => {
    const c = (await (await call('/alliances/tri/support', { method: 'POST', token: tokens.norte, body: { ...COMMIT, from: 'norte', to: 'este', amount: undefined, currency: undefined, form: 'cultural-exchange' } })).json()) as { id: number };
    const before = (await (await call('/alliances/tri/local-actions')).json()) as { ratios: { rows: { party: string; cycle: number; reminder: boolean }[]; cycles: { n: number }[] } };
    const last = before.ratios.cycles.at(-1)!.n;
    expect(before.ratios.rows.find((r) => r.party === 'norte' && r.cycle === last)).toMatchObject({ reminder: true });
    const r = await call('/alliances/tri/local-actions', { method: 'POST', token: tokens.norte, body: { party: 'norte', occurredOn: today, what: 'Teach-in at home', mirrors: c.id } });
    expect(r.status).toBe(201);
    const after = (await (await call('/alliances/tri/local-actions')).json()) as typeof before & { actions: { what: string }[] };
    expect(after.actions.map((a) => a.what)).toEqual(['Teach-in at home']);
    expect(after.ratios.rows.find((x) => x.party === 'norte' && x.cycle === last)).toMatchObject({ local: 1, abroad: 1, ratio: '1', reminder: false });
    await refused(() => call('/alliances/tri/local-actions', { method: 'POST', token: tokens.sur, body: { party: 'norte', occurredOn: today, what: 'x' } }), 403);
    await refused(() => call('/alliances/tri/local-actions', { method: 'POST', token: tokens.sur, body: { party: 'sur', occurredOn: today, what: 'x', mirrors: c.id } }), 400, /mirrors one of sur's own commitments/);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await (await api.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    for (const p of ['/alliances/{slug}/support', '/alliances/{slug}/support/{id}/transactions', '/alliances/{slug}/support/{id}/end', '/alliances/{slug}/local-actions']) expect(doc.paths[p], p).toBeDefined();
  });
});

/**
 * The same story through the JSON API (/api/v1), on a real instance with an injected clock:
 * roles decide who may act for whom; members' private fields go in and never come out; a covenant
 * body that does not validate is answered with every problem; drafting, amending, diffing, linting,
 * proposing, signing (notes signed outside the server), ratifying; the renewal opened by the
 * scheduler's tick, testified to and re-signed; and the OpenAPI document describes all of it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { createApp } from '../../src/http/app.js';
import { initInstance, openInstance } from '../../src/services/instance.js';
import { createAccount, createApiToken, grantRole } from '../../src/services/accounts.js';
import { tick } from '../../src/services/tick.js';
import type { Ctx } from '../../src/services/context.js';
import { generateKey, openNote, parseSignerKey, parseVerifierKey, signNote } from '../../src/ledger/note.js';
import { renewalDueAt } from '../../src/domain/renewal.js';
import { snapshot } from '../support/snapshot.js';

const PARTIES = ['sur', 'norte', 'este'];
const keys = Object.fromEntries(PARTIES.map((p) => [p, generateKey(`${p}.example/delegate`)]));
const PRIVATE = ['Ana Beatriz Nascimento', 'ana.nascimento@example.org', 'Kwame Mensah-Boateng', '+233 20 555 0187'];
const T0 = new Date('2026-12-01T09:00:00.000Z');

let clock = T0;
let ctx: Ctx & { close(): Promise<void> };
let app: Hono;
const tokens: Record<string, string> = {};
const responses: string[] = [];

async function call(method: string, path: string, opts: { token?: string; body?: unknown } = {}): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await app.request(`/api/v1${path}`, { method, headers, ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}) });
  const text = await res.text();
  responses.push(text);
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'daylight-api-covenant-'));
  await initInstance({ dataDir, origin: 'api.example/daylight' });
  ctx = await openInstance({ dataDir, now: () => clock });
  app = createApp(ctx);
  const admin = await createAccount(ctx, { username: 'steward', password: 'correct horse battery', instanceAdmin: true });
  tokens.admin = (await createApiToken(ctx, admin.id, 'admin')).token;
  for (const name of [...PARTIES, 'outsider']) {
    const a = await createAccount(ctx, { username: name, password: 'correct horse battery' });
    tokens[name] = (await createApiToken(ctx, a.id, name)).token;
  }
});
afterAll(() => ctx.close());

describe('covenants through /api/v1', () => {
  it('organizations: the instance admin creates them; others may not; the profile is public', async () => {
    const input = (slug: string) => ({ slug, name: `Frente ${slug}`, country: 'BR', languages: ['pt', 'es'], timeZone: 'America/Sao_Paulo' });
    expect((await call('POST', '/organizations', { token: tokens.sur, body: input('sur') })).status).toBe(403);
    expect((await call('POST', '/organizations', { body: input('sur') })).status).toBe(401);
    for (const p of PARTIES) expect((await call('POST', '/organizations', { token: tokens.admin, body: input(p) })).status).toBe(201);
    for (const p of PARTIES) {
      const org = await ctx.db.selectFrom('organization').select('id').where('slug', '=', p).executeTakeFirstOrThrow();
      const acct = await ctx.db.selectFrom('account').select('id').where('username', '=', p).executeTakeFirstOrThrow();
      await grantRole(ctx, { kind: 'local' }, { accountId: Number(acct.id), organizationId: Number(org.id), role: p === 'sur' ? 'admin' : 'delegate' });
    }
    // an organization's admin registers its delegate's key; a delegate of another may not
    expect((await call('POST', '/organizations/sur/keys', { token: tokens.norte, body: { verifierKey: keys.sur!.verifierKey } })).status).toBe(403);
    expect((await call('POST', '/organizations/sur/keys', { token: tokens.sur, body: { verifierKey: keys.sur!.verifierKey } })).status).toBe(201);
    for (const p of ['norte', 'este']) expect((await call('POST', `/organizations/${p}/keys`, { token: tokens.admin, body: { verifierKey: keys[p]!.verifierKey } })).status).toBe(201);
    const sur = await call('GET', '/organizations/sur');
    expect(sur.body).toMatchObject({ slug: 'sur', country: 'BR', verifierKeys: [keys.sur!.verifierKey] });
    expect((await call('POST', '/organizations/sur/keys', { token: tokens.sur, body: { verifierKey: 'garbage' } })).status).toBe(400);
  });

  it('members: private fields go in, never come out', async () => {
    const m = await call('POST', '/organizations/sur/members', { token: tokens.sur, body: { pseudonym: 'Beija-flor', realName: PRIVATE[0], contact: PRIVATE[1], officeholder: true } });
    expect(m.status).toBe(201);
    expect(Object.keys(m.body).sort()).toEqual(['id', 'officeholder', 'organization', 'pseudonym', 'triadEligible']);
    await call('POST', '/organizations/norte/members', { token: tokens.admin, body: { pseudonym: 'Sankofa', realName: PRIVATE[2], contact: PRIVATE[3] } });
    expect((await call('POST', '/organizations/norte/members', { token: tokens.norte, body: { pseudonym: 'x' } })).status).toBe(403); // a delegate, not an admin
    const list = await call('GET', '/organizations/sur/members', { token: tokens.sur });
    expect(list.body.members).toEqual([{ id: m.body.id, organization: 'sur', pseudonym: 'Beija-flor', officeholder: true, triadEligible: true }]);
    expect((await call('GET', '/organizations/sur/members', { token: tokens.outsider })).status).toBe(403);
    expect((await call('GET', '/organizations/sur/members')).status).toBe(401);
  });

  let template: any;
  it('alliance, template, draft by sur; a delegate cannot draft for another party; a bad body lists every problem', async () => {
    expect((await call('POST', '/alliances', { token: tokens.outsider, body: { slug: 'tri', name: 'Tri', parties: PARTIES } })).status).toBe(403);
    const a = await call('POST', '/alliances', { token: tokens.norte, body: { slug: 'tri', name: 'Tri', parties: PARTIES } });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ slug: 'tri', status: 'forming' });
    template = (await call('GET', `/covenant/template?parties=${PARTIES.join(',')}&languages=en,pt`)).body.covenant;
    expect(template.parties).toEqual(PARTIES);
    expect((await call('POST', '/alliances/tri/versions', { token: tokens.norte, body: { author: 'sur', rationale: 'x', covenant: template } })).status).toBe(403);

    const before = await snapshot(ctx);
    const broken = structuredClone(template);
    broken.renewal.every = 0;
    broken.principles[0].tests[0].indicator = 'days-since-congress';
    broken.extra = true;
    const bad = await call('POST', '/alliances/tri/versions', { token: tokens.sur, body: { author: 'sur', rationale: 'x', covenant: broken } });
    expect(bad.status).toBe(400);
    expect(bad.body.problems.map((p: { path: string }) => p.path)).toEqual(expect.arrayContaining(['renewal.every', 'principles[0].tests[0].indicator', 'extra']));
    expect(bad.body.error).toMatch(/problems/);
    expect(await snapshot(ctx)).toEqual(before);

    const d = await call('POST', '/alliances/tri/versions', { token: tokens.sur, body: { author: 'sur', rationale: 'The essay, as is.', covenant: template } });
    expect(d.status).toBe(201);
    expect(d.body).toMatchObject({ version: 1, findings: [] });
  });

  it('norte amends; the diff shows it; lint agrees; a delegate proposes; all sign; ratified', async () => {
    const amended = structuredClone(template);
    const test = amended.principles.flatMap((p: any) => p.tests).find((t: any) => t.indicator === 'executive-authority-holders' && t.threshold.value !== undefined);
    test.threshold.value = '5';
    const d2 = await call('POST', '/alliances/tri/versions', { token: tokens.norte, body: { author: 'norte', rationale: 'Five, not three.', basedOn: 1, covenant: amended } });
    expect(d2.status).toBe(201);
    const diff = await call('GET', '/alliances/tri/diff?from=1&to=2');
    expect(diff.body.changes).toEqual([expect.objectContaining({ kind: 'threshold-changed', indicator: 'executive-authority-holders' })]);
    expect((await call('POST', '/covenant/lint', { body: { covenant: amended } })).body).toMatchObject({ ok: true, problems: [] });
    const poetry = structuredClone(amended);
    poetry.principles[1].tests = [];
    const lint = await call('POST', '/covenant/lint', { body: { covenant: poetry } });
    expect(lint.body.ok).toBe(false);
    expect(lint.body.findings.some((f: any) => f.severity === 'error' && f.path.startsWith('principles[1]'))).toBe(true);
    expect((await call('POST', '/covenant/lint', { body: { text: 'format: [', format: 'yaml' } })).body.problems).toHaveLength(1);

    expect((await call('POST', '/alliances/tri/versions/2/propose', { token: tokens.outsider })).status).toBe(403);
    const p = await call('POST', '/alliances/tri/versions/2/propose', { token: tokens.este });
    expect(p.status).toBe(201);
    expect(p.body.documents).toHaveLength(3);

    const { text, sha256 } = (await call('GET', '/alliances/tri/versions/2/signature-text')).body;
    // signed elsewhere, on each delegate's own machine; any account may carry the note in
    const stranger = generateKey('stranger.example/k');
    const refused = await call('POST', '/alliances/tri/signatures', { token: tokens.outsider, body: { note: signNote(text, [parseSignerKey(stranger.signerKey)]) } });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatch(/registered key/);
    let last: any;
    for (const party of PARTIES) {
      last = await call('POST', '/alliances/tri/signatures', { token: tokens[party], body: { note: signNote(text, [parseSignerKey(keys[party]!.signerKey)]) } });
      expect(last.status).toBe(201);
    }
    expect(last.body).toMatchObject({ ratified: true, missing: [] });
    const v = await call('GET', '/alliances/tri/versions/2');
    expect(v.body).toMatchObject({ status: 'ratified', sha256, signed: ['este', 'norte', 'sur'] });
    expect((await call('GET', '/alliances/tri')).body).toMatchObject({ status: 'active', ratified: { version: 2 } });
    expect((await call('GET', '/alliances/tri/versions')).body.versions.map((x: any) => x.status)).toEqual(['draft', 'ratified']);
  });

  it('renewal: the scheduler’s tick opens it on time; testimonies; re-signatures publish it', async () => {
    const ratifiedAt = new Date((await call('GET', '/alliances/tri')).body.ratified.ratifiedAt);
    clock = renewalDueAt(ratifiedAt, { every: 13, unit: 'moons' }, 1);
    expect((await tick(ctx)).opened).toHaveLength(1);
    const status = await call('GET', '/alliances/tri/renewals');
    expect(status.body.renewals).toEqual([expect.objectContaining({ number: 1, status: 'open', missing: PARTIES })]);
    expect((await call('POST', '/alliances/tri/renewals/testimonies', { token: tokens.outsider, body: { text: 'Seen and heard.', pseudonym: 'Vizinha', anonymous: true } })).status).toBe(400);
    expect((await call('POST', '/alliances/tri/renewals/testimonies', { body: { text: 'x', anonymous: true } })).status).toBe(401);
    expect((await call('POST', '/alliances/tri/renewals/testimonies', { token: tokens.outsider, body: { text: 'Seen and heard.', pseudonym: 'Vizinha' } })).status).toBe(201);
    expect((await call('POST', '/alliances/tri/renewals/testimonies', { token: tokens.outsider, body: { text: 'Not everyone was asked.', anonymous: true } })).body).toMatchObject({ anonymous: true });
    const { text } = (await call('GET', '/alliances/tri/renewals/signature-text')).body;
    expect(text).toMatch(/^daylight covenant renewal v1\n/);
    let last: any;
    for (const party of PARTIES) last = await call('POST', '/alliances/tri/renewals/signatures', { token: tokens[party], body: { note: signNote(text, [parseSignerKey(keys[party]!.signerKey)]) } });
    expect(last.body).toMatchObject({ published: true, missing: [] });
    const records = (await call('GET', '/records?limit=1')).body.records;
    expect(records[0].record).toMatchObject({ type: 'renewal.published', testimonies: 2 });
    const note = await app.request(`/archive/doc/sha256/${records[0].record.documents[1].sha256}`);
    const opened = openNote(new Uint8Array(await note.arrayBuffer()), PARTIES.map((p) => parseVerifierKey(keys[p]!.verifierKey)));
    expect(opened.verified).toHaveLength(3);
  });

  it('the OpenAPI document lists the new endpoints and the covenant schema; no response carried a private value', async () => {
    const doc = (await call('GET', '/openapi.json')).body;
    for (const path of ['/organizations', '/organizations/{slug}/members', '/alliances/{slug}/versions', '/alliances/{slug}/signatures', '/alliances/{slug}/renewals/testimonies', '/covenant/lint']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Covenant', 'Member', 'CovenantProblems', 'Alliance']));
    expect(Object.keys(doc.components.schemas.Member.properties).sort()).toEqual(['id', 'officeholder', 'organization', 'pseudonym', 'triadEligible']);
    for (const r of responses) for (const v of PRIVATE) expect(r).not.toContain(v);
  });
});

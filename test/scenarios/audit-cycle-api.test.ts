/**
 * Issue 4's whole cycle through the public JSON API (createApi on a real SQLite instance): a
 * three-party alliance; a delegate opens the cycle (triads drawn by lot); every triad member, with
 * an account linked to their member, rates; all 9 scorecards (3 × 3, self-reviews included) are
 * finalized and published as JSON, HTML and PDF (at most 3 pages each); grassroots feedback is
 * answered with a real proof of work and no account; a moderator hides one answer with a public
 * reason; the exported archive verifies and holds the scorecards and the hiding.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
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
import { solveWork } from '../../src/domain/feedback.js';
import { pdfPageCount } from '../../src/render/pdf-info.js';
import { exportArchive } from '../../src/publish/export.js';
import { verifyArchive } from '../../src/verify/verify.js';
import { decodeBundle } from '../../src/ledger/tile.js';
import { auditAlliance, privateValues } from '../services/audit-fixture.js';
import type { OpenCtx } from '../services/instances.js';

const LOCAL = { kind: 'local' } as const;
const PARTIES = ['sur', 'norte', 'este'];
const dir = mkdtempSync(path.join(tmpdir(), 'daylight-audit-cycle-'));
let ctx: OpenCtx;
let api: OpenAPIHono;

function call(p: string, init: { method?: string; token?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  return api.request(p, { method: init.method ?? 'GET', headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
}

async function token(username: string, instanceAdmin = false): Promise<{ id: number; token: string }> {
  const a = await createAccount(ctx, { username, password: 'correct horse battery staple', instanceAdmin });
  return { id: a.id, token: (await createApiToken(ctx, a.id, 'scenario')).token };
}

function files(root: string, rel = ''): string[] {
  return readdirSync(path.join(root, rel)).flatMap((n) => {
    const r = rel ? `${rel}/${n}` : n;
    return statSync(path.join(root, r)).isDirectory() ? files(root, r) : [r];
  });
}

beforeAll(async () => {
  const dataDir = path.join(dir, 'data');
  await initInstance({ dataDir, origin: 'cycle.example/daylight' });
  ctx = await openInstance({ dataDir });
  api = createApi(ctx);
  await auditAlliance(ctx, { parties: PARTIES });
});
afterAll(async () => {
  await ctx.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('one whole lunar cycle through the API', () => {
  it('draws triads, publishes 9 scorecards, takes feedback, hides one answer with a reason; the archive verifies', async () => {
    const delegate = await token('sur-delegate');
    await grantRole(ctx, LOCAL, { accountId: delegate.id, organizationId: (await loadOrganization(ctx.db, 'sur')).id, role: 'delegate' });
    const opened = await call('/alliances/tri/cycles', { method: 'POST', token: delegate.token, body: { sources: ['7 14 21 28 35 42'] } });
    expect(opened.status).toBe(201);
    const cycle = (await opened.json()) as CycleView;
    expect(cycle.triads.map((t) => t.party).sort()).toEqual([...PARTIES].sort());
    expect(cycle.assignments).toHaveLength(9); // up to 6 parties: everyone reviews everyone, itself included

    // every triad member gets an account linked to their member
    const tokens: Record<string, string> = {};
    for (const t of cycle.triads) {
      expect(t.members).toHaveLength(3);
      for (const pseudonym of t.members) {
        const a = await token(`${t.party}-${pseudonym}`.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 60));
        await linkMemberAccount(ctx, LOCAL, { organization: t.party, pseudonym, accountId: a.id });
        tokens[`${t.party}/${pseudonym}`] = a.token;
      }
    }

    const cards: { reviewer: string; reviewee: string; path: string }[] = [];
    for (const a of cycle.assignments) {
      const p = `/alliances/tri/cycles/${cycle.n}/scorecards/${a.reviewer}/${a.reviewee}`;
      const members = cycle.triads.find((t) => t.party === a.reviewer)!.members;
      for (const [i, m] of members.entries()) {
        const ratings = DEFAULT_DIMENSIONS.map((d, j) => ({ dimension: d, score: (i + j) % 5, note: `seen in assemblies (${i}.${j})`, evidence: ['private-ref'] }));
        const r = await call(`${p}/ratings`, { method: 'POST', token: tokens[`${a.reviewer}/${m}`], body: { ratings } });
        expect(r.status).toBe(200);
      }
      const fin = await call(`${p}/finalize`, { method: 'POST', token: tokens[`${a.reviewer}/${members[0]}`], body: {} });
      expect(fin.status).toBe(201);
      cards.push({ reviewer: a.reviewer, reviewee: a.reviewee, path: p });
    }
    expect(cards).toHaveLength(9);
    for (const c of cards) {
      const key = { alliance: 'tri', cycle: cycle.n, reviewer: c.reviewer, reviewee: c.reviewee };
      const pdf = await scorecardDocument(ctx, key, 'pdf');
      expect(pdfPageCount(pdf.body)).toBeLessThanOrEqual(3);
      expect((await scorecardDocument(ctx, key, 'html')).body.length).toBeGreaterThan(0);
      expect((await call(c.path)).status).toBe(200);
    }

    // grassroots feedback, no account: a real proof of work
    const answers: number[] = [];
    for (const text of ['The assembly did meet this moon.', 'Nobody told us about the new treasurer.']) {
      const ch = (await (await call(`${cards[0]!.path}/feedback/challenge`)).json()) as { challenge: string; bits: number };
      const nonce = solveWork(ch.challenge, ch.bits);
      const r = await call(`${cards[0]!.path}/feedback`, { method: 'POST', body: { challenge: ch.challenge, nonce, text } });
      expect(r.status).toBe(201);
      answers.push(((await r.json()) as { id: number }).id);
    }
    // a wrong proof is refused
    const ch = (await (await call(`${cards[0]!.path}/feedback/challenge`)).json()) as { challenge: string };
    expect((await call(`${cards[0]!.path}/feedback`, { method: 'POST', body: { challenge: ch.challenge, nonce: 'x', text: 'spam' } })).status).toBe(400);

    // a moderator hides one answer, with a public reason
    const moderator = await token('steward', true);
    expect((await call(`/feedback/${answers[1]}/hide`, { method: 'POST', token: moderator.token, body: { reason: '' } })).status).toBe(400);
    const hide = await call(`/feedback/${answers[1]}/hide`, { method: 'POST', token: moderator.token, body: { reason: 'names a member who asked not to be named' } });
    expect(hide.status).toBeLessThan(300);
    const listed = (await (await call(`${cards[0]!.path}/feedback`)).json()) as { answers?: { id: number; hidden: { reason: string } | null }[] } | { id: number; hidden: { reason: string } | null }[];
    const list = Array.isArray(listed) ? listed : listed.answers ?? [];
    expect(list.find((a) => a.id === answers[1])?.hidden?.reason).toBe('names a member who asked not to be named');
    expect(list.find((a) => a.id === answers[0])?.hidden).toBeNull();

    // the exported archive verifies and holds the 9 scorecards and the hiding; nothing private in it
    const out = path.join(dir, 'archive');
    await exportArchive(ctx, out);
    const report = await verifyArchive({ source: out, keys: [ctx.verifierKey] });
    expect(report.problems).toEqual([]);
    const entries = files(out)
      .filter((f) => f.startsWith('tile/entries/'))
      .flatMap((f) => decodeBundle(readFileSync(path.join(out, f))).map((e) => JSON.parse(Buffer.from(e).toString('utf8')) as { type: string; reason?: string }));
    expect(entries.filter((e) => e.type === 'scorecard')).toHaveLength(9);
    expect(entries.find((e) => e.type === 'feedback-hidden')?.reason).toBe('names a member who asked not to be named');
    const everything = Buffer.concat(files(out).map((f) => readFileSync(path.join(out, f))));
    const secrets = [...privateValues(PARTIES), 'private-ref'];
    expect(secrets.length).toBeGreaterThan(3);
    for (const secret of secrets) expect(everything.includes(Buffer.from(secret, 'utf8')), secret).toBe(false);
  });
});

/**
 * The feedback, moderation and reminder endpoints of /api/v1 through the real app (createApp)
 * on SQLite and PostgreSQL: a challenge fetched and solved, an answer sent without an account
 * while the request carries X-Forwarded-For and a User-Agent that appear nowhere afterwards
 * (not in any row, not in the SQLite files, not in the exported archive); refusals with their
 * reason and status (400, 409, 429 with Retry-After); hostile HTML returned as a JSON string;
 * hiding with a token and a reason; the summary; reminders and webhooks behind a token.
 */
import { readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { initInstance, openInstance } from '../../src/services/instance.js';
import { createAccount, createApiToken, grantRole } from '../../src/services/accounts.js';
import { getOrganization } from '../../src/services/organizations.js';
import { RATE_LIMIT, feedbackChallenge, submitFeedback } from '../../src/services/feedback.js';
import type { CycleView } from '../../src/services/cycles.js';
import { exportArchive } from '../../src/publish/export.js';
import { WAIT_S, checkWork, solveWork } from '../../src/domain/feedback.js';
import { BACKENDS, logSkip, Scratch } from '../store/backends.js';
import { listFiles } from '../support/privacy-scan.js';
import { openAuditCycle, publishCards } from './feedback-fixture.js';
import type { OpenCtx } from './instances.js';

const scratch = new Scratch();
afterAll(() => scratch.cleanup());
const LOCAL = { kind: 'local' } as const;
const T0 = new Date('2026-11-25T10:00:00.000Z');
const IP = '203.0.113.77';
const AGENT = 'Mozilla/5.0 (FeedbackTest; rv:7741) Gecko/20100101 UniqueAgent-9f3e';
const HOSTILE = '<img src=x onerror="alert(document.cookie)"><script>fetch("//evil")</script>';

describe.each(BACKENDS)('feedback API on %s', (backend) => {
  const skip = logSkip(backend);
  let ctx: OpenCtx;
  let app: Hono;
  let clock = T0;
  let cycle: CycleView;
  let dataDir: string;
  let adminToken: string;
  let outsiderToken: string;
  let answerId: number;
  const work = mkdtempSync(path.join(os.tmpdir(), 'daylight-feedback-api-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const base = () => `/api/v1/alliances/tri/cycles/${cycle.n}/scorecards`;
  const post = (p: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(p, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });

  beforeAll(async () => {
    if (skip) return;
    const opts = { ...(await scratch.options(backend)), now: () => clock };
    dataDir = opts.dataDir;
    await initInstance({ ...opts, origin: 'api.example/daylight' });
    ctx = await openInstance(opts);
    cycle = await openAuditCycle(ctx);
    clock = new Date(T0.getTime() + 86_400_000);
    await publishCards(ctx, cycle, [
      { reviewer: 'sur', reviewee: 'norte' },
      { reviewer: 'norte', reviewee: 'este' },
    ]);
    app = createApp(ctx);
    const admin = await createAccount(ctx, { username: 'norte-admin', password: 'correct horse battery' });
    await grantRole(ctx, LOCAL, { accountId: admin.id, organizationId: (await getOrganization(ctx, 'norte')).id, role: 'admin' });
    adminToken = (await createApiToken(ctx, admin.id, 'test')).token;
    const outsider = await createAccount(ctx, { username: 'outsider', password: 'correct horse battery' });
    outsiderToken = (await createApiToken(ctx, outsider.id, 'test')).token;
  }, 120_000);
  afterAll(async () => {
    if (!skip) await ctx.close();
  });

  it.skipIf(skip)('answers with a solved challenge, no account; the HTML comes back as a JSON string', async () => {
    const res = await app.request(`${base()}/sur/norte/feedback/challenge`, { headers: { 'X-Forwarded-For': IP, 'User-Agent': AGENT } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const ch = (await res.json()) as { challenge: string; bits: number };
    const nonce = solveWork(ch.challenge, ch.bits);
    const sent = await post(`${base()}/sur/norte/feedback`, { challenge: ch.challenge, nonce, dimension: 'dissent', pseudonym: 'vecina', text: HOSTILE }, { 'X-Forwarded-For': IP, 'X-Real-IP': IP, 'User-Agent': AGENT });
    expect(sent.status).toBe(201);
    const r = (await sent.json()) as { id: number; dimension: string };
    answerId = r.id;
    expect(r.dimension).toBe('dissent');
    const list = await app.request(`${base()}/sur/norte/feedback`);
    expect(list.headers.get('content-type')).toMatch(/^application\/json/);
    const raw = await list.text();
    expect(JSON.parse(raw).answers).toMatchObject([{ id: r.id, text: HOSTILE, shown: HOSTILE, pseudonym: 'vecina', hidden: null }]);
  });

  it.skipIf(skip)('keeps no trace of the IP address or the user agent: not in any row, file or export', async () => {
    const tables =
      ctx.dialect === 'sqlite'
        ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(ctx.db)).rows
        : (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public'`.execute(ctx.db)).rows;
    for (const { name } of tables) {
      const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(ctx.db)).rows;
      const text = rows.map((row) => Object.values(row).map((v) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : String(v))).join('\u0000')).join('\n');
      expect(text, name).not.toContain(IP);
      expect(text, name).not.toContain('UniqueAgent-9f3e');
    }
    for (const f of ['daylight.sqlite', 'daylight.sqlite-wal']) {
      const file = path.join(dataDir, f);
      if (!existsSync(file)) continue;
      const bytes = readFileSync(file).toString('latin1');
      expect(bytes).not.toContain(IP);
      expect(bytes).not.toContain('UniqueAgent-9f3e');
    }
    const dir = path.join(work, `export-${backend}`);
    await exportArchive(ctx, dir);
    const files = listFiles(dir);
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) expect(readFileSync(f).toString('latin1')).not.toContain(IP);
  });

  it.skipIf(skip)('refuses with a reason: wrong nonce 400, reused 409, too early 400, bad text 400, unknown scorecard 404', async () => {
    const ch = (await (await app.request(`${base()}/sur/norte/feedback/challenge`)).json()) as { challenge: string; bits: number };
    let wrong = 0;
    while (checkWork(ch.challenge, String(wrong), ch.bits)) wrong++;
    const refusal = async (body: unknown, status: number, reason: string) => {
      const res = await post(`${base()}/sur/norte/feedback`, body);
      expect(res.status).toBe(status);
      const b = (await res.json()) as { error: string; reason: string };
      expect(b.reason).toBe(reason);
      expect(b.error.length).toBeGreaterThan(10);
    };
    await refusal({ challenge: ch.challenge, nonce: String(wrong), text: 'hola' }, 400, 'work');
    await refusal({ challenge: ch.challenge, text: 'hola' }, 400, 'challenge-early');
    await refusal({ challenge: ch.challenge, nonce: solveWork(ch.challenge, ch.bits), text: 'x'.repeat(2001) }, 400, 'text');
    await refusal({ challenge: ch.challenge, nonce: solveWork(ch.challenge, ch.bits), text: 'esc \u001b[31m' }, 400, 'text');
    const nonce = solveWork(ch.challenge, ch.bits);
    expect((await post(`${base()}/sur/norte/feedback`, { challenge: ch.challenge, nonce, text: 'gracias' })).status).toBe(201);
    await refusal({ challenge: ch.challenge, nonce, text: 'otra vez' }, 409, 'challenge-reused');
    const draft = await app.request(`${base()}/este/sur/feedback/challenge`);
    expect(draft.status).toBe(404);
    expect(((await draft.json()) as { reason: string }).reason).toBe('closed');
    const none = await app.request(`${base()}/nadie/sur/feedback/challenge`);
    expect(none.status).toBe(404);
    expect(await none.json()).toEqual({ error: expect.stringContaining('no scorecard') });
    const malformed = await post(`${base()}/sur/norte/feedback`, { nonce: 1 });
    expect(malformed.status).toBe(400);
  });

  it.skipIf(skip)('the rate limit answers 429 with Retry-After', async () => {
    for (let i = 0; i < RATE_LIMIT; i++) {
      const ch = await feedbackChallenge(ctx, { alliance: 'tri', cycle: cycle.n, reviewer: 'norte', reviewee: 'este' });
      clock = new Date(clock.getTime() + WAIT_S * 1000);
      await submitFeedback(ctx, { alliance: 'tri', cycle: cycle.n, reviewer: 'norte', reviewee: 'este', challenge: ch.challenge, text: `n${i}` });
    }
    const ch = (await (await app.request(`${base()}/norte/este/feedback/challenge`)).json()) as { challenge: string; bits: number };
    const res = await post(`${base()}/norte/este/feedback`, { challenge: ch.challenge, nonce: solveWork(ch.challenge, ch.bits), text: 'one more' });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await res.json()) as { reason: string }).reason).toBe('rate-limited');
  });

  it.skipIf(skip)('hiding needs a token, a moderator and a reason; the public list then shows the reason only', async () => {
    const p = `/api/v1/feedback/${answerId}/hide`;
    expect((await post(p, { reason: 'Names a witness.' })).status).toBe(401);
    expect((await post(p, { reason: 'Names a witness.' }, bearer(outsiderToken))).status).toBe(403);
    const empty = await post(p, { reason: ' ' }, bearer(adminToken));
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { reason: string }).reason).toBe('text');
    const ok = await post(p, { reason: 'Names a witness.' }, bearer(adminToken));
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ id: answerId, by: 'norte', reason: 'Names a witness.' });
    expect((await post(p, { reason: 'Again.' }, bearer(adminToken))).status).toBe(409);
    const list = (await (await app.request(`${base()}/sur/norte/feedback`)).json()) as { answers: { id: number; text: string | null; shown: string }[] };
    const a = list.answers.find((x) => x.id === answerId)!;
    expect(a.text).toBeNull();
    expect(a.shown).toBe('hidden: Names a witness.');
    expect(JSON.stringify(list)).not.toContain('onerror');
  });

  it.skipIf(skip)('the summary is public', async () => {
    const res = await app.request(`/api/v1/alliances/tri/cycles/${cycle.n}/feedback-summary`);
    expect(res.status).toBe(200);
    const s = (await res.json()) as { parties: { reviewee: string; count: number; hidden: number }[] };
    expect(s.parties.map((p) => [p.reviewee, p.count, p.hidden])).toEqual([
      ['este', RATE_LIMIT, 0],
      ['norte', 2, 1],
      ['sur', 0, 0],
    ]);
  });

  it.skipIf(skip)('reminders and webhooks need a token; the secret is shown once', async () => {
    expect((await app.request('/api/v1/reminders')).status).toBe(401);
    const mine = (await (await app.request('/api/v1/reminders', { headers: bearer(adminToken) })).json()) as { items: { alliance: string; kind: string }[] };
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((i) => i.alliance === 'tri')).toBe(true);
    const theirs = (await (await app.request('/api/v1/reminders', { headers: bearer(outsiderToken) })).json()) as { items: unknown[] };
    expect(theirs.items).toEqual([]);
    expect((await app.request('/api/v1/reminders?now=yesterday', { headers: bearer(adminToken) })).status).toBe(400);

    expect((await post('/api/v1/alliances/tri/webhooks', { url: 'https://hooks.example.org/d', party: 'sur' }, bearer(adminToken))).status).toBe(403);
    const created = await post('/api/v1/alliances/tri/webhooks', { url: 'https://hooks.example.org/d', party: 'norte' }, bearer(adminToken));
    expect(created.status).toBe(201);
    const w = (await created.json()) as { id: number; secret: string };
    expect(w.secret).toMatch(/^whsec_/);
    const listed = await (await app.request('/api/v1/alliances/tri/webhooks', { headers: bearer(adminToken) })).text();
    expect(JSON.parse(listed)).toEqual({ webhooks: [{ id: w.id, alliance: 'tri', party: 'norte', url: 'https://hooks.example.org/d', createdAt: clock.toISOString() }] });
    expect(listed).not.toContain(w.secret);
    expect((await app.request('/api/v1/alliances/tri/webhooks', { headers: bearer(outsiderToken) })).status).toBe(403);
  });

  it.skipIf(skip)('the OpenAPI document lists the endpoints', async () => {
    const doc = (await (await app.request('/api/v1/openapi.json')).json()) as { paths: Record<string, unknown> };
    for (const p of [
      '/alliances/{alliance}/cycles/{n}/scorecards/{reviewer}/{reviewee}/feedback/challenge',
      '/alliances/{alliance}/cycles/{n}/scorecards/{reviewer}/{reviewee}/feedback',
      '/alliances/{alliance}/cycles/{n}/feedback-summary',
      '/feedback/{id}/hide',
      '/reminders',
      '/alliances/{alliance}/webhooks',
    ]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
  });
});

/**
 * Lessons on the web and through the API, JavaScript off: a ratified alliance in which norte's
 * executive authority fell 6 → 5 → 4 over three lunar cycles and then to 2 (the trip). The
 * alliance page links the lessons; an admin of sur assembles a draft with the form, reads the
 * missed signal with its explanation, writes the analysis (hostile text stays text), publishes;
 * the edit form is gone after. Forms need the CSRF token; an outsider gets no forms and is
 * refused by the service. The API lists, drafts, reads, edits and publishes with a token.
 * Every page renders in the five languages.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { createApp } from '../../src/http/app.js';
import { createAccount, createApiToken, grantRole } from '../../src/services/accounts.js';
import type { Ctx } from '../../src/services/context.js';
import { initInstance, openInstance } from '../../src/services/instance.js';
import { recordObservation } from '../../src/services/observations.js';
import { loadOrganization } from '../../src/services/organizations.js';
import { cycleAt, cycles as lunarCycles } from '../../src/domain/audit/index.js';
import { auditAlliance } from '../services/audit-fixture.js';
import { accountWithRole, decodeHtml, textareaValue } from './covenant-site.js';
import { Browser, PASSWORD, csrfField } from './harness.js';

const DAY = 86_400_000;
const T0 = new Date('2026-11-25T10:00:00.000Z');
const CYCLES = lunarCycles({ rhythm: 'lunar', from: cycleAt('lunar', T0).start, to: new Date(T0.getTime() + 150 * DAY) }).slice(0, 4);
const HOSTILE = '<script>alert(1)</script>';
let clock = T0;
let ctx: Ctx & { close(): Promise<void> };
let app: Hono;
const admin = () => users.admin!;
const users: Record<string, Browser> = {};

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'daylight-lessons-pages-'));
  await initInstance({ dataDir, origin: 'test.example/daylight', now: () => clock });
  ctx = await openInstance({ dataDir, now: () => clock });
  app = createApp(ctx);
  await auditAlliance(ctx);
  for (const [i, value] of ['6', '5', '4', '2'].entries()) {
    clock = new Date(Date.parse(CYCLES[i]!.start) + 14 * DAY);
    await recordObservation(ctx, { kind: 'local' }, { alliance: 'tri', party: 'norte', indicator: 'executive-authority-holders', at: clock.toISOString().slice(0, 10), value, source: 'party register' });
  }
  await accountWithRole(ctx, 'admin', 'sur', 'admin');
  await createAccount(ctx, { username: 'outsider', password: PASSWORD });
  for (const name of ['admin', 'outsider']) {
    users[name] = new Browser(app);
    expect((await users[name].login(name)).status).toBe(303);
  }
}, 60_000);

describe('lesson pages', () => {
  it('the alliance page links the lessons; the list offers the draft form to a party’s admin only', async () => {
    expect(await (await app.request('/alliances/tri')).text()).toContain('href="/alliances/tri/lessons"');
    const anon = await (await app.request('/alliances/tri/lessons')).text();
    expect(anon).toContain('No lessons yet.');
    expect(anon).not.toContain('<form method="post" action="/alliances/tri/lessons"');
    expect(await (await users.outsider!.get('/alliances/tri/lessons')).text()).not.toContain('action="/alliances/tri/lessons"');
    const html = await (await admin().get('/alliances/tri/lessons')).text();
    expect(html).toContain('<form method="post" action="/alliances/tri/lessons">');
    // without the token: refused, nothing drafted
    expect((await admin().post('/alliances/tri/lessons', { party: 'norte' })).status).toBe(403);
    expect(await ctx.db.selectFrom('lesson').selectAll().execute()).toEqual([]);
  });

  it('drafts with the form and shows the missed signal with its explanation and the timeline', async () => {
    const html = await (await admin().get('/alliances/tri/lessons')).text();
    const res = await admin().post('/alliances/tri/lessons', { csrf: csrfField(html), party: 'norte', title: 'Power in norte' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/alliances/tri/lessons/1');
    const page = await (await admin().get('/alliances/tri/lessons/1')).text();
    const [, c1, c2, c3] = CYCLES.map((c) => c.n);
    expect(decodeHtml(page)).toContain(`executive-authority-holders moved toward its threshold (< 3) for 2 cycles (${c1}–${c2}) before it tripped in cycle ${c3}: 6 → 5 → 4`);
    expect(page).toContain('Moving toward a threshold');
    expect(page).toContain(`First tripped in cycle ${c3}.`);
    expect(page).toContain('good → review (trip)');
    expect(page).toContain('action="/alliances/tri/lessons/1/edit"');
    expect(page).toContain('action="/alliances/tri/lessons/1/publish"');
    // a reader without a party sees the case study, no forms
    const anon = await (await app.request('/alliances/tri/lessons/1')).text();
    expect(anon).toContain('Missed signals');
    expect(anon).not.toContain('/edit"');
  });

  it('the analysis is saved as text, then the lesson is published and the forms are gone', async () => {
    let page = await (await admin().get('/alliances/tri/lessons/1')).text();
    const analysis = `Two moons of decline.\n${HOSTILE}`;
    const saved = await admin().post('/alliances/tri/lessons/1/edit', { csrf: csrfField(page), title: 'Power in norte', analysis });
    expect(saved.headers.get('Location')).toBe('/alliances/tri/lessons/1?done=saved');
    page = await (await admin().get('/alliances/tri/lessons/1?done=saved')).text();
    expect(page).toContain('The draft was saved.');
    expect(page).not.toContain(HOSTILE);
    expect(textareaValue(page, 'lesson-analysis')).toBe(analysis.replace(/\n/g, '\r\n'));
    const tooLong = await admin().post('/alliances/tri/lessons/1/edit', { csrf: csrfField(page), title: 'x', analysis: 'y'.repeat(20_001) });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain('analysis is at most 20000 characters');
    // an outsider's own valid token (from any page with a form) does not make it a party
    const out = await users.outsider!.post('/alliances/tri/lessons/1/publish', { csrf: csrfField(await (await users.outsider!.get('/alliances/tri/lessons')).text()) });
    expect(out.status).toBe(403);
    const pub = await admin().post('/alliances/tri/lessons/1/publish', { csrf: csrfField(page) });
    expect(pub.headers.get('Location')).toBe('/alliances/tri/lessons/1?done=published');
    page = await (await admin().get('/alliances/tri/lessons/1?done=published')).text();
    expect(page).toContain('The lesson is published and archived.');
    expect(page).not.toContain('/edit"');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('renders in the five languages', async () => {
    for (const [lang, word] of [['en', 'Missed signals'], ['es', 'Señales pasadas por alto'], ['fr', 'Signaux manqués'], ['ar', 'إشارات فاتتنا'], ['pt', 'Sinais despercebidos']]) {
      const res = await app.request(`/alliances/tri/lessons/1?lang=${lang}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain(word);
    }
  });
});

describe('lesson API', () => {
  it('lists, drafts, reads, edits and publishes with a token; refuses without one', async () => {
    const acc = await createAccount(ctx, { username: 'api-admin', password: PASSWORD });
    const org = await loadOrganization(ctx.db, 'este');
    await grantRole(ctx, { kind: 'local' }, { accountId: acc.id, organizationId: org.id, role: 'delegate' });
    const token = (await createApiToken(ctx, acc.id, 'lessons')).token;
    const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const list = (await (await app.request('/api/v1/alliances/tri/lessons')).json()) as { lesson: number; status: string; missedSignals: number }[];
    expect(list).toEqual([expect.objectContaining({ lesson: 1, status: 'published', missedSignals: 1 })]);
    expect((await app.request('/api/v1/alliances/tri/lessons', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status).toBe(401);
    const d = await app.request('/api/v1/alliances/tri/lessons', { method: 'POST', headers: auth, body: JSON.stringify({ title: 'The whole alliance' }) });
    expect(d.status).toBe(201);
    expect(await d.json()).toMatchObject({ lesson: 2, party: null, status: 'draft', study: { format: 'daylight-lesson/1' } });
    const e = await app.request('/api/v1/alliances/tri/lessons/2', { method: 'PATCH', headers: auth, body: JSON.stringify({ analysis: 'Read together.' }) });
    expect(await e.json()).toMatchObject({ analysis: 'Read together.' });
    const p = await app.request('/api/v1/alliances/tri/lessons/2/publish', { method: 'POST', headers: auth });
    expect(p.status).toBe(201);
    const got = (await (await app.request('/api/v1/alliances/tri/lessons/2')).json()) as { status: string; documents: unknown[] };
    expect(got.status).toBe('published');
    expect(got.documents).toHaveLength(2);
    const again = await app.request('/api/v1/alliances/tri/lessons/2', { method: 'PATCH', headers: auth, body: JSON.stringify({ title: 'x' }) });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ error: 'lesson 2 of tri is published and cannot change: draft a new one' });
    expect((await app.request('/api/v1/alliances/tri/lessons/9')).status).toBe(404);
  });
});

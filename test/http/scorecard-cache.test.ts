/**
 * The kept public scorecard page (routes/scorecard-cache.ts) never shows one reader another's
 * token or challenge, and never shows anything stale: an answer sent through the form is on the
 * page at once, signed-in readers get their own page, and each reader's challenge is fresh and
 * accepted. On the demo, with a third cycle whose feedback window is open.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { startServer } from '../../src/http/server.js';
import { DEMO_ALLIANCE, seedDemo } from '../../src/demo/seed.js';
import { ensureFirstAdmin } from '../../src/services/accounts.js';
import type { Ctx } from '../../src/services/context.js';
import { initInstance, openInstance } from '../../src/services/instance.js';
import { openCycle } from '../../src/services/cycles.js';
import { finalizeScorecard, rateScorecard } from '../../src/services/scorecards.js';
import { WAIT_S } from '../../src/domain/feedback.js';
import { Browser, csrfField } from './harness.js';

const LOCAL = { kind: 'local' } as const;
const challengeOf = (html: string) => /name="challenge" value="([^"]+)"/.exec(html)?.[1];

describe('the public scorecard page, kept between readers', () => {
  let dataDir: string;
  let ctx: Ctx & { close(): Promise<void> };
  let clock = new Date();
  let path = '';
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    const now = new Date();
    dataDir = mkdtempSync(join(tmpdir(), 'daylight-card-cache-'));
    await initInstance({ dataDir, origin: 'cache.test/daylight', now: () => clock });
    ctx = await openInstance({ dataDir, now: () => clock });
    await seedDemo(ctx, (d) => (clock = d), now);
    clock = now;
    const cycle = await openCycle(ctx, LOCAL, { alliance: DEMO_ALLIANCE, sources: ['2 4 6'] });
    const a = cycle.assignments[0]!;
    const triad = cycle.triads.find((t) => t.party === a.reviewer)!;
    for (const as of triad.members)
      await rateScorecard(ctx, LOCAL, { alliance: DEMO_ALLIANCE, cycle: cycle.n, reviewer: a.reviewer, reviewee: a.reviewee, as, ratings: cycle.dimensions.map((dimension) => ({ dimension, score: 3, note: 'ok' })) });
    await finalizeScorecard(ctx, LOCAL, { alliance: DEMO_ALLIANCE, cycle: cycle.n, reviewer: a.reviewer, reviewee: a.reviewee, as: triad.members[0]!, lang: 'en' });
    const row = await ctx.db
      .selectFrom('scorecard')
      .innerJoin('audit_cycle', 'audit_cycle.id', 'scorecard.cycle_id')
      .select('scorecard.id')
      .where('audit_cycle.n', '=', cycle.n)
      .where('scorecard.status', '=', 'published')
      .executeTakeFirstOrThrow();
    path = `/scorecards/${row.id}`;
    app = createApp(ctx);
  }, 300_000);

  afterAll(async () => {
    await ctx?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("gives each reader their own CSRF token and a fresh challenge, never another reader's", async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const b = new Browser(app);
      const html = await (await b.get(path)).text();
      const token = csrfField(html);
      expect(b.cookies.get('daylight_csrf')).toBe(token);
      const challenge = challengeOf(html)!;
      expect(challenge).toMatch(/^dlf1\./);
      expect(seen.has(token) || seen.has(challenge)).toBe(false);
      seen.add(token).add(challenge);
      expect(html).not.toMatch(/csrf[0-9a-f]{32}|challenge[0-9a-f]{32}/); // no marker left behind
    }
  });

  it('sends the kept page gzip-encoded with the headers of every other page, and the form accepts what it carries', async () => {
    const drawn = await new Browser(app).get(path, { 'Accept-Encoding': 'gzip' }); // drawn or kept: the reference headers
    const b = new Browser(app);
    const res = await b.get(path, { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(res.headers.get('Content-Encoding')).toBe('gzip');
    for (const name of ['Content-Security-Policy', 'X-Content-Type-Options', 'Referrer-Policy', 'Cross-Origin-Opener-Policy', 'X-Frame-Options', 'Content-Type', 'Content-Language', 'Cache-Control'])
      expect(res.headers.get(name), name).toBe(drawn.headers.get(name));
    expect(res.headers.get('Vary')).toMatch(/Accept-Encoding/);
    // the reader's new token cookie, with the flags the stack gives it
    const flags = (r: Response) => r.headers.get('Set-Cookie')?.replace(/^daylight_csrf=[^;]+/, 'daylight_csrf=…');
    expect(flags(res)).toBe('daylight_csrf=…; Path=/; HttpOnly; SameSite=Strict');
    expect(flags(res)).toBe(flags(drawn));
    const html = gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8');
    expect(html).toContain('</html>');
    expect(csrfField(html)).toBe(b.cookies.get('daylight_csrf'));
    clock = new Date(clock.getTime() + (WAIT_S + 1) * 1000);
    const sent = await b.post(`${path}/feedback`, { csrf: csrfField(html), challenge: challengeOf(html)!, dimension: 'overall', pseudonym: '', text: 'Read through gzip on a slow link.' });
    expect(sent.status).toBe(303);
    // a reader who refuses gzip gets the plain page
    const plain = await new Browser(app).get(path, { 'Accept-Encoding': 'gzip;q=0, identity' });
    expect(plain.headers.get('Content-Encoding')).toBeNull();
    expect(await plain.text()).toContain('Read through gzip on a slow link.');
  });

  it('sends, when kept, exactly the page the full stack draws, but for the reader’s own values', async () => {
    const kept = await (await new Browser(app).get(path)).text();
    await new Browser(app).get(path);
    // an operator's edit outside the log is not on a kept page (for at most five minutes) …
    const id = Number(path.split('/').pop());
    const answer = await ctx.db.selectFrom('feedback').select(['id', 'text']).where('scorecard_id', '=', id).orderBy('id').executeTakeFirstOrThrow();
    expect(kept).toContain(answer.text);
    await ctx.db.updateTable('feedback').set({ text: 'Edited Outside The Log' }).where('id', '=', answer.id).execute();
    try {
      const again = await (await new Browser(app).get(path)).text();
      const drawn = await (await new Browser(app).get(`${path}?lang=en`)).text(); // a query: drawn by the stack
      expect(drawn).toContain('Edited Outside The Log');
      expect(again).not.toContain('Edited Outside The Log'); // … so this one was kept
    } finally {
      await ctx.db.updateTable('feedback').set({ text: answer.text }).where('id', '=', answer.id).execute();
    }
    const own = (html: string) => html.replace(/name="csrf" value="[^"]+"/g, 'csrf').replace(/name="challenge" value="[^"]+"/g, 'challenge');
    const fresh = await (await new Browser(app).get(`${path}?lang=en`)).text();
    expect(own(kept)).toBe(own(fresh));
  });

  it('never answers the static export with a kept live page', async () => {
    await new Browser(app).get(path);
    const live = await (await new Browser(app).get(path)).text(); // kept
    expect(live).not.toContain('A static copy of this instance');
    const exported = await (await app.request(path, {}, { daylightStatic: { treeSize: 1, archiveUrl: '.' } })).text();
    expect(exported).toContain('A static copy of this instance'); // drawn in static mode (publish/site.ts strips its forms)
  });

  it('is kept by the real server too, with the same page, headers and cookie as the app draws', async () => {
    const server = await startServer(ctx, { port: 0 });
    try {
      const drawn = await fetch(`${server.url}${path}?lang=en`); // a query: drawn by the app
      const kept = await fetch(`${server.url}${path}`);
      await fetch(`${server.url}${path}`);
      const again = await fetch(`${server.url}${path}`, { headers: { 'Accept-Encoding': 'gzip' } });
      for (const res of [kept, again]) {
        expect(res.status).toBe(200);
        for (const name of ['Content-Security-Policy', 'X-Frame-Options', 'Content-Type', 'Content-Language', 'Cache-Control'])
          expect(res.headers.get(name), name).toBe(drawn.headers.get(name));
        expect(res.headers.get('Set-Cookie')).toMatch(/^daylight_csrf=[^;]+; Path=\/; HttpOnly; SameSite=Strict$/);
      }
      expect(again.headers.get('Content-Encoding')).toBe('gzip');
      const own = (html: string) => html.replace(/name="csrf" value="[^"]+"/g, 'csrf').replace(/name="challenge" value="[^"]+"/g, 'challenge');
      const drawnHtml = own(await drawn.text());
      expect(own(await kept.text())).toBe(drawnHtml);
      expect(own(await again.text())).toBe(drawnHtml); // fetch inflated it
    } finally {
      await server.close();
    }
  });

  it('keeps a page per language and per time zone, never giving one reader another’s', async () => {
    const get = async (headers: Record<string, string>) => (await new Browser(app).get(path, headers)).text();
    for (let i = 0; i < 2; i++) {
      // twice: the first may be drawn, the second is kept
      expect(await get({ 'Accept-Language': 'ar' })).toMatch(/<html[^>]* lang="ar"[^>]* dir="rtl"|<html[^>]* dir="rtl"[^>]* lang="ar"/);
      expect(await get({ 'Accept-Language': 'fr-SN, fr;q=0.9' })).toMatch(/<html[^>]* lang="fr"/);
      expect(await get({ Cookie: 'daylight_tz=Asia/Tokyo' })).toContain('Asia/Tokyo');
      expect(await get({})).not.toContain('Asia/Tokyo');
    }
  });

  it('shows an answer sent through the form at once, and its notice', async () => {
    const b = new Browser(app);
    const html = await (await b.get(path)).text();
    clock = new Date(clock.getTime() + (WAIT_S + 1) * 1000); // the JavaScript-off path: wait, no proof
    const sent = await b.post(`${path}/feedback`, { csrf: csrfField(html), challenge: challengeOf(html)!, dimension: 'overall', pseudonym: '', text: 'Seen from our street: a fair card.' });
    expect(sent.status).toBe(303);
    const after = await (await new Browser(app).get(path)).text();
    expect(after).toContain('Seen from our street: a fair card.');
    const notice = await (await b.get(`${path}?done=feedback`)).text();
    expect(notice).toContain('class="notice"');
  });

  it("draws a signed-in reader's own page (their name, the moderator's hide form)", async () => {
    const admin = (await ensureFirstAdmin(ctx))!;
    const b = new Browser(app);
    expect((await b.login(admin.username, admin.password)).status).toBe(303);
    const html = await (await b.get(path)).text();
    expect(html).toContain(admin.username);
    expect(html).toMatch(/\/feedback\/\d+\/hide/);
    const anonymous = await (await new Browser(app).get(path)).text();
    expect(anonymous).not.toContain(admin.username);
    expect(anonymous).not.toMatch(/\/feedback\/\d+\/hide/);
  });
});

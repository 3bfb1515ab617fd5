/**
 * Rate limits on the open forms (issue 6 §9): counted per target (an account name, a scorecard,
 * a renewal) and under one ceiling per form, never per address; a limited request is answered
 * 429 with a translated one-line page and changes nothing. The clock is the instance's, moved by
 * the test: no waiting, no timing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { OPEN_FORMS, rateLimits, type FormLimit } from '../../src/http/middleware/rate-limit.js';
import { createAccount } from '../../src/services/accounts.js';
import type { Ctx } from '../../src/services/context.js';
import { initInstance, openInstance } from '../../src/services/instance.js';
import { LOCALES, translator } from '../../src/i18n/index.js';
import { Browser, PASSWORD } from './harness.js';

const MINUTE = 60_000;
const login = OPEN_FORMS.find((f) => f.form === 'login')!;

describe('sign-in is limited per account name, on the instance clock', () => {
  let dataDir: string;
  let ctx: Ctx & { close(): Promise<void> };
  let clock = new Date('2026-11-25T12:00:00Z');

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'daylight-rate-'));
    await initInstance({ dataDir, origin: 'rate.test/daylight', now: () => clock });
    ctx = await openInstance({ dataDir, now: () => clock });
    await createAccount(ctx, { username: 'ana', password: PASSWORD });
    await createAccount(ctx, { username: 'bob', password: PASSWORD });
  });
  afterAll(async () => {
    await ctx.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses the attempt after the limit with 429, even with the right password, and lets it through once the window has passed', async () => {
    const app = createApp(ctx);
    const b = new Browser(app);
    for (let i = 0; i < login.perTarget.max; i++) {
      expect((await b.login('ana', `wrong ${i}`)).status).toBe(401);
    }
    // " ANA " is the same account name: it does not get a fresh allowance.
    const limited = await b.login(' ANA ', PASSWORD);
    expect(limited.status).toBe(429);
    expect(await limited.text()).toContain(translator('en')('error.rateLimited.title'));
    expect(b.cookies.has('daylight_session')).toBe(false);
    const sessions = await ctx.db.selectFrom('session').select('id_hash').execute();
    expect(sessions).toHaveLength(0);

    // Another person's account name is not affected.
    expect((await b.login('bob')).status).toBe(303);

    clock = new Date(clock.getTime() + login.perTarget.windowMs + 1);
    const again = await new Browser(app).login('ana');
    expect(again.status).toBe(303);
  });

  it('says so in each of the five languages', async () => {
    const app = createApp(ctx);
    clock = new Date(clock.getTime() + 24 * 60 * MINUTE);
    const b = new Browser(app);
    for (let i = 0; i < login.perTarget.max; i++) await b.login('carmen', 'not the password');
    for (const locale of LOCALES) {
      const page = await b.submit(`/login?lang=${locale}`, `/login?lang=${locale}`, { username: 'carmen', password: 'x' });
      expect(page.status).toBe(429);
      const html = await page.text();
      expect(html).toContain(`lang="${locale}"`);
      expect(html).toContain(translator(locale)('error.rateLimited.body').replaceAll("'", '&#39;'));
    }
  });
});

describe('the middleware: per target and a ceiling per form', () => {
  let now = 1_000_000;
  const forms: FormLimit[] = [
    {
      form: 'feedback',
      path: /^\/scorecards\/([^/]+)\/feedback$/,
      target: (_c, m) => m[1] ?? null,
      perTarget: { max: 2, windowMs: 10 * MINUTE },
      ceiling: { max: 5, windowMs: 10 * MINUTE },
    },
  ];
  const app = new Hono();
  let handled = 0;
  app.use(rateLimits({ now: () => new Date(now), forms, onLimit: (c) => c.text('slow down', 429) }));
  app.post('*', (c) => {
    handled++;
    return c.text('ok');
  });
  app.get('*', (c) => c.text('page'));
  const post = (path: string) => app.request(path, { method: 'POST' });

  it('counts each scorecard apart, bounds them all together, ignores GET, and forgets after the window', async () => {
    expect((await post('/scorecards/1/feedback')).status).toBe(200);
    expect((await post('/scorecards/1/feedback')).status).toBe(200);
    expect((await post('/scorecards/1/feedback')).status).toBe(429);
    expect((await post('/scorecards/2/feedback')).status).toBe(200);
    expect((await post('/scorecards/2/feedback')).status).toBe(200);
    expect((await post('/scorecards/3/feedback')).status).toBe(200);
    // the ceiling (5) is reached: a scorecard never answered yet is refused too
    expect((await post('/scorecards/4/feedback')).status).toBe(429);
    // a refusal by the ceiling did not spend scorecard 4's own allowance
    expect((await app.request('/scorecards/4', { method: 'GET' })).status).toBe(200);
    expect((await post('/other')).status).toBe(200);
    expect(handled).toBe(6);

    now += 10 * MINUTE + 1;
    expect((await post('/scorecards/4/feedback')).status).toBe(200);
    expect((await post('/scorecards/4/feedback')).status).toBe(200);
    expect((await post('/scorecards/4/feedback')).status).toBe(429);
  });

  it('keys the open forms by their target, never by who sent them', async () => {
    const fake = {} as never;
    const feedback = OPEN_FORMS.find((f) => f.form === 'feedback')!;
    const testimony = OPEN_FORMS.find((f) => f.form === 'testimony')!;
    expect(await feedback.target(fake, feedback.path.exec('/scorecards/12/feedback')!)).toBe('12');
    expect(await testimony.target(fake, testimony.path.exec('/alliances/demo/renewals/3/testimony')!)).toBe('demo/3');
    expect(feedback.path.test('/scorecards/12/feedback/4/hide')).toBe(false);
  });
});

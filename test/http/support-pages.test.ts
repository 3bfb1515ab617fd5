/**
 * The support ledger and local mirroring pages on a real instance (SQLite, real keys), driven
 * through the forms only, as a browser with JavaScript off would:
 *   - public reading without forms; the alliance page links both pages
 *   - a delegate of sur commits support by the form (only sur is offered as the giver), records
 *     transactions: "0.10" + "0.20" shows a total of 0.30 EUR; an undisclosed source typed in
 *     the form never reaches the page; a refusal (another currency) shows the reason with the
 *     values kept and changes nothing
 *   - every form refuses a request without its CSRF token (403) and nothing changes
 *   - the local page's ratio table and the in-app reminders on /account say in words that sur
 *     supports abroad and does nothing at home, until an action is recorded by its form; the public scorecard of sur shows sur's
 *     ratio for the card's cycle
 *   - the pages render in Arabic, right to left, with ICU plurals.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { createApp } from '../../src/http/app.js';
import { createAccount } from '../../src/services/accounts.js';
import type { Ctx } from '../../src/services/context.js';
import type { CycleView } from '../../src/services/cycles.js';
import { initInstance, openInstance } from '../../src/services/instance.js';
import { snapshot } from '../support/snapshot.js';
import { openAuditCycle, publishCards } from '../services/feedback-fixture.js';
import { accountWithRole, decodeHtml } from './covenant-site.js';
import { Browser, PASSWORD, csrfField } from './harness.js';

const T0 = new Date('2026-11-25T10:00:00.000Z');
const DAY = T0.toISOString().slice(0, 10);
const SECRET = 'Donante Anónimo Quetzal';
let dataDir: string;
let ctx: Ctx & { close(): Promise<void> };
let app: Hono;
let cycle: CycleView;
const users = {} as Record<'sur' | 'outsider', Browser>;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'daylight-support-pages-'));
  await initInstance({ dataDir, origin: 'test.example/daylight', now: () => T0 });
  ctx = await openInstance({ dataDir, now: () => T0 });
  app = createApp(ctx);
  cycle = await openAuditCycle(ctx);
  await accountWithRole(ctx, 'sur', 'sur', 'delegate');
  await createAccount(ctx, { username: 'outsider', password: PASSWORD });
  for (const name of ['sur', 'outsider'] as const) {
    users[name] = new Browser(app);
    expect((await users[name].login(name)).status).toBe(303);
  }
}, 120_000);
afterAll(async () => {
  await ctx.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Posts `fields` with the csrf field of `formPage`; checks nothing changed when `unchanged`. */
async function submit(b: Browser, formPage: string, action: string, fields: Record<string, string>): Promise<Response> {
  const html = await (await b.get(formPage)).text();
  return b.post(action, { csrf: csrfField(html), ...fields });
}

const COMMIT = { from: 'sur', to: 'norte', form: 'funds', recipient: 'people', description: 'Strike fund for the dockers', amount: '10.5', currency: 'eur', starts: DAY, ends: '' };

describe('the support page', () => {
  it('is public, without forms for readers who act for no party, and linked from the alliance page', async () => {
    const anon = new Browser(app);
    const res = await anon.get('/alliances/tri/support');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('No support has been committed yet.');
    expect(html).not.toContain('name="description"');
    expect(await (await users.outsider.get('/alliances/tri/support')).text()).not.toContain('name="description"');
    const alliance = await (await anon.get('/alliances/tri')).text();
    expect(alliance).toContain('href="/alliances/tri/support"');
    expect(alliance).toContain('href="/alliances/tri/local"');
  });

  it('refuses every form without its CSRF token, changing nothing', async () => {
    const before = await snapshot(ctx);
    for (const [action, fields] of [
      ['/alliances/tri/support', COMMIT],
      ['/alliances/tri/support/transactions', { commitment: '1', on: DAY, amount: '1', currency: 'EUR', source: 'x', disclosed: '1' }],
      ['/alliances/tri/support/1/end', {}],
      ['/alliances/tri/local', { party: 'sur', on: DAY, what: 'x' }],
    ] as const) {
      expect((await users.sur.post(action, fields)).status, action).toBe(403);
      expect((await users.sur.post(action, { ...fields, csrf: 'not-the-token-not-the-token-not-the-token' })).status, action).toBe(403);
    }
    expect(await snapshot(ctx)).toEqual(before);
  });

  it('takes a commitment and transactions by the forms; totals exact per currency; an undisclosed source never shown', async () => {
    const page = await (await users.sur.get('/alliances/tri/support')).text();
    // Only the party the delegate acts for may give.
    expect(/<select id="commit-from" name="from" required="">(.*?)<\/select>/s.exec(page)![1]).toMatch(/^<option value="sur" selected="">sur<\/option>$/);
    const res = await submit(users.sur, '/alliances/tri/support', '/alliances/tri/support', COMMIT);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/alliances/tri/support?done=committed#commitment-1');
    await submit(users.sur, '/alliances/tri/support', '/alliances/tri/support/transactions', { commitment: '1', on: DAY, amount: '0.10', currency: 'EUR', disclosed: '1', source: 'dockers’ dues', receipt: '1' });
    // Not ticked: the source typed stays private.
    const r2 = await submit(users.sur, '/alliances/tri/support', '/alliances/tri/support/transactions', { commitment: '1', on: DAY, amount: '0.2', currency: 'EUR', source: SECRET });
    expect(r2.status).toBe(303);
    const html = decodeHtml(await (await users.sur.get('/alliances/tri/support?done=recorded')).text());
    expect(html).toContain('The transaction is recorded and published.');
    expect(html).toContain('From sur to norte');
    expect(html).toContain('Commitment 1: funds, to the people');
    expect(html).toContain('10.50 EUR');
    expect(html).toMatch(/0\.30 EUR<\/bdi> \(2 transactions\)/);
    expect(html).toContain('disclosed: \u2068dockers’ dues\u2069');
    expect(html).toContain('not disclosed');
    expect(html).toContain('not acknowledged');
    expect(html).not.toContain('Quetzal');
    expect(decodeHtml(await (await new Browser(app).get('/alliances/tri/support')).text())).not.toContain('Quetzal');
  });

  it('shows a refusal with its reason and the values typed, changing nothing', async () => {
    const before = await snapshot(ctx);
    const res = await submit(users.sur, '/alliances/tri/support', '/alliances/tri/support/transactions', { commitment: '1', on: DAY, amount: '7.25', currency: 'USD', disclosed: '1', source: 'dues' });
    expect(res.status).toBe(400);
    const html = decodeHtml(await res.text());
    expect(html).toContain('commitment 1 is in EUR: record its transactions in EUR, not USD');
    expect(html).toContain('value="7.25"');
    expect(await snapshot(ctx)).toEqual(before);
  });
});

describe('the local mirroring page', () => {
  it('says in words that sur supports abroad and does nothing at home, until an action is recorded by the form', async () => {
    const before = decodeHtml(await (await new Browser(app).get('/alliances/tri/local')).text());
    expect(before).toContain('No action at home recorded yet.');
    expect(before).toMatch(/<code>sur<\/code><\/th><td class="num">0<\/td><td class="num">1<\/td><td><bdi dir="ltr">0<\/bdi> <strong class="badge warned">supports abroad, nothing at home<\/strong>/);
    // The in-app reminders on /account say it too, until an action is recorded.
    expect(decodeHtml(await (await users.sur.get('/account')).text())).toMatch(/Nothing at home:<\/strong>.*<span lang="en">sur: record a direct action at home \(tri, lunation \d+\)/s);
    const res = await submit(users.sur, '/alliances/tri/local', '/alliances/tri/local', { party: 'sur', on: DAY, what: 'Assembly on conditions in our own port', mirrors: '1' });
    expect(res.status).toBe(303);
    const after = decodeHtml(await (await new Browser(app).get('/alliances/tri/local')).text());
    expect(after).toContain('1 action at home recorded.');
    expect(after).toContain('Assembly on conditions in our own port');
    expect(after).toContain('href="/alliances/tri/support#commitment-1"');
    expect(after).not.toContain('supports abroad, nothing at home');
    expect(await (await users.sur.get('/account')).text()).not.toContain('Nothing at home:');
    expect(after).toMatch(/<code>norte<\/code><\/th><td class="num">0<\/td><td class="num">0<\/td><td>nothing abroad<\/td>/);
  });

  it('shows the reviewee’s ratio for the card’s cycle on the public scorecard', async () => {
    await publishCards(ctx, cycle, [{ reviewer: 'norte', reviewee: 'sur' }]);
    const card = await ctx.db
      .selectFrom('scorecard')
      .innerJoin('organization', 'organization.id', 'scorecard.reviewee_id')
      .select('scorecard.id')
      .where('organization.slug', '=', 'sur')
      .where('scorecard.status', '=', 'published')
      .executeTakeFirstOrThrow();
    const html = decodeHtml(await (await new Browser(app).get(`/scorecards/${Number(card.id)}`)).text());
    expect(html).toContain('Local mirroring in this cycle');
    expect(html).toContain('\u2068sur\u2069: 1 action at home for 1 commitment abroad, ratio 1.');
  });

  it('renders in Arabic, right to left', async () => {
    for (const path of ['/alliances/tri/local?lang=ar', '/alliances/tri/support?lang=ar']) {
      const html = await (await new Browser(app).get(path)).text();
      expect(html).toContain('dir="rtl"');
    }
    expect(decodeHtml(await (await new Browser(app).get('/alliances/tri/local?lang=ar')).text())).toContain('فعل محلي واحد مسجَّل.');
    expect(decodeHtml(await (await new Browser(app).get('/alliances/tri/support?lang=ar')).text())).toContain('معاملتان');
  });
});

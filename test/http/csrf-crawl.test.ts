/**
 * Issue 6 §9, CSRF on every form: the demo alliance crawled signed in as the instance admin and
 * as a delegate of the warned party seated in a triad (so the forms only they see are drawn too),
 * and signed out. Every <form method="post"> carries the hidden csrf field with a token; every
 * distinct action, sent without the token or with a wrong one, is refused with 403 and changes
 * nothing in the database (every table's row count and the log's size are the same after).
 * The same crawl checks that no page links, loads or posts to another host.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { DEMO_ALLIANCE, seedDemo } from '../../src/demo/seed.js';
import { createAccount, ensureFirstAdmin, grantRole } from '../../src/services/accounts.js';
import type { Ctx } from '../../src/services/context.js';
import { initInstance, openInstance } from '../../src/services/instance.js';
import { linkMemberAccount } from '../../src/services/triads.js';
import { Browser } from './harness.js';
import { attributeValues, crawl, sameOrigin, type Page } from './page-scan.js';

const DELEGATE = { username: 'fleuve-delegate', password: 'a long passphrase for the csrf crawl' };

interface Form {
  page: string;
  action: string;
  body: string;
}

function postForms(page: Page): Form[] {
  const forms: Form[] = [];
  for (const m of page.html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attrs = ` ${m[1]!}`;
    if (!/\smethod="post"/i.test(attrs)) continue;
    const action = attributeValues(attrs, 'action')[0] ?? page.path;
    forms.push({ page: page.path, action, body: m[2]! });
  }
  return forms;
}

describe('every form on every page carries the CSRF token, and is refused without it', () => {
  let dataDir: string;
  let ctx: Ctx & { close(): Promise<void> };
  let clock = new Date();
  let app: ReturnType<typeof createApp>;
  const signedIn: Browser[] = [];
  let pages: Page[] = [];

  beforeAll(async () => {
    const now = new Date();
    dataDir = mkdtempSync(join(tmpdir(), 'daylight-csrf-crawl-'));
    await initInstance({ dataDir, origin: 'csrf.test/daylight', now: () => clock });
    ctx = await openInstance({ dataDir, now: () => clock });
    await seedDemo(ctx, (d) => (clock = d), now);
    clock = now;
    const admin = (await ensureFirstAdmin(ctx))!;
    const account = await createAccount(ctx, DELEGATE);
    const fleuve = await ctx.db.selectFrom('organization').select('id').where('slug', '=', 'union-du-fleuve').executeTakeFirstOrThrow();
    await grantRole(ctx, { kind: 'local' }, { accountId: account.id, organizationId: fleuve.id, role: 'delegate' });
    const seat = await ctx.db
      .selectFrom('triad_member')
      .innerJoin('member', 'member.id', 'triad_member.member_id')
      .select('member.pseudonym')
      .where('member.organization_id', '=', fleuve.id)
      .executeTakeFirst();
    if (seat) await linkMemberAccount(ctx, { kind: 'local' }, { organization: 'union-du-fleuve', pseudonym: seat.pseudonym, accountId: account.id });

    app = createApp(ctx);
    const seeds = ['/', '/alliances', '/alliances/new', '/orgs', '/orgs/new', '/login', `/alliances/${DEMO_ALLIANCE}`, `/alliances/${DEMO_ALLIANCE}/cycles`];
    const asAdmin = new Browser(app);
    expect((await asAdmin.login(admin.username, admin.password)).status).toBe(303);
    const asDelegate = new Browser(app);
    expect((await asDelegate.login(DELEGATE.username, DELEGATE.password)).status).toBe(303);
    signedIn.push(asAdmin, asDelegate);
    const cycles = await ctx.db.selectFrom('audit_cycle').select('n').execute();
    const triads = cycles.map((c) => `/alliances/${DEMO_ALLIANCE}/cycles/${c.n}/triad`);
    pages = [
      ...(await crawl(new Browser(app), seeds)),
      ...(await crawl(asAdmin, [...seeds, '/account'])),
      ...(await crawl(asDelegate, [...seeds, '/account', ...triads])),
    ];
  }, 300_000);

  afterAll(async () => {
    await ctx?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Every table's row count and the log's size: what a refused request must leave as it was. */
  async function fingerprint(): Promise<string> {
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(ctx.db);
    const counts: string[] = [];
    for (const { name } of tables.rows) {
      const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(name)}`.execute(ctx.db);
      counts.push(`${name}=${r.rows[0]!.n}`);
    }
    const head = await ctx.db.selectFrom('log_head').select('size').executeTakeFirst();
    return `${counts.join(' ')} log=${head?.size}`;
  }

  it('finds the forms of every kind (crawl sanity)', () => {
    const actions = new Set(pages.flatMap(postForms).map((f) => f.action.replace(/\d+/g, 'N')));
    for (const a of ['/login', '/logout', '/alliances', '/orgs', '/account/tokens', `/alliances/${DEMO_ALLIANCE}/proposals`, `/alliances/${DEMO_ALLIANCE}/support`, `/alliances/${DEMO_ALLIANCE}/lessons`, '/scorecards/N/feedback/N/hide']) {
      // some forms post to a sibling path; require the main ones by prefix
      expect([...actions].some((x) => x.startsWith(a)), `${a} among ${[...actions].join(', ')}`).toBe(true);
    }
    expect(actions.size).toBeGreaterThan(15);
  });

  it('puts a non-empty csrf field in every post form', () => {
    const missing = pages
      .flatMap(postForms)
      .filter((f) => !/<input type="hidden" name="csrf" value="[A-Za-z0-9_-]{20,}"\s*\/?>/.test(f.body))
      .map((f) => `${f.page} → ${f.action}`);
    expect(missing).toEqual([]);
  });

  it('refuses each action without the token, or with a wrong one, and changes nothing', async () => {
    const actions = [...new Set(pages.flatMap(postForms).map((f) => f.action))];
    const before = await fingerprint();
    const accepted: string[] = [];
    for (const action of actions) {
      for (const b of [new Browser(app), ...signedIn]) {
        for (const body of ['', 'csrf=forged-token-forged-token-forged-token-1234']) {
          const res = await b.request(action, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
          await res.arrayBuffer();
          if (res.status !== 403) accepted.push(`${action} (${body ? 'wrong token' : 'no token'}): ${res.status}`);
        }
      }
    }
    expect(accepted).toEqual([]);
    expect(await fingerprint()).toBe(before);
    // still signed in: a refused logout did not end the session
    expect((await signedIn[0]!.get('/account')).status).toBe(200);
  }, 120_000);

  it('links, loads and posts only to its own host', () => {
    const foreign: string[] = [];
    for (const p of pages) {
      for (const attr of ['href', 'src', 'action', 'srcset', 'poster']) {
        for (const v of attributeValues(p.html, attr)) if (!sameOrigin(v)) foreign.push(`${p.path}: ${attr}="${v}"`);
      }
      if (/@import|url\(\s*['"]?https?:/i.test(p.html)) foreign.push(`${p.path}: a remote url() in the page`);
    }
    expect(foreign).toEqual([]);
  });
});

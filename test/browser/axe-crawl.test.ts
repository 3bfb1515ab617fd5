/**
 * Issue 6 §4 and §5 on every page of the demo: a crawl in Chromium (JavaScript on) from the home
 * page, following every same-origin link (breadth first, deduplicated), in English, signed out
 * and again signed in as a party delegate (the forms only they see: warnings, support, lessons,
 * the triad workspace). In Arabic, signed out and as the delegate, one page of each route template
 * (numbers and slugs stand for any record: /scorecards/7 is checked as /scorecards/:n once):
 * right-to-left layout goes wrong per template, not per record, and English already saw every
 * record. On every HTML page:
 *   - axe-core 4.14 (WCAG 2.0/2.1 A and AA, and best practices) finds 0 violations;
 *   - the page and the stylesheet it links weigh at most 30 KB gzip-compressed, as served
 *     (the server compresses text when asked: Content-Encoding gzip is checked too);
 *   - no request goes to any host but the server, and no web font is loaded;
 *   - links, buttons and fields show a visible outline when focused from the keyboard;
 *   - a party's standing and a warning are said in words, never by colour alone.
 * Archive tiles, documents, PDFs, calendar feeds, JSON and the API are not pages and are skipped.
 * A page made bad on purpose proves the crawl fails on a violation.
 *
 * Speed: one browser and one server for the file, one tab per crawl reused from page to page, no
 * sleeps (navigation and axe are awaited), and axe-core injected once and run once per page
 * (AxeBuilder.analyze() evaluates the 560 KB source twice and opens a blank tab per page to
 * merge frame results, four times the cost here; it is kept for a page that has frames).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AxeBuilder } from '@axe-core/playwright';
import type { Result as AxeViolation } from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_ALLIANCE } from '../../src/demo/seed.js';
import { createAccount, grantRole } from '../../src/services/accounts.js';
import { linkMemberAccount } from '../../src/services/triads.js';
import { demoServer, hasChromium, launch, type TestServer } from './chromium.js';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const LIMIT = 30 * 1024;
/** Pages checked at once by a crawl (this machine and CI have two cores). */
const TABS = 2;
const DELEGATE = { username: 'fleuve-delegate', password: 'a long demo passphrase for the crawl' };

/** Paths that are files, feeds or machine formats, not pages. */
function skipped(path: string): boolean {
  return (
    path.startsWith('/api') ||
    path.startsWith('/archive/tile/') ||
    path.startsWith('/archive/doc/') ||
    path === '/archive/checkpoint' ||
    path === '/archive/log.vkey' ||
    path.startsWith('/static/') ||
    /\.(pdf|ics|json|csv|zip|txt|yaml|yml|md|typ)$/i.test(path)
  );
}

/** Route segments whose next segment is a record's slug (the literal "new" is a page of its own). */
const SLUGGED = new Set(['alliances', 'orgs']);

/**
 * The route template of a path: numbers and slugs replaced, query values dropped but their names
 * kept (/alliances/demo/cycles?n=1284 → /alliances/:slug/cycles?n=).
 */
function routeTemplate(pathAndQuery: string): string {
  const u = new URL(pathAndQuery, 'http://template.invalid');
  const segments = u.pathname.split('/');
  const path = segments.map((s, i) => (/^\d+$/.test(s) ? ':n' : i > 0 && SLUGGED.has(segments[i - 1]!) && s !== 'new' ? ':slug' : s)).join('/');
  const names = [...new Set(u.searchParams.keys())].sort();
  return names.length === 0 ? path : `${path}?${names.map((n) => `${n}=`).join('&')}`;
}

/** axe-core's violations on the page as it is now, with the crawl's tags. */
async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Daylight's pages have no frames; a page with one is checked frame by frame by AxeBuilder.
  if (page.frames().length > 1) return (await new AxeBuilder({ page, axeSource: AXE_SOURCE }).withTags(TAGS).analyze()).violations;
  await page.evaluate(AXE_SOURCE);
  // Only violations are asserted: the other result types are not gathered node by node.
  const options = { runOnly: { type: 'tag', values: TAGS }, resultTypes: ['violations'] };
  return page.evaluate<AxeViolation[]>(`axe.run(document, ${JSON.stringify(options)}).then((r) => r.violations)`);
}

interface Visited {
  path: string;
  htmlGzip: number;
  cssGzip: number;
  encoding: string | null;
}

describe.skipIf(!hasChromium)('every page of the demo, crawled in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let triadPaths: string[] = [];

  beforeAll(async () => {
    server = await demoServer();
    const ctx = server.ctx;
    // A delegate of the warned party, seated in a triad of each cycle it rated in.
    const account = await createAccount(ctx, { username: DELEGATE.username, password: DELEGATE.password });
    const fleuve = await ctx.db.selectFrom('organization').select('id').where('slug', '=', 'union-du-fleuve').executeTakeFirstOrThrow();
    await grantRole(ctx, { kind: 'local' }, { accountId: account.id, organizationId: fleuve.id, role: 'delegate' });
    const seats = await ctx.db
      .selectFrom('triad_member')
      .innerJoin('triad', 'triad.id', 'triad_member.triad_id')
      .innerJoin('audit_cycle', 'audit_cycle.id', 'triad.cycle_id')
      .innerJoin('member', 'member.id', 'triad_member.member_id')
      .select(['member.pseudonym', 'audit_cycle.n'])
      .where('member.organization_id', '=', fleuve.id)
      .orderBy('audit_cycle.n')
      .execute();
    const seat = seats[0];
    if (seat) {
      await linkMemberAccount(ctx, { kind: 'local' }, { organization: 'union-du-fleuve', pseudonym: seat.pseudonym, accountId: account.id });
      triadPaths = [...new Set(seats.filter((s) => s.pseudonym === seat.pseudonym).map((s) => `/alliances/${DEMO_ALLIANCE}/cycles/${s.n}/triad`))];
    }
    browser = await launch();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function newContext(lang: 'en' | 'ar'): Promise<BrowserContext> {
    const context = await browser.newContext({ javaScriptEnabled: true, locale: lang === 'ar' ? 'ar-TN' : 'en-GB' });
    const { hostname } = new URL(server.url);
    await context.addCookies([{ name: 'daylight_lang', value: lang, domain: hostname, path: '/' }]);
    return context;
  }

  async function signIn(context: BrowserContext): Promise<void> {
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.fill('input[name=username]', DELEGATE.username);
    await page.fill('input[name=password]', DELEGATE.password);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('main form button[type=submit]')]);
    await page.close();
  }

  /** Gzip size of the stylesheets a page links, fetched once each. */
  const cssSizes = new Map<string, number>();
  async function cssGzip(page: Page): Promise<number> {
    const hrefs: string[] = await page.$$eval('link[rel=stylesheet]', (els) => els.map((e) => (e as unknown as { href: string }).href));
    let total = 0;
    for (const href of hrefs) {
      if (!cssSizes.has(href)) cssSizes.set(href, gzipSync(await (await fetch(href)).text()).length);
      total += cssSizes.get(href)!;
    }
    return total;
  }

  /**
   * Crawls from the seeds; returns every page visited with its weight, after checking each.
   * `failures` collects every problem so one run shows them all. `follow`: every link ('all'),
   * only links to a route template not met yet ('per-template': the seeds too are one per
   * template), or none (the seeds only).
   */
  async function crawl(context: BrowserContext, seeds: string[], label: string, failures: string[], follow: 'all' | 'per-template' | 'none'): Promise<Visited[]> {
    const origin = new URL(server.url).origin;
    const foreign: string[] = [];
    const fonts: string[] = [];
    const templates = new Set<string>();
    const queue = follow === 'per-template' ? onePerTemplate(seeds, templates) : [...seeds];
    const seen = new Set(queue);
    const visited: Visited[] = [];

    async function visit(page: Page, path: string): Promise<void> {
      // Is it a page? Ask the server first, so files are never opened in the browser.
      const head = await fetch(origin + path, { headers: { 'Accept-Encoding': 'gzip', Cookie: (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ') }, redirect: 'manual' });
      const type = head.headers.get('Content-Type') ?? '';
      const encoding = head.headers.get('Content-Encoding');
      await head.arrayBuffer();
      if (head.status >= 300 && head.status < 400) return;
      if (!type.startsWith('text/html')) return;
      const res = await page.goto(origin + path);
      if (res === null || res.status() >= 400) {
        failures.push(`${label} ${path}: status ${res?.status()}`);
        return;
      }
      const html = await res.text();
      const v: Visited = { path, htmlGzip: gzipSync(html).length, cssGzip: await cssGzip(page), encoding };
      visited.push(v);
      if (v.htmlGzip + v.cssGzip > LIMIT) failures.push(`${label} ${path}: ${v.htmlGzip + v.cssGzip} bytes gzip > ${LIMIT}`);

      for (const x of await axeViolations(page))
        failures.push(`${label} ${path}: axe ${x.id} (${x.impact}): ${x.help} — ${x.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`.replace(/\s+/g, ' ')).join(' | ').slice(0, 600)}`);

      if (follow === 'none') return;
      const links: string[] = await page.$$eval('a[href]', (as) => as.map((a) => (a as unknown as { href: string }).href));
      for (const href of links) {
        const u = new URL(href);
        if (u.origin !== origin || u.searchParams.has('lang')) continue;
        const next = u.pathname + u.search;
        if (skipped(u.pathname) || u.pathname === '/logout' || seen.has(next)) continue;
        seen.add(next);
        if (follow === 'per-template' && onePerTemplate([next], templates).length === 0) continue;
        queue.push(next);
      }
    }

    // TABS tabs take paths from the one queue: while one page is run through axe in Chromium,
    // the server renders the next. A tab with nothing to take waits while another may still
    // find links, and stops when none is busy.
    let busy = 0;
    let idle: (() => void)[] = [];
    async function tab(): Promise<void> {
      const page = await context.newPage();
      page.on('request', (r) => {
        if (new URL(r.url()).origin !== origin && !r.url().startsWith('data:')) foreign.push(r.url());
        if (r.resourceType() === 'font') fonts.push(r.url());
      });
      for (;;) {
        const path = queue.shift();
        if (path === undefined) {
          if (busy === 0) break;
          await new Promise<void>((wake) => idle.push(wake));
          continue;
        }
        busy += 1;
        try {
          await visit(page, path);
        } finally {
          busy -= 1;
          const waiting = idle;
          idle = [];
          for (const wake of waiting) wake();
        }
      }
      await page.close();
    }
    await Promise.all(Array.from({ length: TABS }, tab));
    if (foreign.length > 0) failures.push(`${label}: requests to other hosts: ${[...new Set(foreign)].join(', ')}`);
    if (fonts.length > 0) failures.push(`${label}: web fonts loaded: ${[...new Set(fonts)].join(', ')}`);
    return visited;
  }

  /** The paths whose route template is not in `templates` yet, the first of each; adds theirs. */
  function onePerTemplate(paths: string[], templates: Set<string>): string[] {
    return paths.filter((p) => {
      const t = routeTemplate(p);
      if (templates.has(t)) return false;
      templates.add(t);
      return true;
    });
  }

  /** What a crawl must check about its pages beside the failures it collected. */
  function report(label: string, pages: Visited[], failures: string[]): void {
    const heaviest = [...pages].sort((a, b) => b.htmlGzip + b.cssGzip - (a.htmlGzip + a.cssGzip))[0];
    console.log(`${label}: ${pages.length} pages; heaviest ${heaviest?.path} ${heaviest ? heaviest.htmlGzip + heaviest.cssGzip : 0} B gzip\n  ${pages.map((p) => p.path).join('\n  ')}`);
    expect(failures, failures.join('\n')).toEqual([]);
    // Pages are sent compressed to a browser that asks (Hono answers small ones as they are).
    expect(pages.filter((p) => p.encoding !== 'gzip' && p.htmlGzip >= 1024).map((p) => p.path)).toEqual([]);
  }

  for (const lang of ['en', 'ar'] as const) {
    const what = lang === 'en' ? 'every page' : 'one page of each route template';
    it(`signed out in ${lang}: ${what} reached from home has 0 axe violations, weighs at most 30 KB, asks no other host`, async () => {
      const failures: string[] = [];
      const context = await newContext(lang);
      const pages = await crawl(context, ['/'], `[${lang}]`, failures, lang === 'en' ? 'all' : 'per-template');
      await context.close();
      report(`${lang} signed out`, pages, failures);
      if (lang === 'ar') expect(new Set(pages.map((p) => routeTemplate(p.path))).size).toBe(pages.length);
      // The crawl really reached every practice.
      const paths = new Set(pages.map((p) => p.path.split('?')[0]!));
      for (const p of ['/', '/archive', `/alliances/${DEMO_ALLIANCE}`, `/alliances/${DEMO_ALLIANCE}/covenant/versions/1`, `/alliances/${DEMO_ALLIANCE}/cycles`, `/alliances/${DEMO_ALLIANCE}/warnings`, `/alliances/${DEMO_ALLIANCE}/support`, `/alliances/${DEMO_ALLIANCE}/lessons`])
        expect(paths, p).toContain(p);
      expect([...paths].some((p) => p.startsWith('/scorecards/'))).toBe(true);
    }, 300_000);
  }

  it('as a delegate in English: every page, with the forms only a party sees, including the triad workspace', async () => {
    const failures: string[] = [];
    const context = await newContext('en');
    await signIn(context);
    const pages = await crawl(context, ['/', '/account', ...triadPaths], '[en delegate]', failures, 'all');
    await context.close();
    report('en delegate', pages, failures);
    expect(triadPaths.length).toBeGreaterThan(0);
    const paths = pages.map((p) => p.path);
    for (const t of triadPaths) expect(paths).toContain(t);
  }, 300_000);

  it('as a delegate in Arabic: one page of each route template, with the forms only a party sees', async () => {
    const failures: string[] = [];
    const context = await newContext('ar');
    await signIn(context);
    const a = `/alliances/${DEMO_ALLIANCE}`;
    const seeds = ['/account', `${a}/warnings`, `${a}/support`, `${a}/local`, `${a}/lessons`, `${a}/cycles`, `${a}/covenant/new?from=1`, ...triadPaths];
    const pages = await crawl(context, seeds, '[ar delegate]', failures, 'per-template');
    await context.close();
    report('ar delegate', pages, failures);
    const paths = pages.map((p) => p.path);
    expect(triadPaths.length).toBeGreaterThan(0);
    for (const seed of [...seeds.slice(0, -triadPaths.length), triadPaths[0]!]) expect(paths, seed).toContain(seed);
    expect(new Set(paths.map(routeTemplate)).size).toBe(paths.length);
  }, 300_000);

  it('fails on a page with violations (the same crawl, given a page made bad on purpose)', async () => {
    const failures: string[] = [];
    const context = await newContext('en');
    // The server's own page, with an unnamed image, field and button added to it; and a page
    // with an untitled frame (checked frame by frame by AxeBuilder).
    const spoil = (path: string, extra: string) =>
      context.route(server.url + path, async (route) => {
        const res = await route.fetch();
        const headers = Object.fromEntries(Object.entries(res.headers()).filter(([k]) => !['content-encoding', 'content-length'].includes(k)));
        await route.fulfill({ status: 200, headers, body: (await res.text()).replace('</h1>', `</h1>${extra}`) });
      });
    await spoil('/login', '<img src="/static/daylight.css" width="20" height="20"><input name="unnamed"><button type="button"></button>');
    await spoil('/alliances', '<iframe src="/login" width="20" height="20"></iframe>');
    const pages = await crawl(context, ['/login', '/alliances'], '[bad]', failures, 'none');
    await context.close();
    // two tabs share the queue, so the pages finish in either order
    expect(pages.map((p) => p.path).sort()).toEqual(['/alliances', '/login']);
    for (const rule of ['image-alt', 'label', 'button-name']) expect(failures.join('\n')).toContain(`[bad] /login: axe ${rule} `);
    expect(failures.join('\n')).toContain('[bad] /alliances: axe frame-title ');
    expect(() => report('bad', pages, failures)).toThrow(/axe image-alt/);
  });

  it('shows a visible outline on links, buttons and fields focused from the keyboard', async () => {
    const context = await newContext('en');
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    for (const selector of ['header.site a.brand', 'main input[name=username]', 'main form button[type=submit]']) {
      // Tab until the element has focus, as a keyboard user would reach it.
      let focused = false;
      for (let i = 0; i < 40 && !focused; i++) {
        await page.keyboard.press('Tab');
        focused = await page.$eval(selector, (el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement);
      }
      expect(focused, selector).toBe(true);
      const style = await page.$eval(selector, (el) => {
        const s = (el.ownerDocument.defaultView as unknown as { getComputedStyle(e: unknown): Record<string, string> }).getComputedStyle(el);
        return { outlineStyle: s.outlineStyle!, outlineWidth: s.outlineWidth!, focusVisible: el.matches(':focus-visible') };
      });
      expect(style.focusVisible, selector).toBe(true);
      expect(style.outlineStyle, selector).not.toBe('none');
      expect(Number.parseFloat(style.outlineWidth), selector).toBeGreaterThanOrEqual(2);
    }
    await context.close();
  });

  it('says standings and warnings in words, not by colour alone', async () => {
    const context = await newContext('en');
    const page = await context.newPage();
    for (const path of [`/alliances/${DEMO_ALLIANCE}/health`, `/alliances/${DEMO_ALLIANCE}/warnings`, `/alliances/${DEMO_ALLIANCE}`]) {
      await page.goto(server.url + path);
      // Every element painted in the "bad" colour carries words of its own (or an accessible name).
      const mute: string[] = await page.$$eval('.mark, .badge, .warning-box, strong.reminder, .error, .private', (els) =>
        els
          .filter((el) => (el.textContent ?? '').trim() === '' && !el.getAttribute('aria-label') && !el.getAttribute('title'))
          .map((el) => el.outerHTML.slice(0, 120)),
      );
      expect(mute, path).toEqual([]);
      const text = await page.innerText('main');
      // union-du-fleuve is warned in the demo: the word is on the page, not only a red mark.
      if (!path.endsWith('/warnings')) expect(text, path).toMatch(/warned|warning/i);
    }
    await context.close();
  });
});

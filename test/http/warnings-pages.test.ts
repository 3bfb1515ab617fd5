/**
 * The early-warning pages (issue 5 §1–3) on a real instance (SQLite, the starter covenant ratified
 * by key signatures), driven through the forms only, as a browser with JavaScript off would:
 *   - /alliances/tri/warnings is public: each party's standing as a word; the forms only for a
 *     party's admin or delegate; the alliance page links to it; no script at all
 *   - every form refuses a request without its CSRF token (403) and nothing changes
 *   - an observation by the form: hostile text in the source is shown escaped; the evidence stays
 *     private unless "publish" is ticked (off by default, with the archive's permanence said);
 *     a refused one comes back with the reason and what was typed (escaped), nothing stored
 *   - a CSV uploaded as a file with bad rows is refused whole (422): every bad row with its line
 *     in a table, nothing stored; a pasted CSV whose low value opens norte's review by itself:
 *     review, open tasks and the history with its archive link appear
 *   - a proposal by the form; one the protocol refuses comes back with its reason; on the
 *     proposal page norte (the party decided on) gets no vote form and its vote is refused;
 *     sur and este vote by the form: warned, the window with "60 days left" (ICU plurals, also
 *     in Arabic), then a benchmark marked met with evidence that never appears.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { createApp } from '../../src/http/app.js';
import type { Ctx } from '../../src/services/context.js';
import { initInstance, openInstance } from '../../src/services/instance.js';
import { snapshot } from '../support/snapshot.js';
import { auditAlliance } from '../services/audit-fixture.js';
import { accountWithRole, decodeHtml, postMultipart, scripts } from './covenant-site.js';
import { Browser, csrfField } from './harness.js';

const HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';
const ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;';
const T0 = new Date('2026-11-25T10:00:00.000Z');
const DAY = 86_400_000;
const PAGE = '/alliances/tri/warnings';

let clock = T0;
let dataDir: string;
let ctx: Ctx & { close(): Promise<void> };
let app: Hono;
const users = {} as Record<'sur' | 'este' | 'norte' | 'outsider', Browser>;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'daylight-warnings-pages-'));
  await initInstance({ dataDir, origin: 'test.example/daylight', now: () => clock });
  ctx = await openInstance({ dataDir, now: () => clock });
  app = createApp(ctx);
  await auditAlliance(ctx);
  await accountWithRole(ctx, 'sur', 'sur', 'admin');
  await accountWithRole(ctx, 'este', 'este', 'delegate');
  await accountWithRole(ctx, 'norte', 'norte', 'admin');
  await accountWithRole(ctx, 'outsider', 'sur', 'member');
  for (const name of ['sur', 'este', 'norte', 'outsider'] as const) {
    users[name] = new Browser(app);
    expect((await users[name].login(name)).status).toBe(303);
  }
  clock = new Date(T0.getTime() + DAY);
}, 60_000);
afterAll(async () => {
  await ctx.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const observeForm = '<form method="post" action="/alliances/tri/observations"';
const rows = async (table: 'observation' | 'standing_transition' | 'proposal' | 'vote') =>
  Number((await ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('the warnings page', () => {
  it('is public, linked from the alliance page, says each standing in words, with no script', async () => {
    expect(await (await app.request('/alliances/tri')).text()).toContain('href="/alliances/tri/warnings"');
    const res = await app.request(PAGE);
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const p of ['sur', 'norte', 'este']) expect(html).toContain(`<bdi>${p}</bdi> <strong class="badge good">Good standing</strong>`);
    expect(html).toContain('No proposal is open.');
    expect(html).not.toContain(observeForm);
    expect(scripts(html)).toEqual([]);
    expect(await (await users.outsider.get(PAGE)).text()).not.toContain(observeForm);
    const admin = await (await users.sur.get(PAGE)).text();
    expect(admin).toContain(observeForm);
    // "publish the evidence" is off by default and says why
    expect(admin).toMatch(/<input type="checkbox" name="publishEvidence" value="1" aria-describedby="obs-publish-hint"\/?>/);
    expect(admin).toContain('The archive is permanent');
    expect(admin).toContain('enctype="multipart/form-data"');
  });

  it('every form refuses a request without its CSRF token, and nothing changes', async () => {
    const before = await snapshot(ctx);
    const forms: [string, Record<string, string>][] = [
      ['/alliances/tri/observations', { party: 'norte', indicator: 'executive-authority-holders', at: '2026-11-25', value: '1', source: 's' }],
      ['/alliances/tri/observations/import', { csv: 'party,indicator,at,value,source\nnorte,executive-authority-holders,2026-11-25,1,s\n' }],
      ['/alliances/tri/proposals', { party: 'norte', decision: 'warn', by: 'sur' }],
      ['/alliances/tri/benchmarks', { party: 'norte', benchmark: 'investigation-published', evidence: 'x' }],
      ['/alliances/tri/proposals/1/votes', { party: 'sur', choice: 'for' }],
    ];
    for (const [action, fields] of forms) {
      for (const csrf of [undefined, 'not-the-token-not-the-token-not-the-token']) {
        const res = await users.sur.post(action, csrf ? { csrf, ...fields } : fields);
        expect(res.status, action).toBe(403);
      }
    }
    expect(await snapshot(ctx)).toEqual(before);
  });
});

describe('observations by the forms', () => {
  it('records one: hostile source shown escaped; unpublished evidence never shown', async () => {
    const res = await users.sur.submit(PAGE, '/alliances/tri/observations', {
      party: 'norte',
      indicator: 'executive-authority-holders',
      at: '2026-11-26',
      value: '5',
      currency: '',
      source: `register ${HOSTILE}`,
      evidence: `witness ${HOSTILE} vault://w/1`,
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/alliances/tri/warnings?done=observed#standing');
    const html = await (await app.request(PAGE)).text();
    expect(html).toContain(`register ${ESCAPED}`);
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toContain('vault://w/1');
    expect(html).toContain('>private<');
  });

  it('publishes evidence only when ticked', async () => {
    const res = await users.este.submit(PAGE, '/alliances/tri/observations', {
      party: 'sur', indicator: 'executive-authority-holders', at: '2026-11-26', value: '6', source: 'minutes', evidence: `https://minutes.example/${HOSTILE}`, publishEvidence: '1',
    });
    expect(res.status).toBe(303);
    const html = await (await app.request(PAGE)).text();
    expect(html).toContain(`https://minutes.example/${ESCAPED}`);
  });

  it('a refused one comes back with the reason and what was typed, escaped; nothing stored', async () => {
    const before = await snapshot(ctx);
    const res = await users.sur.submit(PAGE, '/alliances/tri/observations', {
      party: 'norte', indicator: 'executive-authority-holders', at: '2026-11-26', value: '2.5', source: `src ${HOSTILE}`, evidence: `ev ${HOSTILE}`,
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('a count is a whole number');
    expect(html).toContain(`value="src ${ESCAPED}"`);
    expect(html).toContain(`ev ${ESCAPED}</textarea>`);
    expect(html).not.toContain(HOSTILE);
    expect(await snapshot(ctx)).toEqual(before);
    const unknown = await users.sur.submit(PAGE, '/alliances/tri/observations', { party: 'norte', indicator: 'nope', at: '2026-11-26', value: '1', source: 's' });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('unknown indicator &quot;nope&quot;');
    expect(await snapshot(ctx)).toEqual(before);
  });

  it('an uploaded CSV with bad rows is refused whole, every bad line listed; nothing stored', async () => {
    const csv = 'party,indicator,at,value,source\nnorte,executive-authority-holders,2026-11-26,2,register\nnorte,nope,2026-11-26,1,x\nnadie,executive-authority-holders,2026-11-26,1,x\nnorte,executive-authority-holders,2026-11-26,two,x\n';
    const before = await snapshot(ctx);
    const res = await postMultipart(users.sur, PAGE, '/alliances/tri/observations/import', { file: new Blob([csv], { type: 'text/csv' }), csv: '' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('3 bad rows, nothing imported');
    const listed = [...html.matchAll(/<tr><td>(\d+)<\/td><td lang="en" dir="ltr">([^<]*)<\/td><\/tr>/g)].map((m) => [Number(m[1]), decodeHtml(m[2]!)]);
    expect(listed.map(([line]) => line)).toEqual([3, 4, 5]);
    expect(listed[1]).toEqual([4, '"nadie" is not a party to tri']);
    expect(await snapshot(ctx)).toEqual(before);
  });

  it('a pasted CSV whose low value opens norte’s review by itself', async () => {
    const transitions = await rows('standing_transition');
    const res = await users.sur.submit(PAGE, '/alliances/tri/observations/import', { csv: 'party,indicator,at,value,source\r\nnorte,executive-authority-holders,2026-11-26,2,register\r\n' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/alliances/tri/warnings?done=imported#standing');
    expect(await rows('standing_transition')).toBe(transitions + 1);
    const html = await (await app.request(PAGE)).text();
    expect(html).toContain('<bdi>norte</bdi> <strong class="badge review">Under review</strong>');
    expect(html).toContain('independent investigation');
    expect(html).toContain('facilitated dialogue');
    expect(html).toMatch(/<bdi>norte<\/bdi>: Good standing → <strong>Under review<\/strong> \(a threshold tripped\) · <a href="\/archive\/tile\/entries\/[^"]+">No\. \d+<\/a>/);
  });
});

describe('decisions by the forms', () => {
  it('a proposal the protocol refuses comes back with its reason; a warning is proposed', async () => {
    const before = await snapshot(ctx);
    const refused = await users.sur.submit(PAGE, '/alliances/tri/proposals', { party: 'norte', decision: 'restore', by: 'sur' });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('norte is under review, not warned: restoration follows a warning whose benchmarks are met; dismiss the review instead');
    expect(await snapshot(ctx)).toEqual(before);
    clock = new Date(T0.getTime() + 2 * DAY);
    const res = await users.sur.submit(PAGE, '/alliances/tri/proposals', { party: 'norte', decision: 'warn', by: 'sur' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/alliances/tri/proposals/1?done=proposed');
    const list = await (await app.request(PAGE)).text();
    expect(list).toContain('<a href="/alliances/tri/proposals/1">Proposal 1</a>: Issue a formal public warning');
  });

  it('norte, the party decided on, gets no vote form, and its vote is refused', async () => {
    const page = await (await users.norte.get('/alliances/tri/proposals/1')).text();
    expect(page).not.toContain('action="/alliances/tri/proposals/1/votes"');
    expect(await (await users.sur.get('/alliances/tri/proposals/1')).text()).toContain('action="/alliances/tri/proposals/1/votes"');
    const before = await snapshot(ctx);
    const res = await users.norte.post('/alliances/tri/proposals/1/votes', { csrf: csrfField(page), party: 'norte', choice: 'against' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('norte cannot vote on its own standing: only the other parties decide');
    expect(await snapshot(ctx)).toEqual(before);
  });

  it('sur and este vote by the form: warned, with the window and days left', async () => {
    const v1 = await users.sur.submit('/alliances/tri/proposals/1', '/alliances/tri/proposals/1/votes', { choice: 'for' });
    expect(v1.status).toBe(303);
    expect(v1.headers.get('Location')).toBe('/alliances/tri/proposals/1?done=voted');
    expect(await rows('vote')).toBe(1);
    const v2 = await users.este.submit('/alliances/tri/proposals/1', '/alliances/tri/proposals/1/votes', { choice: 'for' });
    expect(v2.status).toBe(303);
    const proposal = await (await app.request('/alliances/tri/proposals/1')).text();
    expect(proposal).toContain('<strong class="badge adopted">adopted</strong>');
    expect(proposal).toContain('<bdi>sur</bdi>: <strong>for</strong>');
    expect(proposal).toContain('2 for, 0 against, 0 abstaining, 0 silent, of 2 parties voting');
    expect(proposal).toContain('Adopted: 2 votes for were needed.'); // the covenant's rule here: majority
    // in Arabic the tally and what it means are Arabic, once: not the record's English line beside them
    const proposalAr = await (await app.request('/alliances/tri/proposals/1?lang=ar')).text();
    expect(proposalAr).toMatch(/اعتُمد: كان المطلوب (2|٢) من الأصوات المؤيدة\./);
    expect(proposalAr.replace(/<details>.*?<\/details>/s, '')).not.toContain('2 for, 0 against');
    expect(proposalAr).toMatch(/<details><summary>نص سجل الأرشيف كما هو \(بالإنجليزية\)<\/summary><p lang="en" dir="ltr">decision to warn adopted/);
    const html = await (await app.request(PAGE)).text();
    expect(html).toContain('<bdi>norte</bdi> <strong class="badge warned">Warned: corrective phase</strong>');
    expect(html).toContain('60 days left');
    expect(html).toContain('<strong>Not met yet</strong> <code>investigation-published</code>');
    clock = new Date(T0.getTime() + 61 * DAY + 3_600_000);
    expect(await (await app.request(PAGE)).text()).toContain('1 day left');
    const ar = await (await app.request(`${PAGE}?lang=ar`)).text();
    expect(ar).toContain('dir="rtl"');
    expect(ar).toContain('يبقى يوم واحد');
    clock = new Date(T0.getTime() + 12 * DAY);
  });

  it('a benchmark is marked met by the form; its evidence never appears', async () => {
    const page = await (await users.sur.get(PAGE)).text();
    expect(page).toContain('action="/alliances/tri/benchmarks"');
    const res = await users.sur.post('/alliances/tri/benchmarks', { csrf: csrfField(page), party: 'norte', benchmark: 'investigation-published', evidence: `sealed ${HOSTILE} vault://hearing/3` });
    expect(res.status).toBe(303);
    const html = await (await app.request(PAGE)).text();
    expect(html).toContain('<strong>Met</strong> <code>investigation-published</code>');
    expect(html).not.toContain('vault://hearing');
    expect(html).toContain('(a benchmark met)');
  });
});

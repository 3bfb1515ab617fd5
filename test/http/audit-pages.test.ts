/**
 * The audit pages (issue 4 §7) on a real instance (SQLite, real keys, real signatures, real PDF),
 * driven through the forms only, as a browser with JavaScript off would:
 *   - a party admin opens the cycle by its form; the overview shows sources, triads, the re-run
 *     command, assignments; the calendar feed is RFC 5545 (CRLF lines, VEVENTs, ETag)
 *   - the triad workspace refuses the signed-out (303), outsiders and other triads (403); drafts
 *     and private evidence reach only the triad; two members rate and finalize by the forms;
 *     out-of-range scores are refused with the reason and the typed note kept
 *   - the public scorecard shows the medians worked out by hand; evidence never appears
 *   - feedback without an account: the wait path (refused when early, with the text kept and
 *     nothing stored; accepted after the wait), the proof of work as /static/feedback.js
 *     computes it, wrong and absent proofs refused with their reason and nothing stored;
 *     hostile text shown escaped; a moderator hides only with a reason, then "hidden: reason"
 *   - every form refuses a request without its CSRF token (403) and nothing changes
 *   - every page renders in en and ar (rtl), with every message, nothing inline but
 *     feedback.js by src, under 30 KB compressed with its stylesheet and script.
 * SHA-256 vectors for feedback.js: FIPS 180-4 examples (NIST CSRC "Examples with Intermediate
 * Values", SHA256.pdf: "abc" and the 448-bit two-block message), and the empty string.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Hono } from 'hono';
import { createApp } from '../../src/http/app.js';
import { dir } from '../../src/i18n/index.js';
import { createAccount } from '../../src/services/accounts.js';
import type { Ctx } from '../../src/services/context.js';
import { getCycle, type CycleView } from '../../src/services/cycles.js';
import { listFeedback } from '../../src/services/feedback.js';
import { redactDocument } from '../../src/services/redact.js';
import { initInstance, openInstance } from '../../src/services/instance.js';
import { scorecardDraft } from '../../src/services/scorecards.js';
import { linkMemberAccount } from '../../src/services/triads.js';
import { DEFAULT_DIMENSIONS } from '../../src/domain/audit/scorecard.js';
import { checkWork, WAIT_S } from '../../src/domain/feedback.js';
import { snapshot } from '../support/snapshot.js';
import { auditAlliance } from '../services/audit-fixture.js';
import { accountWithRole, decodeHtml, scripts, textareaValue } from './covenant-site.js';
import { Browser, PASSWORD, csrfField } from './harness.js';

interface FeedbackModule {
  sha256(bytes: Uint8Array): Uint8Array;
  solve(challenge: string, bits: number, start?: number, count?: number): string | null;
}
// A browser script, not a TypeScript module: loaded by URL so the compiler does not ask for its types.
const SCRIPT = new URL('../../src/http/static/feedback.js', import.meta.url).href;
const loadScript = async () => (await import(SCRIPT)) as FeedbackModule;

const LOCAL = { kind: 'local' } as const;
const HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>';
const ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;';
const EVIDENCE = 'witness-file-7 (do not publish)';
const T0 = new Date('2026-11-25T10:00:00.000Z');

let clock = T0;
const tick = (seconds: number) => (clock = new Date(clock.getTime() + seconds * 1000));
let dataDir: string;
let ctx: Ctx & { close(): Promise<void> };
let app: Hono;
let cycle: CycleView;
let cardId = 0;
const users = {} as Record<'admin' | 'rater1' | 'rater2' | 'norte' | 'outsider', Browser>;

const KEY = () => ({ alliance: 'tri', cycle: cycle.n, reviewer: 'sur', reviewee: 'norte' });
const withLang = (path: string, lang: string) => `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
const field = (html: string, name: string) => decodeHtml(new RegExp(`<input [^>]*name="${name}"[^>]* value="([^"]*)"`).exec(html)?.[1] ?? '');

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'daylight-audit-pages-'));
  await initInstance({ dataDir, origin: 'test.example/daylight', now: () => clock });
  ctx = await openInstance({ dataDir, now: () => clock });
  app = createApp(ctx);
  await auditAlliance(ctx);
  await accountWithRole(ctx, 'admin', 'sur', 'admin');
  for (const name of ['rater1', 'rater2', 'norte', 'outsider'] as const) await createAccount(ctx, { username: name, password: PASSWORD });
  for (const name of ['admin', 'rater1', 'rater2', 'norte', 'outsider'] as const) {
    users[name] = new Browser(app);
    expect((await users[name].login(name)).status).toBe(303);
  }
}, 60_000);
afterAll(async () => {
  await ctx.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Links an account to a triad member, as an organization admin would. */
async function seat(username: string, party: string, pseudonym: string): Promise<void> {
  const account = await ctx.db.selectFrom('account').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  await linkMemberAccount(ctx, LOCAL, { organization: party, pseudonym, accountId: Number(account.id) });
}

/** Every dimension's form fields: scores by dimension order, a note and evidence on each. */
function ratingFields(scores: readonly (number | string)[], who: string): Record<string, string> {
  const fields: Record<string, string> = { reviewer: 'sur', reviewee: 'norte' };
  DEFAULT_DIMENSIONS.forEach((d, i) => {
    fields[`score.${d}`] = String(scores[i]);
    fields[`note.${d}`] = `${who} on ${d}\r\nsecond line`;
    fields[`evidence.${d}`] = `${EVIDENCE}\r\nminutes-${d}`;
  });
  return fields;
}

describe('the cycle overview', () => {
  it('offers the open form to a party admin only; without its CSRF token nothing opens', async () => {
    const anon = await (await app.request('/alliances/tri/cycles')).text();
    expect(anon).toContain('No audit cycle has been opened yet.');
    const openForm = '<form method="post" action="/alliances/tri/cycles"';
    expect(anon).not.toContain(openForm);
    expect(await (await users.outsider.get('/alliances/tri/cycles')).text()).not.toContain(openForm);
    const before = await snapshot(ctx);
    for (const csrf of [undefined, 'not-the-token-not-the-token-not-the-token']) {
      const res = await users.admin.post('/alliances/tri/cycles', csrf ? { csrf, sources: '' } : { sources: '' });
      expect(res.status).toBe(403);
    }
    expect(await snapshot(ctx)).toEqual(before);
  });

  it('a party admin opens the cycle by the form, adding a public source', async () => {
    const page = await (await users.admin.get('/alliances/tri/cycles')).text();
    expect(page).toContain('<form method="post" action="/alliances/tri/cycles"');
    const res = await users.admin.post('/alliances/tri/cycles', { csrf: csrfField(page), at: field(page, 'at'), sources: '9 18 26 34 41 45\r\n\r\n' });
    expect(res.status).toBe(303);
    cycle = await getCycle(ctx, 'tri');
    expect(res.headers.get('Location')).toBe(`/alliances/tri/cycles?n=${cycle.n}&done=opened`);
    expect(cycle.sources.slice(1)).toEqual(['9 18 26 34 41 45']);
    expect(cycle.assignments).toHaveLength(9);
    const card = await ctx.db.selectFrom('scorecard').innerJoin('organization as r', 'r.id', 'scorecard.reviewer_id').innerJoin('organization as e', 'e.id', 'scorecard.reviewee_id')
      .select('scorecard.id').where('r.slug', '=', 'sur').where('e.slug', '=', 'norte').executeTakeFirstOrThrow();
    cardId = Number(card.id);
    const sur = cycle.triads.find((t) => t.party === 'sur')!.members;
    await seat('rater1', 'sur', sur[0]!);
    await seat('rater2', 'sur', sur[1]!);
    await seat('norte', 'norte', cycle.triads.find((t) => t.party === 'norte')!.members[0]!);
  });

  it('opening the same cycle again is refused with the reason, the typed sources kept', async () => {
    const page = await (await users.admin.get('/alliances/tri/cycles')).text();
    // The form now offers the next cycle; send the current one again as a stale form would.
    const before = await snapshot(ctx);
    const res = await users.admin.post('/alliances/tri/cycles', { csrf: csrfField(page), at: clock.toISOString(), sources: 'lottery 7 7 7' });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain('is already open');
    expect(textareaValue(html, 'sources')).toBe('lottery 7 7 7');
    expect(await snapshot(ctx)).toEqual(before);
  });

  it('shows bounds, zones, sources, triads, the re-run command and every assignment', async () => {
    const html = await (await app.request('/alliances/tri/cycles?tz=Asia/Tokyo')).text();
    expect(html).toContain(`Cycle: lunation ${cycle.n}`);
    expect(html).toContain('<code>America/Argentina/Buenos_Aires</code>');
    expect(html).toMatch(/GMT\+9/); // the reader's zone
    expect(html).toContain(`<code>${cycle.sources[0]}</code>`);
    expect(html).toContain('<code>9 18 26 34 41 45</code>');
    for (const t of cycle.triads) for (const m of t.members) expect(html).toContain(`<bdi>${m}</bdi>`);
    // The re-run snippet: the archived pool and the party's sources, in order.
    expect(html).toContain(`daylight draw --source ${cycle.sources[0]} --source &#39;9 18 26 34 41 45&#39; --source sur --pool sur-pool.txt --select 5`);
    expect(html).toContain(`printf &#39;%s\\n&#39; sur-alder sur-birch sur-cedar sur-dogwood sur-elm &gt; sur-pool.txt`);
    expect(html.match(/<strong class="badge draft">draft<\/strong>/g)).toHaveLength(9);
    expect(html).toContain('href="/alliances/tri/calendar.ics"');
    // Nobody's real name or contact: only pseudonyms are public.
    expect(html).not.toMatch(/Amaranta|private\.example/);
  });
});

describe('the calendar feed', () => {
  it('is iCalendar at a stable URL: text/calendar, CRLF lines, VEVENTs, revalidated by ETag', async () => {
    const res = await app.request('/alliances/tri/calendar.ics');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/calendar; charset=utf-8');
    const body = await res.text();
    expect(body.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(body.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(body.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    for (const line of body.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const events = body.match(/\r\nBEGIN:VEVENT\r\n/g) ?? [];
    expect(events.length).toBeGreaterThan(10);
    expect(events.length).toBe((body.match(/\r\nEND:VEVENT\r\n/g) ?? []).length);
    expect(body).toContain(`lunation ${cycle.n}`);
    const again = await app.request('/alliances/tri/calendar.ics', { headers: { 'If-None-Match': res.headers.get('ETag')! } });
    expect(again.status).toBe(304);
    expect((await app.request('/alliances/nowhere/calendar.ics')).status).toBe(404);
  });
});

describe('the triad workspace', () => {
  const path = () => `/alliances/tri/cycles/${cycle.n}/triad`;

  it('sends the signed-out to sign in and refuses outsiders with 403', async () => {
    const anon = await app.request(path());
    expect(anon.status).toBe(303);
    expect(anon.headers.get('Location')).toBe('/login');
    const res = await users.outsider.get(path());
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('open only to the members of this cycle’s triads');
    expect((await users.admin.get(path())).status).toBe(403); // a party admin is not a triad member
  });

  it('shows a member the rating form: fieldset and legend per dimension, radios 0–4 with their words, private evidence', async () => {
    const res = await users.rater1.get(path());
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const html = await res.text();
    expect(html.match(/<fieldset class="rating"><legend>/g)).toHaveLength(5 * 3); // three cards, five dimensions
    expect(html).toContain('<legend>Decision-making structures and recent changes to them</legend>');
    for (const [score, word] of ['breach', 'serious concern', 'concern', 'meets', 'exemplary'].entries()) {
      expect(html).toContain(`<input type="radio" id="card-${cardId}-decision-making-${score}" name="score.decision-making" value="${score}"/> ${score} · ${word}`);
    }
    expect(html).toContain('Private: never published.');
    expect(html).not.toContain('action="/alliances/tri/cycles/' + cycle.n + '/triad/finalize"');
  });

  it('refuses ratings without the CSRF token, and from outside the triad; nothing changes', async () => {
    const before = await snapshot(ctx);
    const fields = ratingFields([3, 3, 2, 4, 1], 'x');
    expect((await users.rater1.post(`${path()}/rate`, fields)).status).toBe(403);
    expect((await users.rater1.post(`${path()}/finalize`, { reviewer: 'sur', reviewee: 'norte' })).status).toBe(403);
    expect((await users.outsider.submit('/alliances/tri/cycles', `${path()}/rate`, fields)).status).toBe(403);
    // A member of norte's triad sending a rating of sur's card.
    const other = await users.norte.submit(path(), `${path()}/rate`, fields);
    expect(other.status).toBe(403);
    expect(await other.text()).toContain('is not in sur’s triad');
    expect(await snapshot(ctx)).toEqual(before);
  });

  it('refuses a score out of range with the reason, keeping what was typed; nothing stored', async () => {
    const before = await snapshot(ctx);
    const res = await users.rater1.submit(path(), `${path()}/rate`, ratingFields([3, 7, 2, 4, 1], 'rater1'));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('must be a whole number from 0 to 4');
    expect(textareaValue(html, `card-${cardId}-finances-note`)).toBe('rater1 on finances\r\nsecond line');
    expect(html).toContain(`id="card-${cardId}-decision-making-3" name="score.decision-making" value="3" checked=""`);
    const unscored = ratingFields([3, 3, 2, 4, 1], 'rater1');
    unscored['score.tactics'] = '';
    const res2 = await users.rater1.submit(path(), `${path()}/rate`, unscored);
    expect(res2.status).toBe(400);
    expect(await res2.text()).toContain('has a note or evidence but no score');
    expect(await snapshot(ctx)).toEqual(before);
  });

  it('a member rates by the form; the draft and its evidence reach the triad and nobody else', async () => {
    const res = await users.rater1.submit(path(), `${path()}/rate`, ratingFields([3, 3, 2, 4, 1], 'rater1'));
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe(`${path()}?party=sur&done=rated#card-${cardId}`);
    const draft = await scorecardDraft(ctx, LOCAL, { ...KEY(), as: cycle.triads.find((t) => t.party === 'sur')!.members[0]! });
    expect(draft.ratings.map((r) => r.score)).toEqual([3, 3, 2, 4, 1]);
    expect(draft.ratings[0]!.note).toBe('rater1 on decision-making\nsecond line');
    const mate = await (await users.rater2.get(path())).text();
    expect(mate).toContain(EVIDENCE);
    expect(mate).toContain('rater1 on finances');
    const norte = await (await users.norte.get(path())).text();
    expect(norte).not.toContain(EVIDENCE);
    expect(norte).not.toContain('rater1 on finances');
    for (const page of ['/alliances/tri/cycles', `/scorecards/${cardId}`]) {
      const html = await (await app.request(page)).text();
      expect(html).not.toContain(EVIDENCE);
      expect(html).not.toContain('rater1 on');
    }
    expect((await app.request(`/scorecards/${cardId}`)).status).toBe(404); // a draft is nobody's to read
  });

  it('a second member rates, and finalizing by the form publishes the scorecard', async () => {
    expect((await users.rater2.submit(path(), `${path()}/rate`, ratingFields([3, 1, 2, 4, 0], 'rater2'))).status).toBe(303);
    const page = await (await users.rater2.get(path())).text();
    expect(page).toContain(`action="${path()}/finalize"`);
    const res = await users.rater2.submit(path(), `${path()}/finalize`, { reviewer: 'sur', reviewee: 'norte', lang: 'en' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe(`/scorecards/${cardId}?done=published`);
    const after = await (await users.rater1.get(path())).text();
    expect(after).toContain(`href="/scorecards/${cardId}"`);
    const overview = await (await app.request('/alliances/tri/cycles')).text();
    expect(overview).toContain(`<strong class="badge published">published</strong> <a href="/scorecards/${cardId}">`);
  }, 60_000);
});

describe('the public scorecard', () => {
  it('shows the medians, spread and ratings worked out by hand; never the evidence', async () => {
    const res = await app.request(`/scorecards/${cardId}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    // rater1 [3,3,2,4,1], rater2 [3,1,2,4,0]: medians 3, 2, 2, 4, 0.5 (mean of the two middle values).
    const medians = [...html.matchAll(/<strong class="median">([^<]+)<\/strong> · ([a-z ]+)</g)].map((m) => `${m[1]} ${m[2]}`);
    expect(medians).toEqual(['3 meets', '2 concern', '2 concern', '4 exemplary', '0.5 breach']);
    expect(html).toContain('<td>1 to 3</td>'); // finances: the range
    expect(html).toContain('rater1 on finances');
    expect(html).not.toContain(EVIDENCE);
    expect(html).toContain('No indicator readings for this period yet.');
    for (const type of ['application/json', 'text/html; charset=utf-8', 'application/pdf']) expect(html).toContain(`<code class="detail">${type}</code>`);
    expect(html).toMatch(/<a href="\/archive\/doc\/sha256\/[0-9a-f]{64}"><bdi>tri-\d+-sur-norte\.pdf<\/bdi><\/a>/);
    expect(html).toMatch(/Archive record \d+/);
    expect(html).toContain('&quot;type&quot;:&quot;scorecard&quot;');
    expect(html).toMatch(/<a href="\/archive\/tile\/entries\/000\.p\/\d+">/);
  });
});

describe('grassroots feedback', () => {
  const page = () => `/scorecards/${cardId}`;
  const action = () => `/scorecards/${cardId}/feedback`;
  const answers = async () => (await listFeedback(ctx, KEY())).answers;

  it('feedback.js hashes as FIPS 180-4 says and solves puzzles the server accepts', async () => {
    const { sha256, solve } = await loadScript();
    const hex = (s: string) => Buffer.from(sha256(new TextEncoder().encode(s))).toString('hex');
    expect(hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
    expect(hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    for (const n of [55, 56, 63, 64, 65, 119, 1000]) expect(hex('a'.repeat(n))).toBe(createHash('sha256').update('a'.repeat(n)).digest('hex'));
    const challenge = 'dlf1.12.1764064800.12.0123456789abcdef0123456789abcdef';
    const nonce = solve(challenge, 12)!;
    expect(checkWork(challenge, nonce, 12)).toBe(true);
    expect(checkWork(challenge, String(Number(nonce) - 1), 12) && solve(challenge, 12, 0, Number(nonce)) !== null).toBe(false);
    const res = await app.request('/static/feedback.js');
    expect(res.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
  });

  it('the form needs no account: anonymous double-submit CSRF, a challenge, the wait explained', async () => {
    const anon = new Browser(app);
    const res = await anon.get(page());
    expect(res.headers.getSetCookie().some((c) => c.startsWith('daylight_csrf='))).toBe(true);
    const html = await res.text();
    expect(html).toMatch(/<form method="post" action="\/scorecards\/\d+\/feedback" class="stack full" id="feedback-form" data-bits="16">/);
    expect(field(html, 'challenge')).toMatch(/^dlf1\./);
    expect(html).toContain(`accepted from ${WAIT_S} seconds after this page was loaded`);
    expect(scripts(html)).toEqual(['<script type="module" src="/static/feedback.js">']);
    expect(html).not.toContain('action="/scorecards/' + cardId + '/feedback/'); // no hide forms for the public
  });

  it('without JavaScript: sent too soon is refused with the text kept and nothing stored; after the wait it is taken', async () => {
    const anon = new Browser(app);
    const form = await (await anon.get(page())).text();
    const before = await snapshot(ctx);
    const early = await anon.post(action(), { csrf: csrfField(form), challenge: field(form, 'challenge'), nonce: '', dimension: 'finances', pseudonym: 'Vecina', text: 'Line one\r\nline two' });
    expect(early.status).toBe(400);
    const html = await early.text();
    expect(html).toContain('too soon');
    expect(html).toContain('Sent too soon. Your text is kept below');
    expect(textareaValue(html, 'feedback-text')).toBe('Line one\r\nline two');
    expect(field(html, 'pseudonym')).toBe('Vecina');
    expect(html).toContain('<option value="finances" selected="">');
    expect(field(html, 'challenge')).toBe(field(form, 'challenge')); // the wait already begun counts
    expect(await snapshot(ctx)).toEqual(before);
    tick(WAIT_S);
    const sent = await anon.post(action(), { csrf: csrfField(html), challenge: field(html, 'challenge'), nonce: '', dimension: 'finances', pseudonym: 'Vecina', text: textareaValue(html, 'feedback-text') });
    expect(sent.status).toBe(303);
    const list = await answers();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ dimension: 'finances', pseudonym: 'Vecina', text: 'Line one\nline two' });
    expect(sent.headers.get('Location')).toBe(`${page()}?done=feedback#answer-${list[0]!.id}`);
    const again = await anon.post(action(), { csrf: csrfField(html), challenge: field(html, 'challenge'), nonce: '', dimension: 'overall', text: 'Twice?' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('already used');
    expect(await answers()).toHaveLength(1);
  });

  it('a wrong or absent proof, or no challenge, is refused with its reason and nothing stored', async () => {
    const anon = new Browser(app);
    const form = await (await anon.get(page())).text();
    const challenge = field(form, 'challenge');
    let wrong = 0;
    while (checkWork(challenge, String(wrong), 16)) wrong++;
    const before = await snapshot(ctx);
    const cases: [Record<string, string>, number, string][] = [
      [{ challenge, nonce: String(wrong) }, 400, 'the proof of work does not check'],
      [{ challenge, nonce: '' }, 400, 'too soon'],
      [{ challenge: '', nonce: '' }, 400, 'the challenge is not one this server issued'],
      [{ challenge: challenge.replace(/.$/, (c) => (c === '0' ? '1' : '0')), nonce: String(wrong) }, 400, 'the challenge is not one this server issued'],
    ];
    for (const [fields, status, reason] of cases) {
      const res = await anon.post(action(), { csrf: csrfField(form), dimension: 'overall', text: 'Kept text', ...fields });
      expect(res.status, reason).toBe(status);
      const html = await res.text();
      expect(html).toContain(reason);
      expect(textareaValue(html, 'feedback-text')).toBe('Kept text');
    }
    expect(await snapshot(ctx)).toEqual(before);
  });

  it('with the proof feedback.js computes, an answer is taken at once; hostile text comes back escaped', async () => {
    const { solve } = await loadScript();
    const anon = new Browser(app);
    const form = await (await anon.get(page())).text();
    const challenge = field(form, 'challenge');
    const nonce = solve(challenge, 16)!;
    const res = await anon.post(action(), { csrf: csrfField(form), challenge, nonce, dimension: 'overall', pseudonym: `Nick ${HOSTILE}`, text: `Look: ${HOSTILE}` });
    expect(res.status).toBe(303);
    const html = await (await app.request(page())).text();
    expect(html).toContain(`Look: ${ESCAPED}`);
    expect(html).toContain(`<bdi>Nick ${ESCAPED}</bdi>`);
    expect(html).not.toMatch(/<script>|<img|<[a-z][^>]*\sonerror=/i);
  });

  it('without its CSRF token the answer form is refused with 403 and nothing is stored', async () => {
    const anon = new Browser(app);
    const form = await (await anon.get(page())).text();
    tick(WAIT_S);
    const before = await snapshot(ctx);
    for (const csrf of [undefined, 'not-the-token-not-the-token-not-the-token']) {
      const fields = { challenge: field(form, 'challenge'), nonce: '', dimension: 'overall', text: 'No token' };
      expect((await anon.post(action(), csrf ? { ...fields, csrf } : fields)).status).toBe(403);
      expect((await new Browser(app).post(action(), { ...fields, csrf: csrfField(form) })).status).toBe(403); // no cookie to match
    }
    expect(await snapshot(ctx)).toEqual(before);
  });

  it('moderators hide only with a public reason; the page then shows "hidden: reason"', async () => {
    const [first] = await answers();
    const hide = `${action()}/${first!.id}/hide`;
    expect(await (await users.outsider.get(page())).text()).not.toContain(`action="${hide}"`);
    const modPage = await (await users.admin.get(page())).text();
    expect(modPage).toContain(`action="${hide}"`);
    const before = await snapshot(ctx);
    expect((await users.admin.post(hide, { reason: 'Names a witness' })).status).toBe(403);
    const noReason = await users.admin.submit(page(), hide, { reason: '  ' });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain('hiding needs a public reason');
    expect((await users.outsider.submit(page(), hide, { reason: 'I dislike it' })).status).toBe(403);
    expect(await snapshot(ctx)).toEqual(before);
    const res = await users.admin.submit(page(), hide, { reason: 'Names a witness' });
    expect(res.status).toBe(303);
    const html = (await (await app.request(page())).text()).replace(/[\u2068\u2069]/g, '');
    expect(html).toContain('hidden: Names a witness');
    expect(html).not.toContain('Line one');
    expect((await answers())[0]!.hidden?.reason).toBe('Names a witness');
  });

  it('a redacted answer leaves the page at once, the copy kept for readers without a session included', async () => {
    const [first] = await answers();
    expect((await (await app.request(page())).text()).replace(/[\u2068\u2069]/g, '')).toContain('hidden: Names a witness');
    await redactDocument(ctx, { kind: 'local' }, first!.document!, 'safety');
    const html = (await (await app.request(page())).text()).replace(/[\u2068\u2069]/g, '');
    expect(html).toContain('Redacted: its text was removed from the archive and from this page.');
    expect(html).not.toContain('Names a witness');
    expect((await answers())[0]).toMatchObject({ redacted: true, document: null, text: null });
  });
});

describe('the next cycle', () => {
  it('opens by the form; its triad sees the previous scores and a summary of last cycle’s feedback', async () => {
    const page = await (await users.admin.get('/alliances/tri/cycles')).text();
    expect(page).toContain(`Open lunation ${cycle.n + 1} and draw the triads`);
    const res = await users.admin.post('/alliances/tri/cycles', { csrf: csrfField(page), at: field(page, 'at'), sources: '' });
    expect(res.status).toBe(303);
    const next = await getCycle(ctx, 'tri', cycle.n + 1);
    await createAccount(ctx, { username: 'rater3', password: PASSWORD });
    const member = next.triads.find((t) => t.party === 'sur')!.members.find((m) => m !== cycle.triads.find((t) => t.party === 'sur')!.members[0] && m !== cycle.triads.find((t) => t.party === 'sur')!.members[1])!;
    await seat('rater3', 'sur', member);
    const b = new Browser(app);
    expect((await b.login('rater3')).status).toBe(303);
    const html = (await (await b.get(`/alliances/tri/cycles/${next.n}/triad`)).text()).replace(/[\u2068\u2069]/g, '');
    expect(html).toContain(`Previous scores (cycle ${cycle.n}, by sur)`);
    expect(html).toContain('External alliances that may affect shared values: 0.5 · breach');
    expect(html).toContain(`What people answered to the scorecards of lunation ${cycle.n}`);
    expect(html).toContain('2 answers (1 hidden)'); // on norte in all: the hostile one (overall) and the hidden one (finances)
    expect(html).toContain(`Look: ${ESCAPED}`);
    expect(html).not.toContain('Line one'); // the hidden answer's text
    expect(html).not.toContain(EVIDENCE); // last cycle's evidence stays with last cycle's triad
  });
});

describe('every audit page', () => {
  const views = (): [Browser | null, string][] => [
    [null, '/alliances/tri/cycles'],
    [null, `/alliances/tri/cycles?n=${cycle.n}&tz=Europe/Paris`],
    [users.admin, '/alliances/tri/cycles'],
    [users.rater1, '/alliances/tri/cycles'],
    [users.rater1, `/alliances/tri/cycles/${cycle.n}/triad`],
    [users.norte, `/alliances/tri/cycles/${cycle.n}/triad`],
    [null, `/scorecards/${cardId}`],
    [users.admin, `/scorecards/${cardId}`],
  ];
  const fetchPage = (b: Browser | null, path: string) => (b ? b.get(path) : app.request(path));

  it('renders in English and Arabic (rtl) with every message, nothing inline, only feedback.js by src', async () => {
    const errors = vi.spyOn(console, 'error');
    for (const lang of ['en', 'ar'] as const) {
      for (const [b, path] of views()) {
        const res = await fetchPage(b, withLang(path, lang));
        expect(res.status, `${path} ${lang}`).toBe(200);
        const html = await res.text();
        expect(html, path).toMatch(new RegExp(`^<!doctype html><html lang="${lang}" dir="${dir(lang)}">`));
        expect(html, path).not.toMatch(/<style|<[a-z][^>]*\s(style|on[a-z]+)=/i);
        for (const s of scripts(html)) expect(s, path).toBe('<script type="module" src="/static/feedback.js">');
        expect(html, path).not.toMatch(/\b(cycle|triad|scorecard|feedback)\.(?!js\b)[a-z]+(\.[a-zA-Z]+)?\b(?![\w/-])/);
        for (const m of html.matchAll(/<(input|textarea|select) id="([^"]+)"/g)) expect(html, `${path} #${m[2]}`).toContain(`for="${m[2]}"`);
        if (lang === 'ar') expect(html, path).toMatch(/[\u0600-\u06FF]{4}/);
      }
    }
    expect(errors.mock.calls.filter((c) => String(c[0]).startsWith('i18n'))).toEqual([]);
    errors.mockRestore();
    for (const b of Object.values(users)) await b.get('/?lang=en');
  });

  it('stays light: each page with its stylesheet and script under 30 KB compressed', async () => {
    const css = await (await app.request('/static/daylight.css')).text();
    const js = await (await app.request('/static/feedback.js')).text();
    for (const [b, path] of views()) {
      const html = await (await fetchPage(b, path)).text();
      expect(gzipSync(html + css + (html.includes('feedback.js') ? js : '')).length, path).toBeLessThan(30_000);
    }
  });
});

/**
 * Issue 6 §9, output escaping: hostile text in every free-text field that reaches a page —
 * organization name and description (also refilled into the profile's edit form), member pseudonym, alliance name, covenant text (title,
 * horizon, a principle's title, a tactic, a mirroring pledge, the draft's rationale), renewal
 * testimony and its pseudonym, scorecard notes, feedback text and pseudonym, an observation's
 * source and its published evidence (a benchmark's evidence is private: checked absent), a support commitment's description and a
 * transaction's disclosed source, a local action, a lesson's title and analysis, a moderator's
 * reason for hiding an answer — written through the services on top of the demo alliance, then
 * every page that shows them crawled (signed out, and signed in as the instance admin).
 *
 * On every HTML page: the Content-Security-Policy header, without 'unsafe-inline'; no script
 * element but the app's own /static files, no event-handler attribute, no style element or
 * attribute, no javascript: URL, no link to another host. And each field's text is on some page,
 * escaped, so the test cannot pass by the text never being shown.
 *
 * The hostile string: a script element, an attribute breakout into an img with onerror, a
 * </style>, a javascript: URL, a right-to-left override (U+202E, refused by services that refuse
 * bidirectional controls: then sent again without it, and the refusal is what is checked), a tab
 * (refused in one-line fields, the same way) and Arabic. The feedback text also goes in at its full length limit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { seedDemo, DEMO_ALLIANCE } from '../../src/demo/seed.js';
import { ensureFirstAdmin } from '../../src/services/accounts.js';
import { UserError, type Ctx } from '../../src/services/context.js';
import { initInstance, openInstance } from '../../src/services/instance.js';
import { addOrganizationKey, createOrganization } from '../../src/services/organizations.js';
import { addMember } from '../../src/services/members.js';
import { createAlliance } from '../../src/services/alliances.js';
import { draftCovenant } from '../../src/services/covenants.js';
import { addTestimony, openRenewal, renewalSigningSubject, submitRenewalSignature } from '../../src/services/renewals.js';
import { generateKey, parseSignerKey, signNote } from '../../src/ledger/note.js';
import { openCycle } from '../../src/services/cycles.js';
import { finalizeScorecard, rateScorecard } from '../../src/services/scorecards.js';
import { FEEDBACK_LIMITS } from '../../src/domain/feedback.js';
import { feedbackChallenge, submitFeedback } from '../../src/services/feedback.js';
import { hideFeedback } from '../../src/services/moderation.js';
import { recordObservation } from '../../src/services/observations.js';
import { recordBenchmark } from '../../src/services/decisions.js';
import { makeCommitment, recordTransaction } from '../../src/services/support.js';
import { recordLocalAction } from '../../src/services/local-actions.js';
import { draftLesson, editLesson, publishLesson } from '../../src/services/lessons.js';
import { formatCovenant, starterCovenant } from '../../src/domain/covenant/index.js';
import { solveWork } from '../../src/domain/feedback.js';
import { Browser } from './harness.js';
import { crawl, markupProblems, type Page } from './page-scan.js';

const LOCAL = { kind: 'local' } as const;
const HOUR = 3_600_000;

/** The hostile text for one field; `label` finds it again on the pages. */
function hostile(label: string, controls = true): string {
  return `${label}:<script>alert(1)</script>"><img src=x onerror=alert(1)></style>javascript:alert(1)${controls ? '\u202E\t' : ' '}كرامة`;
}
/** How it must read in the HTML: every markup character escaped. */
function escaped(label: string): string {
  return `${label}:&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;`;
}

describe('hostile text in every field is shown escaped, and no page can run it', () => {
  let dataDir: string;
  let ctx: Ctx & { close(): Promise<void> };
  let clock = new Date();
  const labels: string[] = [];
  /** fields whose service refused the right-to-left override or the tab (then written without them) */
  const refusedControls: string[] = [];
  let pages: Page[] = [];
  let anonymousPages: Page[] = [];
  let privateEvidence = '';

  /** Writes the hostile text through `write`; if the service refuses its control characters, without them. */
  async function put<T>(label: string, write: (text: string) => Promise<T>, max = Infinity): Promise<T> {
    labels.push(label);
    try {
      return await write(hostile(label).slice(0, max));
    } catch (err) {
      if (!(err instanceof UserError) || !/202E|bidirectional|control/i.test(err.message)) throw err;
      refusedControls.push(label);
      return write(hostile(label, false).slice(0, max));
    }
  }
  const tick = () => (clock = new Date(clock.getTime() + HOUR));

  beforeAll(async () => {
    const now = new Date();
    dataDir = mkdtempSync(join(tmpdir(), 'daylight-hostile-'));
    await initInstance({ dataDir, origin: 'hostile.test/daylight', now: () => clock });
    ctx = await openInstance({ dataDir, now: () => clock });
    await seedDemo(ctx, (d) => (clock = d), now);
    clock = now;
    const [sur, fleuve, karama] = ['sindicato-sur', 'union-du-fleuve', 'harakat-al-karama'] as const;
    const day = (d: Date) => d.toISOString().slice(0, 10);

    // Organizations, members, an alliance.
    await put('org-name', (name) => put('org-description', (description) =>
      createOrganization(ctx, LOCAL, { slug: 'hostile', name, country: 'FR', languages: ['fr'], timeZone: 'Europe/Paris', description })));
    await put('pseudonym', (pseudonym) => addMember(ctx, LOCAL, { organization: fleuve, pseudonym, officeholder: false, triadEligible: false }), 80);
    await put('alliance-name', (name) => createAlliance(ctx, LOCAL, { slug: 'hostile-alliance', name, parties: ['hostile', sur] }));

    // A covenant draft on the demo alliance.
    const covenant = starterCovenant({ parties: [sur, fleuve, karama], currency: 'EUR', amount: '10000.00' });
    type Texts = { original: string; text: Record<string, string> };
    /** The same hostile text in every language the template writes. */
    const every = async (label: string, t: Texts | undefined): Promise<Texts> => {
      const s = await put(label, async (x) => x);
      const base = t ?? covenant.horizon;
      return { ...base, text: Object.fromEntries(Object.keys(base.text).map((k) => [k, s])) };
    };
    covenant.title = await every('covenant-title', covenant.title);
    covenant.horizon = await every('horizon', covenant.horizon);
    covenant.principles[0]!.title = await every('principle-title', covenant.principles[0]!.title);
    covenant.tactics.acceptable[0] = await every('tactic', covenant.tactics.acceptable[0]);
    covenant.mirroring[0] = { ...covenant.mirroring[0]!, pledge: await every('pledge', covenant.mirroring[0]!.pledge) };
    tick();
    await put('rationale', (rationale) =>
      draftCovenant(ctx, LOCAL, { alliance: DEMO_ALLIANCE, author: sur, rationale, source: { text: formatCovenant(covenant, 'yaml'), format: 'yaml' } }));

    // A renewal with testimony.
    tick();
    await openRenewal(ctx, LOCAL, { alliance: DEMO_ALLIANCE });
    await put('testimony', (text) => put('testimony-pseudonym', (pseudonym) => addTestimony(ctx, null, { alliance: DEMO_ALLIANCE, text, pseudonym }), 80));
    // Testimonies are published when every party has re-signed: each signs with a key made here.
    const subject = await renewalSigningSubject(ctx, DEMO_ALLIANCE);
    for (const party of [sur, fleuve, karama]) {
      const k = generateKey(`${party}.hostile/delegate`);
      await addOrganizationKey(ctx, LOCAL, party, k.verifierKey);
      await submitRenewalSignature(ctx, LOCAL, { alliance: DEMO_ALLIANCE, note: signNote(subject.text, [parseSignerKey(k.signerKey)]) });
    }

    // Observations, evidence, support, local action.
    tick();
    await put('observation-source', (source) => put('observation-evidence', (evidence) =>
      recordObservation(ctx, LOCAL, { alliance: DEMO_ALLIANCE, party: karama, indicator: 'accounts-published', at: day(clock), value: 'true', source, evidence, publishEvidence: true }, 'cli')));
    // A benchmark's evidence stays private: it is checked below to be on no public page.
    privateEvidence = hostile('benchmark-evidence', false);
    await recordBenchmark(ctx, LOCAL, { alliance: DEMO_ALLIANCE, party: fleuve, benchmark: 'accounts-open', evidence: privateEvidence });
    const commitment = await put('commitment', (description) =>
      makeCommitment(ctx, LOCAL, { alliance: DEMO_ALLIANCE, from: karama, to: sur, form: 'humanitarian-aid', recipient: 'people', description, amount: '100.00', currency: 'EUR', startsOn: day(clock) }));
    await put('transaction-source', (source) =>
      recordTransaction(ctx, LOCAL, { alliance: DEMO_ALLIANCE, commitment: commitment.id, occurredOn: day(clock), amount: '50.00', currency: 'EUR', sourceDisclosed: true, source, receipt: true }));
    await put('local-action', (what) => recordLocalAction(ctx, LOCAL, { alliance: DEMO_ALLIANCE, party: karama, occurredOn: day(clock), what, mirrors: commitment.id }));

    // A third audit: hostile notes, feedback at the length limit, a hidden answer with a hostile reason.
    tick();
    const cycle = await openCycle(ctx, LOCAL, { alliance: DEMO_ALLIANCE, sources: ['3 5 8'] });
    const a = cycle.assignments[0]!;
    const triad = cycle.triads.find((t) => t.party === a.reviewer)!;
    for (const as of triad.members) {
      tick();
      await put(`note-${labels.length}`, (note) =>
        rateScorecard(ctx, LOCAL, { alliance: DEMO_ALLIANCE, cycle: cycle.n, reviewer: a.reviewer, reviewee: a.reviewee, as, ratings: cycle.dimensions.map((dimension) => ({ dimension, score: 2, note })) }));
    }
    tick();
    await finalizeScorecard(ctx, LOCAL, { alliance: DEMO_ALLIANCE, cycle: cycle.n, reviewer: a.reviewer, reviewee: a.reviewee, as: triad.members[0]!, lang: 'en' });
    const key = { alliance: DEMO_ALLIANCE, cycle: cycle.n, reviewer: a.reviewer, reviewee: a.reviewee };
    const answer = async (text: string, pseudonym: string | null) => {
      const ch = await feedbackChallenge(ctx, key);
      return submitFeedback(ctx, { ...key, challenge: ch.challenge, nonce: solveWork(ch.challenge, ch.bits), text, pseudonym });
    };
    await put('feedback', (text) => put('feedback-pseudonym', (pseudonym) => answer(text.padEnd(FEEDBACK_LIMITS.text, ' ءx'), pseudonym), FEEDBACK_LIMITS.pseudonym));
    const hidden = await answer('An answer a moderator hides.', null);
    await put('hide-reason', (reason) => hideFeedback(ctx, LOCAL, { id: hidden.id, reason }));

    // A lesson.
    tick();
    const lesson = await put('lesson-title', (title) => draftLesson(ctx, LOCAL, { alliance: DEMO_ALLIANCE, party: fleuve, title }));
    await put('lesson-analysis', (analysis) => editLesson(ctx, LOCAL, { alliance: DEMO_ALLIANCE, lesson: lesson.lesson, analysis }));
    await publishLesson(ctx, LOCAL, { alliance: DEMO_ALLIANCE, lesson: lesson.lesson });

    const app = createApp(ctx);
    const seeds = ['/', '/alliances', '/orgs', '/orgs/hostile', `/orgs/${fleuve}/members`, '/alliances/hostile-alliance'];
    const anonymous = await crawl(new Browser(app), seeds);
    const admin = new Browser(app);
    const credentials = await ensureFirstAdmin(ctx);
    expect((await admin.login(credentials!.username, credentials!.password)).status).toBe(303);
    anonymousPages = anonymous;
    pages = [...anonymous, ...(await crawl(admin, [...seeds, '/account', '/orgs/hostile/edit']))];
  }, 300_000);

  afterAll(async () => {
    await ctx?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('crawls the pages that show the fields', () => {
    expect(pages.length).toBeGreaterThan(40);
    expect(pages.filter((p) => p.status >= 500).map((p) => p.path)).toEqual([]);
  });

  it('shows every field somewhere, escaped', () => {
    const all = pages.map((p) => p.html).join('\n');
    const missing = [...new Set(labels)].filter((l) => !all.includes(escaped(l)));
    expect(missing).toEqual([]);
  });

  it('never lets the text become markup, a script, a handler, a style or a javascript: link', () => {
    expect(pages.flatMap(markupProblems)).toEqual([]);
    for (const p of pages) {
      expect(p.html, p.path).not.toContain('<script>alert(1)');
      expect(p.html, p.path).not.toContain('<img src=x');
    }
  });

  it('sends the strict Content-Security-Policy, without unsafe-inline, on every page', () => {
    for (const p of pages) {
      expect(p.csp, p.path).toMatch(/default-src 'none'/);
      expect(p.csp, p.path).toMatch(/script-src 'self'(;|$)/);
      expect(p.csp, p.path).toMatch(/style-src 'self'(;|$)/);
      expect(p.csp, p.path).not.toContain('unsafe-inline');
      expect(p.csp, p.path).not.toContain('unsafe-eval');
    }
  });

  it('shows a benchmark\'s private evidence on no public page', () => {
    for (const p of anonymousPages) expect(p.html, p.path).not.toContain('benchmark-evidence:');
  });

  it('keeps the right-to-left override out where the service refuses it, and escapes it where it is kept', () => {
    // Feedback refuses bidirectional controls (Trojan Source); whatever a service kept is on a page as written.
    expect(refusedControls).toContain('feedback');
    for (const p of pages) expect(p.html).not.toMatch(/feedback:[^<]*\u202E/);
  });
});

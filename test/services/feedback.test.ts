/**
 * Grassroots feedback through the services, on SQLite and PostgreSQL: a published scorecard
 * answered with a real proof of work (SHA-256, 16 leading zero bits) and by the JavaScript-off
 * wait path; refusals — wrong nonce, reused, expired, tampered or foreign challenge, oversized,
 * control-character and bidi text, unknown dimension, draft scorecard, closed window, rate
 * limit — each with its reason and nothing changed (every table's row count and the log);
 * no column that could hold an IP address; hiding only with a public reason, by a moderator,
 * archived and exported with the answer still there; the summary's counts.
 */
import { readFileSync, readdirSync, statSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initInstance, openInstance } from '../../src/services/instance.js';
import { UserError } from '../../src/services/context.js';
import { actorOf, createAccount, grantRole } from '../../src/services/accounts.js';
import { getOrganization } from '../../src/services/organizations.js';
import { recentRecords } from '../../src/services/records.js';
import {
  FeedbackRefused,
  RATE_LIMIT,
  RATE_WINDOW_MS,
  feedbackChallenge,
  feedbackSummary,
  listFeedback,
  submitFeedback,
  type FeedbackInput,
} from '../../src/services/feedback.js';
import { hideFeedback } from '../../src/services/moderation.js';
import type { CycleView } from '../../src/services/cycles.js';
import { readDocument } from '../../src/publish/files.js';
import { exportArchive } from '../../src/publish/export.js';
import { verifyArchive } from '../../src/verify/verify.js';
import { decodeBundle } from '../../src/ledger/tile.js';
import { CHALLENGE_TTL_S, WAIT_S, checkWork, solveWork, type FeedbackReason } from '../../src/domain/feedback.js';
import { BACKENDS, logSkip, Scratch } from '../store/backends.js';
import { snapshot } from '../support/snapshot.js';
import { openAuditCycle, publishCards } from './feedback-fixture.js';
import type { OpenCtx } from './instances.js';

const scratch = new Scratch();
afterAll(() => scratch.cleanup());
const LOCAL = { kind: 'local' } as const;
const T0 = new Date('2026-11-25T10:00:00.000Z');
const HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> — ¿quién decide? نعم';

describe.each(BACKENDS)('grassroots feedback on %s', (backend) => {
  const skip = logSkip(backend);
  let ctx: OpenCtx;
  let clock = T0;
  let cycle: CycleView;
  let publishedAt: Date;
  const key = (reviewer: string, reviewee: string) => ({ alliance: 'tri', cycle: cycle.n, reviewer, reviewee });
  const tick = (seconds: number) => (clock = new Date(clock.getTime() + seconds * 1000));
  const work = mkdtempSync(path.join(os.tmpdir(), 'daylight-feedback-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  let firstAnswer: { input: FeedbackInput; id: number };

  beforeAll(async () => {
    if (skip) return;
    const opts = { ...(await scratch.options(backend)), now: () => clock };
    await initInstance({ ...opts, origin: 'feedback.example/daylight' });
    ctx = await openInstance(opts);
    cycle = await openAuditCycle(ctx);
    clock = publishedAt = new Date(T0.getTime() + 86_400_000);
    await publishCards(ctx, cycle, [
      { reviewer: 'sur', reviewee: 'norte' },
      { reviewer: 'este', reviewee: 'norte' },
      { reviewer: 'sur', reviewee: 'este' },
    ]);
  }, 120_000);
  afterAll(async () => {
    if (!skip) await ctx.close();
  });

  /** The promise is refused for `reason` and no table or the log changed. */
  async function refused(reason: FeedbackReason, run: () => Promise<unknown>): Promise<FeedbackRefused> {
    const before = await snapshot(ctx);
    const e = await run().then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(FeedbackRefused);
    expect((e as FeedbackRefused).reason).toBe(reason);
    expect((e as Error).message).not.toMatch(/\n/);
    expect(await snapshot(ctx)).toEqual(before);
    return e as FeedbackRefused;
  }

  it.skipIf(skip)('takes an answer with a valid proof of work and archives its text in a document', async () => {
    const ch = await feedbackChallenge(ctx, key('sur', 'norte'));
    expect(ch.bits).toBe(16);
    // two people opening the form in the same second get different challenges
    expect((await feedbackChallenge(ctx, key('sur', 'norte'))).challenge).not.toBe(ch.challenge);
    expect(ch.closesAt).toBe(new Date(publishedAt.getTime() + 14 * 86_400_000).toISOString());
    const nonce = solveWork(ch.challenge, ch.bits);
    const input = { ...key('sur', 'norte'), challenge: ch.challenge, nonce, dimension: 'finances', pseudonym: 'vecina del barrio', text: HOSTILE };
    const r = await submitFeedback(ctx, input);
    firstAnswer = { input, id: r.id };
    expect(r).toMatchObject({ alliance: 'tri', cycle: cycle.n, reviewer: 'sur', reviewee: 'norte', dimension: 'finances', createdAt: clock.toISOString() });
    const [rec] = await recentRecords(ctx, 1);
    expect(rec!.index).toBe(r.index);
    expect(rec!.record).toEqual({
      type: 'feedback',
      at: clock.toISOString(),
      alliance: 'tri',
      cycle: cycle.n,
      reviewer: 'sur',
      reviewee: 'norte',
      feedback: r.id,
      dimension: 'finances',
      documents: [{ sha256: r.document, mediaType: 'application/json', size: expect.any(Number), name: `feedback-${r.id}.json` }],
    });
    const doc = await readDocument(ctx, r.document);
    const body = JSON.parse(Buffer.from(doc!.body).toString('utf8'));
    expect(body).toEqual({ format: 'daylight-feedback/1', alliance: 'tri', cycle: cycle.n, reviewer: 'sur', reviewee: 'norte', feedback: r.id, dimension: 'finances', pseudonym: 'vecina del barrio', text: HOSTILE, at: clock.toISOString() });
    const list = await listFeedback(ctx, key('sur', 'norte'));
    expect(list.open).toBe(true);
    // the document hash is made again from the row: the one the record names, for `archive redact`
    expect(list.answers).toEqual([{ id: r.id, document: r.document, redacted: false, dimension: 'finances', createdAt: clock.toISOString(), pseudonym: 'vecina del barrio', text: HOSTILE, hidden: null, shown: HOSTILE }]);
  });

  it.skipIf(skip)('takes an answer without JavaScript after the wait, overall and without a name', async () => {
    const ch = await feedbackChallenge(ctx, key('este', 'norte'));
    const input = { ...key('este', 'norte'), challenge: ch.challenge, text: 'Las asambleas\r\nfueron abiertas.' };
    await refused('challenge-early', () => submitFeedback(ctx, input));
    tick(WAIT_S);
    const r = await submitFeedback(ctx, input);
    expect(r.dimension).toBeNull();
    const doc = JSON.parse(Buffer.from((await readDocument(ctx, r.document))!.body).toString('utf8'));
    expect(doc).toMatchObject({ pseudonym: null, dimension: null, text: 'Las asambleas\nfueron abiertas.' });
  });

  it.skipIf(skip)('refuses a wrong nonce, a reused, expired, tampered or foreign challenge — nothing stored', async () => {
    const ch = await feedbackChallenge(ctx, key('sur', 'norte'));
    let wrong = 0;
    while (checkWork(ch.challenge, String(wrong), ch.bits)) wrong++;
    const base = { ...key('sur', 'norte'), challenge: ch.challenge, text: 'ok' };
    const e = await refused('work', () => submitFeedback(ctx, { ...base, nonce: String(wrong) }));
    expect(e.message).toContain('16 zero bits');
    await refused('challenge-reused', () => submitFeedback(ctx, firstAnswer.input));
    const tampered = ch.challenge.replace(/\.16\./, '.8.');
    await refused('challenge-invalid', () => submitFeedback(ctx, { ...base, challenge: tampered, nonce: solveWork(tampered, 8) }));
    const foreign = await feedbackChallenge(ctx, key('sur', 'este'));
    await refused('challenge-invalid', () => submitFeedback(ctx, { ...base, challenge: foreign.challenge, nonce: solveWork(foreign.challenge, 16) }));
    const nonce = solveWork(ch.challenge, ch.bits);
    const saved = clock;
    tick(CHALLENGE_TTL_S);
    await refused('challenge-expired', () => submitFeedback(ctx, { ...base, nonce }));
    clock = saved;
    // still good after all those refusals: none of them spent it
    expect((await submitFeedback(ctx, { ...base, nonce })).id).toBeGreaterThan(firstAnswer.id);
  });

  it.skipIf(skip)('refuses oversized, control-character and bidi text, a long pseudonym, an unknown dimension — nothing stored', async () => {
    const ch = await feedbackChallenge(ctx, key('sur', 'norte'));
    const nonce = solveWork(ch.challenge, ch.bits);
    const base = { ...key('sur', 'norte'), challenge: ch.challenge, nonce };
    expect((await refused('text', () => submitFeedback(ctx, { ...base, text: 'x'.repeat(2001) }))).message).toContain('at most 2000');
    expect((await refused('text', () => submitFeedback(ctx, { ...base, text: 'bell\u0007' }))).message).toContain('U+0007');
    expect((await refused('text', () => submitFeedback(ctx, { ...base, text: 'abc\u202Edef' }))).message).toContain('U+202E');
    await refused('text', () => submitFeedback(ctx, { ...base, text: '  ' }));
    await refused('pseudonym', () => submitFeedback(ctx, { ...base, text: 'ok', pseudonym: 'p'.repeat(81) }));
    expect((await refused('dimension', () => submitFeedback(ctx, { ...base, text: 'ok', dimension: 'vibes' }))).message).toContain('decision-making');
  });

  it.skipIf(skip)('is closed on a draft scorecard and after the window', async () => {
    await refused('closed', () => feedbackChallenge(ctx, key('norte', 'sur')));
    const ch = await feedbackChallenge(ctx, key('sur', 'norte'));
    const saved = clock;
    clock = new Date(publishedAt.getTime() + 14 * 86_400_000);
    const e = await refused('closed', () => submitFeedback(ctx, { ...key('sur', 'norte'), challenge: ch.challenge, nonce: solveWork(ch.challenge, 16), text: 'late' }));
    expect(e.message).toContain('closed on');
    expect((await listFeedback(ctx, key('sur', 'norte'))).open).toBe(false);
    clock = saved;
  });

  it.skipIf(skip)(`takes at most ${RATE_LIMIT} answers per scorecard in 10 minutes, counted in the database`, async () => {
    const answer = async () => {
      const ch = await feedbackChallenge(ctx, key('sur', 'este'));
      tick(WAIT_S);
      return submitFeedback(ctx, { ...key('sur', 'este'), challenge: ch.challenge, dimension: 'dissent', text: `answer at ${clock.toISOString()}` });
    };
    for (let i = 0; i < RATE_LIMIT; i++) await answer();
    const ch = await feedbackChallenge(ctx, key('sur', 'este'));
    tick(WAIT_S);
    const input = { ...key('sur', 'este'), challenge: ch.challenge, text: 'one too many' };
    const e = await refused('rate-limited', () => submitFeedback(ctx, input));
    expect(e.code).toBe('conflict');
    // answers at t0 + 10 s … t0 + 200 s, refused at t0 + 210 s; the first leaves the window at t0 + 610 s
    expect(e.retryAfter).toBe(600 - RATE_LIMIT * WAIT_S);
    tick(e.retryAfter!);
    expect((await submitFeedback(ctx, input)).reviewee).toBe('este');
  });

  it.skipIf(skip)('no column can hold an IP address or a user agent', async () => {
    const columns =
      ctx.dialect === 'sqlite'
        ? (await sql<{ t: string; c: string }>`select m.name as t, p.name as c from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table'`.execute(ctx.db)).rows
        : (await sql<{ t: string; c: string }>`select table_name as t, column_name as c from information_schema.columns where table_schema = 'public'`.execute(ctx.db)).rows;
    expect(columns.length).toBeGreaterThan(50);
    expect(columns.filter((x) => /(^|_)(ip|ips|ip_address|remote|addr|address|user_agent|agent|forwarded|host)($|_)/i.test(x.c))).toEqual([]);
    expect(columns.filter((x) => x.t === 'feedback').map((x) => x.c).sort()).toEqual(['created_at', 'dimension', 'hidden_at', 'hidden_reason', 'id', 'pseudonym', 'redacted_at', 'scorecard_id', 'text']);
  });

  it.skipIf(skip)('hiding needs a moderator and a public reason; it is archived, shown as hidden, and nothing is deleted', async () => {
    const id = firstAnswer.id;
    const outsider = await createAccount(ctx, { username: `outsider-${backend}`, password: 'correct horse battery' });
    const admin = await createAccount(ctx, { username: `norte-admin-${backend}`, password: 'correct horse battery' });
    await grantRole(ctx, LOCAL, { accountId: admin.id, organizationId: (await getOrganization(ctx, 'norte')).id, role: 'admin' });
    const before = await snapshot(ctx);
    await refused('text', () => hideFeedback(ctx, actorOf(admin), { id, reason: '' }));
    const forbidden = await hideFeedback(ctx, actorOf(outsider), { id, reason: 'I dislike it' }).catch((e: unknown) => e);
    expect(forbidden).toBeInstanceOf(UserError);
    expect((forbidden as UserError).code).toBe('forbidden');
    expect(await snapshot(ctx)).toEqual(before);

    const reason = 'Names a member’s home street; the rest was re-posted without it.';
    const h = await hideFeedback(ctx, actorOf(admin), { id, reason });
    expect(h).toMatchObject({ id, reason, by: 'norte', reviewer: 'sur', reviewee: 'norte' });
    const [rec] = await recentRecords(ctx, 1);
    expect(rec!.record).toEqual({ type: 'feedback-hidden', at: clock.toISOString(), alliance: 'tri', cycle: cycle.n, reviewer: 'sur', reviewee: 'norte', feedback: id, reason, by: 'norte' });
    const again = await hideFeedback(ctx, LOCAL, { id, reason: 'again' }).catch((e: unknown) => e);
    expect((again as UserError).code).toBe('conflict');

    const shown = (await listFeedback(ctx, key('sur', 'norte'))).answers.find((a) => a.id === id)!;
    expect(shown).toMatchObject({ text: null, pseudonym: null, hidden: { reason }, shown: `hidden: ${reason}` });
    const row = await ctx.db.selectFrom('feedback').select(['text', 'hidden_reason']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ text: HOSTILE, hidden_reason: reason });

    const dir = path.join(work, `archive-${backend}`);
    await exportArchive(ctx, dir);
    const report = await verifyArchive({ source: dir, keys: [ctx.verifierKey] });
    expect(report.problems).toEqual([]);
    const entries = archivedEntries(dir);
    expect(entries.filter((e) => e.type === 'feedback-hidden')).toEqual([rec!.record]);
    const answered = entries.find((e) => e.type === 'feedback' && e.feedback === id)!;
    const docs = answered.documents as { sha256: string }[];
    expect(shown.document).toBe(docs[0]!.sha256); // still named once hidden: a moderator can go on to redact it
    expect(readFileSync(path.join(dir, 'doc/sha256', docs[0]!.sha256), 'utf8')).toContain(JSON.stringify(HOSTILE).slice(1, -1));
  });

  it.skipIf(skip)('the summary counts answers and hidden ones per reviewed party and dimension', async () => {
    const s = await feedbackSummary(ctx, { alliance: 'tri', cycle: cycle.n });
    expect(s.parties.map((p) => [p.reviewee, p.count, p.hidden])).toEqual([
      ['este', RATE_LIMIT + 1, 0],
      ['norte', 3, 1],
      ['sur', 0, 0],
    ]);
    const norte = s.parties.find((p) => p.reviewee === 'norte')!;
    expect(norte.dimensions.map((d) => [d.dimension, d.count, d.hidden])).toEqual([
      [null, 2, 0],
      ['decision-making', 0, 0],
      ['finances', 1, 1],
      ['dissent', 0, 0],
      ['tactics', 0, 0],
      ['external-alliances', 0, 0],
    ]);
    expect(norte.dimensions[2]!.recent).toEqual([]);
    expect(norte.dimensions[0]!.recent.map((r) => r.reviewer)).toEqual(['sur', 'este']);
    const este = s.parties.find((p) => p.reviewee === 'este')!;
    expect(este.dimensions.find((d) => d.dimension === 'dissent')).toMatchObject({ count: RATE_LIMIT, hidden: 0 });
    expect(este.dimensions.find((d) => d.dimension === 'dissent')!.recent).toHaveLength(3);
  });

  it.skipIf(skip)('answers sent at once never exceed the limit (the scorecard row is locked while counting)', async () => {
    const card = key('este', 'norte');
    const challenges = [];
    for (let i = 0; i < RATE_LIMIT + 8; i++) challenges.push((await feedbackChallenge(ctx, card)).challenge);
    tick(WAIT_S);
    const since = new Date(clock.getTime() - RATE_WINDOW_MS).toISOString();
    const recent = await ctx.db
      .selectFrom('feedback')
      .innerJoin('scorecard', 'scorecard.id', 'feedback.scorecard_id')
      .innerJoin('organization', 'organization.id', 'scorecard.reviewer_id')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('organization.slug', '=', 'este')
      .where('feedback.created_at', '>', since)
      .executeTakeFirstOrThrow();
    const results = await Promise.allSettled(challenges.map((challenge, i) => submitFeedback(ctx, { ...card, challenge, text: `at once ${i}` })));
    const taken = results.filter((r) => r.status === 'fulfilled').length;
    expect(taken).toBe(RATE_LIMIT - Number(recent.n));
    for (const r of results) if (r.status === 'rejected') expect((r.reason as FeedbackRefused).reason).toBe('rate-limited');
  });
});

/** Every entry of an exported archive, decoded from its entry bundles (C2SP tlog-tiles). */
function archivedEntries(dir: string): Record<string, unknown>[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = path.join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(path.join(dir, 'tile/entries'));
  const byIndex = new Map<string, Record<string, unknown>>();
  for (const f of files) {
    for (const e of decodeBundle(readFileSync(f))) {
      const text = Buffer.from(e).toString('utf8');
      byIndex.set(text, JSON.parse(text) as Record<string, unknown>);
    }
  }
  return [...byIndex.values()];
}

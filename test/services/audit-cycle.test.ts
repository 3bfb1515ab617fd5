/**
 * One whole lunar audit cycle of a three-party alliance through the services, on SQLite and
 * PostgreSQL: the cycle opened from the ratified starter covenant (lunar, triads of 3, at most
 * one officeholder), sources announced before the draws, triads re-drawn from the archived
 * records with the domain's RFC 3797 draw() (and drawTriad) and found equal, 9 scorecards (3×3,
 * self-reviews included) rated by their triads and finalized, published as JSON, HTML and PDF
 * (at most 3 pages, read from the PDF), archived, exported, verified, and scanned for private
 * values (real names, contacts, evidence references: none). A second cycle rotates the triads
 * and shows the previous scores beside the new.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initInstance, openInstance } from '../../src/services/instance.js';
import { allianceCalendar, getCycle, openCycle, type CycleView } from '../../src/services/cycles.js';
import { finalizeScorecard, getScorecard, rateScorecard, scorecardDocument } from '../../src/services/scorecards.js';
import { recentRecords } from '../../src/services/records.js';
import { recordObservation } from '../../src/services/observations.js';
import { exportArchive } from '../../src/publish/export.js';
import { verifyArchive } from '../../src/verify/verify.js';
import { pdfPageCount } from '../../src/render/pdf-info.js';
import { cycleAt, draw, drawTriad, keyString } from '../../src/domain/audit/index.js';
import { DEFAULT_DIMENSIONS } from '../../src/domain/audit/scorecard.js';
import { BACKENDS, logSkip, Scratch } from '../store/backends.js';
import { scanForPrivateValues } from '../support/privacy-scan.js';
import { auditAlliance, membersOf, privateValues } from './audit-fixture.js';
import type { OpenCtx } from './instances.js';

const scratch = new Scratch();
afterAll(() => scratch.cleanup());
const LOCAL = { kind: 'local' } as const;
const T0 = new Date('2026-11-25T10:00:00.000Z');
const PARTIES = ['sur', 'norte', 'este'];
const evidenceRef = (reviewer: string, reviewee: string, rater: string, d: string) => `vault://${reviewer}/${reviewee}/${rater}/${d}/witness-statement-${rater.length}`;

/** The rotation walk of domain/audit/triads.ts, written again from its doc comment. */
function walk(order: string[], served: string[], officeholders: string[], size: number, quota: number | undefined): string[] {
  const candidates = [...order.filter((p) => !served.includes(p)), ...order.filter((p) => served.includes(p))];
  const out: string[] = [];
  for (const p of candidates) {
    if (out.length === size) break;
    if (officeholders.includes(p) && quota !== undefined && out.filter((x) => officeholders.includes(x)).length >= quota) continue;
    out.push(p);
  }
  return out;
}

describe.each(BACKENDS)('a lunar audit cycle on %s', (backend) => {
  const skip = logSkip(backend);
  let ctx: OpenCtx;
  let clock = T0;
  let cycle: CycleView;
  const work = mkdtempSync(path.join(os.tmpdir(), 'daylight-audit-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  beforeAll(async () => {
    if (skip) return;
    const opts = { ...(await scratch.options(backend)), now: () => clock };
    await initInstance({ ...opts, origin: 'audit.example/daylight' });
    ctx = await openInstance(opts);
    await auditAlliance(ctx);
  });
  afterAll(async () => {
    if (!skip) await ctx.close();
  });

  it.skipIf(skip)('opens the cycle containing now: sources announced, then a triad per party, then the assignments', async () => {
    const size = (await recentRecords(ctx, 1))[0]!.index + 1;
    cycle = await openCycle(ctx, LOCAL, { alliance: 'tri', sources: ['9 18 26 34 41 45'] });
    const expected = cycleAt('lunar', T0);
    expect(cycle).toMatchObject({ alliance: 'tri', rhythm: 'lunar', n: expected.n, start: expected.start, end: expected.end, version: 1 });
    expect(cycle.assignment).toEqual({ kind: 'all-to-all' });
    expect(cycle.assignments).toHaveLength(9);
    expect(cycle.assignments.filter((a) => a.reviewer === a.reviewee)).toHaveLength(3);
    expect(cycle.dimensions).toEqual([...DEFAULT_DIMENSIONS]);
    const records = (await recentRecords(ctx, 5)).reverse();
    expect(records.map((r) => r.type)).toEqual(['draw-announced', 'triad', 'triad', 'triad', 'cycle']);
    expect(records[0]!.index).toBe(size);
    const announced = records[0]!.record;
    expect(announced.sources).toEqual([cycle.checkpoint.root, '9 18 26 34 41 45']);
    expect(announced.checkpoint).toEqual(cycle.checkpoint);
    expect(cycle.checkpoint.size).toBe(size); // the archive as it stood when the cycle opened
    expect(records[4]!.record.assignments).toEqual(cycle.assignments.map(({ reviewer, reviewee }) => ({ reviewer, reviewee })));
    expect(await getCycle(ctx, 'tri')).toEqual(cycle);
  });

  it.skipIf(skip)('each triad is re-drawn from its archived record alone with RFC 3797 draw() and comes out the same', async () => {
    const triads = (await recentRecords(ctx, 5)).filter((r) => r.type === 'triad').map((r) => r.record);
    expect(triads.map((t) => t.party).sort()).toEqual([...PARTIES].sort());
    for (const t of triads) {
      const party = t.party as string;
      const pool = t.pool as string[];
      // the pool: eligible members by pseudonym in the order they were added; nobody else
      expect(pool).toEqual(membersOf(party).filter((m) => m.eligible !== false).map((m) => m.pseudonym));
      expect(t.officeholders).toEqual(membersOf(party).filter((m) => m.officeholder).map((m) => m.pseudonym));
      expect(t.sources).toEqual([cycle.checkpoint.root, '9 18 26 34 41 45', party]);
      expect(t.key).toBe(keyString(t.sources as string[]));
      const order = draw({ sources: t.sources as string[], pool, select: pool.length }).map((d) => d.name);
      const quota = (t.quotas as { officeholder?: number }).officeholder;
      expect(quota).toBe(1);
      const again = walk(order, t.servedBefore as string[], t.officeholders as string[], t.size as number, quota);
      expect(again).toEqual(t.triad);
      expect(again.filter((p) => (t.officeholders as string[]).includes(p)).length).toBeLessThanOrEqual(1);
      const members = pool.map((p) => ({ pseudonym: p, officeholder: (t.officeholders as string[]).includes(p), eligible: true }));
      expect(drawTriad({ members, servedThisRound: t.servedBefore as string[], size: 3, quotas: { officeholder: 1 }, sources: t.sources as string[] }).triad).toEqual(t.triad);
      expect(cycle.triads.find((x) => x.party === party)!.members).toEqual(t.triad);
    }
  });

  it.skipIf(skip)('every triad member rates every card of their party; all 9 are finalized and published as JSON, HTML and PDF', async () => {
    const notes = (reviewer: string, reviewee: string, rater: string, d: string) =>
      `${rater} on ${reviewee} (${d}): minutes of two assemblies were published; <b>budget</b> & "spending" lines itemized per ${reviewer}.`;
    for (const a of cycle.assignments) {
      const triad = cycle.triads.find((t) => t.party === a.reviewer)!.members;
      for (const [i, rater] of triad.entries()) {
        const ratings = DEFAULT_DIMENSIONS.map((d, j) => ({ dimension: d, score: (i + j + a.reviewee.length) % 5, note: notes(a.reviewer, a.reviewee, rater, d), evidence: [evidenceRef(a.reviewer, a.reviewee, rater, d)] }));
        const draft = await rateScorecard(ctx, LOCAL, { alliance: 'tri', cycle: cycle.n, reviewer: a.reviewer, reviewee: a.reviewee, as: rater, ratings });
        expect(draft.readiness.complete).toEqual(triad.slice(0, i + 1));
      }
    }
    clock = new Date(T0.getTime() + 86_400_000);
    for (const a of cycle.assignments) {
      const triad = cycle.triads.find((t) => t.party === a.reviewer)!.members;
      const p = await finalizeScorecard(ctx, LOCAL, { alliance: 'tri', cycle: cycle.n, ...a, as: triad[2]! });
      expect(p.scorecard.raters).toEqual(triad);
      expect(p.scorecard.dimensions.map((d) => d.n)).toEqual([3, 3, 3, 3, 3]);
      expect(p.documents.map((d) => d.mediaType)).toEqual(['application/json', 'text/html; charset=utf-8', 'application/pdf']);
      const [rec] = await recentRecords(ctx, 1);
      expect(rec!.index).toBe(p.index);
      expect(rec!.record).toMatchObject({ type: 'scorecard', alliance: 'tri', cycle: cycle.n, reviewer: a.reviewer, reviewee: a.reviewee, raters: triad, alpha: p.scorecard.alpha });
      expect(JSON.stringify(rec!.record)).not.toMatch(/vault:|note|evidence/);
      const pdf = await scorecardDocument(ctx, { alliance: 'tri', cycle: cycle.n, ...a }, 'pdf');
      expect(pdfPageCount(pdf.body)).toBeLessThanOrEqual(3);
      const json = await scorecardDocument(ctx, { alliance: 'tri', cycle: cycle.n, ...a }, 'json');
      expect(JSON.parse(Buffer.from(json.body).toString('utf8'))).toEqual(p.scorecard);
      const html = Buffer.from((await scorecardDocument(ctx, { alliance: 'tri', cycle: cycle.n, ...a }, 'html')).body).toString('utf8');
      expect(html).toContain('&lt;b&gt;budget&lt;/b&gt; &amp; &quot;spending&quot;');
      expect(html).not.toContain('<b>budget');
      expect(html).not.toContain('vault:');
    }
    const shown = await getCycle(ctx, 'tri', cycle.n);
    expect(shown.assignments.every((a) => a.status === 'published')).toBe(true);
  });

  it.skipIf(skip)('the median, range and ordinal alpha are those of the ratings', async () => {
    const s = (await getScorecard(ctx, { alliance: 'tri', cycle: cycle.n, reviewer: 'sur', reviewee: 'este' })).scorecard;
    // ratings (i + j + 4) % 5 for raters i = 0..2, dimensions j = 0..4
    const scores = DEFAULT_DIMENSIONS.map((_, j) => [0, 1, 2].map((i) => (i + j + 4) % 5));
    expect(s.dimensions.map((d) => d.ratings.map((r) => r.score))).toEqual(scores);
    expect(s.dimensions.map((d) => [d.median, d.min, d.max])).toEqual([[1, 0, 4], [1, 0, 2], [2, 1, 3], [3, 2, 4], [3, 0, 4]]);
    expect(s.previous).toBeNull();
    expect(s.changes).toEqual([]);
    expect(s.indicators).toEqual([]);
    expect(typeof s.alpha).toBe('number');
  });

  it.skipIf(skip)('the archive exports and verifies, and holds no real name, contact or evidence reference', async () => {
    const dir = path.join(work, `archive-${backend}`);
    await exportArchive(ctx, dir);
    const report = await verifyArchive({ source: dir, keys: [ctx.verifierKey] });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    const evidence = cycle.assignments.flatMap((a) => cycle.triads.find((t) => t.party === a.reviewer)!.members.flatMap((r) => DEFAULT_DIMENSIONS.map((d) => evidenceRef(a.reviewer, a.reviewee, r, d))));
    expect(scanForPrivateValues(dir, [...privateValues(PARTIES), ...evidence, 'vault://'])).toEqual([]);
  });

  it.skipIf(skip)('the next cycle rotates the triads and shows the previous scores beside the new', async () => {
    clock = new Date(Date.parse(cycle.end) + 3600_000);
    const next = await openCycle(ctx, LOCAL, { alliance: 'tri' });
    expect(next.n).toBe(cycle.n + 1);
    const records = (await recentRecords(ctx, 4)).filter((r) => r.type === 'triad').map((r) => r.record);
    for (const t of next.triads) {
      const before = cycle.triads.find((x) => x.party === t.party)!.members;
      const record = records.find((r) => r.party === t.party)!;
      expect(record.servedBefore).toEqual(membersOf(t.party).map((m) => m.pseudonym).filter((p) => before.includes(p)));
      // five eligible, three served: those left are drawn first (as the quota allows), then a new round
      expect(t.newRound).toBe(true);
      const left = membersOf(t.party).filter((m) => m.eligible !== false && !before.includes(m.pseudonym)).map((m) => m.pseudonym);
      const fresh = t.members.filter((m) => left.includes(m));
      expect(fresh.length).toBeGreaterThanOrEqual(1);
      expect(t.members.slice(0, fresh.length)).toEqual(fresh);
      const order = draw({ sources: record.sources as string[], pool: record.pool as string[], select: (record.pool as string[]).length }).map((d) => d.name);
      expect(walk(order, record.servedBefore as string[], record.officeholders as string[], 3, 1)).toEqual(t.members);
    }
    const triad = next.triads.find((t) => t.party === 'sur')!.members;
    for (const [i, rater] of triad.entries()) {
      await rateScorecard(ctx, LOCAL, { alliance: 'tri', cycle: next.n, reviewer: 'sur', reviewee: 'este', as: rater, ratings: DEFAULT_DIMENSIONS.map((d) => ({ dimension: d, score: i === 0 ? 4 : 2 })) });
    }
    // an early-warning observation about the reviewed party: its reading is on the card, its evidence is not
    await recordObservation(ctx, LOCAL, { alliance: 'tri', party: 'este', indicator: 'executive-authority-holders', at: clock.toISOString().slice(0, 10), value: '2', source: 'statutes as published', evidence: 'vault://este/minutes-of-the-purge' });
    const p = await finalizeScorecard(ctx, LOCAL, { alliance: 'tri', cycle: next.n, reviewer: 'sur', reviewee: 'este', as: triad[0]! });
    expect(p.scorecard.indicators).toEqual([{ indicator: 'executive-authority-holders', name: expect.stringMatching(/\S/), value: '2', threshold: '< 3', tripped: true }]);
    expect(JSON.stringify(p.scorecard)).not.toContain('vault:');
    expect(p.scorecard.previous).toEqual({ cycle: cycle.n, reviewer: 'sur', dimensions: DEFAULT_DIMENSIONS.map((id, j) => ({ id, median: [1, 1, 2, 3, 3][j]! })) });
    expect(p.scorecard.changes.map((c) => c.kind)).toEqual(['up', 'up', 'same', 'down', 'down']);
    expect(p.scorecard.dimensions.every((d) => d.median === 2 && d.min === 2 && d.max === 4)).toBe(true);
  });

  it.skipIf(skip)('the calendar lists the cycles, the due dates and the feedback windows of published cards', async () => {
    const text = await allianceCalendar(ctx, 'tri');
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(text.match(/BEGIN:VEVENT/g)!.length).toBeGreaterThanOrEqual(17 * 3);
    expect(text).toContain(`UID:lunar-${cycle.n}@audit.example`);
    expect(text).toContain(`UID:due-tri-lunar-${cycle.n}@audit.example`);
    expect(text).toContain(`UID:feedback-tri-${cycle.n}-sur-este@audit.example`);
    expect(await allianceCalendar(ctx, 'tri')).toBe(text);
  });
});

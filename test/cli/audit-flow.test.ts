/**
 * One audit cycle through the built command line, as an operator runs it on the instance's data
 * directory (real SQLite, real keys). The alliance is set up in-process through the services
 * (test/services/audit-fixture.ts: members with real names and contacts, the starter covenant
 * ratified by three key signatures); then the CLI:
 *   cycle open with an added source → cycle show --json → each triad re-drawn with `daylight draw`
 *   from its archived record → sur's triad rates its three cards (a --file of five ratings each,
 *   YAML with Arabic notes for one card, one single --dimension rating) → the other six cards are
 *   rated and finalized through the same services → sur's three finalized by the CLI, one in
 *   Arabic → every PDF at most 3 pages, the Arabic one read back in order (pdftotext) → archive
 *   export + verify → no real name, contact or evidence reference anywhere in the export.
 * Bad input through the CLI: a score out of range (exit 1), a score that is not a number (exit 2),
 * a rater outside the triad, a hostile note — one line each, and nothing changed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initInstance, openInstance } from '../../src/services/instance.js';
import { finalizeScorecard, rateScorecard, scorecardDocument } from '../../src/services/scorecards.js';
import { recentRecords } from '../../src/services/records.js';
import type { CycleView } from '../../src/services/cycles.js';
import { openStore } from '../../src/store/open.js';
import { pdfPageCount } from '../../src/render/pdf-info.js';
import { DEFAULT_DIMENSIONS } from '../../src/domain/audit/scorecard.js';
import { SCORECARD_LABELS } from '../../src/domain/audit/labels.js';
import type { Ctx } from '../../src/services/context.js';
import { snapshot, type Snapshot } from '../support/snapshot.js';
import { scanForPrivateValues } from '../support/privacy-scan.js';
import { pdftotext, popplerMissing, withoutSpace } from '../render/poppler.js';
import { auditAlliance, membersOf, privateValues } from '../services/audit-fixture.js';
import { runCli, tempDir, type CliResult } from './run-cli.js';

const PARTIES = ['sur', 'norte', 'este'];
/** Each step spawns the CLI several times: generous on a busy machine. */
const SLOW = 180_000;
const LOCAL = { kind: 'local' } as const;
const AR_NOTES = [
  'نشرت المنظمة محاضر اجتماعاتها كاملة خلال أسبوع واحد',
  'لم يعاقب أحد بسبب رأيه في الجلسة المفتوحة',
  'التمويل الخارجي معلن مع شروطه لكنه يستحق المتابعة',
];
const evidence = (rater: string, reviewee: string, d: string) => `locker-7/${rater}/${reviewee}/${d}/testimony.ogg`;

function ok(r: CliResult): CliResult {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return r;
}

function oneLine(r: CliResult, code: 1 | 2): string {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(/\n\s+at /);
  const lines = r.stderr.trim().split('\n').filter((l) => !l.startsWith('(run with --help'));
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

async function snapshotOf(data: string): Promise<Snapshot> {
  const store = await openStore({ dataDir: data });
  try {
    return await snapshot(store as Pick<Ctx, 'db' | 'dialect'>);
  } finally {
    await store.close();
  }
}

/** Opens the instance in this process for a moment (the CLI is not running meanwhile). */
async function inProcess<T>(data: string, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  const ctx = await openInstance({ dataDir: data });
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

describe('an audit cycle through the command line', () => {
  const work = tempDir('daylight-audit-flow-');
  const data = path.join(work, 'data');
  const f = (name: string) => path.join(work, name);
  const cli = (...args: string[]) => runCli(['--data', data, ...args]);
  let instanceKey = '';
  let cycle: CycleView;
  const key = (reviewee: string) => ['--alliance', 'tri', '--cycle', String(cycle.n), '--reviewer', 'sur', '--reviewee', reviewee];

  beforeAll(async () => {
    instanceKey = (await initInstance({ dataDir: data, origin: 'flow.example/daylight' })).verifierKey;
    await inProcess(data, (ctx) => auditAlliance(ctx));
  }, SLOW);

  it('cycle open announces the sources and draws the triads; cycle show --json gives the same cycle', async () => {
    const opened = JSON.parse(ok(await cli('cycle', 'open', '--alliance', 'tri', '--source', '2 5 12 8 10', '--json')).stdout) as CycleView;
    expect(opened.sources).toEqual([opened.checkpoint.root, '2 5 12 8 10']);
    expect(opened.triads.map((t) => t.party)).toEqual(['este', 'norte', 'sur']);
    expect(opened.assignments).toHaveLength(9);
    cycle = JSON.parse(ok(await cli('cycle', 'show', '--alliance', 'tri', '--json')).stdout) as CycleView;
    expect(cycle).toEqual(opened);
    const text = ok(await cli('cycle', 'show', '--alliance', 'tri', '--n', String(cycle.n))).stdout;
    expect(text).toContain(`sur: ${opened.triads[2]!.members.join(', ')}`);
  }, SLOW);

  it('daylight draw re-runs each party’s draw from its archived record and finds the same order and triad', async () => {
    const records = await inProcess(data, (ctx) => recentRecords(ctx, 4));
    for (const t of records.filter((r) => r.type === 'triad').map((r) => r.record)) {
      const pool = t.pool as string[];
      writeFileSync(f(`${t.party}.pool`), pool.join('\n') + '\n');
      const sources = (t.sources as string[]).flatMap((s) => ['--source', s]);
      const text = ok(await runCli(['draw', ...sources, '--pool', f(`${t.party}.pool`), '--select', String(pool.length)])).stdout;
      expect(text.split('\n')[0]).toBe(`key ${t.key}`);
      const order = (JSON.parse(ok(await runCli(['draw', ...sources, '--pool', f(`${t.party}.pool`), '--select', String(pool.length), '--json'])).stdout) as { name: string }[]).map((d) => d.name);
      // first cycle: nobody has served; at most one officeholder (the template's quota)
      const officeholders = t.officeholders as string[];
      const triad: string[] = [];
      for (const p of order) if (triad.length < 3 && !(officeholders.includes(p) && triad.some((x) => officeholders.includes(x)))) triad.push(p);
      expect(triad).toEqual(t.triad);
      expect(cycle.triads.find((x) => x.party === t.party)!.members).toEqual(triad);
    }
  }, SLOW);

  it('refuses bad ratings with one line and changes nothing', async () => {
    const triad = cycle.triads.find((t) => t.party === 'sur')!.members;
    const outsider = membersOf('sur').find((m) => m.eligible !== false && !triad.includes(m.pseudonym))!.pseudonym;
    const before = await snapshotOf(data);
    const rate = (as: string, ...rest: string[]) => cli('scorecard', 'rate', ...key('norte'), '--as', as, ...rest);
    expect(oneLine(await rate(triad[0]!, '--dimension', 'finances', '--score', '7'), 1)).toMatch(/^daylight: rating: score must be a whole number from 0 to 4 \(0 breach/);
    expect(oneLine(await rate(triad[0]!, '--dimension', 'finances', '--score', 'three'), 2)).toBe('daylight: --score must be a number from 0 to 4, got "three"');
    expect(oneLine(await rate(outsider, '--dimension', 'finances', '--score', '3'), 1)).toBe(
      `daylight: "${outsider}" is not in sur’s triad for cycle ${cycle.n} (${triad.join(', ')}): only its members rate and finalize`,
    );
    expect(oneLine(await rate(triad[0]!, '--dimension', 'finances', '--score', '3', '--note', 'ok \u202Egnp.exe'), 1)).toMatch(/bidirectional control \(U\+202E\)/);
    expect(oneLine(await rate(triad[0]!, '--dimension', 'finances'), 2)).toMatch(/give --dimension and --score/);
    expect(oneLine(await cli('scorecard', 'finalize', ...key('norte'), '--as', triad[0]!), 1)).toMatch(/0 of the triad have rated/);
    expect(await snapshotOf(data)).toEqual(before);
  }, SLOW);

  it('sur’s triad rates its three cards from the command line; the other six are rated and finalized through the services', async () => {
    const triad = cycle.triads.find((t) => t.party === 'sur')!.members;
    for (const reviewee of PARTIES) {
      for (const [i, rater] of triad.entries()) {
        const lines = DEFAULT_DIMENSIONS.flatMap((d, j) => [
          `- dimension: ${d}`,
          `  score: ${(i + j) % 5}`,
          `  note: "${reviewee === 'este' ? AR_NOTES[(i + j) % 3] : `${rater} on ${reviewee}: assemblies held, <minutes> & accounts published`}"`,
          `  evidence: ["${evidence(rater, reviewee, d)}"]`,
        ]);
        writeFileSync(f('ratings.yaml'), `ratings:\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
        const draft = JSON.parse(ok(await cli('scorecard', 'rate', ...key(reviewee), '--as', rater, '--file', f('ratings.yaml'), '--json')).stdout);
        expect(draft.readiness.complete).toEqual(triad.slice(0, i + 1));
      }
    }
    // one rating changed afterwards, the single-dimension way
    const out = ok(await cli('scorecard', 'rate', ...key('norte'), '--as', triad[0]!, '--dimension', 'dissent', '--score', '4', '--note', 'Dissenters spoke first.', '--evidence', evidence(triad[0]!, 'norte', 'dissent-2')));
    expect(out.stdout).toContain(`${triad[0]}  dissent: 4  “Dissenters spoke first.”  [evidence: 1]`);
    await inProcess(data, async (ctx) => {
      for (const a of cycle.assignments.filter((x) => x.reviewer !== 'sur')) {
        const members = cycle.triads.find((t) => t.party === a.reviewer)!.members;
        for (const [i, rater] of members.entries()) {
          const ratings = DEFAULT_DIMENSIONS.map((d, j) => ({ dimension: d, score: (2 * i + j) % 5, note: `${rater} on ${a.reviewee}.`, evidence: [evidence(rater, a.reviewee, d)] }));
          await rateScorecard(ctx, LOCAL, { alliance: 'tri', cycle: cycle.n, ...a, as: rater, ratings });
        }
        await finalizeScorecard(ctx, LOCAL, { alliance: 'tri', cycle: cycle.n, ...a, as: members[0]! });
      }
    });
  }, SLOW);

  it('finalizes sur’s three cards (one in Arabic); every PDF has at most 3 pages; the Arabic one reads back in order', async () => {
    const triad = cycle.triads.find((t) => t.party === 'sur')!.members;
    for (const reviewee of PARTIES) {
      const lang = reviewee === 'este' ? ['--lang', 'ar'] : [];
      const p = JSON.parse(ok(await cli('scorecard', 'finalize', ...key(reviewee), '--as', triad[1]!, ...lang, '--json')).stdout);
      expect(p.scorecard).toMatchObject({ reviewer: 'sur', reviewee, raters: triad, lang: reviewee === 'este' ? 'ar' : 'en' });
    }
    const shown = JSON.parse(ok(await cli('cycle', 'show', '--alliance', 'tri', '--json')).stdout) as CycleView;
    expect(shown.assignments.map((a) => a.status)).toEqual(Array(9).fill('published'));
    for (const reviewee of PARTIES) {
      ok(await cli('scorecard', 'show', ...key(reviewee), '--format', 'pdf', '--out', f(`sur-${reviewee}.pdf`)));
      expect(pdfPageCount(readFileSync(f(`sur-${reviewee}.pdf`))), reviewee).toBeLessThanOrEqual(3);
    }
    await inProcess(data, async (ctx) => {
      for (const a of shown.assignments.filter((x) => x.reviewer !== 'sur')) {
        const pdf = await scorecardDocument(ctx, { alliance: 'tri', cycle: cycle.n, ...a }, 'pdf');
        expect(pdfPageCount(pdf.body), `${a.reviewer} → ${a.reviewee}`).toBeLessThanOrEqual(3);
      }
    });
    const json = JSON.parse(ok(await cli('scorecard', 'show', ...key('norte'), '--format', 'json')).stdout);
    expect(json.dimensions.find((d: { id: string }) => d.id === 'dissent').ratings[0]).toEqual({ rater: triad[0], score: 4, note: 'Dissenters spoke first.' });
    const html = ok(await cli('scorecard', 'show', ...key('norte'), '--format', 'html')).stdout;
    expect(html).toContain('&lt;minutes&gt; &amp; accounts');
    if (popplerMissing) return console.log(`Arabic read-back skipped: ${popplerMissing}`);
    const text = withoutSpace(pdftotext(readFileSync(f('sur-este.pdf'))));
    const L = SCORECARD_LABELS.ar;
    for (const note of AR_NOTES) expect(text).toContain(withoutSpace(note));
    const at = (s: string) => text.indexOf(withoutSpace(s));
    expect(at(L.scorecard)).toBeGreaterThanOrEqual(0);
    expect(at(L.summary)).toBeGreaterThan(at(L.scorecard));
    expect(at(L.notes)).toBeGreaterThan(at(L.recentChanges));
    expect(at(L.recentChanges)).toBeGreaterThan(at(L.summary));
  }, SLOW);

  it('archive export + verify accept it, and the export holds no real name, contact or evidence reference', async () => {
    const dir = f('archive');
    ok(await cli('archive', 'export', dir));
    const report = JSON.parse(ok(await runCli(['verify', dir, '--key', instanceKey, '--json'])).stdout);
    expect(report.ok).toBe(true);
    expect(report.problems).toEqual([]);
    const refs = cycle.assignments.flatMap((a) => cycle.triads.find((t) => t.party === a.reviewer)!.members.flatMap((r) => [...DEFAULT_DIMENSIONS, 'dissent-2'].map((d) => evidence(r, a.reviewee, d))));
    expect(scanForPrivateValues(dir, [...privateValues(PARTIES), ...refs, 'locker-7'])).toEqual([]);
  }, SLOW);
});

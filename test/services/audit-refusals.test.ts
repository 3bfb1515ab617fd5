/**
 * Bad input to audits, on SQLite and PostgreSQL: ratings out of range, a rating by someone not in
 * the triad, a pool smaller than the triad size, hostile note text, bad sources, finalizing too
 * early or twice — each refused with a one-line reason, and nothing changed: every table's row
 * count, the log's size and root and the latest checkpoint are the same before and after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/services/context.js';
import { initInstance, openInstance } from '../../src/services/instance.js';
import { openCycle, type CycleView } from '../../src/services/cycles.js';
import { finalizeScorecard, getScorecard, rateScorecard, scorecardDraft } from '../../src/services/scorecards.js';
import { DEFAULT_DIMENSIONS, RATING_LIMITS } from '../../src/domain/audit/scorecard.js';
import { BACKENDS, logSkip, Scratch } from '../store/backends.js';
import { snapshot } from '../support/snapshot.js';
import { auditAlliance, membersOf } from './audit-fixture.js';
import type { OpenCtx } from './instances.js';

const scratch = new Scratch();
afterAll(() => scratch.cleanup());
const LOCAL = { kind: 'local' } as const;
const T0 = new Date('2026-11-25T10:00:00.000Z');

describe.each(BACKENDS)('audit refusals on %s', (backend) => {
  const skip = logSkip(backend);
  let ctx: OpenCtx;
  let cycle: CycleView;
  let triad: string[];
  const key = () => ({ alliance: 'tri', cycle: cycle.n, reviewer: 'sur', reviewee: 'norte' });

  /** The refusal's message, after checking it is a one-line UserError that changed nothing. */
  async function refused(p: () => Promise<unknown>, code: UserError['code'] = 'bad_input'): Promise<string> {
    const before = await snapshot(ctx);
    const err = await p().then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).code).toBe(code);
    expect((err as UserError).message).not.toMatch(/\n/);
    expect(await snapshot(ctx)).toEqual(before);
    return (err as UserError).message;
  }

  beforeAll(async () => {
    if (skip) return;
    const opts = { ...(await scratch.options(backend)), now: () => T0 };
    await initInstance({ ...opts, origin: 'refusals.example/daylight' });
    ctx = await openInstance(opts);
    await auditAlliance(ctx);
    // a second alliance where one party has only two eligible members
    await auditAlliance(ctx, {
      alliance: 'duo',
      parties: ['big', 'tiny'],
      members: (p) => (p === 'tiny' ? membersOf(p).slice(0, 4).map((m, i) => ({ ...m, eligible: i < 2 })) : membersOf(p)),
    });
    // and one where quotas cannot be kept: three eligible, two of them officeholders
    await auditAlliance(ctx, { alliance: 'quo', parties: ['heads', 'tails'], members: (p) => membersOf(p).slice(0, 3) });
    cycle = await openCycle(ctx, LOCAL, { alliance: 'tri' });
    triad = cycle.triads.find((t) => t.party === 'sur')!.members;
  });
  afterAll(async () => {
    if (!skip) await ctx.close();
  });

  const rate = (as: string, ratings: unknown) => rateScorecard(ctx, LOCAL, { ...key(), as, ratings });

  it.skipIf(skip)('refuses scores outside 0–4, fractions and text, naming the scale', async () => {
    for (const score of [5, -1, 2.5, '3', null, 1e309]) {
      const why = await refused(() => rate(triad[0]!, [{ dimension: 'finances', score }]));
      expect(why).toMatch(/^rating: score must be a whole number from 0 to 4 \(0 breach, 1 serious concern, 2 concern, 3 meets, 4 exemplary\), got /);
    }
    expect(await refused(() => rate(triad[0]!, [{ dimension: 'finance', score: 2 }]))).toBe(
      `rating: unknown dimension "finance"; use one of ${DEFAULT_DIMENSIONS.join(', ')}`,
    );
    expect(await refused(() => rate(triad[0]!, [{ dimension: 'finances', score: 2 }, { dimension: 'finances', score: 3 }]))).toMatch(/rated twice/);
    expect(await refused(() => rate(triad[0]!, []))).toMatch(/^no ratings/);
    // one bad rating among good ones refuses them all
    expect(await refused(() => rate(triad[0]!, [{ dimension: 'dissent', score: 3 }, { dimension: 'tactics', score: 9 }]))).toMatch(/^rating 2: score/);
  });

  it.skipIf(skip)('refuses a rating by anyone not in the triad', async () => {
    const outsider = membersOf('sur').find((m) => m.eligible !== false && !triad.includes(m.pseudonym))!.pseudonym;
    expect(await refused(() => rate(outsider, [{ dimension: 'finances', score: 3 }]), 'forbidden')).toBe(
      `"${outsider}" is not in sur’s triad for cycle ${cycle.n} (${triad.join(', ')}): only its members rate and finalize`,
    );
    // a member of the reviewed party, a member of no party, and nobody at all
    for (const as of [cycle.triads.find((t) => t.party === 'norte')!.members[0]!, 'no-such-member']) {
      expect(await refused(() => rate(as, [{ dimension: 'finances', score: 3 }]), 'forbidden')).toMatch(/is not in sur’s triad/);
    }
    expect(await refused(() => rate('', [{ dimension: 'finances', score: 3 }]))).toMatch(/--as PSEUDONYM/);
    // an account with no linked member is no triad member either
    const account = { kind: 'account' as const, accountId: 999, username: 'x', instanceAdmin: true };
    expect(await refused(() => rateScorecard(ctx, account, { ...key(), ratings: [{ dimension: 'finances', score: 3 }] }), 'forbidden')).toMatch(/your account’s member is not in sur’s triad/);
    expect(await refused(() => scorecardDraft(ctx, { kind: 'local' }, { ...key(), as: 'no-such-member' }), 'forbidden')).toMatch(/not in sur’s triad/);
  });

  it.skipIf(skip)('refuses hostile note text and evidence that escaping cannot neutralize', async () => {
    const cases: [string, RegExp][] = [
      ['fine \u202Eevil', /bidirectional control \(U\+202E\)/],
      ['isolate \u2066x\u2069', /bidirectional control \(U\+2066\)/],
      ['bell \u0007', /control character \(U\+0007\)/],
      ['nul \u0000', /control character \(U\+0000\)/],
      ['line\r\nbreak', /carriage return/],
      ['lone \ud800 surrogate', /not valid Unicode/],
      ['x'.repeat(RATING_LIMITS.note + 1), new RegExp(`is ${RATING_LIMITS.note + 1} characters; at most ${RATING_LIMITS.note}`)],
    ];
    for (const [note, why] of cases) {
      expect(await refused(() => rate(triad[0]!, [{ dimension: 'finances', score: 3, note }]))).toMatch(why);
    }
    expect(await refused(() => rate(triad[0]!, [{ dimension: 'finances', score: 3, evidence: ['two\nlines'] }]))).toMatch(/evidence\[0\] must be one line/);
    expect(await refused(() => rate(triad[0]!, [{ dimension: 'finances', score: 3, evidence: Array(11).fill('ref') }]))).toMatch(/at most 10 references/);
    expect(await refused(() => rate(triad[0]!, [{ dimension: 'finances', score: 3, witness: 'x' }]))).toMatch(/unknown field "witness"/);
  });

  it.skipIf(skip)('refuses to open a cycle when a pool is smaller than the triad or cannot keep the quota, naming the party', async () => {
    expect(await refused(() => openCycle(ctx, LOCAL, { alliance: 'duo' }))).toBe(
      'tiny: only 2 eligible members, fewer than the triad size 3; add eligible members to tiny (daylight member add) before opening the cycle',
    );
    expect(await refused(() => openCycle(ctx, LOCAL, { alliance: 'quo' }))).toBe(
      'heads: a triad of 3 with at most 1 officeholder(s) needs 2 eligible members who hold no office; there are 1; add eligible members to heads (daylight member add) before opening the cycle',
    );
  });

  it.skipIf(skip)('refuses bad sources, a cycle already open or earlier, and an alliance without a ratified covenant', async () => {
    expect(await refused(() => openCycle(ctx, LOCAL, { alliance: 'duo', sources: ['  '] }))).toMatch(/^sources: source 2 is empty/);
    expect(await refused(() => openCycle(ctx, LOCAL, { alliance: 'duo', sources: ['lotería 7'] }))).toMatch(/^sources: source 2 has characters other than printable ASCII/);
    expect(await refused(() => openCycle(ctx, LOCAL, { alliance: 'tri' }), 'conflict')).toMatch(/is already open/);
    expect(await refused(() => openCycle(ctx, LOCAL, { alliance: 'tri', at: '2026-01-01' }), 'conflict')).toMatch(/before the latest opened cycle .*: cycles open in order/);
    expect(await refused(() => openCycle(ctx, LOCAL, { alliance: 'tri', at: 'next tuesday' }))).toMatch(/is not a date/);
    expect(await refused(() => openCycle(ctx, LOCAL, { alliance: 'nope' }), 'not_found')).toMatch(/no alliance "nope"/);
    const account = { kind: 'account' as const, accountId: 999, username: 'x', instanceAdmin: false };
    expect(await refused(() => openCycle(ctx, account, { alliance: 'tri' }), 'forbidden')).toMatch(/^forbidden/);
  });

  it.skipIf(skip)('refuses to finalize a half-rated card, then finalizes once and refuses to rate or finalize again', async () => {
    const all = (score: number) => DEFAULT_DIMENSIONS.map((d) => ({ dimension: d, score }));
    await rate(triad[0]!, all(3));
    expect(await refused(() => finalizeScorecard(ctx, LOCAL, { ...key(), as: triad[0]! }))).toBe(
      '1 of the triad have rated; at least 2 must rate every dimension before the scorecard is finalized',
    );
    await rate(triad[1]!, [{ dimension: 'finances', score: 2 }]);
    expect(await refused(() => finalizeScorecard(ctx, LOCAL, { ...key(), as: triad[0]! }))).toBe(
      `${triad[1]} has not rated decision-making, dissent, tactics, external-alliances: every member who rates rates every dimension before the scorecard is finalized`,
    );
    await expect(getScorecard(ctx, key())).rejects.toThrow(/not published yet/);
    expect(await refused(() => finalizeScorecard(ctx, LOCAL, { ...key(), as: triad[0]!, lang: 'de' }))).toMatch(/one of en, es, fr, ar, pt/);
    await rate(triad[1]!, all(2));
    const outsider = membersOf('sur').find((m) => m.eligible !== false && !triad.includes(m.pseudonym))!.pseudonym;
    expect(await refused(() => finalizeScorecard(ctx, LOCAL, { ...key(), as: outsider }), 'forbidden')).toMatch(/not in sur’s triad/);
    const p = await finalizeScorecard(ctx, LOCAL, { ...key(), as: triad[1]! });
    expect(p.scorecard.raters).toEqual(triad.slice(0, 2));
    expect(p.scorecard.dimensions.every((d) => d.median === 2.5 && d.n === 2)).toBe(true);
    expect(await refused(() => rate(triad[2]!, all(1)), 'conflict')).toMatch(/is published: ratings are closed/);
    expect(await refused(() => finalizeScorecard(ctx, LOCAL, { ...key(), as: triad[2]! }), 'conflict')).toMatch(/already published/);
    expect(await refused(() => rateScorecard(ctx, LOCAL, { ...key(), reviewee: 'nope', as: triad[0]!, ratings: all(1) }), 'not_found')).toMatch(
      /^no scorecard of nope by sur in cycle \d+ of tri: sur reviews este, norte, sur in cycle/,
    );
  });
});

/**
 * domain/warning/standing.ts: the two scenarios of issue 5 at the domain level (a trip opens
 * review by itself, a warning by decision with a 30-day window, then disengagement at the
 * deadline with benchmarks unmet, or restoration with every benchmark met), red lines with and
 * without redLineImmediate, every refusal with its reason, and the property test: no sequence of
 * events reaches an undefined state, none disengages without a warning first unless the covenant
 * makes that red line immediate, and restored comes only from warned with every benchmark met
 * and an adopted decision.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cycleNumbered } from '../../../src/domain/audit/index.js';
import { type Covenant } from '../../../src/domain/covenant/index.js';
import { STANDINGS } from '../../../src/domain/standing.js';
import {
  checkState,
  deadlineDue,
  evaluateCovenant,
  initialStanding,
  transition,
  tripEvent,
  type Choice,
  type DecisionEvent,
  type StandingEvent,
  type StandingState,
  type TransitionResult,
  type TripEvent,
  type Vote,
} from '../../../src/domain/warning/index.js';
import { edited, PARTIES } from '../covenant/helpers.js';

// north-union is reviewed; south-collective and east-assembly decide (majority: both of two).
const [NORTH, SOUTH, EAST] = PARTIES as [string, string, string];
const covenant = edited((c) => {
  c.exit.correctiveWindowDays = 30;
});

const trip = (indicator = 'executive-authority-holders', threshold = '< 3', severity: TripEvent['severity'] = 'review', principle = 'no-concentration-of-power'): TripEvent => ({
  kind: 'trip',
  principle,
  indicator,
  severity,
  threshold,
  observation: { at: '2024-03-10', value: '2' },
  reason: `${indicator} tripped`,
});
const decide = (decision: DecisionEvent['decision'], openedAt: string, votes: [string, Choice][] = [[SOUTH, 'for'], [EAST, 'for']]): DecisionEvent => ({
  kind: 'decision',
  decision,
  openedAt,
  votes: votes.map(([party, choice]): Vote => ({ party, choice, at: openedAt })),
});

function ok(r: TransitionResult): Extract<TransitionResult, { next: unknown }> {
  if ('error' in r) throw new Error(`refused: ${r.error}`);
  return r;
}
function refused(r: TransitionResult): string {
  if (!('error' in r)) throw new Error(`allowed: ${r.reason}`);
  return r.error;
}

/** north-union under review since 15 March 2024, warned on 20 March (window to 19 April). */
function warned(c: Covenant = covenant) {
  const review = ok(transition(initialStanding(NORTH), trip(), c, '2024-03-15T00:00:00Z')).next;
  return ok(transition(review, decide('warn', '2024-03-16T00:00:00Z'), c, '2024-03-20T00:00:00Z'));
}

describe('scenario: a trip, a warning, the deadline with benchmarks unmet → disengaged', () => {
  it('a trip opens the corrective phase by itself: review, tasks opened, listed support paused', () => {
    const r = ok(transition(initialStanding(NORTH), trip(), covenant, '2024-03-15T00:00:00Z'));
    expect(r.next).toMatchObject({ party: NORTH, standing: 'review', since: '2024-03-15T00:00:00.000Z', paused: ['endorsement', 'propaganda-events'] });
    expect(r.effects.map((e) => e.kind)).toEqual(['record-breach', 'open-tasks', 'pause-support']);
    expect(r.effects[1]).toEqual({ kind: 'open-tasks', actions: ['independent-investigation', 'facilitated-dialogue'] });
    expect(r.effects[2]).toEqual({ kind: 'pause-support', forms: ['endorsement', 'propaganda-events'] });
    expect(r.reason).toBe('test tripped (executive-authority-holders < 3): corrective phase opened');
  });

  it('a warning by decision publishes the breach, the window end (now + 30 days) and the benchmarks', () => {
    const r = warned();
    expect(r.next).toMatchObject({ standing: 'warned', warnedAt: '2024-03-20T00:00:00.000Z', windowEnds: '2024-04-19T00:00:00.000Z' });
    expect(r.tally).toMatchObject({ status: 'adopted', for: [SOUTH, EAST] });
    const effect = r.effects[0];
    expect(effect?.kind).toBe('publish-warning');
    if (effect?.kind !== 'publish-warning') return;
    expect(effect.warning).toMatchObject({ party: NORTH, issuedAt: '2024-03-20T00:00:00.000Z', windowDays: 30, windowEnds: '2024-04-19T00:00:00.000Z' });
    expect(effect.warning.breaches.map((b) => b.indicator)).toEqual(['executive-authority-holders']);
    expect(effect.warning.benchmarks.map((b) => b.id)).toEqual(['assembly-held', 'comrades-released', 'accounts-open', 'investigation-published']);
    expect(r.reason).toBe(
      'decision to warn adopted (majority: 2 for, 0 against, 0 abstaining, 0 silent of 2; adopted (2 needed)): warned: 30-day corrective window until 2024-04-19T00:00:00.000Z',
    );
  });

  it('the deadline with benchmarks unmet disengages: leadership support stops, support to the people continues', () => {
    let s = warned().next;
    s = ok(transition(s, { kind: 'benchmark-met', benchmark: 'assembly-held' }, covenant, '2024-04-01T00:00:00Z')).next;
    expect(deadlineDue(s, '2024-04-18T23:59:59Z')).toBe(false);
    expect(refused(transition(s, { kind: 'deadline' }, covenant, '2024-04-18T23:59:59Z'))).toBe('the corrective window runs until 2024-04-19T00:00:00.000Z');
    expect(deadlineDue(s, '2024-04-19T00:00:00Z')).toBe(true);
    const r = ok(transition(s, { kind: 'deadline' }, covenant, '2024-04-19T00:00:00Z'));
    expect(r.next).toMatchObject({ standing: 'disengaged', warned: true, immediate: false });
    expect(r.effects.map((e) => e.kind)).toEqual(['close-tasks', 'execute-reallocation', 'publish-disengagement']);
    expect(r.effects[1]).toMatchObject({
      kind: 'execute-reallocation',
      plan: { party: NORTH, stop: ['endorsement', 'funds', 'propaganda-events'], continue: ['humanitarian-aid', 'cultural-exchange', 'grassroots-partnership'] },
    });
    expect(r.reason).toBe(
      'the corrective window ended on 2024-04-19T00:00:00.000Z with benchmarks unmet: comrades-released, accounts-open, investigation-published: disengaged',
    );
    // final: every event is refused
    for (const e of [trip(), decide('restore', '2024-05-01'), { kind: 'deadline' } as const, { kind: 'benchmark-met', benchmark: 'accounts-open' } as const])
      expect(refused(transition(r.next, e, covenant, '2024-05-02'))).toMatch(/is disengaged, which is final under this covenant/);
  });

  it('paused forms the plan continues are resumed at disengagement', () => {
    const c = edited((x) => {
      x.exit.correctiveWindowDays = 30;
      x.corrective.pauseForms = ['endorsement', 'humanitarian-aid'];
    });
    const s = warned(c).next;
    const r = ok(transition(s, { kind: 'deadline' }, c, '2024-05-01'));
    expect(r.effects).toContainEqual({ kind: 'resume-support', forms: ['humanitarian-aid'] });
  });
});

describe('scenario: every benchmark met within the window → restored', () => {
  it('restores by decision, resuming support and closing tasks', () => {
    let s = warned().next;
    for (const [i, b] of ['assembly-held', 'comrades-released', 'accounts-open', 'investigation-published'].entries()) {
      const r = ok(transition(s, { kind: 'benchmark-met', benchmark: b }, covenant, `2024-04-0${i + 1}T00:00:00Z`));
      expect(r.effects).toEqual([{ kind: 'record-benchmark', benchmark: b, at: `2024-04-0${i + 1}T00:00:00.000Z` }]);
      s = r.next;
    }
    expect(deadlineDue(s, '2024-05-01')).toBe(false);
    expect(refused(transition(s, { kind: 'deadline' }, covenant, '2024-05-01'))).toBe('every benchmark was met within the window: the parties decide to restore north-union');
    const r = ok(transition(s, decide('restore', '2024-04-05T00:00:00Z'), covenant, '2024-04-06T00:00:00Z'));
    expect(r.next).toEqual({ party: NORTH, standing: 'restored', since: '2024-04-06T00:00:00.000Z' });
    expect(r.effects.map((e) => e.kind)).toEqual(['close-tasks', 'resume-support', 'publish-restoration']);
    expect(r.effects[1]).toEqual({ kind: 'resume-support', forms: ['endorsement', 'propaganda-events'] });
    // restored behaves as good: a new trip opens a new review
    expect(ok(transition(r.next, trip(), covenant, '2024-06-01')).next.standing).toBe('review');
  });

  it('refuses restoration while a benchmark is unmet, naming it', () => {
    const s = ok(transition(warned().next, { kind: 'benchmark-met', benchmark: 'assembly-held' }, covenant, '2024-04-01')).next;
    expect(refused(transition(s, decide('restore', '2024-04-02'), covenant, '2024-04-03'))).toBe(
      'restoration needs every benchmark met; unmet: comrades-released, accounts-open, investigation-published',
    );
  });
});

describe('red lines', () => {
  const red = trip('civilian-abuse-allegations', '> 0', 'red-line', 'limits-on-violence');

  it('disengage at once where the covenant makes them immediate (the starter does)', () => {
    const r = ok(transition(initialStanding(NORTH), red, covenant, '2024-03-15'));
    expect(r.next).toMatchObject({ standing: 'disengaged', warned: false, immediate: true });
    expect(r.effects.map((e) => e.kind)).toEqual(['record-breach', 'execute-reallocation', 'publish-disengagement']);
    expect(r.reason).toBe('red line tripped (civilian-abuse-allegations > 0) and the covenant makes red lines immediate: disengaged');
    // also from an open matter
    expect(ok(transition(warned().next, red, covenant, '2024-03-25')).next).toMatchObject({ standing: 'disengaged', warned: true, immediate: true });
  });

  it('open a review like any trip where it does not', () => {
    const c = edited((x) => {
      x.exit.correctiveWindowDays = 30;
      x.exit.redLineImmediate = false;
    });
    const r = ok(transition(initialStanding(NORTH), red, c, '2024-03-15'));
    expect(r.next.standing).toBe('review');
    expect(r.reason).toBe('red line tripped (civilian-abuse-allegations > 0): corrective phase opened');
    expect(refused(transition(r.next, decide('disengage', '2024-03-16'), c, '2024-03-17'))).toBe(
      'disengagement needs a warning first: decide to warn north-union, and the corrective window runs',
    );
  });
});

describe('refusals', () => {
  const review = () => ok(transition(initialStanding(NORTH), trip(), covenant, '2024-03-15T00:00:00Z')).next;

  it('decisions that do not apply to the state', () => {
    expect(refused(transition(initialStanding(NORTH), decide('restore', '2024-03-01'), covenant, '2024-03-02'))).toBe(
      'north-union is in good standing: there is no open matter to restore',
    );
    expect(refused(transition(review(), decide('restore', '2024-03-16'), covenant, '2024-03-17'))).toMatch(/under review, not warned/);
    expect(refused(transition(warned().next, decide('warn', '2024-03-21'), covenant, '2024-03-22'))).toBe('north-union is already warned, until 2024-04-19T00:00:00.000Z');
    expect(refused(transition(warned().next, decide('disengage', '2024-03-21'), covenant, '2024-03-22'))).toBe(
      'the corrective window runs until 2024-04-19T00:00:00.000Z: disengagement cannot come before it ends',
    );
  });

  it('votes by the party itself or by a non-party, and decisions not adopted', () => {
    expect(refused(transition(review(), decide('warn', '2024-03-16', [[NORTH, 'against'], [SOUTH, 'for'], [EAST, 'for']]), covenant, '2024-03-17'))).toBe(
      'north-union cannot vote on its own standing: only the other parties decide',
    );
    expect(refused(transition(review(), decide('warn', '2024-03-16', [['west-bloc', 'for']]), covenant, '2024-03-17'))).toMatch(/^west-bloc is not a party to this covenant/);
    expect(refused(transition(review(), decide('warn', '2024-03-16', [[SOUTH, 'for']]), covenant, '2024-03-17'))).toBe(
      'the decision to warn north-union is not adopted: majority: 1 for, 0 against, 0 abstaining, 1 silent of 2; 2 needed',
    );
    expect(refused(transition(review(), decide('warn', '2024-03-01'), covenant, '2024-03-17'))).toMatch(/the proposal was opened \(2024-03-01\) before north-union entered review/);
  });

  it('deadlines, benchmarks and time', () => {
    expect(refused(transition(review(), { kind: 'deadline' }, covenant, '2024-06-01'))).toBe('north-union is review: no corrective window is open (there is no warning)');
    expect(refused(transition(warned().next, { kind: 'benchmark-met', benchmark: 'free-press' }, covenant, '2024-04-01'))).toBe(
      'unknown benchmark "free-press": the warning lists assembly-held, comrades-released, accounts-open, investigation-published',
    );
    expect(refused(transition(warned().next, { kind: 'benchmark-met', benchmark: 'assembly-held' }, covenant, '2024-04-19'))).toBe(
      'the corrective window closed on 2024-04-19T00:00:00.000Z: a benchmark met later does not count',
    );
    expect(refused(transition(review(), trip('abuse-allegations', '> 0'), covenant, '2024-03-14'))).toMatch(/time does not run backwards/);
    const noWindow = edited((c) => {
      delete c.exit.correctiveWindowDays;
    });
    const r = ok(transition(initialStanding(NORTH), trip(), noWindow, '2024-03-15'));
    expect(refused(transition(r.next, decide('warn', '2024-03-16'), noWindow, '2024-03-17'))).toMatch(/sets no corrective window/);
  });

  it('unknown events, malformed states and strangers', () => {
    expect(refused(transition(initialStanding(NORTH), { kind: 'pardon' } as unknown as StandingEvent, covenant, '2024-03-01'))).toMatch(/unknown event "pardon"/);
    expect(refused(transition({ party: NORTH, standing: 'suspended' } as unknown as StandingState, trip(), covenant, '2024-03-01'))).toBe('state: unknown standing "suspended"');
    expect(refused(transition(initialStanding('west-bloc'), trip(), covenant, '2024-03-01'))).toBe('west-bloc is not a party to this covenant');
    expect(refused(transition(initialStanding(NORTH), { ...trip(), severity: 'grave' } as unknown as StandingEvent, covenant, '2024-03-01'))).toMatch(/severity is review or red-line/);
  });

  it('a breach already recorded changes nothing, so a scheduler may repeat it', () => {
    const s = review();
    const r = ok(transition(s, trip(), covenant, '2024-03-16'));
    expect(r.next).toBe(s);
    expect(r.effects).toEqual([]);
    const other = ok(transition(s, trip('abuse-allegations', '> 0', 'review', 'limits-on-violence'), covenant, '2024-03-16'));
    expect(other.effects.map((e) => e.kind)).toEqual(['record-breach']);
    expect(other.next).toMatchObject({ standing: 'review', since: '2024-03-15T00:00:00.000Z' });
  });
});

describe('from evaluation to trip', () => {
  it('turns a tripped test into the trip event', () => {
    const [level] = evaluateCovenant({ covenant, observations: { 'executive-authority-holders': [{ at: '2024-03-10', value: '2' }] }, now: '2024-03-15', cycles: [8095, 8096].map((n) => cycleNumbered('quarterly', n)) }).filter(
      (t) => t.indicator === 'executive-authority-holders',
    );
    const e = tripEvent(level!);
    expect(e).toEqual({
      kind: 'trip',
      principle: 'no-concentration-of-power',
      indicator: 'executive-authority-holders',
      severity: 'review',
      threshold: '< 3',
      observation: { at: '2024-03-10', value: '2' },
      reason: 'executive-authority-holders is 2 (observed 2024-03-10); < 3: tripped',
    });
  });
});

// ---------------------------------------------------------------- the property test

describe('property: the state machine', () => {
  const BENCHMARKS = ['assembly-held', 'comrades-released', 'accounts-open', 'investigation-published'];
  const others = [SOUTH, EAST, 'west-front'];

  const covenants = fc.record({
    redLineImmediate: fc.boolean(),
    rule: fc.constantFrom({ kind: 'majority' as const }, { kind: 'unanimous' as const }, { kind: 'consent-by-silence' as const, days: 3 }),
    window: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined, freq: 6 }),
    benchmarks: fc.integer({ min: 0, max: 2 }),
  }).map((o) =>
    edited((c) => {
      c.parties = [NORTH, ...others];
      c.mirroring = [];
      c.exit.redLineImmediate = o.redLineImmediate;
      c.exit.decisionRule = o.rule;
      if (o.window === undefined) delete c.exit.correctiveWindowDays;
      else c.exit.correctiveWindowDays = o.window;
      c.exit.benchmarks = c.exit.benchmarks.slice(0, o.benchmarks);
    }),
  );

  // Weighted so that runs reach every state: mostly "for", mostly proposals opened today, red
  // lines one trip in five, small steps of time with an occasional long one past a window.
  const ballot = fc.constantFrom<Choice | null>('for', 'for', 'for', 'for', 'against', 'abstain', null);
  const event = fc.oneof(
    {
      arbitrary: fc.record({
        kind: fc.constant('trip'),
        indicator: fc.constantFrom('executive-authority-holders', 'abuse-allegations', 'civilian-abuse-allegations'),
        red: fc.constantFrom(false, false, false, false, true),
      }),
      weight: 2,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('decision'),
        decision: fc.constantFrom('warn', 'warn', 'restore', 'restore', 'dismiss', 'disengage', 'pardon'),
        openedDaysAgo: fc.constantFrom(0, 0, 0, 1, 5),
        ballots: fc.tuple(ballot, ballot, ballot),
        selfVote: fc.constantFrom(false, false, false, false, true),
      }),
      weight: 3,
    },
    { arbitrary: fc.constant({ kind: 'deadline' }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('benchmark-met'), benchmark: fc.constantFrom(...BENCHMARKS.slice(0, 2), 'bogus') }), weight: 3 },
  );
  const step = fc.tuple(fc.oneof({ arbitrary: fc.integer({ min: 0, max: 3 }), weight: 4 }, { arbitrary: fc.integer({ min: 0, max: 45 }), weight: 1 }), event);

  function toEvent(e: Record<string, unknown>, nowMs: number, party: string): StandingEvent {
    if (e.kind === 'trip') {
      const red = e.red as boolean;
      return { ...trip(e.indicator as string, '> 0', red ? 'red-line' : 'review'), principle: red ? 'red' : 'review' };
    }
    if (e.kind === 'decision') {
      const openedAt = new Date(nowMs - (e.openedDaysAgo as number) * 86_400_000).toISOString();
      const votes: Vote[] = (e.ballots as (Choice | null)[]).flatMap((c, i) => (c === null ? [] : [{ party: others[i] as string, choice: c, at: openedAt }]));
      if (e.selfVote) votes.push({ party, choice: 'for', at: openedAt });
      return { kind: 'decision', decision: e.decision as DecisionEvent['decision'], openedAt, votes };
    }
    return e as StandingEvent;
  }

  it('stays defined, disengages only after a warning or an immediate red line, restores only as the covenant says', () => {
    const visited = new Set<string>();
    fc.assert(
      fc.property(covenants, fc.array(step, { minLength: 1, maxLength: 40, size: 'max' }), (c, steps) => {
        let state: StandingState = initialStanding(NORTH);
        let nowMs = Date.UTC(2024, 0, 1);
        for (const [days, raw] of steps) {
          nowMs += days * 86_400_000;
          const e = toEvent(raw, nowMs, NORTH);
          const before = structuredClone(state);
          const r = transition(deepFreeze(state), e, c, new Date(nowMs));
          expect(state).toEqual(before); // nothing is mutated, allowed or not
          if ('error' in r) {
            expect(r.error).toMatch(/^[^\n]+$/); // one line
            continue;
          }
          const next = r.next;
          expect(STANDINGS).toContain(next.standing);
          expect(checkState(next)).toBeNull();
          if (next.standing === 'disengaged' && state.standing !== 'disengaged') {
            const immediateRedLine = e.kind === 'trip' && e.severity === 'red-line' && c.exit.redLineImmediate;
            expect(state.standing === 'warned' || immediateRedLine).toBe(true);
            visited.add(state.standing === 'warned' ? 'disengaged after warning' : 'disengaged at once');
          }
          if (next.standing === 'restored' && state.standing !== 'restored') {
            expect(state.standing).toBe('warned');
            expect(e.kind === 'decision' && e.decision === 'restore').toBe(true);
            if (state.standing === 'warned') expect(state.benchmarks.every((b) => b.metAt !== null)).toBe(true);
            expect(r.tally?.status).toBe('adopted');
            expect(r.tally?.eligible).not.toContain(NORTH);
          }
          visited.add(next.standing);
          state = next;
        }
      }),
      { numRuns: 300 },
    );
    // the generators reach every state and both ways out, or the property above proves little
    expect([...visited].sort()).toEqual(['disengaged', 'disengaged after warning', 'disengaged at once', 'good', 'restored', 'review', 'warned']);
  });
});

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

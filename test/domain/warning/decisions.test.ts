/**
 * domain/warning/decisions.ts: tallies by the covenant's three rules, worked by hand for a
 * four-party alliance deciding on one of them (three voters), the objection window of
 * consent-by-silence, which votes count, and the refusals (the subject voting on itself,
 * non-parties, votes before the proposal); properties of the majority rule.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkVote, tally, WarningInputError, type Choice, type TallyInput, type Vote } from '../../../src/domain/warning/index.js';

const parties = ['north', 'south', 'east', 'west'];
const base = { parties, subject: 'north', openedAt: '2024-03-01T00:00:00Z', now: '2024-03-05T00:00:00Z' };
const v = (party: string, choice: Choice, at = '2024-03-02T00:00:00Z'): Vote => ({ party, choice, at });
const run = (rule: TallyInput['rule'], votes: Vote[], extra: Partial<TallyInput> = {}) => tally({ ...base, rule, votes, ...extra });

describe('unanimous', () => {
  const rule = { kind: 'unanimous' as const };
  it('needs every other party, none against; an abstention stands aside', () => {
    expect(run(rule, [v('south', 'for'), v('east', 'for'), v('west', 'for')]).status).toBe('adopted');
    expect(run(rule, [v('south', 'for'), v('east', 'abstain'), v('west', 'for')]).status).toBe('adopted');
    const waiting = run(rule, [v('south', 'for'), v('east', 'for')]);
    expect(waiting).toMatchObject({ status: 'pending', silent: ['west'], eligible: ['south', 'east', 'west'] });
    expect(waiting.reason).toBe('unanimous: 2 for, 0 against, 0 abstaining, 1 silent of 3; waiting for every other party');
    expect(waiting.why).toEqual({ code: 'waiting-for-all' });
    expect(run(rule, [v('south', 'for'), v('east', 'against')]).status).toBe('rejected');
    expect(run(rule, [v('south', 'abstain'), v('east', 'abstain'), v('west', 'abstain')]).reason).toMatch(/nobody voted for/);
  });
});

describe('majority', () => {
  const rule = { kind: 'majority' as const };
  it('more than half of all three voters: 2 of 3', () => {
    const r = run(rule, [v('south', 'for'), v('east', 'for')]);
    expect(r).toMatchObject({ status: 'adopted', for: ['south', 'east'], silent: ['west'] });
    expect(r.reason).toBe('majority: 2 for, 0 against, 0 abstaining, 1 silent of 3; adopted (2 needed)');
    expect(r.why).toEqual({ code: 'majority-adopted', needed: 2 });
    expect(run(rule, [v('south', 'for')]).status).toBe('pending');
    // 1 for, 2 against: 1 + 0 silent cannot exceed 1.5
    expect(run(rule, [v('south', 'for'), v('east', 'against'), v('west', 'against')]).status).toBe('rejected');
    expect(run(rule, [v('south', 'for'), v('east', 'abstain'), v('west', 'abstain')]).status).toBe('rejected');
  });

  it('with two voters (a three-party alliance) both are needed: 1 of 2 is not more than half', () => {
    const three = { parties: ['north', 'south', 'east'] };
    expect(run(rule, [v('south', 'for')], three).status).toBe('pending');
    expect(run(rule, [v('south', 'for'), v('east', 'against')], three).status).toBe('rejected');
    expect(run(rule, [v('south', 'for'), v('east', 'for')], three).status).toBe('adopted');
  });
});

describe('consent by silence', () => {
  const rule = { kind: 'consent-by-silence' as const, days: 7 };
  it('is adopted once 7 days pass without objection (window 1 March to 8 March)', () => {
    expect(run(rule, [])).toMatchObject({ status: 'pending', closesAt: '2024-03-08T00:00:00.000Z' });
    expect(run(rule, [], { now: '2024-03-07T23:59:59.999Z' }).status).toBe('pending');
    expect(run(rule, [], { now: '2024-03-08T00:00:00Z' })).toMatchObject({
      status: 'adopted',
      why: { code: 'silence-closed', days: 7 },
      reason: 'consent-by-silence: 0 for, 0 against, 0 abstaining, 3 silent of 3; adopted: no objection within 7 days',
    });
  });

  it('one objection within the window rejects it; an objection after it closes changes nothing', () => {
    expect(run(rule, [v('west', 'against', '2024-03-07T23:00:00Z')], { now: '2024-03-09' }).status).toBe('rejected');
    expect(run(rule, [v('west', 'against', '2024-03-08T00:00:00Z')], { now: '2024-03-09' }).status).toBe('adopted');
  });

  it('is adopted early when every other party consents', () => {
    expect(run(rule, [v('south', 'for'), v('east', 'for'), v('west', 'for')]).status).toBe('adopted');
    expect(run(rule, [v('south', 'for'), v('east', 'for'), v('west', 'abstain')]).status).toBe('pending');
  });
});

describe('which votes count', () => {
  const rule = { kind: 'majority' as const };
  it('a party’s latest vote counts; votes after now are not yet cast', () => {
    const changed = [v('south', 'against', '2024-03-02T00:00:00Z'), v('south', 'for', '2024-03-03T00:00:00Z'), v('east', 'for')];
    expect(run(rule, changed).status).toBe('adopted');
    expect(run(rule, changed, { now: '2024-03-02T12:00:00Z' })).toMatchObject({ status: 'pending', against: ['south'] });
  });

  it('refuses the subject, non-parties, early votes and ambiguous ones', () => {
    expect(() => run(rule, [v('north', 'for')])).toThrow('north cannot vote on its own standing: only the other parties decide');
    expect(() => run(rule, [v('mallory', 'for')])).toThrow('mallory is not a party to this covenant: only south, east, west vote on north');
    expect(() => run(rule, [v('south', 'for', '2024-02-28')])).toThrow('vote of south at 2024-02-28 is before the proposal opened');
    expect(() => run(rule, [v('south', 'for'), v('south', 'against')])).toThrow('south voted twice at 2024-03-02T00:00:00Z: keep one vote per instant');
    expect(() => run(rule, [v('south', 'yes' as Choice)])).toThrow('vote of south: choose for, against or abstain, not "yes"');
    expect(() => run(rule, [], { subject: 'mallory' })).toThrow('mallory is not a party to this covenant: there is no standing to decide');
    expect(() => checkVote(v('north', 'against'), parties, 'north')).toThrow(WarningInputError);
  });
});

describe('properties', () => {
  const choice = fc.constantFrom<Choice | null>('for', 'against', 'abstain', null);
  const ballots = fc.array(choice, { minLength: 2, maxLength: 12 });
  const votesOf = (cs: (Choice | null)[]) => {
    const ps = ['subject', ...cs.map((_, i) => `p${i}`)];
    const votes = cs.flatMap((c, i) => (c === null ? [] : [v(`p${i}`, c)]));
    return { ps, votes };
  };

  it('majority: adopted ⇔ 2·for > voters; rejected ⇔ a majority is out of reach', () => {
    fc.assert(
      fc.property(ballots, (cs) => {
        const { ps, votes } = votesOf(cs);
        const t = tally({ ...base, parties: ps, subject: 'subject', rule: { kind: 'majority' }, votes });
        const f = cs.filter((c) => c === 'for').length;
        const s = cs.filter((c) => c === null).length;
        expect(t.eligible).not.toContain('subject');
        expect(t.status === 'adopted').toBe(2 * f > cs.length);
        expect(t.status === 'rejected').toBe(2 * (f + s) <= cs.length);
      }),
    );
  });

  it('no rule adopts over an objection by unanimity or silence, and silence alone never adopts before the window closes', () => {
    fc.assert(
      fc.property(ballots, (cs) => {
        const { ps, votes } = votesOf(cs);
        const objected = cs.includes('against');
        const u = tally({ ...base, parties: ps, subject: 'subject', rule: { kind: 'unanimous' }, votes });
        const c = tally({ ...base, parties: ps, subject: 'subject', rule: { kind: 'consent-by-silence', days: 30 }, votes });
        if (objected) {
          expect(u.status).toBe('rejected');
          expect(c.status).toBe('rejected');
        }
        expect(c.status === 'adopted').toBe(cs.every((x) => x === 'for'));
      }),
    );
  });
});

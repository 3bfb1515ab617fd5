/**
 * domain/warning/thresholds.ts (with series.ts, rules.ts, rational.ts): every indicator kind and
 * comparison, changes over a window of audit cycles worked by hand, days-since tripping as time
 * passes, money kept per currency, approaching information, whole-covenant evaluation on the
 * starter covenant, and refusals of bad input. Quarterly cycles are numbered 4·year + quarter − 1
 * (domain/audit/cycles.ts): 2024-Q1 = 8096.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cycles as auditCycles, cycleNumbered } from '../../../src/domain/audit/index.js';
import { type Threshold } from '../../../src/domain/covenant/index.js';
import {
  evaluateBenchmarks,
  evaluateCovenant,
  evaluateTest,
  WarningInputError,
  type IndicatorRef,
  type Observation,
} from '../../../src/domain/warning/index.js';
import { template } from '../covenant/helpers.js';

const exec: IndicatorRef = { id: 'executive-authority-holders', kind: 'count' };
const assembly: IndicatorRef = { id: 'days-since-assembly', kind: 'days-since' };
const opaque: IndicatorRef = { id: 'largest-undisclosed-transaction', kind: 'amount', currency: 'EUR' };
const accounts: IndicatorRef = { id: 'accounts-published', kind: 'yes-no' };
const itemized: IndicatorRef = { id: 'spending-itemized', kind: 'share' };

const quarters = [8095, 8096, 8097, 8098].map((n) => cycleNumbered('quarterly', n)); // 2023-Q4 … 2024-Q3
const obs = (at: string, value: string | boolean, currency?: string): Observation => (currency === undefined ? { at, value } : { at, value, currency });
const level = (comparison: Threshold['comparison'], value: string | boolean): Threshold => ({ comparison, value });
const fall40: Threshold = { comparison: '<=', changeOverWindow: { percent: '-40', cycles: 2 } };

describe('levels', () => {
  const series = [obs('2024-01-10', '5'), obs('2024-02-10', '3'), obs('2024-03-10', '2')];

  it('executive authority 2 < 3 trips; the reading, margin and direction say how it got there', () => {
    const e = evaluateTest({ indicator: exec, threshold: level('<', '3'), observations: series, now: '2024-03-15' });
    expect(e.tripped).toBe(true);
    expect(e.reading).toEqual({ kind: 'level', value: '2', at: '2024-03-10' });
    expect(e.observation).toEqual(series[2]);
    expect(e.threshold).toBe('< 3');
    expect(e.reason).toBe('executive-authority-holders is 2 (observed 2024-03-10); < 3: tripped');
    // margin = reading − target = 2 − 3; previous = 3, the value the latest observation replaced
    expect(e.approaching).toEqual({ margin: '-1', exact: true, direction: 'toward', previous: '3' });
  });

  it('at 3 the strict "< 3" has not tripped: margin 0, still moving toward it', () => {
    const e = evaluateTest({ indicator: exec, threshold: level('<', '3'), observations: series, now: '2024-03-01' });
    expect(e.tripped).toBe(false);
    expect(e.reason).toBe('executive-authority-holders is 3 (observed 2024-02-10); not < 3');
    expect(e.approaching).toEqual({ margin: '0', exact: true, direction: 'toward', previous: '5' });
  });

  it('observations after now do not exist yet', () => {
    const e = evaluateTest({ indicator: exec, threshold: level('<', '3'), observations: series, now: '2024-01-31' });
    expect(e.reading).toMatchObject({ value: '5' });
    expect(e.approaching).toEqual({ margin: '2', exact: true, direction: null, previous: null });
    const none = evaluateTest({ indicator: exec, threshold: level('<', '3'), observations: series, now: '2024-01-01' });
    expect(none).toMatchObject({ tripped: false, reading: null, observation: null, approaching: null });
    expect(none.reason).toBe('no observation of executive-authority-holders yet: not tripped');
  });

  it('the later of two observations at one instant wins (a correction recorded later)', () => {
    const e = evaluateTest({ indicator: exec, threshold: level('<', '3'), observations: [obs('2024-01-10', '2'), obs('2024-01-10', '4')], now: '2024-02-01' });
    expect(e).toMatchObject({ tripped: false, reading: { value: '4' } });
  });

  it('each comparison, on 3 against 3 and 4', () => {
    const at3 = [obs('2024-01-01', '3')];
    const table: [Threshold['comparison'], string, boolean][] = [
      ['<', '3', false], ['<=', '3', true], ['>', '3', false], ['>=', '3', true], ['=', '3', true], ['!=', '3', false],
      ['<', '4', true], ['<=', '4', true], ['>', '4', false], ['>=', '4', false], ['=', '4', false], ['!=', '4', true],
      ['=', '3.00', true], // decimals compare by value
    ];
    for (const [c, v, tripped] of table)
      expect([c, v, evaluateTest({ indicator: exec, threshold: level(c, v), observations: at3, now: '2024-02-01' }).tripped]).toEqual([c, v, tripped]);
    expect(evaluateTest({ indicator: exec, threshold: level('=', '3'), observations: at3, now: '2024-02-01' }).approaching).toEqual({
      margin: null, exact: true, direction: null, previous: null,
    });
  });
});

describe('change over a window of cycles', () => {
  const now = '2024-05-20'; // in 2024-Q2 (8097); a window of 2 cycles is Q1 + Q2 and opens 2024-01-01
  const run = (observations: Observation[], threshold = fall40, at = now) => evaluateTest({ indicator: exec, threshold, observations, now: at, cycles: quarters });

  it('executive authority 5 → 3 within 2 cycles is −40%: trips a ≤ −40% rule', () => {
    const e = run([obs('2023-12-15', '5'), obs('2024-05-01', '3')]);
    // E = 5 (last before 2024-01-01), L = 3: 100 × (3 − 5) / 5 = −40
    expect(e.tripped).toBe(true);
    expect(e.reading).toEqual({
      kind: 'change', percent: '-40', exact: true,
      from: { value: '5', at: '2023-12-15' }, to: { value: '3', at: '2024-05-01' },
      window: { cycles: 2, firstCycle: 8096, lastCycle: 8097, start: '2024-01-01T00:00:00Z' },
    });
    expect(e.threshold).toBe('change over 2 cycles <= -40%');
    expect(e.reason).toBe('executive-authority-holders went from 5 (2023-12-15) to 3 (2024-05-01) in the window of cycles 8096–8097, -40%; change over 2 cycles <= -40%: tripped');
    // margin in percentage points: −40 − (−40) = 0; before the 3 arrived the change was 0%
    expect(e.approaching).toEqual({ margin: '0', exact: true, direction: 'toward', previous: '0' });
  });

  it('a gradual fall 5 → 4 → 3 across the window is the same −40%', () => {
    const e = run([obs('2023-12-01', '5'), obs('2024-02-01', '4'), obs('2024-05-01', '3')]);
    expect(e).toMatchObject({ tripped: true, reading: { percent: '-40' }, approaching: { previous: '-20', direction: 'toward' } });
  });

  it('5 → 4 is −20%: not tripped, 20 points to go', () => {
    const e = run([obs('2023-12-15', '5'), obs('2024-05-01', '4')]);
    expect(e).toMatchObject({ tripped: false, reading: { percent: '-20' }, approaching: { margin: '20' } });
  });

  it('a fall before the window opened has slid out of it', () => {
    // 5 → 3 in 2023-Q4: by 2024-Q2 the window starts at 3, and 3 → 3 is 0%
    const e = run([obs('2023-06-01', '5'), obs('2023-11-15', '3')]);
    expect(e).toMatchObject({ tripped: false, reading: { percent: '0', from: { value: '3' }, to: { value: '3' } } });
    // in 2023-Q4 itself the window (Q3 + Q4) still held it, had Q3 been given; with only Q4 onwards:
    expect(() => run([obs('2023-06-01', '5'), obs('2023-11-15', '3')], fall40, '2023-12-01')).toThrow(
      'executive-authority-holders: a window of 2 cycles ending with cycle 8095 needs cycle 8094; pass cycles from it',
    );
  });

  it('compares exactly: 3 → 2 is −33.33…%, shown rounded but never compared rounded', () => {
    const series = [obs('2023-12-15', '3'), obs('2024-05-01', '2')];
    const e = run(series, { comparison: '<=', changeOverWindow: { percent: '-33.33', cycles: 2 } });
    expect(e).toMatchObject({ tripped: true, reading: { percent: '-33.33', exact: false } });
    expect(e.reason).toContain('about -33.33%');
    // −33.333… is not equal to −33.33, and is below −33.3333333
    expect(run(series, { comparison: '=', changeOverWindow: { percent: '-33.33', cycles: 2 } }).tripped).toBe(false);
    expect(run(series, { comparison: '<', changeOverWindow: { percent: '-33.3333333', cycles: 2 } }).tripped).toBe(true);
    expect(run(series, { comparison: '<', changeOverWindow: { percent: '-33.34', cycles: 2 } }).tripped).toBe(false);
  });

  it('a rise is a positive change: 4 → 6 is +50%', () => {
    const e = run([obs('2023-12-15', '4'), obs('2024-05-01', '6')], { comparison: '>=', changeOverWindow: { percent: '50', cycles: 2 } });
    expect(e).toMatchObject({ tripped: true, reading: { percent: '50' } });
  });

  it('a window of 1 cycle starts with the current cycle', () => {
    const oneCycle: Threshold = { comparison: '<=', changeOverWindow: { percent: '-40', cycles: 1 } };
    // the fall happened in Q1; in Q2 a one-cycle window starts at 3
    expect(run([obs('2023-12-15', '5'), obs('2024-02-01', '3')], oneCycle).tripped).toBe(false);
    expect(run([obs('2024-01-15', '5'), obs('2024-05-01', '3')], oneCycle).tripped).toBe(true);
  });

  it('needs a value before the window opened, and a non-zero one', () => {
    const late = run([obs('2024-02-01', '5'), obs('2024-05-01', '3')]);
    expect(late).toMatchObject({ tripped: false, reading: null, approaching: null });
    expect(late.reason).toBe('no value of executive-authority-holders before the window opened (cycle 8096, 2024-01-01T00:00:00Z): not tripped');
    const fromZero = run([obs('2023-12-01', '0'), obs('2024-05-01', '2')]);
    expect(fromZero).toMatchObject({ tripped: false, reading: { percent: null, from: { value: '0' } } });
    expect(fromZero.reason).toContain('was 0 when the window opened: a percent change from 0 is undefined: not tripped');
    expect(run([obs('2023-12-01', '0'), obs('2024-05-01', '0')]).reading).toMatchObject({ percent: '0' });
  });

  it('refuses a window without cycles, or with now outside them', () => {
    const series = [obs('2023-12-15', '5'), obs('2024-05-01', '3')];
    expect(() => evaluateTest({ indicator: exec, threshold: fall40, observations: series, now })).toThrow('a change over a window needs the audit cycles; pass cycles');
    expect(() => run(series, fall40, '2025-01-01')).toThrow(/no cycle given contains 2025-01-01T00:00:00.000Z/);
  });

  it('works on true lunations (domain/audit cycles)', () => {
    const moons = auditCycles({ rhythm: 'lunar', from: '2024-01-01', to: '2024-06-01' });
    // new moons (USNO): 2024-01-11 (lunation 1250), 02-09 (1251), 03-10 (1252), 04-08 (1253).
    // On 5 April the current lunation is 1252; a 2-cycle window opens with 1251 on 9 February,
    // after the 5 of 1 February: 5 → 3 is −40%.
    const e = evaluateTest({
      indicator: exec,
      threshold: fall40,
      observations: [obs('2024-02-01', '5'), obs('2024-04-01', '3')],
      now: '2024-04-05',
      cycles: moons,
    });
    expect(e).toMatchObject({ tripped: true, reading: { percent: '-40', window: { firstCycle: 1251, lastCycle: 1252, start: moons.find((c) => c.n === 1251)?.start } } });
    expect(moons.find((c) => c.n === 1251)?.start).toMatch(/^2024-02-09T/);
  });

  it('refuses a window on days-since or yes-no indicators', () => {
    expect(() => evaluateTest({ indicator: assembly, threshold: fall40, observations: [], now, cycles: quarters })).toThrow(
      'a change over a window applies to count, amount and share indicators, not days-since',
    );
  });
});

describe('days since', () => {
  const held = [obs('2024-01-10', '2024-01-05')]; // an assembly on 5 January 2024, recorded on the 10th

  it('trips as time passes, with no new observation', () => {
    // 2024 is a leap year: 5 Jan 2024 → 4 Jan 2025 is 365 days, → 5 Jan 2025 is 366
    const before = evaluateTest({ indicator: assembly, threshold: level('>', '365'), observations: held, now: '2025-01-04' });
    expect(before).toMatchObject({ tripped: false, reading: { kind: 'level', value: '365', since: '2024-01-05' } });
    // the previous reading is the one on the day it was recorded: 5 days; since then it grew
    expect(before.approaching).toEqual({ margin: '0', exact: true, direction: 'toward', previous: '5' });
    const after = evaluateTest({ indicator: assembly, threshold: level('>', '365'), observations: held, now: '2025-01-05T00:00:00Z' });
    expect(after.tripped).toBe(true);
    expect(after.reason).toBe('days-since-assembly is 366 days since 2024-01-05 (observed 2024-01-10); > 365: tripped');
  });

  it('a new assembly resets the count', () => {
    const e = evaluateTest({ indicator: assembly, threshold: level('>', '365'), observations: [...held, obs('2025-01-04', '2025-01-03')], now: '2025-03-01' });
    expect(e).toMatchObject({ tripped: false, reading: { value: '57' } }); // 28 days of January after the 3rd + 28 of February + 1
  });

  it('refuses an event after its observation, and a value that is not a date', () => {
    expect(() => evaluateTest({ indicator: assembly, threshold: level('>', '365'), observations: [obs('2024-01-10', '2024-02-01')], now: '2024-03-01' })).toThrow(
      'observation 1 of days-since-assembly (2024-01-10): the last event (2024-02-01) is after the observation; an event is observed once it happened',
    );
    expect(() => evaluateTest({ indicator: assembly, threshold: level('>', '365'), observations: [obs('2024-01-10', '400')], now: '2024-03-01' })).toThrow(/is not a date/);
  });
});

describe('amounts, per currency', () => {
  const over = level('>', '10000.00');

  it('trips one cent above the amount, exactly', () => {
    const e = evaluateTest({ indicator: opaque, threshold: over, observations: [obs('2024-01-10', '10000.01', 'EUR')], now: '2024-02-01' });
    expect(e).toMatchObject({ tripped: true, reading: { value: '10000.01', currency: 'EUR' }, approaching: { margin: '-0.01' } });
    expect(e.reason).toBe('largest-undisclosed-transaction is 10000.01 EUR (observed 2024-01-10); > 10000.00: tripped');
    expect(evaluateTest({ indicator: opaque, threshold: over, observations: [obs('2024-01-10', '10000', 'EUR')], now: '2024-02-01' })).toMatchObject({
      tripped: false,
      reading: { value: '10000.00' },
      approaching: { margin: '0' },
    });
  });

  it('refuses an observation in another currency than the threshold’s', () => {
    expect(() => evaluateTest({ indicator: opaque, threshold: over, observations: [obs('2024-01-10', '20000', 'USD')], now: '2024-02-01' })).toThrow(
      'observation 1 of largest-undisclosed-transaction (2024-01-10): an amount in USD cannot be compared with thresholds in EUR: amounts in different currencies are never compared or summed; record it in EUR',
    );
  });

  it('refuses an amount without currency, more precise than the currency, negative, or a number', () => {
    const bad = (o: Observation) => () => evaluateTest({ indicator: opaque, threshold: over, observations: [o], now: '2024-02-01' });
    expect(bad(obs('2024-01-10', '20000'))).toThrow('an amount needs its currency (EUR)');
    expect(bad(obs('2024-01-10', '1.001', 'EUR'))).toThrow(/EUR has 2 decimal places/);
    expect(bad(obs('2024-01-10', '-5', 'EUR'))).toThrow(/an amount observed is from 0/);
    expect(bad({ at: '2024-01-10', value: 20000 as unknown as string, currency: 'EUR' })).toThrow(/must not be a JavaScript number/);
    expect(() => evaluateTest({ indicator: { id: 'x', kind: 'amount' }, threshold: over, observations: [], now: '2024-02-01' })).toThrow(
      'indicator x is an amount without a currency: add its ISO 4217 code to the covenant',
    );
    expect(() => evaluateTest({ indicator: { id: 'y', kind: 'amount', currency: 'JPY' }, threshold: over, observations: [], now: '2024-02-01' })).toThrow(
      /JPY has no minor unit: "10000.00" must be a whole number/,
    );
  });
});

describe('yes-no and shares', () => {
  it('accounts published = false trips on false', () => {
    const t = level('=', false);
    expect(evaluateTest({ indicator: accounts, threshold: t, observations: [obs('2024-01-10', false)], now: '2024-02-01' })).toMatchObject({
      tripped: true,
      reading: { value: 'false' },
      approaching: { margin: null, direction: null },
    });
    expect(evaluateTest({ indicator: accounts, threshold: t, observations: [obs('2024-01-10', true)], now: '2024-02-01' }).tripped).toBe(false);
    expect(() => evaluateTest({ indicator: accounts, threshold: t, observations: [obs('2024-01-10', 'false')], now: '2024-02-01' })).toThrow(
      'a yes-no value is true or false, got "false"',
    );
    expect(() => evaluateTest({ indicator: accounts, threshold: level('<', false), observations: [], now: '2024-02-01' })).toThrow('a yes-no indicator takes = or !=, not <');
  });

  it('spending itemized 0.85 < 0.9 trips; shares stay within 0..1', () => {
    const t = level('<', '0.9');
    expect(evaluateTest({ indicator: itemized, threshold: t, observations: [obs('2024-01-10', '0.95'), obs('2024-01-20', '0.85')], now: '2024-02-01' })).toMatchObject({
      tripped: true,
      approaching: { margin: '-0.05', direction: 'toward', previous: '0.95' },
    });
    for (const bad of ['1.2', '85%', '-0.1'])
      expect(() => evaluateTest({ indicator: itemized, threshold: t, observations: [obs('2024-01-10', bad)], now: '2024-02-01' }), bad).toThrow(WarningInputError);
    expect(() => evaluateTest({ indicator: itemized, threshold: level('<', '90'), observations: [], now: '2024-02-01' })).toThrow('a share is compared with a fraction from 0 to 1, got "90"');
  });
});

describe('bad input', () => {
  const t = level('<', '3');
  const bad = (observations: Observation[]) => () => evaluateTest({ indicator: exec, threshold: t, observations, now: '2024-02-01' });

  it('names the observation and what is wrong', () => {
    expect(bad([obs('2024-01-10', '5'), obs('2024-01-11', '2.5')])).toThrow('observation 2 of executive-authority-holders (2024-01-11): a count is a whole number from 0, got "2.5"');
    expect(bad([obs('2024-01-10', '-1')])).toThrow(/a count is a whole number from 0/);
    expect(bad([{ at: '2024-01-10', value: 3 as unknown as string }])).toThrow('values are decimal strings, never numbers: write "3"');
    expect(bad([obs('2024-13-10', '5')])).toThrow(/is not a date/);
    expect(bad([obs('2024-01-10', '5', 'EUR')])).toThrow('a count value has no currency; remove it');
    expect(() => evaluateTest({ indicator: exec, threshold: t, observations: [], now: 'yesterday' })).toThrow(/now: "yesterday" is not a date/);
    expect(() => evaluateTest({ indicator: exec, threshold: level('<', 'three'), observations: [], now: '2024-02-01' })).toThrow('"three" is not a decimal');
    expect(() => evaluateTest({ indicator: exec, threshold: { comparison: '<' } as Threshold, observations: [], now: '2024-02-01' })).toThrow('give either value or changeOverWindow');
  });
});

describe('a whole covenant (the starter template)', () => {
  const covenant = template();

  it('evaluates every complete test for one party', () => {
    const r = evaluateCovenant({
      covenant,
      observations: {
        'executive-authority-holders': [obs('2023-12-01', '5'), obs('2024-05-01', '2')],
        'accounts-published': [obs('2024-05-01', true)],
      },
      now: '2024-05-20',
      cycles: quarters,
    });
    expect(r).toHaveLength(11);
    const tripped = r.filter((t) => t.evaluation.tripped).map((t) => [t.principle, t.test, t.indicator, t.severity, t.evaluation.threshold]);
    expect(tripped).toEqual([
      ['no-concentration-of-power', 0, 'executive-authority-holders', 'review', '< 3'],
      ['no-concentration-of-power', 1, 'executive-authority-holders', 'review', 'change over 2 cycles <= -40%'], // 5 → 2 is −60%
    ]);
  });

  it('refuses observations of an indicator the covenant does not define', () => {
    expect(() => evaluateCovenant({ covenant, observations: { 'press-freedom': [] }, now: '2024-05-20', cycles: quarters })).toThrow(
      /observations for unknown indicator "press-freedom": the covenant defines days-since-assembly, /,
    );
  });

  it('reads the exit benchmarks: met, unmet, or for a decision to say', () => {
    const r = evaluateBenchmarks({
      covenant,
      observations: { 'days-since-assembly': [obs('2024-05-02', '2024-05-01')], 'former-comrades-imprisoned': [obs('2024-05-01', '2')] },
      now: '2024-05-20',
    });
    expect(r.map((b) => [b.benchmark, b.met])).toEqual([
      ['assembly-held', true], // 19 days ≤ 60
      ['comrades-released', false], // 2 ≠ 0
      ['accounts-open', false], // no observation yet
      ['investigation-published', null],
    ]);
  });
});

describe('properties', () => {
  const comparisons = fc.constantFrom('<' as const, '<=' as const, '>' as const, '>=' as const);
  const count = fc.nat({ max: 1000 });

  it('a level trips exactly when its margin says so (< and > strict, <= and >= not)', () => {
    fc.assert(
      fc.property(count, count, comparisons, (value, target, comparison) => {
        const e = evaluateTest({ indicator: exec, threshold: level(comparison, String(target)), observations: [obs('2024-01-01', String(value))], now: '2024-02-01' });
        const m = BigInt((e.approaching as { margin: string }).margin);
        expect(e.tripped).toBe(comparison.length === 1 ? m < 0n : m <= 0n);
        const expected = { '<': value < target, '<=': value <= target, '>': value > target, '>=': value >= target }[comparison];
        expect(e.tripped).toBe(expected);
      }),
    );
  });

  it('observations after now change nothing', () => {
    const dated = fc.array(fc.tuple(fc.integer({ min: 0, max: 400 }), count), { maxLength: 12 });
    fc.assert(
      fc.property(dated, dated, (past, future) => {
        const day = (d: number) => new Date(Date.UTC(2024, 0, 1) + d * 86_400_000).toISOString();
        const now = day(400);
        const before = past.map(([d, v]) => obs(day(d), String(v)));
        const after = future.map(([d, v]) => obs(day(401 + d), String(v)));
        const a = evaluateTest({ indicator: exec, threshold: fall40, observations: before, now, cycles: quarters.concat([8099, 8100].map((n) => cycleNumbered('quarterly', n))) });
        const b = evaluateTest({ indicator: exec, threshold: fall40, observations: [...after, ...before], now, cycles: quarters.concat([8099, 8100].map((n) => cycleNumbered('quarterly', n))) });
        expect(b).toEqual(a);
      }),
    );
  });
});

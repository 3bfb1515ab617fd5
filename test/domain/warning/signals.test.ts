/**
 * domain/warning/signals.ts: missed signals worked by hand on quarterly cycles
 * (2023-Q3 = 8094 … 2024-Q3 = 8098): an indicator falling toward its threshold for three
 * cycles before the trip, the same fall read as a change over a window, scorecard concerns while
 * nothing had tripped, and refusals.
 */
import { describe, expect, it } from 'vitest';
import { cycleNumbered } from '../../../src/domain/audit/index.js';
import { missedSignals, seriesByCycle, WarningInputError, type SignalSeries } from '../../../src/domain/warning/index.js';

const cycles = [8094, 8095, 8096, 8097, 8098].map((n) => cycleNumbered('quarterly', n));
const exec = { id: 'executive-authority-holders', kind: 'count' as const };
// 7 in Q3 2023, then 6, 5, 4, and 2 in Q3 2024
const falling = [
  { at: '2023-06-15', value: '7' },
  { at: '2023-08-15', value: '7' },
  { at: '2023-11-15', value: '6' },
  { at: '2024-02-15', value: '5' },
  { at: '2024-05-15', value: '4' },
  { at: '2024-08-15', value: '2' },
];
const below3: SignalSeries = { indicator: exec, threshold: { comparison: '<', value: '3' }, observations: falling, principle: 'no-concentration-of-power' };
const fall40: SignalSeries = { indicator: exec, threshold: { comparison: '<=', changeOverWindow: { percent: '-40', cycles: 2 } }, observations: falling };
const assembly: SignalSeries = {
  indicator: { id: 'days-since-assembly', kind: 'days-since' },
  threshold: { comparison: '>', value: '365' },
  observations: [{ at: '2023-07-02', value: '2023-07-01' }],
};

describe('per cycle', () => {
  it('reads each test at the end of each cycle', () => {
    const r = seriesByCycle(below3, cycles);
    // margins for "< 3" are value − 3
    expect(r.readings).toEqual([
      { cycle: 8094, value: '7', margin: '4', tripped: false },
      { cycle: 8095, value: '6', margin: '3', tripped: false },
      { cycle: 8096, value: '5', margin: '2', tripped: false },
      { cycle: 8097, value: '4', margin: '1', tripped: false },
      { cycle: 8098, value: '2', margin: '-1', tripped: true },
    ]);
    expect(r.tripCycle).toBe(8098);
  });

  it('reads a change over a window per cycle (no reading where the window’s first cycle is not given)', () => {
    const r = seriesByCycle(fall40, cycles);
    // end of 8095: 7 (before 1 Jul) → 6 is −14.29; 8096: 7 (before 1 Oct) → 5 is −28.57;
    // 8097: 6 (before 1 Jan) → 4 is −33.33; 8098: 5 (before 1 Apr) → 2 is −60
    expect(r.readings.map((x) => [x.cycle, x.value, x.margin, x.tripped])).toEqual([
      [8094, null, null, false],
      [8095, '-14.29', '25.71', false],
      [8096, '-28.57', '11.43', false],
      [8097, '-33.33', '6.67', false],
      [8098, '-60', '-20', true],
    ]);
  });

  it('counts days since to the last moment of each cycle', () => {
    // 1 July 2023 → 31 Dec 2023 23:59:59.999 is 183 whole days; → 30 Sep 2024 is 457
    const r = seriesByCycle(assembly, cycles);
    expect(r.readings.map((x) => x.value)).toEqual(['91', '183', '274', '365', '457']);
    expect(r.tripCycle).toBe(8098); // 366 days on 1 July 2024, within Q3
  });
});

describe('missed signals', () => {
  it('a fall toward the threshold for three cycles before the trip, and concerns while nothing had tripped', () => {
    const signals = missedSignals({
      series: [below3],
      cycles,
      ratings: [
        { cycle: 8096, dimension: 'decision-making', rating: 2, reviewer: 'south-collective' },
        { cycle: 8096, dimension: 'dissent', rating: 3 },
        { cycle: 8097, dimension: 'finances', rating: 2.5 },
        { cycle: 8098, dimension: 'decision-making', rating: 1 }, // the indicator tripped that cycle: not missed
      ],
    });
    expect(signals).toEqual([
      {
        kind: 'concern',
        dimension: 'decision-making',
        cycle: 8096,
        rating: 2,
        reviewer: 'south-collective',
        explanation: 'decision-making was rated 2 (concern) by south-collective in cycle 8096 while no indicator had tripped',
      },
      {
        kind: 'approach',
        indicator: 'executive-authority-holders',
        principle: 'no-concentration-of-power',
        threshold: '< 3',
        cycles: [8095, 8096, 8097],
        tripCycle: 8098,
        values: ['7', '6', '5', '4'],
        explanation: 'executive-authority-holders moved toward its threshold (< 3) for 3 cycles (8095–8097) before it tripped in cycle 8098: 7 → 6 → 5 → 4',
      },
      {
        kind: 'concern',
        dimension: 'finances',
        cycle: 8097,
        rating: 2.5,
        reviewer: null,
        explanation: 'finances was rated 2.5 (concern) in cycle 8097 while no indicator had tripped',
      },
    ]);
  });

  it('the same fall read as a change: two cycles toward −40% before the trip', () => {
    const [s] = missedSignals({ series: [fall40], cycles, ratings: [] });
    expect(s).toMatchObject({ kind: 'approach', cycles: [8096, 8097], tripCycle: 8098, values: ['-14.29', '-28.57', '-33.33'] });
  });

  it('one cycle of movement, or none before a trip, is no signal; neither is a test that never tripped', () => {
    const late: SignalSeries = { ...below3, observations: [{ at: '2023-08-01', value: '5' }, { at: '2024-05-15', value: '4' }, { at: '2024-08-15', value: '2' }] };
    expect(missedSignals({ series: [late], cycles, ratings: [] })).toEqual([]);
    expect(missedSignals({ series: [{ ...below3, observations: falling.slice(0, 5) }], cycles, ratings: [] })).toEqual([]);
  });

  it('a concern in a cycle where any indicator had tripped is not a missed signal', () => {
    // the assembly test trips in 8098 too
    const s = missedSignals({ series: [assembly], cycles, ratings: [{ cycle: 8098, dimension: 'dissent', rating: 0 }, { cycle: 8097, dimension: 'dissent', rating: 0 }] });
    expect(s.map((x) => [x.kind, x.kind === 'concern' ? x.cycle : x.cycles])).toEqual([
      // days without an assembly grow toward 365 by themselves: a slow signal, also missed
      ['approach', [8095, 8096, 8097]],
      ['concern', 8097],
    ]);
    expect(s[0]?.explanation).toBe('days-since-assembly moved toward its threshold (> 365) for 3 cycles (8095–8097) before it tripped in cycle 8098: 91 → 183 → 274 → 365');
    expect(s[1]?.explanation).toBe('dissent was rated 0 (breach) in cycle 8097 while no indicator had tripped');
  });

  it('refuses ratings off the scale or outside the cycles analysed', () => {
    expect(() => missedSignals({ series: [], cycles, ratings: [{ cycle: 8096, dimension: 'dissent', rating: 5 }] })).toThrow('rating 1 (dissent): a rating is from 0 to 4, got 5');
    expect(() => missedSignals({ series: [], cycles, ratings: [{ cycle: 9000, dimension: 'dissent', rating: 2 }] })).toThrow(
      'rating 1 (dissent): cycle 9000 is not among the cycles analysed',
    );
    expect(() => missedSignals({ series: [{ ...below3, observations: [{ at: '2024-01-01', value: 'many' }] }], cycles, ratings: [] })).toThrow(WarningInputError);
  });
});

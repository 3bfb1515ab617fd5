/**
 * domain/warning/mirroring.ts: local actions against commitments abroad per party and quarter,
 * worked by hand (2024-Q1 = 8096, 2024-Q2 = 8097), the reminder, ratios without floats, refusals.
 */
import { describe, expect, it } from 'vitest';
import { cycleNumbered } from '../../../src/domain/audit/index.js';
import { localMirroring, type Commitment, type LocalAction } from '../../../src/domain/warning/index.js';

const cycles = [8096, 8097].map((n) => cycleNumbered('quarterly', n));
const parties = ['north', 'south', 'east'];
const commitments: Commitment[] = [
  { id: 'c1', from: 'north', to: 'south', start: '2024-01-15' }, // open-ended
  { id: 'c2', from: 'north', to: 'east', start: '2024-02-01', end: '2024-03-01' }, // Q1 only
  { id: 'c3', from: 'south', to: 'north', start: '2024-05-01', end: null }, // from Q2
];
const actions: LocalAction[] = [
  { party: 'north', at: '2024-02-10', mirrors: 'c1' },
  { party: 'north', at: '2024-03-31T23:59:59Z' },
  { party: 'east', at: '2024-04-01' }, // at home, nothing abroad
];

describe('local mirroring', () => {
  it('counts per party and cycle, with a reminder where a party supports abroad and does nothing at home', () => {
    const rows = localMirroring({ parties, commitments, actions, cycles });
    expect(rows.map((r) => [r.party, r.cycle, r.local, r.abroad, r.ratio, r.reminder])).toEqual([
      ['north', 8096, 2, 2, '1', false],
      ['north', 8097, 0, 1, '0', true], // c2 ended; the 31 March action belongs to Q1
      ['south', 8096, 0, 0, null, false],
      ['south', 8097, 0, 1, '0', true],
      ['east', 8096, 0, 0, null, false],
      ['east', 8097, 1, 0, null, false],
    ]);
    expect(rows[1]?.explanation).toBe('north supports abroad (1 commitment) and recorded no direct action at home in cycle 8097');
    expect(rows[0]?.explanation).toBeNull();
  });

  it('writes ratios as decimals, rounded to 2 places only when they have more', () => {
    const three: Commitment[] = ['a', 'b', 'c'].map((id) => ({ id, from: 'north', to: 'south', start: '2024-01-01' }));
    const one = [{ party: 'north', at: '2024-01-02' }];
    expect(localMirroring({ parties, commitments: three, actions: one, cycles })[0]?.ratio).toBe('0.33'); // 1/3
    const four = [...three, { id: 'd', from: 'north', to: 'east', start: '2024-01-01' }];
    expect(localMirroring({ parties, commitments: four, actions: [...one, ...one, ...one], cycles })[0]?.ratio).toBe('0.75');
    expect(localMirroring({ parties, commitments: three.slice(0, 1), actions: [...one, ...one, ...one], cycles })[0]?.ratio).toBe('3');
  });

  it('refuses commitments to oneself, strangers, and actions mirroring another party’s commitment', () => {
    const run = (c: Commitment[], a: LocalAction[] = []) => () => localMirroring({ parties, commitments: c, actions: a, cycles });
    expect(run([{ id: 'x', from: 'north', to: 'north', start: '2024-01-01' }])).toThrow('commitment 1 (x): a commitment from north to itself is not support abroad');
    expect(run([{ id: 'x', from: 'north', to: 'west', start: '2024-01-01' }])).toThrow('commitment 1 (x): west is not a party');
    expect(run([{ id: 'x', from: 'north', to: 'south', start: '2024-03-01', end: '2024-02-01' }])).toThrow('it must start before it ends');
    expect(run([...commitments, { id: 'c1', from: 'east', to: 'south', start: '2024-01-01' }])).toThrow('commitment 4 (c1): the id is used twice');
    expect(run(commitments, [{ party: 'south', at: '2024-02-01', mirrors: 'c1' }])).toThrow('local action 1: it mirrors "c1", which is not a commitment of south');
    expect(run(commitments, [{ party: 'west', at: '2024-02-01' }])).toThrow('local action 1: west is not a party');
    expect(run(commitments, [{ party: 'north', at: 'soon' }])).toThrow(/is not a date/);
  });
});

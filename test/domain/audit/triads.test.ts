/**
 * Triads by public lot (issue 4 §3), as properties over many cycles: nobody serves twice in a
 * round before every eligible member has served once (rounds end only when too few remain, or
 * when the quota keeps the rest out), and quotas always hold.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { drawTriad, type TriadMember } from '../../../src/domain/audit/triads.js';
import { draw } from '../../../src/domain/audit/lottery.js';
import { AuditInputError } from '../../../src/domain/audit/errors.js';

const member = (pseudonym: string, officeholder = false, eligible = true): TriadMember => ({ pseudonym, officeholder, eligible });

const scenario = fc
  .record({
    people: fc.integer({ min: 3, max: 30 }),
    size: fc.integer({ min: 1, max: 5 }),
    officeholders: fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }),
    ineligible: fc.array(fc.integer({ min: 0, max: 6 }).map((x) => x === 0), { minLength: 30, maxLength: 30 }),
    quota: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    seed: fc.integer({ min: 0, max: 1_000_000 }),
  })
  .map((s) => ({
    ...s,
    members: Array.from({ length: s.people }, (_, i) => member(`m${i}`, s.officeholders[i]!, !s.ineligible[i])),
  }))
  .filter((s) => {
    const eligible = s.members.filter((m) => m.eligible);
    const others = eligible.filter((m) => !m.officeholder).length;
    const max = s.quota ?? s.size;
    return eligible.length >= s.size && others + Math.min(max, eligible.length - others) >= s.size;
  });

describe('rotation over many cycles', () => {
  it('nobody serves twice in a round; rounds end only when they must; quotas always hold', () => {
    fc.assert(
      fc.property(scenario, ({ members, size, quota, seed }) => {
        const eligible = members.filter((m) => m.eligible);
        const byName = new Map(eligible.map((m) => [m.pseudonym, m]));
        const max = quota ?? size;
        let served: string[] = [];
        let round = new Set<string>();
        for (let cycle = 0; cycle < 40; cycle++) {
          const out = drawTriad({ members, servedThisRound: served, size, quotas: { officeholder: quota }, sources: [`${seed}`, `${cycle}`] });
          const triad = out.triad;
          expect(new Set(triad).size).toBe(size);
          expect(triad.filter((p) => byName.get(p)!.officeholder).length).toBeLessThanOrEqual(max);
          const remaining = eligible.filter((m) => !served.includes(m.pseudonym));
          if (!out.newRound) {
            // the round goes on: everyone drawn had not yet served in it
            for (const p of triad) expect(round.has(p), `${p} twice in a round`).toBe(false);
            triad.forEach((p) => round.add(p));
          } else {
            // a new round: whoever had not served was drawn first, unless the quota kept them out
            const officeholdersTaken = triad.filter((p) => byName.get(p)!.officeholder).length;
            for (const m of remaining) {
              if (!triad.includes(m.pseudonym)) {
                expect(m.officeholder && officeholdersTaken >= max, `${m.pseudonym} left out of a round`).toBe(true);
              }
            }
            const fitting = remaining.filter((m) => !m.officeholder).length + Math.min(max, remaining.filter((m) => m.officeholder).length);
            expect(fitting, 'a new round began although the rest could fill the triad').toBeLessThan(size);
            round = new Set(triad);
          }
          expect(new Set(out.servedThisRound)).toEqual(round);
          served = out.servedThisRound;
        }
      }),
      { numRuns: 120 },
    );
  });

  it('without quotas, each round is exactly every eligible member once, leftovers first', () => {
    const members = Array.from({ length: 10 }, (_, i) => member(`m${i}`));
    let served: string[] = [];
    const history: { triad: string[]; newRound: boolean }[] = [];
    for (let cycle = 0; cycle < 30; cycle++) {
      const out = drawTriad({ members, servedThisRound: served, size: 3, sources: ['4 8 15 16 23 42', `cycle ${cycle}`] });
      history.push(out);
      served = out.servedThisRound;
    }
    // 10 members, triads of 3: rounds break as 3+3+3 then 1 leftover + 2 from the fresh round
    const firstRound = history.slice(0, 3).flatMap((h) => h.triad);
    expect(new Set(firstRound).size).toBe(9);
    const fourth = history[3]!;
    expect(fourth.newRound).toBe(true);
    const leftover = members.map((m) => m.pseudonym).find((p) => !firstRound.includes(p))!;
    expect(fourth.triad[0]).toBe(leftover);
  });
});

describe('the procedure is exact and re-runnable', () => {
  const members = [member('Ada', true), member('Bo'), member('Cy', true), member('Di'), member('Ed'), member('Fe', false, false), member('Gu')];
  const sources = ['9 18 26 34 41 45', 'pL0ZJ/+Zxq9yBeo8Ng3r0Wq4c1+l3uDFd6dA6fX5vE4='];

  it('the order is the RFC 3797 full ordering of the eligible pool; the triad walks it, skipping quota breakers', () => {
    const out = drawTriad({ members, servedThisRound: new Set(), size: 3, quotas: { officeholder: 1 }, sources });
    const order = draw({ sources, pool: ['Ada', 'Bo', 'Cy', 'Di', 'Ed', 'Gu'], select: 6 }).map((d) => d.name);
    expect(out.order).toEqual(order);
    expect(out.key).toBe('9.18.26.34.41.45./pL0ZJ%2F+Zxq9yBeo8Ng3r0Wq4c1+l3uDFd6dA6fX5vE4=/');
    const expected: string[] = [];
    let officeholders = 0;
    for (const p of order) {
      if (expected.length === 3) break;
      const isOfficeholder = p === 'Ada' || p === 'Cy';
      if (isOfficeholder && officeholders === 1) continue;
      expected.push(p);
      if (isOfficeholder) officeholders++;
    }
    expect(out.triad).toEqual(expected);
    expect(out.newRound).toBe(false);
    expect(drawTriad({ members, servedThisRound: new Set(), size: 3, quotas: { officeholder: 1 }, sources })).toEqual(out);
  });

  it('pseudonyms that left the pool drop out of the round state', () => {
    const out = drawTriad({ members, servedThisRound: ['Fe', 'Zed', 'Bo'], size: 2, sources });
    expect(out.triad).not.toContain('Bo');
    expect(out.servedThisRound).not.toContain('Fe');
    expect(out.servedThisRound).not.toContain('Zed');
    expect(out.servedThisRound).toContain('Bo');
  });
});

describe('bad input', () => {
  const sources = ['1 2 3'];
  it('refuses an unsatisfiable quota, too few eligible members, duplicates and empty sources', () => {
    const members = [member('A', true), member('B', true), member('C', true), member('D')];
    expect(() => drawTriad({ members, servedThisRound: [], size: 3, quotas: { officeholder: 1 }, sources })).toThrow(
      /needs 2 eligible members who hold no office; there are 1/,
    );
    expect(() => drawTriad({ members, servedThisRound: [], size: 5, sources })).toThrow(/only 4 eligible members/);
    expect(() => drawTriad({ members: [...members, member('A')], servedThisRound: [], size: 2, sources })).toThrow(/appears twice/);
    expect(() => drawTriad({ members, servedThisRound: [], size: 2, sources: [] })).toThrow(AuditInputError);
    expect(() => drawTriad({ members, servedThisRound: [], size: 0, sources })).toThrow(/at least 1/);
    expect(() => drawTriad({ members, servedThisRound: [], size: 2, quotas: { officeholder: -1 }, sources })).toThrow(/quota/);
  });
});

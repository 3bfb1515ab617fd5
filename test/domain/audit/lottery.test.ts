/**
 * RFC 3797 public lottery: the RFC's own worked example (§6) byte for byte, then the key-string
 * rules for free-text sources and the refusals of bad input.
 * Vectors: RFC 3797 §6, as kept in richsalz/ietf-rfc3797-code (ref.seeds, ref.names,
 * ref.results), copied to testdata/rfc3797/.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { draw, drawIndexes, keyString, lotteryDigest } from '../../../src/domain/audit/lottery.js';
import { AuditInputError } from '../../../src/domain/audit/errors.js';

const dir = new URL('./testdata/rfc3797/', import.meta.url);
const NAMES = readFileSync(new URL('names.txt', dir), 'utf8').split('\n').filter((l) => l !== '');
const ROWS = readFileSync(new URL('results.txt', dir), 'utf8')
  .split('\n')
  .slice(1)
  .filter((l) => l.trim() !== '')
  .map((l) => {
    const m = /^\s*(\d+)\s+([0-9A-F]{32})\s+(\d+)\s+->\s*(\d+) <-\s*(.*)$/.exec(l)!;
    return { index: Number(m[1]), md5: m[2]!, div: Number(m[3]), selected: Number(m[4]), name: m[5]! };
  });
const SOURCES = ['9319', '2 5 12 8 10', '9 18 26 34 41 45'];
const KEY = '9319./2.5.8.10.12./9.18.26.34.41.45./';

describe('RFC 3797 §6 worked example', () => {
  it('the key string: numbers sorted within each source, "N." each, "/" after each source', () => {
    expect(ROWS).toHaveLength(16);
    expect(NAMES).toHaveLength(25);
    expect(keyString(SOURCES)).toBe(KEY);
    expect(keyString([['9319'], ['2', '5', '12', '8', '10'], ['9', '18', '26', '34', '41', '45']])).toBe(KEY);
  });

  it('MD5(u16be(i) ‖ key ‖ u16be(i)) for i = 0..15 matches the RFC table', () => {
    for (const row of ROWS) expect(lotteryDigest(KEY, row.index - 1).toString('hex').toUpperCase()).toBe(row.md5);
  });

  it('each pick is the (MD5 mod remaining)-th name not yet selected: the same 16 pool numbers', () => {
    const picks = drawIndexes(KEY, 25, 16).map((i) => i + 1);
    expect(picks).toEqual(ROWS.map((r) => r.selected));
    expect(ROWS.map((r) => r.div)).toEqual(Array.from({ length: 16 }, (_, i) => 25 - i));
  });

  it('draw selects the RFC 10 by name, in order', () => {
    expect(draw({ sources: SOURCES, pool: NAMES, select: 10 })).toEqual(
      ['Lee', 'Doc', 'Mary', 'Charity', 'Kasczynski', 'Envy', 'Sneazy', 'Anger', 'Chastity', 'Pandora'].map((name, i) => ({
        position: i + 1,
        name,
      })),
    );
    expect(draw({ sources: SOURCES, pool: NAMES, select: 11 }).at(-1)).toEqual({ position: 11, name: 'Sloth' });
  });

  it('a longer draw extends a shorter one: the first k picks never depend on k', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 25 }), fc.integer({ min: 1, max: 25 }), (a, b) => {
        const [k1, k2] = a <= b ? [a, b] : [b, a];
        expect(draw({ sources: SOURCES, pool: NAMES, select: k2 }).slice(0, k1)).toEqual(draw({ sources: SOURCES, pool: NAMES, select: k1 }));
      }),
      { numRuns: 30 },
    );
  });

  it('a full ordering is a permutation of the pool', () => {
    const all = draw({ sources: SOURCES, pool: NAMES, select: 25 }).map((d) => d.name);
    expect([...all].sort()).toEqual([...NAMES].sort());
  });
});

describe('key strings for free-text public sources', () => {
  it('numbers: leading zeros dropped, fractions keep their period without trailing zeros, sorted by value', () => {
    expect(keyString(['07 3 10'])).toBe('3.7.10./');
    expect(keyString(['9, 18, 26'])).toBe('9.18.26./');
    expect(keyString(['1.50 0.25 2'])).toBe('0.251.52./');
    expect(keyString(['3.000'])).toBe('3./');
    expect(keyString(['0'])).toBe('0./');
    expect(keyString(['  12  '])).toBe('12./');
  });
  it('a lottery result and an archive checkpoint root (base64) together', () => {
    const root = 'pL0ZJ/+Zxq9yBeo8Ng3r0Wq4c1+l3uDFd6dA6fX5vE4=';
    expect(keyString(['9 18 26 34 41 45', root])).toBe('9.18.26.34.41.45./pL0ZJ%2F+Zxq9yBeo8Ng3r0Wq4c1+l3uDFd6dA6fX5vE4=/');
  });
  it('a string cannot forge a source boundary', () => {
    expect(keyString(['a/b'])).not.toBe(keyString(['a', 'b']));
    expect(keyString(['a%2Fb'])).toBe('a%252Fb/');
    expect(keyString(['a%2Fb'])).not.toBe(keyString(['a/b']));
    expect(keyString(['W 4-1'])).toBe('W 4-1/');
  });
  it('distinct source lists give distinct key strings (no two sources lists collide)', () => {
    const token = fc.oneof(fc.stringMatching(/^[0-9]{1,3}$/), fc.stringMatching(/^[A-Za-z0-9+/=%.-]{1,6}$/));
    const source = fc.array(token, { minLength: 1, maxLength: 3 }).map((t) => t.join(' '));
    fc.assert(
      fc.property(fc.array(source, { minLength: 1, maxLength: 3 }), fc.array(source, { minLength: 1, maxLength: 3 }), (a, b) => {
        const canon = (xs: string[]) => xs.map((x) => keyString([x]));
        if (JSON.stringify(canon(a)) !== JSON.stringify(canon(b))) expect(keyString(a)).not.toBe(keyString(b));
      }),
      { numRuns: 300 },
    );
  });
});

describe('bad input', () => {
  const pool = ['Ana', 'Ben', 'Chidi'];
  const refuse = (input: Parameters<typeof draw>[0], reason: RegExp) => {
    try {
      draw(input);
    } catch (e) {
      expect(e).toBeInstanceOf(AuditInputError);
      expect((e as Error).message).toMatch(reason);
      expect((e as Error).message).not.toContain('\n');
      return;
    }
    throw new Error(`accepted ${JSON.stringify(input)}`);
  };
  it('empty or malformed sources', () => {
    refuse({ sources: [], pool, select: 1 }, /no random sources/);
    refuse({ sources: [''], pool, select: 1 }, /source 1 is empty/);
    refuse({ sources: ['9 18', '   '], pool, select: 1 }, /source 2 is empty/);
    refuse({ sources: ['résultat 9'], pool, select: 1 }, /printable ASCII/);
    refuse({ sources: ['9\n18'.replace('\n', '\u0007')], pool, select: 1 }, /printable ASCII/);
    refuse({ sources: ['x'.repeat(1025)], pool, select: 1 }, /longer than 1024/);
  });
  it('a pool smaller than the selection, duplicate or empty names, a bad count', () => {
    refuse({ sources: ['1'], pool, select: 4 }, /pool has 3 names, fewer than the 4/);
    refuse({ sources: ['1'], pool: [], select: 1 }, /pool is empty/);
    refuse({ sources: ['1'], pool: ['Ana', 'Ben', 'Ana'], select: 1 }, /"Ana" is in the pool twice/);
    refuse({ sources: ['1'], pool: ['Ana', ''], select: 1 }, /pool name 2 is empty/);
    refuse({ sources: ['1'], pool: ['Ana', ' Ben'], select: 1 }, /surrounding spaces/);
    refuse({ sources: ['1'], pool, select: 0 }, /at least 1/);
    refuse({ sources: ['1'], pool, select: 1.5 }, /whole number/);
  });
});

/**
 * The pooled random values (services/random.ts) given to signed-out readers: the right length
 * and alphabet, no value ever given twice across many refills of the pool, every byte value
 * drawn, and no request for more than a pool holds.
 */
import { describe, expect, it } from 'vitest';
import { randomBase64url, randomHex } from '../../src/services/random.js';

describe('pooled random values', () => {
  it('are hex and base64url of the asked length', () => {
    expect(randomHex(8)).toMatch(/^[0-9a-f]{16}$/);
    expect(randomBase64url(32)).toMatch(/^[A-Za-z0-9_-]{43}$/); // RFC 4648 §5, unpadded
  });

  it('never repeat, across a hundred refills, and cover every byte value', () => {
    const seen = new Set<string>();
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 13_000; i++) {
      const value = i % 2 === 0 ? randomBase64url(32) : randomHex(8);
      expect(seen.has(value)).toBe(false);
      seen.add(value);
      for (const byte of Buffer.from(value, i % 2 === 0 ? 'base64url' : 'hex')) counts[byte]!++;
    }
    // 260,000 bytes: about 1,016 of each value; a pool handed out twice, or never filled, fails above or here
    expect(Math.min(...counts)).toBeGreaterThan(800);
    expect(Math.max(...counts)).toBeLessThan(1250);
  });

  it('refuses what no pool holds', () => {
    expect(() => randomHex(0)).toThrow(RangeError);
    expect(() => randomBase64url(4097)).toThrow(/4097 random bytes/);
  });
});

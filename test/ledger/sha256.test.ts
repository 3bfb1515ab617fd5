import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { sha256Node, sha256Short, SHORT_MAX } from '../../src/ledger/sha256.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
const reference = (...parts: Uint8Array[]): string => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

// RFC 6234 §8.5 (the FIPS 180-2 examples): TEST1 "abc" (one block) and TEST2_1, 56 bytes, whose
// padding spills into a second block.
describe('FIPS 180-2 examples (RFC 6234 §8.5 TEST1, TEST2_1)', () => {
  it('"abc"', () => {
    expect(hex(sha256Short(0x61, ascii('bc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
  it('"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"', () => {
    const msg = ascii('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq');
    expect(hex(sha256Short(msg[0]!, msg.subarray(1)))).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });
});

describe('sha256Short agrees with node:crypto', () => {
  it('at every message length from 1 to SHORT_MAX (both sides of the one/two-block edge at 55/56)', () => {
    for (let n = 0; n < SHORT_MAX; n++) {
      const data = new Uint8Array(n).map((_, i) => (i * 31 + n) % 256);
      for (const prefix of [0x00, 0x01, 0xff]) {
        expect(hex(sha256Short(prefix, data)), `length ${n + 1}`).toBe(reference(new Uint8Array([prefix]), data));
      }
    }
  });
  it('on random data, after a longer message used the scratch buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: SHORT_MAX - 1 }), fc.uint8Array({ maxLength: SHORT_MAX - 1 }), fc.integer({ min: 0, max: 255 }), (data, before, prefix) => {
        sha256Short(0x00, before);
        expect(hex(sha256Short(prefix, data))).toBe(reference(new Uint8Array([prefix]), data));
      }),
      { numRuns: 300 },
    );
  });
  it('refuses messages longer than SHORT_MAX', () => {
    expect(() => sha256Short(0, new Uint8Array(SHORT_MAX))).toThrow(RangeError);
  });
});

describe('sha256Node agrees with node:crypto on SHA-256(0x01 ‖ left ‖ right)', () => {
  it('for every value of the last byte of right (each selects a precomputed second block)', () => {
    const left = new Uint8Array(32).map((_, i) => 255 - i);
    for (let x = 0; x < 256; x++) {
      const right = new Uint8Array(32).map((_, i) => (i === 31 ? x : i * 7));
      expect(hex(sha256Node(left, right))).toBe(reference(new Uint8Array([1]), left, right));
    }
  });
  it('on random hashes', () => {
    const hash = fc.uint8Array({ minLength: 32, maxLength: 32 });
    fc.assert(
      fc.property(hash, hash, (l, r) => {
        expect(hex(sha256Node(l, r))).toBe(reference(new Uint8Array([1]), l, r));
      }),
      { numRuns: 300 },
    );
  });
  it('returns a new array each call', () => {
    const l = new Uint8Array(32).fill(1);
    const a = sha256Node(l, l);
    const copy = hex(a);
    const b = sha256Node(a, a);
    expect(b).not.toBe(a);
    expect(hex(a)).toBe(copy);
  });
});

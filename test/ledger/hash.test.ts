import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { EMPTY_ROOT, HASH_SIZE, hashChildren, hashLeaf } from '../../src/ledger/hash.js';
import { hex, unhex } from './testdata/merkle/reference.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

// transparency-dev/merkle rfc6962/rfc6962_test.go, TestRFC6962Hasher.
describe('RFC 6962 hasher (transparency-dev/merkle rfc6962/rfc6962_test.go)', () => {
  it('empty tree root is SHA-256 of nothing', () => {
    expect(hex(EMPTY_ROOT)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
  it('empty leaf differs from the empty root', () => {
    expect(hex(hashLeaf(new Uint8Array(0)))).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
  });
  it('HashLeaf("L123456")', () => {
    expect(hex(hashLeaf(utf8('L123456')))).toBe('395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56');
  });
  it('HashChildren("N123", "N456")', () => {
    expect(hex(hashChildren(utf8('N123'), utf8('N456')))).toBe('aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb');
  });
});

// transparency-dev/merkle testonly/constants.go: LeafInputs and NodeHashes()[0] (the leaf hashes).
describe('leaf hashes of testonly/constants.go LeafInputs', () => {
  const inputs = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
  const want = [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
    '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
    'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
    '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
  ];
  inputs.forEach((input, i) => {
    it(`leaf ${i}`, () => expect(hex(hashLeaf(unhex(input)))).toBe(want[i]));
  });
});

// transparency-dev/merkle rfc6962/rfc6962_test.go, TestRFC6962HasherCollisions.
describe('domain separation', () => {
  it('a node is not the leaf of its children’s concatenation, and order matters', () => {
    const a = hashLeaf(utf8('Hello'));
    const b = hashLeaf(utf8('World'));
    expect(hex(a)).not.toBe(hex(b));
    const node = hashChildren(a, b);
    expect(hex(node)).not.toBe(hex(hashLeaf(new Uint8Array([...a, ...b]))));
    expect(hex(node)).not.toBe(hex(hashChildren(b, a)));
  });
});

// Property: the scratch-buffer fast path agrees with a plain streaming SHA-256, at every size
// on both sides of the scratch limit, and never lets one call's bytes leak into the next.
describe('agrees with a streaming SHA-256', () => {
  const reference = (prefix: number, ...parts: Uint8Array[]): string => {
    const h = createHash('sha256').update(new Uint8Array([prefix]));
    for (const p of parts) h.update(p);
    return h.digest('hex');
  };
  it('hashLeaf', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), fc.uint8Array({ maxLength: 64 }), (data, other) => {
        hashLeaf(other);
        expect(hex(hashLeaf(data))).toBe(reference(0x00, data));
      }),
      { numRuns: 200 },
    );
  });
  it('hashLeaf of a 4095-, 4096- and 70000-byte entry', () => {
    for (const n of [4095, 4096, 70000]) {
      const data = new Uint8Array(n).fill(n % 251);
      expect(hex(hashLeaf(data))).toBe(reference(0x00, data));
    }
  });
  it('hashChildren', () => {
    const hash = fc.uint8Array({ minLength: HASH_SIZE, maxLength: HASH_SIZE });
    fc.assert(
      fc.property(hash, hash, (l, r) => {
        expect(hex(hashChildren(l, r))).toBe(reference(0x01, l, r));
      }),
      { numRuns: 200 },
    );
  });
  it('returns a fresh 32-byte array each call', () => {
    const a = hashLeaf(utf8('a'));
    const copy = hex(a);
    hashLeaf(utf8('b'));
    hashChildren(a, a);
    expect(a.length).toBe(HASH_SIZE);
    expect(hex(a)).toBe(copy);
  });
});

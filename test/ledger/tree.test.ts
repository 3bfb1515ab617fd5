import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { EMPTY_ROOT, hashLeaf, type Hash } from '../../src/ledger/hash.js';
import {
  checkRecord,
  checkTree,
  InvalidProofError,
  proveRecord,
  proveTree,
  splitStoredHashIndex,
  storedHashCount,
  storedHashes,
  storedHashIndex,
  treeHash,
} from '../../src/ledger/tree.js';
import { goLeaves, hex, MemoryLog, naiveRoot, unhex } from './testdata/merkle/reference.js';

// transparency-dev/merkle testonly/constants.go: LeafInputs, NodeHashes, RootHashes.
const LEAF_INPUTS = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
const NODE_HASHES = [
  [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
    '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
    'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
    '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
  ],
  [
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
    'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
  ],
  ['d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'],
  ['5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'],
];
const ROOT_HASHES = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

const flipBit = (proof: Hash[], k: number): Hash[] => proof.map((h, i) => (i === k ? h.map((b, j) => (j === 0 ? b ^ 1 : b)) : h));

describe('testonly/constants.go trees (transparency-dev/merkle)', () => {
  it('treeHash of sizes 0..8 equals RootHashes', async () => {
    const log = await MemoryLog.of(LEAF_INPUTS.map((x) => hashLeaf(unhex(x))));
    for (let size = 0; size <= 8; size++) expect(hex(await treeHash(size, log.read)), `size ${size}`).toBe(ROOT_HASHES[size]);
  });
  it('each NodeHashes[level][n] is stored at storedHashIndex(level, n)', async () => {
    const log = await MemoryLog.of(LEAF_INPUTS.map((x) => hashLeaf(unhex(x))));
    expect(log.hashes.length).toBe(storedHashCount(8));
    NODE_HASHES.forEach((row, level) => row.forEach((want, n) => expect(hex(log.hashes[storedHashIndex(level, n)]!), `(${level}, ${n})`).toBe(want)));
  });
  it('treeHash(0) is MTH({}) = SHA-256(), without a read', async () => {
    const log = new MemoryLog();
    expect(hex(await treeHash(0, log.read))).toBe(hex(EMPTY_ROOT));
    expect(log.reads).toBe(0);
  });
});

describe('stored-hash layout (Go tlog.go)', () => {
  it('known indexes: leaves 0..7 at 0,1,3,4,7,8,10,11; the first 256-leaf subtree at 510', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((n) => storedHashIndex(0, n))).toEqual([0, 1, 3, 4, 7, 8, 10, 11]);
    expect([storedHashIndex(1, 0), storedHashIndex(2, 0), storedHashIndex(3, 0)]).toEqual([2, 6, 14]);
    // Leaf 255 sits at 2·255 − popcount(255) = 502; its 8 completed subtrees follow.
    expect(storedHashIndex(8, 0)).toBe(510);
  });

  // Go tlog_test.go TestSplitStoredHashIndex, exhaustively over the same range.
  it('splitStoredHashIndex(storedHashIndex(l, n)) == [l, n] for l < 10, n < 100', () => {
    for (let l = 0; l < 10; l++) for (let n = 0; n < 100; n++) expect(splitStoredHashIndex(storedHashIndex(l, n))).toEqual([l, n]);
  });

  it('property: the same for large levels and indexes, past 2^32', () => {
    const point = fc.integer({ min: 0, max: 40 }).chain((l) => fc.tuple(fc.constant(l), fc.integer({ min: 0, max: Math.floor(2 ** 51 / 2 ** l) - 1 })));
    fc.assert(
      fc.property(point, ([l, n]) => {
        expect(splitStoredHashIndex(storedHashIndex(l, n))).toEqual([l, n]);
      }),
      { numRuns: 500 },
    );
  });

  it('indexes are dense: every index below 2000 splits into coordinates that map back to it', () => {
    for (let i = 0; i < 2000; i++) {
      const [l, n] = splitStoredHashIndex(i);
      expect(storedHashIndex(l, n)).toBe(i);
    }
  });

  it('rejects coordinates beyond a safe-integer tree instead of losing precision', () => {
    expect(() => storedHashIndex(0, 2 ** 53)).toThrow(RangeError);
    expect(() => storedHashIndex(60, 1)).toThrow(RangeError);
    expect(() => storedHashIndex(0, -1)).toThrow(RangeError);
    expect(() => storedHashIndex(0, 1.5)).toThrow(RangeError);
  });

  it('storedHashes rejects a leaf hash that is not 32 bytes', async () => {
    await expect(storedHashes(0, new Uint8Array(31), new MemoryLog().read)).rejects.toThrow(RangeError);
  });

  it('a HashReader that returns the wrong number of hashes is an error, not a wrong answer', async () => {
    const log = await MemoryLog.of(goLeaves(5));
    await expect(treeHash(5, async (ix) => (await log.read(ix)).slice(1))).rejects.toThrow(/HashReader returned/);
  });
});

// Go tlog_test.go TestTree: for every size 1..100, StoredHashCount matches, the tree hash matches
// (here: a naive recursive RFC 6962 MTH), every record and every older tree is provable, and
// flipping a bit in any proof hash breaks the proof.
describe('Go TestTree: sizes 1..100, every record proof and every tree proof', () => {
  it('proves and checks, and rejects every corrupted proof hash', async () => {
    const leaves = goLeaves(100);
    const log = new MemoryLog();
    const roots: Hash[] = [];
    for (let i = 0; i < 100; i++) {
      await log.append(leaves[i]!);
      const size = i + 1;
      expect(storedHashCount(size)).toBe(log.hashes.length);
      const th = await treeHash(size, log.read);
      expect(hex(th), `root ${size}`).toBe(hex(naiveRoot(leaves.slice(0, size))));
      roots.push(th);

      for (let j = 0; j < size; j++) {
        const p = await proveRecord(size, j, log.read);
        checkRecord(p, size, th, j, leaves[j]!);
        for (let k = 0; k < p.length; k++) expect(() => checkRecord(flipBit(p, k), size, th, j, leaves[j]!)).toThrow(InvalidProofError);
      }
      for (let j = 0; j < size; j++) {
        const p = await proveTree(size, j + 1, log.read);
        checkTree(p, size, th, j + 1, roots[j]!);
        for (let k = 0; k < p.length; k++) expect(() => checkTree(flipBit(p, k), size, th, j + 1, roots[j]!)).toThrow(InvalidProofError);
      }
    }
  });
});

describe('property: proofs in larger trees agree with the naive MTH', () => {
  it('inclusion and consistency for random sizes up to 3000', async () => {
    const leaves = goLeaves(3000);
    const log = await MemoryLog.of(leaves);
    const sizes = fc.integer({ min: 1, max: 3000 }).chain((t) => fc.tuple(fc.constant(t), fc.integer({ min: 0, max: t - 1 }), fc.integer({ min: 1, max: t })));
    await fc.assert(
      fc.asyncProperty(sizes, async ([t, n, m]) => {
        const th = naiveRoot(leaves.slice(0, t));
        checkRecord(await proveRecord(t, n, log.read), t, th, n, leaves[n]!);
        checkTree(await proveTree(t, m, log.read), t, th, m, naiveRoot(leaves.slice(0, m)));
        // Each read is one batched call, and proofs are at most a few hashes per level.
        const reads = log.reads;
        await proveRecord(t, n, log.read);
        expect(log.reads - reads).toBeLessThanOrEqual(1);
      }),
      { numRuns: 60 },
    );
  });
});

// checkRecord walks the path bottom up (RFC 9162 §2.1.3.2): its length bookkeeping must reject
// a proof one hash short or long, and a valid proof offered for the next index or a smaller tree.
// (A larger size with the same root is not always wrong: tree sizes 2049 and 2050 give leaf 0
// paths of the same shape, so only the root can tell them apart.)
describe('property: checkRecord rejects a valid proof bent out of shape', () => {
  it('one hash dropped or added, the next index, the tree one smaller', async () => {
    const leaves = goLeaves(3000);
    const log = await MemoryLog.of(leaves);
    const roots = new Map<number, Hash>();
    const rootOf = (t: number): Hash => roots.get(t) ?? roots.set(t, naiveRoot(leaves.slice(0, t))).get(t)!;
    const cases = fc.integer({ min: 2, max: 3000 }).chain((t) => fc.tuple(fc.constant(t), fc.integer({ min: 0, max: t - 1 })));
    await fc.assert(
      fc.asyncProperty(cases, async ([t, n]) => {
        const th = rootOf(t);
        const p = await proveRecord(t, n, log.read);
        checkRecord(p, t, th, n, leaves[n]!);
        const bad = (proof: Hash[], size: number, root: Hash, index: number): void => {
          expect(() => checkRecord(proof, size, root, index, leaves[index]!)).toThrow(InvalidProofError);
        };
        if (p.length > 0) bad(p.slice(1), t, th, n);
        if (p.length > 0) bad(p.slice(0, -1), t, th, n);
        bad([...p, p[0] ?? th], t, th, n);
        bad([th, ...p], t, th, n);
        bad(p, t, th, (n + 1) % t);
        if (n < t - 1) bad(p, t - 1, rootOf(t - 1), n);
      }),
      { numRuns: 150 },
    );
  });
});

describe('inputs that are rejected with the one opaque error', () => {
  const leaves = goLeaves(8);
  const setup = async () => {
    const log = await MemoryLog.of(leaves);
    return { log, root: await treeHash(8, log.read) };
  };

  it('checkRecord: n >= t, t = 0, unsafe sizes, short hashes, oversized proofs', async () => {
    const { log, root } = await setup();
    const p = await proveRecord(8, 3, log.read);
    const bad: [Hash[], number, Hash, number, Hash][] = [
      [p, 8, root, 8, leaves[3]!],
      [p, 3, root, 3, leaves[3]!],
      [[], 0, root, 0, leaves[0]!],
      [p, 2 ** 53, root, 3, leaves[3]!],
      [p, 8, root, -1, leaves[3]!],
      [p, 8, root, 3.5, leaves[3]!],
      [p, 8, root, 3, leaves[3]!.subarray(1)],
      [p, 8, root.subarray(1), 3, leaves[3]!],
      [[...p.slice(0, 2), p[2]!.subarray(0, 31)], 8, root, 3, leaves[3]!],
      [[...p, ...Array<Hash>(200).fill(root)], 8, root, 3, leaves[3]!],
    ];
    for (const args of bad) {
      const err = (() => {
        try {
          checkRecord(...args);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(InvalidProofError);
      expect((err as Error).message).toBe('invalid proof');
    }
    checkRecord(p, 8, root, 3, leaves[3]!);
  });

  it('checkTree: consistency from size 0, n > t, short hashes', async () => {
    const { log, root } = await setup();
    const old = await treeHash(5, log.read);
    const p = await proveTree(8, 5, log.read);
    expect(() => checkTree([], 8, root, 0, EMPTY_ROOT)).toThrow(InvalidProofError);
    expect(() => checkTree(p, 5, old, 8, root)).toThrow(InvalidProofError);
    expect(() => checkTree(p, 8, root, 5, old.subarray(0, 16))).toThrow(InvalidProofError);
    expect(() => checkTree(p.map((h) => h.subarray(0, 31)), 8, root, 5, old)).toThrow(InvalidProofError);
    checkTree(p, 8, root, 5, old);
    // Equal sizes: the empty proof, and only when the roots agree.
    checkTree([], 8, root, 8, root);
    expect(() => checkTree([], 8, root, 8, old)).toThrow(InvalidProofError);
  });

  it('proveRecord and proveTree refuse impossible requests with a reason', async () => {
    const { log } = await setup();
    await expect(proveRecord(8, 8, log.read)).rejects.toThrow(/not in a tree of size 8/);
    await expect(proveTree(8, 0, log.read)).rejects.toThrow(/1 <= old size <= new size/);
    await expect(proveTree(8, 9, log.read)).rejects.toThrow(/1 <= old size <= new size/);
  });
});

// transparency-dev/merkle testdata/inclusion/** and testdata/consistency/**: every stored probe,
// copied into test/ledger/testdata/merkle/*.json with the file and commit each came from.
interface Probe<T> {
  file: string;
  commit: string;
  probe: T & { desc: string; wantErr: boolean; proof: string[] | null };
}
const load = <T>(name: string): Probe<T>[] => JSON.parse(readFileSync(new URL(`./testdata/merkle/${name}`, import.meta.url), 'utf8')).probes;
const b64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));
const outcome = (f: () => void): 'ok' | 'invalid proof' => {
  try {
    f();
    return 'ok';
  } catch (e) {
    if (e instanceof InvalidProofError) return 'invalid proof';
    throw e;
  }
};

describe('transparency-dev/merkle testdata/inclusion probes', () => {
  const probes = load<{ leafIdx?: number; leafIndex?: number; treeSize: number; root: string; leafHash: string }>('inclusion.json');
  it('has every probe (112 files) and a happy path in each of the 5 folders', () => {
    expect(probes.length).toBe(112);
    expect(probes.filter((p) => !p.probe.wantErr).map((p) => p.file).sort()).toEqual([0, 1, 2, 3, 4].map((d) => `testdata/inclusion/${d}/happy-path.json`));
  });
  for (const { file, probe } of probes) {
    it(`${file}: ${probe.desc}`, () => {
      const index = probe.leafIdx ?? probe.leafIndex!;
      const got = outcome(() => checkRecord((probe.proof ?? []).map(b64), probe.treeSize, b64(probe.root), index, b64(probe.leafHash)));
      expect(got).toBe(probe.wantErr ? 'invalid proof' : 'ok');
    });
  }
});

describe('transparency-dev/merkle testdata/consistency probes', () => {
  const probes = load<{ size1: number; size2: number; root1: string; root2: string }>('consistency.json');
  it('has every probe (119 files) and a happy path in each of the 5 folders', () => {
    expect(probes.length).toBe(119);
    expect(probes.filter((p) => !p.probe.wantErr).map((p) => p.file).sort()).toEqual([0, 1, 2, 3, 4].map((d) => `testdata/consistency/${d}/happy-path.json`));
  });
  for (const { file, probe } of probes) {
    it(`${file}: ${probe.desc}`, () => {
      const got = outcome(() => checkTree((probe.proof ?? []).map(b64), probe.size2, b64(probe.root2), probe.size1, b64(probe.root1)));
      expect(got).toBe(probe.wantErr ? 'invalid proof' : 'ok');
    });
  }
});

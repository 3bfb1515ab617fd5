import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decodeBundle,
  encodeBundle,
  entriesPath,
  MAX_ENTRY_SIZE,
  parseTilePath,
  tileHashIndexes,
  tilePath,
  tilesForSize,
  TilePathError,
  type Tile,
} from '../../src/ledger/tile.js';
import { storedHashIndex } from '../../src/ledger/tree.js';

const full = (level: number, n: number): Tile => ({ level, n, width: 256 });

// C2SP tlog-tiles.md §Merkle Tree: "index 1234067 will be encoded as x001/x234/067".
describe('tile paths (C2SP tlog-tiles)', () => {
  it('the spec example: 1234067 → x001/x234/067', () => {
    expect(tilePath(full(0, 1234067))).toBe('tile/0/x001/x234/067');
    expect(entriesPath(1234067, 256)).toBe('tile/entries/x001/x234/067');
  });
  it('small indexes are zero-padded to one 3-digit element; partials get .p/<W>', () => {
    expect(tilePath(full(0, 0))).toBe('tile/0/000');
    expect(tilePath({ level: 1, n: 1, width: 17 })).toBe('tile/1/001.p/17');
    expect(tilePath(full(2, 999))).toBe('tile/2/999');
    expect(tilePath(full(2, 1000))).toBe('tile/2/x001/000');
    expect(entriesPath(273, 112)).toBe('tile/entries/273.p/112');
  });
  // Adapted from Go tlog_test.go tilePaths: the sumdb layout's extra height element is dropped.
  it('Go tilePaths, in the C2SP layout', () => {
    expect(tilePath({ level: 5, n: 123456078, width: 256 })).toBe('tile/5/x123/x456/078');
    expect(tilePath({ level: 5, n: 123456078, width: 2 })).toBe('tile/5/x123/x456/078.p/2');
    expect(parseTilePath('tile/0/x003/x057/500')).toEqual({ entries: false, tile: full(0, 3057500) });
  });
  it('refuses to write a tile that cannot exist', () => {
    expect(() => tilePath({ level: 0, n: 0, width: 0 })).toThrow(RangeError);
    expect(() => tilePath({ level: 0, n: 0, width: 257 })).toThrow(RangeError);
    expect(() => tilePath({ level: 64, n: 0, width: 1 })).toThrow(RangeError);
    expect(() => tilePath({ level: 0, n: -1, width: 1 })).toThrow(RangeError);
  });
});

describe('parseTilePath is strict and canonical', () => {
  it('parses hash tiles and entry bundles', () => {
    expect(parseTilePath('tile/0/x001/x234/067')).toEqual({ entries: false, tile: full(0, 1234067) });
    expect(parseTilePath('tile/1/001.p/17')).toEqual({ entries: false, tile: { level: 1, n: 1, width: 17 } });
    expect(parseTilePath('tile/entries/273.p/112')).toEqual({ entries: true, tile: { level: 0, n: 273, width: 112 } });
    expect(parseTilePath('tile/entries/000')).toEqual({ entries: true, tile: full(0, 0) });
  });

  const rejected = [
    'tile/0/1', // not three digits
    'tile/0/0001',
    'tile/0/x000/001', // leading zero element: 1 is "001"
    'tile/0/x001', // last element has the x
    'tile/0/001/002', // missing x
    'tile/0/x1000/000',
    'tile/00/000', // level with a leading zero
    'tile/64/000', // level above 63
    'tile/-1/000',
    'tile/+1/000',
    'tile/0/000.p/256', // a full tile is written without .p
    'tile/0/000.p/0',
    'tile/0/000.p/012',
    'tile/0/000.p/',
    'tile/0/000.p',
    'tile/0/000.p/1/2',
    'tile/0/000.p/1.p/2',
    'tile/0/0a1',
    'tile/0/٠٠١', // Arabic-Indic digits
    'tile/0/000/',
    '/tile/0/000',
    'tile//000',
    'tile/0',
    'tiles/0/000',
    'tile/entries/000.p/256',
    'tile/entries/x000/001',
    'tile/data/000',
    'tile/0/x001/x002/x003/x004/x005/x006/007', // more digits than a safe integer
    'tile/7/000.p/1', // covers 256^7 > 2^53 leaves
    'tile/63/000',
    'tile/6/000', // a full level-6 tile covers 2^56 leaves
  ];
  for (const path of rejected) {
    it(`rejects ${JSON.stringify(path)}`, () => {
      expect(() => parseTilePath(path)).toThrow(TilePathError);
    });
  }
  it('says what is wrong', () => {
    expect(() => parseTilePath('tile/0/x000/001')).toThrow(/not canonical; the path of this tile is tile\/0\/001/);
  });

  it('property: parse(path(tile)) == tile, for hash tiles and bundles', () => {
    // Any tile of a safe-integer tree: (n·256 + width)·256^level <= 2^53 − 1.
    const tile = fc.integer({ min: 0, max: 5 }).chain((level) => {
      const maxN = Math.floor(Number.MAX_SAFE_INTEGER / 256 ** (level + 1)) - 1;
      return fc.record({
        level: fc.constant(level),
        n: fc.oneof(fc.integer({ min: 0, max: Math.min(1100, maxN) }), fc.integer({ min: 0, max: maxN })),
        width: fc.integer({ min: 1, max: 256 }),
      });
    });
    fc.assert(
      fc.property(tile, (t) => {
        expect(parseTilePath(tilePath(t))).toEqual({ entries: false, tile: t });
        expect(parseTilePath(entriesPath(t.n, t.width))).toEqual({ entries: true, tile: { level: 0, n: t.n, width: t.width } });
      }),
      { numRuns: 300 },
    );
  });
});

// C2SP tlog-tiles.md §Partial Tiles: "a tree of size 70,000 will be represented by 273 full level 0
// tiles, one partial level 0 tile of width 112, one full level 1 tile, one partial level 1 tile of
// width 17, and one partial level 2 tile of width 1. Note that a tree of size 256 will be
// represented by a full level 0 tile and a partial level 1 tile of width 1."
describe('tilesForSize (the spec’s examples)', () => {
  it('size 70,000', () => {
    const paths = tilesForSize(70_000).map(tilePath);
    const level0 = Array.from({ length: 273 }, (_, n) => tilePath(full(0, n)));
    expect(paths).toEqual([...level0, 'tile/0/273.p/112', 'tile/1/000', 'tile/1/001.p/17', 'tile/2/000.p/1']);
  });
  it('size 256', () => {
    expect(tilesForSize(256).map(tilePath)).toEqual(['tile/0/000', 'tile/1/000.p/1']);
  });
  it('sizes 0, 1 and 65536', () => {
    expect(tilesForSize(0)).toEqual([]);
    expect(tilesForSize(1).map(tilePath)).toEqual(['tile/0/000.p/1']);
    const big = tilesForSize(65536).map(tilePath);
    expect(big.length).toBe(256 + 1 + 1);
    expect(big.slice(-2)).toEqual(['tile/1/000', 'tile/2/000.p/1']);
  });
  it('property: a partial tile at level l has width ⌊size/256^l⌋ mod 256, and full tiles cover the rest', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 22 }), (size) => {
        const tiles = tilesForSize(size);
        // Each level's full tiles are numbered 0, 1, 2, … up to the partial.
        for (let level = 0; 256 ** level <= size; level++) {
          const ns = tiles.filter((t) => t.level === level).map((t) => t.n);
          expect(ns).toEqual(ns.map((_, i) => i));
        }
        for (let level = 0; 256 ** level <= size; level++) {
          const partial = tiles.filter((t) => t.level === level && t.width < 256);
          const want = Math.floor(size / 256 ** level) % 256;
          expect(partial.map((t) => t.width)).toEqual(want === 0 ? [] : [want]);
          if (partial[0]) expect(partial[0].n).toBe(Math.floor(size / 256 ** (level + 1)));
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('tileHashIndexes', () => {
  it('a level-0 tile is its leaves; a level-1 tile is the 256-leaf subtrees', () => {
    expect(tileHashIndexes({ level: 0, n: 0, width: 3 })).toEqual([0, 1, 3]);
    expect(tileHashIndexes({ level: 1, n: 0, width: 1 })).toEqual([510]);
    expect(tileHashIndexes({ level: 1, n: 1, width: 2 })).toEqual([storedHashIndex(8, 256), storedHashIndex(8, 257)]);
    expect(tileHashIndexes({ level: 0, n: 2, width: 256 })).toEqual(Array.from({ length: 256 }, (_, i) => storedHashIndex(0, 512 + i)));
  });
});

describe('entry bundles (uint16 big-endian length ‖ bytes)', () => {
  it('known bytes', () => {
    expect([...encodeBundle([new Uint8Array([0x61]), new Uint8Array(0), new Uint8Array(300).fill(7)]).subarray(0, 7)]).toEqual([0x00, 0x01, 0x61, 0x00, 0x00, 0x01, 0x2c]);
    expect(encodeBundle([]).length).toBe(0);
    expect(decodeBundle(new Uint8Array(0))).toEqual([]);
  });
  it('property: decode(encode(entries)) == entries', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 600 }), { maxLength: 40 }), (entries) => {
        expect(decodeBundle(encodeBundle(entries)).map((e) => [...e])).toEqual(entries.map((e) => [...e]));
      }),
      { numRuns: 200 },
    );
  });
  it('the largest entry (65535 bytes) round-trips; a larger one is refused', () => {
    const big = new Uint8Array(MAX_ENTRY_SIZE).fill(9);
    const bundle = encodeBundle([big]);
    expect([bundle[0], bundle[1]]).toEqual([0xff, 0xff]);
    expect(decodeBundle(bundle)[0]!.length).toBe(MAX_ENTRY_SIZE);
    expect(() => encodeBundle([new Uint8Array(MAX_ENTRY_SIZE + 1)])).toThrow(/at most 65535/);
  });
  it('every cut inside a length prefix or an entry is rejected as truncated', () => {
    const entries = [new Uint8Array([1, 2, 3]), new Uint8Array(0), new Uint8Array([4])];
    const bundle = encodeBundle(entries);
    // Entry boundaries: 0, 5, 7, 10. A cut anywhere else leaves a partial prefix or entry.
    for (let cut = 1; cut < bundle.length; cut++) {
      if ([5, 7].includes(cut)) expect(decodeBundle(bundle.subarray(0, cut)).length).toBe(cut === 5 ? 1 : 2);
      else expect(() => decodeBundle(bundle.subarray(0, cut)), `cut at ${cut}`).toThrow(/truncated/);
    }
  });
  it('a lone trailing byte is rejected', () => {
    expect(() => decodeBundle(new Uint8Array([0, 1, 0x61, 0]))).toThrow(/truncated/);
  });
});

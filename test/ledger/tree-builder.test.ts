import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EMPTY_ROOT, hashLeaf, type Hash } from '../../src/ledger/hash.js';
import { tileHashIndexes, tilePath, tilesForSize, type Tile } from '../../src/ledger/tile.js';
import { treeHash } from '../../src/ledger/tree.js';
import { TreeBuilder, type TileData } from '../../src/ledger/tree-builder.js';
import { goLeaves, hex, MemoryLog, unhex } from './testdata/merkle/reference.js';

/** Builds a tree of the given leaves, collecting every tile the builder emits. */
function build(leaves: readonly Hash[]): { builder: TreeBuilder; emitted: TileData[] } {
  const emitted: TileData[] = [];
  const builder = new TreeBuilder((tile, hashes) => emitted.push({ tile, hashes }));
  for (const leaf of leaves) builder.push(leaf);
  return { builder, emitted };
}

/** The tile's data read from Go-layout stored hashes through tileHashIndexes. */
async function storedTile(log: MemoryLog, tile: Tile): Promise<string> {
  return (await log.read(tileHashIndexes(tile))).map(hex).join('');
}

/** Every tile the builder produced (full as emitted, partial from finish) equals the stored one, and the set is tilesForSize. */
async function expectTilesMatch(log: MemoryLog, size: number): Promise<void> {
  const { builder, emitted } = build(log.leaves.slice(0, size));
  const { root, partialTiles } = builder.finish();
  expect(hex(root)).toBe(hex(await treeHash(size, log.read)));
  const all = [...emitted, ...partialTiles];
  expect(all.map((t) => tilePath(t.tile)).sort()).toEqual(tilesForSize(size).map(tilePath).sort());
  for (const { tile, hashes } of all) {
    expect(hashes.length, tilePath(tile)).toBe(tile.width * 32);
    expect(hex(hashes), tilePath(tile)).toBe(await storedTile(log, tile));
  }
}

// transparency-dev/merkle testonly/constants.go: LeafInputs and RootHashes.
describe('roots of testonly/constants.go trees', () => {
  const inputs = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
  const roots = [
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
  it('root() after each push equals RootHashes[size]', () => {
    const builder = new TreeBuilder();
    expect(hex(builder.root())).toBe(roots[0]);
    inputs.forEach((input, i) => {
      builder.push(hashLeaf(unhex(input)));
      expect(builder.size).toBe(i + 1);
      expect(hex(builder.root()), `size ${i + 1}`).toBe(roots[i + 1]);
    });
  });
});

describe('invariant: root() at every size equals treeHash', () => {
  it('sizes 0..1500', async () => {
    const log = await MemoryLog.of(goLeaves(1500));
    const builder = new TreeBuilder();
    expect(hex(builder.root())).toBe(hex(EMPTY_ROOT));
    for (let i = 0; i < 1500; i++) {
      builder.push(log.leaves[i]!);
      expect(hex(builder.root()), `size ${i + 1}`).toBe(hex(await treeHash(i + 1, log.read)));
    }
  });
});

describe('invariant: tiles equal the stored hashes read through tileHashIndexes', () => {
  // C2SP tlog-tiles §Partial Tiles example: 273 full level-0 tiles + 273.p/112, level 1: 000 + 001.p/17, level 2: 000.p/1.
  it('size 70,000, the spec example, with full tiles emitted in order as they complete', async () => {
    const leaves = Array.from({ length: 70_000 }, (_, i) => hashLeaf(new TextEncoder().encode(String(i))));
    const log = await MemoryLog.of(leaves);
    await expectTilesMatch(log, 70_000);
    const { builder, emitted } = build(leaves);
    // Level-1 tile 000 completes with the 65,536th leaf, right after level-0 tile 255.
    const level0 = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, k) => tilePath({ level: 0, n: from + k, width: 256 }));
    expect(emitted.map((t) => tilePath(t.tile))).toEqual([...level0(0, 256), 'tile/1/000', ...level0(256, 273)]);
    expect(builder.finish().partialTiles.map((t) => tilePath(t.tile))).toEqual(['tile/0/273.p/112', 'tile/1/001.p/17', 'tile/2/000.p/1']);
  });

  it('property: for random sizes up to 3000', async () => {
    const log = await MemoryLog.of(goLeaves(3000));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.constantFrom(0, 1, 255, 256, 257, 511, 512, 2048)), (size) => expectTilesMatch(log, size)),
      { numRuns: 40 },
    );
  });
});

describe('ownership and streaming', () => {
  it('copies the leaf: a caller may reuse its buffer between pushes', () => {
    const leaves = goLeaves(7);
    const reused = new Uint8Array(32);
    const builder = new TreeBuilder();
    for (const leaf of leaves) {
      reused.set(leaf);
      builder.push(reused);
      reused.fill(0xee);
    }
    const { builder: clean } = build(leaves);
    expect(hex(builder.root())).toBe(hex(clean.root()));
  });

  it('hands each full tile over and keeps no reference to it', async () => {
    const log = await MemoryLog.of(goLeaves(1024));
    const { emitted } = build(log.leaves);
    expect(emitted.length).toBe(4);
    expect(new Set(emitted.map((t) => t.hashes.buffer)).size).toBe(4);
    for (const { tile, hashes } of emitted) expect(hex(hashes)).toBe(await storedTile(log, tile));
  });

  it('root() and finish() can be called at any size and the builder goes on', async () => {
    const log = await MemoryLog.of(goLeaves(600));
    const builder = new TreeBuilder();
    const partials: { size: number; tiles: TileData[] }[] = [];
    for (let i = 0; i < 600; i++) {
      builder.push(log.leaves[i]!);
      if (i % 97 === 0) partials.push({ size: i + 1, tiles: builder.finish().partialTiles });
    }
    expect(hex(builder.root())).toBe(hex(await treeHash(600, log.read)));
    // Earlier partials were copies: later pushes did not change them.
    for (const { size, tiles } of partials) {
      for (const { tile, hashes } of tiles) expect(hex(hashes), `${tilePath(tile)} at ${size}`).toBe(await storedTile(log, tile));
    }
  });

  it('a returned root is not changed by later pushes', () => {
    const builder = new TreeBuilder();
    builder.push(goLeaves(1)[0]!);
    const root1 = builder.root();
    const copy = hex(root1);
    builder.push(goLeaves(2)[1]!);
    expect(hex(root1)).toBe(copy);
  });

  it('rejects a leaf hash that is not 32 bytes', () => {
    expect(() => new TreeBuilder().push(new Uint8Array(31))).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { TileCheck, tileWidth } from '../../src/verify/tiles.js';
import { Problems } from '../../src/verify/problems.js';
import type { Tile } from '../../src/ledger/tile.js';

describe('tileWidth', () => {
  // C2SP tlog-tiles (repo C2SP/C2SP, tlog-tiles.md): a tree of 70,000 has 273 full level-0
  // tiles and tile/0/273.p/112; level 1: one full tile and tile/1/001.p/17; level 2: tile/2/000.p/1.
  it('matches the tlog-tiles example for size 70,000', () => {
    expect(tileWidth(70000, 0, 272)).toBe(256);
    expect(tileWidth(70000, 0, 273)).toBe(112);
    expect(tileWidth(70000, 0, 274)).toBe(0);
    expect(tileWidth(70000, 1, 0)).toBe(256);
    expect(tileWidth(70000, 1, 1)).toBe(17);
    expect(tileWidth(70000, 2, 0)).toBe(1);
    expect(tileWidth(70000, 3, 0)).toBe(0);
    expect(tileWidth(256, 1, 0)).toBe(1);
    expect(tileWidth(0, 0, 0)).toBe(0);
  });
});

/** A tile of `width` hashes; `differ` lists positions whose stored hash is altered. */
function pair(width: number, differ: number[] = []): [Uint8Array, Uint8Array] {
  const computed = new Uint8Array(width * 32).map((_, i) => i % 251);
  const stored = computed.slice();
  for (const p of differ) stored[p * 32 + 7]! ^= 1;
  return [computed, stored];
}

/** Size 70,000: compares every tile, altering the given positions, and returns the blame. */
function judge(differ: Record<string, number[]>, rootDiffers: boolean | undefined, missing: string[] = []) {
  const problems = new Problems();
  const check = new TileCheck(70000, problems);
  const tiles: Tile[] = [];
  for (let n = 0; n < 273; n++) tiles.push({ level: 0, n, width: 256 });
  tiles.push({ level: 0, n: 273, width: 112 }, { level: 1, n: 0, width: 256 }, { level: 1, n: 1, width: 17 }, { level: 2, n: 0, width: 1 });
  for (const t of tiles) {
    const k = `${t.level}/${t.n}`;
    const [c, s] = pair(t.width, differ[k]);
    check.compare(t, c, missing.includes(k) ? null : s);
  }
  const entries: number[] = [];
  const { explained } = check.blame(rootDiffers, (i) => entries.push(i));
  return { entries, explained, problems: problems.list };
}

describe('TileCheck.blame', () => {
  it('a wrong entry: the difference climbs to a differing root, so the entry is blamed, not the tiles', () => {
    const r = judge({ '0/5': [3], '1/0': [5], '2/0': [0] }, true);
    expect(r).toEqual({ entries: [5 * 256 + 3], explained: true, problems: [] });
  });

  it('a stored tile that disagrees with its intact children is blamed even when the root differs', () => {
    // tile/1/000, the tile above it and the root were rewritten together: tile/1/000 is where the
    // stored tree first departs from the entries; the root is then the checkpoint's to explain.
    expect(judge({ '1/0': [5], '2/0': [0] }, true)).toEqual({
      entries: [],
      explained: false,
      problems: [{ file: 'tile/1/000', reason: 'hash 5 differs from the tree recomputed from the entries' }],
    });
  });

  it('a differing root with no differing tile explains nothing (the checkpoint is blamed)', () => {
    expect(judge({}, true)).toEqual({ entries: [], explained: false, problems: [] });
  });

  it('a difference reaching the root above a missing tile blames the tile, saying the one below is unreadable', () => {
    const r = judge({ '1/0': [5], '2/0': [0] }, true, ['0/5']);
    expect(r.explained).toBe(true);
    expect(r.problems).toEqual([
      { file: 'tile/0/005', reason: 'missing' },
      {
        file: 'tile/1/000',
        reason:
          'hash 5 differs from the tree recomputed from the entries; tile/0/005 below it, which would tell whether the entries or this tile are wrong, is unreadable',
      },
    ]);
  });

  it('a wrong stored tile: the parent agrees with the recomputed tree, so the tile is blamed', () => {
    expect(judge({ '0/5': [3, 9] }, false)).toEqual({
      entries: [],
      explained: false,
      problems: [{ file: 'tile/0/005', reason: 'hashes 3, 9 differ from the tree recomputed from the entries' }],
    });
    expect(judge({ '1/0': [5] }, false).problems).toEqual([
      { file: 'tile/1/000', reason: 'hash 5 differs from the tree recomputed from the entries' },
    ]);
    expect(judge({ '2/0': [0] }, false).problems.map((p) => p.file)).toEqual(['tile/2/000.p/1']);
  });

  it('a wrong tile beside a wrong entry: each is blamed on its own chain', () => {
    const r = judge({ '0/5': [3], '1/0': [5], '2/0': [0], '0/7': [1] }, true);
    expect(r.entries).toEqual([5 * 256 + 3]);
    expect(r.problems.map((p) => p.file)).toEqual(['tile/0/007']);
  });

  it('a missing parent passes the chain on to the root', () => {
    expect(judge({ '0/5': [3], '2/0': [0] }, true, ['1/0']).entries).toEqual([5 * 256 + 3]);
    expect(judge({ '0/5': [3] }, false, ['1/0']).problems.map((p) => p.file)).toEqual(['tile/1/000', 'tile/0/005']);
  });

  it('a partial level-0 tile feeds the root directly', () => {
    expect(judge({ '0/273': [111] }, true).entries).toEqual([273 * 256 + 111]);
    expect(judge({ '0/273': [111] }, false).problems.map((p) => p.file)).toEqual(['tile/0/273.p/112']);
  });

  it('without a recomputed root, differences blame the tiles', () => {
    expect(judge({ '0/5': [3] }, undefined).entries).toEqual([]);
  });
});

/**
 * Compares the archive's hash tiles (C2SP tlog-tiles, https://c2sp.org/tlog-tiles) with the tree
 * recomputed from its entries, and decides which file is wrong when they differ.
 *
 * Blame. A tile holds the hashes at tree level 8L; a full tile's own hash is one hash of its
 * parent tile (level L+1, index ⌊n/256⌋, position n mod 256); partial tiles feed the root.
 * When a stored tile is wrong, the recomputed tree is right, so the parent position agrees and
 * the difference stops there. When an entry is wrong, the recomputed tree is wrong from its leaf
 * upward: the difference climbs parent by parent to the root, which then differs from the signed
 * checkpoint. So, for each differing hash:
 *   - its chain stops below the root, or the root agrees: the stored tile is wrong;
 *   - it reaches a differing root at level 0: the entry is wrong;
 *   - it reaches a differing root above level 0 and the tile below differs too: the difference
 *     is that lower one's, carried up, and is blamed there (a differing root explained only by
 *     wrong stored tiles is then the checkpoint's fault too);
 *   - above level 0 with the tile below intact: the stored tile disagrees with its own children.
 * A missing parent passes the chain on up (the root decides); a missing child leaves the tile
 * blamed, with a note. A differing root that no chain explains blames the checkpoint.
 */
import { HASH_SIZE } from '../ledger/hash.js';
import { tilePath, TILE_WIDTH, type Tile } from '../ledger/tile.js';
import type { Problems } from './problems.js';

/** Width of tile (level, n) in a tree of `size` leaves: 256 when full, 1..255 partial, 0 none. */
export function tileWidth(size: number, level: number, n: number): number {
  const hashes = Math.floor(size / TILE_WIDTH ** level); // hashes at tree level 8·level
  const full = Math.floor(hashes / TILE_WIDTH);
  if (n < full) return TILE_WIDTH;
  return n === full ? hashes % TILE_WIDTH : 0;
}

const key = (level: number, n: number): string => `${level}/${n}`;

export class TileCheck {
  /** differing hash positions, by tile */
  private readonly differ = new Map<string, { tile: Tile; positions: number[] }>();
  /** tiles missing or of the wrong length: no evidence either way */
  private readonly unknown = new Set<string>();

  constructor(
    private readonly size: number,
    private readonly problems: Problems,
  ) {}

  compare(tile: Tile, computed: Uint8Array, stored: Uint8Array | null): void {
    const path = tilePath(tile);
    if (stored === null) {
      this.unknown.add(key(tile.level, tile.n));
      this.problems.add(path, 'missing');
      return;
    }
    if (stored.length !== computed.length) {
      // The reader stops one byte past the expected length: a longer file shows as that.
      const size = stored.length > computed.length ? 'larger than' : `${stored.length} bytes, not`;
      this.unknown.add(key(tile.level, tile.n));
      this.problems.add(path, `${size} ${computed.length} bytes (${tile.width} hashes of 32 bytes)`);
      return;
    }
    const positions = differingHashes(computed, stored);
    if (positions.length > 0) this.differ.set(key(tile.level, tile.n), { tile, positions });
  }

  /**
   * Reports every difference against the file to blame. `rootDiffers` is undefined when the
   * root could not be recomputed. Returns the blamed entries, in order, and whether some
   * chain of differences explains a differing root.
   */
  blame(rootDiffers: boolean | undefined, blameEntry: (index: number, tile: Tile) => void): { entries: number[]; explained: boolean } {
    const entries: number[] = [];
    let explained = false;
    for (const { tile, positions } of this.differ.values()) {
      const up = this.reachesRoot(tile.level, tile.n, rootDiffers === true);
      const own: number[] = [];
      let note = '';
      for (const p of positions) {
        const below = tile.level === 0 ? 'entry' : this.state(tile.level - 1, tile.n * TILE_WIDTH + p);
        if (up && below === 'entry') {
          entries.push(tile.n * TILE_WIDTH + p);
          blameEntry(tile.n * TILE_WIDTH + p, tile);
        } else if (up && below === 'differs') {
          // carried up from the tile below: blamed (and explained, or not) down there
        } else {
          own.push(p);
          if (up && below === 'unknown') {
            explained = true;
            note = `; ${tilePath({ level: tile.level - 1, n: tile.n * TILE_WIDTH + p, width: TILE_WIDTH })} below it, which would tell whether the entries or this tile are wrong, is unreadable`;
          }
        }
      }
      if (own.length > 0) this.problems.add(tilePath(tile), `${hashList(own)} from the tree recomputed from the entries${note}`);
    }
    return { entries: entries.sort((a, b) => a - b), explained: explained || entries.length > 0 };
  }

  private state(level: number, n: number): 'differs' | 'unknown' | 'same' {
    const k = key(level, n);
    return this.differ.has(k) ? 'differs' : this.unknown.has(k) ? 'unknown' : 'same';
  }

  private reachesRoot(level: number, n: number, rootDiffers: boolean): boolean {
    if (tileWidth(this.size, level, n) < TILE_WIDTH) return rootDiffers; // partial tiles feed the root
    const up = key(level + 1, Math.floor(n / TILE_WIDTH));
    if (!this.unknown.has(up) && !this.differ.get(up)?.positions.includes(n % TILE_WIDTH)) return false;
    return this.reachesRoot(level + 1, Math.floor(n / TILE_WIDTH), rootDiffers);
  }
}

function differingHashes(a: Uint8Array, b: Uint8Array): number[] {
  // Nearly always equal: one comparison of the whole tile, and hash by hash only if not.
  if (Buffer.from(a.buffer, a.byteOffset, a.length).equals(b)) return [];
  const out: number[] = [];
  for (let p = 0; p * HASH_SIZE < a.length; p++) {
    const off = p * HASH_SIZE;
    if (!Buffer.from(a.buffer, a.byteOffset + off, HASH_SIZE).equals(b.subarray(off, off + HASH_SIZE))) out.push(p);
  }
  return out;
}

function hashList(positions: number[]): string {
  const shown = positions.slice(0, 8).join(', ') + (positions.length > 8 ? `, … (${positions.length} in all)` : '');
  return positions.length === 1 ? `hash ${shown} differs` : `hashes ${shown} differ`;
}

/**
 * A streaming RFC 6962 tree builder: push leaf hashes in order, read the root at any size,
 * and receive C2SP tlog-tiles hash tiles as they complete. Used to verify and export trees
 * far larger than memory: it holds O(log n) hashes plus one tile buffer per tile level.
 *
 * The frontier (the "compact range" of RFC 9162 §2.1): frontier[h] is the hash of the
 * complete subtree of 2^h leaves that bit h of the size stands for, so
 *   root(size) = H(1 ‖ f[h₁] ‖ H(1 ‖ f[h₂] ‖ … f[hₖ]))   for the set bits h₁ > h₂ > … > hₖ.
 * Pushing leaf `size` completes one subtree per trailing 1 bit of size, one hash each, so
 * building a tree of n leaves costs n − 1 node hashes in all, like hashing it once.
 *
 * Tiles (https://c2sp.org/tlog-tiles §Merkle Tree): a tile at level l holds the hashes of
 * consecutive subtrees of height 8l. Each such subtree, when it completes, is appended to the
 * level-l buffer; the buffer is a full tile once it holds 256, which is exactly when the
 * height-8(l+1) subtree above completes. What a buffer holds at any size is that level's
 * partial tile (width ⌊size/256^l⌋ mod 256).
 *
 * Invariants (test/ledger/tree-builder.test.ts): root() equals tree.ts treeHash at every
 * size, and every tile equals the stored hashes at tileHashIndexes(tile).
 */
import { EMPTY_ROOT, HASH_SIZE, hashChildren, type Hash } from './hash.js';
import { TILE_HEIGHT, TILE_WIDTH, type Tile } from './tile.js';

/** A tile and its data: width·32 bytes, the concatenated hashes. */
export interface TileData {
  tile: Tile;
  hashes: Uint8Array;
}

/** Called with each full tile as it completes. `hashes` is handed over: the builder keeps no reference. */
export type OnTile = (tile: Tile, hashes: Uint8Array) => void;

const TILE_BYTES = TILE_WIDTH * HASH_SIZE;

export class TreeBuilder {
  #size = 0;
  /** frontier[h]: hash of the complete 2^h-leaf subtree for bit h of the size, if that bit is set. */
  readonly #frontier: (Hash | undefined)[] = [];
  /** Leaf kept for frontier[0], copied so the caller may reuse its buffer. */
  readonly #leaf = new Uint8Array(HASH_SIZE);
  /** buffers[l]: the level-l tile in progress; counts[l] hashes of it are filled. */
  readonly #buffers: Uint8Array[] = [];
  readonly #counts: number[] = [];
  readonly #onTile: OnTile | undefined;

  constructor(onTile?: OnTile) {
    this.#onTile = onTile;
  }

  get size(): number {
    return this.#size;
  }

  push(leafHash: Hash): void {
    if (leafHash.length !== HASH_SIZE) throw new RangeError(`leaf hash is ${leafHash.length} bytes; want ${HASH_SIZE}`);
    if (this.#size === Number.MAX_SAFE_INTEGER) throw new RangeError('tree is at the largest safe-integer size');
    this.#addToTile(0, leafHash);
    // Merge up through the trailing 1 bits of size: each merge completes a subtree of 2^(h+1).
    let h: Hash = leafHash;
    let height = 0;
    for (let s = this.#size; s % 2 === 1; s = (s - 1) / 2) {
      h = hashChildren(this.#frontier[height]!, h);
      this.#frontier[height] = undefined;
      height++;
      if (height % TILE_HEIGHT === 0) this.#addToTile(height / TILE_HEIGHT, h);
    }
    if (height === 0) {
      this.#leaf.set(leafHash);
      h = this.#leaf;
    }
    this.#frontier[height] = h;
    this.#size++;
  }

  /** RFC 6962 MTH of the leaves pushed so far; EMPTY_ROOT when there are none. */
  root(): Hash {
    let root: Hash | undefined;
    for (const h of this.#frontier) if (h !== undefined) root = root === undefined ? h : hashChildren(h, root);
    if (root === undefined) return EMPTY_ROOT;
    // A lone frontier hash is the builder's own (for size 1, the reused leaf slot): copy it.
    return this.#frontier.filter((h) => h !== undefined).length === 1 ? Uint8Array.from(root) : root;
  }

  /**
   * The root and the partial tile of every level that has one, at the current size. The
   * partial tiles are copies: the builder can go on, and later partials supersede these.
   */
  finish(): { root: Hash; partialTiles: TileData[] } {
    const partialTiles: TileData[] = [];
    this.#counts.forEach((count, level) => {
      if (count === 0) return;
      const n = Math.floor(this.#size / TILE_WIDTH ** (level + 1));
      partialTiles.push({ tile: { level, n, width: count }, hashes: this.#buffers[level]!.slice(0, count * HASH_SIZE) });
    });
    return { root: this.root(), partialTiles };
  }

  /** Appends the hash of a just-completed height-8·level subtree to the level's tile. */
  #addToTile(level: number, h: Hash): void {
    if (this.#buffers[level] === undefined) {
      this.#buffers[level] = new Uint8Array(TILE_BYTES);
      this.#counts[level] = 0;
    }
    const count = this.#counts[level]!;
    this.#buffers[level]!.set(h, count * HASH_SIZE);
    if (count + 1 < TILE_WIDTH) {
      this.#counts[level] = count + 1;
      return;
    }
    // Full: hand it over and start the next one. Its index: the tiles at this level so far.
    const full = this.#buffers[level]!;
    this.#buffers[level] = new Uint8Array(TILE_BYTES);
    this.#counts[level] = 0;
    const n = Math.floor(this.#size / TILE_WIDTH ** (level + 1));
    this.#onTile?.({ level, n, width: TILE_WIDTH }, full);
  }
}

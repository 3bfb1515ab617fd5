/**
 * C2SP tlog-tiles: tile and entry-bundle paths, tile sets, bundle coding.
 * Spec: https://c2sp.org/tlog-tiles — tile height 8, full width 256.
 *   tile/<L>/<N>[.p/<W>]        hash tiles
 *   tile/entries/<N>[.p/<W>]    entry bundles, each entry uint16 big-endian length ‖ bytes
 * N is split into 3-digit groups, all but the last prefixed with "x": 1234067 → x001/x234/067.
 *
 * §Merkle Tree: the n-th tile at level l holds, for i in [0, 256),
 *   MTH(D[(n·256 + i)·256^l : (n·256 + i + 1)·256^l])
 * which is the stored hash (see tree.ts) at level 8l, index n·256 + i.
 * §Partial Tiles: a tree of size s has at level l a partial tile of width ⌊s/256^l⌋ mod 256
 * (none when that is 0).
 *
 * Vectors: the spec's own examples (1234067, size 70,000, size 256), in test/ledger/tile.test.ts.
 */
import { storedHashIndex } from './tree.js';

export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 256;

/** Largest entry in a bundle: its length must fit the uint16 prefix. */
export const MAX_ENTRY_SIZE = 65535;

/** A tile: level L, index N, width W (1..256; 256 = full). */
export interface Tile {
  level: number;
  n: number;
  width: number;
}

/** A tile path that is not one the spec allows, or not the canonical spelling of one. */
export class TilePathError extends Error {
  constructor(path: string, why: string) {
    super(`invalid tile path ${JSON.stringify(path)}: ${why}`);
    this.name = 'TilePathError';
  }
}

/** The spec allows levels 0..63. */
const MAX_LEVEL = 63;

function checkTile(t: Tile): void {
  if (!Number.isInteger(t.level) || t.level < 0 || t.level > MAX_LEVEL) throw new RangeError(`tile level ${t.level}: want an integer in 0..${MAX_LEVEL}`);
  if (!Number.isSafeInteger(t.n) || t.n < 0) throw new RangeError(`tile index ${t.n}: want a non-negative safe integer`);
  if (!Number.isInteger(t.width) || t.width < 1 || t.width > TILE_WIDTH) throw new RangeError(`tile width ${t.width}: want an integer in 1..${TILE_WIDTH}`);
}

/** 1234067 → "x001/x234/067". */
function indexPath(n: number): string {
  let digits = String(n);
  digits = digits.padStart(Math.ceil(digits.length / 3) * 3, '0');
  const groups: string[] = [];
  for (let i = 0; i < digits.length; i += 3) groups.push(digits.slice(i, i + 3));
  return groups.map((g, i) => (i < groups.length - 1 ? 'x' + g : g)).join('/');
}

const widthSuffix = (width: number): string => (width === TILE_WIDTH ? '' : `.p/${width}`);

export function tilePath(tile: Tile): string {
  checkTile(tile);
  return `tile/${tile.level}/${indexPath(tile.n)}${widthSuffix(tile.width)}`;
}

export function entriesPath(n: number, width: number): string {
  checkTile({ level: 0, n, width });
  return `tile/entries/${indexPath(n)}${widthSuffix(width)}`;
}

/**
 * Parses `tile/<L>/<N>[.p/<W>]` or `tile/entries/<N>[.p/<W>]`; throws TilePathError on
 * anything non-canonical, and on tiles beyond a tree of Number.MAX_SAFE_INTEGER entries.
 */
export function parseTilePath(path: string): { entries: boolean; tile: Tile } {
  const fail = (why: string): TilePathError => new TilePathError(path, why);
  // Bounded before any work: the longest canonical path is well under 100 characters.
  if (path.length > 100) throw fail('too long');
  const parts = path.split('/');
  if (parts[0] !== 'tile' || parts.length < 3) throw fail('want tile/<L>/<N>[.p/<W>] or tile/entries/<N>[.p/<W>]');
  const entries = parts[1] === 'entries';
  const level = entries ? 0 : parseLevel(parts[1]!, fail);
  let groups = parts.slice(2);
  let width = TILE_WIDTH;
  const last = groups.length - 1;
  if (last >= 1 && groups[last - 1]!.endsWith('.p')) {
    width = parseWidth(groups[last]!, fail);
    groups = [...groups.slice(0, last - 1), groups[last - 1]!.slice(0, -2)];
  }
  const n = parseIndex(groups, fail);
  const tile = { level, n, width };
  // Canonical: nothing but the one spelling we would write ("x000/001" is not 1).
  const canonical = entries ? entriesPath(n, width) : tilePath(tile);
  if (canonical !== path) throw fail(`not canonical; the path of this tile is ${canonical}`);
  // The last hash the tile holds must lie inside a tree of safe-integer size.
  if ((n * TILE_WIDTH + width) * TILE_WIDTH ** level > Number.MAX_SAFE_INTEGER) throw fail('beyond the largest supported tree (2^53 - 1 entries)');
  return { entries, tile };
}

function parseLevel(s: string, fail: (why: string) => Error): number {
  if (!/^(0|[1-9][0-9]?)$/.test(s) || Number(s) > MAX_LEVEL) throw fail(`level ${JSON.stringify(s)}: want a decimal 0..${MAX_LEVEL} without leading zeroes, or "entries"`);
  return Number(s);
}

function parseWidth(s: string, fail: (why: string) => Error): number {
  if (!/^[1-9][0-9]{0,2}$/.test(s) || Number(s) >= TILE_WIDTH) throw fail(`partial width ${JSON.stringify(s)}: want a decimal 1..${TILE_WIDTH - 1} without leading zeroes`);
  return Number(s);
}

function parseIndex(groups: string[], fail: (why: string) => Error): number {
  // A safe integer has at most 16 digits: 6 groups.
  if (groups.length > 6) throw fail('index has too many path elements');
  let digits = '';
  groups.forEach((g, i) => {
    const want = i < groups.length - 1 ? /^x[0-9]{3}$/ : /^[0-9]{3}$/;
    if (!want.test(g)) throw fail(`index element ${JSON.stringify(g)}: want three digits, prefixed with "x" on all but the last element`);
    digits += g.slice(-3);
  });
  const n = Number(digits);
  if (!Number.isSafeInteger(n)) throw fail('index is not a safe integer');
  return n;
}

/** Every hash tile of a tree of the given size (full and partial), level by level. */
export function tilesForSize(size: number): Tile[] {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`tree size ${size}: want a non-negative safe integer`);
  const tiles: Tile[] = [];
  // At level l there are ⌊size/256^l⌋ level-8l subtree hashes: ⌊·/256⌋ full tiles and the rest partial.
  for (let level = 0; ; level++) {
    const count = Math.floor(size / TILE_WIDTH ** level);
    if (count === 0) break;
    const full = Math.floor(count / TILE_WIDTH);
    for (let n = 0; n < full; n++) tiles.push({ level, n, width: TILE_WIDTH });
    if (count % TILE_WIDTH > 0) tiles.push({ level, n: full, width: count % TILE_WIDTH });
  }
  return tiles;
}

/** The stored-hash indexes (see tree.ts) whose hashes make up the tile's data, in order. */
export function tileHashIndexes(tile: Tile): number[] {
  checkTile(tile);
  const indexes = new Array<number>(tile.width);
  for (let i = 0; i < tile.width; i++) indexes[i] = storedHashIndex(TILE_HEIGHT * tile.level, tile.n * TILE_WIDTH + i);
  return indexes;
}

export function encodeBundle(entries: Uint8Array[]): Uint8Array {
  let size = 0;
  entries.forEach((e, i) => {
    if (e.length > MAX_ENTRY_SIZE) throw new RangeError(`bundle entry ${i} is ${e.length} bytes; an entry holds at most ${MAX_ENTRY_SIZE}`);
    size += 2 + e.length;
  });
  const out = new Uint8Array(size);
  let at = 0;
  for (const e of entries) {
    out[at] = Math.floor(e.length / 256);
    out[at + 1] = e.length % 256;
    out.set(e, at + 2);
    at += 2 + e.length;
  }
  return out;
}

/**
 * Throws on truncation or trailing bytes. The entries are views into `bytes` (no copy);
 * the caller checks their number against the bundle's width.
 */
export function decodeBundle(bytes: Uint8Array): Uint8Array[] {
  const entries: Uint8Array[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 2 > bytes.length) throw new RangeError(`bundle truncated: a length prefix at byte ${at} is cut off`);
    const length = bytes[at]! * 256 + bytes[at + 1]!;
    const start = at + 2;
    if (start + length > bytes.length) throw new RangeError(`bundle truncated: entry ${entries.length} wants ${length} bytes, ${bytes.length - start} remain`);
    entries.push(bytes.subarray(start, start + length));
    at = start + length;
  }
  return entries;
}

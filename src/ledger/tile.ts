/**
 * C2SP tlog-tiles: tile and entry-bundle paths, tile sets, bundle coding.
 * Spec: https://c2sp.org/tlog-tiles — tile height 8, full width 256.
 *   tile/<L>/<N>[.p/<W>]        hash tiles
 *   tile/entries/<N>[.p/<W>]    entry bundles, each entry uint16 big-endian length ‖ bytes
 * N is split into 3-digit groups, all but the last prefixed with "x": 1234067 → x001/x234/067.
 */
export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 256;

/** A tile: level L, index N, width W (1..256; 256 = full). */
export interface Tile {
  level: number;
  n: number;
  width: number;
}

export declare function tilePath(tile: Tile): string;
export declare function entriesPath(n: number, width: number): string;
/** Parses `tile/<L>/<N>[.p/<W>]` or `tile/entries/<N>[.p/<W>]`; throws on anything non-canonical. */
export declare function parseTilePath(path: string): { entries: boolean; tile: Tile };
/** Every hash tile of a tree of the given size (full and partial), level by level. */
export declare function tilesForSize(size: number): Tile[];
/** The stored-hash indexes (see tree.ts) whose hashes make up the tile's data, in order. */
export declare function tileHashIndexes(tile: Tile): number[];
export declare function encodeBundle(entries: Uint8Array[]): Uint8Array;
/** Throws on truncation or trailing bytes. */
export declare function decodeBundle(bytes: Uint8Array): Uint8Array[];

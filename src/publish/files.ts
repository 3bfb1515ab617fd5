/**
 * The archive tree, one function for the live server and the static export:
 *   checkpoint, log.vkey, tile/<L>/<N>[.p/<W>], tile/entries/<N>[.p/<W>], doc/sha256/<hex>
 *
 * C2SP tlog-tiles (https://c2sp.org/tlog-tiles): everything is cut at the latest signed
 * checkpoint's size S, never at the (possibly newer, unsigned) head. At level L there are
 * c = floor(S / 256^L) complete subtree hashes of height 8L; tile N is full when
 * (N+1)·256 ≤ c, and the one partial tile is N = floor(c / 256) with width c mod 256.
 * A full tile never changes (immutable); a partial tile is served only at the width the
 * current checkpoint implies (other widths are 404: clients ask for what the checkpoint names).
 * Entry bundles follow level 0 (c = S).
 */
import type { Ctx } from '../services/context.js';
import { latestCheckpointRow } from '../services/unit-of-work.js';
import { readEntries, readHashes } from '../store/log.js';
import { encodeBundle, parseTilePath, tileHashIndexes, TILE_WIDTH, type Tile } from '../ledger/tile.js';

export interface ArchiveFile {
  body: Uint8Array;
  contentType: string;
  /** checkpoint: no-cache; full tiles, bundles and documents: immutable; partial tiles: short */
  cache: 'immutable' | 'no-cache' | 'short';
}

const TEXT = 'text/plain; charset=utf-8';
const BYTES = 'application/octet-stream';

/**
 * Documents are served with their own type only when that type cannot run script in a browser
 * (no text/html, no image/svg+xml); anything else is opaque bytes.
 */
const SAFE_MEDIA_TYPES: Record<string, string> = {
  'text/plain': TEXT,
  'text/markdown': 'text/markdown; charset=utf-8',
  'text/csv': 'text/csv; charset=utf-8',
  'application/json': 'application/json',
  'application/pdf': 'application/pdf',
  'image/png': 'image/png',
  'image/jpeg': 'image/jpeg',
  'image/gif': 'image/gif',
  'image/webp': 'image/webp',
};

export function servedMediaType(stored: string): string {
  const base = stored.split(';')[0]!.trim().toLowerCase();
  return SAFE_MEDIA_TYPES[base] ?? BYTES;
}

/** The width tile N at `level` has in a tree of size `size`, or 0 when it does not exist yet. */
export function tileWidthAt(size: number, level: number, n: number): number {
  const count = Math.floor(size / TILE_WIDTH ** level); // complete subtrees of height 8·level
  return Math.max(0, Math.min(TILE_WIDTH, count - n * TILE_WIDTH));
}

/** The bytes of a hash tile: its hashes, 32 bytes each, in order. */
export async function hashTileBytes(ctx: Ctx, tile: Tile): Promise<Uint8Array> {
  return Buffer.concat(await readHashes(ctx.db, tileHashIndexes(tile)));
}

/** The bytes of entry bundle N with `width` entries. */
export async function bundleBytes(ctx: Ctx, n: number, width: number): Promise<Uint8Array> {
  const start = n * TILE_WIDTH;
  return encodeBundle(await readEntries(ctx.db, start, start + width));
}

export async function latestSize(ctx: Ctx): Promise<number> {
  return (await latestCheckpointRow(ctx))?.size ?? 0;
}

/** null when the path names nothing (or a redacted document). Paths are validated strictly. */
export async function readArchiveFile(ctx: Ctx, path: string): Promise<ArchiveFile | null> {
  if (path === 'checkpoint') {
    const latest = await latestCheckpointRow(ctx);
    return latest === undefined ? null : { body: Buffer.from(latest.note, 'utf8'), contentType: TEXT, cache: 'no-cache' };
  }
  if (path === 'log.vkey') return { body: Buffer.from(ctx.verifierKey + '\n', 'utf8'), contentType: TEXT, cache: 'no-cache' };
  if (path.startsWith('tile/')) return readTile(ctx, path);
  const doc = /^doc\/sha256\/([0-9a-f]{64})$/.exec(path);
  if (doc !== null) return readDocument(ctx, doc[1]!);
  return null;
}

async function readTile(ctx: Ctx, path: string): Promise<ArchiveFile | null> {
  let parsed: ReturnType<typeof parseTilePath>;
  try {
    parsed = parseTilePath(path);
  } catch {
    return null;
  }
  const { entries, tile } = parsed;
  const width = tileWidthAt(await latestSize(ctx), entries ? 0 : tile.level, tile.n);
  if (width === 0 || width !== tile.width) return null;
  const body = entries ? await bundleBytes(ctx, tile.n, width) : await hashTileBytes(ctx, tile);
  return { body, contentType: BYTES, cache: width === TILE_WIDTH ? 'immutable' : 'short' };
}

export async function readDocument(ctx: Ctx, sha256: string): Promise<ArchiveFile | null> {
  const row = await ctx.db
    .selectFrom('document')
    .select(['body', 'media_type'])
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  if (row === undefined || row.body === null) return null;
  return { body: row.body, contentType: servedMediaType(row.media_type), cache: 'immutable' };
}

/**
 * Streams the log's entry bundles (C2SP tlog-tiles, https://c2sp.org/tlog-tiles) in order,
 * recomputes the RFC 6962 tree from the entries with a TreeBuilder, and compares every tile it
 * completes with the archive's tile, byte for byte. Memory: the builder's frontier, a prefetch
 * window of bundles, and one slot per distinct document — never the whole log.
 */
import { HASH_SIZE, type Hash } from '../ledger/hash.js';
import { entriesPath, tilePath, TILE_WIDTH, type Tile } from '../ledger/tile.js';
import { TreeBuilder } from '../ledger/tree-builder.js';
import type { ArchiveReader } from './reader.js';
import type { Problems } from './problems.js';
import { DocIndex } from './documents.js';
import { prefetch } from './pool.js';
import type { BundleCheck, EntryNotes } from './bundle.js';
import { bundleChecker } from './bundle-pool.js';
import { TileCheck } from './tiles.js';

/** The largest bundle of w entries: each a uint16 length and at most 65535 bytes. */
const maxBundleBytes = (w: number): number => w * (2 + 0xffff);

export interface LogOptions {
  size: number;
  /** record the root when the recomputed tree reaches this size */
  sinceSize?: number;
  concurrency: number;
  onProgress?: (done: number, total: number) => void;
}

export interface LogResult {
  /** the recomputed root, unless the entries and their tile were both unreadable somewhere */
  root?: Hash;
  sinceRoot?: Hash;
  docs: DocIndex;
  /** entries reported as wrong: the documents they name are not checked */
  bad: Set<number>;
  tiles: TileCheck;
}

interface Loaded {
  k: number;
  width: number;
  check: BundleCheck;
  tile0: Uint8Array | null;
}

export async function checkLog(reader: ArchiveReader, problems: Problems, opts: LogOptions): Promise<LogResult> {
  const run = new LogRun(reader, problems, opts);
  const bundles = Math.ceil(opts.size / TILE_WIDTH);
  const widthOf = (k: number): number => Math.min(TILE_WIDTH, opts.size - k * TILE_WIDTH);
  // Each bundle's entries are checked on a worker as soon as it is read; the window of
  // prefetched bundles keeps the workers busy while this thread builds the tree in order.
  const checker = bundleChecker();
  const load = async (k: number): Promise<Loaded> => {
    const width = widthOf(k);
    const [bundle, tile0] = await Promise.all([
      reader.read(entriesPath(k, width), maxBundleBytes(width)),
      reader.read(tilePath({ level: 0, n: k, width }), width * HASH_SIZE),
    ]);
    return { k, width, check: await checker.check(bundle, width), tile0 };
  };
  opts.onProgress?.(0, opts.size);
  try {
    for await (const loaded of prefetch(bundles, opts.concurrency, load)) {
      await run.bundle(loaded);
      opts.onProgress?.(Math.min(opts.size, (loaded.k + 1) * TILE_WIDTH), opts.size);
    }
  } finally {
    await checker.close();
  }
  return run.finish();
}

class LogRun {
  private readonly builder: TreeBuilder;
  private readonly completed: { tile: Tile; hashes: Uint8Array }[] = [];
  private readonly docs = new DocIndex();
  private readonly bad = new Set<number>();
  private readonly tiles: TileCheck;
  private pushed = 0;
  private broken = false;
  private sinceRoot: Hash | undefined;
  private lastTile0: Uint8Array | null = null;

  constructor(
    private readonly reader: ArchiveReader,
    private readonly problems: Problems,
    private readonly opts: LogOptions,
  ) {
    // The builder hands each full tile over (keeps no reference): hold it until it is compared.
    this.builder = new TreeBuilder((tile, hashes) => this.completed.push({ tile, hashes }));
    this.tiles = new TileCheck(opts.size, problems);
    if (opts.sinceSize === 0) this.sinceRoot = this.builder.root();
  }

  async bundle({ k, width, check, tile0 }: Loaded): Promise<void> {
    const path = entriesPath(k, width);
    if ('unusable' in check) {
      this.problems.add(path, check.unusable);
      this.substitute(k, width, tile0);
    } else {
      this.entries(k, path, check);
    }
    this.lastTile0 = tile0;
    await this.compareCompleted(k, tile0);
  }

  /** Pushes the bundle's leaf hashes, and acts on what its entries say, in index order. */
  private entries(k: number, path: string, { leaves, notes }: { leaves: Uint8Array; notes: EntryNotes[] }): void {
    let next = 0; // the next note to apply
    for (let j = 0; j * HASH_SIZE < leaves.length; j++) {
      this.push(leaves.subarray(j * HASH_SIZE, (j + 1) * HASH_SIZE));
      const note = notes[next];
      if (note === undefined || note.j !== j) continue;
      next++;
      const index = k * TILE_WIDTH + j;
      const faults = [...note.faults];
      for (const d of note.documents) {
        const fault = this.docs.name(d, index);
        if (fault) faults.push(fault);
      }
      if (note.redaction) this.docs.redact(note.redaction, index);
      for (const f of faults) this.problems.add(path, `entry ${index} ${f}`);
      if (faults.length > 0) this.bad.add(index);
    }
  }

  /**
   * The bundle is unusable: take the leaf hashes from its level-0 tile so the rest of the tree
   * can still be checked. With neither, the root cannot be recomputed.
   */
  private substitute(k: number, width: number, tile0: Uint8Array | null): void {
    for (let j = 0; j < width; j++) this.bad.add(k * TILE_WIDTH + j);
    if (tile0 === null || tile0.length !== width * HASH_SIZE) {
      const path = tilePath({ level: 0, n: k, width });
      this.problems.add(path, tile0 === null ? 'missing' : `not ${width * HASH_SIZE} bytes (${width} hashes of 32 bytes)`);
      this.broken = true;
      return;
    }
    for (let j = 0; j < width; j++) this.push(tile0.subarray(j * HASH_SIZE, (j + 1) * HASH_SIZE));
  }

  private push(leaf: Hash): void {
    if (this.broken) return;
    this.builder.push(leaf);
    this.pushed++;
    if (this.pushed === this.opts.sinceSize) this.sinceRoot = this.builder.root();
  }

  private async compareCompleted(k: number, tile0: Uint8Array | null): Promise<void> {
    const done = this.completed.splice(0);
    if (this.broken) return;
    for (const { tile, hashes } of done) {
      const stored = tile.level === 0 && tile.n === k ? tile0 : await this.readTile(tile);
      this.tiles.compare(tile, hashes, stored);
    }
  }

  private readTile(tile: Tile): Promise<Uint8Array | null> {
    return this.reader.read(tilePath(tile), tile.width * HASH_SIZE);
  }

  async finish(): Promise<LogResult> {
    const result: LogResult = { docs: this.docs, bad: this.bad, tiles: this.tiles };
    if (this.broken) return result;
    const { root, partialTiles } = this.builder.finish();
    const lastK = Math.floor(this.opts.size / TILE_WIDTH);
    for (const { tile, hashes } of partialTiles) {
      const stored = tile.level === 0 && tile.n === lastK ? this.lastTile0 : await this.readTile(tile);
      this.tiles.compare(tile, hashes, stored);
    }
    result.root = root;
    if (this.sinceRoot) result.sinceRoot = this.sinceRoot;
    return result;
  }
}

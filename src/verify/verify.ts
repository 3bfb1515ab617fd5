/**
 * Verification anyone can run: reads only an archive (directory or http(s) URL) and checks
 * everything in it against its signed checkpoint —
 *   1. the checkpoint note (C2SP signed-note, tlog-checkpoint) under the given keys, or else the
 *      archive's own log.vkey (which proves only internal consistency);
 *   2. every entry bundle, in order: canonical JSON records (RFC 8785), leaf hashes (RFC 6962),
 *      every hash tile recomputed and compared byte for byte (C2SP tlog-tiles), the root;
 *   3. optionally, that the archive extends an older checkpoint (same keys, same origin, and the
 *      recomputed tree at the older size has the older root);
 *   4. every document an entry names, by SHA-256 and size, unless a redaction record erased it.
 * The report names each file that is wrong and why; ok only when nothing is.
 * Tests: test/verify/verify.test.ts (real archives, byte flips, HTTP).
 */
import type { Hash } from '../ledger/hash.js';
import { encodeBase64 } from '../ledger/base64.js';
import { entriesPath, tilePath, TILE_WIDTH } from '../ledger/tile.js';
import type { Checkpoint } from '../ledger/checkpoint.js';
import { openReader, type ArchiveReader } from './reader.js';
import { Problems } from './problems.js';
import { loadKeys, readCheckpoint, trustCheckpoint, Untrusted, type Keys, type Trusted } from './trust.js';
import { checkLog, type LogResult } from './log.js';
import { tileWidth } from './tiles.js';

export interface Problem {
  file: string; // path inside the archive, e.g. tile/0/001.p/12
  reason: string;
}
export interface VerifyReport {
  ok: boolean;
  source: string;
  checkpoint?: { origin: string; size: number; root: string };
  /** which keys checked the checkpoint: the ones given, or the archive's own log.vkey */
  keySource?: 'given' | 'published';
  keyNames: string[];
  entries: number;
  documents: { checked: number; redacted: number };
  redacted: { sha256: string; reason: string; index: number }[];
  consistentWith?: { size: number; root: string };
  problems: Problem[];
}
export interface VerifyOptions {
  source: string;
  keys?: string[];
  /** text of an older signed checkpoint the archive must extend */
  since?: string;
  onProgress?: (done: number, total: number) => void;
}

/** Parallel reads: enough to hide network latency, few enough to be polite to a static host. */
const CONCURRENCY = 8;

/**
 * Throws SourceError when the source cannot be read at all (no such directory, not an archive,
 * bad URL, network failure): then nothing was verified. Everything else is in the report.
 */
export async function verifyArchive(opts: VerifyOptions): Promise<VerifyReport> {
  const reader = await openReader(opts.source);
  const report: VerifyReport = {
    ok: false,
    source: reader.source,
    keyNames: [],
    entries: 0,
    documents: { checked: 0, redacted: 0 },
    redacted: [],
    problems: [],
  };
  const problems = new Problems();
  const anchor = await anchorOf(reader, opts, report, problems);
  if (anchor) await checkAll(reader, opts, anchor, report, problems);
  report.problems = problems.done();
  report.ok = report.problems.length === 0;
  return report;
}

interface Anchor {
  keys: Keys;
  trusted: Trusted;
  since?: Checkpoint;
}

/** The trusted checkpoint (and older one), or undefined after reporting why there is none. */
async function anchorOf(reader: ArchiveReader, opts: VerifyOptions, report: VerifyReport, problems: Problems): Promise<Anchor | undefined> {
  const note = await readCheckpoint(reader).catch(untrusted(problems));
  if (!note) return undefined;
  const keys = await loadKeys(reader, opts.keys).catch(untrusted(problems));
  if (!keys) return undefined;
  report.keySource = keys.source;
  let trusted: Trusted;
  try {
    trusted = trustCheckpoint(note, keys);
  } catch (err) {
    untrusted(problems)(err);
    return undefined;
  }
  const c = trusted.checkpoint;
  report.checkpoint = { origin: c.origin, size: c.size, root: encodeBase64(c.root) };
  report.keyNames = trusted.keyNames;
  const anchor: Anchor = { keys, trusted };
  if (opts.since !== undefined) {
    const since = olderCheckpoint(opts.since, keys, c, problems);
    if (since) anchor.since = since;
  }
  return anchor;
}

function untrusted(problems: Problems): (err: unknown) => undefined {
  return (err) => {
    if (!(err instanceof Untrusted)) throw err;
    problems.add(err.file, err.message);
    return undefined;
  };
}

/** The older checkpoint, if it is signed by the same keys, for the same log, and not larger. */
function olderCheckpoint(text: string, keys: Keys, current: Checkpoint, problems: Problems): Checkpoint | undefined {
  const fail = (why: string): undefined => {
    problems.add('checkpoint', `cannot be checked against the older checkpoint: ${why}`);
    return undefined;
  };
  let old: Checkpoint;
  try {
    old = trustCheckpoint(text, keys, 'since').checkpoint;
  } catch (err) {
    if (!(err instanceof Untrusted)) throw err;
    return fail(`the older checkpoint ${err.message}`);
  }
  if (old.origin !== current.origin) return fail(`it is for origin "${old.origin}", this archive is "${current.origin}"`);
  if (old.size > current.size) {
    problems.add('checkpoint', `size ${current.size} is smaller than the older checkpoint's ${old.size}: the log shrank, so it is not an extension of it`);
    return undefined;
  }
  return old;
}

async function checkAll(reader: ArchiveReader, opts: VerifyOptions, anchor: Anchor, report: VerifyReport, problems: Problems): Promise<void> {
  const c = anchor.trusted.checkpoint;
  const log = await checkLog(reader, problems, {
    size: c.size,
    concurrency: CONCURRENCY,
    ...(anchor.since ? { sinceSize: anchor.since.size } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  report.entries = c.size;
  judgeRoot(c, log, problems);
  if (anchor.since) judgeSince(anchor.since, c, log, report, problems);
  report.redacted = log.docs.redacted();
  report.documents.redacted = report.redacted.length;
  report.documents.checked = await log.docs.check(reader, (i) => log.bad.has(i), problems, CONCURRENCY);
}

/** Compares the recomputed root with the checkpoint, then blames each differing tile. */
function judgeRoot(c: Checkpoint, log: LogResult, problems: Problems): void {
  const rootDiffers = log.root === undefined ? undefined : !equal(log.root, c.root);
  const { entries, explained } = log.tiles.blame(rootDiffers, (index, tile) => {
    if (log.bad.has(index)) return; // already reported, for a reason that explains this too
    problems.add(bundleOf(c.size, index), `entry ${index} does not hash to its leaf in ${tilePath(tile)}, and the tree recomputed from it misses the checkpoint's root`);
  });
  for (const i of entries) log.bad.add(i);
  if (rootDiffers && !explained) {
    problems.add('checkpoint', `root hash ${encodeBase64(c.root)} is not the root of the entries (recomputed: ${encodeBase64(log.root!)})`);
  }
}

/** The archive extends the older checkpoint iff its tree at the older size has the older root. */
function judgeSince(old: Checkpoint, c: Checkpoint, log: LogResult, report: VerifyReport, problems: Problems): void {
  // Only meaningful when the entries reproduce the signed root: otherwise they are already blamed.
  if (log.root === undefined || log.sinceRoot === undefined || !equal(log.root, c.root)) return;
  if (!equal(log.sinceRoot, old.root)) {
    problems.add(
      'checkpoint',
      `not an extension of the older checkpoint (size ${old.size}, root ${encodeBase64(old.root)}): this log's first ${old.size} entries have root ${encodeBase64(log.sinceRoot)}`,
    );
    return;
  }
  report.consistentWith = { size: old.size, root: encodeBase64(old.root) };
}

function bundleOf(size: number, index: number): string {
  const n = Math.floor(index / TILE_WIDTH);
  return entriesPath(n, tileWidth(size, 0, n));
}

function equal(a: Hash, b: Hash): boolean {
  return Buffer.from(a).equals(b);
}

/**
 * Builds a real archive directory (C2SP tlog-tiles layout, docs/archive-format.md) straight from
 * the ledger's functions. The tree comes from tree.ts's stored-hash algorithms (the port of Go's
 * sumdb/tlog: storedHashes, treeHash, tileHashIndexes), not from TreeBuilder, so the verifier's
 * streaming builder is checked against an independent computation of the same tiles.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { formatCheckpoint } from '../../src/ledger/checkpoint.js';
import { hashLeaf, type Hash } from '../../src/ledger/hash.js';
import { canonicalBytes } from '../../src/ledger/jcs.js';
import { generateKey, parseSignerKey, signNote } from '../../src/ledger/note.js';
import { encodeBundle, entriesPath, tileHashIndexes, tilePath, tilesForSize, TILE_WIDTH } from '../../src/ledger/tile.js';
import { storedHashes, treeHash } from '../../src/ledger/tree.js';

export interface ArchiveOptions {
  size: number;
  origin?: string;
  /** entry i names a document when i % docEvery === 1 (default 7; 0 for none) */
  docEvery?: number;
  /** how many of the documents the last entries redact (they are redaction records) */
  redact?: number;
  /** leave redacted documents' files in place, as a mirror that copied them earlier would */
  keepRedacted?: boolean;
  /** write these record objects instead, by index (they need not be canonical) */
  override?: Map<number, Uint8Array>;
}

export interface Doc {
  sha256: string;
  index: number;
  file: string;
}

export interface Archive {
  dir: string;
  size: number;
  origin: string;
  signerKey: string;
  verifierKey: string;
  docs: Doc[];
  redacted: { sha256: string; reason: string; index: number }[];
  /** the tree's root at any size ≤ size */
  rootAt(n: number): Promise<Hash>;
  /** a checkpoint note for the tree at size n, signed by the log's key (or the given signer keys) */
  checkpointAt(n: number, root?: Hash, signerKeys?: string[]): Promise<string>;
  /** every file in the archive, relative to dir */
  files: string[];
  remove(): void;
}

const AT = '2026-11-25T10:00:00.000Z';
const REASONS = ['safety', 'legal', 'error'] as const;

export function tempDir(prefix = 'daylight-verify-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function sha256hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function makeArchive(opts: ArchiveOptions, dir = tempDir()): Promise<Archive> {
  const origin = opts.origin ?? 'test.example/daylight';
  const key = generateKey(origin);
  const files: string[] = [];
  const write = (rel: string, data: Uint8Array | string): void => {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, data);
    files.push(rel);
  };
  const { entries, docs, redacted } = makeEntries(opts, write);
  const stored = await writeLog(entries, write);
  const read = async (indexes: number[]): Promise<Hash[]> => indexes.map((i) => stored[i]!);
  const rootAt = (n: number): Promise<Hash> => treeHash(n, read);
  const checkpointAt = async (n: number, root?: Hash, signerKeys = [key.signerKey]): Promise<string> => {
    const body = formatCheckpoint({ origin, size: n, root: root ?? (await rootAt(n)), extensions: [] });
    return signNote(body, signerKeys.map(parseSignerKey));
  };
  write('checkpoint', await checkpointAt(entries.length));
  write('log.vkey', key.verifierKey + '\n');
  for (const r of redacted) {
    if (!opts.keepRedacted) {
      rmSync(path.join(dir, docFile(r.sha256)));
      files.splice(files.indexOf(docFile(r.sha256)), 1);
    }
  }
  return {
    dir,
    size: entries.length,
    origin,
    signerKey: key.signerKey,
    verifierKey: key.verifierKey,
    docs: docs.filter((d) => !redacted.some((r) => r.sha256 === d.sha256)),
    redacted,
    rootAt,
    checkpointAt,
    files,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const docFile = (sha256: string): string => `doc/sha256/${sha256}`;

function makeEntries(opts: ArchiveOptions, write: (rel: string, data: Uint8Array) => void) {
  const docEvery = opts.docEvery ?? 7;
  const nRedact = opts.redact ?? 0;
  const entries: Uint8Array[] = [];
  const docs: Doc[] = [];
  const redacted: Archive['redacted'] = [];
  for (let i = 0; i < opts.size; i++) {
    const override = opts.override?.get(i);
    let record: Record<string, unknown> = { type: 'note', at: AT, n: i };
    if (i >= opts.size - nRedact) {
      const target = docs[i - (opts.size - nRedact)];
      if (!target) throw new Error('make-archive: more redactions than documents before them');
      const reason = REASONS[i % 3]!;
      record = { type: 'redaction', at: AT, sha256: target.sha256, reason };
      redacted.push({ sha256: target.sha256, reason, index: i });
    } else if (docEvery > 0 && i % docEvery === 1) {
      const bytes = new TextEncoder().encode(`Statement ${i}: we keep the covenant we signed.\n`);
      const sha256 = sha256hex(bytes);
      write(docFile(sha256), bytes);
      docs.push({ sha256, index: i, file: docFile(sha256) });
      const doc = { sha256, mediaType: 'text/plain; charset=utf-8', size: bytes.length, name: `statement-${i}.txt` };
      record = { type: 'statement', at: AT, documents: [doc] };
    }
    entries.push(override ?? canonicalBytes(record));
  }
  return { entries, docs, redacted };
}

/** Writes bundles and every tile of the tree; returns the stored hashes (Go tlog layout). */
async function writeLog(entries: Uint8Array[], write: (rel: string, data: Uint8Array) => void): Promise<Hash[]> {
  const stored: Hash[] = [];
  const read = async (indexes: number[]): Promise<Hash[]> => indexes.map((i) => stored[i]!);
  for (let n = 0; n < entries.length; n++) {
    stored.push(...(await storedHashes(n, hashLeaf(entries[n]!), read)));
  }
  for (let k = 0; k * TILE_WIDTH < entries.length; k++) {
    const bundle = entries.slice(k * TILE_WIDTH, (k + 1) * TILE_WIDTH);
    write(entriesPath(k, bundle.length), encodeBundle(bundle));
  }
  for (const tile of tilesForSize(entries.length)) {
    write(tilePath(tile), Buffer.concat(tileHashIndexes(tile).map((i) => stored[i]!)));
  }
  return stored;
}

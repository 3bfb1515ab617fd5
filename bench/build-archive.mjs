// Writes an N-entry archive directory straight from the ledger functions (no database), so the
// verify benchmark measures verification, not setup. Entries are canonical JSON records.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TreeBuilder } from '../dist/ledger/tree-builder.js';
import { hashLeaf } from '../dist/ledger/hash.js';
import { tilePath, entriesPath, TILE_WIDTH } from '../dist/ledger/tile.js';
import { encodeBundle } from '../dist/ledger/tile.js';
import { canonicalBytes } from '../dist/ledger/jcs.js';
import { generateKey, parseSignerKey, signNote } from '../dist/ledger/note.js';
import { formatCheckpoint } from '../dist/ledger/checkpoint.js';

function write(dir, rel, data) {
  const file = path.join(dir, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, data);
}

export function buildArchive(dir, size, origin = 'bench.example/daylight') {
  const key = generateKey(origin);
  const builder = new TreeBuilder((tile, hashes) => write(dir, tilePath(tile), hashes));
  let bundle = [];
  for (let i = 0; i < size; i++) {
    const entry = canonicalBytes({ type: 'bench', at: '2026-11-25T00:00:00.000Z', n: i });
    builder.push(hashLeaf(entry));
    bundle.push(entry);
    if (bundle.length === TILE_WIDTH) {
      write(dir, entriesPath(Math.floor(i / TILE_WIDTH), TILE_WIDTH), encodeBundle(bundle));
      bundle = [];
    }
  }
  if (bundle.length > 0) write(dir, entriesPath(Math.floor(size / TILE_WIDTH), bundle.length), encodeBundle(bundle));
  const { root, partialTiles } = builder.finish();
  for (const { tile, hashes } of partialTiles) write(dir, tilePath(tile), hashes);
  const body = formatCheckpoint({ origin, size, root, extensions: [] });
  write(dir, 'checkpoint', signNote(body, [parseSignerKey(key.signerKey)]));
  write(dir, 'log.vkey', key.verifierKey + '\n');
  return key.verifierKey;
}

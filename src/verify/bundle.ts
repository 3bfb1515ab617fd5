/**
 * The per-entry work of verification for one entry bundle (C2SP tlog-tiles): decode it, hash
 * every entry as an RFC 6962 leaf, and read each as a public record (entry.ts). It needs no
 * state beyond the bundle, so it runs in worker threads (bundle-pool.ts) while the main thread
 * reads files and builds the tree; what needs the whole log (documents named by earlier
 * entries, the tree, the tiles) stays with the caller, in index order.
 */
import { hashLeaf, HASH_SIZE } from '../ledger/hash.js';
import { decodeBundle } from '../ledger/tile.js';
import { readEntry, type DocRef, type Redaction } from './entry.js';

/** What an entry says that the caller must act on; entries with nothing to say are left out. */
export interface EntryNotes {
  /** position in the bundle */
  j: number;
  faults: string[];
  documents: DocRef[];
  redaction?: Redaction;
}

export type BundleCheck =
  /** the bundle cannot be used: the reason, as reported against its file */
  | { unusable: string }
  /** leaves: the width leaf hashes, concatenated; notes: in entry order */
  | { leaves: Uint8Array; notes: EntryNotes[] };

export function checkBundle(bytes: Uint8Array | null, width: number): BundleCheck {
  if (bytes === null) return { unusable: 'missing' };
  let entries: Uint8Array[];
  try {
    entries = decodeBundle(bytes);
  } catch (err) {
    return { unusable: `not a valid entry bundle: ${(err as Error).message}` };
  }
  if (entries.length !== width) return { unusable: `holds ${entries.length} entries, expected ${width}` };
  const leaves = new Uint8Array(width * HASH_SIZE);
  const notes: EntryNotes[] = [];
  for (let j = 0; j < width; j++) {
    const bytes = entries[j]!;
    leaves.set(hashLeaf(bytes), j * HASH_SIZE);
    const facts = readEntry(bytes);
    if (facts.faults.length > 0 || facts.documents.length > 0 || facts.redaction) notes.push({ j, ...facts });
  }
  return { leaves, notes };
}

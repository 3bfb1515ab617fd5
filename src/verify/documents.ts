/**
 * Documents by content hash (docs/archive-format.md): every document an entry names must be at
 * doc/sha256/<hex> with exactly that SHA-256 and size, unless a redaction record erased it
 * loudly. Held compactly — one map slot per distinct document — so a million entries fit.
 */
import { createHash } from 'node:crypto';
import type { ArchiveReader } from './reader.js';
import type { DocRef, Redaction } from './entry.js';
import type { Problems } from './problems.js';
import { forEachLimit } from './pool.js';

export interface RedactedDoc {
  sha256: string;
  reason: string;
  index: number;
}

export function docPath(sha256: string): string {
  return `doc/sha256/${sha256}`;
}

export class DocIndex {
  private readonly slot = new Map<string, number>();
  /** per slot: the first entry naming the document, and the size it gave */
  private readonly firstIndex: number[] = [];
  private readonly size: number[] = [];
  private readonly redactions = new Map<string, RedactedDoc>();

  /** Records that entry `index` names `ref`; returns a fault when it contradicts an earlier entry. */
  name(ref: DocRef, index: number): string | undefined {
    const s = this.slot.get(ref.sha256);
    if (s === undefined) {
      this.slot.set(ref.sha256, this.firstIndex.length);
      this.firstIndex.push(index);
      this.size.push(ref.size);
      return undefined;
    }
    if (this.size[s] === ref.size) return undefined;
    return `names document ${ref.sha256} with size ${ref.size}, but entry ${this.firstIndex[s]} gave ${this.size[s]}`;
  }

  /** The first redaction of a document counts; a repeated one changes nothing. */
  redact(r: Redaction, index: number): void {
    if (!this.redactions.has(r.sha256)) this.redactions.set(r.sha256, { ...r, index });
  }

  redacted(): RedactedDoc[] {
    return [...this.redactions.values()].sort((a, b) => a.index - b.index);
  }

  /**
   * Reads every named, unredacted document and checks its size and hash. Documents first named
   * by an entry already reported as wrong are skipped: that entry's claims are not evidence.
   * Returns how many documents were checked.
   */
  async check(reader: ArchiveReader, badEntry: (index: number) => boolean, problems: Problems, concurrency: number): Promise<number> {
    let checked = 0;
    const faults: { s: number; file: string; fault: string }[] = [];
    const todo = (function* (self: DocIndex) {
      for (const [sha256, s] of self.slot) {
        if (!self.redactions.has(sha256) && !badEntry(self.firstIndex[s]!)) yield { sha256, s };
      }
    })(this);
    await forEachLimit(todo, concurrency, async ({ sha256, s }) => {
      const fault = await checkDocument(reader, sha256, this.size[s]!, this.firstIndex[s]!);
      if (fault) faults.push({ s, file: docPath(sha256), fault });
      checked++;
    });
    // Reads finish in any order; the report lists documents in the order entries first named them.
    for (const f of faults.sort((a, b) => a.s - b.s)) problems.add(f.file, f.fault);
    return checked;
  }
}

async function checkDocument(reader: ArchiveReader, sha256: string, size: number, index: number): Promise<string | undefined> {
  const bytes = await reader.read(docPath(sha256), size);
  if (bytes === null) return `missing document ${sha256} named by entry ${index} (no redaction record erases it)`;
  if (bytes.length > size) return `larger than the ${size} bytes entry ${index} gives`;
  if (bytes.length < size) return `${bytes.length} bytes, but entry ${index} gives ${size}`;
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== sha256) return `content hashes to ${actual}, not to its name (named by entry ${index})`;
  return undefined;
}

/**
 * Test-only reference code for the Merkle tree tests: RFC 6962 §2.1 MTH written as the RFC
 * states it (recursive, no storage), and an in-memory stored-hash log built with
 * src/ledger/tree.ts storedHashes, the way Go's tlog_test.go builds its testHashStorage.
 */
import { hashChildren, hashLeaf, type Hash } from '../../../../src/ledger/hash.js';
import { storedHashes, type HashReader } from '../../../../src/ledger/tree.js';

/** MTH(D[lo:hi]) = H(1 ‖ MTH(D[lo:lo+k]) ‖ MTH(D[lo+k:hi])), k the largest power of 2 < hi − lo. */
export function naiveRoot(leaves: readonly Hash[], lo = 0, hi = leaves.length): Hash {
  if (hi - lo === 1) return leaves[lo]!;
  let k = 1;
  while (k * 2 < hi - lo) k *= 2;
  return hashChildren(naiveRoot(leaves, lo, lo + k), naiveRoot(leaves, lo + k, hi));
}

export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
export const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));

/** Leaf hashes of "leaf 0", "leaf 1", … as in Go's TestTree. */
export function goLeaves(n: number): Hash[] {
  return Array.from({ length: n }, (_, i) => hashLeaf(new TextEncoder().encode(`leaf ${i}`)));
}

/** A stored-hash log in memory. Its reader insists on increasing indexes, as Go's test storage does. */
export class MemoryLog {
  readonly hashes: Hash[] = [];
  readonly leaves: Hash[] = [];
  reads = 0;

  readonly read: HashReader = async (indexes) => {
    this.reads++;
    for (let i = 1; i < indexes.length; i++) if (indexes[i - 1]! >= indexes[i]!) throw new Error('indexes out of order');
    return indexes.map((x) => {
      const h = this.hashes[x];
      if (h === undefined) throw new Error(`no stored hash ${x}`);
      return h;
    });
  };

  async append(leaf: Hash): Promise<Hash[]> {
    const added = await storedHashes(this.leaves.length, leaf, this.read);
    this.leaves.push(leaf);
    this.hashes.push(...added);
    return added;
  }

  static async of(leaves: readonly Hash[]): Promise<MemoryLog> {
    const log = new MemoryLog();
    for (const leaf of leaves) await log.append(leaf);
    return log;
  }
}

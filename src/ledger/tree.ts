/**
 * Tree hashes, stored-hash layout, inclusion and consistency proofs.
 * Port of Go's golang.org/x/mod/sumdb/tlog (tlog.go), which follows RFC 6962; proofs are
 * RFC 9162 §2.1.3 (inclusion) and §2.1.4 (consistency) proofs, byte for byte.
 *
 * Stored hashes: every complete subtree hash, numbered as in Go's tlog (Crosby and Wallach,
 * "Efficient Data Structures for Tamper-Evident Logging", §3.3):
 *   storedHashIndex(level, n) — the index of the hash of the subtree at `level` covering
 *   leaves [n·2^level, (n+1)·2^level). Invariant: splitStoredHashIndex(storedHashIndex(l, n)) == [l, n].
 * Sizes and indexes are safe integers; no bit shifts on them (>> is 32-bit in JavaScript).
 *
 * Differences from Go, on purpose:
 * - treeHash(0) is MTH({}) = SHA-256() (RFC 6962), not Go's all-zero hash.
 * - check* reject, with the same opaque InvalidProofError, everything Go returns a distinct
 *   error for (sizes out of range, n == 0 for consistency) and also hashes that are not
 *   32 bytes, which Go's fixed-size type cannot express.
 *
 * Vectors: Go's tlog_test.go TestTree and transparency-dev/merkle testdata, in
 * test/ledger/tree.test.ts.
 */
import { EMPTY_ROOT, HASH_SIZE, hashChildren, type Hash } from './hash.js';

/** Reads stored hashes by stored-hash index, in one batched call. Must return them in order. */
export type HashReader = (indexes: number[]) => Promise<Hash[]>;

/** Every failed proof is the same opaque error: no oracle for an attacker. */
export class InvalidProofError extends Error {
  constructor() {
    super('invalid proof');
    this.name = 'InvalidProofError';
  }
}

/** A proof has at most one hash per tree level, and a safe-integer tree has at most 53. */
const MAX_PROOF_LENGTH = 2 * 53;

const isCount = (x: number): boolean => Number.isSafeInteger(x) && x >= 0;

function requireCount(name: string, x: number): void {
  if (!isCount(x)) throw new RangeError(`${name} = ${x}: want a non-negative safe integer`);
}

/** [k, l]: k = 2^l, the largest power of two strictly less than n (n >= 2). */
function maxPow2(n: number): [k: number, l: number] {
  let l = 0;
  while (2 ** (l + 1) < n) l++;
  return [2 ** l, l];
}

/** Number of trailing zero bits of a positive safe integer. */
function trailingZeros(x: number): number {
  let z = 0;
  while (x % 2 === 0) {
    x /= 2;
    z++;
  }
  return z;
}

export function storedHashIndex(level: number, n: number): number {
  requireCount('level', level);
  requireCount('n', n);
  // Level L's n'th hash is written right after level L+1's (2n+1)'th hash, so walk down to
  // level 0: n' = (n+1)·2^level − 1, the last leaf under the subtree.
  if ((n + 1) * 2 ** level > Number.MAX_SAFE_INTEGER) throw new RangeError(`storedHashIndex(${level}, ${n}) is beyond a safe-integer tree`);
  let m = (n + 1) * 2 ** level - 1;
  // Level 0's m'th hash is written at m + ⌊m/2⌋ + ⌊m/4⌋ + … ; add back the original level.
  let i = 0;
  for (; m > 0; m = Math.floor(m / 2)) i += m;
  const index = i + level;
  if (!Number.isSafeInteger(index)) throw new RangeError(`storedHashIndex(${level}, ${n}) is beyond a safe-integer tree`);
  return index;
}

export function splitStoredHashIndex(index: number): [level: number, n: number] {
  requireCount('index', index);
  // storedHashIndex(0, n) < 2n, so the leaf written just before `index` is in
  // [index/2, index/2 + log₂ index].
  let n = Math.floor(index / 2);
  let indexN = storedHashIndex(0, n);
  if (indexN > index) throw new Error('splitStoredHashIndex: bad math');
  for (;;) {
    // Each new leaf n adds 1 + trailingZeros(n+1) hashes.
    const x = indexN + 1 + trailingZeros(n + 1);
    if (x > index) break;
    n++;
    indexN = x;
  }
  // The hash we want was stored with leaf n: it is one of (0, n), (1, n/2), (2, n/4), …
  const level = index - indexN;
  return [level, Math.floor(n / 2 ** level)];
}

/** Number of stored hashes for a tree of size n. */
export function storedHashCount(n: number): number {
  requireCount('n', n);
  if (n === 0) return 0;
  // The hashes up to the last leaf's, plus those of the subtrees that leaf completed.
  let count = storedHashIndex(0, n - 1) + 1;
  for (let i = n - 1; i % 2 === 1; i = Math.floor(i / 2)) count++;
  return count;
}

async function readExactly(read: HashReader, indexes: number[]): Promise<Hash[]> {
  const hashes = await read(indexes);
  if (hashes.length !== indexes.length) throw new Error(`HashReader returned ${hashes.length} hashes for ${indexes.length} indexes`);
  return hashes;
}

/** The hashes to store when appending leaf n (whose leaf hash is `leaf`), given the tree of size n. */
export async function storedHashes(n: number, leaf: Hash, read: HashReader): Promise<Hash[]> {
  requireCount('n', n);
  if (leaf.length !== HASH_SIZE) throw new RangeError(`leaf hash is ${leaf.length} bytes; want ${HASH_SIZE}`);
  // Each trailing 1 bit of n completes a subtree, consuming the hash of its left sibling
  // (level i, index ⌊n/2^i⌋ − 1, which is even). Indexes are read in increasing order.
  const m = trailingZeros(n + 1);
  const indexes = new Array<number>(m);
  for (let i = 0; i < m; i++) indexes[m - 1 - i] = storedHashIndex(i, Math.floor(n / 2 ** i) - 1);
  const old = m === 0 ? [] : await readExactly(read, indexes);
  const hashes = [leaf];
  let h = leaf;
  for (let i = 0; i < m; i++) {
    h = hashChildren(old[m - 1 - i]!, h);
    hashes.push(h);
  }
  return hashes;
}

/** A read position in a batch of hashes, so recursion consumes it without slicing. */
interface Cursor {
  hashes: Hash[];
  at: number;
}

function take(c: Cursor): Hash {
  const h = c.hashes[c.at++];
  if (h === undefined) throw new Error('tlog: bad index math (ran out of hashes)');
  return h;
}

/** Stored-hash indexes needed for the hash of leaves [lo, hi) (RFC 6962 §2.1 MTH). */
function subTreeIndex(lo: number, hi: number, need: number[]): number[] {
  // Split [lo, hi) into maximal complete subtrees, left to right (see subTreeHash).
  while (lo < hi) {
    const [k, level] = maxPow2(hi - lo + 1);
    if (lo % k !== 0) throw new Error('tlog: bad math in subTreeIndex');
    need.push(storedHashIndex(level, lo / k));
    lo += k;
  }
  return need;
}

/** The hash of leaves [lo, hi), from the hashes subTreeIndex(lo, hi) asked for. */
function subTreeHash(lo: number, hi: number, c: Cursor): Hash {
  // [lo, hi) is a left subtree of 2^level leaves, stored directly, then the right fringe:
  // MTH = H(1 ‖ s₁ ‖ H(1 ‖ s₂ ‖ … sₖ)), folded from the right.
  let numTree = 0;
  for (let x = lo; x < hi; numTree++) x += maxPow2(hi - x + 1)[0];
  if (numTree === 0) throw new Error('tlog: bad math in subTreeHash');
  const parts = c.hashes.slice(c.at, c.at + numTree);
  if (parts.length !== numTree) throw new Error('tlog: bad index math in subTreeHash');
  c.at += numTree;
  let h = parts[numTree - 1]!;
  for (let i = numTree - 2; i >= 0; i--) h = hashChildren(parts[i]!, h);
  return h;
}

/** RFC 6962 MTH of the tree of size n, from one batched read of at most 1 + log₂ n hashes. */
export async function treeHash(n: number, read: HashReader): Promise<Hash> {
  requireCount('n', n);
  if (n === 0) return EMPTY_ROOT;
  const c = { hashes: await readExactly(read, subTreeIndex(0, n, [])), at: 0 };
  const h = subTreeHash(0, n, c);
  if (c.at !== c.hashes.length) throw new Error('tlog: bad index math in treeHash');
  return h;
}

/** Stored-hash indexes for the proof that leaf n is in [lo, hi) (RFC 9162 §2.1.3.1 PATH). */
function leafProofIndex(lo: number, hi: number, n: number, need: number[]): number[] {
  if (!(lo <= n && n < hi)) throw new Error('tlog: bad math in leafProofIndex');
  if (lo + 1 === hi) return need;
  const [k] = maxPow2(hi - lo);
  if (n < lo + k) {
    leafProofIndex(lo, lo + k, n, need);
    subTreeIndex(lo + k, hi, need);
  } else {
    subTreeIndex(lo, lo + k, need);
    leafProofIndex(lo + k, hi, n, need);
  }
  return need;
}

/** PATH(n, D[lo:hi]): the sibling hashes from leaf n up, bottom first. */
function leafProof(lo: number, hi: number, n: number, c: Cursor, proof: Hash[]): Hash[] {
  if (!(lo <= n && n < hi)) throw new Error('tlog: bad math in leafProof');
  // At the leaf itself: the verifier knows its hash, so nothing is sent.
  if (lo + 1 === hi) return proof;
  // Walk toward n, recording the hash of the side not taken (it goes last: nearest the root).
  const [k] = maxPow2(hi - lo);
  let sibling: Hash;
  if (n < lo + k) {
    leafProof(lo, lo + k, n, c, proof);
    sibling = subTreeHash(lo + k, hi, c);
  } else {
    sibling = subTreeHash(lo, lo + k, c);
    leafProof(lo + k, hi, n, c, proof);
  }
  proof.push(sibling);
  return proof;
}

/** Inclusion proof that leaf n is in the tree of size t (RFC 9162 §2.1.3.1). */
export async function proveRecord(t: number, n: number, read: HashReader): Promise<Hash[]> {
  requireCount('t', t);
  requireCount('n', n);
  if (n >= t) throw new RangeError(`proveRecord: leaf ${n} is not in a tree of size ${t}`);
  const indexes = leafProofIndex(0, t, n, []);
  if (indexes.length === 0) return [];
  const c = { hashes: await readExactly(read, indexes), at: 0 };
  const proof = leafProof(0, t, n, c, []);
  if (c.at !== c.hashes.length) throw new Error('tlog: bad index math in proveRecord');
  return proof;
}

function isHash(h: unknown): h is Hash {
  return h instanceof Uint8Array && h.length === HASH_SIZE;
}

function equal(a: Hash, b: Hash): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function validProof(proof: readonly Hash[]): boolean {
  if (!Array.isArray(proof) || proof.length > MAX_PROOF_LENGTH) return false;
  for (let i = 0; i < proof.length; i++) if (!isHash(proof[i])) return false;
  return true;
}

/**
 * The root implied by `proof` for leaf hash `leaf` at index n of a tree of size t, or undefined
 * if the proof has the wrong length. RFC 9162 §2.1.3.2, bottom up, without recursion: the same
 * hashes in the same order as Go's recursive runRecordProof, one hashChildren per proof hash.
 *   fn: the index of the node r stands for at the current level; sn: the last index there.
 *   fn odd: p is r's left sibling, r = H(1 ‖ p ‖ r).
 *   fn = sn, even: r has no right sibling, so it rises unchanged until it is a right child
 *     (halve fn and sn while fn is even and not 0), and p is its left sibling there.
 *   otherwise: p is r's right sibling, r = H(1 ‖ r ‖ p).
 *   Then one level up: fn = ⌊fn/2⌋, sn = ⌊sn/2⌋.
 * The path is used up exactly when sn reaches 0 with the last proof hash.
 */
function runRecordProof(proof: readonly Hash[], t: number, n: number, leaf: Hash): Hash | undefined {
  let fn = n;
  let sn = t - 1;
  let r = leaf;
  for (let i = 0; i < proof.length; i++) {
    if (sn === 0) return undefined; // more hashes than the path has levels
    const p = proof[i]!;
    if (fn % 2 === 1 || fn === sn) {
      r = hashChildren(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : undefined;
}

/** Throws InvalidProofError unless `proof` proves leaf hash h at index n in the tree of size t and root th. */
export function checkRecord(proof: Hash[], t: number, th: Hash, n: number, h: Hash): void {
  if (!isCount(t) || !isCount(n) || n >= t || !isHash(th) || !isHash(h) || !validProof(proof)) throw new InvalidProofError();
  const th2 = runRecordProof(proof, t, n, h);
  if (th2 === undefined || !equal(th2, th)) throw new InvalidProofError();
}

/** Stored-hash indexes for the consistency sub-proof of [lo, hi) (RFC 9162 §2.1.4.1 SUBPROOF). */
function treeProofIndex(lo: number, hi: number, n: number, need: number[]): number[] {
  if (!(lo < n && n <= hi)) throw new Error('tlog: bad math in treeProofIndex');
  if (n === hi) return lo === 0 ? need : subTreeIndex(lo, hi, need);
  const [k] = maxPow2(hi - lo);
  if (n <= lo + k) {
    treeProofIndex(lo, lo + k, n, need);
    subTreeIndex(lo + k, hi, need);
  } else {
    subTreeIndex(lo, lo + k, need);
    treeProofIndex(lo + k, hi, n, need);
  }
  return need;
}

/** SUBPROOF(n, D[lo:hi], lo == 0): bottom first. */
function treeProof(lo: number, hi: number, n: number, c: Cursor, proof: Hash[]): Hash[] {
  if (!(lo < n && n <= hi)) throw new Error('tlog: bad math in treeProof');
  if (n === hi) {
    // Common ground. If it is the whole old tree the verifier has its hash already.
    if (lo !== 0) proof.push(subTreeHash(lo, hi, c));
    return proof;
  }
  const [k] = maxPow2(hi - lo);
  let sibling: Hash;
  if (n <= lo + k) {
    treeProof(lo, lo + k, n, c, proof);
    sibling = subTreeHash(lo + k, hi, c);
  } else {
    sibling = subTreeHash(lo, lo + k, c);
    treeProof(lo + k, hi, n, c, proof);
  }
  proof.push(sibling);
  return proof;
}

/** Consistency proof between tree sizes n <= t (RFC 9162 §2.1.4.1). */
export async function proveTree(t: number, n: number, read: HashReader): Promise<Hash[]> {
  requireCount('t', t);
  requireCount('n', n);
  if (n < 1 || n > t) throw new RangeError(`proveTree: want 1 <= old size <= new size, got ${n} and ${t}`);
  const indexes = treeProofIndex(0, t, n, []);
  if (indexes.length === 0) return [];
  const c = { hashes: await readExactly(read, indexes), at: 0 };
  const proof = treeProof(0, t, n, c, []);
  if (c.at !== c.hashes.length) throw new Error('tlog: bad index math in proveTree');
  return proof;
}

/**
 * [old, new]: the hashes of [lo, hi) in the old tree (size n) and in the new tree implied
 * by proof[0:end], or undefined if the proof has the wrong length.
 */
function runTreeProof(proof: readonly Hash[], end: number, lo: number, hi: number, n: number, old: Hash): [Hash, Hash] | undefined {
  if (!(lo < n && n <= hi)) throw new Error('tlog: bad math in runTreeProof');
  if (n === hi) {
    if (lo === 0) return end === 0 ? [old, old] : undefined;
    return end === 1 ? [proof[0]!, proof[0]!] : undefined;
  }
  if (end === 0) return undefined;
  const [k] = maxPow2(hi - lo);
  const sibling = proof[end - 1]!;
  if (n <= lo + k) {
    const r = runTreeProof(proof, end - 1, lo, lo + k, n, old);
    return r && [r[0], hashChildren(r[1], sibling)];
  }
  const r = runTreeProof(proof, end - 1, lo + k, hi, n, old);
  return r && [hashChildren(sibling, r[0]), hashChildren(sibling, r[1])];
}

/** Throws InvalidProofError unless `proof` proves the tree (n, h) is a prefix of (t, th). */
export function checkTree(proof: Hash[], t: number, th: Hash, n: number, h: Hash): void {
  // RFC 9162 §2.1.4.2: consistency from the empty tree is not a proof of anything.
  if (!isCount(t) || !isCount(n) || n < 1 || n > t || !isHash(th) || !isHash(h) || !validProof(proof)) throw new InvalidProofError();
  const r = runTreeProof(proof, proof.length, 0, t, n, h);
  if (r === undefined || !equal(r[0], h) || !equal(r[1], th)) throw new InvalidProofError();
}

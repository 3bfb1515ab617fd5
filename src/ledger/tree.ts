/**
 * Tree hashes, stored-hash layout, inclusion and consistency proofs.
 * Port of Go's golang.org/x/mod/sumdb/tlog (tlog.go), which follows RFC 6962.
 *
 * Stored hashes: every complete subtree hash, numbered as in Go's tlog:
 *   storedHashIndex(level, n) — the index of the hash of the subtree at `level` covering
 *   leaves [n<<level, (n+1)<<level). Invariant: splitStoredHashIndex(storedHashIndex(l, n)) == [l, n].
 * Sizes and indexes are safe integers; no bit shifts on them (>> is 32-bit in JavaScript).
 */
import type { Hash } from './hash.js';

/** Reads stored hashes by stored-hash index, in one batched call. Must return them in order. */
export type HashReader = (indexes: number[]) => Promise<Hash[]>;

export declare function storedHashIndex(level: number, n: number): number;
export declare function splitStoredHashIndex(index: number): [level: number, n: number];
/** Number of stored hashes for a tree of size n. */
export declare function storedHashCount(n: number): number;
/** The hashes to store when appending leaf n (whose leaf hash is `leaf`), given the tree of size n. */
export declare function storedHashes(n: number, leaf: Hash, read: HashReader): Promise<Hash[]>;
export declare function treeHash(n: number, read: HashReader): Promise<Hash>;
/** Inclusion proof that leaf n is in the tree of size t (RFC 9162 §2.1.3.1). */
export declare function proveRecord(t: number, n: number, read: HashReader): Promise<Hash[]>;
/** Throws InvalidProofError unless `proof` proves leaf hash h at index n in the tree of size t and root th. */
export declare function checkRecord(proof: Hash[], t: number, th: Hash, n: number, h: Hash): void;
/** Consistency proof between tree sizes n <= t (RFC 9162 §2.1.4.1). */
export declare function proveTree(t: number, n: number, read: HashReader): Promise<Hash[]>;
/** Throws InvalidProofError unless `proof` proves the tree (n, h) is a prefix of (t, th). */
export declare function checkTree(proof: Hash[], t: number, th: Hash, n: number, h: Hash): void;

/** Every failed proof is the same opaque error: no oracle for an attacker. */
export class InvalidProofError extends Error {
  constructor() {
    super('invalid proof');
    this.name = 'InvalidProofError';
  }
}

/**
 * RFC 6962 §2.1 (RFC 9162 §2.1.1) Merkle tree hashing.
 *
 *   MTH({})        = SHA-256()
 *   leaf hash      = SHA-256(0x00 || data)
 *   interior node  = SHA-256(0x01 || left || right)
 *
 * Vectors: transparency-dev/merkle rfc6962/rfc6962_test.go, in test/ledger/hash.test.ts.
 */
export type Hash = Uint8Array; // always 32 bytes

export const HASH_SIZE = 32;

export declare function hashLeaf(data: Uint8Array): Hash;
export declare function hashChildren(left: Hash, right: Hash): Hash;
export declare const EMPTY_ROOT: Hash;

/**
 * RFC 6962 §2.1 (RFC 9162 §2.1.1) Merkle tree hashing.
 *
 *   MTH({})        = SHA-256()
 *   leaf hash      = SHA-256(0x00 || data)
 *   interior node  = SHA-256(0x01 || left || right)
 *
 * Vectors: transparency-dev/merkle rfc6962/rfc6962_test.go, in test/ledger/hash.test.ts.
 *
 * Speed matters here (an archive of a million entries is verified by rehashing it, and a proof
 * is log₂ n interior nodes). Interior nodes and short leaves are hashed by sha256.ts, in
 * TypeScript: node:crypto's one-shot call costs ~1 µs at the C++ boundary, twice the work of
 * hashing two blocks. Longer leaves go to crypto.hash over a reused scratch buffer (no Hash
 * object, no Buffer.concat per call; safe to reuse because hashing is synchronous).
 * Every hash returned is a new 32-byte array the caller owns.
 */
import * as crypto from 'node:crypto';
import { sha256Node, sha256Short, SHORT_MAX } from './sha256.js';

export type Hash = Uint8Array; // always 32 bytes

export const HASH_SIZE = 32;

const sha256: (data: Uint8Array) => Uint8Array =
  typeof crypto.hash === 'function'
    ? (data) => crypto.hash('sha256', data, 'buffer')
    : (data) => crypto.createHash('sha256').update(data).digest();

/** Leaves up to this size are hashed through the scratch buffer; larger ones get their own. */
const SCRATCH_SIZE = 4096;
const scratch = new Uint8Array(SCRATCH_SIZE);

export function hashLeaf(data: Uint8Array): Hash {
  // SHA-256(0x00 || data)
  if (data.length < SHORT_MAX) return sha256Short(0x00, data);
  const buf = data.length < SCRATCH_SIZE ? scratch : new Uint8Array(data.length + 1);
  buf[0] = 0x00;
  buf.set(data, 1);
  return sha256(buf.subarray(0, data.length + 1));
}

export function hashChildren(left: Hash, right: Hash): Hash {
  // SHA-256(0x01 || left || right)
  if (left.length === HASH_SIZE && right.length === HASH_SIZE) return sha256Node(left, right);
  // Inputs are 32 bytes in a tree, but RFC 6962's own test vector hashes shorter strings,
  // so other lengths are taken as given.
  const size = 1 + left.length + right.length;
  const buf = size <= SCRATCH_SIZE ? scratch : new Uint8Array(size);
  buf[0] = 0x01;
  buf.set(left, 1);
  buf.set(right, 1 + left.length);
  return sha256(buf.subarray(0, size));
}

/** MTH({}) = SHA-256() = e3b0c442…b855. */
export const EMPTY_ROOT: Hash = sha256(new Uint8Array(0));

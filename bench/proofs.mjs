// Inclusion-proof verification: Daylight's checkRecord against @sigstore/verify's RFC 6962 code,
// on the same proofs of the same tree, leaf hashing included on both sides.
import { createRequire } from 'node:module';
import { hashLeaf } from '../dist/ledger/hash.js';
import { storedHashes, treeHash, proveRecord, checkRecord } from '../dist/ledger/tree.js';

const require = createRequire(import.meta.url);
const { verifyMerkleInclusion } = require('@sigstore/verify/dist/tlog/merkle.js');

export async function benchProofs(treeSize = 100_000, count = 20_000) {
  const hashes = [];
  const read = async (indexes) => indexes.map((i) => hashes[i]);
  const bodies = [];
  for (let i = 0; i < treeSize; i++) {
    const body = Buffer.from(`{"n":${i},"type":"bench"}`);
    bodies.push(body);
    hashes.push(...(await storedHashes(i, hashLeaf(body), read)));
  }
  const root = await treeHash(treeSize, read);
  const cases = [];
  for (let k = 0; k < count; k++) {
    const index = Math.floor((k * 7919) % treeSize);
    cases.push({ index, proof: await proveRecord(treeSize, index, read) });
  }
  const sigstoreCases = cases.map(({ index, proof }) => ({
    entry: { inclusionProof: { logIndex: String(index), hashes: proof.map((h) => Buffer.from(h)) }, canonicalizedBody: bodies[index] },
    checkpoint: { logSize: String(treeSize), logHash: Buffer.from(root) },
  }));
  const ours = () => {
    for (const { index, proof } of cases) checkRecord(proof, treeSize, root, index, hashLeaf(bodies[index]));
  };
  const theirs = () => {
    for (const { entry, checkpoint } of sigstoreCases) verifyMerkleInclusion(entry, checkpoint);
  };
  const best = (fn) => {
    let min = Infinity;
    for (let round = 0; round < 5; round++) {
      const t = performance.now();
      fn();
      min = Math.min(min, performance.now() - t);
    }
    return (count / min) * 1000;
  };
  return { treeSize, count, daylightPerSecond: best(ours), sigstorePerSecond: best(theirs) };
}

/** Inclusion proofs (RFC 9162 §2.1.3.1) against the latest signed checkpoint. */
import type { Ctx } from './context.js';
import { UserError } from './context.js';
import { latestCheckpointRow } from './unit-of-work.js';
import { hashReader, readHashes } from '../store/log.js';
import { proveRecord, storedHashIndex } from '../ledger/tree.js';
import { encodeBase64 } from '../ledger/base64.js';

export interface InclusionProof {
  index: number;
  treeSize: number;
  leafHash: string; // base64
  proof: string[]; // base64 hashes, RFC 9162 §2.1.3.1 order
  checkpoint: string; // the signed checkpoint note the proof is against
}

/** UserError('not_found') when index ≥ the latest checkpoint's size. */
export async function inclusionProof(ctx: Ctx, index: number): Promise<InclusionProof> {
  if (!Number.isSafeInteger(index) || index < 0) throw new UserError('a record index is a non-negative integer');
  const latest = await latestCheckpointRow(ctx);
  if (latest === undefined || index >= latest.size) {
    throw new UserError(`no record ${index} in the latest checkpoint (size ${latest?.size ?? 0})`, 'not_found');
  }
  const read = hashReader(ctx.db);
  const [leaf] = await readHashes(ctx.db, [storedHashIndex(0, index)]);
  const proof = await proveRecord(latest.size, index, read);
  return {
    index,
    treeSize: latest.size,
    leafHash: encodeBase64(leaf!),
    proof: proof.map(encodeBase64),
    checkpoint: latest.note,
  };
}

import type { Ctx } from './context.js';

export interface InclusionProof {
  index: number;
  treeSize: number;
  leafHash: string; // base64
  proof: string[]; // base64 hashes, RFC 9162 §2.1.3.1 order
  checkpoint: string; // the signed checkpoint note the proof is against
}
/** UserError('not_found') when index ≥ the latest checkpoint's size. */
export declare function inclusionProof(ctx: Ctx, index: number): Promise<InclusionProof>;

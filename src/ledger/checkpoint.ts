/**
 * C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the body of a signed note
 *   <origin>\n<tree size, decimal>\n<base64 root hash>\n[extension lines\n]
 */
import type { Hash } from './hash.js';

export interface Checkpoint {
  origin: string;
  size: number;
  root: Hash;
  extensions: string[];
}

export declare function formatCheckpoint(c: Checkpoint): string;
/** Strict: canonical decimal, 32-byte root, no empty lines; throws NoteError with the reason. */
export declare function parseCheckpoint(text: string): Checkpoint;

/**
 * One use case, one transaction: rows and the public records that describe them commit
 * together or not at all. After commit the new tree head is signed into a checkpoint.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../store/schema.js';
import type { PublicRecord } from '../domain/public.js';
import type { Ctx } from './context.js';

export interface Appended {
  index: number;
  leafHash: Uint8Array;
}
export type Append = (records: PublicRecord[]) => Promise<Appended[]>;

export declare function unitOfWork<T>(
  ctx: Ctx,
  fn: (trx: Transaction<Database>, append: Append) => Promise<T>,
): Promise<T>;
/** Signs the latest committed tree head if no checkpoint covers it yet; returns the latest note. */
export declare function signCheckpoint(ctx: Ctx): Promise<string>;

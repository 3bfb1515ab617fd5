import type { Ctx } from './context.js';

export interface StatementInput {
  name?: string;
  mediaType: string;
  body: Uint8Array;
}
/** Stores each document by SHA-256 and appends one statement record each, in one transaction. */
export declare function publishStatements(
  ctx: Ctx,
  docs: StatementInput[],
): Promise<{ index: number; sha256: string }[]>;

import type { Ctx } from '../services/context.js';

/** Writes the archive tree as static files; incremental: only what is new or changed is written. */
export declare function exportArchive(
  ctx: Ctx,
  dir: string,
): Promise<{ size: number; written: number; unchanged: number; removed: number }>;

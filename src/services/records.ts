/** Reading the public log for pages and the API. */
import type { Ctx } from './context.js';

export interface RecordView {
  index: number;
  type: string;
  at: string;
  record: Record<string, unknown>;
}
export declare function recentRecords(ctx: Ctx, limit: number): Promise<RecordView[]>;
export declare function latestCheckpoint(
  ctx: Ctx,
): Promise<{ note: string; origin: string; size: number; root: string } | null>;

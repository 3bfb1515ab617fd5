/** Reading the public log for pages and the API. */
import type { Ctx } from './context.js';
import { latestCheckpointRow } from './unit-of-work.js';
import { toIndex } from '../store/log.js';
import { openNote, parseVerifierKey } from '../ledger/note.js';
import { parseCheckpoint } from '../ledger/checkpoint.js';
import { encodeBase64 } from '../ledger/base64.js';

export interface RecordView {
  index: number;
  type: string;
  at: string;
  record: Record<string, unknown>;
}

const MAX_LIMIT = 1000;

/** The newest records first, up to `limit` (at most 1000). */
export async function recentRecords(ctx: Ctx, limit: number): Promise<RecordView[]> {
  const n = Math.max(0, Math.min(MAX_LIMIT, Math.floor(limit)));
  if (n === 0) return [];
  const rows = await ctx.db
    .selectFrom('log_entry')
    .select(['idx', 'data', 'type', 'at'])
    .orderBy('idx', 'desc')
    .limit(n)
    .execute();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return rows.map((r) => ({
    index: toIndex(r.idx),
    type: r.type,
    at: r.at,
    record: JSON.parse(decoder.decode(r.data)) as Record<string, unknown>,
  }));
}

/** The latest signed checkpoint, checked against the instance's own key. */
export async function latestCheckpoint(
  ctx: Ctx,
): Promise<{ note: string; origin: string; size: number; root: string } | null> {
  const row = await latestCheckpointRow(ctx);
  if (row === undefined) return null;
  const { text } = openNote(row.note, [parseVerifierKey(ctx.verifierKey)]);
  const c = parseCheckpoint(text);
  return { note: row.note, origin: c.origin, size: c.size, root: encodeBase64(c.root) };
}

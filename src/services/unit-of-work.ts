/**
 * One use case, one transaction: rows and the public records that describe them commit
 * together or not at all. After commit the new tree head is signed into a checkpoint.
 *
 * Checkpoints (C2SP tlog-checkpoint in a signed note) are signed after commit, outside the
 * transaction, so a crash in between leaves a committed head that no checkpoint covers yet:
 * the next unit of work, or the next openInstance, signs it. Several processes may sign
 * concurrently; each size is stored once (insert, ignore conflict) and the served checkpoint
 * is the one with the largest size.
 *
 * Inside `fn`, query through `trx` only: on SQLite the one connection is held by the
 * transaction, so a query on ctx.db would wait for it forever.
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../store/schema.js';
import type { PublicRecord } from '../domain/public.js';
import type { Ctx } from './context.js';
import { appendEntries, head, noteLogGrowth, toIndex } from '../store/log.js';
import { canonicalBytes } from '../ledger/jcs.js';
import { formatCheckpoint } from '../ledger/checkpoint.js';
import { signNote } from '../ledger/note.js';

export interface Appended {
  index: number;
  leafHash: Uint8Array;
}
export type Append = (records: PublicRecord[]) => Promise<Appended[]>;

export async function unitOfWork<T>(
  ctx: Ctx,
  fn: (trx: Transaction<Database>, append: Append) => Promise<T>,
): Promise<T> {
  let appendedAny = false;
  const result = await ctx.db.transaction().execute(async (trx) => {
    if (ctx.dialect === 'sqlite') {
      // SQLite: take the write lock with the transaction's first statement, so a read made
      // before append can never be invalidated by another writer (SQLITE_BUSY_SNAPSHOT).
      await trx.updateTable('log_head').set({ size: sql`size` }).where('id', '=', 1).execute();
    }
    const append: Append = async (records) => {
      const out = await appendEntries(
        trx,
        records.map((r) => ({ data: canonicalBytes(r), type: r.type, at: r.at })),
      );
      if (out.length > 0) appendedAny = true;
      return out;
    };
    return fn(trx, append);
  });
  if (appendedAny) {
    noteLogGrowth();
    await signCheckpoint(ctx);
  }
  return result;
}

/** Signs the latest committed tree head if no checkpoint covers it yet; returns the latest note. */
export async function signCheckpoint(ctx: Ctx): Promise<string> {
  const latest = await latestCheckpointRow(ctx);
  const { size, root } = await head(ctx.db);
  if (latest !== undefined && latest.size >= size) return latest.note;
  const note = signNote(formatCheckpoint({ origin: ctx.origin, size, root, extensions: [] }), [ctx.logSigner]);
  await ctx.db
    .insertInto('checkpoint')
    .values({ size, note, created_at: ctx.now().toISOString() })
    .onConflict((oc) => oc.column('size').doNothing())
    .execute();
  // Another process may have signed a larger head meanwhile: serve the largest.
  const newest = await latestCheckpointRow(ctx);
  if (newest === undefined) throw new Error('checkpoint just stored is missing');
  return newest.note;
}

/** The checkpoint with the largest size, or undefined before the first one. */
export async function latestCheckpointRow(ctx: Pick<Ctx, 'db'>): Promise<{ size: number; note: string } | undefined> {
  const row = await ctx.db
    .selectFrom('checkpoint')
    .select(['size', 'note'])
    .orderBy('size', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : { size: toIndex(row.size), note: row.note };
}

/**
 * Loud erasure (design notes, "the public/private line"): a redaction removes a document's bytes
 * and appends a record naming its hash and the reason category, never its content.
 */
import type { Ctx } from './context.js';
import { UserError } from './context.js';
import type { Actor } from './actor.js';
import { REDACTION_REASONS, redactionRecord, type RedactionReason } from '../domain/public.js';
import { unitOfWork } from './unit-of-work.js';

function mayRedact(actor: Actor): boolean {
  return actor.kind === 'local' || actor.instanceAdmin;
}

/**
 * Removes a document's bytes and appends a redaction record naming its hash and reason.
 * Only the instance admin (or the local operator). UserError when unknown or already redacted.
 */
export async function redactDocument(
  ctx: Ctx,
  actor: Actor,
  sha256: string,
  reason: RedactionReason,
): Promise<{ index: number }> {
  if (!mayRedact(actor)) throw new UserError('forbidden: only an instance admin can redact a document', 'forbidden');
  if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) {
    throw new UserError('a document hash is 64 lowercase hex digits (its SHA-256)');
  }
  if (!REDACTION_REASONS.includes(reason)) {
    throw new UserError(`a redaction reason is one of ${REDACTION_REASONS.join(', ')}`);
  }
  const at = ctx.now();
  return unitOfWork(ctx, async (trx, append) => {
    const doc = await trx
      .selectFrom('document')
      .select(['sha256', 'redacted_at'])
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    if (doc === undefined) throw new UserError(`no document ${sha256} in this archive`, 'not_found');
    const updated = await trx
      .updateTable('document')
      .set({ body: null, redacted_at: at.toISOString(), redaction_reason: reason })
      .where('sha256', '=', sha256)
      .where('redacted_at', 'is', null)
      .executeTakeFirst();
    // Checked on the update itself, so two concurrent redactions append one record, not two.
    if (doc.redacted_at !== null || updated.numUpdatedRows === 0n) {
      throw new UserError(`document ${sha256} is already redacted`, 'conflict');
    }
    const [appended] = await append([redactionRecord(at, sha256, reason)]);
    return { index: appended!.index };
  });
}

/**
 * Loud erasure (design notes, "the public/private line"): a redaction removes a document's bytes
 * and appends a record naming its hash and the reason category, never its content.
 *
 * Two kinds of document were also kept as rows that live pages draw from: an answer to a
 * scorecard (its `feedback` row) and a renewal's testimonies (its `testimony` rows). Those rows
 * lose their text and pseudonym in the redaction's own transaction and are marked redacted, so
 * no page, summary or export shows what the archive no longer holds.
 */
import type { Ctx } from './context.js';
import { UserError } from './context.js';
import type { Actor } from './actor.js';
import { REDACTION_REASONS, redactionRecord, type RedactionReason } from '../domain/public.js';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../store/schema.js';
import { unitOfWork } from './unit-of-work.js';
import { FEEDBACK_FORMAT } from './feedback.js';
import { TESTIMONIES_FORMAT } from './renewals.js';

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
  const done = await unitOfWork(ctx, async (trx, append) => {
    const doc = await trx
      .selectFrom('document')
      .select(['sha256', 'redacted_at', 'body'])
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
    await eraseKeptCopies(trx, doc.body, at.toISOString());
    const [appended] = await append([redactionRecord(at, sha256, reason)]);
    return { index: appended!.index };
  });
  // SQLite zeroes what was erased (secure_delete, store/open.ts), but the write-ahead log still
  // holds earlier images of those pages until it is checkpointed and emptied. PostgreSQL keeps
  // dead row versions until VACUUM reuses their space (docs/security.md).
  if (ctx.dialect === 'sqlite') await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(ctx.db);
  return done;
}

/** The rows that kept this document's text for live pages, erased (see the module comment). */
async function eraseKeptCopies(trx: Transaction<Database>, body: Uint8Array | null, at: string): Promise<void> {
  let doc: Record<string, unknown>;
  try {
    const parsed: unknown = body === null ? null : JSON.parse(Buffer.from(body).toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return;
    doc = parsed as Record<string, unknown>;
  } catch {
    return; // not JSON: a PDF, a signed note; drawn from the archive, nothing kept elsewhere
  }
  const erased = { text: '', pseudonym: null, redacted_at: at };
  if (doc.format === FEEDBACK_FORMAT && typeof doc.feedback === 'number' && typeof doc.text === 'string' && typeof doc.at === 'string') {
    // the row the document was made from: same id, same text, same time
    await trx.updateTable('feedback').set(erased).where('id', '=', doc.feedback).where('text', '=', doc.text).where('created_at', '=', doc.at).execute();
  } else if (doc.format === TESTIMONIES_FORMAT && typeof doc.alliance === 'string' && typeof doc.version === 'number' && typeof doc.renewal === 'number') {
    const renewal = await trx
      .selectFrom('renewal')
      .innerJoin('covenant_version', 'covenant_version.id', 'renewal.version_id')
      .innerJoin('alliance', 'alliance.id', 'renewal.alliance_id')
      .select('renewal.id')
      .where('alliance.slug', '=', doc.alliance)
      .where('covenant_version.number', '=', doc.version)
      .where('renewal.number', '=', doc.renewal)
      .executeTakeFirst();
    if (renewal !== undefined) await trx.updateTable('testimony').set(erased).where('renewal_id', '=', renewal.id).execute();
  }
}

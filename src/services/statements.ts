/**
 * Publishing statements: each document is stored once by its SHA-256 (the same bytes twice are
 * one document and two records) and one statement record per document enters the log, all in
 * one transaction.
 */
import { createHash } from 'node:crypto';
import type { Ctx } from './context.js';
import { UserError } from './context.js';
import { unitOfWork } from './unit-of-work.js';
import { statementRecord } from '../domain/public.js';

export interface StatementInput {
  name?: string;
  mediaType: string;
  body: Uint8Array;
}

/** type/subtype with optional parameters (RFC 6838 §4.2 names), e.g. text/plain; charset=utf-8 */
const MEDIA_TYPE =
  /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}(; ?[a-z0-9!#$&^_.+-]+=[a-z0-9!#$&^_.+-]+)*$/i;
/** Statements are published in one transaction: keep each batch bounded. */
const MAX_DOCS = 1000;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function checkInput(docs: StatementInput[]): void {
  if (docs.length === 0) throw new UserError('no document given: publish at least one');
  if (docs.length > MAX_DOCS) throw new UserError(`too many documents at once (${docs.length}): publish at most ${MAX_DOCS} per call`);
  for (const d of docs) {
    if (!(d.body instanceof Uint8Array)) throw new UserError('a document body must be bytes');
    if (typeof d.mediaType !== 'string' || !MEDIA_TYPE.test(d.mediaType)) {
      throw new UserError(`media type "${String(d.mediaType)}" is malformed: use type/subtype, e.g. text/plain`);
    }
    if (d.name !== undefined && (typeof d.name !== 'string' || d.name.length === 0 || d.name.length > 255 || /[\x00-\x1f\x7f/\\]/.test(d.name))) {
      throw new UserError('a document name must be 1 to 255 characters, without slashes or control characters');
    }
  }
}

/** Stores each document by SHA-256 and appends one statement record each, in one transaction. */
export async function publishStatements(
  ctx: Ctx,
  docs: StatementInput[],
): Promise<{ index: number; sha256: string }[]> {
  checkInput(docs);
  const at = ctx.now();
  const prepared = docs.map((d) => ({ ...d, sha256: sha256Hex(d.body) }));
  return unitOfWork(ctx, async (trx, append) => {
    const hashes = [...new Set(prepared.map((d) => d.sha256))];
    const redacted = await trx
      .selectFrom('document')
      .select('sha256')
      .where('sha256', 'in', hashes)
      .where('redacted_at', 'is not', null)
      .executeTakeFirst();
    if (redacted !== undefined) {
      // Republishing would quietly undo a redaction made for someone's safety.
      throw new UserError(`document ${redacted.sha256} was redacted and cannot be published again`, 'conflict');
    }
    for (const d of prepared) {
      await trx
        .insertInto('document')
        .values({
          sha256: d.sha256,
          media_type: d.mediaType,
          size: d.body.length,
          body: d.body,
          created_at: at.toISOString(),
          redacted_at: null,
          redaction_reason: null,
        })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
    }
    const appended = await append(
      prepared.map((d) =>
        statementRecord(at, {
          sha256: d.sha256,
          mediaType: d.mediaType,
          size: d.body.length,
          ...(d.name !== undefined ? { name: d.name } : {}),
        }),
      ),
    );
    return appended.map((a, i) => ({ index: a.index, sha256: prepared[i]!.sha256 }));
  });
}

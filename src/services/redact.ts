import type { Ctx } from './context.js';
import type { Actor } from './actor.js';
import type { RedactionReason } from '../domain/public.js';

/**
 * Removes a document's bytes and appends a redaction record naming its hash and reason.
 * Only the instance admin (or the local operator). UserError when unknown or already redacted.
 */
export declare function redactDocument(
  ctx: Ctx,
  actor: Actor,
  sha256: string,
  reason: RedactionReason,
): Promise<{ index: number }>;

/**
 * The public/private line. The archive is permanent and mirrored: whatever enters it cannot be
 * recalled. Each record type has exactly one function here that picks its public fields, and
 * the ledger accepts nothing else (PublicRecord is branded). Private fields — real names,
 * contacts, credentials, evidence — have no parameter to travel through.
 */
declare const brand: unique symbol;

/** A record as it enters the ledger: {"type", "at", ...public fields}. */
export type PublicRecord = { readonly type: string; readonly at: string } & { readonly [brand]: true } & Record<
    string,
    unknown
  >;

/** A document named by a record: stored by content hash, served at doc/sha256/<hex>. */
export interface DocumentRef {
  sha256: string;
  mediaType: string;
  size: number;
  name?: string;
}

function record(type: string, at: Date, fields: Record<string, unknown>): PublicRecord {
  return { type, at: at.toISOString(), ...fields } as unknown as PublicRecord;
}

/** A public statement: any document a party or the instance chooses to archive. */
export function statementRecord(at: Date, doc: DocumentRef): PublicRecord {
  const d: Record<string, unknown> = { sha256: doc.sha256, mediaType: doc.mediaType, size: doc.size };
  if (doc.name !== undefined) d.name = doc.name;
  return record('statement', at, { documents: [d] });
}

export type RedactionReason = 'safety' | 'legal' | 'error';
export const REDACTION_REASONS: readonly RedactionReason[] = ['safety', 'legal', 'error'];

/** Loud erasure: the record names the hash and the reason category, never the content. */
export function redactionRecord(at: Date, sha256: string, reason: RedactionReason): PublicRecord {
  return record('redaction', at, { sha256, reason });
}

/**
 * One log entry, read as a Daylight public record: RFC 8785 canonical JSON (the bytes must be
 * exactly what ledger/jcs.ts writes for the parsed value: compared in place by canonical.ts,
 * written out only when that cannot confirm it) of an object with string "type" and "at"; the
 * documents it names and the redaction it declares. Archive format: docs/archive-format.md § Entries.
 * Most entries are settled by simple-entry.ts in one pass over the bytes, without parsing.
 */
import { canonicalBytes } from '../ledger/jcs.js';
import { isCanonical } from './canonical.js';
import { readSimpleEntry } from './simple-entry.js';

export interface DocRef {
  sha256: string;
  size: number;
}

export interface Redaction {
  sha256: string;
  reason: string;
}

export interface EntryFacts {
  /** what is wrong with the entry, one line each, without the index (the caller adds it) */
  faults: string[];
  documents: DocRef[];
  redaction?: Redaction;
}

export const REDACTION_REASONS: readonly string[] = ['safety', 'legal', 'error'];
const SHA256_HEX = /^[0-9a-f]{64}$/;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function readEntry(bytes: Uint8Array): EntryFacts {
  return readSimpleEntry(bytes) ?? readFullEntry(bytes);
}

/** readEntry without the fast path (simple-entry.ts), which must agree with it wherever it answers. */
export function readFullEntry(bytes: Uint8Array): EntryFacts {
  const value = parseCanonical(bytes);
  if (typeof value === 'string') return { faults: [value], documents: [] };
  const faults: string[] = [];
  if (typeof value.type !== 'string' || value.type === '') faults.push('has no string "type"');
  if (typeof value.at !== 'string' || value.at === '') faults.push('has no string "at"');
  const documents = readDocuments(value.documents, faults);
  const facts: EntryFacts = { faults, documents };
  if (value.type === 'redaction') {
    const r = readRedaction(value, faults);
    if (r) facts.redaction = r;
  }
  return facts;
}

/** The parsed object, or a string saying why the bytes are not a canonical JSON object. */
function parseCanonical(bytes: Uint8Array): Record<string, unknown> | string {
  let text: string;
  let value: unknown;
  try {
    text = utf8.decode(bytes);
    value = JSON.parse(text);
  } catch {
    return 'is not valid UTF-8 JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'is not a JSON object';
  // The fast check compares the text (fatal UTF-8 decoding is one-to-one, so equal text is equal
  // bytes); when it cannot confirm, the full writer decides, and says why.
  if (isCanonical(text, value)) return value as Record<string, unknown>;
  let canonical: Uint8Array;
  try {
    canonical = canonicalBytes(value);
  } catch {
    return 'is not canonical JSON (RFC 8785): it holds a value JCS cannot encode';
  }
  if (!Buffer.from(canonical).equals(bytes)) return 'is not canonical JSON (RFC 8785)';
  return value as Record<string, unknown>;
}

function readDocuments(docs: unknown, faults: string[]): DocRef[] {
  if (docs === undefined) return [];
  if (!Array.isArray(docs)) {
    faults.push('has a "documents" that is not an array');
    return [];
  }
  const out: DocRef[] = [];
  docs.forEach((d: unknown, k) => {
    const why = docFault(d);
    if (why) faults.push(`documents[${k}] ${why}`);
    else out.push({ sha256: (d as DocRef).sha256, size: (d as DocRef).size });
  });
  return out;
}

function docFault(d: unknown): string | undefined {
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return 'is not an object';
  const o = d as Record<string, unknown>;
  if (typeof o.sha256 !== 'string' || !SHA256_HEX.test(o.sha256)) return 'has no "sha256" of 64 lowercase hex digits';
  if (!Number.isSafeInteger(o.size) || (o.size as number) < 0) return 'has no "size" that is a whole number';
  if (typeof o.mediaType !== 'string' || o.mediaType === '') return 'has no "mediaType"';
  if (o.name !== undefined && typeof o.name !== 'string') return 'has a "name" that is not a string';
  return undefined;
}

function readRedaction(o: Record<string, unknown>, faults: string[]): Redaction | undefined {
  if (typeof o.sha256 !== 'string' || !SHA256_HEX.test(o.sha256)) {
    faults.push('is a redaction without a "sha256" of 64 lowercase hex digits');
    return undefined;
  }
  if (typeof o.reason !== 'string' || !REDACTION_REASONS.includes(o.reason)) {
    faults.push(`is a redaction whose "reason" is not one of ${REDACTION_REASONS.join(', ')}`);
    return undefined;
  }
  return { sha256: o.sha256, reason: o.reason };
}

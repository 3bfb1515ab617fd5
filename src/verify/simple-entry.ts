/**
 * The fast path of entry.ts readEntry, for the common entry: one pass over the bytes that both
 * recognizes RFC 8785 canonical JSON and reads "type" and "at", with no JSON.parse, no strings
 * built and nothing written out. It answers only when it is sure, and leaves everything else to
 * readEntry's full path (return undefined):
 *   accepted    ASCII only; strings of 0x20–0x7f without '"' or '\'; integers of at most 15
 *               digits without leading zeros (not -0); true, false, null; arrays; objects whose
 *               keys strictly increase byte by byte; no whitespace; one object at the top.
 *   left over   escapes, non-ASCII, fractions and exponents, unsorted or repeated keys, anything
 *               malformed, nesting deeper than 64, and entries with "documents" or of type
 *               "redaction" (their facts need the parsed values).
 * Why what it accepts is canonical: JCS (ledger/jcs.ts) writes such strings as they are (only
 * '"', '\' and controls are escaped), such integers as their digits (Number::toString of an
 * integer below 10¹⁵), and object members sorted by UTF-16 code units, which for ASCII keys is
 * byte order; a strictly increasing order also rules out duplicate keys.
 * Tests: test/verify/simple-entry.test.ts (property: same facts as the full path, whenever it answers).
 */
import type { EntryFacts } from './entry.js';

const MAX_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;

// The scanner's state: hashing and checking are synchronous, so one set of variables serves.
let text: Uint8Array = new Uint8Array(0);
let pos = 0;

/** The facts of a simple canonical entry, or undefined when the full path must decide. */
export function readSimpleEntry(bytes: Uint8Array): EntryFacts | undefined {
  text = bytes;
  pos = 0;
  if (bytes[0] !== 0x7b) return undefined; // {
  let type = -1; // start of the "type" string's content, -2 if not a string, -1 if absent
  let typeEnd = -1;
  let at = -1;
  let atEnd = -1;
  pos = 1;
  let prevKey = -1;
  let prevKeyEnd = -1;
  if (bytes[pos] !== 0x7d) {
    for (;;) {
      const key = pos + 1;
      if (!skipString()) return undefined;
      const keyEnd = pos - 1;
      if (prevKey >= 0 && !increasing(prevKey, prevKeyEnd, key, keyEnd)) return undefined;
      prevKey = key;
      prevKeyEnd = keyEnd;
      if (bytes[pos] !== COLON) return undefined;
      pos++;
      const valueStart = pos;
      const isString = bytes[pos] === QUOTE;
      if (!skipValue(1)) return undefined;
      if (isKey(key, keyEnd, 'documents')) return undefined;
      if (isKey(key, keyEnd, 'type')) {
        type = isString ? valueStart + 1 : -2;
        typeEnd = pos - 1;
      } else if (isKey(key, keyEnd, 'at')) {
        at = isString ? valueStart + 1 : -2;
        atEnd = pos - 1;
      }
      if (bytes[pos] === COMMA) {
        pos++;
        continue;
      }
      if (bytes[pos] !== 0x7d) return undefined;
      break;
    }
  }
  if (pos + 1 !== bytes.length) return undefined;
  if (type >= 0 && isKey(type, typeEnd, 'redaction')) return undefined;
  const faults: string[] = [];
  if (type < 0 || typeEnd === type) faults.push('has no string "type"');
  if (at < 0 || atEnd === at) faults.push('has no string "at"');
  return { faults, documents: [] };
}

/** Skips a value at pos; false if it is not one the fast path accepts. */
function skipValue(depth: number): boolean {
  const c = text[pos];
  if (c === QUOTE) return skipString();
  if (c === 0x7b) return skipObject(depth + 1);
  if (c === 0x5b) return skipArray(depth + 1);
  if (c === 0x2d || (c !== undefined && c >= 0x30 && c <= 0x39)) return skipInteger();
  if (c === 0x74) return skipLiteral('true');
  if (c === 0x66) return skipLiteral('false');
  if (c === 0x6e) return skipLiteral('null');
  return false;
}

/** '"' then bytes 0x20–0x7f other than '"' and '\', then '"'. */
function skipString(): boolean {
  if (text[pos] !== QUOTE) return false;
  for (let i = pos + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === QUOTE) {
      pos = i + 1;
      return true;
    }
    if (c < 0x20 || c > 0x7f || c === BACKSLASH) return false;
  }
  return false;
}

/** -?(0|[1-9][0-9]*) with at most 15 digits, not -0, and no fraction or exponent after it. */
function skipInteger(): boolean {
  let i = pos;
  const negative = text[i] === 0x2d;
  if (negative) i++;
  const first = i;
  while (i < text.length && text[i]! >= 0x30 && text[i]! <= 0x39) i++;
  const digits = i - first;
  if (digits === 0 || digits > 15) return false;
  if (text[first] === 0x30 && (digits > 1 || negative)) return false;
  const next = text[i];
  if (next === 0x2e || next === 0x65 || next === 0x45) return false; // . e E
  pos = i;
  return true;
}

function skipLiteral(word: string): boolean {
  for (let k = 0; k < word.length; k++) if (text[pos + k] !== word.charCodeAt(k)) return false;
  pos += word.length;
  return true;
}

function skipArray(depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  pos++; // [
  if (text[pos] === 0x5d) {
    pos++;
    return true;
  }
  for (;;) {
    if (!skipValue(depth)) return false;
    if (text[pos] === COMMA) {
      pos++;
      continue;
    }
    if (text[pos] !== 0x5d) return false;
    pos++;
    return true;
  }
}

function skipObject(depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  pos++; // {
  if (text[pos] === 0x7d) {
    pos++;
    return true;
  }
  let prevKey = -1;
  let prevKeyEnd = -1;
  for (;;) {
    const key = pos + 1;
    if (!skipString()) return false;
    const keyEnd = pos - 1;
    if (prevKey >= 0 && !increasing(prevKey, prevKeyEnd, key, keyEnd)) return false;
    prevKey = key;
    prevKeyEnd = keyEnd;
    if (text[pos] !== COLON) return false;
    pos++;
    if (!skipValue(depth)) return false;
    if (text[pos] === COMMA) {
      pos++;
      continue;
    }
    if (text[pos] !== 0x7d) return false;
    pos++;
    return true;
  }
}

/** Whether text[a..aEnd) sorts strictly before text[b..bEnd), byte by byte (a prefix sorts first). */
function increasing(a: number, aEnd: number, b: number, bEnd: number): boolean {
  const n = Math.min(aEnd - a, bEnd - b);
  for (let k = 0; k < n; k++) {
    const x = text[a + k]!;
    const y = text[b + k]!;
    if (x !== y) return x < y;
  }
  return aEnd - a < bEnd - b;
}

/** Whether text[start..end) is exactly `word` (ASCII). */
function isKey(start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let k = 0; k < word.length; k++) if (text[start + k] !== word.charCodeAt(k)) return false;
  return true;
}

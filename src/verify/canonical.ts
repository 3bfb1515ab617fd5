/**
 * A fast, exact test that a JSON text is already in RFC 8785 (JCS) canonical form:
 * isCanonical(text, JSON.parse(text)) is true only if canonicalize(JSON.parse(text)) === text.
 *
 * Why: verify must check every entry of an archive, and writing each parsed value out again
 * with ledger/jcs.ts (which builds error paths, a cycle set and a new string per member) cost
 * more than hashing the entry. Here the parsed value is walked against the text instead: each
 * piece the canonical writer would produce is compared in place, nothing is built.
 *
 * What JCS writes (ledger/jcs.ts, RFC 8785 §3.2), and how each is matched:
 *   null, true, false       the literal
 *   number (finite)         String(n), which is ECMAScript Number::toString as JSON.stringify uses
 *   string                  '"' s '"' when s holds no '"', '\', control character (< U+0020) nor
 *                           lone surrogate: the only code units JSON.stringify escapes
 *   array                   '[' members joined by ',' ']'
 *   object                  '{' '"key":value' joined by ',' '}', keys sorted by UTF-16 code units
 * Anything else — a string that needs escapes, a non-finite number, a mismatch anywhere — makes
 * this return false, and the caller settles it with the full writer. So a false here proves
 * nothing; a true is exact. Tests: test/verify/canonical.test.ts (property test against jcs.ts).
 */

/**
 * True only if `text` is exactly the canonical JSON of `value`, where value = JSON.parse(text).
 * Never throws: a stack overflow on absurd nesting is a plain "cannot tell" (false).
 */
export function isCanonical(text: string, value: unknown): boolean {
  try {
    return match(text, 0, value) === text.length;
  } catch {
    return false;
  }
}

/** The position after value's canonical text if it is at `pos` in `text`, else -1. */
function match(text: string, pos: number, value: unknown): number {
  switch (typeof value) {
    case 'string':
      return matchString(text, pos, value);
    case 'number':
      return Number.isFinite(value) ? matchLiteral(text, pos, String(value)) : -1;
    case 'boolean':
      return matchLiteral(text, pos, value ? 'true' : 'false');
    case 'object':
      if (value === null) return matchLiteral(text, pos, 'null');
      return Array.isArray(value) ? matchArray(text, pos, value) : matchObject(text, pos, value as Record<string, unknown>);
    default:
      return -1;
  }
}

function matchLiteral(text: string, pos: number, literal: string): number {
  return text.startsWith(literal, pos) ? pos + literal.length : -1;
}

/**
 * '"' s '"' at pos, where s needs no escape: one pass compares each code unit with the text and
 * stops at any that JSON.stringify escapes ('"', '\\', below U+0020) or at a lone surrogate.
 */
function matchString(text: string, pos: number, s: string): number {
  if (text.charCodeAt(pos) !== 0x22) return -1;
  pos++;
  const n = s.length;
  if (pos + n >= text.length) return -1;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c !== text.charCodeAt(pos + i) || c < 0x20 || c === 0x22 || c === 0x5c) return -1;
    if (c >= 0xd800 && c <= 0xdfff) {
      // a high surrogate must be followed by a low one (compared on the next pass)
      const next = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (c >= 0xdc00 || next < 0xdc00 || next > 0xdfff) return -1;
      i++;
      if (next !== text.charCodeAt(pos + i)) return -1;
    }
  }
  return text.charCodeAt(pos + n) === 0x22 ? pos + n + 1 : -1;
}

function matchArray(text: string, pos: number, items: unknown[]): number {
  if (text.charCodeAt(pos) !== 0x5b) return -1; // [
  pos++;
  for (let i = 0; i < items.length; i++) {
    if (i > 0) {
      if (text.charCodeAt(pos) !== 0x2c) return -1; // ,
      pos++;
    }
    pos = match(text, pos, items[i]);
    if (pos < 0) return -1;
  }
  return text.charCodeAt(pos) === 0x5d ? pos + 1 : -1; // ]
}

function matchObject(text: string, pos: number, o: Record<string, unknown>): number {
  if (text.charCodeAt(pos) !== 0x7b) return -1; // {
  pos++;
  const keys = Object.keys(o);
  // JSON.parse lists integer-like keys first, so the text's order may still be sorted when
  // Object.keys is not: sort when needed, as the writer does (default sort: UTF-16 code units).
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) {
      keys.sort();
      break;
    }
  }
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) {
      if (text.charCodeAt(pos) !== 0x2c) return -1; // ,
      pos++;
    }
    const key = keys[i]!;
    pos = matchString(text, pos, key);
    if (pos < 0 || text.charCodeAt(pos) !== 0x3a) return -1; // :
    pos = match(text, pos + 1, o[key]);
    if (pos < 0) return -1;
  }
  return text.charCodeAt(pos) === 0x7d ? pos + 1 : -1; // }
}

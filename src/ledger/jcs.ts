/**
 * RFC 8785 JSON Canonicalization Scheme: the bytes of every ledger entry and of every
 * document whose hash is signed. Keys sorted by UTF-16 code units, ECMAScript number
 * serialization, minimal string escaping. Rejects non-finite numbers, undefined, cycles.
 *
 * §3.2.2.2 strings: JSON.stringify escapes exactly what RFC 8785 asks (\b \t \n \f \r \" \\ and
 *   other code points below U+0020 as \u00xx, lowercase hex), once lone surrogates are refused
 *   (I-JSON, RFC 7493 §2.1, which §3.1 requires).
 * §3.2.2.3 numbers: JSON.stringify of a finite number is ECMAScript Number::toString (-0 → "0").
 * §3.2.3 sorting: JavaScript's default string comparison is by UTF-16 code units.
 * Nothing is skipped silently: where JSON.stringify would drop a member or write null
 * (undefined, functions, symbols, holes) or call toJSON, this throws a TypeError naming the path.
 * Vectors: RFC 8785 §3.2.3 and Appendix B, cyberphone/json-canonicalization testdata, in test/ledger/jcs.test.ts.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const LONE_SURROGATE = /\p{Cs}/u;

export function canonicalize(value: unknown): string {
  return write(value, '$', new Set());
}

export function canonicalBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalize(value));
}

function fail(path: string, why: string): never {
  throw new TypeError(`cannot canonicalize ${path}: ${why}`);
}

function write(value: unknown, path: string, ancestors: Set<object>): string {
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) fail(path, `${value} is not a JSON number`);
      return JSON.stringify(value);
    case 'string':
      return writeString(value, path);
    case 'object':
      if (value === null) return 'null';
      return writeContainer(value, path, ancestors);
    default:
      return fail(path, `${typeof value} is not a JSON value`);
  }
}

function writeString(value: string, path: string): string {
  if (LONE_SURROGATE.test(value)) fail(path, 'string holds a lone surrogate (not valid Unicode)');
  return JSON.stringify(value);
}

function writeContainer(value: object, path: string, ancestors: Set<object>): string {
  if (ancestors.has(value)) fail(path, 'cycle: the value contains itself');
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return writeArray(value, path, ancestors);
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) fail(path, `${value.constructor?.name ?? 'object'} is not a plain object`);
    return writeObject(value as Record<string, unknown>, path, ancestors);
  } finally {
    ancestors.delete(value);
  }
}

function writeArray(value: unknown[], path: string, ancestors: Set<object>): string {
  const parts: string[] = [];
  for (let i = 0; i < value.length; i++) {
    if (!(i in value)) fail(`${path}[${i}]`, 'hole in a sparse array');
    parts.push(write(value[i], `${path}[${i}]`, ancestors));
  }
  return `[${parts.join(',')}]`;
}

function writeObject(value: Record<string, unknown>, path: string, ancestors: Set<object>): string {
  if (Object.getOwnPropertySymbols(value).length > 0) fail(path, 'symbol keys are not JSON');
  const keys = Object.keys(value).sort();
  const parts = keys.map((key) => {
    const at = `${path}[${JSON.stringify(key)}]`;
    return `${writeString(key, at)}:${write(value[key], at, ancestors)}`;
  });
  return `{${parts.join(',')}}`;
}

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalize } from '../../src/ledger/jcs.js';
import { isCanonical } from '../../src/verify/canonical.js';

/** The reference: the text is canonical iff the JCS writer (ledger/jcs.ts) writes it back exactly. */
function reference(text: string): boolean {
  try {
    return canonicalize(JSON.parse(text)) === text;
  } catch {
    return false;
  }
}
const check = (text: string): boolean => isCanonical(text, JSON.parse(text));

describe('isCanonical: true only for the exact canonical text', () => {
  it('accepts the canonical text of any JSON value that needs no escapes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = canonicalize(v);
        // No backslash in the canonical text: no string in it needed an escape.
        if (!text.includes('\\')) expect(check(text)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('never says true where the JCS writer disagrees: any JSON text, reordered or respaced', () => {
    const texts = fc.oneof(
      fc.json(),
      fc.jsonValue().map((v) => JSON.stringify(v, null, 1)),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.jsonValue().map((v) => canonicalize(v)),
    );
    fc.assert(
      fc.property(texts, (text) => {
        if (check(text)) expect(reference(text)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('never says true for a canonical text with one character changed, added or removed', () => {
    const mutated = fc
      .tuple(fc.jsonValue(), fc.nat(), fc.constantFrom('insert', 'replace', 'delete'), fc.constantFrom(' ', '0', '1', '"', ',', '\\', 'e', '.', '-', '}', ']', 'a', '\u00e9'))
      .map(([v, at, op, ch]) => {
        const t = canonicalize(v);
        const i = t.length === 0 ? 0 : at % t.length;
        return op === 'insert' ? t.slice(0, i) + ch + t.slice(i) : op === 'replace' ? t.slice(0, i) + ch + t.slice(i + 1) : t.slice(0, i) + t.slice(i + 1);
      });
    fc.assert(
      fc.property(mutated, (text) => {
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          return;
        }
        if (isCanonical(text, value)) expect(reference(text)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  // RFC 8785 §3.2.3: keys sorted by UTF-16 code units, which is not the order JSON.parse gives
  // integer-like keys ("9" before "10" in Object.keys, "10" before "9" in JCS).
  it('sorts integer-like keys as strings', () => {
    expect(check('{"10":1,"9":2}')).toBe(true);
    expect(check('{"9":2,"10":1}')).toBe(false);
    expect(check('{"a":1,"b":{"2":[],"10":null}}')).toBe(false);
    expect(check('{"a":1,"b":{"10":null,"2":[]}}')).toBe(true);
  });

  it('compares numbers with ECMAScript Number::toString', () => {
    expect(check('[1e+21,1e-7,0.1,-5,0]')).toBe(true);
    for (const t of ['[1E+21]', '[1e21]', '[1.0]', '[-0]', '[0.10]', '[100e0]', '[1e400]']) expect(check(t), t).toBe(false);
  });

  it('accepts non-ASCII without escapes, and leaves every escaped string to the full writer', () => {
    expect(check('{"s":"é😀\u2028\u007f"}')).toBe(true);
    expect(check('{"s":"a\\nb"}')).toBe(false); // canonical, but not confirmed here
    expect(reference('{"s":"a\\nb"}')).toBe(true);
    expect(check('{"s":"\\ud800"}')).toBe(false); // lone surrogate: JCS refuses it
    expect(check('{"s":"\ud800"}')).toBe(false); // the same, unescaped in the text
    expect(reference('{"s":"\ud800"}')).toBe(false);
    for (const lone of ['\ud83d', '\ude00', '\ude00\ud83d', 'a\ud83db', '\ud83d\ud83d']) {
      expect(check(`{"s":"${lone}"}`), JSON.stringify(lone)).toBe(false);
      expect(check(`{"${lone}":1}`), JSON.stringify(lone)).toBe(false);
    }
  });

  it('rejects duplicate keys, whitespace and trailing text', () => {
    for (const t of ['{"a":1,"a":1}', '{"a":1 }', '{"a":1}\n', ' {"a":1}', '{"a" :1}', '[1, 2]']) expect(check(t), t).toBe(false);
  });

  it('does not throw on nesting too deep to walk', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    expect(() => isCanonical(deep, JSON.parse(deep))).not.toThrow();
  });
});

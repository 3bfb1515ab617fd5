import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalize } from '../../src/ledger/jcs.js';
import { readFullEntry } from '../../src/verify/entry.js';
import { readSimpleEntry } from '../../src/verify/simple-entry.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The fast path may decline (undefined); when it answers, it must say what the full path says. */
function agrees(b: Uint8Array): boolean {
  const fast = readSimpleEntry(b);
  if (fast !== undefined) expect(fast).toEqual(readFullEntry(b));
  return fast !== undefined;
}

// Mostly records the fast path can settle (ASCII strings, short integers), with the cases it
// must decline mixed in: other strings, other numbers, documents, redactions.
const ascii = fc.string({ unit: 'grapheme-ascii' });
const often = <T>(likely: fc.Arbitrary<T>, ...rarely: fc.Arbitrary<T>[]): fc.Arbitrary<T> =>
  fc.oneof({ arbitrary: likely, weight: 4 * rarely.length }, ...rarely.map((arbitrary) => ({ arbitrary, weight: 1 })));
const record = fc.record(
  {
    type: often<unknown>(fc.constantFrom('note', 'statement', ''), ascii, fc.constant('redaction'), fc.string(), fc.integer()),
    at: often<unknown>(fc.constant('2026-11-25T00:00:00.000Z'), ascii, fc.string(), fc.constant(null)),
    n: often<unknown>(fc.integer(), fc.double(), fc.constant(-0), fc.maxSafeInteger()),
    extra: often(fc.jsonValue({ maxDepth: 3, stringUnit: 'grapheme-ascii' }), fc.jsonValue({ maxDepth: 2 })),
    '10': fc.boolean(), // integer-like: JSON.parse lists it first, JCS sorts it as a string
    documents: fc.constant([]),
  },
  { requiredKeys: ['type', 'at'] },
);

describe('readSimpleEntry answers only where it agrees with the full path', () => {
  it('answers for the benchmark\'s and other plain records', () => {
    for (const t of [
      '{"at":"2026-11-25T00:00:00.000Z","n":1,"type":"bench"}',
      '{"a":[1,-2,true,false,null,{"b":{},"c":[]}],"at":"t","type":"x","z":"~\u007f"}',
      '{"at":"t","n":999999999999999,"type":"x"}',
      '{"at":"","type":"x"}',
      '{}',
    ]) {
      expect(agrees(bytes(t)), t).toBe(true);
    }
    expect(readSimpleEntry(bytes('{"at":"","type":7}'))).toEqual({ faults: ['has no string "type"', 'has no string "at"'], documents: [] });
  });

  it('leaves to the full path what it cannot settle alone', () => {
    for (const t of [
      '{"at":"t","type":"redaction"}',
      '{"at":"t","documents":[],"type":"x"}',
      '{"at":"t","s":"a\\nb","type":"x"}', // escape
      '{"at":"t","s":"é","type":"x"}', // non-ASCII
      '{"at":"t","n":1.5,"type":"x"}',
      '{"at":"t","n":1e3,"type":"x"}',
      '{"at":"t","n":-0,"type":"x"}',
      '{"at":"t","n":01,"type":"x"}',
      '{"at":"t","n":1234567890123456,"type":"x"}',
      '{"type":"x","at":"t"}', // unsorted
      '{"a":{"c":1,"b":2},"at":"t","type":"x"}', // unsorted, nested
      '{"a":[{"b":1,"b":1}],"at":"t","type":"x"}', // repeated, nested
      '{"a":{"bb":1,"b":2},"at":"t","type":"x"}', // a prefix sorts first
      '{"at":"t","at":"t","type":"x"}', // repeated
      '{"at":"t", "type":"x"}',
      '{"at":"t","type":"x"}\n',
      '\ufeff{"at":"t","type":"x"}',
      '[1]',
      '{"a":' + '['.repeat(70) + ']'.repeat(70) + '}',
      '{"at":"t","type":"x"',
    ]) {
      expect(readSimpleEntry(bytes(t)), t).toBeUndefined();
    }
  });

  it('property: canonical records, their non-canonical spellings, and one-byte mutations', () => {
    let answered = 0;
    fc.assert(
      fc.property(record, fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('none', 'none', 'none', 'none', 'replace', 'insert', 'delete', 'stringify'), (r, at, byte, op) => {
        let text: string;
        try {
          text = op === 'stringify' ? JSON.stringify(r) : canonicalize(r);
        } catch {
          return;
        }
        const b = bytes(text);
        const i = at % b.length;
        const m =
          op === 'replace' ? b.map((x, k) => (k === i ? byte : x))
          : op === 'insert' ? new Uint8Array([...b.subarray(0, i), byte, ...b.subarray(i)])
          : op === 'delete' ? new Uint8Array([...b.subarray(0, i), ...b.subarray(i + 1)])
          : b;
        if (agrees(m)) answered++;
      }),
      { numRuns: 3000 },
    );
    expect(answered).toBeGreaterThan(50); // the property exercised the fast path, not only declines
  });

  it('property: every plain canonical record is answered, with the full path\'s facts', () => {
    const plain = fc.string({ unit: fc.constantFrom(...' !#$%&()*+,-./09:;<=>?@AZ[]^_`az{|}~\u007f') });
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, plain, fc.integer({ min: -(10 ** 15) + 1, max: 10 ** 15 - 1 }), fc.boolean(), fc.constant(null), fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(plain, tie('v'), { maxKeys: 3 })),
    })).v;
    const entry = fc.record({ type: fc.oneof(plain.filter((t) => t !== 'redaction'), fc.integer()), at: plain, n: fc.integer(), x: value }, { requiredKeys: [] });
    fc.assert(
      fc.property(entry, (r) => {
        expect(agrees(bytes(canonicalize(r))), canonicalize(r)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { readEntry } from '../../src/verify/entry.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const H = 'ab'.repeat(32);

describe('readEntry', () => {
  it('accepts a canonical record and collects the documents it names', () => {
    const e = `{"at":"2026-11-25T10:00:00.000Z","documents":[{"mediaType":"text/plain","name":"a.txt","sha256":"${H}","size":41}],"type":"statement"}`;
    expect(readEntry(bytes(e))).toEqual({ faults: [], documents: [{ sha256: H, size: 41 }] });
  });

  it('reads a redaction record', () => {
    const e = `{"at":"2026-11-25T10:00:00.000Z","reason":"safety","sha256":"${H}","type":"redaction"}`;
    expect(readEntry(bytes(e))).toEqual({ faults: [], documents: [], redaction: { sha256: H, reason: 'safety' } });
  });

  // RFC 8785 §3.2: sorted keys, no whitespace, shortest numbers, minimal escapes. Each of these
  // parses as JSON but is not the canonical form of what it parses to.
  it.each([
    ['unsorted keys', '{"type":"x","at":"t"}'],
    ['whitespace', '{"at":"t", "type":"x"}'],
    ['trailing newline', '{"at":"t","type":"x"}\n'],
    ['non-shortest number', '{"at":"t","n":1.0,"type":"x"}'],
    ['exponent form', '{"at":"t","n":1e2,"type":"x"}'],
    ['needless escape', '{"at":"t","type":"\\u0078"}'],
    ['escaped solidus', '{"at":"t","type":"a\\/b"}'],
    ['duplicate key', '{"at":"t","at":"u","type":"x"}'],
    ['byte order mark', '\uFEFF{"at":"t","type":"x"}'],
  ])('rejects %s as not canonical', (_, text) => {
    const { faults } = readEntry(bytes(text));
    expect(faults).toHaveLength(1);
    expect(faults[0]).toMatch(/not canonical JSON|not valid UTF-8 JSON/);
  });

  // JCS escapes only '"', '\\' and control characters; such strings are canonical too.
  it('accepts canonical strings that hold escapes, non-ASCII and integer-like keys', () => {
    const e = '{"10":"a\\nb \\"q\\" \\u001f \\\\","9":"é😀","at":"t","type":"x"}';
    expect(readEntry(bytes(e))).toEqual({ faults: [], documents: [] });
    expect(readEntry(bytes('{"9":1,"10":2,"at":"t","type":"x"}')).faults).toEqual(['is not canonical JSON (RFC 8785)']);
  });

  it('rejects what is not a JSON object, or not UTF-8', () => {
    expect(readEntry(bytes('[1]')).faults).toEqual(['is not a JSON object']);
    expect(readEntry(bytes('{"at":"t"')).faults).toEqual(['is not valid UTF-8 JSON']);
    expect(readEntry(new Uint8Array([0x7b, 0xff, 0x7d])).faults).toEqual(['is not valid UTF-8 JSON']);
    expect(readEntry(bytes('{"at":"t","type":"\\ud800"}')).faults[0]).toMatch(/JCS cannot encode/);
  });

  it('requires string "type" and "at"', () => {
    expect(readEntry(bytes('{"type":"x"}')).faults).toEqual(['has no string "at"']);
    expect(readEntry(bytes('{"at":"t","type":7}')).faults).toEqual(['has no string "type"']);
  });

  it('names the malformed document reference or redaction', () => {
    const doc = (d: string): string[] => readEntry(bytes(`{"at":"t","documents":[${d}],"type":"s"}`)).faults;
    expect(doc(`{"mediaType":"m","sha256":"${H.toUpperCase()}","size":1}`)).toEqual([
      'documents[0] has no "sha256" of 64 lowercase hex digits',
    ]);
    expect(doc(`{"mediaType":"m","sha256":"${H}","size":-1}`)).toEqual(['documents[0] has no "size" that is a whole number']);
    expect(doc(`{"sha256":"${H}","size":1}`)).toEqual(['documents[0] has no "mediaType"']);
    const red = readEntry(bytes(`{"at":"t","reason":"boredom","sha256":"${H}","type":"redaction"}`));
    expect(red.faults).toEqual(['is a redaction whose "reason" is not one of safety, legal, error']);
    expect(red.redaction).toBeUndefined();
  });
});

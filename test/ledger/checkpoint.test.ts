import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCheckpoint, parseCheckpoint } from '../../src/ledger/checkpoint.js';
import { NoteError, openNote, parseVerifierKey } from '../../src/ledger/note.js';

const testdata = (name: string): string => readFileSync(new URL(`./testdata/note/${name}`, import.meta.url), 'utf8');

// c2sp.org/tlog-checkpoint, the example at the top of C2SP/C2SP tlog-checkpoint.md (note text only).
const specBody = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';

function reason(text: string): string {
  try {
    parseCheckpoint(text);
  } catch (err) {
    expect(err).toBeInstanceOf(NoteError);
    return (err as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(text)}`);
}

describe('tlog-checkpoint', () => {
  it("parses the spec's example and writes it back byte for byte", () => {
    const c = parseCheckpoint(specBody);
    expect(c.origin).toBe('example.com/behind-the-sofa');
    expect(c.size).toBe(20852163);
    expect(Buffer.from(c.root).toString('hex')).toBe('0ac5186a91863e8e1d90c808014aa89bf5da8e3ee1d9f07630f0378f68f1ab62');
    expect(c.extensions).toEqual([]);
    expect(formatCheckpoint(c)).toBe(specBody);
  });

  it('parses the body of a real signed checkpoint once the note opens (testdata/note/README.md)', () => {
    const [logKey] = testdata('arche2025h1.vkeys').split('\n') as [string];
    const { text } = openNote(testdata('arche2025h1.checkpoint'), [parseVerifierKey(logKey)]);
    const c = parseCheckpoint(text);
    expect([c.origin, c.size]).toEqual(['arche2025h1.staging.ct.transparency.dev', 1432088532]);
    expect(formatCheckpoint(c)).toBe(text);
  });

  it('keeps extension lines, in order', () => {
    const text = specBody + 'ext one\n— not a signature\n';
    expect(parseCheckpoint(text).extensions).toEqual(['ext one', '— not a signature']);
    expect(formatCheckpoint(parseCheckpoint(text))).toBe(text);
  });

  it('accepts the empty tree as "0" and the largest safe size', () => {
    expect(parseCheckpoint(specBody.replace('20852163', '0')).size).toBe(0);
    expect(parseCheckpoint(specBody.replace('20852163', '9007199254740991')).size).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('rejects malformed checkpoints with the reason', () => {
    const cases: [string, RegExp][] = [
      [specBody.slice(0, -1), /must end with a newline/],
      [specBody.replace('example.com/behind-the-sofa', ''), /line 1: the origin is empty/],
      [specBody.replace('20852163', '020852163'), /line 2: tree size "020852163" has leading zeros/],
      [specBody.replace('20852163', '00'), /has leading zeros/],
      [specBody.replace('20852163', '+20852163'), /is not a decimal number/],
      [specBody.replace('20852163', '2.0852163e7'), /is not a decimal number/],
      [specBody.replace('20852163', ' 20852163'), /is not a decimal number/],
      [specBody.replace('20852163', ''), /is not a decimal number/],
      [specBody.replace('20852163', '9007199254740992'), /larger than 9007199254740991/],
      [specBody.replace('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jx'), /line 3: root hash is 30 bytes, not 32/],
      [specBody.replace('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J='), /line 3: .*not canonical/],
      [specBody.replace('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', 'CsUYapGGPo4dkMgIAUqom_Xajj7h2fB2MPA3j2jxq2I='), /not canonical standard base64/],
      [specBody.replace('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I'), /not canonical/],
      ['example.com/behind-the-sofa\n20852163\n', /2 lines; want origin, tree size and root hash/],
      [specBody + '\n', /line 4: extension lines must be non-empty/],
      [specBody + 'a\n\nb\n', /line 5: extension lines must be non-empty/],
      [specBody.replaceAll('\n', '\r\n'), /control characters/],
    ];
    for (const [text, why] of cases) expect(reason(text), JSON.stringify(text)).toMatch(why);
  });

  it('refuses to format a checkpoint that could not be parsed back', () => {
    const c = parseCheckpoint(specBody);
    expect(() => formatCheckpoint({ ...c, root: c.root.subarray(1) })).toThrow(/31 bytes/);
    expect(() => formatCheckpoint({ ...c, size: -1 })).toThrow(/size/);
    expect(() => formatCheckpoint({ ...c, size: 2 ** 53 })).toThrow(/size/);
    expect(() => formatCheckpoint({ ...c, origin: '' })).toThrow(/non-empty/);
    expect(() => formatCheckpoint({ ...c, extensions: ['a\nb'] })).toThrow(/single lines/);
  });

  it('parse(format(c)) = c for any valid checkpoint', () => {
    const line = fc.string({ minLength: 1 });
    const checkpoint = fc.record({
      origin: line,
      size: fc.maxSafeNat(),
      root: fc.uint8Array({ minLength: 32, maxLength: 32 }),
      extensions: fc.array(line, { maxLength: 3 }),
    });
    fc.assert(
      fc.property(checkpoint, (c) => {
        expect(parseCheckpoint(formatCheckpoint(c))).toEqual(c);
      }),
    );
  });
});

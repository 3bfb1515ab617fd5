/**
 * A kept page's gzip form (http/kept-page.ts) is built from fixed parts deflated once and each
 * reader's values as stored blocks: it must inflate, with the stock inflater browsers use
 * (zlib), to exactly the plain page, for any parts and values — empty ones, non-ASCII, values
 * longer than one stored block (65,535 bytes, RFC 1951 §3.2.4) — and its gzip trailer (CRC-32
 * and size, RFC 1952 §2.3.1) must check, which gunzip verifies.
 */
import { gunzipSync, inflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeptPage } from '../../src/http/kept-page.js';

const text = fc.string({ unit: 'grapheme', maxLength: 300 });

describe('a kept page with holes', () => {
  it('inflates to the plain page, for any parts and values', () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 6 }), fc.array(text, { minLength: 5, maxLength: 5 }), (parts, pool) => {
        const page = new KeptPage(parts);
        const values = pool.slice(0, page.holes);
        const expected = parts.map((p, i) => p + (values[i] ?? '')).join('');
        expect(page.plain(values).toString('utf8')).toBe(expected);
        const gz = page.gzip(values);
        expect(gunzipSync(gz).toString('utf8')).toBe(expected);
        expect(gz.readUInt32LE(gz.length - 4)).toBe(Buffer.byteLength(expected)); // the trailer ends the buffer: nothing left over
      }),
      { numRuns: 200 },
    );
  });

  it('carries a value longer than one stored block, and a page longer than a deflate window', () => {
    const fixed = '<p>' + 'السلام '.repeat(20_000) + '</p>';
    const page = new KeptPage([fixed, '<i>', fixed]);
    const long = 'x'.repeat(70_000) + 'é'.repeat(40_000);
    const body = gunzipSync(page.gzip([long, '']));
    expect(body.equals(page.plain([long, '']))).toBe(true);
    expect(body.length).toBe(Buffer.byteLength(fixed) * 2 + 3 + Buffer.byteLength(long));
  });

  it('is one gzip member: header, a deflate stream that ends itself, CRC-32 and size', () => {
    const page = new KeptPage(['<form><input name="csrf" value="', '"></form>']);
    const gz = page.gzip(['token']);
    expect([...gz.subarray(0, 3)]).toEqual([0x1f, 0x8b, 8]);
    // the deflate stream alone inflates (its final block closes it) to the page
    expect(inflateRawSync(gz.subarray(10, gz.length - 8)).toString()).toBe('<form><input name="csrf" value="token"></form>');
    expect(gz.readUInt32LE(gz.length - 4)).toBe(page.plain(['token']).length);
    // a wrong CRC is caught: the trailer is really checked
    const broken = Buffer.from(gz);
    broken[broken.length - 8]! ^= 1;
    expect(() => gunzipSync(broken)).toThrow();
  });

  it('refuses a wrong number of values', () => {
    const page = new KeptPage(['a', 'b']);
    expect(() => page.plain([])).toThrow(/1 holes, given 0/);
    expect(() => page.gzip(['x', 'y'])).toThrow(/1 holes, given 2/);
  });
});

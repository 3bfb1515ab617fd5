/**
 * A page kept with holes for what is each reader's own (a CSRF token, a feedback challenge),
 * sent plain or gzip-encoded without compressing anything per reader.
 *
 * Compressing a 10 KB page costs more than everything else about serving it, so each fixed part
 * is deflated once, ending on a byte boundary (a sync flush ends with an empty stored block,
 * RFC 1951 §3.2.4), and each reader's values go between them as stored blocks of their own
 * (§3.2.4: BTYPE 00, then LEN and its complement). The whole is one valid deflate stream in one
 * gzip member (RFC 1952 §2.3), closed by an empty final stored block; its CRC-32 is computed over
 * the bytes actually sent. Every inflater reads it; no browser can tell it from any other gzip.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';

/** RFC 1952 §2.3: ID1 ID2, CM = deflate, no flags, no time, no extra flags, OS unknown. */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
/** BFINAL = 1, BTYPE = 00, LEN = 0, NLEN = 0xffff. */
const FINAL_EMPTY_BLOCK = Buffer.from([1, 0, 0, 0xff, 0xff]);
const MAX_STORED = 0xffff;

export class KeptPage {
  private readonly fixed: Buffer[];
  private readonly deflated: Buffer[];

  /** `fixed` are the page's parts around its holes: one more part than holes. */
  constructor(fixed: readonly string[]) {
    if (fixed.length === 0) throw new Error('a kept page has at least one part');
    this.fixed = fixed.map((part) => Buffer.from(part, 'utf8'));
    this.deflated = this.fixed.map((part) => deflateRawSync(part, { level: 9, finishFlush: constants.Z_SYNC_FLUSH }));
  }

  get holes(): number {
    return this.fixed.length - 1;
  }

  /** The page with `values` in its holes, in order: plain bytes. */
  plain(values: readonly string[]): Buffer {
    return Buffer.concat(this.interleave(this.fixed, values.map((v) => Buffer.from(v, 'utf8'))));
  }

  /** The same bytes as `plain(values)`, as one gzip member. */
  gzip(values: readonly string[]): Buffer {
    const own = values.map((v) => Buffer.from(v, 'utf8'));
    let crc = 0;
    let size = 0;
    for (const part of this.interleave(this.fixed, own)) {
      // zlib's crc32 over an empty buffer with no memory behind it (a null pointer) returns the
      // initial value 0, not the running CRC: empty parts are skipped
      if (part.length > 0) crc = crc32(part, crc);
      size += part.length;
    }
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(crc >>> 0, 0);
    trailer.writeUInt32LE(size >>> 0, 4);
    return Buffer.concat([GZIP_HEADER, ...this.interleave(this.deflated, own.map(stored)), FINAL_EMPTY_BLOCK, trailer]);
  }

  private interleave(parts: Buffer[], between: Buffer[]): Buffer[] {
    if (between.length !== this.holes) throw new Error(`a kept page has ${this.holes} holes, given ${between.length} values`);
    const out: Buffer[] = [parts[0]!];
    for (let i = 0; i < between.length; i++) out.push(between[i]!, parts[i + 1]!);
    return out;
  }
}

/** Bytes as non-final stored blocks: each starts on a byte boundary and leaves the stream on one. */
function stored(bytes: Buffer): Buffer {
  const blocks: Buffer[] = [];
  for (let at = 0; at < bytes.length || at === 0; at += MAX_STORED) {
    const chunk = bytes.subarray(at, at + MAX_STORED);
    const head = Buffer.alloc(5);
    head.writeUInt8(0, 0); // BFINAL = 0, BTYPE = 00; the rest of the byte is padding
    head.writeUInt16LE(chunk.length, 1);
    head.writeUInt16LE(~chunk.length & 0xffff, 3);
    blocks.push(head, chunk);
    if (bytes.length === 0) break;
  }
  return Buffer.concat(blocks);
}

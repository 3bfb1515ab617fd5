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
/** BFINAL/BTYPE byte, LEN, NLEN */
const STORED_HEAD = 5;
/** CRC32 and ISIZE */
const TRAILER = 8;

export class KeptPage {
  private readonly fixed: Buffer[];
  private readonly deflated: Buffer[];
  /** each fixed part's CRC-32, and the operator that shifts a CRC past its length */
  private readonly crcs: number[];
  private readonly shifts: number[];

  /** `fixed` are the page's parts around its holes: one more part than holes. */
  constructor(fixed: readonly string[]) {
    if (fixed.length === 0) throw new Error('a kept page has at least one part');
    this.fixed = fixed.map((part) => Buffer.from(part, 'utf8'));
    this.deflated = this.fixed.map((part) => deflateRawSync(part, { level: 9, finishFlush: constants.Z_SYNC_FLUSH }));
    this.crcs = this.fixed.map((part) => (part.length > 0 ? crc32(part) : 0));
    this.shifts = this.fixed.map((part) => shiftFor(part.length));
  }

  get holes(): number {
    return this.fixed.length - 1;
  }

  /** The page with `values` in its holes, in order: plain bytes. */
  plain(values: readonly string[]): Buffer {
    const own = this.encode(values);
    let length = 0;
    for (const part of this.fixed) length += part.length;
    for (const value of own) length += value.length;
    const out = Buffer.allocUnsafe(length);
    let at = this.fixed[0]!.copy(out, 0);
    for (let i = 0; i < own.length; i++) {
      at += own[i]!.copy(out, at);
      at += this.fixed[i + 1]!.copy(out, at);
    }
    return out;
  }

  /** The same bytes as `plain(values)`, as one gzip member, written into one buffer. */
  gzip(values: readonly string[]): Buffer {
    const own = this.encode(values);
    let length = GZIP_HEADER.length + FINAL_EMPTY_BLOCK.length + TRAILER;
    for (const part of this.deflated) length += part.length;
    for (const value of own) length += storedLength(value.length);
    const out = Buffer.allocUnsafe(length);
    let at = GZIP_HEADER.copy(out, 0);
    at += this.deflated[0]!.copy(out, at);
    // The CRC of the whole from the fixed parts' own, computed once, and the readers' few bytes:
    // crc(A‖B) = crc(A)·x^(8·|B|) + crc(B) (zlib's crc32_combine), not a pass over 10 KB.
    let crc = this.crcs[0]!;
    let size = this.fixed[0]!.length;
    for (let i = 0; i < own.length; i++) {
      const value = own[i]!;
      at = writeStored(out, at, value);
      at += this.deflated[i + 1]!.copy(out, at);
      // zlib's crc32 over an empty buffer with no memory behind it (a null pointer) returns the
      // initial value 0 whatever it is given: an empty value changes nothing, so it is skipped
      if (value.length > 0) crc = combine(crc, crc32(value), shiftFor(value.length));
      crc = combine(crc, this.crcs[i + 1]!, this.shifts[i + 1]!);
      size += value.length + this.fixed[i + 1]!.length;
    }
    at += FINAL_EMPTY_BLOCK.copy(out, at);
    out.writeUInt32LE(crc >>> 0, at); // RFC 1952 §2.3.1: CRC32, then ISIZE (the size modulo 2^32)
    out.writeUInt32LE(size >>> 0, at + 4);
    return out;
  }

  private encode(values: readonly string[]): Buffer[] {
    this.check(values);
    return values.map((v) => Buffer.from(v, 'utf8'));
  }

  private check(values: readonly unknown[]): void {
    if (values.length !== this.holes) throw new Error(`a kept page has ${this.holes} holes, given ${values.length} values`);
  }
}

/** The bytes of `length` bytes as non-final stored blocks (each at most MAX_STORED, at least one). */
function storedLength(length: number): number {
  return length + STORED_HEAD * Math.max(1, Math.ceil(length / MAX_STORED));
}

/**
 * Writes `bytes` into `out` at `at` as non-final stored blocks, each starting on a byte boundary
 * and leaving the stream on one; returns where the next part goes.
 */
function writeStored(out: Buffer, at: number, bytes: Buffer): number {
  let from = 0;
  do {
    const n = Math.min(MAX_STORED, bytes.length - from);
    out[at] = 0; // BFINAL = 0, BTYPE = 00; the rest of the byte is padding
    out.writeUInt16LE(n, at + 1);
    out.writeUInt16LE(~n & 0xffff, at + 3);
    at += STORED_HEAD;
    at += bytes.copy(out, at, from, from + n);
    from += n;
  } while (from < bytes.length);
  return at;
}

// CRC-32 combination, after zlib's crc32.c (multmodp, x2nmodp, crc32_combine_op): polynomials
// over GF(2) modulo the CRC-32 polynomial, reflected, as 32-bit unsigned integers.
const POLY = 0xedb88320;
/** x^(2^n) modulo POLY, n = 0..31 */
const X2N: number[] = [];
for (let n = 0, p = 1 << 30; n < 32; n++, p = multmodp(p, p)) X2N.push(p >>> 0);

function multmodp(a: number, b: number): number {
  let m = 0x80000000;
  let p = 0;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return p >>> 0;
}

/** The operator for appending `length` bytes: x^(8·length) modulo POLY. */
function shiftFor(length: number): number {
  let p = 0x80000000; // x^0
  for (let k = 3, n = length; n > 0; n >>>= 1, k++) if (n & 1) p = multmodp(X2N[k & 31]!, p);
  return p;
}

/** The CRC-32 of A‖B from crc(A), crc(B) and B's operator (shiftFor(|B|)). */
function combine(crcA: number, crcB: number, shiftB: number): number {
  return (multmodp(shiftB, crcA) ^ crcB) >>> 0;
}

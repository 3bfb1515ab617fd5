/**
 * Public lottery: RFC 3797 "Publicly Verifiable Nominations Committee (NomCom) Random Selection",
 * §4 (the algorithm) exactly, so anyone can re-run a draw from its archived sources and pool with
 * the RFC's reference code or any other implementation of it.
 *
 * Key string (§4): each source becomes one ASCII string ending in "/", in the order given.
 *   numeric source  its numbers in ascending order, each in decimal followed by ".":
 *                   "9 18 26 34 41 45" → "9.18.26.34.41.45./", "2 5 12 8 10" → "2.5.8.10.12./"
 *                   No leading zeros ("007" → "7."); a number with a fraction keeps its period
 *                   as the separator and loses trailing zeros ("1.50" → "1.5"), as §4 and the
 *                   reference code do.
 *   string source   (anything else: an archive checkpoint's root hash, a beacon value) the text
 *                   itself, trimmed, then "/". This is Daylight's rule, the RFC only fixing how
 *                   numbers are written: so that no string can forge a source boundary, "%" is
 *                   written "%25" and "/" is written "%2F" ("Ab/c=" → "Ab%2Fc=/"). Only printable
 *                   ASCII (0x20–0x7E) is accepted; the key string is ASCII (§4).
 * Pick i (i = 0, 1, …, §4 and §6):
 *   h_i = MD5(u16be(i) ‖ key ‖ u16be(i)) read as an unsigned 128-bit big-endian integer
 *   the (h_i mod remaining)-th of the not yet selected names, counting from 0 in pool order,
 *   is selected; remaining = pool size − i.
 *
 * Vectors: RFC 3797 §6 (key "9319./2.5.8.10.12./9.18.26.34.41.45./", its 16 MD5 values and the
 * 25-name pool), in test/domain/audit/lottery.test.ts and test/cli/audit-cli.test.ts.
 */
import { createHash } from 'node:crypto';
import { AuditInputError } from './errors.js';

/** One drawn name: position 1 is the first drawn. */
export interface Drawn {
  position: number;
  name: string;
}

/** §4's index is two octets, so at most 65535 names can be ordered. */
export const MAX_POOL = 65_535;
export const MAX_SOURCES = 64;
export const MAX_SOURCE_LENGTH = 1024;
export const MAX_NAME_LENGTH = 256;

const NUMBER = /^(\d+)(?:\.(\d+))?$/;
const PRINTABLE = /^[\x20-\x7e]*$/;

/**
 * The RFC 3797 key string for the sources. A source is either one string (numbers separated by
 * spaces or commas, or free text) or an array of its values (["2", "5", "12"]).
 */
export function keyString(sources: readonly (string | readonly string[])[]): string {
  if (!Array.isArray(sources) || sources.length === 0) {
    throw new AuditInputError('no random sources: give at least one, e.g. a lottery result or the archive checkpoint root');
  }
  if (sources.length > MAX_SOURCES) throw new AuditInputError(`too many random sources: at most ${MAX_SOURCES}`);
  return sources.map((s, i) => canonicalSource(typeof s === 'string' ? s : s.join(' '), i + 1)).join('');
}

function canonicalSource(raw: string, position: number): string {
  const what = `source ${position}`;
  if (typeof raw !== 'string') throw new AuditInputError(`${what}: not text`);
  const value = raw.trim();
  if (value === '') throw new AuditInputError(`${what} is empty: give the published value, e.g. "9 18 26 34 41 45"`);
  if (value.length > MAX_SOURCE_LENGTH) throw new AuditInputError(`${what} is longer than ${MAX_SOURCE_LENGTH} characters`);
  if (!PRINTABLE.test(value)) {
    throw new AuditInputError(`${what} has characters other than printable ASCII: give the value as published in ASCII (digits, letters, base64)`);
  }
  const tokens = value.split(/[\s,]+/).filter((t) => t !== '');
  if (tokens.every((t) => NUMBER.test(t))) return numericSource(tokens);
  return value.replace(/%/g, '%25').replace(/\//g, '%2F') + '/';
}

function numericSource(tokens: string[]): string {
  const numbers = tokens.map(canonicalNumber).sort(compareDecimal);
  return numbers.map((n) => (n.includes('.') ? n : `${n}.`)).join('') + '/';
}

/** "007" → "7", "0.50" → "0.5", "3.000" → "3" (then written "3."). */
function canonicalNumber(token: string): string {
  const m = NUMBER.exec(token)!;
  const whole = BigInt(m[1]!).toString();
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  return fraction === '' ? whole : `${whole}.${fraction}`;
}

function compareDecimal(a: string, b: string): number {
  const [aw, af = ''] = a.split('.');
  const [bw, bf = ''] = b.split('.');
  const w = BigInt(aw!) - BigInt(bw!);
  if (w !== 0n) return w < 0n ? -1 : 1;
  const width = Math.max(af.length, bf.length);
  const fa = af.padEnd(width, '0');
  const fb = bf.padEnd(width, '0');
  return fa < fb ? -1 : fa > fb ? 1 : 0;
}

/** MD5(u16be(i) ‖ key ‖ u16be(i)), §4 step 5. */
export function lotteryDigest(key: string, i: number): Buffer {
  if (!Number.isInteger(i) || i < 0 || i > 0xffff) throw new Error(`pick index ${i} outside 0..65535`);
  const index = Buffer.from([Math.floor(i / 256), i % 256]);
  return createHash('md5').update(index).update(Buffer.from(key, 'ascii')).update(index).digest();
}

/** The 0-based pool indexes of the first `select` picks for a key string. */
export function drawIndexes(key: string, poolSize: number, select: number): number[] {
  const left = Array.from({ length: poolSize }, (_, i) => i);
  const out: number[] = [];
  for (let i = 0; i < select; i++) {
    const h = BigInt('0x' + lotteryDigest(key, i).toString('hex'));
    const [picked] = left.splice(Number(h % BigInt(left.length)), 1);
    out.push(picked!);
  }
  return out;
}

/** Draws `select` names from the pool (in pool order) by RFC 3797 with the given sources. */
export function draw(input: { sources: readonly (string | readonly string[])[]; pool: readonly string[]; select: number }): Drawn[] {
  const key = keyString(input.sources);
  checkPool(input.pool);
  const { select } = input;
  if (!Number.isSafeInteger(select) || select < 1) throw new AuditInputError(`select must be a whole number of at least 1, got ${select}`);
  if (select > input.pool.length) {
    throw new AuditInputError(`the pool has ${input.pool.length} names, fewer than the ${select} to select`);
  }
  return drawIndexes(key, input.pool.length, select).map((index, i) => ({ position: i + 1, name: input.pool[index]! }));
}

/** Names: non-empty single lines without surrounding spaces, each once, at most 65535 of them. */
export function checkPool(pool: readonly string[]): void {
  if (!Array.isArray(pool) || pool.length === 0) throw new AuditInputError('the pool is empty: list one name per line');
  if (pool.length > MAX_POOL) throw new AuditInputError(`the pool has ${pool.length} names; RFC 3797 orders at most ${MAX_POOL}`);
  const seen = new Set<string>();
  pool.forEach((name, i) => {
    if (typeof name !== 'string' || name.trim() === '') throw new AuditInputError(`pool name ${i + 1} is empty`);
    if (name !== name.trim() || /[\r\n]/.test(name)) throw new AuditInputError(`pool name ${i + 1} ("${name.trim()}") must be one line without surrounding spaces`);
    if (name.length > MAX_NAME_LENGTH) throw new AuditInputError(`pool name ${i + 1} is longer than ${MAX_NAME_LENGTH} characters`);
    if (seen.has(name)) throw new AuditInputError(`"${name}" is in the pool twice: each name must appear once`);
    seen.add(name);
  });
}

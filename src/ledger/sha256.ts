/**
 * SHA-256 (FIPS 180-4 §6.2) in TypeScript, for the short messages of an RFC 6962 tree: the
 * 65-byte interior node 0x01 ‖ left ‖ right and leaves of a few blocks.
 *
 * Why not node:crypto for these: every crypto.hash call pays about 1 µs to cross into C++ and
 * set up an OpenSSL digest, whatever the input size, while the hardware hashes a 64-byte block
 * in a small fraction of that. Here a block costs only its 64 rounds (~0.3–0.4 µs in V8) and a
 * call costs nothing more, so short messages hash 1.5–2× faster. Long messages still go to
 * node:crypto (hash.ts decides by length).
 *
 * FIPS 180-4 in brief, as written below:
 *   pad:      M ‖ 0x80 ‖ 0x00… ‖ bitLength(M) as 64-bit big-endian, to a multiple of 64 bytes
 *   schedule: W[t] = M's words (t < 16); σ1(W[t−2]) + W[t−7] + σ0(W[t−15]) + W[t−16] (t ≥ 16)
 *   rounds:   T1 = h + Σ1(e) + Ch(e,f,g) + K[t] + W[t]; T2 = Σ0(a) + Maj(a,b,c);
 *             h,g,f,e,d,c,b,a = g,f,e,d+T1,c,b,a,T1+T2
 * Words are int32 (| 0 wraps mod 2³²); >>> and << are fine on them: they are 32-bit words, not sizes.
 *
 * Second blocks that hold little: an interior node's is r[31] ‖ 0x80 ‖ 0… ‖ 520 (bits), so its
 * whole schedule depends on one byte, and a 56- to 63-byte message's holds only its length.
 * Those 256 + 8 schedules, with K added, are computed once (66 KiB).
 *
 * Correctness: test/ledger/sha256.test.ts (NIST FIPS 180-4 examples, and node:crypto at every
 * length on both sides of each block boundary).
 */

const K = Int32Array.of(
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
);

/** Initial hash value H(0), FIPS 180-4 §5.3.3. */
const IV = Int32Array.of(0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19);

/**
 * Messages up to this many bytes (at most 2 blocks once padded) are hashed here. Past two
 * blocks node:crypto's fixed cost is repaid by its faster blocks (measured: even at 3).
 */
export const SHORT_MAX = 2 * 64 - 9;

// Scratch, reused: hashing is synchronous, so no two calls ever interleave.
const state = new Int32Array(8);
const w = new Int32Array(64);
/** K[t] + W[t] for the block being hashed. */
const kw = new Int32Array(64);
/** Padded message for sha256Short. */
const padded = new Uint8Array(2 * 64);
const paddedView = new DataView(padded.buffer);
/** An interior node's message 0x01 ‖ left ‖ right; its first block is bytes 0..63. */
const nodeBlock = new Uint8Array(65);
const nodeView = new DataView(nodeBlock.buffer);

/**
 * kw[outOff + t] = K[t] + W[t] for the block of `bytes` at `off` (whose big-endian words are
 * W[0..15]; the rest of the schedule follows from them).
 */
function schedule(bytes: DataView, off: number, out: Int32Array, outOff: number): void {
  for (let t = 0; t < 16; t++) {
    const x = bytes.getInt32(off + 4 * t); // big-endian
    w[t] = x;
    out[outOff + t] = (K[t]! + x) | 0;
  }
  for (let t = 16; t < 64; t++) {
    const x = w[t - 15]!;
    const y = w[t - 2]!;
    // σ0(x) = ROTR7 ⊕ ROTR18 ⊕ SHR3; σ1(y) = ROTR17 ⊕ ROTR19 ⊕ SHR10
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    const z = (w[t - 16]! + s0 + w[t - 7]! + s1) | 0;
    w[t] = z;
    out[outOff + t] = (K[t]! + z) | 0;
  }
}

/**
 * The 64 rounds over `state` with kw[base + t] = K[t] + W[t], then the feed-forward add.
 * Eight rounds per loop pass with the variables renamed instead of shifted:
 * Σ0(a) = ROTR2 ⊕ ROTR13 ⊕ ROTR22, Σ1(e) = ROTR6 ⊕ ROTR11 ⊕ ROTR25,
 * Ch(e,f,g) = g ⊕ (e ∧ (f ⊕ g)), Maj(a,b,c) = (a ∧ b) ∨ (c ∧ (a ∨ b)).
 */
function rounds(kw: Int32Array, base: number): void {
  let a = state[0]!, b = state[1]!, c = state[2]!, d = state[3]!;
  let e = state[4]!, f = state[5]!, g = state[6]!, h = state[7]!;
  for (let i = base; i < base + 64; i += 8) {
    h = (h + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + (g ^ (e & (f ^ g))) + kw[i + 0]!) | 0;
    d = (d + h) | 0;
    h = (h + (((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) | (c & (a | b)))) | 0;
    g = (g + (((d >>> 6) | (d << 26)) ^ ((d >>> 11) | (d << 21)) ^ ((d >>> 25) | (d << 7))) + (f ^ (d & (e ^ f))) + kw[i + 1]!) | 0;
    c = (c + g) | 0;
    g = (g + (((h >>> 2) | (h << 30)) ^ ((h >>> 13) | (h << 19)) ^ ((h >>> 22) | (h << 10))) + ((h & a) | (b & (h | a)))) | 0;
    f = (f + (((c >>> 6) | (c << 26)) ^ ((c >>> 11) | (c << 21)) ^ ((c >>> 25) | (c << 7))) + (e ^ (c & (d ^ e))) + kw[i + 2]!) | 0;
    b = (b + f) | 0;
    f = (f + (((g >>> 2) | (g << 30)) ^ ((g >>> 13) | (g << 19)) ^ ((g >>> 22) | (g << 10))) + ((g & h) | (a & (g | h)))) | 0;
    e = (e + (((b >>> 6) | (b << 26)) ^ ((b >>> 11) | (b << 21)) ^ ((b >>> 25) | (b << 7))) + (d ^ (b & (c ^ d))) + kw[i + 3]!) | 0;
    a = (a + e) | 0;
    e = (e + (((f >>> 2) | (f << 30)) ^ ((f >>> 13) | (f << 19)) ^ ((f >>> 22) | (f << 10))) + ((f & g) | (h & (f | g)))) | 0;
    d = (d + (((a >>> 6) | (a << 26)) ^ ((a >>> 11) | (a << 21)) ^ ((a >>> 25) | (a << 7))) + (c ^ (a & (b ^ c))) + kw[i + 4]!) | 0;
    h = (h + d) | 0;
    d = (d + (((e >>> 2) | (e << 30)) ^ ((e >>> 13) | (e << 19)) ^ ((e >>> 22) | (e << 10))) + ((e & f) | (g & (e | f)))) | 0;
    c = (c + (((h >>> 6) | (h << 26)) ^ ((h >>> 11) | (h << 21)) ^ ((h >>> 25) | (h << 7))) + (b ^ (h & (a ^ b))) + kw[i + 5]!) | 0;
    g = (g + c) | 0;
    c = (c + (((d >>> 2) | (d << 30)) ^ ((d >>> 13) | (d << 19)) ^ ((d >>> 22) | (d << 10))) + ((d & e) | (f & (d | e)))) | 0;
    b = (b + (((g >>> 6) | (g << 26)) ^ ((g >>> 11) | (g << 21)) ^ ((g >>> 25) | (g << 7))) + (a ^ (g & (h ^ a))) + kw[i + 6]!) | 0;
    f = (f + b) | 0;
    b = (b + (((c >>> 2) | (c << 30)) ^ ((c >>> 13) | (c << 19)) ^ ((c >>> 22) | (c << 10))) + ((c & d) | (e & (c | d)))) | 0;
    a = (a + (((f >>> 6) | (f << 26)) ^ ((f >>> 11) | (f << 21)) ^ ((f >>> 25) | (f << 7))) + (h ^ (f & (g ^ h))) + kw[i + 7]!) | 0;
    e = (e + a) | 0;
    a = (a + (((b >>> 2) | (b << 30)) ^ ((b >>> 13) | (b << 19)) ^ ((b >>> 22) | (b << 10))) + ((b & c) | (d & (b | c)))) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
  state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0;
  state[7] = (state[7]! + h) | 0;
}

/** The state as the 32-byte big-endian digest, in a new array the caller owns. */
function digest(): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 8; i++) {
    const v = state[i]!;
    out[4 * i] = v >>> 24;
    out[4 * i + 1] = v >>> 16;
    out[4 * i + 2] = v >>> 8;
    out[4 * i + 3] = v;
  }
  return out;
}

/**
 * kw for the second block of a 56- to 63-byte message, indexed by length − 56: the 0x80 byte
 * fits in the first block, so the second holds only zeros and the length (n·8 bits).
 */
const LENGTH_ONLY = (() => {
  const table = new Int32Array(8 * 64);
  const block = new Uint8Array(64);
  for (let n = 56; n < 64; n++) {
    block[62] = (n * 8) >>> 8;
    block[63] = n * 8;
    schedule(new DataView(block.buffer), 0, table, (n - 56) * 64);
  }
  return table;
})();

/** SHA-256(prefix ‖ data) for data.length + 1 <= SHORT_MAX. */
export function sha256Short(prefix: number, data: Uint8Array): Uint8Array {
  const n = data.length + 1;
  if (n > SHORT_MAX) throw new RangeError(`sha256Short: ${n} bytes is over ${SHORT_MAX}`);
  const end = n <= 55 ? 64 : 128; // room for 0x80 and the 8-byte length after the message
  padded[0] = prefix;
  padded.set(data, 1);
  padded.fill(0, n, end);
  padded[n] = 0x80;
  // Length in bits, big-endian, in the last 8 bytes; n·8 < 2¹⁰ here, so two bytes hold it.
  padded[end - 2] = (n * 8) >>> 8;
  padded[end - 1] = n * 8;
  state.set(IV);
  schedule(paddedView, 0, kw, 0);
  rounds(kw, 0);
  if (end === 128) {
    if (n < 64) {
      rounds(LENGTH_ONLY, (n - 56) * 64);
    } else {
      schedule(paddedView, 64, kw, 0);
      rounds(kw, 0);
    }
  }
  return digest();
}

/** kw for each possible second block of an interior node, indexed by right[31]: 256 × 64 words. */
const NODE_SECOND = (() => {
  const table = new Int32Array(256 * 64);
  const block = new Uint8Array(64);
  block[1] = 0x80;
  block[62] = 0x02; // 65 bytes = 520 bits = 0x0208
  block[63] = 0x08;
  for (let x = 0; x < 256; x++) {
    block[0] = x;
    schedule(new DataView(block.buffer), 0, table, x * 64);
  }
  return table;
})();

/** SHA-256(0x01 ‖ left ‖ right) for 32-byte left and right: an RFC 6962 interior node. */
export function sha256Node(left: Uint8Array, right: Uint8Array): Uint8Array {
  nodeBlock[0] = 0x01;
  nodeBlock.set(left, 1);
  nodeBlock.set(right, 33);
  state.set(IV);
  schedule(nodeView, 0, kw, 0);
  rounds(kw, 0);
  rounds(NODE_SECOND, right[31]! * 64);
  return digest();
}

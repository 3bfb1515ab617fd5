/**
 * Daylight: the proof of work for grassroots feedback, computed in this browser — an enhancement;
 * the form works without it (the server then takes the answer once a short wait has passed since
 * the challenge was issued; src/domain/feedback.ts, docs/security.md).
 *
 * The puzzle (src/domain/feedback.ts): find a nonce of [0-9] such that
 *   lz(SHA-256(utf8(challenge) ‖ utf8(nonce))) ≥ bits        lz = leading zero bits
 * Nonces are tried as decimal numbers 0, 1, 2, …; the expected cost is 2^bits hashes (2^16: a
 * tenth of a second or so). SHA-256 is written out here (FIPS 180-4 §6.2) rather than taken from
 * WebCrypto, whose digest is asynchronous (one promise per try is slow) and absent outside
 * secure contexts. The search runs on a Web Worker (this same file, as a module worker); where
 * workers are unavailable it runs on the page in slices of SLICE tries between which the page
 * stays responsive. Nothing is fetched or sent: the nonce goes into the form's own field.
 */
// Int32Array throughout: the engine keeps every word a small integer (values wrap, ToInt32).
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const H0 = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
const W = new Int32Array(64);

/** One compression of the 64-byte block at `off` into the state `h` (FIPS 180-4 §6.2.2). */
function compress(h, block, off) {
  for (let t = 0; t < 16; t++) {
    const i = off + 4 * t;
    W[t] = (block[i] << 24) | (block[i + 1] << 16) | (block[i + 2] << 8) | block[i + 3];
  }
  for (let t = 16; t < 64; t++) {
    const a = W[t - 15];
    const b = W[t - 2];
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
  }
  let a = h[0];
  let b = h[1];
  let c = h[2];
  let d = h[3];
  let e = h[4];
  let f = h[5];
  let g = h[6];
  let k = h[7];
  for (let t = 0; t < 64; t++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (k + S1 + ((e & f) ^ (~e & g)) + K[t] + W[t]) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    k = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  h[0] = (h[0] + a) | 0;
  h[1] = (h[1] + b) | 0;
  h[2] = (h[2] + c) | 0;
  h[3] = (h[3] + d) | 0;
  h[4] = (h[4] + e) | 0;
  h[5] = (h[5] + f) | 0;
  h[6] = (h[6] + g) | 0;
  h[7] = (h[7] + k) | 0;
}

/** The padded message (FIPS 180-4 §5.1.1) in a buffer of whole blocks: 0x80, zeros, bit length. */
function padded(length) {
  const buf = new Uint8Array(Math.ceil((length + 9) / 64) * 64);
  buf[length] = 0x80;
  const bitLength = length * 8; // safe: messages here are far below 2^53 bits
  const view = new DataView(buf.buffer);
  view.setUint32(buf.length - 8, Math.floor(bitLength / 2 ** 32));
  view.setUint32(buf.length - 4, bitLength >>> 0);
  return buf;
}

function digestOf(buf, h) {
  h.set(H0);
  for (let off = 0; off < buf.length; off += 64) compress(h, buf, off);
  return h;
}

/** SHA-256 of a byte array (FIPS 180-4). */
export function sha256(bytes) {
  const buf = padded(bytes.length);
  buf.set(bytes);
  const h = digestOf(buf, new Int32Array(8));
  const out = new Uint8Array(32);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) view.setUint32(4 * i, h[i] >>> 0);
  return out;
}

/** Leading zero bits of a SHA-256 state read as its big-endian digest. */
function stateZeroBits(h) {
  let n = 0;
  for (let i = 0; i < 8; i++) {
    const word = h[i] >>> 0;
    if (word !== 0) return n + Math.clz32(word);
    n += 32;
  }
  return n;
}

/** The number of leading zero bits of a digest. */
export function leadingZeroBits(digest) {
  let n = 0;
  for (const byte of digest) {
    if (byte === 0) {
      n += 8;
      continue;
    }
    return n + Math.clz32(byte) - 24;
  }
  return n;
}

const utf8 = new TextEncoder();

/**
 * The first decimal nonce in [start, start + count) with lz(SHA-256(challenge ‖ nonce)) ≥ bits,
 * or null when there is none in the range.
 */
export function solve(challenge, bits, start = 0, count = Number.MAX_SAFE_INTEGER) {
  const prefix = utf8.encode(challenge);
  const end = Math.min(Number.MAX_SAFE_INTEGER, start + count);
  const h = new Int32Array(8);
  let buf = null;
  for (let i = start; i < end; i++) {
    const nonce = String(i);
    // One padded buffer per nonce length: the prefix is written once, the digits each try.
    if (buf === null || buf.nonceLength !== nonce.length) {
      buf = padded(prefix.length + nonce.length);
      buf.set(prefix);
      buf.nonceLength = nonce.length;
    }
    for (let j = 0; j < nonce.length; j++) buf[prefix.length + j] = nonce.charCodeAt(j);
    if (stateZeroBits(digestOf(buf, h)) >= bits) return nonce;
  }
  return null;
}

/** Tries per slice on the page when there is no worker: a few milliseconds each. */
const SLICE = 2048;
/** Give up (and leave the wait path) after 2^26 tries: 1,000 times the expected work at 16 bits. */
const GIVE_UP = 2 ** 26;

function solveInSlices(challenge, bits, done) {
  let next = 0;
  const step = () => {
    const nonce = solve(challenge, bits, next, SLICE);
    if (nonce !== null) return done(nonce);
    next += SLICE;
    if (next >= GIVE_UP) return done(null);
    setTimeout(step, 0);
  };
  step();
}

function solveOnWorker(challenge, bits, done) {
  let worker;
  try {
    worker = new Worker(import.meta.url, { type: 'module' });
  } catch {
    return solveInSlices(challenge, bits, done);
  }
  worker.onmessage = (event) => {
    worker.terminate();
    done(typeof event.data?.nonce === 'string' ? event.data.nonce : null);
  };
  worker.onerror = (event) => {
    event.preventDefault?.();
    worker.terminate();
    solveInSlices(challenge, bits, done);
  };
  worker.postMessage({ challenge, bits });
}

/** On the scorecard page: solve at once, fill the nonce, hold a submit until the nonce is there. */
function enhance(form) {
  const challenge = form.elements.namedItem('challenge')?.value;
  const nonceField = form.elements.namedItem('nonce');
  const bits = Number(form.dataset.bits);
  const status = document.getElementById('pow-status');
  if (!challenge || !nonceField || !Number.isInteger(bits) || bits < 1 || bits > 32) return;
  let finished = false;
  let sendWhenDone = false;
  const say = (text) => {
    if (!status || !text) return;
    status.hidden = false;
    status.textContent = text;
  };
  say(status?.dataset.working);
  form.addEventListener('submit', (event) => {
    if (finished) return;
    event.preventDefault();
    sendWhenDone = true;
  });
  solveOnWorker(challenge, bits, (nonce) => {
    finished = true;
    if (nonce === null) {
      // Leave the nonce empty: the server takes the answer by the wait path instead.
      say(status?.dataset.failed);
    } else {
      nonceField.value = nonce;
      say(status?.dataset.done);
      const wait = document.getElementById('pow-wait');
      if (wait) wait.hidden = true;
    }
    if (sendWhenDone) form.submit();
  });
}

const inWorker = typeof WorkerGlobalScope !== 'undefined' && globalThis instanceof WorkerGlobalScope;
if (inWorker) {
  globalThis.onmessage = (event) => {
    const { challenge, bits } = event.data ?? {};
    globalThis.postMessage({ nonce: typeof challenge === 'string' ? solve(challenge, bits, 0, GIVE_UP) : null });
  };
} else if (typeof document !== 'undefined') {
  const form = document.getElementById('feedback-form');
  if (form) enhance(form);
}

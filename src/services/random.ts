/**
 * Random values that every signed-out reader of a public page is given: the anonymous CSRF
 * token and a feedback challenge's salt. They are taken from one buffer filled by the system's
 * CSPRNG (crypto.randomFillSync) 4 KB at a time, instead of one randomBytes call each: that call
 * crosses into the system and allocates a fresh ArrayBuffer every time, about 4 µs apiece, which
 * on the kept scorecard page was a tenth of the work of answering a reader.
 *
 * Each value is encoded as it is taken, so no caller ever holds bytes a refill overwrites, and
 * no byte is handed out twice. Secrets that outlive a page (keys, session and API tokens,
 * password salts) still come from randomBytes where they are made.
 */
import { randomFillSync } from 'node:crypto';

const POOL = Buffer.alloc(4096);
let taken = POOL.length;

function take(bytes: number, encoding: 'hex' | 'base64url'): string {
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > POOL.length) throw new RangeError(`cannot take ${bytes} random bytes at once`);
  if (taken + bytes > POOL.length) {
    randomFillSync(POOL);
    taken = 0;
  }
  const value = POOL.toString(encoding, taken, taken + bytes);
  taken += bytes;
  return value;
}

/** `bytes` random bytes as lowercase hex. */
export const randomHex = (bytes: number): string => take(bytes, 'hex');

/** `bytes` random bytes as unpadded base64url (RFC 4648 §5). */
export const randomBase64url = (bytes: number): string => take(bytes, 'base64url');

/**
 * Daylight: making a delegate's key in this browser — an enhancement; the page works without it
 * (make one with `daylight keygen NAME`, paste the verifier key it prints).
 *
 * C2SP signed-note (https://c2sp.org/signed-note) Ed25519 keys, exactly as src/ledger/note.ts
 * and `daylight keygen` write them (and /static/sign.js reads the signer key):
 *   signer key    PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 ‖ 32-byte seed)>
 *   verifier key  <name>+<hex key id>+<base64(0x01 ‖ 32-byte public key)>
 *   key id        SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[0:4], big-endian
 * The seed comes from crypto.getRandomValues and never leaves the browser: the signer key is
 * offered as a file made in the page (a Blob, downloaded like `daylight keygen`'s <name>.key),
 * and only the verifier key is written into the registration form, which the person then sends.
 * The panel stays hidden unless WebCrypto here can really derive an Ed25519 key (checked on a
 * fixed seed against its known key).
 */
const PKCS8_ED25519_PREFIX = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];
const ED25519 = { name: 'Ed25519' };
const KEY_TYPE_ED25519 = 0x01;
const SEED_SIZE = 32;
const utf8 = new TextEncoder();

/** A key name that cannot be used: the message says why (shown after a translated lead). */
export class KeyNameError extends Error {}

function base64(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function unbase64url(text) {
  const std = text.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(std + '='.repeat((4 - (std.length % 4)) % 4)), (ch) => ch.charCodeAt(0));
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Go's isValidName, as ledger/note.ts: non-empty, no white space, no "+", well-formed text. */
export function checkKeyName(name) {
  if (typeof name !== 'string' || name === '') throw new KeyNameError('a key name must not be empty');
  if (/\p{White_Space}|\+|\p{Cs}/u.test(name)) throw new KeyNameError('a key name has no spaces and no "+"');
  return name;
}

/** Both key strings from a 32-byte seed; the public key is derived by WebCrypto. */
export async function keysFromSeed(name, seed, subtle = globalThis.crypto.subtle) {
  checkKeyName(name);
  if (!(seed instanceof Uint8Array) || seed.length !== SEED_SIZE) throw new Error('an Ed25519 seed is 32 bytes');
  const key = await subtle.importKey('pkcs8', concat(Uint8Array.from(PKCS8_ED25519_PREFIX), seed), ED25519, true, ['sign']);
  const publicKey = unbase64url((await subtle.exportKey('jwk', key)).x);
  if (publicKey.length !== 32) throw new Error('WebCrypto gave no 32-byte Ed25519 public key');
  const material = concat(Uint8Array.of(KEY_TYPE_ED25519), publicKey);
  const digest = new Uint8Array(await subtle.digest('SHA-256', concat(utf8.encode(`${name}\n`), material)));
  const id = Array.from(digest.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
  return {
    signerKey: `PRIVATE+KEY+${name}+${id}+${base64(concat(Uint8Array.of(KEY_TYPE_ED25519), seed))}`,
    verifierKey: `${name}+${id}+${base64(material)}`,
  };
}

/** A fresh key pair named `name`, from 32 random bytes. */
export async function makeKey(name, cryptoImpl = globalThis.crypto) {
  checkKeyName(name);
  const seed = cryptoImpl.getRandomValues(new Uint8Array(SEED_SIZE));
  try {
    return await keysFromSeed(name, seed, cryptoImpl.subtle);
  } finally {
    seed.fill(0); // the signer key string holds it now; no second copy lingers
  }
}

/** The file `daylight keygen NAME` would write: <name>.key, unsafe characters as "_". */
export function keyFileName(name) {
  return `${name.replace(/[^A-Za-z0-9._-]/g, '_')}.key`;
}

// The zero seed's key (the EnochRoot vector of ledger/note.ts), to check WebCrypto derives right.
const PROBE = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';

/** True only when this browser derives Ed25519 keys correctly (Firefox before 129 cannot). */
export async function keygenSupported(cryptoImpl = globalThis.crypto) {
  if (!cryptoImpl?.subtle || typeof cryptoImpl.getRandomValues !== 'function') return false;
  try {
    return (await keysFromSeed('EnochRoot', new Uint8Array(SEED_SIZE), cryptoImpl.subtle)).verifierKey === PROBE;
  } catch {
    return false;
  }
}

async function enhance(doc) {
  const panel = doc.getElementById('keygen');
  const nameField = doc.getElementById('keygen-name');
  const button = doc.getElementById('keygen-button');
  const again = doc.getElementById('keygen-download');
  const status = doc.getElementById('keygen-status');
  const target = doc.getElementById('key');
  if (!panel || !nameField || !button || !again || !status || !target) return;
  if (!(await keygenSupported())) return;
  panel.hidden = false;
  let url = null;
  button.addEventListener('click', async () => {
    try {
      const name = nameField.value.trim();
      const { signerKey, verifierKey } = await makeKey(name);
      if (url) URL.revokeObjectURL(url);
      url = URL.createObjectURL(new Blob([`${signerKey}\n`], { type: 'application/octet-stream' }));
      again.href = url;
      again.download = keyFileName(name);
      again.hidden = false;
      again.click(); // the signer key is saved before anything else happens
      target.value = verifierKey;
      status.textContent = panel.dataset.msgMade;
      target.focus();
    } catch (err) {
      status.textContent = err instanceof KeyNameError ? `${panel.dataset.msgBadName} ${err.message}` : panel.dataset.msgFailed;
    }
  });
}

if (typeof document !== 'undefined') enhance(document);

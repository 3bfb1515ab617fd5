/**
 * Daylight: signing a covenant (or renewal) note in this browser — an enhancement; the page works
 * without it (sign offline with `daylight note sign --key FILE`, then upload).
 *
 * C2SP signed-note (https://c2sp.org/signed-note) with Go's Ed25519 key formats, as in
 * src/ledger/note.ts:
 *   signer key   PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 ‖ 32-byte seed)>
 *   key id       SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[0:4], big-endian
 *   signed note  text ‖ "\n" ‖ "— <name> <base64(key id ‖ Ed25519 signature over text)>\n"
 * The key is read from the page's own fields (which have no name and sit outside every form)
 * and is never sent anywhere: only the signed note is written into the upload field. The panel
 * stays hidden unless WebCrypto here can really sign with Ed25519 (feature-detected by signing).
 */
const PKCS8_ED25519_PREFIX = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];
const ED25519 = { name: 'Ed25519' };
const KEY_TYPE_ED25519 = 0x01;
const utf8 = new TextEncoder();

/** A signer key that cannot be used: the message says why (shown after a translated lead). */
export class KeyError extends Error {}

function base64(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/** Strict standard base64: what does not re-encode to itself is refused. */
function unbase64(text) {
  let raw;
  try {
    raw = atob(text);
  } catch {
    return null;
  }
  const bytes = Uint8Array.from(raw, (ch) => ch.charCodeAt(0));
  return base64(bytes) === text ? bytes : null;
}

function unbase64url(text) {
  const std = text.replace(/-/g, '+').replace(/_/g, '/');
  return unbase64(std + '='.repeat((4 - (std.length % 4)) % 4));
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

/** PRIVATE+KEY+<name>+<id>+<base64>: the name, the key id and the 32-byte seed. */
export function parseSignerKey(text) {
  const s = String(text).trim();
  if (!s.startsWith('PRIVATE+KEY+')) throw new KeyError('a signer key begins with PRIVATE+KEY+');
  const rest = s.slice('PRIVATE+KEY+'.length);
  const a = rest.indexOf('+');
  const b = a < 0 ? -1 : rest.indexOf('+', a + 1);
  if (b < 0) throw new KeyError('want PRIVATE+KEY+<name>+<8 hex digits>+<base64 seed>');
  const name = rest.slice(0, a);
  const hex = rest.slice(a + 1, b);
  if (name === '' || /[\s+]/u.test(name)) throw new KeyError('the key name must be non-empty, without spaces or "+"');
  if (!/^[0-9a-f]{8}$/.test(hex)) throw new KeyError('the key id must be 8 lowercase hex digits');
  const material = unbase64(rest.slice(b + 1));
  if (!material || material.length !== 33 || material[0] !== KEY_TYPE_ED25519) {
    throw new KeyError('the key material is not an Ed25519 seed (type 0x01 and 32 bytes, in base64)');
  }
  return { name, keyId: Number.parseInt(hex, 16), seed: material.subarray(1) };
}

function keyIdBytes(id) {
  return Uint8Array.of((id / 2 ** 24) & 0xff, (id / 2 ** 16) & 0xff, (id / 2 ** 8) & 0xff, id & 0xff);
}

/**
 * Signs `text` (the note text, ending in "\n") with the signer key; returns the signed note.
 * The key id comes from the key string and is checked against the public key derived from the
 * seed (when this browser can export it), so a mistyped key fails here, not on the server.
 */
export async function signNoteText(text, keyText, subtle = globalThis.crypto.subtle) {
  if (!text.endsWith('\n')) throw new Error('note text must end with a newline');
  const { name, keyId, seed } = parseSignerKey(keyText);
  const key = await subtle.importKey('pkcs8', concat(Uint8Array.from(PKCS8_ED25519_PREFIX), seed), ED25519, true, ['sign']);
  let publicKey = null;
  try {
    publicKey = unbase64url((await subtle.exportKey('jwk', key)).x);
  } catch {
    publicKey = null; // the server checks the signature in any case
  }
  if (publicKey) {
    const digest = new Uint8Array(await subtle.digest('SHA-256', concat(utf8.encode(`${name}\n`), Uint8Array.of(KEY_TYPE_ED25519), publicKey)));
    const derived = ((digest[0] * 256 + digest[1]) * 256 + digest[2]) * 256 + digest[3];
    if (derived !== keyId) throw new KeyError('the key id does not match the name and key');
  }
  const signature = new Uint8Array(await subtle.sign(ED25519, key, utf8.encode(text)));
  return `${text}\n— ${name} ${base64(concat(keyIdBytes(keyId), signature))}\n`;
}

/** True only when this browser really signs with Ed25519 (Firefox before 129 does not). */
export async function ed25519Supported(subtle = globalThis.crypto?.subtle) {
  if (!subtle) return false;
  try {
    const key = await subtle.importKey('pkcs8', concat(Uint8Array.from(PKCS8_ED25519_PREFIX), new Uint8Array(32)), ED25519, false, ['sign']);
    return (await subtle.sign(ED25519, key, new Uint8Array(1))).byteLength === 64;
  } catch {
    return false;
  }
}

async function enhance(doc) {
  const panel = doc.getElementById('sign-here');
  const text = doc.getElementById('note-text');
  const target = doc.getElementById('note');
  const keyField = doc.getElementById('sign-key');
  const keyFile = doc.getElementById('sign-key-file');
  const button = doc.getElementById('sign-button');
  const status = doc.getElementById('sign-status');
  if (!panel || !text || !target || !keyField || !keyFile || !button || !status) return;
  if (!(await ed25519Supported())) return;
  panel.hidden = false;
  keyFile.addEventListener('change', async () => {
    const file = keyFile.files && keyFile.files[0];
    if (file && file.size <= 4096) keyField.value = (await file.text()).trim();
  });
  button.addEventListener('click', async () => {
    try {
      target.value = await signNoteText(text.textContent, keyField.value);
      keyField.value = '';
      keyFile.value = '';
      status.textContent = panel.dataset.msgSigned;
      target.focus();
    } catch (err) {
      status.textContent = err instanceof KeyError ? `${panel.dataset.msgBadKey} ${err.message}` : panel.dataset.msgFailed;
    }
  });
}

if (typeof document !== 'undefined') enhance(document);

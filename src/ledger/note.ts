/**
 * C2SP signed-note (https://c2sp.org/signed-note, v1.0.0 semantics) with Ed25519 keys in
 * Go's golang.org/x/mod/sumdb/note formats:
 *   verifier key  <name>+<hex key id>+<base64(0x01 ‖ public key)>
 *   signer key    PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 ‖ seed)>
 *   key id        first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key), big-endian uint32
 *   signature     "— <name> <base64(key id ‖ signature)>\n"   (U+2014 em dash)
 * A note is text, then a blank line, then signature lines; split at the last "\n\n".
 * Parsing follows Go's note.Open rule for rule (UTF-8 without control characters other than
 * "\n", at most 100 signatures, unknown keys kept as unverified, a known key whose signature
 * fails rejects the note), and is stricter in one place: base64 must be canonical.
 * Vectors: the spec's example and Go's note_test.go (PeterNeumann, EnochRoot), in test/ledger/note.test.ts.
 */
import { createPrivateKey, createPublicKey, hash, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { decodeBase64, encodeBase64 } from './base64.js';

export interface Verifier {
  readonly name: string;
  readonly keyId: number;
  /** Checks a signature over the note text (for Ed25519, over the text bytes). */
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

export interface Signer {
  readonly name: string;
  readonly keyId: number;
  sign(message: Uint8Array): Uint8Array;
}

export interface NoteSignature {
  name: string;
  keyId: number;
  /** base64 of key id ‖ signature, as it appears on the line */
  base64: string;
}

export interface OpenedNote {
  text: string;
  /** signatures by known keys that verified */
  verified: NoteSignature[];
  /** signatures by keys we were not given (ignored, never trusted) */
  unverified: NoteSignature[];
}

/** A malformed note, key or signature line: the message says which and why. */
export class NoteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoteError';
  }
}

/** Signature type bytes from the signed-note registry. */
export const KEY_TYPE_ED25519 = 0x01;
export const KEY_TYPE_COSIGNATURE_V1 = 0x04;

/** Go's note.Open refuses more; the spec asks verifiers to accept at least 16. */
const MAX_SIGNATURES = 100;
const SIGNATURE_PREFIX = '— ';
const SEED_SIZE = 32;
const ED25519_SIGNATURE_SIZE = 64;
// DER wrappers for a raw 32-byte Ed25519 seed (RFC 8410 PKCS#8) and public key (SPKI).
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

// ---------------------------------------------------------------- names, ids, text

/** Go's isValidName: non-empty, well-formed, no Unicode white space, no "+". */
export function isValidKeyName(name: string): boolean {
  return name !== '' && !/\p{White_Space}|\+|\p{Cs}/u.test(name);
}

/** SHA-256(name ‖ 0x0A ‖ type ‖ key)[:4] as a big-endian uint32. */
export function keyId(name: string, publicKeyWithType: Uint8Array): number {
  const digest = hash('sha256', Buffer.concat([Buffer.from(name + '\n', 'utf8'), publicKeyWithType]), 'buffer');
  return digest.readUInt32BE(0);
}

export function hexKeyId(id: number): string {
  return id.toString(16).padStart(8, '0');
}

const utf8Encoder = new TextEncoder();
// ignoreBOM keeps a leading U+FEFF as text, as Go does, instead of silently dropping it.
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function utf8(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

/** Go's Open rejects invalid UTF-8 and ASCII control characters other than newline. */
function checkNoteChars(note: string): void {
  const bad = /[\u0000-\u0009\u000b-\u001f]|\p{Cs}/u.exec(note);
  if (!bad) return;
  const line = lineNumberAt(note, bad.index);
  const code = bad[0].charCodeAt(0);
  if (code >= 0xd800) throw new NoteError(`malformed note: line ${line}: lone surrogate; a note must be valid UTF-8`);
  const hint = code === 0x0d ? ' (convert CRLF line endings to LF)' : '';
  const u = code.toString(16).padStart(4, '0').toUpperCase();
  throw new NoteError(`malformed note: line ${line}: control character U+${u}${hint}; only "\\n" is allowed`);
}

function lineNumberAt(text: string, index: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

// ---------------------------------------------------------------- Ed25519

export function ed25519PrivateKey(seed: Uint8Array): KeyObject {
  if (seed.length !== SEED_SIZE) throw new NoteError(`an Ed25519 seed is ${SEED_SIZE} bytes, not ${seed.length}`);
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

export function ed25519PublicBytes(privateKey: KeyObject): Uint8Array {
  const der = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return new Uint8Array(der.subarray(SPKI_PREFIX.length));
}

/** Undefined when the 32 bytes are not a valid Ed25519 point encoding. */
export function ed25519PublicKey(publicKey: Uint8Array): KeyObject | undefined {
  if (publicKey.length !== 32) return undefined;
  try {
    return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
  } catch {
    return undefined;
  }
}

export function ed25519Sign(privateKey: KeyObject, message: Uint8Array): Uint8Array {
  return new Uint8Array(sign(null, message, privateKey));
}

export function ed25519Verify(publicKey: KeyObject, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== ED25519_SIGNATURE_SIZE) return false;
  try {
    return verify(null, message, publicKey, signature);
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- key strings

/** A key string taken apart: the type byte and the key material after it. */
export interface KeyParts {
  name: string;
  keyId: number;
  type: number;
  key: Uint8Array;
}

/** Go's chop: the text before and after the first `sep`; after is '' when absent. */
function chop(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + sep.length)];
}

function decodeKeyBody(kind: string, want: string, name: string, hex16: string, b64: string): KeyParts {
  if (!isValidKeyName(name)) {
    throw new NoteError(`malformed ${kind}: key name "${name}" must be non-empty, without spaces or "+" (want ${want})`);
  }
  if (!/^[0-9a-f]{8}$/.test(hex16)) throw new NoteError(`malformed ${kind}: key id "${hex16}" must be 8 lowercase hex digits (want ${want})`);
  const material = decodeBase64(b64);
  if (!material || material.length < 2) throw new NoteError(`malformed ${kind}: key material is not a type byte and a key in base64 (want ${want})`);
  return { name, keyId: Number.parseInt(hex16, 16), type: material[0]!, key: material.subarray(1) };
}

function checkWhitespace(kind: string, text: string): void {
  if (text.trim() !== text) throw new NoteError(`malformed ${kind}: remove the white space around the key`);
}

/** Parses `<name>+<id>+<base64>` of any type and checks the id against name and key. */
export function decodeVerifierKey(text: string): KeyParts {
  const kind = 'verifier key';
  checkWhitespace(kind, text);
  const [name, rest] = chop(text, '+');
  const [hex16, b64] = chop(rest, '+');
  const parts = decodeKeyBody(kind, '<name>+<8 hex digits>+<base64 key>', name, hex16, b64);
  const want = keyId(name, Buffer.concat([Buffer.of(parts.type), parts.key]));
  if (want !== parts.keyId) throw new NoteError(`malformed ${kind}: key id ${hex16} does not match the name and key (${hexKeyId(want)})`);
  return parts;
}

/** Parses `PRIVATE+KEY+<name>+<id>+<base64>`; the id is checked once the public key is derived. */
export function decodeSignerKey(text: string): KeyParts {
  const kind = 'signer key';
  checkWhitespace(kind, text);
  const [priv1, r1] = chop(text, '+');
  const [priv2, r2] = chop(r1, '+');
  if (priv1 !== 'PRIVATE' || priv2 !== 'KEY') throw new NoteError(`malformed ${kind}: it must begin with PRIVATE+KEY+`);
  const [name, r3] = chop(r2, '+');
  const [hex16, b64] = chop(r3, '+');
  return decodeKeyBody(kind, 'PRIVATE+KEY+<name>+<8 hex digits>+<base64 seed>', name, hex16, b64);
}

export function encodeVerifierKey(name: string, type: number, publicKey: Uint8Array): string {
  const material = Buffer.concat([Buffer.of(type), publicKey]);
  return `${name}+${hexKeyId(keyId(name, material))}+${encodeBase64(material)}`;
}

export function encodeSignerKey(name: string, id: number, type: number, seed: Uint8Array): string {
  return `PRIVATE+KEY+${name}+${hexKeyId(id)}+${encodeBase64(Buffer.concat([Buffer.of(type), seed]))}`;
}

function typeError(kind: string, type: number): NoteError {
  const hex = type.toString(16).padStart(2, '0');
  const hint = type === KEY_TYPE_COSIGNATURE_V1 ? ' (0x04 is a witness cosignature key: see cosignature.ts)' : '';
  return new NoteError(`unsupported ${kind} type 0x${hex}${hint}; note keys are Ed25519, type 0x01`);
}

// ---------------------------------------------------------------- Ed25519 note keys

interface LoadedSigner {
  signer: Signer;
  verifierKey: string;
}

function loadSignerKey(text: string): LoadedSigner {
  const parts = decodeSignerKey(text);
  if (parts.type !== KEY_TYPE_ED25519) throw typeError('signer key', parts.type);
  if (parts.key.length !== SEED_SIZE) throw new NoteError(`malformed signer key: an Ed25519 seed is 32 bytes, not ${parts.key.length}`);
  const loaded = signerFromSeed(parts.name, parts.key);
  // The id names the public key, which only exists once derived from the seed.
  if (loaded.signer.keyId !== parts.keyId) throw new NoteError('malformed signer key: key id does not match the name and key');
  return loaded;
}

function signerFromSeed(name: string, seed: Uint8Array): LoadedSigner {
  if (!isValidKeyName(name)) throw new NoteError(`key name "${name}" must be non-empty, without spaces or "+"`);
  const privateKey = ed25519PrivateKey(seed);
  const publicKey = ed25519PublicBytes(privateKey);
  const id = keyId(name, Buffer.concat([Buffer.of(KEY_TYPE_ED25519), publicKey]));
  const verifierKey = encodeVerifierKey(name, KEY_TYPE_ED25519, publicKey);
  const signer: Signer = { name, keyId: id, sign: (message) => ed25519Sign(privateKey, message) };
  return { signer, verifierKey };
}

/** Generates a fresh Ed25519 key: returns the signer key and verifier key strings. */
export function generateKey(name: string): { signerKey: string; verifierKey: string } {
  return keyFromSeed(name, randomBytes(SEED_SIZE));
}

/** Derives both key strings from a 32-byte seed (EnochRoot vector: zero seed). */
export function keyFromSeed(name: string, seed: Uint8Array): { signerKey: string; verifierKey: string } {
  const { signer, verifierKey } = signerFromSeed(name, seed);
  return { signerKey: encodeSignerKey(name, signer.keyId, KEY_TYPE_ED25519, seed), verifierKey };
}

export function parseSignerKey(text: string): Signer {
  return loadSignerKey(text).signer;
}

export function parseVerifierKey(text: string): Verifier {
  const { name, keyId: id, type, key } = decodeVerifierKey(text);
  if (type !== KEY_TYPE_ED25519) throw typeError('verifier key', type);
  const publicKey = ed25519PublicKey(key);
  if (!publicKey) throw new NoteError('malformed verifier key: not a 32-byte Ed25519 public key');
  return { name, keyId: id, verify: (message, signature) => ed25519Verify(publicKey, message, signature) };
}

/** The verifier key string that matches a signer key string. */
export function verifierKeyOf(signerKey: string): string {
  return loadSignerKey(signerKey).verifierKey;
}

// ---------------------------------------------------------------- notes

interface SignatureLine extends NoteSignature {
  /** the line without its final newline */
  line: string;
  /** the signature bytes after the key id */
  signature: Uint8Array;
}

interface ParsedNote {
  text: string;
  lines: SignatureLine[];
}

function parseNote(note: string): ParsedNote {
  checkNoteChars(note);
  if (!note.endsWith('\n')) throw new NoteError('malformed note: it must end with a newline');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('malformed note: no blank line between the text and the signatures');
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (block === '') throw new NoteError('malformed note: no signature lines after the blank line');
  const raw = block.slice(0, -1).split('\n');
  if (raw.length > MAX_SIGNATURES) throw new NoteError(`malformed note: ${raw.length} signature lines; at most ${MAX_SIGNATURES} are accepted`);
  const first = lineNumberAt(note, split + 2);
  return { text, lines: raw.map((line, i) => parseSignatureLine(line, first + i)) };
}

function parseSignatureLine(line: string, lineNumber: number): SignatureLine {
  const fail = (why: string): NoteError => new NoteError(`malformed note: line ${lineNumber}: ${why}`);
  if (!line.startsWith(SIGNATURE_PREFIX)) throw fail('a signature line starts with "— " (em dash U+2014, space)');
  const [name, base64] = chop(line.slice(SIGNATURE_PREFIX.length), ' ');
  if (!isValidKeyName(name)) throw fail(`key name "${name}" must be non-empty, without spaces or "+"`);
  if (base64 === '') throw fail('want "— <key name> <base64 signature>"');
  const bytes = decodeBase64(base64);
  if (!bytes) throw fail('the signature is not canonical standard base64');
  if (bytes.length < 5) throw fail(`the signature has ${bytes.length} bytes; it needs a 4-byte key id and a signature`);
  const id = Buffer.from(bytes.buffer, bytes.byteOffset, 4).readUInt32BE(0);
  return { name, keyId: id, base64, line, signature: bytes.subarray(4) };
}

function decodeNote(note: string | Uint8Array): string {
  if (typeof note === 'string') return note;
  try {
    return utf8Decoder.decode(note);
  } catch {
    throw new NoteError('malformed note: not valid UTF-8');
  }
}

const mapKey = (name: string, id: number): string => `${name}\n${id}`;
const publicSignature = ({ name, keyId: id, base64 }: SignatureLine): NoteSignature => ({ name, keyId: id, base64 });

/**
 * Parses and checks a note. Throws NoteError when malformed, and when no signature
 * by any of `verifiers` verifies (unknown keys are ignored; at most 100 signatures).
 */
export function openNote(note: string | Uint8Array, verifiers: Verifier[]): OpenedNote {
  const { text, lines } = parseNote(decodeNote(note));
  const known = new Map<string, Verifier[]>();
  for (const v of verifiers) known.set(mapKey(v.name, v.keyId), [...(known.get(mapKey(v.name, v.keyId)) ?? []), v]);
  const message = utf8(text);
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seenKeys = new Set<string>();
  const seenLines = new Set<string>();
  for (const sig of lines) {
    const candidates = known.get(mapKey(sig.name, sig.keyId));
    const label = `${sig.name}+${hexKeyId(sig.keyId)}`;
    if (!candidates) {
      // Unknown keys are ignored, never trusted; an identical repeated line is kept once.
      if (!seenLines.has(sig.line)) unverified.push(publicSignature(sig));
      seenLines.add(sig.line);
      continue;
    }
    if (candidates.length > 1) throw new NoteError(`ambiguous key ${label}: two verifiers share this name and key id`);
    // As in Go, only the first signature by a known key counts; later ones are dropped.
    if (seenKeys.has(mapKey(sig.name, sig.keyId))) continue;
    seenKeys.add(mapKey(sig.name, sig.keyId));
    if (!candidates[0]!.verify(message, sig.signature)) throw new NoteError(`invalid signature for key ${label}`);
    verified.push(publicSignature(sig));
  }
  if (verified.length === 0) throw new NoteError(noTrustedSignature(unverified));
  return { text, verified, unverified };
}

function noTrustedSignature(unverified: NoteSignature[]): string {
  const by = unverified.map((s) => `${s.name}+${hexKeyId(s.keyId)}`).join(', ');
  return `no signature by a trusted key (the note is signed by ${by}; pass the verifier key of one of them)`;
}

/** Plain text is signed as is; text whose last paragraph starts with "— " is read as a signed note. */
function textAndSignatures(textOrNote: string): ParsedNote {
  const split = textOrNote.lastIndexOf('\n\n');
  if (split >= 0 && textOrNote.startsWith(SIGNATURE_PREFIX, split + 2)) return parseNote(textOrNote);
  checkNoteChars(textOrNote);
  if (!textOrNote.endsWith('\n')) throw new NoteError('malformed note: note text must end with a newline');
  return { text: textOrNote, lines: [] };
}

function signatureLine(signer: Signer, message: Uint8Array): string {
  if (!isValidKeyName(signer.name)) throw new NoteError(`signer name "${signer.name}" must be non-empty, without spaces or "+"`);
  if (!Number.isInteger(signer.keyId) || signer.keyId < 0 || signer.keyId > 0xffffffff) {
    throw new Error(`signer ${signer.name} has key id ${signer.keyId}, not a uint32`);
  }
  const signature = signer.sign(message);
  if (signature.length === 0) throw new Error(`signer ${signer.name} returned an empty signature`);
  const id = Buffer.alloc(4);
  id.writeUInt32BE(signer.keyId);
  return `${SIGNATURE_PREFIX}${signer.name} ${encodeBase64(Buffer.concat([id, signature]))}`;
}

/**
 * Signs note text (must end in "\n"); `note` may be an already signed note, then a line is added.
 * As Go's note.Sign: existing signatures first, in their order, except those by a key that
 * signs now (replaced); then the new signatures in the order of `signers`. Existing lines are
 * kept whether or not anyone can verify them (they are not checked here).
 */
export function signNote(textOrNote: string, signers: Signer[]): string {
  const { text, lines } = textAndSignatures(textOrNote);
  const fresh = new Set(signers.map((s) => mapKey(s.name, s.keyId)));
  if (fresh.size !== signers.length) throw new NoteError('two signers share a key name and id; pass each key once');
  const kept: string[] = [];
  for (const sig of lines) {
    if (!fresh.has(mapKey(sig.name, sig.keyId)) && !kept.includes(sig.line)) kept.push(sig.line);
  }
  const message = utf8(text);
  const all = [...kept, ...signers.map((s) => signatureLine(s, message))];
  if (all.length > MAX_SIGNATURES) throw new NoteError(`a note carries at most ${MAX_SIGNATURES} signatures; this one would have ${all.length}`);
  return `${text}\n${all.map((l) => l + '\n').join('')}`;
}

/**
 * C2SP tlog-cosignature (https://c2sp.org/tlog-cosignature), cosignature/v1:
 *   key type 0x04 (Ed25519 cosignature); key id = SHA-256(name ‖ 0x0A ‖ 0x04 ‖ pub)[:4]
 *   signed message: "cosignature/v1\ntime <unix seconds>\n" ‖ checkpoint body
 *   signature bytes on the note line: key id (4) ‖ uint64 BE timestamp ‖ Ed25519 signature (64)
 * Keys are written like note keys (signed-note vkeys) with type byte 0x04:
 *   <name>+<hex id>+base64(0x04 ‖ pub) and PRIVATE+KEY+<name>+<hex id>+base64(0x04 ‖ seed).
 * Timestamps are POSIX seconds and kept to safe integers (the spec allows up to 2^63 - 1;
 * a later one is 285 million years away, so it is refused rather than rounded).
 * Vectors: a production checkpoint cosigned by remora.n621.de, in test/ledger/cosignature.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { decodeBase64 } from './base64.js';
import { parseCheckpoint } from './checkpoint.js';
import {
  KEY_TYPE_COSIGNATURE_V1,
  NoteError,
  decodeSignerKey,
  decodeVerifierKey,
  ed25519PrivateKey,
  ed25519PublicBytes,
  ed25519PublicKey,
  ed25519Sign,
  ed25519Verify,
  encodeSignerKey,
  encodeVerifierKey,
  isValidKeyName,
  keyId,
  signNote,
  type NoteSignature,
  type Signer,
  type Verifier,
} from './note.js';

const TIMESTAMP_SIZE = 8;
const SIGNATURE_SIZE = 64;

export type Cosigner = Signer & { cosign(checkpointBody: string, time: number): Uint8Array };
export type CosignatureVerifier = Verifier & { lastTime: number | undefined };

const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** "cosignature/v1\ntime <t>\n" ‖ body: the bytes an Ed25519 cosigner signs (§Ed25519 signed message). */
function signedMessage(time: number | bigint, body: Uint8Array): Uint8Array {
  return Buffer.concat([Buffer.from(`cosignature/v1\ntime ${time}\n`, 'utf8'), body]);
}

function checkTime(time: number): void {
  if (!Number.isSafeInteger(time) || time < 0) throw new NoteError(`cosignature time ${time} is not a non-negative whole number of seconds`);
}

function cosignerKeyId(name: string, publicKey: Uint8Array): number {
  return keyId(name, Buffer.concat([Buffer.of(KEY_TYPE_COSIGNATURE_V1), publicKey]));
}

function typeError(kind: string, type: number): NoteError {
  const hex = type.toString(16).padStart(2, '0');
  return new NoteError(`unsupported ${kind} type 0x${hex}; cosignature/v1 keys are type 0x04`);
}

function cosignerFromSeed(name: string, seed: Uint8Array): Cosigner {
  const privateKey = ed25519PrivateKey(seed);
  const id = cosignerKeyId(name, ed25519PublicBytes(privateKey));
  const cosign = (checkpointBody: string, time: number): Uint8Array => {
    checkTime(time);
    parseCheckpoint(checkpointBody); // a cosigner vouches for checkpoints only
    const stamp = Buffer.alloc(TIMESTAMP_SIZE);
    stamp.writeBigUInt64BE(BigInt(time));
    const signature = ed25519Sign(privateKey, signedMessage(time, Buffer.from(checkpointBody, 'utf8')));
    return Buffer.concat([stamp, signature]);
  };
  // As a plain note Signer (for signNote) it stamps the current time.
  const sign = (message: Uint8Array): Uint8Array => cosign(utf8Decoder.decode(message), Math.floor(Date.now() / 1000));
  return { name, keyId: id, sign, cosign };
}

export function generateCosignerKey(name: string): { signerKey: string; verifierKey: string } {
  if (!isValidKeyName(name)) throw new NoteError(`key name "${name}" must be non-empty, without spaces or "+"`);
  const seed = randomBytes(32);
  const publicKey = ed25519PublicBytes(ed25519PrivateKey(seed));
  return {
    signerKey: encodeSignerKey(name, cosignerKeyId(name, publicKey), KEY_TYPE_COSIGNATURE_V1, seed),
    verifierKey: encodeVerifierKey(name, KEY_TYPE_COSIGNATURE_V1, publicKey),
  };
}

export function parseCosignerKey(text: string): Cosigner {
  const parts = decodeSignerKey(text);
  if (parts.type !== KEY_TYPE_COSIGNATURE_V1) throw typeError('signer key', parts.type);
  if (parts.key.length !== 32) throw new NoteError(`malformed signer key: an Ed25519 seed is 32 bytes, not ${parts.key.length}`);
  const cosigner = cosignerFromSeed(parts.name, parts.key);
  if (cosigner.keyId !== parts.keyId) throw new NoteError('malformed signer key: key id does not match the name and key');
  return cosigner;
}

/** A note.Verifier for cosignature/v1 lines; `lastTime` is set by verify() to the signed timestamp. */
export function parseCosignatureVerifierKey(text: string): CosignatureVerifier {
  const { name, keyId: id, type, key } = decodeVerifierKey(text);
  if (type !== KEY_TYPE_COSIGNATURE_V1) throw typeError('verifier key', type);
  const publicKey = ed25519PublicKey(key);
  if (!publicKey) throw new NoteError('malformed verifier key: not a 32-byte Ed25519 public key');
  const verifier: CosignatureVerifier = {
    name,
    keyId: id,
    lastTime: undefined,
    verify(message, signature) {
      verifier.lastTime = undefined;
      const time = timestampOf(signature);
      if (time === undefined || signature.length !== TIMESTAMP_SIZE + SIGNATURE_SIZE) return false;
      if (!ed25519Verify(publicKey, signedMessage(time, message), signature.subarray(TIMESTAMP_SIZE))) return false;
      verifier.lastTime = time;
      return true;
    },
  };
  return verifier;
}

/** The uint64 big-endian timestamp at the front, if it is a safe integer. */
function timestampOf(signature: Uint8Array): number | undefined {
  if (signature.length < TIMESTAMP_SIZE) return undefined;
  const time = Buffer.from(signature.buffer, signature.byteOffset, TIMESTAMP_SIZE).readBigUInt64BE(0);
  return time <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(time) : undefined;
}

/**
 * The timestamp a cosignature line claims, read without verifying it (to show it, or to
 * pick the newest); undefined when the line is not shaped like a cosignature/v1 signature.
 */
export function cosignatureTime(signature: NoteSignature): number | undefined {
  const bytes = decodeBase64(signature.base64);
  if (!bytes || bytes.length !== 4 + TIMESTAMP_SIZE + SIGNATURE_SIZE) return undefined;
  return timestampOf(bytes.subarray(4));
}

/** Adds a cosignature line to a signed checkpoint note. */
export function cosignCheckpoint(note: string, signerKey: string, time: number): string {
  checkTime(time);
  const cosigner = parseCosignerKey(signerKey);
  const atTime: Signer = {
    name: cosigner.name,
    keyId: cosigner.keyId,
    sign: (message) => cosigner.cosign(utf8Decoder.decode(message), time),
  };
  return signNote(note, [atTime]);
}

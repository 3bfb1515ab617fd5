/**
 * C2SP signed-note (https://c2sp.org/signed-note, v1.0.0 semantics) with Ed25519 keys in
 * Go's golang.org/x/mod/sumdb/note formats:
 *   verifier key  <name>+<hex key id>+<base64(0x01 ‖ public key)>
 *   signer key    PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 ‖ seed)>
 *   key id        first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key), big-endian uint32
 *   signature     "— <name> <base64(key id ‖ signature)>\n"   (U+2014 em dash)
 * A note is text, then a blank line, then signature lines; split at the last "\n\n".
 * Vectors: the spec's example and Go's note_test.go (PeterNeumann, EnochRoot), in test/ledger/note.test.ts.
 */

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

export declare function keyId(name: string, publicKeyWithType: Uint8Array): number;
/** Generates a fresh Ed25519 key: returns the signer key and verifier key strings. */
export declare function generateKey(name: string): { signerKey: string; verifierKey: string };
/** Derives both key strings from a 32-byte seed (EnochRoot vector: zero seed). */
export declare function keyFromSeed(name: string, seed: Uint8Array): { signerKey: string; verifierKey: string };
export declare function parseSignerKey(text: string): Signer;
export declare function parseVerifierKey(text: string): Verifier;
/** The verifier key string that matches a signer key string. */
export declare function verifierKeyOf(signerKey: string): string;
/** Signs note text (must end in "\n"); `note` may be an already signed note, then a line is added. */
export declare function signNote(textOrNote: string, signers: Signer[]): string;
/**
 * Parses and checks a note. Throws NoteError when malformed, and when no signature
 * by any of `verifiers` verifies (unknown keys are ignored; at most 100 signatures).
 */
export declare function openNote(note: string | Uint8Array, verifiers: Verifier[]): OpenedNote;

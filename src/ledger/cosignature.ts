/**
 * C2SP tlog-cosignature (https://c2sp.org/tlog-cosignature), cosignature/v1:
 *   key type 0x04 (Ed25519 cosignature); key id = SHA-256(name ‖ 0x0A ‖ 0x04 ‖ pub)[:4]
 *   signed message: "cosignature/v1\ntime <unix seconds>\n" ‖ checkpoint body
 *   signature bytes on the note line: key id (4) ‖ uint64 BE timestamp ‖ Ed25519 signature (64)
 */
import type { Signer, Verifier } from './note.js';

export declare function generateCosignerKey(name: string): { signerKey: string; verifierKey: string };
export declare function parseCosignerKey(text: string): Signer & { cosign(checkpointBody: string, time: number): Uint8Array };
/** A note.Verifier for cosignature/v1 lines; `lastTime` is set by verify() to the signed timestamp. */
export declare function parseCosignatureVerifierKey(text: string): Verifier & { lastTime: number | undefined };
/** Adds a cosignature line to a signed checkpoint note. */
export declare function cosignCheckpoint(note: string, signerKey: string, time: number): string;

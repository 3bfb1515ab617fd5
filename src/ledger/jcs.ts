/**
 * RFC 8785 JSON Canonicalization Scheme: the bytes of every ledger entry and of every
 * document whose hash is signed. Keys sorted by UTF-16 code units, ECMAScript number
 * serialization, minimal string escaping. Rejects non-finite numbers, undefined, cycles.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export declare function canonicalize(value: unknown): string;
export declare function canonicalBytes(value: unknown): Uint8Array;

/**
 * Standard base64 (RFC 4648 §4), strict: the padded alphabet only, no whitespace, and canonical
 * (re-encoding the bytes gives back the same text, so the unused low bits of the last character
 * are zero). Node's Buffer decoder is lenient — it skips junk and accepts missing padding —
 * so every key, signature and root hash that comes from outside goes through here instead.
 */

const SHAPE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** The decoded bytes, or undefined when `text` is not canonical standard base64. */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (!SHAPE.test(text)) return undefined;
  const bytes = new Uint8Array(Buffer.from(text, 'base64'));
  // Shape alone admits "AB==" whose last character carries non-zero unused bits.
  return encodeBase64(bytes) === text ? bytes : undefined;
}

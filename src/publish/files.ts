/**
 * The archive tree, one function for the live server and the static export:
 *   checkpoint, log.vkey, tile/<L>/<N>[.p/<W>], tile/entries/<N>[.p/<W>], doc/sha256/<hex>
 */
import type { Ctx } from '../services/context.js';

export interface ArchiveFile {
  body: Uint8Array;
  contentType: string;
  /** checkpoint: no-cache; full tiles, bundles and documents: immutable; partial tiles: short */
  cache: 'immutable' | 'no-cache' | 'short';
}
/** null when the path names nothing (or a redacted document). Paths are validated strictly. */
export declare function readArchiveFile(ctx: Ctx, path: string): Promise<ArchiveFile | null>;

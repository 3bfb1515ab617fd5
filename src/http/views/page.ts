/**
 * What every view needs to know about the page being drawn. Views are pure functions of their
 * props (no context, no I/O), so the same code renders live pages and static exports.
 */
import type { Locale, Translate } from '../../i18n/index.js';
import { entriesPath, TILE_WIDTH } from '../../ledger/tile.js';

export interface PageInfo {
  locale: Locale;
  t: Translate;
  /** the request path, for marking the current navigation link */
  path: string;
  /** signed-in reader, with the token their logout form must carry; null when signed out */
  user: { username: string; csrf: string } | null;
  /** the reader's chosen time zone (middleware/time-zone.ts); absent: UTC, or the browser's with JavaScript */
  timeZone?: string;
  /**
   * Present only when the page is drawn for the static export (publish/site.ts): no server
   * behind it, so no sign-in, no forms; record indexes link to their entry bundle in the export,
   * cut at this tree size. Absent on every live page, which therefore renders as before.
   */
  static?: StaticSite;
}

export interface StaticSite {
  /** the size of the checkpoint the export is cut at */
  treeSize: number;
  /** where the export will be served, for the verify command shown; "." (run it in the export) when unknown */
  archiveUrl: string;
}

/** In a static export, the archive path of the entry bundle holding record `index`; else null. */
export function staticBundle(page: PageInfo, index: number): string | null {
  const size = page.static?.treeSize;
  if (size === undefined || !Number.isSafeInteger(index) || index < 0 || index >= size) return null;
  const n = Math.floor(index / TILE_WIDTH);
  return entriesPath(n, Math.min(TILE_WIDTH, size - n * TILE_WIDTH));
}

/** Renders a complete document. Views are synchronous; a Promise here is a bug. */
export function renderDocument(element: unknown): string {
  const html = element instanceof Promise ? null : String(element);
  if (html === null) throw new Error('views must render synchronously: a component returned a Promise');
  return `<!doctype html>${html}`;
}

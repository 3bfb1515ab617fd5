/**
 * What every view needs to know about the page being drawn. Views are pure functions of their
 * props (no context, no I/O), so the same code renders live pages and static exports.
 */
import type { Locale, Translate } from '../../i18n/index.js';

export interface PageInfo {
  locale: Locale;
  t: Translate;
  /** the request path, for marking the current navigation link */
  path: string;
  /** signed-in reader, with the token their logout form must carry; null when signed out */
  user: { username: string; csrf: string } | null;
}

/** Renders a complete document. Views are synchronous; a Promise here is a bug. */
export function renderDocument(element: unknown): string {
  const html = element instanceof Promise ? null : String(element);
  if (html === null) throw new Error('views must render synchronously: a component returned a Promise');
  return `<!doctype html>${html}`;
}

/** Locale-aware formatting for views: pure, built on the platform's Intl (CLDR data). */
import type { Locale } from '../../i18n/index.js';

export function formatNumber(locale: Locale, n: number): string {
  return formatter(numberFormats, locale, () => new Intl.NumberFormat(locale)).format(n);
}

// Making an Intl formatter costs tens of microseconds (it resolves CLDR data) and a page shows
// dozens of times and numbers: one is kept per locale (and time zone), a bounded few.
const MAX_FORMATTERS = 500;
const numberFormats = new Map<string, Intl.NumberFormat>();
const instantFormats = new Map<string, Intl.DateTimeFormat>();

function formatter<F>(kept: Map<string, F>, key: string, make: () => F): F {
  let f = kept.get(key);
  if (f === undefined) {
    f = make(); // an unknown time zone throws here, and nothing is kept
    if (kept.size >= MAX_FORMATTERS) kept.clear();
    kept.set(key, f);
  }
  return f;
}

/**
 * Record times are UTC instants; shown in the reader's chosen zone, else in UTC, always with the
 * zone named so nobody misreads the moment.
 */
export function formatInstant(locale: Locale, iso: string, timeZone = 'UTC'): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const f = formatter(instantFormats, `${locale}\n${timeZone}`, () =>
    new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone,
      timeZoneName: 'short',
    }),
  );
  return f.format(d);
}

/** POSIX shell quoting for commands shown to copy: bare when plainly safe, else single quotes. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_+=\/.:@%-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Wraps text from users (names, labels) in Unicode bidi isolates (FSI … PDI, UAX #9 §2.4) before
 * it goes into a translated sentence, so an Arabic name does not reorder an English sentence
 * or the reverse. In markup, <bdi> does the same.
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}

/**
 * Languages of the web pages: ICU MessageFormat catalogs (FormatJS, @formatjs/intl) for
 * en, es, fr, ar, pt, and the choice of one per request.
 *
 * Choice, first match wins:
 *   1. ?lang=<locale>       the reader's explicit choice (the language middleware stores it in
 *                           the daylight_lang cookie so it sticks)
 *   2. daylight_lang cookie the reader's earlier choice
 *   3. Accept-Language      RFC 9110 §12.5.4: by q-value, ties in header order; a tag matches a
 *                           locale by its primary subtag (pt-BR → pt); q=0 means "not this one"
 *   4. en
 * Every catalog has exactly the keys of en.json; test/http/i18n.test.ts enforces that, that
 * each key is used under src/http, and that every message parses as ICU.
 */
import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl';
import en from './messages/en.json' with { type: 'json' };
import es from './messages/es.json' with { type: 'json' };
import fr from './messages/fr.json' with { type: 'json' };
import ar from './messages/ar.json' with { type: 'json' };
import pt from './messages/pt.json' with { type: 'json' };

export const LOCALES = ['en', 'es', 'fr', 'ar', 'pt'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** Each language named in itself, for the switcher: a reader finds their own script. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = Object.freeze({
  en: 'English',
  es: 'Español',
  fr: 'Français',
  ar: 'العربية',
  pt: 'Português',
});

export type MessageId = keyof typeof en;
export type Catalog = Readonly<Record<MessageId, string>>;
export const CATALOGS: Readonly<Record<Locale, Catalog>> = Object.freeze({ en, es, fr, ar, pt });

const RTL: ReadonlySet<Locale> = new Set<Locale>(['ar']);

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function dir(locale: Locale): 'ltr' | 'rtl' {
  return RTL.has(locale) ? 'rtl' : 'ltr';
}

/** Bounds on untrusted input: a longer header is cut, extra entries are ignored. */
const MAX_HEADER = 1024;
const MAX_RANGES = 32;

/** Accept-Language ranges by preference: q descending, ties in header order; q=0 dropped. */
export function parseAcceptLanguage(header: string | null | undefined): string[] {
  if (!header) return [];
  const ranges: { tag: string; q: number; at: number }[] = [];
  const parts = header.slice(0, MAX_HEADER).split(',').slice(0, MAX_RANGES);
  parts.forEach((part, at) => {
    const [rawTag = '', ...params] = part.split(';');
    const tag = rawTag.trim().toLowerCase();
    if (!/^(\*|[a-z]{1,8}(-[a-z0-9]{1,8})*)$/.test(tag)) return;
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*(0(\.\d{0,3})?|1(\.0{0,3})?)\s*$/i.exec(p);
      if (m) q = Number(m[1]);
    }
    if (q > 0) ranges.push({ tag, q, at });
  });
  ranges.sort((a, b) => b.q - a.q || a.at - b.at);
  return ranges.map((r) => r.tag);
}

/** The locale for a request: ?lang, then the cookie, then Accept-Language, then en. */
export function negotiate(
  acceptLanguage: string | null | undefined,
  cookie: string | null | undefined,
  query: string | null | undefined,
): Locale {
  if (isLocale(query)) return query;
  if (isLocale(cookie)) return cookie;
  for (const tag of parseAcceptLanguage(acceptLanguage)) {
    const primary = tag.split('-')[0];
    if (isLocale(primary)) return primary;
  }
  return DEFAULT_LOCALE;
}

const cache = createIntlCache();
const intls = new Map<Locale, IntlShape>();

/** One IntlShape per locale, built on first use and kept: formatters are costly to create. */
export function intlFor(locale: Locale): IntlShape {
  let intl = intls.get(locale);
  if (!intl) {
    intl = createIntl(
      {
        locale,
        defaultLocale: DEFAULT_LOCALE,
        messages: CATALOGS[locale],
        // A missing or broken message is caught by the catalog tests; at run time the page
        // still renders (with the key) rather than failing for the reader.
        onError: (err) => console.error(`i18n ${locale}: ${err.message.split('\n')[0]}`),
      },
      cache,
    );
    intls.set(locale, intl);
  }
  return intl;
}

export type MessageValues = Record<string, string | number | Date>;
export type Translate = (id: MessageId, values?: MessageValues) => string;

/** `t('key', values)` for one locale: the form pages use, and the one the key scan looks for. */
export function translator(locale: Locale): Translate {
  const intl = intlFor(locale);
  return (id, values) => intl.formatMessage({ id }, values);
}

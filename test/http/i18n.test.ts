/**
 * The catalogs: same keys in every locale, every key used by the web layer, every message valid
 * ICU MessageFormat with the same arguments as English; language negotiation (RFC 9110 §12.5.4).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGS, LOCALES, dir, intlFor, negotiate, parseAcceptLanguage, translator } from '../../src/i18n/index.js';

const en = CATALOGS.en as Record<string, string>;

function sourceFiles(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const p = join(root, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

function usedKeys(): Set<string> {
  const keys = new Set<string>();
  const patterns = [/\bt\(\s*'([^']+)'/g, /formatMessage\(\s*\{\s*id:\s*'([^']+)'/g];
  for (const file of sourceFiles('src/http')) {
    const text = readFileSync(file, 'utf8');
    for (const re of patterns) for (const m of text.matchAll(re)) keys.add(m[1]!);
  }
  return keys;
}

/** Argument names in an ICU AST (walks plural/select options too). */
function argNames(ast: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(ast)) ast.forEach((el) => argNames(el, into));
  else if (ast && typeof ast === 'object') {
    const el = ast as { type: number; value?: unknown; options?: Record<string, { value: unknown }>; children?: unknown };
    if (el.type !== 0 && typeof el.value === 'string') into.add(el.value);
    if (el.options) Object.values(el.options).forEach((o) => argNames(o.value, into));
    if (el.children) argNames(el.children, into);
  }
  return into;
}

describe('message catalogs', () => {
  it('every locale has exactly the keys of en', () => {
    for (const locale of LOCALES) {
      const keys = Object.keys(CATALOGS[locale]).sort();
      expect({ locale, missing: Object.keys(en).filter((k) => !keys.includes(k)) }).toEqual({ locale, missing: [] });
      expect({ locale, extra: keys.filter((k) => !(k in en)) }).toEqual({ locale, extra: [] });
    }
  });

  it('every key is used in src/http, and every used key exists', () => {
    const used = usedKeys();
    expect(used.size).toBeGreaterThan(20);
    expect(Object.keys(en).filter((k) => !used.has(k))).toEqual([]);
    expect([...used].filter((k) => !(k in en))).toEqual([]);
  });

  it('every message parses as ICU and uses the same arguments as English', () => {
    for (const locale of LOCALES) {
      const intl = intlFor(locale);
      for (const [key, message] of Object.entries(CATALOGS[locale] as Record<string, string>)) {
        let names: string[] = [];
        expect(() => {
          names = [...argNames(intl.formatters.getMessageFormat(message, locale).getAst())].sort();
        }, `${locale} ${key}`).not.toThrow();
        const expected = [...argNames(intl.formatters.getMessageFormat(en[key]!, 'en').getAst())].sort();
        expect({ locale, key, names }).toEqual({ locale, key, names: expected });
      }
    }
  });

  it('translations are translations: no locale copies an English message', () => {
    // "# byte / # bytes" is also correct Spanish and Portuguese.
    const sameByRight = new Set(['archive.record.size']);
    for (const locale of LOCALES.filter((l) => l !== 'en')) {
      const catalog = CATALOGS[locale] as Record<string, string>;
      const same = Object.keys(en).filter((k) => catalog[k] === en[k] && !sameByRight.has(k));
      expect({ locale, same }).toEqual({ locale, same: [] });
    }
  });

  it('formats with values in each locale', () => {
    expect(translator('en')('layout.logout', { username: 'ana' })).toBe('Sign out (ana)');
    expect(translator('fr')('account.signedIn', { username: 'ana' })).toBe('Connecté en tant que ana.');
    expect(translator('ar')('archive.record.index', { index: 7 })).toContain('7');
  });
});

describe('dir', () => {
  it('is rtl for Arabic only', () => {
    expect(LOCALES.filter((l) => dir(l) === 'rtl')).toEqual(['ar']);
  });
});

describe('negotiate', () => {
  it('falls back to en', () => {
    expect(negotiate(undefined, undefined, undefined)).toBe('en');
    expect(negotiate('de-DE, ja;q=0.5', undefined, undefined)).toBe('en');
    expect(negotiate('*', undefined, undefined)).toBe('en');
  });
  it('orders Accept-Language by q-value, ties in header order, matching primary subtags', () => {
    expect(negotiate('fr;q=0.4, pt-BR;q=0.9, es;q=0.8', undefined, undefined)).toBe('pt');
    expect(negotiate('es-419, fr', undefined, undefined)).toBe('es');
    expect(negotiate('de, AR-eg;q=0.7, en;q=0.6', undefined, undefined)).toBe('ar');
    expect(negotiate('fr;q=0, es;q=0.1', undefined, undefined)).toBe('es');
  });
  it('the cookie beats the header and ?lang beats both', () => {
    expect(negotiate('fr', 'ar', undefined)).toBe('ar');
    expect(negotiate('fr', 'ar', 'pt')).toBe('pt');
  });
  it('ignores unknown or malformed choices', () => {
    expect(negotiate('fr', 'xx', 'klingon')).toBe('fr');
    expect(negotiate('fr', undefined, 'EN ')).toBe('fr');
  });
  it('parses q-values strictly and bounds the work', () => {
    expect(parseAcceptLanguage('en;q=1.5, fr;q=abc, es;q=0.3')).toEqual(['en', 'fr', 'es']);
    expect(parseAcceptLanguage(`${'x-'.repeat(5000)}fr`)).toEqual([]);
    const many = Array.from({ length: 100 }, () => 'de').concat('fr').join(',');
    expect(parseAcceptLanguage(many)).not.toContain('fr');
  });
});

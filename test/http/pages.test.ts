/**
 * Pages on a real instance: security headers, language and direction, accessibility landmarks,
 * weight, and that nothing inline could ever run.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES, dir } from '../../src/i18n/index.js';
import { publishStatements } from '../../src/services/statements.js';
import { redactDocument } from '../../src/services/redact.js';
import { Browser, accountWithToken, freshSite, type TestSite } from './harness.js';

let site: TestSite;
beforeAll(async () => {
  site = await freshSite();
  await accountWithToken(site.ctx, 'ana');
  // Records of both kinds, so the archive page renders dates, numbers and reasons in each locale.
  const [doc] = await publishStatements(site.ctx, [{ name: 'covenant.md', mediaType: 'text/markdown', body: new TextEncoder().encode('# Covenant\n') }]);
  await redactDocument(site.ctx, { kind: 'local' }, doc!.sha256, 'legal');
});
afterAll(() => site.close());

const PAGES = ['/', '/archive', '/archive/', '/login', '/no-such-page'];

describe('every page', () => {
  it('carries the CSP with no unsafe source, and the other security headers', async () => {
    for (const path of [...PAGES, '/static/daylight.css', '/archive/checkpoint', '/api/v1/checkpoint']) {
      const res = await site.app.request(path);
      const csp = res.headers.get('Content-Security-Policy') ?? '';
      expect(csp, path).toMatch(/default-src 'none'/);
      expect(csp, path).toMatch(/frame-ancestors 'none'/);
      expect(csp, path).not.toMatch(/unsafe-/);
      expect(res.headers.get('X-Content-Type-Options'), path).toBe('nosniff');
      expect(res.headers.get('Referrer-Policy'), path).toBe('no-referrer');
    }
    const page = await site.app.request('/');
    expect(page.headers.get('Content-Security-Policy')).toBe(
      "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(page.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
  });

  it('has lang and dir in every locale, rtl for Arabic, and nothing inline', async () => {
    for (const locale of LOCALES) {
      for (const path of PAGES) {
        const res = await site.app.request(`${path}?lang=${locale}`);
        expect(res.status, `${path} ${locale}`).toBe(path === '/no-such-page' ? 404 : 200);
        const html = await res.text();
        expect(html, `${path} ${locale}`).toMatch(new RegExp(`^<!doctype html><html lang="${locale}" dir="${dir(locale)}">`));
        expect(html).not.toMatch(/<script|<style|\sstyle=|\son[a-z]+=/i);
      }
    }
    const ar = await (await site.app.request('/archive', { headers: { 'Accept-Language': 'ar-EG,ar;q=0.9' } })).text();
    expect(ar).toContain('<html lang="ar" dir="rtl">');
  });

  it('has a skip link to main, labelled navigation, a footer, and labels for every field', async () => {
    for (const path of PAGES) {
      const html = await (await site.app.request(path)).text();
      expect(html).toMatch(/<a class="skip" href="#main">/);
      expect(html).toMatch(/<main id="main" tabindex="-1">/);
      expect(html).toMatch(/<header class="site">/);
      expect(html).toMatch(/<footer class="site">/);
      for (const m of html.matchAll(/<nav([^>]*)>/g)) expect(m[1]).toMatch(/aria-label="[^"]+"/);
    }
    const login = await (await site.app.request('/login')).text();
    const ids = [...login.matchAll(/<input id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(['username', 'password']);
    for (const id of ids) expect(login).toContain(`<label for="${id}">`);
  });

  it('offers every language as a plain link, each named in itself', async () => {
    const html = await (await site.app.request('/archive?lang=es')).text();
    expect(html).toContain('<a href="?lang=ar" lang="ar" hreflang="ar">العربية</a>');
    expect(html).toContain('<a href="?lang=es" lang="es" hreflang="es" aria-current="true">Español</a>');
  });

  it('stays light: each page with its stylesheet is far under 30 KB compressed', async () => {
    const css = await (await site.app.request('/static/daylight.css')).text();
    for (const path of PAGES) {
      const html = await (await site.app.request(path)).text();
      expect(gzipSync(html + css).length, path).toBeLessThan(10_000);
    }
  });
});

describe('language', () => {
  it('follows Accept-Language with q-values', async () => {
    const res = await site.app.request('/', { headers: { 'Accept-Language': 'de;q=1, pt-BR;q=0.8, fr;q=0.5' } });
    expect(res.headers.get('Content-Language')).toBe('pt');
    expect(await res.text()).toContain('<h1>Solidariedade com critérios</h1>');
  });

  it('?lang sets the daylight_lang cookie, which then wins over Accept-Language', async () => {
    const b = new Browser(site.app);
    const first = await b.get('/?lang=fr', { 'Accept-Language': 'es' });
    expect(await first.text()).toContain('<html lang="fr" dir="ltr">');
    expect(b.cookies.get('daylight_lang')).toBe('fr');
    const next = await b.get('/archive', { 'Accept-Language': 'es' });
    expect(await next.text()).toContain('<h1>Archives publiques</h1>');
  });

  it('translates the 404 page', async () => {
    const res = await site.app.request('/nowhere', { headers: { 'Accept-Language': 'es' } });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('<h1>Página no encontrada</h1>');
  });
});

describe('stylesheet', () => {
  it('is served from src/http/static with a validator', async () => {
    const res = await site.app.request('/static/daylight.css');
    expect(res.headers.get('Content-Type')).toBe('text/css; charset=utf-8');
    const etag = res.headers.get('ETag')!;
    const css = await res.text();
    expect(css).toContain(':focus-visible');
    expect(css).not.toMatch(/@import|@font-face|url\(/);
    expect((await site.app.request('/static/daylight.css', { headers: { 'If-None-Match': etag } })).status).toBe(304);
  });
});

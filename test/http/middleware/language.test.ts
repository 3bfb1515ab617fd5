import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { LANG_COOKIE, language } from '../../../src/http/middleware/language.js';

function app(secure = false) {
  const a = new Hono();
  a.use(language({ secure }));
  a.get('/', (c) => c.html(`<p>${c.get('locale')} ${c.get('t')('layout.nav.home')}</p>`));
  a.get('/json', (c) => c.json({ locale: c.get('locale') }));
  return a;
}

describe('language middleware', () => {
  it('uses Accept-Language and sets no cookie when the reader chose nothing', async () => {
    const res = await app().request('/', { headers: { 'Accept-Language': 'fr-CA,fr;q=0.9,en;q=0.5' } });
    expect(await res.text()).toBe('<p>fr Accueil</p>');
    expect(res.headers.get('Content-Language')).toBe('fr');
    expect(res.headers.get('Vary')).toContain('Accept-Language');
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('?lang wins and is remembered in a cookie; the cookie then wins over the header', async () => {
    const res = await app().request('/?lang=ar', { headers: { 'Accept-Language': 'fr' } });
    expect(await res.text()).toBe('<p>ar الرئيسية</p>');
    const [cookie] = res.headers.getSetCookie();
    expect(cookie).toMatch(new RegExp(`^${LANG_COOKIE}=ar;`));
    expect(cookie).toContain('Path=/');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).not.toContain('Secure');
    const again = await app().request('/', { headers: { 'Accept-Language': 'fr', Cookie: `${LANG_COOKIE}=ar` } });
    expect(await again.text()).toBe('<p>ar الرئيسية</p>');
    expect(again.headers.getSetCookie()).toEqual([]);
  });

  it('marks the cookie Secure when asked and ignores an unknown ?lang', async () => {
    const res = await app(true).request('/?lang=pt');
    expect(res.headers.getSetCookie()[0]).toContain('Secure');
    const bad = await app(true).request('/?lang=zz', { headers: { 'Accept-Language': 'es' } });
    expect(await bad.text()).toBe('<p>es Inicio</p>');
    expect(bad.headers.getSetCookie()).toEqual([]);
  });

  it('leaves non-HTML responses without Vary, so they stay cacheable', async () => {
    const res = await app().request('/json', { headers: { 'Accept-Language': 'es' } });
    expect(await res.json()).toEqual({ locale: 'es' });
    expect(res.headers.get('Vary')).toBeNull();
  });
});

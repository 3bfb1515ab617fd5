/**
 * Dates in the reader's time zone (issue 6 §3): UTC with the zone named until the reader
 * chooses; the choice on /time-zone (a GET form, JavaScript off) is remembered in a cookie and
 * every date follows it; an unknown zone is ignored; static/time.js (same-origin, CSP
 * script-src 'self') only preselects the browser's zone on /time-zone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, freshSite, type TestSite } from './harness.js';
import { createOrganization } from '../../src/services/organizations.js';

let site: TestSite;

beforeAll(async () => {
  site = await freshSite();
  await createOrganization(site.ctx, { kind: 'local' }, { slug: 'sur', name: 'Sur', country: 'AR', languages: ['es'], timeZone: 'America/Argentina/Buenos_Aires', description: 'A union.' });
});
afterAll(() => site.close());

const times = (html: string) => [...html.matchAll(/<time datetime="([^"]+)">([^<]*)<\/time>/g)];

describe('the reader’s time zone', () => {
  it('shows UTC with the zone named until a zone is chosen, and links the choice from every page', async () => {
    const html = await (await new Browser(site.app).get('/archive')).text();
    const t = times(html);
    expect(t.length).toBeGreaterThan(0);
    for (const [, , text] of t) expect(text).toMatch(/UTC/);
    expect(html).toContain('<a href="/time-zone">Time zone: UTC</a>');
  });

  it('remembers a zone chosen with the form and shows every date in it, without the script', async () => {
    const b = new Browser(site.app);
    const form = await (await b.get('/time-zone')).text();
    expect(form).toMatch(/<form method="get" action="\/time-zone"/);
    expect(form).toContain('<option value="Africa/Dakar">Africa/Dakar</option>');
    expect(form).toContain('<script src="/static/time.js" defer="">');
    const saved = await b.get('/time-zone?tz=Asia/Tokyo');
    expect(b.cookies.get('daylight_tz')).toBe(encodeURIComponent('Asia/Tokyo'));
    const page = await saved.text();
    expect(page).toContain('Saved: dates are now shown in Asia/Tokyo.');
    expect(page).toContain('<option value="Asia/Tokyo" selected="">Asia/Tokyo</option>');
    const html = await (await b.get('/archive')).text();
    const t = times(html);
    expect(t.length).toBeGreaterThan(0);
    for (const [, iso, text] of t) {
      const expected = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Tokyo', timeZoneName: 'short' }).format(new Date(iso!));
      expect(text).toBe(expected);
      expect(text).not.toMatch(/UTC/);
    }
    expect(html).toContain('Time zone: Asia/Tokyo');
    // Forgetting it: the empty choice clears the cookie.
    await b.get('/time-zone?tz=');
    expect(b.cookies.has('daylight_tz')).toBe(false);
  });

  it('ignores a zone the platform does not know, and markup in it', async () => {
    const b = new Browser(site.app);
    const res = await b.get(`/archive?tz=${encodeURIComponent('Mars/<script>')}`);
    expect(b.cookies.has('daylight_tz')).toBe(false);
    expect(await res.text()).not.toContain('Mars/');
    await b.get('/archive?tz=Nowhere/City');
    expect(b.cookies.has('daylight_tz')).toBe(false);
  });

  it('serves the script same-origin, revalidated by ETag, with no inline code needed', async () => {
    const res = await site.app.request('/static/time.js');
    expect(res.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
    const js = await res.text();
    expect(js).toContain("getElementById('tz-form')");
    expect((await site.app.request('/static/time.js', { headers: { 'If-None-Match': res.headers.get('ETag')! } })).status).toBe(304);
  });
});

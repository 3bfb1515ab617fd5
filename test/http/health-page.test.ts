/**
 * /alliances/:slug/health on a real instance (SQLite, the services, createApp), over the history
 * of health-fixture.ts (three parties, six lunar cycles, norte tripped and warned): the page
 * renders in all five languages (Arabic right to left), with every chart inline as <svg
 * role="img" aria-label> and no <script> or inline style anywhere, under the CSP header the
 * app sends; the trip and the warning's days left show in text; support flows and the local
 * ratio are there; the alliance page links to it; the page stays under 30 KB compressed; an
 * unknown alliance is a 404. The API twin answers the same object the service reads.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { createApp } from '../../src/http/app.js';
import { CONTENT_SECURITY_POLICY } from '../../src/http/middleware/security-headers.js';
import { LOCALES, dir } from '../../src/i18n/index.js';
import type { Ctx } from '../../src/services/context.js';
import { initInstance, openInstance } from '../../src/services/instance.js';
import { allianceHealth } from '../../src/services/health-views.js';
import { seedHealth, type HealthHistory } from '../services/health-fixture.js';

let clock = new Date();
let dataDir: string;
let ctx: Ctx & { close(): Promise<void> };
let app: Hono;
let seeded: HealthHistory;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'daylight-health-'));
  const opts = { dataDir, now: () => clock };
  await initInstance({ ...opts, origin: 'test.example/daylight' });
  ctx = await openInstance(opts);
  seeded = await seedHealth(ctx, (d) => (clock = d));
  app = createApp(ctx);
}, 60_000);
afterAll(async () => {
  await ctx.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const get = (path: string) => app.request(path);

describe('the alliance health page', () => {
  it('renders with every chart inline, accessible, and nothing the CSP refuses', async () => {
    const res = await get('/alliances/tri/health?lang=en');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Security-Policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self'/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline/);
    const html = await res.text();
    // 3 parties × 11 tests of the starter covenant, each with its chart
    const svgs = [...html.matchAll(/<svg [^>]*>/g)].map((m) => m[0]);
    expect(svgs).toHaveLength(33);
    for (const s of svgs) {
      expect(s).toMatch(/role="img"/);
      expect(s).toMatch(/aria-label="[^"]+"/);
    }
    // JavaScript is not needed and not there; nothing inline that the CSP would block
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/<style/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });

  it('shows the trip and the warning in words, beside the chart that marks it', async () => {
    const html = await (await get('/alliances/tri/health?lang=en')).text();
    expect(html).toContain('1 party is in a corrective phase.');
    expect(html).toContain('51 days left in the corrective window');
    expect(html).toContain('Warned: corrective phase');
    expect(html).toContain('not met yet');
    // norte's section: its executive authority row reads 2, tripped, with the cross in its chart
    const norte = html.slice(html.indexOf('id="party-norte"'), html.indexOf('id="party-sur"'));
    const row = norte.slice(norte.indexOf('<tr class="tripped">'));
    expect(row).toMatch(/<strong>2<\/strong> \(tripped\)/);
    expect(row).toMatch(/aria-label="[^"]*now 2 \(tripped\); trips when &lt; 3"/);
    expect(row.slice(0, row.indexOf('</tr>'))).toContain('class="spark-trip"');
    // a party without readings says so
    const este = html.slice(html.indexOf('id="party-este"'), html.indexOf('id="party-norte"'));
    expect(este).toContain('no readings yet');
    expect(este).not.toContain('spark-trip');
  });

  it('lists support flows with money per currency and the local ratio', async () => {
    const html = await (await get('/alliances/tri/health?lang=en')).text();
    const support = html.slice(html.indexOf('id="support"'), html.indexOf('id="local"'));
    expect(support).toContain('to the leadership');
    expect(support).toContain('to the people');
    expect(support).toMatch(/paused/);
    expect(support).toContain('400.00 EUR');
    expect(support).toContain('50.00 USD');
    const local = html.slice(html.indexOf('id="local"'));
    expect(local).toContain('0.5');
    expect(local).toContain('Supports abroad and does nothing at home this cycle.');
  });

  it('speaks five languages, Arabic right to left', async () => {
    for (const locale of LOCALES) {
      const html = await (await get(`/alliances/tri/health?lang=${locale}`)).text();
      expect(html).toContain(`<html lang="${locale}" dir="${dir(locale)}"`);
      // no message fell back to its key
      expect(html).not.toMatch(/health\.[a-z]+\.[a-zA-Z]+/);
      expect([...html.matchAll(/<svg /g)]).toHaveLength(33);
    }
    const ar = await (await get('/alliances/tri/health?lang=ar')).text();
    expect(ar).toContain('بقي');
    // the charts keep time left to right inside a right-to-left page
    expect(ar).toMatch(/<svg [^>]*direction="ltr"/);
  });

  it('stays under 30 KB compressed for a three-party alliance', async () => {
    const html = await (await get('/alliances/tri/health?lang=en')).text();
    const gz = gzipSync(Buffer.from(html)).length;
    expect(gz).toBeLessThan(30 * 1024);
  });

  it('is linked from the alliance page', async () => {
    const html = await (await get('/alliances/tri?lang=en')).text();
    expect(html).toContain('href="/alliances/tri/health"');
  });

  it('an unknown alliance is not found', async () => {
    expect((await get('/alliances/nope/health')).status).toBe(404);
  });
});

describe('the API twin', () => {
  it('GET /api/v1/alliances/{slug}/health answers what the service reads', async () => {
    const res = await get('/api/v1/alliances/tri/health');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual(JSON.parse(JSON.stringify(await allianceHealth(ctx, 'tri'))));
    const norte = (body as { parties: { party: string; standing: string; warning: { daysLeft: number } }[] }).parties.find((p) => p.party === 'norte')!;
    expect(norte).toMatchObject({ standing: 'warned', warning: { daysLeft: 51 } });
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await (await get('/api/v1/openapi.json')).json()) as { paths: Record<string, { get?: unknown }> };
    expect(doc.paths['/alliances/{slug}/health']?.get).toBeDefined();
  });

  it('refuses a bad slug and an unknown alliance with one line', async () => {
    const bad = await get('/api/v1/alliances/NOT_A_SLUG/health');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^slug: /);
    const none = await get('/api/v1/alliances/nope/health');
    expect(none.status).toBe(404);
  });
});

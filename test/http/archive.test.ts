/**
 * /archive and /archive/* on a real instance: output escaping of untrusted record fields,
 * caching per C2SP tlog-tiles (checkpoint no-cache, full tiles immutable, partial tiles short),
 * cross-origin reads, sandboxed documents, strict paths.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishStatements } from '../../src/services/statements.js';
import { redactDocument } from '../../src/services/redact.js';
import { freshSite, type TestSite } from './harness.js';

// The statements service refuses "/" in names, so the closing tag cannot be part of a name.
const XSS_NAMES = ['<script>alert(1)', '"><img src=x onerror=alert(1)>'];
let site: TestSite;
let published: { index: number; sha256: string }[];

beforeAll(async () => {
  site = await freshSite();
  published = await publishStatements(
    site.ctx,
    XSS_NAMES.map((name, i) => ({ name, mediaType: 'text/html', body: new TextEncoder().encode(`<script>alert(${i})</script>`) })),
  );
  // Fill the first level-0 tile: 256 entries in all, and 3 more in a partial second tile.
  const filler = Array.from({ length: 257 }, (_, i) => ({ mediaType: 'text/plain', body: new TextEncoder().encode(`filler ${i}`) }));
  await publishStatements(site.ctx, filler);
  // And one redaction: 260 records, the second level-0 tile 4 wide.
  await redactDocument(site.ctx, { kind: 'local' }, published[1]!.sha256, 'safety');
});
afterAll(() => site.close());

describe('/archive page', () => {
  it('escapes record names: no markup from a record reaches the page', async () => {
    const res = await site.app.request('/archive?lang=en');
    const html = await res.text();
    expect(html).not.toContain('<script');
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/\sonerror=/i);
    expect(html).toContain('Statement');
  });

  it('escapes names of recent records exactly', async () => {
    const fresh = await freshSite();
    try {
      await publishStatements(
        fresh.ctx,
        XSS_NAMES.map((name) => ({ name, mediaType: 'text/plain', body: new TextEncoder().encode(name) })),
      );
      const html = await (await fresh.app.request('/archive')).text();
      expect(html).toContain('<bdi class="name">&lt;script&gt;alert(1)</bdi>');
      expect(html).toContain('<bdi class="name">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</bdi>');
      expect(html).not.toContain('<script');
      expect(html).not.toMatch(/<img/i);
    } finally {
      await fresh.close();
    }
  });

  it('shows the signed checkpoint, the verifier key and the verify command', async () => {
    const html = await (await site.app.request('http://archive.test/archive')).text();
    expect(html).toContain('<code>test.example/daylight</code>');
    expect(html).toContain(site.ctx.verifierKey);
    expect(html).toContain(`daylight verify http://archive.test/archive/ --key ${site.ctx.verifierKey}`);
    const note = await (await site.app.request('/archive/checkpoint')).text();
    expect(html).toContain(`<pre>${note}</pre>`);
    expect(note.split('\n')[1]).toBe('260');
  });
});

describe('/archive/* files', () => {
  it('checkpoint: no-cache, text, readable cross-origin', async () => {
    const res = await site.app.request('/archive/checkpoint');
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-cache');
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect((await res.text()).startsWith('test.example/daylight\n260\n')).toBe(true);
    const head = await site.app.request('/archive/checkpoint', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('Cache-Control')).toBe('no-cache');
    expect(await head.text()).toBe('');
  });

  it('log.vkey is the instance verifier key', async () => {
    expect((await (await site.app.request('/archive/log.vkey')).text()).trim()).toBe(site.ctx.verifierKey);
  });

  it('a full tile and a full bundle are immutable; partial ones are short-lived', async () => {
    const full = await site.app.request('/archive/tile/0/000');
    expect(full.status).toBe(200);
    expect(full.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    expect((await full.arrayBuffer()).byteLength).toBe(256 * 32);
    const bundle = await site.app.request('/archive/tile/entries/000');
    expect(bundle.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    const partial = await site.app.request('/archive/tile/0/001.p/4');
    expect(partial.status).toBe(200);
    expect(partial.headers.get('Cache-Control')).toBe('public, max-age=60');
    expect(partial.headers.get('Access-Control-Allow-Origin')).toBe('*');
  });

  it('documents by hash: immutable, sandboxed, never served as HTML', async () => {
    const doc = published[0]!;
    const res = await site.app.request(`/archive/doc/sha256/${doc.sha256}`);
    expect(res.status).toBe(200);
    const body = new Uint8Array(await res.arrayBuffer());
    expect(createHash('sha256').update(body).digest('hex')).toBe(doc.sha256);
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('Content-Type')).not.toMatch(/html/);
    expect(res.headers.get('Content-Security-Policy')).toMatch(/sandbox/);
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
  });

  it('404 for unknown, malformed, traversing or redacted paths, still cross-origin readable', async () => {
    for (const path of [
      '/archive/nothing',
      '/archive/tile/0/999',
      '/archive/tile/0/001.p/3',
      '/archive/tile/0/001.p/5',
      '/archive/tile/0/0',
      '/archive/doc/sha256/' + 'f'.repeat(64),
      '/archive/doc/sha256/../checkpoint',
      '/archive/tile/..%2F..%2Flog.key',
      '/archive/log.key',
      `/archive/doc/sha256/${published[1]!.sha256}`,
    ]) {
      const res = await site.app.request(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('Access-Control-Allow-Origin'), path).toBe('*');
      expect(await res.text(), path).not.toContain('PRIVATE');
    }
  });

  it('shows a redaction loudly: reason and hash, no link', async () => {
    const html = await (await site.app.request('/archive?lang=fr')).text();
    expect(html).toContain('Retiré pour protéger la sécurité d’une personne.');
    expect(html).toContain(`<code>${published[1]!.sha256}</code>`);
  });
});

/**
 * /static/daylight.css, read once from src/http/static/ (also found from dist/, since the
 * package ships src). Revalidated by ETag so a slow link downloads it once, and compressed once
 * with gzip for readers who accept it (each encoding its own strong ETag, RFC 9110 §8.8.3).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Hono } from 'hono';

const CANDIDATES = ['../static/daylight.css', '../../../src/http/static/daylight.css'];

function loadStylesheet(): string {
  for (const rel of CANDIDATES) {
    try {
      return readFileSync(new URL(rel, import.meta.url), 'utf8');
    } catch {
      // try the next place
    }
  }
  throw new Error('daylight.css not found next to the http module or in src/http/static/: the package is incomplete');
}

export function registerStatic(app: Hono): void {
  const css = loadStylesheet();
  const hash = createHash('sha256').update(css).digest('base64url').slice(0, 22);
  const plain = { body: css as string | Uint8Array<ArrayBuffer>, etag: `"${hash}"`, encoding: {} };
  const gzip = { body: new Uint8Array(gzipSync(css, { level: 9 })), etag: `"${hash}-gzip"`, encoding: { 'Content-Encoding': 'gzip' } };
  app.get('/static/daylight.css', (c) => {
    const v = /\bgzip\b/.test(c.req.header('Accept-Encoding') ?? '') ? gzip : plain;
    const headers = { 'Cache-Control': 'public, max-age=86400', ETag: v.etag, Vary: 'Accept-Encoding' };
    if (c.req.header('If-None-Match') === v.etag) return c.body(null, 304, headers);
    return c.body(v.body, 200, { ...headers, ...v.encoding, 'Content-Type': 'text/css; charset=utf-8' });
  });
}

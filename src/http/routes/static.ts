/**
 * /static/daylight.css, read once from src/http/static/ (also found from dist/, since the
 * package ships src). Revalidated by ETag so a slow link downloads it once.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
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
  const etag = `"${createHash('sha256').update(css).digest('base64url').slice(0, 22)}"`;
  app.get('/static/daylight.css', (c) => {
    const headers = { 'Cache-Control': 'public, max-age=86400', ETag: etag };
    if (c.req.header('If-None-Match') === etag) return c.body(null, 304, headers);
    return c.body(css, 200, { ...headers, 'Content-Type': 'text/css; charset=utf-8' });
  });
}

/** /time-zone (the reader's choice of zone for dates) and /static/time.js (the browser's zone preselected). */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Hono } from 'hono';
import { TimeZonePage } from '../views/time-zone.js';
import { pageInfo, sendPage } from './render.js';

const CANDIDATES = ['../static/time.js', '../../../src/http/static/time.js'];

function loadScript(): string {
  for (const rel of CANDIDATES) {
    try {
      return readFileSync(new URL(rel, import.meta.url), 'utf8');
    } catch {
      // try the next place
    }
  }
  throw new Error('time.js not found next to the http module or in src/http/static/: the package is incomplete');
}

export function registerTimeZone(app: Hono): void {
  const zones = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  app.get('/time-zone', (c) => sendPage(c, <TimeZonePage page={pageInfo(c)} zones={zones} saved={c.req.query('tz') !== undefined} />));

  const js = loadScript();
  const etag = `"${createHash('sha256').update(js).digest('base64url').slice(0, 22)}"`;
  app.get('/static/time.js', (c) => {
    const headers = { 'Cache-Control': 'public, max-age=86400', ETag: etag };
    if (c.req.header('If-None-Match') === etag) return c.body(null, 304, headers);
    return c.body(js, 200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' });
  });
}

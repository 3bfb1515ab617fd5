/**
 * /archive/<path>: the archive tree (publish/files readArchiveFile), byte for byte what a static
 * export holds. Caching follows C2SP tlog-tiles: full tiles, bundles and documents never change
 * (immutable); partial tiles change when the log grows (short); the checkpoint must always be
 * revalidated (no-cache). Readable cross-origin so verifiers running in other sites' pages can
 * fetch it; documents are sandboxed, since their bytes are whatever someone published.
 */
import type { Context, Hono } from 'hono';
import type { Ctx } from '../../services/context.js';
import { readArchiveFile, type ArchiveFile } from '../../publish/files.js';

export const ARCHIVE_PREFIX = '/archive/';

const CACHE: Readonly<Record<ArchiveFile['cache'], string>> = {
  immutable: 'public, max-age=31536000, immutable',
  'no-cache': 'no-cache',
  short: 'public, max-age=60',
};

export function isArchiveFilePath(path: string): boolean {
  return path.startsWith(ARCHIVE_PREFIX) && path.length > ARCHIVE_PREFIX.length;
}

export function registerArchiveFiles(app: Hono, ctx: Ctx): void {
  app.use('/archive/*', async function archiveCors(c, next) {
    await next();
    c.res.headers.set('Access-Control-Allow-Origin', '*');
  });
  app.get('/archive/*', async (c, next) => {
    if (!isArchiveFilePath(c.req.path)) return next();
    return serveFile(c, ctx, c.req.path.slice(ARCHIVE_PREFIX.length));
  });
}

async function serveFile(c: Context, ctx: Ctx, path: string): Promise<Response> {
  const file = await readArchiveFile(ctx, path);
  if (!file) return c.text('not found: no such file in this archive', 404, { 'Cache-Control': 'no-cache' });
  // Hono's types want an ArrayBuffer-backed view; the bytes are sent as they are.
  return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': file.contentType,
    'Cache-Control': CACHE[file.cache],
    'Content-Security-Policy': "default-src 'none'; sandbox; frame-ancestors 'none'",
  });
}

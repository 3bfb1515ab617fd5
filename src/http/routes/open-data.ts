/**
 * GET /open-data/daylight-open-data.zip: everything public as JSON and CSV in one ZIP, at a URL
 * that never changes (publish/open-data.ts). The ZIP is cut at the latest signed checkpoint and
 * kept in memory until the next one, so a crowd of downloads builds it once; its ETag is the
 * checkpoint's size and bytes, so a client that has it downloads nothing new.
 */
import { createHash } from 'node:crypto';
import type { Hono } from 'hono';
import type { Ctx } from '../../services/context.js';
import { buildOpenData, OPEN_DATA_PATH, type OpenData } from '../../publish/open-data.js';

export const OPEN_DATA_URL = `/${OPEN_DATA_PATH}`;

export function registerOpenData(app: Hono, ctx: Ctx): void {
  let cached: (OpenData & { etag: string }) | null = null;
  let building: Promise<OpenData | null> | null = null;
  app.get(OPEN_DATA_URL, async (c) => {
    const latest = await ctx.db.selectFrom('checkpoint').select('size').orderBy('size', 'desc').limit(1).executeTakeFirst();
    const size = latest === undefined ? null : Number(latest.size);
    if (size === null) return c.text('no checkpoint yet: there is nothing public to download', 404);
    if (cached === null || cached.size !== size) {
      building ??= buildOpenData(ctx).finally(() => (building = null));
      const built = await building;
      if (built === null) return c.text('no checkpoint yet: there is nothing public to download', 404);
      cached = { ...built, etag: `"${built.size}-${createHash('sha256').update(built.zip).digest('base64url').slice(0, 16)}"` };
    }
    const headers = { 'Cache-Control': 'public, no-cache', ETag: cached.etag };
    if (c.req.header('If-None-Match') === cached.etag) return c.body(null, 304, headers);
    return c.body(cached.zip as Uint8Array<ArrayBuffer>, 200, {
      ...headers,
      'Content-Type': 'application/zip',
      'Content-Disposition': 'attachment; filename="daylight-open-data.zip"',
    });
  });
}

/** Public pages: home and the archive page (also at /archive/, the URL verifiers are given). */
import type { Context, Hono } from 'hono';
import type { Ctx } from '../../services/context.js';
import { latestCheckpoint, recentRecords } from '../../services/records.js';
import { ArchivePage } from '../views/archive.js';
import { HomePage } from '../views/home.js';
import { pageInfo, sendPage } from './render.js';

export const RECENT_RECORDS = 20;

export function registerPages(app: Hono, ctx: Ctx): void {
  app.get('/', (c) => sendPage(c, <HomePage page={pageInfo(c)} />));

  const archive = async (c: Context) => {
    const [checkpoint, records] = await Promise.all([latestCheckpoint(ctx), recentRecords(ctx, RECENT_RECORDS)]);
    const archiveUrl = `${new URL(c.req.url).origin}/archive/`;
    return sendPage(
      c,
      <ArchivePage page={pageInfo(c)} checkpoint={checkpoint} records={records} archiveUrl={archiveUrl} verifierKey={ctx.verifierKey} />,
    );
  };
  app.get('/archive', archive);
  app.get('/archive/', archive);
}

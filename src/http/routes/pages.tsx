/** Public pages: home and the archive page (also at /archive/, the URL verifiers are given). */
import type { Context, Hono } from 'hono';
import type { Ctx } from '../../services/context.js';
import { latestCheckpoint, recentRecords } from '../../services/records.js';
import { ArchivePage } from '../views/archive.js';
import { HOME_ALLIANCES, HomePage, type HomeAlliance } from '../views/home.js';
import { getAlliance, listAlliances } from '../../services/alliances.js';
import { pageInfo, sendPage, staticSite } from './render.js';

export const RECENT_RECORDS = 20;

export function registerPages(app: Hono, ctx: Ctx): void {
  app.get('/', async (c) => {
    const all = await listAlliances(ctx);
    const alliances = await Promise.all(all.slice(0, HOME_ALLIANCES).map((a) => homeAlliance(ctx, a.slug)));
    return sendPage(c, <HomePage page={pageInfo(c)} alliances={alliances} more={all.length > HOME_ALLIANCES} />);
  });

  const archive = async (c: Context) => {
    const [checkpoint, records] = await Promise.all([latestCheckpoint(ctx), recentRecords(ctx, RECENT_RECORDS)]);
    const archiveUrl = staticSite(c)?.archiveUrl ?? `${new URL(c.req.url).origin}/archive/`;
    return sendPage(
      c,
      <ArchivePage page={pageInfo(c)} checkpoint={checkpoint} records={records} archiveUrl={archiveUrl} verifierKey={ctx.verifierKey} />,
    );
  };
  app.get('/archive', archive);
  app.get('/archive/', archive);
}

/** The front page's card of an alliance: enough to link each of its practices directly. */
async function homeAlliance(ctx: Ctx, slug: string): Promise<HomeAlliance> {
  const a = await getAlliance(ctx, slug);
  return {
    slug: a.slug,
    name: a.name,
    status: a.status,
    parties: a.parties.length,
    covenant: a.ratified?.version ?? a.proposed?.version ?? null,
    renewal: a.ratified ? (a.renewal?.number ?? null) : null,
  };
}

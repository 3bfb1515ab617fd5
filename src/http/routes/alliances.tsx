/**
 * Alliances on the web (issue 3 §2): the list, the founding form, and the alliance page. An
 * alliance is created by an instance admin or by an admin or delegate of a founding party
 * (services/alliances decides); its page is public.
 */
import type { Context, Hono } from 'hono';
import type { Ctx } from '../../services/context.js';
import { createAlliance, findAlliance, getAlliance, listAlliances } from '../../services/alliances.js';
import { localRatios } from '../../services/local-actions.js';
import { getCovenantVersion, listCovenantVersions } from '../../services/covenants.js';
import { actingParties, allianceRecords } from '../../services/covenant-views.js';
import { listOrganizations } from '../../services/organizations.js';
import { renewalStatus } from '../../services/renewals.js';
import { AllianceListPage } from '../views/alliance-list.js';
import { AllianceNewPage, type AllianceForm } from '../views/alliance-new.js';
import { AlliancePage, type AlliancePageData } from '../views/alliance.js';
import { actorOfContext, attempt, formText, refusalStatus } from './organizations.js';
import { pageInfo, sendPage } from './render.js';

/** Records shown on an alliance page; the archive holds them all. */
export const ALLIANCE_RECORDS = 30;

/** The parties (of `parties`) the signed-in reader acts for as admin or delegate. */
export async function partiesActedFor(ctx: Ctx, c: Context, parties: readonly string[]): Promise<string[]> {
  const session = c.get('session');
  if (!session) return [];
  const roles = await actingParties(ctx, session.account.id);
  return roles.filter((r) => (r.role === 'admin' || r.role === 'delegate') && parties.includes(r.slug)).map((r) => r.slug);
}

export function registerAllianceRoutes(app: Hono, ctx: Ctx): void {
  app.get('/alliances', async (c) => {
    const session = c.get('session');
    return sendPage(c, <AllianceListPage page={pageInfo(c)} alliances={await listAlliances(ctx)} canCreate={!!session} />);
  });

  app.get('/alliances/new', async (c) => {
    if (!c.get('session')) return c.redirect('/login', 303);
    return newPage(ctx, c, { slug: '', name: '', parties: [] }, null);
  });

  app.post('/alliances', async (c) => {
    const actor = actorOfContext(c);
    if (!actor) return c.redirect('/login', 303);
    const form = await c.req.parseBody({ all: true });
    const parties = [form.parties ?? []].flat().map(formText).filter((p) => p !== '');
    const values: AllianceForm = { slug: formText(form.slug).trim(), name: formText(form.name), parties };
    const r = await attempt(() => createAlliance(ctx, actor, values));
    if (r.ok) return c.redirect(`/alliances/${r.value.slug}`, 303);
    return newPage(ctx, c, values, r.error.message, refusalStatus(r.error));
  });

  app.get('/alliances/:slug', async (c) => sendPage(c, await alliancePage(ctx, c, { notice: allianceNotice(c) })));
}

async function newPage(ctx: Ctx, c: Context, values: AllianceForm, error: string | null, status: 200 | ReturnType<typeof refusalStatus> = 200) {
  const orgs = await listOrganizations(ctx);
  return sendPage(c, <AllianceNewPage page={pageInfo(c)} csrf={c.get('csrfToken')()} organizations={orgs} values={values} error={error} />, { status });
}

/** The alliance page, with an optional refusal (e.g. opening a renewal) or notice. */
export async function alliancePage(ctx: Ctx, c: Context, extra: Partial<AlliancePageData>) {
  const slug = c.req.param('slug') ?? '';
  const alliance = await getAlliance(ctx, slug);
  const [renewals, versions, records, actedFor] = await Promise.all([
    renewalStatus(ctx, slug),
    listCovenantVersions(ctx, slug),
    allianceRecords(ctx, slug, ALLIANCE_RECORDS),
    partiesActedFor(
      ctx,
      c,
      alliance.parties.map((p) => p.organization),
    ),
  ]);
  const covenant = alliance.ratified ? (await getCovenantVersion(ctx, slug, alliance.ratified.version)).covenant : null;
  const ratios = covenant === null ? null : await localRatios(ctx.db, await findAlliance(ctx.db, slug), ctx.now(), { recent: 1 });
  const current = ratios?.cycles.at(-1)?.n;
  const mirroring = (ratios?.rows ?? []).filter((r) => r.cycle === current).map((r) => ({ party: r.party, local: r.local, abroad: r.abroad, reminder: r.reminder }));
  const session = c.get('session');
  return (
    <AlliancePage
      page={pageInfo(c)}
      alliance={alliance}
      renewals={renewals}
      covenant={covenant}
      versions={versions}
      records={records}
      mirroring={mirroring}
      canAct={actedFor.length > 0}
      csrf={session ? session.csrfToken : null}
      {...extra}
    />
  );
}

function allianceNotice(c: Context): string | null {
  return c.req.query('done') === 'ratified' ? pageInfo(c).t('alliance.ratifiedNotice') : null;
}

/**
 * Organizations on the web (issue 3 §1): the list, the instance admin's form, the public profile
 * with delegate keys, and the members page of the organization's own admins. Every form is a
 * plain POST (checked by the CSRF middleware before these handlers run) answered by a 303 to the
 * page that shows the result, or by the same form again with the service's reason and the
 * values kept. Authorization is the services' (services/organizations, members); the pages only
 * decide which forms to offer.
 *
 * The shared helpers of the covenant pages' routes live here too (formText, attempt, …).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { accountIdByUsername, actorOf, grantRole, revokeRole, rolesIn, type Role } from '../../services/accounts.js';
import { linkMemberAccount, memberAccountLinks, unlinkMemberAccount } from '../../services/triads.js';
import type { Actor } from '../../services/actor.js';
import type { Ctx } from '../../services/context.js';
import { UserError } from '../../services/context.js';
import { actingParties, isOrganizationAdmin, privateMembers } from '../../services/covenant-views.js';
import { addMember, updateMember } from '../../services/members.js';
import {
  addOrganizationKey,
  createOrganization,
  getOrganization,
  listOrganizations,
  revokeOrganizationKey,
  updateOrganization,
  type OrganizationUpdate,
  type OrganizationView,
} from '../../services/organizations.js';
import { statusOf } from '../errors.js';
import { EMPTY_MEMBER_FORM, MemberEditPage, MembersPage, memberForm, type MemberForm } from '../views/organization-members.js';
import { OrganizationEditPage, profileForm } from '../views/organization-edit.js';
import { OrganizationListPage } from '../views/organization-list.js';
import { EMPTY_ORGANIZATION_FORM, OrganizationNewPage, type OrganizationForm } from '../views/organization-new.js';
import { OrganizationPage, type OrganizationPageData } from '../views/organization.js';
import { errorPage } from './error-page.js';
import { pageInfo, sendPage } from './render.js';

// ---------------------------------------------------------------- helpers for every covenant route

/** The signed-in reader as the services' Actor; null when signed out. */
export function actorOfContext(c: Context): Actor | null {
  const session = c.get('session');
  return session ? actorOf(session.account) : null;
}

/**
 * A form field as text: files and repeated fields are not text; CR LF (how browsers send every
 * line break of a textarea, HTML §4.10.21.8) becomes LF, the only line break covenants, notes
 * and testimonies accept. Length is the services' to judge (the body limit bounds it here).
 */
export function formText(value: unknown): string {
  return typeof value === 'string' ? value.replace(/\r\n?/g, '\n') : '';
}

/** The service's answer, or its UserError (a refusal to show); anything else is a bug and is thrown. */
export async function attempt<T>(run: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: UserError }> {
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    if (err instanceof UserError) return { ok: false, error: err };
    throw err;
  }
}

export const refusalStatus = (err: UserError) => statusOf(err.code);

/** Sends a signed-out reader to sign in; null when signed in. */
export function signInFirst(c: Context): Response | null {
  return c.get('session') ? null : c.redirect('/login', 303);
}

// ---------------------------------------------------------------- routes

export function registerOrganizationRoutes(app: Hono, ctx: Ctx): void {
  registerKeygenScript(app);

  app.get('/orgs', async (c) => {
    const canCreate = c.get('session')?.account.instanceAdmin ?? false;
    return sendPage(c, <OrganizationListPage page={pageInfo(c)} organizations={await listOrganizations(ctx)} canCreate={canCreate} />);
  });

  app.get('/orgs/new', (c) => {
    const refused = adminOnly(c);
    if (refused) return refused;
    return sendPage(c, <OrganizationNewPage page={pageInfo(c)} csrf={c.get('csrfToken')()} values={EMPTY_ORGANIZATION_FORM} />);
  });

  app.post('/orgs', async (c) => {
    const refused = adminOnly(c);
    if (refused) return refused;
    const values = organizationForm(await c.req.parseBody());
    const r = await attempt(() =>
      createOrganization(ctx, actorOfContext(c)!, {
        slug: values.slug.trim(),
        name: values.name,
        country: values.country.trim(),
        jurisdiction: values.jurisdiction,
        languages: values.languages.split(/[\s,]+/).filter((l) => l !== ''),
        timeZone: values.timeZone.trim(),
        description: values.description,
      }),
    );
    if (r.ok) return c.redirect(`/orgs/${r.value.slug}`, 303);
    const page = <OrganizationNewPage page={pageInfo(c)} csrf={c.get('csrfToken')()} values={values} error={r.error.message} />;
    return sendPage(c, page, { status: refusalStatus(r.error) });
  });

  app.get('/orgs/:slug', async (c) => sendPage(c, await organizationPage(ctx, c, { notice: keyNotice(c) })));

  // The public profile, corrected by an admin of the organization or of the instance
  // (services/organizations.ts updateOrganization decides; the page is offered to them only).
  app.get('/orgs/:slug/edit', async (c) => {
    const org = await getOrganization(ctx, c.req.param('slug'));
    const refused = await managersOnly(ctx, c, org);
    if (refused) return refused;
    return sendPage(c, <OrganizationEditPage page={pageInfo(c)} org={org} csrf={c.get('csrfToken')()} values={profileForm(org)} />, { store: false });
  });

  app.post('/orgs/:slug/edit', async (c) => {
    const org = await getOrganization(ctx, c.req.param('slug'));
    const refused = await managersOnly(ctx, c, org);
    if (refused) return refused;
    const values = { ...organizationForm(await c.req.parseBody()), slug: org.slug };
    const changes = profileChanges(org, values);
    const r = await attempt(async () => {
      // An unchanged form would publish the same profile again: say so instead.
      if (Object.keys(changes).length === 0) throw new UserError('nothing was changed: the profile already says this');
      return updateOrganization(ctx, actorOfContext(c)!, org.slug, changes);
    });
    if (r.ok) return c.redirect(`/orgs/${org.slug}?done=profile-updated`, 303);
    const page = <OrganizationEditPage page={pageInfo(c)} org={org} csrf={c.get('csrfToken')()} values={values} error={r.error.message} />;
    return sendPage(c, page, { status: refusalStatus(r.error), store: false });
  });

  app.post('/orgs/:slug/keys', async (c) => keyChange(ctx, c, 'add'));
  app.post('/orgs/:slug/keys/revoke', async (c) => keyChange(ctx, c, 'revoke'));

  app.get('/orgs/:slug/members', async (c) => {
    const actor = actorOfContext(c);
    if (!actor) return c.redirect('/login', 303);
    const done = c.req.query('done');
    const { t } = pageInfo(c);
    const notice =
      done === 'member-added' ? t('org.members.added')
      : done === 'member-updated' ? t('org.members.edit.done')
      : done === 'member-linked' ? t('org.members.link.done')
      : done === 'member-unlinked' ? t('org.members.unlink.done')
      : null;
    return membersPage(ctx, c, actor, EMPTY_MEMBER_FORM, null, notice, 200);
  });

  app.post('/orgs/:slug/members', async (c) => {
    const actor = actorOfContext(c);
    if (!actor) return c.redirect('/login', 303);
    const slug = c.req.param('slug');
    // Members are the organization's own admins' to manage (not an instance admin's): the page
    // that would show the result is theirs alone.
    if (!(await isOrganizationAdmin(ctx, actor, slug))) return errorPage(c, 403, 'forbidden');
    const form = await c.req.parseBody();
    const values = memberFormOf(form);
    const r = await attempt(() =>
      addMember(ctx, actor, {
        organization: slug,
        pseudonym: values.pseudonym,
        ...(values.realName.trim() ? { realName: values.realName } : {}),
        ...(values.contact.trim() ? { contact: values.contact } : {}),
        officeholder: values.officeholder,
        triadEligible: values.triadEligible,
      }),
    );
    if (r.ok) return c.redirect(`/orgs/${slug}/members?done=member-added`, 303);
    return membersPage(ctx, c, actor, values, r.error.message, null, refusalStatus(r.error));
  });

  // An organization's admin changes a member's flags and private details; the pseudonym is named
  // in the query (it is fixed, and may hold any character), the member found by it.
  app.get('/orgs/:slug/members/edit', async (c) => {
    const actor = actorOfContext(c);
    if (!actor) return c.redirect('/login', 303);
    const slug = c.req.param('slug');
    if (!(await isOrganizationAdmin(ctx, actor, slug))) return errorPage(c, 403, 'forbidden');
    const pseudonym = c.req.query('pseudonym') ?? '';
    const member = (await privateMembers(ctx, actor, slug)).find((m) => m.pseudonym === pseudonym);
    if (!member) return errorPage(c, 404, 'not_found');
    const page = <MemberEditPage page={pageInfo(c)} org={await getOrganization(ctx, slug)} csrf={c.get('csrfToken')()} values={memberForm(member)} />;
    return sendPage(c, page, { store: false });
  });

  app.post('/orgs/:slug/members/edit', async (c) => {
    const actor = actorOfContext(c);
    if (!actor) return c.redirect('/login', 303);
    const slug = c.req.param('slug');
    if (!(await isOrganizationAdmin(ctx, actor, slug))) return errorPage(c, 403, 'forbidden');
    const form = await c.req.parseBody();
    // Every field is sent: an unticked box is false, an emptied real name or contact is cleared.
    const values = memberFormOf(form);
    const r = await attempt(() =>
      updateMember(ctx, actor, {
        organization: slug,
        pseudonym: values.pseudonym,
        realName: values.realName,
        contact: values.contact,
        officeholder: values.officeholder,
        triadEligible: values.triadEligible,
      }),
    );
    if (r.ok) return c.redirect(`/orgs/${slug}/members?done=member-updated`, 303);
    if (r.error.code === 'not_found') return errorPage(c, 404, 'not_found', r.error.message);
    const page = <MemberEditPage page={pageInfo(c)} org={await getOrganization(ctx, slug)} csrf={c.get('csrfToken')()} values={values} error={r.error.message} />;
    return sendPage(c, page, { status: refusalStatus(r.error), store: false });
  });

  // An organization's admin links a member to the account they sign in with, so that member can
  // rate in their triad's workspace on the web (services/triads.ts decides who may link).
  app.post('/orgs/:slug/members/link', async (c) => {
    const actor = actorOfContext(c);
    if (!actor) return c.redirect('/login', 303);
    const slug = c.req.param('slug');
    if (!(await isOrganizationAdmin(ctx, actor, slug))) return errorPage(c, 403, 'forbidden');
    const form = await c.req.parseBody();
    const link = { pseudonym: formText(form.pseudonym), username: formText(form.username).trim() };
    const r = await attempt(async () => linkMemberAccount(ctx, actor, { organization: slug, pseudonym: link.pseudonym, accountId: await accountIdByUsername(ctx, link.username) }));
    if (r.ok) return c.redirect(`/orgs/${slug}/members?done=member-linked#link`, 303);
    return membersPage(ctx, c, actor, EMPTY_MEMBER_FORM, null, null, refusalStatus(r.error), { linkError: r.error.message, linkValues: link });
  });

  // The reverse: the member no longer acts through that account (services/triads.ts decides).
  app.post('/orgs/:slug/members/unlink', async (c) => {
    const actor = actorOfContext(c);
    if (!actor) return c.redirect('/login', 303);
    const slug = c.req.param('slug');
    if (!(await isOrganizationAdmin(ctx, actor, slug))) return errorPage(c, 403, 'forbidden');
    const pseudonym = formText((await c.req.parseBody()).pseudonym);
    const r = await attempt(() => unlinkMemberAccount(ctx, actor, { organization: slug, pseudonym }));
    if (r.ok) return c.redirect(`/orgs/${slug}/members?done=member-unlinked#link`, 303);
    return membersPage(ctx, c, actor, EMPTY_MEMBER_FORM, null, null, refusalStatus(r.error), { unlinkError: r.error.message });
  });

  // An instance admin (for an organization's first admin) or the organization's admins give an
  // account a role in it: admin, delegate (acts for it in alliances) or member.
  app.post('/orgs/:slug/roles', async (c) => {
    const actor = actorOfContext(c);
    if (!actor) return c.redirect('/login', 303);
    const slug = c.req.param('slug');
    const form = await c.req.parseBody();
    const username = formText(form.username).trim();
    const r = await attempt(async () => {
      const org = await getOrganization(ctx, slug);
      await grantRole(ctx, actor, { accountId: await accountIdByUsername(ctx, username), organizationId: org.id, role: formText(form.role) as Role });
    });
    if (r.ok) return c.redirect(`/orgs/${slug}?done=role-granted#roles`, 303);
    // Who may not change roles is not shown the roles section, so the refusal has its own page.
    if (r.error.code === 'forbidden') return errorPage(c, 403, 'forbidden', r.error.message);
    const page = await organizationPage(ctx, c, { roleError: r.error.message, roleValue: username });
    return sendPage(c, page, { status: refusalStatus(r.error) });
  });

  // The same people take a role away again (services/accounts.ts revokeRole decides, and keeps
  // the organization's last admin).
  app.post('/orgs/:slug/roles/revoke', async (c) => {
    const actor = actorOfContext(c);
    if (!actor) return c.redirect('/login', 303);
    const slug = c.req.param('slug');
    const username = formText((await c.req.parseBody()).username).trim();
    const r = await attempt(async () => {
      const org = await getOrganization(ctx, slug);
      await revokeRole(ctx, actor, { accountId: await accountIdByUsername(ctx, username), organizationId: org.id });
    });
    if (r.ok) return c.redirect(`/orgs/${slug}?done=role-revoked#roles`, 303);
    if (r.error.code === 'forbidden') return errorPage(c, 403, 'forbidden', r.error.message);
    const page = await organizationPage(ctx, c, { revokeError: r.error.message });
    return sendPage(c, page, { status: refusalStatus(r.error) });
  });
}

/** Organizations are created by an instance admin: others are told so. */
function adminOnly(c: Context): Response | null {
  const session = c.get('session');
  if (!session) return c.redirect('/login', 303);
  return session.account.instanceAdmin ? null : errorPage(c, 403, 'forbidden');
}

/** Only the organization's admins and instance admins edit its profile; others are told so. */
async function managersOnly(ctx: Ctx, c: Context, org: OrganizationView): Promise<Response | null> {
  const session = c.get('session');
  if (!session) return c.redirect('/login', 303);
  return (await mayManage(ctx, session.account, org.slug)) ? null : errorPage(c, 403, 'forbidden');
}

/** An instance admin, or an admin of this organization: who may change its profile, keys and roles. */
async function mayManage(ctx: Ctx, account: { id: number; instanceAdmin: boolean }, slug: string): Promise<boolean> {
  if (account.instanceAdmin) return true;
  return (await actingParties(ctx, account.id)).some((p) => p.slug === slug && p.role === 'admin');
}

/**
 * The fields the form changes, as the service takes them: what differs from the profile once
 * trimmed (the service trims too), languages compared as a list whatever the case or spacing.
 */
function profileChanges(org: OrganizationView, v: OrganizationForm): OrganizationUpdate {
  const changes: OrganizationUpdate = {};
  const languages = v.languages.split(/[\s,]+/).filter((l) => l !== '');
  if (v.name.trim() !== org.name) changes.name = v.name;
  if (v.country.trim().toUpperCase() !== org.country) changes.country = v.country.trim();
  if (v.jurisdiction.trim() !== org.jurisdiction) changes.jurisdiction = v.jurisdiction.trim();
  if (languages.join(',').toLowerCase() !== org.languages.join(',').toLowerCase()) changes.languages = languages;
  if (v.timeZone.trim() !== org.timeZone) changes.timeZone = v.timeZone.trim();
  if (v.description.trim() !== org.description) changes.description = v.description;
  return changes;
}

function organizationForm(form: Record<string, unknown>): OrganizationForm {
  return {
    slug: formText(form.slug),
    name: formText(form.name),
    country: formText(form.country),
    jurisdiction: formText(form.jurisdiction),
    languages: formText(form.languages),
    timeZone: formText(form.timeZone),
    description: formText(form.description),
  };
}

async function organizationPage(ctx: Ctx, c: Context, extra: Partial<OrganizationPageData>) {
  const org = await getOrganization(ctx, c.req.param('slug') ?? '');
  const session = c.get('session');
  const role = session ? (await actingParties(ctx, session.account.id)).find((p) => p.slug === org.slug)?.role : undefined;
  const canManage = !!session && (session.account.instanceAdmin || role === 'admin');
  return (
    <OrganizationPage
      page={pageInfo(c)}
      org={org}
      canManage={canManage}
      isAdmin={role === 'admin'}
      csrf={session ? session.csrfToken : null}
      roles={canManage ? await rolesIn(ctx, actorOf(session.account), org.id) : null}
      {...extra}
    />
  );
}

function keyNotice(c: Context): string | null {
  const { t } = pageInfo(c);
  const done = c.req.query('done');
  if (done === 'key-added') return t('org.keys.added');
  if (done === 'key-revoked') return t('org.keys.revoked');
  if (done === 'role-granted') return t('org.roles.granted');
  if (done === 'role-revoked') return t('org.roles.revoked');
  if (done === 'profile-updated') return t('org.edit.done');
  return null;
}

async function keyChange(ctx: Ctx, c: Context, change: 'add' | 'revoke'): Promise<Response> {
  const actor = actorOfContext(c);
  if (!actor) return c.redirect('/login', 303);
  const slug = c.req.param('slug') ?? '';
  const key = formText((await c.req.parseBody()).key).trim();
  const r = await attempt(() => (change === 'add' ? addOrganizationKey(ctx, actor, slug, key) : revokeOrganizationKey(ctx, actor, slug, key)));
  if (r.ok) return c.redirect(`/orgs/${slug}?done=key-${change === 'add' ? 'added' : 'revoked'}#keys`, 303);
  const page = await organizationPage(ctx, c, { error: r.error.message, keyValue: change === 'add' ? key : '' });
  return sendPage(c, page, { status: refusalStatus(r.error) });
}

async function membersPage(
  ctx: Ctx,
  c: Context,
  actor: Actor,
  values: MemberForm,
  error: string | null,
  notice: string | null,
  status: ContentfulStatusCode,
  link: { linkError?: string; linkValues?: { pseudonym: string; username: string }; unlinkError?: string } = {},
): Promise<Response> {
  const slug = c.req.param('slug') ?? '';
  const members = await privateMembers(ctx, actor, slug);
  const org = await getOrganization(ctx, slug);
  const links = await memberAccountLinks(ctx, actor, slug);
  const page = <MembersPage page={pageInfo(c)} org={org} members={members} links={links} csrf={c.get('csrfToken')()} values={values} error={error} notice={notice} {...link} />;
  return sendPage(c, page, { status, store: false });
}

// ---------------------------------------------------------------- /static/keygen.js

const KEYGEN_CANDIDATES = ['../static/keygen.js', '../../../src/http/static/keygen.js'];

function loadKeygenScript(): string {
  for (const rel of KEYGEN_CANDIDATES) {
    try {
      return readFileSync(new URL(rel, import.meta.url), 'utf8');
    } catch {
      // try the next place
    }
  }
  throw new Error('keygen.js not found next to the http module or in src/http/static/: the package is incomplete');
}

/** Making a delegate's key in the browser, an enhancement: served like sign.js, revalidated by ETag. */
function registerKeygenScript(app: Hono): void {
  const js = loadKeygenScript();
  const etag = `"${createHash('sha256').update(js).digest('base64url').slice(0, 22)}"`;
  app.get('/static/keygen.js', (c) => {
    const headers = { 'Cache-Control': 'public, max-age=86400', ETag: etag };
    if (c.req.header('If-None-Match') === etag) return c.body(null, 304, headers);
    return c.body(js, 200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' });
  });
}

/** The member form as sent: an unticked box is false, an emptied field is empty. */
function memberFormOf(form: Record<string, unknown>): MemberForm {
  return {
    pseudonym: formText(form.pseudonym),
    realName: formText(form.realName),
    contact: formText(form.contact),
    officeholder: form.officeholder === '1',
    triadEligible: form.triadEligible === '1',
  };
}

/**
 * /orgs/:slug/members: the organization's admins manage its members. Real names and contacts are
 * PRIVATE (services/members.ts): this page is the only one that shows them, only to admins of
 * this organization, and it is never stored by a cache (sendPage store: false).
 */
import type { OrganizationView } from '../../services/organizations.js';
import type { PrivateMemberView } from '../../services/covenant-views.js';
import { Layout } from './layout.js';
import type { PageInfo } from './page.js';
import { Csrf, Notice, Refusal } from './covenant-parts.js';
import { isolate } from './format.js';
import { Columns } from './columns.js';
import { Crumbs } from './crumbs.js';

export interface MemberForm {
  pseudonym: string;
  realName: string;
  contact: string;
  officeholder: boolean;
  triadEligible: boolean;
}

export const EMPTY_MEMBER_FORM: MemberForm = { pseudonym: '', realName: '', contact: '', officeholder: false, triadEligible: true };

export function MembersPage(props: {
  page: PageInfo;
  org: OrganizationView;
  members: PrivateMemberView[];
  csrf: string;
  values: MemberForm;
  error?: string | null;
  notice?: string | null;
  /** the "link a member to an account" form's refusal and what was typed */
  linkError?: string | null;
  linkValues?: { pseudonym: string; username: string };
  /** which members act through which account (private), each with an "unlink" form, and its refusal */
  links?: { pseudonym: string; username: string }[];
  unlinkError?: string | null;
}) {
  const { page, org, members, csrf, values, error, notice, linkError, linkValues, links, unlinkError } = props;
  const { t } = page;
  return (
    <Layout page={page} title={t('org.members.title')}>
      <h1>
        {t('org.members.title')}: <bdi>{org.name}</bdi>
      </h1>
      <p class="notice">{t('org.members.private')}</p>
      <Notice text={notice ?? null} />
      {members.length === 0 ? (
        <p>{t('org.members.none')}</p>
      ) : (
        <div class="scroll">
          <table>
            <caption>{t('org.members.caption', { count: members.length })}</caption>
            <Columns labels={[t('org.members.pseudonym'), t('org.members.realName'), t('org.members.contact'), t('org.members.roles'), t('org.members.edit.column')]} />
            <tbody>
              {members.map((m) => (
                <tr>
                  <th scope="row">
                    <bdi>{m.pseudonym}</bdi>
                  </th>
                  <td>
                    <bdi>{m.realName ?? ''}</bdi>
                  </td>
                  <td class="prose" dir="auto">
                    {m.contact ?? ''}
                  </td>
                  <td>
                    {[m.officeholder ? t('org.members.officeholder') : '', m.triadEligible ? t('org.members.triadEligible') : ''].filter((x) => x !== '').join(' · ')}
                  </td>
                  <td>
                    <a href={memberEditPath(org.slug, m.pseudonym)}>{t('org.members.edit.link', { pseudonym: isolate(m.pseudonym) })}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2 id="add">{t('org.members.add')}</h2>
      <Refusal page={page} id="member-error" reason={error} />
      <form method="post" action={`/orgs/${org.slug}/members`} class="stack wide" aria-labelledby="add" aria-describedby={error ? 'member-error' : undefined}>
        <Csrf token={csrf} />
        <label for="pseudonym">{t('org.members.pseudonym')}</label>
        <input id="pseudonym" name="pseudonym" type="text" required maxlength={80} value={values.pseudonym} aria-describedby="pseudonym-hint" />
        <p id="pseudonym-hint" class="detail">
          {t('org.members.pseudonymHint')}
        </p>
        <MemberFields page={page} values={values} />
        <button type="submit">{t('org.members.submit')}</button>
      </form>

      {members.length > 0 ? (
        <>
          <h2 id="link">{t('org.members.link.heading')}</h2>
          <p>{t('org.members.link.lead')}</p>
          <Refusal page={page} id="unlink-error" reason={unlinkError} />
          {!links || links.length === 0 ? (
            <p>{t('org.members.unlink.none')}</p>
          ) : (
            <ul>
              {links.map((l) => (
                <li>
                  {t('org.members.unlink.linked', { pseudonym: isolate(l.pseudonym), username: isolate(l.username) })}{' '}
                  <form method="post" action={`/orgs/${org.slug}/members/unlink`} class="inline">
                    <Csrf token={csrf} />
                    <input type="hidden" name="pseudonym" value={l.pseudonym} />
                    <button type="submit">{t('org.members.unlink.submit', { pseudonym: isolate(l.pseudonym) })}</button>
                  </form>
                </li>
              ))}
            </ul>
          )}
          <Refusal page={page} id="link-error" reason={linkError} />
          <form method="post" action={`/orgs/${org.slug}/members/link`} class="stack wide" aria-labelledby="link" aria-describedby={linkError ? 'link-error' : undefined}>
            <Csrf token={csrf} />
            <label for="link-pseudonym">{t('org.members.pseudonym')}</label>
            <select id="link-pseudonym" name="pseudonym">
              {members.map((m) => (
                <option value={m.pseudonym} selected={m.pseudonym === linkValues?.pseudonym}>
                  {m.pseudonym}
                </option>
              ))}
            </select>
            <label for="link-username">{t('org.members.link.username')}</label>
            <input id="link-username" name="username" type="text" required maxlength={32} autocomplete="off" autocapitalize="none" spellcheck={false} dir="ltr" value={linkValues?.username ?? ''} />
            <button type="submit">{t('org.members.link.submit')}</button>
          </form>
        </>
      ) : null}
    </Layout>
  );
}

export function memberEditPath(slug: string, pseudonym: string): string {
  return `/orgs/${slug}/members/edit?pseudonym=${encodeURIComponent(pseudonym)}`;
}

/** The member as the instance holds them now (private fields included: this page is the admins'). */
export function memberForm(m: PrivateMemberView): MemberForm {
  return { pseudonym: m.pseudonym, realName: m.realName ?? '', contact: m.contact ?? '', officeholder: m.officeholder, triadEligible: m.triadEligible };
}

/**
 * /orgs/:slug/members/edit?pseudonym=…: an admin of the organization changes a member's flags and
 * private details. The pseudonym is fixed (it may stand in published triad records); a member who
 * has left is made not eligible, never deleted. Private like the members page (store: false).
 */
export function MemberEditPage(props: { page: PageInfo; org: OrganizationView; csrf: string; values: MemberForm; error?: string | null }) {
  const { page, org, csrf, values, error } = props;
  const { t } = page;
  return (
    <Layout page={page} title={t('org.members.edit.title')}>
      <Crumbs root={{ href: `/orgs/${org.slug}`, name: org.name }} step={{ href: `/orgs/${org.slug}/members`, label: t('org.members.title') }} />
      <h1>
        {t('org.members.edit.title')}: <bdi>{values.pseudonym}</bdi>
      </h1>
      <p class="notice">{t('org.members.private')}</p>
      <p>{t('org.members.edit.lead')}</p>
      <Refusal page={page} id="member-edit-error" reason={error} />
      <form method="post" action={`/orgs/${org.slug}/members/edit`} class="stack wide" aria-describedby={error ? 'member-edit-error' : undefined}>
        <Csrf token={csrf} />
        <input type="hidden" name="pseudonym" value={values.pseudonym} />
        <MemberFields page={page} values={values} eligibleHint={t('org.members.edit.eligibleHint')} />
        <button type="submit">{t('org.members.edit.submit')}</button>
      </form>
    </Layout>
  );
}

/** A member's private details and flags, the same fields when adding and when editing. */
function MemberFields(props: { page: PageInfo; values: MemberForm; eligibleHint?: string }) {
  const { page, values, eligibleHint } = props;
  const { t } = page;
  return (
    <>
      <label for="realName">{t('org.members.realName')}</label>
      <input id="realName" name="realName" type="text" maxlength={200} autocomplete="off" value={values.realName} />
      <label for="contact">{t('org.members.contact')}</label>
      <textarea id="contact" name="contact" rows={3} maxlength={1000} autocomplete="off">
        {values.contact}
      </textarea>
      <label class="check">
        <input type="checkbox" name="officeholder" value="1" checked={values.officeholder} /> {t('org.members.officeholder')}
      </label>
      <label class="check">
        <input type="checkbox" name="triadEligible" value="1" checked={values.triadEligible} aria-describedby={eligibleHint ? 'eligible-hint' : undefined} />{' '}
        {t('org.members.triadEligible')}
      </label>
      {eligibleHint ? (
        <p id="eligible-hint" class="detail">
          {eligibleHint}
        </p>
      ) : null}
    </>
  );
}

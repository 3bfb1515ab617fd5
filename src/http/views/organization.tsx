/**
 * /orgs/:slug: an organization's public profile (domain/public.ts OrganizationPublic: exactly what
 * its archive record says) and its delegates' verifier keys, with add and revoke forms for those
 * who may change them. No member data appears here: members are private to the organization's
 * admins (/orgs/:slug/members).
 */
import type { OrganizationView } from '../../services/organizations.js';
import type { Role } from '../../services/accounts.js';
import type { Locale } from '../../i18n/index.js';
import { Layout } from './layout.js';
import type { PageInfo } from './page.js';
import { Csrf, Notice, Prose, Refusal } from './covenant-parts.js';
import { isolate } from './format.js';

export interface OrganizationPageData {
  org: OrganizationView;
  /** may add and revoke keys: an admin of the organization or of the instance */
  canManage: boolean;
  /** an admin of this organization: the members page is theirs */
  isAdmin: boolean;
  csrf: string | null;
  error?: string | null;
  /** the key typed into the add form, kept after a refusal */
  keyValue?: string;
  notice?: string | null;
  /** the "give a role" form's refusal and typed username */
  roleError?: string | null;
  roleValue?: string;
  /** who holds which role here, for those who may change roles (private: never published) */
  roles?: { username: string; role: Role }[] | null;
  /** a "remove the role" form's refusal */
  revokeError?: string | null;
}

export function OrganizationPage(props: { page: PageInfo } & OrganizationPageData) {
  const { page, org, canManage, isAdmin, csrf, error, keyValue, notice, roleError, roleValue, roles, revokeError } = props;
  const { t } = page;
  return (
    <Layout page={page} title={org.name}>
      <h1>
        <bdi>{org.name}</bdi>
      </h1>
      <Notice text={notice ?? null} />
      <dl>
        <dt>{t('org.field.slug')}</dt>
        <dd>
          <code>{org.slug}</code>
        </dd>
        <dt>{t('org.field.country')}</dt>
        <dd>
          {countryName(page.locale, org.country)} (<code>{org.country}</code>)
        </dd>
        {org.jurisdiction ? (
          <>
            <dt>{t('org.field.jurisdiction')}</dt>
            <dd>
              <bdi>{org.jurisdiction}</bdi>
            </dd>
          </>
        ) : null}
        <dt>{t('org.field.languages')}</dt>
        <dd>{org.languages.map((l) => languageName(page.locale, l)).join(', ')}</dd>
        <dt>{t('org.field.timeZone')}</dt>
        <dd>
          <code>{org.timeZone}</code>
        </dd>
      </dl>
      {org.description ? <Prose text={org.description} /> : null}
      {canManage || isAdmin ? (
        <p class="actions">
          {canManage ? <a href={`/orgs/${org.slug}/edit`}>{t('org.edit.title')}</a> : null}
          {isAdmin ? <a href={`/orgs/${org.slug}/members`}>{t('org.members.title')}</a> : null}
        </p>
      ) : null}

      <section aria-labelledby="keys">
        <h2 id="keys">{t('org.keys.heading')}</h2>
        <p>{t('org.keys.lead')}</p>
        <Refusal page={page} id="key-error" reason={error} />
        {org.verifierKeys.length === 0 ? (
          <p>{t('org.keys.none')}</p>
        ) : (
          <ul class="keys">
            {org.verifierKeys.map((k) => (
              <li>
                <code>{k}</code>
                {canManage && csrf ? (
                  <form method="post" action={`/orgs/${org.slug}/keys/revoke`} class="inline">
                    <Csrf token={csrf} />
                    <input type="hidden" name="key" value={k} />{' '}
                    <button type="submit">{t('org.keys.revoke')}</button>
                  </form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {canManage && csrf ? (
          <>
            {/* Shown by /static/keygen.js where WebCrypto makes Ed25519 keys; absent with JavaScript off. */}
            <div
              id="keygen"
              hidden
              data-msg-made={t('org.keys.make.done')}
              data-msg-bad-name={t('org.keys.make.badName')}
              data-msg-failed={t('org.keys.make.failed')}
            >
              <h3>{t('org.keys.make.heading')}</h3>
              <p>{t('org.keys.make.lead')}</p>
              <p>
                <label for="keygen-name">{t('org.keys.make.name')}</label>{' '}
                <input id="keygen-name" type="text" value={org.slug} maxlength={200} autocomplete="off" autocapitalize="none" spellcheck={false} dir="ltr" />
              </p>
              <p class="actions">
                <button type="button" id="keygen-button">
                  {t('org.keys.make.submit')}
                </button>
                <a id="keygen-download" hidden>
                  {t('org.keys.make.again')}
                </a>
              </p>
              <p id="keygen-status" role="status" aria-live="polite"></p>
            </div>
            <script type="module" src="/static/keygen.js"></script>
          </>
        ) : null}
        {canManage && csrf ? (
          <form method="post" action={`/orgs/${org.slug}/keys`} class="stack wide" aria-describedby={error ? 'key-error' : undefined}>
            <Csrf token={csrf} />
            <label for="key">{t('org.keys.add.label')}</label>
            <input id="key" name="key" type="text" required maxlength={512} spellcheck={false} autocapitalize="none" dir="ltr" value={keyValue ?? ''} aria-describedby="key-hint" />
            <p id="key-hint" class="detail">
              {t('org.keys.add.hint')}
            </p>
            <button type="submit">{t('org.keys.add.submit')}</button>
          </form>
        ) : null}
      </section>

      {canManage && csrf ? (
        <section aria-labelledby="roles">
          <h2 id="roles">{t('org.roles.heading')}</h2>
          <p>{t('org.roles.lead')}</p>
          <Refusal page={page} id="revoke-error" reason={revokeError} />
          {!roles || roles.length === 0 ? (
            <p>{t('org.roles.none')}</p>
          ) : (
            <div class="scroll">
              <table>
                <caption>{t('org.roles.caption', { count: roles.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('org.roles.username')}</th>
                    <th scope="col">{t('org.roles.role')}</th>
                    <td></td>
                  </tr>
                </thead>
                <tbody>
                  {roles.map((r) => (
                    <tr>
                      <th scope="row">
                        <bdi>{r.username}</bdi>
                      </th>
                      <td>{roleName(page, r.role)}</td>
                      <td>
                        <form method="post" action={`/orgs/${org.slug}/roles/revoke`} class="inline">
                          <Csrf token={csrf} />
                          <input type="hidden" name="username" value={r.username} />
                          <button type="submit">{t('org.roles.revoke', { username: isolate(r.username) })}</button>
                        </form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h3 id="give-role">{t('org.roles.give')}</h3>
          <Refusal page={page} id="role-error" reason={roleError} />
          <form method="post" action={`/orgs/${org.slug}/roles`} class="stack wide" aria-describedby={roleError ? 'role-error' : undefined}>
            <Csrf token={csrf} />
            <label for="role-username">{t('org.roles.username')}</label>
            <input id="role-username" name="username" type="text" required maxlength={32} autocomplete="off" autocapitalize="none" spellcheck={false} dir="ltr" value={roleValue ?? ''} />
            <label for="role">{t('org.roles.role')}</label>
            <select id="role" name="role">
              <option value="member">{t('org.roles.member')}</option>
              <option value="delegate">{t('org.roles.delegate')}</option>
              <option value="admin">{t('org.roles.admin')}</option>
            </select>
            <button type="submit">{t('org.roles.submit')}</button>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}

function roleName(page: PageInfo, role: Role): string {
  const { t } = page;
  switch (role) {
    case 'admin':
      return t('org.roles.admin');
    case 'delegate':
      return t('org.roles.delegate');
    case 'member':
      return t('org.roles.member');
  }
}

/** A country's name in the reader's language (CLDR via Intl), the code when Intl has none. */
export function countryName(locale: Locale, code: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function languageName(locale: Locale, tag: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language', fallback: 'code' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

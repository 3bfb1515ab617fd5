/**
 * /orgs/:slug/edit: an admin of the organization (or of the instance) corrects its public
 * profile. The same fields as /orgs/new but the slug, which names the organization in every
 * record and address and so never changes. Every field is public: each change is a new
 * `organization` record in the archive, and the earlier versions stay there.
 */
import type { OrganizationView } from '../../services/organizations.js';
import { Layout } from './layout.js';
import type { PageInfo } from './page.js';
import { Csrf, Refusal } from './covenant-parts.js';
import { OrganizationFields, type OrganizationForm } from './organization-new.js';
import { Crumbs } from './crumbs.js';

/** The form as the profile says now. */
export function profileForm(org: OrganizationView): OrganizationForm {
  return {
    slug: org.slug,
    name: org.name,
    country: org.country,
    jurisdiction: org.jurisdiction,
    languages: org.languages.join(', '),
    timeZone: org.timeZone,
    description: org.description,
  };
}

export function OrganizationEditPage(props: { page: PageInfo; org: OrganizationView; csrf: string; values: OrganizationForm; error?: string | null }) {
  const { page, org, csrf, values, error } = props;
  const { t } = page;
  return (
    <Layout page={page} title={t('org.edit.title')}>
      <Crumbs root={{ href: `/orgs/${org.slug}`, name: org.name }} />
      <h1>{t('org.edit.title')}</h1>
      <p class="notice">{t('org.profile.public')}</p>
      <Refusal page={page} id="org-error" reason={error} />
      <form method="post" action={`/orgs/${org.slug}/edit`} class="stack wide" aria-describedby={error ? 'org-error' : undefined}>
        <Csrf token={csrf} />
        <OrganizationFields page={page} values={values} />
        <button type="submit">{t('org.edit.submit')}</button>
      </form>
    </Layout>
  );
}

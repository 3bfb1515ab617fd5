/**
 * /orgs/new: the instance admin registers an organization. Values are kept after a refusal.
 * OrganizationFields, the public profile's fields, is shared with /orgs/:slug/edit.
 */
import type { Child } from 'hono/jsx';
import { Layout } from './layout.js';
import type { PageInfo } from './page.js';
import { Csrf, Refusal } from './covenant-parts.js';

export interface OrganizationForm {
  slug: string;
  name: string;
  country: string;
  jurisdiction: string;
  languages: string;
  timeZone: string;
  description: string;
}

export const EMPTY_ORGANIZATION_FORM: OrganizationForm = {
  slug: '',
  name: '',
  country: '',
  jurisdiction: '',
  languages: '',
  timeZone: 'UTC',
  description: '',
};

export function OrganizationNewPage(props: { page: PageInfo; csrf: string; values: OrganizationForm; error?: string | null }) {
  const { page, csrf, values, error } = props;
  const { t } = page;
  return (
    <Layout page={page} title={t('org.new.title')}>
      <h1>{t('org.new.title')}</h1>
      <p class="notice">{t('org.profile.public')}</p>
      <Refusal page={page} id="org-error" reason={error} />
      <form method="post" action="/orgs" class="stack wide" aria-describedby={error ? 'org-error' : undefined}>
        <Csrf token={csrf} />
        <OrganizationFields page={page} values={values}>
          <label for="slug">{t('org.field.slug')}</label>
          <input id="slug" name="slug" type="text" required maxlength={63} pattern="[a-z0-9][a-z0-9\-]{0,62}" dir="ltr" value={values.slug} aria-describedby="slug-hint" />
          <p id="slug-hint" class="detail">
            {t('org.field.slugHint')}
          </p>
        </OrganizationFields>
        <button type="submit">{t('org.new.submit')}</button>
      </form>
    </Layout>
  );
}

/**
 * The public profile's fields (all but the slug, which `children` may add after the name): the
 * same on the creation and the edit page, so a profile reads and is corrected the way it was made.
 */
export function OrganizationFields(props: { page: PageInfo; values: OrganizationForm; children?: Child }) {
  const { page, values, children } = props;
  const { t } = page;
  return (
    <>
      <label for="name">{t('org.field.name')}</label>
      <input id="name" name="name" type="text" required maxlength={200} value={values.name} />
      {children}
      <label for="country">{t('org.field.country')}</label>
      <input id="country" name="country" type="text" required maxlength={2} dir="ltr" value={values.country} aria-describedby="country-hint" />
      <p id="country-hint" class="detail">
        {t('org.field.countryHint')}
      </p>
      <label for="jurisdiction">{t('org.field.jurisdiction')}</label>
      <input id="jurisdiction" name="jurisdiction" type="text" maxlength={200} value={values.jurisdiction} />
      <label for="languages">{t('org.field.languages')}</label>
      <input id="languages" name="languages" type="text" required maxlength={200} dir="ltr" value={values.languages} aria-describedby="languages-hint" />
      <p id="languages-hint" class="detail">
        {t('org.field.languagesHint')}
      </p>
      <label for="timeZone">{t('org.field.timeZone')}</label>
      <input id="timeZone" name="timeZone" type="text" required maxlength={64} dir="ltr" value={values.timeZone} aria-describedby="tz-hint" />
      <p id="tz-hint" class="detail">
        {t('org.field.timeZoneHint')}
      </p>
      <label for="description">{t('org.field.description')}</label>
      <textarea id="description" name="description" rows={5} maxlength={5000}>
        {values.description}
      </textarea>
    </>
  );
}

/** /alliances/new: name the alliance and tick its founding parties (at least two). */
import type { OrganizationView } from '../../services/organizations.js';
import { Layout } from './layout.js';
import type { PageInfo } from './page.js';
import { Csrf, Refusal } from './covenant-parts.js';

export interface AllianceForm {
  slug: string;
  name: string;
  parties: string[];
}

export function AllianceNewPage(props: { page: PageInfo; csrf: string; organizations: OrganizationView[]; values: AllianceForm; error?: string | null }) {
  const { page, csrf, organizations, values, error } = props;
  const { t } = page;
  return (
    <Layout page={page} title={t('alliance.new.title')}>
      <h1>{t('alliance.new.title')}</h1>
      <p>{t('alliance.new.lead')}</p>
      <Refusal page={page} id="alliance-error" reason={error} />
      <form method="post" action="/alliances" class="stack wide" aria-describedby={error ? 'alliance-error' : undefined}>
        <Csrf token={csrf} />
        <label for="name">{t('alliance.field.name')}</label>
        <input id="name" name="name" type="text" required maxlength={200} value={values.name} />
        <label for="slug">{t('alliance.field.slug')}</label>
        <input id="slug" name="slug" type="text" required maxlength={63} pattern="[a-z0-9][a-z0-9\-]{0,62}" dir="ltr" value={values.slug} aria-describedby="slug-hint" />
        <p id="slug-hint" class="detail">
          {t('org.field.slugHint')}
        </p>
        <fieldset>
          <legend>{t('alliance.field.parties')}</legend>
          {organizations.length === 0 ? <p>{t('org.list.none')}</p> : null}
          {organizations.map((o) => (
            <label class="check">
              <input type="checkbox" name="parties" value={o.slug} checked={values.parties.includes(o.slug)} /> <bdi>{o.name}</bdi>{' '}
              <code class="detail">{o.slug}</code>
            </label>
          ))}
        </fieldset>
        <button type="submit">{t('alliance.new.submit')}</button>
      </form>
    </Layout>
  );
}

/** /orgs: the organizations on this instance, by name, with their country. */
import type { OrganizationView } from '../../services/organizations.js';
import { Layout } from './layout.js';
import type { PageInfo } from './page.js';
import { countryName } from './organization.js';

export function OrganizationListPage(props: { page: PageInfo; organizations: OrganizationView[]; canCreate: boolean }) {
  const { page, organizations, canCreate } = props;
  const { t } = page;
  return (
    <Layout page={page} title={t('org.list.title')}>
      <h1>{t('org.list.title')}</h1>
      <p class="lead">{t('org.list.lead')}</p>
      {canCreate ? (
        <p>
          <a class="button" href="/orgs/new">
            {t('org.new.title')}
          </a>
        </p>
      ) : null}
      {organizations.length === 0 ? (
        <p>{t('org.list.none')}</p>
      ) : (
        <ul class="cards">
          {organizations.map((o) => (
            <li>
              <a href={`/orgs/${o.slug}`}>
                <bdi>{o.name}</bdi>
              </a>{' '}
              <span class="detail">{countryName(page.locale, o.country)}</span>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

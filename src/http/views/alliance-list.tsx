/** /alliances: every alliance on this instance with its status. */
import type { AllianceStatus } from '../../store/schema.js';
import { Layout } from './layout.js';
import type { PageInfo } from './page.js';
import { Badge, allianceStatusLabel } from './covenant-parts.js';

export function AllianceListPage(props: { page: PageInfo; alliances: { slug: string; name: string; status: AllianceStatus }[]; canCreate: boolean }) {
  const { page, alliances, canCreate } = props;
  const { t } = page;
  return (
    <Layout page={page} title={t('alliance.list.title')}>
      <h1>{t('alliance.list.title')}</h1>
      <p class="lead">{t('alliance.list.lead')}</p>
      {canCreate ? (
        <p>
          <a class="button" href="/alliances/new">
            {t('alliance.new.title')}
          </a>
        </p>
      ) : null}
      {alliances.length === 0 ? (
        <p>{t('alliance.list.none')}</p>
      ) : (
        <ul class="cards">
          {alliances.map((a) => (
            <li>
              <a href={`/alliances/${a.slug}`}>
                <bdi>{a.name}</bdi>
              </a>{' '}
              <Badge kind={a.status} label={allianceStatusLabel(page, a.status)} />
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

/** The front page: what Daylight is, in the essay's words, and the way into the archive. */
import { Layout } from './layout.js';
import type { PageInfo } from './page.js';

export function HomePage(props: { page: PageInfo }) {
  const { page } = props;
  const { t } = page;
  return (
    <Layout page={page} title={t('home.title')}>
      <h1>{t('home.title')}</h1>
      <p class="lead">{t('home.lead')}</p>
      <h2>{t('home.practices.heading')}</h2>
      <ul class="practices">
        <li>{t('home.practice.covenant')}</li>
        <li>{t('home.practice.audit')}</li>
        <li>{t('home.practice.warning')}</li>
        <li>{t('home.practice.exit')}</li>
        <li>{t('home.practice.renewal')}</li>
      </ul>
      <h2>{t('home.archive.heading')}</h2>
      <p>{t('home.archive.body')}</p>
      <p>
        <a class="button" href="/archive">
          {t('home.archive.link')}
        </a>
      </p>
    </Layout>
  );
}

/**
 * The front page: what Daylight is, in the essay's words, the alliances on this instance each
 * with a direct link to every practice (covenant, audits, warnings, support, lessons, renewal,
 * health), so that a newcomer reaches any of them in at most two clicks, and the way into the
 * archive.
 */
import { Layout } from './layout.js';
import type { PageInfo } from './page.js';
import type { AllianceStatus } from '../../store/schema.js';
import { Badge, allianceStatusLabel, renewalPath, versionPath } from './covenant-parts.js';

/** What the front page shows of one alliance. */
export interface HomeAlliance {
  slug: string;
  name: string;
  status: AllianceStatus;
  parties: number;
  /** the ratified covenant version, else the latest version drafted, else null */
  covenant: number | null;
  /** the latest renewal of the ratified version, if one was opened */
  renewal: number | null;
}

/** How many alliances the front page lists; the rest are on /alliances. */
export const HOME_ALLIANCES = 10;

export function HomePage(props: { page: PageInfo; alliances?: HomeAlliance[]; more?: boolean }) {
  const { page, alliances = [], more = false } = props;
  const { t } = page;
  return (
    <Layout page={page} title={t('home.title')}>
      <h1>{t('home.title')}</h1>
      <p class="lead">{t('home.lead')}</p>
      {/* Until an alliance has a covenant in force, the guided setup (none in a static export). */}
      {page.static || alliances.some((a) => a.status === 'active') ? null : (
        <p>
          {t('home.setup')}{' '}
          <a class="button" href="/setup">
            {t('setup.link')}
          </a>
        </p>
      )}
      {alliances.length > 0 ? (
        <section aria-labelledby="alliances">
          <h2 id="alliances">{t('home.alliances.heading')}</h2>
          {alliances.map((a) => (
            <AllianceCard page={page} alliance={a} />
          ))}
          {more ? (
            <p>
              <a href="/alliances">{t('home.alliances.all')}</a>
            </p>
          ) : null}
        </section>
      ) : null}
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

/** An alliance with a direct link to each practice (also the setup guide's "running" list). */
export function AllianceCard(props: { page: PageInfo; alliance: HomeAlliance }) {
  const { page, alliance: a } = props;
  const { t } = page;
  const base = `/alliances/${a.slug}`;
  const id = `alliance-${a.slug}`;
  return (
    <article class="alliance-card" aria-labelledby={id}>
      <h3 id={id}>
        <a href={base}>
          <bdi>{a.name}</bdi>
        </a>
      </h3>
      <p class="meta">
        <Badge kind={a.status} label={allianceStatusLabel(page, a.status)} /> {t('home.alliance.parties', { count: a.parties })}
      </p>
      <ul class="practice-links">
        <li>
          <a href={a.covenant === null ? `${base}#versions` : versionPath(a.slug, a.covenant)}>{t('home.link.covenant')}</a>
        </li>
        <li>
          <a href={`${base}/cycles`}>{t('home.link.audits')}</a>
        </li>
        <li>
          <a href={`${base}/warnings`}>{t('home.link.warnings')}</a>
        </li>
        <li>
          <a href={`${base}/support`}>{t('home.link.support')}</a>
        </li>
        <li>
          <a href={`${base}/lessons`}>{t('home.link.lessons')}</a>
        </li>
        <li>
          <a href={a.renewal === null ? `${base}#renewal` : renewalPath(a.slug, a.renewal)}>{t('home.link.renewal')}</a>
        </li>
        <li>
          <a href={`${base}/health`}>{t('home.link.health')}</a>
        </li>
      </ul>
    </article>
  );
}

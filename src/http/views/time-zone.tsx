/**
 * /time-zone: the reader picks the zone dates are shown in (a GET form, so it works with
 * JavaScript off and needs no account); remembered in a cookie by middleware/time-zone.ts.
 */
import { Layout } from './layout.js';
import type { PageInfo } from './page.js';

export function TimeZonePage(props: { page: PageInfo; zones: readonly string[]; saved: boolean }) {
  const { page, zones, saved } = props;
  const { t } = page;
  const current = page.timeZone ?? '';
  return (
    <Layout page={page} title={t('tz.title')}>
      <h1>{t('tz.title')}</h1>
      {saved ? (
        <p class="notice" role="status">
          {current ? t('tz.saved', { zone: current }) : t('tz.cleared')}
        </p>
      ) : null}
      <p>{t('tz.lead')}</p>
      <form method="get" action="/time-zone" class="stack" id="tz-form" data-chosen={current}>
        <label for="tz">{t('tz.label')}</label>
        <select id="tz" name="tz">
          <option value="" selected={current === ''}>
            {t('tz.auto')}
          </option>
          {zones.map((z) => (
            <option value={z} selected={z === current}>
              {z}
            </option>
          ))}
        </select>
        <button type="submit">{t('tz.submit')}</button>
      </form>
      <script src="/static/time.js" defer></script>
    </Layout>
  );
}

/**
 * The page frame (WCAG 2.2: 2.4.1 bypass blocks, 3.1.1 language of page, 1.3.1 landmarks):
 * <html lang dir>, a skip link to <main>, header with navigation and the language switcher,
 * main, footer. The switcher is plain links, so it works with JavaScript off; beside it the
 * reader's time zone links to /time-zone (a GET form; static/time.js preselects the browser's
 * zone there when JavaScript runs).
 * A page with a JSON twin (views/twin.ts) names it in <link rel="alternate"> and in the footer;
 * every page links the open-data ZIP. In the static export (page.static) there is no server:
 * no sign-in, no API, and a line says which archive size the copy was made at.
 */
import type { Child } from 'hono/jsx';
import { LOCALES, LOCALE_NAMES, dir } from '../../i18n/index.js';
import type { PageInfo } from './page.js';
import { isolate } from './format.js';
import { twinPath } from './twin.js';

/** The open-data ZIP's stable URL (routes/open-data.ts, publish/open-data.ts). */
const OPEN_DATA = '/open-data/daylight-open-data.zip';

export function Layout(props: { page: PageInfo; title: string; children?: Child }) {
  const { page, title, children } = props;
  const { t } = page;
  const twin = twinPath(page.path);
  return (
    <html lang={page.locale} dir={dir(page.locale)}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · Daylight`}</title>
        <link rel="stylesheet" href="/static/daylight.css" />
        {twin ? <link rel="alternate" type="application/json" href={twin} /> : null}
        <link rel="icon" href="data:," />
      </head>
      <body>
        <a class="skip" href="#main">
          {t('layout.skip')}
        </a>
        <header class="site">
          <a class="brand" href="/">
            Daylight
          </a>
          <nav aria-label={t('layout.nav.label')}>
            <ul>
              <NavLink page={page} href="/" label={t('layout.nav.home')} />
              <NavLink page={page} href="/alliances" label={t('alliance.nav')} />
              <NavLink page={page} href="/orgs" label={t('org.nav')} />
              <NavLink page={page} href="/archive" label={t('layout.nav.archive')} />
              {page.static ? null : page.user ? (
                <NavLink page={page} href="/account" label={t('layout.nav.account')} />
              ) : (
                <NavLink page={page} href="/login" label={t('layout.nav.login')} />
              )}
            </ul>
          </nav>
          {page.user ? (
            <form method="post" action="/logout" class="inline">
              <input type="hidden" name="csrf" value={page.user.csrf} />
              <button type="submit">{t('layout.logout', { username: isolate(page.user.username) })}</button>
            </form>
          ) : null}
          <nav aria-label={t('layout.languages')} class="langs">
            <ul>
              {LOCALES.map((l) => (
                <li>
                  <a href={`?lang=${l}`} lang={l} hreflang={l} aria-current={l === page.locale ? 'true' : undefined}>
                    {LOCALE_NAMES[l]}
                  </a>
                </li>
              ))}
              {page.static ? null : (
                <li>
                  <a href="/time-zone" aria-current={page.path === '/time-zone' ? 'page' : undefined}>
                    {t('layout.tz', { zone: page.timeZone ?? 'UTC' })}
                  </a>
                </li>
              )}
            </ul>
          </nav>
        </header>
        <main id="main" tabindex={-1}>
          {children}
        </main>
        <footer class="site">
          <p>{t('layout.footer')}</p>
          {page.static ? <p>{t('layout.static', { size: page.static.treeSize })}</p> : null}
          <p>
            {page.static ? null : (
              <>
                <a href="/api/v1/openapi.json">{t('layout.api')}</a>
                {' · '}
              </>
            )}
            {twin ? (
              <>
                <a href={twin} type="application/json">
                  {t('layout.json')}
                </a>
                {' · '}
              </>
            ) : null}
            <a href={OPEN_DATA} type="application/zip">
              {t('layout.openData')}
            </a>
          </p>
        </footer>
      </body>
    </html>
  );
}

function NavLink(props: { page: PageInfo; href: string; label: string }) {
  const current = props.page.path === props.href || (props.href !== '/' && props.page.path.startsWith(`${props.href}/`));
  return (
    <li>
      <a href={props.href} aria-current={current ? 'page' : undefined}>
        {props.label}
      </a>
    </li>
  );
}

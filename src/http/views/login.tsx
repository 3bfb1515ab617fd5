/** Sign-in form: a plain POST form with labels; the failure message never says which part was wrong. */
import { Layout } from './layout.js';
import type { PageInfo } from './page.js';

export function LoginPage(props: { page: PageInfo; csrf: string; failed?: boolean; username?: string }) {
  const { page, csrf, failed, username } = props;
  const { t } = page;
  return (
    <Layout page={page} title={t('login.title')}>
      <h1>{t('login.title')}</h1>
      {failed ? (
        <p class="error" role="alert" id="login-error">
          {t('login.failed')}
        </p>
      ) : null}
      <form method="post" action="/login" class="stack" aria-describedby={failed ? 'login-error' : undefined}>
        <input type="hidden" name="csrf" value={csrf} />
        <label for="username">{t('login.username')}</label>
        <input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck={false} required value={username ?? ''} />
        <label for="password">{t('login.password')}</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <button type="submit">{t('login.submit')}</button>
      </form>
    </Layout>
  );
}

/**
 * The signed-in account: API tokens for scripts and other tools. A new token is shown exactly
 * once (only its hash is stored), on the response to the form that created it.
 */
import { Layout } from './layout.js';
import type { PageInfo } from './page.js';
import { isolate } from './format.js';
import { Refusal, When } from './covenant-parts.js';

export interface AccountData {
  username: string;
  instanceAdmin: boolean;
  csrf: string;
  /** existing tokens, when the service can list them; null hides the list */
  tokens: { id: number; label: string; createdAt: string }[] | null;
  created?: { label: string; token: string };
  /** a token was just revoked (after the redirect) */
  tokenRevoked?: boolean;
  error?: string;
  /** what the parties this account acts for owe, and when (the in-app list of reminders) */
  due?: DueView[];
  /** an instance admin's "create an account" form: the account just made, or the refusal */
  accountCreated?: string;
  accountError?: string;
  accountValue?: string;
  /** the "change your password" form: done (after the redirect), or its refusal */
  passwordChanged?: boolean;
  /** the service's refusal (English) */
  passwordError?: string;
  /** the two new passwords differ (the form's own refusal) */
  passwordMismatch?: boolean;
}

export interface DueView {
  kind: 'rating' | 'scorecard' | 'signature' | 'renewal' | 'mirroring';
  alliance: string;
  party: string;
  dueAt: string | null;
  overdue: boolean;
  /** one line, English */
  what: string;
}

export function AccountPage(props: { page: PageInfo } & AccountData) {
  const { page, username, instanceAdmin, csrf, tokens, created, tokenRevoked, error, due, accountCreated, accountError, accountValue, passwordChanged, passwordError, passwordMismatch } = props;
  const { t } = page;
  return (
    <Layout page={page} title={t('account.title')}>
      <h1>{t('account.title')}</h1>
      <p>{instanceAdmin ? t('account.signedInAdmin', { username: isolate(username) }) : t('account.signedIn', { username: isolate(username) })}</p>
      <p>
        <a href="/setup">{t('setup.link')}</a>
      </p>

      <section aria-labelledby="due">
        <h2 id="due">{t('account.due.heading')}</h2>
        {!due || due.length === 0 ? (
          <p>{t('account.due.none')}</p>
        ) : (
          <ul>
            {due.map((d) => (
              <li>
                <strong>{d.overdue ? t('account.due.overdue') : dueKind(page, d.kind)}</strong>{' '}
                <a href={`/alliances/${d.alliance}`}>
                  <bdi>{d.alliance}</bdi>
                </a>{' '}
                (<bdi>{d.party}</bdi>){' '}
                {d.dueAt ? (
                  <>
                    {t('account.due.by')} <When page={page} at={d.dueAt} />{' '}
                  </>
                ) : null}
                — <span lang="en">{d.what}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="tokens">
        <h2 id="tokens">{t('account.tokens.heading')}</h2>
        <p>{t('account.tokens.lead')}</p>
        {created ? (
          <div class="notice" role="status">
            <p>{t('account.tokens.created', { label: isolate(created.label) })}</p>
            <pre>
              <code>{created.token}</code>
            </pre>
          </div>
        ) : null}
        {tokenRevoked ? (
          <p class="notice" role="status">
            {t('account.tokens.revoked')}
          </p>
        ) : null}
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : null}
        {tokens === null ? null : tokens.length === 0 ? (
          <p>{t('account.tokens.none')}</p>
        ) : (
          <ul>
            {tokens.map((tok) => (
              <li>
                <bdi>{tok.label}</bdi> <When page={page} at={tok.createdAt} />{' '}
                {/* One small form per token: it works without JavaScript; the label names it for screen readers. */}
                <form method="post" action={`/account/tokens/${tok.id}/revoke`} class="inline">
                  <input type="hidden" name="csrf" value={csrf} />
                  <button type="submit" aria-label={t('account.tokens.revokeLabel', { label: isolate(tok.label) })}>
                    {t('account.tokens.revoke')}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
        <form method="post" action="/account/tokens" class="stack">
          <input type="hidden" name="csrf" value={csrf} />
          <label for="label">{t('account.tokens.label')}</label>
          <input id="label" name="label" type="text" required maxlength={100} />
          <button type="submit">{t('account.tokens.create')}</button>
        </form>
      </section>

      <section aria-labelledby="password">
        <h2 id="password">{t('account.password.heading')}</h2>
        <p>{t('account.password.lead')}</p>
        {passwordChanged ? (
          <p class="notice" role="status">
            {t('account.password.done')}
          </p>
        ) : null}
        <Refusal page={page} id="password-error" reason={passwordError} />
        {passwordMismatch ? (
          <p class="error" role="alert" id="password-error">
            {t('account.password.mismatch')}
          </p>
        ) : null}
        <form method="post" action="/account/password" class="stack" aria-describedby={passwordError || passwordMismatch ? 'password-error' : undefined}>
          <input type="hidden" name="csrf" value={csrf} />
          {/* For password managers only (no name: not sent); the form changes the signed-in account's password. */}
          <input type="text" value={username} autocomplete="username" hidden />
          <label for="current-password">{t('account.password.current')}</label>
          <input id="current-password" name="current" type="password" required maxlength={1024} autocomplete="current-password" />
          <label for="change-password">{t('account.password.new')}</label>
          <input id="change-password" name="password" type="password" required minlength={10} maxlength={1024} autocomplete="new-password" aria-describedby="change-password-hint" />
          <p id="change-password-hint" class="detail">
            {t('account.password.hint')}
          </p>
          <label for="repeat-password">{t('account.password.repeat')}</label>
          <input id="repeat-password" name="repeat" type="password" required minlength={10} maxlength={1024} autocomplete="new-password" />
          <button type="submit">{t('account.password.submit')}</button>
        </form>
      </section>

      {instanceAdmin ? (
        <section aria-labelledby="accounts">
          <h2 id="accounts">{t('account.create.heading')}</h2>
          <p>{t('account.create.lead')}</p>
          {accountCreated ? (
            <p class="notice" role="status">
              {t('account.create.done', { username: isolate(accountCreated) })}
            </p>
          ) : null}
          {accountError ? (
            <p class="error" role="alert" id="account-error" lang="en" dir="ltr">
              {accountError}
            </p>
          ) : null}
          <form method="post" action="/account/accounts" class="stack" aria-describedby={accountError ? 'account-error' : undefined}>
            <input type="hidden" name="csrf" value={csrf} />
            <label for="new-username">{t('account.create.username')}</label>
            <input id="new-username" name="username" type="text" required maxlength={32} autocomplete="off" autocapitalize="none" spellcheck={false} dir="ltr" value={accountValue ?? ''} />
            <label for="new-password">{t('account.create.password')}</label>
            <input id="new-password" name="password" type="password" required minlength={10} maxlength={1024} autocomplete="new-password" aria-describedby="new-password-hint" />
            <p id="new-password-hint" class="detail">
              {t('account.create.passwordHint')}
            </p>
            <button type="submit">{t('account.create.submit')}</button>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}

function dueKind(page: PageInfo, kind: DueView['kind']): string {
  const { t } = page;
  switch (kind) {
    case 'rating':
      return t('account.due.kind.rating');
    case 'scorecard':
      return t('account.due.kind.scorecard');
    case 'signature':
      return t('account.due.kind.signature');
    case 'renewal':
      return t('account.due.kind.renewal');
    case 'mirroring':
      return t('account.due.kind.mirroring');
  }
}

/**
 * /alliances/:slug/renewals/:n: a ritual of renewal (issue 3 §8) — its status and dates (a lapse
 * said loudly), who has re-signed, the re-signing panel while it is open (the same as signing a
 * version), the testimony form, and once published the testimonies themselves: under the
 * pseudonym the testifier chose, or anonymous, with no name at all.
 */
import type { RenewalView } from '../../services/renewals.js';
import type { SignatureView, TestimonyView } from '../../services/covenant-views.js';
import { LOCALES, LOCALE_NAMES } from '../../i18n/index.js';
import { Layout } from './layout.js';
import type { PageInfo } from './page.js';
import { isolate } from './format.js';
import { Badge, Csrf, Notice, Prose, Refusal, When, renewalStatusLabel, versionPath } from './covenant-parts.js';
import { Signatures } from './signatures-list.js';
import { SigningPanel, type SigningPanelData } from './signatures.js';
import { Crumbs } from './crumbs.js';

export interface TestimonyForm {
  text: string;
  pseudonym: string;
  anonymous: boolean;
  lang: string;
}

export interface RenewalPageData {
  alliance: { slug: string; name: string };
  version: number;
  renewal: RenewalView;
  parties: readonly string[];
  signatures: SignatureView[];
  /** the re-signing panel, while the renewal is open */
  signing: SigningPanelData | null;
  /** published testimonies; null while they are held back */
  testimonies: TestimonyView[] | null;
  csrf: string | null;
  /** the testimony form's token: the session's, or the anonymous double-submit one; null hides the form */
  testimonyCsrf: string | null;
  testimony: TestimonyForm;
  testimonyError?: string | null;
  notice?: string | null;
}

export function RenewalPage(props: { page: PageInfo } & RenewalPageData) {
  const { page, alliance, version, renewal: r, parties, signatures, signing, testimonies, notice } = props;
  const { t } = page;
  const title = t('renewal.title', { renewal: r.number });
  return (
    <Layout page={page} title={title}>
      <Crumbs root={{ href: `/alliances/${alliance.slug}`, name: alliance.name }} step={{ href: versionPath(alliance.slug, version), label: t('covenant.version.short', { version }) }} />
      <h1>{title}</h1>
      {r.status === 'lapsed' ? (
        <div class="lapsed" role="alert">
          <p class="big">{t('alliance.lapsed.banner')}</p>
          <p>{t('alliance.lapsed.detail', { renewal: r.number, parties: isolate(r.missing.join(', ')) })}</p>
        </div>
      ) : null}
      <Notice text={notice ?? null} />
      <dl>
        <dt>{t('alliance.versions.status')}</dt>
        <dd>
          <Badge kind={r.status} label={renewalStatusLabel(page, r.status)} />
        </dd>
        <dt>{t('renewal.due')}</dt>
        <dd>
          <When page={page} at={r.dueAt} />
        </dd>
        <dt>{t('renewal.lapses')}</dt>
        <dd>
          <When page={page} at={r.lapsesAt} />
        </dd>
        <dt>{t('renewal.testimonies.count')}</dt>
        <dd>{r.testimonies}</dd>
      </dl>
      <p>{t('renewal.lead')}</p>

      <section aria-labelledby="resigned">
        <h2 id="resigned">{t('renewal.resigned')}</h2>
        <Signatures page={page} signatures={signatures} parties={parties} waiting={r.status === 'open'} />
      </section>

      {signing ? <SigningPanel page={page} {...signing} /> : null}

      {r.status === 'open' ? <TestimonyFormSection {...props} /> : null}

      <section aria-labelledby="testimonies">
        <h2 id="testimonies">{t('renewal.testimonies.heading')}</h2>
        {testimonies === null ? (
          <p>{t('renewal.testimonies.held')}</p>
        ) : testimonies.length === 0 ? (
          <p>{t('renewal.testimonies.none')}</p>
        ) : testimonies.some((x) => x.redacted) ? (
          <p class="hidden-answer">{t('renewal.testimonies.redacted')}</p>
        ) : (
          testimonies.map((x) => (
            <figure class="testimony">
              <blockquote lang={x.lang ?? undefined}>
                <Prose text={x.text} />
              </blockquote>
              <figcaption>— {x.pseudonym === null ? t('renewal.testimony.anonymous') : <bdi>{x.pseudonym}</bdi>}</figcaption>
            </figure>
          ))
        )}
      </section>
    </Layout>
  );
}

function TestimonyFormSection(props: { page: PageInfo } & RenewalPageData) {
  const { page, alliance, renewal, testimonyCsrf: csrf, testimony: v, testimonyError } = props;
  const { t } = page;
  if (!csrf) return null;
  return (
    <section aria-labelledby="testify">
      <h2 id="testify">{t('renewal.testimony.heading')}</h2>
      <p>{t('renewal.testimony.lead')}</p>
      <Refusal page={page} id="testimony-error" reason={testimonyError} />
      <form
        method="post"
        action={`/alliances/${alliance.slug}/renewals/${renewal.number}/testimony`}
        class="stack full"
        aria-describedby={testimonyError ? 'testimony-error' : undefined}
      >
        <Csrf token={csrf} />
        <label for="testimony-text">{t('renewal.testimony.text')}</label>
        <textarea id="testimony-text" name="text" rows={6} maxlength={4000} required dir="auto">
          {`\n${v.text}`}
        </textarea>
        <label for="testimony-lang">{t('renewal.testimony.lang')}</label>
        <select id="testimony-lang" name="lang">
          <option value="">{t('renewal.testimony.langUnsaid')}</option>
          {LOCALES.map((l) => (
            <option value={l} lang={l} selected={l === v.lang}>
              {LOCALE_NAMES[l]}
            </option>
          ))}
        </select>
        <label for="pseudonym">{t('renewal.testimony.pseudonym')}</label>
        <input id="pseudonym" name="pseudonym" type="text" maxlength={80} autocomplete="off" value={v.pseudonym} />
        <label class="check">
          <input type="checkbox" name="anonymous" value="1" checked={v.anonymous} aria-describedby="anonymous-hint" /> {t('renewal.testimony.anonymously')}
        </label>
        <p id="anonymous-hint" class="detail">
          {t('renewal.testimony.anonymousHint')}
        </p>
        <button type="submit">{t('renewal.testimony.submit')}</button>
      </form>
    </section>
  );
}

/**
 * Signing (issue 3 §7): the exact C2SP signed-note text a party signs, how to sign it offline
 * (`daylight note sign --key FILE`), and a form to upload the signed note — pasted, or as a file —
 * which works with JavaScript off. /static/sign.js, where the browser has Ed25519 in WebCrypto,
 * reveals a panel that signs the text locally with a PRIVATE+KEY+… signer key: the key never
 * leaves the page (its fields have no name and sit outside the form); only the signed note is
 * put into the upload field, for the delegate to check and send.
 *
 * SigningPanel serves covenant versions (this page) and renewals (renewal.tsx) alike.
 */
import type { SignatureView } from '../../services/covenant-views.js';
import type { VersionStatus } from '../../store/schema.js';
import { Layout } from './layout.js';
import type { PageInfo } from './page.js';
import { Csrf, Refusal, versionPath, versionStatusLabel } from './covenant-parts.js';
import { Signatures } from './signatures-list.js';
import { Crumbs } from './crumbs.js';

export interface SigningPanelData {
  /** the note text to sign, exactly */
  text: string;
  /** where the signed note is POSTed */
  action: string;
  /** the text as a plain file, for signing offline */
  textUrl: string;
  /** null when signed out: uploading needs an account */
  csrf: string | null;
  parties: readonly string[];
  /** what was sent, kept after a refusal */
  note?: string;
  party?: string;
  error?: string | null;
}

export function SigningPanel(props: { page: PageInfo } & SigningPanelData) {
  const { page, text, action, textUrl, csrf, parties, note, party, error } = props;
  const { t } = page;
  return (
    <>
      <section aria-labelledby="sign-text">
        <h2 id="sign-text">{t('covenant.sign.textHeading')}</h2>
        <p>{t('covenant.sign.textLead')}</p>
        <pre id="note-text">{text}</pre>
        <p>
          <a href={textUrl} download>
            {t('covenant.sign.download')}
          </a>
        </p>
      </section>

      <section aria-labelledby="sign-offline">
        <h2 id="sign-offline">{t('covenant.sign.offlineHeading')}</h2>
        <ol>
          <li>{t('covenant.sign.offlineStep1')}</li>
          <li>
            {t('covenant.sign.offlineStep2')}
            <pre>
              <code>daylight note sign --key FILE note.txt &gt; signed.txt</code>
            </pre>
          </li>
          <li>{t('covenant.sign.offlineStep3')}</li>
        </ol>
      </section>

      <section
        id="sign-here"
        hidden
        aria-labelledby="sign-browser"
        data-msg-signed={t('covenant.sign.browserDone')}
        data-msg-bad-key={t('covenant.sign.browserBadKey')}
        data-msg-failed={t('covenant.sign.browserFailed')}
      >
        <h2 id="sign-browser">{t('covenant.sign.browserHeading')}</h2>
        <p>{t('covenant.sign.browserLead')}</p>
        <label for="sign-key">{t('covenant.sign.browserKey')}</label>
        <textarea id="sign-key" rows={2} class="code" dir="ltr" autocomplete="off" spellcheck={false} autocapitalize="none"></textarea>
        <label for="sign-key-file">{t('covenant.sign.browserKeyFile')}</label>
        <input id="sign-key-file" type="file" />
        <p>
          <button type="button" id="sign-button">
            {t('covenant.sign.browserSubmit')}
          </button>
        </p>
        <p id="sign-status" role="status" aria-live="polite"></p>
      </section>

      <section aria-labelledby="upload">
        <h2 id="upload">{t('covenant.sign.uploadHeading')}</h2>
        <Refusal page={page} id="upload-error" reason={error} />
        {csrf ? (
          <form method="post" action={action} enctype="multipart/form-data" class="stack full" aria-describedby={error ? 'upload-error' : undefined}>
            <Csrf token={csrf} />
            <label for="note">{t('covenant.sign.uploadNote')}</label>
            <textarea id="note" name="note" rows={8} class="code" dir="ltr" spellcheck={false} autocapitalize="none">
              {`\n${note ?? ''}`}
            </textarea>
            <label for="noteFile">{t('covenant.sign.uploadFile')}</label>
            <input id="noteFile" name="noteFile" type="file" accept=".txt,.note,text/plain" />
            <label for="party">{t('covenant.sign.party')}</label>
            <select id="party" name="party">
              <option value="">{t('covenant.sign.partyAuto')}</option>
              {parties.map((p) => (
                <option value={p} selected={p === party}>
                  {p}
                </option>
              ))}
            </select>
            <button type="submit">{t('covenant.sign.uploadSubmit')}</button>
          </form>
        ) : (
          <p>
            <a href="/login">{t('covenant.sign.signIn')}</a>
          </p>
        )}
      </section>
      <script type="module" src="/static/sign.js"></script>
    </>
  );
}

export function SigningPage(
  props: { page: PageInfo; alliance: { slug: string; name: string }; version: number; status: VersionStatus; signatures: SignatureView[] } & SigningPanelData,
) {
  const { page, alliance, version, status, signatures, ...panel } = props;
  const { t } = page;
  const title = t('covenant.sign.title', { version });
  return (
    <Layout page={page} title={title}>
      <Crumbs root={{ href: `/alliances/${alliance.slug}`, name: alliance.name }} step={{ href: versionPath(alliance.slug, version), label: t('covenant.version.short', { version }) }} />
      <h1>{title}</h1>
      {status !== 'proposed' ? <p class="notice">{t('covenant.sign.notProposed', { status: versionStatusLabel(page, status) })}</p> : null}
      <h2>{t('covenant.signatures.heading')}</h2>
      <Signatures page={page} signatures={signatures} parties={panel.parties} waiting={status === 'proposed'} />
      <SigningPanel page={page} {...panel} />
    </Layout>
  );
}

/**
 * /alliances/:slug/covenant/versions/:n: one version — status, author party, rationale, lint
 * findings, signatures (each re-verified against its stored key), the documents the archive
 * holds for it, downloads, and the covenant itself in the reader's language.
 */
import type { VersionView } from '../../services/covenants.js';
import type { ArchivedDocument, SignatureView } from '../../services/covenant-views.js';
import type { Finding } from '../../domain/covenant/index.js';
import { Layout } from './layout.js';
import type { PageInfo } from './page.js';
import { FindingList } from './covenant-findings.js';
import { Badge, CovenantText, Csrf, DocLink, Notice, Prose, Refusal, When, versionPath, versionStatusLabel } from './covenant-parts.js';
import { Signatures } from './signatures-list.js';
import { Crumbs } from './crumbs.js';

export interface VersionPageData {
  allianceName: string;
  version: VersionView;
  findings: Finding[];
  signatures: SignatureView[];
  documents: ArchivedDocument[];
  /** an admin or delegate of a party: may propose and amend */
  canAct: boolean;
  csrf: string | null;
  error?: string | null;
  notice?: string | null;
}

export function VersionPage(props: { page: PageInfo } & VersionPageData) {
  const { page, allianceName, version: v, findings, signatures, documents, canAct, csrf, error, notice } = props;
  const { t } = page;
  const here = versionPath(v.alliance, v.version);
  const title = t('covenant.version.title', { version: v.version });
  return (
    <Layout page={page} title={title}>
      <Crumbs root={{ href: `/alliances/${v.alliance}`, name: allianceName }} />
      <h1>{title}</h1>
      <Notice text={notice ?? null} />
      <Refusal page={page} id="version-error" reason={error} />
      <dl>
        <dt>{t('alliance.versions.status')}</dt>
        <dd>
          <Badge kind={v.status} label={versionStatusLabel(page, v.status)} />
          {v.supersededBy ? (
            <>
              {' '}
              <a href={versionPath(v.alliance, v.supersededBy)}>{t('covenant.version.supersededBy', { version: v.supersededBy })}</a>
            </>
          ) : null}
        </dd>
        <dt>{t('alliance.versions.author')}</dt>
        <dd>
          <a href={`/orgs/${v.author}`}>
            <code>{v.author}</code>
          </a>
        </dd>
        {v.basedOn ? (
          <>
            <dt>{t('covenant.version.basedOn')}</dt>
            <dd>
              <a href={versionPath(v.alliance, v.basedOn)}>{t('covenant.version.short', { version: v.basedOn })}</a> ·{' '}
              <a href={`/alliances/${v.alliance}/covenant/diff?a=${v.basedOn}&b=${v.version}`}>{t('covenant.version.changes')}</a>
            </dd>
          </>
        ) : null}
        <dt>{t('alliance.versions.created')}</dt>
        <dd>
          <When page={page} at={v.createdAt} />
        </dd>
        <dt>{t('covenant.version.sha256')}</dt>
        <dd>
          <code>{v.sha256}</code>
        </dd>
      </dl>
      <h2>{t('covenant.version.rationale')}</h2>
      <Prose text={v.rationale} />

      <Actions page={page} v={v} canAct={canAct} csrf={csrf} errors={findings.some((f) => f.severity === 'error')} />

      <section aria-labelledby="lint">
        <h2 id="lint">{t('covenant.lint.heading')}</h2>
        <FindingList page={page} findings={findings} />
      </section>

      <section aria-labelledby="signatures">
        <h2 id="signatures">{t('covenant.signatures.heading')}</h2>
        <Signatures page={page} signatures={signatures} parties={v.parties} waiting={v.status === 'proposed'} />
      </section>

      <section aria-labelledby="documents">
        <h2 id="documents">{t('covenant.documents.heading')}</h2>
        <ul>
          {documents.map((d) => (
            <li>
              <DocLink sha256={d.sha256} name={d.name || undefined} mediaType={d.mediaType} />
            </li>
          ))}
          <li>
            <a href={`${here}/covenant.yaml`} download>
              {t('covenant.documents.yaml')}
            </a>
          </li>
          <li>
            <a href={`${here}/covenant.json`} download>
              {t('covenant.documents.json')}
            </a>
          </li>
        </ul>
      </section>

      <section aria-labelledby="text">
        <h2 id="text">{t('covenant.version.text')}</h2>
        <CovenantText covenant={v.covenant} locale={page.locale} />
      </section>
    </Layout>
  );
}

function Actions(props: { page: PageInfo; v: VersionView; canAct: boolean; csrf: string | null; errors: boolean }) {
  const { page, v, canAct, csrf, errors } = props;
  const { t } = page;
  const here = versionPath(v.alliance, v.version);
  return (
    <div class="actions">
      {v.status === 'proposed' ? (
        <a class="button" href={`${here}/sign`}>
          {t('covenant.sign.link')}
        </a>
      ) : null}
      {canAct && csrf && v.status === 'draft' ? (
        <form method="post" action={`${here}/propose`} class="inline" aria-describedby={errors ? 'lint' : undefined}>
          <Csrf token={csrf} />
          <button type="submit">{t('covenant.propose.submit')}</button>
        </form>
      ) : null}
      {canAct ? (
        <a class="button" href={`/alliances/${v.alliance}/covenant/new?from=${v.version}`}>
          {t('covenant.edit.amend')}
        </a>
      ) : null}
    </div>
  );
}

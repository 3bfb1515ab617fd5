/**
 * /alliances/:slug/covenant/new: draft or amend a covenant as YAML. One form, two buttons: "lint"
 * shows the findings without saving; "save" drafts the version. A covenant that does not parse
 * comes back with every problem listed by path (and line) and tied to the field by
 * aria-describedby, the text exactly as sent.
 */
import type { Finding, Problem } from '../../domain/covenant/index.js';
import { Layout } from './layout.js';
import type { PageInfo } from './page.js';
import { FindingList, ProblemList } from './covenant-findings.js';
import { Csrf, Refusal, versionPath } from './covenant-parts.js';
import { Crumbs } from './crumbs.js';

export interface DraftForm {
  text: string;
  author: string;
  rationale: string;
  /** amend: the version this draft starts from */
  basedOn: number | null;
}

export interface DraftPageData {
  alliance: { slug: string; name: string };
  /** the alliance's current parties; the reader's own are offered first */
  parties: string[];
  values: DraftForm;
  csrf: string;
  problems?: readonly Problem[] | null;
  findings?: readonly Finding[] | null;
  error?: string | null;
}

export function DraftPage(props: { page: PageInfo } & DraftPageData) {
  const { page, alliance, parties, values, csrf, problems, findings, error } = props;
  const { t } = page;
  const title = values.basedOn ? t('covenant.edit.amendTitle', { version: values.basedOn }) : t('covenant.edit.newTitle');
  const described = ['covenant-hint', problems?.length ? 'covenant-problems' : '', findings ? 'covenant-findings' : ''].filter(Boolean).join(' ');
  return (
    <Layout page={page} title={title}>
      <Crumbs
        root={{ href: `/alliances/${alliance.slug}`, name: alliance.name }}
        step={values.basedOn ? { href: versionPath(alliance.slug, values.basedOn), label: t('covenant.version.short', { version: values.basedOn }) } : null}
      />
      <h1>{title}</h1>
      <p>{t('covenant.edit.lead')}</p>
      <Refusal page={page} id="draft-error" reason={error} />
      {findings ? (
        <section aria-labelledby="findings-heading" role="status">
          <h2 id="findings-heading">{t('covenant.lint.heading')}</h2>
          <FindingList page={page} id="covenant-findings" findings={findings} />
        </section>
      ) : null}
      <form method="post" action={`/alliances/${alliance.slug}/covenant/new`} enctype="multipart/form-data" class="stack full">
        <Csrf token={csrf} />
        {values.basedOn ? <input type="hidden" name="basedOn" value={String(values.basedOn)} /> : null}
        <label for="author">{t('covenant.edit.author')}</label>
        <select id="author" name="author">
          {parties.map((p) => (
            <option value={p} selected={p === values.author}>
              {p}
            </option>
          ))}
        </select>
        <label for="rationale">{t('covenant.edit.rationale')}</label>
        <textarea id="rationale" name="rationale" rows={3} maxlength={2000} required aria-describedby="rationale-hint">
          {`\n${values.rationale}`}
        </textarea>
        <p id="rationale-hint" class="detail">
          {t('covenant.edit.rationaleHint')}
        </p>
        <label for="covenant">{t('covenant.edit.text')}</label>
        <p id="covenant-hint" class="detail">
          {t('covenant.edit.textHint')}
        </p>
        {problems?.length ? <ProblemList page={page} id="covenant-problems" problems={problems} /> : null}
        <textarea
          id="covenant"
          name="covenant"
          rows={30}
          class="code"
          dir="ltr"
          spellcheck={false}
          autocapitalize="none"
          required
          aria-describedby={described}
          aria-invalid={problems?.length ? 'true' : undefined}
        >
          {`\n${values.text}`}
        </textarea>
        <div class="actions">
          <button type="submit" name="action" value="lint" formnovalidate>
            {t('covenant.edit.lint')}
          </button>
          <button type="submit" name="action" value="save">
            {t('covenant.edit.save')}
          </button>
        </div>
      </form>
    </Layout>
  );
}

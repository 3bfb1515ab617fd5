/**
 * /alliances/:slug/covenant/diff?a=N&b=M: what changed between two versions — the structured
 * changes (domain diffCovenants), in the reader's language, then the unified diff of their YAML.
 * Added and removed lines keep their "+" and "-" signs and are <ins>/<del> elements, so the
 * difference is in the text and the markup, not in colour alone (WCAG 1.4.1).
 */
import type { Change } from '../../domain/covenant/index.js';
import { Layout } from './layout.js';
import type { PageInfo } from './page.js';
import { isolate } from './format.js';
import { DiffChooser } from './alliance.js';
import { versionPath } from './covenant-parts.js';
import { Crumbs } from './crumbs.js';

export interface DiffPageData {
  alliance: { slug: string; name: string };
  versions: { version: number }[];
  a: number;
  b: number;
  changes: Change[];
  text: string;
}

export function DiffPage(props: { page: PageInfo } & DiffPageData) {
  const { page, alliance, versions, a, b, changes, text } = props;
  const { t } = page;
  const title = t('covenant.diff.title', { a, b });
  return (
    <Layout page={page} title={title}>
      <Crumbs root={{ href: `/alliances/${alliance.slug}`, name: alliance.name }} />
      <h1>{title}</h1>
      <p>
        <a href={versionPath(alliance.slug, a)}>{t('covenant.version.short', { version: a })}</a> →{' '}
        <a href={versionPath(alliance.slug, b)}>{t('covenant.version.short', { version: b })}</a>
      </p>
      <DiffChooser page={page} slug={alliance.slug} versions={versions} a={a} b={b} />

      <section aria-labelledby="changes">
        <h2 id="changes">{t('covenant.diff.changes')}</h2>
        {changes.length === 0 ? (
          <p>{t('covenant.diff.same')}</p>
        ) : (
          <ul>
            {changes.map((ch) => (
              <li>{changeText(page, ch)}</li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="text-diff">
        <h2 id="text-diff">{t('covenant.diff.text')}</h2>
        <p id="diff-legend">{t('covenant.diff.legend')}</p>
        {text === '' ? <p>{t('covenant.diff.same')}</p> : <TextDiff text={text} />}
      </section>
    </Layout>
  );
}

function TextDiff(props: { text: string }) {
  const lines = props.text.replace(/\n$/, '').split('\n');
  return (
    <pre class="diff" aria-describedby="diff-legend">
      {lines.map((line) => {
        if (line.startsWith('+++') || line.startsWith('---')) return <span class="file">{`${line}\n`}</span>;
        if (line.startsWith('@@')) return <span class="hunk">{`${line}\n`}</span>;
        if (line.startsWith('+')) return <ins>{`${line}\n`}</ins>;
        if (line.startsWith('-')) return <del>{`${line}\n`}</del>;
        return `${line}\n`;
      })}
    </pre>
  );
}

const list = (xs: readonly string[]) => isolate(xs.join(', '));

export function changeText(page: PageInfo, ch: Change): string {
  const { t } = page;
  switch (ch.kind) {
    case 'parties-joined':
      return t('covenant.change.partiesJoined', { parties: list(ch.parties) });
    case 'parties-left':
      return t('covenant.change.partiesLeft', { parties: list(ch.parties) });
    case 'principle-added':
      return t('covenant.change.principleAdded', { principle: isolate(ch.principle) });
    case 'principle-removed':
      return t('covenant.change.principleRemoved', { principle: isolate(ch.principle) });
    case 'principle-changed':
      return t('covenant.change.principleChanged', { principle: isolate(ch.principle), fields: list(ch.fields) });
    case 'test-added':
      return t('covenant.change.testAdded', { principle: isolate(ch.principle), test: isolate(ch.test) });
    case 'test-removed':
      return t('covenant.change.testRemoved', { principle: isolate(ch.principle), test: isolate(ch.test) });
    case 'threshold-changed':
      return t('covenant.change.thresholdChanged', { principle: isolate(ch.principle), indicator: isolate(ch.indicator), from: isolate(ch.from), to: isolate(ch.to) });
    case 'severity-changed':
      return t('covenant.change.severityChanged', { principle: isolate(ch.principle), from: severity(page, ch.from), to: severity(page, ch.to) });
    case 'indicator-added':
      return t('covenant.change.indicatorAdded', { indicator: isolate(ch.indicator) });
    case 'indicator-removed':
      return t('covenant.change.indicatorRemoved', { indicator: isolate(ch.indicator) });
    case 'indicator-changed':
      return t('covenant.change.indicatorChanged', { indicator: isolate(ch.indicator), fields: list(ch.fields) });
    case 'section-changed':
      return t('covenant.change.sectionChanged', { section: isolate(ch.section), fields: list(ch.fields) });
  }
}

function severity(page: PageInfo, s: 'review' | 'red-line'): string {
  return s === 'red-line' ? page.t('covenant.severity.redLine') : page.t('covenant.severity.review');
}

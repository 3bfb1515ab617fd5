/**
 * What is wrong with a covenant, as lists a reader can act on: parse problems (domain io.ts: every
 * problem with its path and, when placed, line and column) and lint findings (domain lint.ts).
 * Each finding's kind is translated here; its full explanation is the domain's English message,
 * marked lang="en" (the domain keys them for translation: lint-messages.ts).
 */
import type { Finding, LintCode, Problem } from '../../domain/covenant/index.js';
import type { PageInfo } from './page.js';
import { Badge } from './covenant-parts.js';

export function ProblemList(props: { page: PageInfo; id: string; problems: readonly Problem[] }) {
  const { page, id, problems } = props;
  const { t } = page;
  return (
    <div class="error" role="alert">
      <p id={`${id}-heading`}>{t('covenant.problems.heading', { count: problems.length })}</p>
      <ol id={id} class="problems" aria-labelledby={`${id}-heading`}>
        {problems.map((p) => (
          <li>
            <code>{p.path || t('covenant.problems.file')}</code>
            {p.line !== undefined ? <span class="detail"> {t('covenant.problems.at', { line: p.line, column: p.column ?? 1 })}</span> : null}{' '}
            <span lang="en" dir="ltr">
              {p.reason}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}

export function FindingList(props: { page: PageInfo; id?: string; findings: readonly Finding[] }) {
  const { page, id, findings } = props;
  const { t } = page;
  if (findings.length === 0) return <p id={id}>{t('covenant.lint.clean')}</p>;
  const errors = findings.filter((f) => f.severity === 'error').length;
  return (
    <div id={id}>
      <p>{t('covenant.lint.summary', { errors, warnings: findings.length - errors })}</p>
      <ol class="findings">
        {findings.map((f) => (
          <li>
            <Badge kind={f.severity} label={f.severity === 'error' ? t('covenant.lint.error') : t('covenant.lint.warning')} />{' '}
            <strong>{codeTitle(page, f.code)}</strong> <code>{f.path}</code>
            <p lang="en" dir="ltr" class="detail">
              {f.message}
            </p>
          </li>
        ))}
      </ol>
    </div>
  );
}

function codeTitle(page: PageInfo, code: LintCode): string {
  const { t } = page;
  switch (code) {
    case 'principle-without-test':
      return t('covenant.lint.principleWithoutTest');
    case 'test-without-indicator':
      return t('covenant.lint.testWithoutIndicator');
    case 'red-line-unmeasured':
      return t('covenant.lint.redLineUnmeasured');
    case 'vague-word':
      return t('covenant.lint.vagueWord');
    case 'threshold-without-number':
      return t('covenant.lint.thresholdWithoutNumber');
    case 'threshold-kind-mismatch':
      return t('covenant.lint.thresholdKindMismatch');
    case 'threshold-out-of-range':
      return t('covenant.lint.thresholdOutOfRange');
    case 'unused-indicator':
      return t('covenant.lint.unusedIndicator');
    case 'exit-without-window':
      return t('covenant.lint.exitWithoutWindow');
    case 'exit-without-benchmarks':
      return t('covenant.lint.exitWithoutBenchmarks');
    case 'reallocation-not-separated':
      return t('covenant.lint.reallocationNotSeparated');
    case 'mirroring-missing':
      return t('covenant.lint.mirroringMissing');
  }
}

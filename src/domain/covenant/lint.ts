/**
 * Covenant lint (issue 3 §5): "Principles without procedure are poetry. Principles with procedure
 * become strategy." lintCovenant takes a valid covenant (the schema admits drafts) and lists what
 * keeps it from being testable. Errors block a proposal; warnings are advice.
 *
 *   principle-without-test      error    no test of the principle names an indicator
 *   test-without-indicator      error    a review test names no indicator (a red line: next code)
 *   red-line-unmeasured         error    a red-line test names no indicator
 *   vague-word                  error    a vague word (freedom, justice, democracy, dignity,
 *                                        solidarity, fairness, respect, equality, peace, …, in en,
 *                                        es, fr, ar, pt) in a principle's title or description
 *                                        when NO test of that principle names an indicator;
 *                               warning  when a principle's whole title is vague words (even if
 *                                        measured), or a benchmark without indicator rests on one.
 *                                        Rule: a vague word is fine where a test pins down what it
 *                                        means; it is a finding where nothing does.
 *   threshold-without-number    error    a test or benchmark with an indicator but no threshold; a
 *                                        value (or change percent) that is not a decimal for count,
 *                                        days-since, amount, share; an amount indicator without
 *                                        currency; a count indicator without unit (days-since is
 *                                        in days by definition, share and yes-no have no unit)
 *   threshold-kind-mismatch     error    yes-no with a non-boolean value, an ordering comparison,
 *                                        or a change over window
 *   threshold-out-of-range      error    count/days-since not whole ≥ 0, share outside 0..1,
 *                                        amount < 0, change percent < −100
 *   unused-indicator            warning  no principle's test names the indicator
 *   exit-without-window         error    exit.correctiveWindowDays missing
 *   exit-without-benchmarks     error    exit.benchmarks empty
 *   reallocation-not-separated  error    nothing continues to the people, nothing stops to the
 *                                        leadership, or one form is in both lists
 *   mirroring-missing           warning  a party has no local mirroring pledge
 *
 * Findings come in document order; messages (English) are in lint-messages.ts, keyed for translation.
 */
import { LINT_MESSAGES, codeOf, type LintCode, type LintMessageKey, type LintParams } from './lint-messages.js';
import { renderPath } from './references.js';
import type { Benchmark, Covenant, Indicator, Principle, Test, Threshold } from './schema.js';
import { isDecimal } from './threshold.js';
import { onlyVague, vagueWords } from './vague-words.js';

export type LintSeverity = 'error' | 'warning';

export interface Finding {
  severity: LintSeverity;
  code: LintCode;
  /** where in the document, e.g. principles[2].tests[0].threshold.value */
  path: string;
  /** English; says where, why, and how to fix */
  message: string;
  /** the message table key and its params, for rendering in another language */
  key: LintMessageKey;
  params: LintParams;
}

type Path = (string | number)[];

class Findings {
  readonly list: Finding[] = [];
  add(severity: LintSeverity, key: LintMessageKey, path: Path, params: LintParams = {}): void {
    const message = (LINT_MESSAGES[key] as (x: LintParams) => string)(params);
    this.list.push({ severity, code: codeOf(key), path: renderPath(path), message, key, params });
  }
}

export function lintCovenant(c: Covenant): Finding[] {
  const f = new Findings();
  const indicators = new Map(c.indicators.map((i) => [i.id, i]));
  c.indicators.forEach((ind, k) => indicatorUnits(ind, ['indicators', k], f));
  c.principles.forEach((p, i) => principle(p, ['principles', i], indicators, f));
  unusedIndicators(c, f);
  exitProtocol(c, indicators, f);
  reallocation(c, f);
  mirroring(c, f);
  return f.list;
}

function indicatorUnits(ind: Indicator, at: Path, f: Findings): void {
  if (ind.kind === 'amount' && ind.currency === undefined) f.add('error', 'threshold-without-number.currency', [...at, 'currency'], { indicator: ind.id });
  if (ind.kind === 'count' && ind.unit === undefined) f.add('error', 'threshold-without-number.unit', [...at, 'unit'], { indicator: ind.id });
}

function principle(p: Principle, at: Path, indicators: Map<string, Indicator>, f: Findings): void {
  const measured = p.tests.some((t) => t.indicator !== undefined);
  if (!measured) f.add('error', 'principle-without-test', [...at, 'tests'], { principle: p.id });
  vagueText(p, at, measured, f);
  p.tests.forEach((t, j) => test(t, p, [...at, 'tests', j], indicators, f));
}

function vagueText(p: Principle, at: Path, measured: boolean, f: Findings): void {
  const fields = [['title', p.title] as const, ...(p.description ? [['description', p.description] as const] : [])];
  for (const [field, text] of fields) {
    for (const [lang, s] of Object.entries(text.text)) {
      const path = [...at, field, 'text', lang];
      if (!measured) {
        const words = vagueWords(s, lang);
        if (words.length > 0) f.add('error', 'vague-word.unmeasured', path, { principle: p.id, field, lang, words: quoted(words) });
      } else if (field === 'title' && onlyVague(s, lang)) f.add('warning', 'vague-word.title', path, { principle: p.id, lang, title: s });
    }
  }
}

const quoted = (words: string[]): string => words.map((w) => `"${w}"`).join(', ');

function test(t: Test, p: Principle, at: Path, indicators: Map<string, Indicator>, f: Findings): void {
  const where = renderPath(at);
  if (t.indicator === undefined) {
    if (t.severity === 'red-line') f.add('error', 'red-line-unmeasured', [...at, 'indicator'], { principle: p.id, where });
    else f.add('error', 'test-without-indicator', [...at, 'indicator'], { principle: p.id, where });
    return;
  }
  const ind = indicators.get(t.indicator);
  if (ind !== undefined) threshold(t.threshold, ind, at, f);
}

/** Checks one threshold against its indicator's kind. `at` is the test's (or benchmark's) path. */
function threshold(th: Threshold | undefined, ind: Indicator, at: Path, f: Findings): void {
  const where = renderPath(at);
  const base = { where, indicator: ind.id, kind: KIND_WORDS[ind.kind] };
  if (th === undefined) return f.add('error', 'threshold-without-number.missing', [...at, 'threshold'], base);
  const tp = [...at, 'threshold'];
  if (ind.kind === 'yes-no') {
    if (th.changeOverWindow !== undefined) return f.add('error', 'threshold-kind-mismatch.window', [...tp, 'changeOverWindow'], base);
    if (typeof th.value !== 'boolean') f.add('error', 'threshold-kind-mismatch.yes-no', [...tp, 'value'], base);
    else if (th.comparison !== '=' && th.comparison !== '!=') f.add('error', 'threshold-kind-mismatch.yes-no', [...tp, 'comparison'], base);
    return;
  }
  if (th.changeOverWindow !== undefined) {
    const percent = th.changeOverWindow.percent;
    const pp = [...tp, 'changeOverWindow', 'percent'];
    if (!isDecimal(percent)) f.add('error', 'threshold-without-number.percent', pp, { ...base, value: percent });
    else if (Number(percent) < -100) f.add('error', 'threshold-out-of-range.percent', pp, { ...base, value: percent });
    return;
  }
  const value = th.value;
  const vp = [...tp, 'value'];
  if (!isDecimal(value)) return f.add('error', 'threshold-without-number.value', vp, { ...base, value: JSON.stringify(value ?? null) });
  const n = Number(value);
  if ((ind.kind === 'count' || ind.kind === 'days-since') && (value.includes('.') || n < 0)) f.add('error', 'threshold-out-of-range.whole', vp, { ...base, value });
  if (ind.kind === 'share' && (n < 0 || n > 1)) f.add('error', 'threshold-out-of-range.share', vp, { ...base, value });
  if (ind.kind === 'amount' && n < 0) f.add('error', 'threshold-out-of-range.negative', vp, { ...base, value });
}

const KIND_WORDS: Record<Indicator['kind'], string> = {
  count: 'a count',
  'yes-no': 'yes-no',
  'days-since': 'a number of days',
  amount: 'an amount',
  share: 'a share',
};

function unusedIndicators(c: Covenant, f: Findings): void {
  const used = new Set(c.principles.flatMap((p) => p.tests.map((t) => t.indicator)));
  c.indicators.forEach((ind, k) => {
    if (!used.has(ind.id)) f.add('warning', 'unused-indicator', ['indicators', k, 'id'], { indicator: ind.id });
  });
}

function exitProtocol(c: Covenant, indicators: Map<string, Indicator>, f: Findings): void {
  if (c.exit.correctiveWindowDays === undefined) f.add('error', 'exit-without-window', ['exit', 'correctiveWindowDays']);
  if (c.exit.benchmarks.length === 0) f.add('error', 'exit-without-benchmarks', ['exit', 'benchmarks']);
  c.exit.benchmarks.forEach((b, i) => benchmark(b, ['exit', 'benchmarks', i], indicators, f));
}

function benchmark(b: Benchmark, at: Path, indicators: Map<string, Indicator>, f: Findings): void {
  if (b.indicator === undefined) {
    for (const [lang, s] of Object.entries(b.text.text)) {
      const words = vagueWords(s, lang);
      if (words.length > 0) f.add('warning', 'vague-word.benchmark', [...at, 'text', 'text', lang], { benchmark: b.id, lang, words: quoted(words) });
    }
    return;
  }
  const ind = indicators.get(b.indicator);
  if (ind !== undefined) threshold(b.threshold, ind, at, f);
}

function reallocation(c: Covenant, f: Findings): void {
  const r = c.exit.reallocation;
  const at = ['exit', 'reallocation'];
  if (r.toPeople.continue.length === 0) f.add('error', 'reallocation-not-separated.nothing-to-people', [...at, 'toPeople', 'continue']);
  if (r.toLeadership.stop.length === 0) f.add('error', 'reallocation-not-separated.nothing-from-leadership', [...at, 'toLeadership', 'stop']);
  const stops = new Set(r.toLeadership.stop);
  r.toPeople.continue.forEach((form, i) => {
    if (stops.has(form)) f.add('error', 'reallocation-not-separated.both', [...at, 'toPeople', 'continue', i], { form });
  });
}

function mirroring(c: Covenant, f: Findings): void {
  const pledged = new Set(c.mirroring.map((m) => m.party));
  c.parties.forEach((party, i) => {
    if (!pledged.has(party)) f.add('warning', 'mirroring-missing', ['parties', i], { party });
  });
}

/** True when any finding is an error (the CLI exits 1). */
export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((x) => x.severity === 'error');
}

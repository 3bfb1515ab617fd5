/**
 * What changed between two covenant versions (issue 3 §6): structured changes ("principle added",
 * "days-since-assembly: 365 → 180") and a unified line diff of their Markdown renderings.
 *
 * Tests of a principle have no ids, so they are matched by what they measure: the same indicator
 * and the same form (level, or change over window), in order. A matched pair whose threshold
 * differs is a threshold change; unmatched ones are added or removed. Principles and indicators
 * are matched by id. Other sections report which of their fields changed, with old → new for
 * plain values. Equality is by canonical JSON (RFC 8785), so key order never shows as a change.
 */
import { canonicalize } from '../../ledger/jcs.js';
import { unifiedDiff, type DiffLabels } from './line-diff.js';
import { covenantMarkdown } from './render.js';
import type { Covenant, Principle, Severity, Test } from './schema.js';
import { thresholdText, thresholdValueText } from './threshold.js';

export type Section = 'format' | 'title' | 'horizon' | 'tactics' | 'audit' | 'corrective' | 'exit' | 'renewal' | 'mirroring';

export type Change = { summary: string } & (
  | { kind: 'parties-joined'; parties: string[] }
  | { kind: 'parties-left'; parties: string[] }
  | { kind: 'principle-added'; principle: string }
  | { kind: 'principle-removed'; principle: string }
  | { kind: 'principle-changed'; principle: string; fields: string[] }
  | { kind: 'test-added'; principle: string; indicator?: string; test: string }
  | { kind: 'test-removed'; principle: string; indicator?: string; test: string }
  | { kind: 'threshold-changed'; principle: string; indicator: string; from: string; to: string }
  | { kind: 'severity-changed'; principle: string; indicator?: string; from: Severity; to: Severity }
  | { kind: 'indicator-added'; indicator: string }
  | { kind: 'indicator-removed'; indicator: string }
  | { kind: 'indicator-changed'; indicator: string; fields: string[] }
  | { kind: 'section-changed'; section: Section; fields: string[] }
);

const same = (x: unknown, y: unknown): boolean => canonicalize(x ?? null) === canonicalize(y ?? null);

export function diffCovenants(a: Covenant, b: Covenant): Change[] {
  const out: Change[] = [];
  parties(a, b, out);
  principles(a, b, out);
  indicators(a, b, out);
  for (const section of ['format', 'title', 'horizon', 'tactics', 'audit', 'corrective', 'exit', 'renewal'] as const) {
    const fields = changedFields(a[section], b[section], '', 3);
    if (fields.length > 0) out.push({ kind: 'section-changed', section, fields: fields.map((f) => f.path || section), summary: sectionSummary(section, fields) });
  }
  mirroring(a, b, out);
  return out;
}

function parties(a: Covenant, b: Covenant, out: Change[]): void {
  const joined = b.parties.filter((p) => !a.parties.includes(p));
  const left = a.parties.filter((p) => !b.parties.includes(p));
  if (joined.length > 0) out.push({ kind: 'parties-joined', parties: joined, summary: `joined: ${joined.join(', ')}` });
  if (left.length > 0) out.push({ kind: 'parties-left', parties: left, summary: `left: ${left.join(', ')}` });
}

function principles(a: Covenant, b: Covenant, out: Change[]): void {
  const before = new Map(a.principles.map((p) => [p.id, p]));
  const after = new Set(b.principles.map((p) => p.id));
  for (const p of a.principles) if (!after.has(p.id)) out.push({ kind: 'principle-removed', principle: p.id, summary: `principle removed: ${p.id}` });
  for (const p of b.principles) {
    const old = before.get(p.id);
    if (old === undefined) out.push({ kind: 'principle-added', principle: p.id, summary: `principle added: ${p.id}` });
    else principleChanges(old, p, out);
  }
}

function principleChanges(a: Principle, b: Principle, out: Change[]): void {
  const fields = (['title', 'description'] as const).filter((f) => !same(a[f], b[f]));
  if (fields.length > 0) out.push({ kind: 'principle-changed', principle: b.id, fields: [...fields], summary: `principle ${b.id}: ${fields.join(', ')} changed` });
  const olds = groupTests(a.tests);
  const news = groupTests(b.tests);
  for (const key of new Set([...olds.keys(), ...news.keys()])) {
    const xs = olds.get(key) ?? [];
    const ys = news.get(key) ?? [];
    for (let i = 0; i < Math.max(xs.length, ys.length); i++) testChange(b.id, xs[i], ys[i], out);
  }
}

/** Tests keyed by what they measure: indicator and form (level or window). */
function groupTests(tests: Test[]): Map<string, Test[]> {
  const m = new Map<string, Test[]>();
  for (const t of tests) {
    const key = `${t.indicator ?? ''}\u0000${t.threshold?.changeOverWindow ? 'window' : 'level'}`;
    m.set(key, [...(m.get(key) ?? []), t]);
  }
  return m;
}

const describeTest = (t: Test): string => `${t.indicator ?? '(no indicator)'} ${t.threshold ? thresholdText(t.threshold) : '(no threshold)'} → ${t.severity}`;

function testChange(principle: string, x: Test | undefined, y: Test | undefined, out: Change[]): void {
  const ind = (t: Test) => (t.indicator !== undefined ? { indicator: t.indicator } : {});
  if (x === undefined && y !== undefined)
    return void out.push({ kind: 'test-added', principle, ...ind(y), test: describeTest(y), summary: `principle ${principle}: test added: ${describeTest(y)}` });
  if (y === undefined && x !== undefined)
    return void out.push({ kind: 'test-removed', principle, ...ind(x), test: describeTest(x), summary: `principle ${principle}: test removed: ${describeTest(x)}` });
  if (x === undefined || y === undefined) return;
  const name = y.indicator ?? '(no indicator)';
  if (!same(x.threshold, y.threshold)) {
    const [from, to] = thresholdPair(x, y);
    out.push({ kind: 'threshold-changed', principle, indicator: name, from, to, summary: `${name}: ${from} → ${to} (principle ${principle})` });
  }
  if (x.severity !== y.severity)
    out.push({ kind: 'severity-changed', principle, ...ind(y), from: x.severity, to: y.severity, summary: `${name}: ${x.severity} → ${y.severity} (principle ${principle})` });
}

/** Just the numbers when the comparison is unchanged ("365 → 180"), else the whole rule. */
function thresholdPair(x: Test, y: Test): [string, string] {
  const a = x.threshold;
  const b = y.threshold;
  if (a === undefined || b === undefined) return [a ? thresholdText(a) : '(none)', b ? thresholdText(b) : '(none)'];
  if (a.comparison === b.comparison) return [thresholdValueText(a), thresholdValueText(b)];
  return [thresholdText(a), thresholdText(b)];
}

function indicators(a: Covenant, b: Covenant, out: Change[]): void {
  const before = new Map(a.indicators.map((i) => [i.id, i]));
  const after = new Set(b.indicators.map((i) => i.id));
  for (const i of a.indicators) if (!after.has(i.id)) out.push({ kind: 'indicator-removed', indicator: i.id, summary: `indicator removed: ${i.id}` });
  for (const i of b.indicators) {
    const old = before.get(i.id);
    if (old === undefined) {
      out.push({ kind: 'indicator-added', indicator: i.id, summary: `indicator added: ${i.id}` });
      continue;
    }
    const fields = changedFields(old, i, '', 1);
    if (fields.length > 0) out.push({ kind: 'indicator-changed', indicator: i.id, fields: fields.map((f) => f.path), summary: `indicator ${i.id}: ${describeFields(fields)}` });
  }
}

function mirroring(a: Covenant, b: Covenant, out: Change[]): void {
  const pledges = (c: Covenant) => new Map(c.parties.map((p) => [p, c.mirroring.filter((m) => m.party === p).map((m) => m.pledge)]));
  const [x, y] = [pledges(a), pledges(b)];
  const parties = [...new Set([...a.mirroring, ...b.mirroring].map((m) => m.party))];
  const changed = parties.filter((p) => !same(x.get(p) ?? [], y.get(p) ?? []));
  if (changed.length > 0) out.push({ kind: 'section-changed', section: 'mirroring', fields: changed, summary: `mirroring pledges changed: ${changed.join(', ')}` });
}

interface FieldChange {
  path: string;
  from?: unknown;
  to?: unknown;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): boolean => isPlainObject(v) && 'original' in v && 'text' in v;

/** Changed leaves, descending at most `depth` levels into objects; texts and lists are leaves. */
function changedFields(a: unknown, b: unknown, prefix: string, depth: number): FieldChange[] {
  if (same(a, b)) return [];
  if (depth === 0 || !isPlainObject(a) || !isPlainObject(b) || isText(a) || isText(b)) return [{ path: prefix, from: a, to: b }];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.flatMap((k) => changedFields(a[k], b[k], prefix ? `${prefix}.${k}` : k, depth - 1));
}

const scalar = (v: unknown): v is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof v);

function describeFields(fields: FieldChange[]): string {
  return fields.map((f) => (scalar(f.from) && scalar(f.to) ? `${f.path} ${String(f.from)} → ${String(f.to)}` : `${f.path} changed`)).join(', ');
}

function sectionSummary(section: Section, fields: FieldChange[]): string {
  if (fields.length === 1 && fields[0]?.path === '') return `${section} changed`;
  return `${section}: ${describeFields(fields)}`;
}

/**
 * A unified line diff. With two covenants: of their Markdown renderings in `lang` (default: the
 * newer version's original language), so the diff reads as the covenant does. With two strings:
 * of those texts (e.g. their YAML). '' when nothing differs.
 */
export function textDiff(a: Covenant, b: Covenant, lang?: string, labels?: DiffLabels): string;
export function textDiff(a: string, b: string, labels?: DiffLabels): string;
export function textDiff(a: Covenant | string, b: Covenant | string, langOrLabels?: string | DiffLabels, labels?: DiffLabels): string {
  if (typeof a === 'string' || typeof b === 'string') {
    if (typeof a !== 'string' || typeof b !== 'string') throw new TypeError('textDiff: give two covenants or two texts');
    return unifiedDiff(a, b, typeof langOrLabels === 'object' ? langOrLabels : {});
  }
  const lang = typeof langOrLabels === 'string' ? langOrLabels : b.horizon.original;
  return unifiedDiff(covenantMarkdown(a, lang), covenantMarkdown(b, lang), labels ?? (typeof langOrLabels === 'object' ? langOrLabels : {}));
}

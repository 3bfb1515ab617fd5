import { describe, expect, it } from 'vitest';
import { Covenant, CovenantShape, LIMITS, renderPath } from '../../../src/domain/covenant/index.js';
import { en, template } from './helpers.js';

/** The rendered paths of every issue, for a value that should fail. */
function issuePaths(value: unknown): string[] {
  const r = Covenant.safeParse(value);
  expect(r.success).toBe(false);
  return r.success ? [] : r.error.issues.map((i) => renderPath(i.path));
}

const raw = (): Record<string, any> => JSON.parse(JSON.stringify(template()));

describe('Covenant schema', () => {
  it('accepts the starter template, unchanged', () => {
    const c = template();
    const r = Covenant.safeParse(c);
    expect(r.success).toBe(true);
    expect(r.data).toEqual(c);
  });

  it('applies the triad size default', () => {
    const v = raw();
    delete v.audit.triadSize;
    expect(Covenant.parse(v).audit.triadSize).toBe(3);
  });

  it('rejects wrong types, enums and ids at their paths', () => {
    const v = raw();
    v.principles[2].tests[0].severity = 'fatal';
    v.indicators[1].id = 'Bad Id';
    v.audit.rhythm = 'weekly';
    v.renewal.every = 1.5;
    v.exit.reallocation.toPeople.continue.push('weapons');
    expect(issuePaths(v)).toEqual(
      expect.arrayContaining([
        'principles[2].tests[0].severity',
        'indicators[1].id',
        'audit.rhythm',
        'renewal.every',
        'exit.reallocation.toPeople.continue[3]',
      ]),
    );
  });

  it('refuses amounts as JSON numbers (decimals are strings, never floats)', () => {
    const v = raw();
    v.principles[2].tests[0].threshold.value = 10000.5;
    const r = Covenant.safeParse(v);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/quoted string/);
  });

  it('requires the original language to be present, and valid language codes', () => {
    const v = raw();
    v.horizon = { original: 'fr', text: { en: 'x' } };
    v.title = { original: 'en', text: { EN: 'x', en: 'y' } };
    expect(issuePaths(v)).toEqual(expect.arrayContaining(['horizon.original', 'title.text.EN']));
  });

  it('refuses unknown fields (a misspelling is never dropped silently), including __proto__', () => {
    const v = JSON.parse('{"__proto__": {"polluted": true}}');
    Object.assign(v, raw());
    v.principles[0].severty = 'review';
    const paths = Covenant.safeParse(v).error?.issues.map((i) => (i.code === 'unrecognized_keys' ? `${renderPath(i.path)}:${i.keys}` : ''));
    expect(paths).toEqual(expect.arrayContaining(['principles[0]:severty', ':__proto__']));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('bounds strings', () => {
    const v = raw();
    v.principles[0].title = en('x'.repeat(LIMITS.shortText + 1));
    v.horizon = en('y'.repeat(LIMITS.longText + 1));
    expect(issuePaths(v)).toEqual(['horizon.text.en', 'principles[0].title.text.en']);
  });

  it('bounds arrays, and reports an over-long list once without reading its items', () => {
    const v = raw();
    v.principles = Array.from({ length: LIMITS.principles + 1 }, (_, i) => ({ ...v.principles[1], id: `p-${i}`, title: 7 }));
    v.exit.benchmarks = Array.from({ length: LIMITS.benchmarks + 1 }, () => v.exit.benchmarks[0]);
    expect(issuePaths(v)).toEqual(['principles', 'exit.benchmarks']);
  });

  it('refuses control characters, multi-line titles and lone surrogates', () => {
    const v = raw();
    v.principles[0].title = en('two\nlines');
    v.principles[1].description = en('bell\u0007');
    v.horizon = en('half a pair \ud800');
    v.indicators[0].description = en('tabs\tand\nnewlines are fine');
    expect(issuePaths(v).sort()).toEqual(['horizon.text.en', 'principles[0].title.text.en', 'principles[1].description.text.en']);
  });

  it('needs either a level or a change over a window in a threshold, not both', () => {
    const v = raw();
    v.principles[0].tests[0].threshold = { comparison: '>' };
    v.principles[0].tests[1].threshold = { comparison: '>', value: '1', changeOverWindow: { percent: '10', cycles: 1 } };
    expect(issuePaths(v)).toEqual(['principles[0].tests[0].threshold', 'principles[0].tests[1].threshold']);
  });

  it('lets only an amount indicator be fed by undisclosed transactions', () => {
    const v = raw();
    const fed = v.indicators.findIndex((i: { fedBy?: string }) => i.fedBy === 'undisclosed-transactions');
    expect(v.indicators[fed].kind).toBe('amount');
    v.indicators[0].fedBy = 'undisclosed-transactions';
    v.indicators[1].fedBy = 'rumours';
    expect(issuePaths(v)).toEqual(['indicators[0].fedBy', 'indicators[1].fedBy']);
  });

  it('checks references in the full schema but not in the shape', () => {
    const v = raw();
    v.principles[0].tests[0].indicator = 'nowhere';
    v.indicators[1].id = v.indicators[0].id;
    v.mirroring[0].party = 'stranger';
    expect(CovenantShape.safeParse(v).success).toBe(true);
    expect(issuePaths(v).sort()).toEqual(['indicators[1].id', 'mirroring[0].party', 'principles[0].tests[0].indicator', 'principles[0].tests[1].indicator'].sort());
  });

  it('keeps quotas within the triad and rotating reviewers below the number of parties', () => {
    const v = raw();
    v.audit.quotas = [{ role: 'officeholder', max: 4 }];
    v.audit.assignment = { kind: 'rotating', reviewers: 3 };
    expect(issuePaths(v)).toEqual(['audit.quotas[0].max', 'audit.assignment.reviewers']);
  });
});

import { describe, expect, it } from 'vitest';
import { diffCovenants, formatCovenant, textDiff, type Covenant } from '../../../src/domain/covenant/index.js';
import { edited, template } from './helpers.js';

function reversedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversedKeys);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversedKeys(x)]));
}

describe('diffCovenants', () => {
  it('finds nothing between equal covenants, whatever their key order', () => {
    expect(diffCovenants(template(), template())).toEqual([]);
    expect(diffCovenants(template(), reversedKeys(template()) as Covenant)).toEqual([]);
  });

  it('reports a threshold change as old → new: 5 → 3', () => {
    const a = edited((c) => void (c.principles[1]!.tests[0]!.threshold!.value = '5'));
    const b = edited((c) => void (c.principles[1]!.tests[0]!.threshold!.value = '3'));
    expect(diffCovenants(a, b)).toEqual([
      {
        kind: 'threshold-changed',
        principle: 'no-concentration-of-power',
        indicator: 'executive-authority-holders',
        from: '5',
        to: '3',
        summary: 'executive-authority-holders: 5 → 3 (principle no-concentration-of-power)',
      },
    ]);
  });

  it('shows the whole rule when the comparison changes, and window changes by their percent', () => {
    const b = edited((c) => {
      c.principles[1]!.tests[0]!.threshold!.comparison = '<=';
      c.principles[1]!.tests[1]!.threshold!.changeOverWindow = { percent: '-30', cycles: 3 };
    });
    expect(diffCovenants(template(), b).map((x) => x.summary)).toEqual([
      'executive-authority-holders: < 3 → <= 3 (principle no-concentration-of-power)',
      'executive-authority-holders: -40% over 2 cycles → -30% over 3 cycles (principle no-concentration-of-power)',
    ]);
  });

  it('reports principles added and removed', () => {
    const b = edited((c) => {
      const removed = c.principles.splice(3, 1)[0]!;
      c.principles.push({ ...removed, id: 'no-discrimination-v2' });
    });
    expect(diffCovenants(template(), b)).toEqual([
      { kind: 'principle-removed', principle: 'no-discrimination', summary: 'principle removed: no-discrimination' },
      { kind: 'principle-added', principle: 'no-discrimination-v2', summary: 'principle added: no-discrimination-v2' },
    ]);
  });

  it('reports tests added and removed, severity and wording changes within a principle', () => {
    const b = edited((c) => {
      const p = c.principles[4]!;
      p.tests[0]!.severity = 'red-line';
      p.tests.push({ indicator: 'discrimination-allegations', threshold: { comparison: '>', value: '2' }, severity: 'review' });
      c.principles[0]!.tests.splice(1, 1);
      c.principles[2]!.title.text.es = 'Cuentas claras';
    });
    expect(diffCovenants(template(), b)).toEqual([
      {
        kind: 'test-removed',
        principle: 'pluralism-internal-democracy',
        indicator: 'members-sanctioned-for-dissent',
        test: 'members-sanctioned-for-dissent > 0 → review',
        summary: 'principle pluralism-internal-democracy: test removed: members-sanctioned-for-dissent > 0 → review',
      },
      { kind: 'principle-changed', principle: 'funding-transparency', fields: ['title'], summary: 'principle funding-transparency: title changed' },
      {
        kind: 'severity-changed',
        principle: 'limits-on-violence',
        indicator: 'abuse-allegations',
        from: 'review',
        to: 'red-line',
        summary: 'abuse-allegations: review → red-line (principle limits-on-violence)',
      },
      {
        kind: 'test-added',
        principle: 'limits-on-violence',
        indicator: 'discrimination-allegations',
        test: 'discrimination-allegations > 2 → review',
        summary: 'principle limits-on-violence: test added: discrimination-allegations > 2 → review',
      },
    ]);
  });

  it('reports parties joining and leaving', () => {
    const b = edited((c) => {
      c.parties = [c.parties[0]!, c.parties[2]!, 'west-coop'];
      c.mirroring = c.parties.map((party) => ({ party, pledge: c.mirroring[0]!.pledge }));
    });
    expect(diffCovenants(template(), b)).toEqual([
      { kind: 'parties-joined', parties: ['west-coop'], summary: 'joined: west-coop' },
      { kind: 'parties-left', parties: ['south-collective'], summary: 'left: south-collective' },
      { kind: 'section-changed', section: 'mirroring', fields: ['south-collective', 'west-coop'], summary: 'mirroring pledges changed: south-collective, west-coop' },
    ]);
  });

  it('reports indicators added, removed and changed', () => {
    const b = edited((c) => {
      c.indicators[4]!.currency = 'USD';
      c.indicators.push({ ...c.indicators[0]!, id: 'days-since-congress' });
      c.indicators.splice(0, 1);
      c.principles[0]!.tests[0]!.indicator = 'days-since-congress';
      c.exit.benchmarks[0]!.indicator = 'days-since-congress';
    });
    expect(diffCovenants(template(), b).map((x) => x.summary)).toEqual([
      'principle pluralism-internal-democracy: test removed: days-since-assembly > 365 → review',
      'principle pluralism-internal-democracy: test added: days-since-congress > 365 → review',
      'indicator removed: days-since-assembly',
      'indicator largest-undisclosed-transaction: currency EUR → USD',
      'indicator added: days-since-congress',
      'exit: benchmarks changed',
    ]);
  });

  it('reports exit, audit and renewal changes by field', () => {
    const b = edited((c) => {
      c.exit.correctiveWindowDays = 30;
      c.exit.reallocation.toLeadership.stop.push('equipment');
      c.audit.rhythm = 'quarterly';
      c.audit.assignment = { kind: 'rotating', reviewers: 1 };
      c.renewal = { every: 1, unit: 'years' };
    });
    expect(diffCovenants(template(), b)).toEqual([
      { kind: 'section-changed', section: 'audit', fields: ['rhythm', 'assignment.kind', 'assignment.reviewers'], summary: 'audit: rhythm lunar → quarterly, assignment.kind all-to-all → rotating, assignment.reviewers changed' },
      { kind: 'section-changed', section: 'exit', fields: ['correctiveWindowDays', 'reallocation.toLeadership.stop'], summary: 'exit: correctiveWindowDays 60 → 30, reallocation.toLeadership.stop changed' },
      { kind: 'section-changed', section: 'renewal', fields: ['every', 'unit'], summary: 'renewal: every 13 → 1, unit moons → years' },
    ]);
  });
});

describe('textDiff', () => {
  const a = template();
  const b = edited((c) => void (c.principles[0]!.tests[0]!.threshold!.value = '180'));

  it('is a unified diff of the Markdown renderings, with - and + lines', () => {
    const d = textDiff(a, b, 'en', { from: 'v1', to: 'v2' });
    expect(d.startsWith('--- v1\n+++ v2\n@@ ')).toBe(true);
    const changed = d.split('\n').slice(2).filter((l) => /^[-+]/.test(l));
    expect(changed).toEqual([
      '-- Days since the last internal election or general assembly `days-since-assembly` > 365 days — review',
      '+- Days since the last internal election or general assembly `days-since-assembly` > 180 days — review',
    ]);
  });

  it('renders in the asked language', () => {
    const changed = textDiff(a, b, 'ar')
      .split('\n')
      .slice(2)
      .filter((l) => /^[-+]/.test(l));
    expect(changed).toEqual([
      '-- الأيام المنقضية منذ آخر انتخابات داخلية أو جمعية عامة `days-since-assembly` > 365 يومًا — مراجعة',
      '+- الأيام المنقضية منذ آخر انتخابات داخلية أو جمعية عامة `days-since-assembly` > 180 يومًا — مراجعة',
    ]);
  });

  it('diffs two texts too (e.g. the YAML), and is empty when nothing changed', () => {
    const d = textDiff(formatCovenant(a, 'yaml'), formatCovenant(b, 'yaml'), { from: 'v1', to: 'v2' });
    expect(d.split('\n').filter((l) => /^[-+] /.test(l))).toEqual(['-          value: "365"', '+          value: "180"']);
    expect(textDiff(a, a)).toBe('');
  });
});

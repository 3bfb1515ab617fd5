import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  covenantHtmlFragment,
  covenantMarkdown,
  formatCovenant,
  formatProblem,
  MAX_COVENANT_CHARS,
  MAX_PROBLEMS,
  parseCovenant,
  validateCovenant,
  type Covenant,
  type Problem,
} from '../../../src/domain/covenant/index.js';
import { edited, template } from './helpers.js';

/** 1-based line of the first occurrence of `needle` (the test's own account of where it put a fault). */
function lineOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`test setup: '${needle}' not in the text`);
  return text.slice(0, i).split('\n').length;
}

function problems(text: string, format: 'yaml' | 'json'): Problem[] {
  const r = parseCovenant(text, format);
  if (r.ok) throw new Error('expected problems, got a covenant');
  return r.problems;
}

const brief = (ps: Problem[]) => ps.map((p) => ({ path: p.path, line: p.line }));

describe('parseCovenant: every problem, with path, reason and line', () => {
  it('lists shape, reference and duplicate problems of one YAML file together, in file order', () => {
    const yaml = formatCovenant(template(), 'yaml');
    const broken = yaml
      .replace('indicator: abuse-allegations', 'indicator: abuse-alegations')
      .replace('- id: members-sanctioned-for-dissent', '- id: days-since-assembly')
      .replace('rhythm: lunar', 'rhythm: weekly')
      .replace('severity: red-line', 'severty: red-line');
    const ps = problems(broken, 'yaml');
    expect(brief(ps)).toEqual([
      { path: 'indicators[1].id', line: lineOf(broken, '- id: days-since-assembly\n    name:\n      original: en\n      text:\n        en: Members') },
      { path: 'principles[0].tests[1].indicator', line: lineOf(broken, 'indicator: members-sanctioned-for-dissent') },
      { path: 'principles[0].tests[2].severity', line: lineOf(broken, 'indicator: former-comrades-imprisoned') },
      { path: 'principles[0].tests[2].severty', line: lineOf(broken, 'severty') },
      { path: 'principles[4].tests[0].indicator', line: lineOf(broken, 'abuse-alegations') },
      { path: 'audit.rhythm', line: lineOf(broken, 'rhythm: weekly') },
    ]);
    const reasons = ps.map((p) => p.reason);
    expect(reasons[0]).toMatch(/duplicate indicator id 'days-since-assembly' \(first at indicators\[0\]\)/);
    expect(reasons[1]).toMatch(/unknown indicator 'members-sanctioned-for-dissent'/);
    expect(reasons[2]).toBe('missing: this field is required (one of: review, red-line)');
    expect(reasons[3]).toMatch(/unknown field 'severty': did you mean 'severity'\?/);
    expect(reasons[4]).toMatch(/unknown indicator 'abuse-alegations': define it under indicators/);
    expect(reasons[5]).toBe('expected one of: lunar, quarterly');
  });

  it('places a YAML syntax error at its line', () => {
    const text = 'format: daylight-covenant/1\nparties: [north, south\nhorizon: x\n';
    const ps = problems(text, 'yaml');
    expect(ps.length).toBeGreaterThan(0);
    expect(ps[0]).toMatchObject({ path: '', line: 3, column: 1 });
    expect(ps[0]?.reason).toMatch(/flow sequence/i);
  });

  it('places a JSON syntax error at its line and column without echoing the input', () => {
    const text = '{\n  "format": "daylight-covenant/1",\n  "horizon": }\n';
    expect(problems(text, 'json')).toEqual([{ path: '', reason: "expected a value, found '}'", line: 3, column: 14 }]);
    expect(problems('{"a": 1,}', 'json')[0]?.reason).toBe("trailing comma before '}'");
    expect(problems('{"a": "line\nbreak"}', 'json')[0]).toMatchObject({ line: 1, column: 12 });
    expect(problems('[1] [2]', 'json')[0]?.reason).toMatch(/after the top-level value/);
  });

  it('refuses duplicate JSON member names (JSON.parse would keep the last silently) and goes on checking', () => {
    const json = formatCovenant(template(), 'json').replace('"rhythm": "lunar",', '"rhythm": "lunar",\n    "rhythm": "quarterly",');
    const ps = problems(json, 'json');
    expect(ps).toEqual([{ path: '', reason: 'duplicate member name "rhythm": each name may appear once', line: lineOf(json, '"rhythm": "quarterly"'), column: 5 }]);
  });

  it('places JSON schema problems by line too', () => {
    const json = formatCovenant(template(), 'json').replace('"every": 13', '"every": "13"');
    expect(brief(problems(json, 'json'))).toEqual([{ path: 'renewal.every', line: lineOf(json, '"every": "13"') }]);
  });

  it('refuses YAML anchors, aliases and tags (no billion laughs, no custom types)', () => {
    const laughs = ['a: &a ["lol", "lol", "lol"]', 'b: &b [*a, *a, *a]', 'c: &c [*b, *b, *b]', 'd: [*c, *c, *c]', 'e: !!js/function "x"'].join('\n');
    const ps = problems(laughs, 'yaml');
    expect(ps.map((p) => p.reason)).toEqual(
      expect.arrayContaining([
        'anchors (&a) are not allowed in a covenant: remove it',
        'aliases (*a) are not allowed in a covenant: write the value out in full',
        'explicit tags (tag:yaml.org,2002:js/function) are not allowed in a covenant: remove the tag',
      ]),
    );
    expect(ps.every((p) => p.path === '' && typeof p.line === 'number')).toBe(true);
  });

  it('refuses YAML merge keys, duplicate keys and several documents', () => {
    expect(problems('<<: {format: x}\n', 'yaml').map((p) => p.path)).toContain('["<<"]');
    expect(problems('a: 1\na: 2\n', 'yaml')[0]?.reason).toMatch(/unique/);
    expect(problems('a: 1\n---\nb: 2\n', 'yaml')[0]?.reason).toMatch(/multiple documents/);
  });

  it('says what is missing at the top of an almost empty file', () => {
    const ps = problems('format: daylight-covenant/1\n', 'yaml');
    expect(ps.map((p) => p.path)).toEqual(['horizon', 'parties', 'indicators', 'principles', 'tactics', 'audit', 'corrective', 'exit', 'renewal', 'mirroring']);
    expect(ps.every((p) => p.reason.startsWith('missing: this field is required'))).toBe(true);
  });

  it('refuses empty, oversized and non-mapping files with one line each', () => {
    expect(problems('  \n', 'yaml')).toEqual([{ path: '', reason: 'the file is empty: start from the starter template' }]);
    expect(problems('x'.repeat(MAX_COVENANT_CHARS + 1), 'json')[0]?.reason).toMatch(/file too large/);
    expect(problems('[1, 2]', 'json')[0]?.reason).toMatch(/expected a covenant: a mapping/);
    expect(problems('just words', 'yaml')[0]?.reason).toMatch(/expected a covenant/);
  });

  it('accepts a byte order mark', () => {
    expect(parseCovenant(`\uFEFF${formatCovenant(template(), 'json')}`, 'json').ok).toBe(true);
  });

  it('caps the list at MAX_PROBLEMS and says how many more there were', () => {
    const v: Record<string, unknown> = JSON.parse(formatCovenant(template(), 'json'));
    for (let i = 0; i < 150; i++) v[`extra${i}`] = i;
    const ps = problems(JSON.stringify(v), 'json');
    expect(ps).toHaveLength(MAX_PROBLEMS + 1);
    expect(ps[MAX_PROBLEMS]).toEqual({ path: '', reason: '… and 50 more problems' });
  });

  it('formats a problem on one line', () => {
    expect(formatProblem({ path: 'audit.rhythm', reason: 'expected one of: lunar, quarterly', line: 4, column: 3 })).toBe(
      'audit.rhythm (line 4, column 3): expected one of: lunar, quarterly',
    );
    expect(formatProblem({ path: '', reason: 'bad', line: 1, column: 2 })).toBe('line 1, column 2: bad');
    expect(formatProblem({ path: 'x', reason: 'bad' })).toBe('x: bad');
  });

  it('validates an already decoded value the same way, without lines', () => {
    const v = JSON.parse(formatCovenant(template(), 'json'));
    v.principles[0].tests[0].indicator = 'ghost';
    const r = validateCovenant(v);
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.problems).toEqual([{ path: 'principles[0].tests[0].indicator', reason: expect.stringMatching(/unknown indicator 'ghost'/) }]);
    expect(validateCovenant(null).ok).toBe(false);
  });
});

describe('hostile text', () => {
  const hostile = '<script>alert("x")</script> & \'quotes\'';

  it('is accepted as text and never becomes markup when rendered', () => {
    const yaml = formatCovenant(
      edited((c) => {
        c.horizon.text.en = hostile;
        c.principles[0]!.title.text.en = '<img src=x onerror=alert(1)>';
      }),
      'yaml',
    );
    const r = parseCovenant(yaml, 'yaml');
    expect(r.ok).toBe(true);
    const c = (r as { covenant: Covenant }).covenant;
    expect(c.horizon.text.en).toBe(hostile);
    const html = covenantHtmlFragment(c, 'en');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/<script|<img/i);
    const md = covenantMarkdown(c, 'en');
    expect(md).toContain('\\<script>alert("x")\\</script> \\& \'quotes\'');
    expect(md).not.toMatch(/(^|[^\\])<(script|img)/);
  });
});

describe('formatCovenant round-trips', () => {
  it.each(['yaml', 'json'] as const)('the template through %s', (format) => {
    const c = template();
    const r = parseCovenant(formatCovenant(c, format), format);
    expect(r).toEqual({ ok: true, covenant: c });
  });

  // Strings YAML likes to reinterpret, and arbitrary Unicode without control characters.
  const tricky = fc.constantFrom('yes', 'no', 'null', '~', '- item', '# not a comment', 'key: value', '"quoted"', "'single'", ' leading', 'trailing ', '10000.00', '0x1F', '.inf', '@at', '`tick`', '|', '>', '*star', '&amp', '!tag', '%directive', 'ﻻ عربية', 'line\n\nparagraph', 'a\n  indented\n', '\ttab', 'end\n');
  const text = fc.oneof(
    tricky,
    fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }).filter((s) => !/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u.test(s)),
  );

  it.each(['yaml', 'json'] as const)('any text field through %s (property)', (format) => {
    fc.assert(
      fc.property(text, text, (long, short) => {
        fc.pre(!short.includes('\n') && !short.includes('\t'));
        const c = edited((x) => {
          x.horizon.text.es = long;
          x.principles[1]!.title.text.fr = short;
          x.tactics.unacceptable.push({ original: 'ar', text: { ar: long } });
        });
        const r = parseCovenant(formatCovenant(c, format), format);
        expect(r).toEqual({ ok: true, covenant: c });
      }),
      { numRuns: 60 },
    );
  });
});

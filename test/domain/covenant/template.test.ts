import { describe, expect, it } from 'vitest';
import { lintCovenant, starterCovenant, SUPPORTED_LANGUAGES, thresholdText, type Covenant, type Text } from '../../../src/domain/covenant/index.js';
import { PARTIES, template } from './helpers.js';

/** Every multilingual text in a covenant, with its path. */
function texts(v: unknown, path = ''): [string, Text][] {
  if (Array.isArray(v)) return v.flatMap((x, i) => texts(x, `${path}[${i}]`));
  if (typeof v !== 'object' || v === null) return [];
  const o = v as Record<string, unknown>;
  if ('original' in o && 'text' in o) return [[path, o as unknown as Text]];
  return Object.entries(o).flatMap(([k, x]) => texts(x, path ? `${path}.${k}` : k));
}

describe('starterCovenant', () => {
  it("holds the essay's five non-negotiables with their tests", () => {
    const c = template();
    const tests = Object.fromEntries(c.principles.map((p) => [p.id, p.tests.map((t) => `${t.indicator} ${thresholdText(t.threshold!)} ${t.severity}`)]));
    expect(tests).toEqual({
      'pluralism-internal-democracy': [
        'days-since-assembly > 365 review',
        'members-sanctioned-for-dissent > 0 review',
        'former-comrades-imprisoned > 0 red-line',
      ],
      'no-concentration-of-power': ['executive-authority-holders < 3 review', 'executive-authority-holders change over 2 cycles <= -40% review'],
      'funding-transparency': ['largest-undisclosed-transaction > 10000.00 review', 'accounts-published = false review', 'spending-itemized < 0.9 review'],
      'no-discrimination': ['discrimination-allegations > 0 review'],
      'limits-on-violence': ['abuse-allegations > 0 review', 'civilian-abuse-allegations > 0 red-line'],
    });
    expect(c.principles.map((p) => p.title.text.en)).toEqual([
      'Pluralism and internal democracy',
      'No authoritarian concentration of power',
      'Transparency of funding and spending',
      'No discrimination by gender, race or religion',
      'Limits on violence against civilians',
    ]);
  });

  it('has a corrective phase, an exit protocol with window and benchmarks, a separated reallocation plan and a 13-moon renewal', () => {
    const c = template();
    expect(c.corrective).toEqual({ actions: ['independent-investigation', 'facilitated-dialogue'], pauseForms: ['endorsement', 'propaganda-events'] });
    expect(c.exit.correctiveWindowDays).toBe(60);
    expect(c.exit.benchmarks.map((b) => b.id)).toEqual(['assembly-held', 'comrades-released', 'accounts-open', 'investigation-published']);
    expect(c.exit.reallocation.toPeople.continue).toEqual(['humanitarian-aid', 'cultural-exchange', 'grassroots-partnership']);
    expect(c.exit.reallocation.toLeadership.stop).toEqual(['endorsement', 'funds', 'propaganda-events']);
    expect(c.renewal).toEqual({ every: 13, unit: 'moons' });
    expect(c.audit.dimensions?.map((d) => d.id)).toEqual(['decision-making', 'finances', 'dissent', 'tactics', 'external-alliances']);
    expect(c.mirroring.map((m) => m.party)).toEqual(PARTIES);
  });

  it('writes every text in all five languages, English original, each one a translation', () => {
    const all = texts(template());
    expect(all.length).toBeGreaterThan(60);
    for (const [path, t] of all) {
      expect(t.original, path).toBe('en');
      expect(Object.keys(t.text), path).toEqual([...SUPPORTED_LANGUAGES]);
      for (const lang of ['es', 'fr', 'pt', 'ar'] as const) expect(t.text[lang], `${path} ${lang}`).not.toBe(t.text.en);
      expect(t.text.ar, path).toMatch(/\p{Script=Arabic}/u);
      expect(t.text.ar, path).not.toMatch(/[A-Za-z]/);
    }
  });

  it('takes a subset of languages; the original is en when present, else the first', () => {
    const c = starterCovenant({ parties: PARTIES, languages: ['es', 'ar'] });
    for (const [path, t] of texts(c)) {
      expect(t.original, path).toBe('es');
      expect(Object.keys(t.text), path).toEqual(['es', 'ar']);
    }
    expect(lintCovenant(c)).toEqual([]);
  });

  it('takes the currency and the amount of the transaction threshold', () => {
    const c = starterCovenant({ parties: PARTIES, currency: 'USD', amount: '5000.00' });
    const ind = c.indicators.find((i) => i.id === 'largest-undisclosed-transaction');
    expect(ind?.currency).toBe('USD');
    expect(c.principles[2]?.tests[0]?.threshold).toEqual({ comparison: '>', value: '5000.00' });
  });

  it('returns a fresh value each time', () => {
    const a: Covenant = template();
    a.principles[0]!.title.text.en = 'changed';
    expect(template().principles[0]!.title.text.en).toBe('Pluralism and internal democracy');
  });

  it.each([
    [{ parties: ['only-one'] }, /parties: an alliance has at least two parties/],
    [{ parties: ['north', 'North Side'] }, /parties\[1\]: expected an organization slug/],
    [{ parties: ['north', 'north'] }, /duplicate party 'north'/],
    [{ parties: PARTIES, languages: [] }, /languages: give at least one/],
    [{ parties: PARTIES, languages: ['de'] }, /'de' has no template text/],
    [{ parties: PARTIES, currency: 'eur' }, /currency 'eur' is not an ISO 4217 code/],
    [{ parties: PARTIES, amount: '1e5' }, /amount '1e5' is not a non-negative decimal/],
  ])('refuses bad options with one line: %j', (opts, reason) => {
    expect(() => starterCovenant(opts as Parameters<typeof starterCovenant>[0])).toThrow(reason);
    try {
      starterCovenant(opts as Parameters<typeof starterCovenant>[0]);
    } catch (e) {
      expect((e as Error).message).not.toContain('\n');
    }
  });
});

import { describe, expect, it } from 'vitest';
import {
  hasErrors,
  LINT_CODES,
  LINT_MESSAGES,
  lintCovenant,
  starterCovenant,
  SUPPORTED_LANGUAGES,
  vagueWords,
  type Covenant,
  type Finding,
  type SupportedLanguage,
} from '../../../src/domain/covenant/index.js';
import { PARTIES, template } from './helpers.js';

/** The starter covenant written in one language only, changed by `edit`. */
function inOne(lang: SupportedLanguage, edit: (c: Covenant) => void): Covenant {
  const c = structuredClone(starterCovenant({ parties: PARTIES, languages: [lang] }));
  edit(c);
  return c;
}

const brief = (fs: Finding[]) => fs.map((f) => `${f.severity} ${f.code} ${f.path}`);

describe('the starter template', () => {
  it('lints clean in all five languages together', () => {
    expect(lintCovenant(template())).toEqual([]);
  });

  it.each(SUPPORTED_LANGUAGES)('lints clean written only in %s', (lang) => {
    expect(lintCovenant(inOne(lang, () => {}))).toEqual([]);
  });
});

// Index reminders for the template: principles[0] pluralism (tests: days-since-assembly review,
// members-sanctioned-for-dissent review, former-comrades-imprisoned red line); indicators[1] is
// members-sanctioned-for-dissent (count), [4] largest-undisclosed-transaction (amount),
// [5] accounts-published (yes-no), [6] spending-itemized (share); principles[1].tests[1] is the
// change-over-window test; principles[2] funding (tests: amount, yes-no, share).
type Case = [name: string, edit: (c: Covenant) => void, expected: string[]];
const cases: Case[] = [
  ['principle-without-test', (c) => void (c.principles[3]!.tests = []), ['error principle-without-test principles[3].tests', 'warning unused-indicator indicators[7].id']],
  ['test-without-indicator', (c) => void delete c.principles[0]!.tests[0]!.indicator, ['error test-without-indicator principles[0].tests[0].indicator', 'warning unused-indicator indicators[0].id']],
  ['red-line-unmeasured', (c) => void delete c.principles[0]!.tests[2]!.indicator, ['error red-line-unmeasured principles[0].tests[2].indicator', 'warning unused-indicator indicators[2].id']],
  ['threshold-without-number: no threshold', (c) => void delete c.principles[0]!.tests[0]!.threshold, ['error threshold-without-number principles[0].tests[0].threshold']],
  ['threshold-without-number: words', (c) => void (c.principles[0]!.tests[1]!.threshold!.value = 'a few'), ['error threshold-without-number principles[0].tests[1].threshold.value']],
  ['threshold-without-number: boolean for a count', (c) => void (c.principles[0]!.tests[1]!.threshold!.value = true), ['error threshold-without-number principles[0].tests[1].threshold.value']],
  ['threshold-without-number: thousands separator', (c) => void (c.principles[2]!.tests[0]!.threshold!.value = '10,000.00'), ['error threshold-without-number principles[2].tests[0].threshold.value']],
  ['threshold-without-number: percent', (c) => void (c.principles[1]!.tests[1]!.threshold!.changeOverWindow!.percent = 'forty'), ['error threshold-without-number principles[1].tests[1].threshold.changeOverWindow.percent']],
  ['threshold-without-number: amount without currency', (c) => void delete c.indicators[4]!.currency, ['error threshold-without-number indicators[4].currency']],
  ['threshold-without-number: count without unit', (c) => void delete c.indicators[1]!.unit, ['error threshold-without-number indicators[1].unit']],
  ['threshold-kind-mismatch: yes-no value', (c) => void (c.principles[2]!.tests[1]!.threshold!.value = '0'), ['error threshold-kind-mismatch principles[2].tests[1].threshold.value']],
  ['threshold-kind-mismatch: yes-no ordering', (c) => void (c.principles[2]!.tests[1]!.threshold!.comparison = '<'), ['error threshold-kind-mismatch principles[2].tests[1].threshold.comparison']],
  [
    'threshold-kind-mismatch: yes-no window',
    (c) => void (c.principles[2]!.tests[1]!.threshold = { comparison: '<', changeOverWindow: { percent: '-10', cycles: 1 } }),
    ['error threshold-kind-mismatch principles[2].tests[1].threshold.changeOverWindow'],
  ],
  ['threshold-out-of-range: fractional count', (c) => void (c.principles[0]!.tests[1]!.threshold!.value = '0.5'), ['error threshold-out-of-range principles[0].tests[1].threshold.value']],
  ['threshold-out-of-range: share above 1', (c) => void (c.principles[2]!.tests[2]!.threshold!.value = '90'), ['error threshold-out-of-range principles[2].tests[2].threshold.value']],
  ['threshold-out-of-range: negative amount', (c) => void (c.principles[2]!.tests[0]!.threshold!.value = '-1'), ['error threshold-out-of-range principles[2].tests[0].threshold.value']],
  ['threshold-out-of-range: fall beyond 100%', (c) => void (c.principles[1]!.tests[1]!.threshold!.changeOverWindow!.percent = '-140'), ['error threshold-out-of-range principles[1].tests[1].threshold.changeOverWindow.percent']],
  [
    'threshold-without-number: in a benchmark',
    (c) => void (c.exit.benchmarks[0]!.threshold!.value = 'soon'),
    ['error threshold-without-number exit.benchmarks[0].threshold.value'],
  ],
  [
    'unused-indicator',
    (c) => void c.indicators.push({ ...structuredClone(c.indicators[0]!), id: 'never-read' }),
    ['warning unused-indicator indicators[10].id'],
  ],
  ['exit-without-window', (c) => void delete c.exit.correctiveWindowDays, ['error exit-without-window exit.correctiveWindowDays']],
  ['exit-without-benchmarks', (c) => void (c.exit.benchmarks = []), ['error exit-without-benchmarks exit.benchmarks']],
  ['reallocation-not-separated: nothing to the people', (c) => void (c.exit.reallocation.toPeople.continue = []), ['error reallocation-not-separated exit.reallocation.toPeople.continue']],
  ['reallocation-not-separated: nothing stops', (c) => void (c.exit.reallocation.toLeadership.stop = []), ['error reallocation-not-separated exit.reallocation.toLeadership.stop']],
  ['reallocation-not-separated: in both lists', (c) => void c.exit.reallocation.toPeople.continue.push('funds'), ['error reallocation-not-separated exit.reallocation.toPeople.continue[3]']],
  [
    'mirroring-missing',
    (c) => void (c.mirroring = c.mirroring.slice(1)),
    ['warning mirroring-missing parties[0]'],
  ],
];

describe.each(SUPPORTED_LANGUAGES)('lint catches each problem in a covenant written in %s', (lang) => {
  it.each(cases)('%s', (_, edit, expected) => {
    const findings = lintCovenant(inOne(lang, edit));
    expect(brief(findings)).toEqual(expected);
    for (const f of findings) expect(f.message).toBe(LINT_MESSAGES[f.key](f.params));
  });
});

describe('vague words', () => {
  // Each sample: a text and the folded vague words it holds (accents and Arabic marks removed).
  const samples: Record<SupportedLanguage, [string, string[]][]> = {
    en: [
      ['Freedom and Justice', ['freedom', 'justice']],
      ['Democratic dignity, solidarity and fairness', ['democratic', 'dignity', 'solidarity', 'fairness']],
      ['Respect for equality, liberty and peace', ['respect', 'equality', 'liberty', 'peace']],
      ['Internal elections at least once a year', []],
      ['Fairly justified affairs', ['fairly']],
    ],
    es: [
      ['Libertad y justicia', ['libertad', 'justicia']],
      ['Democracia, dignidad y solidaridad', ['democracia', 'dignidad', 'solidaridad']],
      ['Órganos democráticos, igualdad, equidad y respeto', ['democraticos', 'igualdad', 'equidad', 'respeto']],
      ['Sin tildes: democraticos y liberacion', ['democraticos', 'liberacion']],
      ['La paz y la liberación', ['paz', 'liberacion']],
      ['Asambleas internas al menos una vez al año', []],
    ],
    fr: [
      ['Liberté, égalité, fraternité', ['liberte', 'egalite', 'fraternite']],
      ["La justice et la démocratie", ['justice', 'democratie']],
      ["Le respect de l'égalité et de la dignité", ['respect', 'egalite', 'dignite']],
      ['Instances démocratiques, solidarité, équité, paix', ['democratiques', 'solidarite', 'equite', 'paix']],
      ['sans accents : democratie et egalite', ['democratie', 'egalite']],
      ['Élections internes au moins une fois par an', []],
    ],
    pt: [
      ['Liberdade e justiça', ['liberdade', 'justica']],
      ['Democracia, dignidade e solidariedade', ['democracia', 'dignidade', 'solidariedade']],
      ['Instâncias democráticas, igualdade, equidade e respeito', ['democraticas', 'igualdade', 'equidade', 'respeito']],
      ['Paz e libertação', ['paz', 'libertacao']],
      ['sem acentos: justica e libertacao', ['justica', 'libertacao']],
      ['Assembleias internas pelo menos uma vez por ano', []],
    ],
    ar: [
      ['الحرية والعدالة', ['الحرية', 'والعدالة']],
      ['حرية وعدالة وكرامة', ['حرية', 'وعدالة', 'وكرامة']],
      ['الديمقراطية والديموقراطية', ['الديمقراطية', 'والديموقراطية']],
      ['الكرامة والتضامن والمساواة والإنصاف', ['الكرامة', 'والتضامن', 'والمساواة', 'والانصاف']],
      ['النضال من أجل الحرّية بالعدالة وللديمقراطية', ['الحرية', 'بالعدالة', 'وللديمقراطية']],
      ['حريتنا وكرامتنا', ['حريتنا', 'وكرامتنا']],
      ['الحرياتُ', ['الحريات']],
      ['انتخابات داخلية وجمعية عامة مرة في السنة، وسلامة الحرير', []],
    ],
  };

  for (const lang of SUPPORTED_LANGUAGES) {
    it.each(samples[lang])(`${lang}: %s`, (text, words) => {
      expect(vagueWords(text, lang)).toEqual(words);
    });
  }

  const word: Record<SupportedLanguage, string> = { en: 'Freedom', es: 'Libertad', fr: 'Liberté', pt: 'Liberdade', ar: 'الحرية' };
  const sentence: Record<SupportedLanguage, string> = {
    en: 'We stand for justice and dignity.',
    es: 'Defendemos la justicia y la dignidad.',
    fr: 'Nous défendons la justice et la dignité.',
    pt: 'Defendemos a justiça e a dignidade.',
    ar: 'ندافع عن العدالة والكرامة.',
  };

  it.each(SUPPORTED_LANGUAGES)('%s: an unmeasured principle resting on vague words is an error, naming them', (lang) => {
    const c = inOne(lang, (x) => {
      x.principles.push({ id: 'poetry', title: { original: lang, text: { [lang]: word[lang] } }, description: { original: lang, text: { [lang]: sentence[lang] } }, tests: [] });
    });
    const findings = lintCovenant(c);
    expect(brief(findings)).toEqual([
      'error principle-without-test principles[5].tests',
      `error vague-word principles[5].title.text.${lang}`,
      `error vague-word principles[5].description.text.${lang}`,
    ]);
    expect(findings[1]?.message).toMatch(/principle 'poetry'/);
    expect(findings[2]?.params.words).toBe(vagueWords(sentence[lang], lang).map((w) => `"${w}"`).join(', '));
    expect(findings[2]?.params.words).not.toBe('');
  });

  it.each(SUPPORTED_LANGUAGES)('%s: a measured principle whose whole title is vague words gets a warning', (lang) => {
    const c = inOne(lang, (x) => {
      x.principles[0]!.title.text[lang] = { en: 'Freedom and justice', es: 'Libertad y justicia', fr: 'Liberté et justice', pt: 'Liberdade e justiça', ar: 'الحرية والعدالة' }[lang];
    });
    expect(brief(lintCovenant(c))).toEqual([`warning vague-word principles[0].title.text.${lang}`]);
  });

  it('leaves vague words alone where a test pins them down, and outside principles', () => {
    const c = template();
    c.principles[0]!.description!.text.en += ' Freedom, justice and dignity.';
    c.horizon.text.en = 'Freedom, justice, democracy, dignity.';
    expect(lintCovenant(c)).toEqual([]);
  });

  it('flags a benchmark without indicator that rests on a vague word (warning)', () => {
    const c = template();
    c.exit.benchmarks[3]!.text.text.es = 'Se restablece la democracia.';
    expect(brief(lintCovenant(c))).toEqual(['warning vague-word exit.benchmarks[3].text.text.es']);
  });

  it('uses every word list for a language without its own', () => {
    expect(vagueWords('justice, libertad, الحرية', 'de')).toEqual(['justice', 'libertad', 'الحرية']);
    expect(vagueWords('Justicia', 'es-MX')).toEqual(['justicia']);
  });
});

describe('findings', () => {
  it('say where, why and how to fix, and carry their message key for translation', () => {
    const c = template();
    c.principles[3]!.tests = [];
    const [f] = lintCovenant(c);
    expect(f).toEqual({
      severity: 'error',
      code: 'principle-without-test',
      path: 'principles[3].tests',
      key: 'principle-without-test',
      params: { principle: 'no-discrimination' },
      message:
        "Principle 'no-discrimination' has no test that names an indicator, so no audit can tell whether it holds: principles without procedure are poetry. Add a test with an indicator that would show a breach, a threshold and a severity.",
    });
  });

  it('cover every code, and every message key belongs to a code', () => {
    const seen = new Set(cases.flatMap(([, , e]) => e.map((x) => x.split(' ')[1])));
    seen.add('vague-word');
    expect([...seen].sort()).toEqual([...LINT_CODES].sort());
    for (const key of Object.keys(LINT_MESSAGES)) expect(LINT_CODES).toContain(key.split('.')[0]);
  });

  it('hasErrors is true only for errors', () => {
    const c = template();
    c.mirroring = [];
    expect(hasErrors(lintCovenant(c))).toBe(false);
    c.exit.benchmarks = [];
    expect(hasErrors(lintCovenant(c))).toBe(true);
  });
});

/**
 * Words that sound like principles but measure nothing ("Vague commitments to freedom or justice
 * are insufficient"), in every supported language, with their inflections.
 *
 * Matching is on folded tokens: Unicode NFD, combining marks removed (so é→e, ç→c, and Arabic
 * short vowels, shadda and tanween vanish; أ إ آ → ا), tatweel removed, lower-cased, split on
 * anything that is not a letter (French l'égalité → l, egalite). Arabic tokens may carry the
 * conjunctions و/ف, the prepositions ب/ل/ك, the article ال (or ل after ل: للحرية), and a
 * pronoun suffix (حريتنا). Patterns below are written naturally and folded the same way.
 */
import type { SupportedLanguage } from './schema.js';

export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}|\u0640/gu, '').toLowerCase();
}

export function tokens(s: string): string[] {
  return fold(s)
    .split(/[^\p{L}]+/u)
    .filter((t) => t !== '');
}

// Latin-script patterns are written folded already (no accents).
const LATIN: Record<Exclude<SupportedLanguage, 'ar'>, RegExp> = {
  en: /^(?:freedoms?|libert(?:y|ies)|(?:in)?justices?|democra(?:cy|cies|tic|tically)|dignit(?:y|ies)|dignified|solidarity|(?:un)?fair(?:ness|ly)?|respect(?:s|ed|ful|fully|ing)?|equality|equal(?:ly)?|equity|peace(?:ful|fully)?|liberation|emancipat(?:ion|ory))$/,
  es: /^(?:libertad(?:es)?|(?:in)?justicias?|democracias?|democratic[oa]s?|democraticamente|dignidad(?:es)?|dign[oa]s?|solidaridad|solidari[oa]s?|equidad|equitativ[oa]s?|igualdad(?:es)?|igualitari[oa]s?|respet(?:o|os|ar|ad[oa]s?|uos[oa]s?)|paz|liberacion|emancipacion)$/,
  fr: /^(?:libertes?|(?:in)?justices?|democraties?|democratiques?|democratiquement|dignites?|dignes?|solidarites?|solidaires?|equites?|equitables?|egalites?|egalitaires?|respect(?:s|er|ee?s?|ueux|ueuses?)?|paix|liberations?|emancipations?|fraternites?)$/,
  pt: /^(?:liberdades?|(?:in)?justicas?|democracias?|democratic[oa]s?|democraticamente|dignidades?|dign[oa]s?|solidariedades?|solidari[oa]s?|equidades?|equitativ[oa]s?|igualdades?|igualitari[oa]s?|respeit(?:o|os|ar|ad[oa]s?|os[oa]s?)|paz|libertacao|emancipacao)$/,
};

// Arabic stems; those ending in ة also match as ت + pronoun suffix and as plural ات.
const ARABIC_STEMS = [
  'حرية',
  'حريات',
  'عدالة',
  'عدل',
  'ديمقراطية',
  'ديموقراطية',
  'ديمقراطي',
  'ديمقراطيات',
  'كرامة',
  'تضامن',
  'مساواة',
  'إنصاف',
  'احترام',
  'سلام',
  'تحرر',
  'تحرير',
];

const SUFFIX = ['ه', 'ها', 'هم', 'هن', 'نا', 'كم', 'ي'].join('|');

function arabicPattern(): RegExp {
  const alternatives = ARABIC_STEMS.map(fold).map((stem) =>
    stem.endsWith('ة') ? `${stem.slice(0, -1)}(?:ة|ات|ت(?:${SUFFIX}))` : `${stem}(?:${SUFFIX})?`,
  );
  return new RegExp(`^(?:[وف])?(?:[بلك])?(?:ال|ل)?(?:${alternatives.join('|')})$`, 'u');
}
const ARABIC = arabicPattern();

const PATTERNS: Record<SupportedLanguage, RegExp> = { ...LATIN, ar: ARABIC };

/** Short words a title may hold around its vague words ("Freedom and justice" is all vague). */
const STOPWORDS = new Set(
  [
    'and', 'or', 'the', 'of', 'for', 'a', 'an', 'to', 'with', 'our', 'all',
    'y', 'e', 'o', 'u', 'la', 'el', 'los', 'las', 'de', 'del', 'para', 'con', 'nuestra', 'nuestro', 'todos', 'todas',
    'et', 'ou', 'le', 'les', 'l', 'des', 'du', 'd', 'pour', 'avec', 'notre', 'nos', 'tous', 'toutes',
    'as', 'os', 'da', 'do', 'das', 'dos', 'com', 'nossa', 'nosso',
    'و', 'في', 'من', 'على', 'مع', 'لل', 'ال',
  ].map(fold),
);

function patternsFor(lang: string): RegExp[] {
  const primary = lang.split('-')[0] as SupportedLanguage;
  const own = PATTERNS[primary];
  return own !== undefined ? [own] : Object.values(PATTERNS);
}

/** The vague words in a text (as written, folded), in order of appearance, each once. */
export function vagueWords(text: string, lang: string): string[] {
  const patterns = patternsFor(lang);
  const found = tokens(text).filter((t) => patterns.some((p) => p.test(t)));
  return [...new Set(found)];
}

/** True when the text is nothing but vague words and small connecting words. */
export function onlyVague(text: string, lang: string): boolean {
  const patterns = patternsFor(lang);
  const ts = tokens(text);
  const vague = ts.filter((t) => patterns.some((p) => p.test(t)));
  return vague.length > 0 && ts.every((t) => STOPWORDS.has(t) || patterns.some((p) => p.test(t)));
}

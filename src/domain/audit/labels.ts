/**
 * The fixed words of a published scorecard (issue 4 §4) in en, es, fr, ar, pt: headings, the
 * ordinal scale's labels (0 breach, 1 serious concern, 2 concern, 3 meets, 4 exemplary) and the
 * sentences of the "recent changes" narrative. User text — notes, dimension titles written in a
 * covenant — is never here. Placeholders are `{name}`, filled by `fill`; a missing value is a bug.
 *
 * Arabic labels are written without short vowels (harakat): Typst's PDFs extract voweled Arabic
 * with duplicated marks (typst/typst#8767, pinned in test/render/document.test.ts), and plain
 * letters read the same to anyone who reads Arabic.
 */
import type { SupportedLanguage } from '../covenant/schema.js';
import { DIMENSIONS } from '../covenant/template-text.js';

export type Score = 0 | 1 | 2 | 3 | 4;

export interface ScorecardLabels {
  /** "{reviewer} on {reviewee}, {cycle}" */
  title: string;
  scorecard: string;
  /** "lunation {n}" */
  lunation: string;
  /** "{year}, quarter {q}" */
  quarter: string;
  alliance: string;
  period: string;
  reviewer: string;
  reviewee: string;
  triad: string;
  raters: string;
  scale: string;
  /** indexed by score 0..4 */
  scores: readonly [string, string, string, string, string];
  summary: string;
  dimension: string;
  median: string;
  range: string;
  previous: string;
  agreement: string;
  alphaUndefined: string;
  recentChanges: string;
  /** "{reviewee}" */
  noPrevious: string;
  /** each: "{dimension}", "{to}", "{label}", "{from}", "{cycle}" */
  changeUp: string;
  changeDown: string;
  changeSame: string;
  changeNew: string;
  indicators: string;
  noIndicators: string;
  tripped: string;
  withinThreshold: string;
  notes: string;
  noNote: string;
  /** list separator */
  comma: string;
}

const en: ScorecardLabels = {
  title: '{reviewer} on {reviewee}, {cycle}',
  scorecard: 'Scorecard',
  lunation: 'lunation {n}',
  quarter: '{year}, quarter {q}',
  alliance: 'Alliance',
  period: 'Period',
  reviewer: 'Reviewing party',
  reviewee: 'Reviewed party',
  triad: 'Triad, drawn by public lot',
  raters: 'Raters',
  scale: 'Scale',
  scores: ['breach', 'serious concern', 'concern', 'meets', 'exemplary'],
  summary: 'Scores',
  dimension: 'Dimension',
  median: 'Median',
  range: 'Range',
  previous: 'Previous',
  agreement: 'Agreement among raters (Krippendorff’s alpha, ordinal)',
  alphaUndefined: 'not defined: too few ratings, or no variation among them',
  recentChanges: 'Recent changes',
  noPrevious: 'No earlier scorecard of {reviewee} to compare with.',
  changeUp: '{dimension}: median {to} ({label}), up from {from} in {cycle}.',
  changeDown: '{dimension}: median {to} ({label}), down from {from} in {cycle}.',
  changeSame: '{dimension}: median {to} ({label}), unchanged since {cycle}.',
  changeNew: '{dimension}: median {to} ({label}), not scored in {cycle}.',
  indicators: 'Indicator readings against their thresholds',
  noIndicators: 'No indicator readings for this period yet.',
  tripped: 'threshold crossed',
  withinThreshold: 'within threshold',
  notes: 'Notes by dimension',
  noNote: 'no note',
  comma: ', ',
};

const es: ScorecardLabels = {
  title: '{reviewer} sobre {reviewee}, {cycle}',
  scorecard: 'Evaluación',
  lunation: 'lunación {n}',
  quarter: '{year}, trimestre {q}',
  alliance: 'Alianza',
  period: 'Periodo',
  reviewer: 'Parte evaluadora',
  reviewee: 'Parte evaluada',
  triad: 'Tríada, sorteada en público',
  raters: 'Personas evaluadoras',
  scale: 'Escala',
  scores: ['infracción', 'preocupación grave', 'preocupación', 'cumple', 'ejemplar'],
  summary: 'Puntuaciones',
  dimension: 'Dimensión',
  median: 'Mediana',
  range: 'Rango',
  previous: 'Anterior',
  agreement: 'Acuerdo entre evaluadores (alfa de Krippendorff, ordinal)',
  alphaUndefined: 'no definido: muy pocas puntuaciones, o ninguna variación entre ellas',
  recentChanges: 'Cambios recientes',
  noPrevious: 'No hay una evaluación anterior de {reviewee} con la que comparar.',
  changeUp: '{dimension}: mediana {to} ({label}), sube desde {from} en {cycle}.',
  changeDown: '{dimension}: mediana {to} ({label}), baja desde {from} en {cycle}.',
  changeSame: '{dimension}: mediana {to} ({label}), sin cambios desde {cycle}.',
  changeNew: '{dimension}: mediana {to} ({label}), sin puntuación en {cycle}.',
  indicators: 'Lecturas de los indicadores frente a sus umbrales',
  noIndicators: 'Aún no hay lecturas de indicadores para este periodo.',
  tripped: 'umbral superado',
  withinThreshold: 'dentro del umbral',
  notes: 'Notas por dimensión',
  noNote: 'sin nota',
  comma: ', ',
};

const fr: ScorecardLabels = {
  title: '{reviewer} sur {reviewee}, {cycle}',
  scorecard: 'Fiche d’évaluation',
  lunation: 'lunaison {n}',
  quarter: '{year}, trimestre {q}',
  alliance: 'Alliance',
  period: 'Période',
  reviewer: 'Partie évaluatrice',
  reviewee: 'Partie évaluée',
  triad: 'Triade, tirée au sort en public',
  raters: 'Personnes évaluatrices',
  scale: 'Échelle',
  scores: ['manquement', 'préoccupation grave', 'préoccupation', 'conforme', 'exemplaire'],
  summary: 'Notes',
  dimension: 'Dimension',
  median: 'Médiane',
  range: 'Étendue',
  previous: 'Précédente',
  agreement: 'Accord entre les évaluations (alpha de Krippendorff, ordinal)',
  alphaUndefined: 'non défini : trop peu de notes, ou aucune variation entre elles',
  recentChanges: 'Changements récents',
  noPrevious: 'Aucune fiche antérieure de {reviewee} à laquelle comparer.',
  changeUp: '{dimension} : médiane {to} ({label}), en hausse par rapport à {from} ({cycle}).',
  changeDown: '{dimension} : médiane {to} ({label}), en baisse par rapport à {from} ({cycle}).',
  changeSame: '{dimension} : médiane {to} ({label}), inchangée depuis {cycle}.',
  changeNew: '{dimension} : médiane {to} ({label}), non notée lors de {cycle}.',
  indicators: 'Relevés des indicateurs au regard de leurs seuils',
  noIndicators: 'Aucun relevé d’indicateur pour cette période pour l’instant.',
  tripped: 'seuil franchi',
  withinThreshold: 'seuil non franchi',
  notes: 'Commentaires par dimension',
  noNote: 'sans commentaire',
  comma: ', ',
};

const pt: ScorecardLabels = {
  title: '{reviewer} sobre {reviewee}, {cycle}',
  scorecard: 'Avaliação',
  lunation: 'lunação {n}',
  quarter: '{year}, trimestre {q}',
  alliance: 'Aliança',
  period: 'Período',
  reviewer: 'Parte avaliadora',
  reviewee: 'Parte avaliada',
  triad: 'Tríade, sorteada em público',
  raters: 'Pessoas avaliadoras',
  scale: 'Escala',
  scores: ['violação', 'preocupação grave', 'preocupação', 'cumpre', 'exemplar'],
  summary: 'Pontuações',
  dimension: 'Dimensão',
  median: 'Mediana',
  range: 'Intervalo',
  previous: 'Anterior',
  agreement: 'Concordância entre avaliadores (alfa de Krippendorff, ordinal)',
  alphaUndefined: 'não definido: poucas pontuações, ou nenhuma variação entre elas',
  recentChanges: 'Mudanças recentes',
  noPrevious: 'Não há avaliação anterior de {reviewee} para comparar.',
  changeUp: '{dimension}: mediana {to} ({label}), subiu de {from} em {cycle}.',
  changeDown: '{dimension}: mediana {to} ({label}), desceu de {from} em {cycle}.',
  changeSame: '{dimension}: mediana {to} ({label}), sem mudança desde {cycle}.',
  changeNew: '{dimension}: mediana {to} ({label}), sem pontuação em {cycle}.',
  indicators: 'Leituras dos indicadores em relação aos seus limiares',
  noIndicators: 'Ainda não há leituras de indicadores para este período.',
  tripped: 'limiar ultrapassado',
  withinThreshold: 'dentro do limiar',
  notes: 'Notas por dimensão',
  noNote: 'sem nota',
  comma: ', ',
};

const ar: ScorecardLabels = {
  title: 'تقييم {reviewer} لـ {reviewee}، {cycle}',
  scorecard: 'بطاقة التقييم',
  lunation: 'الدورة القمرية {n}',
  quarter: '{year}، الربع {q}',
  alliance: 'التحالف',
  period: 'الفترة',
  reviewer: 'الطرف المقيم',
  reviewee: 'الطرف الخاضع للتقييم',
  triad: 'الثلاثي المختار بالقرعة العلنية',
  raters: 'المقيمون',
  scale: 'المقياس',
  scores: ['إخلال', 'قلق بالغ', 'قلق', 'يفي بالمطلوب', 'نموذجي'],
  summary: 'الدرجات',
  dimension: 'المحور',
  median: 'الوسيط',
  range: 'المدى',
  previous: 'السابق',
  agreement: 'الاتفاق بين المقيمين (ألفا كريبندورف، ترتيبي)',
  alphaUndefined: 'غير معرف: التقييمات قليلة جدا أو لا تباين بينها',
  recentChanges: 'التغييرات الأخيرة',
  noPrevious: 'لا توجد بطاقة تقييم سابقة لـ {reviewee} للمقارنة بها.',
  changeUp: '{dimension}: الوسيط {to} ({label})، وكان {from} في {cycle}، أي تحسن.',
  changeDown: '{dimension}: الوسيط {to} ({label})، وكان {from} في {cycle}، أي تراجع.',
  changeSame: '{dimension}: الوسيط {to} ({label})، دون تغيير منذ {cycle}.',
  changeNew: '{dimension}: الوسيط {to} ({label})، ولم يقيم في {cycle}.',
  indicators: 'قراءات المؤشرات مقارنة بعتباتها',
  noIndicators: 'لا توجد قراءات للمؤشرات لهذه الفترة بعد.',
  tripped: 'تجاوز العتبة',
  withinThreshold: 'ضمن العتبة',
  notes: 'الملاحظات حسب المحور',
  noNote: 'بلا ملاحظة',
  comma: '، ',
};

export const SCORECARD_LABELS: Readonly<Record<SupportedLanguage, ScorecardLabels>> = { en, es, fr, ar, pt };

/** The language's labels by primary subtag; English for languages without labels. */
export function scorecardLabels(lang: string): { labels: ScorecardLabels; lang: SupportedLanguage } {
  const primary = lang.split('-')[0] as SupportedLanguage;
  return Object.hasOwn(SCORECARD_LABELS, primary) ? { labels: SCORECARD_LABELS[primary], lang: primary } : { labels: en, lang: 'en' };
}

/** The five dimensions' titles from the essay, for covenants that do not name their own. */
export function defaultDimensionTitle(id: string, lang: SupportedLanguage): string | undefined {
  return Object.hasOwn(DIMENSIONS, id) ? DIMENSIONS[id]![lang] : undefined;
}

/** Replaces every `{name}`; a placeholder without a value is a bug in a label or its caller. */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{([a-zA-Z]+)\}/g, (_, name: string) => {
    if (!Object.hasOwn(values, name)) throw new Error(`label placeholder {${name}} has no value`);
    return String(values[name]);
  });
}

/** "lunation 1250" / "2024, quarter 1" in the language. */
export function cycleName(rhythm: 'lunar' | 'quarterly', n: number, labels: ScorecardLabels): string {
  if (rhythm === 'lunar') return fill(labels.lunation, { n });
  const year = Math.floor(n / 4);
  return fill(labels.quarter, { year, q: n - year * 4 + 1 });
}

/**
 * The fixed words of a rendered covenant (headings, enumerations, units) in en, es, fr, ar, pt.
 * User text comes from the covenant itself; only these labels are ours. Units agree in number
 * with Intl.PluralRules categories (Arabic has six: zero, one, two, few, many, other).
 */
import type { CorrectiveAction, IndicatorKind, Severity, SupportedLanguage, SupportForm } from './schema.js';

export type UnitName = 'days' | 'moons' | 'months' | 'years' | 'cycles';
type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

export interface Labels {
  /** list separator */
  comma: string;
  covenant: string;
  parties: string;
  horizon: string;
  principles: string;
  indicators: string;
  tactics: string;
  acceptable: string;
  unacceptable: string;
  audit: string;
  corrective: string;
  exit: string;
  renewal: string;
  mirroring: string;
  noTests: string;
  unmeasured: string;
  noThreshold: string;
  severity: Record<Severity, string>;
  kind: Record<IndicatorKind, string>;
  yes: string;
  no: string;
  changeOver: string;
  rhythm: { lunar: string; quarterly: string };
  triadSize: string;
  officeholders: string;
  assignment: string;
  allToAll: string;
  rotating: string;
  feedback: string;
  feedbackOpen: string;
  feedbackClosed: string;
  dimensions: string;
  actions: string;
  paused: string;
  none: string;
  action: Record<CorrectiveAction, string>;
  form: Record<SupportForm, string>;
  warning: string;
  window: string;
  notSet: string;
  benchmarks: string;
  decision: string;
  rule: { unanimous: string; majority: string; 'consent-by-silence': string };
  redLine: string;
  redLineImmediate: string;
  redLineWindow: string;
  reallocation: string;
  toPeople: string;
  toLeadership: string;
  moveTo: string;
  cadence: string;
  units: Record<UnitName, Plural>;
}

const en: Labels = {
  comma: ', ',
  covenant: 'Solidarity covenant',
  parties: 'Parties',
  horizon: 'Horizon',
  principles: 'Non-negotiables',
  indicators: 'Indicators',
  tactics: 'Tactics',
  acceptable: 'Acceptable',
  unacceptable: 'Unacceptable',
  audit: 'Audit',
  corrective: 'Corrective phase',
  exit: 'Exit protocol',
  renewal: 'Renewal',
  mirroring: 'Mirroring risk at home',
  noTests: 'No tests yet',
  unmeasured: 'no indicator',
  noThreshold: 'no threshold',
  severity: { review: 'review', 'red-line': 'red line' },
  kind: { count: 'count', 'yes-no': 'yes or no', 'days-since': 'days since', amount: 'amount', share: 'share (0 to 1)' },
  yes: 'yes',
  no: 'no',
  changeOver: 'change over',
  rhythm: { lunar: 'Every lunar cycle, from new moon to new moon', quarterly: 'Every calendar quarter' },
  triadSize: 'Members per triad',
  officeholders: 'Officeholders per triad, at most',
  assignment: 'Who reviews whom',
  allToAll: 'every party reviews every other party',
  rotating: 'reviewers per party, in rotation',
  feedback: 'Grassroots feedback',
  feedbackOpen: 'open for',
  feedbackClosed: 'closed',
  dimensions: 'Scorecard dimensions',
  actions: 'Actions',
  paused: 'Support paused',
  none: 'none',
  action: {
    'independent-investigation': 'independent investigation',
    'facilitated-dialogue': 'facilitated dialogue',
    mediation: 'mediation',
    'grassroots-hearing': 'grassroots hearing',
    'delegation-visit': 'delegation visit',
  },
  form: {
    funds: 'funds',
    equipment: 'equipment',
    logistics: 'logistics',
    'propaganda-events': 'propaganda events',
    'safe-houses': 'safe houses',
    endorsement: 'endorsement',
    'humanitarian-aid': 'humanitarian aid',
    'cultural-exchange': 'cultural exchange',
    'grassroots-partnership': 'grassroots partnership',
  },
  warning: 'A public warning contains',
  window: 'Corrective window',
  notSet: 'not set',
  benchmarks: 'Restoration benchmarks',
  decision: 'Decision to disengage',
  rule: { unanimous: 'unanimous', majority: 'majority', 'consent-by-silence': 'adopted unless a party objects within' },
  redLine: 'A red line crossed',
  redLineImmediate: 'disengages at once, without a corrective window',
  redLineWindow: 'goes through the corrective window first',
  reallocation: 'Reallocation',
  toPeople: 'To the people, continues',
  toLeadership: 'To the leadership, stops',
  moveTo: 'Resources move to',
  cadence: 'Renewed every',
  units: {
    days: { one: 'day', other: 'days' },
    moons: { one: 'moon', other: 'moons' },
    months: { one: 'month', other: 'months' },
    years: { one: 'year', other: 'years' },
    cycles: { one: 'cycle', other: 'cycles' },
  },
};

const es: Labels = {
  comma: ', ',
  covenant: 'Pacto de solidaridad',
  parties: 'Partes',
  horizon: 'Horizonte',
  principles: 'Principios innegociables',
  indicators: 'Indicadores',
  tactics: 'Tácticas',
  acceptable: 'Aceptables',
  unacceptable: 'Inaceptables',
  audit: 'Auditoría',
  corrective: 'Fase correctiva',
  exit: 'Protocolo de salida',
  renewal: 'Renovación',
  mirroring: 'Asumir riesgos en casa',
  noTests: 'Aún sin pruebas',
  unmeasured: 'sin indicador',
  noThreshold: 'sin umbral',
  severity: { review: 'revisión', 'red-line': 'línea roja' },
  kind: { count: 'recuento', 'yes-no': 'sí o no', 'days-since': 'días desde', amount: 'importe', share: 'proporción (de 0 a 1)' },
  yes: 'sí',
  no: 'no',
  changeOver: 'variación en',
  rhythm: { lunar: 'Cada ciclo lunar, de luna nueva a luna nueva', quarterly: 'Cada trimestre natural' },
  triadSize: 'Miembros por tríada',
  officeholders: 'Cargos por tríada, como máximo',
  assignment: 'Quién revisa a quién',
  allToAll: 'cada parte revisa a todas las demás',
  rotating: 'revisores por parte, por rotación',
  feedback: 'Aportes de las bases',
  feedbackOpen: 'abiertos durante',
  feedbackClosed: 'cerrados',
  dimensions: 'Dimensiones de la evaluación',
  actions: 'Acciones',
  paused: 'Apoyo suspendido',
  none: 'ninguno',
  action: {
    'independent-investigation': 'investigación independiente',
    'facilitated-dialogue': 'diálogo facilitado',
    mediation: 'mediación',
    'grassroots-hearing': 'audiencia con las bases',
    'delegation-visit': 'visita de una delegación',
  },
  form: {
    funds: 'fondos',
    equipment: 'equipamiento',
    logistics: 'logística',
    'propaganda-events': 'actos de propaganda',
    'safe-houses': 'casas seguras',
    endorsement: 'respaldo público',
    'humanitarian-aid': 'ayuda humanitaria',
    'cultural-exchange': 'intercambio cultural',
    'grassroots-partnership': 'alianzas con las bases',
  },
  warning: 'Un aviso público contiene',
  window: 'Plazo de corrección',
  notSet: 'sin definir',
  benchmarks: 'Criterios de restablecimiento',
  decision: 'Decisión de desvinculación',
  rule: { unanimous: 'por unanimidad', majority: 'por mayoría', 'consent-by-silence': 'adoptada salvo objeción de una parte en' },
  redLine: 'Una línea roja cruzada',
  redLineImmediate: 'desvincula de inmediato, sin ventana correctiva',
  redLineWindow: 'pasa primero por el plazo de corrección',
  reallocation: 'Reasignación',
  toPeople: 'Al pueblo, continúa',
  toLeadership: 'A la dirección, se detiene',
  moveTo: 'Los recursos pasan a',
  cadence: 'Periodicidad',
  units: {
    days: { one: 'día', other: 'días' },
    moons: { one: 'luna', other: 'lunas' },
    months: { one: 'mes', other: 'meses' },
    years: { one: 'año', other: 'años' },
    cycles: { one: 'ciclo', other: 'ciclos' },
  },
};

const fr: Labels = {
  comma: ', ',
  covenant: 'Pacte de solidarité',
  parties: 'Parties',
  horizon: 'Horizon',
  principles: 'Principes non négociables',
  indicators: 'Indicateurs',
  tactics: 'Tactiques',
  acceptable: 'Acceptables',
  unacceptable: 'Inacceptables',
  audit: 'Audit',
  corrective: 'Phase corrective',
  exit: 'Protocole de sortie',
  renewal: 'Renouvellement',
  mirroring: 'Prendre des risques chez soi',
  noTests: 'Pas encore de test',
  unmeasured: 'sans indicateur',
  noThreshold: 'sans seuil',
  severity: { review: 'examen', 'red-line': 'ligne rouge' },
  kind: { count: 'décompte', 'yes-no': 'oui ou non', 'days-since': 'jours écoulés', amount: 'montant', share: 'part (de 0 à 1)' },
  yes: 'oui',
  no: 'non',
  changeOver: 'variation sur',
  rhythm: { lunar: 'À chaque cycle lunaire, de nouvelle lune à nouvelle lune', quarterly: 'À chaque trimestre civil' },
  triadSize: 'Membres par triade',
  officeholders: 'Responsables par triade, au plus',
  assignment: 'Qui examine qui',
  allToAll: 'chaque partie examine toutes les autres',
  rotating: 'examinateurs par partie, par rotation',
  feedback: 'Retours de la base',
  feedbackOpen: 'ouverts pendant',
  feedbackClosed: 'fermés',
  dimensions: "Dimensions de la fiche d'évaluation",
  actions: 'Actions',
  paused: 'Soutien suspendu',
  none: 'aucun',
  action: {
    'independent-investigation': 'enquête indépendante',
    'facilitated-dialogue': 'dialogue facilité',
    mediation: 'médiation',
    'grassroots-hearing': 'audition de la base',
    'delegation-visit': "visite d'une délégation",
  },
  form: {
    funds: 'fonds',
    equipment: 'équipement',
    logistics: 'logistique',
    'propaganda-events': 'événements de propagande',
    'safe-houses': 'lieux sûrs',
    endorsement: 'soutien public',
    'humanitarian-aid': 'aide humanitaire',
    'cultural-exchange': 'échanges culturels',
    'grassroots-partnership': 'partenariats avec la base',
  },
  warning: 'Un avertissement public contient',
  window: 'Délai de correction',
  notSet: 'non défini',
  benchmarks: 'Critères de rétablissement',
  decision: 'Décision de désengagement',
  rule: { unanimous: "à l'unanimité", majority: 'à la majorité', 'consent-by-silence': "adoptée sauf objection d'une partie sous" },
  redLine: 'Une ligne rouge franchie',
  redLineImmediate: 'entraîne aussitôt le désengagement, sans fenêtre de correction',
  redLineWindow: "passe d'abord par le délai de correction",
  reallocation: 'Réaffectation',
  toPeople: 'Au peuple, continue',
  toLeadership: 'À la direction, cesse',
  moveTo: 'Les ressources vont à',
  cadence: 'Périodicité',
  units: {
    days: { one: 'jour', other: 'jours' },
    moons: { one: 'lune', other: 'lunes' },
    months: { one: 'mois', other: 'mois' },
    years: { one: 'an', other: 'ans' },
    cycles: { one: 'cycle', other: 'cycles' },
  },
};

const pt: Labels = {
  comma: ', ',
  covenant: 'Pacto de solidariedade',
  parties: 'Partes',
  horizon: 'Horizonte',
  principles: 'Princípios inegociáveis',
  indicators: 'Indicadores',
  tactics: 'Táticas',
  acceptable: 'Aceitáveis',
  unacceptable: 'Inaceitáveis',
  audit: 'Auditoria',
  corrective: 'Fase corretiva',
  exit: 'Protocolo de saída',
  renewal: 'Renovação',
  mirroring: 'Assumir riscos em casa',
  noTests: 'Ainda sem testes',
  unmeasured: 'sem indicador',
  noThreshold: 'sem limiar',
  severity: { review: 'revisão', 'red-line': 'linha vermelha' },
  kind: { count: 'contagem', 'yes-no': 'sim ou não', 'days-since': 'dias desde', amount: 'valor', share: 'proporção (de 0 a 1)' },
  yes: 'sim',
  no: 'não',
  changeOver: 'variação em',
  rhythm: { lunar: 'A cada ciclo lunar, de lua nova a lua nova', quarterly: 'A cada trimestre civil' },
  triadSize: 'Membros por tríade',
  officeholders: 'Dirigentes por tríade, no máximo',
  assignment: 'Quem avalia quem',
  allToAll: 'cada parte avalia todas as outras',
  rotating: 'avaliadores por parte, em rodízio',
  feedback: 'Contribuições das bases',
  feedbackOpen: 'abertas durante',
  feedbackClosed: 'fechadas',
  dimensions: 'Dimensões da avaliação',
  actions: 'Ações',
  paused: 'Apoio suspenso',
  none: 'nenhum',
  action: {
    'independent-investigation': 'investigação independente',
    'facilitated-dialogue': 'diálogo facilitado',
    mediation: 'mediação',
    'grassroots-hearing': 'audiência com as bases',
    'delegation-visit': 'visita de uma delegação',
  },
  form: {
    funds: 'recursos financeiros',
    equipment: 'equipamentos',
    logistics: 'logística',
    'propaganda-events': 'eventos de propaganda',
    'safe-houses': 'casas seguras',
    endorsement: 'apoio público',
    'humanitarian-aid': 'ajuda humanitária',
    'cultural-exchange': 'intercâmbio cultural',
    'grassroots-partnership': 'parcerias com as bases',
  },
  warning: 'Um aviso público contém',
  window: 'Prazo de correção',
  notSet: 'não definido',
  benchmarks: 'Critérios de restabelecimento',
  decision: 'Decisão de desligamento',
  rule: { unanimous: 'por unanimidade', majority: 'por maioria', 'consent-by-silence': 'adotada salvo objeção de uma parte em' },
  redLine: 'Uma linha vermelha cruzada',
  redLineImmediate: 'desvincula de imediato, sem janela corretiva',
  redLineWindow: 'passa primeiro pelo prazo de correção',
  reallocation: 'Realocação',
  toPeople: 'Para o povo, continua',
  toLeadership: 'Para a direção, cessa',
  moveTo: 'Os recursos vão para',
  cadence: 'Periodicidade',
  units: {
    days: { one: 'dia', other: 'dias' },
    moons: { one: 'lua', other: 'luas' },
    months: { one: 'mês', other: 'meses' },
    years: { one: 'ano', other: 'anos' },
    cycles: { one: 'ciclo', other: 'ciclos' },
  },
};

const ar: Labels = {
  comma: '، ',
  covenant: 'ميثاق التضامن',
  parties: 'الأطراف',
  horizon: 'الأفق',
  principles: 'المبادئ غير القابلة للتفاوض',
  indicators: 'المؤشرات',
  tactics: 'التكتيكات',
  acceptable: 'المقبولة',
  unacceptable: 'غير المقبولة',
  audit: 'التدقيق',
  corrective: 'المرحلة التصحيحية',
  exit: 'بروتوكول الخروج',
  renewal: 'التجديد',
  mirroring: 'تحمّل المخاطر محليًا',
  noTests: 'لا اختبارات بعد',
  unmeasured: 'بلا مؤشر',
  noThreshold: 'بلا عتبة',
  severity: { review: 'مراجعة', 'red-line': 'خط أحمر' },
  kind: { count: 'عدد', 'yes-no': 'نعم أو لا', 'days-since': 'أيام منذ', amount: 'مبلغ', share: 'نسبة (من 0 إلى 1)' },
  yes: 'نعم',
  no: 'لا',
  changeOver: 'التغير خلال',
  rhythm: { lunar: 'كل دورة قمرية، من المحاق إلى المحاق', quarterly: 'كل ربع سنة' },
  triadSize: 'عدد أعضاء الفريق الثلاثي',
  officeholders: 'الحد الأقصى لأصحاب المناصب في كل فريق',
  assignment: 'من يراجع من',
  allToAll: 'كل طرف يراجع جميع الأطراف الأخرى',
  rotating: 'عدد المراجعين لكل طرف، بالتناوب',
  feedback: 'ملاحظات القاعدة الشعبية',
  feedbackOpen: 'مفتوحة لمدة',
  feedbackClosed: 'مغلقة',
  dimensions: 'محاور بطاقة التقييم',
  actions: 'الإجراءات',
  paused: 'الدعم المعلّق',
  none: 'لا شيء',
  action: {
    'independent-investigation': 'تحقيق مستقل',
    'facilitated-dialogue': 'حوار بتيسير طرف ثالث',
    mediation: 'وساطة',
    'grassroots-hearing': 'جلسة استماع للقاعدة الشعبية',
    'delegation-visit': 'زيارة وفد',
  },
  form: {
    funds: 'أموال',
    equipment: 'معدات',
    logistics: 'دعم لوجستي',
    'propaganda-events': 'فعاليات دعائية',
    'safe-houses': 'بيوت آمنة',
    endorsement: 'تأييد علني',
    'humanitarian-aid': 'مساعدات إنسانية',
    'cultural-exchange': 'تبادل ثقافي',
    'grassroots-partnership': 'شراكات مع القاعدة الشعبية',
  },
  warning: 'يتضمن الإنذار العلني',
  window: 'مهلة التصحيح',
  notSet: 'غير محددة',
  benchmarks: 'معايير الاستعادة',
  decision: 'قرار فك الارتباط',
  rule: { unanimous: 'بالإجماع', majority: 'بالأغلبية', 'consent-by-silence': 'يُعتمد ما لم يعترض طرف خلال' },
  redLine: 'تجاوز خط أحمر',
  redLineImmediate: 'يؤدي إلى فك الارتباط فورًا، دون مهلة تصحيح',
  redLineWindow: 'يمر أولًا بمهلة التصحيح',
  reallocation: 'إعادة توزيع الموارد',
  toPeople: 'للشعب، يستمر',
  toLeadership: 'للقيادة، يتوقف',
  moveTo: 'تنتقل الموارد إلى',
  cadence: 'الدورية',
  units: {
    days: { zero: 'يوم', one: 'يوم', two: 'يومان', few: 'أيام', many: 'يومًا', other: 'يوم' },
    moons: { zero: 'قمر', one: 'قمر', two: 'قمران', few: 'أقمار', many: 'قمرًا', other: 'قمر' },
    months: { zero: 'شهر', one: 'شهر', two: 'شهران', few: 'أشهر', many: 'شهرًا', other: 'شهر' },
    years: { zero: 'سنة', one: 'سنة', two: 'سنتان', few: 'سنوات', many: 'سنة', other: 'سنة' },
    cycles: { zero: 'دورة', one: 'دورة', two: 'دورتان', few: 'دورات', many: 'دورة', other: 'دورة' },
  },
};

export const LABELS: Readonly<Record<SupportedLanguage, Labels>> = { en, es, fr, ar, pt };

/** Labels for a language tag by its primary subtag; English for languages without labels. */
export function labelsFor(lang: string): { labels: Labels; lang: SupportedLanguage } {
  const primary = lang.split('-')[0] as SupportedLanguage;
  return Object.hasOwn(LABELS, primary) ? { labels: LABELS[primary], lang: primary } : { labels: en, lang: 'en' };
}

/** "13 moons", "3 أيام": the number with the unit word its plural category asks for. */
export function quantity(n: number, unit: UnitName, labels: Labels, lang: SupportedLanguage): string {
  const forms = labels.units[unit];
  const category = new Intl.PluralRules(lang).select(n);
  return `${n} ${forms[category] ?? forms.other}`;
}

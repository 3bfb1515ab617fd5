/**
 * The starter covenant's words in English (the original), Spanish, French, Arabic and Portuguese
 * (Brazilian usage). The essay's non-negotiables, indicators, scorecard dimensions, exit protocol
 * and reallocation plan, each said concretely enough to be counted or observed.
 * Keep the five versions saying the same thing; a change here changes every new alliance's draft.
 */
import type { SupportedLanguage } from './schema.js';

export type Five = Readonly<Record<SupportedLanguage, string>>;

export const TITLE: Five = {
  en: 'Solidarity covenant',
  es: 'Pacto de solidaridad',
  fr: 'Pacte de solidarité',
  ar: 'ميثاق التضامن',
  pt: 'Pacto de solidariedade',
};

export const HORIZON: Five = {
  en: 'Movements that win without becoming what they fought: plural, self-critical and accountable to the people they serve. We lend each other resources and courage on the conditions written here in daylight; we audit each other, and ourselves, on a regular rhythm; and we know in advance how we will correct course or part ways.',
  es: 'Movimientos que triunfan sin convertirse en aquello contra lo que lucharon: plurales, autocríticos y responsables ante los pueblos a los que sirven. Nos prestamos recursos y coraje en las condiciones escritas aquí, a la luz del día; nos auditamos mutuamente, y a nosotros mismos, con un ritmo regular; y sabemos de antemano cómo corregiremos el rumbo o cómo nos separaremos.',
  fr: "Des mouvements qui gagnent sans devenir ce qu'ils combattaient : pluriels, autocritiques et redevables envers les peuples qu'ils servent. Nous nous prêtons ressources et courage aux conditions écrites ici, au grand jour ; nous nous auditons les uns les autres, et nous-mêmes, à un rythme régulier ; et nous savons d'avance comment nous corrigerons le cap ou comment nous nous séparerons.",
  ar: 'حركات تنتصر دون أن تصبح ما ناضلت ضده: متعددة، تنتقد ذاتها، وتخضع للمساءلة أمام الناس الذين تخدمهم. نتبادل الموارد والشجاعة وفق الشروط المكتوبة هنا في وضح النهار، ونراجع بعضنا بعضًا ونراجع أنفسنا بإيقاع منتظم، ونعرف مسبقًا كيف سنصحح المسار أو كيف سنفترق.',
  pt: 'Movimentos que vencem sem se tornar aquilo contra o que lutaram: plurais, autocríticos e responsáveis perante os povos a quem servem. Emprestamos uns aos outros recursos e coragem nas condições escritas aqui, à luz do dia; nós nos auditamos mutuamente, e a nós mesmos, em um ritmo regular; e sabemos de antemão como corrigiremos o rumo ou como nos separaremos.',
};

export interface PrincipleText {
  title: Five;
  description: Five;
}

export const PRINCIPLES: Readonly<Record<string, PrincipleText>> = {
  'pluralism-internal-democracy': {
    title: {
      en: 'Pluralism and internal democracy',
      es: 'Pluralismo y democracia interna',
      fr: 'Pluralisme et démocratie interne',
      ar: 'التعددية والديمقراطية الداخلية',
      pt: 'Pluralismo e democracia interna',
    },
    description: {
      en: 'Decisions are made by collective bodies that members elect and can recall. Internal elections or assemblies are held at least once a year, dissent is argued in the open, and nobody is punished, expelled or imprisoned for disagreeing.',
      es: 'Las decisiones las toman órganos colectivos que los miembros eligen y pueden revocar. Las elecciones o asambleas internas se celebran al menos una vez al año, la disidencia se debate abiertamente y nadie es sancionado, expulsado ni encarcelado por discrepar.',
      fr: "Les décisions sont prises par des instances collectives que les membres élisent et peuvent révoquer. Les élections ou assemblées internes ont lieu au moins une fois par an, le désaccord se discute ouvertement, et personne n'est sanctionné, exclu ni emprisonné pour avoir exprimé un désaccord.",
      ar: 'تتخذ القرارات هيئاتٌ جماعية ينتخبها الأعضاء ويملكون حق عزلها. تُعقد الانتخابات أو الجمعيات العامة الداخلية مرة واحدة في السنة على الأقل، ويُناقَش الخلاف علنًا، ولا يُعاقَب أحد أو يُطرد أو يُسجن بسبب اختلافه في الرأي.',
      pt: 'As decisões são tomadas por órgãos coletivos que os membros elegem e podem destituir. As eleições ou assembleias internas acontecem pelo menos uma vez por ano, a divergência é debatida abertamente e ninguém é punido, expulso ou preso por discordar.',
    },
  },
  'no-concentration-of-power': {
    title: {
      en: 'No authoritarian concentration of power',
      es: 'Ninguna concentración autoritaria del poder',
      fr: 'Pas de concentration autoritaire du pouvoir',
      ar: 'لا لتركيز السلطة بشكل استبدادي',
      pt: 'Nenhuma concentração autoritária de poder',
    },
    description: {
      en: 'Executive authority stays shared among several people who answer to collective bodies. If it narrows to a few hands or to a single leader, that is measurable, and it opens a review.',
      es: 'La autoridad ejecutiva sigue repartida entre varias personas que rinden cuentas a órganos colectivos. Si se reduce a pocas manos o a un solo dirigente, eso es medible, y abre una revisión.',
      fr: "L'autorité exécutive reste partagée entre plusieurs personnes qui rendent compte à des instances collectives. Si elle se réduit à quelques mains ou à un seul dirigeant, cela se mesure, et cela ouvre un examen.",
      ar: 'تبقى السلطة التنفيذية موزعة بين عدة أشخاص يخضعون لمساءلة الهيئات الجماعية. فإذا انحصرت في أيدٍ قليلة أو في قائد واحد، فهذا أمر قابل للقياس، ويستدعي فتح مراجعة.',
      pt: 'A autoridade executiva continua repartida entre várias pessoas que prestam contas a órgãos coletivos. Se ela se reduz a poucas mãos ou a um único dirigente, isso é mensurável, e abre uma revisão.',
    },
  },
  'funding-transparency': {
    title: {
      en: 'Transparency of funding and spending',
      es: 'Transparencia de la financiación y del gasto',
      fr: 'Transparence des financements et des dépenses',
      ar: 'الشفافية في التمويل والإنفاق',
      pt: 'Transparência do financiamento e dos gastos',
    },
    description: {
      en: 'Every party discloses where its money comes from and how it is spent, to the other parties and to its own members. Accounts are published each cycle; a large transaction whose source or recipient cannot be disclosed is a warning sign.',
      es: 'Cada parte da a conocer de dónde procede su dinero y cómo lo gasta, a las demás partes y a sus propios miembros. Las cuentas se publican en cada ciclo; una transacción importante cuyo origen o destinatario no puede revelarse es una señal de alarma.',
      fr: "Chaque partie fait connaître la provenance de son argent et l'usage qu'elle en fait, aux autres parties et à ses propres membres. Les comptes sont publiés à chaque cycle ; une transaction importante dont la source ou le destinataire ne peut être divulgué est un signal d'alarme.",
      ar: 'يُفصح كل طرف عن مصادر أمواله وأوجه إنفاقها، للأطراف الأخرى ولأعضائه. تُنشر الحسابات في كل دورة، وأي معاملة كبيرة لا يمكن الإفصاح عن مصدرها أو عن الجهة المستفيدة منها تُعدّ إشارة إنذار.',
      pt: 'Cada parte divulga de onde vem o seu dinheiro e como ele é gasto, às outras partes e aos seus próprios membros. As contas são publicadas a cada ciclo; uma transação grande cuja origem ou destinatário não pode ser divulgado é um sinal de alerta.',
    },
  },
  'no-discrimination': {
    title: {
      en: 'No discrimination by gender, race or religion',
      es: 'Ninguna discriminación por género, raza o religión',
      fr: 'Aucune discrimination fondée sur le genre, la race ou la religion',
      ar: 'لا تمييز على أساس النوع الاجتماعي أو العرق أو الدين',
      pt: 'Nenhuma discriminação por gênero, raça ou religião',
    },
    description: {
      en: 'Membership, office and protection do not depend on gender, race or religion. Allegations of discrimination are recorded, investigated by people outside the chain of command, and their outcome is published without exposing the people who came forward.',
      es: 'La afiliación, los cargos y la protección no dependen del género, la raza ni la religión. Las denuncias de discriminación se registran, las investigan personas ajenas a la cadena de mando y su resultado se publica sin exponer a quienes denunciaron.',
      fr: "L'adhésion, les responsabilités et la protection ne dépendent ni du genre, ni de la race, ni de la religion. Les signalements de discrimination sont enregistrés, instruits par des personnes extérieures à la chaîne de commandement, et leur issue est publiée sans exposer les personnes qui ont parlé.",
      ar: 'لا تتوقف العضوية ولا تولي المسؤوليات ولا الحماية على النوع الاجتماعي أو العرق أو الدين. تُسجَّل ادعاءات التمييز، ويحقق فيها أشخاص من خارج التسلسل القيادي، وتُنشر نتائجها دون كشف هوية من تقدموا بها.',
      pt: 'A filiação, os cargos e a proteção não dependem de gênero, raça ou religião. As denúncias de discriminação são registradas, investigadas por pessoas de fora da cadeia de comando, e o seu resultado é publicado sem expor quem as fez.',
    },
  },
  'limits-on-violence': {
    title: {
      en: 'Limits on violence against civilians',
      es: 'Límites a la violencia contra la población civil',
      fr: 'Limites à la violence contre les civils',
      ar: 'حدود لاستخدام العنف ضد المدنيين',
      pt: 'Limites à violência contra civis',
    },
    description: {
      en: 'No party targets civilians, takes hostages, tortures or disappears anyone. Credible allegations of abuses open a review; credible allegations of abuses against civilians are a red line.',
      es: 'Ninguna parte ataca a civiles, toma rehenes, tortura ni hace desaparecer a nadie. Las denuncias creíbles de abusos abren una revisión; las denuncias creíbles de abusos contra civiles son una línea roja.',
      fr: "Aucune partie ne prend pour cible des civils, ne prend d'otages, ne torture ni ne fait disparaître personne. Des allégations crédibles d'exactions ouvrent un examen ; des allégations crédibles d'exactions contre des civils sont une ligne rouge.",
      ar: 'لا يستهدف أي طرف المدنيين، ولا يحتجز رهائن، ولا يمارس التعذيب، ولا يُخفي أحدًا قسرًا. الادعاءات الموثوقة بوقوع انتهاكات تستدعي فتح مراجعة، أما الادعاءات الموثوقة بانتهاكات ضد المدنيين فهي خط أحمر.',
      pt: 'Nenhuma parte ataca civis, faz reféns, tortura ou faz desaparecer quem quer que seja. Denúncias críveis de abusos abrem uma revisão; denúncias críveis de abusos contra civis são uma linha vermelha.',
    },
  },
};

export interface IndicatorText {
  name: Five;
  unit?: Five;
  description: Five;
}

const PEOPLE: Five = { en: 'people', es: 'personas', fr: 'personnes', ar: 'أشخاص', pt: 'pessoas' };
const ALLEGATIONS: Five = { en: 'allegations', es: 'denuncias', fr: 'allégations', ar: 'ادعاءات', pt: 'denúncias' };

export const INDICATORS: Readonly<Record<string, IndicatorText>> = {
  'days-since-assembly': {
    name: {
      en: 'Days since the last internal election or general assembly',
      es: 'Días desde la última elección interna o asamblea general',
      fr: 'Jours depuis la dernière élection interne ou assemblée générale',
      ar: 'الأيام المنقضية منذ آخر انتخابات داخلية أو جمعية عامة',
      pt: 'Dias desde a última eleição interna ou assembleia geral',
    },
    description: {
      en: 'Counted from the day the last election or assembly open to all members was held, with its minutes published.',
      es: 'Se cuentan desde el día en que se celebró la última elección o asamblea abierta a todos los miembros, con su acta publicada.',
      fr: "Comptés depuis le jour où s'est tenue la dernière élection ou assemblée ouverte à tous les membres, dont le procès-verbal a été publié.",
      ar: 'تُحسب من يوم انعقاد آخر انتخابات أو جمعية عامة مفتوحة لجميع الأعضاء ونُشر محضرها.',
      pt: 'Contados a partir do dia em que se realizou a última eleição ou assembleia aberta a todos os membros, com a ata publicada.',
    },
  },
  'members-sanctioned-for-dissent': {
    name: {
      en: 'Members sanctioned for dissent',
      es: 'Miembros sancionados por disentir',
      fr: 'Membres sanctionnés pour leur désaccord',
      ar: 'أعضاء عوقبوا بسبب معارضتهم',
      pt: 'Membros punidos por divergir',
    },
    unit: PEOPLE,
    description: {
      en: "Members suspended, expelled, demoted or threatened during the cycle for criticism expressed through the organization's own channels or in public.",
      es: 'Miembros suspendidos, expulsados, degradados o amenazados durante el ciclo por críticas expresadas por los cauces de la organización o en público.',
      fr: "Membres suspendus, exclus, rétrogradés ou menacés au cours du cycle pour des critiques exprimées par les voies internes de l'organisation ou en public.",
      ar: 'الأعضاء الذين أُوقفوا أو فُصلوا أو خُفّضت مراتبهم أو هُدّدوا خلال الدورة بسبب انتقادات عبّروا عنها عبر قنوات المنظمة أو علنًا.',
      pt: 'Membros suspensos, expulsos, rebaixados ou ameaçados durante o ciclo por críticas feitas pelos canais da própria organização ou em público.',
    },
  },
  'former-comrades-imprisoned': {
    name: {
      en: 'Political prisoners who are former comrades',
      es: 'Presos políticos que son antiguos compañeros',
      fr: "Prisonniers politiques qui sont d'anciens camarades",
      ar: 'سجناء سياسيون من الرفاق السابقين',
      pt: 'Presos políticos que são antigos companheiros',
    },
    unit: PEOPLE,
    description: {
      en: 'People held for political reasons by a party, or by authorities a party controls, who were members or allies of that party.',
      es: 'Personas detenidas por razones políticas por una parte, o por autoridades que una parte controla, que fueron miembros o aliados de esa parte.',
      fr: "Personnes détenues pour des raisons politiques par une partie, ou par des autorités qu'une partie contrôle, et qui en ont été membres ou alliées.",
      ar: 'أشخاص محتجزون لأسباب سياسية لدى أحد الأطراف، أو لدى سلطات يسيطر عليها، وكانوا أعضاء في ذلك الطرف أو حلفاء له.',
      pt: 'Pessoas detidas por razões políticas por uma parte, ou por autoridades que uma parte controla, e que foram membros ou aliados dessa parte.',
    },
  },
  'executive-authority-holders': {
    name: {
      en: 'People holding executive authority',
      es: 'Personas con autoridad ejecutiva',
      fr: "Personnes détenant l'autorité exécutive",
      ar: 'الأشخاص الذين يتولون السلطة التنفيذية',
      pt: 'Pessoas com autoridade executiva',
    },
    unit: PEOPLE,
    description: {
      en: "How many people can take executive decisions (spend, sign, command, speak for the organization) without a collective body's prior vote, counted at the end of the cycle.",
      es: 'Cuántas personas pueden tomar decisiones ejecutivas (gastar, firmar, dar órdenes, hablar en nombre de la organización) sin voto previo de un órgano colectivo, contadas al cierre del ciclo.',
      fr: "Combien de personnes peuvent prendre des décisions exécutives (dépenser, signer, donner des ordres, parler au nom de l'organisation) sans vote préalable d'une instance collective, compté à la fin du cycle.",
      ar: 'عدد الأشخاص القادرين على اتخاذ قرارات تنفيذية (الإنفاق، التوقيع، إصدار الأوامر، التحدث باسم المنظمة) دون تصويت مسبق من هيئة جماعية، ويُحسب في نهاية الدورة.',
      pt: 'Quantas pessoas podem tomar decisões executivas (gastar, assinar, dar ordens, falar em nome da organização) sem votação prévia de um órgão coletivo, contadas no fim do ciclo.',
    },
  },
  'largest-undisclosed-transaction': {
    name: {
      en: 'Largest transaction without a disclosed source or recipient',
      es: 'Mayor transacción sin origen ni destinatario declarados',
      fr: 'Plus grosse transaction sans source ni destinataire déclarés',
      ar: 'أكبر معاملة مالية دون الإفصاح عن مصدرها أو الجهة المستفيدة منها',
      pt: 'Maior transação sem origem ou destinatário divulgados',
    },
    description: {
      en: 'The largest single payment received or made during the cycle whose source or recipient was not disclosed to the other parties; zero when every transaction was disclosed.',
      es: 'El mayor pago individual recibido o efectuado durante el ciclo cuyo origen o destinatario no se comunicó a las demás partes; cero si todas las transacciones se comunicaron.',
      fr: "Le plus gros paiement unique reçu ou effectué au cours du cycle dont la source ou le destinataire n'a pas été communiqué aux autres parties ; zéro si toutes les transactions l'ont été.",
      ar: 'أكبر دفعة منفردة تم تلقيها أو دفعها خلال الدورة دون إبلاغ الأطراف الأخرى بمصدرها أو بالجهة المستفيدة منها؛ وتكون صفرًا إذا أُفصح عن جميع المعاملات.',
      pt: 'O maior pagamento individual recebido ou feito durante o ciclo cuja origem ou destinatário não foi comunicado às outras partes; zero quando todas as transações foram comunicadas.',
    },
  },
  'accounts-published': {
    name: {
      en: 'Accounts published for the cycle',
      es: 'Cuentas del ciclo publicadas',
      fr: 'Comptes du cycle publiés',
      ar: 'نشر حسابات الدورة',
      pt: 'Contas do ciclo publicadas',
    },
    description: {
      en: 'Yes when income and spending for the cycle are open to the other parties and to members; no when financial records are missing or inaccessible.',
      es: 'Sí cuando los ingresos y gastos del ciclo están abiertos a las demás partes y a los miembros; no cuando los registros financieros faltan o son inaccesibles.',
      fr: 'Oui lorsque les recettes et les dépenses du cycle sont accessibles aux autres parties et aux membres ; non lorsque les registres financiers manquent ou sont inaccessibles.',
      ar: 'نعم إذا كانت إيرادات الدورة ونفقاتها متاحة للأطراف الأخرى وللأعضاء، ولا إذا كانت السجلات المالية مفقودة أو يتعذر الوصول إليها.',
      pt: 'Sim quando as receitas e despesas do ciclo estão abertas às outras partes e aos membros; não quando os registros financeiros faltam ou estão inacessíveis.',
    },
  },
  'spending-itemized': {
    name: {
      en: 'Share of spending published with itemized records',
      es: 'Proporción del gasto publicada con detalle por partidas',
      fr: 'Part des dépenses publiée avec un détail par poste',
      ar: 'نسبة الإنفاق المنشورة بسجلات مفصّلة',
      pt: 'Parcela dos gastos publicada com registros detalhados',
    },
    description: {
      en: 'Itemized spending divided by total spending for the cycle, as a fraction from 0 to 1.',
      es: 'Gasto detallado dividido por el gasto total del ciclo, como fracción entre 0 y 1.',
      fr: 'Dépenses détaillées divisées par le total des dépenses du cycle, en fraction de 0 à 1.',
      ar: 'الإنفاق المفصّل مقسومًا على إجمالي إنفاق الدورة، ككسر بين 0 و1.',
      pt: 'Gastos detalhados divididos pelo total de gastos do ciclo, como fração de 0 a 1.',
    },
  },
  'discrimination-allegations': {
    name: {
      en: 'Credible allegations of discrimination',
      es: 'Denuncias creíbles de discriminación',
      fr: 'Signalements crédibles de discrimination',
      ar: 'ادعاءات موثوقة بالتمييز',
      pt: 'Denúncias críveis de discriminação',
    },
    unit: ALLEGATIONS,
    description: {
      en: 'Allegations of discrimination by gender, race or religion, by the party or its officeholders, that the triad finds credible: first-hand, specific, and not refuted by an independent investigation.',
      es: 'Denuncias de discriminación por género, raza o religión, atribuidas a la parte o a sus cargos, que la tríada considera creíbles: de primera mano, concretas y no refutadas por una investigación independiente.',
      fr: 'Signalements de discrimination fondée sur le genre, la race ou la religion, imputés à la partie ou à ses responsables, que la triade juge crédibles : de première main, précis, et non réfutés par une enquête indépendante.',
      ar: 'ادعاءات بالتمييز على أساس النوع الاجتماعي أو العرق أو الدين، من جانب الطرف أو من يتولون مسؤوليات فيه، يراها الفريق الثلاثي موثوقة: مباشرة، ومحددة، ولم يدحضها تحقيق مستقل.',
      pt: 'Denúncias de discriminação por gênero, raça ou religião, atribuídas à parte ou aos seus dirigentes, que a tríade considera críveis: de primeira mão, concretas e não refutadas por uma investigação independente.',
    },
  },
  'abuse-allegations': {
    name: {
      en: 'Credible allegations of human rights abuses',
      es: 'Denuncias creíbles de violaciones de derechos humanos',
      fr: 'Allégations crédibles de violations des droits humains',
      ar: 'ادعاءات موثوقة بانتهاكات لحقوق الإنسان',
      pt: 'Denúncias críveis de violações de direitos humanos',
    },
    unit: ALLEGATIONS,
    description: {
      en: 'Allegations of torture, arbitrary detention, enforced disappearance or other abuses by the party or by forces it controls, that the triad finds credible.',
      es: 'Denuncias de tortura, detención arbitraria, desaparición forzada u otros abusos cometidos por la parte o por fuerzas bajo su control, que la tríada considera creíbles.',
      fr: "Allégations de torture, de détention arbitraire, de disparition forcée ou d'autres exactions commises par la partie ou par des forces qu'elle contrôle, que la triade juge crédibles.",
      ar: 'ادعاءات بالتعذيب أو الاحتجاز التعسفي أو الإخفاء القسري أو غيرها من الانتهاكات من جانب الطرف أو قوات يسيطر عليها، يراها الفريق الثلاثي موثوقة.',
      pt: 'Denúncias de tortura, detenção arbitrária, desaparecimento forçado ou outros abusos cometidos pela parte ou por forças sob o seu controle, que a tríade considera críveis.',
    },
  },
  'civilian-abuse-allegations': {
    name: {
      en: 'Credible allegations of abuses against civilians',
      es: 'Denuncias creíbles de abusos contra civiles',
      fr: "Allégations crédibles d'exactions contre des civils",
      ar: 'ادعاءات موثوقة بانتهاكات ضد المدنيين',
      pt: 'Denúncias críveis de abusos contra civis',
    },
    unit: ALLEGATIONS,
    description: {
      en: 'Credible allegations, as above, where the victims were civilians: people taking no part in hostilities.',
      es: 'Denuncias creíbles, como las anteriores, cuyas víctimas eran civiles: personas que no participaban en las hostilidades.',
      fr: 'Allégations crédibles, comme ci-dessus, dont les victimes étaient des civils : des personnes qui ne prenaient pas part aux hostilités.',
      ar: 'ادعاءات موثوقة، كما سبق، يكون ضحاياها من المدنيين: أشخاص لا يشاركون في الأعمال القتالية.',
      pt: 'Denúncias críveis, como as anteriores, cujas vítimas eram civis: pessoas que não participavam das hostilidades.',
    },
  },
};

export const ACCEPTABLE_TACTICS: readonly Five[] = [
  {
    en: 'Strikes, boycotts, occupations, blockades and other mass non-cooperation.',
    es: 'Huelgas, boicots, ocupaciones, bloqueos y otras formas de no cooperación masiva.',
    fr: 'Grèves, boycotts, occupations, blocages et autres formes de non-coopération de masse.',
    ar: 'الإضرابات والمقاطعة والاعتصامات وإغلاق الطرق وغيرها من أشكال اللاتعاون الجماهيري.',
    pt: 'Greves, boicotes, ocupações, bloqueios e outras formas de não cooperação em massa.',
  },
  {
    en: 'Public assemblies, marches, and propaganda that tells the truth.',
    es: 'Asambleas públicas, marchas y propaganda que dice la verdad.',
    fr: 'Assemblées publiques, manifestations et propagande qui dit la vérité.',
    ar: 'التجمعات العامة والمسيرات والدعاية التي تقول الحقيقة.',
    pt: 'Assembleias públicas, marchas e propaganda que diz a verdade.',
  },
  {
    en: 'Mutual aid, strike funds and safe houses for people under threat.',
    es: 'Apoyo mutuo, cajas de resistencia y casas seguras para personas amenazadas.',
    fr: 'Entraide, caisses de grève et lieux sûrs pour les personnes menacées.',
    ar: 'العون المتبادل وصناديق دعم الإضرابات والبيوت الآمنة للأشخاص المهددين.',
    pt: 'Apoio mútuo, fundos de greve e casas seguras para pessoas ameaçadas.',
  },
];

export const UNACCEPTABLE_TACTICS: readonly Five[] = [
  {
    en: 'Violence against civilians, including threats against their families.',
    es: 'Violencia contra civiles, incluidas las amenazas contra sus familias.',
    fr: 'La violence contre des civils, y compris les menaces contre leurs familles.',
    ar: 'العنف ضد المدنيين، بما في ذلك تهديد عائلاتهم.',
    pt: 'Violência contra civis, inclusive ameaças contra suas famílias.',
  },
  {
    en: 'Torture, hostage-taking and enforced disappearance.',
    es: 'Tortura, toma de rehenes y desaparición forzada.',
    fr: "La torture, la prise d'otages et les disparitions forcées.",
    ar: 'التعذيب واحتجاز الرهائن والإخفاء القسري.',
    pt: 'Tortura, tomada de reféns e desaparecimento forçado.',
  },
  {
    en: 'Silencing, expelling or imprisoning dissenters, inside the movement or outside it.',
    es: 'Silenciar, expulsar o encarcelar a disidentes, dentro o fuera del movimiento.',
    fr: 'Faire taire, exclure ou emprisonner des opposants, au sein du mouvement ou en dehors.',
    ar: 'إسكات المعارضين أو طردهم أو سجنهم، داخل الحركة أو خارجها.',
    pt: 'Silenciar, expulsar ou prender dissidentes, dentro ou fora do movimento.',
  },
  {
    en: 'Accepting funds whose source cannot be disclosed to the other parties.',
    es: 'Aceptar fondos cuyo origen no pueda comunicarse a las demás partes.',
    fr: 'Accepter des fonds dont la provenance ne peut être communiquée aux autres parties.',
    ar: 'قبول أموال لا يمكن الإفصاح عن مصدرها للأطراف الأخرى.',
    pt: 'Aceitar recursos cuja origem não possa ser comunicada às outras partes.',
  },
];

/** The essay's scorecard: "The scorecard should address: …" */
export const DIMENSIONS: Readonly<Record<string, Five>> = {
  'decision-making': {
    en: 'Decision-making structures and recent changes to them',
    es: 'Estructuras de toma de decisiones y sus cambios recientes',
    fr: 'Structures de décision et leurs changements récents',
    ar: 'هياكل صنع القرار وما طرأ عليها من تغييرات مؤخرًا',
    pt: 'Estruturas de tomada de decisão e suas mudanças recentes',
  },
  finances: {
    en: 'Financial transparency and shifts in funding',
    es: 'Transparencia financiera y cambios en la financiación',
    fr: 'Transparence financière et évolution des financements',
    ar: 'الشفافية المالية والتحولات في التمويل',
    pt: 'Transparência financeira e mudanças no financiamento',
  },
  dissent: {
    en: 'Treatment of internal dissent',
    es: 'Trato a la disidencia interna',
    fr: 'Traitement des désaccords internes',
    ar: 'التعامل مع المعارضة الداخلية',
    pt: 'Tratamento da divergência interna',
  },
  tactics: {
    en: 'Alignment of tactics with the agreed principles',
    es: 'Coherencia de las tácticas con los principios acordados',
    fr: 'Cohérence des tactiques avec les principes convenus',
    ar: 'انسجام التكتيكات مع المبادئ المتفق عليها',
    pt: 'Coerência das táticas com os princípios acordados',
  },
  'external-alliances': {
    en: 'External alliances that may affect shared values',
    es: 'Alianzas externas que puedan afectar a los valores compartidos',
    fr: 'Alliances extérieures susceptibles de toucher aux valeurs communes',
    ar: 'التحالفات الخارجية التي قد تمس القيم المشتركة',
    pt: 'Alianças externas que possam afetar os valores compartilhados',
  },
};

export const WARNING_CONTAINS: Five = {
  en: 'The breach, with the indicator readings and sources that show it; the principle and test it violates; the benchmarks for restoring full solidarity; the date the corrective window closes; and what happens to support if it closes without restoration.',
  es: 'La infracción, con las lecturas de los indicadores y las fuentes que la muestran; el principio y la prueba que vulnera; los criterios para restablecer la plena solidaridad; la fecha en que se cierra el plazo de corrección; y qué ocurre con el apoyo si se cierra sin restablecimiento.',
  fr: "Le manquement, avec les relevés des indicateurs et les sources qui l'établissent ; le principe et le test qu'il enfreint ; les critères de rétablissement d'une pleine solidarité ; la date de clôture du délai de correction ; et ce qu'il advient du soutien si ce délai se clôt sans rétablissement.",
  ar: 'الانتهاك، مع قراءات المؤشرات والمصادر التي تثبته؛ والمبدأ والاختبار اللذين يخالفهما؛ ومعايير استعادة التضامن الكامل؛ وتاريخ انتهاء مهلة التصحيح؛ وما سيحدث للدعم إذا انتهت المهلة دون استعادته.',
  pt: 'A violação, com as leituras dos indicadores e as fontes que a demonstram; o princípio e o teste que ela viola; os critérios para restabelecer a plena solidariedade; a data em que termina o prazo de correção; e o que acontece com o apoio se o prazo terminar sem restabelecimento.',
};

export const BENCHMARKS: Readonly<Record<string, Five>> = {
  'assembly-held': {
    en: 'An internal election or general assembly open to all members has been held, and its minutes published.',
    es: 'Se ha celebrado una elección interna o asamblea general abierta a todos los miembros, y se ha publicado su acta.',
    fr: "Une élection interne ou une assemblée générale ouverte à tous les membres s'est tenue, et son procès-verbal a été publié.",
    ar: 'عُقدت انتخابات داخلية أو جمعية عامة مفتوحة لجميع الأعضاء، ونُشر محضرها.',
    pt: 'Foi realizada uma eleição interna ou assembleia geral aberta a todos os membros, e a sua ata foi publicada.',
  },
  'comrades-released': {
    en: 'Every former comrade held for political reasons has been released.',
    es: 'Todos los antiguos compañeros detenidos por razones políticas han sido liberados.',
    fr: 'Tous les anciens camarades détenus pour des raisons politiques ont été libérés.',
    ar: 'أُطلق سراح جميع الرفاق السابقين المحتجزين لأسباب سياسية.',
    pt: 'Todos os antigos companheiros detidos por razões políticas foram libertados.',
  },
  'accounts-open': {
    en: 'The accounts for the cycle are open to the other parties and to members.',
    es: 'Las cuentas del ciclo están abiertas a las demás partes y a los miembros.',
    fr: 'Les comptes du cycle sont accessibles aux autres parties et aux membres.',
    ar: 'حسابات الدورة متاحة للأطراف الأخرى وللأعضاء.',
    pt: 'As contas do ciclo estão abertas às outras partes e aos membros.',
  },
  'investigation-published': {
    en: 'The independent investigation has published its findings, and the party has accepted its recommendations by a decision of a collective body.',
    es: 'La investigación independiente ha publicado sus conclusiones y la parte ha aceptado sus recomendaciones mediante una decisión de un órgano colectivo.',
    fr: "L'enquête indépendante a publié ses conclusions, et la partie a accepté ses recommandations par une décision d'une instance collective.",
    ar: 'نشر التحقيق المستقل نتائجه، وقبل الطرف توصياته بقرار صادر عن هيئة جماعية.',
    pt: 'A investigação independente publicou as suas conclusões, e a parte aceitou as suas recomendações por decisão de um órgão coletivo.',
  },
};

export const TO_PEOPLE: Five = {
  en: 'Humanitarian aid, cultural exchange and partnerships with grassroots groups continue, delivered directly to the people and not through the leadership.',
  es: 'La ayuda humanitaria, el intercambio cultural y las alianzas con grupos de base continúan, entregados directamente a la población y no a través de la dirección.',
  fr: "L'aide humanitaire, les échanges culturels et les partenariats avec des groupes de base continuent, remis directement à la population et non par l'intermédiaire de la direction.",
  ar: 'تستمر المساعدات الإنسانية والتبادل الثقافي والشراكات مع المجموعات القاعدية، وتُقدَّم مباشرة إلى الناس لا عن طريق القيادة.',
  pt: 'A ajuda humanitária, o intercâmbio cultural e as parcerias com grupos de base continuam, entregues diretamente à população e não por meio da direção.',
};

export const TO_LEADERSHIP: Five = {
  en: 'Public endorsement, funds to the leadership and propaganda events on its behalf stop.',
  es: 'Cesan el respaldo público, los fondos destinados a la dirección y los actos de propaganda en su nombre.',
  fr: 'Le soutien public, les fonds destinés à la direction et les événements de propagande en sa faveur cessent.',
  ar: 'يتوقف التأييد العلني والأموال المقدمة إلى القيادة والفعاليات الدعائية لصالحها.',
  pt: 'Cessam o apoio público, os recursos destinados à direção e os eventos de propaganda em seu nome.',
};

export const MOVE_TO: Five = {
  en: 'Resources withdrawn from the leadership go to grassroots groups, independent media and human rights defenders in the same country, as the remaining parties agree.',
  es: 'Los recursos retirados a la dirección se destinan a grupos de base, medios independientes y defensores de derechos humanos del mismo país, según acuerden las partes restantes.',
  fr: 'Les ressources retirées à la direction vont à des groupes de base, à des médias indépendants et à des défenseurs des droits humains du même pays, selon ce que conviennent les parties restantes.',
  ar: 'تذهب الموارد المسحوبة من القيادة إلى المجموعات القاعدية ووسائل الإعلام المستقلة والمدافعين عن حقوق الإنسان في البلد نفسه، وفق ما تتفق عليه الأطراف الباقية.',
  pt: 'Os recursos retirados da direção vão para grupos de base, meios de comunicação independentes e defensores de direitos humanos no mesmo país, conforme acordarem as partes restantes.',
};

export const MIRRORING_PLEDGE: Five = {
  en: 'At home, we apply the same indicators to ourselves, audit surveillance and policing in our own city, and publish the result every cycle.',
  es: 'En casa, nos aplicamos los mismos indicadores, auditamos la vigilancia y la actuación policial en nuestra propia ciudad y publicamos el resultado en cada ciclo.',
  fr: 'Chez nous, nous nous appliquons les mêmes indicateurs, nous examinons la surveillance et les pratiques policières dans notre propre ville, et nous publions le résultat à chaque cycle.',
  ar: 'في بلدنا، نطبّق المؤشرات نفسها على أنفسنا، ونُخضع ممارسات المراقبة وعمل الشرطة في مدينتنا للتدقيق، وننشر النتيجة في كل دورة.',
  pt: 'Em casa, aplicamos a nós mesmos os mesmos indicadores, auditamos a vigilância e o policiamento na nossa própria cidade e publicamos o resultado a cada ciclo.',
};

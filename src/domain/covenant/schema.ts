/**
 * The covenant document: one zod schema, the single source for validation (CLI, API, web) and
 * for the OpenAPI description. Issue 3 §3 lists the content; the essay names it: "a co-authored
 * document that names the shared horizon and the non-negotiables that define your collaboration".
 *
 * Two layers, both exported:
 *   CovenantShape   every field's type and bound, and the rules local to one object
 *                   (a text's original language is present; a threshold has a value or a window);
 *   Covenant        CovenantShape + crossChecks (references between parts: unknown indicators,
 *                   duplicate ids, mirroring by a non-party, …), which live in references.ts.
 * parseCovenant (io.ts) runs the shape and the cross checks separately so a file with problems of
 * both kinds gets all of them in one answer; API code can use `Covenant` directly.
 *
 * The schema admits drafts: a principle with no test, a test with no indicator, a threshold value
 * that is not (yet) a number, an exit protocol without window or benchmarks. Those are lint
 * findings (lint.ts: "principles without procedure are poetry"), not shape errors, so an editor
 * can save a draft and be told what it lacks.
 *
 * Hostile input: every string and array is bounded, text refuses control characters other than
 * tab and newline and lone surrogates (RFC 8785 cannot encode them), objects are strict (an
 * unknown or misspelt field is an error, never silently dropped).
 */
import { z } from 'zod';
import { crossChecks } from './references.js';

// ---------------------------------------------------------------- bounds

export const LIMITS = Object.freeze({
  shortText: 200,
  longText: 10_000,
  languagesPerText: 12,
  parties: 256, // the audits must work for 200 parties (issue 4); bounded against hostile input
  indicators: 100,
  principles: 50,
  testsPerPrinciple: 20,
  tactics: 50,
  benchmarks: 50,
  dimensions: 20,
  mirroring: 200,
  thresholdValue: 40,
});

/** Ids of indicators, principles, benchmarks, dimensions; organization slugs. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** BCP 47 language tags in the common shape: primary subtag, then up to three subtags. */
export const LANGUAGE_PATTERN = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}$/;
/** ISO 4217 alphabetic currency code. */
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;

/** The languages the template, the lint word lists and the rendering labels cover. */
export const SUPPORTED_LANGUAGES = ['en', 'es', 'fr', 'ar', 'pt'] as const;
export type SupportedLanguage = (typeof SUPPORTED_LANGUAGES)[number];

// C0 and C1 controls except tab and newline; \r is refused so that text has one line-break form.
const CONTROL = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F]/u;
const CONTROL_EXCEPT_NEWLINE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u;
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Refinements below run even when other parts failed (`when: () => true`), so that one answer
 * lists every problem; they therefore check the type of what they read first.
 */
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const id = (what: string) =>
  z.string().regex(ID_PATTERN, `expected ${what}: lowercase letters, digits and hyphens, starting with a letter or digit, at most 63 characters`);

export const Id = id('an id');
export const Slug = id('an organization slug');
export const Language = z.string().regex(LANGUAGE_PATTERN, 'expected a BCP 47 language code such as en, ar or pt-BR');

function plainString(max: number, multiline: boolean) {
  const control = multiline ? CONTROL_EXCEPT_NEWLINE : CONTROL;
  return z
    .string()
    .min(1, 'empty text: write something or remove the field')
    .max(max, `too long: at most ${max} characters`)
    .refine((s) => !control.test(s), multiline ? 'control characters other than tab and newline are not allowed' : 'must be one line, without control characters')
    .refine((s) => !LONE_SURROGATE.test(s), 'holds a lone surrogate (not valid Unicode)');
}

/**
 * Multilingual text: `{ original: 'en', text: { en: '…', es: '…' } }`. `original` names the
 * language the parties wrote and signed first; it must be one of the present languages.
 */
function multilingual(max: number, multiline: boolean) {
  return z
    .strictObject({
      original: Language,
      text: z.record(Language, plainString(max, multiline)),
    })
    .superRefine(
      (t, ctx) => {
        if (!isRecord(t)) return;
        const text: unknown = t.text;
        if (typeof text !== 'object' || text === null) return;
        const langs = Object.keys(text);
        if (langs.length === 0) ctx.addIssue({ code: 'custom', path: ['text'], message: 'give the text in at least one language' });
        if (langs.length > LIMITS.languagesPerText)
          ctx.addIssue({ code: 'custom', path: ['text'], message: `at most ${LIMITS.languagesPerText} languages per text` });
        if (typeof t.original === 'string' && langs.length > 0 && !Object.hasOwn(text, t.original))
          ctx.addIssue({
            code: 'custom',
            path: ['original'],
            message: `original language '${t.original}' has no text here; present: ${langs.join(', ')}`,
          });
      },
      { when: () => true },
    );
}

/** One line, at most 200 characters: names and titles. */
export const ShortText = multilingual(LIMITS.shortText, false);
/** Up to 10,000 characters with newlines: descriptions, pledges, the horizon. */
export const LongText = multilingual(LIMITS.longText, true);
export type Text = z.output<typeof LongText>;

function list<T extends z.ZodType>(item: T, max: number, what: string) {
  return z.array(item).max(max, `at most ${max} ${what}`);
}

function whole(min: number, max: number, what: string) {
  return z.number().int(`${what} must be a whole number`).min(min, `${what} must be at least ${min}`).max(max, `${what} must be at most ${max}`);
}

// ---------------------------------------------------------------- enumerations

export const SUPPORT_FORMS = [
  'funds',
  'equipment',
  'logistics',
  'propaganda-events',
  'safe-houses',
  'endorsement',
  'humanitarian-aid',
  'cultural-exchange',
  'grassroots-partnership',
] as const;
export const SupportForm = z.enum(SUPPORT_FORMS);
export type SupportForm = z.output<typeof SupportForm>;

export const INDICATOR_KINDS = ['count', 'yes-no', 'days-since', 'amount', 'share'] as const;
export const IndicatorKind = z.enum(INDICATOR_KINDS);
export type IndicatorKind = z.output<typeof IndicatorKind>;

export const COMPARISONS = ['<', '<=', '>', '>=', '=', '!='] as const;
export const Comparison = z.enum(COMPARISONS);
export type Comparison = z.output<typeof Comparison>;

export const SEVERITIES = ['review', 'red-line'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.output<typeof Severity>;

export const CORRECTIVE_ACTIONS = [
  'independent-investigation',
  'facilitated-dialogue',
  'mediation',
  'grassroots-hearing',
  'delegation-visit',
] as const;
export const CorrectiveAction = z.enum(CORRECTIVE_ACTIONS);
export type CorrectiveAction = z.output<typeof CorrectiveAction>;

export const RENEWAL_UNITS = ['moons', 'months', 'years'] as const;
export const AUDIT_RHYTHMS = ['lunar', 'quarterly'] as const;

function distinct<T extends z.ZodType>(item: T, max: number, what: string) {
  return list(item, max, what).refine((xs) => new Set(xs).size === xs.length, `${what} are listed more than once`);
}

// ---------------------------------------------------------------- indicators and tests

/**
 * Observations Daylight makes itself from the support ledger (issue 5 §4). 'undisclosed-transactions':
 * each transaction a party receives without a disclosed source, in the indicator's currency, is
 * observed as its amount on the day it happened — so "largest undisclosed transaction > 10000.00"
 * trips without anyone having to copy figures by hand.
 */
export const INDICATOR_FEEDS = ['undisclosed-transactions'] as const;
export const IndicatorFeed = z.enum(INDICATOR_FEEDS);

/**
 * A measured quantity per organization. Kinds and their values:
 *   count       whole number of `unit` (e.g. people, transactions); unit names what is counted
 *   yes-no      true or false
 *   days-since  whole days since an event (the unit is days by definition)
 *   amount      money, a decimal string in `currency` (ISO 4217), e.g. "10000.00"
 *   share       a fraction from 0 to 1 as a decimal string ("0.25" is a quarter), never a percent
 */
export const Indicator = z
  .strictObject({
    id: Id,
    name: ShortText,
    kind: IndicatorKind,
    currency: z.string().regex(CURRENCY_PATTERN, 'expected an ISO 4217 currency code: three capital letters such as EUR or USD').optional(),
    unit: ShortText.optional(),
    description: LongText.optional(),
    fedBy: IndicatorFeed.optional(),
  })
  .superRefine(
    (i, ctx) => {
      if (isRecord(i) && i.fedBy === 'undisclosed-transactions' && i.kind !== 'amount')
        ctx.addIssue({ code: 'custom', path: ['fedBy'], message: 'undisclosed-transactions feeds an amount indicator: set kind: amount and its currency' });
    },
    { when: () => true },
  );
export type Indicator = z.output<typeof Indicator>;

const thresholdValue = z.union(
  [z.string().min(1, 'empty value').max(LIMITS.thresholdValue, `at most ${LIMITS.thresholdValue} characters`), z.boolean()],
  { error: 'expected a decimal number as a quoted string (e.g. "3", "10000.00", "0.25") or true/false for a yes-no indicator' },
);

/**
 * A change over a window: the quantity compared is the percent change from the observation
 * `cycles` audit cycles ago to the latest one, 100 × (latest − earlier) / earlier, and `percent`
 * is the signed decimal it is compared with ("-40" with "<=" means a fall of 40% or more).
 */
export const ChangeOverWindow = z.strictObject({
  percent: z.string().min(1).max(LIMITS.thresholdValue, `at most ${LIMITS.thresholdValue} characters`),
  cycles: whole(1, 100, 'cycles'),
});

/**
 * The rule that trips a test: `observed <comparison> value`, or with changeOverWindow,
 * `percentChange <comparison> changeOverWindow.percent` (then `value` is absent).
 */
export const Threshold = z
  .strictObject({
    comparison: Comparison,
    value: thresholdValue.optional(),
    changeOverWindow: ChangeOverWindow.optional(),
  })
  .superRefine(
    (t, ctx) => {
      if (!isRecord(t)) return;
      const hasValue = t.value !== undefined;
      const hasWindow = t.changeOverWindow !== undefined;
      if (hasValue === hasWindow)
        ctx.addIssue({
          code: 'custom',
          path: [],
          message: hasValue
            ? 'give either value (a level) or changeOverWindow (a change), not both: make two tests'
            : 'give value (e.g. "3") or changeOverWindow ({ percent, cycles })',
        });
    },
    { when: () => true },
  );
export type Threshold = z.output<typeof Threshold>;

/** One test of a principle: an indicator, its threshold, what tripping it means. */
export const Test = z.strictObject({
  indicator: Id.optional(),
  threshold: Threshold.optional(),
  severity: Severity,
});
export type Test = z.output<typeof Test>;

/** A non-negotiable: a principle that names its tests. */
export const Principle = z.strictObject({
  id: Id,
  title: ShortText,
  description: LongText.optional(),
  tests: list(Test, LIMITS.testsPerPrinciple, 'tests per principle'),
});
export type Principle = z.output<typeof Principle>;

// ---------------------------------------------------------------- audit, corrective, exit

export const Assignment = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all-to-all') }),
  z.strictObject({ kind: z.literal('rotating'), reviewers: whole(1, LIMITS.parties - 1, 'reviewers') }),
]);

export const Audit = z
  .strictObject({
    rhythm: z.enum(AUDIT_RHYTHMS),
    triadSize: whole(1, 15, 'triadSize').default(3),
    assignment: Assignment,
    quotas: list(z.strictObject({ role: z.literal('officeholder'), max: whole(0, 15, 'max') }), 10, 'quotas'),
    feedback: z.strictObject({ open: z.boolean(), windowDays: whole(1, 365, 'windowDays') }),
    /** The scorecard's dimensions (the essay lists five). */
    dimensions: list(z.strictObject({ id: Id, title: ShortText }), LIMITS.dimensions, 'dimensions').optional(),
  })
  .superRefine(
    (a, ctx) => {
      if (!isRecord(a) || !Array.isArray(a.quotas) || typeof a.triadSize !== 'number') return;
      a.quotas.forEach((q, i) => {
        if (typeof q?.max === 'number' && q.max > a.triadSize)
          ctx.addIssue({ code: 'custom', path: ['quotas', i, 'max'], message: `quota ${q.max} exceeds triadSize ${a.triadSize}` });
      });
    },
    { when: () => true },
  );
export type Audit = z.output<typeof Audit>;

export const Corrective = z.strictObject({
  actions: distinct(CorrectiveAction, CORRECTIVE_ACTIONS.length, 'corrective actions'),
  pauseForms: distinct(SupportForm, SUPPORT_FORMS.length, 'support forms'),
});

export const Benchmark = z
  .strictObject({ id: Id, text: LongText, indicator: Id.optional(), threshold: Threshold.optional() })
  .superRefine(
    (b, ctx) => {
      if (isRecord(b) && b.threshold !== undefined && b.indicator === undefined)
        ctx.addIssue({ code: 'custom', path: ['threshold'], message: 'a threshold needs the indicator it applies to: add indicator' });
    },
    { when: () => true },
  );
export type Benchmark = z.output<typeof Benchmark>;

/** Who decides disengagement; consent-by-silence: adopted unless a party objects within `days`. */
export const DecisionRule = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('unanimous') }),
  z.strictObject({ kind: z.literal('majority') }),
  z.strictObject({ kind: z.literal('consent-by-silence'), days: whole(1, 365, 'days') }),
]);

export const Reallocation = z.strictObject({
  toPeople: z.strictObject({ continue: distinct(SupportForm, SUPPORT_FORMS.length, 'support forms'), text: LongText.optional() }),
  toLeadership: z.strictObject({ stop: distinct(SupportForm, SUPPORT_FORMS.length, 'support forms'), text: LongText.optional() }),
  moveTo: LongText.optional(),
});

export const Exit = z.strictObject({
  warning: z.strictObject({ contains: LongText }),
  correctiveWindowDays: whole(1, 3650, 'correctiveWindowDays').optional(),
  benchmarks: list(Benchmark, LIMITS.benchmarks, 'benchmarks'),
  decisionRule: DecisionRule,
  /** A tripped red line opens the exit decision at once, without a corrective window. */
  redLineImmediate: z.boolean(),
  reallocation: Reallocation,
});
export type Exit = z.output<typeof Exit>;

// ---------------------------------------------------------------- the document

export const COVENANT_FORMAT = 'daylight-covenant/1';

export const CovenantShape = z
  .strictObject({
    format: z.literal(COVENANT_FORMAT, { error: `expected format: ${COVENANT_FORMAT}` }),
    title: ShortText.optional(),
    horizon: LongText,
    parties: z
      .array(Slug)
      .min(2, 'an alliance has at least two parties')
      .max(LIMITS.parties, `at most ${LIMITS.parties} parties`),
    indicators: list(Indicator, LIMITS.indicators, 'indicators'),
    principles: list(Principle, LIMITS.principles, 'principles'),
    tactics: z.strictObject({
      acceptable: list(LongText, LIMITS.tactics, 'acceptable tactics'),
      unacceptable: list(LongText, LIMITS.tactics, 'unacceptable tactics'),
    }),
    audit: Audit,
    corrective: Corrective,
    exit: Exit,
    renewal: z.strictObject({ every: whole(1, 100, 'every'), unit: z.enum(RENEWAL_UNITS) }),
    mirroring: list(z.strictObject({ party: Slug, pledge: LongText }), LIMITS.mirroring, 'mirroring pledges'),
  })
  .meta({ id: 'CovenantShape' });

/** The whole covenant: shape plus references between its parts. */
export const Covenant = CovenantShape.superRefine(
  (value, ctx) => {
    for (const p of crossChecks(value)) ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
  },
  { when: () => true },
).meta({
  id: 'Covenant',
  description: 'A solidarity covenant: horizon, non-negotiables with their tests, tactics, audit, corrective phase, exit protocol, renewal, mirroring.',
});

/** A validated covenant (defaults applied: audit.triadSize). */
export type Covenant = z.output<typeof Covenant>;
/** What a covenant file may say before defaults are applied. */
export type CovenantInput = z.input<typeof Covenant>;

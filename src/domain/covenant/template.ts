/**
 * The starter covenant (issue 3 §4): the essay's five non-negotiables, each with indicators and
 * thresholds concrete enough to audit, its five scorecard dimensions, a corrective phase, an exit
 * protocol with a 60-day window and restoration benchmarks, a reallocation plan that keeps support
 * to the people apart from support to a leadership, and renewal every 13 moons. Words in
 * template-text.ts (en original; es, fr, ar, pt). It lints clean (test/domain/covenant/lint.test.ts).
 *
 * Indicators and their tests (review opens a corrective phase; a red line opens the exit decision):
 *   pluralism-internal-democracy   days-since-assembly > 365 review
 *                                  members-sanctioned-for-dissent > 0 review
 *                                  former-comrades-imprisoned > 0 red line
 *   no-concentration-of-power      executive-authority-holders < 3 review
 *                                  executive-authority-holders change ≤ −40% over 2 cycles review
 *   funding-transparency           largest-undisclosed-transaction > <amount> <currency> review
 *                                  accounts-published = false review
 *                                  spending-itemized < 0.9 review
 *   no-discrimination              discrimination-allegations > 0 review
 *   limits-on-violence             abuse-allegations > 0 review
 *                                  civilian-abuse-allegations > 0 red line
 * "Transactions above an amount without a disclosed source" is kept as an amount indicator (the
 * largest such transaction) so that its currency is part of the indicator, not of a sentence.
 */
import { validateCovenant } from './io.js';
import { formatProblem } from './problems.js';
import { COVENANT_FORMAT, CURRENCY_PATTERN, SUPPORTED_LANGUAGES, type Comparison, type Covenant, type CovenantInput, type Severity, type SupportedLanguage, type Test, type Text } from './schema.js';
import * as T from './template-text.js';

export interface StarterOptions {
  /** organization slugs, at least two */
  parties: string[];
  /** which of en, es, fr, ar, pt to include, in order; default all five. The original is en when
   * included, else the first listed. */
  languages?: readonly SupportedLanguage[];
  /** ISO 4217 currency of the transaction threshold; default EUR */
  currency?: string;
  /** the transaction threshold as a decimal string; default "10000.00" */
  amount?: string;
}

const AMOUNT = /^(?:0|[1-9][0-9]{0,17})(?:\.[0-9]{1,6})?$/;

/** A fresh starter covenant. Throws Error with a one-line reason for bad options. */
export function starterCovenant(opts: StarterOptions): Covenant {
  const languages = opts.languages ?? SUPPORTED_LANGUAGES;
  if (languages.length === 0) throw new Error('languages: give at least one of en, es, fr, ar, pt');
  for (const l of languages)
    if (!(SUPPORTED_LANGUAGES as readonly string[]).includes(l)) throw new Error(`languages: '${l}' has no template text; choose among ${SUPPORTED_LANGUAGES.join(', ')}`);
  const currency = opts.currency ?? 'EUR';
  if (!CURRENCY_PATTERN.test(currency)) throw new Error(`currency '${currency}' is not an ISO 4217 code such as EUR or USD`);
  const amount = opts.amount ?? '10000.00';
  if (!AMOUNT.test(amount)) throw new Error(`amount '${amount}' is not a non-negative decimal such as 10000.00`);
  const original: SupportedLanguage = languages.includes('en') ? 'en' : (languages[0] as SupportedLanguage);
  const t = (five: T.Five): Text => ({ original, text: Object.fromEntries(languages.map((l) => [l, five[l]])) });
  const result = validateCovenant(build(opts.parties, t, currency, amount));
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('; '));
  return result.covenant;
}

type Tr = (five: T.Five) => Text;

function build(parties: string[], t: Tr, currency: string, amount: string): CovenantInput {
  return {
    format: COVENANT_FORMAT,
    title: t(T.TITLE),
    horizon: t(T.HORIZON),
    parties: [...parties],
    indicators: indicators(t, currency),
    principles: Object.entries(TESTS(amount)).map(([id, tests]) => ({
      id,
      title: t(text(T.PRINCIPLES, id).title),
      description: t(text(T.PRINCIPLES, id).description),
      tests,
    })),
    tactics: { acceptable: T.ACCEPTABLE_TACTICS.map(t), unacceptable: T.UNACCEPTABLE_TACTICS.map(t) },
    audit: {
      rhythm: 'lunar',
      triadSize: 3,
      assignment: { kind: 'all-to-all' },
      quotas: [{ role: 'officeholder', max: 1 }],
      feedback: { open: true, windowDays: 14 },
      dimensions: Object.entries(T.DIMENSIONS).map(([id, title]) => ({ id, title: t(title) })),
    },
    corrective: {
      actions: ['independent-investigation', 'facilitated-dialogue'],
      pauseForms: ['endorsement', 'propaganda-events'],
    },
    exit: {
      warning: { contains: t(T.WARNING_CONTAINS) },
      correctiveWindowDays: 60,
      benchmarks: benchmarks(t),
      decisionRule: { kind: 'majority' },
      redLineImmediate: true,
      reallocation: {
        toPeople: { continue: ['humanitarian-aid', 'cultural-exchange', 'grassroots-partnership'], text: t(T.TO_PEOPLE) },
        toLeadership: { stop: ['endorsement', 'funds', 'propaganda-events'], text: t(T.TO_LEADERSHIP) },
        moveTo: t(T.MOVE_TO),
      },
    },
    renewal: { every: 13, unit: 'moons' },
    mirroring: parties.map((party) => ({ party, pledge: t(T.MIRRORING_PLEDGE) })),
  };
}

const KINDS: Record<string, 'count' | 'yes-no' | 'days-since' | 'amount' | 'share'> = {
  'days-since-assembly': 'days-since',
  'members-sanctioned-for-dissent': 'count',
  'former-comrades-imprisoned': 'count',
  'executive-authority-holders': 'count',
  'largest-undisclosed-transaction': 'amount',
  'accounts-published': 'yes-no',
  'spending-itemized': 'share',
  'discrimination-allegations': 'count',
  'abuse-allegations': 'count',
  'civilian-abuse-allegations': 'count',
};

function indicators(t: Tr, currency: string): CovenantInput['indicators'] {
  return Object.entries(KINDS).map(([id, kind]) => {
    const words = text(T.INDICATORS, id);
    return {
      id,
      name: t(words.name),
      kind,
      ...(kind === 'amount' ? { currency } : {}),
      ...(id === 'largest-undisclosed-transaction' ? { fedBy: 'undisclosed-transactions' as const } : {}),
      ...(words.unit ? { unit: t(words.unit) } : {}),
      description: t(words.description),
    };
  });
}

const level = (indicator: string, comparison: Comparison, value: string | boolean, severity: Severity = 'review'): Test => ({
  indicator,
  threshold: { comparison, value },
  severity,
});

function TESTS(amount: string): Record<string, Test[]> {
  return {
    'pluralism-internal-democracy': [
      level('days-since-assembly', '>', '365'),
      level('members-sanctioned-for-dissent', '>', '0'),
      level('former-comrades-imprisoned', '>', '0', 'red-line'),
    ],
    'no-concentration-of-power': [
      level('executive-authority-holders', '<', '3'),
      { indicator: 'executive-authority-holders', threshold: { comparison: '<=', changeOverWindow: { percent: '-40', cycles: 2 } }, severity: 'review' },
    ],
    'funding-transparency': [
      level('largest-undisclosed-transaction', '>', amount),
      level('accounts-published', '=', false),
      level('spending-itemized', '<', '0.9'),
    ],
    'no-discrimination': [level('discrimination-allegations', '>', '0')],
    'limits-on-violence': [level('abuse-allegations', '>', '0'), level('civilian-abuse-allegations', '>', '0', 'red-line')],
  };
}

function benchmarks(t: Tr): CovenantInput['exit']['benchmarks'] {
  const b = (id: string, indicator?: string, comparison?: '<=' | '=', value?: string | boolean) => ({
    id,
    text: t(text(T.BENCHMARKS, id)),
    ...(indicator !== undefined && comparison !== undefined && value !== undefined ? { indicator, threshold: { comparison, value } } : {}),
  });
  return [
    b('assembly-held', 'days-since-assembly', '<=', '60'),
    b('comrades-released', 'former-comrades-imprisoned', '=', '0'),
    b('accounts-open', 'accounts-published', '=', true),
    b('investigation-published'),
  ];
}

function text<V>(table: Readonly<Record<string, V>>, id: string): V {
  const v = table[id];
  if (v === undefined) throw new Error(`template text for '${id}' is missing`);
  return v;
}

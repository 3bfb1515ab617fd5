/**
 * Lint codes and their English messages, in one table so they can be translated later: a finding
 * carries its message key and params, and a localized table with the same keys can render it.
 * Every message says where (by id), why it matters, and how to fix it.
 */
export const LINT_CODES = [
  'principle-without-test',
  'test-without-indicator',
  'red-line-unmeasured',
  'vague-word',
  'threshold-without-number',
  'threshold-kind-mismatch',
  'threshold-out-of-range',
  'unused-indicator',
  'exit-without-window',
  'exit-without-benchmarks',
  'reallocation-not-separated',
  'mirroring-missing',
] as const;
export type LintCode = (typeof LINT_CODES)[number];

export type LintParams = Readonly<Record<string, string | number>>;

const p = (params: LintParams, name: string): string => String(params[name] ?? '?');

/** English messages by key; a key is a code or `code.variant`. */
export const LINT_MESSAGES = {
  'principle-without-test': (x: LintParams) =>
    `Principle '${p(x, 'principle')}' has no test that names an indicator, so no audit can tell whether it holds: principles without procedure are poetry. Add a test with an indicator that would show a breach, a threshold and a severity.`,
  'test-without-indicator': (x: LintParams) =>
    `${p(x, 'where')} (principle '${p(x, 'principle')}') names no indicator, so it measures nothing. Name an indicator defined under indicators and give its threshold, or remove the test.`,
  'red-line-unmeasured': (x: LintParams) =>
    `${p(x, 'where')} (principle '${p(x, 'principle')}') is a red line that no indicator measures: a red line has to be visible before it is crossed. Name the indicator that would show it crossed, with its threshold.`,
  'vague-word.unmeasured': (x: LintParams) =>
    `The ${p(x, 'field')} of principle '${p(x, 'principle')}' (${p(x, 'lang')}) rests on ${p(x, 'words')}, and no test of this principle names an indicator: vague commitments cannot be audited. Add a test saying what would count as a breach, or rewrite it in terms someone can count or observe.`,
  'vague-word.title': (x: LintParams) =>
    `The title of principle '${p(x, 'principle')}' (${p(x, 'lang')}) is only vague words: "${p(x, 'title')}". Name what is protected concretely (for example "Internal elections at least once a year"), so readers know what its tests measure.`,
  'vague-word.benchmark': (x: LintParams) =>
    `Benchmark '${p(x, 'benchmark')}' (${p(x, 'lang')}) rests on ${p(x, 'words')} and names no indicator, so a party under warning cannot tell when it has met it. Name an indicator and threshold, or say concretely what must happen.`,
  'threshold-without-number.missing': (x: LintParams) =>
    `${p(x, 'where')} names indicator '${p(x, 'indicator')}' but gives no threshold, so nothing can trip it. Add threshold: { comparison, value }.`,
  'threshold-without-number.value': (x: LintParams) =>
    `${p(x, 'where')}: ${p(x, 'value')} is not a number, and indicator '${p(x, 'indicator')}' is ${p(x, 'kind')}. Write a decimal number as a quoted string, e.g. "3" or "10000.00" (no units, words or thousands separators).`,
  'threshold-without-number.percent': (x: LintParams) =>
    `${p(x, 'where')}: the change-over-window percent '${p(x, 'value')}' is not a number. Write a signed decimal such as "-40" (a fall of 40%).`,
  'threshold-without-number.currency': (x: LintParams) =>
    `Indicator '${p(x, 'indicator')}' is an amount without a currency, so its thresholds could mean any money. Add currency: an ISO 4217 code such as EUR or USD.`,
  'threshold-without-number.unit': (x: LintParams) =>
    `Indicator '${p(x, 'indicator')}' is a count without a unit, so its thresholds do not say what is counted. Add unit (people, transactions, allegations, …).`,
  'threshold-kind-mismatch.yes-no': (x: LintParams) =>
    `${p(x, 'where')}: indicator '${p(x, 'indicator')}' is yes-no, so its threshold can only be "= true", "= false" or their "!=". Use comparison = or != with value true or false.`,
  'threshold-kind-mismatch.window': (x: LintParams) =>
    `${p(x, 'where')}: indicator '${p(x, 'indicator')}' is yes-no and cannot change by a percentage. Use a level threshold: = true or = false.`,
  'threshold-out-of-range.whole': (x: LintParams) =>
    `${p(x, 'where')}: ${p(x, 'value')} is not a whole number from 0, and indicator '${p(x, 'indicator')}' is ${p(x, 'kind')}. Use a whole number such as "0" or "3".`,
  'threshold-out-of-range.share': (x: LintParams) =>
    `${p(x, 'where')}: ${p(x, 'value')} is outside 0 to 1, and indicator '${p(x, 'indicator')}' is a share (a fraction: "0.25" is a quarter). Write the share as a fraction from 0 to 1.`,
  'threshold-out-of-range.negative': (x: LintParams) =>
    `${p(x, 'where')}: ${p(x, 'value')} is negative, and indicator '${p(x, 'indicator')}' is an amount of money. Use an amount from 0.`,
  'threshold-out-of-range.percent': (x: LintParams) =>
    `${p(x, 'where')}: a change of ${p(x, 'value')}% is impossible (nothing falls by more than 100%). Use a percent from -100.`,
  'unused-indicator': (x: LintParams) =>
    `Indicator '${p(x, 'indicator')}' is defined but no principle's test uses it, so reading it triggers nothing. Use it in a test, or remove it.`,
  'exit-without-window': () =>
    'The exit protocol has no corrective window, so a warned party cannot know how long it has to meet the benchmarks. Set exit.correctiveWindowDays (the template uses 60 days).',
  'exit-without-benchmarks': () =>
    'The exit protocol has no restoration benchmarks, so nobody can say when full solidarity is restored. Add exit.benchmarks, each with an indicator and threshold where one fits.',
  'reallocation-not-separated.nothing-to-people': () =>
    'The reallocation plan lists no support that continues to the people, so leaving a leadership would abandon its people too. List what keeps going in exit.reallocation.toPeople.continue (e.g. humanitarian-aid, cultural-exchange, grassroots-partnership).',
  'reallocation-not-separated.nothing-from-leadership': () =>
    'The reallocation plan stops nothing to the leadership, so disengaging would change nothing for it. List what stops in exit.reallocation.toLeadership.stop (e.g. endorsement, funds, propaganda-events).',
  'reallocation-not-separated.both': (x: LintParams) =>
    `'${p(x, 'form')}' both continues to the people and stops to the leadership, so the plan does not say what happens to it. Keep it in one list; if part of it still reaches the people, say how in toPeople.text.`,
  'mirroring-missing': (x: LintParams) =>
    `Party '${p(x, 'party')}' has no local mirroring pledge: international solidarity that replaces local action becomes spectator activism. Add a mirroring entry for '${p(x, 'party')}' saying what it will do at home.`,
} as const satisfies Record<string, (x: LintParams) => string>;

export type LintMessageKey = keyof typeof LINT_MESSAGES;

/** The code a message key belongs to: the part before the first dot. */
export function codeOf(key: LintMessageKey): LintCode {
  return key.split('.')[0] as LintCode;
}

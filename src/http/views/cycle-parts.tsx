/**
 * Pieces shared by the audit pages (issue 4 §7): paths, instants in a chosen time zone, the
 * ordinal scale's words, dimension titles in the reader's language, scorecard status words.
 *
 * Instants are UTC in the store; a page shows them in the reader's time zone when the reader
 * named one (?tz=, an IANA name the platform's Intl knows), else in UTC, and the cycle overview
 * adds each party's own zone. The scale's words come from domain/audit/labels.ts, the same
 * words the published scorecard uses, so the form and the card cannot disagree.
 */
import type { ScorecardStatus } from '../../store/schema.js';
import type { Locale } from '../../i18n/index.js';
import { cycleName, scorecardLabels } from '../../domain/audit/labels.js';
import type { Rhythm } from '../../domain/audit/index.js';
import type { Text } from '../../domain/covenant/schema.js';
import { DIMENSIONS } from '../../domain/covenant/template-text.js';
import type { PageInfo } from './page.js';
import { Badge } from './covenant-parts.js';

export const cyclesPath = (alliance: string, n?: number): string => `/alliances/${alliance}/cycles${n === undefined ? '' : `?n=${n}`}`;
export const triadPath = (alliance: string, n: number): string => `/alliances/${alliance}/cycles/${n}/triad`;
export const calendarPath = (alliance: string): string => `/alliances/${alliance}/calendar.ics`;
export const scorecardPath = (id: number): string => `/scorecards/${id}`;

/** An IANA zone name the platform knows; bounded before Intl sees it. */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9_+\-/]{1,64}$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** An instant in `timeZone` (UTC when null), with the zone's short name so nobody misreads it. */
export function formatInstantIn(locale: Locale, iso: string, timeZone: string | null): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: timeZone ?? 'UTC',
    timeZoneName: 'short',
  }).format(d);
}

export function WhenIn(props: { page: PageInfo; at: string | null | undefined; tz: string | null }) {
  if (!props.at) return null;
  return <time datetime={props.at}>{formatInstantIn(props.page.locale, props.at, props.tz)}</time>;
}

/** A cycle's name in the reader's language: "lunation 1250", "2024, quarter 1" (the card's own words). */
export function cycleTitle(locale: Locale, rhythm: Rhythm, n: number): string {
  return cycleName(rhythm, n, scorecardLabels(locale).labels);
}

/** The scale's five words in the reader's language (0 breach … 4 exemplary). */
export function scaleWords(locale: Locale): readonly string[] {
  return scorecardLabels(locale).labels.scores;
}

/** A median's word: the score it rounds down to (2.5 reads "concern"), as the card says. */
export function medianWord(locale: Locale, value: number): string {
  return scaleWords(locale)[Math.max(0, Math.min(4, Math.floor(value)))]!;
}

export function formatScore(locale: Locale, value: number): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);
}

/**
 * A dimension's title in the reader's language: the covenant's own title when it has that
 * language, else the essay's title for the five default ids, else the covenant's original.
 */
export function dimensionTitle(id: string, locale: Locale, title?: Text): string {
  const own = title?.text as Record<string, string | undefined> | undefined;
  return own?.[locale] ?? DIMENSIONS[id]?.[locale] ?? (title ? own?.[title.original] : undefined) ?? id;
}

export function scorecardStatusLabel(page: PageInfo, status: ScorecardStatus): string {
  const { t } = page;
  return status === 'published' ? t('scorecard.status.published') : t('scorecard.status.draft');
}

export function CardStatus(props: { page: PageInfo; status: ScorecardStatus }) {
  return <Badge kind={props.status} label={scorecardStatusLabel(props.page, props.status)} />;
}

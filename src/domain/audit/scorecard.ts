/**
 * Scorecards, the pure part (issue 4 §4): checking ratings, deciding when a scorecard can be
 * finalized, and computing what is published.
 *
 * Ratings. Each triad member rates each dimension on the ordinal scale 0–4 (0 breach, 1 serious
 * concern, 2 concern, 3 meets, 4 exemplary; labels.ts translates them), with a note (public once
 * finalized) and evidence references (private for ever: they may name a witness, so they have
 * no field in anything computed here).
 *
 * Hostile text. A note is published in HTML, JSON and PDF, where every renderer escapes it; what
 * escaping cannot neutralize is refused: control characters other than tab and newline, carriage
 * returns (one line-break form), lone surrogates, and the bidirectional embedding, override and
 * isolate controls (U+202A–U+202E, U+2066–U+2069), which reorder how the surrounding published
 * text reads ("Trojan Source", CVE-2021-42574). The renderers set each note's direction themselves.
 *
 * Finalizing (the rule, documented here once): every triad member who has rated at all must have
 * rated every dimension (half a card is not a card), and at least two members must have — or the
 * whole triad when it is smaller than two — so that agreement can be measured. A member who rated
 * nothing is simply not among the published raters.
 *
 * Per dimension, published:
 *   median   the middle rating; with an even number of raters the mean of the two middle ones
 *            (so 2.5 is possible with two raters)
 *   spread   the range, min and max: with three raters the interquartile range says little more
 *            than the range, and the range shows a single dissenting rating, which is the point
 *   n        the number of ratings
 * Agreement: Krippendorff's alpha, ordinal (alpha.ts), observers = raters, units = dimensions,
 * rounded to 3 decimals; null when undefined (fewer than two pairable ratings, or no variation).
 * Previous: the medians of the reviewee's latest earlier published scorecard, beside the new.
 * Recent changes: per dimension, how the median moved since then (up, down, same, or new when the
 * earlier scorecard did not score it); narrative() writes it as sentences in the card's language.
 * Indicators: readings against their thresholds for the period — issue 5 supplies them; until
 * then the list is empty and the card says so.
 */
import { AuditInputError } from './errors.js';
import { alpha } from './alpha.js';
import { type Cycle, type Rhythm } from './cycles.js';
import { cycleName, fill, scorecardLabels, type Score } from './labels.js';
import type { SupportedLanguage } from '../covenant/schema.js';

export const SCORECARD_FORMAT = 'daylight-scorecard/1';
export const SCORES: readonly Score[] = [0, 1, 2, 3, 4];
/** The essay's five dimensions, in its order, for covenants that name none. */
export const DEFAULT_DIMENSIONS = ['decision-making', 'finances', 'dissent', 'tactics', 'external-alliances'] as const;

export const RATING_LIMITS = Object.freeze({
  /** a typical card (3 raters × 5 notes of a few hundred characters) fits three pages */
  note: 1500,
  evidence: 10,
  evidenceRef: 500,
});

/** A rating as submitted: evidence stays private (stored, never published). */
export interface Rating {
  dimension: string;
  score: Score;
  note: string;
  evidence: string[];
}

/** A rating as published: who, what, why — no evidence. */
export interface PublicRating {
  rater: string;
  dimension: string;
  score: number;
  note: string;
}

const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u;
const ONE_LINE_CONTROL = /[\u0000-\u001F\u007F-\u009F]/u;
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
const LONE_SURROGATE = /\p{Cs}/u;

/** A note as it will be published, or AuditInputError naming what is wrong with it. */
export function checkNote(value: unknown, what = 'note'): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new AuditInputError(`${what} must be text`);
  const text = value.trim();
  if (text.length > RATING_LIMITS.note) {
    throw new AuditInputError(`${what} is ${text.length} characters; at most ${RATING_LIMITS.note}: a scorecard is two or three pages, link the rest as evidence`);
  }
  checkCharacters(text, what, true);
  return text;
}

function checkCharacters(text: string, what: string, multiline: boolean): void {
  const c = (multiline ? CONTROL : ONE_LINE_CONTROL).exec(text);
  if (c) {
    if (c[0] === '\r') throw new AuditInputError(`${what} contains a carriage return: use plain newlines`);
    if (c[0] === '\n') throw new AuditInputError(`${what} must be one line`);
    throw new AuditInputError(`${what} contains a control character (${codePoint(c[0])}): remove it`);
  }
  const b = BIDI_CONTROL.exec(text);
  if (b) {
    throw new AuditInputError(
      `${what} contains a bidirectional control (${codePoint(b[0])}) that would reorder how the published text reads: remove it; each note's direction is set when it is published`,
    );
  }
  if (LONE_SURROGATE.test(text)) throw new AuditInputError(`${what} is not valid Unicode (a lone surrogate)`);
}

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** A score: a whole number 0–4. */
export function checkScore(value: unknown, what = 'score'): Score {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 4) {
    const got = typeof value === 'number' || typeof value === 'string' ? String(value) : typeof value;
    throw new AuditInputError(`${what} must be a whole number from 0 to 4 (0 breach, 1 serious concern, 2 concern, 3 meets, 4 exemplary), got ${got.slice(0, 40)}`);
  }
  return value as Score;
}

function checkEvidence(value: unknown, what: string): string[] {
  if (value === undefined || value === null) return [];
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list)) throw new AuditInputError(`${what} must be a list of references`);
  if (list.length > RATING_LIMITS.evidence) throw new AuditInputError(`${what}: at most ${RATING_LIMITS.evidence} references per rating`);
  return list.map((ref, i) => {
    const at = `${what}[${i}]`;
    if (typeof ref !== 'string' || ref.trim() === '') throw new AuditInputError(`${at} must be a non-empty reference (a document name, a link, a file number)`);
    if (ref.length > RATING_LIMITS.evidenceRef) throw new AuditInputError(`${at} is longer than ${RATING_LIMITS.evidenceRef} characters`);
    checkCharacters(ref, at, false);
    return ref.trim();
  });
}

/** One rating of one of `dimensions`, checked; the dimension names in the message are the valid ones. */
export function checkRating(value: unknown, dimensions: readonly string[], what = 'rating'): Rating {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AuditInputError(`${what} must be an object with dimension, score, and optionally note and evidence`);
  }
  const r = value as Record<string, unknown>;
  const unknown = Object.keys(r).find((k) => !['dimension', 'score', 'note', 'evidence'].includes(k));
  if (unknown !== undefined) throw new AuditInputError(`${what} has an unknown field "${unknown.slice(0, 40)}": use dimension, score, note, evidence`);
  if (typeof r.dimension !== 'string' || !dimensions.includes(r.dimension)) {
    throw new AuditInputError(`${what}: unknown dimension "${String(r.dimension).slice(0, 64)}"; use one of ${dimensions.join(', ')}`);
  }
  return {
    dimension: r.dimension,
    score: checkScore(r.score, `${what}: score`),
    note: checkNote(r.note, `${what}: note`),
    evidence: checkEvidence(r.evidence, `${what}: evidence`),
  };
}

/** One or more ratings by one rater, each dimension at most once. */
export function checkRatings(value: unknown, dimensions: readonly string[]): Rating[] {
  if (!Array.isArray(value) || value.length === 0) throw new AuditInputError('no ratings: give at least one dimension with its score');
  if (value.length > dimensions.length) throw new AuditInputError(`at most ${dimensions.length} ratings, one per dimension`);
  const out = value.map((v, i) => checkRating(v, dimensions, value.length === 1 ? 'rating' : `rating ${i + 1}`));
  const seen = new Set<string>();
  for (const r of out) {
    if (seen.has(r.dimension)) throw new AuditInputError(`dimension "${r.dimension}" is rated twice: give each dimension once`);
    seen.add(r.dimension);
  }
  return out;
}

// ---------------------------------------------------------------- finalizing

export interface Readiness {
  /** rated every dimension, in triad order */
  complete: string[];
  partial: { rater: string; missing: string[] }[];
  /** rated nothing */
  absent: string[];
}

export function readiness(triad: readonly string[], dimensions: readonly string[], rated: readonly { rater: string; dimension: string }[]): Readiness {
  const out: Readiness = { complete: [], partial: [], absent: [] };
  for (const member of triad) {
    const mine = new Set(rated.filter((r) => r.rater === member).map((r) => r.dimension));
    const missing = dimensions.filter((d) => !mine.has(d));
    if (mine.size === 0) out.absent.push(member);
    else if (missing.length === 0) out.complete.push(member);
    else out.partial.push({ rater: member, missing });
  }
  return out;
}

/** The raters a finalized card publishes, or AuditInputError saying what is still missing. */
export function checkFinalizable(triad: readonly string[], dimensions: readonly string[], rated: readonly { rater: string; dimension: string }[]): string[] {
  const r = readiness(triad, dimensions, rated);
  const first = r.partial[0];
  if (first !== undefined) {
    throw new AuditInputError(`${first.rater} has not rated ${first.missing.join(', ')}: every member who rates rates every dimension before the scorecard is finalized`);
  }
  const needed = Math.min(2, triad.length);
  if (r.complete.length < needed) {
    throw new AuditInputError(`${r.complete.length} of the triad have rated; at least ${needed} must rate every dimension before the scorecard is finalized`);
  }
  return r.complete;
}

// ---------------------------------------------------------------- the public scorecard

export interface DimensionTitle {
  id: string;
  title: string;
}

export interface PreviousScores {
  cycle: number;
  reviewer: string;
  dimensions: { id: string; median: number }[];
}

/** A reading of an early-warning indicator against its threshold (issue 5 fills these). */
export interface IndicatorReading {
  indicator: string;
  name: string;
  value: string;
  threshold: string;
  tripped: boolean;
}

export type ChangeKind = 'up' | 'down' | 'same' | 'new';

export interface Change {
  dimension: string;
  kind: ChangeKind;
  from: number | null;
  to: number;
}

export interface DimensionScores {
  id: string;
  title: string;
  median: number;
  min: number;
  max: number;
  n: number;
  ratings: { rater: string; score: number; note: string }[];
}

/** The published scorecard: the JSON document, and what the HTML and PDF are rendered from. */
export interface PublicScorecard {
  format: typeof SCORECARD_FORMAT;
  alliance: string;
  rhythm: Rhythm;
  cycle: number;
  start: string;
  end: string;
  reviewer: string;
  reviewee: string;
  lang: SupportedLanguage;
  triad: string[];
  raters: string[];
  dimensions: DimensionScores[];
  alpha: number | null;
  previous: PreviousScores | null;
  changes: Change[];
  indicators: IndicatorReading[];
}

export interface ScorecardInput {
  alliance: string;
  rhythm: Rhythm;
  cycle: Cycle;
  reviewer: string;
  reviewee: string;
  lang: SupportedLanguage;
  dimensions: readonly DimensionTitle[];
  /** the triad, in drawn order */
  triad: readonly string[];
  ratings: readonly PublicRating[];
  previous: PreviousScores | null;
  indicators: readonly IndicatorReading[];
}

export function computeScorecard(input: ScorecardInput): PublicScorecard {
  const ids = input.dimensions.map((d) => d.id);
  const raters = checkFinalizable(input.triad, ids, input.ratings);
  const ratings = input.ratings.filter((r) => raters.includes(r.rater));
  const dimensions = input.dimensions.map((d) => dimensionScores(d, raters, ratings));
  return {
    format: SCORECARD_FORMAT,
    alliance: input.alliance,
    rhythm: input.rhythm,
    cycle: input.cycle.n,
    start: input.cycle.start,
    end: input.cycle.end,
    reviewer: input.reviewer,
    reviewee: input.reviewee,
    lang: input.lang,
    triad: [...input.triad],
    raters,
    dimensions,
    alpha: agreement(raters, ids, ratings),
    previous: input.previous,
    changes: changes(dimensions, input.previous),
    indicators: input.indicators.map((i) => ({ ...i })),
  };
}

function dimensionScores(d: DimensionTitle, raters: readonly string[], ratings: readonly PublicRating[]): DimensionScores {
  const mine = raters.map((rater) => {
    const r = ratings.find((x) => x.rater === rater && x.dimension === d.id);
    // checkFinalizable saw every rater rate every dimension: a gap here is a bug.
    if (r === undefined) throw new Error(`${rater} has no rating of ${d.id}`);
    return { rater, score: checkScore(r.score), note: r.note };
  });
  const scores = mine.map((r) => r.score);
  return { id: d.id, title: d.title, median: median(scores), min: Math.min(...scores), max: Math.max(...scores), n: scores.length, ratings: mine };
}

/** The middle value; the mean of the two middle values of an even count. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Krippendorff's alpha (ordinal), raters × dimensions, rounded to 3 decimals; null if undefined. */
function agreement(raters: readonly string[], ids: readonly string[], ratings: readonly PublicRating[]): number | null {
  const data = raters.map((rater) => ids.map((id) => ratings.find((r) => r.rater === rater && r.dimension === id)?.score ?? null));
  const a = alpha(data, 'ordinal');
  return a === null ? null : Math.round(a * 1000) / 1000;
}

export function changes(current: readonly { id: string; median: number }[], previous: PreviousScores | null): Change[] {
  if (previous === null) return [];
  return current.map((d) => {
    const before = previous.dimensions.find((p) => p.id === d.id);
    if (before === undefined) return { dimension: d.id, kind: 'new' as const, from: null, to: d.median };
    const kind: ChangeKind = d.median > before.median ? 'up' : d.median < before.median ? 'down' : 'same';
    return { dimension: d.id, kind, from: before.median, to: d.median };
  });
}

/** The scale label of a median: the label of the score it rounds down to (2.5 reads "concern"). */
export function scoreLabel(value: number, lang: string): string {
  const { labels } = scorecardLabels(lang);
  return labels.scores[Math.max(0, Math.min(4, Math.floor(value)))]!;
}

/** "Recent changes" as sentences in the card's language; one sentence when nothing came before. */
export function narrative(s: PublicScorecard): string[] {
  const { labels } = scorecardLabels(s.lang);
  if (s.previous === null) return [fill(labels.noPrevious, { reviewee: s.reviewee })];
  const cycle = cycleName(s.rhythm, s.previous.cycle, labels);
  const template = { up: labels.changeUp, down: labels.changeDown, same: labels.changeSame, new: labels.changeNew };
  return s.changes.map((c) => {
    const title = s.dimensions.find((d) => d.id === c.dimension)?.title ?? c.dimension;
    return fill(template[c.kind], { dimension: title, to: formatScore(c.to), label: scoreLabel(c.to, s.lang), from: c.from === null ? '' : formatScore(c.from), cycle });
  });
}

/** 3 → "3", 2.5 → "2.5". */
export function formatScore(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/**
 * Grassroots feedback, the pure part (issue 4 §5): the proof-of-work puzzle and its check, the
 * checks on what a respondent writes, and the summary the next cycle's triads read.
 * No I/O, no clock, no randomness: the time, the secret and the rows are arguments.
 *
 * Challenge (stateless, HMAC-bound; docs/security.md "Feedback without accounts"):
 *   challenge = "dlf1." sid "." issued "." bits "." salt "." mac
 *   mac       = hex(HMAC-SHA256(secret, "daylight-feedback-challenge/1\n" sid "\n" issued "\n" bits "\n" salt "\n"))[0:32]
 * sid is the scorecard's row id, issued whole Unix seconds, bits the difficulty D, salt 16 hex
 * digits the caller draws at random (so two people who open the form in the same second get
 * different challenges, and one's answer does not spend the other's). The server
 * keeps no state for an issued challenge; a spent one is remembered by SHA-256(challenge) until
 * it expires (services/feedback.ts), so each is used once.
 *
 * Two ways to satisfy a challenge, both before issued + CHALLENGE_TTL_S:
 *   work   a nonce (1–64 of [A-Za-z0-9_-]) with lz(SHA-256(utf8(challenge) ‖ utf8(nonce))) ≥ bits,
 *          lz = the number of leading zero bits. Expected cost 2^bits hashes: 2^16 ≈ 65,536,
 *          about 0.1 s of plain JavaScript.
 *   wait   no nonce, submitted at or after issued + WAIT_S: the path for JavaScript-off browsers.
 *          Writing a few sentences takes longer than the wait, so a person rarely notices it.
 * Neither is a wall against a determined sender; the per-scorecard rate limit is what bounds the
 * volume, and both exist so that a naive script pays something per answer. No IP address is
 * read or kept for any of it.
 *
 * Text (what escaping cannot neutralize is refused; the rest is stored as written and escaped
 * wherever it is shown): at most MAX_TEXT characters (code points) after trimming; line breaks
 * CRLF and CR arrive from HTML forms (a textarea submits CRLF) and become LF; any other control
 * character, a bidirectional embedding/override/isolate control (U+202A–U+202E, U+2066–U+2069,
 * "Trojan Source", CVE-2021-42574) or a lone surrogate is refused with its code point named.
 */
import { createHmac, hash, timingSafeEqual } from 'node:crypto';

export const CHALLENGE_PREFIX = 'dlf1';
/** D: 16 leading zero bits, 2^16 hashes expected. */
export const POW_BITS = 16;
export const MIN_POW_BITS = 8;
export const MAX_POW_BITS = 24;
/** A challenge lives two hours: long enough to write an answer with the page open. */
export const CHALLENGE_TTL_S = 2 * 60 * 60;
/** The JavaScript-off path: submit no sooner than this after the challenge was issued. */
export const WAIT_S = 10;
/** Issued "in the future" by more than this (clock skew between servers) is refused. */
const SKEW_S = 60;

export const FEEDBACK_LIMITS = Object.freeze({
  text: 2000,
  pseudonym: 80,
  nonce: 64,
  challenge: 128,
});

/** Refused feedback input: `reason` says which check, the message says what to do. */
export type FeedbackReason =
  | 'text'
  | 'pseudonym'
  | 'dimension'
  | 'challenge-invalid'
  | 'challenge-expired'
  | 'challenge-early'
  | 'challenge-reused'
  | 'work'
  | 'closed'
  | 'rate-limited';

export class FeedbackInputError extends Error {
  constructor(
    readonly reason: FeedbackReason,
    message: string,
  ) {
    super(message);
    this.name = 'FeedbackInputError';
  }
}

// ---------------------------------------------------------------- challenge

export interface Challenge {
  scorecardId: number;
  /** Unix seconds */
  issued: number;
  bits: number;
  /** 16 lowercase hex digits */
  salt: string;
}

function macOf(secret: Uint8Array, c: Challenge): string {
  const text = `daylight-feedback-challenge/1\n${c.scorecardId}\n${c.issued}\n${c.bits}\n${c.salt}\n`;
  return createHmac('sha256', secret).update(text, 'utf8').digest('hex').slice(0, 32);
}

/** The challenge string for a scorecard, issued at `at`; `salt` is 8 random bytes as 16 hex digits. */
export function issueChallenge(secret: Uint8Array, scorecardId: number, at: Date, salt: string, bits = POW_BITS): string {
  if (!Number.isSafeInteger(scorecardId) || scorecardId < 1) throw new Error(`scorecard id ${scorecardId} is not a row id`);
  if (!Number.isInteger(bits) || bits < MIN_POW_BITS || bits > MAX_POW_BITS) throw new Error(`difficulty ${bits} is out of range`);
  if (!/^[0-9a-f]{16}$/.test(salt)) throw new Error('a challenge salt is 16 lowercase hex digits');
  const c = { scorecardId, issued: Math.floor(at.getTime() / 1000), bits, salt };
  return `${CHALLENGE_PREFIX}.${c.scorecardId}.${c.issued}.${c.bits}.${c.salt}.${macOf(secret, c)}`;
}

const CHALLENGE_RE = /^dlf1\.([1-9][0-9]{0,15})\.([1-9][0-9]{0,11})\.([0-9]{1,2})\.([0-9a-f]{16})\.([0-9a-f]{32})$/;

/**
 * The challenge's fields if this server issued it (the MAC checks); parsing is canonical: the
 * re-encoding must equal the input. Not checked here: time, the scorecard it is used on.
 */
export function openChallenge(secret: Uint8Array, text: unknown): Challenge {
  const invalid = new FeedbackInputError('challenge-invalid', 'the challenge is not one this server issued: fetch a new challenge and answer again');
  if (typeof text !== 'string' || text.length > FEEDBACK_LIMITS.challenge) throw invalid;
  const m = CHALLENGE_RE.exec(text);
  if (m === null) throw invalid;
  const c = { scorecardId: Number(m[1]), issued: Number(m[2]), bits: Number(m[3]), salt: m[4]! };
  if (!Number.isSafeInteger(c.scorecardId) || c.bits < MIN_POW_BITS || c.bits > MAX_POW_BITS) throw invalid;
  const want = Buffer.from(macOf(secret, c), 'hex');
  if (!timingSafeEqual(want, Buffer.from(m[5]!, 'hex'))) throw invalid;
  return c;
}

/** Number of leading zero bits of a digest. */
export function leadingZeroBits(digest: Uint8Array): number {
  let n = 0;
  for (const byte of digest) {
    if (byte === 0) {
      n += 8;
      continue;
    }
    // Math.clz32 counts in 32 bits; a byte sits in the low 8.
    return n + Math.clz32(byte) - 24;
  }
  return n;
}

const NONCE_RE = /^[A-Za-z0-9_-]{1,64}$/;

/** SHA-256(utf8(challenge) ‖ utf8(nonce)) */
export function workDigest(challenge: string, nonce: string): Buffer {
  return hash('sha256', Buffer.from(challenge + nonce, 'utf8'), 'buffer');
}

/** True when the nonce is well formed and lz(SHA-256(challenge ‖ nonce)) ≥ bits. */
export function checkWork(challenge: string, nonce: string, bits: number): boolean {
  return NONCE_RE.test(nonce) && leadingZeroBits(workDigest(challenge, nonce)) >= bits;
}

/** The smallest decimal nonce from `start` that satisfies the challenge (what a client runs). */
export function solveWork(challenge: string, bits: number, start = 0): string {
  for (let i = start; i < Number.MAX_SAFE_INTEGER; i++) {
    const nonce = String(i);
    if (leadingZeroBits(workDigest(challenge, nonce)) >= bits) return nonce;
  }
  throw new Error('no nonce below 2^53');
}

/** When a challenge may be used: [notBefore (wait path only), expires). Unix seconds. */
export function challengeTimes(c: Challenge): { notBefore: number; expires: number } {
  return { notBefore: c.issued + WAIT_S, expires: c.issued + CHALLENGE_TTL_S };
}

/**
 * Checks a challenge answer for scorecard `scorecardId` at `now`: issued here, for this
 * scorecard, not expired, and either a nonce that does the work or (no nonce) after the wait.
 * Does not know whether it was used before: the service checks that against its spent set.
 */
export function checkAnswer(secret: Uint8Array, input: { challenge: unknown; nonce?: unknown }, scorecardId: number, now: Date): Challenge {
  const c = openChallenge(secret, input.challenge);
  if (c.scorecardId !== scorecardId) {
    throw new FeedbackInputError('challenge-invalid', 'the challenge was issued for another scorecard: fetch a challenge from this scorecard’s page');
  }
  const t = Math.floor(now.getTime() / 1000);
  const { notBefore, expires } = challengeTimes(c);
  if (c.issued > t + SKEW_S) throw new FeedbackInputError('challenge-invalid', 'the challenge is dated in the future: fetch a new challenge and answer again');
  if (t >= expires) {
    throw new FeedbackInputError('challenge-expired', `the challenge expired (it is valid ${CHALLENGE_TTL_S / 3600} hours): fetch a new one and send your answer again`);
  }
  const nonce = input.nonce;
  if (nonce === undefined || nonce === null || nonce === '') {
    if (t < notBefore) {
      throw new FeedbackInputError('challenge-early', `sent ${notBefore - t} seconds too soon: wait a moment and send the form again (this pause stands in for the check your browser runs with JavaScript on)`);
    }
    return c;
  }
  if (typeof nonce !== 'string' || !checkWork(input.challenge as string, nonce, c.bits)) {
    throw new FeedbackInputError('work', `the proof of work does not check: SHA-256(challenge ‖ nonce) must start with ${c.bits} zero bits; solve the challenge again, or send no nonce and wait ${WAIT_S} seconds`);
  }
  return c;
}

// ---------------------------------------------------------------- text

const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u;
const ONE_LINE_CONTROL = /[\u0000-\u001F\u007F-\u009F]/u;
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
const LONE_SURROGATE = /\p{Cs}/u;

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

function checkCharacters(text: string, what: string, reason: FeedbackReason, multiline: boolean): void {
  if (LONE_SURROGATE.test(text)) throw new FeedbackInputError(reason, `${what} is not valid Unicode (a lone surrogate)`);
  const c = (multiline ? CONTROL : ONE_LINE_CONTROL).exec(text);
  if (c) {
    if (c[0] === '\n' || c[0] === '\r') throw new FeedbackInputError(reason, `${what} must be one line`);
    throw new FeedbackInputError(reason, `${what} contains a control character (${codePoint(c[0])}): remove it`);
  }
  const b = BIDI_CONTROL.exec(text);
  if (b) {
    throw new FeedbackInputError(reason, `${what} contains a bidirectional control (${codePoint(b[0])}) that would reorder how the published text reads: remove it`);
  }
}

/** Length in code points, so a limit means the same in Arabic, Latin or emoji. */
export function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** The answer's text as it will be stored: line breaks as LF, trimmed, 1..MAX characters. */
export function checkFeedbackText(value: unknown): string {
  if (typeof value !== 'string') throw new FeedbackInputError('text', 'the answer must be text');
  const text = value.replace(/\r\n?/g, '\n').trim();
  if (text === '') throw new FeedbackInputError('text', 'the answer is empty: write something');
  // Bounded before scanning: a huge body is refused by its UTF-16 length first.
  if (text.length > 2 * FEEDBACK_LIMITS.text || codePoints(text) > FEEDBACK_LIMITS.text) {
    throw new FeedbackInputError('text', `the answer is ${codePoints(text.slice(0, 4 * FEEDBACK_LIMITS.text))} characters; at most ${FEEDBACK_LIMITS.text}: shorten it`);
  }
  checkCharacters(text, 'the answer', 'text', true);
  return text;
}

/** An optional pseudonym: null for none (then no name is stored at all). */
export function checkFeedbackPseudonym(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new FeedbackInputError('pseudonym', 'a pseudonym must be text');
  const p = value.trim();
  if (p === '') return null;
  if (codePoints(p) > FEEDBACK_LIMITS.pseudonym) throw new FeedbackInputError('pseudonym', `a pseudonym is at most ${FEEDBACK_LIMITS.pseudonym} characters`);
  checkCharacters(p, 'the pseudonym', 'pseudonym', false);
  return p;
}

/** null (overall) or one of the cycle's dimensions. */
export function checkFeedbackDimension(value: unknown, dimensions: readonly string[]): string | null {
  if (value === undefined || value === null || value === '' || value === 'overall') return null;
  if (typeof value !== 'string' || !dimensions.includes(value)) {
    throw new FeedbackInputError('dimension', `unknown dimension "${String(value).slice(0, 64)}": answer overall or on one of ${dimensions.join(', ')}`);
  }
  return value;
}

/** A moderator's public reason for hiding: one line, 3 to 500 characters. */
export const MAX_HIDE_REASON = 500;
export function checkHideReason(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new FeedbackInputError('text', 'hiding needs a public reason: say why, in one line (it is archived for everyone to read)');
  }
  const r = value.trim();
  if (codePoints(r) < 3 || codePoints(r) > MAX_HIDE_REASON) throw new FeedbackInputError('text', `a reason is 3 to ${MAX_HIDE_REASON} characters`);
  checkCharacters(r, 'the reason', 'text', false);
  return r;
}

// ---------------------------------------------------------------- summary

export interface FeedbackRow {
  id: number;
  reviewer: string;
  reviewee: string;
  dimension: string | null;
  text: string;
  pseudonym: string | null;
  createdAt: string;
  hidden: { at: string; reason: string } | null;
}

export interface DimensionSummary {
  /** null: overall */
  dimension: string | null;
  count: number;
  hidden: number;
  /** the newest visible answers first, at most `recent` of them */
  recent: { id: number; reviewer: string; text: string; pseudonym: string | null; at: string }[];
}

export interface PartySummary {
  reviewee: string;
  count: number;
  hidden: number;
  dimensions: DimensionSummary[];
}

export const SUMMARY_RECENT = 3;

/**
 * Per reviewed party (slug order) and dimension (overall first, then the cycle's order, every
 * one listed even when nobody answered on it, so silence shows):
 *   count   every answer, hidden ones included (count = visible + hidden)
 *   hidden  how many a moderator hid
 *   recent  up to `recent` visible answers, newest first (ties: higher id first)
 * Hidden answers' texts never appear. Every party of `reviewees` is listed, answered or not.
 */
export function summarizeFeedback(
  rows: readonly FeedbackRow[],
  opts: { reviewees: readonly string[]; dimensions: readonly string[]; recent?: number },
): PartySummary[] {
  const recent = opts.recent ?? SUMMARY_RECENT;
  const extra = [...new Set(rows.map((r) => r.dimension))].filter((d): d is string => d !== null && !opts.dimensions.includes(d)).sort();
  const order = [null, ...opts.dimensions, ...extra];
  const newestFirst = [...rows].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.id - a.id));
  return [...new Set(opts.reviewees)].sort().map((reviewee) => {
    const mine = newestFirst.filter((r) => r.reviewee === reviewee);
    const dims = order.map((dimension) => {
      const here = mine.filter((r) => r.dimension === dimension);
      return {
        dimension,
        count: here.length,
        hidden: here.filter((r) => r.hidden !== null).length,
        recent: here
          .filter((r) => r.hidden === null)
          .slice(0, recent)
          .map((r) => ({ id: r.id, reviewer: r.reviewer, text: r.text, pseudonym: r.pseudonym, at: r.createdAt })),
      };
    });
    return {
      reviewee,
      count: mine.length,
      hidden: mine.filter((r) => r.hidden !== null).length,
      dimensions: dims,
    };
  });
}

/** What a public view shows for an answer: its text, or "hidden: <reason>". */
export function shownText(row: Pick<FeedbackRow, 'text' | 'hidden'>): string {
  return row.hidden === null ? row.text : `hidden: ${row.hidden.reason}`;
}

/**
 * Feedback, the pure part: the proof-of-work puzzle (leading zero bits, the digest's input order
 * checked against the FIPS 180-4 "abc" example), challenges bound by HMAC to a scorecard and a
 * time, the wait path for JavaScript-off browsers, text and pseudonym checks, and the summary.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHALLENGE_TTL_S,
  FEEDBACK_LIMITS,
  FeedbackInputError,
  POW_BITS,
  WAIT_S,
  checkAnswer,
  checkFeedbackDimension,
  checkFeedbackPseudonym,
  checkFeedbackText,
  checkHideReason,
  checkWork,
  issueChallenge,
  leadingZeroBits,
  openChallenge,
  shownText,
  solveWork,
  summarizeFeedback,
  workDigest,
  type FeedbackReason,
  type FeedbackRow,
} from '../../src/domain/feedback.js';

const SECRET = Buffer.alloc(32, 7);
const SALT = '0123456789abcdef';
const T = new Date('2026-11-25T10:00:00.000Z');
const later = (s: number) => new Date(T.getTime() + s * 1000);

function reason(fn: () => unknown): FeedbackReason {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FeedbackInputError);
    return (e as FeedbackInputError).reason;
  }
  throw new Error('expected a refusal');
}

describe('the puzzle', () => {
  it('counts leading zero bits', () => {
    expect(leadingZeroBits(Uint8Array.from([0x80]))).toBe(0);
    expect(leadingZeroBits(Uint8Array.from([0x01]))).toBe(7);
    expect(leadingZeroBits(Uint8Array.from([0x00, 0x00, 0x80]))).toBe(16);
    expect(leadingZeroBits(Uint8Array.from([0x00, 0x0f, 0xff]))).toBe(12);
    expect(leadingZeroBits(new Uint8Array(32))).toBe(256);
  });

  it('leading zero bits agree with the binary expansion (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), (bytes) => {
        const bits = [...bytes].map((b) => b.toString(2).padStart(8, '0')).join('');
        const lz = bits.indexOf('1') === -1 ? bits.length : bits.indexOf('1');
        expect(leadingZeroBits(bytes)).toBe(lz);
      }),
    );
  });

  it('hashes challenge ‖ nonce, in that order (FIPS 180-4 example: SHA-256("abc"))', () => {
    // FIPS 180-4 / NIST "SHA256.pdf" example: SHA-256("abc")
    expect(workDigest('ab', 'c').toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(workDigest('a', 'bc').toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('a solved nonce does the work and the one before it (if any smaller) does not', () => {
    const challenge = issueChallenge(SECRET, 42, T, SALT, 12);
    const nonce = solveWork(challenge, 12);
    expect(checkWork(challenge, nonce, 12)).toBe(true);
    expect(leadingZeroBits(createHash('sha256').update(challenge + nonce).digest())).toBeGreaterThanOrEqual(12);
    for (let i = 0; i < Number(nonce); i++) expect(checkWork(challenge, String(i), 12)).toBe(false);
    // malformed nonces are refused before hashing
    expect(checkWork(challenge, `${nonce} `, 12)).toBe(false);
    expect(checkWork(challenge, '', 12)).toBe(false);
    expect(checkWork(challenge, 'x'.repeat(65), 12)).toBe(false);
  });
});

describe('challenges', () => {
  it('round-trips and names its scorecard, time and difficulty', () => {
    const c = issueChallenge(SECRET, 9, T, SALT);
    expect(c).toMatch(/^dlf1\.9\.1795600800\.16\.0123456789abcdef\.[0-9a-f]{32}$/);
    expect(openChallenge(SECRET, c)).toEqual({ scorecardId: 9, issued: T.getTime() / 1000, bits: POW_BITS, salt: SALT });
    expect(issueChallenge(SECRET, 9, T, 'fedcba9876543210')).not.toBe(c);
  });

  it('refuses a challenge changed in any field, another secret, or a non-canonical form', () => {
    const c = issueChallenge(SECRET, 9, T, SALT);
    const [p, sid, issued, bits, salt, mac] = c.split('.');
    for (const bad of [
      [p, '10', issued, bits, salt, mac],
      [p, sid, String(Number(issued) - 1), bits, salt, mac],
      [p, sid, issued, '8', salt, mac],
      [p, sid, issued, bits, 'fedcba9876543210', mac],
      [p, sid, issued, bits, salt, mac!.replace(/^./, (x) => (x === '0' ? '1' : '0'))],
      [p, `0${sid}`, issued, bits, salt, mac],
      ['dlf2', sid, issued, bits, salt, mac],
      [p, sid, issued, bits, mac],
    ]) {
      expect(reason(() => openChallenge(SECRET, bad.join('.')))).toBe('challenge-invalid');
    }
    expect(reason(() => openChallenge(Buffer.alloc(32, 8), c))).toBe('challenge-invalid');
    expect(reason(() => openChallenge(SECRET, c.toUpperCase()))).toBe('challenge-invalid');
    expect(reason(() => openChallenge(SECRET, 42))).toBe('challenge-invalid');
  });

  it('accepts work any time before expiry, for its own scorecard only', () => {
    const c = issueChallenge(SECRET, 3, T, SALT, 10);
    const nonce = solveWork(c, 10);
    expect(checkAnswer(SECRET, { challenge: c, nonce }, 3, T).scorecardId).toBe(3);
    expect(checkAnswer(SECRET, { challenge: c, nonce }, 3, later(CHALLENGE_TTL_S - 1)).scorecardId).toBe(3);
    expect(reason(() => checkAnswer(SECRET, { challenge: c, nonce }, 3, later(CHALLENGE_TTL_S)))).toBe('challenge-expired');
    expect(reason(() => checkAnswer(SECRET, { challenge: c, nonce }, 4, T))).toBe('challenge-invalid');
    let wrong = 0;
    while (checkWork(c, String(wrong), 10)) wrong++;
    expect(reason(() => checkAnswer(SECRET, { challenge: c, nonce: String(wrong) }, 3, T))).toBe('work');
    expect(reason(() => checkAnswer(SECRET, { challenge: c, nonce: 17 }, 3, T))).toBe('work');
  });

  it('without a nonce, waits WAIT_S seconds (the JavaScript-off path)', () => {
    const c = issueChallenge(SECRET, 3, T, SALT);
    expect(reason(() => checkAnswer(SECRET, { challenge: c }, 3, later(WAIT_S - 1)))).toBe('challenge-early');
    expect(checkAnswer(SECRET, { challenge: c }, 3, later(WAIT_S)).scorecardId).toBe(3);
    expect(checkAnswer(SECRET, { challenge: c, nonce: '' }, 3, later(WAIT_S)).scorecardId).toBe(3);
    expect(reason(() => checkAnswer(SECRET, { challenge: c }, 3, later(CHALLENGE_TTL_S)))).toBe('challenge-expired');
  });

  it('refuses a challenge dated more than a minute ahead of the clock', () => {
    const c = issueChallenge(SECRET, 3, later(120), SALT, 8);
    expect(reason(() => checkAnswer(SECRET, { challenge: c, nonce: solveWork(c, 8) }, 3, T))).toBe('challenge-invalid');
  });
});

describe('what a respondent writes', () => {
  it('keeps hostile HTML as text, turns form line breaks into LF and trims', () => {
    const html = '<script>alert(1)</script><img src=x onerror=alert(2)> & "quotes"';
    expect(checkFeedbackText(html)).toBe(html);
    expect(checkFeedbackText('  one\r\ntwo\rthree\n  ')).toBe('one\ntwo\nthree');
    expect(checkFeedbackText('tab\there')).toBe('tab\there');
  });

  it('bounds the text in code points, in any script', () => {
    const arabic = 'ن'.repeat(FEEDBACK_LIMITS.text);
    expect(checkFeedbackText(arabic)).toBe(arabic);
    const emoji = '✊🏽'.repeat(FEEDBACK_LIMITS.text / 2); // 2 code points, 3 UTF-16 units each
    expect(checkFeedbackText(emoji)).toBe(emoji);
    expect(reason(() => checkFeedbackText('a'.repeat(FEEDBACK_LIMITS.text + 1)))).toBe('text');
    expect(reason(() => checkFeedbackText('x'.repeat(10_000_000)))).toBe('text');
    expect(reason(() => checkFeedbackText('   \n '))).toBe('text');
    expect(reason(() => checkFeedbackText(undefined))).toBe('text');
  });

  it('refuses control characters, bidirectional controls and lone surrogates, naming them', () => {
    for (const [bad, named] of [
      ['a\u0000b', 'U+0000'],
      ['a\u001bb', 'U+001B'],
      ['a\u007fb', 'U+007F'],
      ['a\u0085b', 'U+0085'],
      ['a\u202eb', 'U+202E'],
      ['a\u2066b', 'U+2066'],
    ] as const) {
      expect(() => checkFeedbackText(bad)).toThrow(named);
    }
    expect(() => checkFeedbackText('a\ud800b')).toThrow('lone surrogate');
  });

  it('any text without controls within the limit is kept as trimmed (property)', () => {
    const safe = fc.string({ unit: 'grapheme', maxLength: 300 }).filter((s) => !/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u.test(s) && s.trim() !== '');
    fc.assert(
      fc.property(safe, (s) => {
        expect(checkFeedbackText(s)).toBe(s.trim());
      }),
    );
    const withControl = fc.tuple(safe, fc.integer({ min: 0, max: 0x1f }).filter((c) => c !== 9 && c !== 10 && c !== 13), safe);
    fc.assert(
      fc.property(withControl, ([a, c, b]) => {
        expect(reason(() => checkFeedbackText(`${a}x${String.fromCharCode(c)}y${b}`))).toBe('text');
      }),
    );
  });

  it('a pseudonym is optional and one line', () => {
    expect(checkFeedbackPseudonym(undefined)).toBeNull();
    expect(checkFeedbackPseudonym('  ')).toBeNull();
    expect(checkFeedbackPseudonym(' vecina del barrio ')).toBe('vecina del barrio');
    expect(reason(() => checkFeedbackPseudonym('two\nlines'))).toBe('pseudonym');
    expect(reason(() => checkFeedbackPseudonym('p'.repeat(81)))).toBe('pseudonym');
  });

  it('a dimension is one of the cycle’s, or overall', () => {
    const dims = ['finances', 'dissent'];
    expect(checkFeedbackDimension(undefined, dims)).toBeNull();
    expect(checkFeedbackDimension('overall', dims)).toBeNull();
    expect(checkFeedbackDimension('dissent', dims)).toBe('dissent');
    expect(() => checkFeedbackDimension('vibes', dims)).toThrow('finances, dissent');
  });

  it('hiding needs a one-line public reason', () => {
    expect(checkHideReason(' Names a member’s home address. ')).toBe('Names a member’s home address.');
    for (const bad of [undefined, '', '  ', 'ab', 'line\nbreak', 'r'.repeat(501)]) expect(reason(() => checkHideReason(bad))).toBe('text');
  });
});

describe('the summary for the next cycle’s triads', () => {
  const row = (id: number, reviewee: string, dimension: string | null, minute: number, hidden = false): FeedbackRow => ({
    id,
    reviewer: 'sur',
    reviewee,
    dimension,
    text: `answer ${id}`,
    pseudonym: id % 2 === 0 ? null : `p${id}`,
    createdAt: `2026-11-25T10:${String(minute).padStart(2, '0')}:00.000Z`,
    hidden: hidden ? { at: '2026-11-26T00:00:00.000Z', reason: 'doxxing' } : null,
  });

  it('counts per party and dimension, hides hidden texts, lists the newest few', () => {
    const rows = [
      row(1, 'norte', null, 1),
      row(2, 'norte', null, 2),
      row(3, 'norte', null, 3, true),
      row(4, 'norte', null, 4),
      row(5, 'norte', null, 5),
      row(6, 'norte', 'finances', 6),
      row(7, 'este', 'dissent', 7, true),
    ];
    const s = summarizeFeedback(rows, { reviewees: ['norte', 'este', 'sur'], dimensions: ['finances', 'dissent'] });
    expect(s.map((p) => p.reviewee)).toEqual(['este', 'norte', 'sur']);
    const norte = s[1]!;
    expect(norte).toMatchObject({ count: 6, hidden: 1 });
    expect(norte.dimensions.map((d) => [d.dimension, d.count, d.hidden])).toEqual([
      [null, 5, 1],
      ['finances', 1, 0],
      ['dissent', 0, 0],
    ]);
    expect(norte.dimensions[0]!.recent.map((r) => r.id)).toEqual([5, 4, 2]);
    expect(s[0]!.dimensions[2]).toMatchObject({ dimension: 'dissent', count: 1, hidden: 1, recent: [] });
    expect(s[2]).toMatchObject({ count: 0, hidden: 0 });
  });

  it('counts add up and hidden texts never appear (property)', () => {
    const arb = fc.array(
      fc.record({ reviewee: fc.constantFrom('a', 'b'), dimension: fc.constantFrom(null, 'x', 'y'), minute: fc.integer({ min: 0, max: 59 }), hidden: fc.boolean() }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(arb, (specs) => {
        const rows = specs.map((s, i) => row(i + 1, s.reviewee, s.dimension, s.minute, s.hidden));
        const out = summarizeFeedback(rows, { reviewees: ['a', 'b'], dimensions: ['x', 'y'] });
        for (const p of out) {
          expect(p.dimensions.reduce((n, d) => n + d.count, 0)).toBe(p.count);
          expect(p.dimensions.reduce((n, d) => n + d.hidden, 0)).toBe(p.hidden);
          for (const d of p.dimensions) {
            expect(d.recent.length).toBe(Math.min(3, d.count - d.hidden));
            for (const r of d.recent) expect(rows.find((x) => x.id === r.id)!.hidden).toBeNull();
          }
        }
      }),
    );
  });

  it('a hidden answer shows as "hidden: <reason>"', () => {
    expect(shownText({ text: 'secret', hidden: { at: 'x', reason: 'names a witness' } })).toBe('hidden: names a witness');
    expect(shownText({ text: 'visible', hidden: null })).toBe('visible');
  });
});

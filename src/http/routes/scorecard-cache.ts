/**
 * The public scorecard page is what a whole movement reads after an audit, often at once; it is
 * also the slowest page to draw (the card, its feedback, the archive record, the reviewed
 * party's local mirroring). What it shows changes only when the public log grows — a published
 * scorecard is final, and every answer, hidden answer, transaction or local action that the page
 * reflects is a record — so the page drawn for a reader without a session is kept, per scorecard
 * and language, for as long as the log's committed tree size is the one it was drawn at.
 *
 * Two things on it are the reader's own and are never shared: the anonymous CSRF token of the
 * feedback form and the feedback challenge (single-use; services/feedback.ts). The kept copy
 * holds random markers in their place, swapped for this reader's token and a freshly issued
 * challenge on every request; issuing one also tells when the window has closed.
 *
 * Not kept: pages for a signed-in reader (a moderator sees hide forms, everyone sees their name),
 * pages answering a form or carrying a notice (any query but ?lang), and the static export.
 * A kept page is also dropped after MAX_AGE_MS, so nothing outside the log (an operator's edit of
 * the database) is shown stale for long.
 */
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import type { Ctx } from '../../services/context.js';
import { feedbackChallenge } from '../../services/feedback.js';
import type { CardLocation } from '../../services/audit-views.js';
import { head } from '../../store/log.js';
import { staticSite } from './render.js';

const MAX_AGE_MS = 5 * 60 * 1000;
/** Scorecards × languages kept at most; the oldest drawn is dropped first. */
const MAX_ENTRIES = 2000;
const CHALLENGE = /name="challenge" value="([^"]+)"/;

interface Kept {
  card: CardLocation;
  size: number;
  drawnAt: number;
  /** the page with CSRF_MARK and CHALLENGE_MARK where the reader's own values go */
  html: string;
  open: boolean;
  headers: [string, string][];
}

/** Draws the page; calls `found` with the card once it is known to be published. */
export type DrawScorecard = (found: (card: CardLocation) => void) => Promise<Response>;

export function scorecardPageCache(ctx: Ctx) {
  // Random per process: no text a user writes can contain them, and they survive HTML escaping.
  const CSRF_MARK = `csrf${randomBytes(16).toString('hex')}`;
  const CHALLENGE_MARK = `challenge${randomBytes(16).toString('hex')}`;
  const kept = new Map<string, Kept>();

  function shareable(c: Context): boolean {
    if (c.get('session') || staticSite(c) !== undefined) return false;
    for (const name of Object.keys(c.req.queries())) if (name !== 'lang') return false;
    return true;
  }

  /**
   * `id` is the URL's: a kept page is found by it before any lookup (a published card stays
   * published), so a kept page costs one read of the log's size, plus issuing a challenge.
   */
  return async function servePublicScorecard(c: Context, id: string, draw: DrawScorecard): Promise<Response> {
    // only the canonical spelling of an id is kept, so "010" cannot fill the map with copies
    if (!shareable(c) || !/^[1-9][0-9]{0,15}$/.test(id)) return draw(() => {});
    const key = `${id}\n${c.get('locale')}`;
    const { size } = await head(ctx.db);
    const now = ctx.now().getTime();
    const page = kept.get(key);
    if (page !== undefined && page.size === size && now - page.drawnAt < MAX_AGE_MS) {
      // A closed card has no form: then no token, and no cookie set for it.
      let html = page.html.includes(CSRF_MARK) ? page.html.replaceAll(CSRF_MARK, c.get('csrfToken')()) : page.html;
      if (page.open) {
        const challenge = await feedbackChallenge(ctx, page.card).catch(() => null);
        if (challenge === null) return redraw(c, key, draw, size, now); // the window has just closed
        html = html.replaceAll(CHALLENGE_MARK, challenge.challenge);
      }
      for (const [name, value] of page.headers) c.header(name, value);
      return c.html(html, 200);
    }
    return redraw(c, key, draw, size, now);
  };

  async function redraw(c: Context, key: string, draw: DrawScorecard, size: number, now: number): Promise<Response> {
    kept.delete(key);
    let card: CardLocation | undefined;
    const res = await draw((found) => (card = found));
    if (res.status !== 200 || card === undefined) return res;
    const html = await res.text();
    const csrf = c.get('csrfToken')();
    const challenge = CHALLENGE.exec(html)?.[1];
    let template = html.replaceAll(csrf, CSRF_MARK);
    if (challenge !== undefined) template = template.replaceAll(challenge, CHALLENGE_MARK);
    if (kept.size >= MAX_ENTRIES) kept.delete(kept.keys().next().value!);
    kept.set(key, {
      card,
      size,
      drawnAt: now,
      html: template,
      open: challenge !== undefined,
      headers: [['Cache-Control', res.headers.get('Cache-Control') ?? 'private, no-cache']],
    });
    return new Response(html, { status: res.status, headers: res.headers });
  }
}

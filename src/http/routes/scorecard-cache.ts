/**
 * The public scorecard page is what a whole movement reads after an audit, often at once; it is
 * also the slowest page to draw (the card, its feedback, the archive record, the reviewed
 * party's local mirroring). What it shows changes only when the public log grows — a published
 * scorecard is final, and every answer, hidden answer, transaction or local action that the page
 * reflects is a record — so the page drawn for a reader without a session is kept, per
 * scorecard, language and time zone, for as long as the log's committed tree size is the one it
 * was drawn at (read again at once when this process appends, and every second for what other
 * processes append).
 *
 * Two things on it are the reader's own and are never shared: the anonymous CSRF token of the
 * feedback form and the feedback challenge (single-use; services/feedback.ts). The kept copy
 * has holes where they go (http/kept-page.ts), filled for each reader with their token and a
 * freshly issued challenge.
 *
 * A kept page is answered by `keptPages`, a middleware ahead of the whole page stack (language,
 * session, CSRF, compression): it reads the three cookies and Accept-Language itself, sets the
 * same headers those would, and sends the page gzip-encoded without compressing per reader.
 * Anything it is not sure of — a session cookie, a query, a method but GET, a page not kept or no
 * longer current — goes on to the stack, where `serve` draws the page and keeps it.
 *
 * Not kept: pages for a signed-in reader (a moderator sees hide forms, everyone sees their name),
 * pages answering a form or carrying a notice (any query), and the static export. A kept page is
 * also dropped after MAX_AGE_MS, so nothing outside the log (an operator's edit of the database)
 * is shown stale for long.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { parse } from 'hono/utils/cookie';
import { negotiate } from '../../i18n/index.js';
import type { Ctx } from '../../services/context.js';
import { challengeIssuer, type ChallengeIssuer } from '../../services/feedback.js';
import type { CardLocation } from '../../services/audit-views.js';
import { head, logGrowth } from '../../store/log.js';
import { KeptPage } from '../kept-page.js';
import { anonymousTokenOf, csrfCookie, CSRF_COOKIE, newAnonymousToken } from '../middleware/csrf.js';
import { LANG_COOKIE } from '../middleware/language.js';
import { SECURITY_HEADERS } from '../middleware/security-headers.js';
import { SESSION_COOKIE } from '../middleware/session.js';
import { TZ_COOKIE } from '../middleware/time-zone.js';
import { staticSite } from './render.js';

const MAX_AGE_MS = 5 * 60 * 1000;
/** Records appended by another process reach kept pages within this time. */
const RECHECK_MS = 1000;
/** Kept pages at most; the oldest drawn is dropped first. */
const MAX_ENTRIES = 2000;
/** Only the canonical spelling of an id is kept, so "010" cannot fill the map with copies. */
const PATH = /^\/scorecards\/([1-9][0-9]{0,15})$/;
const CHALLENGE = /name="challenge" value="([^"]+)"/;

interface Kept {
  size: number;
  drawnAt: number;
  page: KeptPage;
  /** what goes in each hole, in order */
  holes: ('csrf' | 'challenge')[];
  /** null: the card takes no feedback (then the page has no form and no holes) */
  issuer: ChallengeIssuer | null;
  /** what the page stack would send with it (security headers, language, Vary) */
  headers: Readonly<Record<string, string>>;
}

/** Draws the page; calls `found` with the card once it is known to be published. */
export type DrawScorecard = (found: (card: CardLocation) => void) => Promise<Response>;

export interface ScorecardPages {
  /** Ahead of the page stack: answers a kept, current page; everything else goes on. */
  keptPages: MiddlewareHandler;
  /** The route: draws the page, keeping what can be shared. */
  serve(c: Context, id: string, draw: DrawScorecard): Promise<Response>;
}

export function scorecardPages(ctx: Ctx, { secure = false }: { secure?: boolean } = {}): ScorecardPages {
  // Random per process: no text a user writes can contain them, and they survive HTML escaping.
  const CSRF_MARK = `csrf${randomBytes(16).toString('hex')}`;
  const CHALLENGE_MARK = `challenge${randomBytes(16).toString('hex')}`;
  const MARKS = new RegExp(`(${CSRF_MARK}|${CHALLENGE_MARK})`);
  const kept = new Map<string, Kept>();

  /** The time zone is keyed by the cookie as sent: the page was drawn for what it names. */
  const keyOf = (id: string, locale: string, tz: string | undefined) => `${id}\n${locale}\n${tz ?? ''}`;

  async function current(key: string): Promise<Kept | null> {
    const page = kept.get(key);
    if (page === undefined) return null;
    const size = await logSize();
    return page.size === size && ctx.now().getTime() - page.drawnAt < MAX_AGE_MS ? page : null;
  }

  // The log's size, read again when this process has appended since, and at least every
  // RECHECK_MS for what other processes append (a `daylight observe` run by cron).
  let known: { size: number; growth: number; at: number } | null = null;
  async function logSize(): Promise<number> {
    const growth = logGrowth(); // before the read: growth during it makes the next call read again
    const at = performance.now();
    if (known !== null && known.growth === growth && at - known.at < RECHECK_MS) return known.size;
    const { size } = await head(ctx.db);
    known = { size, growth, at };
    return size;
  }

  const keptPages: MiddlewareHandler = async function keptPagesMiddleware(c, next) {
    if (c.req.method !== 'GET' || staticSite(c) !== undefined) return next();
    const id = PATH.exec(c.req.path)?.[1];
    if (id === undefined || c.req.url.includes('?')) return next();
    const cookie = header(c, 'cookie');
    const cookies = cookie === undefined ? {} : parse(cookie);
    if (cookies[SESSION_COOKIE] !== undefined) return next();
    const encoding = header(c, 'accept-encoding');
    const gzip = acceptsGzip(encoding);
    if (!gzip && encoding !== undefined && /deflate/i.test(encoding)) return next(); // hono/compress's other choice
    const locale = negotiate(header(c, 'accept-language'), cookies[LANG_COOKIE], undefined);
    const page = await current(keyOf(id, locale, cookies[TZ_COOKIE]));
    if (page === null) return next();
    let challenge: string | null = null;
    if (page.issuer !== null) {
      challenge = page.issuer.issue(ctx.now());
      if (challenge === null) return next(); // the window has just closed: the stack draws it without a form
    }
    let csrf = anonymousTokenOf(cookies[CSRF_COOKIE]);
    const newCsrf = csrf === undefined && page.holes.includes('csrf');
    if (newCsrf) csrf = newAnonymousToken();
    const values = page.holes.map((hole) => (hole === 'csrf' ? csrf! : challenge!));
    const body = gzip ? page.page.gzip(values) : page.page.plain(values);
    // A plain object of headers: @hono/node-server writes it as it is, with no Headers to build,
    // and stops looking for a Content-Length at the first key.
    const headers: Record<string, string> = { 'Content-Length': String(body.length), ...page.headers };
    if (newCsrf) headers['Set-Cookie'] = csrfCookie(csrf!, secure);
    if (gzip) headers['Content-Encoding'] = 'gzip';
    return new Response(body, { status: 200, headers });
  };

  async function serve(c: Context, id: string, draw: DrawScorecard): Promise<Response> {
    if (c.get('session') || staticSite(c) !== undefined || !PATH.test(c.req.path) || c.req.url.includes('?')) return draw(() => {});
    const locale = c.get('locale');
    const key = keyOf(id, locale, getCookie(c, TZ_COOKIE));
    const { size } = await head(ctx.db);
    const now = ctx.now().getTime();
    kept.delete(key);
    let card: CardLocation | undefined;
    const res = await draw((found) => (card = found));
    if (res.status !== 200 || card === undefined) return res;
    const html = await res.text();
    const challenge = CHALLENGE.exec(html)?.[1];
    const issuer = challenge === undefined ? null : await challengeIssuer(ctx, card);
    if (challenge === undefined || issuer !== null) {
      const csrf = c.get('csrfToken')();
      let template = html.replaceAll(csrf, CSRF_MARK);
      if (challenge !== undefined) template = template.replaceAll(challenge, CHALLENGE_MARK);
      const split = template.split(MARKS);
      if (kept.size >= MAX_ENTRIES) kept.delete(kept.keys().next().value!);
      kept.set(key, {
        size,
        drawnAt: now,
        page: new KeptPage(split.filter((_, i) => i % 2 === 0)),
        holes: split.filter((_, i) => i % 2 === 1).map((mark) => (mark === CSRF_MARK ? 'csrf' : 'challenge')),
        issuer,
        headers: {
          ...SECURITY_HEADERS,
          'Content-Type': 'text/html; charset=UTF-8',
          'Cache-Control': res.headers.get('Cache-Control') ?? 'private, no-cache',
          'Content-Language': locale,
          Vary: 'Accept-Language, Cookie, Accept-Encoding',
        },
      });
    }
    return new Response(html, { status: res.status, headers: res.headers });
  }

  return { keptPages, serve };
}

/**
 * A request header, read from Node's own request when there is one: asking the Fetch Request
 * for its headers makes @hono/node-server build a Headers object of them all, which costs this
 * path as much as the rest of it.
 */
function header(c: Context, name: string): string | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming === undefined) return c.req.header(name);
  const value = incoming.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** RFC 9110 §12.5.3: gzip, or `*`, with a weight above zero. */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  let star = false;
  for (const item of header.split(',')) {
    const [name, ...params] = item.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    const weighted = q === undefined || Number(q) > 0;
    if (name === 'gzip' || name === 'x-gzip') return weighted;
    if (name === '*') star = weighted;
  }
  return star;
}

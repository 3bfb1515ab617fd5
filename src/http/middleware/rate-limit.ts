/**
 * Rate limits on the forms anyone may send without an account (issue 6 §9): sign-in, grassroots
 * feedback on a scorecard, and testimony on a renewal; and on the one signed-in form that checks
 * a password (changing one's own, which asks for the current one). Daylight never reads or keeps
 * the sender's address, so limits are counted per target instead — per account name for sign-in
 * (guessing one person's password), per scorecard for feedback, per renewal for testimony, per
 * account for a password change (a stolen session guessing the password behind it) — and under
 * one ceiling per form across all targets (so spreading over many targets is bounded too).
 * A limited request gets 429 before the handler runs; nothing is written.
 *
 * Counts live in memory, in a sliding window of the instance's own clock (ctx.now, injectable in
 * tests), and are forgotten on restart: these limits slow a script down, they are not the record
 * of anything. The feedback service keeps its own per-scorecard limit in the database
 * (services/feedback.ts RATE_LIMIT), which holds across restarts and processes.
 * Runs after the CSRF check, so a forged request never spends a real reader's allowance.
 */
import type { Context, MiddlewareHandler } from 'hono';

export interface Limit {
  /** requests allowed in the window */
  max: number;
  windowMs: number;
}

export interface FormLimit {
  /** which form: the POST path it matches */
  form: string;
  path: RegExp;
  /** the target a count is kept for (an account name, a scorecard); null: only the ceiling applies */
  target(c: Context, match: RegExpExecArray): Promise<string | null> | string | null;
  perTarget: Limit;
  ceiling: Limit;
}

const MINUTE = 60_000;

/** What Daylight limits. The numbers leave room for a whole assembly answering at once. */
export const OPEN_FORMS: readonly FormLimit[] = [
  {
    form: 'login',
    path: /^\/login$/,
    // Case and spacing do not make a new account name: "Ana" and " ana" share a count.
    target: async (c) => {
      const name = (await c.req.parseBody()).username;
      return typeof name === 'string' ? name.trim().toLowerCase().slice(0, 256) : '';
    },
    perTarget: { max: 10, windowMs: 15 * MINUTE },
    ceiling: { max: 300, windowMs: MINUTE },
  },
  {
    form: 'feedback',
    path: /^\/scorecards\/([^/]+)\/feedback$/,
    target: (_c, m) => m[1] ?? null,
    perTarget: { max: 60, windowMs: 10 * MINUTE },
    ceiling: { max: 600, windowMs: 10 * MINUTE },
  },
  {
    form: 'testimony',
    path: /^\/alliances\/([^/]+)\/renewals\/([^/]+)\/testimony$/,
    target: (_c, m) => `${m[1]}/${m[2]}`,
    perTarget: { max: 120, windowMs: 60 * MINUTE },
    ceiling: { max: 600, windowMs: 60 * MINUTE },
  },
  { form: 'password', path: /^\/account\/password$/, target: (c) => c.get('session')?.account.id.toString() ?? null, perTarget: { max: 10, windowMs: 15 * MINUTE }, ceiling: { max: 300, windowMs: MINUTE } },
];

/** Sliding-window counters: the times of the requests still inside the window, per key. */
export class WindowCounter {
  private readonly hits = new Map<string, number[]>();
  constructor(private readonly maxKeys = 100_000) {}

  /** Counts one request at `now` unless `limit` is already reached; true when it was counted. */
  take(key: string, now: number, limit: Limit): boolean {
    const since = now - limit.windowMs;
    const times = (this.hits.get(key) ?? []).filter((t) => t > since && t <= now);
    if (times.length >= limit.max) {
      this.hits.set(key, times);
      return false;
    }
    times.push(now);
    this.hits.delete(key); // re-inserted last: the map's order is least recently used first
    this.hits.set(key, times);
    if (this.hits.size > this.maxKeys) this.hits.delete(this.hits.keys().next().value!);
    return true;
  }

  /** Gives back a count taken at `now` (the ceiling was hit after the target's was taken). */
  untake(key: string, now: number): void {
    const times = this.hits.get(key);
    const i = times?.lastIndexOf(now) ?? -1;
    if (times && i >= 0) times.splice(i, 1);
  }
}

export interface RateLimitOptions {
  now: () => Date;
  forms?: readonly FormLimit[];
  onLimit: (c: Context) => Response | Promise<Response>;
}

export function rateLimits({ now, forms = OPEN_FORMS, onLimit }: RateLimitOptions): MiddlewareHandler {
  const counter = new WindowCounter();
  return async function rateLimitMiddleware(c, next) {
    if (c.req.method !== 'POST') return next();
    for (const form of forms) {
      const m = form.path.exec(c.req.path);
      if (!m) continue;
      const at = now().getTime();
      const target = await form.target(c, m);
      const targetKey = target === null ? null : `${form.form}\n${target}`;
      if (targetKey !== null && !counter.take(targetKey, at, form.perTarget)) return onLimit(c);
      if (!counter.take(`${form.form}\n*`, at, form.ceiling)) {
        if (targetKey !== null) counter.untake(targetKey, at);
        return onLimit(c);
      }
      break;
    }
    await next();
  };
}

/**
 * The exit protocol in motion, read for the public (issue 5 §1–3): each party's standing with
 * what it means now — the breaches recorded, the open corrective tasks, the support paused, the
 * warning's window and days left, the benchmarks met and unmet — and the history of standing
 * transitions, newest first. One shape for `daylight standing`, GET /api/v1/…/standing and the
 * /alliances/:slug/warnings page, so the three never disagree. Nothing here writes; nothing
 * private is read (a benchmark's evidence stays in its transition row, unread).
 */
import type { Ctx } from './context.js';
import type { StandingValue } from '../store/schema.js';
import { toIndex } from '../store/log.js';
import { findAlliance } from './alliances.js';
import { standingsOf } from './standing.js';

const DAY_MS = 86_400_000;

export interface BreachView {
  principle: string | null;
  indicator: string;
  severity: string;
  threshold: string;
  reason: string;
  at: string;
}

export interface PausedSupport {
  commitment: number;
  from: string;
  form: string;
  recipient: string;
  description: string;
}

export interface PartyStanding {
  party: string;
  standing: StandingValue;
  /** when the party entered this standing; null: good since the beginning */
  since: string | null;
  breaches: BreachView[];
  openTasks: { action: string; openedAt: string }[];
  /** the forms the corrective phase paused (the covenant's list) */
  pausedForms: string[];
  /** the commitments to the party that are paused now */
  paused: PausedSupport[];
  /** while warned: the window and the benchmarks */
  warning: {
    warnedAt: string;
    windowEnds: string;
    /** whole days left, rounded up; 0 once the window has ended */
    daysLeft: number;
    benchmarks: { id: string; met: boolean; metAt: string | null }[];
  } | null;
  /** once disengaged: whether a warning came first, and whether a red line made it immediate */
  disengaged: { warned: boolean; immediate: boolean } | null;
}

export interface AllianceStandings {
  alliance: string;
  /** the instant days left are counted from */
  at: string;
  parties: PartyStanding[];
}

/** Whole days from `now` until `end`, rounded up, never below 0. */
export function daysLeft(end: string, now: Date): number {
  return Math.max(0, Math.ceil((Date.parse(end) - now.getTime()) / DAY_MS));
}

export async function allianceStandings(ctx: Ctx, slug: string): Promise<AllianceStandings> {
  const alliance = await findAlliance(ctx.db, slug);
  const now = ctx.now();
  const views = await standingsOf(ctx.db, alliance.id);
  const paused = await ctx.db
    .selectFrom('support_commitment as c')
    .innerJoin('organization as f', 'f.id', 'c.from_id')
    .innerJoin('organization as t', 't.id', 'c.to_id')
    .select(['c.id', 'f.slug as from', 't.slug as to', 'c.form', 'c.recipient', 'c.description'])
    .where('c.alliance_id', '=', alliance.id)
    .where('c.status', '=', 'paused')
    .orderBy('c.id')
    .execute();
  const parties = views.map((v): PartyStanding => {
    const s = v.state;
    const breaches = 'breaches' in s ? s.breaches.map((b) => ({ principle: b.principle, indicator: b.indicator, severity: b.severity, threshold: b.threshold, reason: b.reason, at: b.at })) : [];
    return {
      party: v.party,
      standing: s.standing,
      since: s.since,
      breaches,
      openTasks: v.openTasks,
      pausedForms: s.standing === 'review' || s.standing === 'warned' ? [...s.paused] : [],
      paused: paused.filter((p) => p.to === v.party).map((p) => ({ commitment: toIndex(p.id), from: p.from, form: p.form, recipient: p.recipient, description: p.description })),
      warning:
        s.standing === 'warned'
          ? { warnedAt: s.warnedAt, windowEnds: s.windowEnds, daysLeft: daysLeft(s.windowEnds, now), benchmarks: s.benchmarks.map((b) => ({ id: b.id, met: b.metAt !== null, metAt: b.metAt })) }
          : null,
      disengaged: s.standing === 'disengaged' ? { warned: s.warned, immediate: s.immediate } : null,
    };
  });
  return { alliance: alliance.slug, at: now.toISOString(), parties };
}

export interface TransitionView {
  party: string;
  at: string;
  event: string;
  from: StandingValue;
  to: StandingValue;
  reason: string;
  /** the `standing` record's index in the log */
  index: number | null;
}

/** The alliance's standing transitions, newest first (the archive holds every one). */
export async function standingHistory(ctx: Ctx, slug: string, limit = 200): Promise<TransitionView[]> {
  const alliance = await findAlliance(ctx.db, slug);
  const rows = await ctx.db
    .selectFrom('standing_transition as s')
    .innerJoin('organization as o', 'o.id', 's.organization_id')
    .select(['o.slug', 's.at', 's.event', 's.from_standing', 's.to_standing', 's.reason', 's.record_index'])
    .where('s.alliance_id', '=', alliance.id)
    .orderBy('s.id', 'desc')
    .limit(Math.min(Math.max(1, limit), 1000))
    .execute();
  return rows.map((r) => ({
    party: r.slug,
    at: r.at,
    event: r.event,
    from: r.from_standing,
    to: r.to_standing,
    reason: r.reason,
    index: r.record_index === null ? null : toIndex(r.record_index),
  }));
}

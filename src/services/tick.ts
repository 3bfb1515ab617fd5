/**
 * The clock's use case: opens renewals that have come due and lapses those past their grace
 * (domain/renewal.ts decides; renewals.ts writes); then the early warnings' clock: every party's
 * thresholds read again (a days-since indicator trips as time passes; observations.ts), corrective
 * windows that ended with benchmarks unmet disengage (standing.ts), and consent-by-silence
 * decisions whose window closed are settled (decisions.ts). Run by `daylight tick` (cron) or by the
 * server's scheduler (scheduleTicks). Time is ctx.now(), so tests and `tick --now` inject it.
 *
 * Each opening and each lapse is its own unit of work, taken under the alliance's lock and
 * decided again inside it, so two ticks at once (cron and a server, or several servers on one
 * PostgreSQL) open a renewal once: the second finds it open and does nothing.
 */
import type { Ctx } from './context.js';
import { unitOfWork } from './unit-of-work.js';
import { toIndex } from '../store/log.js';
import { renewalsDue, renewalsLapsed, type DueRenewal, type RenewalState } from '../domain/renewal.js';
import { lockAlliance } from './alliances.js';
import { cadenceOf, lapseNow, latestRenewal, openNow, ratifiedVersion } from './renewals.js';
import { covenantInForce, watchAlliances, type Transition } from './observations.js';
import { settleDue } from './decisions.js';
import { advance, loadStanding } from './standing.js';
import { deadlineDue, type StandingState } from '../domain/warning/index.js';

export interface TickResult {
  at: string;
  opened: { alliance: string; version: number; renewal: number; dueAt: string; lapsesAt: string }[];
  lapsed: { alliance: string; version: number; renewal: number; lapsesAt: string }[];
  /** standing transitions: trips by time, benchmarks, deadlines */
  standing: Transition[];
  /** consent-by-silence proposals settled */
  decisions: { alliance: string; proposal: number; status: string }[];
}

/** The renewal state of every alliance with a ratified covenant that has not lapsed. */
async function states(ctx: Ctx): Promise<RenewalState[]> {
  const alliances = await ctx.db.selectFrom('alliance').select(['id', 'slug', 'name', 'status']).where('status', '=', 'active').orderBy('slug').execute();
  const out: RenewalState[] = [];
  for (const a of alliances) {
    const row = { ...a, id: toIndex(a.id) };
    const v = await ratifiedVersion(ctx.db, row).catch(() => null);
    if (v === null || v.ratifiedAt === null) continue;
    const latest = await latestRenewal(ctx.db, v.id);
    out.push({
      alliance: a.slug,
      version: v.number,
      ratifiedAt: new Date(v.ratifiedAt),
      cadence: cadenceOf(v),
      latest: latest === null ? null : { number: latest.number, status: latest.status, lapsesAt: latest.lapsesAt },
    });
  }
  return out;
}

/** Opens one due renewal if, under the lock, it is still the one due. */
async function openDue(ctx: Ctx, due: DueRenewal, at: Date): Promise<TickResult['opened'][number] | null> {
  return unitOfWork(ctx, async (trx, append) => {
    const alliance = await lockAlliance(trx, ctx.dialect, due.alliance);
    if (alliance.status !== 'active') return null;
    const v = await ratifiedVersion(trx, alliance);
    const latest = await latestRenewal(trx, v.id);
    const expected = (latest?.number ?? 0) + 1;
    if (v.number !== due.version || expected !== due.number || (latest !== null && latest.status !== 'published')) return null;
    const o = await openNow(trx, append, at, alliance, v, due.number, due.dueAt);
    return { alliance: o.alliance, version: o.version, renewal: o.renewal, dueAt: o.dueAt, lapsesAt: o.lapsesAt };
  });
}

/** Lapses the open renewal of one alliance if, under the lock, it is still open and past grace. */
async function lapseDue(ctx: Ctx, slug: string, at: Date): Promise<TickResult['lapsed'][number] | null> {
  return unitOfWork(ctx, async (trx, append) => {
    const alliance = await lockAlliance(trx, ctx.dialect, slug);
    const v = await ratifiedVersion(trx, alliance).catch(() => null);
    if (v === null) return null;
    const latest = await latestRenewal(trx, v.id);
    if (latest === null || renewalsLapsed(at, [latest]).length === 0) return null;
    await lapseNow(trx, append, at, alliance, v, latest);
    return { alliance: alliance.slug, version: v.number, renewal: latest.number, lapsesAt: latest.lapsesAt.toISOString() };
  });
}

export async function tick(ctx: Ctx): Promise<TickResult> {
  const at = ctx.now();
  const result: TickResult = { at: at.toISOString(), opened: [], lapsed: [], standing: [], decisions: [] };
  for (const due of renewalsDue(at, await states(ctx))) {
    const o = await openDue(ctx, due, at);
    if (o !== null) result.opened.push(o);
  }
  const open = await ctx.db
    .selectFrom('renewal')
    .innerJoin('alliance', 'alliance.id', 'renewal.alliance_id')
    .select(['alliance.slug', 'renewal.status', 'renewal.lapses_at'])
    .where('renewal.status', '=', 'open')
    .orderBy('alliance.slug')
    .execute();
  for (const r of renewalsLapsed(at, open.map((o) => ({ slug: o.slug, status: o.status, lapsesAt: new Date(o.lapses_at) })))) {
    const l = await lapseDue(ctx, r.slug, at);
    if (l !== null) result.lapsed.push(l);
  }
  result.decisions.push(...(await settleDue(ctx)));
  result.standing.push(...(await watchAlliances(ctx)));
  result.standing.push(...(await deadlines(ctx, at)));
  return result;
}

/** Warned parties whose corrective window ended with a benchmark unmet: the deadline disengages. */
async function deadlines(ctx: Ctx, at: Date): Promise<Transition[]> {
  const rows = await ctx.db
    .selectFrom('standing')
    .innerJoin('alliance', 'alliance.id', 'standing.alliance_id')
    .innerJoin('organization', 'organization.id', 'standing.organization_id')
    .select(['alliance.slug as alliance', 'organization.id', 'organization.slug', 'standing.state'])
    .orderBy('alliance.slug')
    .orderBy('organization.slug')
    .execute();
  const out: Transition[] = [];
  for (const r of rows) {
    if (!deadlineDue(JSON.parse(r.state) as StandingState, at)) continue;
    const party = { id: toIndex(r.id), slug: r.slug };
    const t = await unitOfWork(ctx, async (trx, append) => {
      const alliance = await lockAlliance(trx, ctx.dialect, r.alliance);
      if (!deadlineDue(await loadStanding(trx, alliance.id, party), at)) return null; // another tick was first
      const covenant = await covenantInForce(trx, alliance);
      const a = await advance(trx, append, { alliance, covenant, party, event: { kind: 'deadline' }, at });
      return { party: party.slug, event: 'deadline', from: a.from, to: a.to, reason: a.reason, index: a.index! };
    });
    if (t !== null) out.push(t);
  }
  return out;
}

/**
 * Runs tick every `everyMs` (default hourly) until stopped, for a long-running server. Errors go
 * to `onError` and the next tick tries again. The timer does not keep the process alive.
 */
export function scheduleTicks(ctx: Ctx, opts: { everyMs?: number; onError?: (err: unknown) => void } = {}): () => void {
  const everyMs = opts.everyMs ?? 60 * 60 * 1000;
  let running = false;
  const run = async () => {
    if (running) return; // a slow tick is never overlapped by the next
    running = true;
    try {
      await tick(ctx);
    } catch (err) {
      opts.onError?.(err);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void run(), everyMs);
  timer.unref();
  void run();
  return () => clearInterval(timer);
}

/**
 * Local mirroring (issue 5 §5; the essay: "Mirror risk locally"). Each party records its direct
 * actions at home — the date, what was done, and which of its commitments abroad it mirrors, if
 * one — and per audit cycle the ratio of local actions to commitments abroad is shown on the
 * scorecards and the alliance's pages, with a reminder when a party supports abroad and does
 * nothing at home (domain/warning/mirroring.ts localMirroring, pure).
 *
 *   recordLocalAction  one action; record `local-action`. Who may: the local operator, or an
 *                      admin or delegate of the acting party
 *   listLocalActions   the actions, newest first, and the ratios per party and cycle
 *   localRatios        the ratios over the alliance's audit cycles: the rhythm of the ratified
 *                      covenant (lunar or quarterly), the last RECENT_CYCLES up to the one
 *                      containing `now` (not before the earliest of ratification, commitment or
 *                      action), or one named cycle
 *
 * Dates are days (YYYY-MM-DD, read as UTC midnight): an action counts in the cycle its day
 * begins in; a commitment is abroad from its first day to the end of its last day (endsOn), and
 * a stopped one without an end date until the moment its latest record says it stopped.
 * Only current parties are counted: a commitment or action of a party that has left is history,
 * kept in the archive, not a ratio to keep.
 */
import type { Transaction } from 'kysely';
import type { Ctx } from './context.js';
import { UserError } from './context.js';
import type { Actor } from './actor.js';
import type { Database } from '../store/schema.js';
import { unitOfWork } from './unit-of-work.js';
import { toIndex } from '../store/log.js';
import { localActionRecord } from '../domain/public.js';
import { cycleAt, cycleLabel, cycleNumbered, cycles as cyclesBetween, type Cycle, type Rhythm } from '../domain/audit/index.js';
import { localMirroring, type Commitment, type LocalAction, type MirroringRow } from '../domain/warning/mirroring.js';
import { currentParties, findAlliance, lockAlliance, type AllianceRow } from './alliances.js';
import { checkLine, requireOrgRole } from './organizations.js';
import { cycleAudit } from './cycles.js';
import { asUserError } from './triads.js';
import { checkDate, checkNotFuture, loadCommitment } from './support.js';

type Trx = Transaction<Database>;
type Db = Trx | Ctx['db'];

export const MAX_WHAT = 500;
/** How many cycles the ratio table shows by default, the current one included. */
export const RECENT_CYCLES = 12;
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------- record

export interface LocalActionInput {
  alliance: string;
  party: string;
  occurredOn: string;
  what: string;
  /** a commitment abroad of this same party */
  mirrors?: number;
}

export interface LocalActionRecorded {
  alliance: string;
  party: string;
  id: number;
  occurredOn: string;
  what: string;
  mirrors: number | null;
  index: number;
}

export async function recordLocalAction(ctx: Ctx, actor: Actor, input: LocalActionInput): Promise<LocalActionRecorded> {
  const occurredOn = checkDate(input.occurredOn, 'occurredOn');
  checkNotFuture(occurredOn, 'occurredOn', ctx.now());
  const what = checkLine(input.what, 'what', MAX_WHAT);
  if (input.mirrors !== undefined && (!Number.isSafeInteger(input.mirrors) || input.mirrors < 1)) {
    throw new UserError(`mirrors names a commitment by its number, a whole number from 1; got ${String(input.mirrors)}`);
  }
  const at = ctx.now();
  return unitOfWork(ctx, async (trx, append) => {
    const alliance = await lockAlliance(trx, ctx.dialect, input.alliance);
    const parties = await currentParties(trx, alliance.id);
    const party = parties.find((p) => p.slug === input.party);
    if (party === undefined) {
      throw new UserError(`party: "${String(input.party).slice(0, 63)}" is not a current party of ${alliance.slug} (parties: ${parties.map((p) => p.slug).join(', ')})`, 'not_found');
    }
    await requireOrgRole(trx, actor, party.id, party.slug, ['admin', 'delegate']);
    let mirrors: number | null = null;
    if (input.mirrors !== undefined) {
      const c = await loadCommitment(trx, alliance, input.mirrors);
      if (c.fromId !== party.id) throw new UserError(`commitment ${c.id} is ${c.from}'s support to ${c.to}: an action of ${party.slug} mirrors one of ${party.slug}'s own commitments abroad`);
      mirrors = c.id;
    }
    const inserted = await trx
      .insertInto('local_action')
      .values({ alliance_id: alliance.id, organization_id: party.id, occurred_on: occurredOn, what, mirrors, recorded_at: at.toISOString(), record_index: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = toIndex(inserted.id);
    const [appended] = await append([localActionRecord(at, { alliance: alliance.slug, party: party.slug, action: id, occurredOn, what, mirrors })]);
    await trx.updateTable('local_action').set({ record_index: appended!.index }).where('id', '=', id).execute();
    return { alliance: alliance.slug, party: party.slug, id, occurredOn, what, mirrors, index: appended!.index };
  });
}

// ---------------------------------------------------------------- ratios

export interface CycleSpanView {
  n: number;
  label: string;
  start: string;
  end: string;
}

export interface LocalRatios {
  rhythm: Rhythm;
  cycles: CycleSpanView[];
  /** per party (slug order) and cycle (in order): local, abroad, ratio, reminder */
  rows: MirroringRow[];
}

interface MirroringData {
  parties: string[];
  commitments: Commitment[];
  actions: LocalAction[];
  earliest: string | null;
}

async function mirroringData(db: Db, alliance: AllianceRow): Promise<MirroringData> {
  const parties = (await currentParties(db, alliance.id)).map((p) => p.slug);
  const current = new Set(parties);
  const rows = await db
    .selectFrom('support_commitment as c')
    .innerJoin('organization as f', 'f.id', 'c.from_id')
    .innerJoin('organization as t', 't.id', 'c.to_id')
    .leftJoin('log_entry as e', 'e.idx', 'c.record_index')
    .select(['c.id', 'f.slug as from', 't.slug as to', 'c.starts_on', 'c.ends_on', 'c.status', 'e.at as recorded'])
    .where('c.alliance_id', '=', alliance.id)
    .orderBy('c.id')
    .execute();
  const commitments: Commitment[] = [];
  for (const r of rows) {
    if (!current.has(r.from) || !current.has(r.to)) continue;
    const startMs = Date.parse(r.starts_on);
    const endMs = r.ends_on !== null ? Date.parse(r.ends_on) + DAY_MS : r.status === 'stopped' && r.recorded !== null ? Date.parse(r.recorded) : Infinity;
    // Stopped before it began: it was never support abroad.
    if (!(startMs < endMs)) continue;
    commitments.push({ id: String(toIndex(r.id)), from: r.from, to: r.to, start: r.starts_on, end: endMs === Infinity ? null : new Date(endMs).toISOString() });
  }
  const kept = new Set(commitments.map((c) => c.id));
  const acts = await db
    .selectFrom('local_action as a')
    .innerJoin('organization as o', 'o.id', 'a.organization_id')
    .select(['o.slug', 'a.occurred_on', 'a.mirrors'])
    .where('a.alliance_id', '=', alliance.id)
    .execute();
  const actions: LocalAction[] = acts
    .filter((a) => current.has(a.slug))
    .map((a) => {
      const m = a.mirrors === null ? null : String(toIndex(a.mirrors));
      return { party: a.slug, at: a.occurred_on, mirrors: m !== null && kept.has(m) ? m : null };
    });
  const dates = [...commitments.map((c) => c.start), ...actions.map((a) => a.at)].sort();
  return { parties, commitments, actions, earliest: dates[0] ?? null };
}

async function ratifiedRhythm(db: Db, alliance: AllianceRow): Promise<{ rhythm: Rhythm; ratifiedAt: string | null } | null> {
  const v = await db.selectFrom('covenant_version').select(['body', 'ratified_at']).where('alliance_id', '=', alliance.id).where('status', '=', 'ratified').executeTakeFirst();
  if (v === undefined) return null;
  return { rhythm: cycleAudit(v.body).rhythm, ratifiedAt: v.ratified_at };
}

/**
 * The ratios per party and cycle; null when the alliance has no ratified covenant (no rhythm,
 * so no cycles). `cycle` asks for that one cycle only (a scorecard's); otherwise the recent ones.
 */
export async function localRatios(db: Db, alliance: AllianceRow, now: Date, opts: { cycle?: number; recent?: number } = {}): Promise<LocalRatios | null> {
  const covenant = await ratifiedRhythm(db, alliance);
  if (covenant === null) return null;
  const { rhythm } = covenant;
  const data = await mirroringData(db, alliance);
  let list: Cycle[];
  if (opts.cycle !== undefined) {
    list = [asUserError(() => cycleNumbered(rhythm, opts.cycle!))];
  } else {
    const current = cycleAt(rhythm, now);
    const starts = [covenant.ratifiedAt, data.earliest].filter((s): s is string => s !== null).sort();
    const first = starts[0] === undefined || starts[0] >= current.start ? current.n : cycleAt(rhythm, starts[0]).n;
    const from = Math.max(first, current.n - (opts.recent ?? RECENT_CYCLES) + 1);
    list = from === current.n ? [current] : cyclesBetween({ rhythm, from: cycleNumbered(rhythm, from).start, to: current.end });
  }
  // The data was checked when recorded: a WarningInputError here is a bug, not a user's mistake.
  const rows = localMirroring({ parties: data.parties, commitments: data.commitments, actions: data.actions, cycles: list });
  return { rhythm, cycles: list.map((c) => ({ n: c.n, label: cycleLabel(rhythm, c.n), start: c.start, end: c.end })), rows };
}

// ---------------------------------------------------------------- list

export interface LocalActionView {
  id: number;
  party: string;
  occurredOn: string;
  what: string;
  mirrors: number | null;
  recordedAt: string;
  index: number | null;
}

export interface LocalActionList {
  alliance: string;
  actions: LocalActionView[];
  /** null before a covenant is ratified: cycles follow its audit rhythm */
  ratios: LocalRatios | null;
}

export const MAX_LISTED = 1000;

/** The newest actions first (at most MAX_LISTED; the archive holds them all), and the ratios. */
export async function listLocalActions(ctx: Ctx, alliance: string): Promise<LocalActionList> {
  const a = await findAlliance(ctx.db, alliance);
  const rows = await ctx.db
    .selectFrom('local_action as l')
    .innerJoin('organization as o', 'o.id', 'l.organization_id')
    .select(['l.id', 'o.slug', 'l.occurred_on', 'l.what', 'l.mirrors', 'l.recorded_at', 'l.record_index'])
    .where('l.alliance_id', '=', a.id)
    .orderBy('l.occurred_on', 'desc')
    .orderBy('l.id', 'desc')
    .limit(MAX_LISTED)
    .execute();
  return {
    alliance: a.slug,
    actions: rows.map((r) => ({
      id: toIndex(r.id),
      party: r.slug,
      occurredOn: r.occurred_on,
      what: r.what,
      mirrors: r.mirrors === null ? null : toIndex(r.mirrors),
      recordedAt: r.recorded_at,
      index: r.record_index === null ? null : toIndex(r.record_index),
    })),
    ratios: await localRatios(ctx.db, a, ctx.now()),
  };
}

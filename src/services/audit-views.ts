/**
 * Read-only queries for the audit pages (issue 4 §7): what the cycle overview, the triad
 * workspace and the public scorecard show beyond the views services/cycles, scorecards, feedback
 * and moderation return. Nothing here writes.
 *
 * The public/private line: nothing here selects a member's real name, contact or evidence.
 * Pseudonyms, triads and draws are public (they are archived); which member an account is
 * linked to is told only to that account (accountTriads).
 *
 * Draw records (cycleDraws) are read back from the archive itself, not rebuilt from today's
 * members: the pool a draw ran on is what the `triad` record published, and a re-run must use
 * exactly that. The scan reads at most MAX_SCAN of the newest `triad` entries.
 */
import type { Ctx } from './context.js';
import { UserError } from './context.js';
import type { Actor } from './actor.js';
import { moderatingParties } from './moderation.js';
import type { ScorecardStatus } from '../store/schema.js';
import { toIndex } from '../store/log.js';
import { cycleLabel, type Rhythm } from '../domain/audit/index.js';
import type { PreviousScores, PublicScorecard } from '../domain/audit/scorecard.js';
import type { Text } from '../domain/covenant/schema.js';
import { entriesPath, TILE_WIDTH } from '../ledger/tile.js';
import { findAlliance } from './alliances.js';
import { loadCycle } from './cycles.js';
import type { ScorecardKey } from './scorecards.js';

/** How many of the newest `triad` entries a page reads at most. */
export const MAX_SCAN = 5000;

// ---------------------------------------------------------------- cycles

export interface CycleSummary {
  n: number;
  rhythm: Rhythm;
  label: string;
  start: string;
  end: string;
  openedAt: string;
  scorecards: number;
  published: number;
}

/** Every opened cycle of the alliance, newest first, with how many of its scorecards are published. */
export async function allianceCycles(ctx: Ctx, alliance: string): Promise<CycleSummary[]> {
  const a = await findAlliance(ctx.db, alliance);
  const rows = await ctx.db
    .selectFrom('audit_cycle')
    .leftJoin('scorecard', 'scorecard.cycle_id', 'audit_cycle.id')
    .select((eb) => [
      'audit_cycle.n',
      'audit_cycle.rhythm',
      'audit_cycle.start_at',
      'audit_cycle.end_at',
      'audit_cycle.opened_at',
      eb.fn.count('scorecard.id').as('cards'),
      eb.fn.sum(eb.case().when('scorecard.status', '=', 'published').then(1).else(0).end()).as('published'),
    ])
    .where('audit_cycle.alliance_id', '=', a.id)
    .groupBy(['audit_cycle.id', 'audit_cycle.n', 'audit_cycle.rhythm', 'audit_cycle.start_at', 'audit_cycle.end_at', 'audit_cycle.opened_at'])
    .orderBy('audit_cycle.n', 'desc')
    .execute();
  return rows.map((r) => ({
    n: toIndex(r.n),
    rhythm: r.rhythm,
    label: cycleLabel(r.rhythm, toIndex(r.n)),
    start: r.start_at,
    end: r.end_at,
    openedAt: r.opened_at,
    scorecards: Number(r.cards),
    published: Number(r.published ?? 0),
  }));
}

/** A cycle's dimensions with their covenant titles (frozen in the cycle when it opened). */
export async function cycleDimensions(ctx: Ctx, alliance: string, n: number): Promise<{ id: string; title: Text }[]> {
  const c = await loadCycle(ctx.db, await findAlliance(ctx.db, alliance), n);
  return c.audit.dimensions;
}

export interface CardRef {
  id: number;
  reviewer: string;
  reviewee: string;
  status: ScorecardStatus;
  publishedAt: string | null;
}

/** The scorecards of cycle n (one per assignment), in assignment order. */
export async function cycleCards(ctx: Ctx, alliance: string, n: number): Promise<CardRef[]> {
  const c = await loadCycle(ctx.db, await findAlliance(ctx.db, alliance), n);
  const rows = await ctx.db
    .selectFrom('scorecard')
    .innerJoin('organization as reviewer', 'reviewer.id', 'scorecard.reviewer_id')
    .innerJoin('organization as reviewee', 'reviewee.id', 'scorecard.reviewee_id')
    .select(['scorecard.id', 'reviewer.slug as reviewer', 'reviewee.slug as reviewee', 'scorecard.status', 'scorecard.finalized_at'])
    .where('scorecard.cycle_id', '=', c.id)
    .orderBy('scorecard.id')
    .execute();
  return rows.map((r) => ({ id: toIndex(r.id), reviewer: r.reviewer, reviewee: r.reviewee, status: r.status, publishedAt: r.finalized_at }));
}

/** Each organization's name and IANA time zone, by slug (slug order). */
export async function partyZones(ctx: Ctx, slugs: readonly string[]): Promise<{ slug: string; name: string; timeZone: string }[]> {
  if (slugs.length === 0) return [];
  const rows = await ctx.db.selectFrom('organization').select(['slug', 'name', 'time_zone']).where('slug', 'in', [...slugs]).orderBy('slug').execute();
  return rows.map((r) => ({ slug: r.slug, name: r.name, timeZone: r.time_zone }));
}

// ---------------------------------------------------------------- draws, as archived

export interface DrawRecord {
  index: number;
  party: string;
  sources: string[];
  key: string;
  /** the eligible pool, in pool order: the re-run's pool file */
  pool: string[];
  officeholders: string[];
  servedBefore: string[];
  size: number;
  quotas: { officeholder?: number };
  triad: string[];
  newRound: boolean;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The `triad` records of cycle n, party order. */
export async function cycleDraws(ctx: Ctx, alliance: string, n: number): Promise<DrawRecord[]> {
  const rows = await ctx.db.selectFrom('log_entry').select(['idx', 'data']).where('type', '=', 'triad').orderBy('idx', 'desc').limit(MAX_SCAN).execute();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const out: DrawRecord[] = [];
  for (const row of rows) {
    const r = JSON.parse(decoder.decode(row.data)) as Record<string, unknown>;
    if (r.alliance !== alliance || r.cycle !== n) continue;
    const quotas = (typeof r.quotas === 'object' && r.quotas !== null ? r.quotas : {}) as { officeholder?: number };
    out.push({
      index: toIndex(row.idx),
      party: String(r.party),
      sources: strings(r.sources),
      key: String(r.key ?? ''),
      pool: strings(r.pool),
      officeholders: strings(r.officeholders),
      servedBefore: strings(r.servedBefore),
      size: Number(r.size),
      quotas,
      triad: strings(r.triad),
      newRound: r.newRound === true,
    });
  }
  return out.sort((a, b) => (a.party < b.party ? -1 : a.party > b.party ? 1 : 0));
}

// ---------------------------------------------------------------- one scorecard

export interface CardLocation extends ScorecardKey {
  id: number;
  status: ScorecardStatus;
  rhythm: Rhythm;
}

/** Which alliance, cycle and parties scorecard `id` is; 'not_found' when there is none. */
export async function scorecardById(ctx: Ctx, id: number): Promise<CardLocation> {
  if (!Number.isSafeInteger(id) || id < 1) throw new UserError('a scorecard id is a whole number from 1', 'not_found');
  const r = await ctx.db
    .selectFrom('scorecard')
    .innerJoin('audit_cycle', 'audit_cycle.id', 'scorecard.cycle_id')
    .innerJoin('alliance', 'alliance.id', 'audit_cycle.alliance_id')
    .innerJoin('organization as reviewer', 'reviewer.id', 'scorecard.reviewer_id')
    .innerJoin('organization as reviewee', 'reviewee.id', 'scorecard.reviewee_id')
    .select(['scorecard.id', 'scorecard.status', 'alliance.slug', 'audit_cycle.n', 'audit_cycle.rhythm', 'reviewer.slug as reviewer', 'reviewee.slug as reviewee'])
    .where('scorecard.id', '=', id)
    .executeTakeFirst();
  if (r === undefined) throw new UserError(`no scorecard ${id} on this instance`, 'not_found');
  return { id, status: r.status, alliance: r.slug, cycle: toIndex(r.n), rhythm: r.rhythm, reviewer: r.reviewer, reviewee: r.reviewee };
}

/** The published scorecards' ids of cycle n, keyed "reviewer/reviewee". */
export async function publishedIds(ctx: Ctx, alliance: string, n: number): Promise<Map<string, number>> {
  const cards = await cycleCards(ctx, alliance, n);
  return new Map(cards.filter((c) => c.status === 'published').map((c) => [`${c.reviewer}/${c.reviewee}`, c.id]));
}

/**
 * The reviewee's latest published scorecard before cycle n (by the same reviewer when there is
 * one that cycle): what the triad compares its draft with. The same choice finalizing makes.
 */
export async function previousScorecard(ctx: Ctx, card: ScorecardKey): Promise<(PreviousScores & { id: number }) | null> {
  const a = await findAlliance(ctx.db, card.alliance);
  const rows = await ctx.db
    .selectFrom('scorecard')
    .innerJoin('audit_cycle', 'audit_cycle.id', 'scorecard.cycle_id')
    .innerJoin('organization as reviewee', 'reviewee.id', 'scorecard.reviewee_id')
    .innerJoin('organization as reviewer', 'reviewer.id', 'scorecard.reviewer_id')
    .select(['scorecard.id', 'audit_cycle.n', 'reviewer.slug as reviewer', 'scorecard.summary'])
    .where('audit_cycle.alliance_id', '=', a.id)
    .where('audit_cycle.n', '<', card.cycle)
    .where('reviewee.slug', '=', card.reviewee)
    .where('scorecard.status', '=', 'published')
    .orderBy('audit_cycle.n', 'desc')
    .orderBy('scorecard.id')
    .execute();
  if (rows.length === 0) return null;
  const latest = toIndex(rows[0]!.n);
  const same = rows.filter((r) => toIndex(r.n) === latest);
  const pick = same.find((r) => r.reviewer === card.reviewer) ?? same[0]!;
  if (pick.summary === null) return null;
  const s = JSON.parse(pick.summary) as PublicScorecard;
  return { id: toIndex(pick.id), cycle: s.cycle, reviewer: s.reviewer, dimensions: s.dimensions.map((d) => ({ id: d.id, median: d.median })) };
}

// ---------------------------------------------------------------- who the reader is here

/** The triads of cycle n the account sits in (through its linked members): party and pseudonym. */
export async function accountTriads(ctx: Ctx, accountId: number, alliance: string, n: number): Promise<{ party: string; pseudonym: string }[]> {
  const c = await loadCycle(ctx.db, await findAlliance(ctx.db, alliance), n);
  const rows = await ctx.db
    .selectFrom('triad_member')
    .innerJoin('triad', 'triad.id', 'triad_member.triad_id')
    .innerJoin('member', 'member.id', 'triad_member.member_id')
    .innerJoin('organization', 'organization.id', 'triad.organization_id')
    .select(['organization.slug', 'triad_member.pseudonym'])
    .where('triad.cycle_id', '=', c.id)
    .where('member.account_id', '=', accountId)
    .orderBy('organization.slug')
    .execute();
  return rows.map((r) => ({ party: r.slug, pseudonym: r.pseudonym }));
}

/**
 * Whether the actor may hide feedback on the alliance's scorecards: the rule of
 * services/moderation.ts (moderatingParties: the local operator, an instance admin, or an admin of a current party),
 * asked before offering the form; the service decides again when the form is sent.
 */
export async function canModerate(ctx: Ctx, actor: Actor | null, alliance: string): Promise<boolean> {
  if (actor === null) return false;
  const mine = await moderatingParties(ctx.db, actor, (await findAlliance(ctx.db, alliance)).id);
  return mine === 'instance' || mine.length > 0;
}

// ---------------------------------------------------------------- the archive entry

export interface ArchiveEntry {
  index: number;
  /** the entry's bytes: the record's canonical JSON (RFC 8785) */
  json: string;
  /** the C2SP tlog-tiles entry bundle holding it at the latest checkpoint, or null before one */
  bundle: string | null;
}

/** Entry `index` of the log and the bundle path that carries it. */
export async function archiveEntry(ctx: Ctx, index: number): Promise<ArchiveEntry | null> {
  const row = await ctx.db.selectFrom('log_entry').select(['data']).where('idx', '=', index).executeTakeFirst();
  if (row === undefined) return null;
  const head = await ctx.db.selectFrom('checkpoint').select('size').orderBy('size', 'desc').limit(1).executeTakeFirst();
  const size = head === undefined ? 0 : toIndex(head.size);
  // Bundle N holds entries [256·N, 256·N + width); at size S its width is min(256, S − 256·N).
  const n = Math.floor(index / TILE_WIDTH);
  const width = Math.min(TILE_WIDTH, size - n * TILE_WIDTH);
  return { index, json: new TextDecoder('utf-8', { fatal: true }).decode(row.data), bundle: index < size ? entriesPath(n, width) : null };
}

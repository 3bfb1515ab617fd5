/**
 * Triads by public lot (issue 4 §3), the stored part: each party's eligible members (by
 * pseudonym, in pool order = the order they were added), its rotation round, the draw
 * (domain/audit/triads.ts drawTriad, RFC 3797), and who may act as a triad member.
 *
 * Pool order is member id order: stable, and the same order the `triad` record publishes.
 * Each party's draw uses the cycle's announced sources followed by the party's slug as one more
 * source, so parties with pools of the same size do not get the same positions drawn; the
 * record lists the exact sources used.
 * Rotation state is kept per (alliance, party): the pseudonyms who served in the current round.
 *
 * Private member fields (real name, contact) are never selected here: only id, pseudonym,
 * officeholder and eligibility leave the member table.
 *
 * Rater identity: the local operator acts as a named member (`as`, a pseudonym of the reviewing
 * party); an account acts as the member linked to it (member.account_id). Either way the member
 * must be in the triad, or the request is refused.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Ctx } from './context.js';
import { UserError } from './context.js';
import type { Actor } from './actor.js';
import { toIndex } from '../store/log.js';
import { AuditInputError, drawTriad, keyString, type TriadDraw, type TriadMember } from '../domain/audit/index.js';
import { checkLine, checkSlug, loadOrganization, requireOrgRole } from './organizations.js';
import { unitOfWork } from './unit-of-work.js';

type Trx = Transaction<Database>;
type Db = Trx | Ctx['db'];

/** Rows per multi-row insert: 500 rows × at most 8 columns stays far below both databases' limits. */
const ROWS_PER_INSERT = 500;

/** Bad input from the domain becomes a UserError with the same one-line reason. */
export function asUserError<T>(fn: () => T, prefix = '', suffix = ''): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof AuditInputError) throw new UserError(prefix + err.message + suffix);
    throw err;
  }
}

/** Multi-row inserts in chunks. */
export async function insertMany<T extends keyof Database & string>(trx: Trx, table: T, rows: readonly Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    // Kysely's value types are per table; rows are built by the callers from that table's columns.
    await trx.insertInto(table).values(rows.slice(i, i + ROWS_PER_INSERT) as never).execute();
  }
}

// ---------------------------------------------------------------- pools and rotation

export interface PoolMember extends TriadMember {
  id: number;
}

/** Each organization's members as triad candidates, in pool order (member id). */
export async function loadPools(db: Db, organizationIds: readonly number[]): Promise<Map<number, PoolMember[]>> {
  const pools = new Map<number, PoolMember[]>(organizationIds.map((id) => [id, []]));
  if (organizationIds.length === 0) return pools;
  const rows = await db
    .selectFrom('member')
    .select(['id', 'organization_id', 'pseudonym', 'officeholder', 'triad_eligible'])
    .where('organization_id', 'in', [...organizationIds])
    .orderBy('id')
    .execute();
  for (const r of rows) {
    pools.get(toIndex(r.organization_id))?.push({
      id: toIndex(r.id),
      pseudonym: r.pseudonym,
      officeholder: Number(r.officeholder) === 1,
      eligible: Number(r.triad_eligible) === 1,
    });
  }
  return pools;
}

export interface Rotation {
  round: number;
  served: string[];
}

export async function loadRotations(db: Db, allianceId: number): Promise<Map<number, Rotation>> {
  const rows = await db.selectFrom('triad_rotation').select(['organization_id', 'round', 'served']).where('alliance_id', '=', allianceId).execute();
  return new Map(rows.map((r) => [toIndex(r.organization_id), { round: toIndex(r.round), served: JSON.parse(r.served) as string[] }]));
}

export interface PartyDraw {
  party: { id: number; slug: string };
  sources: string[];
  pool: PoolMember[];
  /** the served set the draw started from, restricted to the eligible pool, in pool order */
  servedBefore: string[];
  round: number;
  draw: TriadDraw;
}

/** Draws every party's triad for a cycle; bad input names the party and what to do. */
export function drawTriads(input: {
  parties: readonly { id: number; slug: string }[];
  pools: ReadonlyMap<number, PoolMember[]>;
  rotations: ReadonlyMap<number, Rotation>;
  sources: readonly string[];
  size: number;
  officeholderQuota: number | undefined;
}): PartyDraw[] {
  return input.parties.map((party) => {
    const pool = input.pools.get(party.id) ?? [];
    const rotation = input.rotations.get(party.id) ?? { round: 1, served: [] };
    const eligible = pool.filter((m) => m.eligible).map((m) => m.pseudonym);
    const servedBefore = eligible.filter((p) => rotation.served.includes(p));
    const sources = [...input.sources, party.slug];
    const draw = asUserError(
      () =>
        drawTriad({
          members: pool,
          servedThisRound: servedBefore,
          size: input.size,
          quotas: input.officeholderQuota === undefined ? {} : { officeholder: input.officeholderQuota },
          sources,
        }),
      `${party.slug}: `,
      `; add eligible members to ${party.slug} (daylight member add) before opening the cycle`,
    );
    return { party, sources, pool, servedBefore, round: draw.newRound ? rotation.round + 1 : rotation.round, draw };
  });
}

/** Checks announced sources the way the draw will read them (RFC 3797 key string rules). */
export function checkSources(sources: readonly string[]): void {
  asUserError(() => keyString(sources), 'sources: ');
}

/** Triads, their members and the new rotation state, in a few batched statements. */
export async function saveTriads(trx: Trx, at: Date, allianceId: number, cycleId: number, draws: readonly PartyDraw[]): Promise<Map<number, number>> {
  const triadIds = new Map<number, number>();
  for (let i = 0; i < draws.length; i += ROWS_PER_INSERT) {
    const rows = await trx
      .insertInto('triad')
      .values(draws.slice(i, i + ROWS_PER_INSERT).map((d) => ({ cycle_id: cycleId, organization_id: d.party.id, draw_key: d.draw.key, new_round: d.draw.newRound ? 1 : 0 })))
      .returning(['id', 'organization_id'])
      .execute();
    for (const r of rows) triadIds.set(toIndex(r.organization_id), toIndex(r.id));
  }
  const members = draws.flatMap((d) => {
    const byName = new Map(d.pool.map((m) => [m.pseudonym, m.id]));
    return d.draw.triad.map((pseudonym, k) => ({ triad_id: triadIds.get(d.party.id)!, member_id: byName.get(pseudonym)!, pseudonym, position: k + 1 }));
  });
  await insertMany(trx, 'triad_member', members);
  const iso = at.toISOString();
  await trx.deleteFrom('triad_rotation').where('alliance_id', '=', allianceId).where('organization_id', 'in', draws.map((d) => d.party.id)).execute();
  await insertMany(
    trx,
    'triad_rotation',
    draws.map((d) => ({ alliance_id: allianceId, organization_id: d.party.id, round: d.round, served: JSON.stringify(d.draw.servedThisRound), updated_at: iso })),
  );
  return triadIds;
}

// ---------------------------------------------------------------- triad membership

export interface TriadRow {
  id: number;
  members: { memberId: number; pseudonym: string }[];
}

/** A triad's members in drawn order. */
export async function triadMembers(db: Db, triadId: number): Promise<TriadRow> {
  const rows = await db.selectFrom('triad_member').select(['member_id', 'pseudonym']).where('triad_id', '=', triadId).orderBy('position').execute();
  return { id: triadId, members: rows.map((r) => ({ memberId: toIndex(r.member_id), pseudonym: r.pseudonym })) };
}

/** Who is acting: the local operator names a member with `as`; an account acts as its linked member. */
export interface RaterInput {
  /** the pseudonym the local operator acts as (CLI --as); ignored for accounts */
  as?: string;
}

/**
 * The triad member the actor is, for a triad of `party`; 'forbidden' when the actor is not one of
 * its members. The message names the triad (public: it was drawn by public lot).
 */
export async function requireTriadMember(db: Db, actor: Actor, as: string | undefined, party: { id: number; slug: string }, triad: TriadRow, cycle: number): Promise<{ memberId: number; pseudonym: string }> {
  const memberId = actor.kind === 'local' ? await memberByPseudonym(db, party, as) : await memberByAccount(db, party, actor.accountId);
  const found = triad.members.find((m) => m.memberId === memberId);
  if (found === undefined) {
    const who = actor.kind === 'local' ? `"${as}"` : 'your account’s member';
    throw new UserError(`${who} is not in ${party.slug}’s triad for cycle ${cycle} (${triad.members.map((m) => m.pseudonym).join(', ')}): only its members rate and finalize`, 'forbidden');
  }
  return found;
}

async function memberByPseudonym(db: Db, party: { id: number; slug: string }, as: string | undefined): Promise<number | null> {
  if (as === undefined || as === '') throw new UserError('say which triad member you act as: --as PSEUDONYM');
  const pseudonym = checkLine(as, 'the pseudonym to act as', 80);
  const row = await db.selectFrom('member').select('id').where('organization_id', '=', party.id).where('pseudonym', '=', pseudonym).executeTakeFirst();
  return row === undefined ? null : toIndex(row.id);
}

async function memberByAccount(db: Db, party: { id: number; slug: string }, accountId: number): Promise<number | null> {
  const row = await db.selectFrom('member').select('id').where('organization_id', '=', party.id).where('account_id', '=', accountId).executeTakeFirst();
  return row === undefined ? null : toIndex(row.id);
}

/**
 * Links an account to a member of an organization, so the account rates as that member through
 * the API (one account per member per organization). The local operator, an instance admin or an
 * admin of the organization may link. (Member administration belongs in services/members.ts; it
 * lives here until members.ts grows it, because only rating needs it yet.)
 */
export async function linkMemberAccount(ctx: Ctx, actor: Actor, input: { organization: string; pseudonym: string; accountId: number | null }): Promise<void> {
  const slug = checkSlug(input.organization);
  const pseudonym = checkLine(input.pseudonym, 'pseudonym', 80);
  if (input.accountId !== null && !Number.isSafeInteger(input.accountId)) throw new UserError('an account id is a whole number');
  await ctx.db.transaction().execute(async (trx) => {
    const org = await loadOrganization(trx, slug);
    await requireOrgRole(trx, actor, org.id, slug, ['admin'], true);
    if (input.accountId !== null) {
      const account = await trx.selectFrom('account').select('id').where('id', '=', input.accountId).executeTakeFirst();
      if (account === undefined) throw new UserError(`no account ${input.accountId}`, 'not_found');
      const taken = await trx.selectFrom('member').select('pseudonym').where('organization_id', '=', org.id).where('account_id', '=', input.accountId).executeTakeFirst();
      if (taken !== undefined && taken.pseudonym !== pseudonym) {
        throw new UserError(`that account is already linked to ${slug}’s member "${taken.pseudonym}": unlink it first`, 'conflict');
      }
    }
    const r = await trx.updateTable('member').set({ account_id: input.accountId }).where('organization_id', '=', org.id).where('pseudonym', '=', pseudonym).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new UserError(`${slug} has no member "${pseudonym}"`, 'not_found');
  });
}

/**
 * The reverse of linkMemberAccount: the member no longer acts through any account (the account
 * stops rating as them at once). Who may: as for linking. Links are private: nothing is published.
 */
export async function unlinkMemberAccount(ctx: Ctx, actor: Actor, input: { organization: string; pseudonym: string }): Promise<void> {
  const slug = checkSlug(input.organization);
  const pseudonym = checkLine(input.pseudonym, 'pseudonym', 80);
  await unitOfWork(ctx, async (trx) => {
    const org = await loadOrganization(trx, slug);
    await requireOrgRole(trx, actor, org.id, slug, ['admin'], true);
    const member = await trx.selectFrom('member').select(['id', 'account_id']).where('organization_id', '=', org.id).where('pseudonym', '=', pseudonym).executeTakeFirst();
    if (member === undefined) throw new UserError(`${slug} has no member "${pseudonym}"`, 'not_found');
    if (member.account_id === null) throw new UserError(`${slug}’s member "${pseudonym}" is linked to no account: nothing to unlink`, 'conflict');
    await trx.updateTable('member').set({ account_id: null }).where('id', '=', member.id).execute();
  });
}

/** Which of the organization's members act through which account, by username: for its admins (as for linking). */
export async function memberAccountLinks(ctx: Ctx, actor: Actor, organization: string): Promise<{ pseudonym: string; username: string }[]> {
  const slug = checkSlug(organization);
  return ctx.db.transaction().execute(async (trx) => {
    const org = await loadOrganization(trx, slug);
    await requireOrgRole(trx, actor, org.id, slug, ['admin'], true);
    return trx
      .selectFrom('member')
      .innerJoin('account', 'account.id', 'member.account_id')
      .select(['member.pseudonym', 'account.username'])
      .where('member.organization_id', '=', org.id)
      .orderBy('member.pseudonym')
      .execute();
  });
}

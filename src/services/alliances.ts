/**
 * Alliances (design notes, `Alliance`; issue 3 §2): two or more organizations bound by one
 * covenant. The founding parties are named at creation; after that, parties join and leave only
 * through ratified covenant versions (covenants.ts: the ratified version's `parties` list becomes
 * the alliance's parties). Each party has a standing (domain/standing.ts), good by default.
 *
 * Status: forming (no ratified covenant yet) → active (a ratified covenant) → lapsed (a renewal
 * missed its due date plus grace; renewals.ts) → active again when a new version is ratified.
 *
 * Concurrency: every use case that changes an alliance's covenant state locks its row first
 * (PostgreSQL SELECT … FOR UPDATE; on SQLite unitOfWork already holds the write lock), so two
 * last signatures arriving together ratify once.
 */
import type { Transaction } from 'kysely';
import type { Ctx } from './context.js';
import { UserError } from './context.js';
import type { Actor } from './actor.js';
import type { AllianceStatus, Database, RenewalStatus, StandingValue } from '../store/schema.js';
import { unitOfWork } from './unit-of-work.js';
import { toIndex } from '../store/log.js';
import { allianceRecord } from '../domain/public.js';
import { INITIAL_STANDING } from '../domain/standing.js';
import { checkLine, checkSlug } from './organizations.js';

type Trx = Transaction<Database>;
type Db = Trx | Ctx['db'];

export interface AllianceInput {
  slug: string;
  name: string;
  /** organization slugs: at least two */
  parties: string[];
}

export interface PartyView {
  organization: string;
  name: string;
  standing: StandingValue;
  joinedAt: string;
}

export interface AllianceView {
  slug: string;
  name: string;
  status: AllianceStatus;
  createdAt: string;
  parties: PartyView[];
  /** the ratified version in force, if any */
  ratified: { version: number; sha256: string; ratifiedAt: string } | null;
  /** the version awaiting signatures, if any */
  proposed: { version: number; sha256: string; signed: string[]; missing: string[] } | null;
  /** the latest renewal of the ratified version, if any */
  renewal: { number: number; status: RenewalStatus; dueAt: string; lapsesAt: string } | null;
}

export interface AllianceRow {
  id: number;
  slug: string;
  name: string;
  status: AllianceStatus;
}

const MAX_NAME = 200;
const MAX_PARTIES = 256; // as the covenant schema: audits must work for 200 parties

/** The alliance row, locked for the rest of the transaction; 'not_found' when there is none. */
export async function lockAlliance(trx: Trx, dialect: Ctx['dialect'], slug: string): Promise<AllianceRow> {
  return findAlliance(trx, slug, dialect === 'postgres');
}

/** The alliance row (locked FOR UPDATE when `lock`); 'not_found' when there is none. */
export async function findAlliance(db: Db, slug: string, lock = false): Promise<AllianceRow> {
  let q = db.selectFrom('alliance').select(['id', 'slug', 'name', 'status']).where('slug', '=', checkSlug(slug, 'an alliance slug'));
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (row === undefined) throw new UserError(`no alliance "${slug}": create it with \`daylight alliance create\``, 'not_found');
  return { ...row, id: toIndex(row.id) };
}

/** The current parties (left_at null), by slug. */
export async function currentParties(db: Db, allianceId: number): Promise<{ id: number; slug: string }[]> {
  const rows = await db
    .selectFrom('alliance_party')
    .innerJoin('organization', 'organization.id', 'alliance_party.organization_id')
    .select(['organization.id', 'organization.slug'])
    .where('alliance_party.alliance_id', '=', allianceId)
    .where('alliance_party.left_at', 'is', null)
    .orderBy('organization.slug')
    .execute();
  return rows.map((r) => ({ id: toIndex(r.id), slug: r.slug }));
}

/** One current party of the alliance by slug; 'not_found' when it is none. `what` names it in the refusal. */
export async function currentParty(db: Db, alliance: AllianceRow, slug: unknown, what: string): Promise<{ id: number; slug: string }> {
  if (typeof slug !== 'string' || slug === '') throw new UserError(`name ${what}`);
  const r = await db
    .selectFrom('alliance_party')
    .innerJoin('organization', 'organization.id', 'alliance_party.organization_id')
    .select(['organization.id', 'organization.slug'])
    .where('alliance_party.alliance_id', '=', alliance.id)
    .where('organization.slug', '=', slug)
    .where('alliance_party.left_at', 'is', null)
    .executeTakeFirst();
  if (r === undefined) throw new UserError(`"${slug.slice(0, 63)}" is not a party to ${alliance.slug}`, 'not_found');
  return { id: toIndex(r.id), slug: r.slug };
}

/** Organization ids by slug; 'not_found' naming the first unknown one and where it was listed. */
export async function organizationIds(db: Db, slugs: readonly string[], where: string): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  if (slugs.length === 0) return found;
  const rows = await db.selectFrom('organization').select(['id', 'slug']).where('slug', 'in', [...slugs]).execute();
  for (const r of rows) found.set(r.slug, toIndex(r.id));
  slugs.forEach((s, i) => {
    if (!found.has(s)) throw new UserError(`${where}[${i}]: no organization "${s}" on this instance: create it first`, 'not_found');
  });
  return found;
}

function mayCreate(actor: Actor): boolean {
  return actor.kind === 'local' || actor.instanceAdmin;
}

export async function createAlliance(ctx: Ctx, actor: Actor, input: AllianceInput): Promise<AllianceView> {
  const slug = checkSlug(input.slug, 'an alliance slug');
  const name = checkLine(input.name, 'name', MAX_NAME);
  if (!Array.isArray(input.parties) || input.parties.length < 2 || input.parties.length > MAX_PARTIES) {
    throw new UserError(`an alliance has 2 to ${MAX_PARTIES} parties: name each with --party`);
  }
  const parties = input.parties.map((p) => checkSlug(p));
  if (new Set(parties).size !== parties.length) throw new UserError('a party is listed twice: name each organization once');
  const at = ctx.now();
  await unitOfWork(ctx, async (trx, append) => {
    const ids = await organizationIds(trx, parties, 'parties');
    if (!mayCreate(actor)) await requireSomeRole(trx, actor, [...ids.values()]);
    const row = await trx
      .insertInto('alliance')
      .values({ slug, name, status: 'forming', created_at: at.toISOString() })
      .onConflict((oc) => oc.column('slug').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (row === undefined) throw new UserError(`the alliance slug "${slug}" is taken: choose another`, 'conflict');
    const allianceId = toIndex(row.id);
    await trx
      .insertInto('alliance_party')
      .values(parties.map((p) => ({ alliance_id: allianceId, organization_id: ids.get(p)!, standing: INITIAL_STANDING, joined_at: at.toISOString(), left_at: null })))
      .execute();
    await append([allianceRecord(at, { slug, name, parties: [...parties].sort() })]);
  });
  return getAlliance(ctx, slug);
}

/** A founding party's admin or delegate may found the alliance. */
async function requireSomeRole(trx: Trx, actor: Actor, organizationIds: number[]): Promise<void> {
  if (actor.kind === 'local') return;
  const m = await trx
    .selectFrom('membership')
    .select('role')
    .where('account_id', '=', actor.accountId)
    .where('organization_id', 'in', organizationIds)
    .where('role', 'in', ['admin', 'delegate'])
    .executeTakeFirst();
  if (m === undefined) {
    throw new UserError('forbidden: only an instance admin, or an admin or delegate of a founding party, creates an alliance', 'forbidden');
  }
}

export async function getAlliance(ctx: Ctx, slug: string): Promise<AllianceView> {
  const a = await ctx.db
    .selectFrom('alliance')
    .select(['id', 'slug', 'name', 'status', 'created_at'])
    .where('slug', '=', checkSlug(slug, 'an alliance slug'))
    .executeTakeFirst();
  if (a === undefined) throw new UserError(`no alliance "${slug}"`, 'not_found');
  const id = toIndex(a.id);
  const parties = await ctx.db
    .selectFrom('alliance_party')
    .innerJoin('organization', 'organization.id', 'alliance_party.organization_id')
    .select(['organization.slug', 'organization.name', 'alliance_party.standing', 'alliance_party.joined_at'])
    .where('alliance_party.alliance_id', '=', id)
    .where('alliance_party.left_at', 'is', null)
    .orderBy('organization.slug')
    .execute();
  return {
    slug: a.slug,
    name: a.name,
    status: a.status,
    createdAt: a.created_at,
    parties: parties.map((p) => ({ organization: p.slug, name: p.name, standing: p.standing, joinedAt: p.joined_at })),
    ratified: await ratifiedSummary(ctx, id),
    proposed: await proposedSummary(ctx, id),
    renewal: await renewalSummary(ctx, id),
  };
}

export async function listAlliances(ctx: Ctx): Promise<{ slug: string; name: string; status: AllianceStatus }[]> {
  return ctx.db.selectFrom('alliance').select(['slug', 'name', 'status']).orderBy('slug').execute();
}

async function ratifiedSummary(ctx: Ctx, allianceId: number): Promise<AllianceView['ratified']> {
  const v = await ctx.db
    .selectFrom('covenant_version')
    .select(['number', 'sha256', 'ratified_at'])
    .where('alliance_id', '=', allianceId)
    .where('status', '=', 'ratified')
    .executeTakeFirst();
  return v === undefined ? null : { version: toIndex(v.number), sha256: v.sha256, ratifiedAt: v.ratified_at ?? '' };
}

async function proposedSummary(ctx: Ctx, allianceId: number): Promise<AllianceView['proposed']> {
  const v = await ctx.db
    .selectFrom('covenant_version')
    .select(['id', 'number', 'sha256', 'body'])
    .where('alliance_id', '=', allianceId)
    .where('status', '=', 'proposed')
    .executeTakeFirst();
  if (v === undefined) return null;
  const signed = await signersOf(ctx.db, toIndex(v.id), 0);
  const parties = (JSON.parse(v.body) as { parties: string[] }).parties;
  return { version: toIndex(v.number), sha256: v.sha256, signed, missing: parties.filter((p) => !signed.includes(p)) };
}

async function renewalSummary(ctx: Ctx, allianceId: number): Promise<AllianceView['renewal']> {
  const r = await ctx.db
    .selectFrom('renewal')
    .select(['number', 'status', 'due_at', 'lapses_at'])
    .where('alliance_id', '=', allianceId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r === undefined ? null : { number: toIndex(r.number), status: r.status, dueAt: r.due_at, lapsesAt: r.lapses_at };
}

/** The slugs of parties that signed a version (renewal 0) or re-signed it (renewal n). */
export async function signersOf(db: Db, versionId: number, renewal: number): Promise<string[]> {
  const rows = await db
    .selectFrom('covenant_signature')
    .innerJoin('organization', 'organization.id', 'covenant_signature.organization_id')
    .select('organization.slug')
    .where('covenant_signature.version_id', '=', versionId)
    .where('covenant_signature.renewal', '=', renewal)
    .orderBy('organization.slug')
    .execute();
  return rows.map((r) => r.slug);
}

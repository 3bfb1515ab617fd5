/**
 * The guided setup (issue 6 §2, "a guided setup creates a real alliance"): the instance read as a
 * checklist of nine steps, from the first accounts to the first audit cycle, each one done, next
 * or later, with what the reader may do about it. One read; nothing is written, nothing published.
 *
 *   the instance's steps                          each alliance's steps
 *   1 accounts   an instance admin, and at least   6 the alliance, its parties named
 *                one other account to act          7 a covenant proposed (drafted from the
 *   2 organizations  at least two                    template, then proposed once it lints clean)
 *   3 roles      each organization: an admin and   8 signed by every party: ratified
 *                a delegate                        9 the first audit cycle opened
 *   4 keys       each organization: a verifier key
 *                its delegates sign with
 *   5 members    each organization: enough triad-
 *                eligible members for a triad
 *
 * Steps 3–5 hold for every organization on the instance, and for none while there is none.
 * "next" is the first step not done, in this order (an alliance's steps come after the
 * instance's, each alliance on its own); every other step not done is "later". An alliance is
 * running once its first audit cycle is open: a cycle opens only under a ratified covenant.
 *
 * Step 5's rule is the draw's own (domain/audit drawTriad: at least triadSize eligible members,
 * and few enough officeholders among them for the quota), asked of the draw itself with the
 * starter covenant's audit section (three per triad, at most one officeholder); step 9 asks it
 * again with the ratified covenant's section, which may differ, and names the parties it refuses.
 *
 * Privacy: of roles and members the guide says only whether there are enough, never who. Who
 * holds a role is private to those who may change roles there (services/accounts.ts rolesIn), and
 * members are their own admins' alone (covenant-views.ts privateMembers); only pseudonyms, never
 * real names or contacts, are read here, and none of them leaves this file.
 */
import type { Ctx } from './context.js';
import type { Actor } from './actor.js';
import type { AllianceStatus } from '../store/schema.js';
import { toIndex } from '../store/log.js';
import { AuditInputError, drawTriad, type Rhythm } from '../domain/audit/index.js';
import { starterCovenant } from '../domain/covenant/template.js';
import { getAlliance, listAlliances, type AllianceView } from './alliances.js';
import { actingParties } from './covenant-views.js';
import { cycleAudit } from './cycles.js';
import { loadPools, type PoolMember } from './triads.js';

export type StepState = 'done' | 'next' | 'later';

/** How many members a triad takes, and how many of them may hold office. */
export interface TriadRule {
  size: number;
  officeholderQuota: number | null;
}

/** One organization as steps 3–5 read it: whether it has enough, never who. */
export interface OrganizationSetup {
  slug: string;
  name: string;
  hasAdmin: boolean;
  hasDelegate: boolean;
  /** active verifier keys */
  keys: number;
  /** triad-eligible members */
  eligible: number;
  /** a triad can be drawn from them under the starter covenant's rule */
  triadReady: boolean;
  /** the reader may change its roles and keys: an instance admin or one of its admins */
  mayManage: boolean;
  /** the reader may add its members: its own admins only */
  mayMembers: boolean;
}

export interface InstanceSetup {
  accounts: { state: StepState; total: number; mayCreate: boolean };
  organizations: { state: StepState; count: number; mayCreate: boolean };
  roles: StepState;
  keys: StepState;
  members: StepState;
  organizationList: OrganizationSetup[];
  /** the starter covenant's triad rule, which step 5 applies */
  triad: TriadRule;
}

export interface AllianceSetup {
  slug: string;
  name: string;
  status: AllianceStatus;
  parties: { slug: string; name: string }[];
  /** its first audit cycle is open */
  running: boolean;
  /** the reader is an admin or delegate of a party: drafts, proposes and opens cycles */
  mayAct: boolean;
  /** step 6, always done: the alliance exists */
  alliance: StepState;
  /** step 7: the latest draft waiting to be proposed, the proposed and the ratified version */
  covenant: { state: StepState; draft: number | null; proposed: number | null; ratified: number | null };
  /** step 8: the proposed version's signatures, by party slug */
  signatures: { state: StepState; signed: string[]; missing: string[] };
  /** step 9: the ratified covenant's rhythm and triad rule; the parties whose members cannot fill a triad under it */
  cycle: { state: StepState; opened: number; rhythm: Rhythm | null; triad: TriadRule | null; short: string[] };
  /** the ratified renewal in course, for the running alliance's links */
  renewal: number | null;
}

export interface SetupGuide {
  instance: InstanceSetup;
  /** no alliance yet: step 6 is to found one (7–9 follow) */
  firstAlliance: { state: StepState } | null;
  /** alliances whose first audit cycle is not open yet */
  forming: AllianceSetup[];
  running: AllianceSetup[];
  /** an instance admin, or an admin or delegate of some organization (services/alliances.ts) */
  mayCreateAlliance: boolean;
}

/** The guide for a signed-in reader (or the local operator, who may do everything). */
export async function setupGuide(ctx: Ctx, reader: Actor): Promise<SetupGuide> {
  const admin = reader.kind === 'local' || reader.instanceAdmin;
  const acting = reader.kind === 'local' ? [] : await actingParties(ctx, reader.accountId);
  const roleIn = new Map(acting.map((p) => [p.slug, p.role]));
  const actsFor = (slug: string) => reader.kind === 'local' || roleIn.get(slug) === 'admin' || roleIn.get(slug) === 'delegate';

  const accounts = await accountCounts(ctx);
  const organizations = await organizationSetups(ctx, reader, admin, roleIn);
  const orgs = organizations.list;
  const every = (ok: (o: OrganizationSetup) => boolean) => orgs.length > 0 && orgs.every(ok);
  const [s1, s2, s3, s4, s5] = inOrder(
    [
      accounts.admins > 0 && accounts.total > accounts.admins,
      orgs.length >= 2,
      every((o) => o.hasAdmin && o.hasDelegate),
      every((o) => o.keys > 0),
      every((o) => o.triadReady),
    ],
    false,
  ) as [StepState, StepState, StepState, StepState, StepState];
  const instanceDone = s5 === 'done' && [s1, s2, s3, s4].every((s) => s === 'done');

  const alliances: AllianceSetup[] = [];
  for (const { slug } of await listAlliances(ctx)) {
    alliances.push(await allianceSetup(ctx, await getAlliance(ctx, slug), organizations.pools, !instanceDone, actsFor));
  }
  return {
    instance: {
      accounts: { state: s1, total: accounts.total, mayCreate: admin },
      organizations: { state: s2, count: orgs.length, mayCreate: admin },
      roles: s3,
      keys: s4,
      members: s5,
      organizationList: orgs,
      triad: starterRule(),
    },
    firstAlliance: alliances.length === 0 ? { state: instanceDone ? 'next' : 'later' } : null,
    forming: alliances.filter((a) => !a.running),
    running: alliances.filter((a) => a.running),
    mayCreateAlliance: admin || acting.some((p) => p.role === 'admin' || p.role === 'delegate'),
  };
}

/** done, else next for the first not done (unless an earlier step is not done: `blocked`), else later. */
function inOrder(done: readonly boolean[], blocked: boolean): StepState[] {
  let nextTaken = blocked;
  return done.map((d) => {
    if (d) return 'done';
    if (nextTaken) return 'later';
    nextTaken = true;
    return 'next';
  });
}

// ---------------------------------------------------------------- the instance

async function accountCounts(ctx: Ctx): Promise<{ total: number; admins: number }> {
  const rows = await ctx.db.selectFrom('account').select('instance_admin').execute();
  return { total: rows.length, admins: rows.filter((r) => Number(r.instance_admin) === 1).length };
}

async function organizationSetups(
  ctx: Ctx,
  reader: Actor,
  admin: boolean,
  roleIn: ReadonlyMap<string, string>,
): Promise<{ list: OrganizationSetup[]; pools: Map<string, PoolMember[]> }> {
  const rows = await ctx.db.selectFrom('organization').select(['id', 'slug', 'name']).orderBy('slug').execute();
  const ids = rows.map((r) => toIndex(r.id));
  // Which roles are held in each organization — the pairs, not the accounts holding them.
  const held = await ctx.db.selectFrom('membership').select(['organization_id', 'role']).distinct().execute();
  const roles = new Set(held.map((h) => `${toIndex(h.organization_id)}:${h.role}`));
  const keyRows = await ctx.db
    .selectFrom('organization_key')
    .select((eb) => ['organization_id', eb.fn.countAll().as('n')])
    .where('revoked_at', 'is', null)
    .groupBy('organization_id')
    .execute();
  const keys = new Map(keyRows.map((k) => [toIndex(k.organization_id), Number(k.n)]));
  const poolsById = await loadPools(ctx.db, ids);
  const pools = new Map<string, PoolMember[]>();
  const rule = starterRule();
  const list = rows.map((r, i) => {
    const id = ids[i]!;
    const pool = poolsById.get(id) ?? [];
    pools.set(r.slug, pool);
    return {
      slug: r.slug,
      name: r.name,
      hasAdmin: roles.has(`${id}:admin`),
      hasDelegate: roles.has(`${id}:delegate`),
      keys: keys.get(id) ?? 0,
      eligible: pool.filter((m) => m.eligible).length,
      triadReady: triadCanBeDrawn(pool, rule),
      mayManage: admin || roleIn.get(r.slug) === 'admin',
      mayMembers: reader.kind === 'local' || roleIn.get(r.slug) === 'admin',
    };
  });
  return { list, pools };
}

let starter: TriadRule | undefined;

/** The starter covenant's triad rule (domain/covenant/template.ts), read once. */
function starterRule(): TriadRule {
  starter ??= ruleOf(JSON.stringify({ audit: starterCovenant({ parties: ['a', 'b'], languages: ['en'] }).audit }));
  return starter;
}

/** A stored covenant body's triad rule, read as an opening cycle reads it (cycles.ts cycleAudit). */
function ruleOf(body: string): TriadRule {
  const audit = cycleAudit(body);
  return { size: audit.triadSize, officeholderQuota: audit.officeholderQuota ?? null };
}

/**
 * Whether the draw would take this pool: the draw itself is asked, with a placeholder source (the
 * sources change who is drawn, never whether a triad can be), so the guide and the opening of a
 * cycle can never disagree about the rule.
 */
function triadCanBeDrawn(pool: readonly PoolMember[], rule: TriadRule): boolean {
  try {
    drawTriad({
      members: pool,
      servedThisRound: [],
      size: rule.size,
      quotas: rule.officeholderQuota === null ? {} : { officeholder: rule.officeholderQuota },
      sources: ['setup'],
    });
    return true;
  } catch (err) {
    if (err instanceof AuditInputError) return false;
    throw err;
  }
}

// ---------------------------------------------------------------- each alliance

async function allianceSetup(
  ctx: Ctx,
  a: AllianceView,
  pools: ReadonlyMap<string, PoolMember[]>,
  blocked: boolean,
  actsFor: (slug: string) => boolean,
): Promise<AllianceSetup> {
  const id = (await ctx.db.selectFrom('alliance').select('id').where('slug', '=', a.slug).executeTakeFirstOrThrow()).id;
  const opened = Number(
    (await ctx.db.selectFrom('audit_cycle').select((eb) => eb.fn.countAll().as('n')).where('alliance_id', '=', id).executeTakeFirstOrThrow()).n,
  );
  const draft = await ctx.db
    .selectFrom('covenant_version')
    .select('number')
    .where('alliance_id', '=', id)
    .where('status', '=', 'draft')
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
  const ratified = a.ratified?.version ?? null;
  const proposed = a.proposed?.version ?? null;
  // The rule the first cycle will follow: the ratified covenant's (only read while it matters).
  let triad: TriadRule | null = null;
  let short: string[] = [];
  let rhythm: Rhythm | null = null;
  if (ratified !== null && opened === 0) {
    const row = await ctx.db.selectFrom('covenant_version').select('body').where('alliance_id', '=', id).where('status', '=', 'ratified').executeTakeFirstOrThrow();
    const audit = cycleAudit(row.body);
    rhythm = audit.rhythm;
    triad = ruleOf(row.body);
    short = a.parties.filter((p) => !triadCanBeDrawn(pools.get(p.organization) ?? [], triad!)).map((p) => p.organization);
  }
  const [s6, s7, s8, s9] = inOrder([true, proposed !== null || ratified !== null, ratified !== null, opened > 0], blocked) as [StepState, StepState, StepState, StepState];
  return {
    slug: a.slug,
    name: a.name,
    status: a.status,
    parties: a.parties.map((p) => ({ slug: p.organization, name: p.name })),
    running: opened > 0,
    mayAct: a.parties.some((p) => actsFor(p.organization)),
    alliance: s6,
    covenant: { state: s7, draft: draft === undefined ? null : toIndex(draft.number), proposed, ratified },
    signatures: { state: s8, signed: a.proposed?.signed ?? [], missing: a.proposed?.missing ?? [] },
    cycle: { state: s9, opened, rhythm, triad, short },
    renewal: ratified !== null ? (a.renewal?.number ?? null) : null,
  };
}

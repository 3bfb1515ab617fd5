/**
 * Members (issue 3 §1): a pseudonym (public display name), an officeholder flag, triad
 * eligibility — and a real name and contact details that are PRIVATE. The private fields are
 * stored in the member row and nowhere else: adding a member appends no record at all (a member
 * appears publicly only by pseudonym, in the triad record of each cycle that opens while they
 * are eligible: the record publishes the party's whole pool), and MemberView has no field for
 * them, so no response built from it can carry them.
 *
 * Who may: the local operator, an instance admin, or an admin of the organization.
 *
 * Members are never deleted: their pseudonyms may stand in published triad records. One who has
 * left is made not eligible (updateMember), so no later cycle draws or publishes them.
 */
import type { Ctx } from './context.js';
import { UserError } from './context.js';
import type { Actor } from './actor.js';
import { toIndex } from '../store/log.js';
import { checkLine, checkSlug, checkText, loadOrganization, requireOrgRole } from './organizations.js';
import { unitOfWork } from './unit-of-work.js';

export interface MemberInput {
  organization: string;
  pseudonym: string;
  /** PRIVATE */
  realName?: string;
  /** PRIVATE: e-mail, phone, Signal, postal address… free text */
  contact?: string;
  officeholder?: boolean;
  triadEligible?: boolean;
}

/** What may leave the instance about a member: no real name, no contact. */
export interface MemberView {
  id: number;
  organization: string;
  pseudonym: string;
  officeholder: boolean;
  triadEligible: boolean;
}

const MAX_PSEUDONYM = 80;
const MAX_REAL_NAME = 200;
const MAX_CONTACT = 1000;

function view(row: { id: unknown; pseudonym: string; officeholder: unknown; triad_eligible: unknown }, organization: string): MemberView {
  return {
    id: toIndex(row.id),
    organization,
    pseudonym: row.pseudonym,
    officeholder: Number(row.officeholder) === 1,
    triadEligible: Number(row.triad_eligible) === 1,
  };
}

export async function addMember(ctx: Ctx, actor: Actor, input: MemberInput): Promise<MemberView> {
  const slug = checkSlug(input.organization);
  const pseudonym = checkLine(input.pseudonym, 'pseudonym', MAX_PSEUDONYM);
  const realName = input.realName === undefined ? null : checkLine(input.realName, 'real name', MAX_REAL_NAME);
  const contact = input.contact === undefined ? null : checkText(input.contact, 'contact', MAX_CONTACT) || null;
  if (realName !== null && pseudonym.toLowerCase() === realName.toLowerCase()) {
    // A pseudonym is public: one equal to the private real name would publish it.
    throw new UserError('the pseudonym is the real name: choose a pseudonym that does not reveal who the member is');
  }
  const at = ctx.now().toISOString();
  // No record is appended, so a plain transaction is enough (nothing to sign afterwards).
  return ctx.db.transaction().execute(async (trx) => {
    const org = await loadOrganization(trx, slug);
    await requireOrgRole(trx, actor, org.id, slug, ['admin'], true);
    const row = await trx
      .insertInto('member')
      .values({
        organization_id: org.id,
        pseudonym,
        real_name: realName,
        contact,
        officeholder: input.officeholder ? 1 : 0,
        triad_eligible: input.triadEligible === false ? 0 : 1,
        created_at: at,
      })
      .onConflict((oc) => oc.columns(['organization_id', 'pseudonym']).doNothing())
      .returning(['id', 'pseudonym', 'officeholder', 'triad_eligible'])
      .executeTakeFirst();
    if (row === undefined) throw new UserError(`${slug} already has a member called "${pseudonym}": choose another pseudonym`, 'conflict');
    return view(row, slug);
  });
}

/** Members by pseudonym (public fields only), for the organization's admins and delegates. */
export async function listMembers(ctx: Ctx, actor: Actor, organization: string): Promise<MemberView[]> {
  const slug = checkSlug(organization);
  return ctx.db.transaction().execute(async (trx) => {
    const org = await loadOrganization(trx, slug);
    await requireOrgRole(trx, actor, org.id, slug, ['admin', 'delegate'], true);
    const rows = await trx
      .selectFrom('member')
      .select(['id', 'pseudonym', 'officeholder', 'triad_eligible'])
      .where('organization_id', '=', org.id)
      .orderBy('pseudonym')
      .execute();
    return rows.map((r) => view(r, slug));
  });
}

/**
 * What may change about a member; an absent field stays as it is. The pseudonym does not change:
 * it may already stand in published triad records (each cycle publishes the party's eligible pool).
 */
export interface MemberUpdate {
  organization: string;
  pseudonym: string;
  officeholder?: boolean;
  /** false for a member who has left: members are never deleted, they stop being drawn */
  triadEligible?: boolean;
  /** PRIVATE; '' clears it */
  realName?: string;
  /** PRIVATE; '' clears it */
  contact?: string;
}

/**
 * Changes a member's flags and private details (who may: as for addMember). Like adding, it
 * appends no record: the flags reach the archive only through the next cycle's triad record
 * (pool and officeholders at its opening), and the private fields never do. Refuses a change
 * that changes nothing, and a real name equal to the pseudonym (it would publish who they are).
 */
export async function updateMember(ctx: Ctx, actor: Actor, input: MemberUpdate): Promise<MemberView> {
  const slug = checkSlug(input.organization);
  const pseudonym = checkLine(input.pseudonym, 'pseudonym', MAX_PSEUDONYM);
  const realName = input.realName === undefined ? undefined : checkLine(input.realName, 'real name', MAX_REAL_NAME, false) || null;
  const contact = input.contact === undefined ? undefined : checkText(input.contact, 'contact', MAX_CONTACT) || null;
  for (const [flag, value] of [['officeholder', input.officeholder], ['triadEligible', input.triadEligible]] as const) {
    if (value !== undefined && typeof value !== 'boolean') throw new UserError(`${flag} is true or false`);
  }
  if (realName && pseudonym.toLowerCase() === realName.toLowerCase()) {
    throw new UserError('the real name is the pseudonym: a public pseudonym must not reveal who the member is');
  }
  return unitOfWork(ctx, async (trx) => {
    const org = await loadOrganization(trx, slug);
    await requireOrgRole(trx, actor, org.id, slug, ['admin'], true);
    const row = await trx
      .selectFrom('member')
      .select(['id', 'pseudonym', 'real_name', 'contact', 'officeholder', 'triad_eligible'])
      .where('organization_id', '=', org.id)
      .where('pseudonym', '=', pseudonym)
      .executeTakeFirst();
    if (row === undefined) throw new UserError(`${slug} has no member called "${pseudonym}": check the pseudonym`, 'not_found');
    const next = {
      officeholder: input.officeholder === undefined ? Number(row.officeholder) : input.officeholder ? 1 : 0,
      triad_eligible: input.triadEligible === undefined ? Number(row.triad_eligible) : input.triadEligible ? 1 : 0,
      real_name: realName === undefined ? row.real_name : realName,
      contact: contact === undefined ? row.contact : contact,
    };
    if (next.officeholder === Number(row.officeholder) && next.triad_eligible === Number(row.triad_eligible) && next.real_name === row.real_name && next.contact === row.contact) {
      throw new UserError(`nothing was changed: ${pseudonym} already has these details`);
    }
    await trx.updateTable('member').set(next).where('id', '=', row.id).execute();
    return view({ id: row.id, pseudonym: row.pseudonym, officeholder: next.officeholder, triad_eligible: next.triad_eligible }, slug);
  });
}

/**
 * Members (issue 3 §1): a pseudonym (public display name), an officeholder flag, triad
 * eligibility — and a real name and contact details that are PRIVATE. The private fields are
 * stored in the member row and nowhere else: adding a member appends no record at all (a member
 * may appear publicly later only by pseudonym, in a triad), and MemberView has no field for them,
 * so no response built from it can carry them.
 *
 * Who may: the local operator, an instance admin, or an admin of the organization.
 */
import type { Ctx } from './context.js';
import { UserError } from './context.js';
import type { Actor } from './actor.js';
import { toIndex } from '../store/log.js';
import { checkLine, checkSlug, checkText, loadOrganization, requireOrgRole } from './organizations.js';

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

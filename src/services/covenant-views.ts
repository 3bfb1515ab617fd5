/**
 * Read-only queries for the covenant pages (issue 3): what the web layer shows beyond the views
 * the use-case services return. Nothing here writes. The public/private line holds here too:
 * only privateMembers returns a member's real name and contact, and only to an admin of that
 * member's own organization (not an instance admin, not a delegate).
 *
 * Archive reads (allianceRecords, versionArchive) scan the newest covenant-related entries of the
 * log, at most MAX_SCAN of them, and keep those naming the alliance: the log has no alliance
 * column, and a page that names a version's documents must show what was actually published.
 */
import { createHash } from 'node:crypto';
import type { Ctx } from './context.js';
import { UserError } from './context.js';
import type { Actor } from './actor.js';
import type { Role } from './accounts.js';
import type { RenewalStatus } from '../store/schema.js';
import { toIndex } from '../store/log.js';
import { decodeVerifierKey, hexKeyId, openNote, parseVerifierKey } from '../ledger/note.js';
import { signatureText } from '../domain/covenant/canonical.js';
import { renewalSignatureText } from '../domain/renewal.js';
import type { RecordView } from './records.js';
import { findAlliance } from './alliances.js';
import { loadVersionRow } from './covenants.js';
import { checkSlug, loadOrganization } from './organizations.js';

/** Covenant-related record types: what an alliance's history is made of. */
export const ALLIANCE_RECORD_TYPES = [
  'alliance',
  'covenant.draft',
  'covenant.proposed',
  'covenant.signature',
  'covenant.ratified',
  'covenant.superseded',
  'renewal.opened',
  'renewal.signature',
  'renewal.published',
  'renewal.lapsed',
] as const;

/** How many of the newest covenant-related entries a page reads at most. */
export const MAX_SCAN = 5000;

// ---------------------------------------------------------------- who acts for whom

/** The organizations an account holds a role in, by slug. */
export async function actingParties(ctx: Ctx, accountId: number): Promise<{ slug: string; role: Role }[]> {
  const rows = await ctx.db
    .selectFrom('membership')
    .innerJoin('organization', 'organization.id', 'membership.organization_id')
    .select(['organization.slug', 'membership.role'])
    .where('membership.account_id', '=', accountId)
    .orderBy('organization.slug')
    .execute();
  return rows.map((r) => ({ slug: r.slug, role: r.role }));
}

// ---------------------------------------------------------------- members (private)

/** A member as that organization's own admins see them: real name and contact included. */
export interface PrivateMemberView {
  id: number;
  pseudonym: string;
  /** PRIVATE */
  realName: string | null;
  /** PRIVATE */
  contact: string | null;
  officeholder: boolean;
  triadEligible: boolean;
}

/** Whether the actor is an admin of the organization itself (the local operator is). */
export async function isOrganizationAdmin(ctx: Ctx, actor: Actor, organization: string): Promise<boolean> {
  if (actor.kind === 'local') return true;
  const org = await loadOrganization(ctx.db, checkSlug(organization));
  const m = await ctx.db
    .selectFrom('membership')
    .select('role')
    .where('account_id', '=', actor.accountId)
    .where('organization_id', '=', org.id)
    .executeTakeFirst();
  return m?.role === 'admin';
}

/** Every member with the private fields; 'forbidden' unless the actor is an admin of this organization. */
export async function privateMembers(ctx: Ctx, actor: Actor, organization: string): Promise<PrivateMemberView[]> {
  const slug = checkSlug(organization);
  if (!(await isOrganizationAdmin(ctx, actor, slug))) {
    throw new UserError(`forbidden: only admins of ${slug} see its members`, 'forbidden');
  }
  const org = await loadOrganization(ctx.db, slug);
  const rows = await ctx.db
    .selectFrom('member')
    .select(['id', 'pseudonym', 'real_name', 'contact', 'officeholder', 'triad_eligible'])
    .where('organization_id', '=', org.id)
    .orderBy('pseudonym')
    .execute();
  return rows.map((r) => ({
    id: toIndex(r.id),
    pseudonym: r.pseudonym,
    realName: r.real_name,
    contact: r.contact,
    officeholder: Number(r.officeholder) === 1,
    triadEligible: Number(r.triad_eligible) === 1,
  }));
}

// ---------------------------------------------------------------- signatures

export interface SignatureView {
  party: string;
  verifierKey: string;
  /** the key's name and id, as on the note's signature line */
  keyName: string;
  keyId: string;
  signedAt: string;
  /** the note verifies with the stored key and its text is exactly what this version asks */
  verified: boolean;
  /** the archived note: doc/sha256/<hex> */
  noteSha256: string;
}

/** The signatures of a version (renewal 0) or its re-signatures at renewal n, by party. */
export async function versionSignatures(ctx: Ctx, alliance: string, version: number, renewal = 0): Promise<SignatureView[]> {
  const a = await findAlliance(ctx.db, alliance);
  const v = await loadVersionRow(ctx.db, a, version);
  const rows = await ctx.db
    .selectFrom('covenant_signature')
    .innerJoin('organization', 'organization.id', 'covenant_signature.organization_id')
    .select(['organization.slug', 'covenant_signature.verifier_key', 'covenant_signature.note', 'covenant_signature.signed_at'])
    .where('covenant_signature.version_id', '=', v.id)
    .where('covenant_signature.renewal', '=', renewal)
    .orderBy('organization.slug')
    .execute();
  const subject = { alliance: a.slug, version: v.number, sha256: v.sha256 };
  const expected = renewal === 0 ? signatureText(subject) : renewalSignatureText({ ...subject, renewal });
  return rows.map((r) => {
    const key = decodeVerifierKey(r.verifier_key);
    return {
      party: r.slug,
      verifierKey: r.verifier_key,
      keyName: key.name,
      keyId: hexKeyId(key.keyId),
      signedAt: r.signed_at,
      verified: verifies(r.note, r.verifier_key, expected),
      noteSha256: createHash('sha256').update(r.note, 'utf8').digest('hex'),
    };
  });
}

function verifies(note: string, verifierKey: string, expectedText: string): boolean {
  try {
    return openNote(note, [parseVerifierKey(verifierKey)]).text === expectedText;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- archive

/** The alliance's public records, newest first (at most `limit`). */
export async function allianceRecords(ctx: Ctx, alliance: string, limit = 50): Promise<RecordView[]> {
  const a = await findAlliance(ctx.db, alliance);
  const out: RecordView[] = [];
  for (const r of await scan(ctx)) {
    if (out.length >= limit) break;
    if (namesAlliance(r, a.slug)) out.push(r);
  }
  return out;
}

export interface ArchivedDocument {
  sha256: string;
  mediaType: string;
  size: number;
  name: string;
  /** the log index of the record that published it */
  index: number;
  type: string;
}

/**
 * The documents published for one version (draft, proposal, signatures, ratification), each once,
 * oldest record first.
 */
export async function versionArchive(ctx: Ctx, alliance: string, version: number): Promise<ArchivedDocument[]> {
  const a = await findAlliance(ctx.db, alliance);
  const seen = new Set<string>();
  const out: ArchivedDocument[] = [];
  const records = (await scan(ctx)).filter((r) => namesAlliance(r, a.slug) && r.record.version === version && r.type.startsWith('covenant.'));
  for (const r of records.reverse()) {
    for (const d of documentsOf(r.record)) {
      if (seen.has(d.sha256)) continue;
      seen.add(d.sha256);
      out.push({ ...d, index: r.index, type: r.type });
    }
  }
  return out;
}

async function scan(ctx: Ctx): Promise<RecordView[]> {
  const rows = await ctx.db
    .selectFrom('log_entry')
    .select(['idx', 'data', 'type', 'at'])
    .where('type', 'in', [...ALLIANCE_RECORD_TYPES])
    .orderBy('idx', 'desc')
    .limit(MAX_SCAN)
    .execute();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return rows.map((r) => ({
    index: toIndex(r.idx),
    type: r.type,
    at: r.at,
    record: JSON.parse(decoder.decode(r.data)) as Record<string, unknown>,
  }));
}

function namesAlliance(r: RecordView, slug: string): boolean {
  return r.type === 'alliance' ? r.record.slug === slug : r.record.alliance === slug;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

function documentsOf(record: Record<string, unknown>): Omit<ArchivedDocument, 'index' | 'type'>[] {
  if (!Array.isArray(record.documents)) return [];
  return record.documents.flatMap((d: unknown) => {
    const doc = (typeof d === 'object' && d !== null ? d : {}) as Record<string, unknown>;
    if (typeof doc.sha256 !== 'string' || !SHA256_HEX.test(doc.sha256)) return [];
    return [
      {
        sha256: doc.sha256,
        mediaType: typeof doc.mediaType === 'string' ? doc.mediaType : '',
        size: typeof doc.size === 'number' ? doc.size : 0,
        name: typeof doc.name === 'string' ? doc.name : '',
      },
    ];
  });
}

// ---------------------------------------------------------------- testimonies

export interface TestimonyView {
  /** null: the testifier chose anonymity (no name was stored) */
  pseudonym: string | null;
  lang: string | null;
  /** '' once redacted */
  text: string;
  /** the renewal's testimonies document was redacted: text and pseudonym erased */
  redacted: boolean;
}

/**
 * The testimonies of renewal `number` of the alliance's ratified version — only once published:
 * while the renewal is open they are held back (renewals.ts), so this answers null.
 */
export async function publishedTestimonies(ctx: Ctx, alliance: string, number: number): Promise<TestimonyView[] | null> {
  const a = await findAlliance(ctx.db, alliance);
  const r = await ctx.db
    .selectFrom('renewal')
    .innerJoin('covenant_version', 'covenant_version.id', 'renewal.version_id')
    .select(['renewal.id', 'renewal.status'])
    .where('renewal.alliance_id', '=', a.id)
    .where('covenant_version.status', '=', 'ratified')
    .where('renewal.number', '=', number)
    .executeTakeFirst();
  if (r === undefined || (r.status as RenewalStatus) !== 'published') return null;
  const rows = await ctx.db.selectFrom('testimony').select(['pseudonym', 'lang', 'text', 'redacted_at']).where('renewal_id', '=', toIndex(r.id)).orderBy('id').execute();
  return rows.map((t) => ({ pseudonym: t.pseudonym, lang: t.lang, text: t.text, redacted: t.redacted_at !== null }));
}

/**
 * Covenant signatures (issue 3 §7): a party signs a C2SP signed note (https://c2sp.org/signed-note)
 * whose text is signatureText({alliance, version, sha256}) (domain/covenant/canonical.ts). However
 * it was made — `daylight covenant sign --key`, `daylight note sign` on an offline machine, any
 * Ed25519 signed-note tool, a browser — it arrives here as a note and is checked the same way:
 *
 *   1. the text parses strictly as a signature text and names this alliance;
 *   2. the version exists and is the proposed one (not a draft, not ratified, not superseded);
 *   3. the SHA-256 in the text is the version's (else the party signed other bytes);
 *   4. the note verifies (ledger/note.ts openNote) with a registered, unrevoked key of a party
 *      listed in the version's `parties`;
 *   5. that party has not signed this version yet.
 * Any failure is a UserError with the reason, thrown before anything is written, inside the unit
 * of work: nothing changes. An accepted signature stores the row, the archived note (the text and
 * this party's signature line only: unknown lines are not ours to publish) as a document, and a
 * `covenant.signature` record. When every listed party has signed, the version is ratified in the
 * same transaction (ratify below).
 *
 * Renewal re-signatures (renewals.ts) share steps 4 and 5 through verifyPartyNote.
 */
import type { Transaction } from 'kysely';
import type { Ctx } from './context.js';
import { UserError } from './context.js';
import type { Actor } from './actor.js';
import type { Database } from '../store/schema.js';
import { unitOfWork, type Append } from './unit-of-work.js';
import { toIndex } from '../store/log.js';
import { NoteError, openNote, parseVerifierKey, hexKeyId, type Verifier } from '../ledger/note.js';
import {
  covenantRatifiedRecord,
  covenantSignatureRecord,
  covenantSupersededRecord,
  type DocumentRef,
} from '../domain/public.js';
import { parseSignatureText, signatureText, SignatureTextError } from '../domain/covenant/canonical.js';
import { findAlliance, lockAlliance, organizationIds, type AllianceRow } from './alliances.js';
import { loadVersionRow, storeDocument, type VersionRow } from './covenants.js';
import { INITIAL_STANDING } from '../domain/standing.js';

type Trx = Transaction<Database>;

/** A note is four short lines and up to 100 signature lines: anything larger is not one. */
export const MAX_NOTE_BYTES = 64 * 1024;
export const NOTE_MEDIA_TYPE = 'text/plain; charset=utf-8';

export interface SignatureInput {
  /** the alliance the caller means (checked against the note's text) */
  alliance: string;
  /** the signed note */
  note: string;
  /** which party's signature to take when the note carries several */
  party?: string;
}

export interface SignatureResult {
  alliance: string;
  version: number;
  party: string;
  index: number;
  /** true when this signature completed the version: it is now ratified */
  ratified: boolean;
  /** parties still to sign (empty once ratified) */
  missing: string[];
}

/** The text between the start of a note and its last blank line: what the signatures cover. */
export function noteText(note: string): string {
  if (typeof note !== 'string' || Buffer.byteLength(note) > MAX_NOTE_BYTES) {
    throw new UserError(`a signed note is text of at most ${MAX_NOTE_BYTES} bytes`);
  }
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new UserError('not a signed note: no blank line between the text and the signature lines (C2SP signed-note)');
  return note.slice(0, split + 1);
}

/** What a party signs for a version: the version's number, hash and the exact note text. */
export async function signingSubject(
  ctx: Ctx,
  alliance: string,
  version: number,
): Promise<{ alliance: string; version: number; sha256: string; status: string; parties: string[]; text: string }> {
  const a = await findAlliance(ctx.db, alliance);
  const v = await loadVersionRow(ctx.db, a, version);
  return {
    alliance: a.slug,
    version: v.number,
    sha256: v.sha256,
    status: v.status,
    parties: v.parties,
    text: signatureText({ alliance: a.slug, version: v.number, sha256: v.sha256 }),
  };
}

// ---------------------------------------------------------------- shared verification

export interface PartyKey {
  party: string;
  organizationId: number;
  verifierKey: string;
  verifier: Verifier;
}

/** The registered, unrevoked keys of the given organizations. */
export async function partyKeys(trx: Trx, slugs: readonly string[]): Promise<PartyKey[]> {
  if (slugs.length === 0) return [];
  const rows = await trx
    .selectFrom('organization_key')
    .innerJoin('organization', 'organization.id', 'organization_key.organization_id')
    .select(['organization.slug', 'organization.id', 'organization_key.verifier_key'])
    .where('organization.slug', 'in', [...slugs])
    .where('organization_key.revoked_at', 'is', null)
    .execute();
  return rows.map((r) => ({
    party: r.slug,
    organizationId: toIndex(r.id),
    verifierKey: r.verifier_key,
    verifier: parseVerifierKey(r.verifier_key),
  }));
}

export interface VerifiedParty {
  party: string;
  organizationId: number;
  verifierKey: string;
  /** the note as archived: the text, a blank line, this party's signature line */
  archivedNote: string;
}

const keyLabel = (name: string, id: number) => `${name}+${hexKeyId(id)}`;

/**
 * Opens `note` with the keys of `parties` and picks the signing party (step 4). Refuses a note
 * signed by no registered key of theirs — naming a registered organization that is not a party
 * when that is what happened — and a note signed by several parties when `party` does not say
 * which one is meant.
 */
export async function verifyPartyNote(
  trx: Trx,
  note: string,
  parties: readonly string[],
  what: string,
  party?: string,
): Promise<VerifiedParty> {
  const keys = await partyKeys(trx, parties);
  const byKey = new Map(keys.map((k) => [`${k.verifier.name}\n${k.verifier.keyId}`, k]));
  let opened;
  try {
    opened = openNote(note, keys.map((k) => k.verifier));
  } catch (e) {
    if (!(e instanceof NoteError)) throw e;
    if (e.message.startsWith('no signature by a trusted key')) throw await unregistered(trx, note, parties, what);
    throw new UserError(`${e.message}: the note was not accepted`);
  }
  const signers = new Map<string, { key: PartyKey; line: string }>();
  for (const s of opened.verified) {
    const k = byKey.get(`${s.name}\n${s.keyId}`)!;
    if (!signers.has(k.party)) signers.set(k.party, { key: k, line: `— ${s.name} ${s.base64}\n` });
  }
  let chosen: string;
  if (party !== undefined) {
    if (!signers.has(party)) {
      throw new UserError(`the note has no valid signature by a registered key of ${party}: it is signed for ${[...signers.keys()].join(', ')}`);
    }
    chosen = party;
  } else if (signers.size === 1) {
    chosen = [...signers.keys()][0]!;
  } else {
    throw new UserError(`the note carries signatures of several parties (${[...signers.keys()].join(', ')}): say which one with --party`);
  }
  const { key, line } = signers.get(chosen)!;
  return { party: chosen, organizationId: key.organizationId, verifierKey: key.verifierKey, archivedNote: `${opened.text}\n${line}` };
}

/** Why nobody's registered key verified: a non-party's key, or no registered key at all. */
async function unregistered(trx: Trx, note: string, parties: readonly string[], what: string): Promise<UserError> {
  const all = await trx
    .selectFrom('organization_key')
    .innerJoin('organization', 'organization.id', 'organization_key.organization_id')
    .select(['organization.slug', 'organization_key.verifier_key'])
    .where('organization_key.revoked_at', 'is', null)
    .execute();
  const outsiders = all.filter((r) => !parties.includes(r.slug));
  for (const r of outsiders) {
    try {
      openNote(note, [parseVerifierKey(r.verifier_key)]);
      return new UserError(`${r.slug} is not a party to ${what}: only ${parties.join(', ')} sign it`, 'forbidden');
    } catch {
      // not this one
    }
  }
  return new UserError(
    `the note is not signed by a registered key of any party to ${what} (${parties.join(', ')}): register the key with \`daylight org key add\` first, or sign with a registered one`,
    'forbidden',
  );
}

/** The combined note: one text, every party's signature line (a plain C2SP verifier checks each). */
export function jointNote(notes: readonly string[]): string {
  if (notes.length === 0) throw new Error('jointNote: no notes');
  const text = noteText(notes[0]!);
  const lines = notes.map((n) => {
    if (noteText(n) !== text) throw new Error('jointNote: notes over different texts');
    return n.slice(text.length + 1);
  });
  return `${text}\n${lines.join('')}`;
}

// ---------------------------------------------------------------- the use case

/**
 * Checks and records one party's signature of the proposed version; ratifies when it is the last.
 * Any actor may hand a signature in: the note itself is the party's word, checked against the
 * party's registered keys (an admin relaying a delegate's offline signature, say).
 */
export async function submitSignature(ctx: Ctx, _actor: Actor, input: SignatureInput): Promise<SignatureResult> {
  const text = noteText(input.note);
  let subject;
  try {
    subject = parseSignatureText(text);
  } catch (e) {
    if (e instanceof SignatureTextError) throw new UserError(`not a covenant signature note: ${e.message}`);
    throw e;
  }
  if (subject.alliance !== input.alliance) {
    throw new UserError(`the note signs alliance "${subject.alliance}", not "${input.alliance}"`);
  }
  const at = ctx.now();
  return unitOfWork(ctx, async (trx, append) => {
    const alliance = await lockAlliance(trx, ctx.dialect, subject.alliance);
    const v = await loadVersionRow(trx, alliance, subject.version);
    requireProposed(v);
    if (subject.sha256 !== v.sha256) {
      throw new UserError(
        `the note commits to sha256 ${subject.sha256}, but version ${v.number}'s canonical bytes hash to ${v.sha256}: it was signed over other bytes; sign the text from \`daylight covenant sign\``,
        'conflict',
      );
    }
    const what = `version ${v.number} of ${alliance.slug}`;
    const signer = await verifyPartyNote(trx, input.note, v.parties, what, input.party);
    const { signed, doc } = await recordSignature(trx, at, alliance, v, signer, 0);
    const missing = v.parties.filter((p) => !signed.includes(p));
    const index = (await append([signatureRecordFor(at, alliance, v, signer, doc, 0)]))[0]!.index;
    if (missing.length === 0) await ratify(trx, append, at, alliance, v);
    return { alliance: alliance.slug, version: v.number, party: signer.party, index, ratified: missing.length === 0, missing };
  });
}

function requireProposed(v: VersionRow): void {
  if (v.status === 'proposed') return;
  if (v.status === 'superseded') {
    throw new UserError(`version ${v.number} is superseded${v.supersededBy ? ` by version ${v.supersededBy}` : ''}: it can no longer be signed`, 'conflict');
  }
  if (v.status === 'ratified') throw new UserError(`version ${v.number} is already ratified: nothing left to sign`, 'conflict');
  throw new UserError(`version ${v.number} is a draft: it must be proposed (\`daylight covenant propose\`) before anyone signs it`, 'conflict');
}

/** Inserts the signature row and its note document; refuses a duplicate. Returns who has signed. */
export async function recordSignature(
  trx: Trx,
  at: Date,
  alliance: AllianceRow,
  v: VersionRow,
  signer: VerifiedParty,
  renewal: number,
): Promise<{ signed: string[]; doc: DocumentRef }> {
  const inserted = await trx
    .insertInto('covenant_signature')
    .values({
      version_id: v.id,
      organization_id: signer.organizationId,
      renewal,
      verifier_key: signer.verifierKey,
      note: signer.archivedNote,
      signed_at: at.toISOString(),
    })
    .onConflict((oc) => oc.columns(['version_id', 'organization_id', 'renewal']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted === undefined) {
    const what = renewal === 0 ? `version ${v.number}` : `renewal ${renewal} of version ${v.number}`;
    throw new UserError(`${signer.party} has already signed ${what}: one signature per party`, 'conflict');
  }
  const name = renewal === 0 ? `${alliance.slug}-v${v.number}-${signer.party}.note` : `${alliance.slug}-v${v.number}-r${renewal}-${signer.party}.note`;
  const doc = await storeDocument(trx, at, { body: Buffer.from(signer.archivedNote, 'utf8'), mediaType: NOTE_MEDIA_TYPE, name });
  const rows = await trx
    .selectFrom('covenant_signature')
    .innerJoin('organization', 'organization.id', 'covenant_signature.organization_id')
    .select('organization.slug')
    .where('covenant_signature.version_id', '=', v.id)
    .where('covenant_signature.renewal', '=', renewal)
    .execute();
  return { signed: rows.map((r) => r.slug), doc };
}

export function signatureRecordFor(at: Date, alliance: AllianceRow, v: VersionRow, signer: VerifiedParty, doc: DocumentRef, renewal: number) {
  return covenantSignatureRecord(at, {
    alliance: alliance.slug,
    version: v.number,
    renewal,
    sha256: v.sha256,
    party: signer.party,
    verifierKey: signer.verifierKey,
    documents: [doc],
  });
}

/** The notes of every signature of a version (renewal 0) or re-signature (n), by party slug order. */
export async function signatureNotes(trx: Trx, versionId: number, renewal: number): Promise<string[]> {
  const rows = await trx
    .selectFrom('covenant_signature')
    .innerJoin('organization', 'organization.id', 'covenant_signature.organization_id')
    .select(['covenant_signature.note'])
    .where('covenant_signature.version_id', '=', versionId)
    .where('covenant_signature.renewal', '=', renewal)
    .orderBy('organization.slug')
    .execute();
  return rows.map((r) => r.note);
}

/**
 * Every listed party signed: the version is ratified; the previously ratified one is superseded
 * (and an open renewal of it ends: the new ratification is itself the recommitment); the
 * alliance's parties become exactly the version's; the alliance is active.
 */
async function ratify(trx: Trx, append: Append, at: Date, alliance: AllianceRow, v: VersionRow): Promise<void> {
  const iso = at.toISOString();
  const previous = await trx
    .selectFrom('covenant_version')
    .select(['id', 'number'])
    .where('alliance_id', '=', alliance.id)
    .where('status', '=', 'ratified')
    .executeTakeFirst();
  if (previous !== undefined) {
    await trx
      .updateTable('covenant_version')
      .set({ status: 'superseded', superseded_at: iso, superseded_by: v.number })
      .where('id', '=', previous.id)
      .execute();
    await trx
      .updateTable('renewal')
      .set({ status: 'superseded', closed_at: iso })
      .where('version_id', '=', previous.id)
      .where('status', '=', 'open')
      .execute();
  }
  await trx.updateTable('covenant_version').set({ status: 'ratified', ratified_at: iso }).where('id', '=', v.id).execute();
  const { joined, left } = await setParties(trx, at, alliance, v.parties);
  await trx.updateTable('alliance').set({ status: 'active' }).where('id', '=', alliance.id).execute();
  const joint = jointNote(await signatureNotes(trx, v.id, 0));
  const doc = await storeDocument(trx, at, { body: Buffer.from(joint, 'utf8'), mediaType: NOTE_MEDIA_TYPE, name: `${alliance.slug}-v${v.number}.note` });
  const records = [
    covenantRatifiedRecord(at, {
      alliance: alliance.slug,
      version: v.number,
      sha256: v.sha256,
      parties: v.parties,
      joined,
      left,
      supersedes: previous === undefined ? null : toIndex(previous.number),
      documents: [doc],
    }),
  ];
  if (previous !== undefined) {
    records.push(covenantSupersededRecord(at, { alliance: alliance.slug, version: toIndex(previous.number), by: v.number, was: 'ratified' }));
  }
  await append(records);
}

/** Makes the alliance's current parties exactly `parties`: joins get good standing, leavers a left_at. */
async function setParties(trx: Trx, at: Date, alliance: AllianceRow, parties: readonly string[]): Promise<{ joined: string[]; left: string[] }> {
  const iso = at.toISOString();
  const ids = await organizationIds(trx, parties, 'parties');
  const rows = await trx
    .selectFrom('alliance_party')
    .innerJoin('organization', 'organization.id', 'alliance_party.organization_id')
    .select(['organization.slug', 'alliance_party.organization_id', 'alliance_party.left_at'])
    .where('alliance_party.alliance_id', '=', alliance.id)
    .execute();
  const current = new Set(rows.filter((r) => r.left_at === null).map((r) => r.slug));
  const known = new Set(rows.map((r) => r.slug));
  const joined = parties.filter((p) => !current.has(p)).sort();
  const left = [...current].filter((p) => !parties.includes(p)).sort();
  for (const p of joined) {
    if (known.has(p)) {
      await trx
        .updateTable('alliance_party')
        .set({ left_at: null, joined_at: iso, standing: INITIAL_STANDING })
        .where('alliance_id', '=', alliance.id)
        .where('organization_id', '=', ids.get(p)!)
        .execute();
    } else {
      await trx
        .insertInto('alliance_party')
        .values({ alliance_id: alliance.id, organization_id: ids.get(p)!, standing: INITIAL_STANDING, joined_at: iso, left_at: null })
        .execute();
    }
  }
  for (const p of left) {
    const orgId = rows.find((r) => r.slug === p)!.organization_id;
    await trx.updateTable('alliance_party').set({ left_at: iso }).where('alliance_id', '=', alliance.id).where('organization_id', '=', orgId).execute();
  }
  return { joined, left };
}

/**
 * Rituals of renewal (issue 3 §8). At the covenant's cadence (domain/renewal.ts) a renewal opens:
 *
 *   open      the ratified covenant is restated — record `renewal.opened` naming its documents
 *             again, with the due date and the date it lapses (due + 30 days' grace);
 *   re-sign   each party signs renewalSignatureText({alliance, version, renewal, sha256}), checked
 *             like a first signature (signatures.ts verifyPartyNote) and archived the same way;
 *   testify   grassroots testimonies are collected, public under a pseudonym or anonymous, by the
 *             testifier's own choice. They are held back, not logged one by one: a record per
 *             testimony would stamp each with its time, which can say who wrote an anonymous one.
 *             An anonymous testimony stores no name at all — not even who submitted it;
 *   publish   when every party has re-signed: record `renewal.published` with the testimonies
 *             (one canonical JSON document) and the joint re-signed note;
 *   lapse     not complete by the lapse date: record `renewal.lapsed` naming who had and had not
 *             re-signed; the alliance's status becomes lapsed (tick.ts), until a version is
 *             ratified again.
 *
 * Opening happens at the due time by `daylight tick` or the server's scheduler (tick.ts), or
 * earlier by a party's choice (openRenewal): an assembly may gather before the date.
 */
import type { Transaction } from 'kysely';
import type { Ctx } from './context.js';
import { UserError } from './context.js';
import type { Actor } from './actor.js';
import type { Database, RenewalStatus } from '../store/schema.js';
import { unitOfWork, type Append } from './unit-of-work.js';
import { toIndex } from '../store/log.js';
import { canonicalBytes } from '../ledger/jcs.js';
import { renewalLapsedRecord, renewalOpenedRecord, renewalPublishedRecord } from '../domain/public.js';
import {
  parseRenewalSignatureText,
  renewalDueAt,
  renewalLapsesAt,
  renewalSignatureText,
  RenewalTextError,
  type Cadence,
} from '../domain/renewal.js';
import { findAlliance, lockAlliance, type AllianceRow } from './alliances.js';
import { loadVersionRow, requirePartyActor, storedCovenant, versionDocuments, storeDocument, type VersionRow } from './covenants.js';
import { jointNote, noteText, NOTE_MEDIA_TYPE, recordSignature, signatureNotes, signatureRecordFor, verifyPartyNote } from './signatures.js';
import { checkLanguages, checkLine, checkText } from './organizations.js';

type Trx = Transaction<Database>;
type Db = Trx | Ctx['db'];

export const MAX_TESTIMONY = 4000;
const MAX_PSEUDONYM = 80;
const MAX_TESTIMONIES = 1000;
export const TESTIMONIES_FORMAT = 'daylight-testimonies/1';

export interface RenewalRow {
  id: number;
  number: number;
  status: RenewalStatus;
  dueAt: Date;
  lapsesAt: Date;
  openedAt: string;
  closedAt: string | null;
}

function renewalRow(r: { id: unknown; number: unknown; status: RenewalStatus; due_at: string; lapses_at: string; opened_at: string; closed_at: string | null }): RenewalRow {
  return {
    id: toIndex(r.id),
    number: toIndex(r.number),
    status: r.status,
    dueAt: new Date(r.due_at),
    lapsesAt: new Date(r.lapses_at),
    openedAt: r.opened_at,
    closedAt: r.closed_at,
  };
}

const RENEWAL_COLUMNS = ['id', 'number', 'status', 'due_at', 'lapses_at', 'opened_at', 'closed_at'] as const;

/** The alliance's ratified version; 'conflict' when there is none. */
export async function ratifiedVersion(db: Db, alliance: AllianceRow): Promise<VersionRow> {
  const r = await db
    .selectFrom('covenant_version')
    .select('number')
    .where('alliance_id', '=', alliance.id)
    .where('status', '=', 'ratified')
    .executeTakeFirst();
  if (r === undefined) throw new UserError(`${alliance.slug} has no ratified covenant: there is nothing to renew yet`, 'conflict');
  return loadVersionRow(db, alliance, toIndex(r.number));
}

export async function latestRenewal(db: Db, versionId: number): Promise<RenewalRow | null> {
  const r = await db.selectFrom('renewal').select(RENEWAL_COLUMNS).where('version_id', '=', versionId).orderBy('number', 'desc').limit(1).executeTakeFirst();
  return r === undefined ? null : renewalRow(r);
}

export function cadenceOf(v: VersionRow): Cadence {
  return storedCovenant(v.body).renewal;
}

// ---------------------------------------------------------------- open

export interface OpenedRenewal {
  alliance: string;
  version: number;
  renewal: number;
  dueAt: string;
  lapsesAt: string;
  index: number;
}

/** The next renewal of the ratified version, now (at or before its due time). */
export async function openRenewal(ctx: Ctx, actor: Actor, input: { alliance: string }): Promise<OpenedRenewal> {
  const at = ctx.now();
  return unitOfWork(ctx, async (trx, append) => {
    const alliance = await lockAlliance(trx, ctx.dialect, input.alliance);
    await requirePartyActor(trx, actor, alliance);
    const v = await ratifiedVersion(trx, alliance);
    const latest = await latestRenewal(trx, v.id);
    if (latest?.status === 'open') throw new UserError(`renewal ${latest.number} of ${alliance.slug} is already open`, 'conflict');
    if (latest?.status === 'lapsed') {
      throw new UserError(`${alliance.slug}'s covenant lapsed at renewal ${latest.number}: ratify a version again to renew the alliance`, 'conflict');
    }
    const number = (latest?.number ?? 0) + 1;
    const dueAt = renewalDueAt(new Date(v.ratifiedAt!), cadenceOf(v), number);
    return openNow(trx, append, at, alliance, v, number, dueAt);
  });
}

/** Inserts the open renewal and appends the restatement record. The caller holds the alliance lock. */
export async function openNow(
  trx: Trx,
  append: Append,
  at: Date,
  alliance: AllianceRow,
  v: VersionRow,
  number: number,
  dueAt: Date,
): Promise<OpenedRenewal> {
  const lapsesAt = renewalLapsesAt(dueAt);
  await trx
    .insertInto('renewal')
    .values({
      alliance_id: alliance.id,
      version_id: v.id,
      number,
      status: 'open',
      due_at: dueAt.toISOString(),
      lapses_at: lapsesAt.toISOString(),
      opened_at: at.toISOString(),
      closed_at: null,
    })
    .execute();
  const documents = await versionDocuments(trx, at, alliance.slug, v.number, storedCovenant(v.body));
  const [appended] = await append([
    renewalOpenedRecord(at, { alliance: alliance.slug, version: v.number, renewal: number, sha256: v.sha256, dueAt, lapsesAt, documents }),
  ]);
  return { alliance: alliance.slug, version: v.number, renewal: number, dueAt: dueAt.toISOString(), lapsesAt: lapsesAt.toISOString(), index: appended!.index };
}

// ---------------------------------------------------------------- re-sign

export interface RenewalSignatureResult {
  alliance: string;
  version: number;
  renewal: number;
  party: string;
  index: number;
  published: boolean;
  missing: string[];
}

/** What a party signs for the open renewal: the exact note text. */
export async function renewalSigningSubject(ctx: Ctx, alliance: string): Promise<{ alliance: string; version: number; renewal: number; sha256: string; text: string }> {
  const a = await findAlliance(ctx.db, alliance);
  const v = await ratifiedVersion(ctx.db, a);
  const r = await latestRenewal(ctx.db, v.id);
  if (r === null || r.status !== 'open') throw new UserError(`${a.slug} has no open renewal: it opens at its due time (\`daylight renewal status\`)`, 'conflict');
  const subject = { alliance: a.slug, version: v.number, renewal: r.number, sha256: v.sha256 };
  return { ...subject, text: renewalSignatureText(subject) };
}

export async function submitRenewalSignature(
  ctx: Ctx,
  _actor: Actor,
  input: { alliance: string; note: string; party?: string },
): Promise<RenewalSignatureResult> {
  let subject;
  try {
    subject = parseRenewalSignatureText(noteText(input.note));
  } catch (e) {
    if (e instanceof RenewalTextError) throw new UserError(`not a renewal signature note: ${e.message}`);
    throw e;
  }
  if (subject.alliance !== input.alliance) throw new UserError(`the note signs alliance "${subject.alliance}", not "${input.alliance}"`);
  const at = ctx.now();
  return unitOfWork(ctx, async (trx, append) => {
    const alliance = await lockAlliance(trx, ctx.dialect, subject.alliance);
    const v = await loadVersionRow(trx, alliance, subject.version);
    if (v.status !== 'ratified') throw new UserError(`version ${v.number} is ${v.status}: only the ratified version is renewed`, 'conflict');
    const r = await trx.selectFrom('renewal').select(RENEWAL_COLUMNS).where('version_id', '=', v.id).where('number', '=', subject.renewal).executeTakeFirst();
    if (r === undefined) throw new UserError(`renewal ${subject.renewal} of version ${v.number} has not opened`, 'conflict');
    const renewal = renewalRow(r);
    if (renewal.status !== 'open') throw new UserError(`renewal ${renewal.number} is ${renewal.status}: it can no longer be signed`, 'conflict');
    if (subject.sha256 !== v.sha256) {
      throw new UserError(`the note commits to sha256 ${subject.sha256}, but version ${v.number} hashes to ${v.sha256}: it was signed over other bytes`, 'conflict');
    }
    const signer = await verifyPartyNote(trx, input.note, v.parties, `renewal ${renewal.number} of ${alliance.slug}`, input.party);
    const { signed, doc } = await recordSignature(trx, at, alliance, v, signer, renewal.number);
    const index = (await append([signatureRecordFor(at, alliance, v, signer, doc, renewal.number)]))[0]!.index;
    const missing = v.parties.filter((p) => !signed.includes(p));
    if (missing.length === 0) await publish(trx, append, at, alliance, v, renewal);
    return { alliance: alliance.slug, version: v.number, renewal: renewal.number, party: signer.party, index, published: missing.length === 0, missing };
  });
}

/** Every party re-signed: the testimonies and the joint note are published; the renewal closes. */
async function publish(trx: Trx, append: Append, at: Date, alliance: AllianceRow, v: VersionRow, renewal: RenewalRow): Promise<void> {
  const rows = await trx.selectFrom('testimony').select(['pseudonym', 'lang', 'text']).where('renewal_id', '=', renewal.id).orderBy('id').execute();
  const testimonies = rows.map((t) => ({
    ...(t.pseudonym === null ? { anonymous: true } : { pseudonym: t.pseudonym }),
    ...(t.lang === null ? {} : { lang: t.lang }),
    text: t.text,
  }));
  const body = canonicalBytes({ format: TESTIMONIES_FORMAT, alliance: alliance.slug, version: v.number, renewal: renewal.number, testimonies });
  const base = `${alliance.slug}-v${v.number}-r${renewal.number}`;
  const documents = [
    await storeDocument(trx, at, { body, mediaType: 'application/json', name: `${base}-testimonies.json` }),
    await storeDocument(trx, at, { body: Buffer.from(jointNote(await signatureNotes(trx, v.id, renewal.number)), 'utf8'), mediaType: NOTE_MEDIA_TYPE, name: `${base}.note` }),
  ];
  await trx.updateTable('renewal').set({ status: 'published', closed_at: at.toISOString() }).where('id', '=', renewal.id).execute();
  await append([
    renewalPublishedRecord(at, {
      alliance: alliance.slug,
      version: v.number,
      renewal: renewal.number,
      sha256: v.sha256,
      parties: v.parties,
      testimonies: testimonies.length,
      documents,
    }),
  ]);
}

// ---------------------------------------------------------------- testimony

export interface TestimonyInput {
  alliance: string;
  text: string;
  /** the testifier's pseudonym, or null to testify anonymously (then no name is stored at all) */
  pseudonym: string | null;
  /** BCP 47 language of the text, when the testifier says */
  lang?: string;
}

/** Adds a testimony to the open renewal; published with it once every party has re-signed. */
/**
 * Grassroots testimony needs no account (`actor` null): the essay asks for the voices of members,
 * not only of delegates. An anonymous testimony stores no name at all.
 */
export async function addTestimony(ctx: Ctx, _actor: Actor | null, input: TestimonyInput): Promise<{ alliance: string; renewal: number; anonymous: boolean }> {
  const text = checkText(input.text, 'a testimony', MAX_TESTIMONY);
  if (text === '') throw new UserError('a testimony needs some text');
  if (input.pseudonym !== null && typeof input.pseudonym !== 'string') {
    throw new UserError('choose: testify under a pseudonym, or anonymously');
  }
  const pseudonym = input.pseudonym === null ? null : checkLine(input.pseudonym, 'pseudonym', MAX_PSEUDONYM);
  const lang = input.lang === undefined ? null : checkLanguages([input.lang])[0]!;
  // No record is appended now (see the module comment): a plain transaction.
  return ctx.db.transaction().execute(async (trx) => {
    const alliance = await lockAlliance(trx, ctx.dialect, input.alliance);
    const v = await ratifiedVersion(trx, alliance);
    const r = await latestRenewal(trx, v.id);
    if (r === null || r.status !== 'open') throw new UserError(`${alliance.slug} has no open renewal: testimonies are collected while one is open`, 'conflict');
    const count = await trx.selectFrom('testimony').select((eb) => eb.fn.countAll().as('n')).where('renewal_id', '=', r.id).executeTakeFirst();
    if (Number(count?.n ?? 0) >= MAX_TESTIMONIES) throw new UserError(`renewal ${r.number} already holds ${MAX_TESTIMONIES} testimonies`, 'conflict');
    await trx.insertInto('testimony').values({ renewal_id: r.id, pseudonym, lang, text }).execute();
    return { alliance: alliance.slug, renewal: r.number, anonymous: pseudonym === null };
  });
}

// ---------------------------------------------------------------- lapse

/** Lapses an open renewal: record naming who re-signed and who did not; the alliance is lapsed. The caller holds the lock. */
export async function lapseNow(trx: Trx, append: Append, at: Date, alliance: AllianceRow, v: VersionRow, renewal: RenewalRow): Promise<void> {
  const signedRows = await trx
    .selectFrom('covenant_signature')
    .innerJoin('organization', 'organization.id', 'covenant_signature.organization_id')
    .select('organization.slug')
    .where('covenant_signature.version_id', '=', v.id)
    .where('covenant_signature.renewal', '=', renewal.number)
    .execute();
  const signed = signedRows.map((r) => r.slug).sort();
  await trx.updateTable('renewal').set({ status: 'lapsed', closed_at: at.toISOString() }).where('id', '=', renewal.id).execute();
  await trx.updateTable('alliance').set({ status: 'lapsed' }).where('id', '=', alliance.id).execute();
  await append([
    renewalLapsedRecord(at, {
      alliance: alliance.slug,
      version: v.number,
      renewal: renewal.number,
      dueAt: renewal.dueAt,
      lapsesAt: renewal.lapsesAt,
      signed,
      missing: v.parties.filter((p) => !signed.includes(p)),
    }),
  ]);
}

// ---------------------------------------------------------------- status

export interface RenewalView {
  number: number;
  status: RenewalStatus;
  dueAt: string;
  lapsesAt: string;
  openedAt: string;
  closedAt: string | null;
  signed: string[];
  missing: string[];
  testimonies: number;
}

export interface RenewalStatusView {
  alliance: string;
  status: AllianceRow['status'];
  /** the ratified version, null before the first ratification */
  version: number | null;
  cadence: Cadence | null;
  renewals: RenewalView[];
  /** the next renewal to open, when none is open and the covenant has not lapsed */
  next: { renewal: number; dueAt: string; lapsesAt: string } | null;
}

export async function renewalStatus(ctx: Ctx, alliance: string): Promise<RenewalStatusView> {
  const a = await findAlliance(ctx.db, alliance);
  const r = await ctx.db.selectFrom('covenant_version').select('number').where('alliance_id', '=', a.id).where('status', '=', 'ratified').executeTakeFirst();
  if (r === undefined) return { alliance: a.slug, status: a.status, version: null, cadence: null, renewals: [], next: null };
  const v = await loadVersionRow(ctx.db, a, toIndex(r.number));
  const rows = await ctx.db.selectFrom('renewal').select(RENEWAL_COLUMNS).where('version_id', '=', v.id).orderBy('number').execute();
  const renewals: RenewalView[] = [];
  for (const row of rows.map(renewalRow)) {
    const signedRows = await ctx.db
      .selectFrom('covenant_signature')
      .innerJoin('organization', 'organization.id', 'covenant_signature.organization_id')
      .select('organization.slug')
      .where('covenant_signature.version_id', '=', v.id)
      .where('covenant_signature.renewal', '=', row.number)
      .execute();
    const signed = signedRows.map((s) => s.slug).sort();
    const count = await ctx.db.selectFrom('testimony').select((eb) => eb.fn.countAll().as('n')).where('renewal_id', '=', row.id).executeTakeFirst();
    renewals.push({
      number: row.number,
      status: row.status,
      dueAt: row.dueAt.toISOString(),
      lapsesAt: row.lapsesAt.toISOString(),
      openedAt: row.openedAt,
      closedAt: row.closedAt,
      signed,
      missing: v.parties.filter((p) => !signed.includes(p)),
      testimonies: Number(count?.n ?? 0),
    });
  }
  const last = renewals[renewals.length - 1];
  let next: RenewalStatusView['next'] = null;
  if (last === undefined || last.status === 'published') {
    const n = (last?.number ?? 0) + 1;
    const dueAt = renewalDueAt(new Date(v.ratifiedAt!), cadenceOf(v), n);
    next = { renewal: n, dueAt: dueAt.toISOString(), lapsesAt: renewalLapsesAt(dueAt).toISOString() };
  }
  return { alliance: a.slug, status: a.status, version: v.number, cadence: cadenceOf(v), renewals, next };
}

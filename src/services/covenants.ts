/**
 * Covenant versions (issue 3 §6): draft → proposed → ratified (every party signed) → superseded.
 *
 *   draft     any party's admin or delegate (or the local operator) drafts or amends; the author
 *             party and rationale are recorded. The body must parse (domain parseCovenant /
 *             validateCovenant: every problem listed with its path); lint findings are reported
 *             but do not stop a draft. Archived at once — record `covenant.draft` with the
 *             canonical JSON and Markdown — because a draft on a shared instance is shown to
 *             the other parties, and the essay asks: "Archive drafts so revisions are traceable."
 *   propose   lint must find no error; the version is archived again with its renderings
 *             (`covenant.proposed`: canonical JSON — the exact bytes whose SHA-256 is signed —,
 *             Markdown, PDF); an earlier proposal still waiting is superseded (one proposal at a
 *             time, so "the proposed version" is never ambiguous for a signer).
 *   sign      signatures.ts; the last signature ratifies.
 *
 * Version numbers are 1, 2, … per alliance, taken under the alliance's row lock.
 * Documents are stored by SHA-256 in the `document` table, the archive's `doc/sha256/<hex>`.
 */
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Ctx } from './context.js';
import { UserError } from './context.js';
import type { Actor } from './actor.js';
import type { Database, VersionStatus } from '../store/schema.js';
import { unitOfWork } from './unit-of-work.js';
import { toIndex } from '../store/log.js';
import { covenantDraftRecord, covenantProposedRecord, covenantSupersededRecord, type DocumentRef } from '../domain/public.js';
import {
  covenantBytes,
  covenantMarkdown,
  diffCovenants,
  lintCovenant,
  parseCovenant,
  textDiff,
  validateCovenant,
  formatCovenant,
  type Covenant,
  type CovenantFormat,
  type Finding,
  type Problem,
} from '../domain/covenant/index.js';
import { covenantDocument, type Inline, type Item } from '../domain/covenant/render-model.js';
import { labelsFor } from '../domain/covenant/labels.js';
import { direction } from '../domain/covenant/render.js';
import { documentTypst, type DocumentSection } from '../render/document.js';
import { renderPdf } from '../render/pdf.js';
import { currentParties, findAlliance, lockAlliance, organizationIds, type AllianceRow } from './alliances.js';
import { checkSlug, checkText, loadOrganization, requireOrgRole } from './organizations.js';

type Trx = Transaction<Database>;
type Db = Trx | Ctx['db'];

/** A covenant file (YAML or JSON text), or an already decoded JSON value (the API's body). */
export type CovenantSource = { text: string; format: CovenantFormat } | { value: unknown };

/** A covenant that does not parse: every problem, each with its path and reason. */
export class CovenantProblems extends UserError {
  constructor(
    readonly problems: readonly Problem[],
    what = 'the covenant',
  ) {
    const first = problems[0];
    super(`${what} has ${problems.length} problem${problems.length === 1 ? '' : 's'}${first ? `; first: ${first.path || '(file)'}: ${first.reason}` : ''}`);
    this.name = 'CovenantProblems';
  }
}

/** Lint errors stop a proposal: the findings, each with its path. */
export class LintErrors extends UserError {
  constructor(readonly findings: readonly Finding[]) {
    const errors = findings.filter((f) => f.severity === 'error');
    super(`the covenant has ${errors.length} lint error${errors.length === 1 ? '' : 's'}: fix them (\`daylight covenant lint\`) before proposing`, 'conflict');
    this.name = 'LintErrors';
  }
}

export const COVENANT_MEDIA_TYPE = 'application/json';
export const MARKDOWN_MEDIA_TYPE = 'text/markdown; charset=utf-8';
export const PDF_MEDIA_TYPE = 'application/pdf';
const MAX_RATIONALE = 2000;

/** Parses and validates a covenant; CovenantProblems listing every problem otherwise. Pure. */
export function readCovenant(source: CovenantSource): Covenant {
  const result = 'text' in source ? parseCovenant(source.text, source.format) : validateCovenant(source.value);
  if (!result.ok) throw new CovenantProblems(result.problems);
  return result.covenant;
}

/**
 * A stored body back as a Covenant, its fields in the schema's order (the canonical JSON sorts
 * keys; people reading YAML expect `format` first). A stored body that does not validate is a bug.
 *
 * A stored body never changes (it is the signed bytes), and one page reads the same covenant
 * several times (its standing, renewals, local mirroring), each validation taking milliseconds:
 * the last few are kept, deeply frozen, so no reader can change what another is given.
 */
export function storedCovenant(body: string): Covenant {
  const known = validated.get(body);
  if (known !== undefined) return known;
  const result = validateCovenant(JSON.parse(body));
  if (!result.ok) throw new Error(`a stored covenant version does not validate: ${result.problems[0]?.path}: ${result.problems[0]?.reason}`);
  if (validated.size >= MAX_VALIDATED) validated.delete(validated.keys().next().value!);
  validated.set(body, deepFreeze(result.covenant));
  return result.covenant;
}

const MAX_VALIDATED = 32;
const validated = new Map<string, Covenant>();

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

// ---------------------------------------------------------------- rows

export interface VersionRow {
  id: number;
  number: number;
  status: VersionStatus;
  author: string;
  rationale: string;
  basedOn: number | null;
  body: string;
  sha256: string;
  /** the covenant's `parties`, read from the body */
  parties: string[];
  createdAt: string;
  proposedAt: string | null;
  ratifiedAt: string | null;
  supersededAt: string | null;
  supersededBy: number | null;
}

const VERSION_COLUMNS = [
  'covenant_version.id',
  'covenant_version.number',
  'covenant_version.status',
  'organization.slug as author',
  'covenant_version.rationale',
  'covenant_version.based_on',
  'covenant_version.body',
  'covenant_version.sha256',
  'covenant_version.created_at',
  'covenant_version.proposed_at',
  'covenant_version.ratified_at',
  'covenant_version.superseded_at',
  'covenant_version.superseded_by',
] as const;

type RawVersion = {
  id: unknown;
  number: unknown;
  status: VersionStatus;
  author: string;
  rationale: string;
  based_on: unknown;
  body: string;
  sha256: string;
  created_at: string;
  proposed_at: string | null;
  ratified_at: string | null;
  superseded_at: string | null;
  superseded_by: unknown;
};

function versionRow(r: RawVersion): VersionRow {
  return {
    id: toIndex(r.id),
    number: toIndex(r.number),
    status: r.status,
    author: r.author,
    rationale: r.rationale,
    basedOn: r.based_on === null ? null : toIndex(r.based_on),
    body: r.body,
    sha256: r.sha256,
    parties: [...storedCovenant(r.body).parties],
    createdAt: r.created_at,
    proposedAt: r.proposed_at,
    ratifiedAt: r.ratified_at,
    supersededAt: r.superseded_at,
    supersededBy: r.superseded_by === null ? null : toIndex(r.superseded_by),
  };
}

function versionQuery(db: Db, allianceId: number) {
  return db
    .selectFrom('covenant_version')
    .innerJoin('organization', 'organization.id', 'covenant_version.author_organization_id')
    .select(VERSION_COLUMNS)
    .where('covenant_version.alliance_id', '=', allianceId);
}

/** Version `number` of the alliance; 'not_found' naming the versions there are. */
export async function loadVersionRow(db: Db, alliance: AllianceRow, number: number): Promise<VersionRow> {
  if (!Number.isSafeInteger(number) || number < 1) throw new UserError(`a version number is a whole number from 1, got ${number}`);
  const r = await versionQuery(db, alliance.id).where('covenant_version.number', '=', number).executeTakeFirst();
  if (r === undefined) {
    const last = await db
      .selectFrom('covenant_version')
      .select((eb) => eb.fn.max('number').as('n'))
      .where('alliance_id', '=', alliance.id)
      .executeTakeFirst();
    const n = last?.n == null ? 0 : toIndex(last.n);
    throw new UserError(`${alliance.slug} has no version ${number}${n === 0 ? ': nothing drafted yet' : ` (versions 1 to ${n})`}`, 'not_found');
  }
  return versionRow(r as RawVersion);
}

/** The ratified version, else the proposed one, else the newest draft. */
async function defaultVersion(db: Db, alliance: AllianceRow): Promise<VersionRow> {
  for (const status of ['ratified', 'proposed'] as const) {
    const r = await versionQuery(db, alliance.id).where('covenant_version.status', '=', status).executeTakeFirst();
    if (r !== undefined) return versionRow(r as RawVersion);
  }
  const r = await versionQuery(db, alliance.id).orderBy('covenant_version.number', 'desc').limit(1).executeTakeFirst();
  if (r === undefined) throw new UserError(`${alliance.slug} has no covenant yet: draft one with \`daylight covenant draft\``, 'not_found');
  return versionRow(r as RawVersion);
}

// ---------------------------------------------------------------- documents

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Stores a document by SHA-256 (once; the same bytes again are the same document). */
export async function storeDocument(
  trx: Trx,
  at: Date,
  doc: { body: Uint8Array; mediaType: string; name: string },
): Promise<DocumentRef> {
  const sha256 = sha256Hex(doc.body);
  const existing = await trx.selectFrom('document').select('redacted_at').where('sha256', '=', sha256).executeTakeFirst();
  if (existing?.redacted_at != null) {
    throw new UserError(`document ${sha256} was redacted and cannot be published again`, 'conflict');
  }
  if (existing === undefined) {
    await trx
      .insertInto('document')
      .values({ sha256, media_type: doc.mediaType, size: doc.body.length, body: doc.body, created_at: at.toISOString(), redacted_at: null, redaction_reason: null })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
  }
  return { sha256, mediaType: doc.mediaType, size: doc.body.length, name: doc.name };
}

/** The canonical JSON (the signed bytes) and the Markdown rendering of a version. */
export async function versionDocuments(trx: Trx, at: Date, alliance: string, number: number, c: Covenant): Promise<DocumentRef[]> {
  const base = `${alliance}-v${number}`;
  return [
    await storeDocument(trx, at, { body: covenantBytes(c), mediaType: COVENANT_MEDIA_TYPE, name: `${base}.json` }),
    await storeDocument(trx, at, { body: Buffer.from(covenantMarkdown(c), 'utf8'), mediaType: MARKDOWN_MEDIA_TYPE, name: `${base}.md` }),
  ];
}

/**
 * The covenant as a PDF (render/: Typst with the bundled fonts), in `language` (default: its
 * original; a language without labels falls back as labelsFor says): the
 * domain's document tree (the same one Markdown and HTML are written from), each level-2 heading
 * a section, lists flattened to one paragraph per item. Kept behind this one name so the
 * proposal step does not change when the rendering does.
 */
export async function renderCovenantPdf(c: Covenant, language: string = c.horizon.original): Promise<Uint8Array> {
  const { lang } = labelsFor(language);
  const { blocks } = covenantDocument(c, lang);
  let title = '';
  const sections: DocumentSection[] = [];
  const current = (): { heading: string; paragraphs: string[] } => {
    if (sections.length === 0) sections.push({ heading: '', paragraphs: [] });
    return sections[sections.length - 1] as { heading: string; paragraphs: string[] };
  };
  for (const b of blocks) {
    if (b.kind === 'heading' && b.level === 1 && title === '') title = inlineText(b.content);
    else if (b.kind === 'heading' && b.level <= 2) sections.push({ heading: inlineText(b.content), paragraphs: [] });
    else if (b.kind === 'list') current().paragraphs.push(...listParagraphs(b.items, b.ordered, 0));
    else current().paragraphs.push(inlineText(b.content));
  }
  return renderPdf(documentTypst({ lang, dir: direction(lang), title: title || 'Covenant', sections }));
}

function inlineText(content: readonly Inline[]): string {
  return content.map((i) => i.text).join('');
}

function listParagraphs(items: readonly Item[], ordered: boolean, depth: number): string[] {
  return items.flatMap((item, k) => {
    const mark = `${'    '.repeat(depth)}${ordered ? `${k + 1}.` : '•'} `;
    const children = item.children;
    const nested = children?.kind === 'list' ? listParagraphs(children.items, children.ordered, depth + 1) : children ? [inlineText(children.content)] : [];
    return [mark + inlineText(item.content), ...nested];
  });
}

// ---------------------------------------------------------------- drafting

export interface DraftInput {
  alliance: string;
  /** the author party's slug */
  author: string;
  rationale: string;
  source: CovenantSource;
  /** amend: the version this draft starts from */
  basedOn?: number;
}

export interface DraftResult {
  alliance: string;
  version: number;
  sha256: string;
  index: number;
  /** lint findings; a draft may have them, a proposal may not have errors */
  findings: Finding[];
}

/** A new draft (or, with basedOn, an amendment of an existing version). */
export async function draftCovenant(ctx: Ctx, actor: Actor, input: DraftInput): Promise<DraftResult> {
  const author = checkSlug(input.author, 'the author party');
  const rationale = checkText(input.rationale, 'rationale', MAX_RATIONALE);
  if (rationale === '') throw new UserError('a rationale is required: say why this version (the other parties read it)');
  const covenant = readCovenant(input.source);
  const findings = lintCovenant(covenant);
  const bytes = covenantBytes(covenant);
  const sha256 = sha256Hex(bytes);
  const at = ctx.now();
  return unitOfWork(ctx, async (trx, append) => {
    const alliance = await lockAlliance(trx, ctx.dialect, input.alliance);
    const org = await loadOrganization(trx, author);
    const parties = await currentParties(trx, alliance.id);
    if (!parties.some((p) => p.id === org.id)) {
      throw new UserError(`${author} is not a party to ${alliance.slug}: only its parties (${parties.map((p) => p.slug).join(', ')}) draft`, 'forbidden');
    }
    await requireOrgRole(trx, actor, org.id, author, ['admin', 'delegate']);
    await organizationIds(trx, covenant.parties, 'parties');
    if (input.basedOn !== undefined) await loadVersionRow(trx, alliance, input.basedOn);
    const number = await nextNumber(trx, alliance.id);
    await trx
      .insertInto('covenant_version')
      .values({
        alliance_id: alliance.id,
        number,
        status: 'draft',
        author_organization_id: org.id,
        rationale,
        based_on: input.basedOn ?? null,
        body: Buffer.from(bytes).toString('utf8'),
        sha256,
        created_at: at.toISOString(),
        proposed_at: null,
        ratified_at: null,
        superseded_at: null,
        superseded_by: null,
      })
      .execute();
    const documents = await versionDocuments(trx, at, alliance.slug, number, covenant);
    const [appended] = await append([
      covenantDraftRecord(at, { alliance: alliance.slug, version: number, author, rationale, basedOn: input.basedOn ?? null, sha256, documents }),
    ]);
    return { alliance: alliance.slug, version: number, sha256, index: appended!.index, findings };
  });
}

/** An amendment: a new draft based on version `basedOn`. */
export async function amendCovenant(ctx: Ctx, actor: Actor, input: DraftInput & { basedOn: number }): Promise<DraftResult> {
  return draftCovenant(ctx, actor, input);
}

async function nextNumber(trx: Trx, allianceId: number): Promise<number> {
  const last = await trx
    .selectFrom('covenant_version')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('alliance_id', '=', allianceId)
    .executeTakeFirst();
  return (last?.n == null ? 0 : toIndex(last.n)) + 1;
}

// ---------------------------------------------------------------- proposing

export interface ProposeResult {
  alliance: string;
  version: number;
  sha256: string;
  index: number;
  documents: DocumentRef[];
  /** a proposal this one replaced */
  superseded: number | null;
}

/** Proposes a draft for signature: lint must find no error; archived with JSON, Markdown and PDF. */
export async function proposeCovenant(ctx: Ctx, actor: Actor, input: { alliance: string; version: number }): Promise<ProposeResult> {
  // Rendering the PDF takes a while: do it before the transaction, from the version's body,
  // which never changes once drafted (the status is checked again inside).
  const before = await findVersion(ctx, input.alliance, input.version);
  requireDraft(before);
  const covenant = storedCovenant(before.body);
  const errors = lintCovenant(covenant).filter((f) => f.severity === 'error');
  if (errors.length > 0) throw new LintErrors(errors);
  const pdf: Uint8Array | null = await renderCovenantPdf(covenant);
  const at = ctx.now();
  return unitOfWork(ctx, async (trx, append) => {
    const alliance = await lockAlliance(trx, ctx.dialect, input.alliance);
    await requirePartyActor(trx, actor, alliance);
    const v = await loadVersionRow(trx, alliance, input.version);
    requireDraft(v);
    await organizationIds(trx, v.parties, 'parties');
    const outstanding = await versionQuery(trx, alliance.id).where('covenant_version.status', '=', 'proposed').executeTakeFirst();
    const iso = at.toISOString();
    if (outstanding !== undefined) {
      await trx
        .updateTable('covenant_version')
        .set({ status: 'superseded', superseded_at: iso, superseded_by: v.number })
        .where('id', '=', toIndex(outstanding.id))
        .execute();
    }
    await trx.updateTable('covenant_version').set({ status: 'proposed', proposed_at: iso }).where('id', '=', v.id).execute();
    const documents = await versionDocuments(trx, at, alliance.slug, v.number, covenant);
    if (pdf !== null) documents.push(await storeDocument(trx, at, { body: pdf, mediaType: PDF_MEDIA_TYPE, name: `${alliance.slug}-v${v.number}.pdf` }));
    const records = [];
    if (outstanding !== undefined) {
      records.push(covenantSupersededRecord(at, { alliance: alliance.slug, version: toIndex(outstanding.number), by: v.number, was: 'proposed' }));
    }
    records.push(covenantProposedRecord(at, { alliance: alliance.slug, version: v.number, sha256: v.sha256, parties: v.parties, documents }));
    const appended = await append(records);
    return {
      alliance: alliance.slug,
      version: v.number,
      sha256: v.sha256,
      index: appended[appended.length - 1]!.index,
      documents,
      superseded: outstanding === undefined ? null : toIndex(outstanding.number),
    };
  });
}

function requireDraft(v: VersionRow): void {
  if (v.status !== 'draft') throw new UserError(`version ${v.number} is ${v.status}, not a draft: only a draft can be proposed`, 'conflict');
}

/** The local operator, or an admin or delegate of one of the alliance's current parties. */
export async function requirePartyActor(trx: Trx, actor: Actor, alliance: AllianceRow): Promise<void> {
  if (actor.kind === 'local') return;
  const parties = await currentParties(trx, alliance.id);
  const role = await trx
    .selectFrom('membership')
    .select('role')
    .where('account_id', '=', actor.accountId)
    .where('organization_id', 'in', parties.map((p) => p.id))
    .where('role', 'in', ['admin', 'delegate'])
    .executeTakeFirst();
  if (role === undefined) throw new UserError(`forbidden: only an admin or delegate of a party to ${alliance.slug} may do this`, 'forbidden');
}

// ---------------------------------------------------------------- reading

export interface VersionView {
  alliance: string;
  version: number;
  status: VersionStatus;
  author: string;
  rationale: string;
  basedOn: number | null;
  sha256: string;
  createdAt: string;
  proposedAt: string | null;
  ratifiedAt: string | null;
  supersededAt: string | null;
  supersededBy: number | null;
  parties: string[];
  /** parties that signed this version */
  signed: string[];
  covenant: Covenant;
}

async function findVersion(ctx: Ctx, alliance: string, version?: number): Promise<VersionRow> {
  const a = await findAlliance(ctx.db, alliance);
  return version === undefined ? defaultVersion(ctx.db, a) : loadVersionRow(ctx.db, a, version);
}

/** One version (default: the ratified one, else the proposed one, else the newest draft). */
export async function getCovenantVersion(ctx: Ctx, alliance: string, version?: number): Promise<VersionView> {
  const v = await findVersion(ctx, alliance, version);
  const signed = await ctx.db
    .selectFrom('covenant_signature')
    .innerJoin('organization', 'organization.id', 'covenant_signature.organization_id')
    .select('organization.slug')
    .where('covenant_signature.version_id', '=', v.id)
    .where('covenant_signature.renewal', '=', 0)
    .orderBy('organization.slug')
    .execute();
  return {
    alliance,
    version: v.number,
    status: v.status,
    author: v.author,
    rationale: v.rationale,
    basedOn: v.basedOn,
    sha256: v.sha256,
    createdAt: v.createdAt,
    proposedAt: v.proposedAt,
    ratifiedAt: v.ratifiedAt,
    supersededAt: v.supersededAt,
    supersededBy: v.supersededBy,
    parties: v.parties,
    signed: signed.map((s) => s.slug),
    covenant: storedCovenant(v.body),
  };
}

export type VersionSummary = Omit<VersionView, 'covenant' | 'signed' | 'parties'>;

export async function listCovenantVersions(ctx: Ctx, alliance: string): Promise<VersionSummary[]> {
  const a = await findAlliance(ctx.db, alliance);
  const rows = await versionQuery(ctx.db, a.id).orderBy('covenant_version.number').execute();
  return rows.map((r) => {
    const { id: _id, body: _body, parties: _parties, ...rest } = versionRow(r as RawVersion);
    return { alliance: a.slug, version: rest.number, ...withoutNumber(rest) };
  });
}

function withoutNumber<T extends { number: number }>(v: T): Omit<T, 'number'> {
  const { number: _n, ...rest } = v;
  return rest;
}

/** The structured changes and a line diff of the YAML between two versions. */
export async function diffCovenantVersions(ctx: Ctx, alliance: string, from: number, to: number) {
  const a = await findAlliance(ctx.db, alliance);
  const [x, y] = [await loadVersionRow(ctx.db, a, from), await loadVersionRow(ctx.db, a, to)];
  const cx = storedCovenant(x.body);
  const cy = storedCovenant(y.body);
  return {
    alliance: a.slug,
    from,
    to,
    changes: diffCovenants(cx, cy),
    text: textDiff(formatCovenant(cx, 'yaml'), formatCovenant(cy, 'yaml'), { from: `v${from}`, to: `v${to}` }),
  };
}

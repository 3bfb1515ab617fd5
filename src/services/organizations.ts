/**
 * Organizations (design notes, `Organization`; issue 3 §1): a party with a public profile and the
 * verifier keys of its delegates (C2SP signed-note keys, Go note format). Every change appends the
 * whole public profile as one `organization` record (domain/public.ts organizationRecord).
 *
 * Validation: country is ISO 3166-1 alpha-2 (checked with Intl.DisplayNames: a code it cannot
 * name is not assigned), languages are BCP 47 (canonicalized with Intl.getCanonicalLocales), the
 * time zone is an IANA name Intl knows.
 *
 * Who may: create — the local operator or an instance admin; update and keys — also an admin of
 * the organization. Delegates act for their party elsewhere (covenants, signatures), not here.
 */
import type { Transaction } from 'kysely';
import type { Ctx } from './context.js';
import { UserError } from './context.js';
import type { Actor } from './actor.js';
import type { Database } from '../store/schema.js';
import { unitOfWork, type Append } from './unit-of-work.js';
import { toIndex } from '../store/log.js';
import { organizationRecord, type OrganizationEvent, type OrganizationPublic } from '../domain/public.js';
import { NoteError, decodeVerifierKey, parseVerifierKey } from '../ledger/note.js';
import { ID_PATTERN } from '../domain/covenant/schema.js';

export interface OrganizationInput {
  slug: string;
  name: string;
  country: string;
  jurisdiction?: string;
  languages: string[];
  timeZone: string;
  description?: string;
}

export type OrganizationUpdate = Partial<Omit<OrganizationInput, 'slug'>>;

export interface OrganizationView extends OrganizationPublic {
  id: number;
  createdAt: string;
  updatedAt: string | null;
}

type Trx = Transaction<Database>;

const MAX_NAME = 200;
const MAX_JURISDICTION = 200;
const MAX_DESCRIPTION = 5000;
const MAX_LANGUAGES = 20;
const MAX_KEYS = 20;
/** Two letters, but not the codes CLDR names that ISO 3166-1 does not assign (EU, UN, ZZ…). */
const NOT_ISO_3166 = new Set(['EU', 'EZ', 'UN', 'QO', 'ZZ', 'XA', 'XB']);
const ONE_LINE_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const TEXT_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

// ---------------------------------------------------------------- validation

export function checkSlug(slug: unknown, what = 'an organization slug'): string {
  if (typeof slug !== 'string' || !ID_PATTERN.test(slug)) {
    throw new UserError(`${what} is 1 to 63 lowercase letters, digits and hyphens, starting with a letter or digit; got "${String(slug).slice(0, 80)}"`);
  }
  // "new" names the creation pages (/orgs/new, /alliances/new): a party called "new" could never be reached.
  if (slug === 'new') throw new UserError(`${what} cannot be "new": that word is taken by the creation pages; choose another`);
  return slug;
}

export function checkLine(value: unknown, field: string, max: number, required = true): string {
  if (value === undefined || value === '') {
    if (required) throw new UserError(`${field} is required`);
    return '';
  }
  if (typeof value !== 'string' || value.length > max || ONE_LINE_CONTROL.test(value) || value.trim() === '') {
    throw new UserError(`${field} is one line of at most ${max} characters, without control characters`);
  }
  return value.trim();
}

export function checkText(value: unknown, field: string, max: number): string {
  if (value === undefined) return '';
  if (typeof value !== 'string' || value.length > max || TEXT_CONTROL.test(value)) {
    throw new UserError(`${field} is at most ${max} characters, without control characters other than newlines`);
  }
  return value.trim();
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });

export function checkCountry(value: unknown): string {
  const code = typeof value === 'string' ? value.toUpperCase() : '';
  // Kosovo's XK is user-assigned, not ISO; accepted because organizations there need a code.
  if (!/^[A-Z]{2}$/.test(code) || NOT_ISO_3166.has(code) || regionNames.of(code) === code) {
    throw new UserError(`country "${String(value).slice(0, 20)}" is not an ISO 3166-1 alpha-2 code: use two letters such as AR, FR or ZA`);
  }
  return code;
}

export function checkLanguages(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_LANGUAGES) {
    throw new UserError(`languages: give 1 to ${MAX_LANGUAGES} BCP 47 language tags, e.g. es, ar, pt-BR`);
  }
  const out: string[] = [];
  for (const tag of value) {
    let canonical: string | undefined;
    try {
      canonical = typeof tag === 'string' && /^[A-Za-z0-9-]{2,35}$/.test(tag) ? Intl.getCanonicalLocales(tag)[0] : undefined;
    } catch {
      canonical = undefined;
    }
    if (canonical === undefined) throw new UserError(`language "${String(tag).slice(0, 40)}" is not a BCP 47 tag: use e.g. es, ar or pt-BR`);
    if (!out.includes(canonical)) out.push(canonical);
  }
  return out;
}

export function checkTimeZone(value: unknown): string {
  try {
    if (typeof value !== 'string' || !/^[A-Za-z0-9_+\-/]{1,64}$/.test(value)) throw new RangeError();
    new Intl.DateTimeFormat('en', { timeZone: value }); // throws RangeError for an unknown zone
    // Kept as written: ICU would rename current IANA names to its legacy ones (Buenos_Aires).
    return value;
  } catch {
    throw new UserError(`time zone "${String(value).slice(0, 64)}" is not an IANA time zone: use e.g. America/Argentina/Buenos_Aires or UTC`);
  }
}

function checkInput(input: OrganizationInput): Omit<OrganizationPublic, 'verifierKeys'> {
  return {
    slug: checkSlug(input.slug),
    name: checkLine(input.name, 'name', MAX_NAME),
    country: checkCountry(input.country),
    jurisdiction: checkLine(input.jurisdiction, 'jurisdiction', MAX_JURISDICTION, false),
    languages: checkLanguages(input.languages),
    timeZone: checkTimeZone(input.timeZone),
    description: checkText(input.description, 'description', MAX_DESCRIPTION),
  };
}

// ---------------------------------------------------------------- who may

export function mayCreateOrganization(actor: Actor): boolean {
  return actor.kind === 'local' || actor.instanceAdmin;
}

/**
 * Throws 'forbidden' unless the actor may act for the organization: the local operator, or an
 * account holding one of `roles` in it (instance admins too when `instanceAdmin` is true).
 */
export async function requireOrgRole(
  trx: Trx,
  actor: Actor,
  organizationId: number,
  slug: string,
  roles: readonly ('admin' | 'delegate')[],
  instanceAdmin = false,
): Promise<void> {
  if (actor.kind === 'local' || (instanceAdmin && actor.instanceAdmin)) return;
  const m = await trx
    .selectFrom('membership')
    .select('role')
    .where('account_id', '=', actor.accountId)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  if (m === undefined || !(roles as readonly string[]).includes(m.role)) {
    throw new UserError(`forbidden: only ${roles.join(' or ')} accounts of ${slug} may do this`, 'forbidden');
  }
}

// ---------------------------------------------------------------- reading

interface OrgRow {
  id: unknown;
  slug: string;
  name: string;
  country: string;
  jurisdiction: string;
  languages: string;
  time_zone: string;
  description: string;
  created_at: string;
  updated_at: string | null;
}

const ORG_COLUMNS = [
  'id',
  'slug',
  'name',
  'country',
  'jurisdiction',
  'languages',
  'time_zone',
  'description',
  'created_at',
  'updated_at',
] as const;

async function activeKeys(db: Trx | Ctx['db'], organizationId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('organization_key')
    .select('verifier_key')
    .where('organization_id', '=', organizationId)
    .where('revoked_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.verifier_key);
}

function view(row: OrgRow, verifierKeys: string[]): OrganizationView {
  return {
    id: toIndex(row.id),
    slug: row.slug,
    name: row.name,
    country: row.country,
    jurisdiction: row.jurisdiction,
    languages: JSON.parse(row.languages) as string[],
    timeZone: row.time_zone,
    description: row.description,
    verifierKeys,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The organization by slug, with its active keys; UserError 'not_found' when there is none. */
export async function loadOrganization(db: Trx | Ctx['db'], slug: string): Promise<OrganizationView> {
  const row = await db.selectFrom('organization').select(ORG_COLUMNS).where('slug', '=', slug).executeTakeFirst();
  if (row === undefined) throw new UserError(`no organization "${slug}": create it with \`daylight org create\``, 'not_found');
  return view(row, await activeKeys(db, toIndex(row.id)));
}

export async function getOrganization(ctx: Ctx, slug: string): Promise<OrganizationView> {
  return loadOrganization(ctx.db, checkSlug(slug));
}

export async function listOrganizations(ctx: Ctx): Promise<OrganizationView[]> {
  const rows = await ctx.db.selectFrom('organization').select(ORG_COLUMNS).orderBy('slug').execute();
  return Promise.all(rows.map(async (r) => view(r, await activeKeys(ctx.db, toIndex(r.id)))));
}

function publicOf(org: OrganizationView): OrganizationPublic {
  const { slug, name, country, jurisdiction, languages, timeZone, description, verifierKeys } = org;
  return { slug, name, country, jurisdiction, languages, timeZone, description, verifierKeys };
}

async function appendProfile(
  trx: Trx,
  append: Append,
  at: Date,
  slug: string,
  event: OrganizationEvent,
  key?: string,
): Promise<OrganizationView> {
  const org = await loadOrganization(trx, slug);
  await append([organizationRecord(at, event, publicOf(org), key)]);
  return org;
}

// ---------------------------------------------------------------- use cases

export async function createOrganization(ctx: Ctx, actor: Actor, input: OrganizationInput): Promise<OrganizationView> {
  if (!mayCreateOrganization(actor)) {
    throw new UserError('forbidden: only an instance admin (or the operator on the server) creates organizations', 'forbidden');
  }
  const o = checkInput(input);
  const at = ctx.now();
  return unitOfWork(ctx, async (trx, append) => {
    const inserted = await trx
      .insertInto('organization')
      .values({
        slug: o.slug,
        name: o.name,
        country: o.country,
        jurisdiction: o.jurisdiction,
        languages: JSON.stringify(o.languages),
        time_zone: o.timeZone,
        description: o.description,
        created_at: at.toISOString(),
        updated_at: null,
      })
      .onConflict((oc) => oc.column('slug').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted === undefined) throw new UserError(`the organization slug "${o.slug}" is taken: choose another`, 'conflict');
    return appendProfile(trx, append, at, o.slug, 'created');
  });
}

export async function updateOrganization(
  ctx: Ctx,
  actor: Actor,
  slug: string,
  changes: OrganizationUpdate,
): Promise<OrganizationView> {
  checkSlug(slug);
  const set: Partial<Record<'name' | 'country' | 'jurisdiction' | 'languages' | 'time_zone' | 'description', string>> = {};
  if (changes.name !== undefined) set.name = checkLine(changes.name, 'name', MAX_NAME);
  if (changes.country !== undefined) set.country = checkCountry(changes.country);
  if (changes.jurisdiction !== undefined) set.jurisdiction = checkLine(changes.jurisdiction, 'jurisdiction', MAX_JURISDICTION, false);
  if (changes.languages !== undefined) set.languages = JSON.stringify(checkLanguages(changes.languages));
  if (changes.timeZone !== undefined) set.time_zone = checkTimeZone(changes.timeZone);
  if (changes.description !== undefined) set.description = checkText(changes.description, 'description', MAX_DESCRIPTION);
  if (Object.keys(set).length === 0) throw new UserError('nothing to change: give at least one field');
  const at = ctx.now();
  return unitOfWork(ctx, async (trx, append) => {
    const org = await loadOrganization(trx, slug);
    await requireOrgRole(trx, actor, org.id, slug, ['admin'], true);
    await trx.updateTable('organization').set({ ...set, updated_at: at.toISOString() }).where('id', '=', org.id).execute();
    return appendProfile(trx, append, at, slug, 'updated');
  });
}

/** Checks a verifier key string and returns its name and id; UserError saying what is wrong. */
export function checkVerifierKey(text: unknown): { key: string; name: string; keyId: number } {
  if (typeof text !== 'string' || text.length > 512) throw new UserError('a verifier key is one line <name>+<8 hex digits>+<base64 key>');
  try {
    parseVerifierKey(text); // Ed25519 only, a real public key
    const { name, keyId } = decodeVerifierKey(text);
    return { key: text, name, keyId };
  } catch (e) {
    if (e instanceof NoteError) throw new UserError(`${e.message}; make one with \`daylight keygen NAME\``);
    throw e;
  }
}

export async function addOrganizationKey(ctx: Ctx, actor: Actor, slug: string, verifierKey: string): Promise<OrganizationView> {
  checkSlug(slug);
  const k = checkVerifierKey(verifierKey);
  const at = ctx.now();
  return unitOfWork(ctx, async (trx, append) => {
    const org = await loadOrganization(trx, slug);
    await requireOrgRole(trx, actor, org.id, slug, ['admin'], true);
    if (org.verifierKeys.length >= MAX_KEYS) throw new UserError(`${slug} already has ${MAX_KEYS} keys: revoke one first`, 'conflict');
    const inserted = await trx
      .insertInto('organization_key')
      .values({ organization_id: org.id, verifier_key: k.key, key_name: k.name, key_id: k.keyId, added_at: at.toISOString(), revoked_at: null })
      .onConflict((oc) => oc.column('verifier_key').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted === undefined) {
      throw new UserError('this key is already registered (or was revoked) on this instance: a key names one party, once; make a new one with `daylight keygen`', 'conflict');
    }
    return appendProfile(trx, append, at, slug, 'key-added', k.key);
  });
}

export async function revokeOrganizationKey(ctx: Ctx, actor: Actor, slug: string, verifierKey: string): Promise<OrganizationView> {
  checkSlug(slug);
  const at = ctx.now();
  return unitOfWork(ctx, async (trx, append) => {
    const org = await loadOrganization(trx, slug);
    await requireOrgRole(trx, actor, org.id, slug, ['admin'], true);
    const updated = await trx
      .updateTable('organization_key')
      .set({ revoked_at: at.toISOString() })
      .where('organization_id', '=', org.id)
      .where('verifier_key', '=', verifierKey)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (updated.numUpdatedRows === 0n) throw new UserError(`${slug} has no active key ${String(verifierKey).slice(0, 120)}`, 'not_found');
    return appendProfile(trx, append, at, slug, 'key-revoked', verifierKey);
  });
}

/**
 * Signed webhooks for reminders (issue 4 §6): an alliance's parties register URLs; each reminder
 * is POSTed there as JSON with
 *
 *   Daylight-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>
 *
 * where the key is the endpoint's secret as UTF-8 text and body the exact bytes sent. A receiver
 * recomputes the HMAC over the bytes it received, compares in constant time, and refuses a `t`
 * too far from its own clock (replay). The secret is shown once, at registration; it is kept in
 * the database because signing needs it, and never listed again.
 *
 * Who registers (and removes): the local operator and instance admins, for any alliance and for
 * all of its items or one party's; an admin of a party, for that party's items only.
 * Where to: https:// anywhere, or http:// to this machine (127.0.0.0/8, ::1, localhost) for a
 * local relay; IP literals in private, link-local or unique-local ranges are refused. Deliveries
 * do not follow redirects and never read the response body: only its status is kept.
 */
import { createHmac, randomBytes } from 'node:crypto';
import net from 'node:net';
import type { Ctx } from './context.js';
import { UserError } from './context.js';
import type { Actor } from './actor.js';
import { toIndex } from '../store/log.js';
import { findAlliance, currentParties } from './alliances.js';
import { checkSlug } from './organizations.js';
import { isLoopback } from './smtp.js';
import { unitOfWork } from './unit-of-work.js';

export const SIGNATURE_HEADER = 'Daylight-Signature';
const MAX_URL = 2000;
const MAX_ENDPOINTS = 20;

/** t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)> */
export function signatureHeader(secret: string, body: string | Uint8Array, t: number): string {
  const mac = createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(`${t}.`, 'utf8')
    .update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
    .digest('hex');
  return `t=${t},v1=${mac}`;
}

/** IPv4 or IPv6 literals a webhook must not target: private, link-local, unique-local, unspecified. */
function isPrivateLiteral(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  if (net.isIPv4(h)) {
    const [a, b] = h.split('.').map(Number) as [number, number];
    return a === 10 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  if (net.isIPv6(h)) return /^(fc|fd|fe8|fe9|fea|feb)/i.test(h) || h === '::';
  return false;
}

export function checkWebhookUrl(text: unknown): string {
  let u: URL;
  try {
    if (typeof text !== 'string' || text.length > MAX_URL) throw new Error();
    u = new URL(text);
  } catch {
    throw new UserError(`a webhook URL is an absolute https:// URL of at most ${MAX_URL} characters`);
  }
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (u.username !== '' || u.password !== '') throw new UserError('a webhook URL carries no user or password: the signature authenticates each delivery');
  if (u.protocol === 'http:' && !isLoopback(host)) throw new UserError('a webhook URL must be https:// (http:// only to this machine, e.g. a local relay on 127.0.0.1)');
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new UserError('a webhook URL must be https://');
  if (isPrivateLiteral(host)) throw new UserError('a webhook URL may not name a private or link-local address: use a public host name, or 127.0.0.1 for this machine');
  u.hash = '';
  return u.toString();
}

export interface WebhookView {
  id: number;
  alliance: string;
  /** only this party's items; null: every item of the alliance */
  party: string | null;
  url: string;
  createdAt: string;
}

/** Registers an endpoint; the secret is in the answer and nowhere else ever again. */
export async function addWebhook(ctx: Ctx, actor: Actor, input: { alliance: string; party?: string | null; url: string }): Promise<WebhookView & { secret: string }> {
  const url = checkWebhookUrl(input.url);
  const partySlug = input.party === undefined || input.party === null || input.party === '' ? null : checkSlug(input.party);
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  const at = ctx.now().toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const alliance = await findAlliance(trx, input.alliance);
    const parties = await currentParties(trx, alliance.id);
    const party = partySlug === null ? null : parties.find((p) => p.slug === partySlug);
    if (party === undefined) throw new UserError(`${partySlug} is not a party to ${alliance.slug}`, 'not_found');
    if (!(actor.kind === 'local' || actor.instanceAdmin)) {
      if (party === null) throw new UserError(`say which party’s reminders this endpoint takes (--party): only an instance admin registers one for all of ${alliance.slug}`, 'forbidden');
      const m = await trx.selectFrom('membership').select('role').where('account_id', '=', actor.accountId).where('organization_id', '=', party.id).executeTakeFirst();
      if (m?.role !== 'admin') throw new UserError(`forbidden: only an admin of ${party.slug} registers webhooks for its reminders`, 'forbidden');
    }
    const count = await trx.selectFrom('webhook_endpoint').select((eb) => eb.fn.countAll().as('n')).where('alliance_id', '=', alliance.id).where('disabled_at', 'is', null).executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_ENDPOINTS) throw new UserError(`${alliance.slug} already has ${MAX_ENDPOINTS} webhooks: remove one first`, 'conflict');
    const row = await trx
      .insertInto('webhook_endpoint')
      .values({ alliance_id: alliance.id, organization_id: party?.id ?? null, url, secret, created_at: at, disabled_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: toIndex(row.id), alliance: alliance.slug, party: party?.slug ?? null, url, createdAt: at, secret };
  });
}

/** The alliance's active endpoints, without their secrets: for the operator, instance admins and its parties' admins. */
export async function listWebhooks(ctx: Ctx, actor: Actor, alliance: string): Promise<WebhookView[]> {
  const a = await findAlliance(ctx.db, alliance);
  if (!(actor.kind === 'local' || actor.instanceAdmin)) {
    const parties = await currentParties(ctx.db, a.id);
    const admin = await ctx.db
      .selectFrom('membership')
      .select('role')
      .where('account_id', '=', actor.accountId)
      .where('role', '=', 'admin')
      .where('organization_id', 'in', parties.length > 0 ? parties.map((p) => p.id) : [-1])
      .executeTakeFirst();
    if (admin === undefined) throw new UserError(`forbidden: only an instance admin or an admin of a party to ${a.slug} lists its webhooks`, 'forbidden');
  }
  const rows = await ctx.db
    .selectFrom('webhook_endpoint')
    .leftJoin('organization', 'organization.id', 'webhook_endpoint.organization_id')
    .select(['webhook_endpoint.id', 'organization.slug', 'webhook_endpoint.url', 'webhook_endpoint.created_at'])
    .where('webhook_endpoint.alliance_id', '=', a.id)
    .where('webhook_endpoint.disabled_at', 'is', null)
    .orderBy('webhook_endpoint.id')
    .execute();
  return rows.map((r) => ({ id: toIndex(r.id), alliance: a.slug, party: r.slug ?? null, url: r.url, createdAt: r.created_at }));
}

/**
 * Removes an endpoint: no reminder goes there again. Who may: the local operator and instance
 * admins, any endpoint; an admin of a party, that party's endpoints only (as for addWebhook). The
 * row stays, disabled, because its past deliveries name it (what was sent is never sent twice),
 * but its secret is forgotten: nothing will be signed with it again. One transaction.
 */
export async function removeWebhook(ctx: Ctx, actor: Actor, input: { alliance: string; id: number }): Promise<WebhookView> {
  if (!(Number.isSafeInteger(input.id) && input.id > 0)) throw new UserError('a webhook id is a positive whole number (see `daylight reminders webhook list`)');
  const at = ctx.now().toISOString();
  return unitOfWork(ctx, async (trx) => {
    const alliance = await findAlliance(trx, input.alliance);
    const row = await trx
      .selectFrom('webhook_endpoint')
      .leftJoin('organization', 'organization.id', 'webhook_endpoint.organization_id')
      .select(['webhook_endpoint.id', 'webhook_endpoint.organization_id', 'organization.slug', 'webhook_endpoint.url', 'webhook_endpoint.created_at'])
      .where('webhook_endpoint.id', '=', input.id)
      .where('webhook_endpoint.alliance_id', '=', alliance.id)
      .where('webhook_endpoint.disabled_at', 'is', null)
      .executeTakeFirst();
    if (row === undefined) throw new UserError(`${alliance.slug} has no webhook ${input.id}: see \`daylight reminders webhook list\``, 'not_found');
    if (!(actor.kind === 'local' || actor.instanceAdmin)) {
      const m = row.organization_id === null
        ? undefined
        : await trx.selectFrom('membership').select('role').where('account_id', '=', actor.accountId).where('organization_id', '=', row.organization_id).executeTakeFirst();
      if (m?.role !== 'admin') throw new UserError(`forbidden: only an instance admin or an admin of the party it serves removes webhook ${input.id}`, 'forbidden');
    }
    await trx.updateTable('webhook_endpoint').set({ disabled_at: at, secret: '' }).where('id', '=', row.id).execute();
    return { id: toIndex(row.id), alliance: alliance.slug, party: row.slug ?? null, url: row.url, createdAt: row.created_at };
  });
}

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** POSTs one signed delivery; resolves to null when a 2xx came back, else a short reason. */
export async function postWebhook(
  url: string,
  secret: string,
  body: string,
  t: number,
  delivery: string,
  fetchImpl: Fetch = fetch,
): Promise<string | null> {
  try {
    const res = await fetchImpl(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        [SIGNATURE_HEADER]: signatureHeader(secret, body, t),
        'Daylight-Delivery': delivery,
        'User-Agent': 'Daylight-Webhook/1',
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    });
    await res.body?.cancel().catch(() => undefined);
    return res.status >= 200 && res.status < 300 ? null : `HTTP ${res.status}`;
  } catch {
    return 'network error or timeout';
  }
}

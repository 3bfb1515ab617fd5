/**
 * Reminders (issue 4 §6): who owes what, and when — an in-app list, e-mail over SMTP to members'
 * PRIVATE contacts, and signed webhooks.
 *
 *   dueItems(ctx, now)   loads cycles with draft scorecards (their triads and ratings so far),
 *                        proposed covenant versions, open renewals and the current cycle's local
 *                        mirroring (services/local-actions.ts localRatios), and derives the list
 *                        with domain/reminders.ts deriveDueItems (pure)
 *   sendReminders        delivers each item's current notice once per target and records it
 *
 * Once and only once (as far as a network allows): each delivery has a unique key
 * (channel, target, item, notice). It is claimed by inserting its row as `sending` (a second
 * sender finds the key taken and moves on), then sent, then marked `sent` or `failed`. A failed
 * delivery is tried again by a later run, at most MAX_ATTEMPTS times; a claim left `sending` by
 * a crash is taken over after STALE_CLAIM_MS (the one case where a message may go out twice).
 *
 * Privacy: the address is read from member.contact when the message is sent and goes only to
 * the SMTP server: no row, record, log line, result or error holds it. A member whose contact
 * holds no e-mail address is skipped (and counted), not recorded, so a later run reaches them
 * once one is added. Webhook payloads carry pseudonyms and slugs only.
 */
import type { Ctx } from './context.js';
import { UserError } from './context.js';
import type { Actor } from './actor.js';
import { toIndex } from '../store/log.js';
import { canonicalize } from '../ledger/jcs.js';
import { cycleLabel, type Rhythm } from '../domain/audit/index.js';
import { deliveryKey, deriveDueItems, reminderEmail, type DueItem, type ReminderState } from '../domain/reminders.js';
import { signersOf } from './alliances.js';
import { localRatios } from './local-actions.js';
import type { CycleAudit } from './cycles.js';
import { addressInContact, sendMail, type SmtpConfig } from './smtp.js';
import { postWebhook, type Fetch } from './webhooks.js';

export const MAX_ATTEMPTS = 5;
export const STALE_CLAIM_MS = 15 * 60 * 1000;

// ---------------------------------------------------------------- state

async function cycleState(ctx: Ctx): Promise<ReminderState['cycles']> {
  const cards = await ctx.db
    .selectFrom('scorecard')
    .innerJoin('audit_cycle', 'audit_cycle.id', 'scorecard.cycle_id')
    .innerJoin('alliance', 'alliance.id', 'audit_cycle.alliance_id')
    .innerJoin('organization as reviewer', 'reviewer.id', 'scorecard.reviewer_id')
    .innerJoin('organization as reviewee', 'reviewee.id', 'scorecard.reviewee_id')
    .select([
      'scorecard.id',
      'scorecard.triad_id',
      'audit_cycle.id as cycle_id',
      'audit_cycle.n',
      'audit_cycle.rhythm',
      'audit_cycle.end_at',
      'audit_cycle.audit',
      'alliance.slug as alliance',
      'reviewer.slug as reviewer',
      'reviewee.slug as reviewee',
    ])
    .where('scorecard.status', '=', 'draft')
    .orderBy('scorecard.id')
    .execute();
  if (cards.length === 0) return [];
  const triadIds = [...new Set(cards.map((c) => toIndex(c.triad_id)))];
  const members = await ctx.db.selectFrom('triad_member').select(['triad_id', 'pseudonym']).where('triad_id', 'in', triadIds).orderBy('triad_id').orderBy('position').execute();
  const rated = await ctx.db
    .selectFrom('scorecard_rating')
    .innerJoin('member', 'member.id', 'scorecard_rating.member_id')
    .select(['scorecard_rating.scorecard_id', 'member.pseudonym', 'scorecard_rating.dimension'])
    .where('scorecard_rating.scorecard_id', 'in', cards.map((c) => toIndex(c.id)))
    .execute();
  const cycles = new Map<number, ReminderState['cycles'][number]>();
  for (const c of cards) {
    const id = toIndex(c.cycle_id);
    if (!cycles.has(id)) {
      const audit = JSON.parse(c.audit) as CycleAudit;
      const n = toIndex(c.n);
      cycles.set(id, { alliance: c.alliance, n, label: cycleLabel(c.rhythm as Rhythm, n), end: c.end_at, dimensions: audit.dimensions.map((d) => d.id), scorecards: [] });
    }
    cycles.get(id)!.scorecards.push({
      reviewer: c.reviewer,
      reviewee: c.reviewee,
      triad: members.filter((m) => toIndex(m.triad_id) === toIndex(c.triad_id)).map((m) => m.pseudonym),
      rated: rated.filter((r) => toIndex(r.scorecard_id) === toIndex(c.id)).map((r) => ({ member: r.pseudonym, dimension: r.dimension })),
    });
  }
  return [...cycles.values()];
}

async function proposalState(ctx: Ctx): Promise<ReminderState['proposals']> {
  const rows = await ctx.db
    .selectFrom('covenant_version')
    .innerJoin('alliance', 'alliance.id', 'covenant_version.alliance_id')
    .select(['covenant_version.id', 'covenant_version.number', 'covenant_version.body', 'alliance.slug'])
    .where('covenant_version.status', '=', 'proposed')
    .orderBy('alliance.slug')
    .execute();
  const out: ReminderState['proposals'] = [];
  for (const r of rows) {
    out.push({
      alliance: r.slug,
      version: toIndex(r.number),
      parties: (JSON.parse(r.body) as { parties: string[] }).parties,
      signed: await signersOf(ctx.db, toIndex(r.id), 0),
    });
  }
  return out;
}

async function renewalState(ctx: Ctx): Promise<ReminderState['renewals']> {
  const rows = await ctx.db
    .selectFrom('renewal')
    .innerJoin('alliance', 'alliance.id', 'renewal.alliance_id')
    .innerJoin('covenant_version', 'covenant_version.id', 'renewal.version_id')
    .select(['renewal.number', 'renewal.due_at', 'renewal.lapses_at', 'renewal.version_id', 'covenant_version.number as version', 'covenant_version.body', 'alliance.slug'])
    .where('renewal.status', '=', 'open')
    .orderBy('alliance.slug')
    .execute();
  const out: ReminderState['renewals'] = [];
  for (const r of rows) {
    const renewal = toIndex(r.number);
    out.push({
      alliance: r.slug,
      version: toIndex(r.version),
      renewal,
      dueAt: r.due_at,
      lapsesAt: r.lapses_at,
      parties: (JSON.parse(r.body) as { parties: string[] }).parties,
      signed: await signersOf(ctx.db, toIndex(r.version_id), renewal),
    });
  }
  return out;
}

/** Parties supporting abroad with no action at home in the cycle containing `now`, per alliance with a ratified covenant. */
async function mirroringState(ctx: Ctx, now: Date): Promise<NonNullable<ReminderState['mirroring']>> {
  const alliances = await ctx.db
    .selectFrom('alliance')
    .innerJoin('covenant_version', 'covenant_version.alliance_id', 'alliance.id')
    .select(['alliance.id', 'alliance.slug', 'alliance.name', 'alliance.status'])
    .where('covenant_version.status', '=', 'ratified')
    .where('alliance.status', '=', 'active')
    .orderBy('alliance.slug')
    .execute();
  const out: NonNullable<ReminderState['mirroring']> = [];
  for (const a of alliances) {
    const ratios = await localRatios(ctx.db, { ...a, id: toIndex(a.id) }, now, { recent: 1 });
    const c = ratios?.cycles[0];
    if (!ratios || !c) continue;
    for (const r of ratios.rows.filter((x) => x.reminder)) out.push({ alliance: a.slug, party: r.party, cycle: c.n, label: c.label, end: c.end, abroad: r.abroad });
  }
  return out;
}

async function officeholders(ctx: Ctx): Promise<Record<string, string[]>> {
  const rows = await ctx.db
    .selectFrom('member')
    .innerJoin('organization', 'organization.id', 'member.organization_id')
    .select(['organization.slug', 'member.pseudonym'])
    .where('member.officeholder', '=', 1)
    .orderBy('member.id')
    .execute();
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.slug] ??= []).push(r.pseudonym);
  return out;
}

/** Everything owed at `now` (default: the clock), across the instance. */
export async function dueItems(ctx: Ctx, now: Date = ctx.now()): Promise<DueItem[]> {
  const state: ReminderState = {
    cycles: await cycleState(ctx),
    proposals: await proposalState(ctx),
    renewals: await renewalState(ctx),
    mirroring: await mirroringState(ctx, now),
    officeholders: await officeholders(ctx),
  };
  return deriveDueItems(state, now);
}

/**
 * The in-app list as an actor may see it: everything for the operator and instance admins; for
 * an account, the items of alliances one of whose parties it belongs to (any role).
 */
export async function dueItemsFor(ctx: Ctx, actor: Actor, opts: { alliance?: string; now?: Date } = {}): Promise<DueItem[]> {
  let items = await dueItems(ctx, opts.now ?? ctx.now());
  if (opts.alliance !== undefined) items = items.filter((i) => i.alliance === opts.alliance);
  if (actor.kind === 'local' || actor.instanceAdmin) return items;
  const rows = await ctx.db
    .selectFrom('membership')
    .innerJoin('alliance_party', 'alliance_party.organization_id', 'membership.organization_id')
    .innerJoin('alliance', 'alliance.id', 'alliance_party.alliance_id')
    .select('alliance.slug')
    .where('membership.account_id', '=', actor.accountId)
    .where('alliance_party.left_at', 'is', null)
    .execute();
  const mine = new Set(rows.map((r) => r.slug));
  return items.filter((i) => mine.has(i.alliance));
}

// ---------------------------------------------------------------- sending

export interface SendOptions {
  /** what is due is computed at this instant (default: the clock) */
  now?: Date;
  /** null: e-mail is not configured, e-mail deliveries wait (nothing recorded) */
  smtp: SmtpConfig | null;
  fetch?: Fetch;
}

export interface SendResult {
  at: string;
  items: number;
  sent: { email: number; webhook: number };
  failed: { email: number; webhook: number };
  /** deliveries already made (or being made by another run) */
  alreadySent: number;
  /** e-mail recipients whose contact holds no e-mail address */
  noAddress: number;
  /** e-mail deliveries waiting because no SMTP server is configured */
  emailNotConfigured: number;
  /** one line per failure: the item key, the channel and why (no address, no URL) */
  failures: string[];
}

interface Delivery {
  key: string;
  channel: 'email' | 'webhook';
  memberId: number | null;
  webhookId: number | null;
  item: DueItem;
}

/** Inserts the claim, or takes over a failed or stale one; false when another run owns it or it is done. */
async function claim(ctx: Ctx, d: Delivery): Promise<boolean> {
  const now = ctx.now();
  const inserted = await ctx.db
    .insertInto('reminder_delivery')
    .values({
      key: d.key,
      channel: d.channel,
      member_id: d.memberId,
      webhook_id: d.webhookId,
      item: d.item.key,
      notice: d.item.notice,
      status: 'sending',
      attempts: 0,
      claimed_at: now.toISOString(),
      sent_at: null,
      error: null,
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted !== undefined) return true;
  const stale = new Date(now.getTime() - STALE_CLAIM_MS).toISOString();
  const taken = await ctx.db
    .updateTable('reminder_delivery')
    .set({ status: 'sending', claimed_at: now.toISOString() })
    .where('key', '=', d.key)
    .where((eb) => eb.or([eb.and([eb('status', '=', 'failed'), eb('attempts', '<', MAX_ATTEMPTS)]), eb.and([eb('status', '=', 'sending'), eb('claimed_at', '<', stale)])]))
    .executeTakeFirst();
  return Number(taken.numUpdatedRows) === 1;
}

async function settle(ctx: Ctx, key: string, error: string | null): Promise<void> {
  const at = ctx.now().toISOString();
  await ctx.db
    .updateTable('reminder_delivery')
    .set((eb) => ({ status: error === null ? 'sent' : 'failed', sent_at: error === null ? at : null, error, attempts: eb('attempts', '+', 1) }))
    .where('key', '=', key)
    .execute();
}

interface Recipient {
  memberId: number;
  pseudonym: string;
  /** PRIVATE */
  address: string | null;
}

async function recipientsByParty(ctx: Ctx): Promise<Map<string, Map<string, Recipient>>> {
  const rows = await ctx.db
    .selectFrom('member')
    .innerJoin('organization', 'organization.id', 'member.organization_id')
    .select(['member.id', 'member.pseudonym', 'member.contact', 'organization.slug'])
    .execute();
  const out = new Map<string, Map<string, Recipient>>();
  for (const r of rows) {
    if (!out.has(r.slug)) out.set(r.slug, new Map());
    out.get(r.slug)!.set(r.pseudonym, { memberId: toIndex(r.id), pseudonym: r.pseudonym, address: addressInContact(r.contact) });
  }
  return out;
}

/** The webhook payload: the item without its recipient list. */
function payload(ctx: Ctx, key: string, item: DueItem, at: Date): string {
  const { recipients: _recipients, ...rest } = item;
  return canonicalize({ type: 'daylight.reminder', delivery: key, instance: ctx.origin, sentAt: at.toISOString(), item: rest });
}

/** Sends every due item's current notice to each of its targets once; see the module comment. */
export async function sendReminders(ctx: Ctx, opts: SendOptions): Promise<SendResult> {
  const now = opts.now ?? ctx.now();
  const items = await dueItems(ctx, now);
  const people = await recipientsByParty(ctx);
  const hooks = await ctx.db
    .selectFrom('webhook_endpoint')
    .innerJoin('alliance', 'alliance.id', 'webhook_endpoint.alliance_id')
    .leftJoin('organization', 'organization.id', 'webhook_endpoint.organization_id')
    .select(['webhook_endpoint.id', 'webhook_endpoint.url', 'webhook_endpoint.secret', 'alliance.slug as alliance', 'organization.slug as party'])
    .where('webhook_endpoint.disabled_at', 'is', null)
    .execute();
  const result: SendResult = {
    at: ctx.now().toISOString(),
    items: items.length,
    sent: { email: 0, webhook: 0 },
    failed: { email: 0, webhook: 0 },
    alreadySent: 0,
    noAddress: 0,
    emailNotConfigured: 0,
    failures: [],
  };
  for (const item of items) {
    for (const pseudonym of item.recipients) {
      const who = people.get(item.party)?.get(pseudonym);
      if (who === undefined) continue;
      if (who.address === null) {
        result.noAddress++;
        continue;
      }
      if (opts.smtp === null) {
        result.emailNotConfigured++;
        continue;
      }
      const d: Delivery = { key: deliveryKey('email', who.memberId, item), channel: 'email', memberId: who.memberId, webhookId: null, item };
      await deliver(ctx, d, result, async () => {
        const { subject, text } = reminderEmail(item, pseudonym, ctx.origin);
        await sendMail(opts.smtp!, { to: who.address!, subject, text, date: ctx.now() });
        return null;
      });
    }
    for (const h of hooks.filter((h) => h.alliance === item.alliance && (h.party === null || h.party === item.party))) {
      const id = toIndex(h.id);
      const d: Delivery = { key: deliveryKey('webhook', id, item), channel: 'webhook', memberId: null, webhookId: id, item };
      await deliver(ctx, d, result, () => {
        const at = ctx.now();
        return postWebhook(h.url, h.secret, payload(ctx, d.key, item, at), Math.floor(at.getTime() / 1000), d.key, opts.fetch);
      });
    }
  }
  return result;
}

async function deliver(ctx: Ctx, d: Delivery, result: SendResult, send: () => Promise<string | null>): Promise<void> {
  if (!(await claim(ctx, d))) {
    result.alreadySent++;
    return;
  }
  let error: string | null;
  try {
    error = await send();
  } catch (e) {
    // SmtpError messages name a stage and a code only (services/smtp.ts); anything else is generic.
    error = e instanceof Error && e.name === 'SmtpError' ? e.message : 'could not send';
  }
  await settle(ctx, d.key, error);
  if (error === null) result.sent[d.channel]++;
  else {
    result.failed[d.channel]++;
    result.failures.push(`${d.item.key} (${d.item.notice}) by ${d.channel}: ${error}`);
  }
}

/** Refuses an instant that is not one: used by the CLI's --now and the API's ?now. */
export function checkNow(text: string): Date {
  const d = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(text) || Number.isNaN(d.getTime())) {
    throw new UserError(`"${text.slice(0, 40)}" is not an ISO-8601 instant: use e.g. 2026-12-01T09:00:00Z`);
  }
  return d;
}

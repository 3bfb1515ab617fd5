/**
 * The support ledger (issue 5 §4): what one party gives another, by form (funds, equipment,
 * logistics, propaganda events, safe houses, endorsement, humanitarian aid, cultural exchange,
 * grassroots partnership), each marked to the people or to the leadership, and the money that
 * moves under it.
 *
 *   makeCommitment     from → to, both current parties of the alliance, from ≠ to; optional
 *                      amount + currency (domain/money.ts: exact decimal text, canonical form
 *                      stored); record `commitment` (event made)
 *   recordTransaction  money moved under a commitment: amount parsed exactly in its currency,
 *                      which must be the commitment's when it names one; the source disclosed or
 *                      not, a receipt or not; record `transaction`. An undisclosed source's text
 *                      stays in the row (PRIVATE) and has no way into a record, a view or a total;
 *                      the amount itself feeds indicators marked fedBy: undisclosed-transactions
 *                      (observations.ts), so a large opaque transfer trips funding transparency
 *   endCommitment      the giving party ends it (from active or paused); record `commitment`
 *                      (event ended)
 *   listSupport        commitments with their transactions; totals PER CURRENCY (sumMoney),
 *                      never one figure across currencies
 *   supportFlows       counts and per-currency totals by (from, to, form, recipient, status)
 *
 * Status: active → paused ⇄ active, → stopped, → ended. Pausing, resuming and stopping belong to
 * the standing machine (services/standing.ts: the corrective phase pauses the covenant's listed
 * forms; disengagement stops support to the leadership); this module only reads the status, and
 * a paused, stopped or ended commitment takes no transaction.
 *
 * Who may: the local operator, or an admin or delegate of the GIVING party.
 * Every refusal is a UserError thrown before anything is written, or inside the transaction,
 * which then rolls back: nothing changes.
 */
import type { Transaction } from 'kysely';
import type { Ctx } from './context.js';
import { UserError } from './context.js';
import type { Actor } from './actor.js';
import type { CommitmentStatus, Database, Recipient } from '../store/schema.js';
import { unitOfWork } from './unit-of-work.js';
import { toIndex } from '../store/log.js';
import { commitmentRecord, transactionRecord } from '../domain/public.js';
import { formatMoney, MoneyError, parseMoney, sumMoney, type Money } from '../domain/money.js';
import { SUPPORT_FORMS, type SupportForm } from '../domain/covenant/schema.js';
import { currentParties, findAlliance, lockAlliance, type AllianceRow } from './alliances.js';
import { checkLine, requireOrgRole } from './organizations.js';
import { observeUndisclosedTransaction, type Transition } from './observations.js';

type Trx = Transaction<Database>;
type Db = Trx | Ctx['db'];

export const MAX_DESCRIPTION = 500;
export const MAX_SOURCE = 500;
export const RECIPIENTS: readonly Recipient[] = ['people', 'leadership'];

// ---------------------------------------------------------------- validation (shared with local-actions.ts)

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date YYYY-MM-DD that exists (no 2026-02-30). */
export function checkDate(value: unknown, field: string): string {
  const m = typeof value === 'string' ? DATE.exec(value) : null;
  if (m !== null) {
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    if (d.toISOString().slice(0, 10) === value) return value;
  }
  throw new UserError(`${field} is a date YYYY-MM-DD, such as 2026-03-01; got "${String(value).slice(0, 40)}"`);
}

/**
 * Not after tomorrow (UTC): money or an action recorded as done has happened; a day of slack
 * lets a party east of UTC record what it did today.
 */
export function checkNotFuture(date: string, field: string, now: Date): void {
  const tomorrow = new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
  if (date > tomorrow) throw new UserError(`${field} ${date} is in the future: record what has happened`);
}

export function today(now: Date): string {
  return now.toISOString().slice(0, 10);
}

function checkForm(value: unknown): SupportForm {
  if (typeof value === 'string' && (SUPPORT_FORMS as readonly string[]).includes(value)) return value as SupportForm;
  throw new UserError(`form "${String(value).slice(0, 40)}" is not a support form: use one of ${SUPPORT_FORMS.join(', ')}`);
}

function checkRecipient(value: unknown): Recipient {
  if (value === 'people' || value === 'leadership') return value;
  throw new UserError(`recipient "${String(value).slice(0, 40)}" is not one: support goes to the people or to the leadership (people, leadership)`);
}

/** An exact positive amount in its currency, as domain/money.ts reads it; MoneyError → UserError. */
export function checkAmount(amount: unknown, currency: unknown): Money {
  if (typeof amount !== 'string') throw new UserError('amount must be a decimal string such as "1200.50" (a number may have passed through floating point)');
  if (typeof currency !== 'string') throw new UserError('currency is an ISO 4217 code such as EUR or USD');
  let m: Money;
  try {
    m = parseMoney(amount, currency);
  } catch (e) {
    if (e instanceof MoneyError) throw new UserError(e.message);
    throw e;
  }
  if (m.minor <= 0n) throw new UserError(`amount ${amount} ${currency} must be greater than zero`);
  return m;
}

// ---------------------------------------------------------------- reading rows

interface CommitmentRow {
  id: number;
  allianceId: number;
  fromId: number;
  from: string;
  toId: number;
  to: string;
  form: string;
  recipient: Recipient;
  description: string;
  amount: string | null;
  currency: string | null;
  startsOn: string;
  endsOn: string | null;
  status: CommitmentStatus;
  createdAt: string;
  recordIndex: number | null;
}

function commitmentQuery(db: Db) {
  return db
    .selectFrom('support_commitment as c')
    .innerJoin('organization as f', 'f.id', 'c.from_id')
    .innerJoin('organization as t', 't.id', 'c.to_id')
    .select([
      'c.id',
      'c.alliance_id',
      'c.from_id',
      'f.slug as from_slug',
      'c.to_id',
      't.slug as to_slug',
      'c.form',
      'c.recipient',
      'c.description',
      'c.amount',
      'c.currency',
      'c.starts_on',
      'c.ends_on',
      'c.status',
      'c.created_at',
      'c.record_index',
    ]);
}

type RawCommitment = Awaited<ReturnType<ReturnType<typeof commitmentQuery>['executeTakeFirstOrThrow']>>;

function commitmentRow(r: RawCommitment): CommitmentRow {
  return {
    id: toIndex(r.id),
    allianceId: toIndex(r.alliance_id),
    fromId: toIndex(r.from_id),
    from: r.from_slug,
    toId: toIndex(r.to_id),
    to: r.to_slug,
    form: r.form,
    recipient: r.recipient,
    description: r.description,
    amount: r.amount,
    currency: r.currency,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    status: r.status,
    createdAt: r.created_at,
    recordIndex: r.record_index === null ? null : toIndex(r.record_index),
  };
}

/** Commitment `id` of the alliance (locked FOR UPDATE on PostgreSQL); 'not_found' otherwise. */
export async function loadCommitment(db: Db, alliance: AllianceRow, id: number, lock = false): Promise<CommitmentRow> {
  if (!Number.isSafeInteger(id) || id < 1) throw new UserError(`a commitment is named by its number, a whole number from 1; got ${String(id)}`);
  let q = commitmentQuery(db).where('c.id', '=', id).where('c.alliance_id', '=', alliance.id);
  if (lock) q = q.forUpdate('c');
  const r = await q.executeTakeFirst();
  if (r === undefined) throw new UserError(`${alliance.slug} has no support commitment ${id}: list them with \`daylight support list ${alliance.slug}\``, 'not_found');
  return commitmentRow(r);
}

function recordOf(c: CommitmentRow, alliance: string, event: 'made' | 'ended', status: CommitmentStatus, endsOn: string | null) {
  return {
    alliance,
    commitment: c.id,
    event,
    from: c.from,
    to: c.to,
    form: c.form,
    recipient: c.recipient,
    description: c.description,
    amount: c.amount,
    currency: c.currency,
    startsOn: c.startsOn,
    endsOn,
    status,
    reason: null,
  };
}

// ---------------------------------------------------------------- make

export interface CommitmentInput {
  alliance: string;
  from: string;
  to: string;
  form: string;
  recipient: string;
  description: string;
  /** decimal text, with currency; both or neither */
  amount?: string;
  currency?: string;
  startsOn: string;
  endsOn?: string;
}

export interface CommitmentMade {
  alliance: string;
  id: number;
  from: string;
  to: string;
  form: SupportForm;
  recipient: Recipient;
  amount: string | null;
  currency: string | null;
  startsOn: string;
  endsOn: string | null;
  status: CommitmentStatus;
  index: number;
}

export async function makeCommitment(ctx: Ctx, actor: Actor, input: CommitmentInput): Promise<CommitmentMade> {
  const form = checkForm(input.form);
  const recipient = checkRecipient(input.recipient);
  const description = checkLine(input.description, 'description', MAX_DESCRIPTION);
  if ((input.amount === undefined) !== (input.currency === undefined)) {
    throw new UserError('give an amount and its currency together (such as --amount 1200.50 --currency EUR), or neither');
  }
  const money = input.amount === undefined ? null : checkAmount(input.amount, input.currency);
  const startsOn = checkDate(input.startsOn, 'startsOn');
  const endsOn = input.endsOn === undefined ? null : checkDate(input.endsOn, 'endsOn');
  if (endsOn !== null && endsOn < startsOn) throw new UserError(`endsOn ${endsOn} is before startsOn ${startsOn}: a commitment ends on or after it starts`);
  const at = ctx.now();
  return unitOfWork(ctx, async (trx, append) => {
    const alliance = await lockAlliance(trx, ctx.dialect, input.alliance);
    const parties = await currentParties(trx, alliance.id);
    const from = partyOf(parties, input.from, alliance, 'from');
    const to = partyOf(parties, input.to, alliance, 'to');
    if (from.id === to.id) throw new UserError(`${from.slug} cannot commit support to itself: support abroad goes from one party to another (--to)`);
    await requireOrgRole(trx, actor, from.id, from.slug, ['admin', 'delegate']);
    const amount = money === null ? null : formatMoney(money);
    const currency = money === null ? null : money.currency;
    const inserted = await trx
      .insertInto('support_commitment')
      .values({
        alliance_id: alliance.id,
        from_id: from.id,
        to_id: to.id,
        form,
        recipient,
        description,
        amount,
        currency,
        starts_on: startsOn,
        ends_on: endsOn,
        status: 'active',
        created_at: at.toISOString(),
        record_index: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = toIndex(inserted.id);
    const row: CommitmentRow = {
      id,
      allianceId: alliance.id,
      fromId: from.id,
      from: from.slug,
      toId: to.id,
      to: to.slug,
      form,
      recipient,
      description,
      amount,
      currency,
      startsOn,
      endsOn,
      status: 'active',
      createdAt: at.toISOString(),
      recordIndex: null,
    };
    const [appended] = await append([commitmentRecord(at, recordOf(row, alliance.slug, 'made', 'active', endsOn))]);
    await trx.updateTable('support_commitment').set({ record_index: appended!.index }).where('id', '=', id).execute();
    return { alliance: alliance.slug, id, from: from.slug, to: to.slug, form, recipient, amount, currency, startsOn, endsOn, status: 'active' as const, index: appended!.index };
  });
}

function partyOf(parties: { id: number; slug: string }[], slug: unknown, alliance: AllianceRow, field: 'from' | 'to'): { id: number; slug: string } {
  const p = parties.find((x) => x.slug === slug);
  if (p === undefined) {
    throw new UserError(`${field}: "${String(slug).slice(0, 63)}" is not a current party of ${alliance.slug} (parties: ${parties.map((x) => x.slug).join(', ')})`, 'not_found');
  }
  return p;
}

/** Why a commitment takes no transaction (or cannot be ended), or null when it can. */
function closedReason(c: CommitmentRow, alliance: string, doing: string): string | null {
  switch (c.status) {
    case 'active':
      return null;
    case 'paused':
      return `commitment ${c.id} is paused by the corrective phase of ${c.to}: ${doing} waits until ${alliance}'s parties restore ${c.to} or the plan says otherwise`;
    case 'stopped':
      return `commitment ${c.id} was stopped by the exit protocol (support to ${c.to}'s ${c.recipient} ends on disengagement): ${doing} is refused`;
    case 'ended':
      return `commitment ${c.id} has ended${c.endsOn ? ` on ${c.endsOn}` : ''}: ${doing} is refused; make a new commitment instead`;
  }
}

// ---------------------------------------------------------------- transactions

export interface TransactionInput {
  alliance: string;
  commitment: number;
  occurredOn: string;
  amount: string;
  currency: string;
  /** true: the source is public and `source` names it; false: it is not, and `source` (if any) stays private */
  sourceDisclosed: boolean;
  source?: string;
  receipt: boolean;
}

export interface TransactionRecorded {
  alliance: string;
  commitment: number;
  id: number;
  occurredOn: string;
  amount: string;
  currency: string;
  sourceDisclosed: boolean;
  receipt: boolean;
  index: number;
  /** standing transitions of the receiving party when an undisclosed transaction tripped a test */
  transitions: Transition[];
}

export async function recordTransaction(ctx: Ctx, actor: Actor, input: TransactionInput): Promise<TransactionRecorded> {
  const money = checkAmount(input.amount, input.currency);
  const occurredOn = checkDate(input.occurredOn, 'occurredOn');
  checkNotFuture(occurredOn, 'occurredOn', ctx.now());
  if (typeof input.sourceDisclosed !== 'boolean') throw new UserError('say whether the source of the money is disclosed: sourceDisclosed true or false');
  if (typeof input.receipt !== 'boolean') throw new UserError('say whether the receiving party acknowledged receipt: receipt true or false');
  const source = checkLine(input.source, 'source', MAX_SOURCE, input.sourceDisclosed);
  const at = ctx.now();
  return unitOfWork(ctx, async (trx, append) => {
    const alliance = await lockAlliance(trx, ctx.dialect, input.alliance);
    const c = await loadCommitment(trx, alliance, input.commitment, ctx.dialect === 'postgres');
    await requireOrgRole(trx, actor, c.fromId, c.from, ['admin', 'delegate']);
    const closed = closedReason(c, alliance.slug, 'a new transaction');
    if (closed !== null) throw new UserError(closed, 'conflict');
    if (c.currency !== null && c.currency !== money.currency) {
      throw new UserError(`commitment ${c.id} is in ${c.currency}: record its transactions in ${c.currency}, not ${money.currency} (amounts in different currencies are never summed)`);
    }
    if (occurredOn < c.startsOn) throw new UserError(`occurredOn ${occurredOn} is before commitment ${c.id} starts (${c.startsOn})`);
    if (c.endsOn !== null && occurredOn > c.endsOn) throw new UserError(`occurredOn ${occurredOn} is after commitment ${c.id} ends (${c.endsOn})`);
    const amount = formatMoney(money);
    const inserted = await trx
      .insertInto('support_transaction')
      .values({
        commitment_id: c.id,
        occurred_on: occurredOn,
        amount,
        currency: money.currency,
        source_disclosed: input.sourceDisclosed ? 1 : 0,
        // PRIVATE when undisclosed: kept for the parties' own books, never read back out.
        source: source === '' ? null : source,
        receipt: input.receipt ? 1 : 0,
        recorded_at: at.toISOString(),
        record_index: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = toIndex(inserted.id);
    const [appended] = await append([
      transactionRecord(at, {
        alliance: alliance.slug,
        commitment: c.id,
        transaction: id,
        occurredOn,
        amount,
        currency: money.currency,
        sourceDisclosed: input.sourceDisclosed,
        source: input.sourceDisclosed ? source : null,
        receipt: input.receipt,
      }),
    ]);
    await trx.updateTable('support_transaction').set({ record_index: appended!.index }).where('id', '=', id).execute();
    // Funding transparency reads the ledger itself: an undisclosed source is an observation.
    const observed = input.sourceDisclosed
      ? { transitions: [] }
      : await observeUndisclosedTransaction(trx, append, alliance, { id: c.toId, slug: c.to }, { transaction: id, occurredOn, amount, currency: money.currency }, at);
    return { alliance: alliance.slug, commitment: c.id, id, occurredOn, amount, currency: money.currency, sourceDisclosed: input.sourceDisclosed, receipt: input.receipt, index: appended!.index, transitions: observed.transitions };
  });
}

// ---------------------------------------------------------------- end

export async function endCommitment(
  ctx: Ctx,
  actor: Actor,
  input: { alliance: string; commitment: number; endsOn?: string },
): Promise<{ alliance: string; id: number; endsOn: string; status: 'ended'; index: number }> {
  const requested = input.endsOn === undefined ? null : checkDate(input.endsOn, 'endsOn');
  const at = ctx.now();
  return unitOfWork(ctx, async (trx, append) => {
    const alliance = await lockAlliance(trx, ctx.dialect, input.alliance);
    const c = await loadCommitment(trx, alliance, input.commitment, ctx.dialect === 'postgres');
    await requireOrgRole(trx, actor, c.fromId, c.from, ['admin', 'delegate']);
    // A paused commitment may still be ended by its giver: ending is the giver's own choice.
    if (c.status === 'stopped' || c.status === 'ended') throw new UserError(closedReason(c, alliance.slug, 'ending it again')!, 'conflict');
    const endsOn = requested ?? today(at);
    if (endsOn < c.startsOn) throw new UserError(`endsOn ${endsOn} is before commitment ${c.id} starts (${c.startsOn})`);
    if (c.endsOn !== null && endsOn > c.endsOn) throw new UserError(`commitment ${c.id} already ends on ${c.endsOn}: end it on that date or earlier`);
    await trx.updateTable('support_commitment').set({ status: 'ended', ends_on: endsOn }).where('id', '=', c.id).execute();
    const [appended] = await append([commitmentRecord(at, recordOf(c, alliance.slug, 'ended', 'ended', endsOn))]);
    await trx.updateTable('support_commitment').set({ record_index: appended!.index }).where('id', '=', c.id).execute();
    return { alliance: alliance.slug, id: c.id, endsOn, status: 'ended' as const, index: appended!.index };
  });
}

// ---------------------------------------------------------------- reading

/** A total in one currency: never a sum across currencies. */
export interface CurrencyTotal {
  currency: string;
  amount: string;
  transactions: number;
}

export interface TransactionView {
  id: number;
  occurredOn: string;
  amount: string;
  currency: string;
  sourceDisclosed: boolean;
  /** only when disclosed: an undisclosed source is private and never leaves the database */
  source: string | null;
  receipt: boolean;
  recordedAt: string;
  index: number | null;
}

export interface CommitmentView {
  id: number;
  from: string;
  to: string;
  form: SupportForm;
  recipient: Recipient;
  description: string;
  amount: string | null;
  currency: string | null;
  startsOn: string;
  endsOn: string | null;
  status: CommitmentStatus;
  createdAt: string;
  index: number | null;
  transactions: TransactionView[];
  totals: CurrencyTotal[];
}

export interface SupportList {
  alliance: string;
  commitments: CommitmentView[];
  /** over every commitment, one line per currency */
  totals: CurrencyTotal[];
}

interface TxRow {
  id: number;
  commitmentId: number;
  occurredOn: string;
  amount: string;
  currency: string;
  sourceDisclosed: boolean;
  source: string | null;
  receipt: boolean;
  recordedAt: string;
  index: number | null;
}

async function transactionsOf(db: Db, commitmentIds: number[]): Promise<TxRow[]> {
  if (commitmentIds.length === 0) return [];
  const rows = await db
    .selectFrom('support_transaction')
    .select(['id', 'commitment_id', 'occurred_on', 'amount', 'currency', 'source_disclosed', 'source', 'receipt', 'recorded_at', 'record_index'])
    .where('commitment_id', 'in', commitmentIds)
    .orderBy('occurred_on')
    .orderBy('id')
    .execute();
  return rows.map((r) => {
    const disclosed = Number(r.source_disclosed) === 1;
    return {
      id: toIndex(r.id),
      commitmentId: toIndex(r.commitment_id),
      occurredOn: r.occurred_on,
      amount: r.amount,
      currency: r.currency,
      sourceDisclosed: disclosed,
      // The private line: an undisclosed source is dropped here, at the first read.
      source: disclosed ? r.source : null,
      receipt: Number(r.receipt) === 1,
      recordedAt: r.recorded_at,
      index: r.record_index === null ? null : toIndex(r.record_index),
    };
  });
}

/** One total per currency, currencies in alphabetical order; each sum is sumMoney over one currency. */
export function totalsByCurrency(txs: readonly { amount: string; currency: string }[]): CurrencyTotal[] {
  const by = new Map<string, Money[]>();
  for (const t of txs) {
    const list = by.get(t.currency) ?? [];
    list.push(parseMoney(t.amount, t.currency));
    by.set(t.currency, list);
  }
  return [...by.keys()].sort().map((currency) => ({ currency, amount: formatMoney(sumMoney(by.get(currency)!, currency)), transactions: by.get(currency)!.length }));
}

export async function listSupport(ctx: Ctx, alliance: string): Promise<SupportList> {
  const a = await findAlliance(ctx.db, alliance);
  const rows = (await commitmentQuery(ctx.db).where('c.alliance_id', '=', a.id).orderBy('f.slug').orderBy('t.slug').orderBy('c.id').execute()).map(commitmentRow);
  const txs = await transactionsOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  const commitments = rows.map((c): CommitmentView => {
    const mine = txs.filter((t) => t.commitmentId === c.id);
    return {
      id: c.id,
      from: c.from,
      to: c.to,
      form: c.form as SupportForm,
      recipient: c.recipient,
      description: c.description,
      amount: c.amount,
      currency: c.currency,
      startsOn: c.startsOn,
      endsOn: c.endsOn,
      status: c.status,
      createdAt: c.createdAt,
      index: c.recordIndex,
      transactions: mine.map(({ commitmentId: _c, ...t }) => t),
      totals: totalsByCurrency(mine),
    };
  });
  return { alliance: a.slug, commitments, totals: totalsByCurrency(txs) };
}

export interface SupportFlow {
  from: string;
  to: string;
  form: SupportForm;
  recipient: Recipient;
  status: CommitmentStatus;
  commitments: number;
  transactions: number;
  totals: CurrencyTotal[];
}

/**
 * The alliance's support as flows: per (from, to, form, recipient, status), how many commitments
 * and transactions, and the money per currency. For the alliance's health page.
 */
export async function supportFlows(db: Db, allianceId: number): Promise<SupportFlow[]> {
  const rows = (await commitmentQuery(db).where('c.alliance_id', '=', allianceId).orderBy('c.id').execute()).map(commitmentRow);
  const txs = await transactionsOf(
    db,
    rows.map((r) => r.id),
  );
  const flows = new Map<string, { flow: Omit<SupportFlow, 'totals' | 'transactions'>; txs: TxRow[] }>();
  for (const c of rows) {
    const key = [c.from, c.to, c.form, c.recipient, c.status].join('\u0000');
    let f = flows.get(key);
    if (f === undefined) {
      f = { flow: { from: c.from, to: c.to, form: c.form as SupportForm, recipient: c.recipient, status: c.status, commitments: 0 }, txs: [] };
      flows.set(key, f);
    }
    f.flow.commitments++;
    f.txs.push(...txs.filter((t) => t.commitmentId === c.id));
  }
  return [...flows.values()]
    .map(({ flow, txs: list }) => ({ ...flow, transactions: list.length, totals: totalsByCurrency(list) }))
    .sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to) || a.form.localeCompare(b.form) || a.recipient.localeCompare(b.recipient) || a.status.localeCompare(b.status));
}

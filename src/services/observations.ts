/**
 * Observations and the thresholds they are read against (issue 5 §1–2). "By pre-agreeing on
 * triggers, you avoid the paralysis of ad hoc moral debate": recording a value is enough — the
 * same transaction evaluates every test of the ratified covenant for that party, and a tripped
 * test opens the corrective phase by itself (standing.ts carries it out). While a party is
 * warned, benchmarks that carry a threshold are read the same way and count as met when they hold.
 *
 * One observation is one record (its public part: value, date, source; the evidence only when
 * the observer chose to publish it). A CSV import is one unit of work: every row is checked
 * first, and a file with any bad row is refused whole, each bad row named by its line.
 *
 * `watchAlliances` is the schedule's half: days-since indicators trip as time passes, so the
 * server's scheduler and `daylight tick` evaluate every party again (and run deadlines).
 */
import type { ExpressionBuilder, Transaction } from 'kysely';
import type { Ctx } from './context.js';
import { UserError } from './context.js';
import type { Actor } from './actor.js';
import type { Database } from '../store/schema.js';
import { unitOfWork, type Append } from './unit-of-work.js';
import { toIndex } from '../store/log.js';
import { observationRecord } from '../domain/public.js';
import { parseCsv, CsvError } from '../domain/csv.js';
import { formatMoney, parseMoney, MoneyError } from '../domain/money.js';
import { cycles as lunarCycles, type Cycle } from '../domain/audit/index.js';
import type { Covenant, Indicator } from '../domain/covenant/index.js';
import {
  evaluateBenchmarks,
  evaluateCovenant,
  tripEvent,
  WarningInputError,
  type Observation,
  type TestEvaluation,
  type BenchmarkEvaluation,
} from '../domain/warning/index.js';
import { prepareSeries } from '../domain/warning/series.js';
import { currentParty, findAlliance, lockAlliance, type AllianceRow } from './alliances.js';
import { requirePartyActor, storedCovenant } from './covenants.js';
import { ratifiedVersion } from './renewals.js';
import { checkLine } from './organizations.js';
import { advance, loadStanding, type Advanced, type Party } from './standing.js';

type Trx = Transaction<Database>;
type Db = Trx | Ctx['db'];

export const MAX_SOURCE = 200;
export const MAX_EVIDENCE = 4000;
export const MAX_IMPORT_ROWS = 10_000;
const DATE_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z)?$/;

export type Via = 'web' | 'cli' | 'api' | 'csv' | 'ledger';

export interface ObservationInput {
  alliance: string;
  party: string;
  indicator: string;
  /** YYYY-MM-DD or an ISO instant in UTC ("…Z") */
  at: string;
  /** decimal text; true/false (or "true"/"false") for yes-no; the event's date for days-since */
  value: string | boolean;
  currency?: string | null;
  /** public: where the figure comes from */
  source: string;
  /** private unless publishEvidence */
  evidence?: string | null;
  publishEvidence?: boolean;
}

export interface Transition {
  party: string;
  event: string;
  from: string;
  to: string;
  reason: string;
  index: number;
}

export interface ObservationResult {
  alliance: string;
  party: string;
  observation: number;
  index: number;
  indicator: string;
  at: string;
  value: string;
  currency: string | null;
  /** the party's tests that tripped now */
  tripped: { principle: string; indicator: string; threshold: string; severity: string; reason: string }[];
  transitions: Transition[];
}

interface Checked {
  party: Party;
  indicator: Indicator;
  at: string;
  value: string;
  currency: string | null;
  source: string;
  evidence: string;
  publishEvidence: boolean;
}

/** The covenant in force: the ratified version's. */
export async function covenantInForce(db: Db, alliance: AllianceRow): Promise<Covenant> {
  return storedCovenant((await ratifiedVersion(db, alliance)).body);
}

/** The covenant in force, or null while none is ratified. */
export async function covenantInForceOrNull(db: Db, alliance: AllianceRow): Promise<Covenant | null> {
  return covenantInForce(db, alliance).catch((e: unknown) => (e instanceof UserError ? null : Promise.reject(e)));
}

/** Checks one observation against the covenant; throws UserError naming the field. */
function check(covenant: Covenant, party: Party, input: ObservationInput, now: Date): Checked {
  const indicator = covenant.indicators.find((i) => i.id === input.indicator);
  if (indicator === undefined)
    throw new UserError(`unknown indicator "${String(input.indicator).slice(0, 63)}": the covenant defines ${covenant.indicators.map((i) => i.id).join(', ')}`);
  if (typeof input.at !== 'string' || !DATE_OR_INSTANT.test(input.at) || Number.isNaN(Date.parse(input.at)))
    throw new UserError(`date "${String(input.at).slice(0, 40)}": write YYYY-MM-DD or a UTC instant such as 2027-03-01T12:00:00Z`);
  if (Date.parse(input.at) > now.getTime()) throw new UserError(`date ${input.at} is in the future: record an observation once it is made`);
  let value: string | boolean = input.value;
  if (indicator.kind === 'yes-no' && typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (v === 'true' || v === 'yes') value = true;
    else if (v === 'false' || v === 'no') value = false;
  }
  if (typeof value === 'string') value = value.trim();
  let currency: string | null = null;
  if (indicator.kind === 'amount') {
    currency = typeof input.currency === 'string' && input.currency !== '' ? input.currency : (indicator.currency ?? null);
    if (currency !== indicator.currency)
      throw new UserError(`${indicator.id} is counted in ${indicator.currency}, not ${currency}: amounts in two currencies are never compared; convert at the source and say so`);
    try {
      value = formatMoney(parseMoney(String(value), currency));
    } catch (e) {
      if (e instanceof MoneyError) throw new UserError(`value: ${e.message}`);
      throw e;
    }
  } else if (input.currency != null && input.currency !== '') {
    throw new UserError(`${indicator.id} is a ${indicator.kind} indicator: it has no currency; remove it`);
  }
  const observation: Observation = currency === null ? { at: input.at, value } : { at: input.at, value, currency };
  try {
    prepareSeries({ id: indicator.id, kind: indicator.kind, ...(indicator.currency ? { currency: indicator.currency } : {}) }, [observation]);
  } catch (e) {
    if (e instanceof WarningInputError) throw new UserError(e.message.replace(/^observation 1 of /, ''));
    throw e;
  }
  const source = checkLine(input.source, 'source', MAX_SOURCE);
  const evidence = input.evidence == null ? '' : String(input.evidence);
  if (evidence.length > MAX_EVIDENCE) throw new UserError(`evidence: at most ${MAX_EVIDENCE} characters`);
  if (/[\u0000-\u0008\u000B-\u001F\u007F]/.test(evidence)) throw new UserError('evidence: control characters other than tab and newline are not allowed');
  const publishEvidence = input.publishEvidence === true;
  if (publishEvidence && evidence === '') throw new UserError('publish evidence: there is no evidence to publish');
  return { party, indicator, at: input.at, value: String(value), currency, source, evidence, publishEvidence };
}

async function insert(trx: Trx, append: Append, alliance: AllianceRow, c: Checked, via: Via, at: Date): Promise<{ id: number; index: number }> {
  const row = await trx
    .insertInto('observation')
    .values({
      alliance_id: alliance.id,
      organization_id: c.party.id,
      indicator: c.indicator.id,
      observed_at: c.at,
      value: c.value,
      currency: c.currency,
      source: c.source,
      evidence: c.evidence,
      evidence_public: c.publishEvidence ? 1 : 0,
      via,
      recorded_at: at.toISOString(),
      record_index: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = toIndex(row.id);
  const [rec] = await append([
    observationRecord(at, {
      alliance: alliance.slug,
      party: c.party.slug,
      observation: id,
      indicator: c.indicator.id,
      observedAt: c.at,
      value: c.value,
      currency: c.currency,
      source: c.source,
      evidence: c.publishEvidence ? c.evidence : null,
    }),
  ]);
  await trx.updateTable('observation').set({ record_index: rec!.index }).where('id', '=', id).execute();
  return { id, index: rec!.index };
}

/** Records one observation and runs the party's thresholds on it, in one transaction. */
export async function recordObservation(ctx: Ctx, actor: Actor, input: ObservationInput, via: Via = 'cli'): Promise<ObservationResult> {
  const at = ctx.now();
  return unitOfWork(ctx, async (trx, append) => {
    const alliance = await lockAlliance(trx, ctx.dialect, input.alliance);
    await requirePartyActor(trx, actor, alliance);
    const covenant = await covenantInForce(trx, alliance);
    const party = await currentParty(trx, alliance, input.party, 'the party the observation is about');
    const c = check(covenant, party, input, at);
    const { id, index } = await insert(trx, append, alliance, c, via, at);
    const { tripped, transitions } = await evaluateParty(trx, append, alliance, covenant, party, at);
    return {
      alliance: alliance.slug,
      party: party.slug,
      observation: id,
      index,
      indicator: c.indicator.id,
      at: c.at,
      value: c.value,
      currency: c.currency,
      tripped: tripped.map(trippedView),
      transitions,
    };
  });
}

// ---------------------------------------------------------------- the support ledger's own observations

/**
 * Called by the support ledger inside its transaction when a party receives money whose source
 * is not disclosed: each indicator fed by 'undisclosed-transactions' in the same currency
 * observes the amount on the day it moved, and the party's thresholds are read at once. An
 * amount in another currency is never compared with the indicator's: nothing is observed.
 */
export async function observeUndisclosedTransaction(
  trx: Trx,
  append: Append,
  alliance: AllianceRow,
  party: Party,
  t: { transaction: number; occurredOn: string; amount: string; currency: string },
  at: Date,
): Promise<{ observations: number[]; transitions: Transition[] }> {
  const covenant = await covenantInForceOrNull(trx, alliance);
  if (covenant === null) return { observations: [], transitions: [] };
  const fed = covenant.indicators.filter((i) => i.fedBy === 'undisclosed-transactions' && i.currency === t.currency);
  if (fed.length === 0) return { observations: [], transitions: [] };
  const observations: number[] = [];
  for (const indicator of fed) {
    const c = check(covenant, party, { alliance: alliance.slug, party: party.slug, indicator: indicator.id, at: t.occurredOn, value: t.amount, currency: t.currency, source: `support ledger: transaction ${t.transaction}, source undisclosed` }, at);
    observations.push((await insert(trx, append, alliance, c, 'ledger', at)).id);
  }
  const { transitions } = await evaluateParty(trx, append, alliance, covenant, party, at);
  return { observations, transitions };
}

// ---------------------------------------------------------------- CSV import

export const CSV_COLUMNS = ['party', 'indicator', 'at', 'value', 'currency', 'source', 'evidence'] as const;
const REQUIRED_COLUMNS = ['party', 'indicator', 'at', 'value', 'source'] as const;

/** A refused import: every bad row with its line and reason; nothing was stored. */
export class ImportRefused extends UserError {
  constructor(readonly problems: { line: number; reason: string }[]) {
    super(
      `${problems.length} bad ${problems.length === 1 ? 'row' : 'rows'}, nothing imported — ${problems
        .slice(0, 20)
        .map((p) => `line ${p.line}: ${p.reason}`)
        .join('; ')}${problems.length > 20 ? `; and ${problems.length - 20} more` : ''}`,
    );
    this.name = 'ImportRefused';
  }
}

export interface ImportResult {
  alliance: string;
  imported: number;
  first: number | null;
  last: number | null;
  tripped: ObservationResult['tripped'];
  transitions: Transition[];
}

/**
 * Imports observations from CSV with a header row naming columns among party, indicator, at,
 * value, currency, source, evidence (any order; currency and evidence optional). Evidence from a
 * file stays private. All or nothing.
 */
export async function importObservations(ctx: Ctx, actor: Actor, input: { alliance: string; csv: string }): Promise<ImportResult> {
  const at = ctx.now();
  let rows;
  try {
    rows = parseCsv(input.csv).filter((r) => !(r.fields.length === 1 && r.fields[0] === ''));
  } catch (e) {
    if (e instanceof CsvError) throw new ImportRefused([{ line: e.line, reason: e.message.replace(/^line \d+: /, '') }]);
    throw e;
  }
  const header = rows.shift();
  if (header === undefined) throw new UserError(`the CSV is empty: give a header row (${CSV_COLUMNS.join(',')}) and one row per observation`);
  const columns = header.fields.map((f) => f.trim().toLowerCase());
  const unknown = columns.filter((c) => !(CSV_COLUMNS as readonly string[]).includes(c));
  if (unknown.length > 0) throw new ImportRefused([{ line: header.line, reason: `unknown column "${unknown[0]!.slice(0, 40)}": use ${CSV_COLUMNS.join(', ')}` }]);
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) throw new ImportRefused([{ line: header.line, reason: `missing column ${missing.join(', ')}: the header needs ${REQUIRED_COLUMNS.join(', ')}` }]);
  if (new Set(columns).size !== columns.length) throw new ImportRefused([{ line: header.line, reason: 'a column is named twice' }]);
  if (rows.length === 0) throw new UserError('the CSV has a header but no rows: nothing to import');
  if (rows.length > MAX_IMPORT_ROWS) throw new UserError(`at most ${MAX_IMPORT_ROWS} rows per import, got ${rows.length}: split the file`);

  return unitOfWork(ctx, async (trx, append) => {
    const alliance = await lockAlliance(trx, ctx.dialect, input.alliance);
    await requirePartyActor(trx, actor, alliance);
    const covenant = await covenantInForce(trx, alliance);
    const problems: { line: number; reason: string }[] = [];
    const checked: Checked[] = [];
    const parties = new Map<string, Party | UserError>();
    for (const r of rows) {
      if (r.fields.length !== columns.length) {
        problems.push({ line: r.line, reason: `${r.fields.length} fields where the header has ${columns.length}` });
        continue;
      }
      const get = (name: string) => {
        const i = columns.indexOf(name);
        return i < 0 ? undefined : r.fields[i];
      };
      try {
        const slug = get('party') ?? '';
        if (!parties.has(slug)) parties.set(slug, await currentParty(trx, alliance, slug, 'the party the observation is about').catch((e: unknown) => (e instanceof UserError ? e : Promise.reject(e))));
        const party = parties.get(slug)!;
        if (party instanceof UserError) throw party;
        checked.push(
          check(covenant, party, { alliance: alliance.slug, party: slug, indicator: get('indicator') ?? '', at: get('at') ?? '', value: get('value') ?? '', currency: get('currency') ?? null, source: get('source') ?? '', evidence: get('evidence') ?? null }, at),
        );
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        problems.push({ line: r.line, reason: e.message });
      }
    }
    if (problems.length > 0) throw new ImportRefused(problems);
    const ids: number[] = [];
    for (const c of checked) ids.push((await insert(trx, append, alliance, c, 'csv', at)).id);
    const tripped: ObservationResult['tripped'] = [];
    const transitions: Transition[] = [];
    const touched = [...new Map(checked.map((c) => [c.party.id, c.party])).values()];
    for (const party of touched) {
      const r = await evaluateParty(trx, append, alliance, covenant, party, at);
      tripped.push(...r.tripped.map(trippedView));
      transitions.push(...r.transitions);
    }
    return { alliance: alliance.slug, imported: ids.length, first: ids[0] ?? null, last: ids.at(-1) ?? null, tripped, transitions };
  });
}

// ---------------------------------------------------------------- evaluation

/** A party's observations by indicator, as the domain reads them. */
export async function observationsOf(db: Db, allianceId: number, partyId: number, indicators?: readonly string[]): Promise<Record<string, Observation[]>> {
  // `indicators`: only those the covenant in force defines (an amended covenant may drop some)
  if (indicators !== undefined && indicators.length === 0) return {};
  let q = db.selectFrom('observation').select(['indicator', 'observed_at', 'value', 'currency']).where('alliance_id', '=', allianceId).where('organization_id', '=', partyId);
  if (indicators !== undefined) q = q.where('indicator', 'in', [...indicators]);
  return byIndicator(await q.orderBy('id').execute());
}

/**
 * Only the observations that can still matter at a reading whose cycles start on `since`
 * (YYYY-MM-DD): every one from that day on, and for each indicator those of the two latest days
 * before it — the value in force when a window opens, and the one before that, which a reading's
 * `approaching` compares with. Evaluating these gives exactly what evaluating the whole series
 * gives (test/services/observations-bounded.test.ts), while the scheduler reads a few rows per
 * indicator instead of years of them.
 */
export async function recentObservationsOf(db: Db, allianceId: number, partyId: number, since: string, indicators: readonly string[]): Promise<Record<string, Observation[]>> {
  // Every statement is a set of index seeks on (alliance, party, indicator, observed_at), one
  // per indicator, so the cost does not grow with the years of history behind `since`.
  const series = (eb: ExpressionBuilder<Database, 'observation'>, indicator: string) =>
    eb.and([eb('alliance_id', '=', allianceId), eb('organization_id', '=', partyId), eb('indicator', '=', indicator)]);
  const latestBefore = async (bounds: [string, string][]): Promise<Map<string, string>> => {
    if (bounds.length === 0) return new Map();
    const row = await db
      .selectNoFrom((eb) =>
        bounds.map(([indicator, day], k) =>
          eb
            .selectFrom('observation')
            .select((e) => e.fn.max('observed_at').as('m'))
            .where((e) => e.and([series(e, indicator), e('observed_at', '<', day)]))
            .as(`m${k}`),
        ),
      )
      .executeTakeFirstOrThrow();
    const values = row as Record<string, unknown>;
    return new Map(bounds.flatMap(([indicator], k) => (values[`m${k}`] == null ? [] : [[indicator, String(values[`m${k}`]).slice(0, 10)] as [string, string]])));
  };
  const day1 = await latestBefore(indicators.map((i) => [i, since]));
  const day2 = await latestBefore([...day1]);
  if (indicators.length === 0) return {};
  const range = (indicator: string) =>
    db
      .selectFrom('observation')
      .select(['id', 'indicator', 'observed_at', 'value', 'currency'])
      .where((e) => e.and([series(e, indicator), e('observed_at', '>=', day2.get(indicator) ?? day1.get(indicator) ?? since)]));
  const rows = await indicators
    .slice(1)
    .reduce((q, indicator) => q.unionAll(range(indicator)), range(indicators[0]!))
    .execute();
  rows.sort((x, y) => toIndex(x.id) - toIndex(y.id));
  return byIndicator(rows);
}

function byIndicator(rows: { indicator: string; observed_at: string; value: string; currency: string | null }[]): Record<string, Observation[]> {
  const out: Record<string, Observation[]> = {};
  for (const r of rows) {
    const value: string | boolean = r.value === 'true' ? true : r.value === 'false' ? false : r.value;
    (out[r.indicator] ??= []).push(r.currency === null ? { at: r.observed_at, value } : { at: r.observed_at, value, currency: r.currency });
  }
  return out;
}

/** The audit cycles a change-over-window test needs around `now`, in the covenant's rhythm. */
export function cyclesAround(covenant: Covenant, now: Date, back?: number): Cycle[] {
  const windows = covenant.principles.flatMap((p) => p.tests.map((t) => t.threshold?.changeOverWindow?.cycles ?? 0));
  const k = back ?? Math.max(1, ...windows);
  const span = covenant.audit.rhythm === 'lunar' ? 30 : 92;
  const day = 86_400_000;
  return lunarCycles({ rhythm: covenant.audit.rhythm, from: new Date(now.getTime() - (k + 2) * span * day), to: new Date(now.getTime() + span * day) });
}

export interface PartyEvaluation {
  tests: TestEvaluation[];
  benchmarks: BenchmarkEvaluation[];
}

/** Every test and benchmark of the covenant read for one party at `now` (nothing written). */
export async function readParty(db: Db, alliance: AllianceRow, covenant: Covenant, party: Party, now: Date): Promise<PartyEvaluation> {
  const cycles = cyclesAround(covenant, now);
  const since = cycles[0]!.start.slice(0, 10);
  const observations = await recentObservationsOf(db, alliance.id, party.id, since, covenant.indicators.map((i) => i.id));
  const input = { covenant, observations, now, cycles };
  return { tests: evaluateCovenant(input), benchmarks: evaluateBenchmarks(input) };
}

/**
 * Evaluates the party's tests at `at` and sends each tripped one to the state machine (a breach
 * already recorded changes nothing); while warned, a benchmark whose condition holds is met.
 */
export async function evaluateParty(
  trx: Trx,
  append: Append,
  alliance: AllianceRow,
  covenant: Covenant,
  party: Party,
  at: Date,
): Promise<{ tripped: TestEvaluation[]; transitions: Transition[] }> {
  const { tests, benchmarks } = await readParty(trx, alliance, covenant, party, at);
  const tripped = tests.filter((t) => t.evaluation.tripped);
  const transitions: Transition[] = [];
  const push = (a: Advanced, event: string) => {
    if (a.index !== null) transitions.push({ party: party.slug, event, from: a.from, to: a.to, reason: a.reason, index: a.index });
  };
  for (const t of tripped) {
    const state = await loadStanding(trx, alliance.id, party);
    if (state.standing === 'disengaged') break;
    const event = tripEvent(t)!;
    push(await advance(trx, append, { alliance, covenant, party, event, at, observation: await observationIndex(trx, alliance.id, party.id, t) }), 'trip');
  }
  const state = await loadStanding(trx, alliance.id, party);
  if (state.standing === 'warned' && at.getTime() < Date.parse(state.windowEnds)) {
    for (const b of benchmarks) {
      const s = state.benchmarks.find((x) => x.id === b.benchmark);
      if (b.met !== true || s === undefined || s.metAt !== null) continue;
      push(await advance(trx, append, { alliance, covenant, party, event: { kind: 'benchmark-met', benchmark: b.benchmark }, at, evidence: b.evaluation?.reason ?? null }), 'benchmark-met');
    }
  }
  return { tripped, transitions };
}

/** The record index of the observation a tripped test rests on (the latest matching one). */
async function observationIndex(db: Db, allianceId: number, partyId: number, t: TestEvaluation): Promise<number | null> {
  const o = t.evaluation.observation;
  if (o === null) return null;
  const r = await db
    .selectFrom('observation')
    .select('record_index')
    .where('alliance_id', '=', allianceId)
    .where('organization_id', '=', partyId)
    .where('indicator', '=', t.indicator)
    .where('observed_at', '=', o.at)
    .where('value', '=', String(o.value))
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.record_index == null ? null : toIndex(r.record_index);
}

function trippedView(t: TestEvaluation) {
  return { principle: t.principle, indicator: t.indicator, threshold: t.evaluation.threshold, severity: t.severity, reason: t.evaluation.reason };
}

// ---------------------------------------------------------------- reading

export interface ObservationView {
  id: number;
  party: string;
  indicator: string;
  at: string;
  value: string;
  currency: string | null;
  source: string;
  /** only when published */
  evidence: string | null;
  recordedAt: string;
  index: number | null;
}

/** The public part of an alliance's observations, newest first (optionally one party's). */
export async function listObservations(ctx: Ctx, alliance: string, opts: { party?: string; indicator?: string; limit?: number } = {}): Promise<ObservationView[]> {
  const a = await findAlliance(ctx.db, alliance);
  let q = ctx.db
    .selectFrom('observation')
    .innerJoin('organization', 'organization.id', 'observation.organization_id')
    .select(['observation.id', 'organization.slug', 'indicator', 'observed_at', 'value', 'currency', 'source', 'evidence', 'evidence_public', 'recorded_at', 'record_index'])
    .where('observation.alliance_id', '=', a.id);
  if (opts.party !== undefined) q = q.where('organization.slug', '=', opts.party);
  if (opts.indicator !== undefined) q = q.where('indicator', '=', opts.indicator);
  const rows = await q.orderBy('observation.id', 'desc').limit(Math.min(opts.limit ?? 1000, 10_000)).execute();
  return rows.map((r) => ({
    id: toIndex(r.id),
    party: r.slug,
    indicator: r.indicator,
    at: r.observed_at,
    value: r.value,
    currency: r.currency,
    source: r.source,
    evidence: r.evidence_public === 1 ? r.evidence : null,
    recordedAt: r.recorded_at,
    index: r.record_index === null ? null : toIndex(r.record_index),
  }));
}

// ---------------------------------------------------------------- the schedule

/**
 * Evaluates every party of every active alliance with a ratified covenant as of ctx.now():
 * time-based trips (days-since) and benchmarks; each party in its own unit of work under the
 * alliance's lock, so a crash or a concurrent tick repeats nothing (a repeated trip is a no-op).
 */
export async function watchAlliances(ctx: Ctx): Promise<Transition[]> {
  const at = ctx.now();
  const out: Transition[] = [];
  const alliances = await ctx.db.selectFrom('alliance').select('slug').where('status', '=', 'active').orderBy('slug').execute();
  for (const { slug } of alliances) {
    const a = await findAlliance(ctx.db, slug);
    const covenant = await covenantInForceOrNull(ctx.db, a);
    if (covenant === null) continue;
    const parties = await ctx.db
      .selectFrom('alliance_party')
      .innerJoin('organization', 'organization.id', 'alliance_party.organization_id')
      .select(['organization.id', 'organization.slug'])
      .where('alliance_party.alliance_id', '=', a.id)
      .where('alliance_party.left_at', 'is', null)
      .orderBy('organization.slug')
      .execute();
    for (const p of parties) {
      const party = { id: toIndex(p.id), slug: p.slug };
      const r = await unitOfWork(ctx, async (trx, append) => {
        const alliance = await lockAlliance(trx, ctx.dialect, slug);
        return evaluateParty(trx, append, alliance, covenant, party, at);
      });
      out.push(...r.transitions);
    }
  }
  return out;
}

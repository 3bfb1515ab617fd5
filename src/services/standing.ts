/**
 * A party's standing, persisted (issue 5 §3). The state machine is pure (domain/warning/
 * standing.ts); this module is the one place that runs it against the database: it loads the
 * party's state, asks `transition`, and carries out every effect in the caller's transaction —
 *
 *   record-breach        (in the record)
 *   open-tasks           corrective_task rows, one per corrective action
 *   close-tasks          closes the party's open tasks
 *   pause-support        commitments TO the party in the listed forms: active → paused
 *   resume-support       paused → active (after disengagement: only support to the people)
 *   execute-reallocation support to the leadership in plan.stop: → stopped; support to the
 *                        people in plan.continue: → active (it continues, paused or not)
 *   publish-warning, -dismissal, -restoration, -disengagement, record-benchmark  (in the record)
 *
 * — then stores the new state, mirrors its name into alliance_party.standing, writes the
 * transition row and appends one `standing` record with every effect, plus a `commitment`
 * record for each commitment whose status changed. Open proposals the new state makes moot
 * (opened before it began) become void, each with a `decision` record. A repeated trip (a breach
 * already recorded) changes nothing and writes nothing.
 *
 * Callers hold the alliance lock (lockAlliance) so two writers never interleave on one party.
 */
import type { Transaction } from 'kysely';
import type { Database, StandingValue } from '../store/schema.js';
import type { Append } from './unit-of-work.js';
import { UserError } from './context.js';
import { toIndex } from '../store/log.js';
import { commitmentRecord, decisionRecord, standingRecord, type PublicRecord, type StandingEffect } from '../domain/public.js';
import { checkState, initialStanding, transition, type Effect, type StandingEvent, type StandingState } from '../domain/warning/index.js';
import type { Covenant } from '../domain/covenant/index.js';
import type { AllianceRow } from './alliances.js';
// Lessons (issue 5 §6): a disengagement drafts its case study by itself, in the same transaction.
import { draftOnDisengagement } from './lessons.js';

type Trx = Transaction<Database>;
type Db = Trx | import('kysely').Kysely<Database>;

export interface Party {
  id: number;
  slug: string;
}

/** The party's stored state, or good standing when nothing ever happened to it. */
export async function loadStanding(db: Db, allianceId: number, party: Party): Promise<StandingState> {
  const row = await db.selectFrom('standing').select('state').where('alliance_id', '=', allianceId).where('organization_id', '=', party.id).executeTakeFirst();
  if (row === undefined) return initialStanding(party.slug);
  const state = JSON.parse(row.state) as StandingState;
  const bad = checkState(state);
  // Only transition() writes states, and it returns well-formed ones: a bad row is a bug.
  if (bad !== null) throw new Error(`stored standing of ${party.slug} is malformed: ${bad}`);
  return state;
}

export interface Advanced {
  from: StandingValue;
  to: StandingValue;
  reason: string;
  state: StandingState;
  effects: Effect[];
  /** the `standing` record's log index; null when nothing changed (a repeated trip) */
  index: number | null;
}

export interface AdvanceInput {
  alliance: AllianceRow;
  covenant: Covenant;
  party: Party;
  event: StandingEvent;
  at: Date;
  /** the observation record whose value tripped a test */
  observation?: number | null;
  /** the proposal whose adoption this is */
  proposal?: number | null;
  /** evidence offered for a benchmark: PRIVATE, kept in the transition row only */
  evidence?: string | null;
}

/**
 * Runs one event through the party's state machine and carries out its effects. A refusal
 * throws UserError('conflict') with the machine's one-line reason, before anything is written.
 */
export async function advance(trx: Trx, append: Append, input: AdvanceInput): Promise<Advanced> {
  const { alliance, covenant, party, event, at } = input;
  const state = await loadStanding(trx, alliance.id, party);
  const result = transition(state, event, covenant, at);
  if ('error' in result) throw new UserError(result.error, 'conflict');
  const { next, effects, reason } = result;
  if (effects.length === 0) return { from: state.standing, to: next.standing, reason, state: next, effects, index: null };

  const iso = at.toISOString();
  const records: PublicRecord[] = [];
  const publicEffects: StandingEffect[] = [];
  const disengaging = effects.some((e) => e.kind === 'execute-reallocation');
  for (const e of effects) publicEffects.push(await carryOut(trx, alliance, party, e, iso, records, disengaging));

  await trx
    .insertInto('standing')
    .values({ alliance_id: alliance.id, organization_id: party.id, state: JSON.stringify(next), updated_at: iso })
    .onConflict((oc) => oc.columns(['alliance_id', 'organization_id']).doUpdateSet({ state: JSON.stringify(next), updated_at: iso }))
    .execute();
  await trx.updateTable('alliance_party').set({ standing: next.standing }).where('alliance_id', '=', alliance.id).where('organization_id', '=', party.id).execute();

  const fields = {
    alliance: alliance.slug,
    party: party.slug,
    event: event.kind,
    from: state.standing,
    to: next.standing,
    reason,
    observation: input.observation ?? null,
    proposal: input.proposal ?? null,
    effects: publicEffects,
  };
  const rec = standingRecord(at, fields);
  if (next.standing !== state.standing) records.push(...(await voidMootProposals(trx, alliance, party, covenant, at)));
  const appended = await append([rec, ...records]);
  const index = appended[0]!.index;
  // Each commitment now points at the record of its latest status, as when it was made.
  for (const [i, r] of records.entries())
    if (r.type === 'commitment') await trx.updateTable('support_commitment').set({ record_index: appended[i + 1]!.index }).where('id', '=', r.commitment as number).execute();
  await trx
    .insertInto('standing_transition')
    .values({
      alliance_id: alliance.id,
      organization_id: party.id,
      at: iso,
      event: event.kind,
      from_standing: state.standing,
      to_standing: next.standing,
      reason,
      detail: JSON.stringify(rec),
      evidence: input.evidence ?? null,
      record_index: index,
    })
    .execute();
  // lessons.ts: the case-study draft, assembled now that the disengagement's own row is written.
  if (next.standing === 'disengaged' && state.standing !== 'disengaged') await draftOnDisengagement(trx, append, alliance, party, at);
  return { from: state.standing, to: next.standing, reason, state: next, effects, index };
}

async function carryOut(trx: Trx, alliance: AllianceRow, party: Party, e: Effect, iso: string, records: PublicRecord[], disengaging: boolean): Promise<StandingEffect> {
  switch (e.kind) {
    case 'record-breach': {
      const b = e.breach;
      return { kind: e.kind, principle: b.principle, indicator: b.indicator, severity: b.severity, threshold: b.threshold, observation: b.observation, reason: b.reason };
    }
    case 'open-tasks':
      if (e.actions.length > 0)
        await trx
          .insertInto('corrective_task')
          .values(e.actions.map((action) => ({ alliance_id: alliance.id, organization_id: party.id, action, opened_at: iso, closed_at: null })))
          .execute();
      return { kind: e.kind, actions: e.actions };
    case 'close-tasks':
      await trx
        .updateTable('corrective_task')
        .set({ closed_at: iso })
        .where('alliance_id', '=', alliance.id)
        .where('organization_id', '=', party.id)
        .where('closed_at', 'is', null)
        .execute();
      return { kind: e.kind, actions: e.actions };
    case 'pause-support': {
      const ids = await setStatus(trx, alliance, party, { forms: e.forms, from: ['active'], to: 'paused', event: 'paused', reason: `corrective phase of ${party.slug}` }, iso, records);
      return { kind: e.kind, forms: e.forms, commitments: ids };
    }
    case 'resume-support': {
      // On disengagement only support to the people resumes: the plan decides the rest.
      const ids = await setStatus(
        trx,
        alliance,
        party,
        { forms: e.forms, from: ['paused'], to: 'active', event: 'resumed', reason: `corrective phase of ${party.slug} closed`, recipient: disengaging ? 'people' : undefined },
        iso,
        records,
      );
      return { kind: e.kind, forms: e.forms, commitments: ids };
    }
    case 'execute-reallocation': {
      const p = e.plan;
      const stopped = await setStatus(
        trx,
        alliance,
        party,
        { forms: p.stop, from: ['active', 'paused'], to: 'stopped', event: 'stopped', reason: `reallocation plan: ${party.slug} disengaged`, recipient: 'leadership' },
        iso,
        records,
      );
      const continued = await setStatus(
        trx,
        alliance,
        party,
        { forms: p.continue, from: ['active', 'paused'], to: 'active', event: 'continued', reason: `reallocation plan: support to the people of ${party.slug} continues`, recipient: 'people' },
        iso,
        records,
      );
      return { kind: e.kind, stop: p.stop, continue: p.continue, stopped, continued, toPeople: p.toPeople, toLeadership: p.toLeadership, moveTo: p.moveTo };
    }
    case 'publish-warning': {
      const w = e.warning;
      return {
        kind: e.kind,
        issuedAt: w.issuedAt,
        windowDays: w.windowDays,
        windowEnds: w.windowEnds,
        breaches: w.breaches,
        benchmarks: w.benchmarks.map((b) => b.id),
        contains: w.contains,
      };
    }
    case 'record-benchmark':
      return { kind: e.kind, benchmark: e.benchmark, at: e.at };
    case 'publish-dismissal':
    case 'publish-restoration':
      return { kind: e.kind, at: e.at };
    case 'publish-disengagement':
      return { kind: e.kind, at: e.at, immediate: e.immediate };
  }
}

interface StatusChange {
  forms: readonly string[];
  from: readonly ('active' | 'paused')[];
  to: 'active' | 'paused' | 'stopped';
  event: 'paused' | 'resumed' | 'stopped' | 'continued';
  reason: string;
  recipient?: 'people' | 'leadership' | undefined;
}

/** Moves the party's received commitments in `forms` between statuses; a record for each. */
async function setStatus(trx: Trx, alliance: AllianceRow, party: Party, c: StatusChange, iso: string, records: PublicRecord[]): Promise<number[]> {
  if (c.forms.length === 0) return [];
  let q = trx
    .selectFrom('support_commitment as c')
    .innerJoin('organization as f', 'f.id', 'c.from_id')
    .select(['c.id', 'c.form', 'c.recipient', 'c.description', 'c.amount', 'c.currency', 'c.starts_on', 'c.ends_on', 'c.status', 'f.slug as from'])
    .where('c.alliance_id', '=', alliance.id)
    .where('c.to_id', '=', party.id)
    .where('c.form', 'in', [...c.forms])
    .where('c.status', 'in', [...c.from]);
  if (c.recipient !== undefined) q = q.where('c.recipient', '=', c.recipient);
  const rows = await q.orderBy('c.id').execute();
  const ids: number[] = [];
  const at = new Date(iso);
  for (const r of rows) {
    const id = toIndex(r.id);
    ids.push(id);
    if (r.status !== c.to) await trx.updateTable('support_commitment').set({ status: c.to }).where('id', '=', id).execute();
    records.push(
      commitmentRecord(at, {
        alliance: alliance.slug,
        commitment: id,
        event: c.event,
        from: r.from,
        to: party.slug,
        form: r.form,
        recipient: r.recipient,
        description: r.description,
        amount: r.amount,
        currency: r.currency,
        startsOn: r.starts_on,
        endsOn: r.ends_on,
        status: c.to,
        reason: c.reason,
      }),
    );
  }
  return ids;
}

/** Open proposals on the party opened before its new state began can no longer pass: void. */
async function voidMootProposals(trx: Trx, alliance: AllianceRow, party: Party, covenant: Covenant, at: Date): Promise<PublicRecord[]> {
  const open = await trx
    .selectFrom('proposal')
    .leftJoin('organization as o', 'o.id', 'proposal.opened_by')
    .select(['proposal.id', 'proposal.decision', 'o.slug as openedBy'])
    .where('proposal.alliance_id', '=', alliance.id)
    .where('proposal.organization_id', '=', party.id)
    .where('proposal.status', '=', 'open')
    .execute();
  const out: PublicRecord[] = [];
  for (const p of open) {
    const reason = `${party.slug}'s standing changed before the decision was taken`;
    await trx.updateTable('proposal').set({ status: 'void', closed_at: at.toISOString(), reason }).where('id', '=', toIndex(p.id)).execute();
    out.push(
      decisionRecord(at, {
        alliance: alliance.slug,
        party: party.slug,
        proposal: toIndex(p.id),
        decision: p.decision,
        status: 'void',
        openedBy: p.openedBy ?? null,
        rule: covenant.exit.decisionRule.kind,
        tally: null,
        reason,
      }),
    );
  }
  return out;
}

// ---------------------------------------------------------------- reading

export interface StandingView {
  party: string;
  state: StandingState;
  openTasks: { action: string; openedAt: string }[];
}

/** Every current party's standing in the alliance, with its open corrective tasks. */
export async function standingsOf(db: Db, allianceId: number): Promise<StandingView[]> {
  const parties = await db
    .selectFrom('alliance_party')
    .innerJoin('organization', 'organization.id', 'alliance_party.organization_id')
    .select(['organization.id', 'organization.slug'])
    .where('alliance_party.alliance_id', '=', allianceId)
    .orderBy('organization.slug')
    .execute();
  const tasks = await db
    .selectFrom('corrective_task')
    .select(['organization_id', 'action', 'opened_at'])
    .where('alliance_id', '=', allianceId)
    .where('closed_at', 'is', null)
    .orderBy('id')
    .execute();
  const out: StandingView[] = [];
  for (const p of parties) {
    const id = toIndex(p.id);
    out.push({
      party: p.slug,
      state: await loadStanding(db, allianceId, { id, slug: p.slug }),
      openTasks: tasks.filter((t) => toIndex(t.organization_id) === id).map((t) => ({ action: t.action, openedAt: t.opened_at })),
    });
  }
  return out;
}

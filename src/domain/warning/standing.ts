/**
 * The standing state machine (issue 5 §3; the essay's corrective phase and pre-agreed exit
 * protocol): good → review → warned → restored, or disengaged. Pure: the covenant in force and
 * the instant `now` are arguments; the result says what to record and do, the services do it.
 *
 *   transition(state, event, covenant, now) → { next, effects, reason, tally? } | { error }
 *
 * States (STANDINGS in domain/standing.ts; each state carries what its next steps need):
 *   good        no open matter (the initial state; `since` null until the first transition)
 *   review      corrective phase: the breaches that tripped it, the support forms paused
 *               (covenant.corrective.pauseForms) and the corrective actions opened as tasks
 *   warned      a formal public warning: the corrective window [warnedAt, windowEnds) with
 *               windowEnds = warnedAt + correctiveWindowDays × 86 400 000 ms, and each benchmark
 *               of covenant.exit.benchmarks with the instant it was met (or null)
 *   restored    full solidarity restored after a warning (behaves as good for new trips)
 *   disengaged  final under this covenant; `warned` and `immediate` say how it came about, and
 *               one of them is always true (invariant, property-tested)
 *
 * Events and the transitions they allow (anything else is refused with a one-line reason and
 * changes nothing):
 *   trip (a test tripped: its principle, indicator, threshold, severity and the observation)
 *     good | restored  → review      record the breach, open tasks, pause the listed forms
 *     review | warned  → same        record the breach; a breach already recorded (same principle,
 *                                    indicator and threshold) changes nothing and has no effects,
 *                                    so a scheduler may send the same trip again
 *     red line, covenant.exit.redLineImmediate: from good, restored, review or warned
 *                      → disengaged  at once, without a warning (the covenant's own choice);
 *     without redLineImmediate a red line is a trip like any other (→ review).
 *   decision (warn | dismiss | restore | disengage), adopted by the covenant's rule over the other
 *   parties' votes (decisions.ts); the proposal must be opened no earlier than the state began
 *     review → warned       "warn": publish the warning (breaches, window end, benchmarks);
 *                           refused when the covenant sets no correctiveWindowDays
 *     review → good         "dismiss": close tasks, resume the paused forms
 *     warned → restored     "restore": only with every benchmark met; close tasks, resume forms
 *     warned → disengaged   "disengage": only once the window has ended with a benchmark unmet
 *                           (the same outcome as the deadline, for when people act before the
 *                           scheduler); never from review: "disengagement needs a warning first"
 *   deadline  warned → disengaged   when now ≥ windowEnds and some benchmark is unmet
 *   benchmark-met  warned → warned  a benchmark met before the window ends (its evidence stays
 *                                   with the service); each benchmark once
 *   disengaged refuses every event.
 * Disengagement effects: close tasks; execute the reallocation plan (covenant.exit.reallocation:
 * support to the leadership stops, support to the people continues, moveTo says where the rest
 * goes); resume paused forms that the plan continues; publish the disengagement. Forms the plan
 * names neither way stay as they were.
 * Time never runs backwards: `now` before the state's `since` is refused.
 */
import {
  CORRECTIVE_ACTIONS,
  SEVERITIES,
  SUPPORT_FORMS,
  type Benchmark,
  type CorrectiveAction,
  type Covenant,
  type Severity,
  type SupportForm,
  type Text,
} from '../covenant/index.js';
import { STANDINGS } from '../standing.js';
import { tally, type Tally, type Vote } from './decisions.js';
import { WarningInputError } from './errors.js';
import type { Observation } from './series.js';
import type { TestEvaluation } from './thresholds.js';
import { DAY_MS, instantMs, iso } from './time.js';

// ---------------------------------------------------------------- states

export interface Breach {
  principle: string | null;
  indicator: string;
  severity: Severity;
  threshold: string;
  observation: Observation;
  reason: string;
  /** when the trip was registered */
  at: string;
}

export interface BenchmarkStatus {
  id: string;
  metAt: string | null;
}

interface Base {
  party: string;
  /** when the party entered this state; null only for the initial good standing */
  since: string | null;
}

export interface Open {
  breaches: Breach[];
  paused: SupportForm[];
  tasks: CorrectiveAction[];
}

export type StandingState =
  | (Base & { standing: 'good' })
  | (Base & { standing: 'restored' })
  | (Base & Open & { standing: 'review' })
  | (Base & Open & { standing: 'warned'; warnedAt: string; windowEnds: string; benchmarks: BenchmarkStatus[] })
  | (Base & { standing: 'disengaged'; breaches: Breach[]; warned: boolean; immediate: boolean });

export function initialStanding(party: string): StandingState {
  return { party, standing: 'good', since: null };
}

// ---------------------------------------------------------------- events

export interface TripEvent {
  kind: 'trip';
  principle?: string | null;
  indicator: string;
  severity: Severity;
  threshold: string;
  observation: Observation;
  reason: string;
}

export type DecisionKind = 'warn' | 'dismiss' | 'restore' | 'disengage';
export const DECISIONS: readonly DecisionKind[] = ['warn', 'dismiss', 'restore', 'disengage'];

export interface DecisionEvent {
  kind: 'decision';
  decision: DecisionKind;
  /** when the proposal was opened for votes */
  openedAt: string;
  votes: readonly Vote[];
}

export type StandingEvent = TripEvent | DecisionEvent | { kind: 'deadline' } | { kind: 'benchmark-met'; benchmark: string };

/** The trip event for a tripped test (thresholds.ts), or null when it has not tripped. */
export function tripEvent(t: TestEvaluation): TripEvent | null {
  const e = t.evaluation;
  if (!e.tripped || e.observation === null) return null;
  return { kind: 'trip', principle: t.principle, indicator: t.indicator, severity: t.severity, threshold: e.threshold, observation: e.observation, reason: e.reason };
}

// ---------------------------------------------------------------- effects

export interface Warning {
  party: string;
  issuedAt: string;
  windowDays: number;
  windowEnds: string;
  breaches: Breach[];
  benchmarks: Benchmark[];
  /** what the covenant says a warning contains */
  contains: Text;
}

export interface ReallocationPlan {
  party: string;
  /** support to the leadership that stops */
  stop: SupportForm[];
  /** support to the people that continues */
  continue: SupportForm[];
  toPeople: Text | null;
  toLeadership: Text | null;
  moveTo: Text | null;
}

export type Effect =
  | { kind: 'record-breach'; breach: Breach }
  | { kind: 'open-tasks'; actions: CorrectiveAction[] }
  | { kind: 'close-tasks'; actions: CorrectiveAction[] }
  | { kind: 'pause-support'; forms: SupportForm[] }
  | { kind: 'resume-support'; forms: SupportForm[] }
  | { kind: 'publish-warning'; warning: Warning }
  | { kind: 'record-benchmark'; benchmark: string; at: string }
  | { kind: 'publish-dismissal'; at: string }
  | { kind: 'publish-restoration'; at: string; benchmarks: BenchmarkStatus[] }
  | { kind: 'execute-reallocation'; plan: ReallocationPlan }
  | { kind: 'publish-disengagement'; at: string; immediate: boolean; breaches: Breach[] };

export type TransitionResult =
  | { next: StandingState; effects: Effect[]; reason: string; tally?: Tally }
  | { error: string };

// ---------------------------------------------------------------- transition

export function transition(state: StandingState, event: StandingEvent, covenant: Covenant, now: Date | string): TransitionResult {
  try {
    const nowMs = instantMs(now, 'now');
    const bad = checkState(state);
    if (bad !== null) return { error: `state: ${bad}` };
    if (!covenant.parties.includes(state.party)) return { error: `${state.party} is not a party to this covenant` };
    if (state.since !== null && nowMs < Date.parse(state.since))
      return { error: `now (${iso(nowMs)}) is before ${state.party} entered ${state.standing} (${state.since}): time does not run backwards` };
    if (state.standing === 'disengaged')
      return { error: `${state.party} is disengaged, which is final under this covenant: re-admission is a new covenant version signed by every party` };
    const ctx: Ctx = { covenant, nowMs, now: iso(nowMs) };
    switch (event?.kind) {
      case 'trip':
        return onTrip(state, event, ctx);
      case 'decision':
        return onDecision(state, event, ctx);
      case 'deadline':
        return onDeadline(state, ctx);
      case 'benchmark-met':
        return onBenchmark(state, event.benchmark, ctx);
      default:
        return { error: `unknown event "${String((event as { kind?: unknown } | null)?.kind)}": use trip, decision, deadline or benchmark-met` };
    }
  } catch (e) {
    if (e instanceof WarningInputError) return { error: e.message };
    throw e;
  }
}

/** Whether the corrective window has ended with a benchmark unmet: a deadline event is due. */
export function deadlineDue(state: StandingState, now: Date | string): boolean {
  if (state.standing !== 'warned') return false;
  return instantMs(now, 'now') >= Date.parse(state.windowEnds) && state.benchmarks.some((b) => b.metAt === null);
}

interface Ctx {
  covenant: Covenant;
  nowMs: number;
  now: string;
}

type Result = TransitionResult;
type Done = { next: StandingState; effects: Effect[]; reason: string };
type Live = Exclude<StandingState, { standing: 'disengaged' }>;
type Active = Extract<StandingState, { standing: 'review' | 'warned' }>;

function onTrip(state: Live, e: TripEvent, ctx: Ctx): Result {
  const breach = checkTrip(e, ctx.now);
  const redImmediate = breach.severity === 'red-line' && ctx.covenant.exit.redLineImmediate;
  const known = 'breaches' in state && state.breaches.some((b) => sameTest(b, breach));
  if (redImmediate && !known)
    return disengage(state, [breach], ctx, true, `red line tripped (${breach.indicator} ${breach.threshold}) and the covenant makes red lines immediate`);
  if (state.standing === 'review' || state.standing === 'warned') {
    if (known) return { next: state, effects: [], reason: `${breach.indicator} ${breach.threshold} is already recorded as a breach: nothing changes` };
    return { next: { ...state, breaches: [...state.breaches, breach] }, effects: [{ kind: 'record-breach', breach }], reason: `another breach recorded: ${breach.indicator} ${breach.threshold}` };
  }
  const { actions, pauseForms } = ctx.covenant.corrective;
  const effects: Effect[] = [{ kind: 'record-breach', breach }];
  if (actions.length > 0) effects.push({ kind: 'open-tasks', actions: [...actions] });
  if (pauseForms.length > 0) effects.push({ kind: 'pause-support', forms: [...pauseForms] });
  const next: StandingState = { party: state.party, standing: 'review', since: ctx.now, breaches: [breach], paused: [...pauseForms], tasks: [...actions] };
  return { next, effects, reason: `${breach.severity === 'red-line' ? 'red line' : 'test'} tripped (${breach.indicator} ${breach.threshold}): corrective phase opened` };
}

function onDecision(state: StandingState, e: DecisionEvent, ctx: Ctx): Result {
  if (!DECISIONS.includes(e.decision)) return { error: `unknown decision "${String(e.decision).slice(0, 20)}": use ${DECISIONS.join(', ')}` };
  const refusal = decisionRefusal(state, e.decision, ctx);
  if (refusal !== null) return { error: refusal };
  const openedMs = instantMs(e.openedAt, 'openedAt');
  if (state.since !== null && openedMs < Date.parse(state.since))
    return { error: `the proposal was opened (${e.openedAt}) before ${state.party} entered ${state.standing} (${state.since}): open a new one` };
  const t = tally({ rule: ctx.covenant.exit.decisionRule, parties: ctx.covenant.parties, subject: state.party, openedAt: e.openedAt, votes: e.votes, now: ctx.now });
  if (t.status !== 'adopted') return { error: `the decision to ${e.decision} ${state.party} is not adopted: ${t.reason}` };
  const done = apply(state as Active, e.decision, ctx);
  return { ...done, reason: `decision to ${e.decision} adopted (${t.reason}): ${done.reason}`, tally: t };
}

/** Why a decision cannot apply to this state, or null when it can. */
function decisionRefusal(state: StandingState, d: DecisionKind, ctx: Ctx): string | null {
  const p = state.party;
  if (state.standing === 'good' || state.standing === 'restored') return `${p} is in ${state.standing} standing: there is no open matter to ${d}`;
  if (state.standing === 'review') {
    if (d === 'restore') return `${p} is under review, not warned: restoration follows a warning whose benchmarks are met; dismiss the review instead`;
    if (d === 'disengage') return `disengagement needs a warning first: decide to warn ${p}, and the corrective window runs`;
    if (d === 'warn' && ctx.covenant.exit.correctiveWindowDays === undefined) return 'the covenant sets no corrective window (exit.correctiveWindowDays): amend it before warning';
    return null;
  }
  if (state.standing !== 'warned') return `${p} is ${state.standing}`;
  const unmet = state.benchmarks.filter((b) => b.metAt === null).map((b) => b.id);
  if (d === 'warn') return `${p} is already warned, until ${state.windowEnds}`;
  if (d === 'dismiss') return `a warning is not dismissed: ${p} is restored when every benchmark is met, or disengaged when the window ends`;
  if (d === 'restore') return unmet.length === 0 ? null : `restoration needs every benchmark met; unmet: ${unmet.join(', ')}`;
  if (ctx.nowMs < Date.parse(state.windowEnds)) return `the corrective window runs until ${state.windowEnds}: disengagement cannot come before it ends`;
  return unmet.length === 0 ? `every benchmark was met within the window: decide to restore ${p}` : null;
}

function apply(state: Active, d: DecisionKind, ctx: Ctx): Done {
  if (d === 'warn') return warn(state, ctx);
  if (d === 'disengage') return disengage(state, [], ctx, false, 'the corrective window ended with benchmarks unmet');
  const standing = d === 'dismiss' ? 'good' : 'restored';
  const effects: Effect[] = [];
  if (state.tasks.length > 0) effects.push({ kind: 'close-tasks', actions: [...state.tasks] });
  if (state.paused.length > 0) effects.push({ kind: 'resume-support', forms: [...state.paused] });
  if (d === 'dismiss') effects.push({ kind: 'publish-dismissal', at: ctx.now });
  else effects.push({ kind: 'publish-restoration', at: ctx.now, benchmarks: (state as Extract<Active, { standing: 'warned' }>).benchmarks });
  return { next: { party: state.party, standing, since: ctx.now }, effects, reason: d === 'dismiss' ? 'review dismissed, back to good standing' : 'every benchmark met: restored' };
}

function warn(state: Active, ctx: Ctx): Done {
  const exit = ctx.covenant.exit;
  const days = exit.correctiveWindowDays as number;
  const windowEnds = iso(ctx.nowMs + days * DAY_MS);
  const warning: Warning = {
    party: state.party,
    issuedAt: ctx.now,
    windowDays: days,
    windowEnds,
    breaches: state.breaches,
    benchmarks: exit.benchmarks,
    contains: exit.warning.contains,
  };
  const next: StandingState = {
    ...state,
    standing: 'warned',
    since: ctx.now,
    warnedAt: ctx.now,
    windowEnds,
    benchmarks: exit.benchmarks.map((b) => ({ id: b.id, metAt: null })),
  };
  return { next, effects: [{ kind: 'publish-warning', warning }], reason: `warned: ${days}-day corrective window until ${windowEnds}` };
}

function onDeadline(state: StandingState, ctx: Ctx): Result {
  if (state.standing !== 'warned') return { error: `${state.party} is ${state.standing}: no corrective window is open (there is no warning)` };
  if (ctx.nowMs < Date.parse(state.windowEnds)) return { error: `the corrective window runs until ${state.windowEnds}` };
  const unmet = state.benchmarks.filter((b) => b.metAt === null).map((b) => b.id);
  if (unmet.length === 0) return { error: `every benchmark was met within the window: the parties decide to restore ${state.party}` };
  return disengage(state, [], ctx, false, `the corrective window ended on ${state.windowEnds} with benchmarks unmet: ${unmet.join(', ')}`);
}

function onBenchmark(state: StandingState, id: string, ctx: Ctx): Result {
  if (state.standing !== 'warned') return { error: `${state.party} is ${state.standing}: benchmarks count only during a corrective window` };
  if (ctx.nowMs >= Date.parse(state.windowEnds)) return { error: `the corrective window closed on ${state.windowEnds}: a benchmark met later does not count` };
  const b = state.benchmarks.find((x) => x.id === id);
  if (b === undefined) return { error: `unknown benchmark "${String(id).slice(0, 63)}": the warning lists ${state.benchmarks.map((x) => x.id).join(', ') || 'none'}` };
  if (b.metAt !== null) return { error: `benchmark ${id} was already met on ${b.metAt}` };
  const benchmarks = state.benchmarks.map((x) => (x.id === id ? { id, metAt: ctx.now } : x));
  const left = benchmarks.filter((x) => x.metAt === null).length;
  return {
    next: { ...state, benchmarks },
    effects: [{ kind: 'record-benchmark', benchmark: id, at: ctx.now }],
    reason: `benchmark ${id} met; ${left === 0 ? 'every benchmark is met: the parties may decide to restore' : `${left} to go`}`,
  };
}

function disengage(state: Live, added: Breach[], ctx: Ctx, immediate: boolean, why: string): Done {
  const open = 'breaches' in state ? state : null;
  const breaches = [...(open?.breaches ?? []), ...added];
  const r = ctx.covenant.exit.reallocation;
  const plan: ReallocationPlan = {
    party: state.party,
    stop: [...r.toLeadership.stop],
    continue: [...r.toPeople.continue],
    toPeople: r.toPeople.text ?? null,
    toLeadership: r.toLeadership.text ?? null,
    moveTo: r.moveTo ?? null,
  };
  const effects: Effect[] = added.map((breach) => ({ kind: 'record-breach', breach }));
  if (open !== null && open.tasks.length > 0) effects.push({ kind: 'close-tasks', actions: [...open.tasks] });
  effects.push({ kind: 'execute-reallocation', plan });
  const resumed = (open?.paused ?? []).filter((f) => plan.continue.includes(f));
  if (resumed.length > 0) effects.push({ kind: 'resume-support', forms: resumed });
  effects.push({ kind: 'publish-disengagement', at: ctx.now, immediate, breaches });
  const next: StandingState = { party: state.party, standing: 'disengaged', since: ctx.now, breaches, warned: state.standing === 'warned', immediate };
  return { next, effects, reason: `${why}: disengaged` };
}

// ---------------------------------------------------------------- checks

function checkTrip(e: TripEvent, now: string): Breach {
  if (typeof e.indicator !== 'string' || e.indicator === '') throw new WarningInputError('trip: name the indicator that tripped');
  if (!SEVERITIES.includes(e.severity)) throw new WarningInputError(`trip: severity is review or red-line, not "${String(e.severity).slice(0, 20)}"`);
  if (typeof e.threshold !== 'string' || typeof e.reason !== 'string') throw new WarningInputError('trip: give the threshold and the reason as text');
  if (typeof e.observation !== 'object' || e.observation === null || typeof e.observation.at !== 'string')
    throw new WarningInputError('trip: give the observation that tripped it');
  const principle = e.principle ?? null;
  return { principle, indicator: e.indicator, severity: e.severity, threshold: e.threshold, observation: e.observation, reason: e.reason, at: now };
}

function sameTest(a: Breach, b: Breach): boolean {
  return a.principle === b.principle && a.indicator === b.indicator && a.threshold === b.threshold;
}

/** Why a state is malformed, or null when it is well formed (every state transition returns is). */
export function checkState(s: StandingState): string | null {
  if (typeof s !== 'object' || s === null) return 'expected a standing state';
  if (typeof s.party !== 'string' || s.party === '') return 'no party';
  if (!(STANDINGS as readonly string[]).includes(s.standing)) return `unknown standing "${String(s.standing)}"`;
  if (s.since === null) return s.standing === 'good' ? null : `${s.standing} without since`;
  if (!isInstant(s.since)) return 'since is not an instant';
  switch (s.standing) {
    case 'good':
    case 'restored':
      return null;
    case 'review':
      return checkOpen(s);
    case 'warned':
      return checkOpen(s) ?? checkWarned(s);
    case 'disengaged':
      if (!Array.isArray(s.breaches) || s.breaches.length === 0) return 'disengaged without a breach';
      if (typeof s.warned !== 'boolean' || typeof s.immediate !== 'boolean') return 'disengaged without saying how';
      return s.warned || s.immediate ? null : 'disengaged without a warning or an immediate red line';
  }
}

function checkOpen(s: Open): string | null {
  if (!Array.isArray(s.breaches) || s.breaches.length === 0) return 'an open matter without a breach';
  if (!Array.isArray(s.paused) || !s.paused.every((f) => SUPPORT_FORMS.includes(f))) return 'paused forms are not support forms';
  if (!Array.isArray(s.tasks) || !s.tasks.every((a) => CORRECTIVE_ACTIONS.includes(a))) return 'tasks are not corrective actions';
  return null;
}

function checkWarned(s: Extract<StandingState, { standing: 'warned' }>): string | null {
  if (!isInstant(s.warnedAt) || !isInstant(s.windowEnds) || !(Date.parse(s.warnedAt) < Date.parse(s.windowEnds))) return 'a warning without a window';
  if (!Array.isArray(s.benchmarks) || !s.benchmarks.every((b) => typeof b.id === 'string' && (b.metAt === null || isInstant(b.metAt)))) return 'malformed benchmarks';
  return null;
}

function isInstant(v: unknown): v is string {
  return typeof v === 'string' && !Number.isNaN(Date.parse(v));
}

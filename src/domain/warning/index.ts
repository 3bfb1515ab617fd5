/**
 * Early warnings, the corrective phase and the exit protocol, the pure part (issue 5). "By
 * pre-agreeing on triggers, you avoid the paralysis of ad hoc moral debate." No I/O, no clock,
 * no randomness: `now` and the audit cycles are arguments, so every decision can be re-run from
 * what the archive holds. Bad input throws WarningInputError (one line: what is wrong, what to
 * do) — except transition(), which returns refusals as values; any other Error is a bug.
 * Money lives beside it in ../money.ts (parseMoney, formatMoney, addMoney, subtractMoney,
 * compareMoney, sumMoney, ofMinor, minorUnits; MoneyError): bigint minor units, never a float,
 * never two currencies in one sum.
 * Each module's own header holds its definitions and invariants in full.
 *
 * OBSERVATIONS (series.ts)
 *   Observation = { at, value: string | boolean, currency? }   at: YYYY-MM-DD or an ISO instant
 *   count "3" (whole, ≥ 0) · yes-no true/false · days-since: the DATE of the last event (≤ at)
 *   amount "1200.50" + currency = the indicator's (refused otherwise) · share "0.25" (0..1)
 *   The value in force at t is the last observation with at ≤ t (ties: the later listed wins).
 *
 * THRESHOLDS (thresholds.ts, rules.ts)
 *   evaluateTest({ indicator: { id, kind, currency? }, threshold, observations, now, cycles? })
 *     → Evaluation { indicator, threshold: "< 3", tripped, reading, observation, reason, approaching }
 *     reading   { kind: 'level', value, at, currency?, since? }
 *               | { kind: 'change', percent, exact, from: {value, at}, to: {value, at},
 *                   window: { cycles, firstCycle, lastCycle, start } }   (null: nothing to compare)
 *     approaching { margin (how far from tripping, > 0 safe, ≤ 0 at/past; null for = and !=),
 *                   exact, direction: toward | away | steady | null, previous }
 *   Levels compare exactly; days-since = ⌊(now − event) / day⌋, so it trips as time passes.
 *   Change over k cycles: C = the cycle containing now; the window opens at the start of cycle
 *   C.n − k + 1; E = last value before it opened, L = latest value; change = 100·(L − E)/E.
 *   (5 → 3 within 2 cycles is −40%: trips "<= -40".) No E, or E = 0 with L ≠ 0: no trip.
 *   evaluateCovenant({ covenant, observations: { [indicatorId]: Observation[] }, now, cycles? })
 *     → TestEvaluation[] { principle, test (index), indicator, severity, evaluation } for every
 *     complete test; observations for an indicator the covenant does not define are refused
 *   evaluateBenchmarks(same input) → { benchmark, met: boolean | null, evaluation }[]
 *     met = the benchmark's own condition holds; null = only a recorded decision can say
 *
 * DECISIONS (decisions.ts)
 *   tally({ rule, parties, subject, openedAt, votes: { party, choice: for|against|abstain, at }[], now })
 *     → Tally { status: adopted | rejected | pending, eligible, for, against, abstain, silent,
 *               closesAt (consent-by-silence), reason }
 *   Voters are the parties other than the subject; each party's latest vote counts; votes after
 *   now are not counted yet. unanimous: all voted, none against (abstaining stands aside), ≥ 1
 *   for. majority: 2·for > eligible. consent-by-silence: no "against" in [openedAt, openedAt +
 *   days), adopted when the window closes (or everyone voted for).
 *   checkVote(vote, parties, subject) refuses a vote by the subject ("cannot vote on its own
 *   standing") or by a non-party before anything is stored.
 *
 * STANDING (standing.ts) — good → review → warned → restored | disengaged
 *   initialStanding(party) → { party, standing: 'good', since: null }
 *   transition(state, event, covenant, now)
 *     → { next, effects: Effect[], reason, tally? } | { error: one line }
 *   events   { kind: 'trip', principle?, indicator, severity, threshold, observation, reason }
 *            (tripEvent(testEvaluation) makes one from a tripped test)
 *            { kind: 'decision', decision: warn | dismiss | restore | disengage, openedAt, votes }
 *            { kind: 'deadline' }   { kind: 'benchmark-met', benchmark }
 *   allowed  good|restored --trip--> review; review|warned --trip--> same (+breach; a repeat is a
 *            no-op with no effects); red line with exit.redLineImmediate --trip--> disengaged at
 *            once; review --warn--> warned (window = now + correctiveWindowDays); review
 *            --dismiss--> good; warned --benchmark-met--> warned (before the window ends);
 *            warned --restore--> restored (every benchmark met); warned --deadline or
 *            disengage--> disengaged (window ended, a benchmark unmet). Disengaged is final.
 *            Decisions need the covenant's rule adopted over the other parties' votes, on a
 *            proposal opened no earlier than the current state began.
 *   effects  record-breach · open-tasks (corrective actions) · close-tasks · pause-support /
 *            resume-support (forms) · publish-warning { party, issuedAt, windowDays, windowEnds,
 *            breaches, benchmarks, contains } · record-benchmark · publish-dismissal ·
 *            publish-restoration · execute-reallocation { stop (to leadership), continue (to the
 *            people), toPeople, toLeadership, moveTo } · publish-disengagement
 *   deadlineDue(state, now)  true when a deadline event would disengage (for the scheduler)
 *   checkState(state)        why a state is malformed, or null
 *
 * LESSONS (signals.ts)
 *   seriesByCycle(series, cycles) → { readings: { cycle, value, margin, tripped }[], tripCycle }
 *     each test read at the last millisecond of each cycle (for charts and case studies)
 *   missedSignals({ series: { indicator, threshold, observations, principle? }[], cycles,
 *                   ratings: { cycle, dimension, rating (median 0–4), reviewer? }[] }) → Signal[]
 *     approach  moved toward its threshold (margin shrinking) for ≥ 2 consecutive cycles before
 *               the cycle it first tripped in: { indicator, cycles, tripCycle, values, explanation }
 *     concern   a dimension rated below 3 ("concern" or worse) in a cycle where no test had
 *               tripped: { dimension, cycle, rating, reviewer, explanation }
 *
 * LOCAL MIRRORING (mirroring.ts)
 *   localMirroring({ parties, commitments: { id, from, to, start, end? }[],
 *                    actions: { party, at, mirrors? }[], cycles })
 *     → { party, cycle, local, abroad, ratio ("0.5"; null without commitments abroad),
 *         reminder (supports abroad, nothing at home), explanation }[]
 */
export { WarningInputError } from './errors.js';
export { MAX_OBSERVATIONS, type Observation, type IndicatorRef } from './series.js';
export {
  evaluateTest,
  evaluateCovenant,
  evaluateBenchmarks,
  type Evaluation,
  type Reading,
  type Approaching,
  type Direction,
  type TestInput,
  type TestEvaluation,
  type BenchmarkEvaluation,
  type EvaluationInput,
} from './thresholds.js';
export { tally, checkVote, CHOICES, type Vote, type Choice, type Tally, type TallyInput, type TallyStatus, type TallyWhy, type DecisionRule } from './decisions.js';
export {
  transition,
  initialStanding,
  deadlineDue,
  tripEvent,
  checkState,
  DECISIONS,
  type StandingState,
  type StandingEvent,
  type TripEvent,
  type DecisionEvent,
  type DecisionKind,
  type Effect,
  type Breach,
  type BenchmarkStatus,
  type Warning,
  type ReallocationPlan,
  type TransitionResult,
} from './standing.js';
export { missedSignals, seriesByCycle, type Signal, type SignalSeries, type SignalsInput, type DimensionRating, type CycleReading } from './signals.js';
export { localMirroring, type Commitment, type LocalAction, type MirroringInput, type MirroringRow } from './mirroring.js';

/**
 * Early warnings, the corrective phase and the exit protocol: the pure part (issue 5).
 * (API documentation written below once every module is in.)
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
  type CovenantInput,
} from './thresholds.js';
export { tally, checkVote, CHOICES, type Vote, type Choice, type Tally, type TallyInput, type TallyStatus, type DecisionRule } from './decisions.js';
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

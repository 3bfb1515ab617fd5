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

/**
 * Property tests explore new random inputs on every developer run; CI runs them from one fixed
 * seed so that a landing is reproducible (FC_SEED overrides it, e.g. to replay a failure).
 * A counterexample found locally is reported with its seed: add it as a plain test.
 */
import fc from 'fast-check';

const seed = process.env.FC_SEED ?? (process.env.CI ? '20261125' : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });

/**
 * Bad input to a warning function (thresholds, decisions, signals, mirroring): a one-line reason
 * saying what is wrong and what to do. Any other Error thrown here is a bug (a broken invariant).
 * The standing machine returns refusals as values instead (`{ error }`), see standing.ts.
 */
export class WarningInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WarningInputError';
  }
}

/**
 * Bad input to an audit function: a one-line reason saying what is wrong and what to do.
 * A broken invariant inside these modules is a plain Error (a bug), never an AuditInputError.
 */
export class AuditInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditInputError';
  }
}

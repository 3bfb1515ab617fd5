/**
 * What every use case receives. Services are the only writers: each one validates its input,
 * asks the domain, then writes rows and appends public records in one transaction
 * (see unitOfWork in services/unit-of-work.ts).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Signer } from '../ledger/note.js';

export interface Ctx {
  readonly db: Kysely<Database>;
  readonly dialect: 'sqlite' | 'postgres';
  /** The instance's checkpoint signer (from <data>/log.key). */
  readonly logSigner: Signer;
  readonly origin: string;
  readonly verifierKey: string;
  readonly dataDir: string;
  /** Injectable clock: tests pass a fixed or advancing one. */
  readonly now: () => Date;
}

/** A user mistake: the message is one line that says what is wrong and what to do. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly code: 'bad_input' | 'not_found' | 'forbidden' | 'unauthenticated' | 'conflict' = 'bad_input',
  ) {
    super(message);
    this.name = 'UserError';
  }
}

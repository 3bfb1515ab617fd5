/**
 * Errors to exit codes, in one place: 0 success, 1 failure (verification failed, rule
 * violated, something refused), 2 bad usage. A user mistake prints one line, never a stack.
 */
import { UserError } from '../services/context.js';
import { NoteError } from '../ledger/note.js';
import { SourceError } from '../verify/reader.js';

/** Bad usage: a missing or malformed argument. Exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A check that ran and failed (verify, note verify). Its output is already printed. Exit 1. */
export class Failed extends Error {
  constructor(message = '') {
    super(message);
    this.name = 'Failed';
  }
}

export function exitCodeFor(err: unknown): { code: number; message: string } {
  if (err instanceof UsageError) return { code: 2, message: err.message };
  if (err instanceof Failed) return { code: 1, message: err.message };
  if (err instanceof UserError || err instanceof NoteError || err instanceof SourceError) return { code: 1, message: err.message };
  const e = err as NodeJS.ErrnoException & { port?: number };
  if (e && e.code === 'EADDRINUSE') {
    return { code: 1, message: `port ${e.port ?? ''} is already in use: stop the other server or choose another with --port` };
  }
  if (e && e.code === 'EACCES' && e.port !== undefined) {
    return { code: 1, message: `not allowed to listen on port ${e.port}: choose one above 1023 with --port` };
  }
  if (e && typeof e.code === 'string' && typeof e.path === 'string') {
    return { code: 1, message: fileErrorMessage(e) };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 1, message: `internal error: ${message} (run with DAYLIGHT_DEBUG=1 for details)` };
}

function fileErrorMessage(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT':
      return `${e.path}: no such file or directory`;
    case 'EACCES':
    case 'EPERM':
      return `${e.path}: permission denied`;
    case 'EISDIR':
      return `${e.path}: is a directory, expected a file`;
    case 'ENOTDIR':
      return `${e.path}: not a directory`;
    default:
      return `${e.path}: ${e.code}`;
  }
}

/**
 * The one place where errors become HTTP statuses. A UserError's code picks the status and its
 * message (one line, says what to do) may be shown; anything else is a bug: logged on the
 * server with its stack, answered with a bare 500 that reveals nothing.
 */
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { UserError } from '../services/context.js';

export type UserErrorCode = UserError['code'];

const STATUS: Readonly<Record<UserErrorCode, ContentfulStatusCode>> = {
  bad_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
};

export function statusOf(code: UserErrorCode): ContentfulStatusCode {
  return STATUS[code] ?? 400;
}

export interface Classified {
  status: ContentfulStatusCode;
  /** null for a bug: the message must not reach the client */
  message: string | null;
  code: UserErrorCode | null;
}

export function classify(err: unknown): Classified {
  if (err instanceof UserError) return { status: statusOf(err.code), message: oneLine(err.message), code: err.code };
  if (err instanceof HTTPException && err.status < 500) {
    return { status: err.status as ContentfulStatusCode, message: oneLine(err.message || 'bad request'), code: null };
  }
  return { status: 500, message: null, code: null };
}

/** Logs a bug on the server: the stack goes to stderr, never into a response. */
export function reportBug(err: unknown, method: string, path: string): void {
  console.error(`error handling ${method} ${path}:`, err);
}

export function oneLine(text: string): string {
  const line = text.split(/\r?\n/)[0]?.trim() ?? '';
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

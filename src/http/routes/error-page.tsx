/** Translated error pages, for the app's notFound/onError and for middleware refusals. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { UserErrorCode } from '../errors.js';
import { ErrorPage, type ErrorKind } from '../views/error.js';
import { pageInfo, sendPage } from './render.js';

export function errorPage(c: Context, status: ContentfulStatusCode, kind: ErrorKind, detail?: string | null): Response {
  return sendPage(c, <ErrorPage page={pageInfo(c)} kind={kind} detail={detail} />, { status });
}

export function kindOf(code: UserErrorCode | null, status: number): ErrorKind {
  if (code) return code;
  if (status === 404) return 'not_found';
  return status < 500 ? 'bad_input' : 'server';
}

/**
 * The JSON API, /api/v1 (OpenAPI 3.1 at /api/v1/openapi.json). zod schemas validate requests and
 * describe them; every error is {"error": "<one line>"} with the status from http/errors.ts.
 * Authentication is a Bearer token only: no cookies are read here, so cross-site forgery has no
 * ambient credential to ride on and the API sits outside the forms' CSRF check.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ZodError } from 'zod';
import { accountFromApiToken } from '../../services/accounts.js';
import type { Ctx } from '../../services/context.js';
import { classify, reportBug } from '../errors.js';
import { apiAuth } from '../middleware/api-auth.js';
import { registerReadRoutes } from './read-routes.js';
import { registerWriteRoutes } from './write-routes.js';
import { registerAuditRoutes } from './audits.js';
import { registerOrganizationRoutes } from './organization-routes.js';
import { registerCovenantRoutes } from './covenant-routes.js';
import { registerRenewalRoutes } from './renewal-routes.js';
import { registerFeedbackRoutes } from './feedback.js';
import { registerHealthRoutes } from './health-routes.js';
import { registerLessonRoutes } from './lesson-routes.js';
import { registerWarningRoutes } from './warnings.js';
import { registerSupportRoutes } from './support-routes.js';

export function createApi(ctx: Ctx): OpenAPIHono {
  const api = new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) return c.json({ error: zodLine(result.error) }, 400);
    },
  });
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'an API token created on /account',
  });
  api.use(apiAuth({ lookup: (token) => accountFromApiToken(ctx, token) }));
  registerReadRoutes(api, ctx);
  registerWriteRoutes(api, ctx);
  registerAuditRoutes(api, ctx);
  registerOrganizationRoutes(api, ctx);
  registerCovenantRoutes(api, ctx);
  registerRenewalRoutes(api, ctx);
  registerFeedbackRoutes(api, ctx);
  registerHealthRoutes(api, ctx);
  registerLessonRoutes(api, ctx);
  registerWarningRoutes(api, ctx);
  registerSupportRoutes(api, ctx);
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Daylight API',
      version: '1',
      description: 'Publish to and read a Daylight public archive. The archive itself (checkpoint, tiles, documents) is at /archive/.',
    },
    servers: [{ url: '/api/v1' }],
  });
  api.onError((err, c) => apiError(err, c));
  return api;
}

export function apiError(err: unknown, c: Context): Response {
  const { status, message: raw, code } = classify(err);
  const message = rephrase(status, raw);
  if (message === null) reportBug(err, c.req.method, c.req.path);
  const headers: Record<string, string> = code === 'unauthenticated' ? { 'WWW-Authenticate': 'Bearer' } : {};
  return c.json({ error: message ?? 'internal error: the server could not complete the request; try again later' }, status, headers);
}

/** Hono's own refusals of a body, said the way the rest of the API says things. */
function rephrase(status: number, message: string | null): string | null {
  if (status === 415 || (status === 400 && message === 'Malformed JSON in request body')) {
    return 'the body is not a JSON object: send JSON with Content-Type: application/json';
  }
  return message;
}

/** The first zod issue as one line naming its path: "documents.0.mediaType: expected …". */
export function zodLine(error: ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid request';
  const path = issue.path.map(String).join('.');
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return `${path || 'body'}: ${issue.message}${more}`.replace(/\s+/g, ' ');
}

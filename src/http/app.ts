/**
 * The web application: pages (server-rendered, work with JavaScript off), /archive/* (the
 * public archive tree), /api/v1 (JSON, OpenAPI 3.1), /static/daylight.css.
 *
 * Middleware order and why:
 *   requestLog?       outermost, so it sees the final status
 *   keptPages         a kept public scorecard page, sent with the headers of all below (routes/scorecard-cache.ts)
 *   securityHeaders   every response, errors included
 *   compress          pages (text/html) for readers who accept gzip; outside language, so it sees its Vary
 *   language          pages; first, so every refusal below is translated
 *   body limit        page forms; before anything parses a body
 *   sessions, csrf    pages only (the API and archive files never read cookies)
 *   rate limits       the open forms (sign-in, feedback, testimony), after csrf: per target, never per address
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { sessionFromToken } from '../services/accounts.js';
import type { Ctx } from '../services/context.js';
import type {} from './env.js'; // the typed context variables
import { createApi, apiError } from './api/app.js';
import { classify, reportBug } from './errors.js';
import { csrf } from './middleware/csrf.js';
import { language } from './middleware/language.js';
import { timeZone } from './middleware/time-zone.js';
import { rateLimits } from './middleware/rate-limit.js';
import { requestLog } from './middleware/request-log.js';
import { securityHeaders } from './middleware/security-headers.js';
import { sessions } from './middleware/session.js';
import { registerAccountRoutes } from './routes/accounts.js';
import { registerAllianceRoutes } from './routes/alliances.js';
import { registerAuditRoutes } from './routes/audits.js';
import { scorecardPages } from './routes/scorecard-cache.js';
import { registerCovenantRoutes } from './routes/covenants.js';
import { registerOrganizationRoutes } from './routes/organizations.js';
import { registerRenewalRoutes } from './routes/renewals.js';
import { registerWarningRoutes } from './routes/warnings.js';
import { registerLessonRoutes } from './routes/lessons.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerSupportRoutes } from './routes/support.js';
import { registerSetupRoutes } from './routes/setup.js';
import { isArchiveFilePath, registerArchiveFiles } from './routes/archive-files.js';
import { registerPages } from './routes/pages.js';
import { errorPage, kindOf } from './routes/error-page.js';
import { registerStatic } from './routes/static.js';
import { registerTimeZone } from './routes/time-zone.js';
import { registerTwins } from './routes/twins.js';
import { registerOpenData } from './routes/open-data.js';
import { renderWithoutAsyncContext } from './views/render-context.js';

export interface AppOptions {
  /** Mark cookies Secure: set when the instance is reached over HTTPS. */
  secureCookies?: boolean;
  /** Where request lines go (method, path, status, ms); none when absent. */
  log?: (line: string) => void;
}

const MAX_FORM = 64 * 1024;
/** A covenant drafted on the web is one form of up to a few languages of text: it gets more room. */
const MAX_COVENANT_FORM = 4 * 1024 * 1024;
const COVENANT_DRAFT = /^\/alliances\/[^/]+\/covenant\/new$/;
/** A CSV of observations imported from the web form gets the same room. */
const OBSERVATION_IMPORT = /^\/alliances\/[^/]+\/observations\/import$/;

export function createApp(ctx: Ctx, opts: AppOptions = {}): Hono {
  renderWithoutAsyncContext();
  const secure = opts.secureCookies ?? false;
  const app = new Hono();
  if (opts.log) app.use(requestLog(opts.log));
  // The page a whole movement reads at once, answered ahead of everything below (see its file).
  const scorecards = scorecardPages(ctx, { secure });
  app.use(scorecards.keptPages);
  app.use(securityHeaders());
  // Pages go gzip-compressed to readers who ask (issue 6 §5: 30 KB on a slow link); the
  // stylesheet is compressed once in routes/static.ts; archive files stay byte for byte.
  app.use(pagesOnly(compress({ contentTypeFilter: /^text\/html/ })));
  app.use(pagesOnly(language({ secure })));
  app.use(pagesOnly(timeZone({ secure })));
  const formLimit = bodyLimit({ maxSize: MAX_FORM, onError: (c) => errorPage(c, 413, 'bad_input') });
  const covenantLimit = bodyLimit({ maxSize: MAX_COVENANT_FORM, onError: (c) => errorPage(c, 413, 'bad_input') });
  app.use(pagesOnly((c, next) => (COVENANT_DRAFT.test(c.req.path) || OBSERVATION_IMPORT.test(c.req.path) ? covenantLimit(c, next) : formLimit(c, next))));
  app.use(pagesOnly(sessions({ lookup: (token) => sessionFromToken(ctx, token), secure })));
  app.use(pagesOnly(csrf({ secure, onReject: (c) => errorPage(c, 403, 'csrf') })));
  app.use(pagesOnly(rateLimits({ now: ctx.now, onLimit: (c) => errorPage(c, 429, 'rate_limited') })));

  app.route('/api/v1', createApi(ctx));
  registerStatic(app);
  registerTwins(app, ctx); // before the pages: "/alliances/x.json" is a twin, not an alliance slug
  registerOpenData(app, ctx);
  registerPages(app, ctx);
  registerTimeZone(app);
  registerArchiveFiles(app, ctx);
  registerAccountRoutes(app, ctx, { secure });
  registerOrganizationRoutes(app, ctx);
  registerAllianceRoutes(app, ctx);
  registerCovenantRoutes(app, ctx);
  registerRenewalRoutes(app, ctx);
  registerLessonRoutes(app, ctx);
  registerHealthRoutes(app, ctx);
  registerAuditRoutes(app, ctx, scorecards);
  registerWarningRoutes(app, ctx);
  registerSupportRoutes(app, ctx);
  registerSetupRoutes(app, ctx);

  app.notFound((c) => {
    if (isApiPath(c.req.path)) return c.json({ error: `no such endpoint: ${c.req.method} ${c.req.path}; see /api/v1/openapi.json` }, 404);
    if (isArchiveFilePath(c.req.path)) return c.text('not found: no such file in this archive', 404);
    return errorPage(c, 404, 'not_found');
  });
  app.onError((err, c) => {
    if (isApiPath(c.req.path)) return apiError(err, c);
    const { status, message, code } = classify(err);
    if (message === null) reportBug(err, c.req.method, c.req.path);
    if (isArchiveFilePath(c.req.path)) return c.text(message ?? 'internal error', status);
    return errorPage(c, status, kindOf(code, status), message);
  });
  return app;
}

function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/** Middleware for pages only: not the API, archive files or the stylesheet. */
function pagesOnly(mw: MiddlewareHandler): MiddlewareHandler {
  return async function pagesOnlyMiddleware(c, next) {
    const p = c.req.path;
    if (isApiPath(p) || isArchiveFilePath(p) || p.startsWith('/static/')) return next();
    return mw(c, next);
  };
}

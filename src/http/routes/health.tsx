/**
 * The alliance's health page (issue 5 §7): public, read-only, one service call
 * (services/health-views.ts), as the CLI's `daylight health` and the API's
 * GET /api/v1/alliances/{slug}/health read the same object.
 */
import type { Hono } from 'hono';
import type { Ctx } from '../../services/context.js';
import { allianceHealth } from '../../services/health-views.js';
import { HealthPage } from '../views/health.js';
import { pageInfo, sendPage } from './render.js';

export function registerHealthRoutes(app: Hono, ctx: Ctx): void {
  app.get('/alliances/:slug/health', async (c) => sendPage(c, <HealthPage page={pageInfo(c)} health={await allianceHealth(ctx, c.req.param('slug'))} />));
}

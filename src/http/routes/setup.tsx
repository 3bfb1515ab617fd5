/**
 * /setup: the guided setup (issue 6 §2). Signed-in accounts see the checklist, each with the
 * steps they may take linked and the others said in words (services/setup-views.ts reads, the
 * view draws); signed-out readers only an invitation to sign in, since the guide speaks of the
 * instance's accounts, roles and members. Read-only: the page has no form of its own.
 */
import type { Hono } from 'hono';
import type { Ctx } from '../../services/context.js';
import { setupGuide } from '../../services/setup-views.js';
import { SetupPage } from '../views/setup.js';
import { actorOfContext } from './organizations.js';
import { pageInfo, sendPage } from './render.js';

export function registerSetupRoutes(app: Hono, ctx: Ctx): void {
  app.get('/setup', async (c) => {
    const actor = actorOfContext(c);
    const guide = actor === null ? null : await setupGuide(ctx, actor);
    return sendPage(c, <SetupPage page={pageInfo(c)} guide={guide} />);
  });
}

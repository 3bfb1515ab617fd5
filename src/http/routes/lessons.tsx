/**
 * Lessons on the web (issue 5 §6): the alliance's lessons, a draft assembled on demand, one
 * lesson's case study, and — for an admin or delegate of a party, while a draft — the edit form
 * (title, analysis) and the publish button. Plain forms with the CSRF token; the service decides
 * who may, again, when a form is sent.
 */
import type { Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Ctx } from '../../services/context.js';
import { getAlliance } from '../../services/alliances.js';
import { draftLesson, editLesson, getLesson, listLessons, publishLesson } from '../../services/lessons.js';
import { LessonListPage, LessonPage, lessonPath, type LessonForm } from '../views/lesson.js';
import { errorPage } from './error-page.js';
import { partiesActedFor } from './alliances.js';
import { versionParam } from './covenants.js';
import { actorOfContext, attempt, formText, refusalStatus } from './organizations.js';
import { pageInfo, sendPage } from './render.js';

export function registerLessonRoutes(app: Hono, ctx: Ctx): void {
  app.get('/alliances/:slug/lessons', async (c) => listPage(ctx, c, null, 200));

  app.post('/alliances/:slug/lessons', async (c) => {
    const actor = actorOfContext(c);
    if (!actor) return c.redirect('/login', 303);
    const form = await c.req.parseBody();
    const party = formText(form.party).trim();
    const title = formText(form.title).trim();
    const r = await attempt(() => draftLesson(ctx, actor, { alliance: c.req.param('slug'), ...(party ? { party } : {}), ...(title ? { title } : {}) }));
    if (r.ok) return c.redirect(lessonPath(r.value.alliance, r.value.lesson), 303);
    return listPage(ctx, c, r.error.message, refusalStatus(r.error));
  });

  app.get('/alliances/:slug/lessons/:n', async (c) => {
    const n = versionParam(c.req.param('n'));
    if (n === null) return errorPage(c, 404, 'not_found');
    return lessonPage(ctx, c, n, {}, 200);
  });

  app.post('/alliances/:slug/lessons/:n/edit', async (c) => {
    const actor = actorOfContext(c);
    if (!actor) return c.redirect('/login', 303);
    const n = versionParam(c.req.param('n'));
    if (n === null) return errorPage(c, 404, 'not_found');
    const body = await c.req.parseBody();
    const form: LessonForm = { title: formText(body.title), analysis: formText(body.analysis) };
    const r = await attempt(() => editLesson(ctx, actor, { alliance: c.req.param('slug'), lesson: n, title: form.title, analysis: form.analysis }));
    if (r.ok) return c.redirect(`${lessonPath(r.value.alliance, n)}?done=saved`, 303);
    return lessonPage(ctx, c, n, { form, error: r.error.message }, refusalStatus(r.error));
  });

  app.post('/alliances/:slug/lessons/:n/publish', async (c) => {
    const actor = actorOfContext(c);
    if (!actor) return c.redirect('/login', 303);
    const n = versionParam(c.req.param('n'));
    if (n === null) return errorPage(c, 404, 'not_found');
    const r = await attempt(() => publishLesson(ctx, actor, { alliance: c.req.param('slug'), lesson: n }));
    if (r.ok) return c.redirect(`${lessonPath(r.value.alliance, n)}?done=published`, 303);
    return lessonPage(ctx, c, n, { error: r.error.message }, refusalStatus(r.error));
  });
}

async function listPage(ctx: Ctx, c: Context, error: string | null, status: ContentfulStatusCode): Promise<Response> {
  const slug = c.req.param('slug') ?? '';
  const [alliance, lessons] = await Promise.all([getAlliance(ctx, slug), listLessons(ctx, slug)]);
  const parties = alliance.parties.map((p) => p.organization);
  const actedFor = await partiesActedFor(ctx, c, parties);
  const session = c.get('session');
  const csrf = session && actedFor.length > 0 ? session.csrfToken : null;
  return sendPage(c, <LessonListPage page={pageInfo(c)} alliance={alliance} parties={parties} lessons={lessons} csrf={csrf} error={error} />, { status });
}

async function lessonPage(ctx: Ctx, c: Context, n: number, extra: { form?: LessonForm; error?: string }, status: ContentfulStatusCode): Promise<Response> {
  const slug = c.req.param('slug') ?? '';
  const [alliance, lesson] = await Promise.all([getAlliance(ctx, slug), getLesson(ctx, slug, n)]);
  const actedFor = await partiesActedFor(
    ctx,
    c,
    alliance.parties.map((p) => p.organization),
  );
  const session = c.get('session');
  const csrf = session && actedFor.length > 0 && lesson.status === 'draft' ? session.csrfToken : null;
  const { t } = pageInfo(c);
  const done = c.req.query('done');
  const notice = done === 'saved' ? t('lesson.notice.saved') : done === 'published' ? t('lesson.notice.published') : null;
  const page = (
    <LessonPage
      page={pageInfo(c)}
      alliance={alliance}
      lesson={lesson}
      csrf={csrf}
      form={extra.form ?? { title: lesson.title, analysis: lesson.analysis }}
      error={extra.error ?? null}
      notice={notice}
    />
  );
  return sendPage(c, page, { status });
}

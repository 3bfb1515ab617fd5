/**
 * Renewals on the web (issue 3 §8): opening one early (a party's choice; the scheduler opens it
 * at its due time anyway), the renewal page, re-signing (the signing page's pattern), and
 * testimony. A testimony is held back until every party has re-signed; "testify anonymously"
 * sends no pseudonym, and the service stores no name at all.
 */
import type { Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Ctx } from '../../services/context.js';
import { getAlliance } from '../../services/alliances.js';
import { publishedTestimonies, versionSignatures } from '../../services/covenant-views.js';
import { addTestimony, openRenewal, renewalSigningSubject, renewalStatus, submitRenewalSignature } from '../../services/renewals.js';
import { renewalPath } from '../views/covenant-parts.js';
import { RenewalPage, type TestimonyForm } from '../views/renewal.js';
import type { SigningPanelData } from '../views/signatures.js';
import { errorPage } from './error-page.js';
import { alliancePage } from './alliances.js';
import { noteTextFile, uploadedNote, versionParam } from './covenants.js';
import { actorOfContext, attempt, formText, refusalStatus } from './organizations.js';
import { pageInfo, sendPage } from './render.js';

const EMPTY_TESTIMONY: TestimonyForm = { text: '', pseudonym: '', anonymous: false, lang: '' };

export function registerRenewalRoutes(app: Hono, ctx: Ctx): void {
  app.post('/alliances/:slug/renewals', async (c) => {
    const actor = actorOfContext(c);
    if (!actor) return c.redirect('/login', 303);
    const r = await attempt(() => openRenewal(ctx, actor, { alliance: c.req.param('slug') }));
    if (r.ok) return c.redirect(renewalPath(r.value.alliance, r.value.renewal), 303);
    return sendPage(c, await alliancePage(ctx, c, { error: r.error.message }), { status: refusalStatus(r.error) });
  });

  app.get('/alliances/:slug/renewals/:n', async (c) => {
    const n = versionParam(c.req.param('n'));
    if (n === null) return errorPage(c, 404, 'not_found');
    return renewalPage(ctx, c, n, { testimony: { ...EMPTY_TESTIMONY, lang: pageInfo(c).locale }, notice: renewalNotice(c) }, 200);
  });

  app.get('/alliances/:slug/renewals/:n/note.txt', async (c) => {
    const n = versionParam(c.req.param('n'));
    if (n === null) return errorPage(c, 404, 'not_found');
    const s = await renewalSigningSubject(ctx, c.req.param('slug'));
    if (s.renewal !== n) return errorPage(c, 404, 'not_found');
    return noteTextFile(c, s.text, `${s.alliance}-v${s.version}-r${n}.txt`);
  });

  app.post('/alliances/:slug/renewals/:n/sign', async (c) => {
    const actor = actorOfContext(c);
    if (!actor) return c.redirect('/login', 303);
    const n = versionParam(c.req.param('n'));
    if (n === null) return errorPage(c, 404, 'not_found');
    const { note, party } = await uploadedNote(c);
    const r = await attempt(() => submitRenewalSignature(ctx, actor, { alliance: c.req.param('slug'), note, ...(party ? { party } : {}) }));
    if (r.ok) return c.redirect(`${renewalPath(r.value.alliance, r.value.renewal)}?done=${r.value.published ? 'published' : 'signed'}`, 303);
    const signing = { note, party, error: r.error.message };
    return renewalPage(ctx, c, n, { testimony: EMPTY_TESTIMONY, signing }, refusalStatus(r.error));
  });

  app.post('/alliances/:slug/renewals/:n/testimony', async (c) => {
    // No account needed: grassroots members testify too (the CSRF double-submit cookie still guards the form).
    const actor = actorOfContext(c) ?? null;
    const n = versionParam(c.req.param('n'));
    if (n === null) return errorPage(c, 404, 'not_found');
    const slug = c.req.param('slug');
    const status = await renewalStatus(ctx, slug);
    // The service adds to whichever renewal is open: refuse a form sent from an older one.
    if (status.renewals.find((r) => r.number === n)?.status !== 'open') return errorPage(c, 409, 'conflict');
    const form = await c.req.parseBody();
    const testimony: TestimonyForm = {
      text: formText(form.text),
      pseudonym: formText(form.pseudonym),
      anonymous: form.anonymous === '1',
      lang: formText(form.lang),
    };
    const r = await attempt(() =>
      addTestimony(ctx, actor, {
        alliance: slug,
        text: testimony.text,
        // Anonymous means no name at all, whatever was typed in the pseudonym field.
        pseudonym: testimony.anonymous ? null : testimony.pseudonym,
        ...(testimony.lang ? { lang: testimony.lang } : {}),
      }),
    );
    if (r.ok) return c.redirect(`${renewalPath(slug, n)}?done=testified`, 303);
    return renewalPage(ctx, c, n, { testimony, testimonyError: r.error.message }, refusalStatus(r.error));
  });
}

async function renewalPage(
  ctx: Ctx,
  c: Context,
  n: number,
  extra: { testimony: TestimonyForm; testimonyError?: string; notice?: string | null; signing?: Partial<SigningPanelData> },
  status: ContentfulStatusCode,
): Promise<Response> {
  const slug = c.req.param('slug') ?? '';
  const [alliance, renewals] = await Promise.all([getAlliance(ctx, slug), renewalStatus(ctx, slug)]);
  const renewal = renewals.renewals.find((r) => r.number === n);
  if (!renewal || renewals.version === null) return errorPage(c, 404, 'not_found');
  const session = c.get('session');
  const csrf = session ? session.csrfToken : null;
  const parties = [...renewal.signed, ...renewal.missing].sort();
  let signing: SigningPanelData | null = null;
  if (renewal.status === 'open') {
    const subject = await renewalSigningSubject(ctx, slug);
    const here = renewalPath(alliance.slug, n);
    signing = { text: subject.text, action: `${here}/sign`, textUrl: `${here}/note.txt`, csrf, parties, ...extra.signing };
  }
  const [signatures, testimonies] = await Promise.all([versionSignatures(ctx, slug, renewals.version, n), publishedTestimonies(ctx, slug, n)]);
  const page = (
    <RenewalPage
      page={pageInfo(c)}
      alliance={alliance}
      version={renewals.version}
      renewal={renewal}
      parties={parties}
      signatures={signatures}
      signing={signing}
      testimonies={testimonies}
      csrf={csrf}
      testimonyCsrf={renewal.status === 'open' ? c.get('csrfToken')() : null}
      testimony={extra.testimony}
      testimonyError={extra.testimonyError ?? null}
      notice={extra.notice ?? null}
    />
  );
  return sendPage(c, page, { status });
}

function renewalNotice(c: Context): string | null {
  const { t } = pageInfo(c);
  switch (c.req.query('done')) {
    case 'signed':
      return t('renewal.notice.signed');
    case 'published':
      return t('renewal.notice.published');
    case 'testified':
      return t('renewal.notice.testified');
    default:
      return null;
  }
}

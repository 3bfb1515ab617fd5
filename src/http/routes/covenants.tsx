/**
 * Covenant versions on the web (issue 3 §3–§7): draft and amend (YAML in a textarea, with a lint
 * button that saves nothing), a version's page and downloads, the diff of two versions, proposal,
 * and signing — the exact note text, offline instructions, and an upload form; /static/sign.js
 * only adds in-browser signing where WebCrypto has Ed25519. Every write goes through one
 * service call; a refusal comes back on the same page with the service's reason and whatever
 * was typed, and nothing is written (the services refuse before their transaction commits).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Context, Hono } from 'hono';
import type { Ctx } from '../../services/context.js';
import { getAlliance, type AllianceView } from '../../services/alliances.js';
import {
  CovenantProblems,
  diffCovenantVersions,
  draftCovenant,
  getCovenantVersion,
  listCovenantVersions,
  proposeCovenant,
} from '../../services/covenants.js';
import { versionArchive, versionSignatures } from '../../services/covenant-views.js';
import { signingSubject, submitSignature } from '../../services/signatures.js';
import { formatCovenant, lintCovenant, parseCovenant, starterCovenant, type Covenant } from '../../domain/covenant/index.js';
import { DraftPage, type DraftForm } from '../views/covenant-edit.js';
import { DiffPage } from '../views/covenant-diff.js';
import { VersionPage, type VersionPageData } from '../views/covenant-version.js';
import { versionPath } from '../views/covenant-parts.js';
import { SigningPage, type SigningPanelData } from '../views/signatures.js';
import { errorPage } from './error-page.js';
import { partiesActedFor } from './alliances.js';
import { actorOfContext, attempt, formText, refusalStatus } from './organizations.js';
import { pageInfo, sendPage } from './render.js';

export function registerCovenantRoutes(app: Hono, ctx: Ctx): void {
  registerSignScript(app);

  app.get('/alliances/:slug/covenant/new', async (c) => {
    if (!c.get('session')) return c.redirect('/login', 303);
    const alliance = await getAlliance(ctx, c.req.param('slug'));
    const from = versionParam(c.req.query('from'));
    const acted = await partiesActedFor(ctx, c, partySlugs(alliance));
    let covenant: Covenant;
    if (from !== null) covenant = (await getCovenantVersion(ctx, alliance.slug, from)).covenant;
    else covenant = starterCovenant({ parties: partySlugs(alliance) });
    const values: DraftForm = { text: formatCovenant(covenant, 'yaml'), author: acted[0] ?? '', rationale: '', basedOn: from };
    return sendPage(c, draftPage(c, alliance, values, {}));
  });

  app.post('/alliances/:slug/covenant/new', async (c) => {
    const actor = actorOfContext(c);
    if (!actor) return c.redirect('/login', 303);
    const alliance = await getAlliance(ctx, c.req.param('slug'));
    const form = await c.req.parseBody();
    const basedOn = versionParam(formText(form.basedOn));
    const values: DraftForm = { text: formText(form.covenant), author: formText(form.author), rationale: formText(form.rationale), basedOn };
    const parsed = parseCovenant(values.text, 'yaml');
    if (!parsed.ok) return sendPage(c, draftPage(c, alliance, values, { problems: parsed.problems }), { status: 400 });
    if (form.action === 'lint') return sendPage(c, draftPage(c, alliance, values, { findings: lintCovenant(parsed.covenant) }));
    const r = await attempt(() =>
      draftCovenant(ctx, actor, {
        alliance: alliance.slug,
        author: values.author,
        rationale: values.rationale,
        source: { text: values.text, format: 'yaml' },
        ...(basedOn !== null ? { basedOn } : {}),
      }),
    );
    if (r.ok) return c.redirect(`${versionPath(alliance.slug, r.value.version)}?done=drafted`, 303);
    const extra = r.error instanceof CovenantProblems ? { problems: r.error.problems } : { error: r.error.message };
    return sendPage(c, draftPage(c, alliance, values, extra), { status: refusalStatus(r.error) });
  });

  app.get('/alliances/:slug/covenant/diff', async (c) => {
    const slug = c.req.param('slug');
    const alliance = await getAlliance(ctx, slug);
    const versions = await listCovenantVersions(ctx, slug);
    const a = versionParam(c.req.query('a')) ?? versions[versions.length - 2]?.version ?? null;
    const b = versionParam(c.req.query('b')) ?? versions[versions.length - 1]?.version ?? null;
    if (a === null || b === null) return errorPage(c, 404, 'not_found');
    const d = await diffCovenantVersions(ctx, slug, a, b);
    return sendPage(c, <DiffPage page={pageInfo(c)} alliance={alliance} versions={versions} a={a} b={b} changes={d.changes} text={d.text} />);
  });

  app.get('/alliances/:slug/covenant/versions/:n', async (c) => {
    const n = versionParam(c.req.param('n'));
    if (n === null) return errorPage(c, 404, 'not_found');
    return sendPage(c, await versionPage(ctx, c, n, { notice: versionNotice(c) }));
  });

  for (const format of ['yaml', 'json'] as const) {
    app.get(`/alliances/:slug/covenant/versions/:n/covenant.${format}`, async (c) => {
      const n = versionParam(c.req.param('n'));
      if (n === null) return errorPage(c, 404, 'not_found');
      const v = await getCovenantVersion(ctx, c.req.param('slug'), n);
      return c.body(formatCovenant(v.covenant, format), 200, {
        'Content-Type': format === 'yaml' ? 'application/yaml; charset=utf-8' : 'application/json; charset=utf-8',
        'Content-Disposition': `attachment; filename="${v.alliance}-v${n}.${format}"`,
        'Cache-Control': 'public, max-age=3600',
      });
    });
  }

  app.post('/alliances/:slug/covenant/versions/:n/propose', async (c) => {
    const actor = actorOfContext(c);
    if (!actor) return c.redirect('/login', 303);
    const n = versionParam(c.req.param('n'));
    if (n === null) return errorPage(c, 404, 'not_found');
    const slug = c.req.param('slug');
    const r = await attempt(() => proposeCovenant(ctx, actor, { alliance: slug, version: n }));
    if (r.ok) return c.redirect(`${versionPath(r.value.alliance, n)}?done=proposed`, 303);
    return sendPage(c, await versionPage(ctx, c, n, { error: r.error.message }), { status: refusalStatus(r.error) });
  });

  app.get('/alliances/:slug/covenant/versions/:n/sign', async (c) => {
    const n = versionParam(c.req.param('n'));
    if (n === null) return errorPage(c, 404, 'not_found');
    return sendPage(c, await signingPage(ctx, c, n, {}));
  });

  app.get('/alliances/:slug/covenant/versions/:n/note.txt', async (c) => {
    const n = versionParam(c.req.param('n'));
    if (n === null) return errorPage(c, 404, 'not_found');
    const s = await signingSubject(ctx, c.req.param('slug'), n);
    return noteTextFile(c, s.text, `${s.alliance}-v${n}.txt`);
  });

  app.post('/alliances/:slug/covenant/versions/:n/sign', async (c) => {
    const actor = actorOfContext(c);
    if (!actor) return c.redirect('/login', 303);
    const n = versionParam(c.req.param('n'));
    if (n === null) return errorPage(c, 404, 'not_found');
    const slug = c.req.param('slug');
    const { note, party } = await uploadedNote(c);
    const r = await attempt(() => submitSignature(ctx, actor, { alliance: slug, note, ...(party ? { party } : {}) }));
    if (r.ok && r.value.ratified) return c.redirect(`/alliances/${r.value.alliance}?done=ratified`, 303);
    if (r.ok) return c.redirect(`${versionPath(r.value.alliance, r.value.version)}?done=signed#signatures`, 303);
    return sendPage(c, await signingPage(ctx, c, n, { note, party, error: r.error.message }), { status: refusalStatus(r.error) });
  });
}

// ---------------------------------------------------------------- shared with renewals.tsx

/** A version or renewal number from a path or query: 1 to 999,999,999; null otherwise. */
export function versionParam(value: string | undefined | null): number | null {
  return value && /^[1-9][0-9]{0,8}$/.test(value) ? Number(value) : null;
}

/** The signed note from the upload form: the chosen file if any, else the pasted text. */
export async function uploadedNote(c: Context): Promise<{ note: string; party: string }> {
  const form = await c.req.parseBody();
  const file = form.noteFile;
  const fromFile = typeof file === 'object' && file !== null && file.size > 0 ? await file.text() : '';
  // A pasted note loses nothing to the leading newline the textarea adds, but may gain CR LF.
  const note = formText(fromFile || form.note);
  return { note, party: formText(form.party) };
}

/** The note text as a download: exactly these bytes are signed. */
export function noteTextFile(c: Context, text: string, filename: string): Response {
  return c.body(text, 200, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Disposition': `attachment; filename="${filename}"`,
    'Cache-Control': 'no-cache',
  });
}

// ---------------------------------------------------------------- pages

const partySlugs = (a: AllianceView) => a.parties.map((p) => p.organization);

function draftPage(c: Context, alliance: AllianceView, values: DraftForm, extra: { problems?: CovenantProblems['problems']; findings?: ReturnType<typeof lintCovenant>; error?: string }) {
  return <DraftPage page={pageInfo(c)} alliance={alliance} parties={partySlugs(alliance)} values={values} csrf={c.get('csrfToken')()} {...extra} />;
}

async function versionPage(ctx: Ctx, c: Context, n: number, extra: Partial<VersionPageData>) {
  const slug = c.req.param('slug') ?? '';
  const [alliance, version] = await Promise.all([getAlliance(ctx, slug), getCovenantVersion(ctx, slug, n)]);
  const [signatures, documents, acted] = await Promise.all([
    versionSignatures(ctx, slug, n),
    versionArchive(ctx, slug, n),
    partiesActedFor(ctx, c, partySlugs(alliance)),
  ]);
  const session = c.get('session');
  return (
    <VersionPage
      page={pageInfo(c)}
      allianceName={alliance.name}
      version={{ ...version, alliance: alliance.slug }}
      findings={lintCovenant(version.covenant)}
      signatures={signatures}
      documents={documents}
      canAct={acted.length > 0}
      csrf={session ? session.csrfToken : null}
      {...extra}
    />
  );
}

async function signingPage(ctx: Ctx, c: Context, n: number, extra: Partial<SigningPanelData>) {
  const slug = c.req.param('slug') ?? '';
  const [alliance, subject, signatures] = await Promise.all([getAlliance(ctx, slug), signingSubject(ctx, slug, n), versionSignatures(ctx, slug, n)]);
  const here = versionPath(alliance.slug, n);
  const session = c.get('session');
  return (
    <SigningPage
      page={pageInfo(c)}
      alliance={alliance}
      version={n}
      status={subject.status as VersionPageData['version']['status']}
      signatures={signatures}
      text={subject.text}
      action={`${here}/sign`}
      textUrl={`${here}/note.txt`}
      csrf={session ? session.csrfToken : null}
      parties={subject.parties}
      {...extra}
    />
  );
}

function versionNotice(c: Context): string | null {
  const { t } = pageInfo(c);
  switch (c.req.query('done')) {
    case 'drafted':
      return t('covenant.notice.drafted');
    case 'proposed':
      return t('covenant.notice.proposed');
    case 'signed':
      return t('covenant.notice.signed');
    default:
      return null;
  }
}

// ---------------------------------------------------------------- /static/sign.js

const SCRIPT_CANDIDATES = ['../static/sign.js', '../../../src/http/static/sign.js'];

function loadScript(): string {
  for (const rel of SCRIPT_CANDIDATES) {
    try {
      return readFileSync(new URL(rel, import.meta.url), 'utf8');
    } catch {
      // try the next place
    }
  }
  throw new Error('sign.js not found next to the http module or in src/http/static/: the package is incomplete');
}

/** The one script, an enhancement: served like the stylesheet (static.ts), revalidated by ETag. */
function registerSignScript(app: Hono): void {
  const js = loadScript();
  const etag = `"${createHash('sha256').update(js).digest('base64url').slice(0, 22)}"`;
  app.get('/static/sign.js', (c) => {
    const headers = { 'Cache-Control': 'public, max-age=86400', ETag: etag };
    if (c.req.header('If-None-Match') === etag) return c.body(null, 304, headers);
    return c.body(js, 200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' });
  });
}

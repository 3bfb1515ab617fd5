/**
 * Early warnings on the web (issue 5 §1–3), all working with JavaScript off: the public page of
 * the exit protocol in motion (/alliances/:slug/warnings), one proposal with its votes
 * (/alliances/:slug/proposals/:id), and the forms of a party's admins and delegates — record an
 * observation, import a CSV (file or pasted), propose a decision, vote for the party the account
 * speaks for, mark a benchmark met with evidence.
 *
 * Each form is a plain POST checked by the CSRF middleware before these handlers run, answered
 * by a 303 to the page that shows the result, or by the same page again with the service's
 * reason and what was typed, nothing written (a refused import lists every bad row with its
 * line). Authorization is the services' (observations, decisions); the pages decide only which
 * forms to offer. The local operator has no web session: it uses the command line.
 */
import type { Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Ctx } from '../../services/context.js';
import { getAlliance } from '../../services/alliances.js';
import { getCovenantVersion } from '../../services/covenants.js';
import { archiveEntry } from '../../services/audit-views.js';
import { ImportRefused, importObservations, listObservations, recordObservation } from '../../services/observations.js';
import { castVote, getProposal, listProposals, proposeDecision, recordBenchmark } from '../../services/decisions.js';
import { allianceStandings, standingHistory } from '../../services/warning-views.js';
import { ProposalPage, WarningsPage, proposalPath, warningsPath, type ObservationForm, type ProposalPageData, type WarningForms } from '../views/warnings.js';
import { errorPage } from './error-page.js';
import { partiesActedFor } from './alliances.js';
import { versionParam } from './covenants.js';
import { actorOfContext, attempt, formText, refusalStatus } from './organizations.js';
import { pageInfo, sendPage } from './render.js';

/** Transitions and observations shown; the archive and the API hold them all. */
const SHOWN_TRANSITIONS = 50;
const SHOWN_OBSERVATIONS = 30;

export function registerWarningRoutes(app: Hono, ctx: Ctx): void {
  app.get('/alliances/:slug/warnings', (c) => warningsPage(ctx, c, { notice: warningsNotice(c) }, 200));
  app.post('/alliances/:slug/observations', (c) => observe(ctx, c));
  app.post('/alliances/:slug/observations/import', (c) => importCsv(ctx, c));
  app.post('/alliances/:slug/proposals', (c) => propose(ctx, c));
  app.post('/alliances/:slug/benchmarks', (c) => benchmark(ctx, c));
  app.get('/alliances/:slug/proposals/:id', (c) => withProposal(c, (id) => proposalPage(ctx, c, id, { notice: proposalNotice(c) }, 200)));
  app.post('/alliances/:slug/proposals/:id/votes', (c) => withProposal(c, (id) => vote(ctx, c, id)));
}

// ---------------------------------------------------------------- the warnings page

type FormsExtra = Partial<Omit<WarningForms, 'csrf' | 'actedFor'>>;

function emptyObservation(now: Date): ObservationForm {
  return { party: '', indicator: '', at: now.toISOString().slice(0, 10), value: '', currency: '', source: '', evidence: '', publish: false };
}

async function warningsPage(ctx: Ctx, c: Context, extra: FormsExtra & { notice?: string | null }, status: ContentfulStatusCode): Promise<Response> {
  const slug = c.req.param('slug') ?? '';
  const alliance = await getAlliance(ctx, slug);
  const covenant = alliance.ratified ? (await getCovenantVersion(ctx, slug, alliance.ratified.version)).covenant : null;
  const [standings, history, observations, proposals, actedFor] = await Promise.all([
    allianceStandings(ctx, slug),
    standingHistory(ctx, slug, SHOWN_TRANSITIONS),
    listObservations(ctx, slug, { limit: SHOWN_OBSERVATIONS }),
    covenant ? listProposals(ctx, slug) : [],
    partiesActedFor(
      ctx,
      c,
      alliance.parties.map((p) => p.organization),
    ),
  ]);
  const transitions = [];
  for (const x of history) transitions.push({ ...x, bundle: x.index === null ? null : ((await archiveEntry(ctx, x.index))?.bundle ?? null) });
  const session = c.get('session');
  const { notice, ...typed } = extra;
  const forms: WarningForms | null =
    session && actedFor.length > 0 && covenant ? { csrf: session.csrfToken, actedFor, observation: emptyObservation(ctx.now()), ...typed } : null;
  const page = (
    <WarningsPage
      page={pageInfo(c)}
      alliance={{ slug: alliance.slug, name: alliance.name }}
      covenant={covenant}
      standings={standings}
      proposals={proposals}
      observations={observations}
      transitions={transitions}
      forms={forms}
      notice={notice ?? null}
    />
  );
  // Typed evidence is private: a page that shows it back is never stored.
  return sendPage(c, page, { status, store: typed.observation === undefined && typed.benchmark === undefined });
}

function warningsNotice(c: Context): string | null {
  const { t } = pageInfo(c);
  switch (c.req.query('done')) {
    case 'observed':
      return t('warnings.notice.observed');
    case 'imported':
      return t('warnings.notice.imported');
    case 'benchmark':
      return t('warnings.notice.benchmark');
    default:
      return null;
  }
}

async function observe(ctx: Ctx, c: Context): Promise<Response> {
  const actor = actorOfContext(c);
  if (!actor) return c.redirect('/login', 303);
  const slug = c.req.param('slug') ?? '';
  const form = await c.req.parseBody();
  const values: ObservationForm = {
    party: formText(form.party),
    indicator: formText(form.indicator),
    at: formText(form.at).trim(),
    value: formText(form.value),
    currency: formText(form.currency).trim(),
    source: formText(form.source),
    evidence: formText(form.evidence),
    publish: form.publishEvidence === '1',
  };
  const r = await attempt(() =>
    recordObservation(
      ctx,
      actor,
      {
        alliance: slug,
        party: values.party,
        indicator: values.indicator,
        at: values.at,
        value: values.value,
        currency: values.currency === '' ? null : values.currency,
        source: values.source,
        evidence: values.evidence === '' ? null : values.evidence,
        publishEvidence: values.publish,
      },
      'web',
    ),
  );
  if (r.ok) return c.redirect(`${warningsPath(slug)}?done=observed#standing`, 303);
  return warningsPage(ctx, c, { observation: values, observationError: r.error.message }, refusalStatus(r.error));
}

/** The CSV from the upload form: the chosen file if any, else the pasted text. */
async function uploadedCsv(c: Context): Promise<{ csv: string; pasted: string }> {
  const form = await c.req.parseBody();
  const file = form.file;
  const pasted = formText(form.csv);
  if (typeof file === 'object' && file !== null && file.size > 0) return { csv: new TextDecoder('utf-8').decode(await file.arrayBuffer()), pasted };
  return { csv: pasted, pasted };
}

async function importCsv(ctx: Ctx, c: Context): Promise<Response> {
  const actor = actorOfContext(c);
  if (!actor) return c.redirect('/login', 303);
  const slug = c.req.param('slug') ?? '';
  const { csv, pasted } = await uploadedCsv(c);
  const r = await attempt(() => importObservations(ctx, actor, { alliance: slug, csv }));
  if (r.ok) return c.redirect(`${warningsPath(slug)}?done=imported#standing`, 303);
  const problems = r.error instanceof ImportRefused ? r.error.problems : [];
  return warningsPage(ctx, c, { importText: pasted, importError: r.error.message, importProblems: problems }, r.error instanceof ImportRefused ? 422 : refusalStatus(r.error));
}

async function propose(ctx: Ctx, c: Context): Promise<Response> {
  const actor = actorOfContext(c);
  if (!actor) return c.redirect('/login', 303);
  const slug = c.req.param('slug') ?? '';
  const form = await c.req.parseBody();
  const values = { party: formText(form.party), decision: formText(form.decision), by: formText(form.by) };
  const r = await attempt(() => proposeDecision(ctx, actor, { alliance: slug, party: values.party, decision: values.decision, ...(values.by ? { by: values.by } : {}) }));
  if (r.ok) return c.redirect(`${proposalPath(slug, r.value.proposal)}?done=proposed`, 303);
  return warningsPage(ctx, c, { proposal: values, proposalError: r.error.message }, refusalStatus(r.error));
}

async function benchmark(ctx: Ctx, c: Context): Promise<Response> {
  const actor = actorOfContext(c);
  if (!actor) return c.redirect('/login', 303);
  const slug = c.req.param('slug') ?? '';
  const form = await c.req.parseBody();
  const values = { party: formText(form.party), benchmark: formText(form.benchmark), evidence: formText(form.evidence) };
  const r = await attempt(() => recordBenchmark(ctx, actor, { alliance: slug, ...values }));
  if (r.ok) return c.redirect(`${warningsPath(slug)}?done=benchmark#standing`, 303);
  return warningsPage(ctx, c, { benchmark: values, benchmarkError: r.error.message }, refusalStatus(r.error));
}

// ---------------------------------------------------------------- one proposal

async function withProposal(c: Context, then: (id: number) => Promise<Response>): Promise<Response> {
  const id = versionParam(c.req.param('id'));
  if (id === null) return errorPage(c, 404, 'not_found');
  return then(id);
}

async function proposalPage(
  ctx: Ctx,
  c: Context,
  id: number,
  extra: { notice?: string | null; vote?: { party: string; choice: string; error: string } },
  status: ContentfulStatusCode,
): Promise<Response> {
  const slug = c.req.param('slug') ?? '';
  const alliance = await getAlliance(ctx, slug);
  const proposal = await getProposal(ctx, slug, id);
  const record = proposal.index === null ? null : await archiveEntry(ctx, proposal.index);
  const session = c.get('session');
  // The party decided on never votes: the form offers only the other parties the reader speaks for.
  const voters = (
    await partiesActedFor(
      ctx,
      c,
      alliance.parties.map((p) => p.organization),
    )
  ).filter((p) => p !== proposal.party);
  const vote: ProposalPageData['vote'] =
    session && proposal.status === 'open' && voters.length > 0
      ? { csrf: session.csrfToken, voters, party: extra.vote?.party ?? '', choice: extra.vote?.choice ?? '', error: extra.vote?.error ?? null }
      : null;
  const page = (
    <ProposalPage
      page={pageInfo(c)}
      alliance={{ slug: alliance.slug, name: alliance.name }}
      proposal={proposal}
      bundle={record?.bundle ?? null}
      vote={vote}
      error={extra.vote?.error ?? null}
      notice={extra.notice ?? null}
    />
  );
  return sendPage(c, page, { status });
}

function proposalNotice(c: Context): string | null {
  const { t } = pageInfo(c);
  switch (c.req.query('done')) {
    case 'proposed':
      return t('proposal.notice.proposed');
    case 'voted':
      return t('proposal.notice.voted');
    default:
      return null;
  }
}

async function vote(ctx: Ctx, c: Context, id: number): Promise<Response> {
  const actor = actorOfContext(c);
  if (!actor) return c.redirect('/login', 303);
  const slug = c.req.param('slug') ?? '';
  const form = await c.req.parseBody();
  const values = { party: formText(form.party), choice: formText(form.choice) };
  const r = await attempt(() => castVote(ctx, actor, { alliance: slug, proposal: id, choice: values.choice, ...(values.party ? { party: values.party } : {}) }));
  if (r.ok) return c.redirect(`${proposalPath(slug, id)}?done=voted`, 303);
  // A vote refused by the party decided on, or on a closed proposal, is shown beside the proposal.
  if (r.error.code === 'not_found') return errorPage(c, 404, 'not_found', r.error.message);
  return proposalPage(ctx, c, id, { vote: { ...values, error: r.error.message } }, refusalStatus(r.error));
}

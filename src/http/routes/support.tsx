/**
 * The support ledger and local mirroring on the web (issue 5 §4–5): /alliances/:slug/support
 * (commitments, transactions, ending a commitment) and /alliances/:slug/local (actions at home,
 * ratios per cycle). Reading is public; the forms are plain POSTs checked by the CSRF middleware,
 * offered to the admins and delegates of a party, and the services decide who may. A refusal
 * shows the page again with the values typed and the service's one-line reason.
 */
import type { Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Ctx } from '../../services/context.js';
import { getAlliance } from '../../services/alliances.js';
import { endCommitment, listSupport, makeCommitment, recordTransaction } from '../../services/support.js';
import { listLocalActions, recordLocalAction } from '../../services/local-actions.js';
import { LocalPage, SupportPage, localPath, supportPath, type CommitForm, type LocalForm, type SupportPageData, type TransactionForm } from '../views/support.js';
import { partiesActedFor } from './alliances.js';
import { errorPage } from './error-page.js';
import { actorOfContext, attempt, formText, refusalStatus } from './organizations.js';
import { pageInfo, sendPage } from './render.js';

const EMPTY_COMMIT: CommitForm = { from: '', to: '', form: 'funds', recipient: 'people', description: '', amount: '', currency: '', starts: '', ends: '' };
const EMPTY_TRANSACTION: TransactionForm = { commitment: '', on: '', amount: '', currency: '', disclosed: true, source: '', receipt: false };
const EMPTY_LOCAL: LocalForm = { party: '', on: '', what: '', mirrors: '' };

/** A positive whole number from a path or a field, or null. */
function idOf(value: string | undefined): number | null {
  return value !== undefined && /^[1-9][0-9]{0,14}$/.test(value) ? Number(value) : null;
}

export function registerSupportRoutes(app: Hono, ctx: Ctx): void {
  app.get('/alliances/:slug/support', (c) => supportPage(ctx, c, { notice: supportNotice(c) }, 200));

  app.post('/alliances/:slug/support', async (c) => {
    const actor = actorOfContext(c);
    if (!actor) return c.redirect('/login', 303);
    const f = await c.req.parseBody();
    const v: CommitForm = {
      from: formText(f.from),
      to: formText(f.to),
      form: formText(f.form),
      recipient: formText(f.recipient),
      description: formText(f.description),
      amount: formText(f.amount).trim(),
      currency: formText(f.currency).trim().toUpperCase(),
      starts: formText(f.starts),
      ends: formText(f.ends),
    };
    const slug = c.req.param('slug');
    const r = await attempt(() =>
      makeCommitment(ctx, actor, {
        alliance: slug,
        from: v.from,
        to: v.to,
        form: v.form,
        recipient: v.recipient,
        description: v.description,
        // An empty amount and currency mean none; one without the other is the service's to refuse.
        ...(v.amount !== '' || v.currency !== '' ? { amount: v.amount, currency: v.currency } : {}),
        startsOn: v.starts,
        ...(v.ends !== '' ? { endsOn: v.ends } : {}),
      }),
    );
    if (r.ok) return c.redirect(`${supportPath(r.value.alliance)}?done=committed#commitment-${r.value.id}`, 303);
    return supportPage(ctx, c, { commit: v, commitError: r.error.message }, refusalStatus(r.error));
  });

  app.post('/alliances/:slug/support/transactions', async (c) => {
    const actor = actorOfContext(c);
    if (!actor) return c.redirect('/login', 303);
    const f = await c.req.parseBody();
    const v: TransactionForm = {
      commitment: formText(f.commitment),
      on: formText(f.on),
      amount: formText(f.amount).trim(),
      currency: formText(f.currency).trim().toUpperCase(),
      disclosed: f.disclosed === '1',
      source: formText(f.source),
      receipt: f.receipt === '1',
    };
    const slug = c.req.param('slug');
    const id = idOf(v.commitment);
    const r = await attempt(() =>
      recordTransaction(ctx, actor, {
        alliance: slug,
        commitment: id ?? 0,
        occurredOn: v.on,
        amount: v.amount,
        currency: v.currency,
        // Unticked means undisclosed: whatever was typed as the source then stays private.
        sourceDisclosed: v.disclosed,
        ...(v.source.trim() !== '' ? { source: v.source } : {}),
        receipt: v.receipt,
      }),
    );
    if (r.ok) return c.redirect(`${supportPath(r.value.alliance)}?done=recorded#commitment-${r.value.commitment}`, 303);
    return supportPage(ctx, c, { transaction: v, transactionError: r.error.message }, refusalStatus(r.error));
  });

  app.post('/alliances/:slug/support/:id/end', async (c) => {
    const actor = actorOfContext(c);
    if (!actor) return c.redirect('/login', 303);
    const id = idOf(c.req.param('id'));
    if (id === null) return errorPage(c, 404, 'not_found');
    const r = await attempt(() => endCommitment(ctx, actor, { alliance: c.req.param('slug'), commitment: id }));
    if (r.ok) return c.redirect(`${supportPath(r.value.alliance)}?done=ended#commitment-${r.value.id}`, 303);
    return supportPage(ctx, c, { endError: r.error.message }, refusalStatus(r.error));
  });

  app.get('/alliances/:slug/local', (c) => localPage(ctx, c, { notice: c.req.query('done') === 'added' ? pageInfo(c).t('local.notice.added') : null }, 200));

  app.post('/alliances/:slug/local', async (c) => {
    const actor = actorOfContext(c);
    if (!actor) return c.redirect('/login', 303);
    const f = await c.req.parseBody();
    const v: LocalForm = { party: formText(f.party), on: formText(f.on), what: formText(f.what), mirrors: formText(f.mirrors) };
    const mirrors = v.mirrors === '' ? undefined : (idOf(v.mirrors) ?? 0);
    const r = await attempt(() =>
      recordLocalAction(ctx, actor, { alliance: c.req.param('slug'), party: v.party, occurredOn: v.on, what: v.what, ...(mirrors !== undefined ? { mirrors } : {}) }),
    );
    if (r.ok) return c.redirect(`${localPath(r.value.alliance)}?done=added`, 303);
    return localPage(ctx, c, { values: v, error: r.error.message }, refusalStatus(r.error));
  });
}

async function supportPage(
  ctx: Ctx,
  c: Context,
  extra: Partial<Pick<SupportPageData, 'commit' | 'transaction' | 'commitError' | 'transactionError' | 'endError' | 'notice'>>,
  status: ContentfulStatusCode,
): Promise<Response> {
  const slug = c.req.param('slug') ?? '';
  const [alliance, support] = await Promise.all([getAlliance(ctx, slug), listSupport(ctx, slug)]);
  const parties = alliance.parties.map((p) => p.organization);
  const actsFor = await partiesActedFor(ctx, c, parties);
  const session = c.get('session');
  const page = (
    <SupportPage
      page={pageInfo(c)}
      alliance={{ slug: alliance.slug, name: alliance.name }}
      parties={parties}
      support={support}
      actsFor={actsFor}
      csrf={session ? session.csrfToken : null}
      commit={extra.commit ?? { ...EMPTY_COMMIT, from: actsFor[0] ?? '', to: parties.find((p) => p !== actsFor[0]) ?? '' }}
      transaction={extra.transaction ?? EMPTY_TRANSACTION}
      commitError={extra.commitError ?? null}
      transactionError={extra.transactionError ?? null}
      endError={extra.endError ?? null}
      notice={extra.notice ?? null}
    />
  );
  return sendPage(c, page, { status });
}

async function localPage(ctx: Ctx, c: Context, extra: { values?: LocalForm; error?: string; notice?: string | null }, status: ContentfulStatusCode): Promise<Response> {
  const slug = c.req.param('slug') ?? '';
  const [alliance, list, support] = await Promise.all([getAlliance(ctx, slug), listLocalActions(ctx, slug), listSupport(ctx, slug)]);
  const actsFor = await partiesActedFor(
    ctx,
    c,
    alliance.parties.map((p) => p.organization),
  );
  const session = c.get('session');
  const page = (
    <LocalPage
      page={pageInfo(c)}
      alliance={{ slug: alliance.slug, name: alliance.name }}
      list={list}
      commitments={support.commitments.filter((x) => actsFor.includes(x.from)).map((x) => ({ id: x.id, from: x.from, to: x.to, form: x.form }))}
      actsFor={actsFor}
      csrf={session ? session.csrfToken : null}
      values={extra.values ?? { ...EMPTY_LOCAL, party: actsFor[0] ?? '' }}
      error={extra.error ?? null}
      notice={extra.notice ?? null}
    />
  );
  return sendPage(c, page, { status });
}

function supportNotice(c: Context): string | null {
  const { t } = pageInfo(c);
  switch (c.req.query('done')) {
    case 'committed':
      return t('support.notice.committed');
    case 'recorded':
      return t('support.notice.recorded');
    case 'ended':
      return t('support.notice.ended');
    default:
      return null;
  }
}

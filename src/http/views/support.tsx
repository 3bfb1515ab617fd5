/**
 * /alliances/:slug/support and /alliances/:slug/local (issue 5 §4–5): the support ledger and
 * local mirroring, public. Commitments are grouped by giver → receiver; each says its form, to
 * whom (to the people / to the leadership: in words, never by colour alone), its status, and
 * its transactions (amount, currency, source disclosed or not, receipt or not) with totals one
 * per currency. The local page lists the actions at home and the ratio table per audit cycle,
 * a party that supports abroad and does nothing at home said in words.
 *
 * Forms (plain POSTs with the CSRF field, JavaScript off) appear for the admins and delegates of
 * a party: a commitment or a transaction from a party they act for, a local action of one.
 * Support forms are named with the covenant's own labels (domain/covenant/labels.ts).
 */
import type { CommitmentView, CurrencyTotal, SupportList } from '../../services/support.js';
import type { LocalActionList } from '../../services/local-actions.js';
import type { CommitmentStatus, Recipient } from '../../store/schema.js';
import { SUPPORT_FORMS, type SupportForm } from '../../domain/covenant/schema.js';
import { labelsFor } from '../../domain/covenant/labels.js';
import { Layout } from './layout.js';
import type { PageInfo } from './page.js';
import { formatNumber, isolate } from './format.js';
import { Badge, Csrf, Notice, Refusal } from './covenant-parts.js';
import { Crumbs } from './crumbs.js';
import { Columns } from './columns.js';

export const supportPath = (alliance: string): string => `/alliances/${alliance}/support`;
export const localPath = (alliance: string): string => `/alliances/${alliance}/local`;

export function formLabel(page: PageInfo, form: string): string {
  return labelsFor(page.locale).labels.form[form as SupportForm] ?? form;
}

export function recipientLabel(page: PageInfo, recipient: Recipient): string {
  return recipient === 'people' ? page.t('support.recipient.people') : page.t('support.recipient.leadership');
}

function statusLabel(page: PageInfo, status: CommitmentStatus): string {
  const { t } = page;
  switch (status) {
    case 'active':
      return t('support.status.active');
    case 'paused':
      return t('support.status.paused');
    case 'stopped':
      return t('support.status.stopped');
    case 'ended':
      return t('support.status.ended');
  }
}

/** Totals, one per currency: "0.30 EUR · 700 JPY". The amounts are exact decimal text, shown as stored. */
function Totals(props: { page: PageInfo; totals: readonly CurrencyTotal[] }) {
  const { page, totals } = props;
  if (totals.length === 0) return <>{page.t('support.totals.none')}</>;
  return (
    <ul class="inline-list">
      {totals.map((x) => (
        <li>
          <bdi dir="ltr">
            {x.amount} {x.currency}
          </bdi>{' '}
          ({page.t('support.transactions.count', { count: x.transactions })})
        </li>
      ))}
    </ul>
  );
}

export interface CommitForm {
  from: string;
  to: string;
  form: string;
  recipient: string;
  description: string;
  amount: string;
  currency: string;
  starts: string;
  ends: string;
}

export interface TransactionForm {
  commitment: string;
  on: string;
  amount: string;
  currency: string;
  disclosed: boolean;
  source: string;
  receipt: boolean;
}

export interface SupportPageData {
  alliance: { slug: string; name: string };
  parties: readonly string[];
  support: SupportList;
  /** parties the reader acts for (admin or delegate); empty hides the forms */
  actsFor: readonly string[];
  csrf: string | null;
  commit: CommitForm;
  transaction: TransactionForm;
  commitError?: string | null;
  transactionError?: string | null;
  endError?: string | null;
  notice?: string | null;
}

export function SupportPage(props: { page: PageInfo } & SupportPageData) {
  const { page, alliance, support, notice } = props;
  const { t } = page;
  const title = t('support.title', { alliance: alliance.name });
  const groups = new Map<string, CommitmentView[]>();
  for (const c of support.commitments) groups.set(`${c.from}\u0000${c.to}`, [...(groups.get(`${c.from}\u0000${c.to}`) ?? []), c]);
  return (
    <Layout page={page} title={title}>
      <Crumbs root={{ href: `/alliances/${alliance.slug}`, name: alliance.name }} step={{ href: localPath(alliance.slug), label: t('local.heading') }} />
      <h1>{title}</h1>
      <Notice text={notice ?? null} />
      <p>{t('support.lead')}</p>
      <Refusal page={page} reason={props.endError} />
      <section aria-labelledby="totals">
        <h2 id="totals">{t('support.totals.all')}</h2>
        <Totals page={page} totals={support.totals} />
      </section>
      {support.commitments.length === 0 ? <p>{t('support.none')}</p> : null}
      {[...groups.values()].map((list) => (
        <section aria-labelledby={`flow-${list[0]!.from}-${list[0]!.to}`}>
          <h2 id={`flow-${list[0]!.from}-${list[0]!.to}`}>{t('support.flow', { from: list[0]!.from, to: list[0]!.to })}</h2>
          {list.map((c) => (
            <Commitment {...props} c={c} />
          ))}
        </section>
      ))}
      <CommitFormSection {...props} />
      <TransactionFormSection {...props} />
    </Layout>
  );
}

function Commitment(props: { page: PageInfo; c: CommitmentView } & SupportPageData) {
  const { page, c, alliance, actsFor, csrf } = props;
  const { t } = page;
  return (
    <article class="commitment" id={`commitment-${c.id}`} aria-labelledby={`commitment-${c.id}-title`}>
      <h3 id={`commitment-${c.id}-title`}>
        {t('support.commitment', { id: c.id })}: {formLabel(page, c.form)}, {recipientLabel(page, c.recipient)}{' '}
        <Badge kind={c.status === 'active' ? 'active' : c.status === 'paused' ? 'warned' : c.status === 'stopped' ? 'disengaged' : 'ended'} label={statusLabel(page, c.status)} />
      </h3>
      <p>
        <bdi>{c.description}</bdi>
      </p>
      <dl>
        <dt>{t('support.dates')}</dt>
        <dd>
          <time datetime={c.startsOn}>{c.startsOn}</time>
          {c.endsOn ? (
            <>
              {' – '}
              <time datetime={c.endsOn}>{c.endsOn}</time>
            </>
          ) : null}
        </dd>
        {c.amount !== null ? (
          <>
            <dt>{t('support.amount')}</dt>
            <dd>
              <bdi dir="ltr">
                {c.amount} {c.currency}
              </bdi>
            </dd>
          </>
        ) : null}
        <dt>{t('support.totals')}</dt>
        <dd>
          <Totals page={page} totals={c.totals} />
        </dd>
      </dl>
      {c.transactions.length > 0 ? (
        <div class="scroll">
          <table>
            <caption>{t('support.transactions.count', { count: c.transactions.length })}</caption>
            <Columns
              labels={[
                t('support.tx.date'),
                t('support.tx.amount'),
                t('support.tx.currency'),
                t('support.tx.sourceDisclosed'),
                t('support.tx.receipt'),
              ]}
            />
            <tbody>
              {c.transactions.map((x) => (
                <tr>
                  <td>
                    <time datetime={x.occurredOn}>{x.occurredOn}</time>
                  </td>
                  <td class="num">
                    <bdi dir="ltr">{x.amount}</bdi>
                  </td>
                  <td>{x.currency}</td>
                  <td>{x.sourceDisclosed ? t('support.tx.disclosedYes', { source: isolate(x.source ?? '') }) : t('support.tx.disclosedNo')}</td>
                  <td>{x.receipt ? t('support.tx.receiptYes') : t('support.tx.receiptNo')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {csrf && actsFor.includes(c.from) && (c.status === 'active' || c.status === 'paused') ? (
        <form method="post" action={`${supportPath(alliance.slug)}/${c.id}/end`} class="inline">
          <Csrf token={csrf} />
          <button type="submit">{t('support.end.submit', { id: c.id })}</button>
        </form>
      ) : null}
    </article>
  );
}

function CommitFormSection(props: { page: PageInfo } & SupportPageData) {
  const { page, alliance, parties, actsFor, csrf, commit: v, commitError } = props;
  const { t } = page;
  if (!csrf || actsFor.length === 0) return null;
  return (
    <section aria-labelledby="commit">
      <h2 id="commit">{t('support.commit.heading')}</h2>
      <Refusal page={page} id="commit-error" reason={commitError} />
      <form method="post" action={supportPath(alliance.slug)} class="stack" aria-describedby={commitError ? 'commit-error' : undefined}>
        <Csrf token={csrf} />
        <label for="commit-from">{t('support.commit.from')}</label>
        <select id="commit-from" name="from" required>
          {actsFor.map((p) => (
            <option value={p} selected={p === v.from}>
              {p}
            </option>
          ))}
        </select>
        <label for="commit-to">{t('support.commit.to')}</label>
        <select id="commit-to" name="to" required>
          {parties.map((p) => (
            <option value={p} selected={p === v.to}>
              {p}
            </option>
          ))}
        </select>
        <label for="commit-form">{t('support.commit.form')}</label>
        <select id="commit-form" name="form" required>
          {SUPPORT_FORMS.map((f) => (
            <option value={f} selected={f === v.form}>
              {formLabel(page, f)}
            </option>
          ))}
        </select>
        <fieldset>
          <legend>{t('support.commit.recipient')}</legend>
          {(['people', 'leadership'] as const).map((r) => (
            <label class="check">
              <input type="radio" name="recipient" value={r} checked={v.recipient === r} required /> {recipientLabel(page, r)}
            </label>
          ))}
        </fieldset>
        <label for="commit-description">{t('support.commit.description')}</label>
        <input id="commit-description" name="description" type="text" maxlength={500} required value={v.description} dir="auto" />
        <label for="commit-amount">{t('support.commit.amount')}</label>
        <input id="commit-amount" name="amount" type="text" inputmode="decimal" maxlength={40} value={v.amount} aria-describedby="commit-amount-hint" dir="ltr" />
        <label for="commit-currency">{t('support.commit.currency')}</label>
        <input id="commit-currency" name="currency" type="text" maxlength={3} value={v.currency} aria-describedby="commit-amount-hint" dir="ltr" />
        <p id="commit-amount-hint" class="detail">
          {t('support.commit.amountHint')}
        </p>
        <label for="commit-starts">{t('support.commit.starts')}</label>
        <input id="commit-starts" name="starts" type="date" required value={v.starts} />
        <label for="commit-ends">{t('support.commit.ends')}</label>
        <input id="commit-ends" name="ends" type="date" value={v.ends} />
        <button type="submit">{t('support.commit.submit')}</button>
      </form>
    </section>
  );
}

function TransactionFormSection(props: { page: PageInfo } & SupportPageData) {
  const { page, alliance, support, actsFor, csrf, transaction: v, transactionError } = props;
  const { t } = page;
  const open = support.commitments.filter((c) => actsFor.includes(c.from) && c.status === 'active');
  if (!csrf || open.length === 0) return null;
  return (
    <section aria-labelledby="transaction">
      <h2 id="transaction">{t('support.tx.heading')}</h2>
      <Refusal page={page} id="transaction-error" reason={transactionError} />
      {/* The action names the commitment chosen below; the route reads it from the field. */}
      <form method="post" action={`${supportPath(alliance.slug)}/transactions`} class="stack" aria-describedby={transactionError ? 'transaction-error' : undefined}>
        <Csrf token={csrf} />
        <label for="tx-commitment">{t('support.tx.commitment')}</label>
        <select id="tx-commitment" name="commitment" required>
          {open.map((c) => (
            <option value={String(c.id)} selected={String(c.id) === v.commitment}>
              {t('support.commitment', { id: c.id })}: {c.from} → {c.to}, {formLabel(page, c.form)}
              {c.currency ? ` (${c.currency})` : ''}
            </option>
          ))}
        </select>
        <label for="tx-on">{t('support.tx.on')}</label>
        <input id="tx-on" name="on" type="date" required value={v.on} />
        <label for="tx-amount">{t('support.tx.amount')}</label>
        <input id="tx-amount" name="amount" type="text" inputmode="decimal" maxlength={40} required value={v.amount} dir="ltr" />
        <label for="tx-currency">{t('support.tx.currency')}</label>
        <input id="tx-currency" name="currency" type="text" maxlength={3} required value={v.currency} dir="ltr" />
        <label class="check">
          <input type="checkbox" name="disclosed" value="1" checked={v.disclosed} aria-describedby="tx-source-hint" /> {t('support.tx.disclosed')}
        </label>
        <label for="tx-source">{t('support.tx.source')}</label>
        <input id="tx-source" name="source" type="text" maxlength={500} value={v.source} aria-describedby="tx-source-hint" dir="auto" />
        <p id="tx-source-hint" class="detail">
          {t('support.tx.sourceHint')}
        </p>
        <label class="check">
          <input type="checkbox" name="receipt" value="1" checked={v.receipt} /> {t('support.tx.receiptCheck')}
        </label>
        <button type="submit">{t('support.tx.submit')}</button>
      </form>
    </section>
  );
}

// ---------------------------------------------------------------- local mirroring

export interface LocalForm {
  party: string;
  on: string;
  what: string;
  mirrors: string;
}

export interface LocalPageData {
  alliance: { slug: string; name: string };
  list: LocalActionList;
  /** the commitments abroad of the parties the reader acts for, to choose what an action mirrors */
  commitments: readonly { id: number; from: string; to: string; form: string }[];
  actsFor: readonly string[];
  csrf: string | null;
  values: LocalForm;
  error?: string | null;
  notice?: string | null;
}

export function LocalPage(props: { page: PageInfo } & LocalPageData) {
  const { page, alliance, list, notice } = props;
  const { t } = page;
  const title = t('local.title', { alliance: alliance.name });
  return (
    <Layout page={page} title={title}>
      <Crumbs root={{ href: `/alliances/${alliance.slug}`, name: alliance.name }} step={{ href: supportPath(alliance.slug), label: t('support.heading') }} />
      <h1>{title}</h1>
      <Notice text={notice ?? null} />
      <p>{t('local.lead')}</p>
      <Ratios page={page} list={list} />
      <section aria-labelledby="actions">
        <h2 id="actions">{t('local.actions.heading')}</h2>
        <p>{t('local.actions.count', { count: list.actions.length })}</p>
        {list.actions.length > 0 ? (
          <div class="scroll">
            <table>
              <Columns labels={[t('local.col.date'), t('local.col.party'), t('local.col.what'), t('local.col.mirrors')]} />
              <tbody>
                {list.actions.map((a) => (
                  <tr>
                    <td>
                      <time datetime={a.occurredOn}>{a.occurredOn}</time>
                    </td>
                    <td>
                      <a href={`/orgs/${a.party}`}>
                        <code>{a.party}</code>
                      </a>
                    </td>
                    <td>
                      <bdi>{a.what}</bdi>
                    </td>
                    <td>{a.mirrors === null ? t('local.mirrors.none') : <a href={`${supportPath(alliance.slug)}#commitment-${a.mirrors}`}>{t('support.commitment', { id: a.mirrors })}</a>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
      <LocalFormSection {...props} />
    </Layout>
  );
}

function Ratios(props: { page: PageInfo; list: LocalActionList }) {
  const { page, list } = props;
  const { t } = page;
  const r = list.ratios;
  return (
    <section aria-labelledby="ratios">
      <h2 id="ratios">{t('local.ratios.heading')}</h2>
      {r === null ? (
        <p>{t('local.ratios.none')}</p>
      ) : (
        [...r.cycles].reverse().map((c) => (
          <div class="scroll">
            <table>
              <caption>{t('local.ratios.cycle', { label: c.label })}</caption>
              <Columns labels={[t('local.col.party'), t('local.col.local'), t('local.col.abroad'), t('local.col.ratio')]} />
              <tbody>
                {r.rows
                  .filter((x) => x.cycle === c.n)
                  .map((x) => (
                    <tr>
                      <th scope="row">
                        <code>{x.party}</code>
                      </th>
                      <td class="num">{formatNumber(page.locale, x.local)}</td>
                      <td class="num">{formatNumber(page.locale, x.abroad)}</td>
                      <td>
                        {x.ratio === null ? t('local.ratio.noneAbroad') : <bdi dir="ltr">{x.ratio}</bdi>}
                        {x.reminder ? (
                          <>
                            {' '}
                            <strong class="badge warned">{t('local.reminder')}</strong>
                          </>
                        ) : null}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        ))
      )}
    </section>
  );
}

function LocalFormSection(props: { page: PageInfo } & LocalPageData) {
  const { page, alliance, actsFor, commitments, csrf, values: v, error } = props;
  const { t } = page;
  if (!csrf || actsFor.length === 0) return null;
  return (
    <section aria-labelledby="add">
      <h2 id="add">{t('local.add.heading')}</h2>
      <Refusal page={page} id="local-error" reason={error} />
      <form method="post" action={localPath(alliance.slug)} class="stack" aria-describedby={error ? 'local-error' : undefined}>
        <Csrf token={csrf} />
        <label for="local-party">{t('local.add.party')}</label>
        <select id="local-party" name="party" required>
          {actsFor.map((p) => (
            <option value={p} selected={p === v.party}>
              {p}
            </option>
          ))}
        </select>
        <label for="local-on">{t('local.add.on')}</label>
        <input id="local-on" name="on" type="date" required value={v.on} />
        <label for="local-what">{t('local.add.what')}</label>
        <input id="local-what" name="what" type="text" maxlength={500} required value={v.what} dir="auto" />
        <label for="local-mirrors">{t('local.add.mirrors')}</label>
        <select id="local-mirrors" name="mirrors">
          <option value="">{t('local.mirrors.none')}</option>
          {commitments.map((c) => (
            <option value={String(c.id)} selected={String(c.id) === v.mirrors}>
              {t('support.commitment', { id: c.id })}: {c.from} → {c.to}, {formLabel(page, c.form)}
            </option>
          ))}
        </select>
        <button type="submit">{t('local.add.submit')}</button>
      </form>
    </section>
  );
}

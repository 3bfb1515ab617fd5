/**
 * /alliances/:slug/warnings: the exit protocol in motion, in public (issue 5 §1–3) — each
 * party's standing (a word, never a colour alone), its breaches, open corrective tasks, paused
 * support, the warning's window with the days left and the benchmarks met and unmet; open
 * proposals with their tally; the latest observations (their public part); the history of
 * standing transitions, newest first, each linked to its record's bundle in the archive.
 * For a signed-in admin or delegate of a party: plain forms to record an observation, import a
 * CSV, propose a decision and mark a benchmark met. /alliances/:slug/proposals/:id: one
 * proposal with its votes, tally and the vote form.
 *
 * Reasons from services and the state machine are English one-liners, marked lang="en".
 * Evidence is private unless its observer ticks "publish": the box is off by default and says
 * the archive is permanent.
 */
import type { ProposalView } from '../../services/decisions.js';
import type { ObservationView } from '../../services/observations.js';
import type { AllianceStandings, PartyStanding, TransitionView } from '../../services/warning-views.js';
import type { Covenant } from '../../domain/covenant/index.js';
import type { TallyWhy } from '../../domain/warning/index.js';
import { pickText } from '../../domain/covenant/index.js';
import { labelsFor } from '../../domain/covenant/labels.js';
import type { StandingValue } from '../../store/schema.js';
import { Layout } from './layout.js';
import type { PageInfo } from './page.js';
import { isolate } from './format.js';
import { Badge, Csrf, Notice, Refusal, When, standingLabel } from './covenant-parts.js';
import { Crumbs } from './crumbs.js';
import { Columns } from './columns.js';

export interface ObservationForm {
  party: string;
  indicator: string;
  at: string;
  value: string;
  currency: string;
  source: string;
  evidence: string;
  publish: boolean;
}

export interface WarningForms {
  csrf: string;
  /** the parties the reader speaks for */
  actedFor: string[];
  observation: ObservationForm;
  observationError?: string | null;
  importText?: string;
  importError?: string | null;
  importProblems?: { line: number; reason: string }[];
  proposal?: { party: string; decision: string; by: string };
  proposalError?: string | null;
  benchmark?: { party: string; benchmark: string; evidence: string };
  benchmarkError?: string | null;
}

export interface WarningsPageData {
  alliance: { slug: string; name: string };
  /** null: no covenant in force, so nothing can be observed or decided yet */
  covenant: Covenant | null;
  standings: AllianceStandings;
  proposals: ProposalView[];
  observations: ObservationView[];
  transitions: (TransitionView & { bundle: string | null })[];
  forms: WarningForms | null;
  notice?: string | null;
}

export const warningsPath = (alliance: string) => `/alliances/${alliance}/warnings`;
export const proposalPath = (alliance: string, id: number) => `/alliances/${alliance}/proposals/${id}`;

export function decisionLabel(page: PageInfo, d: ProposalView['decision']): string {
  const { t } = page;
  switch (d) {
    case 'warn':
      return t('warnings.decision.warn');
    case 'dismiss':
      return t('warnings.decision.dismiss');
    case 'restore':
      return t('warnings.decision.restore');
    case 'disengage':
      return t('warnings.decision.disengage');
  }
}

function proposalStatusLabel(page: PageInfo, s: ProposalView['status']): string {
  const { t } = page;
  switch (s) {
    case 'open':
      return t('proposal.status.open');
    case 'adopted':
      return t('proposal.status.adopted');
    case 'rejected':
      return t('proposal.status.rejected');
    case 'void':
      return t('proposal.status.void');
  }
}

/** What a tally's count means, in the reader's language (the record says it in English). */
function whyLabel(page: PageInfo, why: TallyWhy): string {
  const { t } = page;
  switch (why.code) {
    case 'objection-blocks':
      return t('proposal.why.objection-blocks');
    case 'waiting-for-all':
      return t('proposal.why.waiting-for-all');
    case 'nobody-for':
      return t('proposal.why.nobody-for');
    case 'unanimous':
      return t('proposal.why.unanimous');
    case 'majority-adopted':
      return t('proposal.why.majority-adopted', { needed: why.needed });
    case 'majority-unreachable':
      return t('proposal.why.majority-unreachable', { needed: why.needed });
    case 'majority-pending':
      return t('proposal.why.majority-pending', { needed: why.needed });
    case 'objection-raised':
      return t('proposal.why.objection-raised');
    case 'silence-closed':
      return t('proposal.why.silence-closed', { days: why.days });
    case 'all-consented':
      return t('proposal.why.all-consented');
    case 'silence-open':
      return t('proposal.why.silence-open', { days: why.days });
  }
}

function choiceLabel(page: PageInfo, c: 'for' | 'against' | 'abstain'): string {
  const { t } = page;
  switch (c) {
    case 'for':
      return t('proposal.choice.for');
    case 'against':
      return t('proposal.choice.against');
    case 'abstain':
      return t('proposal.choice.abstain');
  }
}

function ruleLabel(page: PageInfo, rule: string): string {
  const { t } = page;
  if (rule === 'unanimous') return t('proposal.rule.unanimous');
  if (rule === 'majority') return t('proposal.rule.majority');
  return t('proposal.rule.consent');
}

function eventLabel(page: PageInfo, event: string): string {
  const { t } = page;
  switch (event) {
    case 'trip':
      return t('warnings.event.trip');
    case 'decision':
      return t('warnings.event.decision');
    case 'deadline':
      return t('warnings.event.deadline');
    default:
      return t('warnings.event.benchmark');
  }
}

/** The covenant's own words for its corrective actions and support forms, in the reader's language. */
function words(page: PageInfo) {
  const { labels } = labelsFor(page.locale);
  return {
    action: (a: string) => (labels.action as Record<string, string>)[a] ?? a,
    form: (f: string) => (labels.form as Record<string, string>)[f] ?? f,
  };
}

function Tally(props: { page: PageInfo; p: ProposalView }) {
  const { page, p } = props;
  const { t } = page;
  const x = p.tally;
  if (x === null) return <p>{t('proposal.tally.none')}</p>;
  return (
    <p>
      {t('proposal.tally.counts', { for: x.for.length, against: x.against.length, abstain: x.abstain.length, silent: x.silent.length, eligible: x.eligible.length })} ({ruleLabel(page, x.rule)})
      {x.closesAt && p.status === 'open' ? (
        <>
          {' '}
          {t('proposal.tally.closes')} <When page={page} at={x.closesAt} />
        </>
      ) : null}
    </p>
  );
}

function PartySection(props: { page: PageInfo; covenant: Covenant | null; s: PartyStanding }) {
  const { page, covenant, s } = props;
  const { t } = page;
  const w = words(page);
  const benchmarkText = (id: string) => {
    const b = covenant?.exit.benchmarks.find((x) => x.id === id);
    return b ? pickText(b.text, page.locale).text : id;
  };
  return (
    <section aria-labelledby={`party-${s.party}`} class="party-standing">
      <h3 id={`party-${s.party}`}>
        <bdi>{s.party}</bdi> <Badge kind={s.standing} label={standingLabel(page, s.standing)} />
      </h3>
      {s.since ? (
        <p class="detail">
          {t('warnings.since')} <When page={page} at={s.since} />
        </p>
      ) : null}
      {s.warning ? (
        <p>
          <strong>{t('warnings.window.ends')}</strong> <When page={page} at={s.warning.windowEnds} /> — {t('warnings.window.daysLeft', { days: s.warning.daysLeft })}
        </p>
      ) : null}
      {s.disengaged ? <p>{s.disengaged.immediate ? t('warnings.disengaged.immediate') : t('warnings.disengaged.afterWarning')}</p> : null}
      {s.breaches.length > 0 ? (
        <>
          <h4>{t('warnings.breaches')}</h4>
          <ul>
            {s.breaches.map((b) => (
              <li>
                <code>
                  {b.indicator} {b.threshold}
                </code>{' '}
                ({b.severity === 'red-line' ? t('warnings.severity.redLine') : t('warnings.severity.review')}) <When page={page} at={b.at} />
                <br />
                <span lang="en" dir="ltr">
                  {b.reason}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {s.openTasks.length > 0 ? (
        <>
          <h4>{t('warnings.tasks')}</h4>
          <ul>
            {s.openTasks.map((task) => (
              <li>
                {w.action(task.action)} — {t('warnings.tasks.opened')} <When page={page} at={task.openedAt} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {s.pausedForms.length > 0 || s.paused.length > 0 ? (
        <>
          <h4>{t('warnings.paused')}</h4>
          <p>{s.pausedForms.map(w.form).join(', ')}</p>
          {s.paused.length > 0 ? (
            <ul>
              {s.paused.map((c) => (
                <li>
                  {t('warnings.paused.commitment', { from: isolate(c.from), form: w.form(c.form) })}{' '}
                  {c.recipient === 'people' ? t('warnings.recipient.people') : t('warnings.recipient.leadership')}: <bdi>{c.description}</bdi>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
      {s.warning ? (
        <>
          <h4>{t('warnings.benchmarks')}</h4>
          <ul>
            {s.warning.benchmarks.map((b) => (
              <li>
                <strong>{b.met ? t('warnings.benchmark.met') : t('warnings.benchmark.unmet')}</strong> <code>{b.id}</code>: <bdi>{benchmarkText(b.id)}</bdi>
                {b.metAt ? (
                  <>
                    {' '}
                    <When page={page} at={b.metAt} />
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function ProposalItem(props: { page: PageInfo; alliance: string; p: ProposalView }) {
  const { page, alliance, p } = props;
  const { t } = page;
  return (
    <li>
      <a href={proposalPath(alliance, p.proposal)}>{t('proposal.title', { proposal: p.proposal })}</a>: {decisionLabel(page, p.decision)} — <bdi>{p.party}</bdi>{' '}
      <Badge kind={p.status} label={proposalStatusLabel(page, p.status)} />
      <Tally page={page} p={p} />
    </li>
  );
}

export function WarningsPage(props: { page: PageInfo } & WarningsPageData) {
  const { page, alliance, covenant, standings, proposals, observations, transitions, forms, notice } = props;
  const { t } = page;
  const title = t('warnings.title');
  const open = proposals.filter((p) => p.status === 'open');
  const closed = proposals.filter((p) => p.status !== 'open').slice(0, 20);
  return (
    <Layout page={page} title={title}>
      <Crumbs root={{ href: `/alliances/${alliance.slug}`, name: alliance.name }} />
      <h1>{title}</h1>
      <p>{t('warnings.lead')}</p>
      <Notice text={notice ?? null} />
      {covenant === null ? <p>{t('warnings.noCovenant')}</p> : null}

      <section aria-labelledby="standing">
        <h2 id="standing">{t('warnings.standing.heading')}</h2>
        <p class="detail">
          {t('warnings.standing.asOf')} <When page={page} at={standings.at} />
        </p>
        {standings.parties.map((s) => (
          <PartySection page={page} covenant={covenant} s={s} />
        ))}
      </section>

      <section aria-labelledby="proposals">
        <h2 id="proposals">{t('warnings.proposals.heading')}</h2>
        {open.length === 0 ? (
          <p>{t('warnings.proposals.none')}</p>
        ) : (
          <ul>
            {open.map((p) => (
              <ProposalItem page={page} alliance={alliance.slug} p={p} />
            ))}
          </ul>
        )}
        {closed.length > 0 ? (
          <>
            <h3>{t('warnings.proposals.closed')}</h3>
            <ul>
              {closed.map((p) => (
                <ProposalItem page={page} alliance={alliance.slug} p={p} />
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section aria-labelledby="history">
        <h2 id="history">{t('warnings.history.heading')}</h2>
        {transitions.length === 0 ? (
          <p>{t('warnings.history.none')}</p>
        ) : (
          <ol class="records" reversed>
            {transitions.map((x) => (
              <li>
                <p class="meta">
                  <When page={page} at={x.at} /> <bdi>{x.party}</bdi>: {standingLabel(page, x.from as StandingValue)} → <strong>{standingLabel(page, x.to as StandingValue)}</strong> ({eventLabel(page, x.event)})
                  {x.index !== null ? (
                    <>
                      {' · '}
                      {x.bundle ? <a href={`/archive/${x.bundle}`}>{t('alliance.records.index', { index: x.index })}</a> : t('alliance.records.index', { index: x.index })}
                    </>
                  ) : null}
                </p>
                <p lang="en" dir="ltr">
                  {x.reason}
                </p>
              </li>
            ))}
          </ol>
        )}
        <p>
          <a href="/archive">{t('alliance.records.verify')}</a>
        </p>
      </section>

      <section aria-labelledby="observations">
        <h2 id="observations">{t('warnings.observations.heading')}</h2>
        {observations.length === 0 ? (
          <p>{t('warnings.observations.none')}</p>
        ) : (
          <table>
            <Columns
              labels={[
                t('warnings.observe.at'),
                t('warnings.observe.party'),
                t('warnings.observe.indicator'),
                t('warnings.observe.value'),
                t('warnings.observe.source'),
                t('warnings.observe.evidence'),
              ]}
            />
            <tbody>
              {observations.map((o) => (
                <tr>
                  <td>{o.at}</td>
                  <td>
                    <bdi>{o.party}</bdi>
                  </td>
                  <td>
                    <code>{o.indicator}</code>
                  </td>
                  <td>
                    {o.value}
                    {o.currency ? ` ${o.currency}` : ''}
                  </td>
                  <td>
                    <bdi>{o.source}</bdi>
                  </td>
                  <td>{o.evidence === null ? <span class="detail">{t('warnings.observations.private')}</span> : <bdi class="prose">{o.evidence}</bdi>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {forms && covenant ? <Forms page={page} alliance={alliance.slug} covenant={covenant} standings={standings} forms={forms} /> : null}
    </Layout>
  );
}

function Forms(props: { page: PageInfo; alliance: string; covenant: Covenant; standings: AllianceStandings; forms: WarningForms }) {
  const { page, alliance, covenant, standings, forms } = props;
  const { t } = page;
  const o = forms.observation;
  const parties = standings.parties.map((p) => p.party);
  const warned = standings.parties.filter((p) => p.standing === 'warned').map((p) => p.party);
  const prop = forms.proposal ?? { party: '', decision: '', by: '' };
  const bench = forms.benchmark ?? { party: '', benchmark: '', evidence: '' };
  return (
    <>
      <section aria-labelledby="observe">
        <h2 id="observe">{t('warnings.observe.heading')}</h2>
        <p>{t('warnings.observe.lead')}</p>
        <Refusal page={page} id="observe-error" reason={forms.observationError} />
        <form method="post" action={`/alliances/${alliance}/observations`} class="stack" aria-describedby={forms.observationError ? 'observe-error' : undefined}>
          <Csrf token={forms.csrf} />
          <label for="obs-indicator">{t('warnings.observe.indicator')}</label>
          <select id="obs-indicator" name="indicator" required>
            {covenant.indicators.map((i) => (
              <option value={i.id} selected={i.id === o.indicator}>
                {pickText(i.name, page.locale).text} ({i.id}){i.currency ? `, ${i.currency}` : ''}
              </option>
            ))}
          </select>
          <label for="obs-party">{t('warnings.observe.party')}</label>
          <select id="obs-party" name="party" required>
            {parties.map((p) => (
              <option value={p} selected={p === o.party}>
                {p}
              </option>
            ))}
          </select>
          <label for="obs-at">{t('warnings.observe.at')}</label>
          <input id="obs-at" name="at" type="date" required value={o.at} />
          <label for="obs-value">{t('warnings.observe.value')}</label>
          <input id="obs-value" name="value" type="text" required maxlength={64} value={o.value} aria-describedby="obs-value-hint" />
          <p id="obs-value-hint" class="detail">
            {t('warnings.observe.valueHint')}
          </p>
          <label for="obs-currency">{t('warnings.observe.currency')}</label>
          <input id="obs-currency" name="currency" type="text" maxlength={3} pattern="[A-Z]{3}" value={o.currency} />
          <label for="obs-source">{t('warnings.observe.source')}</label>
          <input id="obs-source" name="source" type="text" required maxlength={200} value={o.source} aria-describedby="obs-source-hint" />
          <p id="obs-source-hint" class="detail">
            {t('warnings.observe.sourceHint')}
          </p>
          <label for="obs-evidence">{t('warnings.observe.evidence')}</label>
          <textarea id="obs-evidence" name="evidence" rows={4} maxlength={4000} dir="auto">
            {`\n${o.evidence}`}
          </textarea>
          <label class="check">
            <input type="checkbox" name="publishEvidence" value="1" checked={o.publish} aria-describedby="obs-publish-hint" /> {t('warnings.observe.publish')}
          </label>
          <p id="obs-publish-hint" class="detail">
            {t('warnings.observe.publishHint')}
          </p>
          <button type="submit">{t('warnings.observe.submit')}</button>
        </form>
      </section>

      <section aria-labelledby="import">
        <h2 id="import">{t('warnings.import.heading')}</h2>
        <p>
          {t('warnings.import.lead')} <code>party,indicator,at,value,source,currency,evidence</code>
        </p>
        <Refusal page={page} id="import-error" reason={forms.importError} />
        {forms.importProblems && forms.importProblems.length > 0 ? (
          <table aria-labelledby="import">
            <Columns labels={[t('warnings.import.line'), t('warnings.import.reason')]} />
            <tbody>
              {forms.importProblems.map((p) => (
                <tr>
                  <td>{p.line}</td>
                  <td lang="en" dir="ltr">
                    {p.reason}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <form method="post" action={`/alliances/${alliance}/observations/import`} enctype="multipart/form-data" class="stack full" aria-describedby={forms.importError ? 'import-error' : undefined}>
          <Csrf token={forms.csrf} />
          <label for="import-file">{t('warnings.import.file')}</label>
          <input id="import-file" name="file" type="file" accept=".csv,text/csv" />
          <label for="import-text">{t('warnings.import.text')}</label>
          <textarea id="import-text" name="csv" rows={6} dir="ltr">
            {`\n${forms.importText ?? ''}`}
          </textarea>
          <button type="submit">{t('warnings.import.submit')}</button>
        </form>
      </section>

      <section aria-labelledby="propose">
        <h2 id="propose">{t('warnings.propose.heading')}</h2>
        <p>{t('warnings.propose.lead')}</p>
        <Refusal page={page} id="propose-error" reason={forms.proposalError} />
        <form method="post" action={`/alliances/${alliance}/proposals`} class="stack" aria-describedby={forms.proposalError ? 'propose-error' : undefined}>
          <Csrf token={forms.csrf} />
          <label for="propose-party">{t('warnings.propose.party')}</label>
          <select id="propose-party" name="party" required>
            {parties.map((p) => (
              <option value={p} selected={p === prop.party}>
                {p}
              </option>
            ))}
          </select>
          <label for="propose-decision">{t('warnings.propose.decision')}</label>
          <select id="propose-decision" name="decision" required>
            {(['warn', 'dismiss', 'restore', 'disengage'] as const).map((d) => (
              <option value={d} selected={d === prop.decision}>
                {decisionLabel(page, d)}
              </option>
            ))}
          </select>
          <ByParty page={page} id="propose-by" actedFor={forms.actedFor} value={prop.by} />
          <button type="submit">{t('warnings.propose.submit')}</button>
        </form>
      </section>

      {warned.length > 0 ? (
        <section aria-labelledby="benchmark">
          <h2 id="benchmark">{t('warnings.benchmark.heading')}</h2>
          <p>{t('warnings.benchmark.lead')}</p>
          <Refusal page={page} id="benchmark-error" reason={forms.benchmarkError} />
          <form method="post" action={`/alliances/${alliance}/benchmarks`} class="stack" aria-describedby={forms.benchmarkError ? 'benchmark-error' : undefined}>
            <Csrf token={forms.csrf} />
            <label for="benchmark-party">{t('warnings.benchmark.party')}</label>
            <select id="benchmark-party" name="party" required>
              {warned.map((p) => (
                <option value={p} selected={p === bench.party}>
                  {p}
                </option>
              ))}
            </select>
            <label for="benchmark-id">{t('warnings.benchmark.which')}</label>
            <select id="benchmark-id" name="benchmark" required>
              {covenant.exit.benchmarks.map((b) => (
                <option value={b.id} selected={b.id === bench.benchmark}>
                  {b.id}: {pickText(b.text, page.locale).text.slice(0, 80)}
                </option>
              ))}
            </select>
            <label for="benchmark-evidence">{t('warnings.benchmark.evidence')}</label>
            <textarea id="benchmark-evidence" name="evidence" rows={4} maxlength={4000} required dir="auto">
              {`\n${bench.evidence}`}
            </textarea>
            <button type="submit">{t('warnings.benchmark.submit')}</button>
          </form>
        </section>
      ) : null}
    </>
  );
}

/** "On behalf of": only asked when the reader speaks for more than one party. */
function ByParty(props: { page: PageInfo; id: string; actedFor: string[]; value: string; name?: string }) {
  const { page, id, actedFor, value } = props;
  const name = props.name ?? 'by';
  if (actedFor.length <= 1) return actedFor[0] ? <input type="hidden" name={name} value={actedFor[0]} /> : null;
  return (
    <>
      <label for={id}>{page.t('warnings.onBehalf')}</label>
      <select id={id} name={name} required>
        {actedFor.map((p) => (
          <option value={p} selected={p === value}>
            {p}
          </option>
        ))}
      </select>
    </>
  );
}

// ---------------------------------------------------------------- one proposal

export interface ProposalPageData {
  alliance: { slug: string; name: string };
  proposal: ProposalView;
  bundle: string | null;
  /** the vote form; null when the reader cannot vote (signed out, only the subject, or closed) */
  vote: { csrf: string; voters: string[]; party: string; choice: string; error?: string | null } | null;
  /** a refused vote when there is no form to show it beside (e.g. sent for the party decided on) */
  error?: string | null;
  notice?: string | null;
}

export function ProposalPage(props: { page: PageInfo } & ProposalPageData) {
  const { page, alliance, proposal: p, bundle, vote, notice, error } = props;
  const { t } = page;
  const title = t('proposal.title', { proposal: p.proposal });
  return (
    <Layout page={page} title={title}>
      <Crumbs root={{ href: `/alliances/${alliance.slug}`, name: alliance.name }} step={{ href: warningsPath(alliance.slug), label: t('warnings.title') }} />
      <h1>{title}</h1>
      <Notice text={notice ?? null} />
      {vote ? null : <Refusal page={page} id="vote-error" reason={error} />}
      <dl>
        <dt>{t('proposal.decision')}</dt>
        <dd>
          {decisionLabel(page, p.decision)} — <bdi>{p.party}</bdi>
        </dd>
        <dt>{t('alliance.versions.status')}</dt>
        <dd>
          <Badge kind={p.status} label={proposalStatusLabel(page, p.status)} />
        </dd>
        <dt>{t('proposal.openedBy')}</dt>
        <dd>{p.openedBy === null ? t('proposal.openedBy.operator') : <bdi>{p.openedBy}</bdi>}</dd>
        <dt>{t('proposal.openedAt')}</dt>
        <dd>
          <When page={page} at={p.openedAt} />
        </dd>
        {p.closedAt ? (
          <>
            <dt>{t('proposal.closedAt')}</dt>
            <dd>
              <When page={page} at={p.closedAt} />
            </dd>
          </>
        ) : null}
        {p.index !== null ? (
          <>
            <dt>{t('proposal.record')}</dt>
            <dd>{bundle ? <a href={`/archive/${bundle}`}>{t('alliance.records.index', { index: p.index })}</a> : t('alliance.records.index', { index: p.index })}</dd>
          </>
        ) : null}
      </dl>
      {p.reason ? (
        <details>
          <summary>{t('proposal.recordText')}</summary>
          <p lang="en" dir="ltr">
            {p.reason}
          </p>
        </details>
      ) : null}

      <section aria-labelledby="tally">
        <h2 id="tally">{t('proposal.tally.heading')}</h2>
        <Tally page={page} p={p} />
        {p.tally ? <p class="detail">{whyLabel(page, p.tally.why)}</p> : null}
      </section>

      <section aria-labelledby="votes">
        <h2 id="votes">{t('proposal.votes.heading')}</h2>
        {p.votes.length === 0 ? (
          <p>{t('proposal.votes.none')}</p>
        ) : (
          <ul>
            {p.votes.map((v) => (
              <li>
                <bdi>{v.party}</bdi>: <strong>{choiceLabel(page, v.choice)}</strong> <When page={page} at={v.at} />
              </li>
            ))}
          </ul>
        )}
      </section>

      {vote ? (
        <section aria-labelledby="vote">
          <h2 id="vote">{t('proposal.vote.heading')}</h2>
          <p>{t('proposal.vote.lead')}</p>
          <Refusal page={page} id="vote-error" reason={vote.error} />
          <form method="post" action={`${proposalPath(alliance.slug, p.proposal)}/votes`} class="stack" aria-describedby={vote.error ? 'vote-error' : undefined}>
            <Csrf token={vote.csrf} />
            <ByParty page={page} id="vote-party" actedFor={vote.voters} value={vote.party} name="party" />
            <fieldset>
              <legend>{t('proposal.vote.choice')}</legend>
              {(['for', 'against', 'abstain'] as const).map((c) => (
                <label class="check">
                  <input type="radio" name="choice" value={c} required checked={c === vote.choice} /> {choiceLabel(page, c)}
                </label>
              ))}
            </fieldset>
            <button type="submit">{t('proposal.vote.submit')}</button>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}

/**
 * /alliances/:slug/health (issue 5 §7): the alliance's health at a glance — who is in a
 * corrective phase and how many days their window has left, first; then per party its standing
 * (a word and a shape, never colour alone), its open warning with the benchmarks met or not, its
 * open tasks and paused support, and a table of the covenant's tests: the indicator, when it
 * trips, the reading now in words, and its history over the last audit cycles as a small chart
 * (src/render/sparkline.ts: inline SVG, no script, nothing inline the CSP would refuse); then the
 * support flowing between the parties and each party's local ratio for the current cycle.
 * Works with JavaScript off; every string in five languages; user text isolated for RTL.
 * The charts run left to right in every language (time's axis, as in print); their text
 * alternative and the readings beside them carry the same facts.
 */
import { raw } from 'hono/html';
import type { AllianceHealth, PartyHealth, TestHealth } from '../../services/health-views.js';
import type { StandingValue } from '../../store/schema.js';
import { pickText } from '../../domain/covenant/render-model.js';
import type { Text } from '../../domain/covenant/index.js';
import { sparkline, type ChartComparison } from '../../render/sparkline.js';
import { Layout } from './layout.js';
import type { PageInfo } from './page.js';
import { isolate } from './format.js';
import { Badge, When, standingLabel } from './covenant-parts.js';
import { Crumbs } from './crumbs.js';
import { Columns } from './columns.js';

/** A shape per standing, so the state reads without colour (the word is always beside it). */
const STANDING_SHAPE: Record<StandingValue, string> = { good: '●', review: '◆', warned: '▲', restored: '■', disengaged: '✖' };
const SYMBOL: Record<ChartComparison, string> = { '<': '<', '<=': '≤', '>': '>', '>=': '≥', '=': '=', '!=': '≠' };

export function healthPath(slug: string): string {
  return `/alliances/${slug}/health`;
}

export function HealthPage(props: { page: PageInfo; health: AllianceHealth }) {
  const { page, health: h } = props;
  const { t } = page;
  const open = h.parties.filter((p) => p.standing === 'review' || p.standing === 'warned');
  return (
    <Layout page={page} title={t('health.title', { alliance: isolate(h.name) })}>
      <Crumbs root={{ href: `/alliances/${h.alliance}`, name: h.name }} />
      <h1>{t('health.title', { alliance: isolate(h.name) })}</h1>
      <p>
        {t('health.readAt')} <When page={page} at={h.at} />
      </p>
      {h.covenant === null ? <p>{t('health.noCovenant')}</p> : null}

      <section aria-labelledby="glance">
        <h2 id="glance">{t('health.glance.heading')}</h2>
        <p class={open.length > 0 ? 'notice' : undefined}>{t('health.glance.summary', { open: open.length })}</p>
        <div class="scroll">
          <table class="glance">
            <Columns labels={[t('health.glance.party'), t('health.party.standing'), t('health.glance.window'), t('health.glance.tripped')]} />
            <tbody>
              {h.parties.map((p) => (
                <tr>
                  <th scope="row">
                    <a href={`#party-${p.party}`}>
                      <bdi>{p.name}</bdi>
                    </a>
                  </th>
                  <td>
                    <Standing page={page} standing={p.standing} />
                  </td>
                  <td>{p.warning ? t('health.warning.daysLeft', { days: p.warning.daysLeft }) : '—'}</td>
                  <td>{t('health.glance.trippedCount', { count: p.tests.filter((x) => x.tripped).length, total: p.tests.length })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {h.parties.map((p) => (
        <PartySection page={page} party={p} cycles={h.cycles.length} />
      ))}

      <Support page={page} health={h} />
      <Local page={page} health={h} />
    </Layout>
  );
}

function Standing(props: { page: PageInfo; standing: StandingValue }) {
  return (
    <>
      <span class={`mark ${props.standing}`} aria-hidden="true">
        {STANDING_SHAPE[props.standing]}
      </span>{' '}
      <Badge kind={props.standing} label={standingLabel(props.page, props.standing)} />
    </>
  );
}

function Picked(props: { page: PageInfo; text: Text | null; fallback: string }) {
  if (props.text === null) return <code>{props.fallback}</code>;
  const p = pickText(props.text, props.page.locale);
  return <bdi lang={p.lang}>{p.text}</bdi>;
}

function PartySection(props: { page: PageInfo; party: PartyHealth; cycles: number }) {
  const { page, party: p } = props;
  const { t } = page;
  return (
    <section aria-labelledby={`party-${p.party}`} class="health-party">
      <h2 id={`party-${p.party}`}>
        <bdi>{p.name}</bdi>
      </h2>
      <p>
        {t('health.party.standing')}: <Standing page={page} standing={p.standing} />
        {p.since ? (
          <>
            {' '}
            {t('health.party.since')} <When page={page} at={p.since} />
          </>
        ) : null}
      </p>
      {p.warning ? (
        <div class="warning-box">
          <p>
            <strong>{t('health.warning.daysLeft', { days: p.warning.daysLeft })}</strong> {t('health.warning.windowEnds')} <When page={page} at={p.warning.windowEnds} />
          </p>
          <h3>{t('health.benchmarks.heading')}</h3>
          <ul class="benchmarks">
            {p.warning.benchmarks.map((b) => (
              <li>
                <span class="mark" aria-hidden="true">
                  {b.met ? '✔' : '○'}
                </span>{' '}
                <Picked page={page} text={b.text} fallback={b.id} />: <strong>{b.met ? t('health.benchmark.met') : t('health.benchmark.unmet')}</strong>
                {b.metAt ? (
                  <>
                    {' '}
                    <When page={page} at={b.metAt} />
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {p.openTasks.length > 0 ? (
        <p>
          {t('health.tasks')}{' '}
          {p.openTasks.map((x, i) => (
            <>
              {i > 0 ? ', ' : ''}
              <code>{x.action}</code>
            </>
          ))}
        </p>
      ) : null}
      {p.paused.length > 0 ? (
        <p>
          {t('health.paused')}{' '}
          {p.paused.map((f, i) => (
            <>
              {i > 0 ? ', ' : ''}
              <code>{f}</code>
            </>
          ))}
        </p>
      ) : null}
      {p.tests.length > 0 ? (
        <div class="scroll">
          <table class="tests">
            <caption>{t('health.tests.caption', { count: props.cycles })}</caption>
            <Columns labels={[t('health.tests.indicator'), t('health.tests.now'), t('health.tests.history')]} />
            <tbody>
              {p.tests.map((x) => (
                <TestRow page={page} test={x} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

/** The value as words: days, money with its currency, yes or no, a percent change. */
function valueText(page: PageInfo, x: TestHealth, value: string): string {
  const { t } = page;
  if (x.change) return `${value}%`;
  if (x.kind === 'yes-no') return value === 'true' ? t('health.value.yes') : t('health.value.no');
  if (x.kind === 'days-since' && /^\d{1,15}$/.test(value)) return t('health.value.days', { days: Number(value) });
  if (x.kind === 'amount' && x.currency !== null) return `${value} ${x.currency}`;
  return value;
}

function thresholdText(page: PageInfo, x: TestHealth): string {
  const symbol = SYMBOL[x.limit.comparison];
  const v = valueText(page, x, x.limit.value);
  if (x.change) return page.t('health.threshold.change', { comparison: symbol, percent: x.limit.value, cycles: x.window ?? 1 });
  return `${symbol} ${v}`;
}

function TestRow(props: { page: PageInfo; test: TestHealth }) {
  const { page, test: x } = props;
  const { t } = page;
  const name = x.name === null ? x.indicator : pickText(x.name, page.locale).text;
  const threshold = thresholdText(page, x);
  const now = x.value === null ? t('health.tests.none') : valueText(page, x, x.value);
  const status = x.value === null ? t('health.tests.none') : x.tripped ? t('health.tests.tripped') : t('health.tests.ok');
  const chart = sparkline({
    points: x.history.map((h) => ({ value: h.value, tripped: h.tripped })),
    kind: x.change ? 'change' : x.kind === 'yes-no' ? 'yes-no' : 'level',
    threshold: x.limit,
    thresholdLabel: x.change ? `${SYMBOL[x.limit.comparison]} ${x.limit.value}%` : `${SYMBOL[x.limit.comparison]} ${x.kind === 'yes-no' ? valueText(page, x, x.limit.value) : x.limit.value}`,
    label:
      x.value === null
        ? t('health.chart.empty', { indicator: name, threshold, count: x.history.length })
        : t('health.chart.label', { indicator: name, value: now, threshold, status, count: x.history.length }),
  });
  return (
    <tr class={x.tripped ? 'tripped' : undefined}>
      <th scope="row">
        <Picked page={page} text={x.name} fallback={x.indicator} />
        {x.severity === 'red-line' ? (
          <>
            {' '}
            <Badge kind="red-line" label={t('health.tests.redLine')} />
          </>
        ) : null}
        <br />
        <small>
          {t('health.tests.trips')} <span dir="ltr">{threshold}</span>
        </small>
      </th>
      <td>
        <span class="mark" aria-hidden="true">
          {x.value === null ? '○' : x.tripped ? '✖' : '●'}
        </span>{' '}
        <strong>{now}</strong>
        {x.value !== null ? (
          <>
            {' '}
            ({status})
          </>
        ) : null}
        {x.direction === 'toward' && !x.tripped ? (
          <>
            <br />
            <small>{t('health.tests.toward')}</small>
          </>
        ) : null}
      </td>
      <td class="chart">{raw(chart)}</td>
    </tr>
  );
}

function Support(props: { page: PageInfo; health: AllianceHealth }) {
  const { page, health: h } = props;
  const { t } = page;
  return (
    <section aria-labelledby="support">
      <h2 id="support">{t('health.support.heading')}</h2>
      {h.support.length === 0 ? (
        <p>{t('health.support.none')}</p>
      ) : (
        <div class="scroll">
          <table>
            <Columns
              labels={[
                t('health.support.flow'),
                t('health.support.form'),
                t('health.support.recipient'),
                t('health.support.status'),
                t('health.support.money'),
              ]}
            />
            <tbody>
              {h.support.map((f) => (
                <tr>
                  <th scope="row">
                    <bdi>{f.from}</bdi> → <bdi>{f.to}</bdi>
                  </th>
                  <td>
                    <code>{f.form}</code> ({t('health.support.commitments', { count: f.commitments })})
                  </td>
                  <td>{f.recipient === 'people' ? t('health.support.toPeople') : t('health.support.toLeadership')}</td>
                  <td>
                    <Badge kind={f.status} label={supportStatus(page, f.status)} />
                  </td>
                  <td>
                    {f.totals.length === 0
                      ? '—'
                      : f.totals.map((x, i) => (
                          <>
                            {i > 0 ? <br /> : null}
                            <span dir="ltr">
                              {x.amount} {x.currency}
                            </span>
                          </>
                        ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function supportStatus(page: PageInfo, status: 'active' | 'paused' | 'stopped' | 'ended'): string {
  const { t } = page;
  switch (status) {
    case 'active':
      return t('health.support.active');
    case 'paused':
      return t('health.support.paused');
    case 'stopped':
      return t('health.support.stopped');
    case 'ended':
      return t('health.support.ended');
  }
}

function Local(props: { page: PageInfo; health: AllianceHealth }) {
  const { page, health: h } = props;
  const { t } = page;
  if (h.local === null) return null;
  const cycle = h.local.cycles.at(-1);
  const rows = cycle === undefined ? [] : h.local.rows.filter((r) => r.cycle === cycle.n);
  return (
    <section aria-labelledby="local">
      <h2 id="local">{t('health.local.heading')}</h2>
      <div class="scroll">
        <table>
          <Columns labels={[t('health.glance.party'), t('health.local.actions'), t('health.local.abroad'), t('health.local.ratio')]} />
          <tbody>
            {rows.map((r) => (
              <tr>
                <th scope="row">
                  <bdi>{h.parties.find((p) => p.party === r.party)?.name ?? r.party}</bdi>
                </th>
                <td>{r.local}</td>
                <td>{r.abroad}</td>
                <td>
                  {r.ratio ?? '—'}
                  {r.reminder ? (
                    <>
                      {' '}
                      <strong class="reminder">{t('health.local.reminder')}</strong>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

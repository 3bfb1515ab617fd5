/**
 * /alliances/:slug/cycles: the alliance's audit cycles (issue 4 §1–3, §7). For the chosen cycle
 * (the latest unless ?n=): its bounds in the reader's zone and in each party's, the announced
 * sources, the triads by pseudonym with what it takes to re-run each draw (the archived pool,
 * sources and rule, and the `daylight draw` command), every assignment with its scorecard's
 * status; then every cycle so far, the calendar feed, and the form that opens the next cycle
 * for the parties' admins and delegates. Everything here is public: it is in the archive.
 */
import type { CycleView } from '../../services/cycles.js';
import type { CardRef, CycleSummary, DrawRecord } from '../../services/audit-views.js';
import { Layout } from './layout.js';
import type { PageInfo } from './page.js';
import { isolate, shellQuote } from './format.js';
import { Csrf, Notice, Refusal } from './covenant-parts.js';
import type { Rhythm } from '../../domain/audit/index.js';
import { CardStatus, WhenIn, calendarPath, cycleTitle, cyclesPath, scorecardPath, triadPath } from './cycle-parts.js';
import { Crumbs } from './crumbs.js';
import { Columns } from './columns.js';

export interface PartyZone {
  slug: string;
  name: string;
  timeZone: string;
}

export interface NextCycle {
  rhythm: Rhythm;
  n: number;
  start: string;
  end: string;
  /** the instant the form sends: inside the cycle to open */
  at: string;
}

export interface CyclesPageData {
  alliance: { slug: string; name: string };
  cycles: CycleSummary[];
  /** the cycle shown in full; null before the first opens */
  cycle: CycleView | null;
  cards: CardRef[];
  draws: DrawRecord[];
  zones: PartyZone[];
  /** the reader's time zone, when named; else UTC */
  tz: string | null;
  /** the cycle the open form would open, when the reader may open one */
  next: NextCycle | null;
  /** the reader's seats in the shown cycle's triads */
  seats: { party: string; pseudonym: string }[];
  csrf: string | null;
  sources?: string;
  error?: string | null;
  notice?: string | null;
}

export function CyclesPage(props: { page: PageInfo } & CyclesPageData) {
  const { page, alliance, cycle, cycles, tz, notice, error } = props;
  const { t } = page;
  const title = t('cycle.title', { alliance: isolate(alliance.name) });
  return (
    <Layout page={page} title={title}>
      <Crumbs root={{ href: `/alliances/${alliance.slug}`, name: alliance.name }} />
      <h1>{title}</h1>
      <Notice text={notice ?? null} />
      <Refusal page={page} reason={error} />
      <p>{t('cycle.lead')}</p>
      <ZoneChooser page={page} alliance={alliance.slug} zones={props.zones} tz={tz} n={cycle?.n} />
      {cycle ? <CycleDetail {...props} cycle={cycle} /> : <p>{t('cycle.none')}</p>}
      <OpenForm {...props} />
      <section aria-labelledby="all-cycles">
        <h2 id="all-cycles">{t('cycle.all.heading')}</h2>
        {cycles.length === 0 ? <p>{t('cycle.none')}</p> : <CycleTable page={page} alliance={alliance.slug} cycles={cycles} tz={tz} shown={cycle?.n} />}
      </section>
      <section aria-labelledby="calendar">
        <h2 id="calendar">{t('cycle.calendar.heading')}</h2>
        <p>{t('cycle.calendar.lead')}</p>
        <p>
          <a class="button" href={calendarPath(alliance.slug)} type="text/calendar">
            {t('cycle.calendar.subscribe')}
          </a>{' '}
          <code>{calendarPath(alliance.slug)}</code>
        </p>
      </section>
    </Layout>
  );
}

/** A GET form: the reader names a time zone; works with JavaScript off. */
function ZoneChooser(props: { page: PageInfo; alliance: string; zones: PartyZone[]; tz: string | null; n: number | undefined }) {
  const { page, zones, tz, n } = props;
  const { t } = page;
  const names = [...new Set(['UTC', ...zones.map((z) => z.timeZone), ...(tz ? [tz] : [])])];
  return (
    <form method="get" action={`/alliances/${props.alliance}/cycles`} class="row">
      {n === undefined ? null : <input type="hidden" name="n" value={String(n)} />}
      <label for="tz">{t('cycle.tz.label')}</label>
      <select id="tz" name="tz">
        {names.map((z) => (
          <option value={z} selected={z === (tz ?? 'UTC')}>
            {z}
          </option>
        ))}
      </select>
      <button type="submit">{t('cycle.tz.show')}</button>
    </form>
  );
}

function CycleDetail(props: { page: PageInfo; cycle: CycleView } & CyclesPageData) {
  const { page, cycle, tz, zones, seats, alliance } = props;
  const { t } = page;
  return (
    <section aria-labelledby="cycle">
      <h2 id="cycle">{t('cycle.heading', { label: cycleTitle(page.locale, cycle.rhythm, cycle.n) })}</h2>
      <dl>
        <dt>{t('cycle.start')}</dt>
        <dd>
          <WhenIn page={page} at={cycle.start} tz={tz} />
        </dd>
        <dt>{t('cycle.end')}</dt>
        <dd>
          <WhenIn page={page} at={cycle.end} tz={tz} />
        </dd>
        <dt>{t('cycle.opened')}</dt>
        <dd>
          <WhenIn page={page} at={cycle.openedAt} tz={tz} />
        </dd>
        <dt>{t('cycle.rhythm')}</dt>
        <dd>{cycle.rhythm === 'lunar' ? t('cycle.rhythm.lunar') : t('cycle.rhythm.quarterly')}</dd>
        <dt>{t('cycle.covenant')}</dt>
        <dd>
          <a href={`/alliances/${alliance.slug}/covenant/versions/${cycle.version}`}>{t('covenant.version.short', { version: cycle.version })}</a>
        </dd>
        <dt>{t('cycle.assignment')}</dt>
        <dd>{cycle.assignment.kind === 'all-to-all' ? t('cycle.assignment.all') : t('cycle.assignment.rotating', { k: cycle.assignment.reviewers ?? 2 })}</dd>
      </dl>
      {seats.length > 0 ? (
        <p>
          <a class="button" href={triadPath(alliance.slug, cycle.n)}>
            {t('cycle.workspace', { party: isolate(seats[0]!.party) })}
          </a>
        </p>
      ) : null}
      <h3>{t('cycle.zones.heading')}</h3>
      <div class="scroll">
        <table>
          <Columns labels={[t('cycle.zones.party'), t('cycle.zones.zone'), t('cycle.start'), t('cycle.end')]} />
          <tbody>
            {zones.map((z) => (
              <tr>
                <th scope="row">
                  <bdi>{z.name}</bdi>
                </th>
                <td>
                  <code>{z.timeZone}</code>
                </td>
                <td>
                  <WhenIn page={page} at={cycle.start} tz={z.timeZone} />
                </td>
                <td>
                  <WhenIn page={page} at={cycle.end} tz={z.timeZone} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Assignments {...props} />
      <Sources page={page} cycle={cycle} />
      <Draws page={page} draws={props.draws} cycle={cycle} />
    </section>
  );
}

function Assignments(props: { page: PageInfo; cycle: CycleView } & CyclesPageData) {
  const { page, cycle, cards, seats, alliance } = props;
  const { t } = page;
  const mine = new Set(seats.map((s) => s.party));
  return (
    <>
      <h3>{t('cycle.assignments.heading')}</h3>
      <div class="scroll">
        <table>
          <Columns labels={[t('cycle.assignments.reviewer'), t('cycle.assignments.reviewee'), t('cycle.assignments.status')]} />
          <tbody>
            {cards.map((c) => (
              <tr>
                <td>
                  <code>{c.reviewer}</code>
                </td>
                <td>
                  <code>{c.reviewee}</code>
                </td>
                <td>
                  <CardStatus page={page} status={c.status} />{' '}
                  {c.status === 'published' ? (
                    <a href={scorecardPath(c.id)}>{t('cycle.assignments.read')}</a>
                  ) : mine.has(c.reviewer) ? (
                    <a href={`${triadPath(alliance.slug, cycle.n)}#card-${c.id}`}>{t('cycle.assignments.rate')}</a>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Sources(props: { page: PageInfo; cycle: CycleView }) {
  const { page, cycle } = props;
  const { t } = page;
  return (
    <>
      <h3>{t('cycle.sources.heading')}</h3>
      <p>{t('cycle.sources.lead')}</p>
      <ol>
        {cycle.sources.map((s, i) => (
          <li>
            <code>{s}</code>
            {i === 0 ? <span class="detail"> {t('cycle.sources.checkpoint', { size: cycle.checkpoint.size })}</span> : null}
          </li>
        ))}
      </ol>
    </>
  );
}

function Draws(props: { page: PageInfo; draws: DrawRecord[]; cycle: CycleView }) {
  const { page, draws, cycle } = props;
  const { t } = page;
  return (
    <>
      <h3>{t('cycle.triads.heading')}</h3>
      {cycle.triads.map((triad) => {
        const d = draws.find((x) => x.party === triad.party);
        return (
          <article class="draw" aria-labelledby={`triad-${triad.party}`}>
            <h4 id={`triad-${triad.party}`}>
              <code>{triad.party}</code>
            </h4>
            <p>
              {triad.members.map((m, i) => (
                <>
                  {i > 0 ? ', ' : ''}
                  <bdi>{m}</bdi>
                </>
              ))}
              {triad.newRound ? <span class="detail"> {t('cycle.triads.newRound')}</span> : null}
            </p>
            {d ? <Rerun page={page} draw={d} /> : null}
          </article>
        );
      })}
    </>
  );
}

/** What anyone needs to re-run one party's draw: the archived pool file, sources and rule. */
function Rerun(props: { page: PageInfo; draw: DrawRecord }) {
  const { page, draw: d } = props;
  const { t } = page;
  const file = `${d.party}-pool.txt`;
  const snippet = [
    `printf '%s\\n' ${d.pool.map(shellQuote).join(' ')} > ${shellQuote(file)}`,
    ['daylight draw', ...d.sources.map((s) => `--source ${shellQuote(s)}`), `--pool ${shellQuote(file)}`, `--select ${d.pool.length}`].join(' '),
  ].join('\n');
  return (
    <details>
      <summary>{t('cycle.rerun.summary')}</summary>
      <p>{t('cycle.rerun.lead', { size: d.size })}</p>
      <pre>{snippet}</pre>
      <dl>
        <dt>{t('cycle.rerun.served')}</dt>
        <dd>{d.servedBefore.length === 0 ? t('cycle.rerun.nobody') : <bdi>{d.servedBefore.join(', ')}</bdi>}</dd>
        <dt>{t('cycle.rerun.officeholders')}</dt>
        <dd>
          {d.officeholders.length === 0 ? t('cycle.rerun.nobody') : <bdi>{d.officeholders.join(', ')}</bdi>}
          {d.quotas.officeholder === undefined ? null : <> {t('cycle.rerun.quota', { max: d.quotas.officeholder })}</>}
        </dd>
        <dt>{t('cycle.rerun.key')}</dt>
        <dd>
          <code>{d.key}</code>
        </dd>
        <dt>{t('cycle.rerun.record')}</dt>
        <dd>{t('alliance.records.index', { index: d.index })}</dd>
      </dl>
    </details>
  );
}

function CycleTable(props: { page: PageInfo; alliance: string; cycles: CycleSummary[]; tz: string | null; shown: number | undefined }) {
  const { page, alliance, cycles, tz, shown } = props;
  const { t } = page;
  const tzq = tz ? `&tz=${encodeURIComponent(tz)}` : '';
  return (
    <div class="scroll">
      <table>
        <Columns labels={[t('cycle.all.cycle'), t('cycle.start'), t('cycle.end'), t('cycle.all.published')]} />
        <tbody>
          {cycles.map((c) => (
            <tr>
              <th scope="row">
                <a href={`${cyclesPath(alliance, c.n)}${tzq}`} aria-current={c.n === shown ? 'true' : undefined}>
                  {cycleTitle(page.locale, c.rhythm, c.n)}
                </a>
              </th>
              <td>
                <WhenIn page={page} at={c.start} tz={tz} />
              </td>
              <td>
                <WhenIn page={page} at={c.end} tz={tz} />
              </td>
              <td>{t('cycle.all.count', { published: c.published, total: c.scorecards })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function OpenForm(props: { page: PageInfo } & CyclesPageData) {
  const { page, next, csrf, alliance, tz } = props;
  const { t } = page;
  if (!next || !csrf) return null;
  const label = cycleTitle(page.locale, next.rhythm, next.n);
  return (
    <section aria-labelledby="open">
      <h2 id="open">{t('cycle.open.heading')}</h2>
      <p>
        {t('cycle.open.lead', { label })} <WhenIn page={page} at={next.start} tz={tz} /> – <WhenIn page={page} at={next.end} tz={tz} />
      </p>
      <form method="post" action={`/alliances/${alliance.slug}/cycles`} class="stack wide">
        <Csrf token={csrf} />
        <input type="hidden" name="at" value={next.at} />
        <label for="sources">{t('cycle.open.sources')}</label>
        <textarea id="sources" name="sources" rows={3} aria-describedby="sources-hint" dir="ltr">
          {`\n${props.sources ?? ''}`}
        </textarea>
        <p id="sources-hint" class="detail">
          {t('cycle.open.sourcesHint')}
        </p>
        <button type="submit">{t('cycle.open.submit', { label })}</button>
      </form>
    </section>
  );
}

/**
 * /alliances/:slug/lessons and /alliances/:slug/lessons/:n (issue 5 §6): "Every failed alliance
 * is data… Analyze where early warning signs were missed." The list, with a form to assemble a
 * draft; one lesson: the missed signals each with its explanation, the authors' analysis, then
 * the timeline (standing transitions, warnings with benchmarks, decisions with tallies), the
 * indicators read per cycle and the scorecard medians. Parties' admins and delegates edit the
 * title and analysis and publish while it is a draft. Plain forms: works with JavaScript off.
 * Explanations, reasons and the authors' text are shown as written (the domain's explanations
 * are English, marked lang="en"); user text gets dir="auto".
 */
import type { CaseStudy, LessonSummary, LessonView } from '../../services/lessons.js';
import { Layout } from './layout.js';
import type { PageInfo } from './page.js';
import { Badge, Csrf, Notice, Prose, Refusal, When } from './covenant-parts.js';
import { Crumbs } from './crumbs.js';
import { Columns } from './columns.js';

export const lessonsPath = (alliance: string) => `/alliances/${alliance}/lessons`;
export const lessonPath = (alliance: string, n: number) => `${lessonsPath(alliance)}/${n}`;

function statusLabel(page: PageInfo, status: 'draft' | 'published'): string {
  return status === 'draft' ? page.t('lesson.status.draft') : page.t('lesson.status.published');
}

export interface LessonListData {
  alliance: { slug: string; name: string };
  parties: string[];
  lessons: LessonSummary[];
  /** the draft form's token; null hides the form (not an admin or delegate of a party) */
  csrf: string | null;
  error?: string | null;
}

export function LessonListPage(props: { page: PageInfo } & LessonListData) {
  const { page, alliance, parties, lessons, csrf, error } = props;
  const { t } = page;
  return (
    <Layout page={page} title={t('lesson.list.title')}>
      <Crumbs root={{ href: `/alliances/${alliance.slug}`, name: alliance.name }} />
      <h1>{t('lesson.list.title')}</h1>
      <p>{t('lesson.list.lead')}</p>
      {lessons.length === 0 ? (
        <p>{t('lesson.list.none')}</p>
      ) : (
        <table>
          <Columns
            labels={[
              t('lesson.list.number'),
              t('lesson.list.titleColumn'),
              t('lesson.list.party'),
              t('lesson.list.status'),
              t('lesson.signals.heading'),
            ]}
          />
          <tbody>
            {lessons.map((l) => (
              <tr>
                <td>{l.lesson}</td>
                <td>
                  <a href={lessonPath(alliance.slug, l.lesson)}>
                    <bdi>{l.title}</bdi>
                  </a>
                </td>
                <td>{l.party ?? t('lesson.alliance')}</td>
                <td>
                  <Badge kind={l.status} label={statusLabel(page, l.status)} />
                </td>
                <td>{l.missedSignals}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {csrf ? (
        <section aria-labelledby="draft">
          <h2 id="draft">{t('lesson.draft.heading')}</h2>
          <Refusal page={page} reason={error} />
          <form method="post" action={lessonsPath(alliance.slug)}>
            <Csrf token={csrf} />
            <p>
              <label for="lesson-party">{t('lesson.draft.party')}</label>
              <select id="lesson-party" name="party">
                <option value="">{t('lesson.alliance')}</option>
                {parties.map((p) => (
                  <option value={p}>{p}</option>
                ))}
              </select>
            </p>
            <p>
              <label for="lesson-title">{t('lesson.draft.title')}</label>
              <input id="lesson-title" name="title" maxlength={200} />
            </p>
            <p>
              <button type="submit">{t('lesson.draft.submit')}</button>
            </p>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}

export interface LessonForm {
  title: string;
  analysis: string;
}

export interface LessonPageData {
  alliance: { slug: string; name: string };
  lesson: LessonView;
  /** the edit and publish forms' token while a draft; null hides them */
  csrf: string | null;
  form: LessonForm;
  error?: string | null;
  notice?: string | null;
}

export function LessonPage(props: { page: PageInfo } & LessonPageData) {
  const { page, alliance, lesson: l, csrf, form, error, notice } = props;
  const { t } = page;
  const s = l.study;
  const here = lessonPath(alliance.slug, l.lesson);
  return (
    <Layout page={page} title={l.title}>
      <Crumbs root={{ href: `/alliances/${alliance.slug}`, name: alliance.name }} step={{ href: lessonsPath(alliance.slug), label: t('lesson.list.title') }} />
      <h1>
        <bdi>{l.title}</bdi>
      </h1>
      <Notice text={notice ?? null} />
      <dl>
        <dt>{t('lesson.list.number')}</dt>
        <dd>{l.lesson}</dd>
        <dt>{t('lesson.list.party')}</dt>
        <dd>{l.party ?? t('lesson.alliance')}</dd>
        <dt>{t('lesson.list.status')}</dt>
        <dd>
          <Badge kind={l.status} label={statusLabel(page, l.status)} />
        </dd>
        <dt>{t('lesson.assembled')}</dt>
        <dd>
          <When page={page} at={s.assembledAt} />
        </dd>
        {l.publishedAt ? (
          <>
            <dt>{t('lesson.status.published')}</dt>
            <dd>
              <When page={page} at={l.publishedAt} />
            </dd>
          </>
        ) : null}
      </dl>

      <section aria-labelledby="signals">
        <h2 id="signals">{t('lesson.signals.heading')}</h2>
        {s.missedSignals.length === 0 ? (
          <p>{t('lesson.signals.none')}</p>
        ) : (
          <ol class="signals">
            {s.missedSignals.map((m) => (
              <li>
                <strong>{m.kind === 'approach' ? t('lesson.signals.approach') : t('lesson.signals.concern')}</strong> ({m.party}):{' '}
                <span lang="en" dir="ltr">
                  {m.explanation}
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="analysis">
        <h2 id="analysis">{t('lesson.analysis.heading')}</h2>
        {l.analysis === '' ? <p>{t('lesson.analysis.none')}</p> : <Prose text={l.analysis} />}
      </section>

      <Timeline page={page} study={s} />

      {csrf && l.status === 'draft' ? (
        <section aria-labelledby="edit">
          <h2 id="edit">{t('lesson.edit.heading')}</h2>
          <Refusal page={page} reason={error} />
          <form method="post" action={`${here}/edit`}>
            <Csrf token={csrf} />
            <p>
              <label for="lesson-title">{t('lesson.list.titleColumn')}</label>
              <input id="lesson-title" name="title" maxlength={200} required value={form.title} dir="auto" />
            </p>
            <p>
              <label for="lesson-analysis">{t('lesson.edit.analysis')}</label>
              <textarea id="lesson-analysis" name="analysis" rows={16} maxlength={20000} dir="auto">
                {form.analysis}
              </textarea>
            </p>
            <p>
              <button type="submit">{t('lesson.edit.save')}</button>
            </p>
          </form>
          <form method="post" action={`${here}/publish`}>
            <Csrf token={csrf} />
            <p>{t('lesson.publish.lead')}</p>
            <p>
              <button type="submit">{t('lesson.publish.submit')}</button>
            </p>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}

function Timeline(props: { page: PageInfo; study: CaseStudy }) {
  const { page, study: s } = props;
  const { t } = page;
  return (
    <>
      <section aria-labelledby="timeline">
        <h2 id="timeline">{t('lesson.timeline.heading')}</h2>
        {s.transitions.length === 0 ? (
          <p>{t('lesson.none')}</p>
        ) : (
          <table>
            <Columns labels={[t('lesson.timeline.at'), t('lesson.list.party'), t('lesson.timeline.change'), t('lesson.timeline.reason')]} />
            <tbody>
              {s.transitions.map((x) => (
                <tr>
                  <td>
                    <When page={page} at={x.at} />
                  </td>
                  <td>{x.party}</td>
                  <td>
                    {x.from} → {x.to} ({x.event})
                  </td>
                  <td lang="en" dir="ltr">
                    {x.reason}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="warnings">
        <h2 id="warnings">{t('lesson.warnings.heading')}</h2>
        {s.warnings.length === 0 ? (
          <p>{t('lesson.none')}</p>
        ) : (
          <ul>
            {s.warnings.map((w) => (
              <li>
                {w.party}: <When page={page} at={w.issuedAt} /> – <When page={page} at={w.windowEnds} /> ({t('lesson.warnings.outcome')}: {w.outcome})
                <ul>
                  {w.benchmarks.map((b) => (
                    <li>
                      {b.id}: {b.metAt === null ? t('lesson.warnings.unmet') : <When page={page} at={b.metAt} />}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="decisions">
        <h2 id="decisions">{t('lesson.decisions.heading')}</h2>
        {s.decisions.length === 0 ? (
          <p>{t('lesson.none')}</p>
        ) : (
          <ul>
            {s.decisions.map((d) => (
              <li>
                <When page={page} at={d.openedAt} /> {d.decision} {d.party}
                {d.openedBy ? ` (${d.openedBy})` : ''}: {d.status}
                {d.tally ? ` — ${t('lesson.decisions.tally', { for: d.tally.for, against: d.tally.against, abstain: d.tally.abstain, silent: d.tally.silent })}` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="indicators">
        <h2 id="indicators">{t('lesson.indicators.heading')}</h2>
        {s.indicators.length === 0 ? <p>{t('lesson.none')}</p> : null}
        {s.indicators.map((i) => (
          <>
            <h3>
              {i.party}: {i.indicator} {i.threshold}
            </h3>
            <p>{i.tripCycle === null ? t('lesson.indicators.never') : t('lesson.indicators.trip', { cycle: i.tripCycle })}</p>
            <table>
              <Columns labels={[t('lesson.indicators.cycle'), t('lesson.indicators.value')]} />
              <tbody>
                {i.readings
                  .filter((r) => r.value !== null)
                  .map((r) => (
                    <tr>
                      <td>{r.cycle}</td>
                      <td>
                        {r.value}
                        {r.tripped ? ` (${t('lesson.indicators.tripped')})` : ''}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </>
        ))}
      </section>

      <section aria-labelledby="scorecards">
        <h2 id="scorecards">{t('lesson.scorecards.heading')}</h2>
        {s.scorecards.length === 0 ? (
          <p>{t('lesson.none')}</p>
        ) : (
          <ul>
            {s.scorecards.map((c) => (
              <li>
                {t('lesson.indicators.cycle')} {c.cycle}, {c.reviewer} → {c.party}: {c.dimensions.map((d) => `${d.id} ${d.median}`).join(', ')}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/**
 * /alliances/:slug/cycles/:n/triad: the triad workspace (issue 4 §4, §7), private to the members
 * of the triad (the route checks; this view assumes it). Per scorecard the triad owes: what each
 * member has rated so far, evidence included (the triad's own eyes only), the previous cycle's
 * medians beside the form, the rating form — one fieldset per dimension, a radio group 0–4 with
 * the scale's words, a note (published once finalized) and evidence references (never
 * published) — and the finalize button once the rule allows it (domain checkFinalizable: every
 * member who rated rated every dimension, and at least two did). Last cycle's grassroots
 * feedback on the parties this triad reviews closes the page.
 *
 * Keyboard: radio groups are native (arrow keys move within a group, Tab between groups);
 * every control has a label; a refusal is announced (role=alert) and tied to its form.
 */
import type { DraftView } from '../../services/scorecards.js';
import type { FeedbackSummary } from '../../services/feedback.js';
import type { PreviousScores } from '../../domain/audit/scorecard.js';
import type { Text } from '../../domain/covenant/schema.js';
import { LOCALES, LOCALE_NAMES } from '../../i18n/index.js';
import { Layout } from './layout.js';
import type { PageInfo } from './page.js';
import { isolate } from './format.js';
import { Csrf, Notice, Prose, Refusal, When } from './covenant-parts.js';
import { CardStatus, cyclesPath, dimensionTitle, formatScore, medianWord, scaleWords, scorecardPath } from './cycle-parts.js';
import { Crumbs } from './crumbs.js';
import { Columns } from './columns.js';

export interface DimensionValues {
  score: string;
  note: string;
  evidence: string;
}

export interface WorkspaceCard {
  id: number;
  draft: DraftView;
  previous: (PreviousScores & { id: number }) | null;
  /** what the reader's form shows: their saved ratings, or what they typed before a refusal */
  values: Record<string, DimensionValues>;
  error?: string | null;
}

export interface TriadPageData {
  alliance: { slug: string; name: string };
  cycle: { n: number; label: string; end: string };
  seat: { party: string; pseudonym: string };
  dimensions: { id: string; title: Text }[];
  cards: WorkspaceCard[];
  /** last cycle's feedback on the parties this triad reviews, and that cycle's name; null when there was no earlier cycle */
  feedback: { summary: FeedbackSummary; label: string } | null;
  csrf: string;
  notice?: string | null;
}

export function TriadPage(props: { page: PageInfo } & TriadPageData) {
  const { page, alliance, cycle, seat, cards, notice } = props;
  const { t } = page;
  const title = t('triad.title', { label: cycle.label });
  return (
    <Layout page={page} title={title}>
      <Crumbs root={{ href: `/alliances/${alliance.slug}`, name: alliance.name }} step={{ href: cyclesPath(alliance.slug, cycle.n), label: t('cycle.heading', { label: cycle.label }) }} />
      <h1>{title}</h1>
      <Notice text={notice ?? null} />
      <p>{t('triad.seat', { pseudonym: isolate(seat.pseudonym), party: isolate(seat.party) })}</p>
      <p class="notice">{t('triad.private')}</p>
      <p>
        {t('triad.due')} <When page={page} at={cycle.end} />
      </p>
      {cards.map((card, i) => (
        <CardSection page={page} data={props} card={card} at={i} />
      ))}
      <FeedbackDigest page={page} feedback={props.feedback} reviewees={cards.map((c) => c.draft.reviewee)} />
    </Layout>
  );
}

function CardSection(props: { page: PageInfo; data: TriadPageData; card: WorkspaceCard; at: number }) {
  const { page, data, card } = props;
  const { t } = page;
  const d = card.draft;
  const id = `card-${card.id}`;
  return (
    <section aria-labelledby={`${id}-h`} id={id}>
      <h2 id={`${id}-h`}>{t('triad.card.heading', { reviewer: isolate(d.reviewer), reviewee: isolate(d.reviewee) })}</h2>
      <p>
        <CardStatus page={page} status={d.status} />{' '}
        {d.status === 'published' ? <a href={scorecardPath(card.id)}>{t('triad.card.public')}</a> : null}
      </p>
      <Drafts page={page} data={data} draft={d} />
      <Previous page={page} data={data} previous={card.previous} />
      {d.status === 'draft' ? (
        <>
          <RateForm page={page} data={data} card={card} />
          <FinalizeForm page={page} data={data} card={card} />
        </>
      ) : null}
    </section>
  );
}

/** Every member's ratings so far: the triad sees each other's drafts, evidence included. */
function Drafts(props: { page: PageInfo; data: TriadPageData; draft: DraftView }) {
  const { page, data, draft } = props;
  const { t } = page;
  const words = scaleWords(page.locale);
  const r = draft.readiness;
  return (
    <>
      <h3>{t('triad.drafts.heading')}</h3>
      <ul>
        <li>{t('triad.drafts.complete', { count: r.complete.length, members: isolate(r.complete.join(', ')) })}</li>
        {r.partial.map((p) => (
          <li>{t('triad.drafts.partial', { member: isolate(p.rater), missing: isolate(p.missing.join(', ')) })}</li>
        ))}
        {r.absent.length > 0 ? <li>{t('triad.drafts.absent', { members: isolate(r.absent.join(', ')) })}</li> : null}
      </ul>
      {draft.ratings.length === 0 ? (
        <p>{t('triad.drafts.none')}</p>
      ) : (
        <div class="scroll">
          <table>
            <Columns labels={[t('triad.dimension'), t('triad.drafts.member'), t('triad.drafts.score'), t('triad.note'), t('triad.evidence')]} />
            <tbody>
              {draft.ratings.map((x) => (
                <tr>
                  <td>{dimensionTitle(x.dimension, page.locale, data.dimensions.find((dd) => dd.id === x.dimension)?.title)}</td>
                  <td>
                    <bdi>{x.rater}</bdi>
                  </td>
                  <td>
                    {x.score} · {words[x.score]}
                  </td>
                  <td>{x.note ? <Prose text={x.note} /> : null}</td>
                  <td>
                    {x.evidence.length === 0 ? null : (
                      <ul class="evidence">
                        {x.evidence.map((e) => (
                          <li dir="auto">{e}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function Previous(props: { page: PageInfo; data: TriadPageData; previous: WorkspaceCard['previous'] }) {
  const { page, data, previous } = props;
  const { t } = page;
  if (previous === null) return <p>{t('triad.previous.none')}</p>;
  return (
    <>
      <h3>{t('triad.previous.heading', { cycle: previous.cycle, reviewer: isolate(previous.reviewer) })}</h3>
      <ul>
        {previous.dimensions.map((p) => (
          <li>
            {dimensionTitle(p.id, page.locale, data.dimensions.find((d) => d.id === p.id)?.title)}: {formatScore(page.locale, p.median)} ·{' '}
            {medianWord(page.locale, p.median)}
          </li>
        ))}
      </ul>
      <p>
        <a href={scorecardPath(previous.id)}>{t('triad.previous.link')}</a>
      </p>
    </>
  );
}

function RateForm(props: { page: PageInfo; data: TriadPageData; card: WorkspaceCard }) {
  const { page, data, card } = props;
  const { t } = page;
  const words = scaleWords(page.locale);
  const id = `card-${card.id}`;
  const errorId = `${id}-error`;
  return (
    <>
      <h3>{t('triad.rate.heading', { pseudonym: isolate(data.seat.pseudonym) })}</h3>
      <p>{t('triad.rate.lead')}</p>
      <Refusal page={page} id={errorId} reason={card.error} />
      <form method="post" action={`/alliances/${data.alliance.slug}/cycles/${data.cycle.n}/triad/rate`} class="stack full" aria-describedby={card.error ? errorId : undefined}>
        <Csrf token={data.csrf} />
        <input type="hidden" name="reviewer" value={card.draft.reviewer} />
        <input type="hidden" name="reviewee" value={card.draft.reviewee} />
        {data.dimensions.map((dim) => {
          const v = card.values[dim.id] ?? { score: '', note: '', evidence: '' };
          const base = `${id}-${dim.id}`;
          return (
            <fieldset class="rating">
              <legend>{dimensionTitle(dim.id, page.locale, dim.title)}</legend>
              <div class="scale">
                {words.map((word, score) => (
                  <label class="check" for={`${base}-${score}`}>
                    <input type="radio" id={`${base}-${score}`} name={`score.${dim.id}`} value={String(score)} checked={v.score === String(score)} /> {score} · {word}
                  </label>
                ))}
              </div>
              <label for={`${base}-note`}>{t('triad.note')}</label>
              <textarea id={`${base}-note`} name={`note.${dim.id}`} rows={3} maxlength={1500} dir="auto" aria-describedby={`${base}-note-hint`}>
                {`\n${v.note}`}
              </textarea>
              <p id={`${base}-note-hint`} class="detail">
                {t('triad.noteHint')}
              </p>
              <label for={`${base}-evidence`}>{t('triad.evidence')}</label>
              <textarea id={`${base}-evidence`} name={`evidence.${dim.id}`} rows={2} dir="auto" aria-describedby={`${base}-evidence-hint`}>
                {`\n${v.evidence}`}
              </textarea>
              <p id={`${base}-evidence-hint`} class="private">
                {t('triad.evidenceHint')}
              </p>
            </fieldset>
          );
        })}
        <button type="submit">{t('triad.rate.submit')}</button>
      </form>
    </>
  );
}

function FinalizeForm(props: { page: PageInfo; data: TriadPageData; card: WorkspaceCard }) {
  const { page, data, card } = props;
  const { t } = page;
  const r = card.draft.readiness;
  const ready = r.partial.length === 0 && r.complete.length >= Math.min(2, card.draft.triad.length);
  const id = `card-${card.id}-lang`;
  return (
    <>
      <h3>{t('triad.finalize.heading')}</h3>
      {ready ? (
        <form method="post" action={`/alliances/${data.alliance.slug}/cycles/${data.cycle.n}/triad/finalize`} class="row">
          <Csrf token={data.csrf} />
          <input type="hidden" name="reviewer" value={card.draft.reviewer} />
          <input type="hidden" name="reviewee" value={card.draft.reviewee} />
          <label for={id}>{t('triad.finalize.lang')}</label>
          <select id={id} name="lang">
            <option value="">{t('triad.finalize.langDefault')}</option>
            {LOCALES.map((l) => (
              <option value={l} lang={l}>
                {LOCALE_NAMES[l]}
              </option>
            ))}
          </select>
          <button type="submit">{t('triad.finalize.submit')}</button>
        </form>
      ) : (
        <p>{t('triad.finalize.notYet')}</p>
      )}
      <p class="detail">{t('triad.finalize.rule')}</p>
    </>
  );
}

function FeedbackDigest(props: { page: PageInfo; feedback: TriadPageData['feedback']; reviewees: string[] }) {
  const { page, feedback, reviewees } = props;
  const summary = feedback?.summary ?? null;
  const { t } = page;
  const parties = summary === null ? [] : summary.parties.filter((p) => reviewees.includes(p.reviewee));
  return (
    <section aria-labelledby="feedback-digest">
      <h2 id="feedback-digest">{t('triad.feedback.heading')}</h2>
      {summary === null ? (
        <p>{t('triad.feedback.noCycle')}</p>
      ) : (
        <>
          <p>{t('triad.feedback.lead', { label: feedback!.label })}</p>
          {parties.map((p) => (
            <article>
              <h3>
                <code>{p.reviewee}</code>
              </h3>
              <p>{t('triad.feedback.count', { count: p.count, hidden: p.hidden })}</p>
              <ul>
                {p.dimensions
                  .filter((d) => d.count > 0)
                  .map((d) => (
                    <li>
                      {d.dimension === null ? t('feedback.overall') : dimensionTitle(d.dimension, page.locale)}: {t('triad.feedback.count', { count: d.count, hidden: d.hidden })}
                      {d.recent.map((x) => (
                        <figure class="testimony">
                          <blockquote>
                            <Prose text={x.text} />
                          </blockquote>
                          <figcaption>— {x.pseudonym === null ? t('feedback.anonymous') : <bdi>{x.pseudonym}</bdi>}</figcaption>
                        </figure>
                      ))}
                    </li>
                  ))}
              </ul>
            </article>
          ))}
        </>
      )}
    </section>
  );
}

/**
 * /scorecards/:id: a published scorecard (issue 4 §4, §7), public. Per dimension the median
 * (with the scale's word), the spread (min–max), how many rated and the previous cycle's median
 * beside it; the triad's agreement (Krippendorff's alpha, ordinal); the "recent changes"
 * narrative in the card’s own language; the reviewed party’s indicator readings; every rater’s
 * score and note; the JSON, HTML and PDF documents in the archive and the archive record that
 * names them; then grassroots feedback (views/feedback.tsx).
 *
 * Evidence references never reach this page: the published card does not hold them.
 */
import type { PublishedScorecard } from '../../services/scorecards.js';
import type { ArchiveEntry } from '../../services/audit-views.js';
import { narrative, type PublicScorecard } from '../../domain/audit/scorecard.js';
import { Layout } from './layout.js';
import type { PageInfo } from './page.js';
import { isolate } from './format.js';
import { DocLink, Notice, Prose, When } from './covenant-parts.js';
import { cyclesPath, dimensionTitle, formatScore, medianWord, scaleWords } from './cycle-parts.js';
import { FeedbackSection, type FeedbackSectionData } from './feedback.js';
import { Crumbs } from './crumbs.js';
import { Columns } from './columns.js';

export interface ScorecardPageData {
  alliance: { slug: string; name: string };
  label: string;
  published: PublishedScorecard;
  record: ArchiveEntry | null;
  feedback: FeedbackSectionData;
  notice?: string | null;
  /** the reviewed party's local mirroring in the card's cycle (issue 5 §5); absent before a covenant gives cycles */
  mirroring?: { party: string; local: number; abroad: number; ratio: string | null; reminder: boolean } | null;
}

export function ScorecardPage(props: { page: PageInfo } & ScorecardPageData) {
  const { page, alliance, label, published, notice } = props;
  const { t } = page;
  const s = published.scorecard;
  const title = t('scorecard.title', { reviewer: isolate(s.reviewer), reviewee: isolate(s.reviewee), label });
  return (
    <Layout page={page} title={title}>
      <Crumbs root={{ href: `/alliances/${alliance.slug}`, name: alliance.name }} step={{ href: cyclesPath(alliance.slug, s.cycle), label: t('cycle.heading', { label }) }} />
      <h1>{title}</h1>
      <Notice text={notice ?? null} />
      <dl>
        <dt>{t('scorecard.published')}</dt>
        <dd>
          <When page={page} at={published.publishedAt} />
        </dd>
        <dt>{t('scorecard.period')}</dt>
        <dd>
          <When page={page} at={s.start} /> – <When page={page} at={s.end} />
        </dd>
        <dt>{t('scorecard.triad')}</dt>
        <dd>
          <bdi>{s.triad.join(', ')}</bdi>
        </dd>
        <dt>{t('scorecard.raters')}</dt>
        <dd>
          <bdi>{s.raters.join(', ')}</bdi>
        </dd>
        <dt>{t('scorecard.alpha')}</dt>
        <dd>{s.alpha === null ? t('scorecard.alpha.none') : new Intl.NumberFormat(page.locale, { minimumFractionDigits: 3 }).format(s.alpha)}</dd>
      </dl>
      <Scores page={page} card={s} />
      <section aria-labelledby="changes">
        <h2 id="changes">{t('scorecard.changes.heading')}</h2>
        <div lang={s.lang} dir={s.lang === 'ar' ? 'rtl' : 'ltr'}>
          {narrative(s).map((line) => (
            <p>{line}</p>
          ))}
        </div>
      </section>
      <section aria-labelledby="indicators">
        <h2 id="indicators">{t('scorecard.indicators.heading')}</h2>
        {s.indicators.length === 0 ? (
          <p>{t('scorecard.indicators.none')}</p>
        ) : (
          <ul>
            {s.indicators.map((i) => (
              <li>
                <bdi>{i.name}</bdi>: <code>{i.value}</code> ({i.threshold}) {i.tripped ? <strong class="badge warned">{t('scorecard.indicators.tripped')}</strong> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      {props.mirroring ? <Mirroring page={page} alliance={alliance.slug} m={props.mirroring} /> : null}
      <Notes page={page} card={s} />
      <Documents page={page} published={published} record={props.record} />
      <FeedbackSection page={page} {...props.feedback} />
    </Layout>
  );
}

function Scores(props: { page: PageInfo; card: PublicScorecard }) {
  const { page, card } = props;
  const { t } = page;
  const prev = card.previous;
  return (
    <section aria-labelledby="scores">
      <h2 id="scores">{t('scorecard.scores.heading')}</h2>
      <p class="detail">{t('scorecard.scores.scale', { scale: scaleWords(page.locale).map((w, i) => `${i} ${w}`).join(' · ') })}</p>
      <div class="scroll">
        <table>
          <Columns
            labels={[
              t('triad.dimension'),
              t('scorecard.median'),
              t('scorecard.spread'),
              t('scorecard.n'),
              prev ? t('scorecard.previous', { cycle: prev.cycle }) : t('scorecard.previous.none'),
            ]}
          />
          <tbody>
            {card.dimensions.map((d) => {
              const before = prev?.dimensions.find((p) => p.id === d.id);
              return (
                <tr>
                  <th scope="row">{dimensionTitle(d.id, page.locale) === d.id ? <bdi>{d.title}</bdi> : dimensionTitle(d.id, page.locale)}</th>
                  <td>
                    <strong class="median">{formatScore(page.locale, d.median)}</strong> · {medianWord(page.locale, d.median)}
                  </td>
                  <td>{t('scorecard.range', { min: d.min, max: d.max })}</td>
                  <td>{d.n}</td>
                  <td>{before ? `${formatScore(page.locale, before.median)} · ${medianWord(page.locale, before.median)}` : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Notes(props: { page: PageInfo; card: PublicScorecard }) {
  const { page, card } = props;
  const { t } = page;
  const words = scaleWords(page.locale);
  return (
    <section aria-labelledby="notes">
      <h2 id="notes">{t('scorecard.notes.heading')}</h2>
      {card.dimensions.map((d) => (
        <>
          <h3>{dimensionTitle(d.id, page.locale) === d.id ? <bdi>{d.title}</bdi> : dimensionTitle(d.id, page.locale)}</h3>
          <ul>
            {d.ratings.map((r) => (
              <li>
                <bdi>{r.rater}</bdi>: {r.score} · {words[r.score]}
                {r.note ? <Prose text={r.note} lang={card.lang} /> : null}
              </li>
            ))}
          </ul>
        </>
      ))}
    </section>
  );
}

function Documents(props: { page: PageInfo; published: PublishedScorecard; record: ArchiveEntry | null }) {
  const { page, published, record } = props;
  const { t } = page;
  return (
    <section aria-labelledby="documents">
      <h2 id="documents">{t('scorecard.documents.heading')}</h2>
      <ul class="docs">
        {published.documents.map((d) => (
          <li>
            <DocLink sha256={d.sha256} name={d.name} mediaType={d.mediaType} />
          </li>
        ))}
      </ul>
      <h3>{t('scorecard.record.heading', { index: published.index })}</h3>
      {record ? (
        <>
          <pre>{record.json}</pre>
          {record.bundle ? (
            <p>
              <a href={`/archive/${record.bundle}`}>{t('scorecard.record.bundle')}</a> · <a href="/archive">{t('scorecard.record.verify')}</a>
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

/** The reviewee's actions at home beside its commitments abroad in this cycle; the reminder in words. */
function Mirroring(props: { page: PageInfo; alliance: string; m: NonNullable<ScorecardPageData['mirroring']> }) {
  const { page, alliance, m } = props;
  const { t } = page;
  const party = isolate(m.party);
  return (
    <section aria-labelledby="mirroring">
      <h2 id="mirroring">{t('scorecard.mirroring.heading')}</h2>
      <p>
        {m.ratio === null
          ? t('scorecard.mirroring.noneAbroad', { party })
          : t('scorecard.mirroring.counts', { party, local: m.local, abroad: m.abroad, ratio: m.ratio })}
      </p>
      {m.reminder ? (
        <p>
          <strong class="badge warned">{t('scorecard.mirroring.reminder', { party })}</strong>
        </p>
      ) : null}
      <p>
        <a href={`/alliances/${alliance}/local`}>{t('local.heading')}</a>
      </p>
    </section>
  );
}

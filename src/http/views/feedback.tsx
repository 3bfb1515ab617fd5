/**
 * Grassroots feedback on a published scorecard (issue 4 §5, §7): the answers as the public sees
 * them (a hidden one shows only "hidden: <reason>"), a moderator's hide form on each visible
 * answer (a public reason is required), and the answer form, which needs no account.
 *
 * The form carries a challenge issued for this scorecard (services/feedback.ts). With JavaScript
 * on, /static/feedback.js solves its proof of work (SHA-256(challenge ‖ nonce) with D leading
 * zero bits) and fills the nonce field. With JavaScript off the nonce stays empty and the server
 * takes the answer once WAIT_S seconds have passed since the challenge was issued — the page says
 * so; an answer sent sooner comes back with its text kept and the reason, to be sent again.
 * No IP address, cookie beyond the anonymous CSRF token, or account is involved.
 */
import type { ChallengeView, FeedbackList } from '../../services/feedback.js';
import type { FeedbackReason } from '../../domain/feedback.js';
import { FEEDBACK_LIMITS } from '../../domain/feedback.js';
import type { Text } from '../../domain/covenant/schema.js';
import type { PageInfo } from './page.js';
import { isolate } from './format.js';
import { Csrf, Prose, Refusal, When } from './covenant-parts.js';
import { dimensionTitle } from './cycle-parts.js';

export interface FeedbackFormValues {
  dimension: string;
  pseudonym: string;
  text: string;
}

export const EMPTY_FEEDBACK: FeedbackFormValues = { dimension: '', pseudonym: '', text: '' };

export interface FeedbackSectionData {
  list: FeedbackList;
  /** null when feedback is closed */
  challenge: ChallengeView | null;
  csrf: string;
  /** where the answer form and the hide forms post */
  action: string;
  dimensions: { id: string; title: Text }[];
  values: FeedbackFormValues;
  refusal?: { reason: FeedbackReason | null; message: string } | null;
  moderator: boolean;
  /** a refused hide: which answer, what was typed, why */
  hide?: { id: number; reason: string; message: string } | null;
}

export function FeedbackSection(props: { page: PageInfo } & FeedbackSectionData) {
  const { page, list } = props;
  const { t } = page;
  return (
    <section aria-labelledby="feedback">
      <h2 id="feedback">{t('feedback.heading')}</h2>
      <p>{t('feedback.lead')}</p>
      {list.answers.length === 0 ? (
        <p>{t('feedback.none')}</p>
      ) : (
        <ol class="answers">
          {list.answers.map((a) => (
            <Answer page={page} data={props} answer={a} />
          ))}
        </ol>
      )}
      {props.challenge ? <AnswerForm {...props} challenge={props.challenge} /> : <p>{t('feedback.closed')}</p>}
    </section>
  );
}

type AnswerItem = FeedbackList['answers'][number];

function Answer(props: { page: PageInfo; data: FeedbackSectionData; answer: AnswerItem }) {
  const { page, data, answer: a } = props;
  const { t } = page;
  const on = a.dimension === null ? t('feedback.overall') : dimensionTitle(a.dimension, page.locale, data.dimensions.find((d) => d.id === a.dimension)?.title);
  return (
    <li id={`answer-${a.id}`}>
      <p class="meta">
        <strong>{on}</strong>
        {a.hidden !== null ? null : <> · {a.pseudonym === null ? t('feedback.anonymous') : <bdi>{a.pseudonym}</bdi>}</>} <When page={page} at={a.createdAt} />
      </p>
      {a.redacted ? (
        <p class="hidden-answer">{t('feedback.redacted')}</p>
      ) : a.hidden !== null ? (
        <p class="hidden-answer">{t('feedback.hidden', { reason: isolate(a.hidden.reason) })}</p>
      ) : (
        <blockquote>
          <Prose text={a.text ?? ''} />
        </blockquote>
      )}
      {data.moderator && a.hidden === null ? <HideForm page={page} data={data} id={a.id} /> : null}
    </li>
  );
}

function HideForm(props: { page: PageInfo; data: FeedbackSectionData; id: number }) {
  const { page, data, id } = props;
  const { t } = page;
  const refused = data.hide?.id === id ? data.hide : null;
  const field = `hide-${id}`;
  return (
    <>
      <Refusal page={page} id={`${field}-error`} reason={refused?.message} />
      <form method="post" action={`${data.action}/${id}/hide`} class="row" aria-describedby={refused ? `${field}-error` : undefined}>
        <Csrf token={data.csrf} />
        <label for={field}>{t('feedback.hide.reason')}</label>
        <input id={field} name="reason" type="text" required minlength={3} maxlength={500} value={refused?.reason ?? ''} dir="auto" />
        <button type="submit">{t('feedback.hide.submit')}</button>
      </form>
    </>
  );
}

function AnswerForm(props: { page: PageInfo; challenge: ChallengeView } & FeedbackSectionData) {
  const { page, challenge, values: v, refusal } = props;
  const { t } = page;
  return (
    <>
      <h3 id="answer">{t('feedback.form.heading')}</h3>
      <p>
        {t('feedback.form.lead')} {t('feedback.form.closes')} <When page={page} at={challenge.closesAt} />
      </p>
      {refusal ? (
        <>
          <Refusal page={page} id="feedback-error" reason={refusal.message} />
          <p class="error">{refusal.reason === 'challenge-early' ? t('feedback.refused.early') : t('feedback.refused.kept')}</p>
        </>
      ) : null}
      <form
        method="post"
        action={props.action}
        class="stack full"
        id="feedback-form"
        data-bits={String(challenge.bits)}
        aria-describedby={refusal ? 'feedback-error' : undefined}
      >
        <Csrf token={props.csrf} />
        <input type="hidden" name="challenge" value={challenge.challenge} />
        <input type="hidden" name="nonce" value="" />
        <label for="feedback-dimension">{t('feedback.form.dimension')}</label>
        <select id="feedback-dimension" name="dimension">
          <option value="overall">{t('feedback.overall')}</option>
          {props.dimensions.map((d) => (
            <option value={d.id} selected={v.dimension === d.id}>
              {dimensionTitle(d.id, page.locale, d.title)}
            </option>
          ))}
        </select>
        <label for="feedback-text">{t('feedback.form.text')}</label>
        <textarea id="feedback-text" name="text" rows={6} maxlength={FEEDBACK_LIMITS.text} required dir="auto">
          {`\n${v.text}`}
        </textarea>
        <label for="feedback-pseudonym">{t('feedback.form.pseudonym')}</label>
        <input id="feedback-pseudonym" name="pseudonym" type="text" maxlength={FEEDBACK_LIMITS.pseudonym} autocomplete="off" value={v.pseudonym} dir="auto" aria-describedby="pseudonym-hint" />
        <p id="pseudonym-hint" class="detail">
          {t('feedback.form.pseudonymHint')}
        </p>
        <p id="pow-wait" class="detail">
          {t('feedback.form.wait', { seconds: challenge.waitSeconds })}
        </p>
        <p id="pow-status" class="detail" role="status" hidden data-working={t('feedback.pow.working')} data-done={t('feedback.pow.done')} data-failed={t('feedback.pow.failed')}></p>
        <button type="submit">{t('feedback.form.submit')}</button>
      </form>
      <script type="module" src="/static/feedback.js"></script>
    </>
  );
}

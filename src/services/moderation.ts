/**
 * Moderating grassroots feedback (issue 4 §5): a moderator hides an answer only with a public
 * reason, and the hiding is archived as a `feedback-hidden` record naming the answer, the reason
 * and who moderated by role. Nothing is deleted: the row keeps its text, the archive keeps its
 * document, and public views show "hidden: <reason>" in its place. A text that endangers
 * someone is a different matter, for the instance admin's loud redaction (services/redact.ts).
 *
 * Who moderates: the local operator and instance admins ("instance"), and the admins of any
 * current party of the alliance whose scorecard was answered (that party's slug) — every party,
 * not only the reviewed one, because the critique of a party should not be hidden by it alone
 * without the others seeing the reason in the archive.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Ctx } from './context.js';
import { UserError } from './context.js';
import type { Actor } from './actor.js';
import { unitOfWork } from './unit-of-work.js';
import { toIndex } from '../store/log.js';
import { feedbackHiddenRecord } from '../domain/public.js';
import { checkHideReason } from '../domain/feedback.js';
import { currentParties } from './alliances.js';
import { asRefusal } from './feedback.js';

type Trx = Transaction<Database>;

export interface HideInput {
  /** the answer's id */
  id: number;
  /** public: archived for everyone to read */
  reason: string;
}

export interface HideResult {
  id: number;
  index: number;
  alliance: string;
  cycle: number;
  reviewer: string;
  reviewee: string;
  reason: string;
  by: string;
  hiddenAt: string;
}

interface Answer {
  id: number;
  allianceId: number;
  alliance: string;
  cycle: number;
  reviewer: string;
  reviewee: string;
  hiddenAt: string | null;
  hiddenReason: string | null;
}

async function loadAnswer(trx: Trx, id: number, lock: boolean): Promise<Answer> {
  let q = trx
    .selectFrom('feedback')
    .innerJoin('scorecard', 'scorecard.id', 'feedback.scorecard_id')
    .innerJoin('audit_cycle', 'audit_cycle.id', 'scorecard.cycle_id')
    .innerJoin('alliance', 'alliance.id', 'audit_cycle.alliance_id')
    .innerJoin('organization as reviewer', 'reviewer.id', 'scorecard.reviewer_id')
    .innerJoin('organization as reviewee', 'reviewee.id', 'scorecard.reviewee_id')
    .select([
      'feedback.id',
      'alliance.id as alliance_id',
      'alliance.slug as alliance',
      'audit_cycle.n',
      'reviewer.slug as reviewer',
      'reviewee.slug as reviewee',
      'feedback.hidden_at',
      'feedback.hidden_reason',
    ])
    .where('feedback.id', '=', id);
  if (lock) q = q.forUpdate('feedback');
  const r = await q.executeTakeFirst();
  if (r === undefined) throw new UserError(`no feedback ${id} on this instance`, 'not_found');
  return {
    id,
    allianceId: toIndex(r.alliance_id),
    alliance: r.alliance,
    cycle: toIndex(r.n),
    reviewer: r.reviewer,
    reviewee: r.reviewee,
    hiddenAt: r.hidden_at,
    hiddenReason: r.hidden_reason,
  };
}

/**
 * The one moderation rule: the local operator and instance admins moderate everywhere ("instance");
 * otherwise the parties of the alliance that the account administers (none: not a moderator).
 */
export async function moderatingParties(
  db: Kysely<Database>,
  actor: Actor,
  allianceId: number,
): Promise<'instance' | { id: number; slug: string }[]> {
  if (actor.kind === 'local' || actor.instanceAdmin) return 'instance';
  const parties = await currentParties(db, allianceId);
  if (parties.length === 0) return [];
  const rows = await db
    .selectFrom('membership')
    .select('organization_id')
    .where('account_id', '=', actor.accountId)
    .where('role', '=', 'admin')
    .where('organization_id', 'in', parties.map((p) => p.id))
    .execute();
  return parties.filter((p) => rows.some((r) => toIndex(r.organization_id) === p.id));
}

/** "instance" or the moderating party's slug; 'forbidden' for anyone else. */
async function moderatorRole(trx: Trx, actor: Actor, answer: Answer): Promise<string> {
  const mine = await moderatingParties(trx, actor, answer.allianceId);
  if (mine === 'instance') return 'instance';
  if (mine.length === 0) {
    throw new UserError(`forbidden: only an instance admin or an admin of a party to ${answer.alliance} may hide feedback on its scorecards`, 'forbidden');
  }
  // Prefer the reviewed party, then the reviewer, then the first by slug: the record names one.
  return (mine.find((p) => p.slug === answer.reviewee) ?? mine.find((p) => p.slug === answer.reviewer) ?? mine[0]!).slug;
}

/** Hides an answer with a public reason, archived; 'conflict' if it is already hidden. */
export async function hideFeedback(ctx: Ctx, actor: Actor, input: HideInput): Promise<HideResult> {
  if (!Number.isSafeInteger(input.id) || input.id < 1) throw new UserError('a feedback id is a whole number from 1');
  const reason = asRefusal(() => checkHideReason(input.reason));
  const at = ctx.now();
  const iso = at.toISOString();
  return unitOfWork(ctx, async (trx, append) => {
    const answer = await loadAnswer(trx, input.id, ctx.dialect === 'postgres');
    const by = await moderatorRole(trx, actor, answer);
    if (answer.hiddenAt !== null) {
      throw new UserError(`feedback ${answer.id} is already hidden (${answer.hiddenAt}): "${answer.hiddenReason ?? ''}"`, 'conflict');
    }
    const updated = await trx
      .updateTable('feedback')
      .set({ hidden_at: iso, hidden_reason: reason })
      .where('id', '=', answer.id)
      .where('hidden_at', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new UserError(`feedback ${answer.id} is already hidden`, 'conflict');
    const where = { alliance: answer.alliance, cycle: answer.cycle, reviewer: answer.reviewer, reviewee: answer.reviewee };
    const [appended] = await append([feedbackHiddenRecord(at, { ...where, feedback: answer.id, reason, by })]);
    return { id: answer.id, index: appended!.index, ...where, reason, by, hiddenAt: iso };
  });
}

/**
 * An alliance with a history, for the health page, its CLI and API twins: the starter covenant
 * (audit-fixture.ts) ratified by sur, norte and este; then, month by month over six lunar cycles
 * (the injected clock moved forward), norte's executive authority holders recorded falling
 * 6 → 6 → 5 → 4 → 4 → 2 — the last trips "< 3" and the change of −40% over 2 cycles, which opens
 * the corrective phase by itself — and sur's accounts, largest undisclosed transaction and last
 * assembly recorded without a trip. A day after the trip sur and este adopt a warning for norte
 * (60-day window), and the page is read ten days after the trip.
 * Support: sur → norte endorsement to the leadership (paused by the trip) and humanitarian aid to
 * the people; este → sur funds to the people (EUR, 400.00 paid) and logistics (50.00 USD paid:
 * one total per currency). sur records one local action in the current cycle; este none.
 */
import { recordObservation } from '../../src/services/observations.js';
import { castVote, proposeDecision } from '../../src/services/decisions.js';
import { makeCommitment, recordTransaction } from '../../src/services/support.js';
import { recordLocalAction } from '../../src/services/local-actions.js';
import type { Ctx } from '../../src/services/context.js';
import { auditAlliance } from './audit-fixture.js';

const LOCAL = { kind: 'local' } as const;
export const HEALTH_T0 = new Date('2026-03-01T12:00:00.000Z');
const DAY = 86_400_000;

export interface HealthHistory {
  alliance: string;
  /** norte's executive-authority-holders observations, in order */
  norte: { at: string; value: string }[];
  /** when the 2 was recorded (norte tripped) */
  trippedAt: Date;
  warnedAt: Date;
  /** read the page at this moment */
  now: Date;
}

/** Seeds the history; `setClock` moves the instance's injected clock. */
export async function seedHealth(ctx: Ctx, setClock: (d: Date) => void, alliance = 'tri'): Promise<HealthHistory> {
  setClock(HEALTH_T0);
  await auditAlliance(ctx, { alliance, parties: ['sur', 'norte', 'este'] });
  const sur = (indicator: string, value: string, currency?: string) =>
    recordObservation(ctx, LOCAL, { alliance, party: 'sur', indicator, at: HEALTH_T0.toISOString().slice(0, 10), value, source: 'annual report', ...(currency ? { currency } : {}) });
  await sur('accounts-published', 'true');
  await sur('largest-undisclosed-transaction', '2500.00', 'EUR');
  await sur('days-since-assembly', new Date(HEALTH_T0.getTime() - 100 * DAY).toISOString().slice(0, 10));

  const commit = (from: string, to: string, form: string, recipient: string, money?: { amount: string; currency: string }) =>
    makeCommitment(ctx, LOCAL, { alliance, from, to, form, recipient, description: `${form} from ${from} to ${to}`, startsOn: '2026-02-15', ...(money ?? {}) });
  await commit('sur', 'norte', 'endorsement', 'leadership');
  const aid = await commit('sur', 'norte', 'humanitarian-aid', 'people');
  const funds = await commit('este', 'sur', 'funds', 'people', { amount: '1000.00', currency: 'EUR' });
  const logistics = await commit('este', 'sur', 'logistics', 'people');
  const pay = (commitment: number, amount: string, currency: string) =>
    recordTransaction(ctx, LOCAL, { alliance, commitment, occurredOn: '2026-02-20', amount, currency, sourceDisclosed: true, source: 'members’ dues', receipt: true });
  await pay(funds.id, '400.00', 'EUR');
  await pay(logistics.id, '50.00', 'USD');

  const norte: HealthHistory['norte'] = [];
  const values = ['6', '6', '5', '4', '4', '2'];
  let at = HEALTH_T0;
  for (const [i, value] of values.entries()) {
    at = new Date(HEALTH_T0.getTime() + i * 30 * DAY);
    setClock(at);
    const date = at.toISOString().slice(0, 10);
    await recordObservation(ctx, LOCAL, { alliance, party: 'norte', indicator: 'executive-authority-holders', at: date, value, source: 'party register' });
    norte.push({ at: date, value });
  }
  const trippedAt = at;
  const warnedAt = new Date(trippedAt.getTime() + DAY);
  setClock(warnedAt);
  const p = await proposeDecision(ctx, LOCAL, { alliance, party: 'norte', decision: 'warn', by: 'sur' });
  await castVote(ctx, LOCAL, { alliance, proposal: p.proposal, party: 'sur', choice: 'for' });
  await castVote(ctx, LOCAL, { alliance, proposal: p.proposal, party: 'este', choice: 'for' });
  const now = new Date(trippedAt.getTime() + 10 * DAY);
  setClock(now);
  await recordLocalAction(ctx, LOCAL, { alliance, party: 'sur', occurredOn: now.toISOString().slice(0, 10), what: 'Picket at the port for the dockers’ strike', mirrors: aid.id });
  return { alliance, norte, trippedAt, warnedAt, now };
}

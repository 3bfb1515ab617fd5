/**
 * A three-party alliance with one audit cycle open and some scorecards published, made through
 * the services only (test/services/audit-fixture.ts, then openCycle, rateScorecard by two triad
 * members, finalizeScorecard), for the feedback and reminder tests.
 */
import { openCycle, type CycleView } from '../../src/services/cycles.js';
import { finalizeScorecard, rateScorecard } from '../../src/services/scorecards.js';
import { DEFAULT_DIMENSIONS } from '../../src/domain/audit/scorecard.js';
import type { Ctx } from '../../src/services/context.js';
import { auditAlliance } from './audit-fixture.js';

const LOCAL = { kind: 'local' } as const;

export interface Card {
  reviewer: string;
  reviewee: string;
}

/** Two members of the reviewer's triad rate every dimension. */
export async function rateCard(ctx: Ctx, cycle: CycleView, card: Card, raters = 2): Promise<void> {
  const triad = cycle.triads.find((t) => t.party === card.reviewer)!.members;
  for (const rater of triad.slice(0, raters)) {
    const ratings = DEFAULT_DIMENSIONS.map((d, j) => ({ dimension: d, score: (j + rater.length) % 5, note: `${rater} on ${d}` }));
    await rateScorecard(ctx, LOCAL, { alliance: cycle.alliance, cycle: cycle.n, ...card, as: rater, ratings });
  }
}

/** Rates and finalizes each card; returns the cycle. */
export async function publishCards(ctx: Ctx, cycle: CycleView, cards: readonly Card[]): Promise<void> {
  for (const card of cards) {
    await rateCard(ctx, cycle, card);
    const triad = cycle.triads.find((t) => t.party === card.reviewer)!.members;
    await finalizeScorecard(ctx, LOCAL, { alliance: cycle.alliance, cycle: cycle.n, ...card, as: triad[0]! });
  }
}

/** The alliance "tri" (sur, norte, este), its cycle open at ctx.now(). */
export async function openAuditCycle(ctx: Ctx): Promise<CycleView> {
  await auditAlliance(ctx);
  return openCycle(ctx, LOCAL, { alliance: 'tri' });
}

/**
 * The scheduler reads only the observations that can still matter (recentObservationsOf); this
 * property says that costs nothing in truth: for random histories — years of values, several per
 * day, date-only and instant forms mixed, gaps longer than the window — every test and benchmark
 * of the starter covenant read from the bounded rows (readParty) equals the domain's reading of
 * the whole series, reason, margin and direction included.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initInstance, openInstance } from '../../src/services/instance.js';
import { cyclesAround, readParty, covenantInForce } from '../../src/services/observations.js';
import { findAlliance } from '../../src/services/alliances.js';
import { evaluateBenchmarks, evaluateCovenant, type Observation } from '../../src/domain/warning/index.js';
import { Scratch } from '../store/backends.js';
import { auditAlliance } from './audit-fixture.js';
import type { OpenCtx } from './instances.js';

const scratch = new Scratch();
const NOW = new Date('2027-06-15T12:00:00.000Z');
const DAY = 86_400_000;
let ctx: OpenCtx;

beforeAll(async () => {
  const opts = { ...(await scratch.options('sqlite')), now: () => NOW };
  await initInstance({ ...opts, origin: 'test.example/daylight' });
  ctx = await openInstance(opts);
  await auditAlliance(ctx, { parties: ['sur', 'norte', 'este'] });
});
afterAll(async () => {
  await ctx.close();
  scratch.cleanup();
});

/** An observation `daysBack` days before NOW, as a date or an instant, for one of three indicators. */
const obs = fc.record({
  indicator: fc.constantFrom('executive-authority-holders', 'days-since-assembly', 'accounts-published'),
  daysBack: fc.integer({ min: 0, max: 900 }),
  minutes: fc.integer({ min: 0, max: 1439 }),
  dateOnly: fc.boolean(),
  n: fc.integer({ min: 0, max: 9 }),
});

describe('bounded reads', () => {
  it('read the same as the whole history (property)', async () => {
    const alliance = await findAlliance(ctx.db, 'tri');
    const covenant = await covenantInForce(ctx.db, alliance);
    const party = await ctx.db.selectFrom('organization').select('id').where('slug', '=', 'norte').executeTakeFirstOrThrow();
    await fc.assert(
      fc.asyncProperty(fc.array(obs, { minLength: 1, maxLength: 60 }), async (list) => {
        await ctx.db.deleteFrom('observation').execute();
        const full: Record<string, Observation[]> = {};
        const rows = list.map((o) => {
          const t = new Date(NOW.getTime() - o.daysBack * DAY - (o.daysBack === 0 ? 0 : o.minutes * 60_000));
          const at = o.dateOnly ? t.toISOString().slice(0, 10) : t.toISOString();
          const value =
            o.indicator === 'accounts-published' ? (o.n % 2 === 0 ? 'true' : 'false') : o.indicator === 'days-since-assembly' ? new Date(Date.parse(at) - o.n * 40 * DAY).toISOString().slice(0, 10) : String(o.n);
          const v: string | boolean = value === 'true' ? true : value === 'false' ? false : value;
          (full[o.indicator] ??= []).push({ at, value: v });
          return { alliance_id: alliance.id, organization_id: Number(party.id), indicator: o.indicator, observed_at: at, value, currency: null, source: 's', evidence: '', evidence_public: 0, via: 'cli' as const, recorded_at: NOW.toISOString(), record_index: null };
        });
        for (const r of rows) await ctx.db.insertInto('observation').values(r).execute();
        const bounded = await readParty(ctx.db, alliance, covenant, { id: Number(party.id), slug: 'norte' }, NOW);
        const input = { covenant, observations: full, now: NOW, cycles: cyclesAround(covenant, NOW) };
        expect(bounded.tests).toEqual(evaluateCovenant(input));
        expect(bounded.benchmarks).toEqual(evaluateBenchmarks(input));
      }),
      { numRuns: 60 },
    );
  });
});

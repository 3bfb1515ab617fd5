/**
 * Local mirroring through the services, on SQLite and PostgreSQL: direct actions at home are
 * recorded and archived, mirroring only the party's own commitments abroad; per audit cycle
 * (the ratified covenant's lunar rhythm) each party's ratio of local actions to commitments
 * abroad, with a reminder when it supports abroad and does nothing at home — which also appears
 * in the instance's reminders (dueItems) until an action is recorded. Refusals change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initInstance, openInstance } from '../../src/services/instance.js';
import { UserError } from '../../src/services/context.js';
import { findAlliance } from '../../src/services/alliances.js';
import { recentRecords } from '../../src/services/records.js';
import { makeCommitment } from '../../src/services/support.js';
import { listLocalActions, localRatios, recordLocalAction } from '../../src/services/local-actions.js';
import { dueItems } from '../../src/services/reminders.js';
import { cycleAt, cycleNumbered } from '../../src/domain/audit/index.js';
import { BACKENDS, FIXED_NOW, logSkip, Scratch } from '../store/backends.js';
import { snapshot } from '../support/snapshot.js';
import { auditAlliance } from './audit-fixture.js';
import type { OpenCtx } from './instances.js';

const scratch = new Scratch();
afterAll(() => scratch.cleanup());
const LOCAL = { kind: 'local' } as const;
const current = cycleAt('lunar', FIXED_NOW);
const previous = cycleNumbered('lunar', current.n - 1);
const day = (iso: string) => iso.slice(0, 10);

describe.each(BACKENDS)('local mirroring on %s', (backend) => {
  const skip = logSkip(backend);
  let ctx: OpenCtx;
  let commitment: number;

  beforeAll(async () => {
    if (skip) return;
    const opts = { ...(await scratch.options(backend)), now: () => FIXED_NOW };
    await initInstance({ ...opts, origin: 'local.example/daylight' });
    ctx = await openInstance(opts);
    await auditAlliance(ctx);
  }, 120_000);
  afterAll(async () => {
    if (!skip) await ctx.close();
  });

  async function refused(message: RegExp, run: () => Promise<unknown>): Promise<void> {
    const before = await snapshot(ctx);
    const e = await run().then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).toMatch(message);
    expect((e as Error).message).not.toMatch(/\n/);
    expect(await snapshot(ctx)).toEqual(before);
  }

  it.skipIf(skip)('a party supporting abroad with nothing at home is reminded, in the ratios and in the reminders', async () => {
    // sur supports norte from the day after the previous cycle began; nobody has done anything at home yet.
    commitment = (
      await makeCommitment(ctx, LOCAL, { alliance: 'tri', from: 'sur', to: 'norte', form: 'grassroots-partnership', recipient: 'people', description: 'Twinning of the two unions', startsOn: day(new Date(Date.parse(previous.start) + 86_400_000).toISOString()) })
    ).id;
    const ratios = (await localRatios(ctx.db, await findAlliance(ctx.db, 'tri'), FIXED_NOW))!;
    expect(ratios.rhythm).toBe('lunar');
    expect(ratios.cycles.map((c) => c.n)).toEqual([previous.n, current.n]);
    const sur = ratios.rows.filter((r) => r.party === 'sur');
    expect(sur.map((r) => ({ cycle: r.cycle, local: r.local, abroad: r.abroad, ratio: r.ratio, reminder: r.reminder }))).toEqual([
      { cycle: previous.n, local: 0, abroad: 1, ratio: '0', reminder: true },
      { cycle: current.n, local: 0, abroad: 1, ratio: '0', reminder: true },
    ]);
    expect(ratios.rows.find((r) => r.party === 'norte' && r.cycle === current.n)).toMatchObject({ abroad: 0, ratio: null, reminder: false });
    const items = (await dueItems(ctx, FIXED_NOW)).filter((i) => i.kind === 'mirroring');
    expect(items).toEqual([
      expect.objectContaining({
        key: `mirroring:tri:${current.n}:sur`,
        alliance: 'tri',
        party: 'sur',
        cycle: current.n,
        dueAt: current.end,
        recipients: ['sur-alder', 'sur-birch'],
      }),
    ]);
    expect(items[0]!.what).toMatch(/^sur: record a direct action at home \(tri, lunation \d+\): it supports abroad \(1 commitment\)/);
  });

  it.skipIf(skip)('records an action at home, archives it, and the reminder goes', async () => {
    const r = await recordLocalAction(ctx, LOCAL, { alliance: 'tri', party: 'sur', occurredOn: day(FIXED_NOW.toISOString()), what: 'Survey of labour conditions in our own city’s garment shops', mirrors: commitment });
    expect(r).toMatchObject({ alliance: 'tri', party: 'sur', mirrors: commitment });
    const [rec] = await recentRecords(ctx, 1);
    expect(rec!.record).toEqual({
      type: 'local-action',
      at: FIXED_NOW.toISOString(),
      alliance: 'tri',
      party: 'sur',
      action: r.id,
      occurredOn: day(FIXED_NOW.toISOString()),
      what: 'Survey of labour conditions in our own city’s garment shops',
      mirrors: commitment,
    });
    const list = await listLocalActions(ctx, 'tri');
    expect(list.actions.map((a) => a.id)).toEqual([r.id]);
    const now = list.ratios!.rows.find((x) => x.party === 'sur' && x.cycle === current.n)!;
    expect(now).toMatchObject({ local: 1, abroad: 1, ratio: '1', reminder: false });
    expect(list.ratios!.rows.find((x) => x.party === 'sur' && x.cycle === previous.n)).toMatchObject({ local: 0, reminder: true });
    expect((await dueItems(ctx, FIXED_NOW)).filter((i) => i.kind === 'mirroring')).toEqual([]);
    // One named cycle, as a scorecard asks.
    const one = (await localRatios(ctx.db, await findAlliance(ctx.db, 'tri'), FIXED_NOW, { cycle: previous.n }))!;
    expect(one.cycles.map((c) => c.n)).toEqual([previous.n]);
    expect(one.rows.find((x) => x.party === 'sur')).toMatchObject({ local: 0, abroad: 1 });
  });

  it.skipIf(skip)('refuses an action that mirrors another party’s commitment, a future one, a non-party; nothing changes', async () => {
    const today = day(FIXED_NOW.toISOString());
    await refused(/commitment \d+ is sur's support to norte: an action of norte mirrors one of norte's own commitments abroad/, () =>
      recordLocalAction(ctx, LOCAL, { alliance: 'tri', party: 'norte', occurredOn: today, what: 'Ours', mirrors: commitment }),
    );
    await refused(/is in the future/, () => recordLocalAction(ctx, LOCAL, { alliance: 'tri', party: 'sur', occurredOn: '2027-06-01', what: 'Later' }));
    await refused(/"oeste" is not a current party of tri/, () => recordLocalAction(ctx, LOCAL, { alliance: 'tri', party: 'oeste', occurredOn: today, what: 'x' }));
    await refused(/what is one line of at most 500/, () => recordLocalAction(ctx, LOCAL, { alliance: 'tri', party: 'sur', occurredOn: today, what: 'a\nb' }));
    await refused(/what is required/, () => recordLocalAction(ctx, LOCAL, { alliance: 'tri', party: 'sur', occurredOn: today, what: '' }));
    await refused(/no support commitment 424242/, () => recordLocalAction(ctx, LOCAL, { alliance: 'tri', party: 'sur', occurredOn: today, what: 'x', mirrors: 424242 }));
  });
});

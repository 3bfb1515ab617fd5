/**
 * Issue 5's two scenarios through the public JSON API (createApi on a real SQLite instance, its
 * clock injected; the scheduler's `tick` is the only other caller, as on a server), with the
 * starter covenant given a 30-day corrective window:
 *
 *   disengaged  norte's executive shrinks 6 → 5 → 4 over three lunar cycles (recorded, nothing
 *               trips), then falls to 2: standing review by itself, endorsement paused, all
 *               archived with the observation; a warning adopted by sur and este (majority) with
 *               a 30-day window; the clock passes the window with benchmarks unmet and the
 *               deadline disengages norte: support to its leadership stops, humanitarian aid to
 *               its people continues, the reallocation is published; the lesson drafted by itself
 *               lists the missed approach 6 → 5 → 4; the exported archive verifies and holds
 *               every transition; no private evidence is in it.
 *   restored    the same trip and warning; every benchmark met within the window (three by
 *               observations, one by a party with private evidence); restoration adopted; the
 *               paused support resumes; the deadline passes and nothing happens.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/http/api/app.js';
import { initInstance, openInstance } from '../../src/services/instance.js';
import { createAccount, createApiToken, grantRole } from '../../src/services/accounts.js';
import { loadOrganization } from '../../src/services/organizations.js';
import { tick } from '../../src/services/tick.js';
import { cycles } from '../../src/domain/audit/index.js';
import { exportArchive } from '../../src/publish/export.js';
import { verifyArchive } from '../../src/verify/verify.js';
import { decodeBundle } from '../../src/ledger/tile.js';
import { auditAlliance } from '../services/audit-fixture.js';
import type { OpenCtx } from '../services/instances.js';
import { scanForPrivateValues } from '../support/privacy-scan.js';

const LOCAL = { kind: 'local' } as const;
const DAY = 86_400_000;
const PARTIES = ['sur', 'norte', 'este'];
const EVIDENCE = 'vault://hearing/norte/witness-7';
const dir = mkdtempSync(path.join(tmpdir(), 'daylight-exit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface World {
  ctx: OpenCtx;
  api: OpenAPIHono;
  tokens: Record<string, string>;
  setClock(d: Date): void;
}

/** An instance whose clock the scenario moves, the alliance ratified, a delegate token per party. */
async function world(name: string, start: Date): Promise<World> {
  const dataDir = path.join(dir, name);
  let clock = start;
  await initInstance({ dataDir, origin: `${name}.example/daylight`, now: () => clock });
  const ctx = await openInstance({ dataDir, now: () => clock });
  await auditAlliance(ctx, { parties: PARTIES, covenant: (c) => ({ ...c, exit: { ...c.exit, correctiveWindowDays: 30 } }) });
  const tokens: Record<string, string> = {};
  for (const p of PARTIES) {
    const a = await createAccount(ctx, { username: `${p}-delegate`, password: 'correct horse battery staple' });
    await grantRole(ctx, LOCAL, { accountId: a.id, organizationId: (await loadOrganization(ctx.db, p)).id, role: 'delegate' });
    tokens[p] = (await createApiToken(ctx, a.id, 'scenario')).token;
  }
  return { ctx, api: createApi(ctx), tokens, setClock: (d) => (clock = d) };
}

async function call(w: World, p: string, init: { method?: string; as?: string; body?: unknown } = {}): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {};
  if (init.as) headers.Authorization = `Bearer ${w.tokens[init.as]}`;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await w.api.request(p, { method: init.method ?? 'GET', headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
  return { status: r.status, body: await r.json() };
}

function files(root: string, rel = ''): string[] {
  return readdirSync(path.join(root, rel)).flatMap((n) => {
    const r = rel ? `${rel}/${n}` : n;
    return statSync(path.join(root, r)).isDirectory() ? files(root, r) : [r];
  });
}

/** Four consecutive lunar cycles ending with the one that holds `now`; observations mid-cycle. */
function moons(now: Date) {
  const list = cycles({ rhythm: 'lunar', from: new Date(now.getTime() - 130 * DAY), to: now });
  const last4 = list.slice(-4);
  return last4.map((c) => ({ n: c.n, mid: new Date((Date.parse(c.start) + Date.parse(c.end)) / 2), start: new Date(c.start) }));
}

/**
 * Shared first act: support from sur to norte (endorsement to its leadership, humanitarian aid to
 * its people, funds to its leadership), the executive shrinking over three cycles, then the trip
 * and the warning. Returns the moment the warning was adopted.
 */
async function tripAndWarn(w: World, m: ReturnType<typeof moons>): Promise<{ warnedAt: Date; supportIds: Record<string, number> }> {
  const supportIds: Record<string, number> = {};
  w.setClock(new Date(m[0]!.mid.getTime() - DAY));
  for (const [form, recipient, money] of [
    ['endorsement', 'leadership', null],
    ['humanitarian-aid', 'people', { amount: '4000.00', currency: 'EUR' }],
    ['funds', 'leadership', { amount: '2500.00', currency: 'EUR' }],
  ] as const) {
    const r = await call(w, '/alliances/tri/support', {
      method: 'POST',
      as: 'sur',
      body: { from: 'sur', to: 'norte', form, recipient, description: `${form} for norte`, ...(money ?? {}), startsOn: m[0]!.start.toISOString().slice(0, 10) },
    });
    expect(r.status).toBe(201);
    supportIds[form] = r.body.id;
  }
  // Three cycles of a shrinking executive, each below the last, none below 3.
  for (const [i, value] of ['6', '5', '4'].entries()) {
    w.setClock(m[i]!.mid);
    const r = await call(w, '/alliances/tri/observations', {
      method: 'POST',
      as: 'este',
      body: { party: 'norte', indicator: 'executive-authority-holders', at: m[i]!.mid.toISOString().slice(0, 10), value, source: 'published executive roster', evidence: EVIDENCE },
    });
    expect(r.status).toBe(201);
    expect(r.body.transitions).toEqual([]);
  }
  // The trip, by itself.
  w.setClock(m[3]!.mid);
  const trip = await call(w, '/alliances/tri/observations', {
    method: 'POST',
    as: 'sur',
    body: { party: 'norte', indicator: 'executive-authority-holders', at: m[3]!.mid.toISOString().slice(0, 10), value: '2', source: 'congress minutes', evidence: EVIDENCE },
  });
  expect(trip.status).toBe(201);
  expect(trip.body.tripped.map((t: { threshold: string }) => t.threshold)).toContain('< 3');
  expect(trip.body.transitions[0]).toMatchObject({ party: 'norte', event: 'trip', from: 'good', to: 'review' });
  let standing = (await call(w, '/alliances/tri/standing')).body;
  let norte = standing.parties.find((p: { party: string }) => p.party === 'norte');
  expect(norte.standing).toBe('review');
  expect(norte.openTasks.map((t: { action: string }) => t.action)).toEqual(['independent-investigation', 'facilitated-dialogue']);
  expect(norte.paused.map((p: { form: string }) => p.form)).toEqual(['endorsement']);
  const support = (await call(w, '/alliances/tri/support')).body.commitments;
  expect(Object.fromEntries(support.map((c: { form: string; status: string }) => [c.form, c.status]))).toEqual({ endorsement: 'paused', 'humanitarian-aid': 'active', funds: 'active' });

  // The warning, by decision of the other two.
  w.setClock(new Date(m[3]!.mid.getTime() + DAY));
  const proposal = await call(w, '/alliances/tri/proposals', { method: 'POST', as: 'sur', body: { party: 'norte', decision: 'warn' } });
  expect(proposal.status).toBe(201);
  const own = await call(w, `/alliances/tri/proposals/${proposal.body.proposal}/votes`, { method: 'POST', as: 'norte', body: { choice: 'against' } });
  expect(own.status).toBe(403); // norte speaks for no other party: it cannot vote on its own standing
  expect((await call(w, `/alliances/tri/proposals/${proposal.body.proposal}/votes`, { method: 'POST', as: 'sur', body: { choice: 'for' } })).body.transition).toBeNull();
  const warnedAt = new Date(m[3]!.mid.getTime() + 2 * DAY);
  w.setClock(warnedAt);
  const decided = await call(w, `/alliances/tri/proposals/${proposal.body.proposal}/votes`, { method: 'POST', as: 'este', body: { choice: 'for' } });
  expect(decided.status).toBe(201);
  expect(decided.body.proposal.status).toBe('adopted');
  expect(decided.body.transition).toMatchObject({ from: 'review', to: 'warned' });
  standing = (await call(w, '/alliances/tri/standing')).body;
  norte = standing.parties.find((p: { party: string }) => p.party === 'norte');
  expect(norte.warning).toMatchObject({ windowEnds: new Date(warnedAt.getTime() + 30 * DAY).toISOString(), daysLeft: 30 });
  return { warnedAt, supportIds };
}

describe('the exit protocol through the API', () => {
  const start = new Date('2026-11-25T10:00:00.000Z');
  const m = moons(start);

  it('a trip, a warning, a window run out: disengaged, the people still supported, the lesson names the missed signals', async () => {
    const w = await world('disengaged', m[0]!.start);
    try {
      const { warnedAt } = await tripAndWarn(w, m);

      // One second before the window ends nothing happens; at its end the deadline disengages.
      w.setClock(new Date(warnedAt.getTime() + 30 * DAY - 1000));
      expect((await tick(w.ctx)).standing).toEqual([]);
      w.setClock(new Date(warnedAt.getTime() + 31 * DAY));
      const t = await tick(w.ctx);
      expect(t.standing).toEqual([expect.objectContaining({ party: 'norte', event: 'deadline', from: 'warned', to: 'disengaged' })]);

      const support = (await call(w, '/alliances/tri/support')).body.commitments;
      expect(Object.fromEntries(support.map((c: { form: string; status: string }) => [c.form, c.status]))).toEqual({ endorsement: 'stopped', 'humanitarian-aid': 'active', funds: 'stopped' });
      const standing = (await call(w, '/alliances/tri/standing')).body.parties.find((p: { party: string }) => p.party === 'norte');
      expect(standing).toMatchObject({ standing: 'disengaged', disengaged: { warned: true, immediate: false } });

      // The lesson drafted by itself names the approach seeded earlier.
      const lessons = (await call(w, '/alliances/tri/lessons')).body;
      const list = lessons.lessons ?? lessons;
      expect(list).toHaveLength(1);
      const lesson = (await call(w, `/alliances/tri/lessons/${list[0].lesson}`)).body;
      expect(lesson).toMatchObject({ party: 'norte', status: 'draft' });
      const approach = lesson.study.missedSignals.filter((s: { kind: string }) => s.kind === 'approach');
      expect(approach).toEqual([expect.objectContaining({ indicator: 'executive-authority-holders', values: ['6', '5', '4'], tripCycle: m[3]!.n })]);

      // The archive: it verifies, and holds every transition as the database has it.
      const out = path.join(dir, 'disengaged-archive');
      await exportArchive(w.ctx, out);
      expect((await verifyArchive({ source: out, keys: [w.ctx.verifierKey] })).problems).toEqual([]);
      const entries = files(out)
        .filter((f) => f.startsWith('tile/entries/'))
        .flatMap((f) => decodeBundle(readFileSync(path.join(out, f))).map((e) => JSON.parse(Buffer.from(e).toString('utf8')) as Record<string, any>));
      const moves = entries.filter((e) => e.type === 'standing').map((e) => `${e.party}: ${e.from} → ${e.to} (${e.event})`);
      expect(moves).toEqual(['norte: good → review (trip)', 'norte: review → review (trip)', 'norte: review → warned (decision)', 'norte: warned → disengaged (deadline)']);
      const rows = await w.ctx.db.selectFrom('standing_transition').select(['record_index', 'detail']).orderBy('id').execute();
      expect(rows).toHaveLength(4);
      const tripRecord = entries.find((e) => e.type === 'standing' && e.from === 'good')!;
      expect(entries.find((e) => e.type === 'observation' && e.value === '2')?.observation).toBeTypeOf('number');
      expect(tripRecord.effects.map((x: { kind: string }) => x.kind)).toEqual(['record-breach', 'open-tasks', 'pause-support']);
      const warning = entries.find((e) => e.type === 'standing' && e.to === 'warned')!.effects[0];
      expect(warning).toMatchObject({ kind: 'publish-warning', windowDays: 30, benchmarks: ['assembly-held', 'comrades-released', 'accounts-open', 'investigation-published'] });
      const disengaged = entries.find((e) => e.type === 'standing' && e.to === 'disengaged')!;
      const plan = disengaged.effects.find((x: { kind: string }) => x.kind === 'execute-reallocation');
      expect(plan).toMatchObject({ stop: ['endorsement', 'funds', 'propaganda-events'], continue: ['humanitarian-aid', 'cultural-exchange', 'grassroots-partnership'] });
      expect(plan.stopped).toHaveLength(2);
      expect(plan.continued).toHaveLength(1);
      expect(entries.filter((e) => e.type === 'commitment' && e.event === 'stopped').map((e) => e.form).sort()).toEqual(['endorsement', 'funds']);
      expect(entries.filter((e) => e.type === 'vote').map((e) => `${e.voter} ${e.choice}`)).toEqual(['sur for', 'este for']);
      expect(scanForPrivateValues(out, [EVIDENCE])).toEqual([]);
    } finally {
      await w.ctx.close();
    }
  });

  it('a trip, a warning, every benchmark met in time: restored, support resumed, the deadline passes quietly', async () => {
    const w = await world('restored', m[0]!.start);
    try {
      const { warnedAt } = await tripAndWarn(w, m);
      const at = new Date(warnedAt.getTime() + 10 * DAY);
      w.setClock(at);
      const day = at.toISOString().slice(0, 10);
      // the executive is widened again (no benchmark asks it, but a value still tripped would
      // open a new review at the next reading, restored or not)
      const widened = await call(w, '/alliances/tri/observations', { method: 'POST', as: 'este', body: { party: 'norte', indicator: 'executive-authority-holders', at: day, value: '5', source: 'congress minutes' } });
      expect(widened.body.transitions).toEqual([]);
      // three benchmarks met by observations, as they are recorded
      for (const [indicator, value, source] of [
        ['days-since-assembly', day, 'assembly minutes'],
        ['former-comrades-imprisoned', '0', 'human rights monitor'],
        ['accounts-published', 'true', 'published accounts'],
      ] as const) {
        const r = await call(w, '/alliances/tri/observations', { method: 'POST', as: 'este', body: { party: 'norte', indicator, at: day, value, source } });
        expect(r.status).toBe(201);
        expect(r.body.transitions).toEqual([expect.objectContaining({ event: 'benchmark-met', from: 'warned', to: 'warned' })]);
      }
      // restoration cannot be proposed while one benchmark is unmet
      const early = await call(w, '/alliances/tri/proposals', { method: 'POST', as: 'sur', body: { party: 'norte', decision: 'restore' } });
      expect(early.status).toBe(409);
      expect(early.body.error).toMatch(/unmet: investigation-published/);
      // the last one by a party, with private evidence
      const b = await call(w, '/alliances/tri/benchmarks', { method: 'POST', as: 'sur', body: { party: 'norte', benchmark: 'investigation-published', evidence: EVIDENCE } });
      expect(b.status).toBe(201);
      expect(b.body.reason).toMatch(/every benchmark is met/);
      const p = await call(w, '/alliances/tri/proposals', { method: 'POST', as: 'sur', body: { party: 'norte', decision: 'restore' } });
      expect(p.status).toBe(201);
      await call(w, `/alliances/tri/proposals/${p.body.proposal}/votes`, { method: 'POST', as: 'sur', body: { choice: 'for' } });
      const done = await call(w, `/alliances/tri/proposals/${p.body.proposal}/votes`, { method: 'POST', as: 'este', body: { choice: 'for' } });
      expect(done.body.transition).toMatchObject({ from: 'warned', to: 'restored' });

      const support = (await call(w, '/alliances/tri/support')).body.commitments;
      expect(Object.fromEntries(support.map((c: { form: string; status: string }) => [c.form, c.status]))).toEqual({ endorsement: 'active', 'humanitarian-aid': 'active', funds: 'active' });
      const norte = (await call(w, '/alliances/tri/standing')).body.parties.find((x: { party: string }) => x.party === 'norte');
      expect(norte).toMatchObject({ standing: 'restored', openTasks: [], paused: [] });

      w.setClock(new Date(warnedAt.getTime() + 31 * DAY));
      expect((await tick(w.ctx)).standing).toEqual([]);
      const out = path.join(dir, 'restored-archive');
      await exportArchive(w.ctx, out);
      expect((await verifyArchive({ source: out, keys: [w.ctx.verifierKey] })).problems).toEqual([]);
      expect(scanForPrivateValues(out, [EVIDENCE])).toEqual([]);
    } finally {
      await w.ctx.close();
    }
  });
});

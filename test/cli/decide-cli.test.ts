/**
 * `daylight decide` and `daylight standing` as an operator runs them (the built CLI) on a data
 * directory set up through the services (the starter covenant: executive-authority-holders < 3
 * a review test; a 60-day corrective window; the majority rule; four benchmarks):
 *   norte's value falls below its threshold (observe) → review; a proposal the state machine
 *   refuses (restore from review) is refused with its reason; norte cannot propose or vote on
 *   its own standing; sur proposes a warning, sur and este vote for it → "norte: review → warned";
 *   `standing` shows the window's end, 60 days left, benchmarks met and unmet; a benchmark needs
 *   its evidence piped in (exit 2 without), which never reaches the archive. Each refusal is one
 *   line, exit 1, and changes nothing (row counts and the log compared).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initInstance, openInstance } from '../../src/services/instance.js';
import { recentRecords } from '../../src/services/records.js';
import type { Ctx } from '../../src/services/context.js';
import { snapshot, type Snapshot } from '../support/snapshot.js';
import { auditAlliance } from '../services/audit-fixture.js';
import { runCli, tempDir, type CliResult } from './run-cli.js';

const SLOW = 120_000;
const work = tempDir('daylight-decide-cli-');
const data = path.join(work, 'data');
const cli = (args: string[], input?: string) => runCli(['--data', data, ...args], input === undefined ? {} : { input });

async function inProcess<T>(fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  const ctx = await openInstance({ dataDir: data });
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}
const state = (): Promise<Snapshot> => inProcess((ctx) => snapshot(ctx));

function ok(r: CliResult): CliResult {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return r;
}

function oneLine(r: CliResult, code: 1 | 2): string {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(/\n\s+at /);
  const lines = r.stderr.trim().split('\n').filter((l) => !l.startsWith('(run with --help'));
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

interface StandingJson {
  parties: { party: string; standing: string; openTasks: { action: string }[]; warning: { windowEnds: string; daysLeft: number; benchmarks: { id: string; met: boolean }[] } | null }[];
  transitions: { party: string; from: string; to: string; event: string; index: number }[];
}

beforeAll(async () => {
  await initInstance({ dataDir: data, origin: 'cli.example/daylight' });
  await inProcess((ctx) => auditAlliance(ctx, { alliance: 'tri', parties: ['sur', 'norte', 'este'] }));
}, SLOW);
afterAll(() => undefined);

describe('daylight decide and standing', () => {
  let proposal = 0;

  it('in good standing: everyone good; nothing to decide, said with the reason', async () => {
    const s = JSON.parse(ok(await cli(['standing', 'tri', '--json'])).stdout) as StandingJson;
    expect(s.parties.map((p) => `${p.party} ${p.standing}`)).toEqual(['este good', 'norte good', 'sur good']);
    const before = await state();
    expect(oneLine(await cli(['decide', 'propose', 'tri', '--party', 'norte', '--decision', 'warn', '--by', 'sur']), 1)).toBe(
      'daylight: norte is in good standing: there is no open matter to warn',
    );
    expect(await state()).toEqual(before);
  }, SLOW);

  it('a trip puts norte under review; restore from review is refused with the machine’s reason', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const r = ok(await cli(['observe', 'tri', '--party', 'norte', '--indicator', 'executive-authority-holders', '--at', today, '--value', '2', '--source', 'party register']));
    expect(r.stdout).toMatch(/\nnorte: good → review \(/);
    const before = await state();
    expect(oneLine(await cli(['decide', 'propose', 'tri', '--party', 'norte', '--decision', 'restore', '--by', 'sur']), 1)).toBe(
      'daylight: norte is under review, not warned: restoration follows a warning whose benchmarks are met; dismiss the review instead',
    );
    expect(oneLine(await cli(['decide', 'propose', 'tri', '--party', 'norte', '--decision', 'disengage', '--by', 'este']), 1)).toMatch(/disengagement needs a warning first/);
    expect(oneLine(await cli(['decide', 'propose', 'tri', '--party', 'norte', '--decision', 'warn', '--by', 'norte']), 1)).toMatch(/norte cannot propose a decision on its own standing/);
    expect(oneLine(await cli(['decide', 'propose', 'tri', '--party', 'norte', '--decision', 'expel', '--by', 'sur']), 1)).toMatch(/^daylight: decision: choose warn, dismiss, restore, disengage/);
    expect(await state()).toEqual(before);
  }, SLOW);

  it('sur proposes a warning; norte’s vote is refused; sur and este adopt it: review → warned', async () => {
    const p = ok(await cli(['decide', 'propose', 'tri', '--party', 'norte', '--decision', 'warn', '--by', 'sur', '--json']));
    const view = JSON.parse(p.stdout) as { proposal: number; status: string; tally: { rule: string; eligible: string[] } };
    proposal = view.proposal;
    expect(view).toMatchObject({ status: 'open', tally: { rule: 'majority', eligible: ['sur', 'este'] } });
    const before = await state();
    expect(oneLine(await cli(['decide', 'vote', 'tri', String(proposal), '--party', 'norte', '--choice', 'against']), 1)).toBe(
      'daylight: norte cannot vote on its own standing: only the other parties decide',
    );
    expect(oneLine(await cli(['decide', 'vote', 'tri', String(proposal), '--party', 'sur', '--choice', 'maybe']), 1)).toMatch(/vote: choose for, against, abstain/);
    oneLine(await cli(['decide', 'vote', 'tri', 'first', '--party', 'sur', '--choice', 'for']), 2);
    expect(await state()).toEqual(before);

    const v1 = ok(await cli(['decide', 'vote', 'tri', String(proposal), '--party', 'sur', '--choice', 'for']));
    expect(v1.stdout).toMatch(new RegExp(`^sur votes for \\(record \\d+\\)\\nproposal ${proposal}: warn norte, proposed by sur \\(majority\\) — open; 1 for, 0 against, 0 abstain, 1 silent of 2\\n$`));
    const v2 = ok(await cli(['decide', 'vote', 'tri', String(proposal), '--party', 'este', '--choice', 'for']));
    const lines = v2.stdout.trim().split('\n');
    expect(lines[1]).toMatch(new RegExp(`^proposal ${proposal}: warn norte, proposed by sur \\(majority\\) — adopted; 2 for`));
    expect(lines[2]).toMatch(/^norte: review → warned \(decision to warn adopted/);
    const list = ok(await cli(['decide', 'list', 'tri']));
    expect(list.stdout).toContain(`proposal ${proposal}: warn norte`);
    expect(list.stdout).toContain('  este: for at ');
    const open = await cli(['decide', 'list', 'tri', '--open']);
    expect(open).toMatchObject({ code: 0, stdout: '', stderr: 'no open proposals\n' });
  }, SLOW);

  it('standing shows the window, days left, tasks and benchmarks; history newest first', async () => {
    const s = JSON.parse(ok(await cli(['standing', 'tri', '--json'])).stdout) as StandingJson;
    const norte = s.parties.find((p) => p.party === 'norte')!;
    expect(norte.standing).toBe('warned');
    expect(norte.warning!.daysLeft).toBe(60);
    expect(norte.warning!.benchmarks.every((b) => !b.met)).toBe(true);
    expect(norte.openTasks.map((t) => t.action)).toEqual(['independent-investigation', 'facilitated-dialogue']);
    expect(s.transitions.map((t) => `${t.party} ${t.from}→${t.to}`)).toEqual(['norte review→warned', 'norte good→review']);
    const text = ok(await cli(['standing', 'tri'])).stdout;
    expect(text).toContain(`norte: warned since `);
    expect(text).toMatch(/\n {2}window ends \S+ \(60 days left\)\n/);
    expect(text).toContain('  open tasks: independent-investigation, facilitated-dialogue\n');
    expect(text).toMatch(/ {2}benchmarks met: none; unmet: [a-z-]+(, [a-z-]+)+\n/);
    expect(text).toMatch(/latest transitions:\n {2}\S+ {2}norte: review → warned \(/);
  }, SLOW);

  it('a benchmark is met with evidence from standard input only; the evidence stays private', async () => {
    const before = await state();
    expect(oneLine(await cli(['decide', 'benchmark', 'tri', '--party', 'norte', '--benchmark', 'investigation-published']), 2)).toMatch(/--evidence-stdin/);
    expect(oneLine(await cli(['decide', 'benchmark', 'tri', '--party', 'norte', '--benchmark', 'nope', '--evidence-stdin'], 'x'), 1)).toMatch(/unknown benchmark "nope"/);
    expect(oneLine(await cli(['decide', 'benchmark', 'tri', '--party', 'norte', '--benchmark', 'investigation-published', '--evidence-stdin'], '  \n'), 1)).toMatch(/^daylight: evidence: /);
    expect(await state()).toEqual(before);
    const r = ok(await cli(['decide', 'benchmark', 'tri', '--party', 'norte', '--benchmark', 'investigation-published', '--evidence-stdin'], 'vault://hearing/4 — sealed\n'));
    expect(r.stdout).toMatch(/^norte: benchmark investigation-published met; 3 to go \(record \d+\)\n$/);
    const records = await inProcess((ctx) => recentRecords(ctx, 10));
    expect(JSON.stringify(records)).not.toContain('vault://hearing');
    const s = JSON.parse(ok(await cli(['standing', 'tri', '--json'])).stdout) as StandingJson;
    expect(s.parties.find((p) => p.party === 'norte')!.warning!.benchmarks.filter((b) => b.met).map((b) => b.id)).toEqual(['investigation-published']);
    // restoration still needs every benchmark: refused with what is unmet
    expect(oneLine(await cli(['decide', 'propose', 'tri', '--party', 'norte', '--decision', 'restore', '--by', 'sur']), 1)).toMatch(/^daylight: restoration needs every benchmark met; unmet: /);
  }, SLOW);
});

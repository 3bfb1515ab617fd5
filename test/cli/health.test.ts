/**
 * `daylight health` through the built CLI, over the history of health-fixture.ts (seeded in
 * process with the injected clock, read by the CLI --now at the same moment): --json prints
 * exactly the object the service (and the API) reads; the text names each party's standing, the
 * window's days left, each test as "indicator threshold: value (tripped)" with its ASCII trend
 * ending in the trip; an unknown alliance and a bad --now are refused on one line (exit 1, 2).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { initInstance, openInstance } from '../../src/services/instance.js';
import { allianceHealth, type AllianceHealth } from '../../src/services/health-views.js';
import { seedHealth, type HealthHistory } from '../services/health-fixture.js';
import { runCli, tempDir } from './run-cli.js';

const work = tempDir('daylight-health-cli-');
const data = path.join(work, 'data');
const cli = (args: string[]) => runCli(['--data', data, ...args]);
let seeded: HealthHistory;
let expected: AllianceHealth;

beforeAll(async () => {
  let clock = new Date();
  const opts = { dataDir: data, now: () => clock };
  await initInstance({ ...opts, origin: 'test.example/daylight' });
  const ctx = await openInstance(opts);
  try {
    seeded = await seedHealth(ctx, (d) => (clock = d));
    expected = await allianceHealth(ctx, 'tri');
  } finally {
    await ctx.close();
  }
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('daylight health', () => {
  it('--json prints the same object as the API', async () => {
    const r = await cli(['health', 'tri', '--now', seeded.now.toISOString(), '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(expected)));
  }, 30_000);

  it('prints standings, days left, each test with its reading and trend', async () => {
    const r = await cli(['health', 'tri', '--now', seeded.now.toISOString()]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines).toContain(`norte: warned since ${seeded.warnedAt.toISOString()}`);
    expect(r.stdout).toContain('51 days left');
    expect(r.stdout).toContain('benchmarks: assembly-held unmet, comrades-released unmet, accounts-open unmet, investigation-published unmet');
    const trip = lines.find((l) => l.includes('executive-authority-holders < 3: 2 (tripped)'))!;
    expect(trip).toBeDefined();
    // 12 cycles: 6 without readings, then 6 6 5 4 4 (highest to lowest) and the trip
    expect(trip).toMatch(/\[ {6}\^\^=--x\]$/);
    expect(lines.some((l) => /executive-authority-holders change over 2 cycles <= -40%: -50% \(tripped\)/.test(l))).toBe(true);
    expect(r.stdout).toContain('accounts-published = false: true');
    expect(r.stdout).toContain('largest-undisclosed-transaction > 10000.00: 2500.00 EUR');
    expect(r.stdout).toContain('sur → norte  endorsement, to the leadership, paused');
    expect(r.stdout).toContain('este → sur  funds, to the people, active (1 commitment): 400.00 EUR');
    expect(r.stdout).toMatch(/este: 0 at home for 2 abroad, ratio 0 — supports abroad and does nothing at home/);
  }, 30_000);

  it('refuses an unknown alliance and a bad --now, on one line each', async () => {
    const none = await cli(['health', 'nope']);
    expect(none.code).toBe(1);
    expect(none.stdout).toBe('');
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
    const bad = await cli(['health', 'tri', '--now', 'yesterday']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--now must be an ISO 8601 instant/);
  }, 30_000);
});

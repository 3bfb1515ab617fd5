/**
 * `daylight lesson` as a user runs it: a ratified alliance in which norte's executive authority
 * fell 6 → 5 → 4 over three past lunar cycles and then to 2 (the trip, recorded through the
 * service); `lesson draft` assembles the case study, `show` prints the missed signal and the
 * timeline readably, `edit` takes the analysis from a file, `publish` archives it, `list` lists
 * it; bad usage exits 2, a refusal exits 1 and changes nothing.
 */
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, type CliResult } from './run-cli.js';
import { allianceFixture, snapshotOf, type Fixture } from '../support/covenant-fixture.js';
import { openInstance } from '../../src/services/instance.js';
import { recordObservation } from '../../src/services/observations.js';
import { cycleAt, cycles as lunarCycles } from '../../src/domain/audit/index.js';

const DAY = 86_400_000;
const work = tempDir('daylight-lesson-cli-');
let fx: Fixture;
const cli = (...args: string[]) => runCli(['--data', fx.data, ...args]);
const ok = (r: CliResult) => {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return r;
};
// four successive lunar cycles that ended in the past, each observed in its middle
const NOW = new Date();
const CYCLES = lunarCycles({ rhythm: 'lunar', from: cycleAt('lunar', new Date(NOW.getTime() - 160 * DAY)).start, to: NOW }).slice(0, 4);

beforeAll(async () => {
  fx = await allianceFixture(work, { stage: 'ratified' });
  const ctx = await openInstance({ dataDir: fx.data });
  try {
    for (const [i, value] of ['6', '5', '4', '2'].entries()) {
      const at = new Date(Date.parse(CYCLES[i]!.start) + 14 * DAY).toISOString().slice(0, 10);
      await recordObservation(ctx, { kind: 'local' }, { alliance: 'tri', party: 'norte', indicator: 'executive-authority-holders', at, value, source: 'party register', evidence: 'vault://private-note' });
    }
  } finally {
    await ctx.close();
  }
});

describe('daylight lesson', () => {
  it('drafts, shows, edits, publishes and lists a lesson', async () => {
    expect(ok(await cli('lesson', 'list', 'tri')).stdout).toBe('tri has no lessons yet: daylight lesson draft tri\n');
    const d = ok(await cli('lesson', 'draft', 'tri', '--party', 'norte', '--title', 'Power concentrated in norte'));
    expect(d.stdout).toBe('drafted lesson 1 of tri: Power concentrated in norte (1 missed signals)\n');

    const [, c1, c2, c3] = CYCLES.map((c) => c.n);
    const show = ok(await cli('lesson', 'show', 'tri', '1')).stdout;
    expect(show).toContain('lesson 1 of tri: Power concentrated in norte\n');
    expect(show).toContain(`missed signals (1):\n  - norte: executive-authority-holders moved toward its threshold (< 3) for 2 cycles (${c1}–${c2}) before it tripped in cycle ${c3}: 6 → 5 → 4\n`);
    expect(show).toMatch(/timeline:\n {2}\S+ {2}norte good → review \(trip\): /);
    expect(show).toContain(`norte executive-authority-holders < 3 (tripped in cycle ${c3}): `);
    expect(show).not.toContain('vault://');

    const file = path.join(work, 'analysis.md');
    writeFileSync(file, 'Two moons of decline went unremarked.\nThe assembly met only after the trip.\n');
    expect(ok(await cli('lesson', 'edit', 'tri', '1', '--analysis-file', file)).stdout).toBe('lesson 1 of tri updated: Power concentrated in norte; analysis 75 characters\n');
    const pub = ok(await cli('lesson', 'publish', 'tri', '1'));
    expect(pub.stdout).toMatch(/^published lesson 1 of tri \(record \d+\): 1 missed signals\n {2}tri-lesson-1\.json {2}sha256:[0-9a-f]{64}\n {2}tri-lesson-1\.html {2}sha256:[0-9a-f]{64}\n$/);
    expect(ok(await cli('lesson', 'show', 'tri', '1')).stdout).toContain('analysis:\n    Two moons of decline went unremarked.\n    The assembly met only after the trip.\n');

    const list = JSON.parse(ok(await cli('lesson', 'list', 'tri', '--json')).stdout) as { lesson: number; status: string; missedSignals: number }[];
    expect(list).toEqual([expect.objectContaining({ lesson: 1, party: 'norte', status: 'published', missedSignals: 1 })]);
    const shown = JSON.parse(ok(await cli('lesson', 'show', 'tri', '1', '--json')).stdout) as { study: { format: string } };
    expect(shown.study.format).toBe('daylight-lesson/1');
  });

  it('bad usage exits 2; a refusal exits 1 with one line and changes nothing', async () => {
    expect((await cli('lesson', 'show', 'tri', 'one')).code).toBe(2);
    const before = await snapshotOf(fx.data);
    const r = await cli('lesson', 'edit', 'tri', '1', '--title', 'Rewritten');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('daylight: lesson 1 of tri is published and cannot change: draft a new one\n');
    const n = await cli('lesson', 'draft', 'tri', '--party', 'nadie');
    expect(n.code).toBe(1);
    expect(n.stderr).toBe('daylight: "nadie" is not a party to tri\n');
    expect(await snapshotOf(fx.data)).toEqual(before);
  });
});

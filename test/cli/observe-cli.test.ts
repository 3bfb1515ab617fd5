/**
 * `daylight observe` as an operator runs it (the built CLI, test/cli/run-cli.ts) on a data
 * directory whose alliance was made through the services (test/services/audit-fixture.ts: the
 * starter covenant, executive-authority-holders < 3 a review test, ratified by three parties):
 *   - a value at its threshold is recorded; its evidence, piped in on standard input, never
 *     reaches the archive; --publish-evidence publishes it, and only then
 *   - a value below the threshold prints "norte: good → review (reason)" and the trip
 *   - an unknown indicator, a missing flag, a bad value: one line, exit 1 (refused) or 2 (usage),
 *     nothing stored (every table's row count and the log's size and root compared)
 *   - a CSV with bad rows is refused whole, each bad line named (and listed with --json), nothing
 *     stored; a good CSV imports every row; `observe list` reads them back, evidence withheld.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initInstance, openInstance } from '../../src/services/instance.js';
import { recentRecords } from '../../src/services/records.js';
import type { Ctx } from '../../src/services/context.js';
import { snapshot, type Snapshot } from '../support/snapshot.js';
import { auditAlliance } from '../services/audit-fixture.js';
import { runCli, tempDir, type CliResult } from './run-cli.js';

const SLOW = 120_000;
const work = tempDir('daylight-observe-cli-');
const data = path.join(work, 'data');
const today = () => new Date().toISOString().slice(0, 10);
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

function oneLine(r: CliResult, code: 1 | 2): string {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(/\n\s+at /);
  const lines = r.stderr.trim().split('\n').filter((l) => !l.startsWith('(run with --help'));
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

beforeAll(async () => {
  await initInstance({ dataDir: data, origin: 'cli.example/daylight' });
  await inProcess((ctx) => auditAlliance(ctx, { alliance: 'tri', parties: ['sur', 'norte', 'este'] }));
}, SLOW);
afterAll(() => undefined);

describe('daylight observe', () => {
  const base = () => ['observe', 'tri', '--party', 'norte', '--indicator', 'executive-authority-holders', '--at', today(), '--source', 'party register'];

  it('records a value at its threshold; evidence from standard input stays private', async () => {
    const r = await cli([...base(), '--value', '5', '--evidence-stdin'], 'vault://witness/7 — minutes of the congress\n');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^recorded observation 1 of norte: executive-authority-holders = 5 at \d{4}-\d{2}-\d{2} \(record \d+\)\n$/);
    const records = await inProcess((ctx) => recentRecords(ctx, 5));
    const obs = records.find((x) => x.record.type === 'observation')!.record;
    expect(obs).toMatchObject({ party: 'norte', value: '5', source: 'party register' });
    expect(obs.evidence ?? null).toBeNull();
    expect(JSON.stringify(records)).not.toContain('vault://witness');
    const stored = await inProcess((ctx) => ctx.db.selectFrom('observation').select(['evidence', 'evidence_public']).executeTakeFirstOrThrow());
    expect(stored).toEqual({ evidence: 'vault://witness/7 — minutes of the congress', evidence_public: 0 });
  }, SLOW);

  it('--publish-evidence publishes it (and only with evidence)', async () => {
    oneLine(await cli([...base(), '--value', '6', '--publish-evidence']), 2);
    const r = await cli([...base(), '--value', '6', '--evidence-stdin', '--publish-evidence', '--json'], 'https://register.example/2026\n');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { index: number; transitions: unknown[] };
    expect(out.transitions).toEqual([]);
    const rec = await inProcess(async (ctx) => (await recentRecords(ctx, 5)).find((x) => x.index === out.index)!.record);
    expect(rec.evidence).toBe('https://register.example/2026');
  }, SLOW);

  it('refusals are one line and change nothing: unknown indicator, bad value, missing flags', async () => {
    const before = await state();
    const unknown = oneLine(await cli(['observe', 'tri', '--party', 'norte', '--indicator', 'nope', '--at', today(), '--value', '1', '--source', 's']), 1);
    expect(unknown).toMatch(/^daylight: unknown indicator "nope": the covenant defines days-since-assembly, /);
    expect(oneLine(await cli([...base(), '--value', '2.5']), 1)).toMatch(/a count is a whole number/);
    expect(oneLine(await cli([...base(), '--value', '2', '--currency', 'EUR']), 1)).toMatch(/has no currency/);
    expect(oneLine(await cli(['observe', 'tri', '--party', 'nadie', '--indicator', 'executive-authority-holders', '--at', today(), '--value', '1', '--source', 's']), 1)).toMatch(/"nadie" is not a party to tri/);
    expect(oneLine(await cli(['observe', 'tri', '--party', 'norte', '--indicator', 'executive-authority-holders']), 2)).toMatch(/give --at, --value, --source/);
    expect(oneLine(await cli(['observe', 'nowhere', ...base().slice(2), '--value', '4']), 1)).toMatch(/nowhere/);
    expect(await state()).toEqual(before);
  }, SLOW);

  it('a value below the threshold opens the corrective phase by itself and says so', async () => {
    const r = await cli([...base(), '--value', '2']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[1]).toMatch(/^tripped: executive-authority-holders < 3 \(review\): /);
    expect(lines[2]).toMatch(/^norte: good → review \(.+\)$/);
    const standing = await inProcess((ctx) => ctx.db.selectFrom('alliance_party').innerJoin('organization', 'organization.id', 'alliance_party.organization_id').select(['organization.slug', 'alliance_party.standing']).orderBy('organization.slug').execute());
    expect(standing).toEqual([
      { slug: 'este', standing: 'good' },
      { slug: 'norte', standing: 'review' },
      { slug: 'sur', standing: 'good' },
    ]);
  }, SLOW);
});

describe('daylight observe import', () => {
  it('a CSV with bad rows is refused whole, each bad line named; nothing is stored', async () => {
    const csv = [
      'party,indicator,at,value,source,evidence',
      `sur,executive-authority-holders,${today()},7,register,private note`,
      `sur,nope,${today()},1,register,`,
      `este,executive-authority-holders,${today()},two,register,`,
      `nadie,executive-authority-holders,${today()},4,register,`,
      `este,executive-authority-holders,2999-01-01,4,register,`,
      `este,executive-authority-holders,${today()},4`,
    ].join('\n');
    const file = path.join(work, 'bad.csv');
    writeFileSync(file, csv + '\n');
    const before = await state();
    const line = oneLine(await cli(['observe', 'import', 'tri', file]), 1);
    expect(line).toMatch(/^daylight: 5 bad rows, nothing imported — line 3: unknown indicator "nope"/);
    for (const n of [3, 4, 5, 6, 7]) expect(line).toContain(`line ${n}: `);
    expect(line).not.toContain('line 2:');
    const json = await cli(['observe', 'import', 'tri', file, '--json']);
    expect(json.code).toBe(1);
    expect(json.stderr).toBe('');
    const out = JSON.parse(json.stdout) as { error: string; problems: { line: number; reason: string }[] };
    expect(out.problems.map((p) => p.line)).toEqual([3, 4, 5, 6, 7]);
    expect(out.problems[2]).toEqual({ line: 5, reason: '"nadie" is not a party to tri' });
    expect(out.problems[4]!.reason).toBe('4 fields where the header has 6');
    expect(out.error).toBe(line.replace(/^daylight: /, ''));
    expect(await state()).toEqual(before);
  }, SLOW);

  it('a good CSV (from standard input) imports every row in one go', async () => {
    const csv = `indicator,party,at,value,source\nexecutive-authority-holders,sur,${today()},7,register\nexecutive-authority-holders,este,${today()},4,register\n`;
    const before = await state();
    const r = await cli(['observe', 'import', 'tri', '-'], csv);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^imported 2 observations into tri \(observations \d+–\d+\)\n$/);
    const after = await state();
    expect(after.rows.observation).toBe(before.rows.observation! + 2);
    expect(after.log.size).toBe(before.log.size + 2);
  }, SLOW);

  it('observe list reads them back, newest first, filtered; unpublished evidence never shown', async () => {
    const all = await cli(['observe', 'list', 'tri', '--json']);
    expect(all.code, all.stderr).toBe(0);
    const list = JSON.parse(all.stdout) as { id: number; party: string; evidence: string | null }[];
    expect(list.map((x) => x.id)).toEqual([...list.map((x) => x.id)].sort((a, b) => b - a));
    expect(all.stdout).not.toContain('vault://witness');
    expect(list.filter((x) => x.evidence !== null).map((x) => x.evidence)).toEqual(['https://register.example/2026']);
    const sur = await cli(['observe', 'list', 'tri', '--party', 'sur']);
    expect(sur.code).toBe(0);
    expect(sur.stdout.trim().split('\n')).toHaveLength(1);
    expect(sur.stdout).toMatch(/^#\d+ {2}\d{4}-\d{2}-\d{2} {2}sur {2}executive-authority-holders = 7 {2}source: register {2}\(record \d+\)\n$/);
  }, SLOW);
});

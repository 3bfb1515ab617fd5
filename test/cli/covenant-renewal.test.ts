/**
 * Renewal through the command line: `daylight tick --now` (as cron would run it) opens the
 * renewal at its due time, parties re-sign (two with keys, one offline with `daylight note sign`),
 * testimonies are given publicly and anonymously, the renewal is published; later a renewal nobody
 * completes lapses, and the alliance says so.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, type CliResult } from './run-cli.js';
import { allianceFixture, type Fixture } from '../support/covenant-fixture.js';

const work = tempDir('daylight-renewal-');
const f = (name: string) => path.join(work, name);
let fx: Fixture;
const cli = (...args: string[]) => runCli(['--data', fx.data, ...args]);
const ok = (r: CliResult) => {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return r;
};

beforeAll(async () => {
  fx = await allianceFixture(work, { stage: 'ratified' });
});

describe('renewal from the command line', () => {
  let due = '';
  it('tick opens nothing before the due time and renewal 1 at it', async () => {
    const status = JSON.parse(ok(await cli('renewal', 'status', '--alliance', 'tri', '--json')).stdout);
    expect(status).toMatchObject({ status: 'active', version: 1, cadence: { every: 13, unit: 'moons' }, renewals: [] });
    due = status.next.dueAt;
    const early = ok(await cli('tick', '--now', new Date(Date.parse(due) - 1000).toISOString()));
    expect(early.stdout).toBe('');
    expect(early.stderr).toBe('nothing due\n');
    const opened = ok(await cli('tick', '--now', due));
    expect(opened.stdout).toBe(`opened renewal 1 of tri (due ${due}, lapses ${status.next.lapsesAt})\n`);
    expect((await cli('tick', '--now', 'next tuesday')).code).toBe(2);
  });

  it('testimonies: the testifier must choose public or anonymous', async () => {
    writeFileSync(f('t1.txt'), 'The assemblies kept meeting; I was heard.\n');
    expect((await cli('renewal', 'testify', '--alliance', 'tri', f('t1.txt'))).code).toBe(2);
    expect((await cli('renewal', 'testify', '--alliance', 'tri', '--pseudonym', 'Wanjiru', '--anonymous', f('t1.txt'))).code).toBe(2);
    ok(await cli('renewal', 'testify', '--alliance', 'tri', '--pseudonym', 'Wanjiru', '--lang', 'en', f('t1.txt')));
    const anon = ok(await runCli(['--data', fx.data, 'renewal', 'testify', '--alliance', 'tri', '--anonymous'], { input: 'Funds for the clinic stopped without a word.\n' }));
    expect(anon.stdout).toMatch(/anonymously/);
  });

  it('two parties re-sign with keys, one offline; the renewal is published', async () => {
    ok(await cli('renewal', 'sign', '--alliance', 'tri', '--party', 'sur', '--key', fx.keys.sur!.file));
    ok(await cli('renewal', 'sign', '--alliance', 'tri', '--party', 'norte', '--key', fx.keys.norte!.file));
    const text = ok(await cli('renewal', 'text', '--alliance', 'tri')).stdout;
    expect(text).toMatch(/^daylight covenant renewal v1\nalliance tri\nversion 1\nrenewal 1\nsha256 [0-9a-f]{64}\n$/);
    const signed = ok(await runCli(['note', 'sign', '--key', fx.keys.este!.file], { input: text }));
    writeFileSync(f('este-renewal.note'), signed.stdout);
    const up = ok(await cli('renewal', 'upload', '--alliance', 'tri', f('este-renewal.note')));
    expect(up.stdout).toMatch(/renewal 1 is published\n$/);
    const status = JSON.parse(ok(await cli('renewal', 'status', '--alliance', 'tri', '--json')).stdout);
    expect(status.renewals).toEqual([expect.objectContaining({ number: 1, status: 'published', missing: [], testimonies: 2 })]);
  });

  it('a renewal nobody completes lapses publicly; the alliance says so', async () => {
    const far = new Date(Date.parse(due) + 3 * 400 * 86_400_000).toISOString();
    const r = ok(await cli('tick', '--now', far));
    expect(r.stdout).toMatch(/^opened renewal 2 of tri .*\nlapsed: tri did not renew \(renewal 2, grace ended .*\)\n$/);
    const shown = ok(await cli('alliance', 'show', 'tri'));
    expect(shown.stdout).toMatch(/^tri: Alliance tri \(lapsed\)\n/);
    expect(shown.stdout).toMatch(/renewal 2: lapsed/);
    expect(ok(await cli('tick', '--now', far)).stderr).toBe('nothing due\n');
  });
});

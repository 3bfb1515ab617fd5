/**
 * daylight cycles and daylight draw as a user runs them (the built CLI, no database):
 * - cycles agrees with USNO's new moons to within 2 minutes
 *   (test/domain/audit/testdata/new-moons.txt, sources in its header);
 * - draw reproduces RFC 3797 §6 exactly (test/domain/audit/testdata/rfc3797/, from
 *   richsalz/ietf-rfc3797-code ref.names and ref.results);
 * - bad input: one line, exit 2 (exit 1 for an unreadable pool file).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir, type CliResult } from './run-cli.js';

const TESTDATA = path.join(ROOT, 'test/domain/audit/testdata');
const NAMES = path.join(TESTDATA, 'rfc3797/names.txt');
const RFC_SOURCES = ['--source', '9319', '--source', '2 5 12 8 10', '--source', '9 18 26 34 41 45'];
const RFC_TEN = ['Lee', 'Doc', 'Mary', 'Charity', 'Kasczynski', 'Envy', 'Sneazy', 'Anger', 'Chastity', 'Pandora'];

function oneLineError(r: CliResult, code: 1 | 2): void {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr.trim().split('\n').filter((l) => !l.startsWith('(run with --help')).length).toBe(1);
}

function newMoons(): number[] {
  return readFileSync(path.join(TESTDATA, 'new-moons.txt'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => Date.parse(l.split(' ')[0]!));
}

describe('daylight cycles', () => {
  it('--rhythm lunar --from 2024-01-01 --to 2031-01-01 --json agrees with USNO new moons within 2 minutes', async () => {
    const r = await runCli(['cycles', '--rhythm', 'lunar', '--from', '2024-01-01', '--to', '2031-01-01', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as { n: number; start: string; end: string }[];
    expect(list).toHaveLength(87);
    for (const c of list) expect(Object.keys(c)).toEqual(['n', 'start', 'end']);
    expect(list[0]).toMatchObject({ n: 1250 });
    const refs = newMoons().filter((t) => t >= Date.parse('2024-01-01') && t < Date.parse('2031-01-01'));
    expect(refs).toHaveLength(75);
    for (const ref of refs) {
      const diffs = list.map((c) => Math.abs(Date.parse(c.start) - ref));
      expect(Math.min(...diffs), new Date(ref).toISOString()).toBeLessThanOrEqual(120_000);
    }
    list.slice(1).forEach((c, i) => expect(c.start).toBe(list[i]!.end));
  });

  it('quarterly as a table, and an iCalendar feed with CRLF lines', async () => {
    const t = await runCli(['cycles', '--rhythm', 'quarterly', '--from', '2024-01-01', '--to', '2025-01-01']);
    expect(t.code).toBe(0);
    expect(t.stdout.split('\n')[1]).toBe('8096  2024-01-01T00:00:00Z  2024-04-01T00:00:00Z  2024-Q1');
    expect(t.stdout.trim().split('\n')).toHaveLength(5);
    const f = await runCli(['cycles', '--rhythm', 'lunar', '--from', '2024-01-01', '--to', '2024-03-01', '--ics', '--uid-domain', 'rivers.example.org']);
    expect(f.code).toBe(0);
    expect(f.stdout.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(f.stdout).toContain('UID:lunar-1251@rivers.example.org\r\n');
    expect(f.stdout).toContain('DTSTAMP:20240101T000000Z\r\n');
    const again = await runCli(['cycles', '--rhythm', 'lunar', '--from', '2024-01-01', '--to', '2024-03-01', '--ics', '--uid-domain', 'rivers.example.org']);
    expect(again.stdout).toBe(f.stdout);
  });

  it('bad rhythm, dates or flags: one line, exit 2', async () => {
    oneLineError(await runCli(['cycles', '--rhythm', 'weekly', '--from', '2024-01-01', '--to', '2025-01-01']), 2);
    oneLineError(await runCli(['cycles', '--rhythm', 'lunar', '--from', '2024-02-30', '--to', '2025-01-01']), 2);
    oneLineError(await runCli(['cycles', '--rhythm', 'lunar', '--from', 'next week', '--to', '2025-01-01']), 2);
    oneLineError(await runCli(['cycles', '--rhythm', 'lunar', '--from', '2025-01-01', '--to', '2024-01-01']), 2);
    oneLineError(await runCli(['cycles', '--rhythm', 'lunar', '--from', '2024-01-01']), 2);
    oneLineError(await runCli(['cycles', '--rhythm', 'lunar', '--from', '2024-01-01', '--to', '2025-01-01', '--json', '--ics']), 2);
    oneLineError(await runCli(['cycles', '--rhythm', 'quarterly', '--from', '1000-01-01', '--to', '9000-01-01']), 2);
  });
});

describe('daylight draw', () => {
  it('reproduces RFC 3797 §6: the key string and the ten names, in order', async () => {
    const r = await runCli(['draw', ...RFC_SOURCES, '--pool', NAMES, '--select', '10']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('key 9319./2.5.8.10.12./9.18.26.34.41.45./');
    expect(lines.slice(1).map((l) => l.trim().split(/\s+/)[1])).toEqual(RFC_TEN);
    const j = await runCli(['draw', ...RFC_SOURCES, '--pool', NAMES, '--select', '10', '--json']);
    expect(JSON.parse(j.stdout)).toEqual(RFC_TEN.map((name, i) => ({ position: i + 1, name })));
  });

  it('the pool can come from standard input, with blank lines and CRLF ignored', async () => {
    const pool = '\r\n' + readFileSync(NAMES, 'utf8').split('\n').join('\r\n\r\n');
    const r = await runCli(['draw', ...RFC_SOURCES, '--pool', '-', '--select', '11', '--json'], { input: pool });
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { name: string }[]).map((d) => d.name)).toEqual([...RFC_TEN, 'Sloth']);
  });

  it('bad sources, pool or count: one line, exit 2; an unreadable pool file: exit 1', async () => {
    const dir = tempDir();
    const dup = path.join(dir, 'dup.txt');
    writeFileSync(dup, 'Ana\nBen\nAna\n');
    oneLineError(await runCli(['draw', '--pool', NAMES, '--select', '3']), 2);
    oneLineError(await runCli(['draw', '--source', '', '--pool', NAMES, '--select', '3']), 2);
    oneLineError(await runCli(['draw', '--source', '9 18', '--source', '  ', '--pool', NAMES, '--select', '3']), 2);
    oneLineError(await runCli(['draw', '--source', 'résultat', '--pool', NAMES, '--select', '3']), 2);
    oneLineError(await runCli(['draw', ...RFC_SOURCES, '--pool', NAMES, '--select', '26']), 2);
    oneLineError(await runCli(['draw', ...RFC_SOURCES, '--pool', NAMES, '--select', '0']), 2);
    oneLineError(await runCli(['draw', ...RFC_SOURCES, '--pool', NAMES, '--select', 'ten']), 2);
    oneLineError(await runCli(['draw', ...RFC_SOURCES, '--pool', dup, '--select', '1']), 2);
    oneLineError(await runCli(['draw', ...RFC_SOURCES, '--pool', '-', '--select', '1'], { input: '\n\n' }), 2);
    oneLineError(await runCli(['draw', ...RFC_SOURCES, '--pool', path.join(dir, 'missing.txt'), '--select', '1']), 1);
    const tooFew = await runCli(['draw', ...RFC_SOURCES, '--pool', NAMES, '--select', '26']);
    expect(tooFew.stderr).toContain('the pool has 25 names, fewer than the 26 to select');
  });
});

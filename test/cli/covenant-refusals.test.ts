/**
 * Refusals through the command line: each says why on stderr, exits 1, and leaves every table
 * and the log exactly as they were (row counts, log size and root compared before and after).
 *   - signatures: an unregistered key, a note over other bytes, a superseded version;
 *   - malformed covenant files: YAML and JSON syntax, schema violations, unknown indicator
 *     references, hostile text (control characters, alias bombs, duplicate and __proto__ keys,
 *     deep nesting) — each problem listed with its path and reason.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, type CliResult } from './run-cli.js';
import { allianceFixture, snapshotOf, type Fixture } from '../support/covenant-fixture.js';
import { generateKey } from '../../src/ledger/note.js';

const work = tempDir('daylight-refusals-');
const f = (name: string) => path.join(work, name);
let fx: Fixture;
const cli = (...args: string[]) => runCli(['--data', fx.data, ...args]);

beforeAll(async () => {
  fx = await allianceFixture(work, { stage: 'proposed' });
});

/** Runs the command and checks it failed with `reason` and changed nothing. */
async function refusedUnchanged(args: string[], reason: RegExp): Promise<CliResult> {
  const before = await snapshotOf(fx.data);
  const r = await cli(...args);
  expect(r.code, r.stderr).toBe(1);
  expect(r.stderr).toMatch(reason);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(await snapshotOf(fx.data)).toEqual(before);
  return r;
}

describe('signature refusals', () => {
  it('an unregistered key', async () => {
    const stranger = generateKey('stranger.example/delegate');
    writeFileSync(f('stranger.key'), stranger.signerKey + '\n');
    const r = await refusedUnchanged(
      ['covenant', 'sign', '--alliance', 'tri', '--version', '1', '--party', 'sur', '--key', f('stranger.key')],
      /not signed by a registered key of any party to version 1 of tri/,
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a note over other bytes', async () => {
    const text = (await cli('covenant', 'signature', 'text', '--alliance', 'tri', '--version', '1')).stdout;
    writeFileSync(f('other.txt'), text.replace(/sha256 [0-9a-f]{64}/, `sha256 ${'0'.repeat(64)}`));
    const signed = await runCli(['note', 'sign', '--key', fx.keys.sur!.file, f('other.txt')]);
    writeFileSync(f('other.note'), signed.stdout);
    await refusedUnchanged(['covenant', 'signature', 'upload', '--alliance', 'tri', f('other.note')], /signed over other bytes/);
  });

  it('a superseded version', async () => {
    // v2 proposed while v1 waits: v1 is superseded, its signatures refused
    expect((await cli('covenant', 'show', '--alliance', 'tri', '--version', '1', '--out', f('v1.yaml'))).code).toBe(0);
    writeFileSync(f('v2.yaml'), readFileSync(f('v1.yaml'), 'utf8').replace('every: 13', 'every: 12'));
    expect((await cli('covenant', 'amend', '--alliance', 'tri', '--from', '1', '--author', 'norte', '--rationale', 'Renew yearly-ish.', f('v2.yaml'))).code).toBe(0);
    const p = await cli('covenant', 'propose', '--alliance', 'tri', '--version', '2');
    expect(p.stdout).toMatch(/version 1 \(proposed before\) is superseded/);
    await refusedUnchanged(
      ['covenant', 'sign', '--alliance', 'tri', '--version', '1', '--party', 'sur', '--key', fx.keys.sur!.file],
      /version 1 is superseded by version 2: it can no longer be signed/,
    );
  });
});

describe('malformed covenant files', () => {
  let template = '';
  beforeAll(async () => {
    template = (await runCli(['covenant', 'template', '--parties', 'sur,norte,este', '--languages', 'en,ar'])).stdout;
  });

  /** draft refuses the file listing each expected problem as `file: path … reason`; lint agrees. */
  async function refusedFile(name: string, content: string, expected: [string, RegExp][]): Promise<void> {
    writeFileSync(f(name), content);
    const r = await refusedUnchanged(['covenant', 'draft', '--alliance', 'tri', '--author', 'sur', '--rationale', 'x', f(name)], /nothing was stored/);
    const lines = r.stderr.trim().split('\n');
    for (const [where, reason] of expected) {
      const hit = lines.find((l) => l.startsWith(`${f(name)}: ${where}`) && reason.test(l));
      expect(hit, `${where} ${reason} in\n${r.stderr}`).toBeDefined();
    }
    const lint = await runCli(['covenant', 'lint', f(name)]);
    expect(lint.code).toBe(1);
    expect(lint.stderr.trim().split('\n').slice(0, -1)).toEqual(lines.slice(0, -1));
  }

  it('YAML syntax', async () => {
    await refusedFile('syntax.yaml', 'format: daylight-covenant/1\nhorizon: [unclosed\n', [['line ', /\]/]]);
  });

  it('JSON syntax', async () => {
    await refusedFile('syntax.json', '{"format": "daylight-covenant/1",}', [['line 1, column 34', /trailing comma/]]);
  });

  it('schema violations, each with its path', async () => {
    const bad = template
      .replace('every: 13', 'every: 0')
      .replace('unit: moons', 'unit: weeks')
      .replace(/^horizon:/m, 'horizn:')
      .replace('rhythm: lunar', 'rhythm: weekly');
    await refusedFile('schema.yaml', bad, [
      ['renewal.every', /at least 1/],
      ['renewal.unit', /./],
      ['horizn', /unknown field/],
      ['horizon', /required/],
      ['audit.rhythm', /./],
    ]);
  });

  it('unknown indicator references', async () => {
    const bad = template.replace('- indicator: days-since-assembly', '- indicator: days-since-congress');
    await refusedFile('refs.yaml', bad, [[String.raw`principles[0].tests[0].indicator`, /days-since-congress/]]);
  });

  it('hostile text: control characters, an alias bomb, duplicate and __proto__ keys, deep nesting', async () => {
    const hostile = template.replace('en: Solidarity covenant', 'en: "bell\\a <script>alert(1)</script>"').replace(/^(    ar: ).*$/m, '$1"\\uD800 lone"');
    expect(hostile).toContain('bell\\a');
    await refusedFile('control.yaml', hostile, [
      ['title.text.en', /control/],
      ['title.text.ar', /surrogate/],
    ]);
    await refusedFile('bomb.yaml', 'a: &a ["lol","lol"]\nb: &b [*a,*a,*a]\nc: [*b,*b,*b]\n', [['line 1, column 7', /anchors/], ['line 2, column 8', /aliases/]]);
    await refusedFile('dup.json', '{"format":"daylight-covenant/1","format":"daylight-covenant/1","__proto__":{"polluted":true}}', [
      ['line 1', /duplicate/],
      ['__proto__', /unknown field/],
    ]);
    await refusedFile('deep.json', '['.repeat(5000) + ']'.repeat(5000), [['line 1', /deep|nest/i]]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('lint prints each finding as `path: message` and exits 1 on an error', () => {
  it('a principle without a test is poetry', async () => {
    const template = (await runCli(['covenant', 'template', '--parties', 'sur,norte'])).stdout;
    // drop every test of the first principle
    const poetry = template.replace(/(- id: pluralism-internal-democracy[\s\S]*?\n    tests:)\n(      - [\s\S]*?)(\n  - id: )/, '$1 []$3');
    expect(poetry).not.toBe(template);
    writeFileSync(f('poetry.yaml'), poetry);
    const r = await runCli(['covenant', 'lint', f('poetry.yaml')]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines.some((l) => /^principles\[0\]\.tests: /.test(l))).toBe(true);
    for (const l of lines) expect(l).toMatch(/^[\w[\].-]+: \S/);
    expect(r.stderr).toMatch(/lint: [1-9]\d* errors?/);
  });
});

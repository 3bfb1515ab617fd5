/**
 * Issue 3, "Must show", end to end through the command line as a user runs it (the built CLI,
 * real SQLite, real keys): a three-party alliance; a covenant from the template; amended by a
 * second party; diffed; linted clean; proposed; signed by all three — two with keys on the command
 * line, one by uploading a note signed elsewhere with `daylight note sign` (no data directory: an
 * offline machine); ratified; archived; `daylight archive export` + `daylight verify` accept it;
 * and the joint signed note verifies with plain C2SP verifiers given the three verifier keys:
 * `daylight note verify`, ledger/note.ts openNote, and Go's x/mod sumdb/note when installed.
 */
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir, type CliResult } from '../cli/run-cli.js';
import { openNote, parseVerifierKey } from '../../src/ledger/note.js';
import { parseSignatureText } from '../../src/domain/covenant/index.js';
import { listFiles } from '../support/privacy-scan.js';

const PARTIES = ['sur', 'norte', 'este'] as const;
const GOPATH = '/usr/share/gocode';
const hasGo = spawnSync('go', ['version']).status === 0 && existsSync(`${GOPATH}/src/golang.org/x/mod/sumdb/note`);

function ok(r: CliResult): CliResult {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return r;
}

describe('a three-party covenant, from template to verified archive', () => {
  const work = tempDir('daylight-scenario-');
  const data = path.join(work, 'data');
  const f = (name: string) => path.join(work, name);
  const cli = (...args: string[]) => runCli(['--data', data, ...args]);
  const vkeys: Record<string, string> = {};
  let instanceKey = '';

  beforeAll(async () => {
    instanceKey = ok(await cli('init', '--origin', 'scenario.example/daylight')).stdout.trim();
    for (const p of PARTIES) {
      // keys are made where delegates keep them, not in the data directory
      vkeys[p] = ok(await runCli(['keygen', `${p}.example/delegate`, '--out', f(`${p}.key`)])).stdout.trim();
      ok(await cli('org', 'create', p, '--name', `Movimiento ${p}`, '--country', 'CL', '--languages', 'es,en', '--time-zone', 'America/Santiago'));
      ok(await cli('org', 'key', 'add', p, vkeys[p]!));
    }
    ok(await cli('alliance', 'create', 'tri', '--name', 'Alianza Tri', ...PARTIES.flatMap((p) => ['--party', p])));
  });

  it('template → draft by sur → amendment by norte → diff → lint clean → proposal', async () => {
    ok(await runCli(['covenant', 'template', '--parties', PARTIES.join(','), '--out', f('v1.yaml')]));
    const lint1 = await runCli(['covenant', 'lint', f('v1.yaml')]);
    expect(lint1.code).toBe(0);
    expect(lint1.stdout).toBe('');
    const d1 = JSON.parse(ok(await cli('covenant', 'draft', '--alliance', 'tri', '--author', 'sur', '--rationale', 'The essay’s five non-negotiables.', f('v1.yaml'), '--json')).stdout);
    expect(d1).toMatchObject({ alliance: 'tri', version: 1, findings: [] });

    // norte takes the stored v1 and asks for assemblies twice a year
    ok(await cli('covenant', 'show', '--alliance', 'tri', '--version', '1', '--format', 'yaml', '--out', f('v1-stored.yaml')));
    const v1 = readFileSync(f('v1-stored.yaml'), 'utf8');
    const v2 = v1.replace(/(- indicator: days-since-assembly\n\s+threshold:\n\s+comparison: ">"\n\s+value: )"365"/, '$1"180"');
    expect(v2).not.toBe(v1);
    writeFileSync(f('v2.yaml'), v2);
    expect((await runCli(['covenant', 'lint', f('v2.yaml')])).code).toBe(0);
    const d2 = JSON.parse(ok(await cli('covenant', 'amend', '--alliance', 'tri', '--from', '1', '--author', 'norte', '--rationale', 'Assemblies twice a year, not once.', f('v2.yaml'), '--json')).stdout);
    expect(d2).toMatchObject({ version: 2, findings: [] });

    const diff = ok(await cli('covenant', 'diff', '--alliance', 'tri', '1', '2'));
    expect(diff.stdout.trim().split('\n')).toHaveLength(1);
    expect(diff.stdout).toMatch(/days-since-assembly.*365.*180/);
    const text = ok(await cli('covenant', 'diff', '--alliance', 'tri', '1', '2', '--text'));
    expect(text.stdout).toMatch(/^--- v1\n\+\+\+ v2\n/);
    expect(text.stdout).toMatch(/^-\s+value: "365"$/m);
    expect(text.stdout).toMatch(/^\+\s+value: "180"$/m);

    const proposed = JSON.parse(ok(await cli('covenant', 'propose', '--alliance', 'tri', '--version', '2', '--json')).stdout);
    expect(proposed.documents.map((d: { mediaType: string }) => d.mediaType)).toEqual(['application/json', 'text/markdown; charset=utf-8', 'application/pdf']);
    expect(proposed.documents[0].sha256).toBe(d2.sha256);
  });

  it('two parties sign with keys on the command line; the third signs offline and uploads; ratified', async () => {
    for (const p of ['sur', 'norte']) {
      const r = ok(await cli('covenant', 'sign', '--alliance', 'tri', '--version', '2', '--party', p, '--key', f(`${p}.key`)));
      expect(r.stdout).toMatch(new RegExp(`^${p} signed version 2 of tri`));
    }
    // the text to sign travels to an offline machine, is signed there, and comes back
    const text = ok(await cli('covenant', 'signature', 'text', '--alliance', 'tri', '--version', '2')).stdout;
    writeFileSync(f('sign-me.txt'), text);
    const offline = ok(await runCli(['note', 'sign', '--key', f('este.key'), f('sign-me.txt')], { cwd: tempDir() }));
    writeFileSync(f('este.note'), offline.stdout);
    const up = ok(await cli('covenant', 'signature', 'upload', '--alliance', 'tri', f('este.note')));
    expect(up.stdout).toMatch(/^este signed version 2 of tri.*\nversion 2 is ratified\n$/);

    const alliance = JSON.parse(ok(await cli('alliance', 'show', 'tri', '--json')).stdout);
    expect(alliance).toMatchObject({ status: 'active', ratified: { version: 2 }, proposed: null });
    expect(alliance.parties.map((p: { standing: string }) => p.standing)).toEqual(['good', 'good', 'good']);
  });

  it('the exported archive verifies, holds the signed bytes, and the joint note verifies with plain C2SP verifiers', async () => {
    const out = f('archive');
    ok(await cli('archive', 'export', out));
    const verified = await runCli(['verify', out, '--key', instanceKey]);
    expect(verified.code).toBe(0);

    const shown = JSON.parse(ok(await cli('covenant', 'show', '--alliance', 'tri', '--json')).stdout);
    expect(shown).toMatchObject({ version: 2, status: 'ratified', signed: ['este', 'norte', 'sur'] });
    const signed = readFileSync(path.join(out, 'doc/sha256', shown.sha256));
    expect(createHash('sha256').update(signed).digest('hex')).toBe(shown.sha256);

    // the joint note: the one document over version 2's text with three signature lines
    const notes = listFiles(path.join(out, 'doc/sha256'))
      .map((file) => ({ file, text: readFileSync(file, 'utf8') }))
      .filter((n) => n.text.startsWith('daylight covenant v1\nalliance tri\nversion 2\n') && (n.text.match(/^— /gm) ?? []).length === 3);
    expect(notes).toHaveLength(1);
    const joint = notes[0]!;
    const keys = PARTIES.map((p) => vkeys[p]!);

    const byCli = await runCli(['note', 'verify', ...keys.flatMap((k) => ['--key', k]), joint.file]);
    expect(byCli.code).toBe(0);
    expect(byCli.stderr.match(/^verified: /gm)).toHaveLength(3);

    const opened = openNote(joint.text, keys.map(parseVerifierKey));
    expect(opened.verified.map((s) => s.name).sort()).toEqual(PARTIES.map((p) => `${p}.example/delegate`).sort());
    expect(parseSignatureText(opened.text)).toEqual({ alliance: 'tri', version: 2, sha256: shown.sha256 });

    // each key alone also opens it: every party's signature stands on its own
    for (const k of keys) expect(openNote(joint.text, [parseVerifierKey(k)]).verified).toHaveLength(1);

    if (!hasGo) {
      console.log('skipped the Go x/mod note check: needs go and golang-golang-x-mod-dev');
      return;
    }
    const bin = f('note-verify');
    execFileSync('go', ['build', '-o', bin, path.join(ROOT, 'test/scenarios/go/note-verify.go')], {
      env: { ...process.env, GO111MODULE: 'off', GOPATH, GOCACHE: f('gocache') },
    });
    const go = spawnSync(bin, [joint.file, ...keys], { encoding: 'utf8' });
    expect(go.status).toBe(0);
    expect(go.stdout.trim().split('\n').sort()).toEqual(PARTIES.map((p) => `${p}.example/delegate`).sort());
  });
});

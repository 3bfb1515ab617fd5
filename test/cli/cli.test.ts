/**
 * The command line as a user meets it: one-line errors, exit codes 0/1/2, nothing stored lost.
 */
import { readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, type CliResult } from './run-cli.js';

function oneLineError(r: CliResult, code: 1 | 2): void {
  expect(r.code).toBe(code);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(r.stderr.trim().split('\n').filter((l) => !l.startsWith('(run with --help')).length).toBe(1);
}

describe('daylight init and keys', () => {
  it('init prints the verifier key and refuses to initialize twice', async () => {
    const data = path.join(tempDir(), 'data');
    const first = await runCli(['--data', data, 'init', '--origin', 'example.org/alliance']);
    expect(first.code).toBe(0);
    expect(first.stdout.trim()).toMatch(/^example\.org\/alliance\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$/);
    expect(statSync(path.join(data, 'log.key')).mode & 0o777).toBe(0o600);
    const again = await runCli(['--data', data, 'init']);
    oneLineError(again, 1);
    expect(readFileSync(path.join(data, 'log.key'), 'utf8')).toContain('PRIVATE+KEY+example.org/alliance+');
  });

  it('keygen writes a 0600 signer key and never overwrites one', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'delegate.key');
    const r = await runCli(['keygen', 'alliance.example/delegate-a', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^alliance\.example\/delegate-a\+[0-9a-f]{8}\+/);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(r.stdout).not.toContain('PRIVATE');
    oneLineError(await runCli(['keygen', 'other', '--out', out]), 2);
    oneLineError(await runCli(['keygen', 'bad name with spaces', '--out', path.join(dir, 'x.key')]), 2);
  });

  it('note sign then note verify, offline; wrong keys and malformed notes fail with one line', async () => {
    const dir = tempDir();
    const keyA = path.join(dir, 'a.key');
    const keyB = path.join(dir, 'b.key');
    const vkeyA = (await runCli(['keygen', 'a.example', '--out', keyA])).stdout.trim();
    const vkeyB = (await runCli(['keygen', 'b.example', '--out', keyB])).stdout.trim();
    const text = path.join(dir, 'covenant.txt');
    writeFileSync(text, 'We commit to pluralism.\n');
    const signedOnce = await runCli(['note', 'sign', '--key', keyA, text]);
    expect(signedOnce.code).toBe(0);
    // a second party adds its line to the already signed note
    const signedTwice = await runCli(['note', 'sign', '--key', keyB], { input: signedOnce.stdout });
    expect(signedTwice.code).toBe(0);
    expect(signedTwice.stdout.match(/^— /gm)).toHaveLength(2);
    const note = path.join(dir, 'signed.note');
    writeFileSync(note, signedTwice.stdout);
    expect((await runCli(['note', 'verify', '--key', vkeyA, '--key', vkeyB, note])).code).toBe(0);
    expect((await runCli(['note', 'verify', '--key', vkeyB, note])).code).toBe(0);

    const stranger = (await runCli(['keygen', 'c.example', '--out', path.join(dir, 'c.key')])).stdout.trim();
    oneLineError(await runCli(['note', 'verify', '--key', stranger, note]), 1);
    oneLineError(await runCli(['note', 'verify', '--key', vkeyA], { input: 'no blank line and no signature' }), 1);
    oneLineError(await runCli(['note', 'verify', '--key', 'not-a-key', note]), 2);
    oneLineError(await runCli(['note', 'verify', note]), 2); // --key missing
    writeFileSync(path.join(dir, 'garbage.key'), 'PRIVATE+KEY+nonsense\n');
    oneLineError(await runCli(['note', 'sign', '--key', path.join(dir, 'garbage.key'), text]), 1);
    oneLineError(await runCli(['note', 'sign', '--key', path.join(dir, 'missing.key'), text]), 1);
  });
});

describe('daylight statement, proof, export, verify, redact', () => {
  let data: string;
  let vkey: string;
  let work: string;
  beforeAll(async () => {
    work = tempDir();
    data = path.join(work, 'data');
    vkey = (await runCli(['--data', data, 'init', '--origin', 'cli.example/log'])).stdout.trim();
  });

  it('publishes statements, proves them, exports and verifies', async () => {
    const files = ['one', 'two', 'three'].map((n) => {
      const f = path.join(work, `${n}.txt`);
      writeFileSync(f, `statement ${n}\n`);
      return f;
    });
    const pub = await runCli(['--data', data, 'statement', 'publish', '--json', ...files]);
    expect(pub.code).toBe(0);
    const results = JSON.parse(pub.stdout) as { index: number; sha256: string }[];
    expect(results.map((r) => r.index)).toEqual([0, 1, 2]);

    const proof = await runCli(['--data', data, 'proof', '1', '--json']);
    expect(proof.code).toBe(0);
    const p = JSON.parse(proof.stdout) as { index: number; treeSize: number; proof: string[]; checkpoint: string };
    expect(p.treeSize).toBe(3);
    expect(p.proof).toHaveLength(2);
    expect(p.checkpoint).toMatch(/^cli\.example\/log\n3\n/);

    oneLineError(await runCli(['--data', data, 'proof', '3']), 1); // beyond the log
    oneLineError(await runCli(['--data', data, 'proof', 'abc']), 2);
    oneLineError(await runCli(['--data', data, 'proof', '-1']), 2);

    const out = path.join(work, 'archive');
    const exp = await runCli(['--data', data, 'archive', 'export', out, '--json']);
    expect(exp.code).toBe(0);
    const ver = await runCli(['verify', out, '--key', vkey, '--json']);
    expect(ver.code).toBe(0);
    const report = JSON.parse(ver.stdout) as { ok: boolean; entries: number; keySource: string };
    expect(report).toMatchObject({ ok: true, entries: 3, keySource: 'given' });
    const own = await runCli(['verify', out]);
    expect(own.code).toBe(0);
    expect(own.stdout).toMatch(/log\.vkey|published/);
  });

  it('a redacted document verifies as redacted; one deleted by hand fails', async () => {
    const a = path.join(work, 'endangers.txt');
    const b = path.join(work, 'ordinary.txt');
    writeFileSync(a, 'names a witness\n');
    writeFileSync(b, 'an ordinary statement\n');
    const pub = JSON.parse((await runCli(['--data', data, 'statement', 'publish', '--json', a, b])).stdout) as {
      sha256: string;
    }[];
    const out = path.join(work, 'archive2');
    expect((await runCli(['--data', data, 'archive', 'export', out])).code).toBe(0);
    expect(existsSync(path.join(out, 'doc/sha256', pub[0]!.sha256))).toBe(true);

    oneLineError(await runCli(['--data', data, 'redact', pub[0]!.sha256]), 2); // --reason missing
    oneLineError(await runCli(['--data', data, 'redact', pub[0]!.sha256, '--reason', 'boredom']), 2);
    oneLineError(await runCli(['--data', data, 'redact', 'f'.repeat(64), '--reason', 'safety']), 1); // unknown
    const red = await runCli(['--data', data, 'redact', pub[0]!.sha256, '--reason', 'safety']);
    expect(red.code).toBe(0);
    expect((await runCli(['--data', data, 'archive', 'export', out])).code).toBe(0);
    expect(existsSync(path.join(out, 'doc/sha256', pub[0]!.sha256))).toBe(false);

    const ver = await runCli(['verify', out, '--key', vkey, '--json']);
    expect(ver.code).toBe(0);
    const report = JSON.parse(ver.stdout) as { redacted: { sha256: string; reason: string }[] };
    expect(report.redacted).toEqual([expect.objectContaining({ sha256: pub[0]!.sha256, reason: 'safety' })]);
    const text = await runCli(['verify', out, '--key', vkey]);
    expect(text.stdout).toContain(pub[0]!.sha256);
    expect(text.stdout).toContain('safety');

    rmSync(path.join(out, 'doc/sha256', pub[1]!.sha256));
    const broken = await runCli(['verify', out, '--key', vkey]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(pub[1]!.sha256);
  });

  it('bad sources and files: one line, exit 1 or 2', async () => {
    oneLineError(await runCli(['verify', path.join(work, 'no-such-dir')]), 1);
    oneLineError(await runCli(['verify', 'ftp://example.org/archive/']), 2);
    oneLineError(await runCli(['verify', work, '--key', 'garbage']), 2);
    oneLineError(await runCli(['--data', data, 'statement', 'publish', path.join(work, 'missing.txt')]), 1);
    oneLineError(await runCli(['--data', path.join(work, 'never-initialized'), 'proof', '0']), 1);
    oneLineError(await runCli(['no-such-command']), 2);
    const bad = await runCli(['--data', data, 'proof', '0'], { env: { DATABASE_URL: 'mysql://x' } });
    oneLineError(bad, 2);
  });
});

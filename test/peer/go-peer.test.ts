/**
 * A peer verifies us: a Go program using only golang.org/x/mod/sumdb/note and sumdb/tlog
 * (x/mod 0.7.0, Debian's golang-golang-x-mod-dev) opens our checkpoint with our verifier key,
 * recomputes the root from our C2SP tiles and checks every entry bundle against them.
 * See test/peer/go/verify.go.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../cli/run-cli.js';

const GOPATH = '/usr/share/gocode';
const hasGo = spawnSync('go', ['version']).status === 0 && existsSync(`${GOPATH}/src/golang.org/x/mod/sumdb/tlog`);
if (!hasGo) {
  console.log('skipped: Go peer test needs go and x/mod (apt-get install -y golang-go golang-golang-x-mod-dev)');
}

describe.skipIf(!hasGo)('Go x/mod peer', () => {
  it('opens our checkpoint and recomputes our root from our tiles and bundles', async () => {
    const work = tempDir();
    const data = path.join(work, 'data');
    const out = path.join(work, 'archive');
    const bin = path.join(work, 'peer-verify');
    execFileSync('go', ['build', '-o', bin, path.join(ROOT, 'test/peer/go/verify.go')], {
      env: { ...process.env, GO111MODULE: 'off', GOPATH, GOCACHE: path.join(work, 'gocache') },
    });

    const init = await runCli(['--data', data, 'init', '--origin', 'peer.example/daylight']);
    expect(init.code).toBe(0);
    const vkey = init.stdout.trim();

    // 600 records: two full level-0 tiles and a partial one, a partial level-1 tile.
    const files: string[] = [];
    for (let i = 0; i < 600; i++) {
      const f = path.join(work, `statement-${i}.txt`);
      writeFileSync(f, `statement ${i}\n`);
      files.push(f);
    }
    for (let i = 0; i < files.length; i += 200) {
      const r = await runCli(['--data', data, 'statement', 'publish', ...files.slice(i, i + 200)]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    expect((await runCli(['--data', data, 'archive', 'export', out])).code).toBe(0);

    const peer = spawnSync(bin, [out, vkey], { encoding: 'utf8' });
    expect(peer.stderr).toBe('');
    expect(peer.status).toBe(0);
    expect(peer.stdout).toMatch(/^ok peer\.example\/daylight 600 /);

    // and the peer refuses the same archive under someone else's key
    const other = (await runCli(['keygen', 'someone-else', '--out', path.join(work, 'other.key')])).stdout.trim();
    const refused = spawnSync(bin, [out, other], { encoding: 'utf8' });
    expect(refused.status).toBe(1);
  });
});

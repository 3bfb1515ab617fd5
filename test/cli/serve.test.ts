/**
 * The README's first command, as a newcomer meets it: `daylight serve` on an empty data
 * directory creates the instance, prints the verifier key and a one-time admin password, and
 * serves pages, API and archive. A second server on the same port says so in one line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, runCli, tempDir } from './run-cli.js';

const children: ChildProcess[] = [];
afterAll(() => children.forEach((c) => c.kill('SIGTERM')));

function startServe(data: string): Promise<{ url: string; stderr: () => string }> {
  const child = spawn(process.execPath, [CLI, '--data', data, 'serve', '--port', '0'], {
    env: { ...process.env, DATABASE_URL: '' },
  });
  children.push(child);
  let err = '';
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  return new Promise((resolve, reject) => {
    child.stderr.on('data', () => {
      const m = /Daylight is serving on (http:\/\/\S+)/.exec(err);
      if (m) resolve({ url: m[1]!, stderr: () => err });
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
}

describe('daylight serve on a fresh data directory', () => {
  it('creates the instance, shows the admin password once, serves home, API and archive', async () => {
    const data = path.join(tempDir(), 'data');
    const { url, stderr } = await startServe(data);
    expect(stderr()).toMatch(/verifier key: localhost\/daylight\+[0-9a-f]{8}\+/);
    const password = /with password: (\S+)/.exec(stderr())?.[1];
    expect(password).toBeDefined();

    const home = await fetch(`${url}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<html lang="en" dir="ltr"');
    const checkpoint = await fetch(`${url}/archive/checkpoint`);
    expect(checkpoint.status).toBe(200);
    expect(await checkpoint.text()).toMatch(/^localhost\/daylight\n0\n/);
    const openapi = await fetch(`${url}/api/v1/openapi.json`);
    expect(((await openapi.json()) as { openapi: string }).openapi).toMatch(/^3\.1/);

    // the live archive verifies with the key the server printed
    const vkey = /verifier key: (\S+)/.exec(stderr())![1]!;
    const verified = await runCli(['verify', `${url}/archive/`, '--key', vkey]);
    expect(verified.code).toBe(0);

    // a second server on the same port fails in one line, and never prints the password again
    const port = new URL(url).port;
    const clash = await runCli(['--data', data, 'serve', '--port', port]);
    expect(clash.code).toBe(1);
    expect(clash.stderr.trim()).toMatch(/^daylight: port \d+ is already in use/);
    expect(clash.stderr).not.toContain(password!);
  });
});

describe('daylight demo (what serve --demo runs in a child process on first run)', () => {
  it('refuses a data directory with no instance in one line, creating nothing', async () => {
    const data = path.join(tempDir(), 'none');
    const r = await runCli(['--data', data, 'demo']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/holds no instance: run daylight init, or daylight serve --demo/);
    expect(existsSync(data)).toBe(false);
  });
});

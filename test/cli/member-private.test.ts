/** Private member fields can come from standard input, so they never sit in the process list. */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './run-cli.js';

describe('member add --private-stdin', () => {
  it('stores the private fields read from standard input and never prints them', async () => {
    const data = path.join(tempDir(), 'data');
    expect((await runCli(['--data', data, 'init'])).code).toBe(0);
    const org = await runCli(['--data', data, 'org', 'create', 'sur', '--name', 'Sur', '--country', 'AR', '--languages', 'es', '--time-zone', 'America/Argentina/Buenos_Aires']);
    expect(org.code).toBe(0);
    const added = await runCli(['--data', data, 'member', 'add', '--org', 'sur', '--pseudonym', 'lechuza', '--private-stdin'], {
      input: JSON.stringify({ realName: 'María Secreta', contact: '+54 11 5555 0101' }),
    });
    expect(added.code).toBe(0);
    expect(added.stdout + added.stderr).not.toContain('María');
    const db = new Database(path.join(data, 'daylight.sqlite'), { readonly: true });
    expect(db.prepare('select real_name, contact from member where pseudonym = ?').get('lechuza')).toEqual({
      real_name: 'María Secreta',
      contact: '+54 11 5555 0101',
    });
    db.close();

    const both = await runCli(['--data', data, 'member', 'add', '--org', 'sur', '--pseudonym', 'x', '--real-name', 'A', '--private-stdin'], { input: '{}' });
    expect(both.code).toBe(2);
    const bad = await runCli(['--data', data, 'member', 'add', '--org', 'sur', '--pseudonym', 'y', '--private-stdin'], { input: '{"phone": "1"}' });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});

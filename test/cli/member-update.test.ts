/**
 * The CLI twins of the member edit page: `member list --org` prints pseudonyms and flags (never
 * real names or contacts); `member update --org --pseudonym` with --officeholder/--no-officeholder,
 * --eligible/--no-eligible, --real-name, --contact (or --private-stdin) changes only what is
 * given. Refusals are one line on stderr, exit 1, nothing changed.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './run-cli.js';

describe('member list, member update', () => {
  it('changes only the given fields, keeps private fields out of the output, and refuses in one line', async () => {
    const data = path.join(tempDir(), 'data');
    const dl = (args: string[], opts: Parameters<typeof runCli>[1] = {}) => runCli(['--data', data, ...args], opts);
    expect((await dl(['init'])).code).toBe(0);
    expect((await dl(['org', 'create', 'sur', '--name', 'Sur', '--country', 'AR', '--languages', 'es', '--time-zone', 'UTC'])).code).toBe(0);
    expect((await dl(['member', 'add', '--org', 'sur', '--pseudonym', 'lechuza', '--real-name', 'Ana Pérez', '--contact', 'ana@example.org'])).code).toBe(0);
    expect((await dl(['member', 'add', '--org', 'sur', '--pseudonym', 'hornero', '--officeholder'])).code).toBe(0);
    const row = (p: string) => {
      const d = new Database(path.join(data, 'daylight.sqlite'), { readonly: true });
      try {
        return d.prepare('select real_name, contact, officeholder, triad_eligible from member where pseudonym = ?').get(p);
      } finally {
        d.close();
      }
    };

    expect(await dl(['member', 'list', '--org', 'sur'])).toMatchObject({ code: 0, stdout: 'hornero\tofficeholder, eligible\nlechuza\teligible\n' });

    // The member has left: not eligible, nothing else touched.
    const left = await dl(['member', 'update', '--org', 'sur', '--pseudonym', 'lechuza', '--no-eligible']);
    expect(left).toMatchObject({ code: 0, stdout: "updated sur's member lechuza: not officeholder, not eligible for triads\n" });
    expect(row('lechuza')).toEqual({ real_name: 'Ana Pérez', contact: 'ana@example.org', officeholder: 0, triad_eligible: 0 });
    expect(await dl(['member', 'update', '--org', 'sur', '--pseudonym', 'hornero', '--no-officeholder'])).toMatchObject({ code: 0 });
    expect(row('hornero')).toMatchObject({ officeholder: 0, triad_eligible: 1 });

    // Private fields from standard input, "" removes one; neither is printed back.
    const priv = await dl(['member', 'update', '--org', 'sur', '--pseudonym', 'lechuza', '--private-stdin', '--eligible', '--json'], {
      input: JSON.stringify({ realName: 'Ana P. Pérez', contact: '' }),
    });
    expect(priv.code).toBe(0);
    expect(JSON.parse(priv.stdout)).toEqual({ id: expect.any(Number), organization: 'sur', pseudonym: 'lechuza', officeholder: false, triadEligible: true });
    expect(priv.stdout).not.toContain('Pérez');
    expect(row('lechuza')).toEqual({ real_name: 'Ana P. Pérez', contact: null, officeholder: 0, triad_eligible: 1 });
    expect((await dl(['member', 'list', '--org', 'sur'])).stdout).not.toContain('Pérez');

    for (const [args, message] of [
      [['--pseudonym', 'nadie', '--officeholder'], 'sur has no member called "nadie": check the pseudonym'],
      [['--pseudonym', 'lechuza', '--eligible'], 'nothing was changed: lechuza already has these details'],
      [['--pseudonym', 'lechuza', '--real-name', 'lechuza'], 'must not reveal who the member is'],
    ] as const) {
      const r = await dl(['member', 'update', '--org', 'sur', ...args]);
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(message);
    }
    expect((await dl(['member', 'update', '--org', 'sur', '--pseudonym', 'lechuza', '--real-name', 'x', '--private-stdin'], { input: '{}' })).code).toBe(2);
    expect(row('lechuza')).toEqual({ real_name: 'Ana P. Pérez', contact: null, officeholder: 0, triad_eligible: 1 });
  }, 120_000);
});

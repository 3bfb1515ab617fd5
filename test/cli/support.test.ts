/**
 * The support ledger and local mirroring through the command line, as the operator runs them:
 * `daylight support commit|transaction|end|list` and `daylight local add|list`. Amounts print in
 * their currency's canonical form, totals one line per currency; a refusal exits 1 with one line
 * on stderr and changes nothing (every table's row count and the log); bad usage exits 2.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, type CliResult } from './run-cli.js';
import { allianceFixture, snapshotOf, type Fixture } from '../support/covenant-fixture.js';

const work = tempDir('daylight-support-cli-');
let fx: Fixture;
const cli = (...args: string[]) => runCli(['--data', fx.data, ...args]);
const ok = (r: CliResult) => {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return r;
};
const today = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  fx = await allianceFixture(work, { stage: 'ratified' });
}, 120_000);

async function refusedUnchanged(args: string[], code: 1 | 2, reason: RegExp): Promise<CliResult> {
  const before = await snapshotOf(fx.data);
  const r = await cli(...args);
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr).toMatch(reason);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  if (code === 1) expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(await snapshotOf(fx.data)).toEqual(before);
  return r;
}

describe('daylight support', () => {
  it('commits, records transactions exactly, and lists totals per currency', async () => {
    const c = ok(await cli('support', 'commit', 'tri', '--from', 'sur', '--to', 'norte', '--form', 'funds', '--recipient', 'people', '--description', 'Strike fund', '--amount', '1200.5', '--currency', 'EUR', '--starts', '2026-01-01'));
    expect(c.stdout).toMatch(/^commitment 1: sur → norte, funds to the people \(1200\.50 EUR\) from 2026-01-01 \(record \d+\)\n$/);
    const t1 = ok(await cli('support', 'transaction', 'tri', '1', '--amount', '0.10', '--currency', 'EUR', '--on', '2026-01-02', '--source', 'members’ dues', '--receipt'));
    expect(t1.stdout).toMatch(/^transaction 1 under commitment 1: 0\.10 EUR on 2026-01-02, source disclosed, receipt yes \(record \d+\)\n$/);
    ok(await cli('support', 'transaction', 'tri', '1', '--amount', '0.2', '--currency', 'EUR', '--on', '2026-01-03', '--undisclosed'));
    ok(await cli('support', 'commit', 'tri', '--from', 'este', '--to', 'sur', '--form', 'logistics', '--recipient', 'leadership', '--description', 'Transport', '--starts', '2026-01-01'));
    ok(await cli('support', 'transaction', 'tri', '2', '--amount', '700', '--currency', 'JPY', '--on', '2026-01-04', '--source', 'ferry'));
    const list = ok(await cli('support', 'list', 'tri'));
    expect(list.stdout).toContain('transactions total 0.30 EUR · 700 JPY');
    expect(list.stdout).toContain('source not disclosed  receipt no');
    const json = JSON.parse(ok(await cli('support', 'list', 'tri', '--json')).stdout);
    expect(json.totals).toEqual([
      { currency: 'EUR', amount: '0.30', transactions: 2 },
      { currency: 'JPY', amount: '700', transactions: 1 },
    ]);
    expect(json.commitments.find((c: { id: number }) => c.id === 1).transactions[1]).toMatchObject({ amount: '0.20', sourceDisclosed: false, source: null, receipt: false });
  });

  it('refuses with one line, exit 1, nothing changed', async () => {
    await refusedUnchanged(['support', 'transaction', 'tri', '1', '--amount', '5', '--currency', 'USD', '--on', '2026-01-05', '--source', 'x'], 1, /^daylight: commitment 1 is in EUR: record its transactions in EUR, not USD/);
    await refusedUnchanged(['support', 'transaction', 'tri', '2', '--amount', '1.5', '--currency', 'JPY', '--on', '2026-01-05', '--source', 'x'], 1, /JPY has no minor unit: "1.5" must be a whole number/);
    await refusedUnchanged(['support', 'commit', 'tri', '--from', 'sur', '--to', 'sur', '--form', 'funds', '--recipient', 'people', '--description', 'x', '--starts', '2026-01-01'], 1, /cannot commit support to itself/);
    await refusedUnchanged(['support', 'commit', 'tri', '--from', 'sur', '--to', 'norte', '--form', 'weapons', '--recipient', 'people', '--description', 'x', '--starts', '2026-01-01'], 1, /form "weapons" is not a support form/);
    await refusedUnchanged(['support', 'transaction', 'tri', '99', '--amount', '1', '--currency', 'EUR', '--on', '2026-01-05', '--undisclosed'], 1, /tri has no support commitment 99/);
  });

  it('bad usage exits 2, nothing changed', async () => {
    await refusedUnchanged(['support', 'transaction', 'tri', '1', '--amount', '1', '--currency', 'EUR', '--on', '2026-01-05'], 2, /--source TEXT, or --undisclosed/);
    await refusedUnchanged(['support', 'transaction', 'tri', '1', '--amount', '1', '--currency', 'EUR', '--on', '2026-01-05', '--source', 'x', '--undisclosed'], 2, /--source TEXT, or --undisclosed/);
    await refusedUnchanged(['support', 'commit', 'tri', '--from', 'sur', '--to', 'norte', '--form', 'funds', '--recipient', 'people', '--description', 'x', '--starts', '2026-01-01', '--amount', '5'], 2, /--amount and --currency together/);
    await refusedUnchanged(['support', 'transaction', 'tri', 'one', '--amount', '1', '--currency', 'EUR', '--on', '2026-01-05', '--undisclosed'], 2, /COMMITMENT must be a non-negative whole number/);
    await refusedUnchanged(['support', 'commit', 'tri', '--from', 'sur'], 2, /required option/);
  });

  it('ends a commitment; it then takes no transaction', async () => {
    expect(ok(await cli('support', 'end', 'tri', '2', '--on', '2026-01-10')).stdout).toMatch(/^commitment 2 ends on 2026-01-10 \(record \d+\)\n$/);
    await refusedUnchanged(['support', 'transaction', 'tri', '2', '--amount', '1', '--currency', 'JPY', '--on', '2026-01-09', '--source', 'x'], 1, /commitment 2 has ended on 2026-01-10/);
  });
});

describe('daylight local', () => {
  it('adds an action at home and lists the ratios per cycle', async () => {
    const before = JSON.parse(ok(await cli('local', 'list', 'tri', '--json')).stdout);
    const last = before.ratios.cycles.at(-1).n;
    expect(before.ratios.rows.find((r: { party: string; cycle: number }) => r.party === 'sur' && r.cycle === last)).toMatchObject({ local: 0, abroad: 1, reminder: true });
    const r = ok(await cli('local', 'add', 'tri', '--party', 'sur', '--on', today, '--what', 'Survey of our own city’s garment shops', '--mirrors', '1'));
    expect(r.stdout).toMatch(new RegExp(`^local action 1 of sur on ${today}, mirroring commitment 1 \\(record \\d+\\)\\n$`));
    const text = ok(await cli('local', 'list', 'tri')).stdout;
    expect(text).toContain(`#1  ${today}  sur  mirrors commitment 1  Survey of our own city’s garment shops`);
    expect(text).toMatch(/ {2}sur: 1 at home \/ 1 abroad = 1\n/);
    expect(text).toMatch(/ {2}norte: 0 at home \/ 0 abroad = —\n/);
  });

  it('refuses another party’s commitment as a mirror (exit 1) and a bad --mirrors (exit 2), nothing changed', async () => {
    await refusedUnchanged(['local', 'add', 'tri', '--party', 'norte', '--on', today, '--what', 'x', '--mirrors', '1'], 1, /an action of norte mirrors one of norte's own commitments abroad/);
    await refusedUnchanged(['local', 'add', 'tri', '--party', 'norte', '--on', today, '--what', 'x', '--mirrors', 'first'], 2, /--mirrors must be a non-negative whole number/);
    await refusedUnchanged(['local', 'add', 'tri', '--party', 'norte', '--on', '2026-13-01', '--what', 'x'], 1, /occurredOn is a date YYYY-MM-DD/);
  });
});

/**
 * `daylight reminders webhook remove --alliance --id`: the CLI twin of removeWebhook. The removed
 * endpoint leaves `webhook list`; an unknown id is one line on stderr with exit 1, a malformed one
 * bad usage (exit 2); nothing else changes.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openInstance } from '../../src/services/instance.js';
import { addWebhook } from '../../src/services/webhooks.js';
import { auditAlliance } from '../services/audit-fixture.js';
import { runCli, tempDir } from './run-cli.js';

describe('reminders webhook remove', () => {
  it('removes one endpoint and refuses in one line', async () => {
    const data = path.join(tempDir(), 'data');
    const dl = (args: string[]) => runCli(['--data', data, ...args]);
    expect((await dl(['init'])).code).toBe(0);
    const ctx = await openInstance({ dataDir: data });
    let sur: number;
    let all: number;
    try {
      await auditAlliance(ctx);
      sur = (await addWebhook(ctx, { kind: 'local' }, { alliance: 'tri', party: 'sur', url: 'https://hooks.sur.example/daylight' })).id;
      all = (await addWebhook(ctx, { kind: 'local' }, { alliance: 'tri', url: 'https://hooks.example/all' })).id;
    } finally {
      await ctx.close();
    }
    const ids = async () => JSON.parse((await dl(['reminders', 'webhook', 'list', '--alliance', 'tri', '--json'])).stdout).map((w: { id: number }) => w.id);
    expect(await ids()).toEqual([sur, all]);

    const removed = await dl(['reminders', 'webhook', 'remove', '--alliance', 'tri', '--id', String(sur)]);
    expect(removed).toMatchObject({ code: 0, stdout: `removed webhook ${sur} for sur: https://hooks.sur.example/daylight\n` });
    expect(await ids()).toEqual([all]);

    const again = await dl(['reminders', 'webhook', 'remove', '--alliance', 'tri', '--id', String(sur)]);
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toContain(`tri has no webhook ${sur}`);
    expect((await dl(['reminders', 'webhook', 'remove', '--alliance', 'tri', '--id', 'first'])).code).toBe(2);
    expect(await ids()).toEqual([all]);
  }, 120_000);
});

/**
 * The `daylight reminders` and `daylight feedback` commands as a user runs them (the compiled
 * CLI, test/cli/run-cli.ts), against a data directory made through the services: `reminders
 * send --now` with DAYLIGHT_SMTP_URL pointing at the local sink sends what is due and a second
 * run sends nothing; output never shows an address or the SMTP password; a bad --now or SMTP URL
 * is bad usage (exit 2); `feedback hide` archives a hiding; `feedback summary --json` counts it.
 */
import path from 'node:path';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initInstance, openInstance } from '../../src/services/instance.js';
import { feedbackChallenge, submitFeedback } from '../../src/services/feedback.js';
import { WAIT_S } from '../../src/domain/feedback.js';
import { runCli, tempDir } from '../cli/run-cli.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { openAuditCycle, publishCards } from './feedback-fixture.js';

const T0 = new Date('2026-11-25T10:00:00.000Z');
const dir = tempDir('daylight-reminders-cli-');
const data = path.join(dir, 'data');
let sink: SmtpSink;
let n: number;
let end: string;
let answer: number;

beforeAll(async () => {
  let clock = T0;
  const opts = { dataDir: data, now: () => clock };
  await initInstance({ ...opts, origin: 'cli.example/daylight' });
  const ctx = await openInstance(opts);
  try {
    const cycle = await openAuditCycle(ctx);
    n = cycle.n;
    end = cycle.end;
    clock = new Date(T0.getTime() + 86_400_000);
    await publishCards(ctx, cycle, [{ reviewer: 'sur', reviewee: 'norte' }]);
    const key = { alliance: 'tri', cycle: n, reviewer: 'sur', reviewee: 'norte' };
    const ch = await feedbackChallenge(ctx, key);
    clock = new Date(clock.getTime() + WAIT_S * 1000);
    answer = (await submitFeedback(ctx, { ...key, challenge: ch.challenge, text: 'Nadie nos consultó.' })).id;
  } finally {
    await ctx.close();
  }
  sink = await startSmtpSink();
}, 120_000);
afterAll(async () => {
  await sink.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('daylight reminders', () => {
  const env = () => ({ DAYLIGHT_SMTP_URL: sink.url('daylight', 'pw-7c1d'), DAYLIGHT_SMTP_FROM: 'daylight@cli.example' });

  it('lists what is owed as at --now', async () => {
    const r = await runCli(['--data', data, 'reminders', 'list', '--now', T0.toISOString(), '--json']);
    expect(r.code).toBe(0);
    const items = JSON.parse(r.stdout) as { kind: string; dueAt: string }[];
    expect(items.filter((i) => i.kind === 'scorecard')).toHaveLength(8); // 9 assigned, 1 published
    expect(items.every((i) => i.dueAt === end)).toBe(true);
  });

  it('sends what is due once; a second run sends nothing; no address or password is printed', async () => {
    const first = await runCli(['--data', data, 'reminders', 'send', '--now', T0.toISOString()], { env: env() });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const sent = sink.messages.length;
    expect(sent).toBeGreaterThan(20);
    expect(first.stdout).toContain(`sent ${sent} e-mails`);
    const second = await runCli(['--data', data, 'reminders', 'send', '--now', T0.toISOString(), '--json'], { env: env() });
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ sent: { email: 0, webhook: 0 }, alreadySent: sent });
    expect(sink.messages).toHaveLength(sent);
    for (const out of [first.stdout, second.stdout]) {
      expect(out).not.toContain('@private.example');
      expect(out).not.toContain('pw-7c1d');
    }
  });

  it('bad --now or SMTP URL is bad usage, and the URL is not repeated', async () => {
    expect((await runCli(['--data', data, 'reminders', 'send', '--now', 'tomorrow'], { env: env() })).code).toBe(2);
    const bad = await runCli(['--data', data, 'reminders', 'send'], { env: { DAYLIGHT_SMTP_URL: 'http://u:pw-7c1d@mail.example.org', DAYLIGHT_SMTP_FROM: 'd@example.org' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('smtp://');
    expect(bad.stderr).not.toContain('pw-7c1d');
  });
});

describe('daylight feedback', () => {
  it('hide needs a reason; with one the answer shows as hidden and the summary counts it', async () => {
    expect((await runCli(['--data', data, 'feedback', 'hide', String(answer)])).code).toBe(2);
    const short = await runCli(['--data', data, 'feedback', 'hide', String(answer), '--reason', 'x']);
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/^daylight: a reason is 3 to 500 characters\n$/);
    const hid = await runCli(['--data', data, 'feedback', 'hide', String(answer), '--reason', 'Off topic: about another alliance.']);
    expect(hid.code).toBe(0);
    expect(hid.stdout).toContain('hidden: Off topic: about another alliance.');
    const list = await runCli(['--data', data, 'feedback', 'list', '--alliance', 'tri', '--cycle', String(n), '--reviewer', 'sur', '--reviewee', 'norte']);
    expect(list.stdout).toContain('hidden: Off topic: about another alliance.');
    expect(list.stdout).not.toContain('Nadie nos consultó.');
    const s = JSON.parse((await runCli(['--data', data, 'feedback', 'summary', '--alliance', 'tri', '--cycle', String(n), '--json'])).stdout);
    expect(s.parties.find((p: { reviewee: string }) => p.reviewee === 'norte')).toMatchObject({ count: 1, hidden: 1 });
  });
});

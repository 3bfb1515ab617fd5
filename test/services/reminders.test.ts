/**
 * Reminders through the services, on SQLite and PostgreSQL, with a real SMTP exchange (the sink
 * in test/support/smtp-sink.ts, on 127.0.0.1) and a real HTTP receiver on 127.0.0.1:
 * a rating owed reaches the triad member's private address (and only theirs); a party's webhook
 * gets each of its party's items as a POST whose Daylight-Signature verifies (HMAC-SHA256 over
 * t + "." + body, recomputed here with node:crypto); sending twice sends nothing new; the
 * "due soon" notice goes once more; a refused recipient is recorded as failed without the
 * address and retried; without SMTP nothing is recorded; no row holds an address.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initInstance, openInstance } from '../../src/services/instance.js';
import { UserError } from '../../src/services/context.js';
import { actorOf, createAccount } from '../../src/services/accounts.js';
import { dueItems, dueItemsFor, sendReminders } from '../../src/services/reminders.js';
import { addWebhook, listWebhooks } from '../../src/services/webhooks.js';
import { parseSmtpUrl, type SmtpConfig } from '../../src/services/smtp.js';
import type { CycleView } from '../../src/services/cycles.js';
import { DUE_SOON_MS } from '../../src/domain/reminders.js';
import { BACKENDS, logSkip, Scratch } from '../store/backends.js';
import { decodeSubject, parseMessage, startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { membersOf } from './audit-fixture.js';
import { openAuditCycle, rateCard } from './feedback-fixture.js';
import type { OpenCtx } from './instances.js';

const scratch = new Scratch();
afterAll(() => scratch.cleanup());
const LOCAL = { kind: 'local' } as const;
const T0 = new Date('2026-11-25T10:00:00.000Z');

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

async function receiver(): Promise<{ url: string; got: Received[]; close(): Promise<void> }> {
  const got: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/daylight`, got, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The receiver's side of the contract: recompute HMAC-SHA256(secret, t + "." + body). */
function verifies(secret: string, r: Received): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(r.headers['daylight-signature']));
  if (m === null) return false;
  const want = createHmac('sha256', secret).update(`${m[1]}.${r.body}`).digest();
  return timingSafeEqual(want, Buffer.from(m[2]!, 'hex'));
}

/** Member contacts in the fixture are "… / <party>.<i>@private.example". */
const addressOf = (party: string, pseudonym: string) => `${party}.${membersOf(party).findIndex((m) => m.pseudonym === pseudonym)}@private.example`;

describe.each(BACKENDS)('reminders on %s', (backend) => {
  const skip = logSkip(backend);
  let ctx: OpenCtx;
  let clock = T0;
  let cycle: CycleView;
  let sink: SmtpSink;
  let hook: Awaited<ReturnType<typeof receiver>>;
  let smtp: SmtpConfig;
  let secret: string;

  beforeAll(async () => {
    if (skip) return;
    const opts = { ...(await scratch.options(backend)), now: () => clock };
    await initInstance({ ...opts, origin: 'reminders.example/daylight' });
    ctx = await openInstance(opts);
    cycle = await openAuditCycle(ctx);
    sink = await startSmtpSink();
    hook = await receiver();
    smtp = parseSmtpUrl(sink.url('daylight', 'sink password'), 'daylight@reminders.example');
  }, 60_000);
  afterAll(async () => {
    if (skip) return;
    await ctx.close();
    await sink.close();
    await hook.close();
  });

  it.skipIf(skip)('lists who owes what: every triad member’s ratings and every scorecard, due at the cycle’s end', async () => {
    const sur = cycle.triads.find((t) => t.party === 'sur')!.members;
    await rateCard(ctx, cycle, { reviewer: 'sur', reviewee: 'norte' }, 1); // sur[0] rated that card fully
    const items = await dueItems(ctx);
    expect(items.filter((i) => i.kind === 'scorecard')).toHaveLength(9);
    expect(items.filter((i) => i.kind === 'rating')).toHaveLength(9 * 3 - 1);
    expect(items.find((i) => i.key === `rating:tri:${cycle.n}:sur:norte:${sur[0]}`)).toBeUndefined();
    expect(items.find((i) => i.key === `rating:tri:${cycle.n}:sur:norte:${sur[1]}`)).toMatchObject({ dueAt: cycle.end, notice: 'owed', recipients: [sur[1]] });
    expect(items.filter((i) => i.kind === 'signature' || i.kind === 'renewal')).toEqual([]);
    const outsider = await createAccount(ctx, { username: `nobody-${backend}`, password: 'correct horse battery' });
    expect(await dueItemsFor(ctx, actorOf(outsider))).toEqual([]);
  });

  it.skipIf(skip)('registers a webhook for one party; its secret is shown once', async () => {
    const w = await addWebhook(ctx, LOCAL, { alliance: 'tri', party: 'sur', url: hook.url });
    secret = w.secret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const listed = await listWebhooks(ctx, LOCAL, 'tri');
    expect(listed).toEqual([{ id: w.id, alliance: 'tri', party: 'sur', url: hook.url, createdAt: clock.toISOString() }]);
    expect(JSON.stringify(listed)).not.toContain(secret);
    for (const url of ['http://example.org/hook', 'https://10.0.0.8/hook', 'https://user:pw@example.org/', 'ftp://example.org/']) {
      await expect(addWebhook(ctx, LOCAL, { alliance: 'tri', url })).rejects.toBeInstanceOf(UserError);
    }
  });

  it.skipIf(skip)('sends each owed rating to the member’s private address and each of sur’s items to its webhook, signed', async () => {
    const items = await dueItems(ctx);
    const r = await sendReminders(ctx, { smtp });
    const emails = items.reduce((n, i) => n + i.recipients.length, 0);
    const surItems = items.filter((i) => i.party === 'sur');
    expect(r).toMatchObject({ items: items.length, sent: { email: emails, webhook: surItems.length }, failed: { email: 0, webhook: 0 }, alreadySent: 0, noAddress: 0 });
    expect(sink.messages).toHaveLength(emails);

    const member = cycle.triads.find((t) => t.party === 'norte')!.members[2]!;
    const to = addressOf('norte', member);
    const mine = sink.messages.filter((m) => m.to.includes(to));
    expect(mine.length).toBe(3 + 3); // a rating owed on each of norte's 3 cards, and each card to finalize
    const rating = mine.map((m) => parseMessage(m.data)).find((m) => decodeSubject(m.headers.subject!).includes(`${member}: rate norte’s scorecard of este`))!;
    expect(rating.headers.to).toBe(to);
    expect(rating.headers.from).toBe('daylight@reminders.example');
    expect(rating.text).toContain(`Hello ${member},`);
    expect(rating.text).toContain(`due ${cycle.end}`);
    expect(mine.every((m) => m.to.length === 1 && m.from === 'daylight@reminders.example' && m.auth === 'daylight\0sink password')).toBe(true);
    const realName = membersOf('norte').find((m) => m.pseudonym === member)!.realName;
    expect(sink.messages.some((m) => parseMessage(m.data).text.includes(realName))).toBe(false);

    expect(hook.got).toHaveLength(surItems.length);
    for (const g of hook.got) {
      expect(g.headers['content-type']).toBe('application/json');
      expect(verifies(secret, g)).toBe(true);
      expect(verifies(secret.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), g)).toBe(false);
      const body = JSON.parse(g.body);
      expect(body).toMatchObject({ type: 'daylight.reminder', instance: 'reminders.example/daylight', item: { party: 'sur', alliance: 'tri' } });
      expect(body.delivery).toBe(g.headers['daylight-delivery']);
      expect(g.body).not.toContain('@private.example');
    }
  });

  it.skipIf(skip)('sending again sends nothing new', async () => {
    const before = { mail: sink.messages.length, hooks: hook.got.length };
    const r = await sendReminders(ctx, { smtp });
    expect(r.sent).toEqual({ email: 0, webhook: 0 });
    expect(r.alreadySent).toBe(before.mail + before.hooks);
    expect({ mail: sink.messages.length, hooks: hook.got.length }).toEqual(before);
  });

  it.skipIf(skip)('no row holds an address; without SMTP e-mail waits and nothing is recorded', async () => {
    const rows = await ctx.db.selectFrom('reminder_delivery').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain('@private.example');
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    const count = rows.length;
    clock = new Date(Date.parse(cycle.end) - DUE_SOON_MS); // every item is now "due soon"
    const r = await sendReminders(ctx, { smtp: null, fetch: async () => new Response(null, { status: 500 }) });
    expect(r.emailNotConfigured).toBeGreaterThan(0);
    expect(r.sent.email).toBe(0);
    expect(r.failed.webhook).toBeGreaterThan(0);
    const after = await ctx.db.selectFrom('reminder_delivery').select((eb) => eb.fn.countAll().as('n')).where('channel', '=', 'email').executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(rows.filter((x) => x.channel === 'email').length);
    expect((await ctx.db.selectFrom('reminder_delivery').select('error').where('status', '=', 'failed').execute()).map((x) => x.error)).toContain('HTTP 500');
    expect(count).toBeGreaterThan(0);
  });

  it.skipIf(skip)('the "due soon" notice goes once; a refused recipient is failed without its address, then retried', async () => {
    const mailBefore = sink.messages.length;
    sink.rejectRecipients = true;
    const refused = await sendReminders(ctx, { smtp });
    expect(refused.sent.email).toBe(0);
    expect(refused.failed.email).toBeGreaterThan(0);
    expect(refused.failures.every((f) => f.endsWith('SMTP server answered 550 to RCPT TO'))).toBe(true);
    expect(JSON.stringify(refused)).not.toContain('@private.example');
    const failed = await ctx.db.selectFrom('reminder_delivery').select(['error', 'attempts']).where('channel', '=', 'email').where('status', '=', 'failed').execute();
    expect(failed.length).toBe(refused.failed.email);
    expect(JSON.stringify(failed)).not.toContain('@');
    // the webhook that answered 500 is retried and now succeeds
    expect(refused.sent.webhook).toBeGreaterThan(0);

    sink.rejectRecipients = false;
    const retried = await sendReminders(ctx, { smtp });
    expect(retried.sent.email).toBe(refused.failed.email);
    expect(sink.messages.length).toBe(mailBefore + refused.failed.email);
    expect(sink.messages.slice(mailBefore).every((m) => decodeSubject(parseMessage(m.data).headers.subject!).startsWith('[Daylight] Due soon:'))).toBe(true);
    const last = await sendReminders(ctx, { smtp });
    expect(last.sent).toEqual({ email: 0, webhook: 0 });
    const rows = await sql<{ n: number | string }>`select count(*) as n from reminder_delivery where status <> 'sent'`.execute(ctx.db);
    expect(Number(rows.rows[0]!.n)).toBe(0);
  });
});

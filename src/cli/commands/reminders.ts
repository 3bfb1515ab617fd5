/**
 * reminders list|send|webhook: who owes what, and when (issue 4 §6).
 *   list     the in-app list, at --now (default: now)
 *   send     delivers what is due at --now, once per notice and target: e-mail through
 *            DAYLIGHT_SMTP_URL (smtp[s]://user:pass@host:port) from DAYLIGHT_SMTP_FROM, and the
 *            alliance's webhooks. Run it from cron as often as you like: nothing goes twice.
 *   webhook  add (prints the signing secret once), list and remove.
 * Output never holds a member's address or the SMTP URL: counts, item keys and reasons only.
 */
import type { Command } from 'commander';
import { checkNow, dueItems, sendReminders } from '../../services/reminders.js';
import { addWebhook, listWebhooks, removeWebhook } from '../../services/webhooks.js';
import { smtpConfigFromEnv, type SmtpConfig } from '../../services/smtp.js';
import type { DueItem } from '../../domain/reminders.js';
import { UserError } from '../../services/context.js';
import { withInstance, type GlobalOptions } from '../instance-options.js';
import { printJson } from '../io.js';
import { UsageError } from '../errors.js';

const LOCAL = { kind: 'local' } as const;

function nowOption(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  try {
    return checkNow(text);
  } catch (e) {
    if (e instanceof UserError) throw new UsageError(`--now: ${e.message}`);
    throw e;
  }
}

function smtpFromEnv(): SmtpConfig | null {
  try {
    return smtpConfigFromEnv();
  } catch (e) {
    // parseSmtpUrl's messages never repeat the URL (it holds the password).
    throw new UsageError((e as Error).message);
  }
}

function printItems(items: DueItem[]): void {
  if (items.length === 0) return void process.stdout.write('nothing is owed\n');
  const lines = items.map((i) => `${(i.dueAt ?? 'no deadline').padEnd(24)}  ${i.notice.padEnd(8)}  ${i.what}`);
  process.stdout.write(lines.join('\n') + '\n');
}

export function registerReminders(program: Command): void {
  const reminders = program.command('reminders').description('who owes what, and when: the list, e-mail and signed webhooks');

  reminders
    .command('list')
    .option('--alliance <slug>', 'only this alliance')
    .option('--now <instant>', 'as at this ISO-8601 instant (default: now)')
    .option('--json', 'print JSON')
    .description('ratings, scorecards, signatures and renewals owed, soonest first')
    .action(async (o: { alliance?: string; now?: string; json?: boolean }, cmd: Command) => {
      const now = nowOption(o.now);
      let items = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => dueItems(ctx, now ?? ctx.now()));
      if (o.alliance !== undefined) items = items.filter((i) => i.alliance === o.alliance);
      if (o.json) return printJson(items);
      printItems(items);
    });

  reminders
    .command('send')
    .option('--now <instant>', 'send what is due at this ISO-8601 instant (default: now)')
    .option('--json', 'print JSON')
    .description('e-mail (DAYLIGHT_SMTP_URL, DAYLIGHT_SMTP_FROM) and webhooks for what is due; nothing is sent twice')
    .action(async (o: { now?: string; json?: boolean }, cmd: Command) => {
      const now = nowOption(o.now);
      const smtp = smtpFromEnv();
      const r = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => sendReminders(ctx, { smtp, ...(now ? { now } : {}) }));
      if (o.json) printJson(r);
      else {
        const lines = [
          `${r.items} items owed; sent ${r.sent.email} e-mails and ${r.sent.webhook} webhook deliveries; ${r.alreadySent} already sent`,
          ...(r.noAddress > 0 ? [`${r.noAddress} recipients have no e-mail address in their contact`] : []),
          ...(r.emailNotConfigured > 0 ? [`${r.emailNotConfigured} e-mails wait: set DAYLIGHT_SMTP_URL and DAYLIGHT_SMTP_FROM`] : []),
          ...r.failures.map((f) => `failed: ${f}`),
        ];
        process.stdout.write(lines.join('\n') + '\n');
      }
      if (r.failed.email + r.failed.webhook > 0) process.exitCode = 1;
    });

  const webhook = reminders.command('webhook').description('endpoints that receive reminders as signed JSON POSTs');

  webhook
    .command('add')
    .requiredOption('--alliance <slug>', 'the alliance')
    .option('--party <org>', 'only this party’s items (default: every item of the alliance)')
    .requiredOption('--url <url>', 'https:// URL (http:// only to this machine)')
    .option('--json', 'print JSON')
    .description('register an endpoint; its signing secret is printed once, now')
    .action(async (o: { alliance: string; party?: string; url: string; json?: boolean }, cmd: Command) => {
      const w = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => addWebhook(ctx, LOCAL, { alliance: o.alliance, url: o.url, ...(o.party ? { party: o.party } : {}) }));
      if (o.json) return printJson(w);
      process.stdout.write(
        [
          `webhook ${w.id} for ${w.party ?? `all of ${w.alliance}`}: ${w.url}`,
          `secret (shown once; keep it with the receiver): ${w.secret}`,
          'each POST carries Daylight-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)>',
        ].join('\n') + '\n',
      );
    });

  webhook
    .command('list')
    .requiredOption('--alliance <slug>', 'the alliance')
    .option('--json', 'print JSON')
    .description('the alliance’s endpoints (never their secrets)')
    .action(async (o: { alliance: string; json?: boolean }, cmd: Command) => {
      const list = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => listWebhooks(ctx, LOCAL, o.alliance));
      if (o.json) return printJson(list);
      process.stdout.write(list.length === 0 ? 'no webhooks\n' : list.map((w) => `${w.id}  ${w.party ?? '(all)'}  ${w.url}  since ${w.createdAt}`).join('\n') + '\n');
    });

  webhook
    .command('remove')
    .requiredOption('--alliance <slug>', 'the alliance')
    .requiredOption('--id <n>', 'the webhook’s id (from `webhook list`)')
    .option('--json', 'print JSON')
    .description('remove an endpoint: no reminder goes there again, and its secret is forgotten')
    .action(async (o: { alliance: string; id: string; json?: boolean }, cmd: Command) => {
      if (!/^[1-9][0-9]{0,14}$/.test(o.id)) throw new UsageError(`--id is a webhook's number from \`webhook list\`, got "${o.id}"`);
      const w = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => removeWebhook(ctx, LOCAL, { alliance: o.alliance, id: Number(o.id) }));
      if (o.json) return printJson(w);
      process.stdout.write(`removed webhook ${w.id} for ${w.party ?? `all of ${w.alliance}`}: ${w.url}\n`);
    });
}

/**
 * removeWebhook on SQLite and PostgreSQL: the operator and instance admins remove any endpoint of
 * the alliance, a party's admin only that party's; a removed endpoint is no longer listed nor
 * sent to (the row stays for the deliveries that name it, disabled, its secret forgotten);
 * removing twice, another alliance's id or a bad id is refused in one line, changing nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorOf, createAccount, grantRole, type AccountView } from '../../src/services/accounts.js';
import { UserError } from '../../src/services/context.js';
import { openCycle } from '../../src/services/cycles.js';
import { getOrganization } from '../../src/services/organizations.js';
import { sendReminders } from '../../src/services/reminders.js';
import { addWebhook, listWebhooks, removeWebhook } from '../../src/services/webhooks.js';
import { BACKENDS, logSkip, Scratch } from '../store/backends.js';
import { auditAlliance } from './audit-fixture.js';
import { freshInstance, type OpenCtx } from './instances.js';

const LOCAL = { kind: 'local' } as const;
const PASSWORD = 'a long enough passphrase';

async function refusal(p: Promise<unknown>): Promise<UserError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(UserError);
  expect((e as UserError).message).not.toContain('\n');
  return e as UserError;
}

describe.each(BACKENDS)('removing webhooks on %s', (backend) => {
  const skip = logSkip(backend);
  const scratch = new Scratch();
  let ctx: OpenCtx;
  const accounts: Record<string, AccountView> = {};
  const row = async (id: number) => ctx.db.selectFrom('webhook_endpoint').select(['secret', 'disabled_at']).where('id', '=', id).executeTakeFirst();
  const listed = async () => (await listWebhooks(ctx, LOCAL, 'tri')).map((w) => w.id);

  beforeAll(async () => {
    if (skip) return;
    ctx = (await freshInstance(scratch, backend)).ctx;
    await auditAlliance(ctx);
    await openCycle(ctx, LOCAL, { alliance: 'tri' }); // ratings owed: reminders to send
    accounts.surAdmin = await createAccount(ctx, { username: 'sur-admin', password: PASSWORD });
    accounts.norteAdmin = await createAccount(ctx, { username: 'norte-admin', password: PASSWORD });
    accounts.surDelegate = await createAccount(ctx, { username: 'sur-delegate', password: PASSWORD });
    accounts.root = await createAccount(ctx, { username: 'root', password: PASSWORD, instanceAdmin: true });
    await grantRole(ctx, LOCAL, { accountId: accounts.surAdmin.id, organizationId: (await getOrganization(ctx, 'sur')).id, role: 'admin' });
    await grantRole(ctx, LOCAL, { accountId: accounts.norteAdmin.id, organizationId: (await getOrganization(ctx, 'norte')).id, role: 'admin' });
    await grantRole(ctx, LOCAL, { accountId: accounts.surDelegate.id, organizationId: (await getOrganization(ctx, 'sur')).id, role: 'delegate' });
  }, 120_000);
  afterAll(async () => {
    if (!skip) await ctx.close();
    await scratch.cleanup();
  });

  it.skipIf(skip)('a party’s admin removes that party’s endpoint only; an instance admin any; the secret is forgotten', async () => {
    const sur = await addWebhook(ctx, LOCAL, { alliance: 'tri', party: 'sur', url: 'https://hooks.sur.example/daylight' });
    const all = await addWebhook(ctx, LOCAL, { alliance: 'tri', url: 'https://hooks.example/all' });
    expect(await listed()).toEqual([sur.id, all.id]);

    for (const who of [accounts.norteAdmin!, accounts.surDelegate!]) {
      expect((await refusal(removeWebhook(ctx, actorOf(who), { alliance: 'tri', id: sur.id }))).code).toBe('forbidden');
    }
    // The alliance-wide endpoint is an instance admin's, not a party's.
    expect((await refusal(removeWebhook(ctx, actorOf(accounts.surAdmin!), { alliance: 'tri', id: all.id }))).code).toBe('forbidden');
    expect(await listed()).toEqual([sur.id, all.id]);
    expect((await row(sur.id))?.secret).toBe(sur.secret);

    expect(await removeWebhook(ctx, actorOf(accounts.surAdmin!), { alliance: 'tri', id: sur.id })).toEqual({
      id: sur.id,
      alliance: 'tri',
      party: 'sur',
      url: 'https://hooks.sur.example/daylight',
      createdAt: sur.createdAt,
    });
    expect(await listed()).toEqual([all.id]);
    expect(await row(sur.id)).toEqual({ secret: '', disabled_at: expect.any(String) });

    expect((await removeWebhook(ctx, actorOf(accounts.root!), { alliance: 'tri', id: all.id })).party).toBeNull();
    expect(await listed()).toEqual([]);
  });

  it.skipIf(skip)('refuses in one line: removed already, unknown id, another alliance, a bad id; nothing changes', async () => {
    const w = await addWebhook(ctx, LOCAL, { alliance: 'tri', party: 'norte', url: 'https://hooks.norte.example/x' });
    const [first] = await ctx.db.selectFrom('webhook_endpoint').select('id').where('disabled_at', 'is not', null).orderBy('id').execute();
    expect(await refusal(removeWebhook(ctx, LOCAL, { alliance: 'tri', id: Number(first!.id) }))).toMatchObject({
      code: 'not_found',
      message: `tri has no webhook ${Number(first!.id)}: see \`daylight reminders webhook list\``,
    });
    expect((await refusal(removeWebhook(ctx, LOCAL, { alliance: 'tri', id: 9999 }))).code).toBe('not_found');
    expect((await refusal(removeWebhook(ctx, LOCAL, { alliance: 'nowhere', id: w.id }))).code).toBe('not_found');
    expect((await refusal(removeWebhook(ctx, LOCAL, { alliance: 'tri', id: 0 }))).code).toBe('bad_input');
    expect((await refusal(removeWebhook(ctx, LOCAL, { alliance: 'tri', id: 1.5 }))).code).toBe('bad_input');
    expect(await listed()).toEqual([w.id]);
    expect((await row(w.id))?.secret).toBe(w.secret);
  });

  it.skipIf(skip)('sends reminders to the endpoints that remain and none to a removed one', async () => {
    const kept = await addWebhook(ctx, LOCAL, { alliance: 'tri', url: 'https://kept.example/hook' });
    const gone = await addWebhook(ctx, LOCAL, { alliance: 'tri', url: 'https://gone.example/hook' });
    await removeWebhook(ctx, LOCAL, { alliance: 'tri', id: gone.id });
    // The transport records where each signed POST would go; every delivery "succeeds".
    const posted: string[] = [];
    const r = await sendReminders(ctx, { smtp: null, fetch: async (url) => (posted.push(url), new Response(null, { status: 204 })) });
    expect(r.sent.webhook).toBeGreaterThan(0);
    expect(posted).toContain(kept.url);
    expect(posted).not.toContain(gone.url);
  });
});

/**
 * updateMember on SQLite and PostgreSQL: an admin of the organization (or the operator, or an
 * instance admin, as for addMember) changes a member's flags and private details; a delegate, a
 * member or another organization's admin may not; a member who has left is made not eligible and
 * drops out of the pool the next cycle draws from (never deleted); nothing enters the log; a
 * change that changes nothing, an unknown pseudonym, and a real name equal to the pseudonym are
 * refused in one line with nothing changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorOf, createAccount, grantRole, type AccountView } from '../../src/services/accounts.js';
import { UserError } from '../../src/services/context.js';
import { privateMembers } from '../../src/services/covenant-views.js';
import { addMember, updateMember } from '../../src/services/members.js';
import { createOrganization } from '../../src/services/organizations.js';
import { loadPools } from '../../src/services/triads.js';
import { BACKENDS, logSkip, Scratch } from '../store/backends.js';
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

describe.each(BACKENDS)('updating members on %s', (backend) => {
  const skip = logSkip(backend);
  const scratch = new Scratch();
  let ctx: OpenCtx;
  let surId: number;
  const accounts: Record<string, AccountView> = {};
  const logSize = async () => Number((await ctx.db.selectFrom('log_head').select('size').executeTakeFirstOrThrow()).size);
  const member = async (pseudonym: string) => (await privateMembers(ctx, LOCAL, 'sur')).find((m) => m.pseudonym === pseudonym)!;

  beforeAll(async () => {
    if (skip) return;
    ctx = (await freshInstance(scratch, backend)).ctx;
    surId = (await createOrganization(ctx, LOCAL, { slug: 'sur', name: 'Sur', country: 'AR', languages: ['es'], timeZone: 'UTC' })).id;
    const rio = (await createOrganization(ctx, LOCAL, { slug: 'rio', name: 'Río', country: 'SN', languages: ['fr'], timeZone: 'UTC' })).id;
    for (const u of ['ana', 'bea', 'cai', 'rio-admin']) accounts[u] = await createAccount(ctx, { username: u, password: PASSWORD });
    accounts.root = await createAccount(ctx, { username: 'root', password: PASSWORD, instanceAdmin: true });
    await grantRole(ctx, LOCAL, { accountId: accounts.ana!.id, organizationId: surId, role: 'admin' });
    await grantRole(ctx, LOCAL, { accountId: accounts.bea!.id, organizationId: surId, role: 'delegate' });
    await grantRole(ctx, LOCAL, { accountId: accounts.cai!.id, organizationId: surId, role: 'member' });
    await grantRole(ctx, LOCAL, { accountId: accounts['rio-admin']!.id, organizationId: rio, role: 'admin' });
    await addMember(ctx, LOCAL, { organization: 'sur', pseudonym: 'lechuza', realName: 'Ana Pérez', contact: 'ana@example.org', triadEligible: true });
    await addMember(ctx, LOCAL, { organization: 'sur', pseudonym: 'hornero', triadEligible: true });
  });
  afterAll(async () => {
    if (!skip) await ctx.close();
    await scratch.cleanup();
  });

  it.skipIf(skip)('an admin changes flags and private details; absent fields stay; nothing enters the log', async () => {
    const size = await logSize();
    const v = await updateMember(ctx, actorOf(accounts.ana!), { organization: 'sur', pseudonym: 'lechuza', officeholder: true, contact: 'signal: +54 11 5555 0000' });
    expect(v).toEqual({ id: expect.any(Number), organization: 'sur', pseudonym: 'lechuza', officeholder: true, triadEligible: true });
    expect(v).not.toHaveProperty('realName');
    expect(await member('lechuza')).toMatchObject({ realName: 'Ana Pérez', contact: 'signal: +54 11 5555 0000', officeholder: true, triadEligible: true });
    // Emptied private fields are removed.
    await updateMember(ctx, LOCAL, { organization: 'sur', pseudonym: 'lechuza', realName: '', contact: '  ' });
    expect(await member('lechuza')).toMatchObject({ realName: null, contact: null, officeholder: true });
    // An instance admin may, as for addMember.
    await updateMember(ctx, actorOf(accounts.root!), { organization: 'sur', pseudonym: 'lechuza', realName: 'Ana Pérez' });
    expect((await member('lechuza')).realName).toBe('Ana Pérez');
    expect(await logSize()).toBe(size);
  });

  it.skipIf(skip)('a member who has left is made not eligible: kept, but out of the pool the next cycle draws from', async () => {
    await updateMember(ctx, actorOf(accounts.ana!), { organization: 'sur', pseudonym: 'hornero', triadEligible: false });
    const pool = (await loadPools(ctx.db, [surId])).get(surId)!;
    expect(pool.map((m) => [m.pseudonym, m.eligible])).toEqual([
      ['lechuza', true],
      ['hornero', false],
    ]);
    await updateMember(ctx, LOCAL, { organization: 'sur', pseudonym: 'hornero', triadEligible: true });
    expect((await member('hornero')).triadEligible).toBe(true);
  });

  it.skipIf(skip)('refuses a delegate, a member, another organization’s admin; changes nothing', async () => {
    const before = await member('lechuza');
    for (const u of ['bea', 'cai', 'rio-admin']) {
      const e = await refusal(updateMember(ctx, actorOf(accounts[u]!), { organization: 'sur', pseudonym: 'lechuza', triadEligible: false, realName: 'Someone Else' }));
      expect(e.code).toBe('forbidden');
    }
    expect(await member('lechuza')).toEqual(before);
  });

  it.skipIf(skip)('refuses in one line: unknown member, nothing to change, a real name that is the pseudonym, bad input', async () => {
    const before = await privateMembers(ctx, LOCAL, 'sur');
    expect(await refusal(updateMember(ctx, LOCAL, { organization: 'sur', pseudonym: 'nadie', officeholder: true }))).toMatchObject({
      code: 'not_found',
      message: 'sur has no member called "nadie": check the pseudonym',
    });
    expect((await refusal(updateMember(ctx, LOCAL, { organization: 'nowhere', pseudonym: 'lechuza', officeholder: true }))).code).toBe('not_found');
    expect((await refusal(updateMember(ctx, LOCAL, { organization: 'sur', pseudonym: 'lechuza', officeholder: true, triadEligible: true }))).message).toBe(
      'nothing was changed: lechuza already has these details',
    );
    expect((await refusal(updateMember(ctx, LOCAL, { organization: 'sur', pseudonym: 'lechuza' }))).code).toBe('bad_input');
    expect((await refusal(updateMember(ctx, LOCAL, { organization: 'sur', pseudonym: 'lechuza', realName: 'Lechuza' }))).message).toContain('must not reveal who the member is');
    expect((await refusal(updateMember(ctx, LOCAL, { organization: 'sur', pseudonym: 'lechuza', realName: 'a\nb' }))).code).toBe('bad_input');
    expect((await refusal(updateMember(ctx, LOCAL, { organization: 'sur', pseudonym: 'lechuza', contact: 'x'.repeat(1001) }))).code).toBe('bad_input');
    expect((await refusal(updateMember(ctx, LOCAL, { organization: 'sur', pseudonym: 'lechuza', officeholder: 'yes' as unknown as boolean }))).code).toBe('bad_input');
    expect(await privateMembers(ctx, LOCAL, 'sur')).toEqual(before);
  });
});

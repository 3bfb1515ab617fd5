/**
 * The last setup capabilities reachable from the browser (issue 6 §1), through the forms as a
 * browser with JavaScript off sends them:
 *   - /orgs/:slug/edit: an admin of the organization or of the instance corrects its public
 *     profile (a new organization record in the log); a bad field is refused in one line with the
 *     typed values kept and nothing written; a member of the organization is neither offered nor
 *     allowed the form
 * Each refusal is checked to change nothing: the rows and the log's size are the same after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, grantRole, type Role } from '../../src/services/accounts.js';
import { createOrganization, getOrganization } from '../../src/services/organizations.js';
import { addMember } from '../../src/services/members.js';
import { Browser, csrfField, freshSite, PASSWORD, type TestSite } from './harness.js';

const LOCAL = { kind: 'local' } as const;
let site: TestSite;
let root: Browser;
let ana: Browser; // admin of sur
let mia: Browser; // member of sur

const logSize = async () => Number((await site.ctx.db.selectFrom('log_head').select('size').executeTakeFirstOrThrow()).size);
const rows = async (table: 'account' | 'membership' | 'session' | 'organization' | 'member') =>
  Number((await site.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

async function account(username: string, role?: Role): Promise<Browser> {
  const a = await createAccount(site.ctx, { username, password: PASSWORD });
  if (role) await grantRole(site.ctx, LOCAL, { accountId: a.id, organizationId: (await getOrganization(site.ctx, 'sur')).id, role });
  const b = new Browser(site.app);
  expect((await b.login(username)).status).toBe(303);
  return b;
}

beforeAll(async () => {
  site = await freshSite();
  await createAccount(site.ctx, { username: 'root', password: PASSWORD, instanceAdmin: true });
  await createOrganization(site.ctx, LOCAL, { slug: 'sur', name: 'Sur', country: 'AR', languages: ['es'], timeZone: 'America/Argentina/Buenos_Aires' });
  await addMember(site.ctx, LOCAL, { organization: 'sur', pseudonym: 'sur-a', triadEligible: true });
  root = new Browser(site.app);
  expect((await root.login('root')).status).toBe(303);
  ana = await account('ana', 'admin');
  mia = await account('mia', 'member');
});
afterAll(() => site.close());

describe('editing an organization’s public profile on /orgs/:slug/edit', () => {
  const profile = { name: 'Sindicato Sur', country: 'AR', jurisdiction: 'Provincia de Buenos Aires', languages: 'es, en', timeZone: 'America/Argentina/Buenos_Aires', description: 'Trabajadoras del sur.' };

  it('is linked from the profile for its managers, shows every field as it stands, and says it is public', async () => {
    expect(await (await root.get('/orgs/sur')).text()).toContain('href="/orgs/sur/edit"');
    expect(await (await ana.get('/orgs/sur')).text()).toContain('href="/orgs/sur/edit"');
    const html = await (await ana.get('/orgs/sur/edit')).text();
    expect(html).toContain('action="/orgs/sur/edit"');
    expect(html).toContain('value="Sur"');
    expect(html).toContain('value="America/Argentina/Buenos_Aires"');
    expect(html).toContain('Every field here is public');
    expect(html).not.toContain('name="slug"'); // the slug names the organization in every record: it stays
  });

  it('publishes the changed profile as a new record and shows it', async () => {
    const before = await logSize();
    const res = await ana.submit('/orgs/sur/edit', '/orgs/sur/edit', profile);
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/orgs/sur?done=profile-updated');
    expect(await logSize()).toBe(before + 1);
    const org = await getOrganization(site.ctx, 'sur');
    expect(org).toMatchObject({ name: 'Sindicato Sur', jurisdiction: 'Provincia de Buenos Aires', languages: ['es', 'en'], description: 'Trabajadoras del sur.' });
    const page = await (await ana.get('/orgs/sur?done=profile-updated')).text();
    expect(page).toContain('The profile was changed; the new version is published in the archive.');
    expect(page).toContain('Sindicato Sur');
    // An instance admin may too.
    expect((await root.submit('/orgs/sur/edit', '/orgs/sur/edit', { ...profile, description: 'Trabajadoras y trabajadores del sur.' })).status).toBe(303);
    expect((await getOrganization(site.ctx, 'sur')).description).toBe('Trabajadoras y trabajadores del sur.');
  });

  it('refuses a bad field in one line, keeps what was typed, and writes nothing', async () => {
    const before = { log: await logSize(), org: await getOrganization(site.ctx, 'sur') };
    const res = await ana.submit('/orgs/sur/edit', '/orgs/sur/edit', { ...profile, name: 'Sur Unido', country: 'ZZ' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/<p lang="en" dir="ltr">country &quot;ZZ&quot; is not an ISO 3166-1 alpha-2 code: [^<\n]+<\/p>/);
    expect(html).toContain('value="Sur Unido"');
    expect(html).toContain('value="ZZ"');
    const empty = await ana.submit('/orgs/sur/edit', '/orgs/sur/edit', { ...profile, name: '' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('name is required');
    const same = await ana.submit('/orgs/sur/edit', '/orgs/sur/edit', { ...profile, description: before.org.description, languages: 'ES,EN' });
    expect(same.status).toBe(400);
    expect(await same.text()).toContain('nothing was changed: the profile already says this');
    expect(await logSize()).toBe(before.log);
    expect(await getOrganization(site.ctx, 'sur')).toEqual(before.org);
  });

  it('is neither offered to nor accepted from a member, a stranger or a request without its CSRF token', async () => {
    const before = { log: await logSize(), org: await getOrganization(site.ctx, 'sur') };
    const html = await (await mia.get('/orgs/sur')).text();
    expect(html).not.toContain('href="/orgs/sur/edit"');
    expect((await mia.get('/orgs/sur/edit')).status).toBe(403);
    expect((await mia.post('/orgs/sur/edit', { csrf: csrfField(html), ...profile, name: 'Taken over' })).status).toBe(403);
    const anonymous = new Browser(site.app);
    expect((await anonymous.get('/orgs/sur/edit')).headers.get('Location')).toBe('/login');
    expect((await ana.post('/orgs/sur/edit', { ...profile, name: 'No token' })).status).toBe(403);
    expect(await logSize()).toBe(before.log);
    expect(await getOrganization(site.ctx, 'sur')).toEqual(before.org);
  });
});

describe('removing a role on /orgs/:slug', () => {
  const roleOf = async (username: string) =>
    (
      await site.ctx.db
        .selectFrom('membership')
        .innerJoin('account', 'account.id', 'membership.account_id')
        .select('membership.role')
        .where('account.username', '=', username)
        .executeTakeFirst()
    )?.role ?? null;

  it('lists who holds which role to those who may change roles, each with its own form', async () => {
    const html = await (await root.get('/orgs/sur')).text();
    expect(html).toMatch(/<th scope="row"><bdi>ana<\/bdi><\/th><td>Admin<\/td>/);
    expect(html).toMatch(/<th scope="row"><bdi>mia<\/bdi><\/th><td>Member<\/td>/);
    expect(html.match(/action="\/orgs\/sur\/roles\/revoke"/g)).toHaveLength(2);
    expect(html).toContain('<input type="hidden" name="username" value="mia"/>');
    const seen = await (await mia.get('/orgs/sur')).text();
    expect(seen).not.toContain('roles/revoke');
    expect(seen).not.toContain('<bdi>ana</bdi>');
  });

  it("the organization's admin removes a member's role; nothing is published", async () => {
    const before = { log: await logSize(), rows: await rows('membership') };
    const res = await ana.submit('/orgs/sur', '/orgs/sur/roles/revoke', { username: 'mia' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/orgs/sur?done=role-revoked#roles');
    expect(await roleOf('mia')).toBeNull();
    expect(await rows('membership')).toBe(before.rows - 1);
    expect(await logSize()).toBe(before.log);
    expect(await (await ana.get('/orgs/sur?done=role-revoked')).text()).toContain('The role was removed. Nothing about it was published.');
  });

  it('refuses in one line, changing nothing: a role not held, an unknown name, the last admin (removed or given another role)', async () => {
    const before = { log: await logSize(), rows: await rows('membership') };
    const notHeld = await ana.submit('/orgs/sur', '/orgs/sur/roles/revoke', { username: 'mia' });
    expect(notHeld.status).toBe(404);
    expect(await notHeld.text()).toMatch(/<p lang="en" dir="ltr">that account holds no role in sur: nothing to remove<\/p>/);
    const unknown = await ana.submit('/orgs/sur', '/orgs/sur/roles/revoke', { username: 'nobody' });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('there is no account &quot;nobody&quot;');
    const last = await ana.submit('/orgs/sur', '/orgs/sur/roles/revoke', { username: 'ana' });
    expect(last.status).toBe(409);
    expect(await last.text()).toContain('ana is the last admin of sur: give another account the admin role first');
    const demoted = await root.submit('/orgs/sur', '/orgs/sur/roles', { username: 'ana', role: 'delegate' });
    expect(demoted.status).toBe(409);
    expect(await demoted.text()).toContain('ana is the last admin of sur');
    expect(await roleOf('ana')).toBe('admin');
    expect(await rows('membership')).toBe(before.rows);
    expect(await logSize()).toBe(before.log);
  });

  it('lets the last admin go once another holds the role', async () => {
    await createAccount(site.ctx, { username: 'bea', password: PASSWORD });
    expect((await root.submit('/orgs/sur', '/orgs/sur/roles', { username: 'bea', role: 'admin' })).status).toBe(303);
    expect((await ana.submit('/orgs/sur', '/orgs/sur/roles/revoke', { username: 'ana' })).status).toBe(303);
    expect(await roleOf('ana')).toBeNull();
    // Back as admin for the tests below.
    expect((await root.submit('/orgs/sur', '/orgs/sur/roles', { username: 'ana', role: 'admin' })).status).toBe(303);
  });

  it('is refused to a member of the organization, to a stranger, and without the CSRF token', async () => {
    expect((await root.submit('/orgs/sur', '/orgs/sur/roles', { username: 'mia', role: 'member' })).status).toBe(303);
    const before = await rows('membership');
    const html = await (await mia.get('/orgs/sur')).text();
    const refused = await mia.post('/orgs/sur/roles/revoke', { csrf: csrfField(html), username: 'bea' });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('forbidden: only an admin of this organization or of the instance can grant or remove roles in it');
    expect((await new Browser(site.app).post('/orgs/sur/roles/revoke', { username: 'bea' })).status).toBe(403);
    expect((await ana.post('/orgs/sur/roles/revoke', { username: 'mia' })).status).toBe(403); // no token
    expect(await rows('membership')).toBe(before);
    expect(await roleOf('bea')).toBe('admin');
    expect(await roleOf('mia')).toBe('member');
  });
});

describe('unlinking a member from an account on /orgs/:slug/members', () => {
  const linked = async (pseudonym: string) => (await site.ctx.db.selectFrom('member').select('account_id').where('pseudonym', '=', pseudonym).executeTakeFirstOrThrow()).account_id;

  it("the organization's admin sees who is linked to whom and unlinks; nothing is published", async () => {
    expect((await ana.submit('/orgs/sur/members', '/orgs/sur/members/link', { pseudonym: 'sur-a', username: 'mia' })).status).toBe(303);
    const html = await (await ana.get('/orgs/sur/members')).text();
    expect(html).toContain('\u2068sur-a\u2069 acts through the account \u2068mia\u2069.');
    expect(html).toContain('action="/orgs/sur/members/unlink"');
    const log = await logSize();
    const res = await ana.submit('/orgs/sur/members', '/orgs/sur/members/unlink', { pseudonym: 'sur-a' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/orgs/sur/members?done=member-unlinked#link');
    expect(await linked('sur-a')).toBeNull();
    expect(await logSize()).toBe(log);
    const after = await (await ana.get('/orgs/sur/members?done=member-unlinked')).text();
    expect(after).toContain('The member was unlinked: that account no longer acts as them.');
    expect(after).toContain('No member is linked to an account yet.');
  });

  it('refuses in one line, changing nothing: a member linked to no account, an unknown pseudonym', async () => {
    const none = await ana.submit('/orgs/sur/members', '/orgs/sur/members/unlink', { pseudonym: 'sur-a' });
    expect(none.status).toBe(409);
    expect(await none.text()).toMatch(/<p lang="en" dir="ltr">sur’s member &quot;sur-a&quot; is linked to no account: nothing to unlink<\/p>/);
    const unknown = await ana.submit('/orgs/sur/members', '/orgs/sur/members/unlink', { pseudonym: 'sur-z' });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('sur has no member &quot;sur-z&quot;');
    expect(await linked('sur-a')).toBeNull();
  });

  it('is refused to anyone but the organization’s admins, and without the CSRF token', async () => {
    await ana.submit('/orgs/sur/members', '/orgs/sur/members/link', { pseudonym: 'sur-a', username: 'mia' });
    const account = await linked('sur-a');
    expect(account).not.toBeNull();
    const html = await (await mia.get('/orgs/sur')).text();
    expect((await mia.post('/orgs/sur/members/unlink', { csrf: csrfField(html), pseudonym: 'sur-a' })).status).toBe(403);
    // The instance admin is not the organization's admin: members are the organization's own.
    expect((await root.submit('/orgs/sur', '/orgs/sur/members/unlink', { pseudonym: 'sur-a' })).status).toBe(403);
    expect((await ana.post('/orgs/sur/members/unlink', { pseudonym: 'sur-a' })).status).toBe(403); // no token
    expect(await linked('sur-a')).toBe(account);
  });
});

describe('changing one’s own password on /account', () => {
  const NEW = 'a brand new passphrase';
  const hashOf = async (username: string) => (await site.ctx.db.selectFrom('account').select('password_hash').where('username', '=', username).executeTakeFirstOrThrow()).password_hash;
  const sessionsOf = async (username: string) =>
    Number(
      (
        await site.ctx.db
          .selectFrom('session')
          .innerJoin('account', 'account.id', 'session.account_id')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('account.username', '=', username)
          .executeTakeFirstOrThrow()
      ).n,
    );
  let here: Browser;
  let elsewhere: Browser;

  beforeAll(async () => {
    here = await account('pat');
    elsewhere = new Browser(site.app);
    expect((await elsewhere.login('pat')).status).toBe(303);
  });

  it('is offered to every signed-in account, for its own password only', async () => {
    const html = await (await here.get('/account')).text();
    expect(html).toContain('action="/account/password"');
    expect(html).toContain('autocomplete="current-password"');
    expect(html).not.toMatch(/<input[^>]*name="username"/); // the form names no one: it is always the signed-in account
  });

  it('refuses in one line, changing nothing: a wrong current password, two different new ones, a short one, the same one', async () => {
    const before = { hash: await hashOf('pat'), sessions: await sessionsOf('pat') };
    const cases: [Record<string, string>, string][] = [
      [{ current: 'not my password', password: NEW, repeat: NEW }, 'the current password is wrong: nothing was changed'],
      [{ current: PASSWORD, password: NEW, repeat: NEW + '!' }, 'The two new passwords differ: type the same one twice. Nothing was changed.'],
      [{ current: PASSWORD, password: 'qz7-pw', repeat: 'qz7-pw' }, 'a password needs at least 10 characters'],
      [{ current: PASSWORD, password: PASSWORD, repeat: PASSWORD }, 'the new password is the same as the current one: choose another'],
    ];
    for (const [fields, reason] of cases) {
      const res = await here.submit('/account', '/account/password', fields);
      expect(res.status, reason).toBe(400);
      const html = await res.text();
      expect(html, reason).toContain(reason);
      expect(html, reason).not.toContain(fields.password!); // a password is never written back into the page
    }
    expect(await hashOf('pat')).toBe(before.hash);
    expect(await sessionsOf('pat')).toBe(before.sessions);
  });

  it('cannot change another account’s password, and needs the CSRF token', async () => {
    const before = { pat: await hashOf('pat'), mia: await hashOf('mia') };
    // mia names pat and gives pat's password: the form is about mia's own account, so it is refused.
    const res = await mia.submit('/account', '/account/password', { username: 'pat', current: PASSWORD.toUpperCase(), password: NEW, repeat: NEW });
    expect(res.status).toBe(400);
    expect((await here.post('/account/password', { current: PASSWORD, password: NEW, repeat: NEW })).status).toBe(403); // no token
    expect((await new Browser(site.app).post('/account/password', { current: PASSWORD, password: NEW, repeat: NEW })).status).toBe(403);
    expect(await hashOf('pat')).toBe(before.pat);
    expect(await hashOf('mia')).toBe(before.mia);
  });

  it('changes it, signs out every other session of the account and keeps this one', async () => {
    const others = await sessionsOf('mia');
    expect(await sessionsOf('pat')).toBe(2);
    const res = await here.submit('/account', '/account/password', { current: PASSWORD, password: NEW, repeat: NEW });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/account?done=password-changed#password');
    expect(await sessionsOf('pat')).toBe(1);
    expect(await sessionsOf('mia')).toBe(others);
    const page = await here.get('/account?done=password-changed');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Your password was changed. Every other session of this account was signed out and every API token of it revoked.');
    expect((await elsewhere.get('/account')).headers.get('Location')).toBe('/login');
    expect((await new Browser(site.app).login('pat')).status).toBe(401);
    expect((await new Browser(site.app).login('pat', NEW)).status).toBe(303);
  });

  it('is limited per account like sign-in: the eleventh try in 15 minutes is refused before the password is checked', async () => {
    const rex = await account('rex');
    const hash = await hashOf('rex');
    for (let i = 0; i < 10; i++) expect((await rex.submit('/account', '/account/password', { current: `guess number ${i}`, password: NEW, repeat: NEW })).status).toBe(400);
    expect((await rex.submit('/account', '/account/password', { current: PASSWORD, password: NEW, repeat: NEW })).status).toBe(429);
    expect(await hashOf('rex')).toBe(hash);
    // Another account's count is its own.
    expect((await mia.submit('/account', '/account/password', { current: 'wrong again', password: NEW, repeat: NEW })).status).toBe(400);
  }, 30_000);
});

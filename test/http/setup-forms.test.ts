/**
 * The setup forms that make an alliance possible from the browser alone (issue 6 §1), through the
 * forms as a browser with JavaScript off sends them (the whole journey runs in Chromium in
 * test/browser/journey*.test.ts):
 *   - /account: only an instance admin is offered "create an account" and may post it; a taken
 *     username or short password is refused in words, nothing created
 *   - /orgs/:slug: an instance admin (or the organization's admin) gives an account a role; an
 *     unknown username is refused; a member of the organization may not
 *   - /orgs/:slug/members: the organization's admin links a member to an account, which then
 *     rates as that member; anyone else is refused
 *   - every one of these forms refuses a request without its CSRF token, and changes nothing
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/services/accounts.js';
import { createOrganization } from '../../src/services/organizations.js';
import { addMember } from '../../src/services/members.js';
import { Browser, csrfField, freshSite, PASSWORD, type TestSite } from './harness.js';

const LOCAL = { kind: 'local' } as const;
let site: TestSite;
let admin: Browser;
const count = async (table: 'account' | 'membership') => Number((await site.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const linked = async (pseudonym: string) => (await site.ctx.db.selectFrom('member').select('account_id').where('pseudonym', '=', pseudonym).executeTakeFirstOrThrow()).account_id;

beforeAll(async () => {
  site = await freshSite();
  await createAccount(site.ctx, { username: 'root', password: PASSWORD, instanceAdmin: true });
  await createOrganization(site.ctx, LOCAL, { slug: 'sur', name: 'Sur', country: 'AR', languages: ['es'], timeZone: 'America/Argentina/Buenos_Aires' });
  await addMember(site.ctx, LOCAL, { organization: 'sur', pseudonym: 'sur-a', triadEligible: true });
  admin = new Browser(site.app);
  expect((await admin.login('root')).status).toBe(303);
});
afterAll(() => site.close());

describe('creating accounts on /account', () => {
  it('is offered to an instance admin, creates the account, and refuses a taken name in words', async () => {
    expect(await (await admin.get('/account')).text()).toContain('action="/account/accounts"');
    const res = await admin.submit('/account', '/account/accounts', { username: 'ana', password: PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/account?created=ana#accounts');
    expect(await (await admin.get('/account?created=ana')).text()).toContain('The account \u2068ana\u2069 was created.');
    const before = await count('account');
    const taken = await admin.submit('/account', '/account/accounts', { username: 'ana', password: PASSWORD });
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain('the username &quot;ana&quot; is taken');
    expect((await admin.submit('/account', '/account/accounts', { username: 'ben', password: 'short' })).status).toBe(400);
    expect(await count('account')).toBe(before);
  });

  it('is neither offered to nor accepted from anyone else, and needs the CSRF token', async () => {
    const ana = new Browser(site.app);
    expect((await ana.login('ana')).status).toBe(303);
    expect(await (await ana.get('/account')).text()).not.toContain('action="/account/accounts"');
    const before = await count('account');
    expect((await ana.submit('/account', '/account/accounts', { username: 'eve', password: PASSWORD })).status).toBe(403);
    expect((await admin.post('/account/accounts', { username: 'eve', password: PASSWORD })).status).toBe(403);
    expect(await count('account')).toBe(before);
  });
});

describe('roles on /orgs/:slug and member links on /orgs/:slug/members', () => {
  it('an instance admin gives a role; an unknown username is refused and kept; a mere member may not', async () => {
    const unknown = await admin.submit('/orgs/sur', '/orgs/sur/roles', { username: 'nobody', role: 'admin' });
    expect(unknown.status).toBe(404);
    const html = await unknown.text();
    expect(html).toContain('there is no account &quot;nobody&quot;');
    expect(html).toContain('value="nobody"');
    expect(await count('membership')).toBe(0);
    expect((await admin.post('/orgs/sur/roles', { username: 'ana', role: 'admin' })).status).toBe(403); // no CSRF token
    const res = await admin.submit('/orgs/sur', '/orgs/sur/roles', { username: 'ana', role: 'admin' });
    expect(res.headers.get('Location')).toBe('/orgs/sur?done=role-granted#roles');
    expect(await count('membership')).toBe(1);

    await admin.submit('/account', '/account/accounts', { username: 'mia', password: PASSWORD });
    await admin.submit('/orgs/sur', '/orgs/sur/roles', { username: 'mia', role: 'member' });
    const mia = new Browser(site.app);
    await mia.login('mia');
    expect(await (await mia.get('/orgs/sur')).text()).not.toContain('action="/orgs/sur/roles"');
    const html2 = await (await mia.get('/orgs/sur')).text();
    const refused = await mia.post('/orgs/sur/roles', { csrf: csrfField(html2), username: 'mia', role: 'admin' });
    expect(refused.status).toBe(403);
  });

  it("the organization's admin links a member to an account; others may not; CSRF is checked", async () => {
    const ana = new Browser(site.app);
    await ana.login('ana');
    const page = await (await ana.get('/orgs/sur/members')).text();
    expect(page).toContain('action="/orgs/sur/members/link"');
    expect((await ana.post('/orgs/sur/members/link', { pseudonym: 'sur-a', username: 'ana' })).status).toBe(403);
    expect(await linked('sur-a')).toBeNull();
    const unknown = await ana.submit('/orgs/sur/members', '/orgs/sur/members/link', { pseudonym: 'sur-a', username: 'nobody' });
    expect(unknown.status).toBe(404);
    expect(await linked('sur-a')).toBeNull();
    const res = await ana.submit('/orgs/sur/members', '/orgs/sur/members/link', { pseudonym: 'sur-a', username: 'ana' });
    expect(res.headers.get('Location')).toBe('/orgs/sur/members?done=member-linked#link');
    expect(await linked('sur-a')).not.toBeNull();
    // The instance admin is not the organization's admin: members are the organization's own.
    expect((await admin.submit('/orgs/sur', '/orgs/sur/members/link', { pseudonym: 'sur-a', username: 'root' })).status).toBe(403);
  });
});

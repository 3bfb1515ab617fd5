/**
 * Editing a member on the web (issue 6): /orgs/:slug/members links each member to an edit page
 * that only the organization's own admins may open or post; the form (JavaScript off: a plain
 * POST with the CSRF field) changes the flags and private details and redirects with a notice;
 * a refusal keeps what was typed; the pseudonym hint tells the truth about when it is published.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, grantRole } from '../../src/services/accounts.js';
import { privateMembers } from '../../src/services/covenant-views.js';
import { addMember } from '../../src/services/members.js';
import { createOrganization } from '../../src/services/organizations.js';
import { Browser, csrfField, freshSite, PASSWORD, type TestSite } from './harness.js';

const LOCAL = { kind: 'local' } as const;
let site: TestSite;
let ana: Browser;
const member = async (pseudonym: string) => (await privateMembers(site.ctx, LOCAL, 'sur')).find((m) => m.pseudonym === pseudonym)!;
const EDIT = '/orgs/sur/members/edit?pseudonym=' + encodeURIComponent('búho & co');

beforeAll(async () => {
  site = await freshSite();
  const org = await createOrganization(site.ctx, LOCAL, { slug: 'sur', name: 'Sur', country: 'AR', languages: ['es'], timeZone: 'UTC' });
  const a = await createAccount(site.ctx, { username: 'ana', password: PASSWORD });
  const b = await createAccount(site.ctx, { username: 'bea', password: PASSWORD });
  await createAccount(site.ctx, { username: 'root', password: PASSWORD, instanceAdmin: true });
  await grantRole(site.ctx, LOCAL, { accountId: a.id, organizationId: org.id, role: 'admin' });
  await grantRole(site.ctx, LOCAL, { accountId: b.id, organizationId: org.id, role: 'delegate' });
  await addMember(site.ctx, LOCAL, { organization: 'sur', pseudonym: 'búho & co', realName: 'Beatriz Gómez', contact: 'beatriz@example.org', triadEligible: true });
  ana = new Browser(site.app);
  expect((await ana.login('ana')).status).toBe(303);
});
afterAll(() => site.close());

describe('editing a member on /orgs/:slug/members', () => {
  it('links each member to its edit page, which shows the current details to the admin only, never cached', async () => {
    const list = await (await ana.get('/orgs/sur/members')).text();
    expect(list).toContain(`href="${EDIT}"`);
    const res = await ana.get(EDIT);
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('value="Beatriz Gómez"');
    expect(html).toContain('beatriz@example.org');
    expect(html).toContain('<input type="hidden" name="pseudonym" value="búho &amp; co"/>');
    expect(html).toContain('members are never deleted');
    expect((await ana.get('/orgs/sur/members/edit?pseudonym=nadie')).status).toBe(404);
  });

  it('saves the flags and private details, and marks a member who has left not eligible', async () => {
    // Ticked boxes only are sent (JavaScript off): officeholder ticked, eligible unticked.
    const res = await ana.submit(EDIT, '/orgs/sur/members/edit', { pseudonym: 'búho & co', realName: 'Beatriz Gómez', contact: '', officeholder: '1' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/orgs/sur/members?done=member-updated');
    expect(await (await ana.get(res.headers.get('Location')!)).text()).toContain('The member was updated. Nothing was published');
    expect(await member('búho & co')).toMatchObject({ realName: 'Beatriz Gómez', contact: null, officeholder: true, triadEligible: false });
    const edit = await (await ana.get(EDIT)).text();
    expect(edit).toMatch(/name="officeholder" value="1" checked/);
    expect(edit).not.toMatch(/name="triadEligible" value="1" checked/);
  });

  it('refuses in words and keeps what was typed; nothing changes', async () => {
    const before = await member('búho & co');
    const res = await ana.submit(EDIT, '/orgs/sur/members/edit', { pseudonym: 'búho & co', realName: 'Búho & Co', contact: 'new contact', triadEligible: '1' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('must not reveal who the member is');
    expect(html).toContain('value="Búho &amp; Co"');
    expect(html).toContain('new contact');
    expect(await member('búho & co')).toEqual(before);
  });

  it('is not open to a delegate or an instance admin, and needs the CSRF field', async () => {
    const before = await member('búho & co');
    const bea = new Browser(site.app);
    await bea.login('bea');
    expect((await bea.get(EDIT)).status).toBe(403);
    const html = await (await bea.get('/account')).text();
    expect((await bea.post('/orgs/sur/members/edit', { csrf: csrfField(html), pseudonym: 'búho & co', triadEligible: '1' })).status).toBe(403);
    const root = new Browser(site.app);
    await root.login('root');
    expect((await root.get(EDIT)).status).toBe(403);
    expect((await ana.post('/orgs/sur/members/edit', { pseudonym: 'búho & co', triadEligible: '1' })).status).toBe(403);
    expect(await member('búho & co')).toEqual(before);
  });

  it('says the pseudonym is public once a cycle opens while the member is eligible, in every language', async () => {
    const en = await (await ana.get('/orgs/sur/members')).text();
    expect(en).toContain('Public once an audit cycle opens while the member is eligible for triads');
    expect(en).not.toContain('if the member later serves on a triad');
    expect(await (await ana.get('/orgs/sur/members?lang=fr')).text()).toContain('chaque cycle publie tout le vivier');
  });
});

/**
 * The guided setup, /setup (issue 6 §2): a fresh instance walked through the nine steps by the
 * services, as the forms the guide links to would take them; after each, the page marks that
 * step done and the following one next (and the rest later). Along the way:
 *   - each reader sees the steps they may take as links, the others as who may, in words
 *   - the page names no account but the reader's own, and no member at all (not even by
 *     pseudonym): roles and members are said as enough or not enough, never who
 *   - signed out, only the invitation to sign in
 *   - on the demo (seedDemo), its alliance is shown as running, with a link to every practice
 *   - the front page offers the guide until an alliance has a covenant in force; /account always
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { DEMO_ALLIANCE, seedDemo } from '../../src/demo/seed.js';
import { createAccount, ensureFirstAdmin, grantRole } from '../../src/services/accounts.js';
import { createAlliance } from '../../src/services/alliances.js';
import type { Ctx } from '../../src/services/context.js';
import { draftCovenant, proposeCovenant } from '../../src/services/covenants.js';
import { openCycle } from '../../src/services/cycles.js';
import { initInstance, openInstance } from '../../src/services/instance.js';
import { addMember } from '../../src/services/members.js';
import { addOrganizationKey, createOrganization } from '../../src/services/organizations.js';
import { signingSubject, submitSignature } from '../../src/services/signatures.js';
import { formatCovenant, starterCovenant } from '../../src/domain/covenant/index.js';
import { generateKey, parseSignerKey, signNote } from '../../src/ledger/note.js';
import { Browser, freshSite, PASSWORD, type TestSite } from './harness.js';

const LOCAL = { kind: 'local' } as const;
const ORGS = {
  sur: { name: 'Sindicato Sur', country: 'AR', languages: ['es'], timeZone: 'America/Argentina/Buenos_Aires' },
  fleuve: { name: 'Union du Fleuve', country: 'SN', languages: ['fr'], timeZone: 'Africa/Dakar' },
} as const;
/** Names that must never appear on the page of anyone else: accounts, pseudonyms, private fields. */
const ACCOUNTS = ['u-amaru', 'u-binta', 'u-delta'];
const PSEUDONYMS = { sur: ['condor', 'puma', 'vizcacha'], fleuve: ['baobab', 'heron', 'pirogue'] };
const REAL_NAME = 'Real Name Nobody Sees';
const CONTACT = 'private-contact@example.org';

/** Each step on the page by its id ("step-1", "pact-step-7"), with its state. */
function steps(html: string): Map<string, string> {
  return new Map([...html.matchAll(/<li id="([^"]+)" data-step="\d" data-state="(done|next|later)"/g)].map((m) => [m[1]!, m[2]!]));
}

/** The guide's states, steps in page order, as "id:state". */
function states(html: string): string[] {
  return [...steps(html)].map(([id, state]) => `${id}:${state}`);
}

/** The part of the page that belongs to one step. */
function stepHtml(html: string, id: string): string {
  const start = html.indexOf(`<li id="${id}"`);
  expect(start, id).toBeGreaterThanOrEqual(0);
  const next = html.indexOf('<li id="', start + 1);
  const end = html.indexOf('</ol>', start);
  return html.slice(start, next === -1 || next > end ? end : next);
}

function expectNothingPrivate(html: string, reader: string): void {
  for (const name of ACCOUNTS.filter((a) => a !== reader)) expect(html, name).not.toContain(name);
  for (const p of [...PSEUDONYMS.sur, ...PSEUDONYMS.fleuve]) expect(html, p).not.toContain(p);
  expect(html).not.toContain(REAL_NAME);
  expect(html).not.toContain(CONTACT);
}

describe('the guide walks a fresh instance to a running alliance', () => {
  let site: TestSite;
  let root: Browser;
  const guide = async (b: Browser = root) => {
    const res = await b.get('/setup');
    expect(res.status).toBe(200);
    return res.text();
  };
  const orgId = async (slug: string) => (await site.ctx.db.selectFrom('organization').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
  const accountId = async (username: string) => (await site.ctx.db.selectFrom('account').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
  const signers = new Map<string, string>();

  beforeAll(async () => {
    site = await freshSite();
    await createAccount(site.ctx, { username: 'root', password: PASSWORD, instanceAdmin: true });
    root = new Browser(site.app);
    expect((await root.login('root')).status).toBe(303);
  });
  afterAll(() => site.close());

  it('1: on a fresh instance, accounts are next and every other step later', async () => {
    const html = await guide();
    expect(states(html)).toEqual([
      'step-1:next',
      'step-2:later',
      'step-3:later',
      'step-4:later',
      'step-5:later',
      'step-6:later',
      'step-7:later',
      'step-8:later',
      'step-9:later',
    ]);
    // The instance admin may create accounts and organizations: linked; the state is a word too.
    expect(stepHtml(html, 'step-1')).toContain('href="/account#accounts"');
    expect(stepHtml(html, 'step-1')).toContain('<strong class="badge next">next</strong>');
    expect(stepHtml(html, 'step-2')).toContain('href="/orgs/new"');
    expect(stepHtml(html, 'step-6')).toContain('href="/alliances/new"');
    // The front page offers the guide while no alliance has a covenant in force; /account always.
    expect(await (await root.get('/')).text()).toContain('href="/setup"');
    expect(await (await root.get('/account')).text()).toContain('href="/setup"');
  });

  it('2: once the people who will act have accounts, organizations are next', async () => {
    for (const username of ACCOUNTS) await createAccount(site.ctx, { username, password: PASSWORD });
    const html = await guide();
    expect(states(html).slice(0, 3)).toEqual(['step-1:done', 'step-2:next', 'step-3:later']);
    expect(stepHtml(html, 'step-1')).toContain('4 accounts on this instance so far.');
  });

  it('2: one organization is not enough; with two, roles are next — and who may not create them is told who may', async () => {
    await createOrganization(site.ctx, LOCAL, { slug: 'sur', ...ORGS.sur, languages: [...ORGS.sur.languages] });
    expect(states(await guide()).slice(1, 3)).toEqual(['step-2:next', 'step-3:later']);
    await createOrganization(site.ctx, LOCAL, { slug: 'fleuve', ...ORGS.fleuve, languages: [...ORGS.fleuve.languages] });
    const html = await guide();
    expect(states(html).slice(1, 4)).toEqual(['step-2:done', 'step-3:next', 'step-4:later']);
    expect(stepHtml(html, 'step-2')).toContain('Every field of a profile is public');
    // Both organizations wait for roles; the instance admin may give them.
    const roles = stepHtml(html, 'step-3');
    expect(roles).toContain('Union du Fleuve</bdi></a>: needs an admin and a delegate');
    expect(roles).toContain('href="/orgs/sur#roles"');
    expect(roles).toContain('href="/orgs/fleuve#roles"');

    const delta = new Browser(site.app);
    await delta.login('u-delta');
    const theirs = await guide(delta);
    expect(states(theirs)).toEqual(states(html));
    expect(stepHtml(theirs, 'step-1')).not.toContain('href="/account#accounts"');
    expect(stepHtml(theirs, 'step-1')).toContain('Only an administrator of this instance creates accounts.');
    expect(stepHtml(theirs, 'step-3')).not.toContain('#roles"');
    expect(stepHtml(theirs, 'step-3')).toContain('its admins or an administrator of this instance give roles');
    expect(stepHtml(theirs, 'step-6')).not.toContain('href="/alliances/new"');
  });

  it('3: an admin and a delegate in each organization; then keys are next', async () => {
    await grantRole(site.ctx, LOCAL, { accountId: await accountId('u-amaru'), organizationId: await orgId('sur'), role: 'admin' });
    await grantRole(site.ctx, LOCAL, { accountId: await accountId('u-binta'), organizationId: await orgId('fleuve'), role: 'admin' });
    await grantRole(site.ctx, LOCAL, { accountId: await accountId('u-delta'), organizationId: await orgId('sur'), role: 'delegate' });
    let html = await guide();
    expect(states(html)[2]).toBe('step-3:next');
    expect(stepHtml(html, 'step-3')).toContain('Union du Fleuve</bdi></a>: needs a delegate');
    expect(stepHtml(html, 'step-3')).not.toContain('Sindicato Sur');
    await grantRole(site.ctx, LOCAL, { accountId: await accountId('u-delta'), organizationId: await orgId('fleuve'), role: 'delegate' });
    html = await guide();
    expect(states(html).slice(2, 5)).toEqual(['step-3:done', 'step-4:next', 'step-5:later']);
    expect(stepHtml(html, 'step-3')).toContain('Every organization has an admin and a delegate.');
    expectNothingPrivate(html, 'root');
  });

  it("4: a verifier key for each organization; then members are next. An organization's admin manages only its own", async () => {
    const amaru = new Browser(site.app);
    await amaru.login('u-amaru');
    const keys = stepHtml(await guide(amaru), 'step-4');
    expect(keys).toContain('href="/orgs/sur#keys"');
    expect(keys).not.toContain('href="/orgs/fleuve#keys"');
    expect(keys).toContain('its admins or an administrator of this instance register keys');
    expect(keys).toContain('daylight keygen');

    for (const slug of ['sur', 'fleuve']) {
      const k = generateKey(`${slug}.test/delegate`);
      signers.set(slug, k.signerKey);
      await addOrganizationKey(site.ctx, LOCAL, slug, k.verifierKey);
    }
    const html = await guide();
    expect(states(html).slice(3, 6)).toEqual(['step-4:done', 'step-5:next', 'step-6:later']);
  });

  it('5: enough triad-eligible members in each (the draw’s own rule); members are never named', async () => {
    const add = (organization: 'sur' | 'fleuve', pseudonym: string, officeholder = false) =>
      addMember(site.ctx, LOCAL, { organization, pseudonym, realName: `${REAL_NAME} ${pseudonym.length}`, contact: CONTACT, officeholder, triadEligible: true });
    // Two officeholders and one other: three members, yet the starter rule (at most one officeholder) cannot draw.
    await add('sur', PSEUDONYMS.sur[0]!, true);
    await add('sur', PSEUDONYMS.sur[1]!, true);
    await add('sur', PSEUDONYMS.sur[2]!);
    for (const p of PSEUDONYMS.fleuve.slice(0, 2)) await add('fleuve', p);
    let html = await guide();
    expect(states(html)[4]).toBe('step-5:next');
    const members = stepHtml(html, 'step-5');
    expect(members).toContain('A triad takes 3 triad-eligible members, at most 1 of them holding office.');
    expect(members).toContain('Sindicato Sur</bdi></a>: 3 triad-eligible members: not enough');
    expect(members).toContain('Union du Fleuve</bdi></a>: 2 triad-eligible members: not enough');
    // Members are their own admins' alone: not even the instance admin is linked to the form.
    expect(members).not.toContain('/members');
    expect(members).toContain('only its own admins add its members');
    const amaru = new Browser(site.app);
    await amaru.login('u-amaru');
    const theirs = await guide(amaru);
    expect(stepHtml(theirs, 'step-5')).toContain('href="/orgs/sur/members#add"');
    expect(stepHtml(theirs, 'step-5')).not.toContain('href="/orgs/fleuve/members#add"');
    expectNothingPrivate(theirs, 'u-amaru');

    await addMember(site.ctx, LOCAL, { organization: 'sur', pseudonym: 'tapir-4' });
    await add('fleuve', PSEUDONYMS.fleuve[2]!);
    html = await guide();
    expect(states(html).slice(4)).toEqual(['step-5:done', 'step-6:next', 'step-7:later', 'step-8:later', 'step-9:later']);
    expect(html).not.toContain('tapir-4');
    expectNothingPrivate(html, 'root');
  });

  it('6: the alliance founded, its covenant is next; a delegate of a party may draft it', async () => {
    await createAlliance(site.ctx, LOCAL, { slug: 'pact', name: 'Pacto del Río', parties: ['sur', 'fleuve'] });
    const html = await guide();
    expect(states(html).slice(5)).toEqual(['pact-step-6:done', 'pact-step-7:next', 'pact-step-8:later', 'pact-step-9:later']);
    expect(html).not.toContain('id="step-6"');
    expect(stepHtml(html, 'pact-step-6')).toContain('href="/orgs/fleuve"');
    // The instance admin is no party's admin or delegate: told who drafts, not linked.
    expect(stepHtml(html, 'pact-step-7')).not.toContain('covenant/new');
    expect(stepHtml(html, 'pact-step-7')).toContain('An admin or delegate of a party drafts and proposes it.');
    const delta = new Browser(site.app);
    await delta.login('u-delta');
    expect(stepHtml(await guide(delta), 'pact-step-7')).toContain('href="/alliances/pact/covenant/new"');
  });

  it('7: a draft is not yet enough; proposed, signatures are next', async () => {
    const covenant = starterCovenant({ parties: ['fleuve', 'sur'] });
    await draftCovenant(site.ctx, LOCAL, { alliance: 'pact', author: 'sur', rationale: 'From the template.', source: { text: formatCovenant(covenant, 'yaml'), format: 'yaml' } });
    let html = await guide();
    expect(states(html).slice(5)).toEqual(['pact-step-6:done', 'pact-step-7:next', 'pact-step-8:later', 'pact-step-9:later']);
    expect(stepHtml(html, 'pact-step-7')).toContain('Version 1 is a draft: propose it once its lint finds no error.');
    await proposeCovenant(site.ctx, LOCAL, { alliance: 'pact', version: 1 });
    html = await guide();
    expect(states(html).slice(5)).toEqual(['pact-step-6:done', 'pact-step-7:done', 'pact-step-8:next', 'pact-step-9:later']);
    expect(stepHtml(html, 'pact-step-8')).toContain('Signed by 0 of 2 parties.');
    expect(stepHtml(html, 'pact-step-8')).toContain('href="/alliances/pact/covenant/versions/1/sign"');
  });

  it('8: signed by every party, ratified; the first audit cycle is next, under the covenant’s rule', async () => {
    const subject = await signingSubject(site.ctx, 'pact', 1);
    await submitSignature(site.ctx, LOCAL, { alliance: 'pact', note: signNote(subject.text, [parseSignerKey(signers.get('sur')!)]) });
    let html = await guide();
    expect(states(html)[7]).toBe('pact-step-8:next');
    expect(stepHtml(html, 'pact-step-8')).toContain('Signed by 1 of 2 parties.');
    expect(stepHtml(html, 'pact-step-8')).toMatch(/Waiting for: <a href="\/orgs\/fleuve"><bdi>Union du Fleuve<\/bdi><\/a>/);
    await submitSignature(site.ctx, LOCAL, { alliance: 'pact', note: signNote(subject.text, [parseSignerKey(signers.get('fleuve')!)]) });
    html = await guide();
    expect(states(html).slice(5)).toEqual(['pact-step-6:done', 'pact-step-7:done', 'pact-step-8:done', 'pact-step-9:next']);
    const cycle = stepHtml(html, 'pact-step-9');
    expect(cycle).toContain('follow the moon');
    expect(cycle).toContain('A triad takes 3 triad-eligible members, at most 1 of them holding office.');
    expect(cycle).not.toContain('Too few');
    expect(cycle).toContain('An admin or delegate of a party opens it.');
    // Ratified: the front page no longer offers the guide.
    expect(await (await root.get('/')).text()).not.toContain('href="/setup"');
  });

  it('9: the first cycle open, the alliance is running, with a link to every practice', async () => {
    await openCycle(site.ctx, LOCAL, { alliance: 'pact' });
    const html = await guide();
    expect(states(html)).toEqual(['step-1:done', 'step-2:done', 'step-3:done', 'step-4:done', 'step-5:done']);
    const running = html.slice(html.indexOf('id="running"'));
    expect(running).toContain('Your alliance is running');
    for (const practice of ['covenant/versions/1', 'cycles', 'warnings', 'support', 'lessons', 'health']) expect(running).toContain(`href="/alliances/pact/${practice}"`);
    expectNothingPrivate(html, 'root');
  });

  it('signed out: only the invitation to sign in, nothing of the instance', async () => {
    const res = await new Browser(site.app).get('/setup');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Sign in to set up an alliance');
    expect(html).toContain('href="/login"');
    expect(steps(html).size).toBe(0);
    for (const text of ['Sindicato Sur', 'Union du Fleuve', 'Pacto del Río', 'root', 'accounts on this instance']) expect(html, text).not.toContain(text);
    expectNothingPrivate(html, '');
  });

  it('reads in every language, right to left in Arabic', async () => {
    for (const lang of ['es', 'fr', 'ar', 'pt']) {
      const html = await (await root.get(`/setup?lang=${lang}`)).text();
      expect(html).toContain(`<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">`);
      expect(states(html)).toHaveLength(5);
      expect(html).not.toContain('setup.');
    }
  });
});

describe('the guide on the demo', () => {
  let dataDir: string;
  let ctx: Ctx & { close(): Promise<void> };
  let clock = new Date();

  beforeAll(async () => {
    const now = new Date();
    dataDir = mkdtempSync(join(tmpdir(), 'daylight-setup-demo-'));
    await initInstance({ dataDir, origin: 'setup.test/daylight', now: () => clock });
    ctx = await openInstance({ dataDir, now: () => clock });
    await seedDemo(ctx, (d) => (clock = d), now);
    clock = now;
  }, 120_000);
  afterAll(async () => {
    await ctx.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the demo alliance as running, and what the instance still lacks for work on the web', async () => {
    const admin = (await ensureFirstAdmin(ctx))!;
    const browser = new Browser(createApp(ctx));
    expect((await browser.login(admin.username, admin.password)).status).toBe(303);
    const html = await (await browser.get('/setup')).text();
    const running = html.slice(html.indexOf('id="running"'));
    expect(running).toContain(`href="/alliances/${DEMO_ALLIANCE}"`);
    expect(running).toContain(`href="/alliances/${DEMO_ALLIANCE}/cycles"`);
    expect(html).not.toContain(`id="${DEMO_ALLIANCE}-step-`);
    // The demo's organizations have keys and members, but nobody holds a role there yet.
    expect(steps(html).get('step-2')).toBe('done');
    expect(steps(html).get('step-3')).not.toBe('done');
    expect(steps(html).get('step-4')).toBe('done');
    expect(steps(html).get('step-5')).toBe('done');
    for (const name of ['alder', 'birch', 'cedar', 'dogwood', 'elm', 'fir']) expect(html, name).not.toContain(`-${name}`); // the demo's pseudonyms
  });
});

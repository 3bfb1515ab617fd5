/**
 * Organizations, members and alliances through the services, on SQLite and PostgreSQL:
 * validation with reasons, public records holding exactly the public fields, members leaving no
 * trace in the log, roles deciding who may act, and refusals changing nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/services/context.js';
import { createAccount, actorOf, grantRole } from '../../src/services/accounts.js';
import {
  addOrganizationKey,
  createOrganization,
  getOrganization,
  revokeOrganizationKey,
  updateOrganization,
} from '../../src/services/organizations.js';
import { addMember, listMembers } from '../../src/services/members.js';
import { createAlliance, getAlliance } from '../../src/services/alliances.js';
import { recentRecords } from '../../src/services/records.js';
import { generateKey } from '../../src/ledger/note.js';
import { BACKENDS, logSkip, Scratch } from '../store/backends.js';
import { freshInstance, type OpenCtx } from './instances.js';
import { snapshot } from '../support/snapshot.js';

const scratch = new Scratch();
afterAll(() => scratch.cleanup());
const LOCAL = { kind: 'local' } as const;

async function refusal(p: Promise<unknown>, code?: UserError['code']): Promise<string> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(UserError);
  if (code) expect((e as UserError).code).toBe(code);
  return (e as UserError).message;
}

const profile = (slug: string) => ({
  slug,
  name: `The ${slug} collective`,
  country: 'ar',
  jurisdiction: 'Buenos Aires',
  languages: ['es', 'EN'],
  timeZone: 'America/Argentina/Buenos_Aires',
  description: 'Housing cooperatives\nand tenant unions.',
});

describe.each(BACKENDS)('organizations, members, alliances on %s', (backend) => {
  const skip = logSkip(backend);
  let ctx: OpenCtx;
  beforeAll(async () => {
    if (!skip) ctx = (await freshInstance(scratch, backend)).ctx;
  });
  afterAll(async () => {
    if (!skip) await ctx.close();
  });

  it.skipIf(skip)('creates an organization with a public record of every public field, canonicalized', async () => {
    const org = await createOrganization(ctx, LOCAL, profile('sur'));
    expect(org).toMatchObject({ slug: 'sur', country: 'AR', languages: ['es', 'en'], verifierKeys: [] });
    const [rec] = await recentRecords(ctx, 1);
    expect(rec!.type).toBe('organization');
    expect(rec!.record).toEqual({
      type: 'organization',
      at: rec!.at,
      event: 'created',
      slug: 'sur',
      name: 'The sur collective',
      country: 'AR',
      jurisdiction: 'Buenos Aires',
      languages: ['es', 'en'],
      timeZone: 'America/Argentina/Buenos_Aires',
      description: 'Housing cooperatives\nand tenant unions.',
      verifierKeys: [],
    });
  });

  it.skipIf(skip)('refuses bad profiles with a reason, and changes nothing', async () => {
    const before = await snapshot(ctx);
    const cases: [Partial<ReturnType<typeof profile>>, RegExp][] = [
      [{ slug: 'Bad Slug' }, /slug/],
      [{ country: 'XX' }, /ISO 3166-1/],
      [{ country: 'EU' }, /ISO 3166-1/],
      [{ country: 'ARG' }, /ISO 3166-1/],
      [{ languages: [] }, /languages/],
      [{ languages: ['not a tag!'] }, /BCP 47/],
      [{ timeZone: 'Mars/Olympus' }, /IANA/],
      [{ name: 'two\nlines' }, /one line/],
      [{ description: 'bell\u0007' }, /control/],
    ];
    for (const [change, reason] of cases) {
      expect(await refusal(createOrganization(ctx, LOCAL, { ...profile('ok-slug'), ...change }))).toMatch(reason);
    }
    expect(await refusal(createOrganization(ctx, LOCAL, profile('sur')), 'conflict')).toMatch(/taken/);
    expect(await snapshot(ctx)).toEqual(before);
  });

  it.skipIf(skip)('keys: add records the profile with the key; a duplicate, a malformed or revoked key is refused', async () => {
    const { verifierKey } = generateKey('sur.example/delegate');
    const added = await addOrganizationKey(ctx, LOCAL, 'sur', verifierKey);
    expect(added.verifierKeys).toEqual([verifierKey]);
    const [rec] = await recentRecords(ctx, 1);
    expect(rec!.record).toMatchObject({ event: 'key-added', key: verifierKey, verifierKeys: [verifierKey] });
    const before = await snapshot(ctx);
    expect(await refusal(addOrganizationKey(ctx, LOCAL, 'sur', verifierKey), 'conflict')).toMatch(/already registered/);
    expect(await refusal(addOrganizationKey(ctx, LOCAL, 'sur', 'sur+00000000+AAAA'))).toMatch(/verifier key/);
    expect(await refusal(addOrganizationKey(ctx, LOCAL, 'sur', generateKey('x').signerKey))).toMatch(/key/);
    expect(await snapshot(ctx)).toEqual(before);
    const revoked = await revokeOrganizationKey(ctx, LOCAL, 'sur', verifierKey);
    expect(revoked.verifierKeys).toEqual([]);
    expect((await recentRecords(ctx, 1))[0]!.record).toMatchObject({ event: 'key-revoked', key: verifierKey, verifierKeys: [] });
    // a revoked key can never come back
    expect(await refusal(addOrganizationKey(ctx, LOCAL, 'sur', verifierKey), 'conflict')).toMatch(/revoked/);
  });

  it.skipIf(skip)('members: no record, private fields never in any view; pseudonym equal to the real name refused', async () => {
    const before = await snapshot(ctx);
    const m = await addMember(ctx, LOCAL, {
      organization: 'sur',
      pseudonym: 'Lechuza',
      realName: 'María Fernanda Quispe',
      contact: 'signal +54 11 5555 0101',
      officeholder: true,
    });
    expect(m).toEqual({ id: m.id, organization: 'sur', pseudonym: 'Lechuza', officeholder: true, triadEligible: true });
    const after = await snapshot(ctx);
    expect(after.log).toEqual(before.log); // no record at all
    expect(after.rows.member).toBe(before.rows.member! + 1);
    expect(JSON.stringify(await listMembers(ctx, LOCAL, 'sur'))).not.toMatch(/Quispe|5555/);
    expect(await refusal(addMember(ctx, LOCAL, { organization: 'sur', pseudonym: 'maría fernanda quispe', realName: 'María Fernanda Quispe' }))).toMatch(
      /reveal/,
    );
    expect(await refusal(addMember(ctx, LOCAL, { organization: 'sur', pseudonym: 'Lechuza' }), 'conflict')).toMatch(/already/);
  });

  it.skipIf(skip)('roles: an instance admin creates organizations; an org admin updates its own; others are refused', async () => {
    const admin = actorOf(await createAccount(ctx, { username: `root-${backend}`, password: 'long enough password', instanceAdmin: true }));
    const plain = await createAccount(ctx, { username: `ana-${backend}`, password: 'long enough password' });
    const ana = actorOf(plain);
    await createOrganization(ctx, admin, profile('norte'));
    expect(await refusal(createOrganization(ctx, ana, profile('oeste')), 'forbidden')).toMatch(/instance admin/);
    expect(await refusal(updateOrganization(ctx, ana, 'norte', { name: 'Mine now' }), 'forbidden')).toMatch(/admin/);
    expect(await refusal(addMember(ctx, ana, { organization: 'norte', pseudonym: 'x' }), 'forbidden')).toMatch(/admin/);
    const norte = await getOrganization(ctx, 'norte');
    await grantRole(ctx, LOCAL, { accountId: plain.id, organizationId: norte.id, role: 'admin' });
    expect((await updateOrganization(ctx, ana, 'norte', { name: 'Norte renamed' })).name).toBe('Norte renamed');
    expect((await recentRecords(ctx, 1))[0]!.record).toMatchObject({ event: 'updated', name: 'Norte renamed' });
  });

  it.skipIf(skip)('alliances: founding parties in good standing, forming; unknown or repeated parties refused', async () => {
    const a = await createAlliance(ctx, LOCAL, { slug: 'sur-norte', name: 'South–North', parties: ['sur', 'norte'] });
    expect(a).toMatchObject({
      slug: 'sur-norte',
      status: 'forming',
      parties: [
        { organization: 'norte', standing: 'good' },
        { organization: 'sur', standing: 'good' },
      ],
      ratified: null,
      proposed: null,
      renewal: null,
    });
    expect((await recentRecords(ctx, 1))[0]!.record).toMatchObject({ type: 'alliance', event: 'created', parties: ['norte', 'sur'] });
    const before = await snapshot(ctx);
    expect(await refusal(createAlliance(ctx, LOCAL, { slug: 'x', name: 'X', parties: ['sur'] }))).toMatch(/2 to/);
    expect(await refusal(createAlliance(ctx, LOCAL, { slug: 'x', name: 'X', parties: ['sur', 'sur'] }))).toMatch(/twice/);
    expect(await refusal(createAlliance(ctx, LOCAL, { slug: 'x', name: 'X', parties: ['sur', 'nowhere'] }), 'not_found')).toMatch(/parties\[1\]: no organization "nowhere"/);
    expect(await refusal(createAlliance(ctx, LOCAL, { slug: 'sur-norte', name: 'X', parties: ['sur', 'norte'] }), 'conflict')).toMatch(/taken/);
    expect(await snapshot(ctx)).toEqual(before);
    expect(await getAlliance(ctx, 'sur-norte')).toEqual(a);
  });
});

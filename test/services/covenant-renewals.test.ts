/**
 * Rituals of renewal through the services with an injected clock, on SQLite and PostgreSQL: tick
 * opens a renewal exactly at its due time (13 mean synodic months after ratification) and not a
 * second earlier, parties re-sign with the renewal text, testimonies are collected (one public,
 * one anonymous, which stores no name) and published with the joint note; the next renewal, never
 * re-signed, lapses publicly when its grace ends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/services/context.js';
import { initInstance, openInstance } from '../../src/services/instance.js';
import { addOrganizationKey, createOrganization } from '../../src/services/organizations.js';
import { createAlliance, getAlliance } from '../../src/services/alliances.js';
import { draftCovenant, proposeCovenant } from '../../src/services/covenants.js';
import { signingSubject, submitSignature } from '../../src/services/signatures.js';
import { addTestimony, openRenewal, renewalSigningSubject, renewalStatus, submitRenewalSignature } from '../../src/services/renewals.js';
import { tick } from '../../src/services/tick.js';
import { recentRecords } from '../../src/services/records.js';
import { readDocument } from '../../src/publish/files.js';
import { redactDocument } from '../../src/services/redact.js';
import { publishedTestimonies } from '../../src/services/covenant-views.js';
import { generateKey, openNote, parseSignerKey, parseVerifierKey, signNote } from '../../src/ledger/note.js';
import { formatCovenant, starterCovenant } from '../../src/domain/covenant/index.js';
import { renewalDueAt, renewalLapsesAt, renewalSignatureText } from '../../src/domain/renewal.js';
import { BACKENDS, logSkip, Scratch } from '../store/backends.js';
import { snapshot } from '../support/snapshot.js';
import type { OpenCtx } from './instances.js';

const scratch = new Scratch();
afterAll(() => scratch.cleanup());
const LOCAL = { kind: 'local' } as const;
const PARTIES = ['sur', 'norte', 'este'];
const keys = Object.fromEntries(PARTIES.map((p) => [p, generateKey(`${p}.example/delegate`)]));
const sign = (text: string, party: string) => signNote(text, [parseSignerKey(keys[party]!.signerKey)]);
const T0 = new Date('2026-11-25T10:00:00.000Z');

async function refusal(p: Promise<unknown>): Promise<string> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(UserError);
  return (e as UserError).message;
}

describe.each(BACKENDS)('renewals on %s', (backend) => {
  const skip = logSkip(backend);
  let ctx: OpenCtx;
  let clock = T0;
  const covenant = starterCovenant({ parties: PARTIES });
  const due1 = renewalDueAt(T0, covenant.renewal, 1);

  beforeAll(async () => {
    if (skip) return;
    const opts = { ...(await scratch.options(backend)), now: () => clock };
    await initInstance({ ...opts, origin: 'test.example/daylight' });
    ctx = await openInstance(opts);
    for (const p of PARTIES) {
      await createOrganization(ctx, LOCAL, { slug: p, name: p, country: 'MX', languages: ['es'], timeZone: 'America/Mexico_City' });
      await addOrganizationKey(ctx, LOCAL, p, keys[p]!.verifierKey);
    }
    await createAlliance(ctx, LOCAL, { slug: 'tri', name: 'Tri', parties: PARTIES });
    await draftCovenant(ctx, LOCAL, { alliance: 'tri', author: 'sur', rationale: 'Start.', source: { text: formatCovenant(covenant, 'yaml'), format: 'yaml' } });
    await proposeCovenant(ctx, LOCAL, { alliance: 'tri', version: 1 });
    const s = await signingSubject(ctx, 'tri', 1);
    for (const p of PARTIES) await submitSignature(ctx, LOCAL, { alliance: 'tri', note: sign(s.text, p) });
  });
  afterAll(async () => {
    if (!skip) await ctx.close();
  });

  it.skipIf(skip)('the template renews every 13 moons; tick opens nothing a second before it is due', async () => {
    expect(covenant.renewal).toEqual({ every: 13, unit: 'moons' });
    expect((await getAlliance(ctx, 'tri')).ratified?.ratifiedAt).toBe(T0.toISOString());
    const before = await snapshot(ctx);
    clock = new Date(due1.getTime() - 1000);
    expect(await tick(ctx)).toEqual({ at: clock.toISOString(), opened: [], lapsed: [], standing: [], decisions: [] });
    expect(await snapshot(ctx)).toEqual(before);
    expect((await renewalStatus(ctx, 'tri')).next).toEqual({ renewal: 1, dueAt: due1.toISOString(), lapsesAt: renewalLapsesAt(due1).toISOString() });
  });

  it.skipIf(skip)('at the due time tick opens renewal 1 and restates the covenant; a second tick does nothing', async () => {
    clock = due1;
    const r = await tick(ctx);
    expect(r.opened).toEqual([{ alliance: 'tri', version: 1, renewal: 1, dueAt: due1.toISOString(), lapsesAt: renewalLapsesAt(due1).toISOString() }]);
    const [rec] = await recentRecords(ctx, 1);
    const proposed = (await recentRecords(ctx, 100)).find((x) => x.type === 'covenant.proposed')!;
    expect(rec!.record).toMatchObject({ type: 'renewal.opened', alliance: 'tri', version: 1, renewal: 1, at: due1.toISOString(), dueAt: due1.toISOString() });
    // restated: the same canonical JSON and Markdown documents as the proposal
    expect(rec!.record.documents).toEqual((proposed.record.documents as unknown[]).slice(0, 2));
    const before = await snapshot(ctx);
    expect((await tick(ctx)).opened).toEqual([]);
    expect(await snapshot(ctx)).toEqual(before);
    expect(await refusal(openRenewal(ctx, LOCAL, { alliance: 'tri' }))).toMatch(/already open/);
  });

  it.skipIf(skip)('testimonies: one public, one anonymous with no name stored; no record until publication', async () => {
    const before = await snapshot(ctx);
    await addTestimony(ctx, LOCAL, { alliance: 'tri', text: 'Our assembly met every moon; decisions stayed collective.', pseudonym: 'Rosa del barrio', lang: 'es' });
    const anon = await addTestimony(ctx, LOCAL, { alliance: 'tri', text: 'Funding reports arrived late twice.', pseudonym: null });
    expect(anon.anonymous).toBe(true);
    const after = await snapshot(ctx);
    expect(after.log).toEqual(before.log);
    expect(after.rows.testimony).toBe(before.rows.testimony! + 2);
    const rows = await ctx.db.selectFrom('testimony').selectAll().orderBy('id').execute();
    expect(rows.map((t) => t.pseudonym)).toEqual(['Rosa del barrio', null]);
    // no time of testifying, which could say who wrote an anonymous one; redacted_at stays empty unless a redaction erases it
    expect(Object.keys(rows[1]!).sort()).toEqual(['id', 'lang', 'pseudonym', 'redacted_at', 'renewal_id', 'text']);
    expect(rows.map((t) => t.redacted_at)).toEqual([null, null]);
    expect(await refusal(addTestimony(ctx, LOCAL, { alliance: 'tri', text: 'x'.repeat(4001), pseudonym: null }))).toMatch(/at most 4000/);
    expect(await refusal(addTestimony(ctx, LOCAL, { alliance: 'tri', text: '   ', pseudonym: null }))).toMatch(/needs some text/);
  });

  it.skipIf(skip)('re-signing: the ratification text and other renewals are refused; all three re-sign and it is published', async () => {
    const s = await renewalSigningSubject(ctx, 'tri');
    expect(s.text).toBe(renewalSignatureText({ alliance: 'tri', version: 1, renewal: 1, sha256: s.sha256 }));
    const before = await snapshot(ctx);
    const ratificationText = (await signingSubject(ctx, 'tri', 1)).text;
    expect(await refusal(submitRenewalSignature(ctx, LOCAL, { alliance: 'tri', note: sign(ratificationText, 'sur') }))).toMatch(/not a renewal signature/);
    expect(await refusal(submitRenewalSignature(ctx, LOCAL, { alliance: 'tri', note: sign(s.text.replace('renewal 1', 'renewal 2'), 'sur') }))).toMatch(/has not opened/);
    expect(await refusal(submitRenewalSignature(ctx, LOCAL, { alliance: 'tri', note: sign(s.text.replace(s.sha256, 'cd'.repeat(32)), 'sur') }))).toMatch(/other bytes/);
    expect(await snapshot(ctx)).toEqual(before);

    clock = new Date(due1.getTime() + 3 * 86_400_000);
    expect(await submitRenewalSignature(ctx, LOCAL, { alliance: 'tri', note: sign(s.text, 'sur') })).toMatchObject({ published: false, missing: ['norte', 'este'] });
    expect((await recentRecords(ctx, 1))[0]!.record).toMatchObject({ type: 'renewal.signature', renewal: 1, party: 'sur' });
    expect(await refusal(submitRenewalSignature(ctx, LOCAL, { alliance: 'tri', note: sign(s.text, 'sur') }))).toMatch(/already signed renewal 1/);
    await submitRenewalSignature(ctx, LOCAL, { alliance: 'tri', note: sign(s.text, 'norte') });
    expect(await submitRenewalSignature(ctx, LOCAL, { alliance: 'tri', note: sign(s.text, 'este') })).toMatchObject({ published: true, missing: [] });

    const [pub] = await recentRecords(ctx, 1);
    expect(pub!.record).toMatchObject({ type: 'renewal.published', alliance: 'tri', version: 1, renewal: 1, testimonies: 2, parties: PARTIES });
    const [testimoniesDoc, noteDoc] = pub!.record.documents as { sha256: string; name: string }[];
    const published = JSON.parse(Buffer.from((await readDocument(ctx, testimoniesDoc!.sha256))!.body).toString('utf8'));
    expect(published).toEqual({
      format: 'daylight-testimonies/1',
      alliance: 'tri',
      version: 1,
      renewal: 1,
      testimonies: [
        { pseudonym: 'Rosa del barrio', lang: 'es', text: 'Our assembly met every moon; decisions stayed collective.' },
        { anonymous: true, text: 'Funding reports arrived late twice.' },
      ],
    });
    const joint = openNote((await readDocument(ctx, noteDoc!.sha256))!.body, PARTIES.map((p) => parseVerifierKey(keys[p]!.verifierKey)));
    expect(joint.verified).toHaveLength(3);
    expect(joint.text).toBe(s.text);
    expect(await refusal(addTestimony(ctx, LOCAL, { alliance: 'tri', text: 'Too late?', pseudonym: null }))).toMatch(/no open renewal/);
    const status = await renewalStatus(ctx, 'tri');
    expect(status.renewals).toEqual([expect.objectContaining({ number: 1, status: 'published', signed: ['este', 'norte', 'sur'], missing: [], testimonies: 2 })]);
    expect(status.next?.renewal).toBe(2);
  });

  it.skipIf(skip)('redacting the published testimonies erases them where the renewal page reads them', async () => {
    const shown = await publishedTestimonies(ctx, 'tri', 1);
    expect(shown).toEqual([
      { pseudonym: 'Rosa del barrio', lang: 'es', text: 'Our assembly met every moon; decisions stayed collective.', redacted: false },
      { pseudonym: null, lang: null, text: 'Funding reports arrived late twice.', redacted: false },
    ]);
    const pub = (await recentRecords(ctx, 10)).find((r) => r.record.type === 'renewal.published')!;
    const [testimoniesDoc, noteDoc] = pub.record.documents as { sha256: string }[];
    await redactDocument(ctx, LOCAL, testimoniesDoc!.sha256, 'safety');
    expect(await publishedTestimonies(ctx, 'tri', 1)).toEqual([
      { pseudonym: null, lang: 'es', text: '', redacted: true },
      { pseudonym: null, lang: null, text: '', redacted: true },
    ]);
    const rows = await ctx.db.selectFrom('testimony').select(['text', 'pseudonym']).execute();
    expect(rows.every((r) => r.text === '' && r.pseudonym === null)).toBe(true);
    // the joint note of the same renewal is another document: kept
    expect(await readDocument(ctx, noteDoc!.sha256)).not.toBeNull();
  });

  it.skipIf(skip)('renewal 2 opens on time, is not re-signed by all, and lapses publicly when grace ends', async () => {
    const due2 = renewalDueAt(T0, covenant.renewal, 2);
    const lapses2 = renewalLapsesAt(due2);
    clock = due2;
    expect((await tick(ctx)).opened.map((o) => o.renewal)).toEqual([2]);
    const s = await renewalSigningSubject(ctx, 'tri');
    await submitRenewalSignature(ctx, LOCAL, { alliance: 'tri', note: sign(s.text, 'norte') });
    clock = new Date(lapses2.getTime() - 1);
    expect((await tick(ctx)).lapsed).toEqual([]);
    clock = lapses2;
    expect((await tick(ctx)).lapsed).toEqual([{ alliance: 'tri', version: 1, renewal: 2, lapsesAt: lapses2.toISOString() }]);
    const [rec] = await recentRecords(ctx, 1);
    expect(rec!.record).toEqual({
      type: 'renewal.lapsed',
      at: lapses2.toISOString(),
      alliance: 'tri',
      version: 1,
      renewal: 2,
      dueAt: due2.toISOString(),
      lapsesAt: lapses2.toISOString(),
      signed: ['norte'],
      missing: ['sur', 'este'],
      status: 'lapsed',
    });
    const alliance = await getAlliance(ctx, 'tri');
    expect(alliance.status).toBe('lapsed');
    expect(alliance.renewal).toMatchObject({ number: 2, status: 'lapsed' });
    const before = await snapshot(ctx);
    clock = new Date(lapses2.getTime() + 400 * 86_400_000);
    expect(await tick(ctx)).toMatchObject({ opened: [], lapsed: [] });
    expect(await refusal(submitRenewalSignature(ctx, LOCAL, { alliance: 'tri', note: sign(s.text, 'sur') }))).toMatch(/lapsed/);
    expect(await refusal(openRenewal(ctx, LOCAL, { alliance: 'tri' }))).toMatch(/lapsed/);
    expect(await snapshot(ctx)).toEqual(before);
    expect((await renewalStatus(ctx, 'tri')).next).toBeNull();
  });
});

/**
 * Covenant versions and signatures through the services, on SQLite and PostgreSQL: draft, amend,
 * diff, propose (archived as canonical JSON, Markdown and PDF), sign with real Ed25519 notes,
 * ratify when the last listed party signs, supersede, join and leave through versions. Every
 * refusal leaves every table and the log as they were (test/support/snapshot.ts).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/services/context.js';
import { addOrganizationKey, createOrganization } from '../../src/services/organizations.js';
import { createAlliance, getAlliance } from '../../src/services/alliances.js';
import {
  CovenantProblems,
  diffCovenantVersions,
  draftCovenant,
  amendCovenant,
  getCovenantVersion,
  LintErrors,
  proposeCovenant,
} from '../../src/services/covenants.js';
import { signingSubject, submitSignature } from '../../src/services/signatures.js';
import { recentRecords } from '../../src/services/records.js';
import { readDocument } from '../../src/publish/files.js';
import { generateKey, openNote, parseSignerKey, parseVerifierKey, signNote } from '../../src/ledger/note.js';
import { canonicalBytes } from '../../src/ledger/jcs.js';
import { covenantHash, formatCovenant, signatureText, starterCovenant, type Covenant } from '../../src/domain/covenant/index.js';
import { BACKENDS, logSkip, Scratch } from '../store/backends.js';
import { freshInstance, type OpenCtx } from './instances.js';
import { snapshot } from '../support/snapshot.js';

const scratch = new Scratch();
afterAll(() => scratch.cleanup());
const LOCAL = { kind: 'local' } as const;
const PARTIES = ['sur', 'norte', 'este'];
const keys = Object.fromEntries(PARTIES.map((p) => [p, generateKey(`${p}.example/delegate`)]));
const stranger = generateKey('stranger.example/delegate');

async function refusal(p: Promise<unknown>): Promise<UserError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(UserError);
  return e as UserError;
}

const yaml = (c: Covenant) => ({ text: formatCovenant(c, 'yaml'), format: 'yaml' as const });
const sign = (text: string, party: string) => signNote(text, [parseSignerKey(keys[party]!.signerKey)]);

describe.each(BACKENDS)('covenant versions and signatures on %s', (backend) => {
  const skip = logSkip(backend);
  let ctx: OpenCtx;
  const template = starterCovenant({ parties: PARTIES });
  beforeAll(async () => {
    if (skip) return;
    ctx = (await freshInstance(scratch, backend)).ctx;
    for (const p of [...PARTIES, 'oeste']) {
      await createOrganization(ctx, LOCAL, { slug: p, name: p, country: 'BR', languages: ['pt'], timeZone: 'America/Sao_Paulo' });
    }
    for (const p of PARTIES) await addOrganizationKey(ctx, LOCAL, p, keys[p]!.verifierKey);
    await createAlliance(ctx, LOCAL, { slug: 'tri', name: 'Tri', parties: PARTIES });
  });
  afterAll(async () => {
    if (!skip) await ctx.close();
  });

  it.skipIf(skip)('drafts from the template (clean) and archives the draft with its author and rationale', async () => {
    const r = await draftCovenant(ctx, LOCAL, { alliance: 'tri', author: 'sur', rationale: 'Start from the essay.', source: yaml(template) });
    expect(r).toMatchObject({ version: 1, sha256: covenantHash(template), findings: [] });
    const [rec] = await recentRecords(ctx, 1);
    expect(rec!.record).toMatchObject({ type: 'covenant.draft', alliance: 'tri', version: 1, author: 'sur', rationale: 'Start from the essay.', sha256: r.sha256 });
    const docs = rec!.record.documents as { sha256: string; mediaType: string }[];
    expect(docs.map((d) => d.mediaType)).toEqual(['application/json', 'text/markdown; charset=utf-8']);
    const json = await readDocument(ctx, docs[0]!.sha256);
    expect(Buffer.from(json!.body).equals(Buffer.from(canonicalBytes(template)))).toBe(true);
    expect(createHash('sha256').update(json!.body).digest('hex')).toBe(r.sha256);
  });

  it.skipIf(skip)('refuses a malformed covenant listing every problem, and a non-party author, changing nothing', async () => {
    const before = await snapshot(ctx);
    const bad = await refusal(draftCovenant(ctx, LOCAL, { alliance: 'tri', author: 'sur', rationale: 'x', source: { text: 'format: [unclosed', format: 'yaml' } }));
    expect(bad).toBeInstanceOf(CovenantProblems);
    const broken = { ...template, principles: [{ ...template.principles[0]!, tests: [{ indicator: 'no-such-indicator', severity: 'review' }] }], renewal: { every: 0, unit: 'weeks' } };
    const e = (await refusal(draftCovenant(ctx, LOCAL, { alliance: 'tri', author: 'sur', rationale: 'x', source: { value: broken } }))) as CovenantProblems;
    const paths = e.problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['renewal.every', 'renewal.unit', 'principles[0].tests[0].indicator']));
    expect((await refusal(draftCovenant(ctx, LOCAL, { alliance: 'tri', author: 'oeste', rationale: 'x', source: yaml(template) }))).message).toMatch(/not a party/);
    const outsider = starterCovenant({ parties: ['sur', 'nobody'] });
    expect((await refusal(draftCovenant(ctx, LOCAL, { alliance: 'tri', author: 'sur', rationale: 'x', source: yaml(outsider) }))).message).toMatch(/parties\[1\]: no organization "nobody"/);
    expect(await snapshot(ctx)).toEqual(before);
  });

  let amended: Covenant;
  it.skipIf(skip)('a second party amends; the diff shows the threshold change, structured and as text', async () => {
    amended = structuredClone(template);
    const test = amended.principles.flatMap((p) => p.tests).find((t) => t.indicator === 'days-since-assembly')!;
    test.threshold = { comparison: '>', value: '180' };
    const r = await amendCovenant(ctx, LOCAL, { alliance: 'tri', author: 'norte', rationale: 'Assemblies twice a year.', source: yaml(amended), basedOn: 1 });
    expect(r.version).toBe(2);
    expect((await recentRecords(ctx, 1))[0]!.record).toMatchObject({ type: 'covenant.draft', version: 2, author: 'norte', basedOn: 1 });
    const d = await diffCovenantVersions(ctx, 'tri', 1, 2);
    expect(d.changes).toEqual([expect.objectContaining({ kind: 'threshold-changed', indicator: 'days-since-assembly', from: expect.stringContaining('365'), to: expect.stringContaining('180') })]);
    expect(d.text).toMatch(/^-\s+value: "365"$/m);
    expect(d.text).toMatch(/^\+\s+value: "180"$/m);
    expect(d.text.match(/^[-+]\s/gm)).toHaveLength(2);
  });

  it.skipIf(skip)('a draft cannot be signed; a lint error blocks the proposal; nothing changes', async () => {
    const s = await signingSubject(ctx, 'tri', 2);
    const before = await snapshot(ctx);
    expect((await refusal(submitSignature(ctx, LOCAL, { alliance: 'tri', note: sign(s.text, 'sur') }))).message).toMatch(/draft: it must be proposed/);
    const poetry = structuredClone(template);
    poetry.principles[0]!.tests = [];
    const r = await draftCovenant(ctx, LOCAL, { alliance: 'tri', author: 'este', rationale: 'Less procedure.', source: yaml(poetry) });
    expect(r.findings.some((f) => f.severity === 'error' && f.path.startsWith('principles[0]'))).toBe(true);
    const mid = await snapshot(ctx);
    expect(await refusal(proposeCovenant(ctx, LOCAL, { alliance: 'tri', version: r.version }))).toBeInstanceOf(LintErrors);
    expect(await snapshot(ctx)).toEqual(mid);
    expect(mid.log.size).toBe(before.log.size + 1);
  });

  it.skipIf(skip)('proposes v2: archived with canonical JSON (the signed bytes), Markdown and PDF', async () => {
    const r = await proposeCovenant(ctx, LOCAL, { alliance: 'tri', version: 2 });
    expect(r.documents.map((d) => d.mediaType)).toEqual(['application/json', 'text/markdown; charset=utf-8', 'application/pdf']);
    expect(r.documents[0]!.sha256).toBe(r.sha256);
    const pdf = await readDocument(ctx, r.documents[2]!.sha256);
    expect(Buffer.from(pdf!.body.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect((await recentRecords(ctx, 1))[0]!.record).toMatchObject({ type: 'covenant.proposed', version: 2, sha256: r.sha256, parties: PARTIES });
    expect((await getAlliance(ctx, 'tri')).proposed).toEqual({ version: 2, sha256: r.sha256, signed: [], missing: PARTIES });
  });

  it.skipIf(skip)('refuses an unregistered key, other bytes, a non-party and a malformed text, changing nothing', async () => {
    const s = await signingSubject(ctx, 'tri', 2);
    expect(s.text).toBe(signatureText({ alliance: 'tri', version: 2, sha256: s.sha256 }));
    const before = await snapshot(ctx);
    const byStranger = signNote(s.text, [parseSignerKey(stranger.signerKey)]);
    expect((await refusal(submitSignature(ctx, LOCAL, { alliance: 'tri', note: byStranger }))).message).toMatch(/not signed by a registered key of any party/);
    const otherBytes = sign(signatureText({ alliance: 'tri', version: 2, sha256: 'ab'.repeat(32) }), 'sur');
    expect((await refusal(submitSignature(ctx, LOCAL, { alliance: 'tri', note: otherBytes }))).message).toMatch(/signed over other bytes/);
    const oesteKey = generateKey('oeste.example/delegate');
    await addOrganizationKey(ctx, LOCAL, 'oeste', oesteKey.verifierKey);
    const mid = await snapshot(ctx);
    const byOeste = signNote(s.text, [parseSignerKey(oesteKey.signerKey)]);
    expect((await refusal(submitSignature(ctx, LOCAL, { alliance: 'tri', note: byOeste }))).message).toMatch(/oeste is not a party/);
    expect((await refusal(submitSignature(ctx, LOCAL, { alliance: 'tri', note: sign(s.text.replace('version 2', 'version 02'), 'sur') }))).message).toMatch(/not a covenant signature/);
    expect((await refusal(submitSignature(ctx, LOCAL, { alliance: 'other', note: sign(s.text, 'sur') }))).message).toMatch(/not "other"/);
    // a broken signature line by a registered key
    const tampered = sign(s.text, 'sur').replace(/ (\S+)\n$/, (_m, b64: string) => ` ${Buffer.from(Buffer.from(b64, 'base64').map((x, i) => (i === 10 ? x ^ 1 : x))).toString('base64')}\n`);
    expect((await refusal(submitSignature(ctx, LOCAL, { alliance: 'tri', note: tampered }))).message).toMatch(/invalid signature/);
    expect(await snapshot(ctx)).toEqual(mid);
    expect(mid.log.size).toBe(before.log.size + 1); // only the key-added record
  });

  it.skipIf(skip)('all three sign (one duplicate refused); the last ratifies with a joint note any C2SP verifier accepts', async () => {
    const s = await signingSubject(ctx, 'tri', 2);
    const a = await submitSignature(ctx, LOCAL, { alliance: 'tri', note: sign(s.text, 'sur') });
    expect(a).toMatchObject({ party: 'sur', ratified: false, missing: ['norte', 'este'] });
    expect((await recentRecords(ctx, 1))[0]!.record).toMatchObject({ type: 'covenant.signature', party: 'sur', version: 2, verifierKey: keys.sur!.verifierKey });
    const before = await snapshot(ctx);
    expect((await refusal(submitSignature(ctx, LOCAL, { alliance: 'tri', note: sign(s.text, 'sur') }))).message).toMatch(/already signed/);
    // a note carrying two parties' signatures must say which one
    const two = signNote(sign(s.text, 'norte'), [parseSignerKey(keys.este!.signerKey)]);
    expect((await refusal(submitSignature(ctx, LOCAL, { alliance: 'tri', note: two }))).message).toMatch(/several parties/);
    expect(await snapshot(ctx)).toEqual(before);
    await submitSignature(ctx, LOCAL, { alliance: 'tri', note: two, party: 'norte' });
    const last = await submitSignature(ctx, LOCAL, { alliance: 'tri', note: two, party: 'este' });
    expect(last).toMatchObject({ ratified: true, missing: [] });
    const [ratified] = await recentRecords(ctx, 1);
    expect(ratified!.record).toMatchObject({ type: 'covenant.ratified', version: 2, parties: PARTIES, joined: [], left: [] });
    const joint = await readDocument(ctx, (ratified!.record.documents as { sha256: string }[])[0]!.sha256);
    const opened = openNote(joint!.body, PARTIES.map((p) => parseVerifierKey(keys[p]!.verifierKey)));
    expect(opened.verified.map((v) => v.name).sort()).toEqual(PARTIES.map((p) => `${p}.example/delegate`).sort());
    expect(opened.unverified).toEqual([]);
    expect(opened.text).toBe(s.text);
    const alliance = await getAlliance(ctx, 'tri');
    expect(alliance).toMatchObject({ status: 'active', ratified: { version: 2, sha256: s.sha256 }, proposed: null });
    expect((await getCovenantVersion(ctx, 'tri')).version).toBe(2);
  });

  it.skipIf(skip)('a newer proposal supersedes a waiting one; a newer ratification supersedes v2; parties join and leave', async () => {
    const v4 = starterCovenant({ parties: ['sur', 'norte', 'oeste'] });
    const d4 = await draftCovenant(ctx, LOCAL, { alliance: 'tri', author: 'sur', rationale: 'Oeste joins, este leaves.', source: yaml(v4) });
    const d5 = await draftCovenant(ctx, LOCAL, { alliance: 'tri', author: 'norte', rationale: 'Same, with a title.', source: yaml({ ...v4, title: { original: 'en', text: { en: 'Tri' } } }) });
    await proposeCovenant(ctx, LOCAL, { alliance: 'tri', version: d4.version });
    const p5 = await proposeCovenant(ctx, LOCAL, { alliance: 'tri', version: d5.version });
    expect(p5.superseded).toBe(d4.version);
    const s4 = await signingSubject(ctx, 'tri', d4.version);
    const before = await snapshot(ctx);
    expect((await refusal(submitSignature(ctx, LOCAL, { alliance: 'tri', note: sign(s4.text, 'sur') }))).message).toMatch(new RegExp(`superseded by version ${d5.version}`));
    expect(await snapshot(ctx)).toEqual(before);
    const oesteKey = generateKey('oeste2.example/delegate');
    await addOrganizationKey(ctx, LOCAL, 'oeste', oesteKey.verifierKey);
    const s5 = await signingSubject(ctx, 'tri', d5.version);
    await submitSignature(ctx, LOCAL, { alliance: 'tri', note: sign(s5.text, 'sur') });
    await submitSignature(ctx, LOCAL, { alliance: 'tri', note: sign(s5.text, 'norte') });
    // este is not in v5: its signature is refused
    expect((await refusal(submitSignature(ctx, LOCAL, { alliance: 'tri', note: sign(s5.text, 'este') }))).message).toMatch(/este is not a party/);
    const done = await submitSignature(ctx, LOCAL, { alliance: 'tri', note: signNote(s5.text, [parseSignerKey(oesteKey.signerKey)]) });
    expect(done.ratified).toBe(true);
    const recs = (await recentRecords(ctx, 2)).map((r) => r.record);
    expect(recs[0]).toMatchObject({ type: 'covenant.superseded', version: 2, by: d5.version, was: 'ratified' });
    expect(recs[1]).toMatchObject({ type: 'covenant.ratified', version: d5.version, supersedes: 2, joined: ['oeste'], left: ['este'] });
    const a = await getAlliance(ctx, 'tri');
    expect(a.parties.map((p) => p.organization)).toEqual(['norte', 'oeste', 'sur']);
    expect((await getCovenantVersion(ctx, 'tri', 2)).status).toBe('superseded');
    const s2 = await signingSubject(ctx, 'tri', 2);
    const after = await snapshot(ctx);
    expect((await refusal(submitSignature(ctx, LOCAL, { alliance: 'tri', note: sign(s2.text, 'este') }))).message).toMatch(/superseded by version/);
    expect(await snapshot(ctx)).toEqual(after);
  });
});

describe.skipIf(logSkip('postgres'))('two last signatures at once on PostgreSQL', () => {
  it('ratify exactly once: the alliance row lock serializes them', async () => {
    const { ctx } = await freshInstance(scratch, 'postgres');
    try {
      for (const p of PARTIES) {
        await createOrganization(ctx, LOCAL, { slug: p, name: p, country: 'BR', languages: ['pt'], timeZone: 'America/Sao_Paulo' });
        await addOrganizationKey(ctx, LOCAL, p, keys[p]!.verifierKey);
      }
      await createAlliance(ctx, LOCAL, { slug: 'race', name: 'Race', parties: PARTIES });
      await draftCovenant(ctx, LOCAL, { alliance: 'race', author: 'sur', rationale: 'x', source: yaml(starterCovenant({ parties: PARTIES })) });
      await proposeCovenant(ctx, LOCAL, { alliance: 'race', version: 1 });
      const s = await signingSubject(ctx, 'race', 1);
      await submitSignature(ctx, LOCAL, { alliance: 'race', note: sign(s.text, 'sur') });
      const results = await Promise.all(['norte', 'este'].map((p) => submitSignature(ctx, LOCAL, { alliance: 'race', note: sign(s.text, p) })));
      expect(results.filter((r) => r.ratified)).toHaveLength(1);
      const types = (await recentRecords(ctx, 10)).map((r) => r.type);
      expect(types.filter((t) => t === 'covenant.ratified')).toHaveLength(1);
      expect(types.filter((t) => t === 'covenant.signature')).toHaveLength(3);
    } finally {
      await ctx.close();
    }
  });
});

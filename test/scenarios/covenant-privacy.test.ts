/**
 * The public/private line, end to end: members are added with real names, contacts and
 * pseudonyms; the alliance drafts, proposes, ratifies and renews a covenant (testimonies
 * included); then the archive is exported and every byte of every file — entries, tiles,
 * documents, the text of every PDF — is scanned for each private value in every form it could take
 * (test/support/privacy-scan.ts). None is found. The scan itself is shown able to find them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, type CliResult } from '../cli/run-cli.js';
import { allianceFixture, type Fixture } from '../support/covenant-fixture.js';
import { hasPdftotext, listFiles, scanForPrivateValues } from '../support/privacy-scan.js';
import { renderPdf } from '../../src/render/pdf.js';
import { documentTypst } from '../../src/render/document.js';

const MEMBERS = [
  { org: 'sur', pseudonym: 'Lechuza', realName: 'María Fernanda Quispe Mamani', contact: 'mfquispe@riseup.example' },
  { org: 'sur', pseudonym: 'Cóndor', realName: 'José Ñancupil', contact: '+56 9 5555 0142' },
  { org: 'norte', pseudonym: 'Nyota', realName: 'Wairimu Njeri Kamau', contact: 'signal: +254 700 555 019' },
  { org: 'este', pseudonym: 'البومة', realName: 'ليلى عبد الرحمن', contact: 'Rue des Tanneurs 12, 1000 Bruxelles' },
];
const PRIVATE = MEMBERS.flatMap((m) => [m.realName, m.contact]);

const work = tempDir('daylight-privacy-');
let fx: Fixture;
const cli = (...args: string[]) => runCli(['--data', fx.data, ...args]);
const ok = (r: CliResult) => {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return r;
};
const outputs: string[] = [];

beforeAll(async () => {
  fx = await allianceFixture(work, { stage: 'proposed' });
});

describe('members’ private data never reaches the archive', () => {
  it('member add stores real name and contact without echoing them', async () => {
    for (const m of MEMBERS) {
      const r = ok(await cli('member', 'add', '--org', m.org, '--pseudonym', m.pseudonym, '--real-name', m.realName, '--contact', m.contact, '--officeholder'));
      expect(r.stdout).toBe(`added member ${m.pseudonym} to ${m.org} (id ${r.stdout.match(/id (\d+)/)![1]})\n`);
      const j = ok(await cli('member', 'add', '--org', m.org, '--pseudonym', `${m.pseudonym} 2`, '--real-name', `${m.realName} Jr`, '--json'));
      outputs.push(r.stdout, r.stderr, j.stdout, j.stderr);
      expect(Object.keys(JSON.parse(j.stdout)).sort()).toEqual(['id', 'officeholder', 'organization', 'pseudonym', 'triadEligible']);
    }
  });

  it('the alliance ratifies and renews, with testimonies, then the export holds none of the private values', async () => {
    for (const p of ['sur', 'norte', 'este']) ok(await cli('covenant', 'sign', '--alliance', 'tri', '--version', '1', '--party', p, '--key', fx.keys[p]!.file));
    ok(await cli('renewal', 'open', '--alliance', 'tri'));
    ok(await runCli(['--data', fx.data, 'renewal', 'testify', '--alliance', 'tri', '--pseudonym', 'Lechuza'], { input: 'We were consulted before every decision.\n' }));
    ok(await runCli(['--data', fx.data, 'renewal', 'testify', '--alliance', 'tri', '--anonymous'], { input: 'Nobody asked our branch.\n' }));
    for (const p of ['sur', 'norte', 'este']) ok(await cli('renewal', 'sign', '--alliance', 'tri', '--party', p, '--key', fx.keys[p]!.file));
    for (const args of [['alliance', 'show', 'tri', '--json'], ['org', 'show', 'sur', '--json'], ['renewal', 'status', '--alliance', 'tri', '--json']]) {
      const r = ok(await cli(...args));
      outputs.push(r.stdout, r.stderr);
    }
    const out = path.join(work, 'archive');
    ok(await cli('archive', 'export', out));
    expect((await runCli(['verify', out, '--key', fx.instanceKey])).code).toBe(0);

    const files = listFiles(out);
    expect(files.some((file) => file.includes('doc/sha256'))).toBe(true);
    expect(scanForPrivateValues(out, PRIVATE)).toEqual([]);
    for (const o of outputs) for (const v of PRIVATE) expect(o).not.toContain(v);
    // pseudonyms are public by design; only the testifier who chose one appears, in the testimonies
    expect(scanForPrivateValues(out, ['Lechuza']).map((h) => h.form)).toContain('utf-8');
  });

  it('the scan finds each private value in each form it looks for (it can fail)', async () => {
    const planted = path.join(work, 'planted');
    mkdirSync(path.join(planted, 'doc'), { recursive: true });
    const [a, b, c, d] = PRIVATE as [string, string, string, string];
    writeFileSync(path.join(planted, 'doc/nfd'), Buffer.from(`x${a.normalize('NFD')}x`));
    writeFileSync(path.join(planted, 'doc/json'), JSON.stringify({ n: b }).replace('Ñ', '\\u00d1'));
    writeFileSync(path.join(planted, 'doc/utf16'), Buffer.from(c, 'utf16le'));
    writeFileSync(path.join(planted, 'doc/b64'), Buffer.from(d).toString('base64'));
    const hits = scanForPrivateValues(planted, PRIVATE);
    expect(hits.map((h) => `${h.file} ${h.form}`).sort()).toEqual(
      expect.arrayContaining(['doc/nfd NFD', 'doc/json JSON-escaped', 'doc/utf16 utf-16le', 'doc/b64 base64']),
    );
    if (!hasPdftotext) {
      console.log('skipped the PDF part of the scan self-test: pdftotext (poppler-utils) is not installed');
      return;
    }
    const pdf = await renderPdf(documentTypst({ lang: 'es', dir: 'ltr', title: 'Acta', sections: [{ heading: 'Presentes', paragraphs: [a] }] }));
    writeFileSync(path.join(planted, 'doc/acta.pdf'), pdf);
    expect(scanForPrivateValues(planted, [a]).map((h) => h.file)).toContain('doc/acta.pdf (pdftotext)');
  });
});

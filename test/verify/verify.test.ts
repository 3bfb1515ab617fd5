/**
 * verifyArchive against real archive directories built by make-archive.ts (tiles from the
 * ledger's stored-hash functions, checkpoints signed with real Ed25519 keys), read from disk
 * and over HTTP. The byte-flip property is the verifier's contract: any single altered byte in
 * any file the verification depends on makes it fail, and the report names that file.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCheckpoint } from '../../src/ledger/checkpoint.js';
import { EMPTY_ROOT } from '../../src/ledger/hash.js';
import { generateKey, parseSignerKey, signNote } from '../../src/ledger/note.js';
import { decodeBundle, encodeBundle } from '../../src/ledger/tile.js';
import { encodeBase64 } from '../../src/ledger/base64.js';
import { verifyArchive, type VerifyReport } from '../../src/verify/verify.js';
import { SourceError } from '../../src/verify/reader.js';
import { makeArchive, tempDir, type Archive } from './make-archive.js';
import { serveDir, type Served } from './serve.js';

const files = (r: VerifyReport): string[] => r.problems.map((p) => p.file);

/** Runs `fn` with `file` temporarily changed (or removed, when `change` returns null). */
async function withChanged<T>(a: Archive, file: string, change: (b: Buffer) => Uint8Array | null, fn: () => Promise<T>): Promise<T> {
  const full = path.join(a.dir, file);
  const original = readFileSync(full);
  const changed = change(Buffer.from(original));
  if (changed === null) rmSync(full);
  else writeFileSync(full, changed);
  try {
    return await fn();
  } finally {
    writeFileSync(full, original);
  }
}

describe('a good archive verifies', () => {
  it.each([0, 1, 255, 256, 257])('size %i, with the given key and with the published key', async (size) => {
    const a = await makeArchive({ size, redact: size > 20 ? 1 : 0 });
    try {
      const given = await verifyArchive({ source: a.dir, keys: [a.verifierKey] });
      expect(given).toMatchObject({ ok: true, problems: [], keySource: 'given', entries: size, source: a.dir });
      expect(given.checkpoint).toEqual({ origin: a.origin, size, root: encodeBase64(await a.rootAt(size)) });
      expect(given.keyNames).toEqual([a.verifierKey.split('+').slice(0, 2).join('+')]);
      expect(given.documents).toEqual({ checked: a.docs.length, redacted: a.redacted.length });
      if (size === 0) expect(given.checkpoint!.root).toBe(encodeBase64(EMPTY_ROOT));
      const published = await verifyArchive({ source: a.dir });
      expect(published).toEqual({ ...given, keySource: 'published' });
    } finally {
      a.remove();
    }
  });

  it('reports progress in order, ending at the size', async () => {
    const a = await makeArchive({ size: 600 });
    try {
      const seen: [number, number][] = [];
      await verifyArchive({ source: a.dir, onProgress: (d, t) => seen.push([d, t]) });
      expect(seen).toEqual([
        [0, 600],
        [256, 600],
        [512, 600],
        [600, 600],
      ]);
    } finally {
      a.remove();
    }
  });
});

describe('70,000 entries: full tiles at levels 0 and 1, partial ones up to level 2', () => {
  let a: Archive;
  beforeAll(async () => {
    a = await makeArchive({ size: 70000, docEvery: 5000 });
  }, 60_000);
  afterAll(() => a.remove());
  const verify = (): Promise<VerifyReport> => verifyArchive({ source: a.dir, keys: [a.verifierKey] });

  it('verifies', async () => {
    const r = await verify();
    expect(r).toMatchObject({ ok: true, entries: 70000, documents: { checked: 14, redacted: 0 } });
  }, 60_000);

  it.each([
    ['tile/1/000', 255],
    ['tile/1/001.p/17', 16],
    ['tile/2/000.p/1', 0],
    ['tile/0/150', 255],
  ] as const)(
    'a flipped byte in %s is blamed on that tile alone',
    async (tile, lastHash) => {
      const r = await withChanged(a, tile, (b) => ((b[b.length - 1]! ^= 0x20), b), verify);
      expect(r.ok).toBe(false);
      expect(r.problems).toEqual([{ file: tile, reason: `hash ${lastHash} differs from the tree recomputed from the entries` }]);
    },
    60_000,
  );

  it('an altered entry deep in the log is blamed on its bundle, not on the tiles above it', async () => {
    const bundle = 'tile/entries/200';
    const r = await withChanged(
      a,
      bundle,
      (b) => {
        const entries = decodeBundle(b);
        // still canonical JSON, different bytes: only the hashes can tell
        entries[17] = Buffer.from(Buffer.from(entries[17]!).toString().replace('"n":51217', '"n":51218'));
        return encodeBundle(entries);
      },
      verify,
    );
    expect(r.problems).toEqual([
      {
        file: bundle,
        reason: `entry 51217 does not hash to its leaf in tile/0/200, and the tree recomputed from it misses the checkpoint's root`,
      },
    ]);
  }, 60_000);
});

describe('any single flipped byte fails, naming the file (property)', () => {
  let a: Archive;
  let groups: Record<string, string[]>;
  beforeAll(async () => {
    a = await makeArchive({ size: 600, redact: 2 });
    const of = (re: RegExp): string[] => a.files.filter((f) => re.test(f));
    groups = {
      checkpoint: ['checkpoint'],
      vkey: ['log.vkey'],
      bundle: of(/^tile\/entries\//),
      tile: of(/^tile\/\d/),
      doc: of(/^doc\//),
    };
    expect(groups.bundle).toEqual(['tile/entries/000', 'tile/entries/001', 'tile/entries/002.p/88']);
    expect(groups.tile).toEqual(['tile/0/000', 'tile/0/001', 'tile/0/002.p/88', 'tile/1/000.p/2']);
  });
  afterAll(() => a.remove());

  // The rule for log.vkey: with keys given it is never read, so altering it changes nothing;
  // without keys it is the only key, so the checkpoint can no longer be trusted — the problem
  // names log.vkey (the key no longer parses) or the checkpoint (it has no signature by that key).
  // The rule for bundles: an altered entry may also name a different document, so problems on
  // doc/sha256/… may accompany the bundle's; every other alteration is reported on its file alone.
  it('holds for every kind of file, with and without given keys', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('checkpoint', 'vkey', 'bundle', 'tile', 'doc'),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        fc.boolean(),
        async (group, which, at, xor, keysGiven) => {
          const list = groups[group]!;
          const file = list[which % list.length]!;
          const flip = (b: Buffer): Buffer => ((b[at % b.length]! ^= xor), b);
          const r = await withChanged(a, file, flip, () =>
            verifyArchive({ source: a.dir, ...(keysGiven ? { keys: [a.verifierKey] } : {}) }),
          );
          if (file === 'log.vkey' && keysGiven) {
            expect(r.ok).toBe(true);
            return;
          }
          expect(r.ok).toBe(false);
          if (file === 'log.vkey') {
            expect(files(r).every((f) => f === 'log.vkey' || f === 'checkpoint')).toBe(true);
            return;
          }
          expect(files(r)).toContain(file);
          const others = files(r).filter((f) => f !== file);
          if (group === 'bundle') expect(others.every((f) => f.startsWith('doc/sha256/'))).toBe(true);
          else expect(others).toEqual([]);
        },
      ),
      { numRuns: 120 },
    );
  }, 120_000);
});

describe('entries and tiles', () => {
  let a: Archive;
  beforeAll(async () => {
    a = await makeArchive({ size: 600 });
  });
  afterAll(() => a.remove());
  const verify = (): Promise<VerifyReport> => verifyArchive({ source: a.dir, keys: [a.verifierKey] });

  it('a non-canonical entry (in a correctly hashed tree) is a problem naming its index', async () => {
    const b = await makeArchive({ size: 300, override: new Map([[270, Buffer.from('{"type":"note","at":"t"}')]]) });
    try {
      const r = await verifyArchive({ source: b.dir });
      expect(r.problems).toEqual([{ file: 'tile/entries/001.p/44', reason: 'entry 270 is not canonical JSON (RFC 8785)' }]);
      const c = await makeArchive({ size: 3, override: new Map([[2, Buffer.from('{"type":"note"}')]]) });
      expect((await verifyArchive({ source: c.dir })).problems).toEqual([
        { file: 'tile/entries/000.p/3', reason: 'entry 2 has no string "at"' },
      ]);
      c.remove();
    } finally {
      b.remove();
    }
  });

  it('a missing tile is "missing"; the rest still verifies', async () => {
    const r = await withChanged(a, 'tile/0/001', () => null, verify);
    expect(r.problems).toEqual([{ file: 'tile/0/001', reason: 'missing' }]);
  });

  it('a missing bundle is "missing"; its tile stands in so the rest still verifies', async () => {
    const r = await withChanged(a, 'tile/entries/001', () => null, verify);
    expect(r.problems).toEqual([{ file: 'tile/entries/001', reason: 'missing' }]);
    expect(r.documents.checked).toBeLessThan(a.docs.length);
  });

  it('a missing bundle and its missing tile: both reported, and no root is claimed', async () => {
    const r = await withChanged(a, 'tile/entries/000', () => null, () => withChanged(a, 'tile/0/000', () => null, verify));
    expect(r.problems).toEqual([
      { file: 'tile/entries/000', reason: 'missing' },
      { file: 'tile/0/000', reason: 'missing' },
    ]);
  });

  it('a tile of the wrong length', async () => {
    const longer = await withChanged(a, 'tile/0/000', (b) => Buffer.concat([b, Buffer.alloc(32)]), verify);
    expect(longer.problems).toEqual([{ file: 'tile/0/000', reason: 'larger than 8192 bytes (256 hashes of 32 bytes)' }]);
    const shorter = await withChanged(a, 'tile/1/000.p/2', (b) => b.subarray(0, 32), verify);
    expect(shorter.problems).toEqual([{ file: 'tile/1/000.p/2', reason: '32 bytes, not 64 bytes (2 hashes of 32 bytes)' }]);
  });

  it('a bundle with the wrong number of entries', async () => {
    const r = await withChanged(a, 'tile/entries/000', (b) => encodeBundle(decodeBundle(b).slice(0, 255)), verify);
    expect(r.problems).toEqual([{ file: 'tile/entries/000', reason: 'holds 255 entries, expected 256' }]);
  });

  it('a truncated bundle', async () => {
    const r = await withChanged(a, 'tile/entries/002.p/88', (b) => b.subarray(0, b.length - 1), verify);
    expect(files(r)).toEqual(['tile/entries/002.p/88']);
    expect(r.problems[0]!.reason).toMatch(/^not a valid entry bundle: /);
  });

  it('a checkpoint the log signed over a root the entries do not give is blamed on the checkpoint', async () => {
    const body = formatCheckpoint({ origin: a.origin, size: 600, root: await a.rootAt(599), extensions: [] });
    const forged = signNote(body, [parseSignerKey(a.signerKey)]);
    const r = await withChanged(a, 'checkpoint', () => Buffer.from(forged), verify);
    expect(files(r)).toEqual(['checkpoint']);
    expect(r.problems[0]!.reason).toMatch(/^root hash \S+ is not the root of the entries \(recomputed: /);
  });

  it('a checkpoint signed by another key, or not at all, is untrusted', async () => {
    const stranger = generateKey(a.origin);
    const other = await a.checkpointAt(600, undefined, [stranger.signerKey]);
    const r = await withChanged(a, 'checkpoint', () => Buffer.from(other), verify);
    expect(r).toMatchObject({ ok: false, keySource: 'given', keyNames: [], entries: 0 });
    expect(files(r)).toEqual(['checkpoint']);
    const published = await withChanged(a, 'checkpoint', () => Buffer.from(other), () => verifyArchive({ source: a.dir }));
    expect(published.problems[0]!.reason).toMatch(/log\.vkey/);
    const cosigned = await a.checkpointAt(600, undefined, [stranger.signerKey, a.signerKey]);
    expect((await withChanged(a, 'checkpoint', () => Buffer.from(cosigned), verify)).ok).toBe(true);
  });

  it('no log.vkey and no key given: the checkpoint cannot be trusted', async () => {
    const r = await withChanged(a, 'log.vkey', () => null, () => verifyArchive({ source: a.dir }));
    expect(files(r)).toEqual(['log.vkey']);
    expect(r.problems[0]!.reason).toMatch(/^missing/);
  });
});

describe('documents', () => {
  it('a document deleted without a redaction record fails, naming it and the entry', async () => {
    const a = await makeArchive({ size: 100 });
    try {
      const d = a.docs[3]!;
      rmSync(path.join(a.dir, d.file));
      const r = await verifyArchive({ source: a.dir, keys: [a.verifierKey] });
      expect(r.problems).toEqual([
        { file: d.file, reason: `missing document ${d.sha256} named by entry ${d.index} (no redaction record erases it)` },
      ]);
    } finally {
      a.remove();
    }
  });

  it('a redacted document is listed with its reason and the redaction record, not a problem', async () => {
    const a = await makeArchive({ size: 100, redact: 3 });
    try {
      const r = await verifyArchive({ source: a.dir, keys: [a.verifierKey] });
      expect(r.ok).toBe(true);
      expect(r.redacted).toEqual(a.redacted);
      expect(r.redacted.map((x) => [x.index, x.reason])).toEqual([
        [97, 'legal'],
        [98, 'error'],
        [99, 'safety'],
      ]);
      expect(r.documents).toEqual({ checked: a.docs.length, redacted: 3 });
    } finally {
      a.remove();
    }
  });

  it('a redacted document still present (a mirror copied it earlier) is still just listed as redacted', async () => {
    const a = await makeArchive({ size: 100, redact: 1, keepRedacted: true });
    try {
      const r = await verifyArchive({ source: a.dir, keys: [a.verifierKey] });
      expect(r).toMatchObject({ ok: true, redacted: a.redacted });
    } finally {
      a.remove();
    }
  });

  it('a document of the wrong size', async () => {
    const a = await makeArchive({ size: 10 });
    try {
      const d = a.docs[0]!;
      const bytes = readFileSync(path.join(a.dir, d.file));
      writeFileSync(path.join(a.dir, d.file), Buffer.concat([bytes, Buffer.from('!')]));
      const r = await verifyArchive({ source: a.dir, keys: [a.verifierKey] });
      expect(r.problems).toEqual([{ file: d.file, reason: `larger than the ${bytes.length} bytes entry ${d.index} gives` }]);
      writeFileSync(path.join(a.dir, d.file), bytes.subarray(1));
      const short = await verifyArchive({ source: a.dir, keys: [a.verifierKey] });
      expect(short.problems).toEqual([{ file: d.file, reason: `${bytes.length - 1} bytes, but entry ${d.index} gives ${bytes.length}` }]);
    } finally {
      a.remove();
    }
  });
});

describe('--since: the archive must extend an older checkpoint', () => {
  let a: Archive;
  beforeAll(async () => {
    a = await makeArchive({ size: 600 });
  });
  afterAll(() => a.remove());
  const since = (note: string): Promise<VerifyReport> => verifyArchive({ source: a.dir, keys: [a.verifierKey], since: note });

  it.each([0, 1, 100, 256, 599, 600])('a consistent older checkpoint of size %i passes', async (n) => {
    const r = await since(await a.checkpointAt(n));
    expect(r.problems).toEqual([]);
    expect(r.consistentWith).toEqual({ size: n, root: encodeBase64(await a.rootAt(n)) });
  });

  it('a forged older checkpoint (the log key signing another history) fails: not an extension', async () => {
    const r = await since(await a.checkpointAt(100, await a.rootAt(101)));
    expect(files(r)).toEqual(['checkpoint']);
    expect(r.problems[0]!.reason).toMatch(/^not an extension of the older checkpoint \(size 100, root /);
    expect(r.consistentWith).toBeUndefined();
  });

  it('an older checkpoint by another key, for another origin, or larger, fails', async () => {
    const stranger = generateKey(a.origin);
    const byStranger = await since(await a.checkpointAt(100, undefined, [stranger.signerKey]));
    expect(byStranger.problems).toEqual([
      { file: 'checkpoint', reason: expect.stringMatching(/^cannot be checked against the older checkpoint: the older checkpoint /) },
    ]);
    const otherOrigin = signNote(
      formatCheckpoint({ origin: 'elsewhere.example/log', size: 100, root: await a.rootAt(100), extensions: [] }),
      [parseSignerKey(a.signerKey)],
    );
    expect((await since(otherOrigin)).problems[0]!.reason).toMatch(/for origin "elsewhere\.example\/log"/);
    const larger = await since(await a.checkpointAt(601, await a.rootAt(600)));
    expect(larger.problems).toEqual([
      { file: 'checkpoint', reason: "size 600 is smaller than the older checkpoint's 601: the log shrank, so it is not an extension of it" },
    ]);
    expect((await since('not a note')).problems.map((p) => p.file)).toEqual(['checkpoint']);
  });
});

describe('over HTTP', () => {
  let a: Archive;
  let served: Served;
  beforeAll(async () => {
    a = await makeArchive({ size: 600, redact: 1 });
    served = await serveDir(a.dir);
  });
  afterAll(async () => {
    await served.close();
    a.remove();
  });

  it('verifies the same as from the directory', async () => {
    const fromDir = await verifyArchive({ source: a.dir, keys: [a.verifierKey] });
    const r = await verifyArchive({ source: served.url.slice(0, -1), keys: [a.verifierKey] });
    expect(r).toEqual({ ...fromDir, source: served.url });
    const published = await verifyArchive({ source: served.url, since: await a.checkpointAt(300) });
    expect(published).toMatchObject({ ok: true, keySource: 'published', consistentWith: { size: 300 } });
  });

  it('names a flipped tile, a flipped entry and a deleted document', async () => {
    const verify = (): Promise<VerifyReport> => verifyArchive({ source: served.url, keys: [a.verifierKey] });
    expect(files(await withChanged(a, 'tile/0/001', (b) => ((b[40]! ^= 1), b), verify))).toEqual(['tile/0/001']);
    const bundle = await withChanged(a, 'tile/entries/000', (b) => Buffer.from(b.toString('latin1').replace('"n":200', '"n":201'), 'latin1'), verify);
    expect(files(bundle)).toEqual(['tile/entries/000']);
    const d = a.docs[0]!;
    expect(files(await withChanged(a, d.file, () => null, verify))).toEqual([d.file]);
  });
});

describe('sources that cannot be verified at all', () => {
  it('throw a SourceError saying what is wrong', async () => {
    const empty = tempDir();
    await expect(verifyArchive({ source: path.join(empty, 'nope') })).rejects.toThrow(SourceError);
    await expect(verifyArchive({ source: empty })).rejects.toThrow(/no checkpoint here, so it is not a Daylight archive/);
    await expect(verifyArchive({ source: 'http://' })).rejects.toThrow(/not a valid URL/);
    const closed = await serveDir(empty);
    await closed.close();
    await expect(verifyArchive({ source: closed.url })).rejects.toThrow(/ECONNREFUSED/);
    const spa = await serveDir(empty, '/archive/', (_, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Daylight</title>');
      return true;
    });
    try {
      await expect(verifyArchive({ source: spa.url })).rejects.toThrow(/its checkpoint is a web page, so this is not an archive's URL/);
    } finally {
      await spa.close();
    }
    rmSync(empty, { recursive: true });
  });
});

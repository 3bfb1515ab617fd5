/**
 * The archive tree (publish/files.ts) and its static export (publish/export.ts), on SQLite and
 * PostgreSQL. Tiles are compared with ones recomputed by ledger/tree-builder.ts from the entries
 * alone; paths follow C2SP tlog-tiles (https://c2sp.org/tlog-tiles).
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishStatements } from '../../src/services/statements.js';
import { readArchiveFile } from '../../src/publish/files.js';
import { exportArchive } from '../../src/publish/export.js';
import { UserError } from '../../src/services/context.js';
import { verifyArchive } from '../../src/verify/verify.js';
import { head, readEntries } from '../../src/store/log.js';
import { TreeBuilder } from '../../src/ledger/tree-builder.js';
import { hashLeaf } from '../../src/ledger/hash.js';
import { decodeBundle, tilePath } from '../../src/ledger/tile.js';
import { openNote, parseVerifierKey } from '../../src/ledger/note.js';
import { parseCheckpoint } from '../../src/ledger/checkpoint.js';
import { BACKENDS, logSkip, referenceRoot, Scratch } from '../store/backends.js';
import { freshInstance, type OpenCtx } from '../services/instances.js';

const scratch = new Scratch();
afterAll(() => scratch.cleanup());

/** Publishes statements until the log has `size` records (distinct bodies: one document each). */
async function growTo(ctx: OpenCtx, size: number): Promise<void> {
  for (let n = (await head(ctx.db)).size; n < size; ) {
    const batch = Math.min(100, size - n);
    await publishStatements(
      ctx,
      Array.from({ length: batch }, (_, k) => ({ mediaType: 'text/plain; charset=utf-8', body: Buffer.from(`statement ${n + k}\n`) })),
    );
    n += batch;
  }
}

/** Every hash tile of the tree, recomputed from the entries by TreeBuilder: path → bytes. */
async function recomputedTiles(ctx: OpenCtx, size: number): Promise<Map<string, Buffer>> {
  const tiles = new Map<string, Buffer>();
  const builder = new TreeBuilder((tile, hashes) => tiles.set(tilePath(tile), Buffer.from(hashes)));
  for (const e of await readEntries(ctx.db, 0, size)) builder.push(hashLeaf(e));
  const { root, partialTiles } = builder.finish();
  for (const { tile, hashes } of partialTiles) tiles.set(tilePath(tile), Buffer.from(hashes));
  expect(Buffer.from(root)).toEqual(referenceRoot(await readEntries(ctx.db, 0, size)));
  return tiles;
}

function filesUnder(dir: string, sub = ''): string[] {
  return readdirSync(path.join(dir, sub), { withFileTypes: true }).flatMap((e) => {
    const rel = sub ? `${sub}/${e.name}` : e.name;
    return e.isDirectory() ? filesUnder(dir, rel) : [rel];
  });
}

describe.each(BACKENDS)('archive files on %s', (backend) => {
  const skip = logSkip(backend);
  let ctx: OpenCtx;
  beforeAll(async () => {
    if (skip) return;
    ctx = (await freshInstance(scratch, backend)).ctx;
    await growTo(ctx, 300);
  });
  afterAll(async () => {
    if (!skip) await ctx.close();
  });

  it.skipIf(skip)('serves the checkpoint, the key, and tiles cut at the checkpoint size', async () => {
    const cp = await readArchiveFile(ctx, 'checkpoint');
    expect(cp).toMatchObject({ contentType: 'text/plain; charset=utf-8', cache: 'no-cache' });
    const c = parseCheckpoint(openNote(cp!.body, [parseVerifierKey(ctx.verifierKey)]).text);
    expect(c.size).toBe(300);
    expect(Buffer.from((await readArchiveFile(ctx, 'log.vkey'))!.body).toString()).toBe(ctx.verifierKey + '\n');

    const tiles = await recomputedTiles(ctx, 300);
    // size 300: level 0 has one full tile and a partial of 44; level 1 a partial of 1
    expect([...tiles.keys()].sort()).toEqual(['tile/0/000', 'tile/0/001.p/44', 'tile/1/000.p/1']);
    for (const [p, bytes] of tiles) {
      const f = await readArchiveFile(ctx, p);
      expect(Buffer.from(f!.body)).toEqual(bytes);
      expect(f!.cache).toBe(p.includes('.p/') ? 'short' : 'immutable');
    }
    const bundle = await readArchiveFile(ctx, 'tile/entries/001.p/44');
    expect(decodeBundle(bundle!.body).map((e) => Buffer.from(e))).toEqual(
      (await readEntries(ctx.db, 256, 300)).map((e) => Buffer.from(e)),
    );
    expect((await readArchiveFile(ctx, 'tile/entries/000'))!.cache).toBe('immutable');

    for (const missing of [
      'tile/0/001.p/43', // not the width this checkpoint implies
      'tile/0/001', // not full yet
      'tile/0/002',
      'tile/1/000',
      'tile/2/000.p/1',
      'tile/entries/001',
      'tile/0/0', // non-canonical index
      'tile/0/000.p/256',
      'tile/0/../0/000',
      'checkpoint/',
      'doc/sha256/' + 'A'.repeat(64),
      'doc/sha256/' + 'a'.repeat(64),
      'doc/sha256/../../log.key',
      'log.key',
    ]) {
      expect(await readArchiveFile(ctx, missing), missing).toBeNull();
    }
  });

  it.skipIf(skip)('serves documents as opaque bytes unless their type cannot run script', async () => {
    const html = Buffer.from('<script>alert(1)</script>');
    const [{ sha256 }] = (await publishStatements(ctx, [{ mediaType: 'text/html; charset=utf-8', body: html }])) as [
      { index: number; sha256: string },
    ];
    const f = await readArchiveFile(ctx, `doc/sha256/${sha256}`);
    expect(f).toMatchObject({ contentType: 'application/octet-stream', cache: 'immutable' });
    expect(Buffer.from(f!.body)).toEqual(html);
  });

  it.skipIf(skip)('exports incrementally: a second export writes only what is new', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'daylight-export-'));
    const size0 = (await head(ctx.db)).size;
    const first = await exportArchive(ctx, dir);
    const files0 = filesUnder(dir);
    expect(first).toEqual({ size: size0, written: files0.length, unchanged: 0, removed: 0 });
    const tiles = await recomputedTiles(ctx, size0);
    const exportedTiles = files0.filter((f) => f.startsWith('tile/') && !f.startsWith('tile/entries/'));
    expect(exportedTiles.sort()).toEqual([...tiles.keys()].sort());
    for (const [p, bytes] of tiles) expect(readFileSync(path.join(dir, p))).toEqual(bytes);
    expect(files0.filter((f) => f.startsWith('doc/sha256/'))).toHaveLength(size0);

    const second = await exportArchive(ctx, dir);
    expect(second).toEqual({ size: size0, written: 0, unchanged: files0.length, removed: 0 });

    // 20 more: new partial tile and bundle at level 0, the same level-1 partial, 20 documents
    await growTo(ctx, size0 + 20);
    const mtime = statSync(path.join(dir, 'tile/0/000')).mtimeMs;
    const third = await exportArchive(ctx, dir);
    const w0 = size0 - 256;
    expect(third).toEqual({ size: size0 + 20, written: 2 + 1 + 20, unchanged: files0.length - 3, removed: 2 });
    expect(existsSync(path.join(dir, `tile/0/001.p/${w0}`))).toBe(false);
    expect(existsSync(path.join(dir, `tile/entries/001.p/${w0}`))).toBe(false);
    expect(existsSync(path.join(dir, `tile/0/001.p/${w0 + 20}`))).toBe(true);
    expect(statSync(path.join(dir, 'tile/0/000')).mtimeMs).toBe(mtime); // full tiles are never rewritten
    for (const [p, bytes] of await recomputedTiles(ctx, size0 + 20)) expect(readFileSync(path.join(dir, p))).toEqual(bytes);
    expect(filesUnder(dir).some((f) => f.includes('.tmp-'))).toBe(false);
    // and an independent reader of the format accepts the result
    const report = await verifyArchive({ source: dir, keys: [ctx.verifierKey] });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, entries: size0 + 20 });
  });

  it.skipIf(skip)('refuses to export over another log’s archive', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'daylight-export-'));
    await exportArchive(ctx, dir);
    const other = (await freshInstance(scratch, backend, 'other.example/log')).ctx;
    try {
      const e = await exportArchive(other, dir).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(UserError);
      expect((e as UserError).code).toBe('conflict');
    } finally {
      await other.close();
    }
  });
});

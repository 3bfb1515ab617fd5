/**
 * Tamper evidence of a real export: an archive written by `daylight archive export` (services
 * and store, not a test helper), then any single byte of any bundle, tile, checkpoint or
 * document changed at a random position — `daylight verify` must fail and name that file.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initInstance, openInstance } from '../../src/services/instance.js';
import { publishStatements } from '../../src/services/statements.js';
import { exportArchive } from '../../src/publish/export.js';
import { verifyArchive } from '../../src/verify/verify.js';
import { runCli } from '../cli/run-cli.js';
import type { Ctx } from '../../src/services/context.js';

let dir: string;
let vkey: string;
let files: string[];
let ctx: Ctx & { close(): Promise<void> };

function listFiles(root: string, rel = ''): string[] {
  return readdirSync(path.join(root, rel)).flatMap((name) => {
    const r = rel ? `${rel}/${name}` : name;
    return statSync(path.join(root, r)).isDirectory() ? listFiles(root, r) : [r];
  });
}

beforeAll(async () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'daylight-tamper-'));
  const dataDir = path.join(work, 'data');
  vkey = (await initInstance({ dataDir, origin: 'tamper.example/log' })).verifierKey;
  ctx = await openInstance({ dataDir });
  // 300 records: a full level-0 tile, a partial one, a partial level-1 tile; 300 documents.
  for (let i = 0; i < 300; i += 100) {
    await publishStatements(
      ctx,
      Array.from({ length: 100 }, (_, k) => ({ name: `s${i + k}.txt`, mediaType: 'text/plain; charset=utf-8', body: Buffer.from(`statement ${i + k}\n`) })),
    );
  }
  dir = path.join(work, 'archive');
  await exportArchive(ctx, dir);
  files = listFiles(dir).filter((f) => f !== 'log.vkey' && !f.endsWith('.html') && !f.endsWith('.json')).sort();
});
afterAll(async () => ctx.close());

async function withFlipped<T>(file: string, position: number, bit: number, fn: () => Promise<T>): Promise<T> {
  const full = path.join(dir, file);
  const original = readFileSync(full);
  const changed = Buffer.from(original);
  const at = position % changed.length;
  changed[at] = changed[at]! ^ (1 << bit);
  writeFileSync(full, changed);
  try {
    return await fn();
  } finally {
    writeFileSync(full, original);
  }
}

describe('tampering with an exported archive', () => {
  it('the untouched export verifies, and holds every kind of file', async () => {
    const r = await verifyArchive({ source: dir, keys: [vkey] });
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(files).toContain('checkpoint');
    expect(files.some((f) => f.startsWith('tile/entries/'))).toBe(true);
    expect(files.some((f) => f.startsWith('tile/0/'))).toBe(true);
    expect(files.some((f) => f.startsWith('tile/1/'))).toBe(true);
    expect(files.filter((f) => f.startsWith('doc/sha256/'))).toHaveLength(300);
  });

  it('any single changed byte fails verification naming that file (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...files),
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        async (file, position, bit) => {
          const r = await withFlipped(file, position, bit, () => verifyArchive({ source: dir, keys: [vkey] }));
          expect(r.ok).toBe(false);
          expect(r.problems.map((p) => p.file)).toContain(file);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('through the command: exit 1 and the file named, for each kind of file', async () => {
    const kinds = [
      'checkpoint',
      files.find((f) => f.startsWith('tile/entries/'))!,
      files.find((f) => f.startsWith('tile/0/'))!,
      files.find((f) => f.startsWith('tile/1/'))!,
      files.find((f) => f.startsWith('doc/sha256/'))!,
    ];
    for (const file of kinds) {
      const r = await withFlipped(file, 7, 0, () => runCli(['verify', dir, '--key', vkey]));
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(file);
    }
  });
});

/**
 * Appends from separate processes, through the compiled code (dist/; `npm test` builds it):
 *  - PostgreSQL: two writers at once produce one gap-free history, every index distinct.
 *  - SQLite: a writer killed with SIGKILL at random moments, 24 times, loses no acknowledged
 *    record, leaves no gap, and the next open signs a checkpoint whose tree recomputes.
 * An index counts as acknowledged only once the script printed it, after its commit returned.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openInstance } from '../../src/services/instance.js';
import { latestCheckpoint } from '../../src/services/records.js';
import { head, readEntries } from '../../src/store/log.js';
import { storedHashCount } from '../../src/ledger/tree.js';
import { openNote, parseVerifierKey } from '../../src/ledger/note.js';
import { parseCheckpoint } from '../../src/ledger/checkpoint.js';
import { logSkip, PG_URL, referenceRoot, Scratch } from '../store/backends.js';
import { freshInstance, type OpenCtx } from './instances.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SCRIPT = path.join(here, '../fixtures/append-loop.mjs');
const DIST = path.join(here, '../../dist/services/instance.js');
const noDist = !existsSync(DIST);
if (noDist) console.log('durability tests skipped: dist/ is not built (run `npm run build`, or `npm test` which builds)');

const scratch = new Scratch();
afterAll(() => scratch.cleanup());

interface Run {
  indexes: number[];
  kill(): void;
  /** resolves when the process exited, with its exit code (null when killed) */
  exited: Promise<number | null>;
  /** resolves once at least `n` indexes were printed (or the process exited) */
  printed(n: number): Promise<void>;
  stderr(): string;
}

function appendLoop(dataDir: string, count: number, databaseUrl?: string): Run {
  const child = spawn(process.execPath, [SCRIPT, dataDir, String(count), ...(databaseUrl ? [databaseUrl] : [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const indexes: number[] = [];
  let partial = '';
  let err = '';
  const waiters: { n: number; resolve(): void }[] = [];
  const wake = () => {
    for (const w of waiters.splice(0)) {
      if (indexes.length >= w.n || child.exitCode !== null || child.signalCode !== null) w.resolve();
      else waiters.push(w);
    }
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!; // a line is acknowledged only once complete
    for (const l of lines) indexes.push(Number(l));
    wake();
  });
  child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      for (const w of waiters.splice(0)) w.resolve();
      resolve(code);
    }),
  );
  return {
    indexes,
    kill: () => child.kill('SIGKILL'),
    exited,
    printed: (n) => new Promise<void>((resolve) => {
      waiters.push({ n, resolve });
      wake();
    }),
    stderr: () => err,
  };
}

/** The log is gap-free and its stored hashes, head, and latest checkpoint all agree with a recomputation. */
async function checkLog(ctx: OpenCtx): Promise<number> {
  const { size, root } = await head(ctx.db);
  const idx = await ctx.db.selectFrom('log_entry').select('idx').orderBy('idx').execute();
  expect(idx.map((r) => Number(r.idx))).toEqual(Array.from({ length: size }, (_, i) => i));
  const hashes = await ctx.db.selectFrom('log_hash').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  expect(Number(hashes.n)).toBe(storedHashCount(size));
  const entries = await readEntries(ctx.db, 0, size);
  expect(Buffer.from(root)).toEqual(referenceRoot(entries));
  const latest = await latestCheckpoint(ctx);
  const c = parseCheckpoint(openNote(latest!.note, [parseVerifierKey(ctx.verifierKey)]).text);
  expect(c.size).toBe(size);
  expect(Buffer.from(c.root)).toEqual(referenceRoot(entries));
  return size;
}

describe.skipIf(noDist || logSkip('postgres'))('two writers on one PostgreSQL', () => {
  it('produce one gap-free history with distinct indexes', async () => {
    const { ctx, opts } = await freshInstance(scratch, 'postgres');
    await ctx.close();
    const N = 150;
    const runs = [appendLoop(opts.dataDir, N, opts.databaseUrl), appendLoop(opts.dataDir, N, opts.databaseUrl)];
    const codes = await Promise.all(runs.map((r) => r.exited));
    expect(codes, runs.map((r) => r.stderr()).join('\n')).toEqual([0, 0]);
    const all = runs.flatMap((r) => r.indexes).sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 2 * N }, (_, i) => i));
    // each writer saw its own indexes increase
    for (const r of runs) expect([...r.indexes].sort((a, b) => a - b)).toEqual(r.indexes);
    const reopened = await openInstance(opts);
    try {
      expect(await checkLog(reopened)).toBe(2 * N);
    } finally {
      await reopened.close();
    }
  });
});

describe.skipIf(noDist)('a writer killed at random moments on SQLite', () => {
  it('never loses an acknowledged record and leaves a log that recomputes', async () => {
    const { ctx, opts } = await freshInstance(scratch, 'sqlite');
    await ctx.close();
    const acknowledged: number[] = [];
    const KILLS = 24;
    for (let k = 0; k < KILLS; k++) {
      const run = appendLoop(opts.dataDir, 1_000_000);
      // Kill after 0..12 acknowledged lines (0: during open, migration or the open-time signing),
      // then after a random extra delay so the kill lands anywhere in the next commit.
      await run.printed(Math.floor(Math.random() * 13));
      await new Promise((r) => setTimeout(r, Math.random() * 15));
      run.kill();
      expect(await run.exited, run.stderr()).toBeNull();
      acknowledged.push(...run.indexes);
    }
    const reopened = await openInstance(opts); // signs the head a kill may have left unsigned
    try {
      const size = await checkLog(reopened);
      expect(new Set(acknowledged).size).toBe(acknowledged.length);
      for (const i of acknowledged) expect(i).toBeLessThan(size);
      expect(acknowledged.length).toBeGreaterThan(0);
      console.log(`SQLite crash test: ${KILLS} kills, ${acknowledged.length} acknowledged, log size ${size}`);
    } finally {
      await reopened.close();
    }
  });
});

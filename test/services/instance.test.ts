/**
 * Instances fail closed: init refuses over an existing key or instance row; open refuses a
 * missing instance (naming `daylight init`) and a key file that is not this database's.
 * Checkpoints: signed after commit, re-signed on open when a crash left the head unsigned.
 */
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { initInstance, isInitialized, openInstance } from '../../src/services/instance.js';
import { UserError } from '../../src/services/context.js';
import { signCheckpoint, unitOfWork } from '../../src/services/unit-of-work.js';
import { latestCheckpoint } from '../../src/services/records.js';
import { appendEntries, head } from '../../src/store/log.js';
import { generateKey, openNote, parseVerifierKey } from '../../src/ledger/note.js';
import { parseCheckpoint } from '../../src/ledger/checkpoint.js';
import { statementRecord } from '../../src/domain/public.js';
import { BACKENDS, FIXED_NOW, logSkip, Scratch } from '../store/backends.js';
import { freshInstance } from './instances.js';

const scratch = new Scratch();
afterAll(() => scratch.cleanup());

async function refusal(p: Promise<unknown>): Promise<UserError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(UserError);
  return e as UserError;
}

function record(i: number) {
  return statementRecord(FIXED_NOW, { sha256: i.toString(16).padStart(64, '0'), mediaType: 'text/plain', size: 1 });
}

describe.each(BACKENDS)('instance on %s', (backend) => {
  const skip = logSkip(backend);

  it.skipIf(skip)('init writes a 0600 key in a 0700 directory, signs the empty tree, and refuses to run twice', async () => {
    const opts = await scratch.options(backend);
    expect(await isInitialized(opts)).toBe(false);
    const { origin, verifierKey } = await initInstance({ ...opts, origin: 'alliance.example/log' });
    expect(origin).toBe('alliance.example/log');
    expect(verifierKey).toMatch(/^alliance\.example\/log\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$/);
    expect(statSync(opts.dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(opts.dataDir, 'log.key')).mode & 0o777).toBe(0o600);
    expect(await isInitialized(opts)).toBe(true);

    const keyBefore = readFileSync(path.join(opts.dataDir, 'log.key'), 'utf8');
    expect((await refusal(initInstance(opts))).code).toBe('conflict');
    expect(readFileSync(path.join(opts.dataDir, 'log.key'), 'utf8')).toBe(keyBefore);

    // Without the key file, the instance row still refuses a second key for the same database.
    rmSync(path.join(opts.dataDir, 'log.key'));
    expect((await refusal(initInstance(opts))).code).toBe('conflict');
    expect(existsSync(path.join(opts.dataDir, 'log.key'))).toBe(false);
  });

  it.skipIf(skip)('open refuses a missing instance, naming daylight init', async () => {
    const opts = await scratch.options(backend);
    const e = await refusal(openInstance(opts));
    expect(e.message).toContain('daylight init');
    expect(existsSync(opts.dataDir)).toBe(false); // opening created nothing
  });

  it.skipIf(skip)('open refuses a key file that is not this database’s', async () => {
    const { ctx, opts } = await freshInstance(scratch, backend);
    await ctx.close();
    writeFileSync(path.join(opts.dataDir, 'log.key'), generateKey('test.example/daylight').signerKey + '\n');
    const e = await refusal(openInstance(opts));
    expect(e.code).toBe('conflict');
    expect(e.message).toContain('wrong key file');
  });

  it.skipIf(skip)('a unit of work commits records and signs a checkpoint that opens with the verifier key', async () => {
    const { ctx } = await freshInstance(scratch, backend);
    try {
      const empty = await latestCheckpoint(ctx);
      expect(empty?.size).toBe(0);
      const out = await unitOfWork(ctx, (_trx, append) => append([record(1), record(2)]));
      expect(out.map((a) => a.index)).toEqual([0, 1]);
      const latest = await latestCheckpoint(ctx);
      const opened = openNote(latest!.note, [parseVerifierKey(ctx.verifierKey)]);
      expect(opened.verified.map((s) => s.name)).toEqual(['test.example/daylight']);
      const c = parseCheckpoint(opened.text);
      const h = await head(ctx.db);
      expect(c).toMatchObject({ origin: 'test.example/daylight', size: 2 });
      expect(Buffer.from(c.root)).toEqual(Buffer.from(h.root));
      // a use case that fails commits nothing and signs nothing new
      await expect(
        unitOfWork(ctx, async (_trx, append) => {
          await append([record(3)]);
          throw new UserError('refused');
        }),
      ).rejects.toThrow('refused');
      expect((await head(ctx.db)).size).toBe(2);
      expect((await latestCheckpoint(ctx))?.size).toBe(2);
    } finally {
      await ctx.close();
    }
  });

  it.skipIf(skip)('open signs a head that a crash left without a checkpoint', async () => {
    const { ctx, opts } = await freshInstance(scratch, backend);
    // Commit without the post-commit signing step, as a crash right after commit would.
    await ctx.db.transaction().execute((trx) =>
      appendEntries(trx, [{ data: Buffer.from('{"n":1}'), type: 'test', at: FIXED_NOW.toISOString() }]),
    );
    expect((await latestCheckpoint(ctx))?.size).toBe(0);
    await ctx.close();
    const reopened = await openInstance(opts);
    try {
      expect((await latestCheckpoint(reopened))?.size).toBe(1);
      // signing again is idempotent: the same note, still one row per size
      const note = await signCheckpoint(reopened);
      expect(note).toBe((await latestCheckpoint(reopened))?.note);
      const rows = await reopened.db.selectFrom('checkpoint').select('size').execute();
      expect(rows.map((r) => Number(r.size)).sort()).toEqual([0, 1]);
    } finally {
      await reopened.close();
    }
  });
});

/**
 * Statements, inclusion proofs and redaction, on SQLite and PostgreSQL. Proofs are checked with
 * ledger/tree.ts checkRecord against the root in the signed checkpoint; entry bytes against the
 * canonical JSON of the record.
 */
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishStatements, sha256Hex } from '../../src/services/statements.js';
import { inclusionProof } from '../../src/services/proof.js';
import { redactDocument } from '../../src/services/redact.js';
import { recentRecords } from '../../src/services/records.js';
import { UserError } from '../../src/services/context.js';
import { createAccount, actorOf } from '../../src/services/accounts.js';
import { readArchiveFile } from '../../src/publish/files.js';
import { exportArchive } from '../../src/publish/export.js';
import { head } from '../../src/store/log.js';
import { checkRecord, InvalidProofError } from '../../src/ledger/tree.js';
import { hashLeaf } from '../../src/ledger/hash.js';
import { canonicalBytes } from '../../src/ledger/jcs.js';
import { openNote, parseVerifierKey } from '../../src/ledger/note.js';
import { parseCheckpoint } from '../../src/ledger/checkpoint.js';
import { decodeBase64 } from '../../src/ledger/base64.js';
import { BACKENDS, FIXED_NOW, logSkip, Scratch } from '../store/backends.js';
import { freshInstance, type OpenCtx } from './instances.js';

const scratch = new Scratch();
afterAll(() => scratch.cleanup());

const b64 = (s: string) => decodeBase64(s)!;

async function refusal(p: Promise<unknown>): Promise<UserError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(UserError);
  return e as UserError;
}

describe.each(BACKENDS)('statements, proofs, redaction on %s', (backend) => {
  const skip = logSkip(backend);
  let ctx: OpenCtx;
  beforeAll(async () => {
    if (!skip) ctx = (await freshInstance(scratch, backend)).ctx;
  });
  afterAll(async () => {
    if (!skip) await ctx.close();
  });

  it.skipIf(skip)('publishes documents by hash: the same bytes twice are one document and two records', async () => {
    const a = Buffer.from('We commit to pluralism.\n');
    const b = Buffer.from('{"horizon":"a decade"}');
    const out = await publishStatements(ctx, [
      { name: 'covenant.txt', mediaType: 'text/plain; charset=utf-8', body: a },
      { mediaType: 'application/json', body: b },
      { name: 'again.txt', mediaType: 'text/plain; charset=utf-8', body: a },
    ]);
    expect(out).toEqual([
      { index: 0, sha256: sha256Hex(a) },
      { index: 1, sha256: sha256Hex(b) },
      { index: 2, sha256: sha256Hex(a) },
    ]);
    const docs = await ctx.db.selectFrom('document').select(['sha256', 'size']).execute();
    expect(docs.map((d) => d.sha256).sort()).toEqual([sha256Hex(a), sha256Hex(b)].sort());

    const records = await recentRecords(ctx, 10);
    expect(records.map((r) => r.index)).toEqual([2, 1, 0]);
    expect(records[2]!.record).toEqual({
      type: 'statement',
      at: FIXED_NOW.toISOString(),
      documents: [{ sha256: sha256Hex(a), mediaType: 'text/plain; charset=utf-8', size: a.length, name: 'covenant.txt' }],
    });
    const doc = await readArchiveFile(ctx, `doc/sha256/${sha256Hex(a)}`);
    expect(Buffer.from(doc!.body)).toEqual(a);
    expect(doc!.contentType).toBe('text/plain; charset=utf-8');
    expect(doc!.cache).toBe('immutable');
  });

  it.skipIf(skip)('refuses malformed input without writing anything', async () => {
    const before = await head(ctx.db);
    expect((await refusal(publishStatements(ctx, []))).code).toBe('bad_input');
    await refusal(publishStatements(ctx, [{ mediaType: 'not a type', body: Buffer.from('x') }]));
    await refusal(publishStatements(ctx, [{ name: '../etc', mediaType: 'text/plain', body: Buffer.from('x') }]));
    expect((await head(ctx.db)).size).toBe(before.size);
  });

  it.skipIf(skip)('every record has an inclusion proof that checks against the signed checkpoint', async () => {
    const { size } = await head(ctx.db);
    const records = (await recentRecords(ctx, 100)).reverse();
    for (let i = 0; i < size; i++) {
      const p = await inclusionProof(ctx, i);
      expect(p.treeSize).toBe(size);
      const c = parseCheckpoint(openNote(p.checkpoint, [parseVerifierKey(ctx.verifierKey)]).text);
      expect(c.size).toBe(size);
      // the leaf is the canonical JSON (RFC 8785) of the record
      expect(Buffer.from(b64(p.leafHash))).toEqual(Buffer.from(hashLeaf(canonicalBytes(records[i]!.record))));
      expect(() => checkRecord(p.proof.map(b64), size, c.root, i, b64(p.leafHash))).not.toThrow();
      if (p.proof.length > 0) {
        const bad = p.proof.map(b64);
        bad[0] = new Uint8Array(32);
        expect(() => checkRecord(bad, size, c.root, i, b64(p.leafHash))).toThrow(InvalidProofError);
      }
    }
    expect((await refusal(inclusionProof(ctx, size))).code).toBe('not_found');
  });

  it.skipIf(skip)('redaction by a non-admin is refused and changes nothing', async () => {
    const body = Buffer.from('a witness statement that names someone\n');
    const { sha256 } = (await publishStatements(ctx, [{ mediaType: 'text/plain', body }]))[0]!;
    const member = await createAccount(ctx, { username: `member-${backend}`, password: 'correct horse battery' });
    const before = await head(ctx.db);
    const e = await refusal(redactDocument(ctx, actorOf(member), sha256, 'safety'));
    expect(e.code).toBe('forbidden');
    expect((await head(ctx.db)).size).toBe(before.size);
    const row = await ctx.db.selectFrom('document').selectAll().where('sha256', '=', sha256).executeTakeFirstOrThrow();
    expect(Buffer.from(row.body!)).toEqual(body);
    expect(row.redacted_at).toBeNull();
  });

  it.skipIf(skip)('redaction by an admin removes the bytes, appends a loud record, and leaves the export', async () => {
    const body = Buffer.from('evidence that could expose a witness\n');
    const { sha256 } = (await publishStatements(ctx, [{ mediaType: 'text/plain', body }]))[0]!;
    const dir = mkdtempSync(path.join(tmpdir(), 'daylight-export-'));
    await exportArchive(ctx, dir);
    expect(existsSync(path.join(dir, 'doc/sha256', sha256))).toBe(true);

    const admin = await createAccount(ctx, { username: `admin-${backend}`, password: 'correct horse battery', instanceAdmin: true });
    const { index } = await redactDocument(ctx, actorOf(admin), sha256, 'safety');
    expect(index).toBe((await head(ctx.db)).size - 1);
    const row = await ctx.db.selectFrom('document').selectAll().where('sha256', '=', sha256).executeTakeFirstOrThrow();
    expect(row.body).toBeNull();
    expect(row.redacted_at).toBe(FIXED_NOW.toISOString());
    expect(row.redaction_reason).toBe('safety');
    const [latest] = await recentRecords(ctx, 1);
    expect(latest!.record).toEqual({ type: 'redaction', at: FIXED_NOW.toISOString(), sha256, reason: 'safety' });
    expect(JSON.stringify(latest!.record)).not.toContain('witness');
    expect(await readArchiveFile(ctx, `doc/sha256/${sha256}`)).toBeNull();

    const again = await exportArchive(ctx, dir);
    expect(again.removed).toBeGreaterThanOrEqual(1);
    expect(existsSync(path.join(dir, 'doc/sha256', sha256))).toBe(false);

    expect((await refusal(redactDocument(ctx, { kind: 'local' }, sha256, 'safety'))).code).toBe('conflict');
    expect((await refusal(redactDocument(ctx, { kind: 'local' }, 'ab'.repeat(32), 'error'))).code).toBe('not_found');
    // republishing the same bytes would quietly undo the redaction
    expect((await refusal(publishStatements(ctx, [{ mediaType: 'text/plain', body }]))).code).toBe('conflict');
  });
});

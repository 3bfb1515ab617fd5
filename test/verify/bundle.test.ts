/**
 * verify/bundle.ts (the per-bundle work) and bundle-pool.ts (the same work on worker threads).
 * The worker runs the compiled dist/verify/bundle-worker.js, which `npm test` builds first.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashLeaf } from '../../src/ledger/hash.js';
import { encodeBundle } from '../../src/ledger/tile.js';
import { checkBundle, type BundleCheck } from '../../src/verify/bundle.js';
import { bundleChecker } from '../../src/verify/bundle-pool.js';
import { verifyArchive } from '../../src/verify/verify.js';
import { runCli } from '../cli/run-cli.js';
import { makeArchive, type Archive } from './make-archive.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const H = 'ab'.repeat(32);
const good = (i: number): Uint8Array => bytes(`{"at":"t","n":${i},"type":"note"}`);

describe('checkBundle', () => {
  it('hashes every entry as a leaf, and notes only entries with something to say, in order', () => {
    const entries = [
      good(0),
      bytes(`{"at":"t","documents":[{"mediaType":"m","sha256":"${H}","size":3}],"type":"statement"}`),
      good(2),
      bytes('{"type":"note","at":"t"}'),
      bytes(`{"at":"t","reason":"legal","sha256":"${H}","type":"redaction"}`),
    ];
    const check = checkBundle(encodeBundle(entries), entries.length);
    if (!('leaves' in check)) throw new Error('unusable');
    entries.forEach((e, j) => expect(Buffer.from(check.leaves.subarray(32 * j, 32 * j + 32))).toEqual(Buffer.from(hashLeaf(e))));
    expect(check.notes).toEqual([
      { j: 1, faults: [], documents: [{ sha256: H, size: 3 }] },
      { j: 3, faults: ['is not canonical JSON (RFC 8785)'], documents: [] },
      { j: 4, faults: [], documents: [], redaction: { sha256: H, reason: 'legal' } },
    ]);
  });

  it('says why a bundle cannot be used: missing, truncated, or the wrong number of entries', () => {
    const b = encodeBundle([good(0), good(1)]);
    expect(checkBundle(null, 2)).toEqual({ unusable: 'missing' });
    expect(checkBundle(b.subarray(0, b.length - 1), 2)).toEqual({ unusable: expect.stringMatching(/^not a valid entry bundle: bundle truncated/) });
    expect(checkBundle(b, 3)).toEqual({ unusable: 'holds 2 entries, expected 3' });
  });
});

const WORKER = new URL('../../dist/verify/bundle-worker.js', import.meta.url);
const built = existsSync(WORKER);
if (!built) console.log('worker-thread tests skipped: dist/ is not built (npm test builds it first)');

describe.skipIf(!built)('on worker threads (compiled dist/verify/bundle-worker.js)', () => {
  it('gives exactly what checkBundle gives, for good and bad bundles, whatever the order of replies', async () => {
    const bundles: [Uint8Array | null, number][] = [
      [encodeBundle(Array.from({ length: 256 }, (_, i) => good(i))), 256],
      [null, 4],
      [encodeBundle([good(1), bytes('{"type":"note"}'), good(3)]), 3],
      [encodeBundle([good(1)]).subarray(0, 3), 1],
      [encodeBundle([good(1), good(2)]), 1],
    ];
    const pool = bundleChecker(2, WORKER);
    try {
      const got = await Promise.all(bundles.map(([b, w]) => pool.check(b, w)));
      const want: BundleCheck[] = bundles.map(([b, w]) => checkBundle(b, w));
      got.forEach((g, i) => expect(g, `bundle ${i}`).toEqual(want[i]));
    } finally {
      await pool.close();
    }
  });

  it('runs in this thread when there is no compiled worker to start', async () => {
    const pool = bundleChecker(2, new URL('./no-such-worker.js', WORKER));
    expect(await pool.check(null, 1)).toEqual({ unusable: 'missing' });
    await pool.close();
  });
});

// The CLI (dist) checks bundles on workers; verifyArchive here (from sources) in this thread.
// The same tampered archive must give the same report either way.
describe.skipIf(!built || !existsSync(path.resolve('dist/cli/main.js')))('daylight verify with workers reports what verifyArchive reports', () => {
  let a: Archive;
  beforeAll(async () => {
    a = await makeArchive({ size: 1500, redact: 2, override: new Map([[700, bytes('{"type":"note","at":"t"}')]]) });
    const bundle = path.join(a.dir, 'tile/entries/002');
    const b = readFileSync(bundle);
    b[b.length - 3]! ^= 1; // an entry of bundle 2 no longer hashes to its leaf
    writeFileSync(bundle, b);
  });
  afterAll(() => a.remove());

  it('same problems, documents and redactions', async () => {
    const inThread = await verifyArchive({ source: a.dir, keys: [a.verifierKey] });
    expect(inThread.ok).toBe(false);
    expect(inThread.problems.length).toBeGreaterThanOrEqual(2);
    const cli = await runCli(['verify', a.dir, '--key', a.verifierKey, '--json']);
    expect(cli.code).toBe(1);
    expect(JSON.parse(cli.stdout)).toEqual(JSON.parse(JSON.stringify(inThread)));
  });
});

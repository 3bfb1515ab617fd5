import { describe, expect, it } from 'vitest';
import { formatReport, progressBar } from '../../src/verify/format.js';
import type { VerifyReport } from '../../src/verify/verify.js';

const base: VerifyReport = {
  ok: true,
  source: '/srv/archive',
  checkpoint: { origin: 'a.example/log', size: 600, root: 'Zm9v' },
  keySource: 'given',
  keyNames: ['a.example/log+0badf00d'],
  entries: 600,
  documents: { checked: 85, redacted: 1 },
  redacted: [{ sha256: 'ab'.repeat(32), reason: 'safety', index: 599 }],
  problems: [],
};

describe('formatReport', () => {
  it('says what was checked, with which key, and lists redactions', () => {
    const text = formatReport({ ...base, consistentWith: { size: 100, root: 'YmFy' } });
    expect(text.split('\n')).toEqual([
      'Archive     /srv/archive',
      'Checkpoint  a.example/log, size 600',
      'Root        Zm9v',
      'Signed by   a.example/log+0badf00d (key given)',
      'Extends     the older checkpoint of size 100 (root YmFy)',
      'Entries     600 checked',
      'Documents   85 checked, 1 redacted',
      `Redacted    ${'ab'.repeat(32)} (safety), by entry 599`,
      'OK          everything verifies',
      '',
    ]);
  });

  it('warns that a published key proves only internal consistency', () => {
    const text = formatReport({ ...base, keySource: 'published' });
    expect(text).toContain('(key published by the archive in log.vkey)');
    expect(text).toMatch(/came from the archive itself \(log\.vkey\): this proves only that the archive is consistent with itself/);
  });

  it('prints each problem as FAIL <file>: <reason>', () => {
    const text = formatReport({
      ...base,
      ok: false,
      problems: [
        { file: 'tile/0/001', reason: 'missing' },
        { file: 'checkpoint', reason: 'no trusted signature' },
      ],
    });
    expect(text).toContain('FAIL tile/0/001: missing\nFAIL checkpoint: no trusted signature\nFAILED      2 problems\n');
  });

  it('without a trusted checkpoint, prints no counts it did not check', () => {
    const { checkpoint: _, ...rest } = base;
    const text = formatReport({ ...rest, keyNames: [], ok: false, problems: [{ file: 'checkpoint', reason: 'x' }] });
    expect(text).not.toContain('Entries');
    expect(text).toContain('Signed by   (no trusted signature) (key given)');
    expect(text).toContain('FAILED      1 problem\n');
  });
});

describe('progressBar', () => {
  it('is one line rewritten in place', () => {
    expect(progressBar(0, 200)).toBe(`\r[${'.'.repeat(30)}]   0%  0/200 entries`);
    expect(progressBar(100, 200)).toBe(`\r[${'#'.repeat(15)}${'.'.repeat(15)}]  50%  100/200 entries`);
    expect(progressBar(0, 0)).toBe(`\r[${'#'.repeat(30)}] 100%  0/0 entries`);
    expect(progressBar(5, 7)).not.toContain('\n');
  });
});

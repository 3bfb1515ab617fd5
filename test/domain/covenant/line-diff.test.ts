import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffLines, unifiedDiff, type LineOp } from '../../../src/domain/covenant/index.js';

/** Length of a longest common subsequence, by the textbook dynamic programme (an independent check). */
function lcsLength(a: string[], b: string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const cur = [0];
    for (let j = 1; j <= b.length; j++) cur[j] = a[i - 1] === b[j - 1] ? (prev[j - 1] ?? 0) + 1 : Math.max(prev[j] ?? 0, cur[j - 1] ?? 0);
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

const sideA = (ops: LineOp[]) => ops.filter((o) => o.op !== '+').map((o) => o.line);
const sideB = (ops: LineOp[]) => ops.filter((o) => o.op !== '-').map((o) => o.line);

describe('diffLines (Myers)', () => {
  // Small alphabets make many repeats: the hard cases for a diff.
  const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'd', ''), { maxLength: 30 });

  it('is an edit script from a to b (property)', () => {
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const ops = diffLines(a, b);
        expect(sideA(ops)).toEqual(a);
        expect(sideB(ops)).toEqual(b);
      }),
      { numRuns: 300 },
    );
  });

  it('is a shortest one: it keeps a longest common subsequence (property)', () => {
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const kept = diffLines(a, b).filter((o) => o.op === ' ').length;
        expect(kept).toBe(lcsLength(a, b));
      }),
      { numRuns: 300 },
    );
  });

  it('handles empty sides', () => {
    expect(diffLines([], [])).toEqual([]);
    expect(diffLines([], ['x'])).toEqual([{ op: '+', line: 'x' }]);
    expect(diffLines(['x'], [])).toEqual([{ op: '-', line: 'x' }]);
  });
});

describe('unifiedDiff', () => {
  // Expected output from GNU diffutils 3.8, `diff -u a.txt b.txt` (the two header lines replaced
  // by ours, since GNU's carry file times).
  const a = '# Covenant\nparties: a, b\nthreshold: 5\nseverity: review\nline5\nline6\nline7\nline8\nline9\nline10\ntail: x\n';
  const b = '# Covenant\nparties: a, b, c\nthreshold: 3\nseverity: review\nline5\nline6\nline7\nline8\nline9\nline10\ntail: y\nadded\n';

  it('matches GNU diff -u: hunks, ranges, context, removals before additions', () => {
    expect(unifiedDiff(a, b, { from: 'v1', to: 'v2' })).toBe(
      [
        '--- v1',
        '+++ v2',
        '@@ -1,6 +1,6 @@',
        ' # Covenant',
        '-parties: a, b',
        '-threshold: 5',
        '+parties: a, b, c',
        '+threshold: 3',
        ' severity: review',
        ' line5',
        ' line6',
        '@@ -8,4 +8,5 @@',
        ' line8',
        ' line9',
        ' line10',
        '-tail: x',
        '+tail: y',
        '+added',
        '',
      ].join('\n'),
    );
  });

  it('matches GNU diff -u for a file created or emptied', () => {
    expect(unifiedDiff('', 'x\n')).toBe('--- a\n+++ b\n@@ -0,0 +1 @@\n+x\n');
    expect(unifiedDiff('x\n', '')).toBe('--- a\n+++ b\n@@ -1 +0,0 @@\n-x\n');
  });

  it('is empty for equal texts', () => {
    expect(unifiedDiff(a, a)).toBe('');
  });
});

/**
 * Line diff: Myers, "An O(ND) Difference Algorithm and Its Variations" (Algorithmica 1986), the
 * greedy forward search with a trace for backtracking, after trimming the common prefix and
 * suffix. Memory is O(D²) for D differing lines (each step keeps only the diagonals it reached),
 * time O((N+M)·D). Output is the unified format of GNU diff (`--- a`, `+++ b`, `@@ -l,s +l,s @@`).
 * Invariant (tested): applying the script to a yields b, and the script is a shortest one.
 */
export type LineOp = { op: ' ' | '-' | '+'; line: string };

export function diffLines(a: readonly string[], b: readonly string[]): LineOp[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const same = (line: string): LineOp => ({ op: ' ', line });
  return [...a.slice(0, start).map(same), ...deletionsFirst(myers(a.slice(start, endA), b.slice(start, endB))), ...a.slice(endA).map(same)];
}

/** Within each run of changed lines, removals before additions (as GNU diff prints them). */
function deletionsFirst(ops: LineOp[]): LineOp[] {
  const out: LineOp[] = [];
  let plus: LineOp[] = [];
  for (const o of ops) {
    if (o.op === '+') plus.push(o);
    else if (o.op === '-') out.push(o);
    else {
      out.push(...plus, o);
      plus = [];
    }
  }
  return [...out, ...plus];
}

/** v[k] for diagonals k in [lo, lo + xs.length). */
interface Frontier {
  lo: number;
  xs: Int32Array;
}

const at = (f: Frontier, k: number): number => f.xs[k - f.lo] ?? -1;

function myers(a: readonly string[], b: readonly string[]): LineOp[] {
  const n = a.length;
  const m = b.length;
  if (n === 0) return b.map((line) => ({ op: '+', line }));
  if (m === 0) return a.map((line) => ({ op: '-', line }));
  const trace: Frontier[] = [];
  let v: Frontier = { lo: -1, xs: Int32Array.from([0, 0, 0]) };
  for (let d = 0; d <= n + m; d++) {
    trace.push(v);
    const next: Frontier = { lo: -d - 1, xs: new Int32Array(2 * d + 3) };
    for (let k = -d; k <= d; k += 2) {
      // Move down (insert from b) from diagonal k+1, or right (delete from a) from k−1.
      let x = k === -d || (k !== d && at(v, k - 1) < at(v, k + 1)) ? at(v, k + 1) : at(v, k - 1) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next.xs[k - next.lo] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b);
    }
    v = next;
  }
  throw new Error('diffLines: no edit script found (unreachable)');
}

function backtrack(trace: Frontier[], a: readonly string[], b: readonly string[]): LineOp[] {
  const out: LineOp[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const v = trace[d] as Frontier;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(v, k - 1) < at(v, k + 1)) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(v, prevK);
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      out.push({ op: ' ', line: a[--x] as string });
      y--;
    }
    if (d > 0) {
      if (x === prevX) out.push({ op: '+', line: b[--y] as string });
      else out.push({ op: '-', line: a[--x] as string });
    }
  }
  return out.reverse();
}

export interface DiffLabels {
  from?: string;
  to?: string;
  /** unchanged lines shown around each change; default 3 */
  context?: number;
}

/** Unified diff of two texts split at "\n"; '' when they are equal. */
export function unifiedDiff(a: string, b: string, labels: DiffLabels = {}): string {
  if (a === b) return '';
  const ops = diffLines(splitLines(a), splitLines(b));
  const context = labels.context ?? 3;
  const out = [`--- ${labels.from ?? 'a'}`, `+++ ${labels.to ?? 'b'}`];
  for (const [s, e] of hunks(ops, context)) out.push(...hunk(ops, s, e));
  return `${out.join('\n')}\n`;
}

function splitLines(s: string): string[] {
  const lines = s.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** [start, end) ranges of ops: each change with `context` lines around, close ones merged. */
function hunks(ops: LineOp[], context: number): [number, number][] {
  const ranges: [number, number][] = [];
  ops.forEach((o, i) => {
    if (o.op === ' ') return;
    const s = Math.max(0, i - context);
    const e = Math.min(ops.length, i + context + 1);
    const last = ranges[ranges.length - 1];
    if (last !== undefined && s <= last[1]) last[1] = Math.max(last[1], e);
    else ranges.push([s, e]);
  });
  return ranges;
}

function hunk(ops: LineOp[], s: number, e: number): string[] {
  let lineA = 1;
  let lineB = 1;
  for (let i = 0; i < s; i++) {
    if (ops[i]?.op !== '+') lineA++;
    if (ops[i]?.op !== '-') lineB++;
  }
  const body = ops.slice(s, e);
  const countA = body.filter((o) => o.op !== '+').length;
  const countB = body.filter((o) => o.op !== '-').length;
  // GNU diff: an empty side starts at the line before it (so "-0,0" at the top of a file).
  const range = (start: number, count: number): string => (count === 1 ? `${start}` : `${count === 0 ? start - 1 : start},${count}`);
  return [`@@ -${range(lineA, countA)} +${range(lineB, countB)} @@`, ...body.map((o) => `${o.op}${o.line}`)];
}

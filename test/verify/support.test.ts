import { describe, expect, it } from 'vitest';
import { forEachLimit, prefetch } from '../../src/verify/pool.js';
import { MAX_PROBLEMS, Problems } from '../../src/verify/problems.js';

describe('prefetch', () => {
  it('yields in order with at most `window` loads in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const load = async (k: number): Promise<number> => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setImmediate(r, undefined));
      if (k % 3 === 0) await new Promise((r) => setImmediate(r, undefined)); // finish out of order
      inFlight--;
      return k * 10;
    };
    const out: number[] = [];
    for await (const v of prefetch(20, 4, load)) out.push(v);
    expect(out).toEqual(Array.from({ length: 20 }, (_, k) => k * 10));
    expect(most).toBe(4);
  });

  it('surfaces a failed load when its turn comes, with no unhandled rejection', async () => {
    const seen: number[] = [];
    const run = async (): Promise<void> => {
      for await (const v of prefetch(5, 3, async (k) => (k === 2 ? Promise.reject(new Error('boom')) : k))) seen.push(v);
    };
    await expect(run()).rejects.toThrow('boom');
    expect(seen).toEqual([0, 1]);
  });
});

describe('forEachLimit', () => {
  it('visits every item with bounded concurrency', async () => {
    let inFlight = 0;
    let most = 0;
    const done: number[] = [];
    await forEachLimit([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setImmediate(r, undefined));
      inFlight--;
      done.push(n);
    });
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });
});

describe('Problems', () => {
  it('lists at most MAX_PROBLEMS and counts the rest', () => {
    const p = new Problems();
    expect(p.done()).toEqual([]);
    for (let i = 0; i < MAX_PROBLEMS + 5; i++) p.add(`f${i}`, 'r');
    const all = p.done();
    expect(all).toHaveLength(MAX_PROBLEMS + 1);
    expect(all[MAX_PROBLEMS - 1]).toEqual({ file: `f${MAX_PROBLEMS - 1}`, reason: 'r' });
    expect(all[MAX_PROBLEMS]).toEqual({ file: '…', reason: '5 more problems not listed' });
  });
});

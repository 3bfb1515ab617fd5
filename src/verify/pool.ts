/** Bounded concurrency for reading an archive: in-order prefetch, and an unordered worker pool. */

/**
 * Yields load(0), load(1), … load(count-1) in order, keeping at most `window` loads in flight so
 * a slow network is used in parallel while memory stays bounded by the window.
 */
export async function* prefetch<T>(count: number, window: number, load: (k: number) => Promise<T>): AsyncGenerator<T> {
  const pending: Promise<T>[] = [];
  let next = 0;
  const fill = (): void => {
    while (next < count && pending.length < window) {
      const p = load(next++);
      p.catch(() => undefined); // rejections surface when awaited below, in order
      pending.push(p);
    }
  };
  fill();
  while (pending.length > 0) {
    const value = await pending.shift()!;
    fill();
    yield value;
  }
}

/** Runs work(item) for every item with at most `limit` running at once; rejects on the first failure. */
export async function forEachLimit<T>(items: Iterable<T>, limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const it = items[Symbol.iterator]();
  const worker = async (): Promise<void> => {
    for (let r = it.next(); !r.done; r = it.next()) await work(r.value);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

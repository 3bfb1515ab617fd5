/**
 * Runs checkBundle (bundle.ts) on worker threads, so that the per-entry work — leaf hashing,
 * JSON parsing, the canonical-form check — overlaps with the main thread's file reads, tree
 * hashing and tile comparisons. On a machine with one core, or where the compiled worker is
 * not there to start (running from TypeScript sources), it runs checkBundle in this thread:
 * the results are the same, only slower.
 *
 * Results come back in the order asked only per worker; callers await each bundle's promise,
 * so order is theirs to keep (verify/log.ts consumes them in index order).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { checkBundle, type BundleCheck } from './bundle.js';
import type { BundleRequest } from './bundle-worker.js';

export interface BundleChecker {
  check(bytes: Uint8Array | null, width: number): Promise<BundleCheck>;
  close(): Promise<void>;
}

const WORKER_URL = new URL('./bundle-worker.js', import.meta.url);

/**
 * Up to `threads` workers (default: one per core beyond the main thread's, at most 2 — the
 * main thread's share of the work is a little under half), running the compiled worker at
 * `worker`; in this thread when there are none.
 */
export function bundleChecker(threads = Math.min(2, availableParallelism() - 1), worker: URL = WORKER_URL): BundleChecker {
  if (threads < 1 || !existsSync(fileURLToPath(worker))) return inThread;
  return new WorkerPool(threads, worker);
}

const inThread: BundleChecker = {
  check: async (bytes, width) => checkBundle(bytes, width),
  close: async () => undefined,
};

interface Pending {
  resolve: (c: BundleCheck) => void;
  reject: (e: unknown) => void;
}

class WorkerPool implements BundleChecker {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: unknown;
  private closing = false;

  constructor(threads: number, worker: URL) {
    for (let i = 0; i < threads; i++) {
      const w = new Worker(worker);
      w.on('message', ({ id, check }: { id: number; check: BundleCheck }) => {
        const p = this.pending.get(id);
        this.pending.delete(id);
        p?.resolve(check);
      });
      // A worker that dies is a bug (checkBundle does not throw on bad input): fail everything.
      w.on('error', (err) => this.fail(err));
      w.on('exit', (code) => {
        if (!this.closing) this.fail(new Error(`bundle worker exited with code ${code}`));
      });
      this.workers.push(w);
    }
  }

  check(bytes: Uint8Array | null, width: number): Promise<BundleCheck> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Round robin: bundles cost about the same, and each worker keeps its own queue.
      const request: BundleRequest = { id, bytes, width };
      this.workers[id % this.workers.length]!.postMessage(request);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private fail(err: unknown): void {
    this.failure ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}

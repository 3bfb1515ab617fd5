import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests that share PostgreSQL or spawn the CLI manage their own isolation, so files run in
    // parallel workers: at least two, even on a 2-core machine, where Vitest's default (cores − 1)
    // is one — much of the suite waits on child processes (the CLI, servers, Chromium), and the
    // whole suite took 17 minutes with one worker.
    pool: 'forks',
    maxWorkers: Math.max(2, availableParallelism() - 1),
    setupFiles: ['test/support/fast-check-seed.ts'],
  },
});

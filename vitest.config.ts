import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests that share PostgreSQL or spawn the CLI manage their own isolation;
    // files still run in parallel workers.
    pool: 'forks',
    setupFiles: ['test/support/fast-check-seed.ts'],
  },
});

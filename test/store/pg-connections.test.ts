/**
 * PostgreSQL cutting idle pooled connections (restart, failover, pg_terminate_backend) must not
 * crash a Daylight process: the next query gets a fresh connection.
 */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { head } from '../../src/store/log.js';
import { logSkip, PG_URL, Scratch } from './backends.js';

const scratch = new Scratch();
afterAll(() => scratch.cleanup());

describe('store on postgres, connections cut by the server', () => {
  it.skipIf(logSkip('postgres'))('survives its idle connections being terminated', async () => {
    const opts = await scratch.options('postgres');
    const store = await openStore(opts);
    try {
      expect((await head(store.db)).size).toBe(0); // leaves an idle connection in the pool
      const dbName = new URL(opts.databaseUrl!).pathname.slice(1);
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      const killed = await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [dbName],
      );
      await admin.end();
      expect(killed.rowCount).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 200)); // let the pool see the termination
      expect((await head(store.db)).size).toBe(0);
    } finally {
      await store.close();
    }
  });
});

/**
 * store/open.ts and store/log.ts on SQLite and PostgreSQL: migrations, consecutive appends,
 * rollback, and roots checked against an independent RFC 6962 computation (backends.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrations } from '../../src/store/migrations.js';
import { openStore, type Store } from '../../src/store/open.js';
import { appendEntries, head, readEntries, readHashes } from '../../src/store/log.js';
import { hashLeaf } from '../../src/ledger/hash.js';
import { storedHashCount, storedHashes, storedHashIndex, treeHash } from '../../src/ledger/tree.js';
import { BACKENDS, logSkip, referenceRoot, Scratch, sha256 } from './backends.js';

const scratch = new Scratch();
afterAll(() => scratch.cleanup());

function entry(i: number, tag = 'e') {
  return { data: Buffer.from(`{"n":${i},"tag":"${tag}"}`), type: 'test', at: '2026-11-25T10:00:00.000Z' };
}

async function allEntries(store: Store): Promise<Uint8Array[]> {
  return readEntries(store.db, 0, (await head(store.db)).size);
}

describe.each(BACKENDS)('store on %s', (backend) => {
  const skip = logSkip(backend);

  it.skipIf(skip)('migrations apply once, are idempotent, and seed the empty head', async () => {
    const opts = await scratch.options(backend);
    // Two concurrent first opens: the migration lock lets exactly one apply the schema.
    const [a, b] = await Promise.all([openStore(opts), openStore(opts)]);
    await Promise.all([a.close(), b.close()]);
    const store = await openStore(opts);
    try {
      expect(store.dialect).toBe(backend);
      const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(store.db);
      // every migration of the set, each exactly once (two concurrent opens applied them once)
      const names = Object.keys(await migrations(backend).getMigrations()).sort();
      expect(names[0]).toBe('0001_initial');
      expect(applied.rows.map((r) => r.name).sort()).toEqual(names);
      const h = await head(store.db);
      expect(h.size).toBe(0);
      expect(Buffer.from(h.root)).toEqual(sha256()); // RFC 9162 §2.1.1: MTH({}) = SHA-256()
    } finally {
      await store.close();
    }
  });

  it.skipIf(skip)('appends get consecutive indexes; the root equals an independent recomputation', async () => {
    const store = await openStore(await scratch.options(backend));
    try {
      const first = await store.db.transaction().execute((trx) => appendEntries(trx, [0, 1, 2].map((i) => entry(i))));
      const second = await store.db.transaction().execute((trx) => appendEntries(trx, [3, 4].map((i) => entry(i))));
      const third = await store.db.transaction().execute(async (trx) => {
        const x = await appendEntries(trx, [entry(5)]);
        const y = await appendEntries(trx, [entry(6), entry(7)]); // twice in one transaction
        return [...x, ...y];
      });
      expect([...first, ...second, ...third].map((a) => a.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      third.forEach((a, k) => expect(Buffer.from(a.leafHash)).toEqual(Buffer.from(hashLeaf(entry(5 + k).data))));

      const entries = await allEntries(store);
      expect(entries.map((e) => Buffer.from(e).toString())).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => entry(i).data.toString()));
      const h = await head(store.db);
      expect(h.size).toBe(8);
      expect(Buffer.from(h.root)).toEqual(referenceRoot(entries));
      const count = await store.db.selectFrom('log_hash').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(storedHashCount(8));
      const [leaf3] = await readHashes(store.db, [storedHashIndex(0, 3)]);
      expect(Buffer.from(leaf3!)).toEqual(sha256(Buffer.from([0]), entry(3).data));
    } finally {
      await store.close();
    }
  });

  it.skipIf(skip)('a large batch crosses the insert chunks and still matches the reference root', async () => {
    const store = await openStore(await scratch.options(backend));
    try {
      await store.db.transaction().execute((trx) => appendEntries(trx, [entry(0, 'seed')]));
      // 20,001 entries: more rows than one multi-row insert holds (7,500 entries, 15,000 hashes).
      const batch = Array.from({ length: 20_001 }, (_, i) => entry(i, 'big'));
      const out = await store.db.transaction().execute((trx) => appendEntries(trx, batch));
      expect(out[0]!.index).toBe(1);
      expect(out.at(-1)!.index).toBe(20_001);
      const h = await head(store.db);
      expect(h.size).toBe(20_002);
      expect(Buffer.from(h.root)).toEqual(referenceRoot(await allEntries(store)));
    } finally {
      await store.close();
    }
  });

  // appendEntries computes the new stored hashes from the frontier it reads, not through
  // tree.ts storedHashes; every row must still be exactly what storedHashes gives.
  it.skipIf(skip)('every stored hash equals tree.ts storedHashes, across batches of uneven sizes', async () => {
    const store = await openStore(await scratch.options(backend));
    try {
      let n = 0;
      for (const batch of [1, 2, 5, 1, 300, 3, 700, 1]) {
        await store.db.transaction().execute((trx) => appendEntries(trx, Array.from({ length: batch }, () => entry(n++))));
      }
      const rows = await store.db.selectFrom('log_hash').select(['idx', 'hash']).orderBy('idx').execute();
      const stored = rows.map((r) => Buffer.from(r.hash as Uint8Array));
      expect(rows.map((r) => Number(r.idx))).toEqual(stored.map((_, i) => i));
      const expected: Uint8Array[] = [];
      const read = async (indexes: number[]) => indexes.map((i) => expected[i]!);
      for (let i = 0; i < n; i++) expected.push(...(await storedHashes(i, hashLeaf(entry(i).data), read)));
      expect(stored.length).toBe(expected.length);
      stored.forEach((h, i) => expect(h.equals(expected[i]!), `stored hash ${i}`).toBe(true));
      expect(Buffer.from((await head(store.db)).root)).toEqual(Buffer.from(await treeHash(n, read)));
    } finally {
      await store.close();
    }
  });

  it.skipIf(skip)('a transaction that throws after appending leaves no entry, no hash, and the old head', async () => {
    const store = await openStore(await scratch.options(backend));
    try {
      await store.db.transaction().execute((trx) => appendEntries(trx, [entry(0), entry(1), entry(2)]));
      const before = await head(store.db);
      await expect(
        store.db.transaction().execute(async (trx) => {
          await appendEntries(trx, [entry(3), entry(4)]);
          throw new Error('use case failed after append');
        }),
      ).rejects.toThrow('use case failed after append');
      const after = await head(store.db);
      expect(after.size).toBe(3);
      expect(Buffer.from(after.root)).toEqual(Buffer.from(before.root));
      const entries = await store.db.selectFrom('log_entry').select('idx').execute();
      expect(entries.map((r) => Number(r.idx)).sort()).toEqual([0, 1, 2]);
      const hashes = await store.db.selectFrom('log_hash').select('idx').execute();
      expect(hashes.length).toBe(storedHashCount(3));
      // the next append reuses index 3: no gap
      const next = await store.db.transaction().execute((trx) => appendEntries(trx, [entry(9)]));
      expect(next[0]!.index).toBe(3);
    } finally {
      await store.close();
    }
  });

  it.skipIf(skip)('refuses an entry too large for a bundle (uint16 length), writing nothing', async () => {
    const store = await openStore(await scratch.options(backend));
    try {
      const big = { data: Buffer.alloc(65_536, 0x20), type: 'test', at: '2026-11-25T10:00:00.000Z' };
      await expect(store.db.transaction().execute((trx) => appendEntries(trx, [entry(0), big]))).rejects.toThrow('65535');
      expect((await head(store.db)).size).toBe(0);
      const fits = { ...big, data: Buffer.alloc(65_535, 0x20) };
      expect((await store.db.transaction().execute((trx) => appendEntries(trx, [fits])))[0]!.index).toBe(0);
    } finally {
      await store.close();
    }
  });

  it.skipIf(skip)('no column anywhere holds an IP address, and a session row holds only its five fields', async () => {
    const store = await openStore(await scratch.options(backend));
    try {
      const columns =
        backend === 'sqlite'
          ? (
              await sql<{ tbl: string; name: string }>`
                select m.name as tbl, p.name as name from sqlite_master m, pragma_table_info(m.name) p
                where m.type = 'table'`.execute(store.db)
            ).rows
          : (
              await sql<{ tbl: string; name: string }>`
                select table_name as tbl, column_name as name from information_schema.columns
                where table_schema = 'public'`.execute(store.db)
            ).rows;
      expect(columns.length).toBeGreaterThan(30);
      expect(columns.filter((c) => /(^|_)ip($|_)|addr|agent|remote|forwarded/i.test(c.name))).toEqual([]);
      expect(columns.filter((c) => c.tbl === 'session').map((c) => c.name).sort()).toEqual(
        ['account_id', 'created_at', 'csrf_token', 'expires_at', 'id_hash'],
      );
    } finally {
      await store.close();
    }
  });
});

/**
 * The ledger's rows: entries, stored hashes (Go tlog layout, ledger/tree.ts) and the head.
 *
 * appendEntries must run inside a transaction. Its first statement writes log_head
 * (UPDATE … RETURNING), which on PostgreSQL takes the row lock that every other appender waits
 * for (as SELECT … FOR UPDATE would, in one round trip) and on SQLite takes the database write
 * lock before anything is read. Appenders therefore serialize here: indexes are consecutive,
 * never duplicated, and a rolled-back transaction leaves no entry, no hash and the old head.
 *
 * Invariants after every commit, with n = log_head.size:
 *   log_entry holds exactly the indexes 0..n-1
 *   log_hash holds exactly storedHashCount(n) hashes, indexes 0..storedHashCount(n)-1
 *   log_head.root = treeHash(n)
 */
import { CompiledQuery, PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import { hashLeaf, type Hash } from '../ledger/hash.js';
import { storedHashes, storedHashIndex, treeHash, type HashReader } from '../ledger/tree.js';
import { MAX_ENTRY_SIZE } from '../ledger/tile.js';

export interface NewEntry {
  data: Uint8Array;
  type: string;
  at: string;
}

export interface AppendedEntry {
  index: number;
  leafHash: Hash;
}

export interface Head {
  size: number;
  root: Hash;
}

/** Bound parameters per statement, below SQLite's 32766 and PostgreSQL's 65535. */
const MAX_PARAMS = 30_000;
/**
 * Rows per multi-row insert: a power of two, so that any count splits into full chunks and then
 * the binary digits of the remainder (999 = 512 + 256 + … + 1). Each insert's SQL text is then
 * one of a few fixed strings per table, built once and sent as raw compiled SQL, and the SQLite
 * statement cache (store/open.ts) reuses its prepared statement: per row, the work is binding
 * values, not building and parsing queries. 1024 rows × 4 columns stays far below both limits.
 */
const ROWS_PER_INSERT = 1024;

/** A database integer as a safe JavaScript number (int8 may arrive as string or bigint). */
export function toIndex(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' || typeof value === 'bigint' ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`stored index ${String(value)} is not a safe non-negative integer`);
  return n;
}

function bytes(value: unknown): Uint8Array {
  if (!(value instanceof Uint8Array)) throw new Error('stored blob is not bytes');
  return value;
}

export async function appendEntries(trx: Transaction<Database>, entries: NewEntry[]): Promise<AppendedEntry[]> {
  if (entries.length === 0) return [];
  // An entry bundle codes each length as uint16 (tlog-tiles): a larger entry could never be served.
  const tooLarge = entries.find((e) => e.data.length > MAX_ENTRY_SIZE);
  if (tooLarge !== undefined) throw new Error(`a ${tooLarge.type} record of ${tooLarge.data.length} bytes exceeds the ${MAX_ENTRY_SIZE}-byte entry limit`);
  const start = await lockHead(trx);
  const known = new Map<number, Hash>();
  const read = batchReader(trx, known);
  await read(frontierIndexes(start)); // the only hashes older than this batch that it can need

  const hashRows: { idx: number; hash: Hash }[] = [];
  const appended: AppendedEntry[] = [];
  for (let k = 0; k < entries.length; k++) {
    const n = start + k;
    const hashes = await storedHashes(n, hashLeaf(entries[k]!.data), read);
    // storedHashes(n) are the hashes at indexes storedHashIndex(0, n), +1, +2, …
    const base = storedHashIndex(0, n);
    hashes.forEach((hash, j) => {
      known.set(base + j, hash);
      hashRows.push({ idx: base + j, hash });
    });
    appended.push({ index: n, leafHash: hashes[0]! });
  }
  const size = start + entries.length;
  const root = await treeHash(size, read);

  const postgres = trx.getExecutor().adapter instanceof PostgresAdapter;
  const entryValues = entries.map((e, k) => [start + k, e.data, e.type, e.at]);
  await insertRows(trx, postgres, 'log_entry', ['idx', 'data', 'type', 'at'], entryValues);
  await insertRows(trx, postgres, 'log_hash', ['idx', 'hash'], hashRows.map((r) => [r.idx, r.hash]));
  await trx.updateTable('log_head').set({ size, root }).where('id', '=', 1).execute();
  return appended;
}

const insertSql = new Map<string, string>();

/** `insert into <table> (<columns>) values (…), (…)` for `rows` rows, with the dialect's placeholders. */
function insertStatement(postgres: boolean, table: string, columns: string[], rows: number): string {
  const key = `${postgres}:${table}:${rows}`;
  let text = insertSql.get(key);
  if (text === undefined) {
    let p = 0;
    const tuple = () => '(' + columns.map(() => (postgres ? `$${++p}` : '?')).join(', ') + ')';
    const tuples = Array.from({ length: rows }, tuple).join(', ');
    text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${tuples}`;
    insertSql.set(key, text);
  }
  return text;
}

async function insertRows(
  trx: Transaction<Database>,
  postgres: boolean,
  table: 'log_entry' | 'log_hash',
  columns: string[],
  rows: unknown[][],
): Promise<void> {
  for (let at = 0; at < rows.length; ) {
    const left = rows.length - at;
    let n = ROWS_PER_INSERT;
    while (n > left) n /= 2; // the largest power of two that fits: at most log₂ 1024 + 1 sizes
    const params: unknown[] = [];
    for (let i = at; i < at + n; i++) for (const v of rows[i]!) params.push(v);
    await trx.executeQuery(CompiledQuery.raw(insertStatement(postgres, table, columns, n), params));
    at += n;
  }
}

/** Locks the head row for the rest of the transaction and returns the current size. */
async function lockHead(trx: Transaction<Database>): Promise<number> {
  const row = await trx
    .updateTable('log_head')
    .set({ size: sql`size` })
    .where('id', '=', 1)
    .returning('size')
    .executeTakeFirst();
  if (row === undefined) throw new Error('log_head row is missing: the database was not migrated');
  return toIndex(row.size);
}

/**
 * The stored-hash indexes of the maximal complete subtrees of a tree of size n (its "frontier"):
 * for each level l with bit l of n set, the subtree at level l numbered floor(n / 2^l) - 1.
 * Appending leaves after n combines new hashes only with these (or with each other).
 */
function frontierIndexes(n: number): number[] {
  const out: number[] = [];
  for (let level = 0, m = n; m > 0; level++, m = Math.floor(m / 2)) {
    if (m % 2 === 1) out.push(storedHashIndex(level, m - 1));
  }
  return out;
}

/** A HashReader answering from `known` first; what is missing comes from log_hash in one query. */
function batchReader(db: Kysely<Database>, known: Map<number, Hash>): HashReader {
  return async (indexes) => {
    const missing = indexes.filter((i) => !known.has(i));
    if (missing.length > 0) {
      const found = await readHashes(db, missing);
      missing.forEach((i, j) => known.set(i, found[j]!));
    }
    return indexes.map((i) => known.get(i)!);
  };
}

/** Stored hashes by index, in the order asked. A missing hash is a broken invariant. */
export async function readHashes(db: Kysely<Database>, indexes: number[]): Promise<Hash[]> {
  const unique = [...new Set(indexes)];
  const byIndex = new Map<number, Hash>();
  for (const chunk of chunks(unique, MAX_PARAMS)) {
    const rows = await db.selectFrom('log_hash').select(['idx', 'hash']).where('idx', 'in', chunk).execute();
    for (const r of rows) byIndex.set(toIndex(r.idx), bytes(r.hash));
  }
  return indexes.map((i) => {
    const h = byIndex.get(i);
    if (h === undefined) throw new Error(`stored hash ${i} is missing from log_hash`);
    return h;
  });
}

/** The data of entries start..end-1, in order. */
export async function readEntries(db: Kysely<Database>, start: number, end: number): Promise<Uint8Array[]> {
  if (end <= start) return [];
  const rows = await db
    .selectFrom('log_entry')
    .select(['idx', 'data'])
    .where('idx', '>=', start)
    .where('idx', '<', end)
    .orderBy('idx')
    .execute();
  if (rows.length !== end - start || rows.some((r, k) => toIndex(r.idx) !== start + k)) {
    throw new Error(`log entries ${start}..${end - 1} are not all present`);
  }
  return rows.map((r) => bytes(r.data));
}

/** The committed tree head. */
export async function head(db: Kysely<Database>): Promise<Head> {
  const row = await db.selectFrom('log_head').select(['size', 'root']).where('id', '=', 1).executeTakeFirst();
  if (row === undefined) throw new Error('log_head row is missing: the database was not migrated');
  return { size: toIndex(row.size), root: bytes(row.root) };
}

/** A HashReader over committed stored hashes. */
export function hashReader(db: Kysely<Database>): HashReader {
  return (indexes) => readHashes(db, indexes);
}

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  const step = Math.max(1, Math.floor(size));
  for (let i = 0; i < items.length; i += step) yield items.slice(i, i + step);
}

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
import { hashChildren, hashLeaf, type Hash } from '../ledger/hash.js';
import { storedHashIndex, type HashReader } from '../ledger/tree.js';
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
  const frontier = await readFrontier(trx, start);

  // Rows as flat parameter lists, in insert order: (idx, data, type, at) and (idx, hash).
  const entryParams: unknown[] = [];
  const hashParams: unknown[] = [];
  const appended: AppendedEntry[] = [];
  // Leaf n's hashes are stored at storedHashIndex(0, n), +1, +2, … (tree.ts storedHashes), and
  // leaf n + 1's right after them.
  let next = storedHashIndex(0, start);
  for (let k = 0; k < entries.length; k++) {
    const n = start + k;
    const e = entries[k]!;
    const leaf = hashLeaf(e.data);
    entryParams.push(n, e.data, e.type, e.at);
    hashParams.push(next++, leaf);
    // Leaf n completes one subtree per trailing 1 bit of n; the left half of the one at level l
    // is frontier[l] (storedHashes reads the same hashes back from the database).
    let h = leaf;
    let level = 0;
    for (let m = n; m % 2 === 1; m = (m - 1) / 2) {
      h = hashChildren(frontier[level]!, h);
      frontier[level] = undefined;
      level++;
      hashParams.push(next++, h);
    }
    frontier[level] = h;
    appended.push({ index: n, leafHash: leaf });
  }
  const size = start + entries.length;
  const root = rootOf(frontier);

  const postgres = trx.getExecutor().adapter instanceof PostgresAdapter;
  await insertRows(trx, postgres, 'log_entry', ['idx', 'data', 'type', 'at'], entryParams);
  await insertRows(trx, postgres, 'log_hash', ['idx', 'hash'], hashParams);
  await trx.updateTable('log_head').set({ size, root }).where('id', '=', 1).execute();
  return appended;
}

/**
 * The frontier of the tree of size n, read in one query: frontier[l] is the hash of its complete
 * 2^l-leaf subtree for each set bit l of n (the subtree numbered ⌊n/2^l⌋ − 1 at level l), and
 * undefined for the clear bits. Appending after n combines new hashes only with these.
 */
async function readFrontier(db: Kysely<Database>, n: number): Promise<(Hash | undefined)[]> {
  const levels: number[] = [];
  const indexes: number[] = [];
  for (let level = 0, m = n; m > 0; level++, m = Math.floor(m / 2)) {
    if (m % 2 === 1) {
      levels.push(level);
      indexes.push(storedHashIndex(level, m - 1));
    }
  }
  const hashes = indexes.length === 0 ? [] : await readHashes(db, indexes);
  const frontier: (Hash | undefined)[] = [];
  levels.forEach((level, i) => (frontier[level] = hashes[i]));
  return frontier;
}

/** RFC 6962 MTH from a frontier: H(1 ‖ f[h₁] ‖ H(1 ‖ f[h₂] ‖ … f[hₖ])) for its levels h₁ > … > hₖ. */
function rootOf(frontier: (Hash | undefined)[]): Hash {
  let root: Hash | undefined;
  for (const h of frontier) if (h !== undefined) root = root === undefined ? h : hashChildren(h, root);
  if (root === undefined) throw new Error('tlog: empty frontier after an append');
  return root;
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
  params: unknown[],
): Promise<void> {
  const width = columns.length;
  const rows = params.length / width;
  for (let at = 0; at < rows; ) {
    let n = ROWS_PER_INSERT;
    while (n > rows - at) n /= 2; // the largest power of two that fits: at most log₂ 1024 + 1 sizes
    const chunk = n === rows ? params : params.slice(at * width, (at + n) * width);
    await trx.executeQuery(CompiledQuery.raw(insertStatement(postgres, table, columns, n), chunk));
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
/**
 * How many times this process has committed entries: a sign, without a query, that the log may
 * have grown. Other processes writing to the same database are not counted; a reader who keeps
 * something per tree size re-reads the head now and then for them.
 */
let growth = 0;
export function logGrowth(): number {
  return growth;
}
/** Called after a transaction that appended has committed (services/unit-of-work.ts). */
export function noteLogGrowth(): void {
  growth++;
}

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

/**
 * Opening the store: embedded SQLite by default, PostgreSQL when the URL says so.
 * Migrations run on every open (store/migrations.ts).
 *
 * Trust: the database is not trusted by readers of the archive — anyone who can modify it can at
 * most make the instance publish a history that verifiers reject (checkpoints are signed with a
 * key the database does not hold, and a mirror refuses a checkpoint inconsistent with its own).
 *
 * SQLite: <dataDir>/daylight.sqlite, WAL, synchronous=FULL (an acknowledged append survives power
 * loss; WAL makes that one fsync per commit), busy_timeout 10 s, foreign keys on.
 * PostgreSQL: a pg Pool; int8 is parsed to a Number only when it is a safe integer.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import type { Database } from './schema.js';
import { migrations, type Dialect } from './migrations.js';

export interface StoreOptions {
  dataDir: string;
  /** postgres://… or postgresql://… for PostgreSQL; otherwise SQLite in dataDir */
  databaseUrl?: string;
}

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

export const SQLITE_FILE = 'daylight.sqlite';
/** An arbitrary constant shared by every Daylight process: serializes migrations on PostgreSQL. */
const MIGRATION_LOCK_KEY = 0x6461796c; // "dayl"
const PG_INT8_OID = 20;

export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//.test(url);
}

export async function openStore(opts: StoreOptions): Promise<Store> {
  if (opts.databaseUrl !== undefined && opts.databaseUrl !== '' && !isPostgresUrl(opts.databaseUrl)) {
    throw new Error(
      `unsupported database URL scheme: use postgres://… or postgresql://…, or leave it unset for SQLite`,
    );
  }
  return isPostgresUrl(opts.databaseUrl) ? openPostgres(opts.databaseUrl) : openSqlite(opts.dataDir);
}

/**
 * Opens of one SQLite file within this process, chained. better-sqlite3 is synchronous: a second
 * connection waiting for the write lock would block the very thread the first one needs to
 * finish its migration. (Across processes busy_timeout does the waiting.) For the same reason a
 * process should hold one Store per SQLite file.
 */
const sqliteOpens = new Map<string, Promise<unknown>>();

async function openSqlite(dataDir: string): Promise<Store> {
  const file = resolve(dataDir, SQLITE_FILE);
  const previous = sqliteOpens.get(file) ?? Promise.resolve();
  const opening = previous.catch(() => undefined).then(() => openSqliteNow(dataDir, file));
  sqliteOpens.set(file, opening);
  try {
    return await opening;
  } finally {
    if (sqliteOpens.get(file) === opening) sqliteOpens.delete(file);
  }
}

async function openSqliteNow(dataDir: string, file: string): Promise<Store> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const sqlite = new BetterSqlite3(file);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('busy_timeout = 10000');
    sqlite.pragma('foreign_keys = ON');
    // What is deleted or overwritten is zeroed in the file, not left in free pages: a redaction
    // (services/redact.ts) must not survive in a copy of the database taken later.
    sqlite.pragma('secure_delete = ON');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    // Kysely runs SQLite migrations outside a transaction; wrap them in one taken with the write
    // lock first, so two processes opening a fresh file serialize and a crash leaves no half schema.
    sqlite.exec('BEGIN IMMEDIATE');
    try {
      await migrate(db, 'sqlite');
      sqlite.exec('COMMIT');
    } catch (e) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      throw e;
    }
    return { db, dialect: 'sqlite', close: () => db.destroy() };
  } catch (e) {
    if (sqlite.open) sqlite.close();
    throw e;
  }
}

/**
 * Kysely's SQLite driver prepares every query anew; this keeps the last prepared statements by
 * SQL text. Safe because the driver runs one query at a time on the one connection (its mutex).
 */
function withStatementCache(sqlite: BetterSqlite3.Database, capacity = 256): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let stmt = cache.get(text);
      if (stmt !== undefined) {
        cache.delete(text); // re-insert: Map order is least recently used first
      } else {
        stmt = sqlite.prepare(text);
        if (cache.size >= capacity) cache.delete(cache.keys().next().value!);
      }
      cache.set(text, stmt);
      return stmt;
    },
  };
}

function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new Error(`int8 value ${text} is beyond JavaScript's safe integers`);
  return n;
}

async function openPostgres(url: string): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === PG_INT8_OID && format !== 'binary'
          ? parseInt8
          : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle pooled connection can be cut by the server (restart, failover, an admin's
  // pg_terminate_backend). node-postgres then emits 'error' on the pool, which would crash the
  // process; the pool has already dropped that client, and the next query opens a fresh one.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    // A session-level advisory lock on one client, held while the migrator works on others:
    // concurrent first opens from several processes apply each migration exactly once.
    const client = await pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      try {
        await migrate(db, 'postgres');
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      }
    } finally {
      client.release();
    }
    return { db, dialect: 'postgres', close: () => db.destroy() };
  } catch (e) {
    await db.destroy();
    throw e;
  }
}

async function migrate(db: Kysely<Database>, dialect: Dialect): Promise<void> {
  const migrator = new Migrator({ db, provider: migrations(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${String(error)}`, { cause: error });
  }
}

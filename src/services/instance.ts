/**
 * Creating and opening an instance: data directory, database, log key.
 *
 *   <dataDir>/log.key   the checkpoint signer key (Go note format), mode 0600, never served
 *   instance row        origin and verifier key, so every process on one database agrees
 *
 * Fail closed: init refuses over an existing key file or instance row; open refuses a key file
 * whose verifier key is not the database's (a wrong key would sign a fork of someone's log).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Ctx } from './context.js';
import { UserError } from './context.js';
import { openStore, type Store } from '../store/open.js';
import { generateKey, parseSignerKey, verifierKeyOf } from '../ledger/note.js';
import { signCheckpoint } from './unit-of-work.js';

export interface InstanceOptions {
  dataDir: string;
  /** postgres://… to use PostgreSQL; otherwise SQLite in dataDir */
  databaseUrl?: string;
  now?: () => Date;
}

export const DEFAULT_ORIGIN = 'localhost/daylight';
export const KEY_FILE = 'log.key';

/**
 * A log origin is a note key name (C2SP signed-note): non-empty, no whitespace, no "+".
 * tlog-checkpoint recommends a schema-less URL, such as example.org/daylight.
 */
function checkOrigin(origin: string): void {
  if (!/^[\x21-\x7e]{1,255}$/.test(origin) || origin.includes('+')) {
    throw new UserError(
      `origin "${origin}" is not usable: give a host and path such as example.org/daylight (printable ASCII, no spaces or "+")`,
    );
  }
}

function storeOptions(opts: InstanceOptions) {
  return opts.databaseUrl ? { dataDir: opts.dataDir, databaseUrl: opts.databaseUrl } : { dataDir: opts.dataDir };
}

/** Creates dataDir, database and log key. Refuses (UserError 'conflict') over an existing instance. */
export async function initInstance(
  opts: InstanceOptions & { origin?: string },
): Promise<{ origin: string; verifierKey: string }> {
  const origin = opts.origin ?? DEFAULT_ORIGIN;
  checkOrigin(origin);
  const keyFile = join(opts.dataDir, KEY_FILE);
  if (existsSync(keyFile)) {
    throw new UserError(`${keyFile} already exists: this data directory holds an instance; refusing to overwrite its key`, 'conflict');
  }
  await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
  const store = await openStore(storeOptions(opts));
  try {
    if ((await instanceRow(store)) !== undefined) {
      throw new UserError('the database already holds an instance: refusing to create a second log key for it', 'conflict');
    }
    const { signerKey, verifierKey } = generateKey(origin);
    await writeKeyFile(keyFile, signerKey);
    try {
      const now = (opts.now ?? (() => new Date()))();
      await store.db
        .insertInto('instance')
        .values({ id: 1, origin, verifier_key: verifierKey, created_at: now.toISOString() })
        .execute();
    } catch (e) {
      // Another process created the instance row first: our key signs nothing, remove it.
      await rm(keyFile, { force: true });
      if ((await instanceRow(store)) !== undefined) {
        throw new UserError('the database already holds an instance: refusing to create a second log key for it', 'conflict');
      }
      throw e;
    }
    const ctx = makeCtx(store, opts, origin, verifierKey, signerKey);
    await signCheckpoint(ctx); // the empty tree's checkpoint, so a fresh archive verifies
    return { origin, verifierKey };
  } finally {
    await store.close();
  }
}

/** Writes the key to a temporary file (mode 0600, exclusive) and renames it into place. */
async function writeKeyFile(keyFile: string, signerKey: string): Promise<void> {
  const tmp = `${keyFile}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  const fh = await open(tmp, 'wx', 0o600);
  try {
    await fh.writeFile(signerKey + '\n');
    await fh.sync();
  } finally {
    await fh.close();
  }
  if (existsSync(keyFile)) {
    await rm(tmp, { force: true });
    throw new UserError(`${keyFile} already exists: refusing to overwrite it`, 'conflict');
  }
  await rename(tmp, keyFile);
}

async function instanceRow(store: Store) {
  return store.db.selectFrom('instance').select(['origin', 'verifier_key']).where('id', '=', 1).executeTakeFirst();
}

/** True when dataDir (and database) already hold an instance. */
export async function isInitialized(opts: InstanceOptions): Promise<boolean> {
  if (!existsSync(join(opts.dataDir, KEY_FILE))) return false;
  const store = await openStore(storeOptions(opts));
  try {
    return (await instanceRow(store)) !== undefined;
  } finally {
    await store.close();
  }
}

function notInitialized(dataDir: string): UserError {
  return new UserError(`no Daylight instance in ${dataDir}: run \`daylight init\` first`, 'not_found');
}

/** Opens an initialized instance; UserError naming `daylight init` when there is none. */
export async function openInstance(opts: InstanceOptions): Promise<Ctx & { close(): Promise<void> }> {
  const keyFile = join(opts.dataDir, KEY_FILE);
  if (!existsSync(keyFile)) throw notInitialized(opts.dataDir);
  const signerKey = (await readFile(keyFile, 'utf8')).trim();
  const store = await openStore(storeOptions(opts));
  try {
    const row = await instanceRow(store);
    if (row === undefined) throw notInitialized(opts.dataDir);
    let verifierKey: string;
    try {
      verifierKey = verifierKeyOf(signerKey);
    } catch {
      throw new UserError(`${keyFile} is not a valid log key: restore it from your backup`);
    }
    if (verifierKey !== row.verifier_key) {
      throw new UserError(
        `${keyFile} does not match this database's verifier key ${row.verifier_key}: wrong key file for this database`,
        'conflict',
      );
    }
    const ctx = makeCtx(store, opts, row.origin, row.verifier_key, signerKey);
    await signCheckpoint(ctx); // a crash between commit and signing left the head unsigned
    return ctx;
  } catch (e) {
    await store.close();
    throw e;
  }
}

function makeCtx(
  store: Store,
  opts: InstanceOptions,
  origin: string,
  verifierKey: string,
  signerKey: string,
): Ctx & { close(): Promise<void> } {
  return Object.freeze({
    db: store.db,
    dialect: store.dialect,
    logSigner: parseSignerKey(signerKey),
    origin,
    verifierKey,
    dataDir: opts.dataDir,
    now: opts.now ?? (() => new Date()),
    close: () => store.close(),
  });
}

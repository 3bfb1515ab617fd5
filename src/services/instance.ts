/** Creating and opening an instance: data directory, database, log key. */
import type { Ctx } from './context.js';

export interface InstanceOptions {
  dataDir: string;
  /** postgres://… to use PostgreSQL; otherwise SQLite in dataDir */
  databaseUrl?: string;
  now?: () => Date;
}

/** Creates dataDir, database and log key. Refuses (UserError 'conflict') over an existing instance. */
export declare function initInstance(
  opts: InstanceOptions & { origin?: string },
): Promise<{ origin: string; verifierKey: string }>;
/** True when dataDir (and database) already hold an instance. */
export declare function isInitialized(opts: InstanceOptions): Promise<boolean>;
/** Opens an initialized instance; UserError naming `daylight init` when there is none. */
export declare function openInstance(opts: InstanceOptions): Promise<Ctx & { close(): Promise<void> }>;

/** Where the instance lives: --data DIR (or DAYLIGHT_DATA), and DATABASE_URL for PostgreSQL. */
import path from 'node:path';
import type { InstanceOptions } from '../services/instance.js';
import { openInstance } from '../services/instance.js';
import type { Ctx } from '../services/context.js';
import { UsageError } from './errors.js';

export interface GlobalOptions {
  data?: string;
  databaseUrl?: string;
}

export function instanceOptions(g: GlobalOptions): InstanceOptions {
  const dataDir = path.resolve(g.data ?? process.env.DAYLIGHT_DATA ?? './daylight-data');
  const databaseUrl = g.databaseUrl ?? process.env.DATABASE_URL;
  if (databaseUrl !== undefined && databaseUrl !== '' && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new UsageError('DATABASE_URL must be a postgres:// URL (leave it unset for SQLite in the data directory)');
  }
  return databaseUrl ? { dataDir, databaseUrl } : { dataDir };
}

/** Opens the instance for one command and always closes it. */
export async function withInstance<T>(g: GlobalOptions, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  const ctx = await openInstance(instanceOptions(g));
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

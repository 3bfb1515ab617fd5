/**
 * The whole state an instance could change: the row count of every table and the log's size and
 * root. Two equal snapshots around a refused request show that nothing changed.
 */
import { sql } from 'kysely';
import type { Ctx } from '../../src/services/context.js';
import { head } from '../../src/store/log.js';

export interface Snapshot {
  rows: Record<string, number>;
  log: { size: number; root: string };
  /** the newest checkpoint's size */
  checkpoint: number;
}

export async function snapshot(ctx: Pick<Ctx, 'db' | 'dialect'>): Promise<Snapshot> {
  const tables =
    ctx.dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name`.execute(ctx.db)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_name not like 'kysely_%' order by table_name`.execute(ctx.db);
  const rows: Record<string, number> = {};
  for (const { name } of tables.rows) {
    const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(name)}`.execute(ctx.db);
    rows[name] = Number(r.rows[0]!.n);
  }
  const h = await head(ctx.db);
  const cp = await ctx.db.selectFrom('checkpoint').select((eb) => eb.fn.max('size').as('s')).executeTakeFirst();
  return { rows, log: { size: h.size, root: Buffer.from(h.root).toString('hex') }, checkpoint: Number(cp?.s ?? 0) };
}

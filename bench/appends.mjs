// Durable appends through the real use-case path (unitOfWork: one transaction, then a signed
// checkpoint), on SQLite and, when BENCH_DATABASE_URL or TEST_DATABASE_URL is set, PostgreSQL.
import path from 'node:path';
import pg from 'pg';
import { initInstance, openInstance } from '../dist/services/instance.js';
import { unitOfWork } from '../dist/services/unit-of-work.js';
import { statementRecord } from '../dist/domain/public.js';

const BATCH = 1000;

function records(n, offset) {
  const at = new Date('2026-11-25T00:00:00Z');
  return Array.from({ length: n }, (_, i) =>
    statementRecord(at, { sha256: (offset + i).toString(16).padStart(64, '0'), mediaType: 'text/plain', size: 1 }),
  );
}

async function measure(opts, total) {
  await initInstance({ ...opts, origin: 'bench.example/appends' });
  const ctx = await openInstance(opts);
  try {
    const t = performance.now();
    for (let done = 0; done < total; done += BATCH) {
      await unitOfWork(ctx, (_trx, append) => append(records(BATCH, done)));
    }
    const perSecond = (total / (performance.now() - t)) * 1000;
    const singles = 200;
    const lat = [];
    for (let i = 0; i < singles; i++) {
      const s = performance.now();
      await unitOfWork(ctx, (_trx, append) => append(records(1, total + i)));
      lat.push(performance.now() - s);
    }
    lat.sort((a, b) => a - b);
    return {
      batch: BATCH,
      records: total,
      perSecond,
      singles,
      singleMedianMs: lat[Math.floor(singles / 2)],
      singleP99Ms: lat[Math.floor(singles * 0.99)],
    };
  } finally {
    await ctx.close();
  }
}

export async function benchAppends(work) {
  const out = {};
  out.SQLite = await measure({ dataDir: path.join(work, 'sqlite') }, 200_000);
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!url) {
    out.PostgreSQL = { skipped: 'set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a postgres:// URL' };
    return out;
  }
  const name = `daylight_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const u = new URL(url);
    u.pathname = `/${name}`;
    out.PostgreSQL = await measure({ dataDir: path.join(work, 'pg'), databaseUrl: u.toString() }, 50_000);
  } finally {
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  }
  return out;
}

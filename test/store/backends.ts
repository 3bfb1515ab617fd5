/**
 * The same data-layer tests on SQLite and PostgreSQL. PostgreSQL runs when TEST_DATABASE_URL is
 * set; each instance gets its own freshly created database, dropped at cleanup.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export type BackendName = 'sqlite' | 'postgres';
export const PG_URL = process.env.TEST_DATABASE_URL;
export const BACKENDS: BackendName[] = ['sqlite', 'postgres'];

export function skipReason(backend: BackendName): string | null {
  return backend === 'postgres' && !PG_URL ? 'PostgreSQL tests skipped: TEST_DATABASE_URL is not set' : null;
}

export function logSkip(backend: BackendName): boolean {
  const reason = skipReason(backend);
  if (reason !== null) console.log(reason);
  return reason !== null;
}

export const FIXED_NOW = new Date('2026-11-25T10:00:00.000Z');

/** Temporary directories and PostgreSQL databases, removed by cleanup(). */
export class Scratch {
  private dirs: string[] = [];
  private databases: string[] = [];

  dir(): string {
    const d = mkdtempSync(path.join(tmpdir(), 'daylight-test-'));
    this.dirs.push(d);
    return d;
  }

  /** A fresh, empty PostgreSQL database; returns its URL. */
  async database(): Promise<string> {
    if (!PG_URL) throw new Error('TEST_DATABASE_URL is not set');
    const name = `daylight_t_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    this.databases.push(name);
    const u = new URL(PG_URL);
    u.pathname = `/${name}`;
    return u.toString();
  }

  /** dataDir (inside a fresh temporary directory) and, on PostgreSQL, a fresh database URL. */
  async options(backend: BackendName): Promise<{ dataDir: string; databaseUrl?: string }> {
    const dataDir = path.join(this.dir(), 'data');
    return backend === 'postgres' ? { dataDir, databaseUrl: await this.database() } : { dataDir };
  }

  async cleanup(): Promise<void> {
    for (const d of this.dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    if (this.databases.length === 0) return;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    try {
      for (const name of this.databases.splice(0)) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }
}

/**
 * RFC 6962 §2.1 Merkle tree hash, written here from the RFC with node:crypto alone, so the
 * ledger's incremental stored-hash arithmetic is checked against an independent computation:
 *   MTH({}) = SHA-256(), MTH({d0}) = SHA-256(0x00 ‖ d0),
 *   MTH(D[n]) = SHA-256(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n])), k the largest power of two < n.
 */
export function referenceRoot(entries: Uint8Array[]): Buffer {
  const leaves = entries.map((d) => sha256(Buffer.from([0]), d));
  const mth = (lo: number, hi: number): Buffer => {
    if (hi - lo === 1) return leaves[lo]!;
    let k = 1;
    while (k * 2 < hi - lo) k *= 2;
    return sha256(Buffer.from([1]), mth(lo, lo + k), mth(lo + k, hi));
  };
  return entries.length === 0 ? sha256() : mth(0, entries.length);
}

export function sha256(...parts: Uint8Array[]): Buffer {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

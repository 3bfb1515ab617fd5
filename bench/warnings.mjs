// Early warnings at scale (issue 5): every threshold of a 200-party alliance under the starter
// covenant (10 indicators, 12 tests incl. a change over 2 cycles, 4 benchmarks), with 10 years
// of monthly observations per indicator per party (240,000 observations). Target: under 1 s.
//
//   pure      evaluateCovenant + evaluateBenchmarks for every party, from memory (the domain)
//   from db   the same through services/observations.ts readParty: the observations read from
//             SQLite, then evaluated — what the scheduler does for each party, minus the writes
//             (no test trips with these values, so a tick would write nothing either)
//
// The alliance is written straight into the store, as bench/audit.mjs does (200 parties).
// Standalone: npm run build && node bench/warnings.mjs
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { initInstance, openInstance } from '../dist/services/instance.js';
import { readParty, cyclesAround } from '../dist/services/observations.js';
import { findAlliance } from '../dist/services/alliances.js';
import { starterCovenant } from '../dist/domain/covenant/template.js';
import { evaluateBenchmarks, evaluateCovenant } from '../dist/domain/warning/index.js';

const PARTIES = 200;
const MONTHS = 120;
const RUNS = 5;
const NOW = new Date('2036-11-25T10:00:00.000Z');
const START = Date.UTC(2026, 11, 1);
const LOCAL = { kind: 'local' };

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
}

const iso = (ms) => new Date(ms).toISOString().slice(0, 10);

/** Ten years of monthly values that keep every test quiet (the scheduler's common case). */
function series(month) {
  const at = iso(Date.UTC(2026, 11 + month, 1));
  return {
    'days-since-assembly': { at, value: iso(Date.UTC(2026, 11 + month, 1) - 20 * 86_400_000) },
    'members-sanctioned-for-dissent': { at, value: '0' },
    'former-comrades-imprisoned': { at, value: '0' },
    'executive-authority-holders': { at, value: String(5 + (month % 3)) },
    'largest-undisclosed-transaction': { at, value: `${1000 + month}.50`, currency: 'EUR' },
    'accounts-published': { at, value: true },
    'spending-itemized': { at, value: '0.95' },
    'discrimination-allegations': { at, value: '0' },
    'abuse-allegations': { at, value: '0' },
    'civilian-abuse-allegations': { at, value: '0' },
  };
}

export async function benchWarnings(dir) {
  const slugs = Array.from({ length: PARTIES }, (_, i) => `org-${String(i).padStart(3, '0')}`);
  const covenant = { ...starterCovenant({ parties: slugs.slice(0, 3) }), parties: slugs };
  const perParty = {};
  for (let m = 0; m < MONTHS; m++) for (const [id, o] of Object.entries(series(m))) (perParty[id] ??= []).push(o);
  const cycles = cyclesAround(covenant, NOW);

  // pure: the same observations for each party (the work does not depend on whose they are)
  const pure = [];
  let tests = 0;
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.hrtime.bigint();
    tests = 0;
    for (let p = 0; p < PARTIES; p++) {
      const input = { covenant, observations: perParty, now: NOW, cycles };
      const e = evaluateCovenant(input);
      evaluateBenchmarks(input);
      tests += e.length;
      if (e.some((x) => x.evaluation.tripped)) throw new Error(`bench data trips a test: ${e.find((x) => x.evaluation.tripped).evaluation.reason}`);
    }
    pure.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }

  // from db
  const dataDir = mkdtempSync(path.join(dir ?? os.tmpdir(), 'daylight-bench-warnings-'));
  const opts = { dataDir, now: () => NOW };
  await initInstance({ ...opts, origin: 'bench.example/daylight' });
  const ctx = await openInstance(opts);
  const fromDb = [];
  try {
    const AT = NOW.toISOString();
    const orgs = await ctx.db
      .insertInto('organization')
      .values(slugs.map((slug) => ({ slug, name: slug, created_at: AT, country: 'AR', languages: '["es"]', time_zone: 'UTC', description: '' })))
      .returning(['id', 'slug'])
      .execute();
    const alliance = await ctx.db.insertInto('alliance').values({ slug: 'big', name: 'Big alliance', status: 'active', created_at: AT }).returning('id').executeTakeFirstOrThrow();
    const allianceId = Number(alliance.id);
    await ctx.db.insertInto('alliance_party').values(orgs.map((o) => ({ alliance_id: allianceId, organization_id: Number(o.id), standing: 'good', joined_at: AT, left_at: null }))).execute();
    const rows = [];
    for (const o of orgs)
      for (const [indicator, list] of Object.entries(perParty))
        for (const x of list)
          rows.push({ alliance_id: allianceId, organization_id: Number(o.id), indicator, observed_at: x.at, value: String(x.value), currency: x.currency ?? null, source: 'bench', evidence: '', evidence_public: 0, via: 'cli', recorded_at: AT, record_index: null });
    await ctx.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 2000) await trx.insertInto('observation').values(rows.slice(i, i + 2000)).execute();
    });
    const a = await findAlliance(ctx.db, 'big');
    for (let r = 0; r < RUNS; r++) {
      const t0 = process.hrtime.bigint();
      for (const o of orgs) {
        const e = await readParty(ctx.db, a, covenant, { id: Number(o.id), slug: o.slug }, NOW);
        if (e.tests.some((x) => x.evaluation.tripped)) throw new Error('bench data trips a test');
      }
      fromDb.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const results = {
      parties: PARTIES,
      months: MONTHS,
      observations: rows.length,
      testsPerParty: tests / PARTIES,
      pureMs: { first: pure[0], median: median(pure) },
      fromDbMs: { first: fromDb[0], median: median(fromDb) },
    };
    return {
      results,
      rows: [
        [`every threshold of a ${PARTIES}-party alliance, ${MONTHS} monthly observations × 10 indicators each (${rows.length.toLocaleString('en')}), in memory: first / median of ${RUNS}`, `${(pure[0] / 1000).toFixed(2)} s / ${(median(pure) / 1000).toFixed(2)} s`],
        [`the same, read from SQLite and evaluated party by party: first / median of ${RUNS}`, `${(fromDb[0] / 1000).toFixed(2)} s / ${(median(fromDb) / 1000).toFixed(2)} s`],
      ],
    };
  } finally {
    await ctx.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await benchWarnings();
  console.log(JSON.stringify(r.results, null, 2));
  for (const [k, v] of r.rows) console.log(`| ${k} | ${v} |`);
}

// Audits at scale (issue 4): opening a cycle for a 200-party alliance — assignments (rotating,
// k = 2: 400 scorecards), 200 triads drawn by RFC 3797 lot from 8 members each, rotation state,
// 202 records — in one transaction, target under 2 s; and one scorecard PDF rendered warm,
// target under 500 ms; and one scorecard finalized end to end (compute, render JSON/HTML/PDF,
// store, record), warm. SQLite always; PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL
// is set.
//
// The alliance is written straight into the store: the covenant schema and createAlliance cap an
// alliance at 100 parties (domain/covenant/schema.ts LIMITS.parties, services/alliances.ts), while
// issue 4 asks that audits work for 200. openCycle reads only the ratified body's audit section
// and the alliance_party rows, so this is the state a 200-party alliance would be in.
// Standalone: npm run build && node bench/audit.mjs   (or call benchAudit() from bench/run.mjs)
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { initInstance, openInstance } from '../dist/services/instance.js';
import { openCycle } from '../dist/services/cycles.js';
import { finalizeScorecard, rateScorecard } from '../dist/services/scorecards.js';
import { canonicalBytes } from '../dist/ledger/jcs.js';
import { starterCovenant } from '../dist/domain/covenant/template.js';
import { cycleNumbered } from '../dist/domain/audit/index.js';
import { computeScorecard, DEFAULT_DIMENSIONS } from '../dist/domain/audit/scorecard.js';
import { renderScorecardPdf } from '../dist/render/scorecard.js';
import { pdfPageCount } from '../dist/render/pdf-info.js';

const PARTIES = 200;
const MEMBERS = 8;
const CYCLES = 5;
const RENDERS = 20;
const FINALIZES = 5;
const LOCAL = { kind: 'local' };
const AT = '2026-11-25T10:00:00.000Z';

const NOTE = 'The assembly met twice this cycle and published its minutes within a week; the treasurer resigned and a rotating committee of three now signs off on expenses above the agreed amount (%n).';

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
}

/** 200 organizations with 8 members each (2 officeholders), one alliance, a ratified covenant. */
async function seed(ctx) {
  const slugs = Array.from({ length: PARTIES }, (_, i) => `org-${String(i).padStart(3, '0')}`);
  const orgs = await ctx.db
    .insertInto('organization')
    .values(slugs.map((slug) => ({ slug, name: slug, created_at: AT, country: 'AR', languages: '["es"]', time_zone: 'UTC', description: '' })))
    .returning(['id', 'slug'])
    .execute();
  const ids = orgs.map((o) => Number(o.id));
  const members = ids.flatMap((id) =>
    Array.from({ length: MEMBERS }, (_, k) => ({ organization_id: id, pseudonym: `m${k}`, real_name: `Real Name ${id}-${k}`, contact: `${id}.${k}@example.org`, officeholder: k < 2 ? 1 : 0, triad_eligible: 1, created_at: AT })),
  );
  for (let i = 0; i < members.length; i += 500) await ctx.db.insertInto('member').values(members.slice(i, i + 500)).execute();
  const alliance = await ctx.db.insertInto('alliance').values({ slug: 'big', name: 'Big alliance', status: 'active', created_at: AT }).returning('id').executeTakeFirstOrThrow();
  const allianceId = Number(alliance.id);
  await ctx.db.insertInto('alliance_party').values(ids.map((id) => ({ alliance_id: allianceId, organization_id: id, standing: 'good', joined_at: AT, left_at: null }))).execute();
  const body = { ...starterCovenant({ parties: slugs.slice(0, 3) }), parties: slugs };
  const text = Buffer.from(canonicalBytes(body)).toString('utf8');
  await ctx.db
    .insertInto('covenant_version')
    .values({
      alliance_id: allianceId,
      number: 1,
      status: 'ratified',
      author_organization_id: ids[0],
      rationale: 'bench',
      based_on: null,
      body: text,
      sha256: createHash('sha256').update(text).digest('hex'),
      created_at: AT,
      proposed_at: AT,
      ratified_at: AT,
      superseded_at: null,
      superseded_by: null,
    })
    .execute();
  return body.audit.rhythm;
}

async function measure(opts) {
  await initInstance({ ...opts, origin: 'bench.example/audit' });
  const ctx = await openInstance(opts);
  try {
    const rhythm = await seed(ctx);
    const first = cycleNumbered(rhythm, 1285).n;
    const times = [];
    let cycle;
    for (let i = 0; i < CYCLES; i++) {
      const at = cycleNumbered(rhythm, first + i).start;
      const t = performance.now();
      cycle = await openCycle(ctx, LOCAL, { alliance: 'big', at, sources: ['9 18 26 34 41 45'] });
      times.push(performance.now() - t);
    }
    if (cycle.triads.length !== PARTIES || cycle.assignments.length !== 2 * PARTIES) throw new Error('unexpected cycle shape');
    const finalize = [];
    for (const a of cycle.assignments.slice(0, FINALIZES)) {
      const triad = cycle.triads.find((t) => t.party === a.reviewer).members;
      for (const [i, as] of triad.entries()) {
        const ratings = DEFAULT_DIMENSIONS.map((d, j) => ({ dimension: d, score: (i + j) % 5, note: NOTE.replace('%n', `${i}-${j}`), evidence: ['ref'] }));
        await rateScorecard(ctx, LOCAL, { alliance: 'big', cycle: cycle.n, ...a, as, ratings });
      }
      const t = performance.now();
      await finalizeScorecard(ctx, LOCAL, { alliance: 'big', cycle: cycle.n, ...a, as: triad[0] });
      finalize.push(performance.now() - t);
    }
    return { parties: PARTIES, membersPerParty: MEMBERS, scorecards: cycle.assignments.length, firstOpenMs: times[0], medianOpenMs: median(times), cycles: CYCLES, medianFinalizeMs: median(finalize) };
  } finally {
    await ctx.close();
  }
}

function card(n) {
  const raters = ['alba', 'bruno', 'chen'];
  return computeScorecard({
    alliance: 'big',
    rhythm: 'lunar',
    cycle: { n: 1285, start: '2026-11-20T06:47:00Z', end: '2026-12-20T01:43:00Z' },
    reviewer: 'org-001',
    reviewee: 'org-002',
    lang: 'en',
    dimensions: DEFAULT_DIMENSIONS.map((id) => ({ id, title: id })),
    triad: raters,
    ratings: raters.flatMap((rater, i) => DEFAULT_DIMENSIONS.map((dimension, j) => ({ rater, dimension, score: (i + j) % 5, note: NOTE.replace('%n', `${n}-${i}-${j}`) }))),
    previous: { cycle: 1284, reviewer: 'org-001', dimensions: DEFAULT_DIMENSIONS.map((id) => ({ id, median: 2 })) },
    indicators: [],
  });
}

async function renders() {
  const t0 = performance.now();
  const pdf = await renderScorecardPdf(card(0));
  const firstMs = performance.now() - t0;
  const warm = [];
  for (let i = 1; i <= RENDERS; i++) {
    const t = performance.now();
    await renderScorecardPdf(card(i));
    warm.push(performance.now() - t);
  }
  return { pages: pdfPageCount(pdf), firstMs, warmMs: median(warm) };
}

export async function benchAudit(work = mkdtempSync(path.join(os.tmpdir(), 'daylight-bench-audit-'))) {
  const results = { render: await renders(), SQLite: await measure({ dataDir: path.join(work, 'audit-sqlite') }) };
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (url) {
    const name = `daylight_bench_audit_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      const u = new URL(url);
      u.pathname = `/${name}`;
      results.PostgreSQL = await measure({ dataDir: path.join(work, 'audit-pg'), databaseUrl: u.toString() });
    } finally {
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    }
  } else {
    results.PostgreSQL = { skipped: 'set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a postgres:// URL' };
  }
  const r = results.render;
  const rows = [[`scorecard PDF (${r.pages} pages), warm, new text each time (median of ${RENDERS}; target < 500 ms)`, `${r.warmMs.toFixed(1)} ms`]];
  for (const db of ['SQLite', 'PostgreSQL']) {
    const m = results[db];
    if (m.skipped) {
      rows.push([`open a 200-party cycle on ${db}`, `skipped: ${m.skipped}`]);
      continue;
    }
    rows.push([`open a cycle on ${db}: ${m.parties} parties, ${m.parties} triads, ${m.scorecards} scorecards, ${m.parties + 2} records (median of ${m.cycles}; target < 2 s)`, `${(m.medianOpenMs / 1000).toFixed(2)} s`]);
    rows.push([`finalize one scorecard on ${db} (compute, JSON/HTML/PDF, store, record), warm, median`, `${m.medianFinalizeMs.toFixed(0)} ms`]);
  }
  return { results, rows };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const work = mkdtempSync(path.join(os.tmpdir(), 'daylight-bench-audit-'));
  try {
    const { results, rows } = await benchAudit(work);
    for (const [what, figure] of rows) console.log(`| ${what} | ${figure} |`);
    console.log(JSON.stringify(results));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// npm run bench: Daylight's figures beside their peers, measured in one run on one machine.
// Results are printed as Markdown for docs/benchmarks.md and written to bench/results.json.
// Sizes can be lowered for a quick look: BENCH_ENTRIES=100000 npm run bench
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildArchive } from './build-archive.mjs';
import { benchProofs } from './proofs.mjs';
import { benchAppends } from './appends.mjs';
import { benchPdf } from './pdf.mjs';
import { benchAudit } from './audit.mjs';
import { benchWarnings } from './warnings.mjs';
import { benchLoad } from './load.mjs';
import { benchPages } from './pages.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const N = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
const work = mkdtempSync(path.join(os.tmpdir(), 'daylight-bench-'));
const results = { machine: machine(), entries: N };
const rows = [];

function machine() {
  const cpu = os.cpus()[0]?.model ?? 'unknown';
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node.js ${process.version}, ${os.type()} ${os.release()}`;
}

function haveGo() {
  return spawnSync('go', ['version']).status === 0;
}

// 1. Verify an N-entry archive end to end, as a user runs it.
{
  const dir = path.join(work, 'archive');
  let t = performance.now();
  const vkey = buildArchive(dir, N);
  results.buildSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const r = spawnSync(process.execPath, [path.join(here, 'rss.mjs'), 'verify', dir, '--key', vkey, '--json'], {
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  const seconds = (performance.now() - t) / 1000;
  const report = JSON.parse(r.stdout);
  if (!report.ok) throw new Error(`verify failed: ${r.stdout.slice(0, 500)}`);
  const rssMb = Number(/maxrss_kb=(\d+)/.exec(r.stderr)[1]) / 1024;
  results.verify = { seconds, rssMb };
  rows.push([`daylight verify, ${N.toLocaleString('en')} entries (process wall time)`, `${seconds.toFixed(2)} s`]);
  rows.push(['  peak RSS of that process', `${rssMb.toFixed(0)} MB`]);
}

// 2. Go x/mod tlog building the same-size tree in memory, and the hardware's SHA-256 limit.
if (haveGo()) {
  const bin = path.join(work, 'gotree');
  execFileSync('go', ['build', '-o', bin, path.join(here, 'go/tree.go')], {
    env: { ...process.env, GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOCACHE: path.join(work, 'gocache') },
  });
  const [secs] = execFileSync(bin, [String(N)], { encoding: 'utf8' }).trim().split(' ');
  results.goTreeSeconds = Number(secs);
  rows.push([`Go x/mod 0.7.0 tlog, building the ${N.toLocaleString('en')}-leaf tree (in memory)`, `${Number(secs).toFixed(2)} s`]);
  rows.push(['  ratio daylight verify / Go tree build', `${(results.verify.seconds / results.goTreeSeconds).toFixed(2)}×`]);
} else {
  rows.push(['Go x/mod tlog', 'skipped: go not installed']);
}
{
  const out = spawnSync('openssl', ['speed', '-seconds', '2', '-bytes', '64', 'sha256'], { encoding: 'utf8' }).stdout;
  const m = /sha256\s+([\d.]+)k/.exec(out ?? '');
  if (m) {
    const perSec = (Number(m[1]) * 1000) / 64;
    results.opensslSha256PerSecond64B = perSec;
    // a verify must compute at least 2 hashes per entry (leaf + interior)
    rows.push([`openssl speed sha256, 64-byte blocks (2 hashes per entry ⇒ floor for ${N.toLocaleString('en')} entries)`,
      `${(perSec / 1e6).toFixed(2)} M hashes/s ⇒ ${((2 * N) / perSec).toFixed(2)} s`]);
  }
}

// 3. Inclusion proofs against @sigstore/verify's RFC 6962 code on the same proofs.
{
  const p = await benchProofs();
  results.proofs = p;
  rows.push([`inclusion-proof checks, daylight (${p.count.toLocaleString('en')} proofs, tree of ${p.treeSize.toLocaleString('en')})`, `${Math.round(p.daylightPerSecond).toLocaleString('en')} /s`]);
  rows.push(['inclusion-proof checks, @sigstore/verify 3.1.0 (same proofs)', `${Math.round(p.sigstorePerSecond).toLocaleString('en')} /s`]);
  rows.push(['  ratio', `${(p.daylightPerSecond / p.sigstorePerSecond).toFixed(2)}×`]);
}

// 4. Durable appends: batches, and one record at a time.
{
  const a = await benchAppends(work);
  results.appends = a;
  for (const [db, r] of Object.entries(a)) {
    if (r.skipped) {
      rows.push([`appends on ${db}`, `skipped: ${r.skipped}`]);
      continue;
    }
    rows.push([`durable appends on ${db}, batches of ${r.batch} (${r.records.toLocaleString('en')} records)`, `${Math.round(r.perSecond).toLocaleString('en')} records/s`]);
    rows.push([`one-record append on ${db}, median / p99 (${r.singles} appends)`, `${r.singleMedianMs.toFixed(2)} ms / ${r.singleP99Ms.toFixed(2)} ms`]);
  }
}

// 5. PDF rendering (scorecards and covenants), warm.
{
  const p = await benchPdf();
  results.pdf = p.results ?? p;
  for (const row of p.rows ?? []) rows.push(row);
}

// 6. Audits: opening a 200-party cycle, finalizing a scorecard.
{
  const a = await benchAudit(path.join(work, 'audit'));
  results.audit = a.results;
  for (const row of a.rows) rows.push(row);
}

// 7. Early warnings: every threshold of a 200-party alliance over 10 years of monthly observations.
{
  const w = await benchWarnings(work);
  results.warnings = w.results;
  for (const row of w.rows) rows.push(row);
}

// 8. Page weights: every page of the demo, HTML + CSS as sent gzip-compressed (target ≤ 30 KB).
{
  const p = await benchPages(work);
  results.pages = p.results;
  for (const row of p.rows) rows.push(row);
}

// 8. HTTP load: the demo's public scorecard page against a bare Hono hello-world, and the server's RSS.
{
  const l = await benchLoad();
  results.load = l.results;
  for (const row of l.rows) rows.push(row);
}

rmSync(work, { recursive: true, force: true });
writeFileSync(path.join(here, 'results.json'), JSON.stringify(results, null, 2) + '\n');
console.log(`\nMachine: ${results.machine}\n`);
console.log('| measure | result |\n|---|---|');
for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);

// Load (issue 6, Must show): the public scorecard page of `daylight serve --demo` against a bare
// Hono hello-world on @hono/node-server, with autocannon, same duration and connections, in the
// same run, both on 127.0.0.1 only. Targets: requests/s of the scorecard page at least 50% of the
// hello-world's; p99 latency at 100 concurrent connections at most 50 ms; the server's resident
// memory (VmRSS from /proc/<pid>/status sampled through the load, and its high-water mark
// VmHWM) under 200 MB.
//
// Both servers run as child processes, so the load generator in this process never shares their
// event loop; on a 2-core machine it does share the CPU, the same way for both.
// Standalone: npm run build && node bench/load.mjs   (or call benchLoad() from bench/run.mjs)
// Each server first takes BENCH_LOAD_WARM_SECONDS (5) of the same load, not measured.
// Shorter: BENCH_LOAD_SECONDS=5 node bench/load.mjs; BENCH_LOAD_DEMO=DIR reuses a demo data directory
// already loaded by an earlier `daylight serve --demo --data DIR` (skips the minute of loading).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 20);
/** Load before measuring, the same for both servers: V8 compiles the hot path and sizes its heap. */
const WARM_SECONDS = Number(process.env.BENCH_LOAD_WARM_SECONDS ?? 5);
const CONNECTIONS = 100;
const HOST = '127.0.0.1';
/** The node flags on the `daylight` command's first line (#!/usr/bin/env -S node …). */
const DAYLIGHT_NODE_FLAGS = /^#!\/usr\/bin\/env -S node(.*)$/m.exec(readFileSync(path.join(root, 'src/cli/main.ts'), 'utf8'))?.[1]?.trim().split(/\s+/).filter(Boolean) ?? [];

const HELLO = `
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
const app = new Hono();
app.get('/', (c) => c.text('Hello Hono!'));
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' }, () => console.error('listening'));
`;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, HOST, () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Spawns a server and resolves once its stderr has printed `ready`. */
function start(args, env, ready, timeoutMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`server did not start in ${timeoutMs / 1000} s: ${err.slice(-500)}`));
    }, timeoutMs);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => {
      err += d;
      if (ready.test(err)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${err.slice(-500)}`));
    });
  });
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** VmRSS (now) or VmHWM (the peak since the process started) of a process, in MB. */
function rssMb(pid, field = 'VmRSS') {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** autocannon for SECONDS at CONNECTIONS, sampling the server's RSS every 100 ms. */
async function load(url, pid, headers = {}) {
  const samples = [];
  const timer = setInterval(() => samples.push(rssMb(pid)), 100);
  const r = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  clearInterval(timer);
  samples.push(rssMb(pid));
  const ok = r['2xx'];
  if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0) {
    throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts out of ${ok + r.non2xx}`);
  }
  return {
    requestsPerSecond: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    requests: ok,
    bytesPerRequest: r.throughput.total / Math.max(1, ok),
    rssMaxMb: Math.max(...samples.filter(Number.isFinite)),
  };
}

/** A few requests that must succeed, then WARM_SECONDS of the same load, not measured. */
async function warm(url, headers = {}) {
  for (let i = 0; i < 20; i++) {
    const res = await fetch(url, { headers });
    if (!res.ok) throw new Error(`${url}: ${res.status}`);
    await res.arrayBuffer();
  }
  if (WARM_SECONDS > 0) await autocannon({ url, connections: CONNECTIONS, duration: WARM_SECONDS, headers });
}

export async function benchLoad() {
  const work = mkdtempSync(path.join(os.tmpdir(), 'daylight-load-'));
  const children = [];
  try {
    // (b) the demo, loaded into a fresh data directory (about a minute), then the scorecard page.
    const demoPort = await freePort();
    const dataDir = process.env.BENCH_LOAD_DEMO ?? path.join(work, 'demo');
    const demo = await start(
      // as `npm start` and the `daylight` command run it: with the young generation of src/cli/main.ts's first line
      [...DAYLIGHT_NODE_FLAGS, path.join(root, 'dist/cli/main.js'), 'serve', '--demo', '--data', dataDir, '--port', String(demoPort), '--host', HOST],
      {},
      /Daylight is serving on/,
      600_000,
    );
    children.push(demo);
    const base = `http://${HOST}:${demoPort}`;
    const cycles = await (await fetch(`${base}/alliances/demo/cycles`)).text();
    const id = /href="\/scorecards\/([^"?#/]+)"/.exec(cycles)?.[1];
    if (!id) throw new Error('no published scorecard linked from /alliances/demo/cycles');
    const scorecardUrl = `${base}/scorecards/${id}`;

    const helloPort = await freePort();
    const hello = await start(['--input-type=module', '-e', HELLO], { PORT: String(helloPort) }, /listening/, 30_000);
    children.push(hello);
    const helloUrl = `http://${HOST}:${helloPort}/`;

    // as every browser asks for it (gzip; 3 KB on the wire), then as a client that takes no encoding (11 KB)
    const GZIP = { 'accept-encoding': 'gzip, deflate, br' };
    await warm(helloUrl);
    await warm(scorecardUrl, GZIP);
    const loadBefore = os.loadavg()[0];
    const a = await load(helloUrl, hello.pid);
    const b = await load(scorecardUrl, demo.pid, GZIP);
    const c = await load(scorecardUrl, demo.pid);
    const loadAfter = os.loadavg()[0];
    const ratio = b.requestsPerSecond / a.requestsPerSecond;
    // the high-water mark covers everything since the server started: warm-up and both loads too
    const rssMaxMb = Math.max(b.rssMaxMb, c.rssMaxMb, rssMb(demo.pid, 'VmHWM'));
    const results = {
      seconds: SECONDS,
      warmSeconds: WARM_SECONDS,
      connections: CONNECTIONS,
      scorecardPath: `/scorecards/${id}`,
      hello: a,
      scorecard: b,
      scorecardPlain: c,
      ratio,
      ratioPlain: c.requestsPerSecond / a.requestsPerSecond,
      rssMaxMb,
      loadAverage1m: { before: loadBefore, after: loadAfter },
    };
    const rows = [
      [`HTTP load, bare Hono hello-world (@hono/node-server), ${CONNECTIONS} connections, ${SECONDS} s`, `${Math.round(a.requestsPerSecond).toLocaleString('en')} req/s, p99 ${a.p99Ms} ms`],
      [`HTTP load, public scorecard page of \`daylight serve --demo\`, gzip as browsers ask (${Math.round(b.bytesPerRequest).toLocaleString('en')} bytes a response), same`, `${Math.round(b.requestsPerSecond).toLocaleString('en')} req/s, p99 ${b.p99Ms} ms`],
      ['  ratio scorecard / hello-world (target ≥ 50%)', `${(ratio * 100).toFixed(0)}%`],
      [`  p99 latency of the scorecard page at ${CONNECTIONS} connections (target ≤ 50 ms)`, `${b.p99Ms} ms`],
      [`HTTP load, the same page to a client that takes no encoding (${Math.round(c.bytesPerRequest).toLocaleString('en')} bytes), same`, `${Math.round(c.requestsPerSecond).toLocaleString('en')} req/s (${((c.requestsPerSecond / a.requestsPerSecond) * 100).toFixed(0)}%), p99 ${c.p99Ms} ms`],
      ['  peak RSS of `daylight serve --demo` (VmHWM: since it started, warm-up and both loads included; target < 200 MB)', `${rssMaxMb.toFixed(0)} MB`],
      ['  1-minute load average before / after', `${loadBefore.toFixed(2)} / ${loadAfter.toFixed(2)}`],
    ];
    return { results, rows };
  } finally {
    for (const child of children) await stop(child);
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { results, rows } = await benchLoad();
  console.log(JSON.stringify(results, null, 2));
  console.log('| measure | result |\n|---|---|');
  for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
}

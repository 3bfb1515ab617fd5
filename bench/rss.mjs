// Runs the daylight CLI in this process and reports its peak resident set size on exit,
// so the benchmark measures the real command: node bench/rss.mjs <cli args...>
process.on('exit', () => {
  process.stderr.write(`\nmaxrss_kb=${process.resourceUsage().maxRSS}\n`);
});
process.argv.splice(1, 1, new URL('../dist/cli/main.js', import.meta.url).pathname);
await import('../dist/cli/main.js');

#!/usr/bin/env -S node --max-semi-space-size=2
/**
 * Entry point: run the program, map every error to one line and an exit code.
 *
 * The young generation is kept at 2 MB a semi-space (V8's default grows to 16): a server under
 * thousands of requests a second otherwise lets garbage pile up to over 200 MB resident; with
 * it, 165 MB at the same rate and no measurable loss of throughput (docs/benchmarks.md). V8
 * reads the flag only at start, so it is on this line, and `npm start` passes it too.
 */
import { CommanderError } from 'commander';
import { buildProgram } from './program.js';
import { exitCodeFor } from './errors.js';

async function main(argv: string[]): Promise<void> {
  try {
    await (await buildProgram(argv)).parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version exit 0; commander already printed its one-line message for usage errors
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    const { code, message } = exitCodeFor(err);
    if (message) process.stderr.write(`daylight: ${message}\n`);
    if (process.env.DAYLIGHT_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exitCode = code;
  }
}

await main(process.argv);

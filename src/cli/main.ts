#!/usr/bin/env node
/** Entry point: run the program, map every error to one line and an exit code. */
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

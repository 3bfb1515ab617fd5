/**
 * daylight draw: run or re-run a public lottery (RFC 3797) from its announced sources and a pool
 * file (one name per line, in pool order; blank lines ignored), without a database (issue 4 §3).
 * Prints the key string and the names in the order drawn, or with --json an array of
 * {"position","name"}. Bad sources, pool or count: one line, exit 2.
 */
import type { Command } from 'commander';
import { AuditInputError, draw, keyString } from '../../domain/audit/index.js';
import { UsageError } from '../errors.js';
import { collect, printJson, readInput, utf8 } from '../io.js';

interface DrawOptions {
  source?: string[];
  pool: string;
  select: string;
  json?: boolean;
}

export function registerDraw(program: Command): void {
  program
    .command('draw')
    .description('draw names by public lot (RFC 3797) from published random sources')
    .option('--source <value>', 'a published random value, repeatable, in the announced order (e.g. "9 18 26 34 41 45")', collect)
    .requiredOption('--pool <file>', 'names, one per line, in pool order ("-" for standard input)')
    .requiredOption('--select <k>', 'how many names to draw')
    .option('--json', 'print a JSON array of {"position","name"} in the order drawn')
    .action(async (opts: DrawOptions) => {
      if (!opts.source || opts.source.length === 0) throw new UsageError('no --source given: name the published random values the draw uses');
      if (!/^[1-9][0-9]*$/.test(opts.select) || !Number.isSafeInteger(Number(opts.select))) {
        throw new UsageError(`--select must be a whole number of at least 1, got "${opts.select}"`);
      }
      const pool = utf8(await readInput(opts.pool), opts.pool)
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '');
      const sources = opts.source;
      const drawn = usage(() => draw({ sources, pool, select: Number(opts.select) }));
      if (opts.json) return printJson(drawn);
      const width = String(drawn.length).length;
      process.stdout.write(`key ${keyString(sources)}\n`);
      for (const d of drawn) process.stdout.write(`${String(d.position).padStart(width)}  ${d.name}\n`);
    });
}

function usage<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof AuditInputError) throw new UsageError(err.message);
    throw err;
  }
}

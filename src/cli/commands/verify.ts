/** daylight verify: anyone, on any machine, against a directory or a URL. */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { verifyArchive } from '../../verify/verify.js';
import { formatReport, progressBar } from '../../verify/format.js';
import { parseVerifierKey } from '../../ledger/note.js';
import { printJson, utf8 } from '../io.js';
import { Failed, UsageError } from '../errors.js';
import { collect } from '../io.js';

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .argument('<source>', 'archive directory or http(s) URL')
    .option('--key <vkey>', 'verifier key to trust, repeatable (default: the archive’s own log.vkey)', collect)
    .option('--since <file>', 'an older signed checkpoint the archive must extend')
    .option('--json', 'print the report as JSON')
    .description('recompute every tile and the root, check signatures and documents; exit 0 only if all verifies')
    .action(async (source: string, opts: { key?: string[]; since?: string; json?: boolean }) => {
      for (const k of opts.key ?? []) {
        try {
          parseVerifierKey(k);
        } catch (err) {
          throw new UsageError(`--key ${k}: ${(err as Error).message}`);
        }
      }
      if (/^[a-z][a-z0-9+.-]*:/i.test(source) && !/^https?:\/\//i.test(source)) {
        throw new UsageError(`${source}: only directories and http(s) URLs can be verified`);
      }
      const since = opts.since ? utf8(await readFile(opts.since), opts.since) : undefined;
      const tty = process.stderr.isTTY && !opts.json;
      const report = await verifyArchive({
        source,
        ...(opts.key ? { keys: opts.key } : {}),
        ...(since !== undefined ? { since } : {}),
        ...(tty ? { onProgress: (d: number, t: number) => process.stderr.write(progressBar(d, t)) } : {}),
      });
      if (tty) process.stderr.write('\n');
      if (opts.json) printJson(report);
      else process.stdout.write(formatReport(report));
      if (!report.ok) throw new Failed();
    });
}

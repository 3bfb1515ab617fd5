/** statement publish, proof, redact, archive export: the public archive from the command line. */
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { publishStatements } from '../../services/statements.js';
import { inclusionProof } from '../../services/proof.js';
import { redactDocument } from '../../services/redact.js';
import { exportArchive } from '../../publish/export.js';
import { REDACTION_REASONS, type RedactionReason } from '../../domain/public.js';
import { withInstance, type GlobalOptions } from '../instance-options.js';
import { parseIndex, printJson, MAX_INPUT_BYTES } from '../io.js';
import { UsageError } from '../errors.js';
import { mediaTypeOf } from '../media-type.js';

export function registerArchive(program: Command): void {
  const statement = program.command('statement').description('archive public statements');
  statement
    .command('publish')
    .argument('<files...>', 'documents to publish (each stored by SHA-256 and recorded)')
    .option('--json', 'print JSON')
    .description('store each document, append its record, print index and hash')
    .action(async (files: string[], opts: { json?: boolean }, cmd: Command) => {
      const docs = await Promise.all(
        files.map(async (f) => {
          const body = await readFile(f);
          if (body.length > MAX_INPUT_BYTES) throw new UsageError(`${f}: larger than 64 MiB`);
          return { name: path.basename(f), mediaType: mediaTypeOf(f), body };
        }),
      );
      const results = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => publishStatements(ctx, docs));
      if (opts.json) return printJson(results.map((r, i) => ({ file: files[i], ...r })));
      results.forEach((r, i) => process.stdout.write(`${r.index} ${r.sha256} ${files[i]}\n`));
    });

  program
    .command('proof')
    .argument('<index>', 'record index')
    .option('--json', 'print JSON')
    .description('print an inclusion proof of a record against the latest checkpoint')
    .action(async (index: string, opts: { json?: boolean }, cmd: Command) => {
      const n = parseIndex(index, 'INDEX');
      const p = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => inclusionProof(ctx, n));
      if (opts.json) return printJson(p);
      process.stdout.write(
        `index ${p.index}\ntree size ${p.treeSize}\nleaf hash ${p.leafHash}\n` +
          p.proof.map((h) => `proof ${h}\n`).join('') +
          `\n${p.checkpoint}`,
      );
    });

  program
    .command('redact')
    .argument('<sha256>', 'hex SHA-256 of the document')
    .requiredOption('--reason <reason>', `why: ${REDACTION_REASONS.join('|')}`)
    .description('remove a document that endangers someone; the redaction record stays public forever')
    .action(async (sha256: string, opts: { reason: string }, cmd: Command) => {
      if (!/^[0-9a-f]{64}$/.test(sha256)) throw new UsageError('SHA256 must be 64 lowercase hex digits');
      if (!(REDACTION_REASONS as readonly string[]).includes(opts.reason)) {
        throw new UsageError(`--reason must be one of ${REDACTION_REASONS.join(', ')}`);
      }
      const r = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) =>
        redactDocument(ctx, { kind: 'local' }, sha256, opts.reason as RedactionReason),
      );
      process.stdout.write(`redacted ${sha256} (${opts.reason}); record ${r.index}\n`);
    });

  const archive = program.command('archive').description('the public archive as static files');
  archive
    .command('export')
    .argument('<dir>', 'directory to write (created if needed)')
    .option('--no-pages', 'write the archive tree only: no human pages (site/) and no open-data ZIP')
    .option('--archive-url <url>', 'where the export will be served, for the verify command on its archive page')
    .option('--json', 'print JSON')
    .description('write the archive tree, the human pages (site/) and the open-data ZIP; a second export writes only what is new')
    .action(async (dir: string, opts: { json?: boolean; pages: boolean; archiveUrl?: string }, cmd: Command) => {
      const r = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) =>
        exportArchive(ctx, dir, { pages: opts.pages, ...(opts.archiveUrl === undefined ? {} : { archiveUrl: opts.archiveUrl }) }),
      );
      if (opts.json) return printJson(r);
      process.stdout.write(
        `exported tree size ${r.size} to ${dir}: ${r.written} written, ${r.unchanged} unchanged, ${r.removed} removed\n`,
      );
    });
}

/** note sign / note verify: so a delegate can sign offline, on another machine. */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { openNote, parseSignerKey, parseVerifierKey, signNote, NoteError, type Verifier } from '../../ledger/note.js';
import { readInput, utf8 } from '../io.js';
import { Failed, UsageError } from '../errors.js';
import { collect } from '../io.js';

export function registerNote(program: Command): void {
  const note = program.command('note').description('sign and verify C2SP signed notes');

  note
    .command('sign')
    .argument('[file]', 'note text or an already signed note (default: standard input)')
    .requiredOption('--key <file>', 'signer key file (PRIVATE+KEY+…)')
    .description('print the signed note; a signed note gets one more signature line')
    .action(async (file: string | undefined, opts: { key: string }) => {
      const signer = parseSignerKey(utf8(await readFile(opts.key), opts.key).trim());
      const text = utf8(await readInput(file), file ?? 'standard input');
      process.stdout.write(signNote(text, [signer]));
    });

  note
    .command('verify')
    .argument('[file]', 'signed note (default: standard input)')
    .requiredOption('--key <vkey>', 'verifier key (name+id+key); repeat for several', collect)
    .description('exit 0 when a signature by one of the keys verifies, 1 otherwise')
    .action(async (file: string | undefined, opts: { key: string[] }) => {
      const verifiers: Verifier[] = opts.key.map((k) => {
        try {
          return parseVerifierKey(k);
        } catch (err) {
          throw new UsageError(`--key ${k}: ${(err as Error).message}`);
        }
      });
      const data = await readInput(file);
      try {
        const opened = openNote(data, verifiers);
        for (const s of opened.verified) process.stderr.write(`verified: ${s.name}\n`);
      } catch (err) {
        if (err instanceof NoteError) throw new Failed(err.message);
        throw err;
      }
    });
}

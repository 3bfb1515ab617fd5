/** init, keygen: creating an instance and delegates' signing keys. */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { generateKey } from '../../ledger/note.js';
import { initInstance } from '../../services/instance.js';
import { instanceOptions, type GlobalOptions } from '../instance-options.js';
import { UsageError } from '../errors.js';

export function registerKeys(program: Command): void {
  program
    .command('init')
    .description('create the data directory, database and log key; print the verifier key')
    .option('--origin <name>', 'the log origin, e.g. daylight.example.org/alliance (default localhost/daylight)')
    .action(async (opts: { origin?: string }, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const io = instanceOptions(g);
      const { origin, verifierKey } = await initInstance(opts.origin ? { ...io, origin: opts.origin } : io);
      process.stderr.write(`initialized ${io.dataDir} with origin ${origin}\n`);
      process.stdout.write(verifierKey + '\n');
    });

  program
    .command('keygen')
    .argument('<name>', 'key name, e.g. the organization or delegate (no spaces or "+")')
    .description('write a new Ed25519 signer key (mode 0600) and print its verifier key')
    .option('--out <file>', 'where to write the signer key (default <name>.key)')
    .action(async (name: string, opts: { out?: string }) => {
      let key: { signerKey: string; verifierKey: string };
      try {
        key = generateKey(name);
      } catch (err) {
        throw new UsageError(`key name "${name}" is not allowed: ${(err as Error).message}`);
      }
      const out = opts.out ?? `${name.replace(/[^A-Za-z0-9._-]/g, '_')}.key`;
      // 'wx' refuses to overwrite an existing key: losing a signer key cannot be undone.
      await writeFile(out, key.signerKey + '\n', { mode: 0o600, flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'EEXIST') throw new UsageError(`${out} already exists; choose another --out`);
        throw err;
      });
      process.stderr.write(`wrote signer key to ${out} (keep it secret)\n`);
      process.stdout.write(key.verifierKey + '\n');
    });
}

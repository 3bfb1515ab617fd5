/**
 * renewal open|sign|text|upload|testify|status: rituals of renewal. A testimony is public under
 * a pseudonym or anonymous — the testifier chooses, and must say which (--pseudonym or --anonymous).
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import {
  addTestimony,
  openRenewal,
  renewalSigningSubject,
  renewalStatus,
  submitRenewalSignature,
  type RenewalSignatureResult,
} from '../../services/renewals.js';
import { parseSignerKey, signNote } from '../../ledger/note.js';
import { withInstance, type GlobalOptions } from '../instance-options.js';
import { printJson, readInput, utf8 } from '../io.js';
import { UsageError } from '../errors.js';

const LOCAL = { kind: 'local' } as const;

function printResult(r: RenewalSignatureResult, json: boolean | undefined): void {
  if (json) return printJson(r);
  process.stdout.write(`${r.party} re-signed renewal ${r.renewal} of ${r.alliance} (record ${r.index})\n`);
  process.stdout.write(r.published ? `renewal ${r.renewal} is published\n` : `waiting for ${r.missing.join(', ')}\n`);
}

export function registerRenewal(program: Command): void {
  const renewal = program.command('renewal').description('rituals of renewal: restate, re-sign, testify, publish');

  renewal
    .command('open')
    .requiredOption('--alliance <slug>', 'the alliance')
    .option('--json', 'print JSON')
    .description('open the next renewal now (the scheduler opens it at its due time anyway)')
    .action(async (o: { alliance: string; json?: boolean }, cmd: Command) => {
      const r = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => openRenewal(ctx, LOCAL, { alliance: o.alliance }));
      if (o.json) return printJson(r);
      process.stdout.write(`opened renewal ${r.renewal} of ${r.alliance} (version ${r.version}); due ${r.dueAt}, lapses ${r.lapsesAt}\n`);
    });

  renewal
    .command('sign')
    .requiredOption('--alliance <slug>', 'the alliance')
    .requiredOption('--party <org>', 'the party re-signing')
    .requiredOption('--key <file>', 'the delegate’s signer key file')
    .option('--json', 'print JSON')
    .description('re-sign the ratified covenant for the open renewal with a local key')
    .action(async (o: { alliance: string; party: string; key: string; json?: boolean }, cmd: Command) => {
      const signer = parseSignerKey(utf8(await readFile(o.key), o.key).trim());
      const r = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), async (ctx) => {
        const s = await renewalSigningSubject(ctx, o.alliance);
        return submitRenewalSignature(ctx, LOCAL, { alliance: o.alliance, note: signNote(s.text, [signer]), party: o.party });
      });
      printResult(r, o.json);
    });

  renewal
    .command('text')
    .requiredOption('--alliance <slug>', 'the alliance')
    .description('print the exact note text to re-sign for the open renewal (for `daylight note sign`)')
    .action(async (o: { alliance: string }, cmd: Command) => {
      const s = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => renewalSigningSubject(ctx, o.alliance));
      process.stdout.write(s.text);
    });

  renewal
    .command('upload')
    .argument('[file]', 'the signed note (default: standard input)')
    .requiredOption('--alliance <slug>', 'the alliance')
    .option('--party <org>', 'which party’s signature, when the note carries several')
    .option('--json', 'print JSON')
    .description('submit a re-signature made elsewhere')
    .action(async (file: string | undefined, o: { alliance: string; party?: string; json?: boolean }, cmd: Command) => {
      const note = utf8(await readInput(file), file ?? 'standard input');
      const r = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) =>
        submitRenewalSignature(ctx, LOCAL, { alliance: o.alliance, note, ...(o.party ? { party: o.party } : {}) }),
      );
      printResult(r, o.json);
    });

  renewal
    .command('testify')
    .argument('[file]', 'the testimony text (default: standard input)')
    .requiredOption('--alliance <slug>', 'the alliance')
    .option('--pseudonym <name>', 'testify publicly under this name')
    .option('--anonymous', 'testify anonymously: no name is stored at all')
    .option('--lang <code>', 'the language of the text (BCP 47)')
    .option('--json', 'print JSON')
    .description('add a grassroots testimony to the open renewal: does the alliance reflect your lived reality?')
    .action(async (file: string | undefined, o: { alliance: string; pseudonym?: string; anonymous?: boolean; lang?: string; json?: boolean }, cmd: Command) => {
      if ((o.pseudonym === undefined) === (o.anonymous !== true)) throw new UsageError('choose one: --pseudonym NAME or --anonymous');
      const text = utf8(await readInput(file), file ?? 'standard input');
      const r = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) =>
        addTestimony(ctx, LOCAL, { alliance: o.alliance, text, pseudonym: o.anonymous ? null : o.pseudonym!, ...(o.lang ? { lang: o.lang } : {}) }),
      );
      if (o.json) return printJson(r);
      process.stdout.write(`testimony added to renewal ${r.renewal} of ${r.alliance}${r.anonymous ? ', anonymously' : ''}; it is published with the renewal\n`);
    });

  renewal
    .command('status')
    .requiredOption('--alliance <slug>', 'the alliance')
    .option('--json', 'print JSON')
    .description('renewals of the ratified covenant: due dates, who re-signed, testimonies, the next one')
    .action(async (o: { alliance: string; json?: boolean }, cmd: Command) => {
      const s = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => renewalStatus(ctx, o.alliance));
      if (o.json) return printJson(s);
      const lines = [`${s.alliance}: ${s.status}${s.version === null ? ', no ratified covenant' : `, version ${s.version} renewed every ${s.cadence!.every} ${s.cadence!.unit}`}`];
      for (const r of s.renewals) {
        lines.push(`renewal ${r.number}: ${r.status}; due ${r.dueAt}, lapses ${r.lapsesAt}; re-signed by ${r.signed.join(', ') || 'nobody'}${r.missing.length ? `; waiting for ${r.missing.join(', ')}` : ''}; ${r.testimonies} testimonies`);
      }
      if (s.next) lines.push(`next: renewal ${s.next.renewal} due ${s.next.dueAt}`);
      process.stdout.write(lines.join('\n') + '\n');
    });
}

/**
 * covenant template|lint|draft|amend|versions|diff|propose|show|sign|signature text|signature upload.
 * Thin: read the file, call one service, print. A covenant with problems prints each on its own
 * line (`path: reason`) and exits 1; lint findings likewise (`path: message`), exit 1 on any error.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import {
  amendCovenant,
  CovenantProblems,
  diffCovenantVersions,
  draftCovenant,
  getCovenantVersion,
  LintErrors,
  listCovenantVersions,
  proposeCovenant,
  readCovenant,
  renderCovenantPdf,
  type DraftResult,
} from '../../services/covenants.js';
import { signingSubject, submitSignature, type SignatureResult } from '../../services/signatures.js';
import {
  covenantHtmlFragment,
  covenantMarkdown,
  formatCovenant,
  formatProblem,
  lintCovenant,
  starterCovenant,
  type CovenantFormat,
  type Finding,
} from '../../domain/covenant/index.js';
import { parseSignerKey, signNote } from '../../ledger/note.js';
import { withInstance, type GlobalOptions } from '../instance-options.js';
import { parseIndex, printJson, readInput, utf8 } from '../io.js';
import { Failed, UsageError } from '../errors.js';

const LOCAL = { kind: 'local' } as const;
const SHOW_FORMATS = ['yaml', 'json', 'md', 'html', 'pdf'] as const;
type ShowFormat = (typeof SHOW_FORMATS)[number];

/** yaml or json: from --format, else from the file's extension, else YAML (a superset of JSON's look). */
export function fileFormat(file: string | undefined, flag: string | undefined): CovenantFormat {
  if (flag !== undefined) {
    if (flag !== 'yaml' && flag !== 'json') throw new UsageError(`--format must be yaml or json, got "${flag}"`);
    return flag;
  }
  return file !== undefined && /\.json$/i.test(file) ? 'json' : 'yaml';
}

async function readCovenantFile(file: string | undefined, format: string | undefined) {
  const text = utf8(await readInput(file), file ?? 'standard input');
  return { text, format: fileFormat(file, format) };
}

/** Prints every problem of a refused covenant, one per line, and fails (exit 1). */
function failWithProblems(e: CovenantProblems, file: string | undefined, stored = true): never {
  const name = file ?? 'standard input';
  for (const p of e.problems) process.stderr.write(`${name}: ${formatProblem(p)}\n`);
  const n = `${e.problems.length} problem${e.problems.length === 1 ? '' : 's'}`;
  throw new Failed(`${name}: ${n}${stored ? '; nothing was stored' : ''}`);
}

function printFindings(findings: readonly Finding[], out: NodeJS.WritableStream): void {
  for (const f of findings) out.write(`${f.path || '(covenant)'}: ${f.severity === 'warning' ? 'warning: ' : ''}${f.message}\n`);
}

function summary(findings: readonly Finding[]): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  return `${errors} error${errors === 1 ? '' : 's'}, ${findings.length - errors} warning${findings.length - errors === 1 ? '' : 's'}`;
}

function versionArg(value: string, name: string): number {
  const n = parseIndex(value, name);
  if (n < 1) throw new UsageError(`${name} is a version number from 1`);
  return n;
}

async function withProblems<T>(file: string | undefined, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof CovenantProblems) failWithProblems(e, file);
    throw e;
  }
}

function printDraft(r: DraftResult, json: boolean | undefined, verb: string): void {
  if (json) return printJson(r);
  process.stdout.write(`${verb} version ${r.version} of ${r.alliance}: sha256 ${r.sha256} (record ${r.index})\n`);
  if (r.findings.length > 0) {
    printFindings(r.findings, process.stderr);
    process.stderr.write(`lint: ${summary(r.findings)} (a draft may have them; a proposal may not have errors)\n`);
  }
}

function printSignature(r: SignatureResult, json: boolean | undefined): void {
  if (json) return printJson(r);
  process.stdout.write(`${r.party} signed version ${r.version} of ${r.alliance} (record ${r.index})\n`);
  process.stdout.write(r.ratified ? `version ${r.version} is ratified\n` : `waiting for ${r.missing.join(', ')}\n`);
}

export function registerCovenant(program: Command): void {
  const covenant = program.command('covenant').description('covenants: draft, lint, diff, propose, sign, show');

  covenant
    .command('template')
    .option('--parties <slugs>', 'organization slugs, comma-separated (at least two)', 'party-a,party-b')
    .option('--languages <codes>', 'of en, es, fr, ar, pt, comma-separated (default all five)')
    .option('--format <format>', 'yaml or json', 'yaml')
    .option('--out <file>', 'write to a file instead of standard output')
    .description('print the starter covenant from the essay: five non-negotiables with indicators and thresholds')
    .action(async (o: { parties: string; languages?: string; format: string; out?: string }) => {
      const format = fileFormat(undefined, o.format);
      let c;
      try {
        c = starterCovenant({
          parties: o.parties.split(',').map((s) => s.trim()),
          ...(o.languages ? { languages: o.languages.split(',').map((s) => s.trim()) as never } : {}),
        });
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      const text = formatCovenant(c, format);
      if (o.out) await writeFile(o.out, text, { flag: 'wx' }).catch(existsAsUsage(o.out));
      else process.stdout.write(text);
    });

  covenant
    .command('lint')
    .argument('[file]', 'covenant file, .yaml or .json (default: standard input, YAML)')
    .option('--format <format>', 'yaml or json (default: from the file name)')
    .option('--json', 'print the findings as JSON')
    .description('"principles without procedure are poetry": each finding as `path: message`; exit 1 on any error')
    .action(async (file: string | undefined, o: { format?: string; json?: boolean }) => {
      const source = await readCovenantFile(file, o.format);
      let c;
      try {
        c = readCovenant(source);
      } catch (e) {
        if (e instanceof CovenantProblems) {
          if (o.json) printJson({ ok: false, problems: e.problems, findings: [] });
          failWithProblems(e, file, false);
        }
        throw e;
      }
      const findings = lintCovenant(c);
      const errors = findings.filter((f) => f.severity === 'error').length;
      if (o.json) printJson({ ok: errors === 0, problems: [], findings: findings.map(({ severity, code, path, message }) => ({ severity, code, path, message })) });
      else printFindings(findings, process.stdout);
      if (errors > 0) throw new Failed(`lint: ${summary(findings)}`);
      if (!o.json) process.stderr.write(`lint: ${summary(findings)}\n`);
    });

  covenant
    .command('draft')
    .argument('[file]', 'covenant file, .yaml or .json (default: standard input)')
    .requiredOption('--alliance <slug>', 'the alliance')
    .requiredOption('--author <org>', 'the party drafting it')
    .requiredOption('--rationale <text>', 'why this version: the other parties read it (public)')
    .option('--based-on <n>', 'amend: the version this one starts from')
    .option('--format <format>', 'yaml or json (default: from the file name)')
    .option('--json', 'print JSON')
    .description('store a draft version and archive it (drafts are public, so revisions are traceable)')
    .action(async (file: string | undefined, o: { alliance: string; author: string; rationale: string; basedOn?: string; format?: string; json?: boolean }, cmd: Command) => {
      const source = await readCovenantFile(file, o.format);
      const basedOn = o.basedOn === undefined ? undefined : versionArg(o.basedOn, '--based-on');
      const r = await withProblems(file, () =>
        withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) =>
          draftCovenant(ctx, LOCAL, { alliance: o.alliance, author: o.author, rationale: o.rationale, source, ...(basedOn ? { basedOn } : {}) }),
        ),
      );
      printDraft(r, o.json, 'drafted');
    });

  covenant
    .command('amend')
    .argument('[file]', 'the amended covenant file (default: standard input)')
    .requiredOption('--alliance <slug>', 'the alliance')
    .requiredOption('--from <n>', 'the version being amended')
    .requiredOption('--author <org>', 'the party amending it')
    .requiredOption('--rationale <text>', 'why: the other parties read it (public)')
    .option('--format <format>', 'yaml or json (default: from the file name)')
    .option('--json', 'print JSON')
    .description('store an amendment: a new draft based on an existing version')
    .action(async (file: string | undefined, o: { alliance: string; from: string; author: string; rationale: string; format?: string; json?: boolean }, cmd: Command) => {
      const source = await readCovenantFile(file, o.format);
      const basedOn = versionArg(o.from, '--from');
      const r = await withProblems(file, () =>
        withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) =>
          amendCovenant(ctx, LOCAL, { alliance: o.alliance, author: o.author, rationale: o.rationale, source, basedOn }),
        ),
      );
      printDraft(r, o.json, 'amended as');
    });

  covenant
    .command('versions')
    .requiredOption('--alliance <slug>', 'the alliance')
    .option('--json', 'print JSON')
    .description('every version: number, status, author, rationale')
    .action(async (o: { alliance: string; json?: boolean }, cmd: Command) => {
      const vs = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => listCovenantVersions(ctx, o.alliance));
      if (o.json) return printJson(vs);
      for (const v of vs) {
        const base = v.basedOn === null ? '' : ` (from v${v.basedOn})`;
        process.stdout.write(`v${v.version}\t${v.status}\t${v.author}${base}\t${v.rationale.split('\n')[0]}\n`);
      }
    });

  covenant
    .command('diff')
    .argument('<from>', 'version number')
    .argument('<to>', 'version number')
    .requiredOption('--alliance <slug>', 'the alliance')
    .option('--text', 'a line diff of the YAML instead of the list of changes')
    .option('--json', 'print JSON (both)')
    .description('what changed between two versions: principles added or removed, thresholds 5 → 3, …')
    .action(async (from: string, to: string, o: { alliance: string; text?: boolean; json?: boolean }, cmd: Command) => {
      const d = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) =>
        diffCovenantVersions(ctx, o.alliance, versionArg(from, 'FROM'), versionArg(to, 'TO')),
      );
      if (o.json) return printJson(d);
      if (o.text) return void process.stdout.write(d.text);
      const lines = d.changes.map((c) => c.summary);
      process.stdout.write(lines.length === 0 ? `no change between v${d.from} and v${d.to}\n` : lines.join('\n') + '\n');
    });

  covenant
    .command('propose')
    .requiredOption('--alliance <slug>', 'the alliance')
    .requiredOption('--version <n>', 'the draft to propose')
    .option('--json', 'print JSON')
    .description('propose a draft for signature (lint must find no error); archives its JSON, Markdown and PDF')
    .action(async (o: { alliance: string; version: string; json?: boolean }, cmd: Command) => {
      const version = versionArg(o.version, '--version');
      let r;
      try {
        r = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => proposeCovenant(ctx, LOCAL, { alliance: o.alliance, version }));
      } catch (e) {
        if (e instanceof LintErrors) printFindings(e.findings, process.stderr);
        throw e;
      }
      if (o.json) return printJson(r);
      process.stdout.write(`proposed version ${r.version} of ${r.alliance}: sha256 ${r.sha256} (record ${r.index})\n`);
      for (const d of r.documents) process.stdout.write(`archived ${d.name} ${d.sha256}\n`);
      if (r.superseded !== null) process.stdout.write(`version ${r.superseded} (proposed before) is superseded\n`);
    });

  covenant
    .command('show')
    .requiredOption('--alliance <slug>', 'the alliance')
    .option('--version <n>', 'default: the ratified version, else the proposed one, else the newest draft')
    .option('--format <format>', `one of ${SHOW_FORMATS.join(', ')}`, 'yaml')
    .option('--lang <code>', 'language for md, html and pdf (default: the original)')
    .option('--out <file>', 'write to a file (needed for pdf)')
    .option('--json', 'print the version’s details and the covenant as JSON')
    .description('print a covenant version')
    .action(async (o: { alliance: string; version?: string; format: string; lang?: string; out?: string; json?: boolean }, cmd: Command) => {
      if (!(SHOW_FORMATS as readonly string[]).includes(o.format)) throw new UsageError(`--format must be one of ${SHOW_FORMATS.join(', ')}`);
      const format = o.format as ShowFormat;
      if (format === 'pdf' && o.out === undefined && process.stdout.isTTY) throw new UsageError('a PDF goes to a file: add --out FILE');
      const version = o.version === undefined ? undefined : versionArg(o.version, '--version');
      const v = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => getCovenantVersion(ctx, o.alliance, version));
      if (o.json) return printJson(v);
      const bytes = await rendered(v.covenant, format, o.lang);
      if (o.out) await writeFile(o.out, bytes);
      else process.stdout.write(bytes);
    });

  covenant
    .command('sign')
    .requiredOption('--alliance <slug>', 'the alliance')
    .requiredOption('--version <n>', 'the proposed version')
    .requiredOption('--party <org>', 'the party signing')
    .requiredOption('--key <file>', 'the delegate’s signer key file (PRIVATE+KEY+…; its verifier key must be registered)')
    .option('--json', 'print JSON')
    .description('sign the proposed version with a local key and submit the signature')
    .action(async (o: { alliance: string; version: string; party: string; key: string; json?: boolean }, cmd: Command) => {
      const version = versionArg(o.version, '--version');
      const signer = parseSignerKey(utf8(await readFile(o.key), o.key).trim());
      const r = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), async (ctx) => {
        const subject = await signingSubject(ctx, o.alliance, version);
        return submitSignature(ctx, LOCAL, { alliance: o.alliance, note: signNote(subject.text, [signer]), party: o.party });
      });
      printSignature(r, o.json);
    });

  const signature = covenant.command('signature').description('signatures made elsewhere (offline, another tool)');
  signature
    .command('text')
    .requiredOption('--alliance <slug>', 'the alliance')
    .requiredOption('--version <n>', 'the version')
    .description('print the exact note text a party signs for a version (sign it with `daylight note sign`)')
    .action(async (o: { alliance: string; version: string }, cmd: Command) => {
      const s = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => signingSubject(ctx, o.alliance, versionArg(o.version, '--version')));
      process.stdout.write(s.text);
    });
  signature
    .command('upload')
    .argument('[file]', 'the signed note (default: standard input)')
    .requiredOption('--alliance <slug>', 'the alliance')
    .option('--party <org>', 'which party’s signature, when the note carries several')
    .option('--json', 'print JSON')
    .description('submit a signed note; it is checked against the party’s registered keys')
    .action(async (file: string | undefined, o: { alliance: string; party?: string; json?: boolean }, cmd: Command) => {
      const note = utf8(await readInput(file), file ?? 'standard input');
      const r = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) =>
        submitSignature(ctx, LOCAL, { alliance: o.alliance, note, ...(o.party ? { party: o.party } : {}) }),
      );
      printSignature(r, o.json);
    });
}

async function rendered(c: Parameters<typeof formatCovenant>[0], format: ShowFormat, lang: string | undefined): Promise<Uint8Array | string> {
  switch (format) {
    case 'yaml':
    case 'json':
      return formatCovenant(c, format);
    case 'md':
      return lang ? covenantMarkdown(c, lang) : covenantMarkdown(c);
    case 'html':
      return lang ? covenantHtmlFragment(c, lang) : covenantHtmlFragment(c);
    case 'pdf':
      return lang ? renderCovenantPdf(c, lang) : renderCovenantPdf(c);
  }
}

function existsAsUsage(file: string) {
  return (err: NodeJS.ErrnoException) => {
    if (err.code === 'EEXIST') throw new UsageError(`${file} already exists; choose another --out`);
    throw err;
  };
}

/**
 * scorecard rate|draft|finalize|show. On the instance's own data directory the command line is
 * the local operator acting for a triad member it names with --as; the member must be in the
 * reviewing party's triad. Drafts (and evidence) are shown only to the triad (`draft`); `show`
 * gives the published card, as text, --json, or one of its archived documents (--format).
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { finalizeScorecard, getScorecard, rateScorecard, scorecardDocument, scorecardDraft, type DraftView, type ScorecardKey } from '../../services/scorecards.js';
import { formatScore } from '../../domain/audit/scorecard.js';
import { readJson } from '../../domain/covenant/json.js';
import { readYaml } from '../../domain/covenant/yaml.js';
import { withInstance, type GlobalOptions } from '../instance-options.js';
import { collect, parseIndex, printJson, readInput, utf8 } from '../io.js';
import { UsageError } from '../errors.js';

const LOCAL = { kind: 'local' } as const;

interface KeyOptions {
  alliance: string;
  cycle: string;
  reviewer: string;
  reviewee: string;
}

function keyOf(o: KeyOptions): ScorecardKey {
  return { alliance: o.alliance, cycle: parseIndex(o.cycle, '--cycle'), reviewer: o.reviewer, reviewee: o.reviewee };
}

function withKey(c: Command): Command {
  return c
    .requiredOption('--alliance <slug>', 'the alliance')
    .requiredOption('--cycle <n>', 'the cycle number (see `daylight cycle show`)')
    .requiredOption('--reviewer <org>', 'the reviewing party (whose triad rates)')
    .requiredOption('--reviewee <org>', 'the reviewed party');
}

/** Ratings from a YAML or JSON file: a list of {dimension, score, note?, evidence?}, or {ratings: [...]}. */
async function ratingsFile(file: string): Promise<unknown> {
  const text = utf8(await readInput(file), file);
  const read = file.endsWith('.json') ? readJson(text) : readYaml(text);
  const problem = read.problems[0];
  if (problem !== undefined || read.value === undefined) throw new UsageError(`${file}: ${problem?.reason ?? 'not readable'}`);
  const v = read.value as { ratings?: unknown };
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'ratings' in v ? v.ratings : v;
}

function parseScore(value: string): number {
  if (!/^-?[0-9]+(\.[0-9]+)?$/.test(value)) throw new UsageError(`--score must be a number from 0 to 4, got "${value}"`);
  return Number(value);
}

function printDraft(d: DraftView): void {
  const lines = [`${d.reviewer} → ${d.reviewee}, cycle ${d.cycle}: ${d.status}; triad ${d.triad.join(', ')}`];
  for (const r of d.ratings) lines.push(`  ${r.rater}  ${r.dimension}: ${r.score}${r.note ? `  “${r.note.replace(/\n/g, ' ')}”` : ''}${r.evidence.length ? `  [evidence: ${r.evidence.length}]` : ''}`);
  const { complete, partial, absent } = d.readiness;
  lines.push(`complete: ${complete.join(', ') || 'nobody'}${partial.length ? `; unfinished: ${partial.map((p) => p.rater).join(', ')}` : ''}${absent.length ? `; not started: ${absent.join(', ')}` : ''}`);
  process.stdout.write(lines.join('\n') + '\n');
}

export function registerScorecard(program: Command): void {
  const scorecard = program.command('scorecard').description('rate, finalize and read scorecards');

  withKey(scorecard.command('rate'))
    .requiredOption('--as <pseudonym>', 'the triad member you rate as')
    .option('--dimension <id>', 'the dimension rated (e.g. finances)')
    .option('--score <0-4>', '0 breach, 1 serious concern, 2 concern, 3 meets, 4 exemplary')
    .option('--note <text>', 'why: public once the scorecard is published')
    .option('--evidence <ref>', 'an evidence reference, kept private (repeatable)', collect)
    .option('--file <file>', 'several ratings from a YAML or JSON file instead: a list of {dimension, score, note, evidence}')
    .option('--json', 'print JSON')
    .description('rate one dimension (or several from --file) as a member of the reviewing triad; the draft stays private to the triad')
    .action(async (o: KeyOptions & { as: string; dimension?: string; score?: string; note?: string; evidence?: string[]; file?: string; json?: boolean }, cmd: Command) => {
      const single = o.dimension !== undefined || o.score !== undefined || o.note !== undefined || o.evidence !== undefined;
      if (o.file !== undefined && single) throw new UsageError('give either --file or --dimension/--score/--note/--evidence, not both');
      if (o.file === undefined && (o.dimension === undefined || o.score === undefined)) throw new UsageError('give --dimension and --score (or --file with the ratings)');
      const ratings =
        o.file !== undefined
          ? await ratingsFile(o.file)
          : [{ dimension: o.dimension, score: parseScore(o.score!), ...(o.note !== undefined ? { note: o.note } : {}), ...(o.evidence ? { evidence: o.evidence } : {}) }];
      const d = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => rateScorecard(ctx, LOCAL, { ...keyOf(o), as: o.as, ratings }));
      if (o.json) return printJson(d);
      printDraft(d);
    });

  withKey(scorecard.command('draft'))
    .requiredOption('--as <pseudonym>', 'the triad member you read as')
    .option('--json', 'print JSON')
    .description('the draft with every member’s ratings and evidence: for the triad only')
    .action(async (o: KeyOptions & { as: string; json?: boolean }, cmd: Command) => {
      const d = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => scorecardDraft(ctx, LOCAL, { ...keyOf(o), as: o.as }));
      if (o.json) return printJson(d);
      printDraft(d);
    });

  withKey(scorecard.command('finalize'))
    .requiredOption('--as <pseudonym>', 'the triad member finalizing')
    .option('--lang <code>', 'language of the published documents: en, es, fr, ar or pt (default: the covenant’s)')
    .option('--json', 'print JSON')
    .description('publish the scorecard (JSON, HTML, PDF) and archive it; needs every started rater complete and at least two raters')
    .action(async (o: KeyOptions & { as: string; lang?: string; json?: boolean }, cmd: Command) => {
      const p = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) =>
        finalizeScorecard(ctx, LOCAL, { ...keyOf(o), as: o.as, ...(o.lang !== undefined ? { lang: o.lang } : {}) }),
      );
      if (o.json) return printJson(p);
      process.stdout.write(`published ${p.scorecard.reviewer}’s scorecard of ${p.scorecard.reviewee}, cycle ${p.scorecard.cycle} (record ${p.index})\n`);
      for (const d of p.documents) process.stdout.write(`  ${d.sha256}  ${d.name ?? ''}\n`);
    });

  withKey(scorecard.command('show'))
    .option('--format <format>', 'print an archived document instead: json, html or pdf')
    .option('--out <file>', 'write the document to a file (needed for pdf on a terminal)')
    .option('--json', 'print the published card and its documents as JSON')
    .description('a published scorecard')
    .action(async (o: KeyOptions & { format?: string; out?: string; json?: boolean }, cmd: Command) => {
      const key = keyOf(o);
      if (o.format !== undefined) {
        if (o.format !== 'json' && o.format !== 'html' && o.format !== 'pdf') throw new UsageError(`--format must be json, html or pdf, got "${o.format}"`);
        const format = o.format;
        if (format === 'pdf' && o.out === undefined && process.stdout.isTTY) throw new UsageError('a PDF goes to a file: add --out FILE');
        const doc = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => scorecardDocument(ctx, key, format));
        if (o.out !== undefined) return writeFile(o.out, doc.body);
        return void process.stdout.write(doc.body);
      }
      const p = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => getScorecard(ctx, key));
      if (o.json) return printJson(p);
      const s = p.scorecard;
      const lines = [
        `${s.reviewer} → ${s.reviewee}, ${s.alliance} cycle ${s.cycle}: raters ${s.raters.join(', ')}; alpha ${s.alpha ?? 'undefined'}`,
        ...s.dimensions.map((d) => `  ${d.id}: median ${formatScore(d.median)}, range ${d.min}–${d.max}${s.previous ? `, previously ${formatScore(s.previous.dimensions.find((x) => x.id === d.id)?.median ?? NaN)}` : ''}`),
        `record ${p.index}; documents: ${p.documents.map((d) => d.sha256.slice(0, 12)).join(' ')}`,
      ];
      process.stdout.write(lines.join('\n') + '\n');
    });
}

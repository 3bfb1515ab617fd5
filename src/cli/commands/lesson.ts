/**
 * lesson draft|show|edit|publish|list: case studies of what the archive shows (issue 5 §6).
 * "Every failed alliance is data… Analyze where early warning signs were missed." A draft is
 * assembled from the archive's own timeline (a disengagement drafts one by itself); the authors
 * write their analysis in a file; publishing archives it for good.
 * Printed text comes from public records and from the authors; control characters other than
 * newlines and tabs were refused when it was taken.
 */
import type { Command } from 'commander';
import { draftLesson, editLesson, getLesson, listLessons, publishLesson, type LessonView } from '../../services/lessons.js';
import { withInstance, type GlobalOptions } from '../instance-options.js';
import { parseIndex, printJson, readInput, utf8 } from '../io.js';

const LOCAL = { kind: 'local' } as const;

const indent = (text: string) => text.replace(/\n/g, '\n    ');

/** The case study, readably: missed signals first, then the timeline, then the analysis. */
function printLesson(l: LessonView): void {
  const s = l.study;
  const about = l.party ?? `every party of ${l.alliance}`;
  const lines = [
    `lesson ${l.lesson} of ${l.alliance}: ${l.title}`,
    `about ${about}; ${l.status === 'published' ? `published ${l.publishedAt} (record ${l.index})` : `draft, assembled ${s.assembledAt}`}`,
    '',
    `missed signals (${s.missedSignals.length}):`,
    ...(s.missedSignals.length === 0 ? ['  none'] : s.missedSignals.map((m) => `  - ${m.party}: ${m.explanation}`)),
    '',
    'timeline:',
  ];
  const events: [string, string][] = [
    ...s.transitions.map((t): [string, string] => [t.at, `${t.party} ${t.from} → ${t.to} (${t.event}): ${t.reason}`]),
    ...s.decisions.map((d): [string, string] => [
      d.openedAt,
      `proposal ${d.proposal} to ${d.decision} ${d.party}${d.openedBy ? ` by ${d.openedBy}` : ''}: ${d.status}${d.closedAt ? ` ${d.closedAt}` : ''}${d.tally ? ` (for ${d.tally.for}, against ${d.tally.against}, abstain ${d.tally.abstain}, silent ${d.tally.silent})` : ''}`,
    ]),
    ...s.warnings.map((w): [string, string] => [
      w.issuedAt,
      `warning to ${w.party}, window ends ${w.windowEnds}; benchmarks ${w.benchmarks.map((b) => `${b.id} ${b.metAt === null ? 'unmet' : `met ${b.metAt}`}`).join(', ') || 'none'}; ${w.outcome}`,
    ]),
  ];
  for (const [at, what] of events.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) lines.push(`  ${at}  ${what}`);
  if (events.length === 0) lines.push('  nothing recorded');
  lines.push('', 'indicators by cycle:');
  for (const i of s.indicators) {
    const read = i.readings.filter((r) => r.value !== null).map((r) => `${r.cycle}:${r.value}${r.tripped ? '!' : ''}`);
    lines.push(`  ${i.party} ${i.indicator} ${i.threshold} (${i.tripCycle === null ? 'never tripped' : `tripped in cycle ${i.tripCycle}`}): ${read.join(' ')}`);
  }
  if (s.indicators.length === 0) lines.push('  none observed');
  lines.push('', 'scorecard medians:');
  for (const c of s.scorecards) lines.push(`  cycle ${c.cycle}, ${c.reviewer} on ${c.party}: ${c.dimensions.map((d) => `${d.id} ${d.median}`).join(', ')}`);
  if (s.scorecards.length === 0) lines.push('  none published');
  lines.push('', 'analysis:', l.analysis === '' ? '  (none yet: daylight lesson edit --analysis-file FILE)' : `    ${indent(l.analysis)}`);
  process.stdout.write(lines.join('\n') + '\n');
}

export function registerLesson(program: Command): void {
  const lesson = program.command('lesson').description('lessons: case studies assembled from the archive, with the missed signals; analysed, then published');

  lesson
    .command('draft')
    .argument('<alliance>', 'the alliance')
    .option('--party <org>', 'the party the lesson is about (default: every party)')
    .option('--title <text>', 'the title')
    .option('--json', 'print JSON')
    .description('assemble a case-study draft from the archive now (a disengagement drafts one by itself)')
    .action(async (alliance: string, o: { party?: string; title?: string; json?: boolean }, cmd: Command) => {
      const l = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) =>
        draftLesson(ctx, LOCAL, { alliance, ...(o.party !== undefined ? { party: o.party } : {}), ...(o.title !== undefined ? { title: o.title } : {}) }),
      );
      if (o.json) return printJson(l);
      process.stdout.write(`drafted lesson ${l.lesson} of ${l.alliance}: ${l.title} (${l.study.missedSignals.length} missed signals)\n`);
    });

  lesson
    .command('show')
    .argument('<alliance>', 'the alliance')
    .argument('<n>', 'the lesson number')
    .option('--json', 'print JSON')
    .description('the case study: missed signals, the timeline, indicators by cycle, scorecard medians, the analysis')
    .action(async (alliance: string, n: string, o: { json?: boolean }, cmd: Command) => {
      const l = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => getLesson(ctx, alliance, parseIndex(n, 'n')));
      if (o.json) return printJson(l);
      printLesson(l);
    });

  lesson
    .command('edit')
    .argument('<alliance>', 'the alliance')
    .argument('<n>', 'the lesson number')
    .option('--title <text>', 'a new title')
    .option('--analysis-file <file>', 'the authors’ analysis, UTF-8 text (- for standard input; at most 20,000 characters)')
    .option('--json', 'print JSON')
    .description('change the title or the analysis of a draft')
    .action(async (alliance: string, n: string, o: { title?: string; analysisFile?: string; json?: boolean }, cmd: Command) => {
      const analysis = o.analysisFile === undefined ? undefined : utf8(await readInput(o.analysisFile), o.analysisFile);
      const l = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) =>
        editLesson(ctx, LOCAL, { alliance, lesson: parseIndex(n, 'n'), ...(o.title !== undefined ? { title: o.title } : {}), ...(analysis !== undefined ? { analysis } : {}) }),
      );
      if (o.json) return printJson(l);
      process.stdout.write(`lesson ${l.lesson} of ${l.alliance} updated: ${l.title}; analysis ${l.analysis.length} characters\n`);
    });

  lesson
    .command('publish')
    .argument('<alliance>', 'the alliance')
    .argument('<n>', 'the lesson number')
    .option('--json', 'print JSON')
    .description('publish the lesson for good: JSON and HTML documents and a `lesson` record')
    .action(async (alliance: string, n: string, o: { json?: boolean }, cmd: Command) => {
      const l = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => publishLesson(ctx, LOCAL, { alliance, lesson: parseIndex(n, 'n') }));
      if (o.json) return printJson(l);
      process.stdout.write(`published lesson ${l.lesson} of ${l.alliance} (record ${l.index}): ${l.study.missedSignals.length} missed signals\n`);
      for (const d of l.documents) process.stdout.write(`  ${d.name ?? d.mediaType}  sha256:${d.sha256}\n`);
    });

  lesson
    .command('list')
    .argument('<alliance>', 'the alliance')
    .option('--json', 'print JSON')
    .description('the alliance’s lessons, newest first')
    .action(async (alliance: string, o: { json?: boolean }, cmd: Command) => {
      const list = await withInstance(cmd.optsWithGlobals<GlobalOptions>(), (ctx) => listLessons(ctx, alliance));
      if (o.json) return printJson(list);
      if (list.length === 0) return void process.stdout.write(`${alliance} has no lessons yet: daylight lesson draft ${alliance}\n`);
      for (const l of list) process.stdout.write(`${l.lesson}  ${l.status}  ${l.party ?? '(alliance)'}  ${l.missedSignals} missed signals  ${l.title}\n`);
    });
}

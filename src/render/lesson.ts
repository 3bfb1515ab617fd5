/**
 * A published lesson as a standalone HTML document (issue 5 §6): what the archive keeps beside
 * the canonical JSON. One page, no script, no links out: the title, what it is about, the
 * missed signals each with its explanation, the authors' analysis, then the timeline —
 * transitions, warnings with their benchmarks, decisions with their tallies, indicator readings
 * per cycle and scorecard medians. Every string is escaped; user text (title, analysis) sits in
 * an element with dir="auto" so a text in Arabic reads right to left.
 */
import { esc } from '../domain/covenant/render.js';
import type { PublishedLesson } from '../services/lessons.js';

const CSS = `body{font-family:"Noto Sans","Noto Naskh Arabic",sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
table{border-collapse:collapse}th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:start}.analysis{white-space:pre-wrap}`;

const row = (cells: readonly (string | number | null)[], th = false) =>
  `<tr>${cells.map((c) => (th ? `<th>${esc(String(c ?? ''))}</th>` : `<td>${esc(c === null ? '—' : String(c))}</td>`)).join('')}</tr>`;
const table = (head: readonly string[], rows: readonly (readonly (string | number | null)[])[]) =>
  rows.length === 0 ? '<p>None.</p>' : `<table>\n${row(head, true)}\n${rows.map((r) => row(r)).join('\n')}\n</table>`;

export function lessonHtmlDocument(l: PublishedLesson): string {
  const about = l.party === null ? `the alliance ${l.alliance}` : `${l.party} in the alliance ${l.alliance}`;
  const signals = l.missedSignals.length === 0 ? '<p>None were found.</p>' : `<ol>\n${l.missedSignals.map((s) => `<li>${esc(`${s.party}: ${s.explanation}`)}</li>`).join('\n')}\n</ol>`;
  const body = [
    `<h1 dir="auto">${esc(l.title)}</h1>`,
    `<p>Lesson ${l.lesson} about ${esc(about)}; assembled from the archive on ${esc(l.assembledAt)}, published ${esc(l.publishedAt)}. Cycles: ${esc(l.rhythm)}, ${l.cycles.length === 0 ? 'none' : `${l.cycles[0]!.n}–${l.cycles.at(-1)!.n}`}.</p>`,
    `<h2>Missed signals</h2>`,
    signals,
    `<h2>Analysis</h2>`,
    l.analysis === '' ? '<p>No analysis was written.</p>' : `<div class="analysis" dir="auto">${esc(l.analysis)}</div>`,
    `<h2>Standing</h2>`,
    table(['At', 'Party', 'Event', 'From', 'To', 'Reason', 'Record'], l.transitions.map((t) => [t.at, t.party, t.event, t.from, t.to, t.reason, t.index])),
    `<h2>Warnings</h2>`,
    table(
      ['Party', 'Issued', 'Window ends', 'Breaches', 'Benchmarks', 'Outcome'],
      l.warnings.map((w) => [
        w.party,
        w.issuedAt,
        w.windowEnds,
        w.breaches.map((b) => `${b.indicator} ${b.threshold}`).join('; '),
        w.benchmarks.map((b) => `${b.id}: ${b.metAt === null ? 'unmet' : `met ${b.metAt}`}`).join('; '),
        w.outcomeAt === null ? w.outcome : `${w.outcome} ${w.outcomeAt}`,
      ]),
    ),
    `<h2>Decisions</h2>`,
    table(
      ['Proposal', 'Party', 'Decision', 'Opened', 'By', 'Status', 'Closed', 'For / against / abstain / silent'],
      l.decisions.map((d) => [d.proposal, d.party, d.decision, d.openedAt, d.openedBy, d.status, d.closedAt, d.tally === null ? null : `${d.tally.for} / ${d.tally.against} / ${d.tally.abstain} / ${d.tally.silent}`]),
    ),
    `<h2>Indicators by cycle</h2>`,
    ...(l.indicators.length === 0
      ? ['<p>None were observed.</p>']
      : l.indicators.map(
          (s) =>
            `<h3>${esc(`${s.party}: ${s.indicator} ${s.threshold}`)}</h3>\n<p>${esc(s.tripCycle === null ? 'Never tripped.' : `First tripped in cycle ${s.tripCycle}.`)}</p>\n` +
            table(['Cycle', 'Value', 'Margin', 'Tripped'], s.readings.filter((r) => r.value !== null).map((r) => [r.cycle, r.value, r.margin, r.tripped ? 'yes' : 'no'])),
        )),
    `<h2>Scorecard medians</h2>`,
    table(['Cycle', 'Party', 'Reviewer', 'Medians'], l.scorecards.map((s) => [s.cycle, s.party, s.reviewer, s.dimensions.map((d) => `${d.id} ${d.median}`).join('; ')])),
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(l.title)}</title>
<style>${CSS}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}

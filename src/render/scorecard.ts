/**
 * A published scorecard for reading (issue 4 §4): an HTML fragment (for pages), a standalone
 * HTML document (archived), and Typst → PDF (archived), all from the one PublicScorecard the
 * domain computed (domain/audit/scorecard.ts), in the card's language (labels.ts: en es fr ar pt).
 *
 * Layout, meant to fit a typical card (three raters, five dimensions, notes of a few hundred
 * characters) in at most three A4 pages: the facts, the scores table (median with its label,
 * range, previous median), agreement, the scale, recent changes, indicator readings, then every
 * rater's note by dimension in a smaller size.
 *
 * Safety: notes, pseudonyms and titles are user text. HTML escapes & < > " ' everywhere and
 * wraps each user text in an element with dir="auto" (a note in Arabic inside an English card
 * reads right to left, and the reverse); Typst gets every user string through typstText, so no
 * text can become markup. Right-to-left cards set dir="rtl" (HTML) and dir: rtl (Typst, via
 * documentPreamble, which also picks the fonts in script order).
 */
import { direction, esc } from '../domain/covenant/render.js';
import { cycleName, fill, scorecardLabels, type ScorecardLabels } from '../domain/audit/labels.js';
import { formatScore, narrative, scoreLabel, type PublicScorecard } from '../domain/audit/scorecard.js';
import { documentPreamble } from './document.js';
import { renderPdf } from './pdf.js';
import { typstText } from './typst-escape.js';

/** "Scorecard: sur on norte, lunation 1250" in the card's language. */
export function scorecardTitle(s: PublicScorecard): string {
  const { labels } = scorecardLabels(s.lang);
  return `${labels.scorecard}: ${fill(labels.title, { reviewer: s.reviewer, reviewee: s.reviewee, cycle: cycleName(s.rhythm, s.cycle, labels) })}`;
}

/** "2026-11-20 06:47 UTC" */
function instant(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function alphaText(s: PublicScorecard, labels: ScorecardLabels): string {
  return s.alpha === null ? labels.alphaUndefined : s.alpha.toFixed(3);
}

function median(value: number, lang: string): string {
  return `${formatScore(value)} (${scoreLabel(value, lang)})`;
}

function previousMedian(s: PublicScorecard, id: string): string {
  const p = s.previous?.dimensions.find((d) => d.id === id);
  return p === undefined ? '–' : formatScore(p.median);
}

function scaleText(labels: ScorecardLabels): string {
  return labels.scores.map((l, i) => `${i} ${l}`).join(labels.comma);
}

// ---------------------------------------------------------------- HTML

const userText = (s: string, tag = 'bdi'): string => `<${tag} dir="auto">${esc(s).replace(/\n/g, '<br>')}</${tag}>`;

/** An <article> fragment, every user text escaped and direction-isolated. */
export function scorecardHtmlFragment(s: PublicScorecard): string {
  const { labels, lang } = scorecardLabels(s.lang);
  const dir = direction(lang);
  const list = (xs: readonly string[]) => xs.map((x) => userText(x)).join(esc(labels.comma));
  const facts: [string, string][] = [
    [labels.alliance, userText(s.alliance)],
    [labels.period, `<time datetime="${esc(s.start)}">${esc(instant(s.start))}</time> – <time datetime="${esc(s.end)}">${esc(instant(s.end))}</time>`],
    [labels.reviewer, userText(s.reviewer)],
    [labels.reviewee, userText(s.reviewee)],
    [labels.triad, list(s.triad)],
    [labels.raters, list(s.raters)],
  ];
  const rows = s.dimensions.map(
    (d) => `<tr><th scope="row">${userText(d.title)}</th><td>${esc(median(d.median, lang))}</td><td>${d.min}–${d.max}</td><td>${esc(previousMedian(s, d.id))}</td></tr>`,
  );
  const out = [
    `<article class="scorecard" lang="${esc(lang)}" dir="${dir}">`,
    `<h1>${esc(scorecardTitle(s))}</h1>`,
    `<dl class="facts">${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>`,
    `<h2>${esc(labels.summary)}</h2>`,
    `<table class="scores"><thead><tr><th scope="col">${esc(labels.dimension)}</th><th scope="col">${esc(labels.median)}</th><th scope="col">${esc(labels.range)}</th><th scope="col">${esc(labels.previous)}</th></tr></thead>`,
    `<tbody>${rows.join('')}</tbody></table>`,
    `<p class="agreement">${esc(labels.agreement)}: ${esc(alphaText(s, labels))}</p>`,
    `<p class="scale">${esc(labels.scale)}: ${esc(scaleText(labels))}</p>`,
    `<h2>${esc(labels.recentChanges)}</h2>`,
    `<ul class="changes">${narrative(s).map((line) => `<li>${esc(line)}</li>`).join('')}</ul>`,
    `<h2>${esc(labels.indicators)}</h2>`,
    indicatorsHtml(s, labels),
    `<h2>${esc(labels.notes)}</h2>`,
    ...s.dimensions.map((d) => notesHtml(d, lang, labels)),
    '</article>',
  ];
  return out.join('\n') + '\n';
}

function indicatorsHtml(s: PublicScorecard, labels: ScorecardLabels): string {
  if (s.indicators.length === 0) return `<p>${esc(labels.noIndicators)}</p>`;
  const items = s.indicators.map(
    (i) => `<li>${userText(i.name)}: ${userText(i.value)} (${userText(i.threshold)}): ${esc(i.tripped ? labels.tripped : labels.withinThreshold)}</li>`,
  );
  return `<ul class="indicators">${items.join('')}</ul>`;
}

function notesHtml(d: PublicScorecard['dimensions'][number], lang: string, labels: ScorecardLabels): string {
  const items = d.ratings.map((r) => {
    const note = r.note === '' ? `<em>${esc(labels.noNote)}</em>` : userText(r.note, 'span');
    return `<li><strong>${userText(r.rater)}</strong>: ${esc(median(r.score, lang))}. ${note}</li>`;
  });
  return `<section class="notes"><h3>${userText(d.title)}</h3><ul>${items.join('')}</ul></section>`;
}

const CSS = `body{font-family:"Noto Sans","Noto Naskh Arabic",sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
table{border-collapse:collapse}th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:start}dt{font-weight:bold}dd{margin-inline-start:1.5rem}`;

/** A complete HTML document around the fragment: what the archive keeps. No script, no links out. */
export function scorecardHtmlDocument(s: PublicScorecard): string {
  const { lang } = scorecardLabels(s.lang);
  return `<!doctype html>
<html lang="${esc(lang)}" dir="${direction(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(scorecardTitle(s))}</title>
<style>${CSS}</style>
</head>
<body>
${scorecardHtmlFragment(s)}</body>
</html>
`;
}

// ---------------------------------------------------------------- Typst and PDF

const t = typstText;
const strong = (s: string) => `#strong[${t(s)}]`;

/** The complete Typst source of the card. */
export function scorecardTypst(s: PublicScorecard): string {
  const { labels, lang } = scorecardLabels(s.lang);
  const title = scorecardTitle(s);
  return [
    documentPreamble({ lang, dir: direction(lang), title }),
    `#block(below: 1.2em, text(size: 16pt, weight: "bold")[${t(title)}])`,
    factsTypst(s, labels),
    `= ${t(labels.summary)}`,
    scoresTypst(s, labels, lang),
    `${strong(`${labels.agreement}:`)} ${t(alphaText(s, labels))}`,
    `#text(size: 9pt)[${t(`${labels.scale}: ${scaleText(labels)}`)}]`,
    `= ${t(labels.recentChanges)}`,
    narrative(s).map((line) => `- ${t(line)}`).join('\n'),
    `= ${t(labels.indicators)}`,
    indicatorsTypst(s, labels),
    `= ${t(labels.notes)}`,
    '#set text(size: 9.5pt)',
    ...s.dimensions.map((d) => notesTypst(d, lang, labels)),
  ].join('\n\n') + '\n';
}

function factsTypst(s: PublicScorecard, labels: ScorecardLabels): string {
  const rows: [string, string][] = [
    [labels.alliance, s.alliance],
    [labels.period, `${instant(s.start)} – ${instant(s.end)}`],
    [labels.reviewer, s.reviewer],
    [labels.reviewee, s.reviewee],
    [labels.triad, s.triad.join(labels.comma)],
    [labels.raters, s.raters.join(labels.comma)],
  ];
  const cells = rows.map(([k, v]) => `[${strong(k)}], [${t(v)}]`).join(',\n  ');
  return `#grid(columns: (auto, 1fr), column-gutter: 1em, row-gutter: 0.55em,\n  ${cells},\n)`;
}

function scoresTypst(s: PublicScorecard, labels: ScorecardLabels, lang: string): string {
  const header = [labels.dimension, labels.median, labels.range, labels.previous].map((h) => `[${strong(h)}]`).join(', ');
  const rows = s.dimensions.map((d) => [d.title, median(d.median, lang), `${d.min}–${d.max}`, previousMedian(s, d.id)].map((c) => `[${t(c)}]`).join(', '));
  return `#table(columns: (1fr, auto, auto, auto), inset: 5pt, stroke: 0.4pt + luma(170),\n  table.header(${header}),\n  ${rows.join(',\n  ')},\n)`;
}

function indicatorsTypst(s: PublicScorecard, labels: ScorecardLabels): string {
  if (s.indicators.length === 0) return t(labels.noIndicators);
  return s.indicators.map((i) => `- ${t(`${i.name}: ${i.value} (${i.threshold}): ${i.tripped ? labels.tripped : labels.withinThreshold}`)}`).join('\n');
}

function notesTypst(d: PublicScorecard['dimensions'][number], lang: string, labels: ScorecardLabels): string {
  const items = d.ratings.map((r) => `- ${strong(r.rater)}: ${t(`${median(r.score, lang)}. `)}${r.note === '' ? `#emph[${t(labels.noNote)}]` : t(r.note)}`);
  return `== ${t(d.title)}\n\n${items.join('\n')}`;
}

/** The card as PDF bytes (A4, bundled fonts, reproducible). */
export async function renderScorecardPdf(s: PublicScorecard): Promise<Uint8Array> {
  return renderPdf(scorecardTypst(s));
}

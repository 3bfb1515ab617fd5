// PDF rendering: a three-page A4 document (English and Arabic) through renderPdf, the way a
// scorecard or covenant is published. Target from issue 4: one scorecard PDF under 500 ms once
// the compiler is warm. Reports the first render (compiler start, font loading), then the
// median of 20 warm renders, each of a document whose text differs from the last (as
// successive scorecards do), and of the same document again.
// Standalone: npm run build && node bench/pdf.mjs   (or call benchPdf() from bench/run.mjs)
import { fileURLToPath } from 'node:url';
import { documentTypst } from '../dist/render/document.js';
import { pdfPageCount } from '../dist/render/pdf-info.js';
import { renderPdf } from '../dist/render/pdf.js';

const RUNS = 20;

const EN = 'Financial records must remain accessible to every member; the assembly met on day %n and elected a new council.';
const AR = 'تلتزم المنظمات المتحالفة بالشفافية الكاملة في التمويل والإنفاق، وقد اجتمعت الجمعية العامة في اليوم %n وانتخبت مجلسًا جديدًا.';

/** `count` sections of three 6-sentence paragraphs; `n` varies the text. */
function document(lang, sentence, count, n) {
  const para = Array.from({ length: 6 }, (_, i) => sentence.replace('%n', String(n + i))).join(' ');
  const sections = Array.from({ length: count }, (_, i) => ({ heading: `${i + 1}`, paragraphs: [para, para, para] }));
  return documentTypst({ lang, dir: lang === 'ar' ? 'rtl' : 'ltr', title: `${lang} ${n}`, sections });
}

/** The fewest sections that fill three pages in this language. */
async function threePages(lang, sentence) {
  for (let count = 1; count < 50; count++) {
    if (pdfPageCount(await renderPdf(document(lang, sentence, count, 1))) === 3) return count;
  }
  throw new Error(`no section count gives a three-page ${lang} document`);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
}

async function time(source) {
  const t = performance.now();
  const pdf = await renderPdf(source);
  return { ms: performance.now() - t, pdf };
}

export async function benchPdf() {
  const first = await time(document('en', EN, 1, 0));
  const rows = [['PDF, first render in a process (compiler start, 4 fonts)', `${first.ms.toFixed(0)} ms`]];
  const results = { firstMs: first.ms };
  for (const [lang, sentence] of [['en', EN], ['ar', AR]]) {
    const count = await threePages(lang, sentence);
    const pages = pdfPageCount((await time(document(lang, sentence, count, 1))).pdf);
    const fresh = [];
    for (let i = 0; i < RUNS; i++) fresh.push((await time(document(lang, sentence, count, 100 + i))).ms);
    const same = [];
    for (let i = 0; i < RUNS; i++) same.push((await time(document(lang, sentence, count, 1))).ms);
    results[lang] = { pages, warmNewTextMs: median(fresh), warmSameMs: median(same) };
    rows.push([`PDF, ${pages}-page ${lang} document, warm, new text each time (median of ${RUNS})`, `${median(fresh).toFixed(1)} ms`]);
    rows.push([`PDF, ${pages}-page ${lang} document, warm, same source again (median of ${RUNS})`, `${median(same).toFixed(1)} ms`]);
  }
  return { results, rows };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { rows } = await benchPdf();
  for (const [what, figure] of rows) console.log(`| ${what} | ${figure} |`);
}

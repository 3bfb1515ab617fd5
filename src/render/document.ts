/**
 * The page every Daylight PDF is printed on: A4, the bundled fonts in the reader's script
 * order, right-to-left for Arabic, the title in a running header with "page / pages", then
 * sections of headings and paragraphs. Scorecards and covenants build on documentTypst's
 * preamble (documentPreamble) and add their own body.
 *
 * Every string from the input goes through typstText, so user text cannot become markup.
 * Reproducible bytes: `date: none` (Typst's default stamps the clock).
 * Hyphenation is off: a hyphen added at a line end would enter the PDF's text and break
 * copying and searching (and the text-extraction tests).
 */
import { isLocale, type Locale } from '../i18n/index.js';
import { ARABIC_FAMILY, LATIN_FAMILY } from './fonts.js';
import { typstText } from './typst-escape.js';

export interface DocumentSection {
  heading: string;
  paragraphs: readonly string[];
}

export interface DocumentInput {
  lang: Locale;
  dir: 'ltr' | 'rtl';
  title: string;
  sections: readonly DocumentSection[];
}

/** A complete Typst source for a titled, sectioned A4 document. */
export function documentTypst(doc: DocumentInput): string {
  const body = doc.sections.map(sectionTypst).join('\n');
  return `${documentPreamble(doc)}\n${titleTypst(doc.title)}\n${body}`;
}

/** Page, text and heading settings for a document in `lang`, titled `title`. */
export function documentPreamble({ lang, dir, title }: Pick<DocumentInput, 'lang' | 'dir' | 'title'>): string {
  // lang and dir enter Typst code unescaped, so they must be exactly what the types say.
  if (!isLocale(lang) || (dir !== 'ltr' && dir !== 'rtl')) throw new Error(`documentPreamble: bad lang ${lang} or dir ${dir}`);
  const t = typstText(title);
  // Script order: the text's own script first, the other for names and quotes in it;
  // fallback: false keeps every glyph in these two families (fonts.ts).
  const fonts = lang === 'ar' ? [ARABIC_FAMILY, LATIN_FAMILY] : [LATIN_FAMILY, ARABIC_FAMILY];
  // Naskh letters are small for their body size: a size up reads like the Latin text.
  const size = lang === 'ar' ? '12pt' : '10.5pt';
  return `#set document(title: [${t}], date: none)
#set text(lang: "${lang}", dir: ${dir}, font: (${fonts.map((f) => `"${f}"`).join(', ')}), fallback: false, size: ${size}, hyphenate: false)
#set par(justify: true, leading: 0.75em, spacing: 1.2em)
#set page(
  paper: "a4",
  margin: (x: 2.2cm, top: 2.6cm, bottom: 2.2cm),
  header: context {
    set text(size: 8.5pt, fill: luma(90))
    [${t}]
    h(1fr)
    counter(page).display("1 / 1", both: true)
    v(-0.5em)
    line(length: 100%, stroke: 0.4pt + luma(160))
  },
)
#show heading: set text(size: 12.5pt)
#show heading: set block(above: 1.6em, below: 0.8em)
`;
}

function titleTypst(title: string): string {
  return `#block(below: 1.4em, text(size: 18pt, weight: "bold")[${typstText(title)}])\n`;
}

function sectionTypst({ heading, paragraphs }: DocumentSection): string {
  const paras = paragraphs.map((p) => `${typstText(p)}\n`).join('\n');
  return `= ${typstText(heading)}\n\n${paras}`;
}

/**
 * Scorecard rendering (src/render/scorecard.ts): a typical card — three raters, five dimensions,
 * notes of a couple of hundred characters, the previous cycle beside it — fits at most three A4
 * pages in every language (read from the PDF with pdf-info.ts, and with pdfinfo when installed);
 * an Arabic card's text comes back from pdftotext in logical order; hostile notes stay text in
 * HTML and in the PDF. poppler.ts explains how right-to-left text is read back.
 */
import { describe, expect, it } from 'vitest';
import { computeScorecard, DEFAULT_DIMENSIONS, type PublicScorecard } from '../../src/domain/audit/scorecard.js';
import { SCORECARD_LABELS } from '../../src/domain/audit/labels.js';
import { DIMENSIONS } from '../../src/domain/covenant/template-text.js';
import type { SupportedLanguage } from '../../src/domain/covenant/schema.js';
import { renderScorecardPdf, scorecardHtmlDocument, scorecardHtmlFragment, scorecardTitle, scorecardTypst } from '../../src/render/scorecard.js';
import { pdfPageCount } from '../../src/render/pdf-info.js';
import { typstText } from '../../src/render/typst-escape.js';
import { collapseSpace, pdfinfoPages, pdftotext, popplerMissing, withoutSpace } from './poppler.js';

const NOTES: Record<SupportedLanguage, string[]> = {
  en: [
    'The assembly met twice this cycle and published its minutes within a week; the treasurer resigned and a rotating committee of three now signs off on expenses above the agreed amount.',
    'Two members who criticised the leadership in the open session were given time to speak at the next one; nobody was sanctioned, and the complaint procedure was used once.',
    'Funding from one foundation grew to a third of the budget; it is disclosed with its conditions, but the dependence is worth watching in the next cycle.',
  ],
  es: [
    'La asamblea se reunió dos veces en este ciclo y publicó sus actas en una semana; la tesorera renunció y un comité rotativo de tres personas firma ahora los gastos por encima del monto acordado.',
    'Dos miembros que criticaron a la dirección en la sesión abierta tuvieron tiempo para hablar en la siguiente; nadie fue sancionado y el procedimiento de quejas se usó una vez.',
    'La financiación de una fundación creció hasta un tercio del presupuesto; está declarada con sus condiciones, pero conviene vigilar la dependencia en el próximo ciclo.',
  ],
  fr: [
    'L’assemblée s’est réunie deux fois pendant ce cycle et a publié ses procès-verbaux en une semaine ; la trésorière a démissionné et un comité tournant de trois personnes valide désormais les dépenses au-delà du montant convenu.',
    'Deux membres qui avaient critiqué la direction en séance publique ont eu la parole à la séance suivante ; personne n’a été sanctionné, et la procédure de plainte a servi une fois.',
    'Le financement d’une fondation atteint un tiers du budget ; il est déclaré avec ses conditions, mais cette dépendance mérite d’être suivie au prochain cycle.',
  ],
  pt: [
    'A assembleia reuniu-se duas vezes neste ciclo e publicou as suas atas em uma semana; a tesoureira renunciou e um comitê rotativo de três pessoas agora aprova as despesas acima do valor acordado.',
    'Dois membros que criticaram a direção na sessão aberta tiveram tempo para falar na seguinte; ninguém foi punido, e o procedimento de queixas foi usado uma vez.',
    'O financiamento de uma fundação chegou a um terço do orçamento; está declarado com as suas condições, mas vale acompanhar essa dependência no próximo ciclo.',
  ],
  ar: [
    'اجتمعت الجمعية العامة مرتين في هذه الدورة ونشرت محاضرها خلال أسبوع واحد، واستقالت أمينة الصندوق، وتوقع الآن لجنة دورية من ثلاثة أعضاء على النفقات التي تتجاوز المبلغ المتفق عليه.',
    'أعطي عضوان انتقدا القيادة في الجلسة المفتوحة وقتا للحديث في الجلسة التالية، ولم يعاقب أحد، واستخدم إجراء الشكاوى مرة واحدة.',
    'ارتفع تمويل مؤسسة واحدة إلى ثلث الميزانية، وهو معلن مع شروطه، لكن هذه التبعية تستحق المتابعة في الدورة القادمة.',
  ],
};

// Arabic titles without short vowels: the template's first title has a tanwin, which Typst
// extracts with duplicated marks (typst/typst#8767, pinned in document.test.ts).
const AR_TITLES = ['هياكل صنع القرار وتغييراتها الأخيرة', 'الشفافية المالية والتحولات في التمويل', 'التعامل مع المعارضة الداخلية', 'انسجام التكتيكات مع المبادئ المتفق عليها', 'التحالفات الخارجية التي قد تمس القيم المشتركة'];
const RATERS = ['alba', 'bruno', 'chen'];

function typical(lang: SupportedLanguage, notes = NOTES[lang]): PublicScorecard {
  return computeScorecard({
    alliance: 'tri',
    rhythm: 'lunar',
    cycle: { n: 1285, start: '2026-11-20T06:47:00Z', end: '2026-12-20T01:43:00Z' },
    reviewer: 'sur',
    reviewee: 'norte',
    lang,
    dimensions: DEFAULT_DIMENSIONS.map((id, j) => ({ id, title: lang === 'ar' ? AR_TITLES[j]! : DIMENSIONS[id]![lang] })),
    triad: RATERS,
    ratings: RATERS.flatMap((rater, i) => DEFAULT_DIMENSIONS.map((dimension, j) => ({ rater, dimension, score: (i + 2 * j) % 5, note: notes[(i + j) % notes.length]! }))),
    previous: { cycle: 1284, reviewer: 'sur', dimensions: DEFAULT_DIMENSIONS.map((id, j) => ({ id, median: j % 4 })) },
    indicators: [],
  });
}

describe('scorecard PDF', () => {
  it('a typical card fits at most three A4 pages in each of en, es, fr, ar, pt', async () => {
    for (const lang of ['en', 'es', 'fr', 'ar', 'pt'] as const) {
      const pdf = await renderScorecardPdf(typical(lang));
      const pages = pdfPageCount(pdf);
      expect(pages, lang).toBeGreaterThanOrEqual(1);
      expect(pages, lang).toBeLessThanOrEqual(3);
      if (!popplerMissing) expect(pdfinfoPages(pdf), lang).toBe(pages);
    }
  });

  it('renders the same bytes for the same card (archived documents are reproducible)', async () => {
    const s = typical('fr');
    expect(Buffer.from(await renderScorecardPdf(s)).equals(Buffer.from(await renderScorecardPdf(s)))).toBe(true);
  });

  it.skipIf(popplerMissing !== null)('an Arabic card reads back in logical order: title, sections in order, every note whole', async () => {
    const s = typical('ar');
    const text = pdftotext(await renderScorecardPdf(s));
    const flat = withoutSpace(text);
    const L = SCORECARD_LABELS.ar;
    const at = (label: string) => flat.indexOf(withoutSpace(label));
    for (const label of [L.scorecard, L.summary, L.recentChanges, L.indicators, L.noIndicators, L.notes]) expect(at(label), label).toBeGreaterThanOrEqual(0);
    expect(at(L.summary)).toBeLessThan(at(L.recentChanges));
    expect(at(L.recentChanges)).toBeLessThan(at(L.indicators));
    expect(at(L.indicators)).toBeLessThan(at(L.notes));
    for (const note of NOTES.ar) expect(flat).toContain(withoutSpace(note));
    for (const title of AR_TITLES) expect(flat).toContain(withoutSpace(title));
    // the short sentence reads word for word, spaces included (poppler.ts: no neutrals in it)
    expect(collapseSpace(text)).toContain(L.noIndicators);
  });

  it.skipIf(popplerMissing !== null)('hostile notes come out of the PDF as typed, never as markup', async () => {
    const hostile = ['#panic("boom") #set page(paper: "a3") $x^2$ *bold* _em_ `raw` <label> @ref // comment', '= Not a heading\n- not a list\n#import "@preview/x:0.1.0": *', '<script>alert(1)</script> [link](https://evil.example) \\ backslash'];
    const pdf = await renderScorecardPdf(typical('en', hostile));
    expect(pdfPageCount(pdf)).toBeLessThanOrEqual(3);
    const text = collapseSpace(pdftotext(pdf));
    for (const note of hostile) expect(text).toContain(collapseSpace(note));
  });
});

describe('scorecard HTML', () => {
  it('escapes every user text, isolates its direction, and marks an Arabic card right to left', () => {
    const s = typical('en', ['<script>alert("x")</script> & \'quoted\'', 'line one\nline two', 'ملاحظة بالعربية']);
    const html = scorecardHtmlFragment(s);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('<span dir="auto">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;</span>');
    expect(html).toContain('<span dir="auto">line one<br>line two</span>');
    expect(html).toMatch(/^<article class="scorecard" lang="en" dir="ltr">/);
    expect(scorecardHtmlFragment(typical('ar'))).toMatch(/^<article class="scorecard" lang="ar" dir="rtl">/);
    const doc = scorecardHtmlDocument(typical('ar'));
    expect(doc).toMatch(/^<!doctype html>\n<html lang="ar" dir="rtl">/);
    expect(doc).toContain(`<title>${scorecardTitle(typical('ar'))}</title>`);
    expect(doc).not.toMatch(/<script|<link|src=|href=/i);
  });

  it('shows the medians with their labels, the range, the previous median, alpha and the narrative', () => {
    const s = typical('es');
    const html = scorecardHtmlFragment(s);
    const d = s.dimensions[0]!;
    expect(html).toContain(`<td>${d.median} (${SCORECARD_LABELS.es.scores[d.median]})</td><td>${d.min}–${d.max}</td><td>0</td>`);
    expect(html).toContain(`Acuerdo entre evaluadores (alfa de Krippendorff, ordinal): ${s.alpha === null ? 'no definido' : s.alpha.toFixed(3)}`);
    expect(html).toContain('lunación 1284');
    expect(html).toContain('Aún no hay lecturas de indicadores para este periodo.');
  });

  it('writes every user string into Typst through typstText only', () => {
    const src = scorecardTypst(typical('en', ['#panic("x")', 'a', 'b']));
    expect(src).not.toContain('#panic("x")');
    expect(src).toContain('\\#panic\\(\\"x\\"\\)');
    expect(src).toContain(`#set document(title: [${typstText('Scorecard: sur on norte, lunation 1285')}], date: none)`);
  });
});

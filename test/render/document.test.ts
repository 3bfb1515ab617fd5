/**
 * documentTypst (src/render/document.ts) through renderPdf, read back with pdftotext: Arabic
 * in logical order, accents intact, hostile text as typed. poppler.ts explains how RTL text
 * is read back and why Arabic paragraphs are compared without whitespace.
 */
import { describe, expect, it } from 'vitest';
import { documentTypst, type DocumentInput } from '../../src/render/document.js';
import { pdfPageCount } from '../../src/render/pdf-info.js';
import { renderPdf } from '../../src/render/pdf.js';
import { collapseSpace, pdftotext, popplerMissing, withoutSpace } from './poppler.js';

const SENTENCE = 'الحرية والعدالة للجميع';
// Two sentences with tanwin marks (ًا, ًا) and a full stop in the middle of the paragraph.
const DIGNITY =
  'يولد جميع الناس أحرارًا متساوين في الكرامة والحقوق. وقد وهبوا عقلًا وضميرًا وعليهم أن يعامل بعضهم بعضًا بروح الإخاء.';
const LONG =
  'تلتزم المنظمات المتحالفة بالشفافية الكاملة في التمويل والإنفاق، وتنشر سجلاتها المالية كل ثلاثة أشهر، ' +
  'وتعقد جمعية عامة منتخبة مرة واحدة على الأقل في السنة؛ وإذا تركز القرار في يد قائد واحد فذلك أمر قابل للقياس.';

const arabic: DocumentInput = {
  lang: 'ar',
  dir: 'rtl',
  title: 'بطاقة الأداء: الدورة الثالثة',
  sections: [
    { heading: 'المبادئ غير القابلة للتفاوض', paragraphs: [SENTENCE, LONG] },
    { heading: 'الكرامة', paragraphs: [DIGNITY] },
  ],
};

const english: DocumentInput = {
  lang: 'en',
  dir: 'ltr',
  title: 'Scorecard, cycle 3',
  sections: [{ heading: 'Decision-making', paragraphs: ['Two assemblies were held; minutes are public.'] }],
};

/** Sections of filler text: `n` sections of four paragraphs each. */
function longDocument(n: number): DocumentInput {
  const para = 'Financial records must remain accessible to every member. '.repeat(9).trim();
  const sections = Array.from({ length: n }, (_, i) => ({ heading: `Section ${i + 1}`, paragraphs: [para, para, para, para] }));
  return { lang: 'en', dir: 'ltr', title: 'Covenant', sections };
}

describe('documentTypst', () => {
  it('writes A4, the language, its direction, the bundled fonts and no date', () => {
    const src = documentTypst(arabic);
    expect(src).toContain('paper: "a4"');
    expect(src).toContain('#set text(lang: "ar", dir: rtl, font: ("Noto Naskh Arabic", "Noto Sans"), fallback: false');
    expect(src).toContain('date: none');
    expect(documentTypst(english)).toContain('#set text(lang: "en", dir: ltr, font: ("Noto Sans", "Noto Naskh Arabic")');
  });

  it('refuses a lang or dir outside its types, since they enter Typst code unescaped', () => {
    const bad = { ...english, lang: 'en", dir: ltr) #panic("x") //' } as unknown as DocumentInput;
    expect(() => documentTypst(bad)).toThrow(/bad lang/);
  });

  it('compiles an English and an Arabic document of one page each', async () => {
    for (const doc of [english, arabic]) {
      const pdf = await renderPdf(documentTypst(doc));
      expect(pdfPageCount(pdf)).toBe(1);
    }
  });

  it('grows to the pages its content needs', async () => {
    // four sections of four 9-sentence paragraphs fill a little over two A4 pages
    const pdf = await renderPdf(documentTypst(longDocument(4)));
    expect(pdfPageCount(pdf)).toBe(3);
  });

  it('gives identical bytes for the same input', async () => {
    const a = await renderPdf(documentTypst(arabic));
    const b = await renderPdf(documentTypst(arabic));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  describe.skipIf(popplerMissing)('read back with pdftotext', () => {
    it('gives the Arabic sentence in logical order, word for word', async () => {
      const text = pdftotext(await renderPdf(documentTypst(arabic)));
      expect(text.split('\n').map(collapseSpace)).toContain(SENTENCE);
      // the title's colon is a neutral: poppler moves the space next to it (see poppler.ts)
      expect(withoutSpace(text)).toContain(withoutSpace(arabic.title));
    });

    it('gives a longer Arabic paragraph in logical order, character for character', async () => {
      const text = withoutSpace(pdftotext(await renderPdf(documentTypst(arabic))));
      expect(text).toContain(withoutSpace(LONG));
      // and not reversed: the first word comes before the last
      expect(text.indexOf('تلتزم')).toBeLessThan(text.indexOf('للقياس'));
    });

    // Known Typst bug, typst/typst#8767 (open; Typst 0.14.2 here): a combining mark drawn as
    // its own glyph gets the whole cluster's text in the font's ToUnicode map, as does its base
    // letter, so the PDF itself says "رً" twice for the one "رً" of أحرارًا; every extractor then
    // duplicates it. Shaping and display are right; only copying and searching voweled words
    // (tanwin, shadda, harakat) suffer. it.fails turns green→red when an upgrade fixes it: then
    // make this an ordinary test.
    it.fails('gives voweled Arabic (tanwin, harakat) back exactly — fails until typst/typst#8767 is fixed', async () => {
      const text = withoutSpace(pdftotext(await renderPdf(documentTypst(arabic))));
      expect(text).toContain(withoutSpace(DIGNITY));
    });

    it('keeps Latin words and digits inside Arabic text in order', async () => {
      const mixed = 'اجتمعت Daylight و Solidaridad 2024 في الجمعية العامة';
      const text = pdftotext(await renderPdf(documentTypst({ ...arabic, sections: [{ heading: 'مزيج', paragraphs: [mixed] }] })));
      expect(withoutSpace(text)).toContain(withoutSpace(mixed));
    });

    it('keeps the accents of Spanish, French and Portuguese', async () => {
      const samples: DocumentInput[] = [
        { lang: 'es', dir: 'ltr', title: 'Pacto de solidaridad', sections: [{ heading: 'Decisión', paragraphs: ['¿Quién decide? La asamblea, según el año: niño, pingüino, ¡acción!'] }] },
        { lang: 'fr', dir: 'ltr', title: 'Pacte de solidarité', sections: [{ heading: 'Œuvre', paragraphs: ['Être élu à l’unanimité : ça, c’est déjà « très » difficile, où qu’on soit ; cœur, Noël, naïf.'] }] },
        { lang: 'pt', dir: 'ltr', title: 'Pacto de solidariedade', sections: [{ heading: 'Ação', paragraphs: ['Não há decisão sem eleição: coração, pão, avó, você, à noite.'] }] },
      ];
      for (const doc of samples) {
        const text = collapseSpace(pdftotext(await renderPdf(documentTypst(doc))));
        for (const s of [doc.title, doc.sections[0]!.heading, ...doc.sections[0]!.paragraphs]) expect(text).toContain(s);
      }
    });

    it('prints hostile text as typed, in the title, a heading and a paragraph', async () => {
      const hostile = '#panic("x") ] [ $x^2$ \\ "quoted" \'single\' <label> @ref = - + / ~ * _ ` // not a comment https://x.example';
      const doc: DocumentInput = { lang: 'en', dir: 'ltr', title: hostile, sections: [{ heading: hostile, paragraphs: [hostile, `line one\nline two`] }] };
      // Compared without whitespace: long lines wrap, and a wrap may fall inside "https://x".
      const text = withoutSpace(pdftotext(await renderPdf(documentTypst(doc))));
      const times = text.split(withoutSpace(hostile)).length - 1;
      expect(times).toBe(4); // running header, title, heading, paragraph
      expect(text).toContain(`${withoutSpace(hostile)}lineonelinetwo`);
    });
  });
});

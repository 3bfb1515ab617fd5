/**
 * renderPdf's contract (src/render/pdf.ts): reproducible bytes, only the bundled fonts, template
 * errors as one-line Errors.
 */
import { describe, expect, it } from 'vitest';
import { ARABIC_FAMILY, FONT_POSTSCRIPT_NAMES, LATIN_FAMILY } from '../../src/render/fonts.js';
import { renderPdf } from '../../src/render/pdf.js';
import { pdffonts, popplerMissing } from './poppler.js';

const FONTS = `("${LATIN_FAMILY}", "${ARABIC_FAMILY}")`;

function page(body: string): string {
  return `#set document(date: none)\n#set text(font: ${FONTS}, fallback: false)\n${body}\n`;
}

/** Font names in the PDF's /BaseFont entries, subset tags removed: read without poppler. */
function baseFonts(pdf: Uint8Array): string[] {
  const text = Buffer.from(pdf).toString('latin1');
  const names = [...text.matchAll(/\/BaseFont\s*\/([^\s/<>[\]()]+)/g)].map((m) => m[1]!.replace(/^[A-Z]{6}\+/, ''));
  return [...new Set(names)].sort();
}

describe('renderPdf', () => {
  it('gives the same bytes for the same source', async () => {
    const source = page('= Título\n\nAção, niño, œuvre. الحرية والعدالة للجميع');
    const a = await renderPdf(source);
    const b = await renderPdf(source);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a).toString('latin1')).not.toMatch(/CreationDate|ModDate/);
  });

  it('refuses a template that leaves the date to the clock', async () => {
    await expect(renderPdf('Hello')).rejects.toThrow(/date: auto.*reproducible/);
  });

  it('embeds only bundled fonts, even for characters they lack', async () => {
    // Thai, CJK and emoji are in no bundled font; this machine may well have fonts for them
    // (Debian's fonts-noto-core has Noto Sans Thai). With fallback: false they stay blank boxes.
    const pdf = await renderPdf(page('Latin *bold* الحرية *العدالة* ภาษาไทย 中文 😀'));
    expect(baseFonts(pdf)).toEqual([...FONT_POSTSCRIPT_NAMES].sort());
  });

  it.skipIf(popplerMissing)('embeds only bundled fonts, as poppler reads them', async () => {
    const pdf = await renderPdf(page('Latin *bold* الحرية *العدالة* ภาษาไทย 中文 😀'));
    expect(pdffonts(pdf).sort()).toEqual([...FONT_POSTSCRIPT_NAMES].sort());
  });

  it('turns a Typst error into one line with its place in the source', async () => {
    // line 4 of the source (page() adds two lines before it), column 4: the field name
    const err = await renderPdf(page('#let x = 1\n#x.foo')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe('Typst: cannot access fields on type integer at line 4, column 4');
  });

  it('turns a Typst warning (an unknown font) into an error too', async () => {
    await expect(renderPdf(page('#text(font: "Comic Sans MS")[x]'))).rejects.toThrow(
      /^Typst: unknown font family: comic sans ms at line 3, column 13$/,
    );
  });

  it('lets a template read no file: its root is empty', async () => {
    await expect(renderPdf(page('#read("/etc/hostname")'))).rejects.toThrow(/^Typst: file not found/);
    await expect(renderPdf(page('#image("../../../../etc/passwd")'))).rejects.toThrow(/^Typst: /);
  });

  it('keeps working after an error', async () => {
    await expect(renderPdf(page('#('))).rejects.toThrow(/^Typst: /);
    const pdf = await renderPdf(page('after'));
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
  });
});

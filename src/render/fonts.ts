/**
 * The fonts every PDF is set in: four OFL files bundled in assets/fonts/ (see its README for
 * source, versions and licence).
 *
 * Same bytes on every machine: the Typst node compiler always indexes the system's fonts too,
 * and there is no switch to stop it. Two things keep them out of our PDFs:
 *   - fonts passed to the compiler come before system fonts, and Typst picks the first of equal
 *     matches, so a system "Noto Sans" of another version never shadows ours (checked once by
 *     bundling a Noto Serif renamed "Noto Sans": the PDF embedded NotoSerif-Regular);
 *   - templates name only these families and set `fallback: false`, so a character none of them
 *     has shows as a blank box instead of pulling in whatever font the machine has
 *     (test/render/pdf.test.ts checks the embedded fonts).
 */
import { readFileSync } from 'node:fs';

/** Latin, Greek, Cyrillic: covers every accent of es, fr and pt. */
export const LATIN_FAMILY = 'Noto Sans';
/** Arabic, shaped by Typst through the font's OpenType tables. */
export const ARABIC_FAMILY = 'Noto Naskh Arabic';

export const FONT_FILES = [
  'NotoSans-Regular.ttf',
  'NotoSans-Bold.ttf',
  'NotoNaskhArabic-Regular.ttf',
  'NotoNaskhArabic-Bold.ttf',
] as const;

/** PostScript names of the bundled faces: the only fonts a PDF of ours may embed. */
export const FONT_POSTSCRIPT_NAMES = [
  'NotoSans-Regular',
  'NotoSans-Bold',
  'NotoNaskhArabic-Regular',
  'NotoNaskhArabic-Bold',
] as const;

/** assets/fonts/ from src/render/ (tests) and from dist/render/ (built) alike. */
export const FONT_DIR = new URL('../../assets/fonts/', import.meta.url);

/** The font files' bytes, read once per compiler (about 1.4 MB). */
export function readBundledFonts(): Buffer[] {
  return FONT_FILES.map((name) => {
    try {
      return readFileSync(new URL(name, FONT_DIR));
    } catch (err) {
      // A missing font is an installation bug, not bad input: say which file and where.
      throw new Error(`bundled font ${name} is missing from ${FONT_DIR.pathname}: reinstall Daylight`, {
        cause: err,
      });
    }
  });
}

/**
 * Poppler's command-line tools (Debian: `apt-get install -y poppler-utils`) as an independent
 * reader of our PDFs: pdftotext for the text, pdfinfo for the page count, pdffonts for the
 * embedded fonts. Tests that need them skip with a printed reason when they are absent.
 *
 * Reading right-to-left text back (poppler 22.12):
 *   - plain `pdftotext` (its default reading-order mode) rebuilds the logical order from the
 *     glyph positions and wraps each run in bidi embedding controls: U+202B RLE … U+202C PDF for
 *     Arabic, U+202A LRE … U+202C PDF for digits and Latin words inside it. Removing those
 *     controls gives the source text back in logical order;
 *   - `pdftotext -raw` (content-stream order) is wrong for Arabic: it gives the words of a line in
 *     visual order (last word first) and splits the lam-alef ligature (الأ comes out as أ ل ا);
 *   - in the default mode a neutral run between Arabic words, such as "، " (Arabic comma and
 *     space), is emitted as an LTR run with its characters swapped (" ،"): the characters stay
 *     in order, the space moves. So Arabic text is compared with all whitespace removed
 *     (sameIgnoringSpace); the short sentence has no neutrals and matches word for word.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function run(tool: string, args: string[], input: Uint8Array): string {
  const r = spawnSync(tool, args, { input, maxBuffer: 64 << 20, encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${tool} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

function installed(tool: string): boolean {
  return !spawnSync(tool, ['-v']).error;
}

/** Why poppler tests are skipped, or null when pdftotext, pdfinfo and pdffonts are installed. */
export const popplerMissing: string | null = ['pdftotext', 'pdfinfo', 'pdffonts'].every(installed)
  ? null
  : 'poppler-utils not installed (apt-get install -y poppler-utils): skipping tests that read PDFs back with pdftotext, pdfinfo and pdffonts';
if (popplerMissing) console.log(popplerMissing);

/**
 * The PDF's text in logical order, bidi embedding controls removed. `raw`: in the content
 * stream's order, as drawn — pdftotext's default reading order joins a line that ends in a hyphen
 * to the next and drops the hyphen, as if a word had been hyphenated there.
 */
export function pdftotext(pdf: Uint8Array, { raw = false }: { raw?: boolean } = {}): string {
  return stripBidiControls(run('pdftotext', [...(raw ? ['-raw'] : []), '-enc', 'UTF-8', '-', '-'], pdf));
}

export function pdfinfoPages(pdf: Uint8Array): number {
  const m = /^Pages:\s+(\d+)$/m.exec(run('pdfinfo', ['-'], pdf));
  if (!m) throw new Error('pdfinfo printed no page count');
  return Number(m[1]);
}

/** Embedded font names without their subset tag (XLMHQX+NotoSans-Regular → NotoSans-Regular). */
export function pdffonts(pdf: Uint8Array): string[] {
  // pdffonts cannot read standard input: it needs a file it can seek.
  const dir = mkdtempSync(join(tmpdir(), 'daylight-pdffonts-'));
  try {
    writeFileSync(join(dir, 'doc.pdf'), pdf);
    const lines = run('pdffonts', [join(dir, 'doc.pdf')], new Uint8Array()).split('\n').slice(2);
    return lines.filter((l) => l.trim() !== '').map((l) => l.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, ''));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Removes U+202A–U+202E (embeddings, overrides) and U+2066–U+2069 (isolates). */
export function stripBidiControls(s: string): string {
  return s.replace(/[\u202a-\u202e\u2066-\u2069]/g, '');
}

/** Runs of whitespace to one space, ends trimmed. */
export function collapseSpace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

export function withoutSpace(s: string): string {
  return s.replace(/\s+/g, '');
}

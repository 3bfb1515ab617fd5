/**
 * Typst markup → PDF, through the Typst node compiler (@myriaddreamin/typst-ts-node-compiler,
 * Typst's own layout and shaping engine as a native addon) and only the bundled fonts
 * (fonts.ts).
 *
 * One compiler stays warm for the life of the process: creating it indexes fonts (tens of ms, more
 * on a machine with many system fonts), and Typst's memoization then renders a new three-page
 * document in tens of milliseconds (bench/pdf.mjs).
 *
 * Contract:
 *   - the same source gives the same bytes, on any machine with these fonts: a document must say
 *     `date: none` or an explicit date (Typst's `date: auto` stamps the clock, so it is refused);
 *   - the compiler sees a virtual root with nothing in it: a template can read no file and,
 *     with no `#import "@preview/…"`, triggers no download;
 *   - Typst errors and warnings (unknown font, …) are template bugs, since user text only ever
 *     arrives through typstText(): they become an Error with a one-line reason;
 *   - compiling is synchronous native code: a scorecard holds the event loop for milliseconds.
 */
import type { NodeCompiler, NodeError } from '@myriaddreamin/typst-ts-node-compiler';
import { readBundledFonts } from './fonts.js';

/** A directory that does not exist: the compiler's root, holding only the source we add. */
const ROOT = '/daylight-typst';

/**
 * Typst's memo cache: entries unused for this many renders are dropped after each render, as
 * the Typst CLI does between compilations (`comemo::evict(10)`), so a long-lived server does
 * not grow while a run of similar documents stays fast.
 */
const CACHE_MAX_AGE = 10;

let compiler: NodeCompiler | undefined;
let renders = 0;

/**
 * The compiler is a 50 MB native module: loaded on the first render, not when the server starts,
 * since most processes (a server reading pages, most commands) never make a PDF.
 */
async function warmCompiler(): Promise<NodeCompiler> {
  if (compiler === undefined) {
    const { NodeCompiler } = await import('@myriaddreamin/typst-ts-node-compiler');
    compiler ??= NodeCompiler.create({ workspace: ROOT, fontArgs: [{ fontBlobs: readBundledFonts() }] });
  }
  return compiler;
}

/** Compiles Typst markup to PDF bytes with the bundled fonts. */
export async function renderPdf(source: string): Promise<Uint8Array> {
  const typst = await warmCompiler();
  // A new path for every document: given the same path, Typst re-parses the new text as an
  // edit of the last, and that incremental parse can go wrong — after a document holding an
  // escaped backtick, the next one failed with "unclosed raw text" (test/render/typst-escape.test.ts).
  // A fresh path is parsed whole; each path's few bytes stay interned, which is negligible.
  const main = `${ROOT}/main-${++renders}.typ`;
  typst.addSource(main, source);
  try {
    const result = typst.compile({ mainFilePath: main });
    const problem = result.takeError() ?? result.takeWarnings();
    if (problem) throw new Error(`Typst: ${describe(typst, problem)}`);
    const doc = result.result;
    if (!doc) throw new Error('Typst: no document and no diagnostic');
    if (doc.enabledAutoDate) {
      throw new Error('Typst: the template leaves document(date: auto); set date: none or a fixed datetime so the PDF is reproducible');
    }
    const pdf = typst.pdf(doc);
    return new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  } finally {
    typst.unmapShadow(main);
    typst.evictCache(CACHE_MAX_AGE);
  }
}

/** Full diagnostics carry source ranges; the short ones are the fallback if fetching fails. */
function diagnostics(typst: NodeCompiler, problem: NodeError): Diagnostic[] {
  try {
    return typst.fetchDiagnostics(problem) as Diagnostic[];
  } catch {
    return problem.shortDiagnostics as Diagnostic[];
  }
}

interface Diagnostic {
  message?: unknown;
  severity?: unknown;
  range?: { start?: { line?: unknown; character?: unknown } } | null;
}

/** The first diagnostic as one line: its message and 1-based line and column in the source. */
function describe(typst: NodeCompiler, problem: NodeError): string {
  const all = diagnostics(typst, problem);
  const first = all[0];
  if (!first) return `${problem.kind} with no diagnostic`;
  const message = String(first.message).replace(/\s+/g, ' ').trim();
  const start = first.range?.start;
  const at = typeof start?.line === 'number' && typeof start.character === 'number'
    ? ` at line ${start.line + 1}, column ${start.character + 1}`
    : '';
  const more = all.length > 1 ? ` (and ${all.length - 1} more)` : '';
  return `${message}${at}${more}`;
}

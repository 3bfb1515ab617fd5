/**
 * pdfPageCount (src/render/pdf-info.ts) on Typst's PDFs, checked against poppler's pdfinfo, and
 * on hand-built PDFs (ISO 32000-1 §7.5) with the traps a text search falls into: an
 * intermediate page-tree node before the root one, strings holding ">>" and "/Count",
 * and an incremental update that replaces the page tree.
 */
import { describe, expect, it } from 'vitest';
import { pdfPageCount } from '../../src/render/pdf-info.js';
import { renderPdf } from '../../src/render/pdf.js';
import { pdfinfoPages, popplerMissing } from './poppler.js';

async function typstPages(n: number): Promise<Uint8Array> {
  const pages = Array.from({ length: n }, (_, i) => `Page ${i + 1}`).join('\n#pagebreak()\n');
  return renderPdf(`#set document(date: none)\n#set text(font: "Noto Sans", fallback: false)\n${pages}\n`);
}

/** A classic-xref PDF of `objects` (object i+1 is objects[i]), plus optional updates. */
function buildPdf(objects: string[], root: number, updates: { objects: Record<number, string>; root: number }[] = []): Uint8Array {
  let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  let xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${root} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  for (const update of updates) {
    const entries: string[] = [];
    for (const [num, body] of Object.entries(update.objects)) {
      entries.push(`${num} 1\n${String(out.length).padStart(10, '0')} 00000 n \n`);
      out += `${num} 0 obj\n${body}\nendobj\n`;
    }
    const prev = xref;
    xref = out.length;
    out += `xref\n${entries.join('')}trailer\n<< /Size 99 /Root ${update.root} 0 R /Prev ${prev} >>\nstartxref\n${xref}\n%%EOF\n`;
  }
  return Buffer.from(out, 'latin1');
}

const page = (parent: number) => `<< /Type /Page /Parent ${parent} 0 R /MediaBox [0 0 595 842] >>`;

/**
 * Objects 1..7: a catalog whose root /Pages (7) holds an intermediate node (2) of 2 pages and
 * 1 page; the catalog's strings and nested dictionary mention a decoy /Pages (6).
 */
const TREE = [
  '<< /Type /Catalog /Lang (ar (nested) >> /Pages 6 0 R) /PageLabels << /Nums [0 << /P (\\)>> /Pages 6 0 R) >>] >> /Decoy << /Pages 6 0 R >> /Pages 7 0 R >>',
  '<< /Type /Pages /Parent 7 0 R /Kids [3 0 R 4 0 R] /Count 2 >>',
  page(2),
  page(2),
  page(7),
  '<< /Type /Pages /Kids [] /Count 42 /ID <0A1B>>>',
  '<< /Type /Pages /Kids [2 0 R 5 0 R] /Count 3 >>',
];

describe('pdfPageCount', () => {
  it('reads the page count of Typst PDFs', async () => {
    for (const n of [1, 3, 12]) {
      const pdf = await typstPages(n);
      expect(pdfPageCount(pdf)).toBe(n);
      if (!popplerMissing) expect(pdfinfoPages(pdf)).toBe(n);
    }
  });

  it('follows the catalog to the root page tree node, skipping strings and nested dictionaries', () => {
    const pdf = buildPdf(TREE, 1);
    expect(pdfPageCount(pdf)).toBe(3);
    if (!popplerMissing) expect(pdfinfoPages(pdf)).toBe(3);
  });

  it('follows /Prev: the newest section wins', () => {
    const pdf = buildPdf(TREE, 1, [
      { objects: { 8: '<< /Type /Catalog /Pages 9 0 R >>', 9: '<< /Type /Pages /Kids [10 0 R] /Count 1 >>', 10: page(9) }, root: 8 },
    ]);
    expect(pdfPageCount(pdf)).toBe(1);
    if (!popplerMissing) expect(pdfinfoPages(pdf)).toBe(1);
  });

  it('refuses what it does not read, saying what', () => {
    expect(() => pdfPageCount(Buffer.from('hello'))).toThrow('not a PDF: it does not start with %PDF-');
    expect(() => pdfPageCount(Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n'))).toThrow(/no startxref/);
    const xrefStream = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /XRef >>\nstream\nendstream\nendobj\nstartxref\n9\n%%EOF\n');
    expect(() => pdfPageCount(xrefStream)).toThrow(/cross-reference streams are not read/);
    const noPages = buildPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Page >>'], 1);
    expect(() => pdfPageCount(noPages)).toThrow(/not a \/Pages node/);
    const badRef = buildPdf(['<< /Type /Catalog /Pages 5 0 R >>'], 1);
    expect(() => pdfPageCount(badRef)).toThrow(/object 5 0 is not in the xref table/);
  });

  it('refuses a /Prev loop instead of running forever', () => {
    const one = Buffer.from(buildPdf(TREE, 1)).toString('latin1');
    const at = one.lastIndexOf('xref\n0 ');
    const looped = one.replace('/Root 1 0 R >>', `/Root 1 0 R /Prev ${at} >>`);
    expect(() => pdfPageCount(Buffer.from(looped, 'latin1'))).toThrow(/too many xref sections/);
  });
});

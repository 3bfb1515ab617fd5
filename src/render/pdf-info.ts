/**
 * The page count of a PDF, read without poppler (ISO 32000-1 §7.5 file structure, §7.7.2
 * document catalog, §7.7.3.2 page tree nodes):
 *
 *   startxref → xref table (§7.5.4) → trailer /Root → catalog /Pages → root page tree node /Count
 *
 * Following the references, rather than searching for "/Type /Pages", reads the root node's
 * /Count and not an intermediate node's. Incremental updates are followed through /Prev, newest
 * first. Cross-reference streams (§7.5.8) are not read: Typst writes classic tables, and any
 * other PDF is refused with that reason. Loops are bounded; any inconsistency throws.
 */

const MAX_SECTIONS = 64; // xref sections in a /Prev chain
const TAIL = 2048; // startxref sits in the last bytes (§7.5.5)

export function pdfPageCount(pdf: Uint8Array): number {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  if (!text.startsWith('%PDF-')) throw new Error('not a PDF: it does not start with %PDF-');
  const xref = readXref(text);
  const catalog = readObject(text, xref, xref.root);
  const pagesRef = ref(dictValue(catalog, 'Pages'), 'catalog /Pages');
  const pages = readObject(text, xref, pagesRef);
  if (dictValue(pages, 'Type') !== '/Pages') throw new Error('unsupported PDF: catalog /Pages is not a /Pages node');
  const count = Number(dictValue(pages, 'Count'));
  if (!Number.isSafeInteger(count) || count < 0) throw new Error('unsupported PDF: root /Pages has no valid /Count');
  return count;
}

interface Xref {
  offsets: Map<string, number>; // "num gen" → byte offset of "num gen obj"
  root: string;
}

function readXref(text: string): Xref {
  const tail = text.slice(-TAIL);
  const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!m) throw new Error('unsupported PDF: no startxref at the end');
  const offsets = new Map<string, number>();
  let root: string | undefined;
  let at: number | undefined = Number(m[1]);
  for (let i = 0; at !== undefined; i++) {
    if (i === MAX_SECTIONS) throw new Error('unsupported PDF: too many xref sections');
    const trailer = readXrefSection(text, at, offsets);
    root ??= dictValue(trailer, 'Root');
    const prev = dictValue(trailer, 'Prev');
    at = prev === undefined ? undefined : Number(prev);
  }
  return { offsets, root: ref(root, 'trailer /Root') };
}

/** One classic xref section at `at`: records entries not already known, returns its trailer. */
function readXrefSection(text: string, at: number, offsets: Map<string, number>): string {
  if (!Number.isSafeInteger(at) || !text.startsWith('xref', at)) {
    throw new Error('unsupported PDF: startxref does not point at a classic xref table (cross-reference streams are not read)');
  }
  const end = text.indexOf('trailer', at);
  if (end < 0) throw new Error('unsupported PDF: xref table without trailer');
  const lines = text.slice(at + 4, end).trim().split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; ) {
    const [first, count] = (lines[i++] ?? '').trim().split(/\s+/).map(Number);
    if (!Number.isSafeInteger(first) || !Number.isSafeInteger(count)) throw new Error('unsupported PDF: bad xref subsection header');
    for (let n = 0; n < count!; n++) {
      const entry = /^(\d{10}) (\d{5}) ([nf])/.exec(lines[i++] ?? '');
      if (!entry) throw new Error('unsupported PDF: bad xref entry');
      const key = `${first! + n} ${Number(entry[2])}`;
      if (entry[3] === 'n' && !offsets.has(key)) offsets.set(key, Number(entry[1]));
    }
  }
  return dictAt(text, text.indexOf('<<', end));
}

/** The dictionary of indirect object `key` ("num gen"). */
function readObject(text: string, xref: Xref, key: string): string {
  const at = xref.offsets.get(key);
  if (at === undefined) throw new Error(`unsupported PDF: object ${key} is not in the xref table`);
  const header = new RegExp(`^${key.replace(' ', '\\s+')}\\s+obj\\s*`).exec(text.slice(at, at + 64));
  if (!header) throw new Error(`unsupported PDF: xref offset of object ${key} does not point at it`);
  return dictAt(text, at + header[0].length);
}

function ref(value: string | undefined, what: string): string {
  const m = value === undefined ? null : /^(\d+)\s+(\d+)\s+R$/.exec(value);
  if (!m) throw new Error(`unsupported PDF: ${what} is not an indirect reference`);
  return `${Number(m[1])} ${Number(m[2])}`;
}

/** The dictionary `<< … >>` starting at `at`, nested dictionaries and strings skipped whole. */
function dictAt(text: string, at: number): string {
  if (at < 0 || !text.startsWith('<<', at)) throw new Error('unsupported PDF: expected a dictionary');
  let depth = 0;
  for (let i = at; i < text.length; ) {
    if (text.startsWith('<<', i)) (depth++, (i += 2));
    else if (text.startsWith('>>', i)) {
      i += 2;
      if (--depth === 0) return text.slice(at, i);
    } else if (text[i] === '(') i = skipLiteralString(text, i);
    else if (text[i] === '<') i = skipHexString(text, i);
    else if (text[i] === '%') i = skipLine(text, i);
    else i++;
  }
  throw new Error('unsupported PDF: unterminated dictionary');
}

/** §7.3.4.2: balanced unescaped parentheses nest; a backslash escapes the next byte. */
function skipLiteralString(text: string, at: number): number {
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  throw new Error('unsupported PDF: unterminated string');
}

/** §7.3.4.3: `<` hex digits and white space `>`; its `>` must not be read as half of `>>`. */
function skipHexString(text: string, at: number): number {
  const end = text.indexOf('>', at);
  if (end < 0) throw new Error('unsupported PDF: unterminated hex string');
  return end + 1;
}

function skipLine(text: string, at: number): number {
  const m = /[\r\n]/.exec(text.slice(at));
  return m ? at + m.index : text.length;
}

/**
 * The value of `/key` at the top level of a dictionary: the next token, or `n g R` for a
 * reference. Nested dictionaries, arrays and strings are skipped, so a /Count inside them
 * is not mistaken for this one's.
 */
function dictValue(dict: string, key: string): string | undefined {
  const tokens = topLevelTokens(dict.slice(2, -2));
  for (let i = 0; i < tokens.length; i += 2) {
    if (tokens[i] === `/${key}`) return tokens[i + 1];
  }
  return undefined;
}

/** Top-level tokens of a dictionary body, with `n g R` joined and composite values elided. */
function topLevelTokens(body: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < body.length; ) {
    const c = body[i]!;
    if (/\s/.test(c)) i++;
    else if (c === '%') i = skipLine(body, i);
    else if (body.startsWith('<<', i)) {
      const d = dictAt(body, i);
      out.push('<<>>');
      i += d.length;
    } else if (c === '[') (out.push('[]'), (i = skipArray(body, i)));
    else if (c === '(') (out.push('()'), (i = skipLiteralString(body, i)));
    else if (c === '<') (out.push('<>'), (i = skipHexString(body, i)));
    else {
      const m = /^\/?[^\s/[\]<>()%{}]*/.exec(body.slice(i, i + 256))!;
      const token = m[0] || c;
      out.push(token);
      i += token.length;
    }
  }
  return joinReferences(out);
}

function skipArray(body: string, at: number): number {
  let depth = 0;
  for (let i = at; i < body.length; ) {
    const c = body[i];
    if (c === '(') i = skipLiteralString(body, i);
    else if (c === '%') i = skipLine(body, i);
    else {
      if (c === '[') depth++;
      else if (c === ']' && --depth === 0) return i + 1;
      i++;
    }
  }
  throw new Error('unsupported PDF: unterminated array');
}

function joinReferences(tokens: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const [a, b, c] = [tokens[i]!, tokens[i + 1], tokens[i + 2]];
    if (/^\d+$/.test(a) && b !== undefined && /^\d+$/.test(b) && c === 'R') {
      out.push(`${a} ${b} R`);
      i += 2;
    } else out.push(a);
  }
  return out;
}

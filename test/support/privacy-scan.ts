/**
 * Scans every byte of every file under a directory (an exported archive, say) for private values
 * — real names, contacts — in every form they could take there:
 *   - UTF-8 as given, NFC and NFD (a name with accents has two byte forms), and lowercased;
 *   - as a JSON string escapes it (\u00e9 …: RFC 8785 does not, but another writer might);
 *   - UTF-16LE and UTF-16BE (PDF text strings);
 *   - base64 of the UTF-8 (a document carried inside JSON);
 * and inside PDFs, the text pdftotext extracts (Typst subsets fonts and compresses streams, so a
 * name in a PDF is not in its raw bytes), when pdftotext is installed.
 * Returns every hit; an empty list means none of the values is anywhere in the tree.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface PrivacyHit {
  file: string;
  value: string;
  form: string;
}

export const hasPdftotext = spawnSync('pdftotext', ['-v']).status === 0;

function jsonEscaped(s: string): string {
  return JSON.stringify(s)
    .slice(1, -1)
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Every byte form of `value` worth looking for. */
export function forms(value: string): { form: string; bytes: Buffer }[] {
  const texts = new Map<string, string>([
    ['utf-8', value],
    ['NFC', value.normalize('NFC')],
    ['NFD', value.normalize('NFD')],
    ['lowercase', value.toLowerCase()],
    ['JSON-escaped', jsonEscaped(value)],
  ]);
  const out: { form: string; bytes: Buffer }[] = [];
  for (const [form, text] of texts) out.push({ form, bytes: Buffer.from(text, 'utf8') });
  out.push({ form: 'utf-16le', bytes: Buffer.from(value, 'utf16le') });
  out.push({ form: 'utf-16be', bytes: Buffer.from(value, 'utf16le').swap16() });
  out.push({ form: 'base64', bytes: Buffer.from(Buffer.from(value, 'utf8').toString('base64').replace(/=+$/, ''), 'latin1') });
  return out;
}

export function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}

function pdfText(file: string): Buffer | null {
  if (!hasPdftotext) return null;
  const r = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { maxBuffer: 64 * 1024 * 1024 });
  return r.status === 0 ? r.stdout : null;
}

/** Every place any of `values` occurs under `dir`, in any of its forms. */
export function scanForPrivateValues(dir: string, values: readonly string[]): PrivacyHit[] {
  const needles = values.flatMap((value) => forms(value).map((f) => ({ value, ...f })));
  const hits: PrivacyHit[] = [];
  for (const file of listFiles(dir)) {
    const bytes = readFileSync(file);
    const rel = path.relative(dir, file);
    const texts: [string, Buffer][] = [['', bytes]];
    if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') {
      const text = pdfText(file);
      if (text !== null) texts.push([' (pdftotext)', text]);
    }
    for (const [where, haystack] of texts) {
      for (const n of needles) if (n.bytes.length > 0 && haystack.includes(n.bytes)) hits.push({ file: rel + where, value: n.value, form: n.form });
    }
  }
  return hits;
}

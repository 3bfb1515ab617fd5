/**
 * C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the body of a signed note
 *   <origin>\n<tree size, decimal>\n<base64 root hash>\n[extension lines\n]
 * §Note text: at least three non-empty lines; the size has no leading zeroes (the empty tree
 * is "0"); the root is the RFC 6962 root hash; extension lines, if any, are non-empty.
 * Parsing is canonical: formatCheckpoint(parseCheckpoint(t)) === t for every accepted t.
 * Vectors: the spec's example and a production checkpoint, in test/ledger/checkpoint.test.ts.
 */
import { HASH_SIZE, type Hash } from './hash.js';
import { decodeBase64, encodeBase64 } from './base64.js';
import { NoteError } from './note.js';

export interface Checkpoint {
  origin: string;
  size: number;
  root: Hash;
  extensions: string[];
}

export function formatCheckpoint(c: Checkpoint): string {
  // The caller built `c`, so a bad field is a bug, not bad input.
  const lines = [c.origin, ...c.extensions];
  if (lines.some((l) => l === '' || l.includes('\n'))) throw new Error('checkpoint origin and extension lines must be non-empty single lines');
  if (!Number.isSafeInteger(c.size) || c.size < 0) throw new Error(`checkpoint size ${c.size} is not a non-negative safe integer`);
  if (c.root.length !== HASH_SIZE) throw new Error(`checkpoint root is ${c.root.length} bytes, not ${HASH_SIZE}`);
  return [c.origin, String(c.size), encodeBase64(c.root), ...c.extensions].map((l) => l + '\n').join('');
}

/** Strict: canonical decimal, 32-byte root, no empty lines; throws NoteError with the reason. */
export function parseCheckpoint(text: string): Checkpoint {
  const fail = (why: string): NoteError => new NoteError(`malformed checkpoint: ${why}`);
  if (!text.endsWith('\n')) throw fail('the text must end with a newline');
  if (/[\u0000-\u0009\u000b-\u001f]|\p{Cs}/u.test(text)) throw fail('control characters or invalid UTF-8 (only "\\n" is allowed)');
  const lines = text.slice(0, -1).split('\n');
  const [origin, size, root, ...extensions] = lines;
  if (origin === undefined || size === undefined || root === undefined) throw fail(`${lines.length} lines; want origin, tree size and root hash`);
  if (origin === '') throw fail('line 1: the origin is empty');
  return { origin, size: parseSize(size, fail), root: parseRoot(root, fail), extensions: parseExtensions(extensions, fail) };
}

function parseSize(text: string, fail: (why: string) => NoteError): number {
  if (!/^(0|[1-9][0-9]*)$/.test(text)) {
    const why = /^0[0-9]+$/.test(text) ? 'has leading zeros' : 'is not a decimal number';
    throw fail(`line 2: tree size "${text}" ${why}; write it in canonical decimal`);
  }
  const size = Number(text);
  if (!Number.isSafeInteger(size)) throw fail(`line 2: tree size ${text} is larger than ${Number.MAX_SAFE_INTEGER}`);
  return size;
}

function parseRoot(text: string, fail: (why: string) => NoteError): Hash {
  const root = decodeBase64(text);
  if (!root) throw fail(`line 3: root hash "${text}" is not canonical standard base64`);
  if (root.length !== HASH_SIZE) throw fail(`line 3: root hash is ${root.length} bytes, not ${HASH_SIZE}`);
  return root;
}

function parseExtensions(lines: string[], fail: (why: string) => NoteError): string[] {
  const empty = lines.indexOf('');
  if (empty >= 0) throw fail(`line ${empty + 4}: extension lines must be non-empty`);
  return lines;
}

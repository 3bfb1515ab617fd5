/**
 * The anchor of a verification: the checkpoint (C2SP tlog-checkpoint in a C2SP signed note,
 * https://c2sp.org/tlog-checkpoint) and the keys that must have signed it. Keys given by the
 * person verifying prove the archive is the log they meant; the archive's own log.vkey proves
 * only that the archive is consistent with itself.
 */
import { parseCheckpoint, type Checkpoint } from '../ledger/checkpoint.js';
import { openNote, parseVerifierKey, type Verifier } from '../ledger/note.js';
import type { ArchiveReader } from './reader.js';
import { SourceError } from './reader.js';

/** Notes are small; anything larger is not a checkpoint (at most 100 signature lines). */
const MAX_NOTE_BYTES = 1024 * 1024;
const MAX_VKEY_BYTES = 4096;

export interface Keys {
  verifiers: Verifier[];
  source: 'given' | 'published';
}

export interface Trusted {
  checkpoint: Checkpoint;
  /** "<name>+<key id>" of each trusted key whose signature verified */
  keyNames: string[];
}

/** A checkpoint or key that cannot be trusted: which file, and why. */
export class Untrusted extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(reason);
    this.name = 'Untrusted';
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export async function loadKeys(reader: ArchiveReader, given: string[] | undefined): Promise<Keys> {
  if (given !== undefined && given.length > 0) {
    return { verifiers: given.map(parseGivenKey), source: 'given' };
  }
  const bytes = await reader.read('log.vkey', MAX_VKEY_BYTES);
  if (bytes === null) throw new Untrusted('log.vkey', 'missing: no key was given and the archive publishes none; pass the log’s verifier key');
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new Untrusted('log.vkey', 'not UTF-8 text');
  }
  // One line: the key, then a newline (tolerated missing on the last line, nothing else).
  const line = text.endsWith('\n') ? text.slice(0, -1) : text;
  try {
    return { verifiers: [parseVerifierKey(line)], source: 'published' };
  } catch (err) {
    throw new Untrusted('log.vkey', `not a verifier key: ${(err as Error).message}`);
  }
}

function parseGivenKey(k: string): Verifier {
  try {
    return parseVerifierKey(k);
  } catch (err) {
    throw new SourceError(`key ${k}: ${(err as Error).message}`);
  }
}

export async function readCheckpoint(reader: ArchiveReader): Promise<Uint8Array> {
  const bytes = await reader.read('checkpoint', MAX_NOTE_BYTES);
  if (bytes === null) {
    throw new SourceError(
      `${reader.source}: no checkpoint here, so it is not a Daylight archive; give the directory or URL that holds checkpoint, log.vkey and tile/`,
    );
  }
  if (bytes.length > MAX_NOTE_BYTES) throw new Untrusted('checkpoint', 'larger than 1 MiB: not a checkpoint');
  // A web server answering every path with a page is the commonest wrong URL.
  if (/^\s*</.test(Buffer.from(bytes.subarray(0, 64)).toString('latin1'))) {
    throw new SourceError(`${reader.source}: its checkpoint is a web page, so this is not an archive's URL; give the URL that serves checkpoint, log.vkey and tile/`);
  }
  return bytes;
}

/** Opens the signed note and parses its body; throws Untrusted naming `file`. */
export function trustCheckpoint(note: string | Uint8Array, keys: Keys, file = 'checkpoint'): Trusted {
  let opened;
  try {
    opened = openNote(note, keys.verifiers);
  } catch (err) {
    const why = (err as Error).message;
    if (keys.source === 'published') {
      throw new Untrusted(file, `${why} (checked with the key in the archive’s own log.vkey)`);
    }
    throw new Untrusted(file, why);
  }
  try {
    return { checkpoint: parseCheckpoint(opened.text), keyNames: opened.verified.map(keyName) };
  } catch (err) {
    throw new Untrusted(file, `signed, but not a checkpoint: ${(err as Error).message}`);
  }
}

function keyName(s: { name: string; keyId: number }): string {
  return `${s.name}+${s.keyId.toString(16).padStart(8, '0')}`;
}

/**
 * What a party signs (issue 3 §7). A covenant's bytes are its RFC 8785 canonical JSON (ledger/jcs.ts):
 * independent of key order, whitespace and file format, so a YAML file and its JSON twin hash alike.
 * The signed text is a C2SP signed-note body (https://c2sp.org/signed-note) committing to the
 * alliance, the version number and SHA-256 of those bytes:
 *
 *   daylight covenant v1
 *   alliance <slug>
 *   version <n>
 *   sha256 <64 lowercase hex>
 *
 * (four lines, each ending in "\n"). Any Ed25519 signed-note tool can sign it; parseSignatureText
 * accepts exactly that form and nothing else, so one covenant version has exactly one text.
 */
import { hash } from 'node:crypto';
import { canonicalBytes } from '../../ledger/jcs.js';
import { ID_PATTERN, type Covenant } from './schema.js';

export function covenantBytes(c: Covenant): Uint8Array {
  return canonicalBytes(c);
}

/** Hex SHA-256 of covenantBytes(c). */
export function covenantHash(c: Covenant): string {
  return hash('sha256', covenantBytes(c), 'hex');
}

export interface SignatureSubject {
  /** the alliance's slug */
  alliance: string;
  /** the covenant version number, 1, 2, … */
  version: number;
  /** hex SHA-256 of the covenant's canonical bytes */
  sha256: string;
}

export const SIGNATURE_HEADER = 'daylight covenant v1';
const HEX64 = /^[0-9a-f]{64}$/;
const VERSION = /^[1-9][0-9]{0,15}$/;

/** A malformed signature text: the message is one line saying what is wrong. */
export class SignatureTextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignatureTextError';
  }
}

/** The note text a party signs. Throws SignatureTextError for a subject that could not be parsed back. */
export function signatureText(s: SignatureSubject): string {
  checkSubject(s);
  return `${SIGNATURE_HEADER}\nalliance ${s.alliance}\nversion ${s.version}\nsha256 ${s.sha256}\n`;
}

function checkSubject(s: SignatureSubject): void {
  if (!ID_PATTERN.test(s.alliance)) throw new SignatureTextError(`alliance '${s.alliance}' is not a slug (lowercase letters, digits, hyphens)`);
  if (!Number.isSafeInteger(s.version) || s.version < 1) throw new SignatureTextError(`version ${s.version} is not a whole number from 1`);
  if (!HEX64.test(s.sha256)) throw new SignatureTextError('sha256 must be 64 lowercase hexadecimal digits');
}

/** Strict inverse of signatureText: same four lines, same order, single spaces, final newline. */
export function parseSignatureText(text: string): SignatureSubject {
  if (!text.endsWith('\n')) throw new SignatureTextError('signature text must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length !== 4) throw new SignatureTextError(`signature text has ${lines.length} lines; expected 4 (header, alliance, version, sha256)`);
  const [header, alliance, version, sha] = lines as [string, string, string, string];
  if (header !== SIGNATURE_HEADER) throw new SignatureTextError(`line 1 must be '${SIGNATURE_HEADER}'`);
  const a = field(alliance, 'alliance', 2);
  if (!ID_PATTERN.test(a)) throw new SignatureTextError('line 2: alliance must be a slug (lowercase letters, digits, hyphens)');
  const v = field(version, 'version', 3);
  if (!VERSION.test(v) || !Number.isSafeInteger(Number(v))) throw new SignatureTextError('line 3: version must be a whole number from 1, without leading zeros');
  const h = field(sha, 'sha256', 4);
  if (!HEX64.test(h)) throw new SignatureTextError('line 4: sha256 must be 64 lowercase hexadecimal digits');
  return { alliance: a, version: Number(v), sha256: h };
}

function field(line: string, name: string, n: number): string {
  const prefix = `${name} `;
  if (!line.startsWith(prefix)) throw new SignatureTextError(`line ${n} must start with '${prefix}'`);
  return line.slice(prefix.length);
}

/**
 * Rituals of renewal (issue 3 §8; the essay: "At regular intervals, publicly restate your
 * covenant. Invite grassroots voices to testify…"). Pure: time is an argument.
 *
 * Cadence. The n-th renewal of a ratified version is due at ratifiedAt + n × cadence, computed
 * from the ratification each time (never by adding to the previous due date, so months do not
 * drift shorter after a 31st):
 *   moons   n × every × 29.530588853 days, the mean synodic month at epoch J2000.0 — an
 *           approximation: a true new moon falls up to about 14 hours either side of the mean
 *           one; issue 4 brings true astronomical new moons and should replace this.
 *   months  calendar months in UTC, the day clamped to the month's length (Jan 31 + 1 → Feb 28/29)
 *   years   12 × every calendar months, likewise (Feb 29 + 1 year → Feb 28)
 * A renewal lapses when it is not complete by dueAt + GRACE_DAYS (30 days: long enough for a
 * party to gather an assembly and sign, short enough that "renewed" still means something).
 *
 * Renewal signature text: the covenant's signature text with its own header and a renewal line,
 * so a ratification signature can never be replayed as a re-signature and re-signatures of
 * different renewals differ:
 *
 *   daylight covenant renewal v1
 *   alliance <slug>
 *   version <n>
 *   renewal <k>
 *   sha256 <64 lowercase hex>
 */
import { ID_PATTERN } from './covenant/schema.js';

export type RenewalUnit = 'moons' | 'months' | 'years';
export interface Cadence {
  every: number;
  unit: RenewalUnit;
}

export const SYNODIC_MONTH_DAYS = 29.530588853;
export const GRACE_DAYS = 30;
const DAY_MS = 86_400_000;

/** The instant `months` calendar months after `from`, in UTC, the day clamped to the month's end. */
export function addMonths(from: Date, months: number): Date {
  const y = from.getUTCFullYear();
  const m = from.getUTCMonth() + months;
  const target = new Date(Date.UTC(y, m, 1, from.getUTCHours(), from.getUTCMinutes(), from.getUTCSeconds(), from.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(from.getUTCDate(), lastDay));
  return target;
}

/** When renewal n (1, 2, …) of a version ratified at `ratifiedAt` is due. */
export function renewalDueAt(ratifiedAt: Date, cadence: Cadence, n: number): Date {
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`renewal number ${n} is not a whole number from 1`);
  if (!Number.isSafeInteger(cadence.every) || cadence.every < 1) throw new Error(`cadence every ${cadence.every} is not a whole number from 1`);
  const k = n * cadence.every;
  switch (cadence.unit) {
    case 'moons':
      return new Date(ratifiedAt.getTime() + Math.round(k * SYNODIC_MONTH_DAYS * DAY_MS));
    case 'months':
      return addMonths(ratifiedAt, k);
    case 'years':
      return addMonths(ratifiedAt, 12 * k);
  }
}

/** dueAt + GRACE_DAYS. */
export function renewalLapsesAt(dueAt: Date): Date {
  return new Date(dueAt.getTime() + GRACE_DAYS * DAY_MS);
}

/** What the scheduler knows about one alliance's ratified covenant. */
export interface RenewalState {
  alliance: string;
  version: number;
  ratifiedAt: Date;
  cadence: Cadence;
  /** the latest renewal of this version, if any */
  latest: { number: number; status: 'open' | 'published' | 'lapsed' | 'superseded'; lapsesAt: Date } | null;
}

export interface DueRenewal {
  alliance: string;
  version: number;
  number: number;
  dueAt: Date;
  lapsesAt: Date;
}

/**
 * The renewals to open at `now`: for each covenant, the next one once its due time has come,
 * unless one is still open or the covenant has lapsed. One at a time: a renewal opens only after
 * the previous one was published.
 */
export function renewalsDue(now: Date, states: readonly RenewalState[]): DueRenewal[] {
  const out: DueRenewal[] = [];
  for (const s of states) {
    if (s.latest !== null && s.latest.status !== 'published') continue;
    const number = (s.latest?.number ?? 0) + 1;
    const dueAt = renewalDueAt(s.ratifiedAt, s.cadence, number);
    if (dueAt.getTime() <= now.getTime()) out.push({ alliance: s.alliance, version: s.version, number, dueAt, lapsesAt: renewalLapsesAt(dueAt) });
  }
  return out;
}

/** The open renewals that have lapsed at `now` (lapsesAt reached without every re-signature). */
export function renewalsLapsed<T extends { status: string; lapsesAt: Date }>(now: Date, open: readonly T[]): T[] {
  return open.filter((r) => r.status === 'open' && r.lapsesAt.getTime() <= now.getTime());
}

// ---------------------------------------------------------------- the re-signature text

export const RENEWAL_SIGNATURE_HEADER = 'daylight covenant renewal v1';

export interface RenewalSubject {
  alliance: string;
  version: number;
  renewal: number;
  sha256: string;
}

/** A malformed renewal signature text: one line saying what is wrong. */
export class RenewalTextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RenewalTextError';
  }
}

const HEX64 = /^[0-9a-f]{64}$/;
const WHOLE = /^[1-9][0-9]{0,15}$/;

export function renewalSignatureText(s: RenewalSubject): string {
  if (!ID_PATTERN.test(s.alliance)) throw new RenewalTextError(`alliance '${s.alliance}' is not a slug`);
  for (const [k, v] of [['version', s.version], ['renewal', s.renewal]] as const) {
    if (!Number.isSafeInteger(v) || v < 1) throw new RenewalTextError(`${k} ${v} is not a whole number from 1`);
  }
  if (!HEX64.test(s.sha256)) throw new RenewalTextError('sha256 must be 64 lowercase hexadecimal digits');
  return `${RENEWAL_SIGNATURE_HEADER}\nalliance ${s.alliance}\nversion ${s.version}\nrenewal ${s.renewal}\nsha256 ${s.sha256}\n`;
}

/** Strict inverse of renewalSignatureText: the same five lines and nothing else. */
export function parseRenewalSignatureText(text: string): RenewalSubject {
  if (!text.endsWith('\n')) throw new RenewalTextError('renewal signature text must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length !== 5) throw new RenewalTextError(`renewal signature text has ${lines.length} lines; expected 5 (header, alliance, version, renewal, sha256)`);
  const [header, a, v, r, h] = lines as [string, string, string, string, string];
  if (header !== RENEWAL_SIGNATURE_HEADER) throw new RenewalTextError(`line 1 must be '${RENEWAL_SIGNATURE_HEADER}'`);
  const alliance = field(a, 'alliance', 2);
  if (!ID_PATTERN.test(alliance)) throw new RenewalTextError('line 2: alliance must be a slug (lowercase letters, digits, hyphens)');
  const version = field(v, 'version', 3);
  const renewal = field(r, 'renewal', 4);
  for (const [n, x] of [[3, version], [4, renewal]] as const) {
    if (!WHOLE.test(x) || !Number.isSafeInteger(Number(x))) throw new RenewalTextError(`line ${n}: a whole number from 1, without leading zeros`);
  }
  const sha256 = field(h, 'sha256', 5);
  if (!HEX64.test(sha256)) throw new RenewalTextError('line 5: sha256 must be 64 lowercase hexadecimal digits');
  return { alliance, version: Number(version), renewal: Number(renewal), sha256 };
}

function field(line: string, name: string, n: number): string {
  const prefix = `${name} `;
  if (!line.startsWith(prefix)) throw new RenewalTextError(`line ${n} must start with '${prefix}'`);
  return line.slice(prefix.length);
}

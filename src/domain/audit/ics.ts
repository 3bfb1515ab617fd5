/**
 * iCalendar (RFC 5545) feed of audit cycles and extra events (due dates, feedback windows).
 * Written here rather than with ical-generator: the subset needed is small, and every byte must
 * be a pure function of the arguments (DTSTAMP included) so a feed can be archived and compared.
 *
 *   §3.1    lines end CRLF; a line longer than 75 octets is folded: CRLF then one space, never
 *           splitting a UTF-8 sequence
 *   §3.3.11 TEXT escapes: \ → \\, ; → \;, , → \,, newline → \n
 *   §3.3.5  DATE-TIME in UTC: 20240111T115700Z
 *   §3.8.4.7 UID: stable, "<rhythm>-<n>@<uidDomain>" for a cycle, the caller's uid for an event
 *   RFC 7986 §5.1 NAME, with X-WR-CALNAME for clients that only know that
 *
 * Test: test/domain/audit/ics.test.ts (folding, escaping, determinism, parse-back).
 */
import { AuditInputError } from './errors.js';
import { cycleLabel, type Cycle, type Rhythm } from './cycles.js';

/** An extra event: a scorecard due date, a feedback window. `end` defaults to `start`. */
export interface IcsEvent {
  uid: string;
  start: string;
  end?: string;
  summary: string;
  description?: string;
  url?: string;
}

export interface IcsOptions {
  /** Calendar name, e.g. "Alliance of the Rivers: audits". */
  name: string;
  /** Right-hand side of every cycle UID, e.g. "daylight.example.org". */
  uidDomain: string;
  /** DTSTAMP of every event (ISO instant): fixed by the caller so the feed is reproducible. */
  stamp: string;
  rhythm: Rhythm;
  events?: readonly IcsEvent[];
}

const MAX_OCTETS = 75;
const UID_DOMAIN = /^[A-Za-z0-9.-]{1,253}$/;

export function ics(cycles: readonly Cycle[], options: IcsOptions): string {
  if (!UID_DOMAIN.test(options.uidDomain)) {
    throw new AuditInputError(`uidDomain "${options.uidDomain}" must be a host name such as daylight.example.org`);
  }
  const stamp = utc(options.stamp, 'stamp');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Daylight//Audit cycles//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `NAME:${text(options.name)}`,
    `X-WR-CALNAME:${text(options.name)}`,
  ];
  for (const c of cycles) lines.push(...cycleEvent(c, options, stamp));
  for (const e of options.events ?? []) lines.push(...extraEvent(e, stamp));
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}

function cycleEvent(c: Cycle, o: IcsOptions, stamp: string): string[] {
  const label = cycleLabel(o.rhythm, c.n);
  const what = o.rhythm === 'lunar' ? 'Lunar audit' : 'Quarterly audit';
  return vevent({
    uid: `${o.rhythm}-${c.n}@${o.uidDomain}`,
    stamp,
    start: utc(c.start, 'cycle start'),
    end: utc(c.end, 'cycle end'),
    summary: `${what}: ${label}`,
  });
}

function extraEvent(e: IcsEvent, stamp: string): string[] {
  if (e.uid.trim() === '' || /[\r\n]/.test(e.uid)) throw new AuditInputError('event uid must be one non-empty line');
  return vevent({
    uid: e.uid,
    stamp,
    start: utc(e.start, `event ${e.uid} start`),
    end: utc(e.end ?? e.start, `event ${e.uid} end`),
    summary: e.summary,
    description: e.description,
    url: e.url,
  });
}

function vevent(v: { uid: string; stamp: string; start: string; end: string; summary: string; description?: string; url?: string }): string[] {
  const out = ['BEGIN:VEVENT', `UID:${text(v.uid)}`, `DTSTAMP:${v.stamp}`, `DTSTART:${v.start}`, `DTEND:${v.end}`, `SUMMARY:${text(v.summary)}`];
  if (v.description !== undefined) out.push(`DESCRIPTION:${text(v.description)}`);
  // URL is a URI value (§3.8.4.6), not TEXT: no escaping, but no line breaks either.
  if (v.url !== undefined) {
    if (/[\s]/.test(v.url)) throw new AuditInputError(`event url "${v.url}" must not contain spaces or line breaks`);
    out.push(`URL:${v.url}`);
  }
  out.push('END:VEVENT');
  return out;
}

/** RFC 5545 §3.3.11 TEXT escaping; CR LF, CR and LF all become \n. */
export function text(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** RFC 5545 §3.1 folding: at most 75 octets a line, continuation lines start with one space. */
export function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= MAX_OCTETS) return line;
  const parts: string[] = [];
  let start = 0;
  let limit = MAX_OCTETS;
  while (start < bytes.length) {
    let end = Math.min(start + limit, bytes.length);
    // back off so a multi-octet UTF-8 character stays whole (continuation octets are 10xxxxxx)
    while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end--;
    parts.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
    limit = MAX_OCTETS - 1; // the leading space counts
  }
  return parts.join('\r\n ');
}

/** An ISO instant as an RFC 5545 UTC DATE-TIME (seconds; milliseconds are dropped). */
function utc(value: string, what: string): string {
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(ms)) {
    throw new AuditInputError(`${what}: "${value}" is not an ISO instant such as 2024-01-11T11:57:00Z`);
  }
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Open data (issue 6 §8): everything public as one download, JSON and CSV in a ZIP, served at
 * the stable URL /open-data/daylight-open-data.zip and written at the same path by the static
 * export.
 *
 * Built from the public log alone — the records up to the latest signed checkpoint and the
 * archive documents they name — never from the instance's tables, so privacy is structural:
 * what domain/public.ts kept out of a record (real names, contacts, evidence, undisclosed
 * sources) cannot be here either. Each record becomes one row of its kind, with its log index,
 * so every row can be checked against the archive (daylight verify, then the entry bundle).
 *
 * Feedback is the one kind read further: its text is in the document the record names. Only
 * answers still visible are included — not hidden by a feedback-hidden record, not redacted.
 *
 * Layout of the ZIP:
 *   README.txt                   what this is and how to check it
 *   checkpoint                   the signed checkpoint the data was cut at
 *   json/<kind>.json             an array of rows: {index, type, at, ...record fields}
 *   csv/<kind>.csv               the same rows, RFC 4180, UTF-8, CRLF, a header row; nested
 *                                values (lists, objects) as JSON text in their cell; a text a
 *                                spreadsheet would run as a formula with an apostrophe first
 */
import type { Ctx } from '../services/context.js';
import { latestCheckpointRow } from '../services/unit-of-work.js';
import { readEntries } from '../store/log.js';
import { writeZip, type ZipMember } from './zip.js';

export const OPEN_DATA_PATH = 'open-data/daylight-open-data.zip';

/** Every kind, in the order of the ZIP, and the record types it holds. */
export const OPEN_DATA_KINDS: readonly { kind: string; types: readonly string[] }[] = [
  { kind: 'organizations', types: ['organization'] },
  { kind: 'alliances', types: ['alliance'] },
  { kind: 'covenant-versions', types: ['covenant.draft', 'covenant.proposed', 'covenant.ratified', 'covenant.superseded'] },
  { kind: 'signatures', types: ['covenant.signature', 'renewal.signature'] },
  { kind: 'renewals', types: ['renewal.opened', 'renewal.published', 'renewal.lapsed'] },
  { kind: 'draws', types: ['draw-announced'] },
  { kind: 'triads', types: ['triad'] },
  { kind: 'cycles', types: ['cycle'] },
  { kind: 'scorecards', types: ['scorecard'] },
  { kind: 'feedback', types: ['feedback'] },
  { kind: 'feedback-hidden', types: ['feedback-hidden'] },
  { kind: 'observations', types: ['observation'] },
  { kind: 'standing-transitions', types: ['standing'] },
  { kind: 'proposals', types: ['decision'] },
  { kind: 'votes', types: ['vote'] },
  { kind: 'support-commitments', types: ['commitment'] },
  { kind: 'support-transactions', types: ['transaction'] },
  { kind: 'local-actions', types: ['local-action'] },
  { kind: 'lessons', types: ['lesson'] },
  { kind: 'statements', types: ['statement'] },
  { kind: 'redactions', types: ['redaction'] },
  { kind: 'other', types: [] },
];

type Row = Record<string, unknown>;

export interface OpenData {
  /** the checkpoint's tree size the data was cut at */
  size: number;
  zip: Buffer;
}

/** Reads entries in slices so a large log is never held twice. */
const SLICE = 4096;

/**
 * The open-data ZIP at a signed checkpoint (`at`: the export's; default the latest); null before
 * the first checkpoint.
 */
export async function buildOpenData(ctx: Ctx, at?: { size: number; note: string }): Promise<OpenData | null> {
  const latest = at ?? (await latestCheckpointRow(ctx));
  if (latest === undefined) return null;
  const size = latest.size;
  const kindOf = new Map<string, string>();
  for (const k of OPEN_DATA_KINDS) for (const t of k.types) kindOf.set(t, k.kind);
  const rows = new Map<string, Row[]>(OPEN_DATA_KINDS.map((k) => [k.kind, []]));
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lastAt = '1980-01-01T00:00:00.000Z';
  for (let start = 0; start < size; start += SLICE) {
    const entries = await readEntries(ctx.db, start, Math.min(size, start + SLICE));
    entries.forEach((bytes, k) => {
      const record = JSON.parse(decoder.decode(bytes)) as Row;
      const type = String(record.type);
      const { type: _type, at, ...fields } = record;
      if (typeof at === 'string' && at > lastAt) lastAt = at;
      rows.get(kindOf.get(type) ?? 'other')!.push({ index: start + k, type, at, ...fields });
    });
  }
  rows.set('feedback', await visibleFeedback(ctx, rows.get('feedback')!, rows.get('feedback-hidden')!));

  const members: ZipMember[] = [
    { name: 'README.txt', data: Buffer.from(readme(size), 'utf8') },
    { name: 'checkpoint', data: Buffer.from(latest.note, 'utf8') },
  ];
  for (const { kind } of OPEN_DATA_KINDS) {
    const list = rows.get(kind)!;
    members.push({ name: `json/${kind}.json`, data: Buffer.from(JSON.stringify(list, null, 1) + '\n', 'utf8') });
  }
  for (const { kind } of OPEN_DATA_KINDS) members.push({ name: `csv/${kind}.csv`, data: Buffer.from(toCsv(rows.get(kind)!), 'utf8') });
  return { size, zip: writeZip(members, new Date(lastAt)) };
}

/**
 * Feedback answers still visible, each with the pseudonym and text of its document. An answer
 * a moderator hid, or whose document was redacted, is left out whole.
 */
async function visibleFeedback(ctx: Ctx, feedback: Row[], hidden: Row[]): Promise<Row[]> {
  const key = (r: Row) => `${String(r.alliance)}\u0000${String(r.feedback)}`;
  const hiddenKeys = new Set(hidden.map(key));
  const out: Row[] = [];
  for (const r of feedback) {
    if (hiddenKeys.has(key(r))) continue;
    const doc = Array.isArray(r.documents) ? (r.documents[0] as Row | undefined) : undefined;
    const sha256 = typeof doc?.sha256 === 'string' ? doc.sha256 : null;
    const body = sha256 === null ? null : await documentBody(ctx, sha256);
    if (body === null) continue;
    let answer: Row;
    try {
      answer = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body)) as Row;
    } catch {
      continue; // not a feedback document: nothing to show
    }
    out.push({ ...r, pseudonym: answer.pseudonym ?? null, text: answer.text ?? null });
  }
  return out;
}

async function documentBody(ctx: Ctx, sha256: string): Promise<Uint8Array | null> {
  const row = await ctx.db.selectFrom('document').select(['body', 'redacted_at']).where('sha256', '=', sha256).executeTakeFirst();
  return row === undefined || row.redacted_at !== null || row.body === null ? null : row.body;
}

/** Columns: index, type, at, then every other field in order of first appearance. */
export function toCsv(rows: readonly Row[]): string {
  const columns = ['index', 'type', 'at'];
  const seen = new Set(columns);
  for (const r of rows) {
    for (const k of Object.keys(r)) {
      if (!seen.has(k)) {
        seen.add(k);
        columns.push(k);
      }
    }
  }
  const lines = [columns.map(csvField).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvField(cell(r[c]))).join(','));
  return lines.map((l) => `${l}\r\n`).join('');
}

/**
 * A text that a spreadsheet would take for a formula: one that begins with =, +, -, @, a tab or a
 * carriage return (OWASP, "CSV Injection"). Anyone may answer a scorecard, so such a text can come
 * from anyone, and organizers open these files in spreadsheets.
 */
const FORMULA = /^[=+\-@\t\r]/;

/** A CSV cell: a text a spreadsheet would run gets an apostrophe first, shown as text; JSON keeps it exact. */
function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return FORMULA.test(v) ? `'${v}` : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** RFC 4180 §2: quoted when it holds a comma, a quote or a line break; quotes doubled. */
function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function readme(size: number): string {
  return [
    'Daylight open data',
    '',
    `Every public record of this instance's archive up to its signed checkpoint (tree size ${size}),`,
    'one file per kind, as JSON (json/) and as CSV (csv/: RFC 4180, UTF-8, a header row; lists',
    'and objects are JSON text inside their cell; a text that begins with = + - @ or a tab has an',
    "apostrophe put first, so no spreadsheet runs it as a formula: json/ holds it exact). Each row",
    'carries its log index: the record is',
    'entry <index> of the archive, whose checkpoint is in this ZIP. To check a row, verify the',
    'archive (daylight verify <archive URL> --key <verifier key>) and read the entry bundle',
    'tile/entries/<index div 256> there.',
    '',
    'Nothing private is here: real names, contacts, evidence and undisclosed sources of money',
    'never enter a record. Feedback lists the answers still visible, with their text.',
    '',
  ].join('\n');
}

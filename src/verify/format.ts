/** The verification report as people read it in a terminal, and a progress line for a TTY. */
import type { VerifyReport } from './verify.js';

const PUBLISHED_WARNING =
  'the key came from the archive itself (log.vkey): this proves only that the archive is consistent with itself, ' +
  'not that it is the log you meant; pass --key with the log’s key obtained elsewhere to prove that';

export function formatReport(r: VerifyReport): string {
  const lines: string[] = [`Archive     ${r.source}`];
  if (r.checkpoint) {
    lines.push(`Checkpoint  ${r.checkpoint.origin}, size ${r.checkpoint.size}`, `Root        ${r.checkpoint.root}`);
  }
  lines.push(...keyLines(r));
  if (r.consistentWith) {
    lines.push(`Extends     the older checkpoint of size ${r.consistentWith.size} (root ${r.consistentWith.root})`);
  }
  if (r.checkpoint) {
    lines.push(`Entries     ${r.entries} checked`, `Documents   ${r.documents.checked} checked, ${r.documents.redacted} redacted`);
  }
  for (const d of r.redacted) lines.push(`Redacted    ${d.sha256} (${d.reason}), by entry ${d.index}`);
  for (const p of r.problems) lines.push(`FAIL ${p.file}: ${p.reason}`);
  lines.push(r.ok ? 'OK          everything verifies' : `FAILED      ${count(r.problems.length, 'problem')}`);
  return lines.join('\n') + '\n';
}

function keyLines(r: VerifyReport): string[] {
  if (!r.keySource) return [];
  const names = r.keyNames.length > 0 ? r.keyNames.join(', ') : '(no trusted signature)';
  if (r.keySource === 'given') return [`Signed by   ${names} (key given)`];
  return [`Signed by   ${names} (key published by the archive in log.vkey)`, `Note        ${PUBLISHED_WARNING}`];
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

const BAR = 30;

/** One terminal line, rewritten in place: "\r[#####·····]  45%  31500/70000 entries". */
export function progressBar(done: number, total: number): string {
  const frac = total <= 0 ? 1 : Math.min(1, Math.max(0, done / total));
  const filled = Math.round(frac * BAR);
  const pct = String(Math.floor(frac * 100)).padStart(3);
  return `\r[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ${pct}%  ${done}/${total} entries`;
}

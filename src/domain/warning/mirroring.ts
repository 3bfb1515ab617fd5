/**
 * Local mirroring (issue 5 §5; the essay: "Mirror risk locally… If you support a strike abroad,
 * examine labor conditions in your own city"). Per party and audit cycle:
 *
 *   local    the party's direct actions at home with start ≤ at < end of the cycle
 *   abroad   the party's support commitments to another party active in the cycle:
 *            start < cycle end and (no end, or end > cycle start)
 *   ratio    local / abroad as a decimal ("0.5"; rounded to 2 places when it has more, "0.33"),
 *            null when there is no commitment abroad
 *   reminder abroad > 0 and local = 0: the party supports abroad and does nothing at home
 *
 * A commitment is { id, from, to, start, end? } between two different parties; a local action
 * is { party, at, mirrors? } where `mirrors` names one of that party's own commitments.
 */
import type { Cycle } from '../audit/index.js';
import { WarningInputError } from './errors.js';
import { decimalText, rational } from './rational.js';
import { prepareCycles, type CycleSpan } from './thresholds.js';
import { instantMs } from './time.js';

export interface Commitment {
  id: string;
  from: string;
  to: string;
  start: string;
  end?: string | null;
}

export interface LocalAction {
  party: string;
  at: string;
  /** the id of the commitment abroad it mirrors, if it names one */
  mirrors?: string | null;
}

export interface MirroringInput {
  parties: readonly string[];
  commitments: readonly Commitment[];
  actions: readonly LocalAction[];
  cycles: readonly Cycle[];
}

export interface MirroringRow {
  party: string;
  cycle: number;
  local: number;
  abroad: number;
  ratio: string | null;
  reminder: boolean;
  /** one English line when there is a reminder */
  explanation: string | null;
}

interface Span {
  from: string;
  startMs: number;
  endMs: number;
}

/** One row per party and cycle, parties in the order given, cycles in order. */
export function localMirroring(input: MirroringInput): MirroringRow[] {
  const cycles = prepareCycles(input.cycles).list;
  const parties = [...input.parties];
  const commitments = checkCommitments(input.commitments, parties);
  const actions = checkActions(input.actions, parties, input.commitments);
  return parties.flatMap((party) => cycles.map((c) => row(party, c, commitments, actions)));
}

function row(party: string, c: CycleSpan, commitments: Span[], actions: { party: string; ms: number }[]): MirroringRow {
  const abroad = commitments.filter((x) => x.from === party && x.startMs < c.endMs && x.endMs > c.startMs).length;
  const local = actions.filter((a) => a.party === party && a.ms >= c.startMs && a.ms < c.endMs).length;
  const reminder = abroad > 0 && local === 0;
  return {
    party,
    cycle: c.n,
    local,
    abroad,
    ratio: abroad === 0 ? null : decimalText(rational(BigInt(local), BigInt(abroad)), 2, 2).text,
    reminder,
    explanation: reminder
      ? `${party} supports abroad (${abroad} commitment${abroad === 1 ? '' : 's'}) and recorded no direct action at home in cycle ${c.n}`
      : null,
  };
}

function checkCommitments(list: readonly Commitment[], parties: string[]): Span[] {
  const ids = new Set<string>();
  return list.map((x, i) => {
    const what = `commitment ${i + 1}${typeof x?.id === 'string' ? ` (${x.id})` : ''}`;
    if (typeof x !== 'object' || x === null || typeof x.id !== 'string') throw new WarningInputError(`${what}: expected { id, from, to, start, end? }`);
    if (ids.has(x.id)) throw new WarningInputError(`${what}: the id is used twice`);
    ids.add(x.id);
    for (const p of [x.from, x.to]) if (!parties.includes(p)) throw new WarningInputError(`${what}: ${String(p)} is not a party`);
    if (x.from === x.to) throw new WarningInputError(`${what}: a commitment from ${x.from} to itself is not support abroad`);
    const startMs = instantMs(x.start, `${what}: start`);
    const endMs = x.end === undefined || x.end === null ? Infinity : instantMs(x.end, `${what}: end`);
    if (!(startMs < endMs)) throw new WarningInputError(`${what}: it must start before it ends`);
    return { from: x.from, startMs, endMs };
  });
}

function checkActions(list: readonly LocalAction[], parties: string[], commitments: readonly Commitment[]): { party: string; ms: number }[] {
  return list.map((a, i) => {
    const what = `local action ${i + 1}`;
    if (typeof a !== 'object' || a === null) throw new WarningInputError(`${what}: expected { party, at, mirrors? }`);
    if (!parties.includes(a.party)) throw new WarningInputError(`${what}: ${String(a.party)} is not a party`);
    if (a.mirrors !== undefined && a.mirrors !== null) {
      const c = commitments.find((x) => x.id === a.mirrors);
      if (c === undefined || c.from !== a.party)
        throw new WarningInputError(`${what}: it mirrors "${String(a.mirrors).slice(0, 63)}", which is not a commitment of ${a.party}`);
    }
    return { party: a.party, ms: instantMs(a.at, `${what}: at`) };
  });
}

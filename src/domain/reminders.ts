/**
 * Reminders, the pure part (issue 4 §6): who owes what, and when, derived from the state of
 * cycles, triads, scorecards, proposed covenant versions and open renewals. No I/O, no clock:
 * `now` is an argument, so the same state and instant always give the same list.
 *
 * What is owed (one item per debtor and thing):
 *   rating     a triad member of the reviewing party who has not rated every dimension of a
 *              draft scorecard; due at the cycle's end
 *   scorecard  a draft scorecard the reviewing party's triad has not finalized; due at the
 *              cycle's end
 *   signature  a party that has not signed a proposed covenant version; no due date (a
 *              proposal waits for every party)
 *   renewal    a party that has not re-signed the open renewal; due at its due date, overdue in
 *              the grace period until it lapses
 *   mirroring  a party that supports abroad and has recorded no direct action at home in the
 *              current audit cycle (issue 5 §5, local mirroring); due at the cycle's end
 * Notice, from the due date D: "owed" before D − DUE_SOON_MS, "due-soon" from then, "overdue"
 * from D. An item without a due date is always "owed". Each notice is delivered once per
 * recipient, so an item is announced when it appears, again when it comes due soon, and once
 * more when it is overdue — never twice the same notice.
 *
 * Recipients (by pseudonym, for the service to look up their PRIVATE contact): a rating goes to
 * the member who owes it; a scorecard to its triad; a signature or a renewal to the party's
 * officeholders, who sign for it; a mirroring reminder to the party's officeholders, who speak for it.
 */

export type DueKind = 'rating' | 'scorecard' | 'signature' | 'renewal' | 'mirroring';
export type Notice = 'owed' | 'due-soon' | 'overdue';

/** Three days before the due date, an item is "due soon". */
export const DUE_SOON_MS = 3 * 86_400_000;

export interface DueItem {
  /** stable across runs: kind and what identifies the debt */
  key: string;
  kind: DueKind;
  alliance: string;
  /** the party that owes (for a rating or a scorecard, the reviewing party) */
  party: string;
  /** the member who owes, for a rating */
  member?: string;
  cycle?: number;
  cycleLabel?: string;
  reviewer?: string;
  reviewee?: string;
  version?: number;
  renewal?: number;
  /** ISO-8601 UTC, or null when there is no deadline */
  dueAt: string | null;
  notice: Notice;
  /** one line, English: what to do */
  what: string;
  /** pseudonyms of the members to remind (party members) */
  recipients: string[];
}

export interface ReminderState {
  cycles: {
    alliance: string;
    n: number;
    label: string;
    end: string;
    dimensions: readonly string[];
    /** draft scorecards only */
    scorecards: {
      reviewer: string;
      reviewee: string;
      triad: readonly string[];
      /** (member, dimension) pairs rated so far */
      rated: readonly { member: string; dimension: string }[];
    }[];
  }[];
  proposals: { alliance: string; version: number; parties: readonly string[]; signed: readonly string[] }[];
  renewals: {
    alliance: string;
    version: number;
    renewal: number;
    dueAt: string;
    lapsesAt: string;
    parties: readonly string[];
    signed: readonly string[];
  }[];
  /** parties that support abroad with no local action in the current cycle (absent: none) */
  mirroring?: { alliance: string; party: string; cycle: number; label: string; end: string; abroad: number }[];
  /** per party slug: its officeholders' pseudonyms */
  officeholders: Readonly<Record<string, readonly string[]>>;
}

export function noticeAt(now: Date, dueAt: string | null): Notice {
  if (dueAt === null) return 'owed';
  const d = Date.parse(dueAt);
  if (now.getTime() >= d) return 'overdue';
  return now.getTime() >= d - DUE_SOON_MS ? 'due-soon' : 'owed';
}

function ratingItems(now: Date, c: ReminderState['cycles'][number]): DueItem[] {
  const out: DueItem[] = [];
  for (const s of c.scorecards) {
    for (const member of s.triad) {
      const done = new Set(s.rated.filter((r) => r.member === member).map((r) => r.dimension));
      const missing = c.dimensions.filter((d) => !done.has(d));
      if (missing.length === 0) continue;
      out.push({
        key: `rating:${c.alliance}:${c.n}:${s.reviewer}:${s.reviewee}:${member}`,
        kind: 'rating',
        alliance: c.alliance,
        party: s.reviewer,
        member,
        cycle: c.n,
        cycleLabel: c.label,
        reviewer: s.reviewer,
        reviewee: s.reviewee,
        dueAt: c.end,
        notice: noticeAt(now, c.end),
        what: `${member}: rate ${s.reviewer}’s scorecard of ${s.reviewee} (${c.alliance}, ${c.label}) on ${missing.join(', ')}`,
        recipients: [member],
      });
    }
  }
  return out;
}

function scorecardItems(now: Date, c: ReminderState['cycles'][number]): DueItem[] {
  return c.scorecards.map((s) => ({
    key: `scorecard:${c.alliance}:${c.n}:${s.reviewer}:${s.reviewee}`,
    kind: 'scorecard' as const,
    alliance: c.alliance,
    party: s.reviewer,
    cycle: c.n,
    cycleLabel: c.label,
    reviewer: s.reviewer,
    reviewee: s.reviewee,
    dueAt: c.end,
    notice: noticeAt(now, c.end),
    what: `${s.reviewer}’s triad: finalize the scorecard of ${s.reviewee} (${c.alliance}, ${c.label})`,
    recipients: [...s.triad],
  }));
}

function signatureItems(state: ReminderState): DueItem[] {
  return state.proposals.flatMap((p) =>
    p.parties
      .filter((party) => !p.signed.includes(party))
      .map((party) => ({
        key: `signature:${p.alliance}:${p.version}:${party}`,
        kind: 'signature' as const,
        alliance: p.alliance,
        party,
        version: p.version,
        dueAt: null,
        notice: 'owed' as const,
        what: `${party}: sign version ${p.version} of the ${p.alliance} covenant, or propose changes`,
        recipients: [...(state.officeholders[party] ?? [])],
      })),
  );
}

function renewalItems(now: Date, state: ReminderState): DueItem[] {
  return state.renewals.flatMap((r) =>
    r.parties
      .filter((party) => !r.signed.includes(party))
      .map((party) => ({
        key: `renewal:${r.alliance}:${r.version}:${r.renewal}:${party}`,
        kind: 'renewal' as const,
        alliance: r.alliance,
        party,
        version: r.version,
        renewal: r.renewal,
        dueAt: r.dueAt,
        notice: noticeAt(now, r.dueAt),
        what: `${party}: re-sign the ${r.alliance} covenant for renewal ${r.renewal} (lapses ${r.lapsesAt})`,
        recipients: [...(state.officeholders[party] ?? [])],
      })),
  );
}

function mirroringItems(now: Date, state: ReminderState): DueItem[] {
  return (state.mirroring ?? []).map((m) => ({
    key: `mirroring:${m.alliance}:${m.cycle}:${m.party}`,
    kind: 'mirroring' as const,
    alliance: m.alliance,
    party: m.party,
    cycle: m.cycle,
    cycleLabel: m.label,
    dueAt: m.end,
    notice: noticeAt(now, m.end),
    what: `${m.party}: record a direct action at home (${m.alliance}, ${m.label}): it supports abroad (${m.abroad} commitment${m.abroad === 1 ? '' : 's'}) and has recorded none at home this cycle`,
    recipients: [...(state.officeholders[m.party] ?? [])],
  }));
}

/**
 * Everything owed at `now`, ordered by due date (none last), then alliance, then key, so the
 * list reads as a to-do list and is the same every time for the same state.
 */
export function deriveDueItems(state: ReminderState, now: Date): DueItem[] {
  const items = [
    ...state.cycles.flatMap((c) => [...ratingItems(now, c), ...scorecardItems(now, c)]),
    ...signatureItems(state),
    ...renewalItems(now, state),
    ...mirroringItems(now, state),
  ];
  return items.sort(
    (a, b) =>
      (a.dueAt ?? '\uffff').localeCompare(b.dueAt ?? '\uffff') || a.alliance.localeCompare(b.alliance) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

/** One delivery of one item's current notice to one target: the key that makes sending idempotent. */
export function deliveryKey(channel: 'email' | 'webhook', target: number, item: Pick<DueItem, 'key' | 'notice'>): string {
  return `${channel}:${target}:${item.key}:${item.notice}`;
}

/** An email reminder: subject and plain-text body, English, naming pseudonyms only. */
export function reminderEmail(item: DueItem, pseudonym: string, instance: string): { subject: string; text: string } {
  const when = item.dueAt === null ? 'no deadline' : item.notice === 'overdue' ? `overdue since ${item.dueAt}` : `due ${item.dueAt}`;
  const tag = item.notice === 'overdue' ? 'Overdue' : item.notice === 'due-soon' ? 'Due soon' : 'Reminder';
  return {
    subject: `[Daylight] ${tag}: ${item.what}`.slice(0, 200),
    text: [
      `Hello ${pseudonym},`,
      '',
      item.what + '.',
      `When: ${when}.`,
      '',
      `This reminder comes from the Daylight instance ${instance}, sent to the contact your`,
      'organization keeps for you. Reply to your organization to change it.',
      '',
    ].join('\n'),
  };
}
